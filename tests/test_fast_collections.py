"""The collections engine's fast paths give what the plain reading gives (issue 15)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings, strategies as st

from debtdesk.collections import ageing
from debtdesk.errors import DebtDeskError


def _ledger(customers, invoices) -> pd.DataFrame:
    n = len(customers)
    return pd.DataFrame({"Customer": customers, "Invoice": invoices, "Invoice Date": ["2024-01-01"] * n,
                         "Due Date": ["2024-01-31"] * n, "Amount": [100.0] * n})


def _first_duplicate(customers, invoices):
    """The plain reading: the first row whose (customer, invoice) came before, and that earlier row (1-based data rows)."""
    seen = {}
    for row, key in enumerate(zip(customers, invoices), 2):
        if key[1] == "":
            continue
        if key in seen:
            return row, seen[key]
        seen[key] = row
    return None


# Invoice numbers that share their first and last eight bytes and their length, but differ inside.
_ALIKE = ["INV-2024-000001-X", "INV-2024-100001-X", "INV-2024-000001-X", "Rechnung Nr. 0001 ä", "Rechnung Nr. 9001 ä"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Acme Ltd", "Brook & Co", "Ça va SARL"]),
                          st.one_of(st.sampled_from(_ALIKE + ["1", "2", "INV-1", "€-7", ""]),
                                    st.text(alphabet="AB1é-", max_size=20))),
                min_size=1, max_size=12))
def test_the_duplicate_check_refuses_exactly_the_repeated_documents(rows):
    customers = [c for c, _ in rows]
    invoices = [i.strip() for _, i in rows]
    expected = _first_duplicate(customers, invoices)
    frame = _ledger(customers, invoices)
    frame.index = range(2, len(frame) + 2)  # data rows as a sheet numbers them
    if expected is None:
        assert ageing(frame, "2024-06-30")["Total"].sum() == 100.0 * len(rows)
    else:
        row, first = expected
        with pytest.raises(DebtDeskError, match=rf"^ledger row {row}: invoice '.*' of '.*' is already on row {first} "):
            ageing(frame, "2024-06-30")


def test_long_invoice_numbers_alike_at_both_ends_are_not_duplicates():
    frame = _ledger(["Acme Ltd"] * 2, ["INV-2024-000001-X", "INV-2024-100001-X"])
    assert ageing(frame, "2024-06-30")["Total"].tolist() == [200.0]
    frame = _ledger(["Acme Ltd"] * 3, ["INV-2024-000001-X", "INV-2024-100001-X", "INV-2024-100001-X"])
    with pytest.raises(DebtDeskError, match=r"row 3: invoice 'INV-2024-100001-X' of 'Acme Ltd' is already on row 2"):
        ageing(frame, "2024-06-30")


# -- the ledger read once per run: earlier days and credit sales from the run's reading -----------------

from datetime import date, timedelta  # noqa: E402

from debtdesk.collections.ageing import ledger_items  # noqa: E402
from debtdesk.collections.kpi import credit_sales  # noqa: E402
from debtdesk.collections.state import LedgerHistory, _item_frame, ledger_as_of, ledger_state  # noqa: E402

_START = date(2024, 1, 1)


@st.composite
def _ledgers_with_payments(draw, customers=("Acme Ltd", "Brook & Co", " Brook & Co"), rows=10):
    """A ledger of 1 to ``rows`` items (text or number invoices, blank ones, currencies, credit notes) owed by
    ``customers``, and dated payments that reconcile."""
    n = draw(st.integers(1, rows))
    rows, payments = [], []
    for i in range(n):
        customer = draw(st.sampled_from(customers))
        invoice = draw(st.sampled_from([f"INV-{i}", float(1000 + i), f" {i} "] + ([""] if i % 3 == 0 else [])))
        issued = _START + timedelta(days=draw(st.integers(0, 150)))
        amount = draw(st.sampled_from([120.0, 99.99, 2.675, -40.0, 1500.5]))
        parts = draw(st.lists(st.tuples(st.integers(0, 200), st.sampled_from([10.0, 0.01, 33.33, 5.0])), max_size=3))
        paid = 0.0
        if amount > 0 and invoice != "":
            for offset, value in parts:
                payments.append([customer.strip(), invoice, issued + timedelta(days=offset), value])
                paid = round(paid + value, 2)
        rows.append([customer, invoice, issued, None if i % 4 == 0 else issued + timedelta(days=30), amount, paid,
                     draw(st.sampled_from(["GBP", None, "EUR"]))])
    ledger = pd.DataFrame(rows, columns=["Customer", "Invoice", "Invoice Date", "Due Date", "Amount", "Paid", "Currency"])
    return ledger, pd.DataFrame(payments, columns=["Customer", "Invoice", "Payment Date", "Amount"])


# Fewer, longer ledgers (up to 20 items, 1-3 days each) than the 120 ledgers of up to 10 items, one day each,
# this test drew before: the run's reading (most of an example's time) is made once for several days.
@settings(max_examples=50, deadline=None)
@given(_ledgers_with_payments(rows=20), st.lists(st.integers(0, 300), min_size=1, max_size=3),
       st.sampled_from([(30, 60, 90), (15,)]))
def test_an_earlier_day_from_the_runs_reading_is_the_ledger_rebuilt_on_that_day(case, offsets, edges):
    ledger, payments = case
    assume(len(payments) > 0)
    histories = [LedgerHistory(ledger, payments, "GBP")]  # read on first use
    try:
        state = ledger_state(ledger, date(2024, 12, 31), payments=payments, currency="GBP", edges=edges)
    except DebtDeskError:
        state = None  # the as-of reading itself is refused
    if state is not None:
        histories.append(state.history)  # the run's reading
        windows = [w for o in offsets for w in ((_START + timedelta(days=o - 31), _START + timedelta(days=o)),
                                                 (_START - timedelta(days=1), _START + timedelta(days=o)))]
        for currency in ("GBP", "EUR", ""):  # every day's two windows at once
            assert state.credit_sales(windows, currency) == credit_sales(ledger, windows, currency)
    for day in (_START + timedelta(days=offset) for offset in offsets):
        try:
            plain = ledger_items(ledger_as_of(ledger, payments, day), day, edges, "due", "GBP")
        except DebtDeskError as error:
            for history in histories:
                with pytest.raises(DebtDeskError) as raised:
                    history.items(day, edges)
                assert str(raised.value) == str(error)
            continue
        expected = _item_frame(plain, edges)[["Customer", "Currency", "Invoice", "Cents", "Days", "Due bucket"]]
        for history in histories:
            pd.testing.assert_frame_equal(history.items(day, edges), expected)


# 50 snapshots of up to 24 items (before: 150 of up to 8): each item's reading is its own, and each call of
# roll_rates costs about the same for 2 items as for 24.
@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A", " B", "C "]), st.sampled_from(["1", "2", " 3", "4", "5 ", "6", "7", "8"]),
                          st.one_of(st.integers(-50_000, 10**9).map(lambda c: c / 100),
                                    st.floats(-1e6, 1e6, allow_nan=False),
                                    st.sampled_from([2.675, 0.125, 10.005, -0.005])),  # half a cent, or nearly
                          st.sampled_from(["Current", "1-30", "31+", "Unallocated"])), min_size=1, max_size=24),
       st.lists(st.integers(0, 23), max_size=24))
def test_roll_rates_read_a_float_column_as_they_read_each_cell(rows, moved):
    from debtdesk.collections.kpi import roll_rates

    frame = pd.DataFrame(rows, columns=["Customer", "Invoice", "Outstanding", "Bucket"]).drop_duplicates(["Customer", "Invoice"])
    now = frame.copy()
    for i in moved:
        if i < len(now):
            now.iloc[i, 3] = {"Current": "1-30", "1-30": "31+"}.get(now.iloc[i, 3], now.iloc[i, 3])
    typed = frame.astype({"Customer": "str", "Invoice": "str"}), now.astype({"Customer": "str", "Invoice": "str"})
    cells = frame.astype(object), now.astype(object)  # each cell read on its own
    pd.testing.assert_frame_equal(roll_rates(*typed, [30]), roll_rates(*cells, [30]))


@settings(max_examples=120, deadline=None)
@given(_ledgers_with_payments(), st.integers(0, 300), st.lists(st.tuples(st.integers(0, 9), st.sampled_from(
    [0.005, 2.675, float("nan"), float("inf"), 1e15, -3.0])), max_size=2))
def test_ledger_as_of_reads_a_float_paid_column_as_it_reads_each_cell(case, offset, changes):
    ledger, payments = case
    assume(len(payments) > 0)
    for pos, value in changes:  # a Paid that no longer reconciles, an empty one, one number() refuses
        if pos < len(ledger):
            ledger.loc[pos, "Paid"] = value
    day = _START + timedelta(days=offset)
    typed = ledger.astype({"Customer": "str", "Invoice": "str"}) if ledger["Invoice"].map(type).eq(str).all() else ledger
    outcomes = []
    for frame in (typed, ledger.astype(object)):  # the float column, and each cell read on its own
        try:
            outcomes.append(ledger_as_of(frame, payments, day)["Paid"].tolist())
        except DebtDeskError as error:
            outcomes.append(str(error))
    assert outcomes[0] == outcomes[1]


# Customer ids: tidy ones (coded from their bytes) and ones the bytes path must hand back (spaces, '#', long, NUL, é).
_IDS = st.one_of(st.text(alphabet="AZaz09-_./ \x00é#", min_size=1, max_size=18),
                 st.sampled_from(["CUST-000001", "CUST-000010", "CUST-0000010", "C", "C\x00", "Zürich AG", "éa",
                                  "a longer text 16", "a longer text 17!", "12345678", "123456789"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(_IDS, min_size=1, max_size=40))
def test_ids_coded_from_their_bytes_are_pandas_sorted_factorisation(ids):
    from debtdesk.collections._frames import short_text_codes

    texts = pd.array(ids, dtype=pd.StringDtype("pyarrow"))
    coded = short_text_codes(texts)
    tidy = all(0 < len(t.encode()) <= 16 and t[0] != "#" and " " < t[0] < "\x7f" and " " < t[-1] < "\x7f" for t in ids)
    assert (coded is not None) == tidy
    if coded is not None:
        codes, labels = pd.factorize(pd.Index(ids, dtype=object), sort=True)
        assert coded[0].tolist() == codes.tolist()
        assert coded[1].tolist() == list(labels)


@settings(max_examples=60, deadline=None)
@given(st.lists(_IDS.filter(lambda t: t.strip() and not t.strip().startswith("#")), min_size=1, max_size=30))
def test_customer_codes_are_the_same_through_the_bytes_path_or_not(ids):
    """factorize_text gives the same codes and labels whether a column takes the bytes path or the hashing one."""
    import numpy as np

    from debtdesk.collections import _frames

    series = pd.Series(ids, dtype=pd.StringDtype("pyarrow"))
    hashed = _frames.factorize_text(series, "ledger", "Customer", series)  # short columns are hashed
    old, _frames.ARROW_FROM = _frames.ARROW_FROM, 1
    try:
        bytes_path = _frames.factorize_text(series, "ledger", "Customer", series)
        saved, _frames.MIX = _frames.MIX, np.zeros(4, dtype=np.uint64)  # every id mixes to 0: caught, hashed instead
        try:
            collided = _frames.factorize_text(series, "ledger", "Customer", series)
        finally:
            _frames.MIX = saved
    finally:
        _frames.ARROW_FROM = old
    for codes, labels in (bytes_path, collided):
        assert codes.tolist() == hashed[0].tolist() and labels.tolist() == hashed[1].tolist()


def test_a_refresh_reads_and_codes_the_ledger_once(monkeypatch):
    """The run's state reads the ledger (customer codes, money, dates, the duplicate check) once; ageing, dunning,
    the worklist and the KPIs all work from that reading."""
    from datetime import date

    import importlib

    import numpy as np

    from debtdesk.collections.dunning import dunning_run
    from debtdesk.collections.worklist import call_list
    from debtdesk.macros.collections import CollectionsRun, CollectionsSettings
    from debtdesk.macros.kpis import kpi_figures
    from debtdesk.workbooks.template import REFERENCE_RATES

    ageing_module = importlib.import_module("debtdesk.collections.ageing")
    state_module = importlib.import_module("debtdesk.collections.state")
    calls = []
    for module, name in ((ageing_module, "factorize_text"), (ageing_module, "read_ledger"), (state_module, "read_ledger")):
        original = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _f=original, _n=name, **k: calls.append(_n) or _f(*a, **k))
    rng = np.random.default_rng(3)
    days = pd.Timestamp("2026-01-05") + pd.to_timedelta(rng.integers(0, 280, 400), unit="D")
    ledger = pd.DataFrame({"Customer": [f"C-{n:03d}" for n in rng.integers(0, 40, 400)],
                           "Invoice": [f"INV-{n}" for n in range(400)], "Invoice Date": days,
                           "Due Date": days + pd.Timedelta(days=30), "Amount": np.round(rng.uniform(10, 900, 400), 2)})
    as_of = date(2026, 11, 1)
    state = state_module.ledger_state(ledger, as_of)
    assert calls == ["read_ledger", "factorize_text"]
    state.ageing("report")
    dunning_run(state, 0.08, reference_rates=REFERENCE_RATES)
    call_list(state)
    kpis = kpi_figures(CollectionsRun(CollectionsSettings(as_of), state, {"Ledger": ledger}))
    assert calls == ["read_ledger", "factorize_text"]
    assert kpis["month_ends"]["Total"].iloc[-1] > 0


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=20).flatmap(
    lambda width: st.lists(st.text(alphabet="AZaz09-\x00 ", min_size=1, max_size=width).map(
        lambda t: (t * 20)[:width]), min_size=1, max_size=30)))
def test_text_words_of_texts_of_one_width_are_those_of_any_texts(texts):
    """Ids all of one width take a shortcut (column slices); their words are those the general path reads."""
    import numpy as np

    from debtdesk.collections._frames import text_words

    words = text_words(pd.array(texts, dtype=pd.StringDtype("pyarrow")))
    general = text_words(pd.array(texts + ["a text of another length"], dtype=pd.StringDtype("pyarrow")))
    for mine, theirs in zip(words, general):
        assert np.array_equal(mine, theirs[:-1])


# -- a long ledger's columns read on a second thread: the same reading, the same refusal ------------------

def _read_both_ways(frame):
    """ageing() of ``frame`` with its columns read beside (on a second thread) and in line: each a report or an error."""
    from debtdesk.collections import _frames

    out = []
    for rows in (0, 10**12):  # everything beside; nothing beside
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_frames, "BESIDE_FROM", rows)
            patch.setattr(_frames, "core_idle", lambda cores: True)  # a second core, idle
            try:
                out.append(ageing(frame, "2024-06-30"))
            except DebtDeskError as error:
                out.append(str(error))
    return out


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Acme Ltd", "Brook & Co", " Ça va SARL", ""]),
                          st.sampled_from(["INV-1", "INV-2", "", 7.0, "INV-2024-000001-X", "INV-2024-100001-X"]),
                          st.sampled_from(["2024-01-31", None, "31/02/2024", 45322.0]),
                          st.sampled_from([100.0, -20.0, "1,200.50", "n/a"])), min_size=1, max_size=10))
def test_columns_read_beside_give_the_same_report_and_the_same_refusal(rows):
    """Invoice fingerprints and dates read on a second thread: the same report, and a ledger with several faults
    refused for the same one (the first in the reading's order: customers, money, duplicates, dates)."""
    frame = pd.DataFrame({"Customer": [r[0] for r in rows], "Invoice": [r[1] for r in rows],
                          "Invoice Date": ["2024-01-01"] * len(rows), "Due Date": [r[2] for r in rows],
                          "Amount": [r[3] for r in rows]})
    beside, in_line = _read_both_ways(frame)
    if isinstance(in_line, str):
        assert beside == in_line
    else:
        pd.testing.assert_frame_equal(beside, in_line)


def test_a_fault_beside_is_raised_where_the_reading_reaches_it():
    """A bad date is refused only after the money and duplicates read before it, beside as in line."""
    frame = _ledger(["Acme Ltd", "Acme Ltd"], ["INV-1", "INV-1"])
    frame.loc[1, "Due Date"] = "31/02/2024"
    beside, in_line = _read_both_ways(frame)
    assert beside == in_line and "invoice 'INV-1' of 'Acme Ltd' is already on row" in beside
    frame.loc[1, "Invoice"] = "INV-2"
    beside, in_line = _read_both_ways(frame)
    assert beside == in_line and beside.startswith("ledger row 2: Due Date '31/02/2024' is not a date")


def _long_ledger(rows: int) -> pd.DataFrame:
    """A ledger of ``rows`` items over ``rows // 20`` customers (zero-padded ids, as firms number them)."""
    rng = np.random.default_rng(5)
    issued = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 600, rows), unit="D")
    return pd.DataFrame({"Customer": pd.array([f"CUST-{i:06d}" for i in rng.integers(0, rows // 20, rows)], dtype="str"),
                         "Invoice": pd.array([f"INV-{i}" for i in range(rows)], dtype="str"),
                         "Invoice Date": issued, "Due Date": issued + pd.Timedelta(days=30),
                         "Amount": np.round(rng.uniform(-50, 5000, rows), 2)})


def _submitted(monkeypatch) -> list:
    """Every call handed to the thread beside, recorded (it still runs there)."""
    from debtdesk.collections import _frames

    pool, calls = _frames.beside_pool(), []
    monkeypatch.setattr(pool, "submit", lambda fn, *args: calls.append(args) or type(pool).submit(pool, fn, *args))
    return calls


@pytest.fixture(scope="module")
def long_ledger():
    from debtdesk.collections import _frames

    return _long_ledger(_frames.BESIDE_FROM)


def test_a_ledger_at_the_threshold_is_read_on_two_threads_as_on_one(long_ledger, monkeypatch):
    """At BESIDE_FROM rows with an idle core, the customers and half the duplicate check go beside: the same report
    as the one-thread reading, and the same refusals, naming the same rows, for faults read on either thread."""
    from debtdesk.collections import _frames

    monkeypatch.setattr(_frames, "core_idle", lambda cores: True)
    calls = _submitted(monkeypatch)
    two = ageing(long_ledger, "2026-11-01")
    assert len(calls) == 3  # the invoice numbers' strip, the customers' coding, half the duplicate check
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_frames, "core_idle", lambda cores: False)
        one = ageing(long_ledger, "2026-11-01")
    assert len(calls) == 3  # no idle core: nothing beside
    pd.testing.assert_frame_equal(two, one)
    assert len(two) == len(long_ledger) // 20 and two["Total"].sum() == pytest.approx(long_ledger["Amount"].sum())
    # Three faults, then the last two, then the last: each ledger refused for its first in the reading's order.
    bad_date = long_ledger.astype({"Due Date": object})
    bad_date.loc[99_000, "Due Date"] = "31/02/2026"  # read on this thread, refused last
    repeated = bad_date.copy()
    repeated.loc[90_000, ["Customer", "Invoice"]] = repeated.loc[12, ["Customer", "Invoice"]]  # one half beside
    empty = repeated.copy()
    empty.loc[70_001, "Customer"] = " "  # coded beside, and refused first
    for frame, message in ((empty, "ledger row 70002: Customer is empty"),
                           (repeated, f"ledger row 90001: invoice 'INV-12' of {long_ledger.loc[12, 'Customer']!r} is "
                                      "already on row 13"),
                           (bad_date, "ledger row 99001: Due Date '31/02/2026' is not a date")):
        refusals = []
        for idle in (True, False):
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(_frames, "core_idle", lambda cores, idle=idle: idle)
                with pytest.raises(DebtDeskError) as refused:
                    ageing(frame, "2026-11-01")
            refusals.append(str(refused.value))
        assert refusals[0] == refusals[1] and refusals[0].startswith(message), refusals


def test_a_short_ledger_never_waits_for_a_thread(monkeypatch):
    """Below BESIDE_FROM rows the reading stays on the caller's thread, idle core or not."""
    from debtdesk.collections import _frames

    monkeypatch.setattr(_frames, "core_idle", lambda cores: True)
    calls = _submitted(monkeypatch)
    report = ageing(_long_ledger(_frames.BESIDE_FROM - 1), "2026-11-01")
    assert calls == [] and len(report) > 0
    assert not _frames.beside_worth(_frames.BESIDE_FROM - 1) and _frames.beside_worth(_frames.BESIDE_FROM)


def test_the_thread_beside_is_started_once_and_a_waiting_call_runs_on_the_caller():
    """Every reading hands its work to the same thread; a call still queued when its result is needed runs on the
    caller's thread (no waiting), and an error raised beside is raised where its result is asked for."""
    import threading

    from debtdesk.collections._frames import Beside, beside_pool

    started, release = threading.Event(), threading.Event()

    def busy():
        started.set()
        assert release.wait(10)
        raise DebtDeskError("ledger", "Customer is empty", 7)

    with Beside(busy, lambda: threading.current_thread(), threaded=True) as beside:
        assert started.wait(10)
        assert beside.result(1) is threading.current_thread()  # queued behind busy(): run here instead
        release.set()
        with pytest.raises(DebtDeskError, match="ledger row 7: Customer is empty"):
            beside.result(0)
    with Beside(lambda: threading.current_thread(), threaded=True) as beside:
        first = beside_pool().submit(threading.current_thread).result()
        assert beside.result(0) in (first, threading.current_thread()) and first.name.startswith("debtdesk-beside")
    assert beside_pool() is beside_pool() and first is beside_pool().submit(threading.current_thread).result()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([0, 1, 2**60 - 1, 2**60, 2**63 - 5, 2**63, 2**63 + 2**60 + 9, 2**64 - 1]), max_size=40),
       st.booleans())
def test_keys_hashed_in_parts_repeat_where_one_table_says(keys, threaded):
    """The 16 parts by top bits (half of them on the thread beside) find exactly the rows one hash table finds."""
    from debtdesk.collections import _frames

    keys = np.array(keys, dtype=np.uint64)
    expected = np.flatnonzero(pd.Index(keys).duplicated(keep=False)).tolist()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_frames, "PARTS_FROM", 0)
        with _frames.Beside(threaded=threaded) as beside:
            assert _frames.repeated_rows(keys, beside).tolist() == expected
        assert _frames.repeated_rows(keys).tolist() == expected


def _thread_beside_in_a_child(out):
    from debtdesk.collections._frames import beside_pool

    out.put(beside_pool().submit(lambda: "beside").result(timeout=20))


def test_a_forked_child_starts_its_own_thread_beside():
    """The parent's thread is not copied by fork: the child's first reading starts a pool of its own (with the
    parent's it would wait for ever)."""
    import multiprocessing

    from debtdesk.collections._frames import beside_pool

    beside_pool().submit(lambda: None).result()  # the parent's thread exists
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    child = context.Process(target=_thread_beside_in_a_child, args=(out,))
    child.start()
    assert out.get(timeout=30) == "beside"
    child.join(30)
    assert child.exitcode == 0


def test_columns_read_beside_are_read_in_the_callers_locale():
    """The second thread reads text dates in the locale the caller set (a context variable, which a new thread
    would not see): day-first dates age the same beside as in line, and are not refused there."""
    from debtdesk.reading import Locale, reading

    frame = _ledger(["Acme Ltd", "Brook & Co"], ["INV-1", "INV-2"])
    frame["Invoice Date"] = ["03/01/2024", "02/02/2024"]
    frame["Due Date"] = ["03/02/2024", "15/05/2024"]  # 3 February and 15 May: 148 and 46 days old on 30 June
    with reading(Locale(date_order="DMY")):
        beside, in_line = _read_both_ways(frame)
    pd.testing.assert_frame_equal(beside, in_line)
    assert beside["91+"].tolist() == [100.0, 0.0] and beside["31-60"].tolist() == [0.0, 100.0]


def _fresh(value):
    """An equal value as a new Python object (a cell made on its own, as python-calamine or Arrow text give them)."""
    if isinstance(value, str) and len(value) > 1:
        return (value + ".")[:-1]
    if isinstance(value, float):
        return float(repr(value))
    if isinstance(value, bytes):
        return bytes(bytearray(value))
    return value  # None and one-character texts are one object in CPython whatever the reader


def _coding(cells: np.ndarray):
    """factorize_text's codes and labels for ``cells`` (a long column), or its refusal."""
    from debtdesk.collections import _frames

    series = pd.Series(cells, dtype=object)
    try:
        codes, labels = _frames.factorize_text(series, "ledger", "Customer", series)
    except DebtDeskError as error:
        return str(error)
    return codes.tolist(), labels.tolist()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_IDS, st.sampled_from([None, float("nan"), 1001.0, 7.5, b"B-7", "#N/A", " #REF! ", ""])),
                min_size=1, max_size=12),
       st.lists(st.integers(0, 11), min_size=2, max_size=60))
def test_ids_sharing_one_object_each_are_coded_as_ids_made_one_by_one(ids, picks):
    """Coding by object (shared_objects) gives the codes, labels and refusals (message and row) of coding each cell."""
    from debtdesk.collections import _frames

    picks = [p % len(ids) for p in picks]
    shared = np.empty(len(picks), dtype=object)
    shared[:] = [ids[p] for p in picks]  # one object per id, as a CSV reader gives them
    one_by_one = np.empty(len(picks), dtype=object)
    one_by_one[:] = [_fresh(ids[p]) for p in picks]
    saved = _frames.ARROW_FROM
    _frames.ARROW_FROM = 1
    try:
        by_object = _coding(shared)
        assume(_frames.shared_objects(shared) is not None)  # the path under test was taken
        assert _coding(one_by_one) == by_object
    finally:
        _frames.ARROW_FROM = saved
    _frames.ARROW_FROM = len(picks) + 1  # short columns are hashed cell by cell
    try:
        assert _coding(shared) == by_object
    finally:
        _frames.ARROW_FROM = saved


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(_IDS, st.sampled_from([None, float("nan"), pd.NaT, pd.NA, np.str_("CUST-9"), "\ud800x",
                                                 1001.0, 7, True, b"B-7", "#N/A", " #REF! ", ""])),
                min_size=1, max_size=12))
def test_object_ids_copied_into_arrow_are_coded_as_ids_hashed_as_objects(ids):
    """A long column of Python ids is copied into Arrow only when pyarrow finds every present cell text
    (``_frames.arrow_text``); whatever the cells, the codes, labels and refusals (message and row) are those of
    hashing the cells as objects."""
    from debtdesk.collections import _frames

    cells = np.empty(len(ids), dtype=object)
    cells[:] = [_fresh(value) for value in ids]
    saved = _frames.ARROW_FROM
    try:
        _frames.ARROW_FROM = 1  # copied into Arrow where every present cell is text
        through_arrow = _coding(cells)
        _frames.ARROW_FROM = len(ids) + 1  # hashed as objects
        assert through_arrow == _coding(cells)
    finally:
        _frames.ARROW_FROM = saved
