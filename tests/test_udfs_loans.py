"""DD_AMORTIZE and DD_APR as Excel calls them: scalars, ranges, empty cells, serials, ISO text."""

from datetime import date, datetime

import pytest

import debtdesk.udfs as udfs
from debtdesk.dates import add_months, to_serial
from debtdesk.errors import DebtDeskError
from debtdesk.udfs.loans import DD_AMORTIZE, DD_APR, __all__ as exported

HEADER = ["Period", "Date", "Payment", "Interest", "Principal", "Balance"]


def test_exported_and_registered_with_wizard_help():
    assert exported == ["DD_AMORTIZE", "DD_APR"]
    assert udfs.DD_AMORTIZE is DD_AMORTIZE and udfs.DD_APR is DD_APR
    for fn in (DD_AMORTIZE, DD_APR):
        assert fn.category == "DebtDesk"
        assert "Example: =" in fn.__doc__
        assert all(doc.strip() for doc in fn.argument_docs.values())
    assert list(DD_AMORTIZE.argument_docs) == ["principal", "annual_rate", "months", "start_date",
                                               "extra_payment", "payments_per_year", "when"]
    assert list(DD_APR.argument_docs) == ["amount_financed", "advance_date", "payment_dates", "payment_amounts"]


# --- DD_AMORTIZE ---------------------------------------------------------------------------

def test_amortize_excel_pmt_example_spills_a_reconciled_table():
    # Excel's PMT help: =PMT(8%/12, 10, 10000) is (1,037.03).
    table = DD_AMORTIZE(10000.0, 0.08, 10.0)
    assert table[0] == HEADER
    assert len(table) == 11
    assert table[1] == [1, None, 1037.03, 66.67, 970.36, 9029.64]
    assert table[-1][5] == 0.0
    assert round(sum(r[4] for r in table[1:]), 2) == 10000.00
    assert all(r[1] is None for r in table[1:])


@pytest.mark.parametrize("start", [datetime(2024, 1, 31), date(2024, 1, 31), float(to_serial(date(2024, 1, 31))),
                                   "2024-01-31", [[datetime(2024, 1, 31)]]])
def test_amortize_start_date_in_every_excel_form(start):
    table = DD_AMORTIZE(1000.0, 0.12, 3.0, start)
    assert [r[1] for r in table[1:]] == [datetime(2024, 2, 29), datetime(2024, 3, 31), datetime(2024, 4, 30)]
    assert [r[2] for r in table[1:]] == [340.02, 340.02, 340.03]


def test_amortize_optional_arguments_left_empty_take_defaults():
    assert DD_AMORTIZE(1000.0, 0.12, 3.0, None, None, None, None) == DD_AMORTIZE(1000.0, 0.12, 3.0)
    assert DD_AMORTIZE(1000.0, 0.12, 3.0, [[None]], "", [[None]], None) == DD_AMORTIZE(1000.0, 0.12, 3.0)


def test_amortize_percent_text_and_one_cell_ranges():
    assert DD_AMORTIZE([[10000.0]], "8%", [10.0]) == DD_AMORTIZE(10000.0, 0.08, 10.0)


@pytest.mark.parametrize("when", ["begin", " Begin ", 1.0, 1])
def test_amortize_begin_also_accepts_excel_type_1(when):
    # Excel's PMT help: =PMT(8%/12, 10, 10000, 0, 1) is (1,030.16).
    table = DD_AMORTIZE(10000.0, 0.08, 10.0, "2024-01-15", None, None, when)
    assert table[1] == [1, datetime(2024, 1, 15), 1030.16, 0.0, 1030.16, 8969.84]


def test_amortize_extra_payment_and_frequency():
    table = DD_AMORTIZE(5000.0, 0.1, 12.0, None, 50.0, 26.0)
    assert table[1][2] == 202.45 + 50  # -npf.pmt(0.1/26, 26, 5000) = 202.4526...
    assert len(table) - 1 < 26
    assert table[-1][5] == 0.0


@pytest.mark.parametrize("args, message", [
    (("abc", 0.1, 12), "DD_AMORTIZE: principal: 'abc' is not a number"),
    ((None, 0.1, 12), "DD_AMORTIZE: principal: is empty (expected a number)"),
    ((-100.0, 0.1, 12), "DD_AMORTIZE: principal: -100 must be greater than 0"),
    ((0.0, 0.1, 12), "DD_AMORTIZE: principal: 0 must be greater than 0"),
    ((float("nan"), 0.1, 12), "DD_AMORTIZE: principal: is empty (expected a number)"),
    (("#N/A", 0.1, 12), "DD_AMORTIZE: principal: holds the Excel error #N/A (expected a number)"),
    (([[1000.0, 2000.0]], 0.1, 12), "DD_AMORTIZE: principal: expected one cell, got a range of 2 cells"),
    ((1000.0, "x", 12), "DD_AMORTIZE: annual_rate: 'x' is not a number"),
    ((1000.0, None, 12), "DD_AMORTIZE: annual_rate: is empty (expected a number)"),
    ((1000.0, -0.05, 12), "DD_AMORTIZE: annual_rate: -0.05 must be at least 0"),
    ((1000.0, float("inf"), 12), "DD_AMORTIZE: annual_rate: inf is not a finite number"),
    ((1000.0, 24.0, 12), "DD_AMORTIZE: annual_rate: 24 would be 2400% a year: rates are fractions (24% is 0.24)"),
    ((1000.0, "2400%", 12), "DD_AMORTIZE: annual_rate: 24 is above 10 (1000% a year)"),
    ((1000.0, "#VALUE!", 12), "DD_AMORTIZE: annual_rate: holds the Excel error #VALUE!"),
    ((1000.0, 0.1, None), "DD_AMORTIZE: months: is empty (expected a number)"),
    ((1000.0, 0.1, 0.0), "DD_AMORTIZE: months: 0 must be greater than 0"),
    ((1000.0, 0.1, -12.0), "DD_AMORTIZE: months: -12 must be greater than 0"),
    ((1000.0, 0.1, 12.5), "DD_AMORTIZE: months: 12.5 is not a whole number"),
    ((1000.0, 0.1, "#N/A"), "DD_AMORTIZE: months: holds the Excel error #N/A"),
    ((1000.0, 0.1, 12, "2024-02-30"), "DD_AMORTIZE: start_date: '2024-02-30' is not a real date"),
    ((1000.0, 0.1, 12, "soon"), "DD_AMORTIZE: start_date: 'soon' is not a date"),
    ((1000.0, 0.1, 12, -3.0), "DD_AMORTIZE: start_date: serial -3.0 is outside Excel's dates"),
    ((1000.0, 0.1, 12, "#N/A"), "DD_AMORTIZE: start_date: holds the Excel error #N/A"),
    ((1000.0, 0.1, 12, None, -10.0), "DD_AMORTIZE: extra_payment: -10 must be at least 0"),
    ((1000.0, 0.1, 12, None, "lots"), "DD_AMORTIZE: extra_payment: 'lots' is not a number"),
    ((1000.0, 0.1, 12, None, None, 13.0), "DD_AMORTIZE: payments_per_year: 13 must be one of 1, 2, 4, 12, 24, 26, 52"),
    ((1000.0, 0.1, 12, None, None, 12.5), "DD_AMORTIZE: payments_per_year: 12.5 is not a whole number"),
    ((1000.0, 0.1, 12, None, None, "#REF!"), "DD_AMORTIZE: payments_per_year: holds the Excel error #REF!"),
    ((1000.0, 0.1, 7, None, None, 26.0), "DD_AMORTIZE: months: 7 months at 26 payments a year"),
    ((1000.0, 0.1, 12, None, None, None, "later"), "DD_AMORTIZE: when: 'later' is not one of end, begin"),
    ((1000.0, 0.1, 12, None, None, None, 2.0), "DD_AMORTIZE: when: '2.0' is not one of end, begin"),
])
def test_amortize_bad_input(args, message):
    with pytest.raises(DebtDeskError) as error:
        DD_AMORTIZE(*args)
    assert str(error.value).startswith(message)


# --- DD_APR ----------------------------------------------------------------------------------

DATES_C1I = [add_months(date(1978, 2, 10), k) for k in range(24)]


def test_apr_appendix_j_c1i_from_a_column_range_with_headers():
    # Appendix J example (c)(1)(i): $5,000, 24 monthly payments of $230 from 1978-02-10, APR 9.69%.
    dates = [["Payment date"]] + [[datetime(d.year, d.month, d.day)] for d in DATES_C1I]
    amounts = [["Amount"]] + [[230.0]] * 24
    assert round(DD_APR(5000.0, datetime(1978, 1, 10), dates, amounts) * 100, 2) == 9.69


def test_apr_dates_as_serials_and_iso_text_in_rows():
    serials = [[float(to_serial(d)) for d in DATES_C1I]]
    texts = [d.isoformat() for d in DATES_C1I]
    amounts = [[250.0] + [230.0] * 23]  # (c)(2)(i): irregular first payment, APR 10.08%
    assert round(DD_APR(5000.0, "1978-01-10", serials, amounts) * 100, 2) == 10.08
    assert round(DD_APR(5000.0, to_serial(date(1978, 1, 10)), texts, amounts) * 100, 2) == 10.08


def test_apr_single_payment_as_scalars():
    # Appendix J example (c)(5)(i): $1,000 on 1978-01-03, $1,080 on 1978-09-15, APR 11.45%.
    assert round(DD_APR(1000.0, "1978-01-03", "1978-09-15", 1080.0) * 100, 2) == 11.45


def test_apr_blanks_on_different_rows_are_refused_not_re_paired():
    # A date missing in row 3 and an amount missing in row 5: closing up the gaps would pay
    # 260.0 (row 4's amount) on row 5's date. Rows empty in both ranges are fine.
    dates = [[d] for d in DATES_C1I[:6]]
    amounts = [[230.0], [230.0], [230.0], [260.0], [230.0], [230.0]]
    dates[2], amounts[4] = [None], [None]
    with pytest.raises(DebtDeskError, match=r"^DD_APR: payment_dates row 3: is empty but payment_amounts row 3 "
                                            r"holds 230.0 \(expected a date for every amount"):
        DD_APR(1000.0, date(1978, 1, 10), dates, amounts)
    dates[2], amounts[2] = [DATES_C1I[2]], [None]
    with pytest.raises(DebtDeskError, match=r"^DD_APR: payment_amounts row 3: is empty but payment_dates row 3 holds 1978-04-10"):
        DD_APR(1000.0, date(1978, 1, 10), dates, amounts)
    both = [[d] for d in DATES_C1I[:3]] + [[None]] + [[d] for d in DATES_C1I[3:24]]
    paired = [[230.0]] * 3 + [[None]] + [[230.0]] * 21
    assert round(DD_APR(5000.0, date(1978, 1, 10), both, paired) * 100, 2) == 9.69


def test_apr_trailing_empty_cells_in_a_selection_are_ignored():
    dates = [[d] for d in DATES_C1I] + [[None], [None]]
    amounts = [[230.0]] * 24 + [[None], [None]]
    assert round(DD_APR(5000.0, date(1978, 1, 10), dates, amounts) * 100, 2) == 9.69


@pytest.mark.parametrize("args, message", [
    (("abc", "2024-01-01", ["2024-02-01"], [1010.0]), "DD_APR: amount_financed: 'abc' is not a number"),
    ((None, "2024-01-01", ["2024-02-01"], [1010.0]), "DD_APR: amount_financed: is empty (expected a number)"),
    ((-1000.0, "2024-01-01", ["2024-02-01"], [1010.0]), "DD_APR: amount_financed: -1000 must be greater than 0"),
    ((0.0, "2024-01-01", ["2024-02-01"], [1010.0]), "DD_APR: amount_financed: 0 must be greater than 0"),
    ((float("inf"), "2024-01-01", ["2024-02-01"], [1010.0]), "DD_APR: amount_financed: inf is not a finite number"),
    (("#N/A", "2024-01-01", ["2024-02-01"], [1010.0]), "DD_APR: amount_financed: holds the Excel error #N/A"),
    ((1000.0, None, ["2024-02-01"], [1010.0]), "DD_APR: advance_date: is empty"),
    ((1000.0, "2024-13-01", ["2024-02-01"], [1010.0]), "DD_APR: advance_date: '2024-13-01' is not a real date"),
    ((1000.0, "#N/A", ["2024-02-01"], [1010.0]), "DD_APR: advance_date: holds the Excel error #N/A"),
    ((1000.0, "2024-01-01", None, [1010.0]), "DD_APR: payment_dates: is empty (expected a row or a column"),
    ((1000.0, "2024-01-01", [["2024-02-01"], ["2024-02-30"]], [[505.0], [505.0]]),
     "DD_APR: payment_dates row 2: '2024-02-30' is not a real date"),
    ((1000.0, "2024-01-01", [["2024-02-01"], ["#N/A"]], [[505.0], [505.0]]),
     "DD_APR: payment_dates row 2: holds the Excel error #N/A"),
    ((1000.0, "2024-01-01", [["2024-02-01"], [True]], [[505.0], [505.0]]),
     "DD_APR: payment_dates row 2: True is not a date"),
    ((1000.0, "2024-01-01", ["2023-12-01", "2024-02-01"], [505.0, 505.0]),
     "DD_APR: payment_dates row 1: 2023-12-01 must be after the advance_date (2024-01-01)"),
    ((1000.0, "2024-01-01", ["2024-03-01", "2024-02-01"], [505.0, 505.0]),
     "DD_APR: payment_dates row 2: 2024-02-01 must be after the payment date in row 1 (2024-03-01)"),
    ((1000.0, "2024-01-01", [["2024-02-01", "2024-03-01"], ["2024-04-01", "2024-05-01"]], [505.0] * 4),
     "DD_APR: payment_dates: expected a single row or column, got 2 rows × 2 columns"),
    ((1000.0, "2024-01-01", ["2024-02-01", "2024-03-01"], [1010.0]),
     "DD_APR: payment_amounts row 2: is empty but payment_dates row 2 holds '2024-03-01' (expected a date for "
     "every amount and an amount for every date)"),
    ((1000.0, "2024-01-01", ["2024-02-01", "2024-03-01"], [505.0, "abc"]),
     "DD_APR: payment_amounts row 2: 'abc' is not a number"),
    ((1000.0, "2024-01-01", ["2024-02-01", "2024-03-01"], [505.0, -5.0]),
     "DD_APR: payment_amounts row 2: -5 must be greater than 0"),
    ((1000.0, "2024-01-01", ["2024-02-01", "2024-03-01"], [505.0, 0.0]),
     "DD_APR: payment_amounts row 2: 0 must be greater than 0"),
    ((1000.0, "2024-01-01", ["2024-02-01", "2024-03-01"], [505.0, float("nan")]),
     "DD_APR: payment_amounts row 2: is empty but payment_dates row 2 holds '2024-03-01'"),
    ((1000.0, "2024-01-01", ["2024-02-01", "2024-03-01"], [505.0, "#DIV/0!"]),
     "DD_APR: payment_amounts row 2: holds the Excel error #DIV/0!"),
    ((1000.0, "2024-01-01", ["2024-02-01", "2024-03-01"], [400.0, 400.0]),
     "DD_APR: payment_amounts: total 800.00 is less than the amount financed 1,000.00"),
])
def test_apr_bad_input(args, message):
    with pytest.raises(DebtDeskError) as error:
        DD_APR(*args)
    assert str(error.value).startswith(message)
