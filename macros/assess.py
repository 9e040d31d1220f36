"""Ribbon "Assess client": the Assessment sheet (with the insolvency and Breathing Space
screening) and the SFS Budget sheet, both rendered from the client's case.

The budget allocation lives with the assessment (not with Build plan) because it is part
of the picture an adviser needs before choosing a route: what is available for priority
and non-priority creditors, and each non-priority creditor's pro-rata offer.

Both sheets hold the case's figures, with native formulas for the lines that follow
from others (disposable income, what is available, the surplus, the DTI ratios, the SFS
availability lines and their totals), so an adviser who edits a figure sees the rest
follow.
"""

from __future__ import annotations

import pandas as pd

from debtdesk.macros.book import TableSpec
from debtdesk.macros.client import current_case, table_rows
from debtdesk.macros.journal import journal
from debtdesk.macros.publish import CLIENT_TABLES, finish
from debtdesk.macros.registry import macro

ASSESSMENT = "Assessment"
BUDGET = "Budget"

#: Budget lines an adviser may overwrite on the sheet (the offers then no longer follow from them).
EDITABLE = ("Total monthly income", "Total monthly outgoings", "Savings contribution", "Debt admin fee")

#: Assessment metrics that follow from others: metric -> formula over {metric} cells.
ASSESSMENT_FORMULAS = {
    "Disposable income": "={Monthly income (take-home)}-{Monthly essential expenses}",
    "Available for debts": "={Disposable income}-{Savings contribution}-{Debt admin fee}",
    "Surplus after debt payments": "={Available for debts}-{Monthly debt payments}",
    "Total debt balances": "={Priority debt balances}+{Non-priority debt balances}",
    "Front-end DTI": "={Monthly housing costs}/{Monthly income (gross)}",
    "Back-end DTI": "=({Monthly housing costs}+{Monthly debt payments})/{Monthly income (gross)}",
    "Consumer DTI": "={Monthly debt payments}/{Monthly income (take-home)}",
}
#: How the recommended route is shaded: green where the client manages, amber for a plan
#: with creditors, red where the budget cannot work as it is.
ROUTE_COLOURS = {"Budget only": "good", "Consolidation": "good", "Debt management plan": "caution",
                 "Settlement": "caution", "Refer for insolvency advice": "warning"}


@macro("assess_client")
def assess_client(book) -> pd.DataFrame:
    """Write the Assessment sheet (Metric, Value, Flag; flags highlighted; the screening
    below) and the Budget sheet. Returns the assessment table; its last row is the route."""
    case = current_case(book)
    d, result = case.details, case.assessment
    ref = book.write_table(ASSESSMENT, result, TableSpec(
        ASSESSMENT, title=f"Assessment of {d.name or d.label} as of {book.region().dated(d.as_of)}"))
    header, last = table_rows(ref)
    rows = {metric: header + i for i, metric in enumerate(result["Metric"], start=1)}
    for metric, value in zip(result["Metric"], result["Value"]):
        cell = f"B{rows[metric]}"
        formula = ASSESSMENT_FORMULAS.get(metric)
        if formula and value is not None and pd.notna(value):
            book.write_formula(ASSESSMENT, cell, formula.format(**{m: f"B{r}" for m, r in rows.items()}),
                               _metric_format(metric))
        elif metric != "Recommended route":
            book.write_value(ASSESSMENT, cell, value, _metric_format(metric))
    book.highlight(ASSESSMENT, f"A{header + 1}:C{last - 2}", f"LEN($C{header + 1})>0", "warning")
    book.highlight(ASSESSMENT, f"A{last}:C{last}", "TRUE", ROUTE_COLOURS[case.route])
    book.write_value(ASSESSMENT, "E3", "Recommended route")
    book.write_value(ASSESSMENT, "E4", case.route)
    book.write_value(ASSESSMENT, "E5", "; ".join(case.reasons))
    _screening(book, case, last + 3)
    finish(book, ASSESSMENT, CLIENT_TABLES)
    write_budget(book, case)
    flagged = int(result["Flag"].iloc[:-2].notna().sum())
    journal(book, "Assess client", [d.label],
            f"{case.route}; {case.plan.kind} {case.money(case.plan.monthly_payment)} a month; "
            f"{flagged} flag{'s' if flagged != 1 else ''}")
    return result


def _screening(book, case, top: int) -> None:
    """The DRO criteria, the Breathing Space status and the options, below the assessment."""
    s = case.screening
    book.write_value(ASSESSMENT, f"A{top}", f"Insolvency and Breathing Space screening ({s.jurisdiction})")
    book.write_value(ASSESSMENT, f"A{top + 1}", s.summary)
    book.write_value(ASSESSMENT, f"A{top + 2}", f"Breathing Space: {case.breathing_space.status()}")
    last = top + 2
    if len(s.criteria):
        criteria = s.criteria.assign(Met=[{True: "Yes", False: "No"}.get(m, "Adviser to check") for m in s.criteria["Met"]])
        ref = book.write_table(ASSESSMENT, criteria, TableSpec(
            "Screening", anchor=f"A{top + 4}", replace_sheet=False, formats={"Client": "money", "Limit": "money"}))
        _, last = table_rows(ref)
        book.highlight(ASSESSMENT, f"D{top + 5}:D{last}", f'$D{top + 5}="No"', "warning")
    book.write_table(ASSESSMENT, s.options, TableSpec("Options", anchor=f"A{last + 3}", replace_sheet=False,
                                                      title="Options to consider"))


def write_budget(book, case) -> None:
    """The SFS allocation with live formulas for the lines the SFS defines from others."""
    allocation = case.budget
    d = case.details
    ref = book.write_table(BUDGET, allocation, TableSpec(
        BUDGET, title=f"Budget (Standard Financial Statement) for {d.name or d.label}",
        formats={"Balance": "money", "Amount": "money"}))
    header, _ = table_rows(ref)
    row_of: dict[str, list[int]] = {}
    for i, item in enumerate(allocation["Item"], start=1):
        row_of.setdefault(item, []).append(header + i)

    def cell(item):
        return f"E{row_of[item][0]}"

    def total(item, parts):
        if parts in row_of:
            rows = row_of[parts]
            book.write_formula(BUDGET, cell(item), f"=SUM(E{rows[0]}:E{rows[-1]})", "money")

    book.write_formula(BUDGET, cell("Income minus outgoings"),
                       f"={cell('Total monthly income')}-{cell('Total monthly outgoings')}", "money")
    book.write_formula(BUDGET, cell("Available for priority debts"),
                       f"=MAX(0,{cell('Income minus outgoings')}-{cell('Savings contribution')}-{cell('Debt admin fee')})",
                       "money")
    total("Total priority offers", "Priority offer")
    book.write_formula(BUDGET, cell("Available for non-priority debts"),
                       f"=MAX(0,{cell('Available for priority debts')}-{cell('Total priority offers')})", "money")
    total("Total non-priority offers", "Non-priority offer")
    for item in ("Months to clear non-priority debts", "Months to build emergency fund"):
        if item in row_of:
            book.write_value(BUDGET, cell(item), allocation.loc[row_of[item][0] - header - 1, "Amount"], "integer")
    if "Deficit" in row_of:
        book.highlight(BUDGET, f"A{row_of['Deficit'][0]}:F{row_of['Deficit'][0]}", "TRUE", "warning")
    if "Non-priority offer" in row_of:  # an edited line above must not leave offers above what is available
        offered, available = row_of["Total non-priority offers"][0], row_of["Available for non-priority debts"][0]
        book.highlight(BUDGET, f"A{row_of['Non-priority offer'][0]}:F{offered}",
                       f"$E${offered}>$E${available}+0.005", "warning")
    edited = [f"{BUDGET}!{cell(item)}:{cell(item)}" for item in EDITABLE if item in row_of]
    finish(book, BUDGET, CLIENT_TABLES + tuple(edited))


def _metric_format(metric: str) -> str:
    """Number format of an assessment metric's value.

    >>> _metric_format("Back-end DTI"), _metric_format("Missed payments"), _metric_format("Debt arrears")
    ('percent', 'integer', 'money')
    """
    if "DTI" in metric or "tilisation" in metric:
        return "percent"
    if metric == "Missed payments":
        return "integer"
    return "money"
