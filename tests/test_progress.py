"""Plan vs actual: status per instalment, variance, re-projection, review due."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from debtdesk.errors import DebtDeskError
from debtdesk.progress import progress


def table(rows):
    return pd.DataFrame(rows[1:], columns=rows[0])


PLAN = table([["Month", "Planned"]] + [[f"2024-{m:02d}-05", 150.0] for m in range(1, 13)])


def test_statuses_variance_and_projection():
    paid = table([["Date", "Amount"], ["2024-01-03", 150.0], ["2024-02-05", 100.0],
                  ["2024-04-01", 150.0], ["2024-04-20", 50.0], ["2024-05-02", 75.0]])
    result = progress(PLAN, paid, date(2024, 5, 10))
    head = result.schedule.head(6)
    assert head["Status"].tolist() == ["Paid", "Part paid", "Missed", "Paid", "Part paid", "Future"]
    assert head["Paid"].tolist() == [150.0, 100.0, 0.0, 200.0, 75.0, 0.0]
    assert head["Variance"].tolist()[:5] == [0.0, -50.0, -150.0, 50.0, -75.0]
    assert head["Cumulative variance"].tolist()[:5] == [0.0, -50.0, -200.0, -150.0, -225.0]
    assert head["Variance"].isna().tolist()[5]
    assert (result.missed, result.part_paid) == (1, 2)
    # 225 behind at 150 a month: ceil(1.5) = 2 months after the last instalment (2024-12-05).
    assert result.projected_end == date(2025, 2, 5)
    assert result.review_due == date(2025, 1, 5)
    assert result.review_reason == "Annual review (plan anniversary 1)"


def test_due_in_the_as_of_month_and_early_payment():
    paid = table([["Date", "Amount"], ["2024-01-05", 150.0], ["2024-02-01", 300.0]])
    result = progress(PLAN, paid, "2024-02-03")
    assert result.schedule["Status"].tolist()[:3] == ["Paid", "Paid", "Future"]
    # 150 ahead: one final instalment earlier.
    assert result.projected_end == date(2024, 11, 5)
    result = progress(PLAN, table([["Date", "Amount"], ["2024-01-05", 150.0]]), "2024-02-03")
    assert result.schedule["Status"].tolist()[1] == "Due"
    assert result.projected_end == date(2024, 12, 5)


def test_two_missed_payments_make_a_review_due_now():
    result = progress(PLAN, None, 45390)  # Excel serial for 2024-04-08
    assert result.missed == 4  # January to April, all due on the 5th
    assert result.review_due == date(2024, 4, 8)
    assert result.review_reason == "Material change: 4 missed payments"
    assert result.projected_end == date(2025, 4, 5)  # 600 behind = 4 instalments of 150


def test_income_change_over_ten_percent_is_a_material_change():
    paid = table([["Date", "Amount"], ["2024-01-05", 150.0]])
    same = progress(PLAN, paid, "2024-01-20", income_at_start=2000, income_now=2200)
    assert same.review_due == date(2025, 1, 5)  # exactly 10 %: not more than 10 %
    fell = progress(PLAN, paid, "2024-01-20", income_at_start=2000, income_now=1700)
    assert fell.review_due == date(2024, 1, 20)
    assert fell.review_reason == "Material change: income fell by 15% (more than 10%)"


def test_anniversary_on_the_day():
    paid = table([["Date", "Amount"]] + [[f"2024-{m:02d}-05", 150.0] for m in range(1, 13)])
    plan = table([["Due", "Instalment"]] + [[f"{2024 + (m - 1) // 12}-{(m - 1) % 12 + 1:02d}-05", 150.0]
                                           for m in range(1, 25)])
    result = progress(plan, paid, "2025-01-05")
    assert result.review_due == date(2025, 1, 5)
    assert result.schedule["Status"].tolist()[12] == "Missed"


def test_summary_rows():
    result = progress(PLAN, None, "2024-01-10")
    assert result.summary().values.tolist() == [
        ["Missed payments", 1, None], ["Part-paid instalments", 0, None],
        ["Projected debt-free date", date(2025, 1, 5), None],
        ["Review due", date(2025, 1, 5), "Annual review (plan anniversary 1)"]]


@pytest.mark.parametrize("plan, actuals, as_of, message", [
    (PLAN, table([["Date", "Amount"], ["2024-03-01", 10.0]]), "2024-02-01",
     "actuals row 1: payment dated 2024-03-01 is after as_of 2024-02-01"),
    (PLAN, table([["Date", "Amount"], ["2023-12-30", 10.0]]), "2024-02-01",
     "actuals row 1: payment dated 2023-12-30 is before the plan's first month (2024-01-05)"),
    (PLAN, table([["Date", "Amount"], ["2024-01-30", "ten"]]), "2024-02-01",
     "actuals row 1: Amount 'ten' is not a number"),
    (PLAN, table([["Date", "Amount"], ["2024-01-30", 5.0], ["someday", 5.0]]), "2024-02-01",
     "actuals row 2: 'someday' is not a date"),
    (table([["Month", "Planned"], ["2024-01-05", 10.0], ["2024-01-20", 10.0]]), None, "2024-02-01",
     "plan row 2: due date 2024-01-20 is not in a later month than the instalment before it"),
    (table([["Month", "Planned"], ["2024-01-05", 0.0]]), None, "2024-02-01",
     "plan row 1: Planned 0 must be greater than 0"),
    (table([["Month", "Planned"], ["2024-01-05", -3.0]]), None, "2024-02-01",
     "plan row 1: Planned -3 must be at least 0"),
    (table([["When", "Planned"], ["2024-01-05", 3.0]]), None, "2024-02-01",
     "plan: missing column Plan Date (found 'When', 'Planned')"),
    (PLAN, None, "2024-13-01", "as_of: '2024-13-01' is not a real date"),
    (PLAN, None, None, "as_of: is empty"),
])
def test_bad_inputs(plan, actuals, as_of, message):
    with pytest.raises(DebtDeskError) as caught:
        progress(plan, actuals, as_of)
    assert str(caught.value).startswith(message)


def test_bad_income_for_review():
    with pytest.raises(DebtDeskError, match=r"^income_at_start: 0 must be greater than 0$"):
        progress(PLAN, None, "2024-01-10", income_at_start=0, income_now=100)
