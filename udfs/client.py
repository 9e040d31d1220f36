"""Client cell functions: DTI, assessment, SFS budget, pro-rata offers and plan progress.

Thin wrappers: Excel-shaped values in through :mod:`debtdesk.udfs.convert`, the engine
(:mod:`debtdesk.assess`, :mod:`debtdesk.budget`, :mod:`debtdesk.progress`) does the
work, the result is spilled with :func:`~debtdesk.udfs.convert.spill`.
"""

from __future__ import annotations


from debtdesk.assess import assess, dti
from debtdesk.budget import budget
from debtdesk.money import prorata
from debtdesk.progress import SCHEDULE_COLUMNS, progress
from debtdesk.udfs import convert
from debtdesk.udfs.register import excel_function

__all__ = ["DD_DTI", "DD_ASSESS", "DD_BUDGET", "DD_PRORATA", "DD_PROGRESS"]

_INCOME = (["Source"], ["Net amount", "Gross amount", "Amount", "Frequency"])
_EXPENSES = (["Category", "Amount"], ["Frequency", "Housing"])
_DEBTS = (["Name", "Type", "Balance"], ["APR", "Minimum", "Arrears", "Offer", "Concession", "Concession rate"])
_CREDIT = (["Name", "Limit", "Balance"], ["Missed payments", "Arrears"])
_GUIDELINES = (["Category", "Monthly limit"], [])
_TEXT_COLUMNS = {"Source", "Category", "Name", "Type", "Frequency", "Housing", "Plan Date",
                 "Payment Date", "Concession"}


@excel_function(
    monthly_debt_payments="Monthly debt payments: one amount or a range of them (summed)",
    monthly_income="Monthly income (gross for back-end DTI, take-home for consumer DTI), above 0",
)
def DD_DTI(monthly_debt_payments, monthly_income):
    """Debt-to-income ratio: monthly debt payments divided by monthly income.

    Example: =DD_DTI(2000, 6000) gives 0.3333 (CFPB's example: 1,500 mortgage + 100 auto
    loan + 400 other debts on 6,000 gross income is 33 %).
    """
    payments = convert.numbers(monthly_debt_payments, "monthly_debt_payments", minimum=0)
    income = convert.number(monthly_income, "monthly_income", above=0)
    return dti(payments, income)


@excel_function(
    income="Income table (Source, Amount or Net, optional Gross, Frequency) or monthly take-home total",
    expenses="Expenses table (Category, Amount, optional Frequency, Housing) or monthly total",
    debts="Debts table: Name, Type, Balance, optional APR, Minimum, Arrears, Offer",
    credit="Optional credit table: Name, Limit, Balance, optional Missed payments, Arrears",
    guidelines="Optional guideline figures: Category, Monthly limit (the firm's own figures)",
)
def DD_ASSESS(income, expenses, debts, credit=None, guidelines=None):
    """Client assessment: totals, DTI ratios, utilisation, flags and a recommended route.

    Spills Metric, Value, Flag. Example: =DD_ASSESS(Income[#All], Expenses[#All],
    Debts[#All], Credit[#All], Guidelines[#All]) ends with "Recommended route" and the
    reasons in its Flag.
    """
    return convert.spill(assess(_money_table(income, "income", *_INCOME),
                                _money_table(expenses, "expenses", *_EXPENSES),
                                _optional_table(debts, "debts", *_DEBTS),
                                _optional_table(credit, "credit", *_CREDIT),
                                _optional_table(guidelines, "guidelines", *_GUIDELINES)))


@excel_function(
    income="Income table (Source, Amount or Net, optional Gross, Frequency) or monthly take-home total",
    expenses="Essential outgoings table (Category, Amount, optional Frequency) or monthly total",
    debts=("Debts table: Name, Type, Balance, optional APR, Minimum, Arrears, Offer, Concession (Interest frozen, "
           "Reduced rate or None) and Concession rate"),
    savings="Optional monthly savings contribution (default 0)",
    fee="Optional monthly debt administration fee (default 0)",
)
def DD_BUDGET(income, expenses, debts, savings=None, fee=None):
    """Standard Financial Statement allocation with each creditor's pro-rata offer.

    Spills Item, Creditor, Type, Balance, Amount, Note: available for priority = income -
    outgoings - savings - fee; available for non-priority = that - priority offers, split
    pro rata by balance to the cent. The months to clear the non-priority debts follow each
    debt's Concession column (interest frozen when empty; a Reduced rate with its Concession
    rate; None at the contract APR, APR / 12 a month). Example: =DD_BUDGET(3157.67, 2972.08,
    Debts[#All], 18) shows 167.59 available for priority debts.
    """
    savings = convert.number(convert.optional(savings, 0), "savings", minimum=0)
    fee = convert.number(convert.optional(fee, 0), "fee", minimum=0)
    return convert.spill(budget(_money_table(income, "income", *_INCOME),
                                _money_table(expenses, "expenses", *_EXPENSES),
                                _optional_table(debts, "debts", *_DEBTS), savings, fee))


@excel_function(
    amount="The amount to share out, e.g. the monthly amount for non-priority creditors",
    balances="A row or column of balances; the shares are in proportion to them",
)
def DD_PRORATA(amount, balances):
    """Cent-exact pro-rata shares of an amount, summing exactly to it (largest remainder).

    Example: =DD_PRORATA(100, {500;1000;233;200}) gives 25.87, 51.73, 12.05, 10.35.
    """
    total = convert.number(amount, "amount", minimum=0)
    weights = convert.numbers(balances, "balances", drop_empty=False, minimum=0)  # shares spill beside balances
    return [[share] for share in prorata(total, weights)]


@excel_function(
    plan="Plan table: due date (Month/Due Date) and planned amount (Planned/Amount) per instalment",
    actuals="Payments table: Date and Amount (may be empty: no payments yet)",
    as_of="The date to compare at (a date, an Excel serial or YYYY-MM-DD)",
)
def DD_PROGRESS(plan, actuals, as_of):
    """Plan vs actual payments: variance, status, missed payments and re-projected end.

    Spills Month, Planned, Paid, Variance, Cumulative variance, Status, then rows for
    missed payments, the projected debt-free date and when a review is due. Example:
    =DD_PROGRESS(Plan[#All], Payments[#All], DATE(2024,3,20)).
    """
    day = convert.a_date(as_of, "as_of")
    result = progress(_money_table(plan, "plan", ["Plan Date", "Planned"], [], total=False),
                      _optional_table(actuals, "actuals", ["Payment Date", "Payment"], []), day)
    width = len(SCHEDULE_COLUMNS)
    summary = [row + [None] * (width - len(row)) for row in convert.spill(result.summary())[1:]]
    return convert.spill(result.schedule) + [[None] * width] + summary


def _money_table(value, argument, required, optional_columns, total=True):
    """A table (numbers in its money columns converted), or a plain number as a total."""
    if total and not (isinstance(value, (list, tuple)) and len(convert.flatten(value)) > 1):
        return convert.number(value, argument, minimum=0)
    frame = convert.table(value, argument, required, optional_columns)
    for column in frame.columns:
        if column not in _TEXT_COLUMNS:
            frame[column] = [None if _empty(v) else convert.number(v, argument, row, label=column)
                             for row, v in zip(frame.index, frame[column])]
    return frame


def _optional_table(value, argument, required, optional_columns):
    """None for an empty argument or a header row with no data, else a table."""
    if convert.optional(value, None) is None:
        return None
    if (isinstance(value, (list, tuple)) and value and isinstance(value[0], (list, tuple))
            and all(_empty(c) for r in value[1:] for c in r)):
        return None
    return _money_table(value, argument, required, optional_columns, total=False)


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and value != value)
