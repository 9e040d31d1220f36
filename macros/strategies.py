"""Ribbon "Compare strategies": the client-facing Summary sheet (DESIGN.md §1, Education).

In plain language: when the client will be debt-free, what interest the plan costs and
saves against paying minimums only, every strategy side by side, "what if I pay X
more", a utilisation guide and a chart of the balance over time under each strategy.
"""

from __future__ import annotations

import pandas as pd

from debtdesk.assess import DEFAULT_THRESHOLDS, utilisation
from debtdesk.macros.book import Chart, TableSpec
from debtdesk.macros.client import client_details, client_plan, client_table, table_rows
from debtdesk.macros.journal import journal
from debtdesk.macros.publish import finish
from debtdesk.macros.registry import macro
from debtdesk.payoff import compare, payoff, prepare_debts

SUMMARY = "Summary"
#: Extra monthly amounts of the "what if I pay X more" table.
EXTRAS = (0, 25, 50, 100, 200)
#: Each strategy in a few plain words.
EXPLAINED = {
    "avalanche": "Highest interest rate first",
    "snowball": "Smallest balance first",
    "custom": "In the order listed",
    "minimum": "Minimum payments only",
    "highest_interest": "Largest monthly interest first",
    "cash_flow_index": "Smallest balance per pound of minimum first",
}


@macro("compare_strategies")
def compare_strategies(book) -> dict:
    """Write the Summary sheet; returns its figures (comparison, what-if, sentences)."""
    details = client_details(book)
    plan = client_plan(book, details)
    if plan is None:
        book.notify("Compare strategies: the Debts table has no debts to plan.")
        return {}
    debts = prepare_debts(client_table(book, "Debts"))
    budget = details.monthly_budget
    comparison = compare(debts, budget)
    comparison.insert(1, "How it works", [EXPLAINED[s] for s in comparison["Strategy"]])
    comparison.insert(3, "Debt-free date", [plan.date_of(int(m)) if pd.notna(m) else None
                                            for m in comparison["Months"]])
    minimum = comparison.set_index("Strategy").loc["minimum"]
    whatif = what_if(debts, budget, details.strategy, details.plan_start)
    sentences = plain_summary(details, plan, minimum, whatif)

    book.clear_sheet(SUMMARY)
    book.write_value(SUMMARY, "A1", f"Your debt plan: {details.name or details.label}")
    for i, sentence in enumerate(sentences, start=3):
        book.write_value(SUMMARY, f"A{i}", sentence)
    top = 3 + len(sentences) + 1
    ref = book.write_table(SUMMARY, comparison, TableSpec(
        "Compare", anchor=f"A{top}", replace_sheet=False, title=f"Every strategy at {budget:,.2f} a month",
        formats={"Debt-free date": "date", "Total interest": "money", "Interest saved vs minimum": "money"}))
    _, last = table_rows(ref)
    ref = book.write_table(SUMMARY, whatif, TableSpec(
        "WhatIf", anchor=f"A{last + 3}", replace_sheet=False,
        title=f"What if I pay more each month? ({details.strategy} order)",
        formats={"Pay extra": "money", "Monthly budget": "money", "Debt-free date": "date",
                 "Total interest": "money", "Interest saved": "money"}))
    header, last = table_rows(ref)
    for row, extra in zip(range(header + 1, last + 1), whatif["Pay extra"]):  # live: each budget is the first plus its extra
        if row > header + 1:
            book.write_formula(SUMMARY, f"C{row}", f"=$C${header + 1}+B{row}", "money")
        book.write_formula(SUMMARY, f"G{row}", f"=$F${header + 1}-F{row}", "money")
        # months, date and interest are the engine's for this extra: an edited extra marks them
        book.highlight(SUMMARY, f"D{row}:G{row}", f"$B${row}<>{float(extra)!r}", "warning")
    pay_extra = f"{SUMMARY}!B{header + 1}:B{last}"
    last = _utilisation_guide(book, client_table(book, "Credit"), last + 3)
    balances = balance_curves(debts, budget, comparison, details.plan_start)
    book.write_table(SUMMARY, balances, TableSpec(
        "Balances", anchor=f"A{last + 3}", replace_sheet=False, title="Total owed at the end of each month",
        formats={c: "money" for c in balances.columns[1:]}))
    book.add_chart(SUMMARY, Chart("line", "What you owe, month by month", table="Balances", x="Month",
                                  series=tuple(balances.columns[1:]), anchor="J3",
                                  y_title="Total owed", x_title="Months from now", y_format="money"))
    book.show_first(SUMMARY)
    finish(book, SUMMARY, ("Client", "Debts", "Credit", pay_extra))
    best = comparison.iloc[0]
    journal(book, "Compare strategies", [details.label],
            f"best {best['Strategy']}: {best['Months']} months, interest {best['Total interest']:,.2f}")
    return {"comparison": comparison, "what_if": whatif, "sentences": sentences, "balances": balances}


def what_if(debts, budget: float, strategy: str, start) -> pd.DataFrame:
    """Months, debt-free date and interest for the budget plus each of :data:`EXTRAS`.

    Examples
    --------
    >>> debts = pd.DataFrame({"Name": ["Card", "Loan"], "Balance": [1000, 500],
    ...                       "APR": [0.24, 0.06], "Minimum": [50, 25]})
    >>> what_if(debts, 300, "avalanche", None)[["Pay extra", "Months", "Total interest"]].values.tolist()[:2]
    [[0.0, 6.0, 60.4], [25.0, 5.0, 56.55]]
    """
    rows = []
    for extra in EXTRAS:
        plan = payoff(debts, budget + extra, strategy, start)
        rows.append({"Pay extra": float(extra), "Monthly budget": budget + extra, "Months": plan.months,
                     "Debt-free date": plan.date_of(plan.months), "Total interest": plan.total_interest})
    frame = pd.DataFrame(rows)
    frame.insert(0, "If I pay", ["My budget"] + [f"{e:g} more a month" for e in EXTRAS[1:]])
    frame["Interest saved"] = (frame["Total interest"].iloc[0] - frame["Total interest"]).round(2)
    return frame


def plain_summary(details, plan, minimum: pd.Series, whatif: pd.DataFrame) -> list[str]:
    """The Summary sheet's sentences, for the client to read."""
    done = plan.date_of(plan.months)
    lines = [f"Paying {details.monthly_budget:,.2f} a month ({EXPLAINED[plan.strategy].lower()}), "
             f"you will be debt-free in {plan.months} months, by {done:%B %Y}."
             if done else f"Paying {details.monthly_budget:,.2f} a month, you will be debt-free in {plan.months} months.",
             f"Over the plan you will pay {plan.total_interest:,.2f} in interest."]
    if pd.notna(minimum["Months"]):
        saved = round(float(minimum["Total interest"]) - plan.total_interest, 2)
        lines.append(f"Paying only the minimums would take {int(minimum['Months'])} months and cost "
                     f"{float(minimum['Total interest']):,.2f} in interest: this plan saves you {saved:,.2f}.")
    else:
        lines.append("Paying only the minimums would never clear these debts.")
    more = whatif.iloc[2]
    sooner = plan.months - int(more["Months"])
    lines.append(f"Paying {more['Pay extra']:,.0f} more a month would clear them "
                 f"{f'{sooner} month' + ('s' if sooner != 1 else '') + ' sooner' if sooner else 'in the same time'} "
                 f"and save a further {more['Interest saved']:,.2f} in interest.")
    return lines


def balance_curves(debts, budget: float, comparison: pd.DataFrame, start) -> pd.DataFrame:
    """Month, then the total owed at the end of each month under each strategy that clears
    the debts (0.00 once cleared), month 0 being today's balances.

    >>> debts = pd.DataFrame({"Name": ["Card"], "Balance": [100], "APR": [0.0], "Minimum": [40]})
    >>> table = pd.DataFrame({"Strategy": ["avalanche", "minimum"], "Months": [2, 3]})
    >>> balance_curves(debts, 60, table, None).values.tolist()
    [[0.0, 100.0, 100.0], [1.0, 40.0, 60.0], [2.0, 0.0, 20.0], [3.0, 0.0, 0.0]]
    """
    cleared = [s for s, m in zip(comparison["Strategy"], comparison["Months"]) if pd.notna(m)]
    plans = {s: payoff(debts, budget, s, start) for s in cleared}
    months = max(p.months for p in plans.values())
    opening = sum(next(iter(plans.values())).opening) / 100
    frame = pd.DataFrame({"Month": range(0, months + 1)})
    for strategy, plan in plans.items():
        totals = [opening] + [sum(row) / 100 for row in plan.balances]
        frame[strategy] = totals + [0.0] * (months + 1 - len(totals))
    return frame


def _utilisation_guide(book, credit, top: int) -> int:
    """Per-card utilisation and what to pay down to reach the threshold; returns the last row."""
    if credit is None:
        return top - 3
    limit = DEFAULT_THRESHOLDS["utilisation"]
    accounts = utilisation(credit)
    accounts = accounts[accounts["Limit"] > 0][["Name", "Limit", "Balance", "Utilisation"]]
    if accounts.empty:
        return top - 3
    accounts["Pay down to reach"] = [max(0.0, round(b - limit * lim, 2)) for b, lim in
                                     zip(accounts["Balance"], accounts["Limit"])]
    ref = book.write_table(SUMMARY, accounts, TableSpec(
        "Utilisation", anchor=f"A{top}", replace_sheet=False,
        title=f"Credit use: keep each card under {limit:.0%} of its limit",
        formats={"Limit": "money", "Balance": "money", "Utilisation": "percent", "Pay down to reach": "money"}))
    header, last = table_rows(ref)
    for row in range(header + 1, last + 1):
        book.write_formula(SUMMARY, f"D{row}", f"=C{row}/B{row}", "percent")
        book.write_formula(SUMMARY, f"E{row}", f"=MAX(0,C{row}-{limit!r}*B{row})", "money")
    book.highlight(SUMMARY, f"A{header + 1}:E{last}", f"$D{header + 1}>{limit!r}", "warning")
    return last
