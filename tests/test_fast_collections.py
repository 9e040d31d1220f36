"""The collections engine's fast paths give what the plain reading gives (issue 15)."""

from __future__ import annotations

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
def _ledgers_with_payments(draw):
    """A ledger (text or number invoices, blank ones, currencies, credit notes) and dated payments that reconcile."""
    n = draw(st.integers(1, 10))
    rows, payments = [], []
    for i in range(n):
        customer = draw(st.sampled_from(["Acme Ltd", "Brook & Co", " Brook & Co"]))
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


@settings(max_examples=120, deadline=None)
@given(_ledgers_with_payments(), st.integers(0, 300), st.sampled_from([(30, 60, 90), (15,)]))
def test_an_earlier_day_from_the_runs_reading_is_the_ledger_rebuilt_on_that_day(case, offset, edges):
    ledger, payments = case
    assume(len(payments) > 0)
    day = _START + timedelta(days=offset)
    try:
        plain = ledger_items(ledger_as_of(ledger, payments, day), day, edges, "due", "GBP")
    except DebtDeskError as error:
        with pytest.raises(DebtDeskError) as raised:
            LedgerHistory(ledger, payments, "GBP").items(day, edges)
        assert str(raised.value) == str(error)
        return
    expected = _item_frame(plain, edges)[["Customer", "Currency", "Invoice", "Cents", "Days", "Due bucket"]]
    histories = [LedgerHistory(ledger, payments, "GBP")]  # read on first use
    try:
        state = ledger_state(ledger, date(2024, 12, 31), payments=payments, currency="GBP", edges=edges)
    except DebtDeskError:
        state = None  # the as-of reading itself is refused
    if state is not None:
        histories.append(state.history)  # the run's reading
        windows = [(day - timedelta(days=31), day), (_START - timedelta(days=1), day)]
        for currency in ("GBP", "EUR", ""):
            assert state.credit_sales(windows, currency) == credit_sales(ledger, windows, currency)
    for history in histories:
        pd.testing.assert_frame_equal(history.items(day, edges), expected)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A", " B", "C "]), st.sampled_from(["1", "2", " 3", "4"]),
                          st.one_of(st.integers(-50_000, 10**9).map(lambda c: c / 100),
                                    st.floats(-1e6, 1e6, allow_nan=False)),
                          st.sampled_from(["Current", "1-30", "31+", "Unallocated"])), min_size=1, max_size=8),
       st.lists(st.integers(0, 7), max_size=8))
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
