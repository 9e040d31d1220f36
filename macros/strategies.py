"""Ribbon "Compare strategies": the client's one-page Summary and, after it, the Compare sheet.

Both render the client's case. The **Summary** is the first sheet and the page a client
takes home (:func:`debtdesk.client_page.client_page`): the headline (the debt-free month,
or in a deficit what the shortfall is), the plan at a glance, what happens next, why the
priority debts come first, the plan against paying only the minimums as one chart, and
where to get free advice in the client's country; it prints on one page. The **Compare**
sheet holds the details an adviser talks through: the case's summary sentences, the plan beside its alternatives (every
strategy at the client's budget, or a debt management plan against the same payment
without concessions and against minimum payments), "what if I pay X more" (its budgets
live), the utilisation guide, and the balance over time under each plan that clears, with
its chart. A case that can give no debt-free date (token or interim payments) shows no
comparison, no "what if", no balances and no chart.
"""

from __future__ import annotations


import pandas as pd

from debtdesk.assess import utilisation
from debtdesk.case import DMP
from debtdesk.client_page import client_page
from debtdesk.comparison import EXPLAINED
from debtdesk.macros.book import Chart, TableSpec
from debtdesk.macros.client import client_table, current_case, table_rows
from debtdesk.macros.journal import journal
from debtdesk.macros.publish import CLIENT_TABLES, finish
from debtdesk.macros.registry import macro
from debtdesk.workbooks import paging

SUMMARY = "Summary"
COMPARE = "Compare"
#: The Compare sheet's first row of the case's sentences (the title above, the calculated-on note at A2).
SENTENCES = 4
#: Size of the Summary's chart (centimetres): the width of its two columns, a third of the page tall.
_CHART = (17.0, 8.0)
#: Height of an empty row, in centimetres (15 points).


@macro("compare_strategies")
def compare_strategies(book) -> dict:
    """Write the Compare sheet and the client's Summary; returns the Summary's page and the
    comparison's figures (comparison, what-if, balances)."""
    case = current_case(book)
    d, plan = case.details, case.plan
    if case.allocation.debts.empty:
        book.notify("Compare strategies: the Debts table has no debts to plan.")
        return {}
    names = _plan_names(case)
    comparison = case.comparison.assign(Plan=[names.get(p, p) for p in case.comparison["Plan"]]) \
        if len(case.comparison) else case.comparison
    balances = case.balances.rename(columns=names)
    # a debt management plan's curves add up its non-priority creditors only: "Total owed" there read as a second
    # figure for the debts beside the Summary's "You owe now", which counts the priority debts too
    owed = "Owed to your non-priority creditors" if plan.kind == DMP else "Total owed"
    book.clear_sheet(SUMMARY)  # first: a Summary of an earlier layout may hold the tables Compare now holds
    _compare_sheet(book, case, comparison, balances, owed)
    page = client_page(case)
    _summary_sheet(book, page, balances, names, owed)
    book.show_first(COMPARE)
    book.show_first(SUMMARY)  # the client's page first, the details next
    journal(book, "Compare strategies", [d.label],
            f"{plan.kind}: {case.money(plan.monthly_payment)} a month"
            + (f", debt-free {plan.debt_free:%b %Y}" if plan.debt_free else ", no debt-free date"))
    return {"page": page, "comparison": comparison, "what_if": case.what_if, "balances": balances}


def _plan_names(case) -> dict[str, str]:
    """The comparison's plans as a client reads them: strategies in words, the client's own marked.

    >>> from datetime import date
    >>> from debtdesk.case import ClientDetails, ClientInputs, client_case
    >>> debts = pd.DataFrame({"Name": ["Visa"], "Type": ["Credit card"], "Balance": [900.0], "Minimum": [27.0]})
    >>> case = client_case(ClientInputs(ClientDetails(as_of=date(2026, 11, 1), monthly_budget=100), 1500, 1000, debts))
    >>> _plan_names(case)["avalanche"], _plan_names(case)["minimum"]
    ('Highest interest rate first (your plan)', 'Minimum payments only')
    """
    own = case.details.strategy
    return {label: words + (" (your plan)" if label == own and case.plan.kind == "Self-managed plan" else "")
            for label, words in EXPLAINED.items() if label != "pro rata"}


def _summary_sheet(book, page, balances: pd.DataFrame, names: dict[str, str], owed: str) -> None:
    """The client's page on the emptied Summary: headline, at a glance, the chart (its axis titled ``owed``), next
    steps, priority debts, free advice."""
    ref = book.write_table(SUMMARY, page.glance, TableSpec("Glance", anchor="A1", replace_sheet=False,
                                                           title=page.headline))
    top = table_rows(ref)[1] + 2
    plan_line = balances.columns[1] if len(balances.columns) > 1 else None
    minimum = names["minimum"]
    if page.promises_date and plan_line is not None:
        series = (plan_line,) + ((minimum,) if minimum in balances.columns and minimum != plan_line else ())
        book.add_chart(SUMMARY, Chart(
            "line", "Your plan against paying only the minimums" if len(series) > 1 else
            "What you owe, month by month", table="Balances", x="Month", series=series, anchor=f"A{top}",
            y_title=owed, x_title="Months from now", y_format="money", width=_CHART[0], height=_CHART[1]))
        top += paging.chart_rows(_CHART[1]) + 2  # and a row to spare
    steps = pd.DataFrame({"Step": [f"Step {i}" for i in range(1, len(page.steps) + 1)],
                          "What happens next": list(page.steps)})
    top = table_rows(book.write_table(SUMMARY, steps, TableSpec("NextSteps", anchor=f"A{top}",
                                                                replace_sheet=False)))[1] + 2
    if len(page.priority):
        top = table_rows(book.write_table(SUMMARY, page.priority, TableSpec("PriorityDebts", anchor=f"A{top}",
                                                                            replace_sheet=False)))[1] + 2
    book.write_table(SUMMARY, page.help, TableSpec("FreeAdvice", anchor=f"A{top}", replace_sheet=False))
    finish(book, SUMMARY, CLIENT_TABLES, orientation="portrait")


def _compare_sheet(book, case, comparison: pd.DataFrame, balances: pd.DataFrame, owed: str) -> None:
    """The plan beside its alternatives, "what if I pay more", credit use and the balance curves (of what is ``owed``)."""
    d = case.details
    whatif = case.what_if
    book.clear_sheet(COMPARE)
    book.write_value(COMPARE, "A1", f"Your plan in detail: {d.name or d.label}")
    for row, sentence in enumerate(case.sentences, start=SENTENCES):
        book.write_value(COMPARE, f"A{row}", sentence)
    top = SENTENCES + len(case.sentences) + 1
    watched = CLIENT_TABLES
    if len(comparison):
        ref = book.write_table(COMPARE, comparison, TableSpec(
            "Compare", anchor=f"A{top}", replace_sheet=False, title="Your plan beside the alternatives",
            formats={"Monthly payment": "money", "Debt-free date": "date", "Total interest": "money",
                     "Interest saved vs minimum": "money"}))
        top = table_rows(ref)[1] + 3
    else:
        book.write_value(COMPARE, f"A{top}", "No comparison: no plan can clear the debts yet, so no debt-free date "
                                             "can be given (see the Summary for what comes next).")
        top += 3
    if whatif is not None:
        ref = book.write_table(COMPARE, whatif, TableSpec(
            "WhatIf", anchor=f"A{top}", replace_sheet=False, title="What if I pay more each month?",
            formats={"Pay extra": "money", "Monthly budget": "money", "Debt-free date": "date",
                     "Total interest": "money", "Interest saved": "money"}))
        header, last = table_rows(ref)
        for row, saved, extra in zip(range(header + 1, last + 1), whatif["Interest saved"], whatif["Pay extra"]):
            if row > header + 1:  # live: each budget is the first plus its extra
                book.write_formula(COMPARE, f"C{row}", f"=$C${header + 1}+B{row}", "money")
            if saved is not None and pd.notna(saved):
                book.write_formula(COMPARE, f"G{row}", f"=$F${header + 1}-F{row}", "money")
            # months, date and interest are the case's for this extra: an edited extra marks them
            book.highlight(COMPARE, f"D{row}:G{row}", f"$B${row}<>{float(extra)!r}", "warning")
        watched += (f"{COMPARE}!B{header + 1}:B{last}",)
        top = last + 3
    top = _utilisation_guide(book, client_table(book, "Credit"), top, case.settings["utilisation"]) + 3
    if len(balances.columns) > 1:  # the chart above its long table, both within the tables' width
        chart = Chart("line", "What you owe, month by month under each plan", table="Balances", x="Month",
                      series=tuple(balances.columns[1:]), anchor=f"A{top}", y_title=owed,
                      x_title="Months from now", y_format="money", width=_CHART[0], height=_CHART[1])
        book.write_table(COMPARE, balances, TableSpec(
            "Balances", anchor=f"A{top + paging.chart_rows(chart.height) + 2}", replace_sheet=False,
            title=f"{owed} at the end of each month", formats={c: "money" for c in balances.columns[1:]}))
        book.add_chart(COMPARE, chart)
    finish(book, COMPARE, watched)


def _utilisation_guide(book, credit, top: int, limit: float) -> int:
    """Per-card utilisation and what to pay down to reach the threshold; returns the last row."""
    if credit is None:
        return top - 3
    accounts = utilisation(credit)
    accounts = accounts[accounts["Limit"] > 0][["Name", "Limit", "Balance", "Utilisation"]]
    if accounts.empty:
        return top - 3
    accounts["Pay down to reach"] = [max(0.0, round(b - limit * lim, 2)) for b, lim in
                                     zip(accounts["Balance"], accounts["Limit"])]
    ref = book.write_table(COMPARE, accounts, TableSpec(
        "Utilisation", anchor=f"A{top}", replace_sheet=False,
        title=f"Credit use: keep each card under {limit:.0%} of its limit",
        formats={"Limit": "money", "Balance": "money", "Utilisation": "percent", "Pay down to reach": "money"}))
    header, last = table_rows(ref)
    for row in range(header + 1, last + 1):
        book.write_formula(COMPARE, f"D{row}", f"=C{row}/B{row}", "percent")
        book.write_formula(COMPARE, f"E{row}", f"=MAX(0,C{row}-{limit!r}*B{row})", "money")
    book.highlight(COMPARE, f"A{header + 1}:E{last}", f"$D{header + 1}>{limit!r}", "warning")
    return last
