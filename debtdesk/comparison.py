"""A plan beside its alternatives, "what if I pay more", and the balance curves a chart draws.

Every figure here comes from a plan computed by the engine's one month rule
(:mod:`debtdesk.payoff`, :mod:`debtdesk.dmp`); a plan that never clears the debts is a
row that says "never", never an error, so one failed comparison never fails a client.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd

from debtdesk.errors import DebtDeskError
from debtdesk.payoff import STRATEGIES, PayoffPlan, payoff

#: Each strategy in a few plain words.
EXPLAINED = {
    "avalanche": "Highest interest rate first",
    "snowball": "Smallest balance first",
    "custom": "In the order listed",
    "minimum": "Minimum payments only",
    "highest_interest": "Largest monthly interest first",
    "cash_flow_index": "Smallest balance per pound of minimum first",
    "pro rata": "Shared pro rata between creditors",
}
#: Extra monthly amounts of the "what if I pay X more" table.
EXTRAS = (0, 25, 50, 100, 200)
COMPARISON_COLUMNS = ["Plan", "How it works", "Monthly payment", "Months", "Debt-free date", "Total interest",
                      "Interest saved vs minimum", "Note"]
WHAT_IF_COLUMNS = ["If I pay", "Pay extra", "Monthly budget", "Months", "Debt-free date", "Total interest",
                   "Interest saved"]


def attempt(make: Callable[[], PayoffPlan]) -> tuple[PayoffPlan | None, str | None]:
    """(plan, None), or (None, why) when the plan cannot be made (it never clears, the
    budget is below the minimums): a comparison row then says so instead of failing.

    >>> debts = pd.DataFrame({"Name": ["Card"], "Balance": [1000], "APR": [0.24], "Minimum": [50]})
    >>> attempt(lambda: payoff(debts, 10))[1]
    'monthly_budget: 10.00 is below the sum of the minimum payments due in month 1 (50.00); the budget must be at least 50.00'
    """
    try:
        return make(), None
    except DebtDeskError as error:
        return None, str(error)


def comparison(plans: dict[str, tuple[PayoffPlan | None, str | None, float, str]],
               baseline: str | None = None) -> pd.DataFrame:
    """One row per plan: how it works, its payment, months, debt-free date and interest.

    Parameters
    ----------
    plans : dict
        Label -> (plan or None, why it failed, monthly payment, how it works), in order.
    baseline : str, optional
        The label interest saved is measured against (minimum payments only).

    Examples
    --------
    >>> debts = pd.DataFrame({"Name": ["Card", "Loan"], "Balance": [1000, 500],
    ...                       "APR": [0.24, 0.06], "Minimum": [50, 25]})
    >>> plans = {"avalanche": (*attempt(lambda: payoff(debts, 300)), 300.0, EXPLAINED["avalanche"]),
    ...          "minimum": minimum_payments(debts, None, "nominal")}
    >>> table = comparison(plans, baseline="minimum")
    >>> table[["Plan", "Months", "Total interest", "Interest saved vs minimum"]].values.tolist()
    [['avalanche', 6, 60.4, 257.6], ['minimum', 26, 318.0, 0.0]]
    """
    base = plans.get(baseline, (None,))[0] if baseline else None
    rows = []
    for label, (plan, why, payment, how) in plans.items():
        if plan is None or not plan.cleared:
            rows.append((label, how, payment, None, None, None, None,
                         "never clears the debts" if plan is not None or not why or "clear" in why
                         or "month" in why else why))
            continue
        saved = round(base.total_interest - plan.total_interest, 2) if base is not None and base.cleared else None
        rows.append((label, how, payment, plan.months, plan.date_of(plan.months), plan.total_interest, saved,
                     None if saved is not None or label == baseline else
                     "minimum payments alone never clear the debts, so there is no baseline to save against"))
    frame = pd.DataFrame.from_records(rows, columns=COMPARISON_COLUMNS)
    frame["Months"] = frame["Months"].astype(object)
    return frame


def strategies(debts, budget: float, start, rate_basis: str, extras=None,
               computed: dict[str, PayoffPlan] | None = None) -> dict:
    """Every strategy at the same budget (minimum-only last), as :func:`comparison` takes them;
    ``computed`` holds plans already worked out (the client's own), which are not made again.

    >>> debts = pd.DataFrame({"Name": ["Card"], "Balance": [5000], "APR": [0.249], "Minimum": [5], "Min %": [0.02]})
    >>> table = comparison(strategies(debts, 200, None, "nominal"), baseline="minimum")
    >>> table.set_index("Plan").loc["minimum", "Note"]
    'never clears the debts'
    """
    computed = computed or {}
    out = {s: ((computed[s], None) if s in computed else
               attempt(lambda s=s: payoff(debts, budget, s, start, extras, rate_basis=rate_basis)))
           + (float(budget), EXPLAINED[s]) for s in STRATEGIES if s != "minimum"}
    out["minimum"] = minimum_payments(debts, start, rate_basis)
    return out


def minimum_payments(debts, start, rate_basis: str) -> tuple:
    """Minimum payments only, whatever the budget, as :func:`comparison` takes a plan: the
    payment shown is month 1's minimums.

    >>> debts = pd.DataFrame({"Name": ["Card"], "Balance": [1000], "APR": [0.24], "Minimum": [50]})
    >>> plan, why, payment, how = minimum_payments(debts, None, "nominal")
    >>> plan.months, payment, how
    (26, 50.0, 'Minimum payments only')
    """
    plan, why = attempt(lambda: payoff(debts, _ANY_BUDGET, "minimum", start, rate_basis=rate_basis))
    payment = sum(plan.payments[0]) / 100 if plan is not None and plan.payments else None
    return plan, why, payment, EXPLAINED["minimum"]


_ANY_BUDGET = 1e12  # more than any minimums: minimum-only pays the minimums whatever the budget


def what_if(make: Callable[[float], PayoffPlan], budget: float) -> pd.DataFrame:
    """Months, debt-free date and interest for the budget plus each of :data:`EXTRAS`.

    ``make(budget)`` makes the plan at a budget (the client's strategy, or a debt
    management plan's pro-rata shares); a budget that does not work gives an empty row.

    Examples
    --------
    >>> debts = pd.DataFrame({"Name": ["Card", "Loan"], "Balance": [1000, 500],
    ...                       "APR": [0.24, 0.06], "Minimum": [50, 25]})
    >>> table = what_if(lambda b: payoff(debts, b, "avalanche"), 300)
    >>> table[["Pay extra", "Months", "Total interest"]].values.tolist()[:2]
    [[0.0, 6, 60.4], [25.0, 5, 56.55]]
    """
    rows = []
    for extra in EXTRAS:
        plan, _ = attempt(lambda: make(budget + extra))
        done = plan is not None and plan.cleared
        rows.append({"Pay extra": float(extra), "Monthly budget": round(budget + extra, 2),
                     "Months": plan.months if done else None,
                     "Debt-free date": plan.date_of(plan.months) if done else None,
                     "Total interest": plan.total_interest if done else None})
    frame = pd.DataFrame(rows)
    frame["Months"] = frame["Months"].astype(object)
    frame.insert(0, "If I pay", ["My budget"] + [f"{e:g} more a month" for e in EXTRAS[1:]])
    first = frame["Total interest"].iloc[0]
    frame["Interest saved"] = [None if pd.isna(first) or pd.isna(i) else round(first - i, 2)
                               for i in frame["Total interest"]]
    return frame[WHAT_IF_COLUMNS]


def balance_curves(plans: dict[str, PayoffPlan]) -> pd.DataFrame:
    """Month, then the total owed at the end of each month under each plan that clears the
    debts (0.00 once cleared), month 0 being the opening balances.

    >>> debts = pd.DataFrame({"Name": ["Card"], "Balance": [100], "APR": [0.0], "Minimum": [40]})
    >>> balance_curves({"avalanche": payoff(debts, 60), "minimum": payoff(debts, 60, "minimum")}).values.tolist()
    [[0.0, 100.0, 100.0], [1.0, 40.0, 60.0], [2.0, 0.0, 20.0], [3.0, 0.0, 0.0]]
    """
    cleared = {label: plan for label, plan in plans.items() if plan is not None and plan.cleared}
    if not cleared:
        return pd.DataFrame({"Month": []})
    months = max(p.months for p in cleared.values())
    frame = pd.DataFrame({"Month": range(0, months + 1)})
    for label, plan in cleared.items():
        totals = [sum(plan.opening) / 100] + [sum(row) / 100 for row in plan.balances]
        frame[label] = totals + [0.0] * (months + 1 - len(totals))
    return frame
