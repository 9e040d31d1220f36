"""Cell functions for multi-debt payoff plans and negotiating with creditors.

Thin wrappers: Excel-shaped values in through :mod:`debtdesk.udfs.convert`, the engine
(:mod:`debtdesk.payoff`, :mod:`debtdesk.negotiate`) does the work, tables spill out.
"""

from __future__ import annotations

import pandas as pd

from debtdesk import negotiate, payoff as plans
from debtdesk.errors import DebtDeskError
from debtdesk.rates import RATE_BASES
from debtdesk.udfs import convert
from debtdesk.udfs.register import excel_function

__all__ = ["DD_PAYOFF", "DD_PAYOFF_SCHEDULE", "DD_COMPARE", "DD_BUDGET_FOR", "DD_CONCESSION", "DD_SETTLEMENT"]

_DEBTS_DOC = ("Debts table with a header row: Name, Balance, APR, Minimum; optional Min %, Promo APR, "
              "Promo months, Order, and Extra month with Extra payment (a one-off payment to that debt)")
#: What DD_COMPARE shows in Months for a strategy that never clears the debts (DESIGN.md §4).
NEVER = "never"
_STRATEGY_DOC = ("Optional: avalanche (default), snowball, custom, minimum, highest_interest or "
                 "cash_flow_index")
_NUMERIC = ("Balance", "APR", "Minimum", "Min %", "Promo APR", "Promo months", "Order", "Extra month", "Extra payment")
_BASIS_DOC = ('Optional: "nominal" (default, a month\'s rate is APR / 12, US) or "effective" '
              '((1 + APR)^(1/12) - 1, UK APRs)')


@excel_function(
    debts=_DEBTS_DOC,
    monthly_budget="Total paid to the debts each month, at least the sum of the minimums",
    strategy=_STRATEGY_DOC,
    start_date="Optional date of the first payment month; Payoff date is empty without it",
    rate_basis=_BASIS_DOC,
)
def DD_PAYOFF(debts, monthly_budget, strategy=None, start_date=None, rate_basis=None):
    """Payoff plan summary: Debt, Payoff month, Payoff date, Interest paid, Total paid; last row Total.

    Each month interest (balance × the month's rate, half-up to the cent) is added, every
    minimum is paid, and the rest of the budget goes to the debts in strategy order; a
    cleared debt's minimum rolls over to the next.

    Example: =DD_PAYOFF(A1:D3, 300) with Card 1000 at 24% (minimum 50) and Loan 500 at 6%
    (minimum 25) pays the card off in month 4 and the loan in month 6; Total interest 60.40.
    One-off payments: columns Extra month and Extra payment (a tax refund of 400 on the loan in
    month 2) pay that debt on top of the budget; what it does not need goes on in strategy order.
    A UK card of 4200 at 24.9% paying 105: =DD_PAYOFF(A1:D2, 105, , , "effective") clears it in
    75 months with 3612.23 interest (87 months and 4859.49 on the nominal basis).
    """
    plan = _plan(debts, monthly_budget, strategy, start_date, rate_basis)
    summary = plan.summary
    total = pd.DataFrame([["Total", plan.months, plan.date_of(plan.months), plan.total_interest, plan.total_paid]],
                         columns=summary.columns)
    return convert.spill(pd.concat([summary.astype(object), total.astype(object)], ignore_index=True))


@excel_function(
    debts=_DEBTS_DOC,
    monthly_budget="Total paid to the debts each month, at least the sum of the minimums",
    strategy=_STRATEGY_DOC,
    start_date="Optional date of the first payment month; Date is empty without it",
    rate_basis=_BASIS_DOC,
)
def DD_PAYOFF_SCHEDULE(debts, monthly_budget, strategy=None, start_date=None, rate_basis=None):
    """Month-by-month balances of a payoff plan: Month, Date, one column per debt, Total.

    Example: =DD_PAYOFF_SCHEDULE(A1:D3, 300) with Card 1000 at 24% (minimum 50) and Loan 500
    at 6% (minimum 25) spills 6 months; month 1 leaves Card 745.00 and Loan 477.50.
    """
    return convert.spill(_plan(debts, monthly_budget, strategy, start_date, rate_basis).schedule)


@excel_function(
    debts=_DEBTS_DOC,
    monthly_budget="Total paid to the debts each month, at least the sum of the minimums",
    rate_basis=_BASIS_DOC,
)
def DD_COMPARE(debts, monthly_budget, rate_basis=None):
    """Every strategy on the same budget: Strategy, Months, Total interest, Interest saved vs minimum, Note.

    A strategy that never clears the debts shows "never" in Months, empty figures and a note
    saying why; minimum-only, the baseline, often never does.

    Example: =DD_COMPARE(A1:D3, 300) with Card 1000 at 24% (minimum 50) and Loan 500 at 6%
    (minimum 25) shows avalanche 6 months, 60.40 interest, 257.60 saved vs minimum only.
    """
    table = plans.compare(_debts(debts), convert.number(monthly_budget, "monthly_budget", minimum=0), _basis(rate_basis))
    table["Months"] = [NEVER if pd.isna(m) else int(m) for m in table["Months"]]
    return convert.spill(table)


@excel_function(
    debts=_DEBTS_DOC,
    months="Months to be debt-free in, a whole number from 1 to 1200",
    strategy="Optional: avalanche (default), snowball, custom, highest_interest or cash_flow_index",
    rate_basis=_BASIS_DOC,
)
def DD_BUDGET_FOR(debts, months, strategy=None, rate_basis=None):
    """Smallest monthly budget, to the cent, that clears every debt within the given months.

    Example: =DD_BUDGET_FOR(A1:D2, 12) with one debt Loan 1000 at 12% (minimum 0) gives 88.85,
    Excel's PMT(1%, 12, -1000) = 88.8488 rounded up to clear in time.
    """
    months = convert.number(months, "months", minimum=1, maximum=plans.MAX_MONTHS, whole=True)
    return plans.budget_for(_debts(debts), int(months), _strategy(strategy), _basis(rate_basis))


@excel_function(
    balance="Balance to repay, greater than 0",
    current_apr="The creditor's current annual rate as a fraction or percentage (24% or 0.24)",
    new_apr="The conceded annual rate (0 = interest frozen)",
    months="Repayment term in months, a whole number greater than 0",
    rate_basis=_BASIS_DOC,
)
def DD_CONCESSION(balance, current_apr, new_apr, months, rate_basis=None):
    """What a rate concession saves: Item (Monthly payment, Total interest, Total paid), Current, Concession, Saving.

    Both sides are cent-exact level-payment schedules (PMT rounded half-up, the last payment
    absorbing the rounding).

    Example: =DD_CONCESSION(1000, 12%, 0, 3) shows Monthly payment 340.02 vs 333.33 and Total
    interest 20.07 vs 0.00, a saving of 20.07.
    """
    return convert.spill(negotiate.concession(
        convert.number(balance, "balance", above=0),
        convert.rate(current_apr, "current_apr"),
        convert.rate(new_apr, "new_apr"),
        int(convert.number(months, "months", above=0, whole=True)), _basis(rate_basis)))


@excel_function(
    enrolled_balance="The debt as it stood when enrolled in the programme, greater than 0",
    settlement_pct="Settlement as a fraction of the enrolled balance (45% or 0.45)",
    monthly_deposit=("Saved into the client's dedicated account each month, greater than 0; or a range with "
                     "headers Lump sum and Monthly deposit and one row of figures"),
    fee_pct="Fee as a fraction: of the enrolled balance, or of the amount saved with fee_basis savings",
    fee_basis="Optional: enrolled (default, fee proportional to the enrolled debt) or savings",
)
def DD_SETTLEMENT(enrolled_balance, settlement_pct, monthly_deposit, fee_pct, fee_basis=None):
    """A settlement offer funded by monthly deposits, fee per the FTC Telemarketing Sales Rule.

    Item, Value: Months to fund, Settlement month, Settlement amount, Fee, Total cost, Amount
    forgiven, 1099-C reportable. The fee is collected only after the settlement is paid
    (16 CFR 310.4(a)(5)); forgiving $600 or more is reportable on Form 1099-C.

    Example: =DD_SETTLEMENT(10000, 50%, 300, 20%) settles for 5000.00 in month 17, fee 2000.00,
    funded in month 24; 5000.00 forgiven, 1099-C reportable TRUE. With a lump sum already saved,
    give monthly_deposit as a range with headers Lump sum and Monthly deposit: a 4000 lump sum and
    300 a month settle in month 4.
    """
    lump, deposit = _deposits(monthly_deposit)
    return convert.spill(negotiate.settlement(
        convert.number(enrolled_balance, "enrolled_balance", above=0),
        convert.number(settlement_pct, "settlement_pct", above=0, maximum=1),
        deposit, convert.number(fee_pct, "fee_pct", minimum=0, maximum=1),
        convert.text(convert.optional(fee_basis, "enrolled"), "fee_basis", list(negotiate.FEE_BASES)),
        lump_sum=lump))


def _deposits(value) -> tuple[float, float]:
    """(lump sum, monthly deposit) from a number, or from a Lump sum / Monthly deposit range.

    >>> _deposits(300.0), _deposits([["Lump sum", "Monthly deposit"], [4000.0, 300.0]])
    ((0.0, 300.0), (4000.0, 300.0))
    """
    if not (isinstance(value, (list, tuple)) and len(value) > 1 and isinstance(value[0], (list, tuple))
            and len(value[0]) > 1):
        return 0.0, convert.number(value, "monthly_deposit", above=0)
    table = convert.table(value, "monthly_deposit", ["Lump sum", "Monthly deposit"])
    if len(table) != 1:
        raise DebtDeskError("monthly_deposit", f"has {len(table)} rows of figures (expected one: the lump sum "
                            "and the monthly deposit)")
    row = table.index[0]
    return (convert.number(table["Lump sum"].iloc[0], "monthly_deposit", row, label="Lump sum", minimum=0),
            convert.number(table["Monthly deposit"].iloc[0], "monthly_deposit", row, label="Monthly deposit",
                           minimum=0))


def _plan(debts, monthly_budget, strategy, start_date, rate_basis) -> plans.PayoffPlan:
    start = convert.optional(start_date, None)
    return plans.payoff(_debts(debts), convert.number(monthly_budget, "monthly_budget", minimum=0),
                        _strategy(strategy), None if start is None else convert.a_date(start, "start_date"),
                        rate_basis=_basis(rate_basis))


def _basis(rate_basis) -> str:
    return convert.text(convert.optional(rate_basis, "nominal"), "rate_basis", list(RATE_BASES))


def _strategy(strategy) -> str:
    return convert.text(convert.optional(strategy, "avalanche"), "strategy", list(plans.STRATEGIES))


def _debts(value) -> pd.DataFrame:
    """The debts range as a table whose numeric cells are numbers ("24%" read as 0.24); empty cells stay empty."""
    table = convert.table(value, "debts", ["Name", "Balance", "APR", "Minimum"],
                          ["Min %", "Promo APR", "Promo months", "Order", "Extra month", "Extra payment"])
    for column in _NUMERIC:
        if column in table.columns:
            table[column] = [None if convert.optional(cell, None) is None
                             else convert.number(cell, "debts", row, label=column)
                             for row, cell in table[column].items()]
    return table
