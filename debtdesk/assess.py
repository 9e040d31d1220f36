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
from typing import Iterable, Mapping

import pandas as pd

from debtdesk.budget import debt_list, monthly_expenses, monthly_income
from debtdesk.columns import select_columns
from debtdesk.errors import DebtDeskError
from debtdesk.money import from_cents, sum_cents, to_cents
from debtdesk.values import cell_text, data_rows, is_blank, match_key, number

#: Default thresholds (see the module docstring for where each comes from).
DEFAULT_THRESHOLDS: Mapping[str, float] = {
    "front_end": 0.28,
    "back_end": 0.36,
    "consumer": 0.20,
    "utilisation": 0.30,
    "plan_months": 60,
    "settlement_share": 0.5,
}

#: Recommended routes, in the order :func:`assess` considers them.
ROUTES = ("Budget only", "Consolidation", "Debt management plan", "Settlement",
          "Refer for insolvency advice")

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
    for row, record in zip(data_rows(frame.index), frame.to_dict("records")):
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
           thresholds: Mapping[str, float] | None = None, *, lump_sum: float = 0) -> pd.DataFrame:
    """Assess a client's finances and recommend a route, with reasons.

    Parameters
    ----------
    income, expenses, debts
        As for :func:`debtdesk.budget.budget` (income and expenses may be monthly totals).
    credit : DataFrame, optional
        Name, Limit, Balance, optional Missed payments, Arrears.
    guidelines : DataFrame, optional
        Category, Monthly limit: the firm's guideline figures per expense category.
    thresholds : mapping, optional
        Overrides for :data:`DEFAULT_THRESHOLDS`.
    lump_sum : float
        Money the client could put towards a settlement.

    Returns
    -------
    DataFrame
        Metric, Value, Flag. A Flag is empty when all is well, else a plain sentence.
        The last row is "Recommended route" with the reasons in its Flag. The route is:

        1. Budget only -- no debts, or every contractual payment is affordable, nothing is
           in arrears and no ratio is over its threshold;
        2. Refer for insolvency advice -- nothing is left for non-priority creditors after
           essentials and priority offers;
        3. Consolidation -- payments are affordable and up to date but a DTI or the
           utilisation is over its threshold;
        4. Debt management plan -- payments are not affordable or accounts are in arrears,
           and the amount available clears the non-priority debts (interest frozen)
           within ``plan_months``;
        5. Settlement -- a plan would take longer, but ``lump_sum`` covers
           ``settlement_share`` of the non-priority debts;
        6. Refer for insolvency advice -- otherwise.

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
    limits = _thresholds(thresholds)
    lump_sum = number(lump_sum, "lump_sum", None, minimum=0)
    incomes = monthly_income(income)
    outgoings = monthly_expenses(expenses)
    owed = debt_list(debts)
    rows: list[dict] = []

    def add(metric, value, flag=None):
        rows.append({"Metric": metric, "Value": value, "Flag": flag})

    net_c, gross_c = sum_cents(incomes["Net"]), sum_cents(incomes["Gross"])
    outgoings_c = sum_cents(outgoings["Monthly"])
    housing_c = sum_cents(outgoings.loc[outgoings["Housing"], "Monthly"])
    paying = owed[~owed["Type"].isin(_HOUSING_DEBTS)]
    payments_c = sum_cents(paying["Minimum"])
    priority, others = owed[owed["Priority"]], owed[~owed["Priority"]]
    disposable_c = net_c - outgoings_c
    surplus_c = disposable_c - payments_c
    flags: dict[str, str] = {}

    add("Monthly income (take-home)", from_cents(net_c))
    add("Monthly income (gross)", from_cents(gross_c))
    add("Monthly essential expenses", from_cents(outgoings_c))
    add("Monthly housing costs", from_cents(housing_c))
    if disposable_c < 0:
        flags["deficit"] = (f"Deficit budget: essential spending is {from_cents(-disposable_c):,.2f} "
                            "a month more than take-home income")
    add("Disposable income", from_cents(disposable_c), flags.get("deficit"))
    add("Monthly debt payments", from_cents(payments_c))
    if surplus_c < 0 and disposable_c >= 0:
        flags["unaffordable"] = (f"Contractual debt payments are {from_cents(-surplus_c):,.2f} a "
                                 "month more than is left after essentials")
    add("Surplus after debt payments", from_cents(surplus_c), flags.get("unaffordable"))
    add("Total debt balances", from_cents(sum_cents(owed["Balance"])))
    add("Priority debt balances", from_cents(sum_cents(priority["Balance"])))
    add("Non-priority debt balances", from_cents(sum_cents(others["Balance"])))
    arrears_c = sum_cents(owed["Arrears"])
    if arrears_c:
        names = ", ".join(owed.loc[owed["Arrears"] > 0, "Name"])
        flags["arrears"] = f"Arrears on {names}"
    add("Debt arrears", from_cents(arrears_c), flags.get("arrears"))
    priority_arrears = priority.loc[priority["Arrears"] > 0, "Name"]
    add("Priority arrears", from_cents(sum_cents(priority["Arrears"])),
        f"Priority arrears on {', '.join(priority_arrears)}: deal with these first"
        if len(priority_arrears) else None)

    for metric, key, numerator_c, denominator_c, basis in (
            ("Front-end DTI", "front_end", housing_c, gross_c, "gross income"),
            ("Back-end DTI", "back_end", housing_c + payments_c, gross_c, "gross income"),
            ("Consumer DTI", "consumer", payments_c, net_c, "take-home income")):
        if denominator_c <= 0:
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
        for account in accounts.itertuples(index=False):
            if math.isnan(account.Utilisation):
                continue
            over = account.Utilisation > limits["utilisation"]
            add(f"Utilisation: {account.Name}", account.Utilisation,
                f"Over {limits['utilisation']:.0%}: paying {account.Balance - limits['utilisation'] * account.Limit:,.2f} "
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
            flags.setdefault("arrears", "Arrears on the credit file")

    if guidelines is not None:
        for category, limit, spent in _against_guidelines(outgoings, guidelines):
            add(f"Spending: {category}", spent,
                f"{spent:,.2f} is {spent - limit:,.2f} above the guideline {limit:,.2f}"
                if spent > limit else None)

    route, reasons = _route(owed, disposable_c, surplus_c, priority, others, flags, limits,
                            lump_sum)
    add("Recommended route", route, "; ".join(reasons))
    return pd.DataFrame(rows, columns=["Metric", "Value", "Flag"], dtype=object)


def _route(owed, disposable_c, surplus_c, priority, others, flags, limits, lump_sum):
    behind = [flags[k] for k in ("unaffordable", "arrears", "missed") if k in flags]
    stretched = [flags[k] for k in ("front_end", "back_end", "consumer", "utilisation") if k in flags]
    if owed.empty:
        return "Budget only", ["No debts recorded: keep to the budget"]
    if "deficit" in flags:
        return "Refer for insolvency advice", [flags["deficit"],
                                               "nothing is available for creditors"]
    available_c = disposable_c - sum_cents(priority["Offer"])
    owed_c = sum_cents(others["Balance"])
    if not behind:
        if stretched:
            return "Consolidation", ["Payments are affordable and up to date"] + stretched + [
                "one lower-rate loan could cut the monthly cost if the client qualifies"]
        return "Budget only", ["Every debt payment is affordable and up to date",
                               "all ratios are within thresholds"]
    if available_c <= 0:
        return "Refer for insolvency advice", behind + [
            "nothing is left for non-priority creditors after essentials and priority offers"]
    months = math.ceil(owed_c / available_c) if owed_c else 0
    reason = (f"{from_cents(available_c):,.2f} a month clears the non-priority debts of "
              f"{from_cents(owed_c):,.2f} in {months} months with interest frozen")
    if months <= limits["plan_months"]:
        return "Debt management plan", behind + [reason]
    if owed_c and lump_sum >= limits["settlement_share"] * from_cents(owed_c):
        return "Settlement", behind + [reason + f", over {limits['plan_months']:g} months",
                                       f"a lump sum of {lump_sum:,.2f} is "
                                       f"{lump_sum / from_cents(owed_c):.0%} of the non-priority debts"]
    return "Refer for insolvency advice", behind + [
        reason + f", longer than {limits['plan_months']:g} months"]


def _against_guidelines(outgoings: pd.DataFrame, guidelines: pd.DataFrame):
    frame = select_columns(guidelines, ["Category", "Monthly limit"], [], "guidelines")
    spent: dict[str, int] = {}
    for category, monthly in zip(outgoings["Category"], outgoings["Monthly"]):
        spent[match_key(category)] = spent.get(match_key(category), 0) + to_cents(monthly)
    seen = set()
    for row, record in zip(data_rows(frame.index), frame.to_dict("records")):
        if is_blank(record["Category"]):
            raise DebtDeskError("guidelines", "Category is empty (expected an expense category)", row)
        category = str(record["Category"]).strip()
        if match_key(category) in seen:
            raise DebtDeskError("guidelines", f"Category {category!r} appears twice", row)
        seen.add(match_key(category))
        limit = number(record["Monthly limit"], "guidelines", row, label="Monthly limit", minimum=0)
        yield category, limit, from_cents(spent.get(match_key(category), 0))


def _thresholds(overrides) -> dict:
    limits = dict(DEFAULT_THRESHOLDS)
    for name, value in (overrides or {}).items():
        if name not in limits:
            raise DebtDeskError("thresholds", f"{name!r} is not one of {', '.join(limits)}")
        limits[name] = number(value, "thresholds", None, label=name, minimum=0)
    return limits
