"""Budget allocation by the UK Standard Financial Statement (SFS) formulas.

Essentials first, then priority debts, a savings allowance and any fee; what is left
is shared between non-priority creditors pro rata to their balances, cent-exact.
The two SFS totals are defined in the SFS Developer Toolkit's Data Definition
Specification v1.1 (Money Advice Service, github.com/moneyadviceservice/
sfs-developer-toolkit, ``dds/v1.1/xsd/sfs-data-entry-schema.xsd``, element ``debts``)::

    total-available-for-priority-debts =
        total-monthly-income - total-monthly-outgoings - savings-contribution - debt-admin-fee
    total-available-for-non-priority-debts =
        total-monthly-income - total-monthly-outgoings - savings-contribution - debt-admin-fee
        - total-priority-debt-offers

All SFS figures are calendar-monthly; weekly amounts become monthly as ×52/12
(National Debtline and local-authority money-advice guidance), fortnightly ×26/12,
four-weekly ×13/12, quarterly ×4/12 and annual ÷12, each rounded half-up to the cent.

Input tables (pandas DataFrames whose headers are matched by
:func:`debtdesk.columns.select_columns`, so synonyms and any case work):

- ``income``: Source, Amount (take-home; or ``Net``), optional Gross, optional
  Frequency. A plain number is the total monthly take-home income.
- ``expenses``: Category, Amount, optional Frequency, optional Housing (yes/no).
  These are the essential *outgoings*, including the current mortgage or rent payment.
  A plain number is the monthly total.
- ``debts``: Name, Type (see :mod:`debtdesk.classify`), Balance, optional APR,
  Minimum, Arrears and Offer. A priority debt's offer is its ``Offer`` if given, else
  its ``Minimum`` -- as in the SFS, put the arrears instalment here and keep the
  current mortgage or rent payment in ``expenses``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cached_property

import pandas as pd

from debtdesk.classify import debt_type, is_priority
from debtdesk.columns import select_columns
from debtdesk.errors import DebtDeskError
from debtdesk.money import from_cents, split_cents, sum_cents, to_cents
from debtdesk.rows import records
from debtdesk.values import cell_text, data_rows, is_blank, match_key, number

#: Monthly multipliers for each recognised payment frequency.
FREQUENCIES = {
    "weekly": Fraction(52, 12),
    "fortnightly": Fraction(26, 12),
    "semimonthly": Fraction(24, 12),
    "4-weekly": Fraction(13, 12),
    "monthly": Fraction(1),
    "quarterly": Fraction(4, 12),
    "annual": Fraction(1, 12),
}
_FREQUENCY_ALIASES = {
    "weekly": ("week", "w", "pw", "perweek"),
    "fortnightly": ("fortnight", "2weekly", "twoweekly", "every2weeks", "2w", "biweekly", "everyotherweek"),
    "semimonthly": ("semimonth", "twicemonthly", "twiceamonth", "twicepermonth", "1stand15th"),
    "4-weekly": ("4weekly", "fourweekly", "every4weeks", "4w", "lunarmonthly"),
    "monthly": ("month", "m", "pcm", "permonth", "calendarmonthly"),
    "quarterly": ("quarter", "q"),
    "annual": ("annually", "yearly", "year", "y", "pa", "perannum", "peryear"),
}
_FREQUENCY_LOOKUP = {match_key(k): k for k in FREQUENCIES}
_FREQUENCY_LOOKUP.update({a: k for k, aliases in _FREQUENCY_ALIASES.items() for a in aliases})
#: Words that mean two different frequencies, refused rather than guessed.
_AMBIGUOUS_FREQUENCIES = {"bimonthly": "twice a month (semimonthly) or every two months",
                          "biannual": "twice a year or every two years",
                          "biannually": "twice a year or every two years"}

#: Expense categories treated as housing costs when the table has no Housing column.
HOUSING_CATEGORIES = ("Rent", "Mortgage", "Ground rent", "Service charge", "Service charges",
                      "Buildings insurance", "Home insurance", "Property tax", "Council tax",
                      "HOA", "HOA fees", "Housing", "Secured loan", "Secured loans")

#: The columns of :func:`budget`'s allocation table.
BUDGET_COLUMNS = ["Item", "Creditor", "Type", "Balance", "Amount", "Note"]

_YES = {"yes", "y", "true", "1", "x", "housing", "1.0"}
_NO = {"no", "n", "false", "0", "", "0.0"}


def to_monthly(amount: float, frequency: str = "monthly", argument: str = "income",
               row: int | None = None) -> float:
    """Convert an amount paid at ``frequency`` to a calendar-monthly amount, to the cent.

    Parameters
    ----------
    amount : float
        The amount per period.
    frequency : str
        weekly, fortnightly, semimonthly, 4-weekly, monthly, quarterly or annual (aliases
        such as "week", "pcm", "yearly" are accepted, and the US "biweekly", every two
        weeks, and "twice monthly"; empty means monthly). "Bimonthly", which means twice a
        month to some and every two months to others, is refused.
    argument, row
        Where the amount came from, for error messages.

    Examples
    --------
    >>> to_monthly(100, "weekly"), to_monthly(100, "4-weekly"), to_monthly(1200, "annual")
    (433.33, 108.33, 100.0)
    >>> to_monthly(1000, "biweekly"), to_monthly(1000, "semimonthly")
    (2166.67, 2000.0)
    """
    if frequency is None or (isinstance(frequency, float) and math.isnan(frequency)):
        frequency = "monthly"
    key = _FREQUENCY_LOOKUP.get(match_key(frequency) or "monthly")
    if match_key(frequency) in _AMBIGUOUS_FREQUENCIES:
        raise DebtDeskError(argument, f"Frequency {str(frequency).strip()!r} could mean "
                            f"{_AMBIGUOUS_FREQUENCIES[match_key(frequency)]}: write one of "
                            f"{', '.join(FREQUENCIES)}", row)
    if key is None:
        raise DebtDeskError(argument, f"Frequency {str(frequency).strip()!r} is not one of "
                            f"{', '.join(FREQUENCIES)}", row)
    factor = FREQUENCIES[key]
    exact = Decimal(repr(float(amount))) * factor.numerator / factor.denominator
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def monthly_income(income) -> pd.DataFrame:
    """Income as monthly take-home (``Net``) and before-tax (``Gross``) amounts.

    Parameters
    ----------
    income : DataFrame or float
        Source, Amount (or Net), optional Gross, optional Frequency; or a plain number,
        the total monthly take-home income (gross then taken as equal to it).

    Returns
    -------
    DataFrame
        Source, Net, Gross (monthly, to the cent). Gross is the Net figure where no
        gross amount is given (benefits, for instance, are not taxed).

    Examples
    --------
    >>> t = pd.DataFrame({"Source": ["Wages"], "Net": [500.0], "Gross": [620.0],
    ...                   "Frequency": ["weekly"]})
    >>> monthly_income(t).to_dict("records")
    [{'Source': 'Wages', 'Net': 2166.67, 'Gross': 2686.67}]
    """
    if not isinstance(income, pd.DataFrame):
        total = number(income, "income", None, minimum=0)
        return pd.DataFrame({"Source": ["Income"], "Net": [total], "Gross": [total]})
    frame = select_columns(income, ["Source"], ["Net amount", "Gross amount", "Amount", "Frequency"],
                           "income")
    if "Net amount" not in frame and "Amount" not in frame:
        have = ", ".join(repr(str(c)) for c in income.columns)
        raise DebtDeskError("income", f"missing column Amount (or Net) (found {have})")
    net_column = "Net amount" if "Net amount" in frame else "Amount"
    rows = []
    for row, record in zip(data_rows(frame.index), records(frame)):
        frequency = record.get("Frequency")
        net = number(record[net_column], "income", row, label=net_column.replace(" amount", ""), minimum=0)
        gross = record.get("Gross amount")
        gross = net if is_blank(gross) else number(gross, "income", row, label="Gross", minimum=0)
        if gross < net:
            raise DebtDeskError("income", f"Gross {gross:g} is less than the take-home amount {net:g}", row)
        rows.append({"Source": cell_text(record["Source"], f"Income {row}"),
                     "Net": to_monthly(net, frequency, "income", row),
                     "Gross": to_monthly(gross, frequency, "income", row)})
    return pd.DataFrame(rows, columns=["Source", "Net", "Gross"])


def monthly_expenses(expenses) -> pd.DataFrame:
    """Essential outgoings as monthly amounts, with a housing flag.

    Parameters
    ----------
    expenses : DataFrame or float
        Category, Amount, optional Frequency, optional Housing (yes/no); or a plain
        number, the monthly total. Without a Housing column a category counts as
        housing when its name is one of :data:`HOUSING_CATEGORIES`.

    Returns
    -------
    DataFrame
        Category, Monthly, Housing.

    Examples
    --------
    >>> t = pd.DataFrame({"Category": ["Rent", "Food"], "Amount": [650.0, 60.0],
    ...                   "Frequency": ["monthly", "weekly"]})
    >>> monthly_expenses(t).to_dict("records")
    [{'Category': 'Rent', 'Monthly': 650.0, 'Housing': True}, {'Category': 'Food', 'Monthly': 260.0, 'Housing': False}]
    """
    if not isinstance(expenses, pd.DataFrame):
        total = number(expenses, "expenses", None, minimum=0)
        return pd.DataFrame({"Category": ["Expenses"], "Monthly": [total], "Housing": [False]})
    frame = select_columns(expenses, ["Category", "Amount"], ["Frequency", "Housing"], "expenses")
    housing_names = {match_key(c) for c in HOUSING_CATEGORIES}
    rows = []
    for row, record in zip(data_rows(frame.index), records(frame)):
        category = cell_text(record["Category"], f"Expense {row}")
        amount = number(record["Amount"], "expenses", row, label="Amount", minimum=0)
        if "Housing" in record:
            housing = _flag(record["Housing"], "expenses", row, "Housing")
        else:
            housing = match_key(category) in housing_names
        rows.append({"Category": category,
                     "Monthly": to_monthly(amount, record.get("Frequency"), "expenses", row),
                     "Housing": housing})
    return pd.DataFrame(rows, columns=["Category", "Monthly", "Housing"])


def debt_list(debts) -> pd.DataFrame:
    """Debts with canonical types, priority flags and checked amounts.

    Parameters
    ----------
    debts : DataFrame
        Name, Type, Balance, optional APR, Minimum, Arrears, Offer (empty cells are 0;
        an empty Offer falls back to Minimum).

    Returns
    -------
    DataFrame
        Name, Type, Priority, Balance, APR, Minimum, Arrears, Offer.

    Examples
    --------
    >>> t = pd.DataFrame({"Creditor": ["Council", "Visa"], "Type": ["council tax", "card"],
    ...                   "Balance": [900.0, 500.0], "Minimum": [50.0, 15.0]})
    >>> debt_list(t)[["Name", "Type", "Priority", "Offer"]].to_dict("records")
    [{'Name': 'Council', 'Type': 'Council tax', 'Priority': True, 'Offer': 50.0}, {'Name': 'Visa', 'Type': 'Credit card', 'Priority': False, 'Offer': 15.0}]
    """
    columns = ["Name", "Type", "Priority", "Balance", "APR", "Minimum", "Arrears", "Offer"]
    if debts is None or (isinstance(debts, pd.DataFrame) and debts.empty):
        return pd.DataFrame(columns=columns).astype({"Priority": bool})
    if not isinstance(debts, pd.DataFrame):
        raise DebtDeskError("debts", "expected a table with columns Name, Type, Balance")
    frame = select_columns(debts, ["Name", "Type", "Balance"],
                           ["APR", "Minimum", "Arrears", "Offer"], "debts")
    rows = []
    for row, record in zip(data_rows(frame.index), records(frame)):
        kind = debt_type(record["Type"], "debts", row)
        values = {c: number(record.get(c), "debts", row, label=c, minimum=0,
                             blank=... if c == "Balance" else 0.0)
                  for c in ("Balance", "APR", "Minimum", "Arrears")}
        offer = record.get("Offer")
        values["Offer"] = values["Minimum"] if is_blank(offer) else number(offer, "debts", row, label="Offer", minimum=0)
        rows.append({"Name": cell_text(record["Name"], f"Debt {row}"), "Type": kind,
                     "Priority": is_priority(kind), **values})
    return pd.DataFrame(rows, columns=columns).astype({"Priority": bool})


@dataclass(frozen=True)
class Allocation:
    """The Standard Financial Statement's figures for one client, in cents.

    Built by :func:`allocate`; :func:`allocation_rows` lays them out as the budget table.
    ``for_priority`` and ``for_non_priority`` keep their sign: negative is a deficit.
    """

    incomes: pd.DataFrame
    outgoings: pd.DataFrame
    debts: pd.DataFrame
    income: int
    spending: int
    savings: int
    fee: int
    offers: tuple[int, ...]
    """Each non-priority debt's pro-rata share of what is available for them, in the debts' order."""

    @property
    def for_priority(self) -> int:
        """Income − outgoings − savings − fee (SFS total-available-for-priority-debts)."""
        return self.income - self.spending - self.savings - self.fee

    # Worked out once per allocation (a case asks for them a dozen times); the fields never change.
    @cached_property
    def priority(self) -> pd.DataFrame:
        """The priority debts."""
        return self.debts[self.debts["Priority"]]

    @cached_property
    def others(self) -> pd.DataFrame:
        """The non-priority debts."""
        return self.debts[~self.debts["Priority"]]

    @cached_property
    def priority_offers(self) -> int:
        """The priority debts' offers in total."""
        return sum_cents(self.priority["Offer"])

    @property
    def for_non_priority(self) -> int:
        """What is left for non-priority creditors (SFS total-available-for-non-priority-debts)."""
        return self.for_priority - self.priority_offers


def allocate(income, expenses, debts, savings: float = 0, fee: float = 0) -> Allocation:
    """The SFS allocation of a client's monthly income: essentials, savings, fee, priority
    offers, then what is left shared pro rata between the non-priority creditors.

    Examples
    --------
    >>> debts = pd.DataFrame({"Name": ["Council", "Visa", "Loan"], "Type": ["Council tax", "Credit card", "Loan"],
    ...                       "Balance": [420.0, 3000.0, 1000.0], "Minimum": [35.0, 90.0, 40.0]})
    >>> a = allocate(1500, 1200, debts, savings=20)
    >>> a.for_priority, a.for_non_priority, a.offers
    (28000, 24500, (18375, 6125))
    """
    savings = number(savings, "savings", None, minimum=0)
    fee = number(fee, "fee", None, minimum=0)
    incomes, outgoings, owed = monthly_income(income), monthly_expenses(expenses), debt_list(debts)
    allocation = Allocation(incomes, outgoings, owed, sum_cents(incomes["Net"]), sum_cents(outgoings["Monthly"]),
                            to_cents(savings), to_cents(fee), ())
    balances = [float(b) for b in allocation.others["Balance"]]
    available = max(allocation.for_non_priority, 0)
    offers = split_cents(available, balances) if balances and sum(balances) > 0 else [0] * len(balances)
    return replace(allocation, offers=tuple(offers))


def allocation_rows(a: Allocation) -> list[dict]:
    """The budget table's rows from total income to total non-priority offers (and any deficit).

    >>> a = allocate(1000, 1100, None)
    >>> [(r["Item"], r["Amount"]) for r in allocation_rows(a)][5:]  # doctest: +NORMALIZE_WHITESPACE
    [('Available for priority debts', 0.0), ('Total priority offers', 0.0),
     ('Available for non-priority debts', 0.0), ('Deficit', 100.0), ('Total non-priority offers', 0.0)]
    """
    rows: list[dict] = []

    def add(item, amount, creditor=None, kind=None, balance=None, note=None):
        rows.append({"Item": item, "Creditor": creditor, "Type": kind, "Balance": balance,
                     "Amount": amount, "Note": note})

    add("Total monthly income", from_cents(a.income))
    add("Total monthly outgoings", from_cents(a.spending))
    add("Income minus outgoings", from_cents(a.income - a.spending))
    add("Savings contribution", from_cents(a.savings))
    add("Debt admin fee", from_cents(a.fee))
    add("Available for priority debts", from_cents(max(a.for_priority, 0)),
        note=None if a.for_priority >= 0 else
        f"Deficit: outgoings, savings and fee exceed income by {from_cents(-a.for_priority):,.2f} a month")
    for _, debt in a.priority.iterrows():
        add("Priority offer", debt["Offer"], debt["Name"], debt["Type"], debt["Balance"])
    add("Total priority offers", from_cents(a.priority_offers))
    note = None
    if a.for_non_priority < 0:
        note = (f"Deficit: nothing is left for non-priority creditors; priority offers and "
                f"essentials exceed income by {from_cents(-a.for_non_priority):,.2f} a month")
    add("Available for non-priority debts", from_cents(max(a.for_non_priority, 0)), note=note)
    if a.for_non_priority < 0:
        add("Deficit", from_cents(-a.for_non_priority),
            note="Income does not cover essentials, savings, fee and priority offers: "
                 "reduce spending, raise income or get debt advice before offering anything "
                 "to non-priority creditors")
    available = max(a.for_non_priority, 0)
    for (_, debt), share in zip(a.others.iterrows(), a.offers):
        add("Non-priority offer", from_cents(share), debt["Name"], debt["Type"], debt["Balance"],
            f"{share / available:.2%} of the amount available" if available else None)
    add("Total non-priority offers", from_cents(sum(a.offers)))
    return rows


def goal_rows(a: Allocation, months: int | None, months_note: str, emergency_months: float = 3) -> list[dict]:
    """The budget table's goal rows: months to clear the non-priority debts (as the plan
    works them out), the emergency-fund target and the months to build it.

    >>> a = allocate(2000, 1500, None, savings=50)
    >>> [(r["Item"], r["Amount"]) for r in goal_rows(a, None, "")]
    [('Emergency fund target', 4500.0), ('Months to build emergency fund', 90)]
    """
    rows = []

    def add(item, amount, note=None):
        rows.append({"Item": item, "Creditor": None, "Type": None, "Balance": None, "Amount": amount, "Note": note})

    if sum_cents(a.others["Balance"]):
        add("Months to clear non-priority debts", months, months_note)
    target = to_cents(from_cents(a.spending) * number(emergency_months, "emergency_months", None, minimum=0))
    add("Emergency fund target", from_cents(target), f"{emergency_months:g} months of essential outgoings")
    add("Months to build emergency fund", math.ceil(target / a.savings) if a.savings else None,
        None if a.savings else "No savings contribution in the budget")
    return rows


def budget(income, expenses, debts, savings: float = 0, fee: float = 0, *,
           emergency_months: float = 3, rate_basis: str = "nominal") -> pd.DataFrame:
    """Allocate monthly income by the Standard Financial Statement formulas.

    Parameters
    ----------
    income, expenses, debts
        See the module docstring: tables or, for income and expenses, monthly totals.
        The debts may carry each creditor's ``Concession`` (Interest frozen, the default;
        Reduced rate with a ``Concession rate``; None), which the months to clear follow.
    savings : float
        The SFS monthly savings contribution.
    fee : float
        A monthly debt-administration fee.
    emergency_months : float
        Months of essential outgoings the emergency-fund goal should cover.
    rate_basis : {"nominal", "effective"}
        How an APR charged under the plan becomes a month's rate.

    Returns
    -------
    DataFrame
        Columns Item, Creditor, Type, Balance, Amount, Note. Rows: total monthly income,
        total monthly outgoings, income minus outgoings, savings contribution, debt
        admin fee, available for priority debts, one "Priority offer" per priority
        debt, total priority offers, available for non-priority debts, one
        "Non-priority offer" per non-priority debt (pro rata by balance, cent-exact,
        summing exactly to the amount available), total non-priority offers, then the
        goals: months to clear the non-priority debts in a debt management plan at these
        offers (:func:`debtdesk.dmp.dmp_plan`: each creditor's concession, and a cleared
        creditor's share passed to the others, so with interest frozen it is
        ceil(total balance / available)), the emergency-fund target
        (``emergency_months`` × outgoings) and the months to build it at the savings
        contribution.

        A negative availability is a deficit: the Amount is shown as 0.00, a "Deficit"
        row gives the shortfall and the Note says it in words. Offers are never negative.

    Examples
    --------
    The SFS toolkit's example summary: income 3,157.67, outgoings 2,972.08, savings 18,
    fee 0 leave 167.59 for priority debts; priority offers of 10, 12 and 11 leave 134.59.

    >>> debts = pd.DataFrame({"Name": ["HSBC", "RBS", "Another creditor", "Demo Credit"],
    ...     "Type": ["Mortgage", "Secured loan", "Council tax", "Credit card"],
    ...     "Balance": [500.0, 1250.0, 720.0, 1250.0], "Offer": [10.0, 12.0, 11.0, None]})
    >>> out = budget(3157.67, 2972.08, debts, savings=18).set_index("Item")
    >>> float(out.loc["Available for priority debts", "Amount"])
    167.59
    >>> float(out.loc["Available for non-priority debts", "Amount"])
    134.59
    >>> int(out.loc["Months to clear non-priority debts", "Amount"])
    10
    """
    from debtdesk.dmp import assumption, concessions, dmp_plan

    a = allocate(income, expenses, debts, savings, fee)
    others = a.others[a.others["Balance"] > 0]
    months, note = None, "Never at these figures: nothing is available for non-priority creditors"
    if len(others) and a.for_non_priority > 0:
        terms = concessions(debts)
        terms = terms[terms["Name"].isin(others["Name"])]
        if (terms["Plan APR"] == 0).all():  # frozen: the whole payment works every month but the last
            months, cleared = math.ceil(sum_cents(others["Balance"]) / a.for_non_priority), True
        else:
            plan = dmp_plan(others, from_cents(a.for_non_priority), dict(zip(terms["Name"], terms["Plan APR"])),
                            rate_basis=rate_basis)
            months, cleared = (plan.months if plan.cleared else None), plan.cleared
        note = (f"At these offers with {assumption(terms)}" if cleared else
                "Not within 100 years at these offers: the interest charged outruns them")
    rows = allocation_rows(a) + goal_rows(a, months, note, emergency_months)
    return pd.DataFrame(rows, columns=BUDGET_COLUMNS)


def _flag(value, argument: str, row, label: str) -> bool:
    key = "" if is_blank(value) else str(value).strip().lower()
    if isinstance(value, bool):
        return value
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise DebtDeskError(argument, f"{label} {value!r} is not yes or no", row)
