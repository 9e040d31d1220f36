"""Collections cell functions: Excel-shaped input, published values, grand total row, bad input."""

from datetime import datetime

import pytest

import debtdesk.udfs as udfs
from debtdesk.errors import DebtDeskError
from debtdesk.udfs import collections as module

LEDGER = [["Client", "Invoice no", "Posting date", "Due", "Invoiced", "Paid"],
          ["Acme", "I1", "2023-11-01", 45261.0, 1000.0, 250.0],
          ["Acme", "I2", datetime(2024, 2, 1), "2024-03-01", 500.0, None],
          ["Bolt", "PAY-1", "2024-03-10", None, -120.0, None],
          [None, None, None, None, None, None]]


def test_catalogue_names_and_order_are_pinned():
    assert module.__all__ == ["DD_AGE_DAYS", "DD_AGE_BUCKET", "DD_AGEING", "DD_DSO", "DD_DSO_COUNTBACK", "DD_BEST_DSO",
                              "DD_ADD", "DD_CEI", "DD_ALLOWANCE", "DD_DUNNING", "DD_PTP_STATUS", "DD_CONTACT_CHECK",
                              "DD_WORKLIST", "DD_LATE_PAYMENT"]
    assert list(udfs.DD_AGEING.argument_docs) == ["ledger", "as_of", "edges", "basis"]
    assert list(udfs.DD_PTP_STATUS.argument_docs) == ["promised_amount", "promised_date", "payment_dates",
                                                      "payment_amounts", "as_of", "tolerance_days"]


def test_ageing_spills_with_grand_total_row():
    out = udfs.DD_AGEING(LEDGER, [["2024-03-31"]])
    assert out[0] == ["Customer", "Current", "1-30", "31-60", "61-90", "91+", "Unallocated", "Total"]
    assert out[1] == ["Acme", 0.0, 500.0, 0.0, 0.0, 750.0, 0.0, 1250.0]
    assert out[-1] == ["Total", 0.0, 500.0, 0.0, 0.0, 750.0, -120.0, 1130.0]
    assert udfs.DD_AGEING(LEDGER, 45382.0, [[60.0], [120.0]], "Invoice")[0][1:4] == ["Current", "1-60", "61-120"]


def test_scalar_functions_reproduce_published_values():
    assert udfs.DD_AGE_DAYS("2024-01-31", 45352.0) == 30
    assert udfs.DD_AGE_BUCKET([["2024-01-31"]], "2024-03-31", None) == "31-60"
    assert round(udfs.DD_DSO(150000, 1800000, 365), 1) == 30.4
    assert round(udfs.DD_DSO_COUNTBACK(212000, [[100000.0], [80000.0], [70000.0]], 30), 1) == 73.7
    assert round(udfs.DD_BEST_DSO(8000, 30000, 28), 2) == 7.47
    assert udfs.DD_ADD(120000, 80000, 100000, 30) == pytest.approx(12)
    assert round(udfs.DD_CEI(6200, 10890, 6340, 3590, 3), 3) == 0.559
    assert udfs.DD_ALLOWANCE([76000.0, 14000.0, 6000.0, 3000.0, 1000.0], [[0.01, 0.05, 0.1, 0.25, 0.5]]) == 3310.0
    assert udfs.DD_DUNNING(100, 20, "8%", 20) == 20.44
    assert udfs.DD_PTP_STATUS(500, "2024-03-15", [["2024-03-14"], [None]], [[500.0], [None]], "2024-03-20") == "Kept"
    assert udfs.DD_PTP_STATUS(500, "2024-03-15", None, None, "2024-03-17", 3) == "Open"
    assert udfs.DD_CONTACT_CHECK([[None]], "2020-08-20 10:00-04:00", ["2020-08-14 11:00"], "NY").startswith(
        "Reg F 1006.14(b)(2)(i)(B)")
    assert udfs.DD_CONTACT_CHECK(None, "2020-08-21 10:00-04:00", "2020-08-14 11:00", "NY") == "OK"
    assert udfs.DD_LATE_PAYMENT(2000, "2024-03-01", "2024-04-15", "4.25%")[-1] == ["Total claim", 100.21]


def test_worklist_spills():
    out = udfs.DD_WORKLIST(LEDGER, "2024-03-31", None, [["Customer", "Invoice"], ["Acme", "I1"]], None)
    assert out[0] == ["Rank", "Customer", "Amount overdue", "Oldest days", "Score", "Status", "Reason"]
    assert out[1][:5] == [1, "Acme", 500.0, 30, 15000.0]


@pytest.mark.parametrize("call, message", [
    (lambda: udfs.DD_AGE_DAYS("#N/A", "2024-01-01"), "DD_AGE_DAYS: due_date: holds the Excel error #N/A"),
    (lambda: udfs.DD_AGE_DAYS("2024-01-01", None), "DD_AGE_DAYS: as_of: is empty"),
    (lambda: udfs.DD_AGE_DAYS([1.0, 2.0], "2024-01-01"), "DD_AGE_DAYS: due_date: expected one cell"),
    (lambda: udfs.DD_AGE_BUCKET("2024-01-01", "2024-02-01", [30, 10]), "DD_AGE_BUCKET: edges: 10 must be greater"),
    (lambda: udfs.DD_AGE_BUCKET("2024-01-01", "2024-02-01", "abc"), "DD_AGE_BUCKET: edges row 1: 'abc' is not a number"),
    (lambda: udfs.DD_AGEING([["Customer", "Amount"], ["A", 1.0]], "2024-01-01"),
     "DD_AGEING: ledger: missing column Invoice, Invoice Date, Due Date (found 'Customer', 'Amount')"),
    (lambda: udfs.DD_AGEING(5.0, "2024-01-01"), "DD_AGEING: ledger: expected a range with a header row"),
    (lambda: udfs.DD_AGEING(LEDGER[:2] + [["Acme", "I9", "2024-01-01", "2024-02-30", 5.0, None]], "2024-03-31"),
     "DD_AGEING: ledger row 2: Due Date '2024-02-30' is not a real date"),
    (lambda: udfs.DD_AGEING(LEDGER, "2024-03-31", None, "posting"), "DD_AGEING: basis: 'posting' is not one of due, invoice"),
    (lambda: udfs.DD_DSO(100, 0, 30), "DD_DSO: credit_sales: is 0"),
    (lambda: udfs.DD_DSO("abc", 1, 30), "DD_DSO: ending_ar: 'abc' is not a number"),
    (lambda: udfs.DD_DSO(100, 10, None), "DD_DSO: days: is empty"),
    (lambda: udfs.DD_DSO_COUNTBACK(100, [[1.0, 2.0], [3.0, 4.0]], 30), "DD_DSO_COUNTBACK: monthly_sales: expected a single row or column"),
    (lambda: udfs.DD_DSO_COUNTBACK(100, [50.0], [[30.0], [31.0]]), "DD_DSO_COUNTBACK: month_days: has 2 values"),
    (lambda: udfs.DD_BEST_DSO(-5, 10, 30), "DD_BEST_DSO: current_ar: -5 must be at least 0"),
    (lambda: udfs.DD_ADD(10, 20, 10, 30), "DD_ADD: current_ar: 20 cannot exceed ending_ar 10"),
    (lambda: udfs.DD_CEI(100, 10, 50, 20, 1.5), "DD_CEI: months: 1.5 is not a whole number"),
    (lambda: udfs.DD_CEI("#DIV/0!", 10, 50, 20), "DD_CEI: beginning_ar: holds the Excel error #DIV/0!"),
    (lambda: udfs.DD_ALLOWANCE([1.0, 2.0], [0.1]), "DD_ALLOWANCE: loss_rates: has 1 rates"),
    (lambda: udfs.DD_ALLOWANCE([1.0], [1.5]), "DD_ALLOWANCE: loss_rates row 1: 1.5 must be at most 1"),
    (lambda: udfs.DD_DUNNING(100, 2.5, 0.08, 0), "DD_DUNNING: days_overdue: 2.5 is not a whole number"),
    (lambda: udfs.DD_DUNNING(100, 10, 0.08, -1), "DD_DUNNING: fee: -1 must be at least 0"),
    (lambda: udfs.DD_PTP_STATUS(500, "2024-03-15", ["2024-03-01", "bad"], [1.0, 2.0], "2024-03-20"),
     "DD_PTP_STATUS: payment_dates row 2: 'bad' is not a date"),
    (lambda: udfs.DD_PTP_STATUS(0, "2024-03-15", None, None, "2024-03-20"), "DD_PTP_STATUS: promised_amount: 0 must be greater than 0"),
    (lambda: udfs.DD_PTP_STATUS(5, "2024-03-15", None, None, "2024-03-20", -2), "DD_PTP_STATUS: tolerance_days: -2 must be at least 0"),
    (lambda: udfs.DD_CONTACT_CHECK(None, None), "DD_CONTACT_CHECK: proposed_time: is empty"),
    (lambda: udfs.DD_CONTACT_CHECK([["x"]], "2024-01-01 10:00"), "DD_CONTACT_CHECK: call_times row 1: 'x' is not a date-time"),
    (lambda: udfs.DD_WORKLIST(LEDGER, "2024-03-31", [["Customer"], ["A"]]), "DD_WORKLIST: promises: missing column Status"),
    (lambda: udfs.DD_WORKLIST(LEDGER, "2024-03-31", None, None, [["Customer", "Contact Time", "Type"], ["A", "soon", "attempt"]]),
     "DD_WORKLIST: contacts row 1: 'soon' is not a date-time"),
])
def test_bad_inputs_name_function_argument_row_and_expectation(call, message):
    with pytest.raises(DebtDeskError) as error:
        call()
    assert str(error.value).startswith(message)
