"""Plan against actual payments: variance, missed payments, re-projection and review.

Rules (pinned so results are reproducible):

- Each payment counts towards the plan instalment of its calendar month; a payment in a
  month with no instalment counts towards the latest earlier instalment (so payments
  after the plan's last month reduce the shortfall). A payment before the plan's first
  month, or after ``as_of``, is an error.
- Status of an instalment: **Paid** when the payments reach the planned amount (early
  payment included); otherwise, once its due date is on or before ``as_of``, **Missed**
  with nothing paid or **Part paid**; not yet due, **Due** in ``as_of``'s calendar month
  and **Future** after it.
- Variance = Paid - Planned for every instalment that is Paid or past its due date;
  Cumulative variance is the running total of those (negative = behind).
- Re-projected debt-free date: the plan's last due date moved by the shortfall expressed
  in final instalments -- ``ceil(shortfall / final instalment)`` months later when
  behind, ``floor(overpayment / final instalment)`` months earlier when ahead. The money
  owed is the same, so the plan simply runs until the shortfall is made up at its
  closing rate.
- Review due: the next plan anniversary (first due date + whole years) on or after
  ``as_of``; ``as_of`` itself on a material change -- ``missed_limit`` (2) or more missed
  payments, or income changed by more than ``income_change`` (10 %) when
  ``income_at_start`` and ``income_now`` are given.
- A breathing space (``paused``) pauses the plan: an instalment due while it is in force
  is **Paused**, never Missed; nothing is owed for it, so anything paid then counts in
  the client's favour, and the plan runs one month longer for each paused instalment.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd

from debtdesk.columns import select_columns
from debtdesk.dates import add_months, to_date
from debtdesk.errors import DebtDeskError
from debtdesk.money import from_cents, to_cents
from debtdesk.rows import records
from debtdesk.values import data_rows, is_blank, number

SCHEDULE_COLUMNS = ["Month", "Planned", "Paid", "Variance", "Cumulative variance", "Status"]


@dataclass(frozen=True)
class Progress:
    """The result of :func:`progress`."""

    schedule: pd.DataFrame
    """Month (due date), Planned, Paid, Variance, Cumulative variance, Status."""
    missed: int
    """Instalments past due with nothing paid."""
    part_paid: int
    """Instalments past due and only partly paid."""
    projected_end: date | None
    """Re-projected debt-free date (None for a plan that can promise none, such as token payments)."""
    review_due: date
    """When the plan should next be reviewed."""
    review_reason: str
    """Why the review falls then."""
    paused: int = 0
    """Instalments paused by a breathing space."""

    def summary(self) -> pd.DataFrame:
        """Item, Value, Note rows for a sheet under the schedule.

        >>> p = progress(pd.DataFrame({"Due": ["2024-01-05"], "Amount": [100.0]}), None, "2024-02-01")
        >>> p.summary()["Item"].tolist()
        ['Missed payments', 'Part-paid instalments', 'Projected debt-free date', 'Review due']
        """
        paused = [{"Item": "Paused instalments", "Value": self.paused,
                   "Note": "Due during a breathing space: the plan runs on after it instead"}] if self.paused else []
        return pd.DataFrame([
            {"Item": "Missed payments", "Value": self.missed, "Note": None},
            {"Item": "Part-paid instalments", "Value": self.part_paid, "Note": None}, *paused,
            {"Item": "Projected debt-free date", "Value": self.projected_end,
             "Note": None if self.projected_end else "None while the plan can promise no date"},
            {"Item": "Review due", "Value": self.review_due, "Note": self.review_reason},
        ], columns=["Item", "Value", "Note"], dtype=object)


def progress(plan: pd.DataFrame, actuals: pd.DataFrame | None, as_of, *,
             income_at_start: float | None = None, income_now: float | None = None,
             income_change: float = 0.10, missed_limit: int = 2,
             paused: tuple[date, date | None] | None = None) -> Progress:
    """Compare a payment plan with the payments made up to ``as_of``.

    Parameters
    ----------
    plan : DataFrame
        One row per instalment: due date (``Month``/``Due Date``/``Date``) and planned
        amount (``Planned``/``Amount``/``Instalment``).
    actuals : DataFrame or None
        Payments made: date (``Date``/``Payment date``) and amount (``Amount``/``Paid``).
    as_of : date, datetime, Excel serial or ISO text
        The date the comparison is made at (never an implicit today).
    income_at_start, income_now : float, optional
        Monthly income when the plan was agreed and now, for the material-change rule.
    income_change : float
        Relative income change that makes a review due now.
    missed_limit : int
        Number of missed payments that makes a review due now.
    paused : (date, date or None), optional
        A breathing space's first and last day (None: no end yet): instalments due
        within it are paused.

    Returns
    -------
    Progress
        The schedule and the summary figures (see the module docstring for the rules).

    Examples
    --------
    >>> plan = pd.DataFrame({"Due": ["2024-01-05", "2024-02-05", "2024-03-05", "2024-04-05"],
    ...                      "Amount": [100.0] * 4})
    >>> paid = pd.DataFrame({"Date": ["2024-01-04", "2024-03-10"], "Amount": [100.0, 60.0]})
    >>> p = progress(plan, paid, "2024-03-20")
    >>> p.schedule["Status"].tolist(), p.missed, p.projected_end
    (['Paid', 'Missed', 'Part paid', 'Future'], 1, datetime.date(2024, 6, 5))

    A breathing space from 1 February to 1 April 2024 pauses the February and March
    instalments: not missed, and the plan ends two months later.

    >>> from datetime import date
    >>> p = progress(plan, paid[:1], "2024-03-20", paused=(date(2024, 2, 1), date(2024, 4, 1)))
    >>> p.schedule["Status"].tolist(), p.missed, p.paused, p.projected_end
    (['Paid', 'Paused', 'Paused', 'Future'], 0, 2, datetime.date(2024, 6, 5))
    """
    as_of = to_date(as_of, "as_of")
    instalments = _plan(plan)
    paid = [0] * len(instalments)
    for row, when, cents in _payments(actuals):
        if when > as_of:
            raise DebtDeskError("actuals", f"payment dated {when.isoformat()} is after as_of "
                                f"{as_of.isoformat()}", row)
        month = (when.year, when.month)
        slots = [i for i, (due, _) in enumerate(instalments) if (due.year, due.month) <= month]
        if not slots:
            raise DebtDeskError("actuals", f"payment dated {when.isoformat()} is before the plan's "
                                f"first month ({instalments[0][0].isoformat()})", row)
        paid[slots[-1]] += cents

    rows, running, missed, part, held = [], 0, 0, 0, 0
    for (due, planned), got in zip(instalments, paid):
        if paused is not None and paused[0] <= due and (paused[1] is None or due <= paused[1]) and got < planned:
            status, planned = "Paused", 0  # not owed while the breathing space lasts
            held += 1
        elif got >= planned:
            status = "Paid"
        elif due <= as_of:
            status = "Missed" if got == 0 else "Part paid"
        else:
            status = "Due" if (due.year, due.month) == (as_of.year, as_of.month) else "Future"
        missed += status == "Missed"
        part += status == "Part paid"
        counted = status in ("Paid", "Missed", "Part paid") or (status == "Paused" and due <= as_of)
        if counted:
            running += got - planned
        rows.append({"Month": due, "Planned": from_cents(planned), "Paid": from_cents(got),
                     "Variance": from_cents(got - planned) if counted else None,
                     "Cumulative variance": from_cents(running) if counted else None,
                     "Status": status})
    schedule = pd.DataFrame(rows, columns=SCHEDULE_COLUMNS)

    last_due, final = instalments[-1]
    shift = math.ceil(-running / final) if running < 0 else -(running // final)
    review_due, reason = _review(instalments[0][0], as_of, missed, missed_limit,
                                 income_at_start, income_now, income_change)
    return Progress(schedule, missed, part, add_months(last_due, shift + held), review_due, reason, held)


def _plan(plan) -> list[tuple[date, int]]:
    if not isinstance(plan, pd.DataFrame) or plan.empty:
        raise DebtDeskError("plan", "expected a table with a due date and a planned amount per instalment")
    frame = select_columns(plan, ["Plan Date", "Planned"], [], "plan")
    out = []
    for row, record in zip(data_rows(frame.index), records(frame)):
        due = to_date(record["Plan Date"], "plan", row)
        amount = number(record["Planned"], "plan", row, label="Planned", minimum=0)
        if amount == 0:
            raise DebtDeskError("plan", "Planned 0 must be greater than 0", row)
        if out and (due.year, due.month) <= (out[-1][0].year, out[-1][0].month):
            raise DebtDeskError("plan", f"due date {due.isoformat()} is not in a later month than "
                                f"the instalment before it (expected one instalment a month, in order)", row)
        out.append((due, to_cents(amount)))
    return out


def _payments(actuals):
    if actuals is None or (isinstance(actuals, pd.DataFrame) and actuals.empty):
        return []
    if not isinstance(actuals, pd.DataFrame):
        raise DebtDeskError("actuals", "expected a table with a payment date and an amount")
    frame = select_columns(actuals, ["Payment Date", "Payment"], [], "actuals")
    out = []
    for row, record in zip(data_rows(frame.index), records(frame)):
        if is_blank(record["Payment Date"]) and is_blank(record["Payment"]):
            continue
        out.append((row, to_date(record["Payment Date"], "actuals", row),
                    to_cents(number(record["Payment"], "actuals", row, label="Amount", minimum=0))))
    return out


def _review(start: date, as_of: date, missed: int, missed_limit: int, income_at_start,
            income_now, income_change) -> tuple[date, str]:
    reasons = []
    if missed >= missed_limit:
        reasons.append(f"{missed} missed payments")
    if income_at_start is not None and income_now is not None:
        before = number(income_at_start, "income_at_start", None, minimum=0)
        now = number(income_now, "income_now", None, minimum=0)
        if before <= 0:
            raise DebtDeskError("income_at_start", f"{before:g} must be greater than 0")
        change = (now - before) / before
        if abs(change) > income_change:
            reasons.append(f"income {'rose' if change > 0 else 'fell'} by {abs(change):.0%} "
                           f"(more than {income_change:.0%})")
    if reasons:
        return as_of, "Material change: " + "; ".join(reasons)
    years = max(0, as_of.year - start.year)
    while add_months(start, 12 * years) < as_of:
        years += 1
    years = max(years, 1)
    return add_months(start, 12 * years), f"Annual review (plan anniversary {years})"
