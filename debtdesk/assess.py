"""Client assessment: totals, debt-to-income ratios, utilisation, flags and a route.

Ratios (all monthly):

- front-end (housing) DTI = housing costs / gross income;
- back-end DTI = (housing costs + debt payments) / gross income;
- consumer DTI = debt payments / take-home income.

"Debt payments" are the debts' contractual ``Minimum`` payments, except debts of type
Mortgage or Rent, whose current payment belongs in ``expenses`` as a housing cost (list
each regular payment once). The CFPB defines DTI as "all your monthly debt payments
divided by your gross monthly income" (consumerfinance.gov, "What is a debt-to-income
ratio?"). Default thresholds, which a firm overrides with ``thresholds``:

- front-end 28 % and back-end 36 %: the "28/36" conventional-mortgage guideline
  (the housing-expense and total-obligation ratios long used in Fannie Mae / Freddie Mac
  underwriting; the CFPB's 43 % is the Qualified-Mortgage ceiling, not a comfort level);
- consumer 20 %: the "20/10 rule" that non-mortgage debt payments stay within 20 % of
  take-home pay;
- credit utilisation 30 %: the level credit-reference agencies commonly advise staying
  under;
- ``plan_months`` 60: a debt management plan longer than five years points to
  insolvency advice instead; ``settlement_share`` 0.5: a lump sum of at least half the
  non-priority debt makes a full-and-final settlement worth proposing.

Input tables are those of :mod:`debtdesk.budget`, plus ``credit`` (Name, Limit, Balance,
optional Missed payments, Arrears) and ``guidelines`` (Category, Monthly limit) -- the
firm's own guideline figures; none are built in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Mapping

import pandas as pd

from debtdesk.budget import Allocation
from debtdesk.columns import select_columns
from debtdesk.errors import DebtDeskError
from debtdesk.money import from_cents, sum_cents, to_cents
from debtdesk.rows import records
from debtdesk.thresholds import defaults
from debtdesk.values import cell_text, data_rows, is_blank, match_key, number
from debtdesk.wording import money_text

#: Default thresholds by key (the case's settings, :mod:`debtdesk.thresholds`, hold them all).
DEFAULT_THRESHOLDS: Mapping[str, float] = {k: v for k, v in defaults().items()
                                           if k in ("front_end", "back_end", "consumer", "utilisation",
                                                    "plan_months", "settlement_share")}

_HOUSING_DEBTS = ("Mortgage", "Rent")


def dti(debt_payments, income: float) -> float:
    """Debt-to-income ratio: monthly debt payments over monthly income.

    Parameters
    ----------
    debt_payments : float or iterable of float
        One monthly payment or several (summed).
    income : float
        Monthly income (gross for back-end DTI, take-home for consumer DTI); > 0.

    Returns
    -------
    float
        The ratio as a fraction (0.36 = 36 %).

    Examples
    --------
    CFPB's example: 1,500 mortgage + 100 auto loan + 400 other debts on 6,000 gross.

    >>> round(dti([1500, 100, 400], 6000), 4)
    0.3333
    """
    payments = [debt_payments] if not isinstance(debt_payments, Iterable) else list(debt_payments)
    if not payments:
        raise DebtDeskError("monthly_debt_payments", "is empty (expected one or more payments)")
    total = sum(number(p, "monthly_debt_payments", i if len(payments) > 1 else None,
                        minimum=0) for i, p in enumerate(payments, 1))
    income = number(income, "monthly_income", None)
    if income <= 0:
        raise DebtDeskError("monthly_income", f"{income:g} must be greater than 0")
    return total / income


def utilisation(credit: pd.DataFrame) -> pd.DataFrame:
    """Credit utilisation per account.

    Parameters
    ----------
    credit : DataFrame
        Name, Limit, Balance, optional Missed payments and Arrears (empty = 0).

    Returns
    -------
    DataFrame
        Name, Limit, Balance, Utilisation (Balance / Limit; empty for an account without
        a limit, such as a loan), Missed payments, Arrears.

    Examples
    --------
    >>> t = pd.DataFrame({"Account": ["Visa", "Loan"], "Credit limit": [2000.0, None],
    ...                   "Balance": [1500.0, 4000.0]})
    >>> utilisation(t)["Utilisation"].tolist()
    [0.75, nan]
    """
    frame = select_columns(credit, ["Name", "Limit", "Balance"], ["Missed payments", "Arrears"],
                           "credit")
    rows = []
    for row, record in zip(data_rows(frame.index), records(frame)):
        limit = number(record["Limit"], "credit", row, label="Limit", minimum=0, blank=0.0)
        balance = number(record["Balance"], "credit", row, label="Balance", minimum=0)
        missed = number(record.get("Missed payments"), "credit", row, label="Missed payments",
                         minimum=0, blank=0.0)
        if missed != int(missed):
            raise DebtDeskError("credit", f"Missed payments {missed:g} is not a whole number", row)
        rows.append({"Name": cell_text(record["Name"], f"Account {row}"), "Limit": limit,
                     "Balance": balance, "Utilisation": balance / limit if limit else math.nan,
                     "Missed payments": int(missed),
                     "Arrears": number(record.get("Arrears"), "credit", row, label="Arrears",
                                        minimum=0, blank=0.0)})
    return pd.DataFrame(rows, columns=["Name", "Limit", "Balance", "Utilisation",
                                       "Missed payments", "Arrears"])


def assess(income, expenses, debts, credit=None, guidelines=None,
           thresholds: Mapping[str, float] | None = None, *, lump_sum: float = 0, savings: float = 0,
           fee: float = 0, rate_basis: str = "nominal", country: str = "England") -> pd.DataFrame:
    """Assess a client's finances and recommend a route, with reasons.

    The assessment of a whole client case (:func:`debtdesk.case.client_case`) for these
    inputs alone: the route is decided as :mod:`debtdesk.route` sets out, on the same
    figures the case's budget, plan and letters use.

    Parameters
    ----------
    income, expenses, debts
        As for :func:`debtdesk.budget.budget` (income and expenses may be monthly totals).
    credit : DataFrame, optional
        Name, Limit, Balance, optional Missed payments, Arrears.
    guidelines : DataFrame, optional
        Category, Monthly limit: the firm's guideline figures per expense category.
    thresholds : mapping, optional
        Settings by key or label (:mod:`debtdesk.thresholds`), e.g. ``{"front_end": 0.3}``.
    lump_sum : float
        Money the client could put towards a settlement.
    savings, fee : float
        The SFS savings contribution and a debt admin fee, taken before anything is
        available for debts.
    rate_basis : {"nominal", "effective"}
        How APRs become a month's rate in the plans the route is decided on.
    country : str
        The client's country (:mod:`debtdesk.jurisdiction`), for the insolvency screen.

    Returns
    -------
    DataFrame
        Metric, Value, Flag (:func:`metrics`), then "Plan's monthly payment" and, last,
        "Recommended route" with the reasons in its Flag.

    Examples
    --------
    >>> income = pd.DataFrame({"Source": ["Salary"], "Net": [2400.0], "Gross": [3000.0]})
    >>> expenses = pd.DataFrame({"Category": ["Rent", "Food"], "Amount": [750.0, 300.0]})
    >>> debts = pd.DataFrame({"Name": ["Visa"], "Type": ["Credit card"],
    ...                       "Balance": [5000.0], "Minimum": [150.0]})
    >>> out = assess(income, expenses, debts).set_index("Metric")
    >>> float(out.loc["Front-end DTI", "Value"]), out.loc["Recommended route", "Value"]
    (0.25, 'Budget only')
    """
    from debtdesk.case import ClientDetails, ClientInputs, client_case

    details = ClientDetails(country=country, rate_basis=rate_basis, lump_sum=number(lump_sum, "lump_sum", minimum=0),
                            savings=number(savings, "savings", minimum=0), fee=number(fee, "fee", minimum=0))
    return client_case(ClientInputs(details, income, expenses, debts, credit, guidelines,
                                    settings=dict(thresholds or {}))).assessment


@dataclass(frozen=True)
class Metrics:
    """The assessment's rows and the figures and flags a route is decided on."""

    rows: list
    flags: dict
    payments: int
    """Contractual monthly debt payments, in cents."""
    arrears: int
    """Arrears on the debts and on the credit file, in cents."""
    missed: int


def metrics(a: Allocation, income, credit=None, guidelines=None, limits: Mapping[str, float] | None = None,
            currency: str = "GBP") -> Metrics:
    """The assessment's figures: totals, DTI ratios, utilisation, arrears, spending, each flagged.

    Parameters
    ----------
    a : Allocation
        The client's SFS allocation (:func:`debtdesk.budget.allocate`).
    income
        The income table as given (to tell whether any gross income was given).
    credit, guidelines
        As for :func:`assess`.
    limits : mapping
        The case's settings (thresholds).
    currency : str
        For the flags' sentences.

    Returns
    -------
    Metrics
        ``rows`` (Metric, Value, Flag dicts): take-home and gross income, essential
        expenses, housing costs, disposable income, savings, fee, available for debts,
        contractual debt payments, surplus after them, balances, arrears, the three DTIs
        (front-end and back-end need gross income: without any gross figure they are
        not worked out, never silently on take-home pay), utilisation, missed payments
        and spending against the firm's guidelines.

    Examples
    --------
    >>> from debtdesk.budget import allocate
    >>> m = metrics(allocate(2000, 1500, None), 2000)
    >>> [(r["Metric"], r["Value"]) for r in m.rows if "DTI" in r["Metric"]][:1]
    [('Front-end DTI', None)]
    """
    limits = {**DEFAULT_THRESHOLDS, **(limits or {})}
    rows: list[dict] = []
    flags: dict[str, str] = {}

    def add(metric, value, flag=None):
        rows.append({"Metric": metric, "Value": value, "Flag": flag})

    def money(cents):
        return money_text(from_cents(cents), currency)

    owed = a.debts
    gross_given = _gross_given(income)
    net_c, gross_c = a.income, sum_cents(a.incomes["Gross"]) if gross_given else None
    housing_c = sum_cents(a.outgoings.loc[a.outgoings["Housing"], "Monthly"])
    paying = owed[~owed["Type"].isin(_HOUSING_DEBTS)]
    payments_c = sum_cents(paying["Minimum"])
    disposable_c = net_c - a.spending
    surplus_c = a.for_priority - payments_c

    add("Monthly income (take-home)", from_cents(net_c))
    add("Monthly income (gross)", None if gross_c is None else from_cents(gross_c),
        None if gross_given else "No gross income given: the gross-income ratios are not worked out")
    add("Monthly essential expenses", from_cents(a.spending))
    add("Monthly housing costs", from_cents(housing_c))
    add("Disposable income", from_cents(disposable_c),
        f"Essential spending is {money(-disposable_c)} a month more than take-home income"
        if disposable_c < 0 else None)
    add("Savings contribution", from_cents(a.savings))
    add("Debt admin fee", from_cents(a.fee))
    if a.for_priority < 0:
        flags["deficit"] = (f"Deficit budget: essential spending, savings and fee are {money(-a.for_priority)} "
                            "a month more than take-home income")
    add("Available for debts", from_cents(a.for_priority), flags.get("deficit"))
    add("Monthly debt payments", from_cents(payments_c))
    if surplus_c < 0 and a.for_priority >= 0:
        flags["unaffordable"] = (f"Contractual debt payments are {money(-surplus_c)} a month more than is "
                                 "available for debts")
    add("Surplus after debt payments", from_cents(surplus_c), flags.get("unaffordable"))
    priority, others = a.priority, a.others
    add("Total debt balances", from_cents(sum_cents(owed["Balance"])))
    add("Priority debt balances", from_cents(sum_cents(priority["Balance"])))
    add("Non-priority debt balances", from_cents(sum_cents(others["Balance"])))
    arrears_c = sum_cents(owed["Arrears"])
    if arrears_c:
        names = ", ".join(owed.loc[owed["Arrears"] > 0, "Name"])
        flags["arrears"] = f"Arrears of {money(arrears_c)} on {names}"
    add("Debt arrears", from_cents(arrears_c), flags.get("arrears"))
    priority_arrears = priority.loc[priority["Arrears"] > 0, "Name"]
    add("Priority arrears", from_cents(sum_cents(priority["Arrears"])),
        f"Priority arrears on {', '.join(priority_arrears)}: deal with these first"
        if len(priority_arrears) else None)

    for metric, key, numerator_c, denominator_c, basis in (
            ("Front-end DTI", "front_end", housing_c, gross_c, "gross income"),
            ("Back-end DTI", "back_end", housing_c + payments_c, gross_c, "gross income"),
            ("Consumer DTI", "consumer", payments_c, net_c, "take-home income")):
        if not denominator_c or denominator_c <= 0:
            add(metric, None, f"Not available: no {basis}")
            continue
        ratio = numerator_c / denominator_c
        flag = None
        if ratio > limits[key]:
            flag = f"{metric} {ratio:.1%} is over the {limits[key]:.0%} threshold"
            flags[key] = flag
        add(metric, ratio, flag)

    missed = 0
    if credit is not None:
        accounts = utilisation(credit)
        for account in records(accounts):
            if math.isnan(account["Utilisation"]):
                continue
            over = account["Utilisation"] > limits["utilisation"]
            add(f"Utilisation: {account['Name']}", account["Utilisation"],
                f"Over {limits['utilisation']:.0%}: paying "
                f"{money_text(account['Balance'] - limits['utilisation'] * account['Limit'], currency)} "
                f"off brings it to {limits['utilisation']:.0%}" if over else None)
        limited = accounts[accounts["Limit"] > 0]
        if len(limited):
            overall = limited["Balance"].sum() / limited["Limit"].sum()
            if overall > limits["utilisation"]:
                flags["utilisation"] = (f"Overall credit utilisation {overall:.1%} is over "
                                        f"{limits['utilisation']:.0%}")
            add("Overall utilisation", overall, flags.get("utilisation"))
        missed = int(accounts["Missed payments"].sum())
        credit_arrears_c = sum_cents(accounts["Arrears"])
        if missed:
            flags["missed"] = f"{missed} missed payment{'s' if missed != 1 else ''} on the credit file"
        add("Missed payments", missed, flags.get("missed"))
        add("Credit account arrears", from_cents(credit_arrears_c),
            "Arrears on the credit file" if credit_arrears_c else None)
        if credit_arrears_c:
            flags.setdefault("arrears", f"Arrears of {money(credit_arrears_c)} on the credit file")
            arrears_c = max(arrears_c, credit_arrears_c)

    if guidelines is not None:
        for category, limit, spent in _against_guidelines(a.outgoings, guidelines):
            add(f"Spending: {category}", spent,
                f"{money_text(spent, currency)} is {money_text(spent - limit, currency)} above the guideline "
                f"{money_text(limit, currency)}" if spent > limit else None)
    return Metrics(rows, flags, payments_c, arrears_c, missed)


def _gross_given(income) -> bool:
    """Whether any gross (before-tax) income figure was given.

    >>> _gross_given(2000), _gross_given(pd.DataFrame({"Source": ["Pay"], "Amount": [1.0], "Gross": [None]}))
    (False, False)
    """
    if not isinstance(income, pd.DataFrame):
        return False
    found = select_columns(income, ["Source"], ["Gross amount"], "income")
    return "Gross amount" in found and not all(is_blank(v) for v in found["Gross amount"])


def _against_guidelines(outgoings: pd.DataFrame, guidelines: pd.DataFrame):
    frame = select_columns(guidelines, ["Category", "Monthly limit"], [], "guidelines")
    spent: dict[str, int] = {}
    for category, monthly in zip(outgoings["Category"], outgoings["Monthly"]):
        spent[match_key(category)] = spent.get(match_key(category), 0) + to_cents(monthly)
    seen = set()
    for row, record in zip(data_rows(frame.index), records(frame)):
        if is_blank(record["Category"]):
            raise DebtDeskError("guidelines", "Category is empty (expected an expense category)", row)
        category = str(record["Category"]).strip()
        if match_key(category) in seen:
            raise DebtDeskError("guidelines", f"Category {category!r} appears twice", row)
        seen.add(match_key(category))
        limit = number(record["Monthly limit"], "guidelines", row, label="Monthly limit", minimum=0)
        yield category, limit, from_cents(spent.get(match_key(category), 0))
