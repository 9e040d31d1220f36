"""Single-loan amortisation against published figures, reconciled to the cent."""

import math
from datetime import date, datetime

import numpy_financial as npf
import pytest

from debtdesk.amortize import COLUMNS, amortize, level_payment
from debtdesk.errors import DebtDeskError
from debtdesk.money import to_cents


def cents(column):
    return sum(to_cents(v) for v in column)


def assert_reconciles(schedule, principal):
    """DESIGN.md §3: final balance 0.00, Σ principal = amount borrowed, payment = interest + principal."""
    assert list(schedule.columns) == COLUMNS
    assert schedule["Balance"].iloc[-1] == 0.0
    assert cents(schedule["Principal"]) == to_cents(principal)
    assert cents(schedule["Payment"]) == cents(schedule["Principal"]) + cents(schedule["Interest"])
    for row in schedule.itertuples():
        assert to_cents(row.Payment) == to_cents(row.Interest) + to_cents(row.Principal)
    running = to_cents(principal)
    for row in schedule.itertuples():
        running -= to_cents(row.Principal)
        assert to_cents(row.Balance) == running
    assert list(schedule["Period"]) == list(range(1, len(schedule) + 1))


# --- the level payment: published examples ----------------------------------------------------

def test_level_payment_numpy_financial_pmt_docstring_example():
    # numpy-financial's pmt docstring: npf.pmt(0.075/12, 12*15, 200000) = -1854.0247200054619,
    # "a monthly payment of $1,854.02 would be required".
    assert level_payment(200000, 0.075, 15 * 12) == 1854.02


def test_level_payment_excel_pmt_help_examples():
    # Microsoft's PMT help: =PMT(8%/12, 10, 10000) is ($1,037.03);
    # with payments due at the beginning of the period (type 1), ($1,030.16).
    assert level_payment(10000, 0.08, 10) == 1037.03
    assert level_payment(10000, 0.08, 10, when="begin") == 1030.16


def test_level_payment_at_zero_rate_is_principal_over_payments():
    assert level_payment(1000, 0, 12) == 83.33
    assert level_payment(1000, 0, 12, payments_per_year=26) == 38.46  # 1000 / 26 = 38.4615...


def test_level_payment_other_frequencies_follow_npf_pmt():
    # quarterly over 5 years: 20 payments at 6% / 4; -npf.pmt(0.015, 20, 10000) = 582.4573...
    assert level_payment(10000, 0.06, 60, payments_per_year=4) == 582.46


# --- schedules ------------------------------------------------------------------------------

def test_schedule_matches_numpy_financial_ipmt_docstring_table():
    # numpy-financial's ipmt docstring: $2,500 over 1 year at 8.24% monthly; the published table
    # (principal part, interest part, balance) and total interest 112.98. Our interest is rounded
    # to the cent each month, so each interest figure agrees to within a cent, the total within 2
    # cents, and the final payment's principal takes up the (2-cent) residue.
    published = [
        (200.58, 17.17, 2299.42), (201.96, 15.79, 2097.46), (203.35, 14.40, 1894.11),
        (204.74, 13.01, 1689.37), (206.15, 11.60, 1483.22), (207.56, 10.18, 1275.66),
        (208.99, 8.76, 1066.67), (210.42, 7.32, 856.25), (211.87, 5.88, 644.38),
        (213.32, 4.42, 431.05), (214.79, 2.96, 216.26), (216.26, 1.49, 0.00),
    ]
    schedule = amortize(2500, 0.0824, 12)
    assert_reconciles(schedule, 2500)
    assert len(schedule) == 12
    for row, (principal, interest, balance) in zip(schedule.itertuples(), published):
        assert abs(to_cents(row.Principal) - to_cents(principal)) <= 2
        assert abs(to_cents(row.Interest) - to_cents(interest)) <= 1
        assert abs(to_cents(row.Balance) - to_cents(balance)) <= 3
    assert abs(cents(schedule["Interest"]) - 11298) <= 2
    # the first five months agree exactly with the published table
    assert [row.Interest for row in schedule.head(5).itertuples()] == [17.17, 15.79, 14.40, 13.01, 11.60]
    assert set(schedule["Payment"].iloc[:-1]) == {217.75}  # npf.pmt(0.0824/12, 12, 2500) = -217.7466...


def test_thirty_year_mortgage_reconciles_exactly():
    schedule = amortize(200000, 0.075, 360)
    assert_reconciles(schedule, 200000)
    assert len(schedule) == 360
    assert schedule["Payment"].iloc[0] == 1398.43  # -npf.pmt(0.075/12, 360, 200000) = 1398.4280...
    assert schedule["Interest"].iloc[0] == 1250.00  # 200000 × 0.075 / 12
    # The final payment absorbs the rounding residue. Paying 1398.43 instead of 1398.4290 overpays by
    # npf.fv(0.075/12, 360, -1398.43, 200000) = 1.32 by the end, so the last payment is about
    # 1398.43 - 1.32 = 1397.11; cent-rounded monthly interest moves that by cents only.
    assert abs(schedule["Payment"].iloc[-1] - (1398.43 - npf.fv(0.075 / 12, 360, -1398.43, 200000))) < 0.50


def test_interest_is_rounded_half_up_not_bankers():
    # 1001 × 0.06 / 12 = 5.005 exactly: half-up gives 5.01, banker's rounding would give 5.00.
    assert amortize(1001, 0.06, 12)["Interest"].iloc[0] == 5.01


def test_begin_mode_has_no_interest_in_period_one_and_first_payment_on_start_date():
    schedule = amortize(10000, 0.08, 10, start_date=date(2024, 1, 15), when="begin")
    assert_reconciles(schedule, 10000)
    first = schedule.iloc[0]
    assert (first["Date"], first["Payment"], first["Interest"], first["Principal"]) == \
        (date(2024, 1, 15), 1030.16, 0.0, 1030.16)
    assert schedule["Interest"].iloc[1] == 59.80  # (10000 - 1030.16) × 0.08 / 12 = 59.7989 -> 59.80
    assert schedule["Date"].iloc[-1] == date(2024, 10, 15)


def test_end_mode_first_payment_one_period_after_start_with_month_end_clamping():
    schedule = amortize(1000, 0.12, 3, start_date=date(2024, 1, 31))
    assert list(schedule["Date"]) == [date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)]
    assert list(schedule["Interest"]) == [10.00, 6.70, 3.37]
    assert list(schedule["Payment"]) == [340.02, 340.02, 340.03]


@pytest.mark.parametrize("per_year, months, expected_dates", [
    (52, 3, [date(2024, 1, 8), date(2024, 1, 15), date(2024, 1, 22)]),
    (26, 6, [date(2024, 1, 15), date(2024, 1, 29), date(2024, 2, 12)]),
    (24, 1, [date(2024, 1, 16), date(2024, 2, 1)]),
    (4, 12, [date(2024, 4, 1), date(2024, 7, 1), date(2024, 10, 1), date(2025, 1, 1)]),
    (2, 12, [date(2024, 7, 1), date(2025, 1, 1)]),
    (1, 24, [date(2025, 1, 1), date(2026, 1, 1)]),
])
def test_dates_step_by_frequency(per_year, months, expected_dates):
    schedule = amortize(5000, 0.1, months, start_date=datetime(2024, 1, 1), payments_per_year=per_year)
    assert_reconciles(schedule, 5000)
    assert len(schedule) == months * per_year // 12
    assert list(schedule["Date"])[:len(expected_dates)] == expected_dates


def test_semimonthly_dates_from_month_end_stay_on_15th_and_month_end():
    schedule = amortize(600, 0.0, 2, start_date=date(2024, 1, 31), payments_per_year=24)
    assert list(schedule["Date"]) == [date(2024, 2, 15), date(2024, 2, 29), date(2024, 3, 15), date(2024, 3, 31)]
    assert list(schedule["Payment"]) == [150.0] * 4


def test_no_start_date_gives_empty_dates():
    assert amortize(1000, 0.05, 6)["Date"].isna().all()


def test_zero_rate_splits_principal_and_last_payment_takes_residue():
    schedule = amortize(1000, 0, 3)
    assert list(schedule["Payment"]) == [333.33, 333.33, 333.34]
    assert schedule["Interest"].sum() == 0
    assert_reconciles(schedule, 1000)


def test_extra_payment_shortens_schedule_and_saves_interest():
    base = amortize(10000, 0.08, 60)
    faster = amortize(10000, 0.08, 60, extra_payment=100)
    assert_reconciles(faster, 10000)
    assert faster["Payment"].iloc[0] == base["Payment"].iloc[0] + 100 == 302.76  # 202.76 + 100
    assert len(faster) < len(base) == 60
    # npf.nper(0.08/12, -302.76, 10000) = 37.43 payments: 37 full ones and a smaller 38th.
    assert len(faster) == math.ceil(npf.nper(0.08 / 12, -302.76, 10000)) == 38
    assert cents(faster["Interest"]) < cents(base["Interest"])
    assert faster["Payment"].iloc[-1] <= 302.76


def test_large_extra_payment_clears_in_one_period():
    schedule = amortize(1000, 0.12, 12, extra_payment=5000)
    assert len(schedule) == 1
    assert list(schedule.iloc[0][["Payment", "Interest", "Principal", "Balance"]]) == [1010.0, 10.0, 1000.0, 0.0]


# --- bad input -----------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, message", [
    (dict(principal=0), "principal: 0 must be greater than 0"),
    (dict(principal=-5), "principal: -5 must be greater than 0"),
    (dict(principal=float("nan")), "principal: is empty (expected a number)"),
    (dict(principal="abc"), "principal: 'abc' is not a number"),
    (dict(annual_rate=-0.01), "annual_rate: -0.01 must be at least 0"),
    (dict(annual_rate=24), "annual_rate: 24 is above 10"),
    (dict(annual_rate=float("inf")), "annual_rate: inf is not a finite number"),
    (dict(months=0), "months: 0 must be greater than 0"),
    (dict(months=12.5), "months: 12.5 must be a whole number"),
    (dict(months=7, payments_per_year=26), "months: 7 months at 26 payments a year is 15.1667 payments"),
    (dict(payments_per_year=13), "payments_per_year: 13 must be one of 1, 2, 4, 12, 24, 26, 52"),
    (dict(when="middle"), "when: 'middle' must be one of end, begin"),
    (dict(extra_payment=-1), "extra_payment: -1 must be at least 0"),
    (dict(start_date="2024-01-01"), "start_date: '2024-01-01' is not a date"),
])
def test_bad_input_names_argument_and_expectation(kwargs, message):
    args = dict(principal=1000, annual_rate=0.1, months=12) | kwargs
    with pytest.raises(DebtDeskError) as error:
        amortize(**args)
    assert str(error.value).startswith(message)


def test_level_payment_bad_input():
    with pytest.raises(DebtDeskError, match="^months: 0 must be greater than 0"):
        level_payment(1000, 0.1, 0)


def test_an_amount_beyond_any_real_loan_is_refused():
    with pytest.raises(DebtDeskError, match=r"^principal: 1e\+300 is too large \(at most 1e\+15\)$"):
        amortize(1e300, 0.05, 12)
