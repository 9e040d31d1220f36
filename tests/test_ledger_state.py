"""The run's one ledger state: money on account, the due-date view, and the inputs a firm has (issue 12)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from debtdesk.collections import ageing, ageing_detail, dunning_run, ledger_state, statement_summary, worklist
from debtdesk.collections.state import ledger_as_of
from debtdesk.errors import DebtDeskError

AS_OF = "2024-06-30"


def ledger(**columns) -> pd.DataFrame:
    base = {"Customer": ["A", "A", "B"], "Invoice": ["1", "2", "3"],
            "Invoice Date": ["2024-04-01", "2024-05-01", "2024-05-15"],
            "Due Date": ["2024-05-01", "2024-05-31", "2024-06-14"], "Amount": [500.0, 300.0, 200.0]}
    base.update(columns)
    return pd.DataFrame(base)


def test_money_on_account_is_set_against_the_oldest_undisputed_invoices_and_the_rest_shown():
    frame = pd.concat([ledger(), pd.DataFrame({"Customer": ["A"], "Invoice": ["PAY-1"], "Invoice Date": ["2024-06-20"],
                                               "Due Date": [None], "Amount": [-650.0]})], ignore_index=True)
    state = ledger_state(frame, AS_OF)
    items = state.items.set_index("Invoice")
    assert items.loc["1", "Applied"] == 500.0 and items.loc["1", "Net"] == 0.0  # the oldest, covered in full
    assert items.loc["2", "Applied"] == 150.0 and items.loc["2", "Net"] == 150.0
    assert items.loc["PAY-1", "Net"] == 0.0
    a = state.account("A")
    assert (a["Balance"], a["Overdue"], a["On account"], a["Oldest days"]) == (150.0, 150.0, 0.0, 30)
    # The ageing report still shows the payment on account in its own column (never hidden) and ties out.
    report = ageing(frame, AS_OF).set_index("Customer")
    assert report.loc["A", "Unallocated"] == -650.0 and report.loc["A", "Total"] == a["Balance"]
    for row in statement_summary(state).to_dict("records"):
        assert round(row["Not yet due"] + row["Overdue"] + row["Disputed"] + row["On account"], 2) == row["Balance"]


def test_a_customer_in_net_credit_is_neither_dunned_nor_called():
    # Issue 12: net credit of -4,900 was dunned for 121.32 (100.00 + 1.32 interest at 8 % for 60 days + a 20.00 fee).
    frame = pd.DataFrame({"Customer": ["A", "A"], "Invoice": ["1", "PAY-1"], "Invoice Date": ["2024-03-01", "2024-06-01"],
                          "Due Date": ["2024-05-01", None], "Amount": [100.0, -5000.0]})
    state = ledger_state(frame, AS_OF, default_regime="consumer")
    assert state.account("A")["Balance"] == -4900.0 and state.account("A")["Overdue"] == 0.0
    assert dunning_run(state, 0.08).notices.empty
    assert worklist(frame, AS_OF).empty


def test_an_invoice_covered_by_a_payment_on_account_is_not_called_first():
    # Issue 12: an invoice fully covered by a payment on account ranked #1 "Call now".
    frame = pd.DataFrame({"Customer": ["A", "A", "B"], "Invoice": ["1", "PAY-1", "2"],
                          "Invoice Date": ["2024-01-01", "2024-06-01", "2024-05-01"],
                          "Due Date": ["2024-02-01", None, "2024-05-31"], "Amount": [9000.0, -9000.0, 100.0]})
    ranked = worklist(frame, AS_OF)
    assert ranked["Customer"].tolist() == ["B"]


def test_days_overdue_told_to_a_customer_come_from_the_due_date_whatever_the_basis():
    # Issue 12: on the invoice basis a first "Final notice" listed invoices not yet due as 5, 35 and 7 days overdue.
    frame = pd.DataFrame({"Customer": ["A"] * 4, "Invoice": ["1", "2", "3", "4"],
                          "Invoice Date": ["2024-06-25", "2024-05-26", "2024-06-23", "2024-05-01"],
                          "Due Date": ["2024-07-25", "2024-07-10", "2024-07-23", "2024-05-31"],
                          "Amount": [100.0, 200.0, 50.0, 300.0]})
    by_invoice = ledger_state(frame, AS_OF, basis="invoice", default_regime="consumer")
    assert by_invoice.items["Age"].tolist() == [5, 35, 7, 60]  # the report's basis
    assert by_invoice.items["Days"].tolist() == [-25, -10, -23, 30]  # what a customer is told
    run = dunning_run(by_invoice, 0.08)
    assert run.lines["Invoice"].tolist() == ["4"] and run.lines["Days"].tolist() == [30]
    assert run.notices["Amount overdue"].tolist() == [300.0] == [run.lines["Net"].sum()]
    by_due = ledger_state(frame, AS_OF, default_regime="consumer")
    pd.testing.assert_frame_equal(dunning_run(by_due, 0.08).notices, run.notices)
    assert by_invoice.bucket_totals("", "due") == by_due.bucket_totals("", "due")
    assert by_invoice.bucket_totals("", "due")["Current"] == 350.0  # not 0, as the invoice basis made it


@pytest.mark.parametrize("column", ["Paid", "Credit"])
def test_negative_paid_or_credit_is_refused_naming_the_row(column):
    # Issue 12: a negative Paid or Credit raised the balance.
    with pytest.raises(DebtDeskError, match=rf"^ledger row 2: {column} -50.00 is negative"):
        ageing(ledger(**{column: [0.0, -50.0, 0.0]}), AS_OF)


def test_a_duplicate_row_is_refused_naming_both_rows():
    # Issue 12: duplicate rows counted twice.
    frame = ledger(Invoice=["1", "2", "1"], Customer=["A", "A", "A"])
    with pytest.raises(DebtDeskError, match=r"^ledger row 3: invoice '1' of 'A' is already on row 1"):
        ageing(frame, AS_OF)
    assert len(ageing(ledger(Invoice=["1", "2", "1"]), AS_OF)) == 2  # the same number at another customer is fine


def test_items_dated_after_the_as_of_date_are_left_out_and_said():
    # Issue 12: invoices dated after the as-of date counted as Current.
    frame = ledger(**{"Invoice Date": ["2024-04-01", "2024-07-05", "2024-05-15"]})
    report = ageing(frame, AS_OF).set_index("Customer")
    assert report.loc["A", "Total"] == 500.0 and report.loc["A", "Current"] == 0.0
    assert ageing_detail(frame, AS_OF)["Invoice"].tolist() == ["1", "3"]
    assert "1 ledger items dated after 30 Jun 2024 are left out" in ledger_state(frame, AS_OF).notes[0]


def test_a_true_historical_as_of_uses_the_payments_dated_by_then():
    frame = ledger(Paid=[500.0, 0.0, 200.0])
    payments = pd.DataFrame({"Customer": ["A", "B"], "Invoice": ["1", "3"], "Payment Date": ["2024-05-20", "2024-07-02"],
                             "Amount": [500.0, 200.0]})
    on_june_30 = ledger_state(frame, AS_OF, payments=payments)
    assert on_june_30.account("B")["Overdue"] == 200.0  # paid on 2 July: still owed on 30 June
    assert ledger_as_of(frame, payments, date(2024, 5, 19))["Paid"].tolist() == [0.0, 0.0, 0.0]
    with pytest.raises(DebtDeskError, match=r"Payments row 1: payments for invoice 1 add up to 500.00 but the Ledger shows Paid 400.00"):
        ledger_as_of(ledger(Paid=[400.0, 0.0, 200.0]), payments, AS_OF)


def test_mixed_currencies_are_reported_per_currency_never_summed():
    # Issue 12: mixed currencies were summed.
    frame = ledger(Currency=["GBP", "USD", None], Customer=["A", "A", "B"])
    report = ageing(frame, AS_OF, currency="GBP")
    assert report[["Customer", "Currency", "Total"]].values.tolist() == [["A", "GBP", 500.0], ["A", "USD", 300.0],
                                                                          ["B", "GBP", 200.0]]
    state = ledger_state(frame, AS_OF, currency="GBP")
    assert state.currencies == ["GBP", "USD"] and state.bucket_totals("USD")["1-30"] == 300.0
    with pytest.raises(DebtDeskError, match=r"^ledger row 2: Currency 'US dollars' is not a three-letter currency code"):
        ageing(ledger(Currency=["GBP", "US dollars", "GBP"]), AS_OF)


def test_a_dispute_naming_a_near_miss_customer_or_invoice_is_refused():
    # Issue 12: a dispute for "a" (the ledger says "A") was dropped, so the CONC 7 hold was not applied.
    disputes = pd.DataFrame({"Customer": ["a"], "Invoice": [None], "Opened": ["2024-06-01"]})
    with pytest.raises(DebtDeskError, match=r"^disputes row 1: Customer 'a' is not in the ledger; did you mean 'A'\?"):
        ledger_state(ledger(), AS_OF, disputes=disputes)
    with pytest.raises(DebtDeskError, match=r"^disputes row 1: Invoice 'inv-1' of 'A' is not in the ledger; did you mean 'INV-1'\?"):
        ledger_state(ledger(Invoice=["INV-1", "2", "3"]), AS_OF,
                     disputes=pd.DataFrame({"Customer": ["A"], "Invoice": ["inv-1"]}))
    with pytest.raises(DebtDeskError, match=r"^promises row 1: Customer 'b' is not in the ledger; did you mean 'B'\?"):
        ledger_state(ledger(), AS_OF, promises=pd.DataFrame({"Customer": ["b "], "Made on": ["2024-06-01"],
                                                             "Promised Date": ["2024-07-01"], "Promised Amount": [50]}))
    with pytest.raises(DebtDeskError, match=r"^contacts row 1: Customer 'A Ltd' is not in the ledger; did you mean 'A-Ltd'\?"):
        ledger_state(ledger(Customer=["A-Ltd", "A-Ltd", "B"]), AS_OF,
                     contacts=pd.DataFrame({"Customer": ["A Ltd"], "Contact Time": ["2024-06-29 10:00"], "Type": ["attempt"]}))
    stranger = ledger_state(ledger(), AS_OF, disputes=pd.DataFrame({"Customer": ["Zeta Ltd"], "Invoice": ["9"]}))
    assert stranger.notes == ("Open disputes that match nothing in the ledger: Zeta Ltd 9",)


def test_the_firms_own_headers_are_read_by_synonym():
    # Issue 12: "Outstanding", "Balance", "Customer ID", "Invoice #", "Net due date" were not recognised.
    frame = pd.DataFrame({"Customer ID": ["C-1", "C-2"], "Invoice #": ["1", "2"], "Posting date": ["2024-05-01"] * 2,
                          "Net due date": ["2024-05-31", "2024-07-31"], "Amount": [500.0, 80.0],
                          "Outstanding": [120.0, 80.0]})
    assert ageing(frame, AS_OF)[["Customer", "1-30", "Current"]].values.tolist() == [["C-1", 120.0, 0.0],
                                                                                   ["C-2", 0.0, 80.0]]
    balance = frame.rename(columns={"Outstanding": "Balance"}).drop(columns="Amount")
    assert ageing(balance, AS_OF)["Total"].tolist() == [120.0, 80.0]


def test_an_outstanding_column_is_checked_against_amount_paid_and_credit():
    frame = ledger(Paid=[100.0, 0.0, 0.0], Outstanding=[400.0, 300.0, 150.0])
    with pytest.raises(DebtDeskError, match=r"^ledger row 3: Outstanding 150.00 is not Amount − Paid − Credit \(200.00\)"):
        ageing(frame, AS_OF)
    running = ledger(Outstanding=[500.0, 800.0, 1000.0])  # a running balance, not an open amount
    with pytest.raises(DebtDeskError, match=r"^ledger row 2: Outstanding 800.00 does not fit Amount 300.00"):
        ageing(running, AS_OF)


def test_late_items_by_position_are_the_sorted_copy_of_the_items_with_ties_credits_and_disputes():
    """The late items are kept as positions into the state's items (no sorted copy of them); the frame, the
    arrays, each account's bounds and records, and each account's items are those of the copy sorted as before."""
    import numpy as np

    frame = pd.DataFrame({
        # B before A in the ledger; four of A's invoices due on one day, two with no number (a tie kept in the
        # ledger's order); a second currency for A; a credit note and a payment on account set against the oldest.
        "Customer": ["B", "A", "A", "A", "A", "A", "A", "A", "B", "C", "A"],
        "Invoice": ["9", "7", "6", "", "", "2", "CN-1", "5", "PAY", "1", "8"],
        "Invoice Date": ["2024-03-01", "2024-02-01", "2024-01-15", "2024-02-01", "2024-02-01", "2024-01-01",
                         "2024-06-01", "2024-06-25", "2024-06-10", "2024-01-01", "2024-02-01"],
        "Due Date": ["2024-03-31", "2024-03-02", "2024-03-02", "2024-03-02", "2024-03-02", "2024-01-31", None,
                     "2024-07-25", None, "2024-01-31", "2024-03-02"],
        "Amount": [120.0, 80.0, 60.0, 45.0, 55.0, 300.0, -100.0, 70.0, -50.0, 10.0, 99.0],
        "Currency": ["GBP", "GBP", "GBP", "GBP", "GBP", "GBP", "GBP", "GBP", "GBP", "GBP", "EUR"]})
    disputes = pd.DataFrame({"Customer": ["A"], "Invoice": ["2"], "Opened": ["2024-05-01"]})
    state = ledger_state(frame, AS_OF, disputes=disputes)
    items = state.items
    copy = items[(items["Net cents"] > 0) & (items["Days"] > 0)].sort_values(
        ["Customer", "Currency", "Due day", "Invoice"], kind="stable")
    # A's credit covers "6" and half of "7" (the disputed "2" takes none of it); B's payment part of "9".
    assert copy["Invoice"].tolist() == ["8", "2", "", "", "7", "9", "1"]
    assert copy.index[2:4].tolist() == [3, 4] and copy["Net"].tolist()[4:6] == [40.0, 70.0]
    pd.testing.assert_frame_equal(state.late_frame, copy)
    late = state.late_arrays
    assert late.rows.tolist() == copy.index.tolist()
    assert late.invoice.tolist() == copy["Invoice"].tolist()
    assert late.customer.tolist() == copy["Customer"].tolist() and late.currency.tolist() == copy["Currency"].tolist()
    for name, column in (("days", "Days"), ("amount", "Amount"), ("applied", "Applied"), ("net_cents", "Net cents")):
        assert getattr(late, name).tolist() == copy[column].tolist()
    assert late.held.tolist() == (copy["Held"] != "").tolist() and late.held.any()
    assert late.applied_cents.tolist() == (copy["Cents"] - copy["Net cents"]).tolist() and late.applied.any()
    assert late.due_day.tolist() == copy["Due day"].astype(np.int64).tolist()
    assert late.bounds == {("A", "EUR"): (0, 1), ("A", "GBP"): (1, 5), ("B", "GBP"): (5, 6), ("C", "GBP"): (6, 7)}
    assert [late.record(i) for i in range(len(copy))] == copy.to_dict("records")
    assert late.column("Invoice Date", np.array([2, 0])).tolist() == copy["Invoice Date"].take([2, 0]).tolist()
    for key in zip(state.accounts["Customer"], state.accounts["Currency"]):
        assert state.late_items(*key) == [r for r in copy.to_dict("records") if (r["Customer"], r["Currency"]) == key]
        mine = items[(items["Customer"] == key[0]) & (items["Currency"] == key[1])]
        pd.testing.assert_frame_equal(state.account_items(*key),
                                      mine.sort_values(["Customer", "Currency", "Due day", "Invoice"], kind="stable"))
