"""Cell functions for a single loan: its repayment schedule and its Regulation Z APR.

Thin wrappers: Excel-shaped values in through :mod:`debtdesk.udfs.convert`, the engine
(:mod:`debtdesk.amortize`, :mod:`debtdesk.apr`) does the work, the schedule spills out.
"""

from __future__ import annotations

from debtdesk import amortize as schedule
from debtdesk import apr as actuarial
from debtdesk.errors import DebtDeskError
from debtdesk.udfs import convert
from debtdesk.udfs.register import excel_function
from debtdesk.values import is_blank

__all__ = ["DD_AMORTIZE", "DD_APR"]

_WHEN = {"0": "end", "1": "begin"}  # Excel PMT's `type` argument: 0 = end, 1 = beginning


@excel_function(
    principal="Amount borrowed, greater than 0",
    annual_rate="Annual interest rate as a fraction or percentage (7.5% or 0.075), 0 or more",
    months="Term in months, a whole number greater than 0",
    start_date="Optional loan start date; the first payment falls one period later (on it with when = begin)",
    extra_payment="Optional amount paid on top of every payment, all against principal (default 0)",
    payments_per_year="Optional: 12 (default), 1, 2, 4, 24 (semimonthly), 26 (fortnightly) or 52 (weekly)",
    when="Optional: \"end\" (default, payments in arrears) or \"begin\" (in advance); 0 or 1 as in PMT",
)
def DD_AMORTIZE(principal, annual_rate, months, start_date=None, extra_payment=None, payments_per_year=None,
                when=None):
    """Repayment schedule of a fixed-rate loan, cent-exact: Period, Date, Payment, Interest, Principal, Balance.

    Interest is rounded half-up to the cent each period and the final payment absorbs the
    rounding, so the last balance is 0.00 and the Principal column sums to the amount borrowed.

    Example: =DD_AMORTIZE(10000, 8%, 10) spills 10 monthly rows with Payment 1037.03 (Excel's
    PMT(8%/12, 10, 10000)), first Interest 66.67 and final Balance 0.00.
    """
    principal = convert.number(principal, "principal", above=0)
    annual_rate = convert.rate(annual_rate, "annual_rate")
    months = convert.number(months, "months", above=0, whole=True)
    start = convert.optional(start_date, None)
    start = None if start is None else convert.a_date(start, "start_date")
    extra = convert.number(convert.optional(extra_payment, 0.0), "extra_payment", minimum=0)
    per_year = convert.number(convert.optional(payments_per_year, 12), "payments_per_year", whole=True)
    timing = convert.optional(when, "end")
    timing = _WHEN.get(f"{timing:g}" if isinstance(timing, float) else str(timing).strip(), timing)
    timing = convert.text(timing, "when", list(schedule.WHEN))
    return convert.spill(schedule.amortize(principal, annual_rate, int(months), start, extra,
                                           int(per_year), timing))


@excel_function(
    amount_financed="Amount financed (advanced to the borrower on the advance date), greater than 0",
    advance_date="Date the loan was advanced and finance charges start",
    payment_dates="Row or column of scheduled payment dates, in order, all after the advance date",
    payment_amounts="Row or column of payment amounts, one per payment date, each greater than 0",
)
def DD_APR(amount_financed, advance_date, payment_dates, payment_amounts):
    """Annual percentage rate of a payment stream by the US Regulation Z Appendix J actuarial method.

    The unit-period (month, semimonth, week, multiples of them, or the term of a single
    payment) comes from the payment pattern; odd first periods and irregular first or last
    payments are taken into account. A header cell above the dates or amounts is skipped.

    Example: =DD_APR(5000, DATE(1978,1,10), B2:B25, C2:C25) with 24 monthly dates from
    1978-02-10 and 230 in every amount cell gives 0.0969 (9.69%, Appendix J example (c)(1)(i)).
    """
    amount = convert.number(amount_financed, "amount_financed", above=0)
    advance = convert.a_date(advance_date, "advance_date")
    dates, amounts = _paired(_without_header(payment_dates, "payment_dates"),
                             _without_header(payment_amounts, "payment_amounts"))
    dates = [convert.a_date(v, "payment_dates", row) for row, v in dates]
    amounts = [convert.number(v, "payment_amounts", row, above=0) for row, v in amounts]
    return actuarial.apr(amount, advance, dates, amounts)


def _paired(dates: list, amounts: list) -> tuple[list, list]:
    """(row, date) and (row, amount) pairs of two ranges read side by side, row by row.

    A row empty in both is skipped; a row with a date and no amount, or an amount and no
    date, is refused with its row named: closing up the gap would pay each later amount on
    another payment's date.

    >>> _paired(["2024-02-01", None, "2024-04-01"], [10.0, None, 12.0])
    ([(1, '2024-02-01'), (3, '2024-04-01')], [(1, 10.0), (3, 12.0)])
    >>> _paired(["2024-02-01", None, "2024-04-01"], [10.0, 11.0, 12.0])
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: payment_dates row 2: is empty but payment_amounts row 2 holds 11.0 (expected a date for every amount and an amount for every date)
    """
    kept_dates, kept_amounts = [], []
    for row in range(1, max(len(dates), len(amounts)) + 1):
        day = dates[row - 1] if row <= len(dates) else None
        paid = amounts[row - 1] if row <= len(amounts) else None
        if is_blank(day) and is_blank(paid):
            continue
        for argument, value, other, held in (("payment_dates", day, "payment_amounts", paid),
                                             ("payment_amounts", paid, "payment_dates", day)):
            if is_blank(value):
                shown = held.strftime("%Y-%m-%d") if hasattr(held, "strftime") else repr(held)
                raise DebtDeskError(argument, f"is empty but {other} row {row} holds {shown} (expected a date "
                                    "for every amount and an amount for every date)", row)
        kept_dates.append((row, day))
        kept_amounts.append((row, paid))
    return kept_dates, kept_amounts


def _without_header(value, argument: str) -> list:
    """A row or column of cells, without a leading text header such as "Payment date"; empty
    cells inside it keep their place (trailing ones are dropped)."""
    cells = convert.vector(value, argument, drop_empty=False)
    first = cells[0]
    if len(cells) > 1 and isinstance(first, str) and not first.strip().startswith("#") and not _readable(first):
        return cells[1:]
    return cells


def _readable(text: str) -> bool:
    """Whether text reads as a number or a date, i.e. is data rather than a header."""
    for read in (lambda: convert.number(text, "value"), lambda: convert.a_date(text, "value")):
        try:
            read()
            return True
        except ValueError:
            pass
    return False
