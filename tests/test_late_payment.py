"""UK Late Payment of Commercial Debts (Interest) Act 1998: statutory interest and fixed compensation."""

import pytest

from debtdesk import udfs
from debtdesk.collections import late_payment
from debtdesk.errors import DebtDeskError


def claim(*args) -> dict:
    return dict(late_payment(*args).values.tolist())


def test_published_example_two_thousand_paid_45_days_late():
    """2,000 paid 45 days late, reference rate 4.25 %: 30.21 interest + 70.00 compensation = 100.21."""
    out = claim(2000, "2024-03-01", "2024-04-15", 0.0425)
    assert out == {"Days late": 45, "Statutory interest rate": 0.1225, "Daily interest": 0.67,
                   "Statutory interest": 30.21, "Fixed compensation": 70.0, "Total claim": 100.21}
    assert udfs.DD_LATE_PAYMENT(2000, "2024-03-01", "2024-04-15", "4.25%") == [
        ["Item", "Amount"], ["Days late", 45], ["Statutory interest rate", 0.1225], ["Daily interest", 0.67],
        ["Statutory interest", 30.21], ["Fixed compensation", 70.0], ["Total claim", 100.21]]


@pytest.mark.parametrize("amount, fixed", [(999.99, 40.0), (1000.0, 70.0), (9999.99, 70.0), (10000.0, 100.0)])
def test_fixed_compensation_by_the_size_of_the_debt(amount, fixed):
    assert claim(amount, "2024-03-01", "2024-03-02", 0.05)["Fixed compensation"] == fixed


def test_nothing_is_claimable_before_the_debt_is_late():
    out = claim(5000, "2024-03-01", "2024-03-01", 0.05)
    assert (out["Days late"], out["Statutory interest"], out["Fixed compensation"], out["Total claim"]) == (0, 0, 0, 0)


def test_interest_is_simple_and_counted_daily_half_up():
    # 10,000 at 13 % for 365 days is exactly 1,300.00; for one day 3.5616... -> 3.56.
    assert claim(10000, "2023-01-01", "2024-01-01", 0.05)["Statutory interest"] == 1300.0
    assert claim(10000, "2023-01-01", "2023-01-02", 0.05)["Statutory interest"] == 3.56


def test_a_reference_rate_typed_as_a_percentage_number_is_refused():
    with pytest.raises(DebtDeskError, match=r"^DD_LATE_PAYMENT: reference_rate: 4.25 must be at most 1 "
                                            r"\(rates are fractions: 4.25% is 0.0425\)$"):
        udfs.DD_LATE_PAYMENT(2000, "2024-03-01", "2024-04-15", 4.25)
