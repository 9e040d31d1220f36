"""Dunning's interest over whole arrays is the Decimal figure worked out item by item.

``dunning_run`` figures every overdue item's interest at once: each part owed (the net
amount until the as-of date, each dated payment and money on account until the day it
came) times its days overdue, summed in integers and rounded half-up over 365 × the
rate's decimal scale. ``dunning._interest`` is the careful path (Decimal, one item at a
time, paused days left out). Here both run on random ledgers with part payments,
credit notes set against invoices, currencies, disputes, Breathing Space, promises,
dunning history and both regimes, and every line's interest, compensation and fee, and
every notice's sums, must agree to the cent; refusals too.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
from hypothesis import HealthCheck, event, given, settings, strategies as st

from debtdesk.collections import DEFAULT_LEVELS, DunningLevel, dunning_run, ledger_state
from debtdesk.collections.dunning import _interest, _rate_on, bank_rates, check_levels
from debtdesk.collections.state import LedgerHistory
from debtdesk.collections.late_payment import STATUTORY_MARGIN, compensation
from debtdesk.errors import DebtDeskError
from debtdesk.money import to_cents
from test_fast_collections import _ledgers_with_payments

RATES = pd.DataFrame({"In force from": [date(2022, 12, 15), date(2023, 8, 3), date(2024, 8, 1)],
                      "Bank Rate": [0.035, 0.0525, 0.05]})
CUSTOMERS = ["Acme Ltd", "Brook & Co"]
#: A firm that charges a fee with every notice (consumer accounts), so new fees are charged often.
FEES = (DunningLevel(1, 1, "email", 5.0, 0, 7, "Reminder"), DunningLevel(2, 20, "letter", 12.5, 5, 7, "Final notice"),
        DunningLevel(3, 40, "claim", 0.0, 5, 30, "Letter of claim"), DunningLevel(4, 80, "legal", 0.0, 30, 0, "Legal"))


@st.composite
def dunning_cases(draw):
    """A ledger with dated payments, and what else a run may have: regimes, pauses, disputes, history."""
    ledger, payments = draw(_ledgers_with_payments())
    day = lambda low, high: date(2024, 1, 1) + timedelta(days=draw(st.integers(low, high)))  # noqa: E731
    customers = pd.DataFrame({
        "Customer": CUSTOMERS, "Regime": [draw(st.sampled_from(["commercial", "consumer", None])) for _ in CUSTOMERS],
        "Breathing space from": [draw(st.one_of(st.none(), st.just(day(60, 250)))) for _ in CUSTOMERS],
        "Breathing space until": [None, None]})
    disputes = pd.DataFrame([[draw(st.sampled_from(CUSTOMERS)), draw(st.sampled_from(["", "INV-1", "INV-2", "1002"])),
                              day(30, 200), draw(st.one_of(st.none(), st.just(day(201, 320)))), "Goods damaged"]
                             for _ in range(draw(st.integers(0, 2)))],
                            columns=["Customer", "Invoice", "Opened", "Resolved", "Reason"])
    history = pd.DataFrame([[draw(st.sampled_from(CUSTOMERS)), draw(st.sampled_from(["INV-0", "INV-1", "INV-2", "1003"])),
                             draw(st.integers(1, 6)), day(100, 330), draw(st.sampled_from([0.0, 10.0, 2.5])),
                             draw(st.sampled_from([0.0, 40.0, 70.0]))] for _ in range(draw(st.integers(0, 3)))],
                           columns=["Customer", "Invoice", "Level", "Sent on", "Fee", "Compensation"])
    return (ledger, payments, customers, disputes, history, day(200, 420), draw(st.sampled_from([0.08, 0.1275, 0.0, 0.0001])),
            draw(st.booleans()), draw(st.sampled_from([DEFAULT_LEVELS, FEES])))


def outcome(fn):
    try:
        return "ok", fn()
    except DebtDeskError as error:
        return "refused", str(error)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(dunning_cases())
def test_every_line_is_charged_what_the_item_by_item_path_charges(case):
    ledger, payments, customers, disputes, history, as_of, rate, paid_dated, levels = case
    made = outcome(lambda: ledger_state(ledger, as_of, payments=payments if paid_dated else None, customers=customers,
                                        disputes=disputes, currency="GBP"))
    event(f"ledger state: {made[0]}")
    if made[0] != "ok":
        return
    state = made[1]
    got = outcome(lambda: dunning_run(state, rate, levels, history=history, reference_rates=RATES))
    if got[0] != "ok":  # a refusal is the item-by-item path's: a debt due before any Bank Rate in the table
        assert got[1].startswith("ReferenceRates: has no Bank Rate in force on")
        return
    run = got[1]
    known = bank_rates(RATES)
    levels = {level.level: level for level in check_levels(levels)}
    sent = {}  # (customer, invoice): the fees and compensation charged before, in the history's order
    for row in history.itertuples(index=False):
        fees, claims = sent.setdefault((row.Customer, row.Invoice), ([], []))
        fees.append(row.Fee)
        claims.append(row.Compensation)
    for notice in run.notices.to_dict("records"):
        event(f"a notice: {notice['Status'].split(':')[0].split(' from ')[0]}")  # Send, Wait, Paused, Held, Top level...
        key = (notice["Customer"], notice["Currency"])
        lines = run.lines_of(*key)
        commercial = notice["Regime"] == "commercial"
        paused = notice["Status"].startswith(("Paused", "Held"))
        # The lines are the account's late items in order: all of them when paused, else those not disputed
        # (blank invoice numbers may repeat, so items are matched by place, not by number).
        items = [r for r in state.late_items(*key) if paused or not r["Held"]]
        assert lines["Invoice"].tolist() == [r["Invoice"] for r in items]
        for line, item in zip(lines.to_dict("records"), items):
            yearly = STATUTORY_MARGIN + _rate_on(item["Due Date"], known) if commercial else rate
            assert line["Interest"] == (0 if paused else _interest(item, yearly, state)) / 100
            fees, claims = sent.get((key[0], line["Invoice"]), ([], []))
            claimed = sum(claims)
            assert line["New compensation"] == (compensation(item["Amount"]) if commercial and notice["Send"]
                                                and not claimed and not paused else 0.0)
            assert line["Compensation"] == claimed + line["New compensation"]
            assert line["Fee"] == float(sum(fees)) + line["New fee"]
        assert lines["New fee"].sum() in (0.0, levels[notice["Level"]].fee if notice["Level"] else 0.0)
        cents = {name: sum(to_cents(v) for v in lines[column]) for name, column in
                 (("Interest", "Interest"), ("Fees", "Fee"), ("Compensation", "Compensation"), ("Amount overdue", "Net"))}
        for name, value in cents.items():
            assert notice[name] == value / 100
        assert notice["Total due"] == sum(cents.values()) / 100
        assert notice["Oldest days"] == max(lines["Days"])


def test_interest_at_a_half_cent_rounds_up_on_the_careful_path():
    """365 × 0.005 for one day is exactly half a cent: the integers see the tie and hand it to Decimal."""
    ledger = pd.DataFrame({"Customer": ["A"], "Invoice": ["1"], "Invoice Date": [date(2024, 1, 1)],
                           "Due Date": [date(2024, 6, 29)], "Amount": [3.65]})
    run = dunning_run(ledger_state(ledger, date(2024, 6, 30), default_regime="consumer"), 0.005)
    assert run.lines["Interest"].tolist() == [0.0]  # 365 cents × 0.005 × 1 / 365 = 0.005 cent: rounds to 0
    ledger["Amount"] = [365.0]
    run = dunning_run(ledger_state(ledger, date(2024, 6, 30), default_regime="consumer"), 0.005)
    assert run.lines["Interest"].tolist() == [0.01]  # 36,500 × 0.005 / 365 = 0.5 cent: half-up, 0.01
    assert run.notices["Total due"].tolist() == [365.01]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Acme Ltd", " Acme Ltd", "Brook & Co", 1001.0]),
                          st.sampled_from(["INV-1", " INV-1 ", 17.0, "2"]),
                          st.datetimes(datetime(2023, 1, 1), datetime(2026, 12, 31)),
                          st.one_of(st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: round(v, 3)),
                                    st.sampled_from([0.125, 10.005, 2.675, -0.005, 999_999_999_999.99]))),
                min_size=1, max_size=12))
def test_dated_payments_read_over_whole_columns_are_read_as_each_cell(rows):
    """A float Amount and a date-time Payment Date column are read in one step, as each cell is read alone."""
    payments = pd.DataFrame(rows, columns=["Customer", "Invoice", "Payment Date", "Amount"])
    assert payments["Amount"].dtype.kind == "f" and payments["Payment Date"].dtype.kind == "M"
    columns = LedgerHistory(pd.DataFrame(), payments).paid
    cells = LedgerHistory(pd.DataFrame(), payments.astype(object)).paid  # object columns: read cell by cell
    assert columns == cells
    assert [type(v) for entries in columns.values() for entry in entries for v in entry] == \
        [type(v) for entries in cells.values() for entry in entries for v in entry]
