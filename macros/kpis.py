"""Ribbon "KPI dashboard": the KPIs sheet (with live formulas) and the Dashboard sheet's charts.

Every figure comes from the engine (:mod:`debtdesk.collections.kpi`) over the Ledger and
Payments tables as of the Settings date; the KPIs sheet then writes DSO, best possible
DSO, ADD, CEI, % current, the allowance and the roll rates as native formulas over their
inputs, so the sheet stays live and a reviewer can see how each figure is made.

Past snapshots (for CEI's beginning receivables, roll rates and the overdue trend) are
the ledger as it stood on an earlier day: invoices dated by then, less the payments in
the Payments table dated by then. That needs the Payments table to carry an Invoice
column and to reconcile with the ledger's Paid column; when it does not, the sheet says
so and shows only the point-in-time KPIs. Credit notes are taken as issued with their
invoice.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from debtdesk.collections.ageing import LEDGER_OPTIONAL, LEDGER_REQUIRED, ageing, bucket_labels
from debtdesk.collections.kpi import allowance, best_dso, cei, dso, dso_countback, pct_current, roll_rates, add
from debtdesk.collections.promises import kept_rate
from debtdesk.columns import select_columns
from debtdesk.dates import add_months, to_date
from debtdesk.errors import DebtDeskError
from debtdesk.macros.book import Chart, TableSpec, warming
from debtdesk.macros.collections import (LEDGER, LOSS_RATES, PAYMENTS, below, beside, collections_settings,
                                         column_cells, optional_table)
from debtdesk.macros.journal import journal
from debtdesk.macros.publish import finish
from debtdesk.macros.promises import promise_table
from debtdesk.macros.registry import macro
from debtdesk.money import to_cents

KPIS = "KPIs"
DASHBOARD = "Dashboard"
#: The inputs the KPIs and the Dashboard are calculated from.
KPI_INPUTS = ("Settings", "Ledger", "Payments", "Promises", "LossRates")
TREND_POINTS = 6  # month-ends shown in the overdue trend, plus the as-of date


def ledger_on(ledger: pd.DataFrame, payments: pd.DataFrame | None, day: date) -> pd.DataFrame:
    """The ledger as it stood on ``day``: invoices dated by then, paid by the payments dated by then.

    Raises a DebtDeskError naming the first invoice whose Payments do not add up to its Paid.

    Examples
    --------
    >>> ledger = pd.DataFrame({"Customer": ["A", "A"], "Invoice": ["1", "2"], "Invoice Date": ["2024-01-01", "2024-02-01"],
    ...                        "Due Date": ["2024-01-31", "2024-03-02"], "Amount": [100.0, 50.0], "Paid": [60.0, 0.0]})
    >>> payments = pd.DataFrame({"Customer": ["A", "A"], "Invoice": ["1", "1"],
    ...                          "Payment Date": ["2024-01-10", "2024-02-10"], "Amount": [20.0, 40.0]})
    >>> ledger_on(ledger, payments, date(2024, 1, 31))[["Invoice", "Paid"]].values.tolist()
    [['1', 20.0]]
    """
    table = select_columns(ledger, LEDGER_REQUIRED, LEDGER_OPTIONAL, "ledger").copy()
    if payments is None:
        raise DebtDeskError(PAYMENTS, "is empty, so the ledger's past cannot be rebuilt")
    pay = select_columns(payments, ["Invoice", "Payment Date", "Amount"], (), PAYMENTS)
    invoice = table["Invoice"].map(_key)
    pay_invoice = pay["Invoice"].map(_key)
    pay_day = [to_date(v, PAYMENTS, i) for i, v in zip(pay.index, pay["Payment Date"])]
    pay_cents = pd.Series([to_cents(float(v)) for v in pay["Amount"]], index=pay.index)
    paid = table["Paid"] if "Paid" in table else pd.Series(0.0, index=table.index)
    recorded = pay_cents.groupby(pay_invoice.to_numpy()).sum()
    for row, (inv, value) in enumerate(zip(invoice, paid), 1):
        cents = to_cents(float(value or 0))
        if int(recorded.get(inv, 0)) != cents:
            raise DebtDeskError(PAYMENTS, f"payments for invoice {inv} add up to {recorded.get(inv, 0) / 100:,.2f} "
                                f"but the Ledger shows Paid {cents / 100:,.2f}", row)
    by_then = pay_cents[[d <= day for d in pay_day]].groupby(pay_invoice[[d <= day for d in pay_day]].to_numpy()).sum()
    invoiced = [to_date(v, "ledger", i) <= day for i, v in zip(table.index, table["Invoice Date"])]
    out = table[invoiced].copy()
    out["Paid"] = [by_then.get(inv, 0) / 100 for inv in invoice[invoiced]]
    return out


def _key(value) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()


def credit_sales(ledger: pd.DataFrame, start: date, end: date) -> float:
    """Invoiced amounts (positive Amounts) dated after ``start`` up to and including ``end``.

    >>> ledger = pd.DataFrame({"Customer": ["A"] * 3, "Invoice": ["1", "2", "CN"], "Invoice Date": ["2024-01-01", "2024-02-01", "2024-02-02"],
    ...                        "Due Date": [None] * 3, "Amount": [100.0, 50.0, -20.0]})
    >>> credit_sales(ledger, date(2024, 1, 1), date(2024, 2, 29))
    50.0
    """
    table = select_columns(ledger, LEDGER_REQUIRED, (), "ledger")
    cents = 0
    for i, day, amount in zip(table.index, table["Invoice Date"], table["Amount"]):
        if start < to_date(day, "ledger", i) <= end and float(amount) > 0:
            cents += to_cents(float(amount))
    return cents / 100


def kpi_figures(book, settings=None) -> dict:
    """Every KPI input and result as of the Settings date (the numbers the sheets show)."""
    settings = settings or collections_settings(book)
    ledger = book.read_table(LEDGER)
    payments = optional_table(book, PAYMENTS)
    as_of, edges, basis = settings.as_of, settings.edges, settings.basis
    report = ageing(ledger, as_of, edges, basis)
    labels = bucket_labels(edges)
    start = add_months(as_of, -settings.kpi_months)
    days = (as_of - start).days
    sales = credit_sales(ledger, start, as_of)
    ending = round(float(report["Total"].sum()), 2)
    current = round(float(report["Current"].sum()), 2)
    aged = round(float(report[labels].to_numpy().sum()), 2)
    figures = {"as_of": as_of, "start": start, "days": days, "months": settings.kpi_months, "sales": sales,
               "ending": ending, "current": current, "aged": aged, "report": report, "labels": labels, "notes": []}
    figures["dso"] = dso(ending, sales, days)
    figures["best"] = best_dso(current, sales, days)
    figures["add"] = add(ending, current, sales, days)
    figures["pct_current"] = pct_current(report)
    windows = [(add_months(as_of, -k - 1), add_months(as_of, -k)) for k in range(12)]
    monthly = [credit_sales(ledger, a, b) for a, b in windows]
    try:
        figures["countback"] = dso_countback(ending, monthly, [(b - a).days for a, b in windows])
    except DebtDeskError as error:
        figures["countback"], _ = None, figures["notes"].append(f"Count-back DSO: {error.expected}")
    balances = {label: round(float(report[label].sum()), 2) for label in labels}
    rates_table = optional_table(book, LOSS_RATES)
    if rates_table is not None:
        rates = select_columns(rates_table, ["Bucket", "Loss rate"], (), LOSS_RATES)
        rates = {str(b).strip(): float(r) for b, r in zip(rates["Bucket"], rates["Loss rate"])}
        figures["allowance"] = [(b, balances[b], rates.get(b), allowance([balances[b]], [rates[b]]) if b in rates else None)
                                for b in labels]
        figures["allowance_total"] = allowance(balances, rates)
    try:
        past = {day: ageing(ledger_on(ledger, payments, day), day, edges, basis)
                for day in {start, as_of - timedelta(days=edges[0])} | set(_month_ends(as_of))}
    except DebtDeskError as error:
        figures["notes"].append(f"No history (CEI, roll rates, trend): {error}")
        past = None
    if past is not None:
        figures["beginning"] = round(float(past[start]["Total"].sum()), 2)
        figures["cei"] = cei(figures["beginning"], sales, ending, current, settings.kpi_months)
        previous_day = as_of - timedelta(days=edges[0])
        figures["previous_day"] = previous_day
        figures["rolls"] = roll_rates(past[previous_day], report)
        trend = [(day, past[day]) for day in sorted(_month_ends(as_of))] + [(as_of, report)]
        figures["trend"] = pd.DataFrame([{"As of": day, "Current": round(float(r["Current"].sum()), 2),
                                          "Overdue": round(float(r[labels[1:]].to_numpy().sum()), 2),
                                          labels[-1]: round(float(r[labels[-1]].sum()), 2)} for day, r in trend])
    return figures


def _month_ends(as_of: date) -> list[date]:
    """The last TREND_POINTS month-ends before ``as_of``.

    >>> _month_ends(date(2026, 11, 1))[:2]
    [datetime.date(2026, 10, 31), datetime.date(2026, 9, 30)]
    """
    first = as_of.replace(day=1)
    return [add_months(first, -k) - timedelta(days=1) for k in range(TREND_POINTS)]


@macro("kpi_dashboard")
def kpi_dashboard(book) -> dict:
    """Write the KPIs sheet (inputs, KPIs as live formulas, allowance, roll rates) and the Dashboard."""
    settings = collections_settings(book)
    f = kpi_figures(book, settings)
    rows = [
        ("Period start", f["start"], f"{f['months']} month{'s' if f['months'] > 1 else ''} before the as-of date"),
        ("Days in period", f["days"], ""),
        ("Credit sales in period", f["sales"], "invoices dated in the period"),
        ("Ending receivables", f["ending"], "Σ Total of the Ageing sheet"),
        ("Current receivables", f["current"], "not yet due"),
        ("Aged receivables", f["aged"], "all buckets, unallocated credits excluded"),
        ("Beginning receivables", f.get("beginning"), "the ledger as it stood at the period start"),
        ("DSO", f["dso"], "ending receivables ÷ credit sales × days"),
        ("Best possible DSO", f["best"], "current receivables ÷ credit sales × days"),
        ("Average days delinquent", f["add"], "DSO − best possible DSO"),
        ("Count-back DSO", f["countback"], "days of the latest monthly sales the receivables represent"),
        ("CEI", f.get("cei"), f"(beginning + sales ÷ {f['months']} − ending) ÷ (beginning + sales ÷ {f['months']} − current)"),
        ("% current", f["pct_current"], "current ÷ aged receivables"),
    ]
    table = pd.DataFrame(rows, columns=["Metric", "Value", "How"])
    ref = book.write_table(KPIS, table, TableSpec("KPI", title=f"Receivables KPIs as of {f['as_of']:%d %b %Y}"))
    first = int(ref.split(":")[0][1:]) + 1
    cell = {metric: f"B{first + i}" for i, metric in enumerate(table["Metric"])}
    formats = {"Period start": "date", "Days in period": "integer", "DSO": "number", "Best possible DSO": "number",
               "Average days delinquent": "number", "Count-back DSO": "number", "CEI": "percent", "% current": "percent"}
    for metric, address in cell.items():
        value = table.loc[table["Metric"] == metric, "Value"].iloc[0]
        book.write_value(KPIS, address, value, formats.get(metric, "money"))
    c = cell
    book.write_formula(KPIS, c["DSO"], f"={c['Ending receivables']}/{c['Credit sales in period']}*{c['Days in period']}", "number")
    book.write_formula(KPIS, c["Best possible DSO"], f"={c['Current receivables']}/{c['Credit sales in period']}*{c['Days in period']}", "number")
    book.write_formula(KPIS, c["Average days delinquent"], f"={c['DSO']}-{c['Best possible DSO']}", "number")
    book.write_formula(KPIS, c["% current"], f"={c['Current receivables']}/{c['Aged receivables']}", "percent")
    if f.get("cei") is not None:
        available = f"({c['Beginning receivables']}+{c['Credit sales in period']}/{f['months']})"
        book.write_formula(KPIS, c["CEI"], f"=({available}-{c['Ending receivables']})/({available}-{c['Current receivables']})", "percent")
    anchor = beside(ref, row=1)
    if "allowance" in f:
        frame = pd.DataFrame(f["allowance"], columns=["Bucket", "Balance", "Loss rate", "Allowance"])
        aref = book.write_table(KPIS, frame, TableSpec("Allowance", formats={"Balance": "money", "Loss rate": "percent", "Allowance": "money"},
                                                       totals={"Balance": "sum", "Allowance": "sum"}, anchor=anchor,
                                                       title="Bad-debt allowance by ageing", replace_sheet=False))
        cells, letter = column_cells(aref, frame.columns, "Allowance")
        top = int(cells.split(":")[0][len(letter):])
        bal, rate = column_cells(aref, frame.columns, "Balance")[1], column_cells(aref, frame.columns, "Loss rate")[1]
        for i, value in enumerate(frame["Loss rate"]):
            if value is not None and value == value:
                book.write_formula(KPIS, f"{letter}{top + i}", f"=ROUND({bal}{top + i}*{rate}{top + i},2)", "money")
        anchor = below(aref)
    if "rolls" in f:
        rolls = f["rolls"]
        rref = book.write_table(KPIS, rolls, TableSpec("RollRates", formats={"Previous balance": "money", "Rolled balance": "money",
                                                                             "Roll rate": "percent"}, anchor=anchor,
                                                       title=f"Roll rates {f['previous_day']:%d %b} → {f['as_of']:%d %b %Y}",
                                                       replace_sheet=False))
        cells, letter = column_cells(rref, rolls.columns, "Roll rate")
        top = int(cells.split(":")[0][len(letter):])
        prev, rolled = column_cells(rref, rolls.columns, "Previous balance")[1], column_cells(rref, rolls.columns, "Rolled balance")[1]
        for i in range(len(rolls)):
            book.write_formula(KPIS, f"{letter}{top + i}", f'=IF({prev}{top + i}=0,"",{rolled}{top + i}/{prev}{top + i})', "percent")
        anchor = below(rref)
    if f["notes"]:
        book.write_value(KPIS, anchor, "Notes: " + " | ".join(f["notes"]))
    finish(book, KPIS, KPI_INPUTS)
    _dashboard(book, f, settings)
    journal(book, "KPI dashboard", [], f"DSO {f['dso']:.1f} days, ADD {f['add']:.1f}, % current {f['pct_current']:.1%}"
            + (f", CEI {f['cei']:.1%}" if f.get("cei") is not None else ""))
    return f


def _dashboard(book, f: dict, settings) -> None:
    labels = f["labels"]
    headline = pd.DataFrame({"Metric": ["Receivables", "Overdue", "% current", "DSO (days)", "CEI"],
                             "Value": [f["ending"], round(f["aged"] - f["current"], 2), f["pct_current"], round(f["dso"], 1),
                                       f.get("cei")]})
    ref = book.write_table(DASHBOARD, headline, TableSpec("Headline", title=f"Collections dashboard as of {f['as_of']:%d %b %Y}"))
    top = int(ref.split(":")[0][1:]) + 1
    for i, fmt in enumerate(["money", "money", "percent", "number", "percent"]):
        book.write_value(DASHBOARD, f"B{top + i}", headline["Value"].iloc[i], fmt)
    buckets = pd.DataFrame({"Bucket": labels, "Balance": [round(float(f["report"][b].sum()), 2) for b in labels]})
    bref = book.write_table(DASHBOARD, buckets, TableSpec("Buckets", formats={"Balance": "money"}, anchor=below(ref),
                                                          title="Ageing by bucket", replace_sheet=False))
    book.add_chart(DASHBOARD, Chart("column", "Receivables by age", table="Buckets", x="Bucket", series=("Balance",),
                                    anchor=beside(bref, gap=2, row=int(bref.split(":")[0][1:]) - 2), y_title="Balance",
                                    x_title="Days past due", y_format="money"))
    anchor = below(bref, gap=12)
    if "trend" in f:
        tref = book.write_table(DASHBOARD, f["trend"], TableSpec("OverdueTrend", formats={"As of": "date", "Current": "money",
                                                                                          "Overdue": "money", labels[-1]: "money"},
                                                                 anchor=anchor, title="Overdue trend", replace_sheet=False))
        book.add_chart(DASHBOARD, Chart("line", "Overdue over time", table="OverdueTrend", x="As of",
                                        series=("Overdue", labels[-1]), anchor=beside(tref, gap=2, row=int(tref.split(":")[0][1:]) - 2),
                                        y_title="Amount overdue", x_title="Month end", y_format="money",
                                        colours=(warming(3)[1], warming(3)[2])))
        anchor = below(tref, gap=10)
    statuses = promise_table(book, settings)
    if statuses is not None:
        rates = kept_rate(statuses)[["Consultant", "Promises", "Kept rate"]]
        rates["Kept rate"] = rates["Kept rate"].astype(object).where(rates["Kept rate"].notna(), None)
        kref = book.write_table(DASHBOARD, rates, TableSpec("DashKeptRate", formats={"Kept rate": "percent"}, anchor=anchor,
                                                            title="Promise kept-rate", replace_sheet=False))
        book.add_chart(DASHBOARD, Chart("bar", "Promises kept", table="DashKeptRate", x="Consultant", series=("Kept rate",),
                                        anchor=beside(kref, gap=2, row=int(kref.split(":")[0][1:]) - 2),
                                        y_title="Share of promises kept", y_format="percent"))
    book.show_first(DASHBOARD)
    finish(book, DASHBOARD, KPI_INPUTS)
