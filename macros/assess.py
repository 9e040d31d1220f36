"""Ribbon "Assess client": the Assessment sheet and the SFS Budget sheet.

The budget allocation lives with the assessment (not with Build plan) because it is part
of the picture an adviser needs before choosing a route: what is available for priority
and non-priority creditors, and each non-priority creditor's pro-rata offer.

Both sheets hold the engine's figures, with native formulas for the lines that follow
from others (disposable income, surplus, DTI ratios, the SFS availability lines and
their totals), so an adviser who edits a figure in the sheet sees the rest follow.
"""

from __future__ import annotations

import pandas as pd

from debtdesk.assess import assess
from debtdesk.budget import budget
from debtdesk.macros.book import TableSpec
from debtdesk.macros.client import GUIDELINES, client_details, client_table, table_rows
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
    "Surplus after debt payments": "={Disposable income}-{Monthly debt payments}",
    "Total debt balances": "={Priority debt balances}+{Non-priority debt balances}",
    "Front-end DTI": "={Monthly housing costs}/{Monthly income (gross)}",
    "Back-end DTI": "=({Monthly housing costs}+{Monthly debt payments})/{Monthly income (gross)}",
    "Consumer DTI": "={Monthly debt payments}/{Monthly income (take-home)}",
}


def client_inputs(book):
    """(details, income, expenses, debts, credit, guidelines) of the workbook's client."""
    details = client_details(book)
    tables = [client_table(book, name) for name in ("Income", "Expenses", "Debts", "Credit", GUIDELINES)]
    income, expenses = (0 if t is None else t for t in tables[:2])
    return (details, income, expenses, *tables[2:])


@macro("assess_client")
def assess_client(book) -> pd.DataFrame:
    """Write the Assessment sheet (Metric, Value, Flag; flags highlighted) and the Budget sheet.

    Returns the assessment table; its last row is the recommended route.
    """
    details, income, expenses, debts, credit, guidelines = client_inputs(book)
    result = assess(income, expenses, debts, credit, guidelines, lump_sum=details.lump_sum)
    route = result.iloc[-1]
    ref = book.write_table(ASSESSMENT, result, TableSpec(
        ASSESSMENT, title=f"Assessment of {details.name or details.label} as of {details.as_of:%d %b %Y}"))
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
    book.highlight(ASSESSMENT, f"A{header + 1}:C{last - 1}", f"LEN($C{header + 1})>0", "warning")
    book.highlight(ASSESSMENT, f"A{last}:C{last}", "TRUE", "good")
    book.write_value(ASSESSMENT, "E3", "Recommended route")
    book.write_value(ASSESSMENT, "E4", route["Value"])
    book.write_value(ASSESSMENT, "E5", route["Flag"])

    finish(book, ASSESSMENT, CLIENT_TABLES)
    allocation = budget(income, expenses, debts, details.savings, details.fee)
    write_budget(book, allocation, details)
    flagged = int(result["Flag"].iloc[:-1].notna().sum())
    journal(book, "Assess client", [details.label],
            f"{route['Value']}; {flagged} flag{'s' if flagged != 1 else ''}")
    return result


def write_budget(book, allocation: pd.DataFrame, details) -> None:
    """The SFS allocation with live formulas for the lines the SFS defines from others."""
    ref = book.write_table(BUDGET, allocation, TableSpec(
        BUDGET, title=f"Budget (Standard Financial Statement) for {details.name or details.label}",
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
