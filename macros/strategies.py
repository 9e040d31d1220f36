"""Ribbon "Compare strategies": the client-facing Summary sheet (DESIGN.md §1, Education).

Rendered from the client's case: the summary in plain words (the route, the plan's
monthly payment, its interest assumption and debt-free month, or in a deficit what the
shortfall is and what comes next), the plan beside its alternatives (every strategy at
the client's budget, or a debt management plan against the same payment without
concessions and against minimum payments), "what if I pay X more", a utilisation guide
and a chart of the balance over time under each plan that clears. A case that can give no
debt-free date (token or interim payments) shows no comparison, no "what if" and no chart.
"""

from __future__ import annotations

import pandas as pd

from debtdesk.assess import utilisation
from debtdesk.macros.book import Chart, TableSpec
from debtdesk.macros.client import client_table, current_case, table_rows
from debtdesk.macros.journal import journal
from debtdesk.macros.publish import finish
from debtdesk.macros.registry import macro

SUMMARY = "Summary"


@macro("compare_strategies")
def compare_strategies(book) -> dict:
    """Write the Summary sheet; returns its figures (comparison, what-if, sentences, balances)."""
    case = current_case(book)
    d, plan = case.details, case.plan
    if case.allocation.debts.empty:
        book.notify("Compare strategies: the Debts table has no debts to plan.")
        return {}
    book.clear_sheet(SUMMARY)
    book.write_value(SUMMARY, "A1", f"Your debt plan: {d.name or d.label}")
    for i, sentence in enumerate(case.sentences, start=3):
        book.write_value(SUMMARY, f"A{i}", sentence)
    top = 3 + len(case.sentences) + 1
    comparison, whatif, balances = case.comparison, case.what_if, case.balances
    watched = ("Client", "Debts", "Credit")
    if len(comparison):
        ref = book.write_table(SUMMARY, comparison, TableSpec(
            "Compare", anchor=f"A{top}", replace_sheet=False, title="Your plan beside the alternatives",
            formats={"Monthly payment": "money", "Debt-free date": "date", "Total interest": "money",
                     "Interest saved vs minimum": "money"}))
        top = table_rows(ref)[1] + 3
    if whatif is not None:
        ref = book.write_table(SUMMARY, whatif, TableSpec(
            "WhatIf", anchor=f"A{top}", replace_sheet=False, title="What if I pay more each month?",
            formats={"Pay extra": "money", "Monthly budget": "money", "Debt-free date": "date",
                     "Total interest": "money", "Interest saved": "money"}))
        header, last = table_rows(ref)
        for row, saved, extra in zip(range(header + 1, last + 1), whatif["Interest saved"], whatif["Pay extra"]):
            if row > header + 1:  # live: each budget is the first plus its extra
                book.write_formula(SUMMARY, f"C{row}", f"=$C${header + 1}+B{row}", "money")
            if saved is not None and pd.notna(saved):
                book.write_formula(SUMMARY, f"G{row}", f"=$F${header + 1}-F{row}", "money")
            # months, date and interest are the case's for this extra: an edited extra marks them
            book.highlight(SUMMARY, f"D{row}:G{row}", f"$B${row}<>{float(extra)!r}", "warning")
        watched += (f"{SUMMARY}!B{header + 1}:B{last}",)
        top = last + 3
    top = _utilisation_guide(book, client_table(book, "Credit"), top, case.settings["utilisation"]) + 3
    if len(balances.columns) > 1:
        book.write_table(SUMMARY, balances, TableSpec(
            "Balances", anchor=f"A{top}", replace_sheet=False, title="Total owed at the end of each month",
            formats={c: "money" for c in balances.columns[1:]}))
        book.add_chart(SUMMARY, Chart("line", "What you owe, month by month", table="Balances", x="Month",
                                      series=tuple(balances.columns[1:]), anchor="J3",
                                      y_title="Total owed", x_title="Months from now", y_format="money"))
    book.show_first(SUMMARY)
    finish(book, SUMMARY, watched)
    journal(book, "Compare strategies", [d.label],
            f"{plan.kind}: {case.money(plan.monthly_payment)} a month"
            + (f", debt-free {plan.debt_free:%b %Y}" if plan.debt_free else ", no debt-free date"))
    return {"comparison": comparison, "what_if": whatif, "sentences": list(case.sentences), "balances": balances}


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
