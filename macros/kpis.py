"""Ribbon "KPI dashboard": the KPIs sheet (with live formulas) and the Dashboard that shows the same cells.

Every figure comes from the run's ledger state in the workbook's currency, with ages by due
date — KPIs on past-due status never follow an invoice-date report basis. The KPIs sheet
writes DSO, best possible DSO, ADD, CEI, % current, the allowance and the roll rates as
native formulas over their inputs, beside last period's figure and the firm's target
(KPITargets), so the sheet stays live and a reviewer sees how each figure is made. The
Dashboard's headline cells are formulas pointing at the KPIs sheet, so the two can never
disagree; its bucket table adds the Unallocated row so it sums to the headline receivables.

Past figures (beginning receivables for CEI, last period, roll rates, month-end ageing)
are the ledger as it stood on an earlier day, rebuilt from the Payments table's dated
payments; when those do not reconcile with the ledger the sheet says so and the month-end
ageing falls back on the snapshots Refresh ageing appends to AgeingHistory.

A period without credit sales is explained, not fatal. A third-party collector (Settings
"Business") has placements, not credit sales, and gets recovery KPIs instead of DSO and CEI.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pandas as pd

from debtdesk.collections.ageing import UNALLOCATED
from debtdesk.collections.kpi import allowance, best_dso, cei, dso, dso_countback, recovery_rates, roll_rates
from debtdesk.collections.promises import kept_rate
from debtdesk.collections.state import LedgerState
from debtdesk.columns import select_columns
from debtdesk.dates import add_months, to_date
from debtdesk.errors import DebtDeskError
from debtdesk.macros.book import Chart, TableSpec, warming
from debtdesk.macros.collections import (AGEING_HISTORY, KPI_TARGETS, LOSS_RATES, PROMISES, WATCHED, CollectionsRun,
                                         below, below_notes, collections_run, column_cells, notes_block)
from debtdesk.macros.journal import journal
from debtdesk.macros.publish import finish
from debtdesk.macros.region import Region
from debtdesk.macros.registry import macro
from debtdesk.values import cell_text, data_rows, number
from debtdesk.workbooks import paging

KPIS = "KPIs"
DASHBOARD = "Dashboard"
#: The inputs the KPIs and the Dashboard are calculated from.
KPI_INPUTS = WATCHED + (PROMISES, LOSS_RATES, KPI_TARGETS)
MONTH_ENDS = 6  # month-ends shown in the ageing trend, plus the as-of date
#: Metrics where a smaller figure is better (the others: larger is better).
LOWER_IS_BETTER = {"DSO", "Count-back DSO", "Best possible DSO", "Average days delinquent", "Allowance required"}
FORMATS = {"DSO": "number", "Count-back DSO": "number", "Best possible DSO": "number", "Average days delinquent": "number",
           "CEI": "percent", "% current": "percent", "Allowance required": "money", "Recovery rate": "percent",
           "Liquidation rate": "percent", "Right-party contact rate": "percent", "Promise kept rate": "percent"}


def kpi_figures(run: CollectionsRun, dated: Callable[[date], str] = Region().dated) -> dict:
    """Every KPI input and result as of the Settings date, and last period's (the numbers the sheets show); ``dated``
    writes a date in the notes as the workbook shows dates."""
    settings, state = run.settings, run.state
    currency = settings.currency or state.currencies[0]
    start = add_months(state.as_of, -settings.kpi_months)
    f = {"as_of": state.as_of, "start": start, "months": settings.kpi_months, "currency": currency,
         "labels": state.labels, "notes": [], "business": settings.business}
    others = [c for c in state.currencies if c != currency]
    if others:
        f["notes"].append(f"KPIs are in {currency or 'the workbook currency'} only: items in {', '.join(others)} are "
                          "left out (money in two currencies is never summed)")
    f.update(_point(state, state.items, state.as_of, start, currency))
    f["buckets"] = state.bucket_totals(currency, "due")
    history = state.history
    if history is None:
        f["notes"].append(f"No history: {state.history_problem} — CEI, last period, roll rates and the month-end "
                          "ageing rebuilt from payments are not available")
    else:
        begin = _point(state, history.items(start, state.edges), start, add_months(start, -settings.kpi_months),
                       currency)
        f["beginning"] = begin["ending"]
        f["last"] = begin
        previous_day = state.as_of - timedelta(days=state.edges[0])
        f["previous_day"] = previous_day
        f["rolls"] = roll_rates(_as_detail(history.items(previous_day, state.edges), currency),
                                _as_detail(state.items, currency), state.edges)
    f["kpis"] = _kpis(f, f.get("beginning"), f["notes"], dated)
    if "last" in f:
        last = f["last"]
        before = add_months(start, -settings.kpi_months)
        try:
            start_before = _point(state, history.items(before, state.edges), before, before, currency)
            last["beginning"] = start_before["ending"]
        except DebtDeskError:
            last["beginning"] = None
        f["last_kpis"] = _kpis(last, last.get("beginning"), [], dated)
    f["allowance"] = _allowance(run.tables.get(LOSS_RATES), f["buckets"], state.labels)
    if f["allowance"] is not None:
        f["kpis"]["Allowance required"] = sum(row[3] for row in f["allowance"] if row[3] is not None)
    if settings.business == "third-party collection":
        f["recovery"] = _recovery(run, currency, start)
    f["targets"] = _targets(run.tables.get(KPI_TARGETS))
    f["month_ends"] = _month_end_ageing(run, currency)
    return f


def _point(state: LedgerState, items: pd.DataFrame, day: date, start: date, currency: str) -> dict:
    """Receivables on ``day`` (by due date) and credit sales in ``(start, day]`` and in the 12 months before."""
    labels = state.labels
    mine = items[items["Currency"] == currency]
    cents = mine.groupby("Due bucket")["Cents"].sum()
    aged = int(sum(cents.get(label, 0) for label in labels))
    windows = [(add_months(day, -k - 1), add_months(day, -k)) for k in range(12)]
    monthly = state.credit_sales([(start, day)] + windows, currency)
    return {"day": day, "days": (day - start).days, "sales": monthly[0], "monthly": monthly[1:],
            "month_days": [(b - a).days for a, b in windows], "ending": int(mine["Cents"].sum()) / 100,
            "current": int(cents.get(labels[0], 0)) / 100, "aged": aged / 100}


def _kpis(p: dict, beginning: float | None, notes: list, dated: Callable[[date], str]) -> dict:
    """DSO, count-back DSO, best possible DSO, ADD, CEI and % current of one point (None where undefined)."""
    out = {"DSO": None, "Count-back DSO": None, "Best possible DSO": None, "Average days delinquent": None, "CEI": None,
           "% current": p["current"] / p["aged"] if p["aged"] else None}
    ending = max(p["ending"], 0.0)
    if p["sales"] > 0:
        out["DSO"] = dso(ending, p["sales"], p["days"])
        out["Best possible DSO"] = best_dso(min(p["current"], ending), p["sales"], p["days"])
        out["Average days delinquent"] = out["DSO"] - out["Best possible DSO"]
    else:
        notes.append(f"No credit sales between {dated(p['day'] - timedelta(days=p['days']))} and {dated(p['day'])}: "
                     "DSO, best possible DSO, ADD and CEI are undefined for the period (a third-party collector? set "
                     "Settings' Business to third-party collection for recovery KPIs)")
    try:
        out["Count-back DSO"] = dso_countback(ending, p["monthly"], p["month_days"])
    except DebtDeskError as error:
        notes.append(f"Count-back DSO: {error.expected}")
    if beginning is not None and p["sales"] > 0:
        try:
            out["CEI"] = cei(max(beginning, 0.0), p["sales"], ending, min(p["current"], ending))
        except DebtDeskError as error:
            notes.append(f"CEI: {error.expected}")
    return out


def _as_detail(items: pd.DataFrame, currency: str) -> pd.DataFrame:
    mine = items[items["Currency"] == currency]
    return pd.DataFrame({"Customer": mine["Customer"], "Invoice": mine["Invoice"], "Outstanding": mine["Cents"] / 100,
                         "Bucket": mine["Due bucket"]})


def _allowance(table: pd.DataFrame | None, buckets: dict, labels) -> list | None:
    if table is None:
        return None
    rates = select_columns(table, ["Bucket", "Loss rate"], (), LOSS_RATES)
    known = {cell_text(b, ""): number(r, LOSS_RATES, row, minimum=0, maximum=1, label="Loss rate")
             for row, b, r in zip(data_rows(table.index), rates["Bucket"], rates["Loss rate"])}
    return [(b, buckets[b], known.get(b), allowance([buckets[b]], [known[b]]) if b in known else None) for b in labels]


def _recovery(run: CollectionsRun, currency: str, start: date) -> dict:
    """Placed, collected and the recovery KPIs of a third-party collector."""
    state = run.state
    placed_total, placed_period = state.credit_sales([(date(1900, 1, 1), state.as_of), (start, state.as_of)], currency)
    out = {"Placed to date": placed_total, "Placed in period": placed_period}
    if state.history is not None:
        paid = [(cents, day) for parts in state.history.paid.values() for cents, day in parts]
        out["Collected to date"] = sum(c for c, d in paid if d <= state.as_of) / 100
        out["Collected in period"] = sum(c for c, d in paid if start < d <= state.as_of) / 100
        at_start = state.history.items(start, state.edges)
        out["Balance at period start"] = int(at_start.loc[at_start["Currency"] == currency, "Cents"].sum()) / 100
        if placed_total:
            out.update(recovery_rates(placed_total, out["Collected to date"], out["Collected in period"],
                                      out["Balance at period start"], placed_period))
    log = state.contacts.rows
    if len(log):
        period = log[(log["Contact Time"].map(lambda t: start < t.date() <= state.as_of))]
        placed = period["Type"].isin(["attempt", "conversation"]).sum()
        if placed:
            out["Right-party contact rate"] = float((period["Type"] == "conversation").sum() / placed)
    if state.promises is not None:
        rates = kept_rate(state.promises)
        value = rates["Kept rate"].iloc[-1]
        if value == value:
            out["Promise kept rate"] = float(value)
    return out


def _targets(table: pd.DataFrame | None) -> dict[str, float]:
    if table is None:
        return {}
    found = select_columns(table, ["Metric", "Target"], (), KPI_TARGETS)
    return {cell_text(m, ""): number(t, KPI_TARGETS, row, label="Target")
            for row, m, t in zip(data_rows(table.index), found["Metric"], found["Target"]) if cell_text(m, "")}


def _month_end_ageing(run: CollectionsRun, currency: str) -> pd.DataFrame | None:
    """Ageing by due date at the last month-ends and the as-of date: rebuilt from payments, else from snapshots."""
    state = run.state
    days = sorted(_month_ends(state.as_of))
    rows = []
    for day in days:
        if state.history is not None:
            items = state.history.items(day, state.edges)
            cents = items[items["Currency"] == currency].groupby("Due bucket")["Cents"].sum()
            rows.append({"Month end": day, **{b: int(cents.get(b, 0)) / 100 for b in state.labels + [UNALLOCATED]}})
        else:
            snap = _snapshot(run, day, currency)
            if snap is not None:
                rows.append({"Month end": day, **snap})
    rows.append({"Month end": state.as_of, **state.bucket_totals(currency, "due")})
    frame = pd.DataFrame(rows)
    frame["Total"] = frame[state.labels + [UNALLOCATED]].sum(axis=1).round(2)
    return frame


def _snapshot(run: CollectionsRun, day: date, currency: str) -> dict | None:
    """The latest AgeingHistory snapshot taken for ``day`` (None when there is none)."""
    book_history = run.tables.get(AGEING_HISTORY)
    if book_history is None:
        return None
    table = select_columns(book_history, ["As of", "Currency", "Bucket", "Balance"], (), "AgeingHistory")
    rows = data_rows(book_history.index)
    mine = [(cell_text(b, ""), number(v, "AgeingHistory", r, label="Balance")) for r, d, c, b, v in
            zip(rows, table["As of"], table["Currency"], table["Bucket"], table["Balance"])
            if to_date(d, "AgeingHistory", r) == day and cell_text(c, "") == currency]
    if not mine:
        return None
    values = dict(mine)  # a date refreshed twice: its last snapshot counts
    return {b: values.get(b, 0.0) for b in run.state.labels + [UNALLOCATED]}


def _month_ends(as_of: date) -> list[date]:
    """The last MONTH_ENDS month-ends before ``as_of``.

    >>> _month_ends(date(2026, 11, 1))[:2]
    [datetime.date(2026, 10, 31), datetime.date(2026, 9, 30)]
    """
    first = as_of.replace(day=1)
    return [add_months(first, -k) - timedelta(days=1) for k in range(MONTH_ENDS)]


@macro("kpi_dashboard")
def kpi_dashboard(book, run: CollectionsRun | None = None) -> dict:
    """Write the KPIs sheet (inputs, KPIs as live formulas beside last period and target, allowance, roll
    rates) and the Dashboard (headline cells that point at the KPIs sheet, ageing, month-end trend, promises)."""
    run = run or collections_run(book)
    f = kpi_figures(run, book.region().dated)
    cells = _kpi_sheet(book, f)
    finish(book, KPIS, KPI_INPUTS)
    _dashboard(book, f, cells, run)
    book.show_first(DASHBOARD)
    finish(book, DASHBOARD, KPI_INPUTS)
    k = f["kpis"]
    parts = [f"{name} {k[name]:.1f}" for name in ("DSO", "Average days delinquent") if k.get(name) is not None]
    parts += [f"{name} {k[name]:.1%}" for name in ("% current", "CEI") if k.get(name) is not None]
    journal(book, "KPI dashboard", [], ", ".join(parts) or "KPIs undefined: " + "; ".join(f["notes"]))
    return f


def _kpi_sheet(book, f: dict) -> dict[str, str]:
    """Write the KPIs sheet; returns the cell of each input and KPI (the dashboard points at them)."""
    currency, dated = f["currency"], book.region().dated
    inputs = [("Period start", f["start"], f"{f['months']} month{'s' if f['months'] > 1 else ''} before the as-of date", "date"),
              ("Days in period", f["days"], "", "integer"),
              ("Credit sales in period", f["sales"], "invoices dated in the period", "money"),
              ("Receivables", f["ending"], "the balance of every account, money on account included", "money"),
              ("Current receivables", f["current"], "not yet due (by due date)", "money"),
              ("Aged receivables", f["aged"], "every age bucket, money on account left out", "money"),
              ("Overdue", round(f["aged"] - f["current"], 2), "aged receivables past their due date", "money"),
              ("Beginning receivables", f.get("beginning"), f"receivables on {dated(f['start'])}, rebuilt from payments",
               "money")]
    metrics = (["Recovery rate", "Liquidation rate", "Right-party contact rate", "Promise kept rate"]
               if f["business"] == "third-party collection" else
               ["DSO", "Count-back DSO", "Best possible DSO", "Average days delinquent", "CEI", "% current"])
    if f.get("allowance") is not None:
        metrics.append("Allowance required")
    how = {"DSO": "receivables ÷ credit sales × days", "Count-back DSO": "days of the latest months' sales the "
           "receivables represent", "Best possible DSO": "current receivables ÷ credit sales × days",
           "Average days delinquent": "DSO − best possible DSO",
           "CEI": "(beginning + credit sales − receivables) ÷ (beginning + credit sales − current), over the period",
           "% current": "current ÷ aged receivables", "Allowance required": "Σ bucket × loss rate (table below)",
           "Recovery rate": "collected to date ÷ placed to date",
           "Liquidation rate": "collected in the period ÷ (balance at its start + placed in it)",
           "Right-party contact rate": "conversations ÷ calls placed in the period",
           "Promise kept rate": "kept ÷ promises decided"}
    values = f.get("recovery", {}) | f["kpis"]
    last = f.get("last_kpis", {})
    rows = [(m, values.get(m), last.get(m), f["targets"].get(m), "", how[m]) for m in metrics]
    table = pd.DataFrame(rows, columns=["Metric", "Value", "Last period", "Target", "Against target", "How"])
    kref = book.write_table(KPIS, table, TableSpec(
        "KPI", title=f"Receivables KPIs as of {dated(f['as_of'])}" + (f" ({currency})" if currency else "")
        + " — ages by due date; this period, last period, target"))
    frame = pd.DataFrame([row[:3] for row in inputs], columns=["Input", "Value", "What"])
    ref = book.write_table(KPIS, frame, TableSpec("KPIInputs", anchor=below(kref, gap=1), replace_sheet=False,
                                                  title="What the KPIs are made of"))
    top = int(ref.split(":")[0][1:]) + 1
    cell = {row[0]: f"B{top + i}" for i, row in enumerate(inputs)}
    for (name, value, _, fmt) in inputs:
        book.write_value(KPIS, cell[name], value, fmt)
    first = int(kref.split(":")[0][1:]) + 1
    for i, metric in enumerate(metrics):
        cell[metric] = f"B{first + i}"
        fmt = FORMATS[metric]
        for column, value in (("B", values.get(metric)), ("C", last.get(metric)), ("D", f["targets"].get(metric))):
            book.write_value(KPIS, f"{column}{first + i}", value, fmt)
        if f["targets"].get(metric) is not None:
            cmp = "<=" if metric in LOWER_IS_BETTER else ">="
            book.write_formula(KPIS, f"E{first + i}", f'=IF(B{first + i}="","",IF(B{first + i}{cmp}D{first + i},'
                                                      f'"on target","off target"))')
    c = cell
    if "DSO" in c and values.get("DSO") is not None:
        book.write_formula(KPIS, c["DSO"], f"={c['Receivables']}/{c['Credit sales in period']}*{c['Days in period']}", "number")
        book.write_formula(KPIS, c["Best possible DSO"], f"=MIN({c['Current receivables']},{c['Receivables']})/"
                           f"{c['Credit sales in period']}*{c['Days in period']}", "number")
        book.write_formula(KPIS, c["Average days delinquent"], f"={c['DSO']}-{c['Best possible DSO']}", "number")
    if values.get("% current") is not None and "% current" in c:
        book.write_formula(KPIS, c["% current"], f"={c['Current receivables']}/{c['Aged receivables']}", "percent")
    if "CEI" in c and values.get("CEI") is not None:
        available = f"({c['Beginning receivables']}+{c['Credit sales in period']})"
        book.write_formula(KPIS, c["CEI"], f"=({available}-{c['Receivables']})/({available}-"
                           f"MIN({c['Current receivables']},{c['Receivables']}))", "percent")
    notes = [f"Note: {n}" for n in f["notes"]]
    anchor = below_notes(ref, notes)  # beside the KPIs, these tables made the sheet print at about half size
    if f.get("allowance") is not None:
        frame = pd.DataFrame(f["allowance"], columns=["Bucket", "Balance", "Loss rate", "Allowance"])
        aref = book.write_table(KPIS, frame, TableSpec("Allowance", formats={"Balance": "money", "Loss rate": "percent",
                                                                             "Allowance": "money"},
                                                       totals={"Balance": "sum", "Allowance": "sum"}, anchor=anchor,
                                                       title="Bad-debt allowance by ageing (due date)", replace_sheet=False))
        cells, letter = column_cells(aref, frame.columns, "Allowance")
        low = int(cells.split(":")[0][len(letter):])
        bal, rate = column_cells(aref, frame.columns, "Balance")[1], column_cells(aref, frame.columns, "Loss rate")[1]
        for i, value in enumerate(frame["Loss rate"]):
            if value is not None and value == value:
                book.write_formula(KPIS, f"{letter}{low + i}", f"=ROUND({bal}{low + i}*{rate}{low + i},2)", "money")
        if "Allowance required" in c:
            book.write_formula(KPIS, c["Allowance required"], f"=SUM({cells})", "money")
        anchor = below(aref)
    if "rolls" in f:
        rolls = f["rolls"]
        rref = book.write_table(KPIS, rolls, TableSpec(
            "RollRates", formats={"Previous balance": "money", "Rolled balance": "money", "Roll rate": "percent"},
            anchor=anchor, replace_sheet=False,
            title=f"Roll rates {dated(f['previous_day'])} → {dated(f['as_of'])} (what moved on a bucket)"))
        cells, letter = column_cells(rref, rolls.columns, "Roll rate")
        low = int(cells.split(":")[0][len(letter):])
        prev, rolled = column_cells(rref, rolls.columns, "Previous balance")[1], column_cells(rref, rolls.columns, "Rolled balance")[1]
        for i in range(len(rolls)):
            book.write_formula(KPIS, f"{letter}{low + i}", f'=IF({prev}{low + i}=0,"",{rolled}{low + i}/{prev}{low + i})',
                               "percent")
    notes_block(book, KPIS, ref, notes)
    return cell


def _dashboard(book, f: dict, cell: dict[str, str], run: CollectionsRun) -> None:
    """The Dashboard: headline cells point at the KPIs sheet, so the two always agree."""
    metrics = [m for m in ("Receivables", "Overdue", "DSO", "CEI", "% current", "Recovery rate", "Liquidation rate")
               if m in cell]
    headline = pd.DataFrame({"Metric": metrics, "This period": [None] * len(metrics), "Last period": [None] * len(metrics),
                             "Target": [None] * len(metrics)})
    ref = book.write_table(DASHBOARD, headline, TableSpec(
        "Headline", title=f"Collections dashboard as of {book.region().dated(f['as_of'])}" + (f" ({f['currency']})" if f['currency'] else "")))
    top = int(ref.split(":")[0][1:]) + 1
    for i, metric in enumerate(metrics):
        fmt = FORMATS.get(metric, "money")
        book.write_formula(DASHBOARD, f"B{top + i}", f"=IF(KPIs!{cell[metric]}=\"\",\"\",KPIs!{cell[metric]})", fmt)
        if metric in FORMATS:
            row = cell[metric][1:]
            book.write_formula(DASHBOARD, f"C{top + i}", f'=IF(KPIs!C{row}="","",KPIs!C{row})', fmt)
            book.write_formula(DASHBOARD, f"D{top + i}", f'=IF(KPIs!D{row}="","",KPIs!D{row})', fmt)
    buckets = pd.DataFrame({"Bucket": list(f["buckets"]), "Balance": list(f["buckets"].values())})
    bref = book.write_table(DASHBOARD, buckets, TableSpec(
        "Buckets", formats={"Balance": "money"}, totals={"Balance": "sum"}, anchor=below(ref),
        title="Receivables by age (due date)", replace_sheet=False))
    notes_block(book, DASHBOARD, bref, ["Unallocated: credit notes and payments on account (Ageing sheet)"])
    top = int(bref.split(":")[0][1:]) - 2  # the table's title row
    charts = [Chart("column", "Receivables by age", table="Buckets", x="Bucket", series=("Balance",),
                    anchor=f"{SIDE_CHART_COLUMN}{top}", y_title="Balance", x_title="Days past due",
                    y_format="money", width=SIDE_CHART[0], height=SIDE_CHART[1])]
    anchor = f"A{max(int(below(bref)[1:]), top + paging.chart_rows(SIDE_CHART[1]) + 2)}"
    trend = f.get("month_ends")
    if trend is not None and len(trend):
        money = {c: "money" for c in trend.columns if c != "Month end"}
        tref = book.write_table(DASHBOARD, trend, TableSpec("MonthEndAgeing", formats={"Month end": "date", **money},
                                                            anchor=anchor, title="Ageing by month-end (due date)",
                                                            replace_sheet=False))
        # under its table, as wide as it: beside it, the sheet would print at about half size
        chart_top = int(below(tref, gap=0)[1:])
        charts.append(Chart("column", "Ageing by month-end", table="MonthEndAgeing", x="Month end",
                            series=tuple(f["labels"]), y_title="Balance", x_title="Month end",
                            y_format="money", stacked=True, colours=warming(len(f["labels"])),
                            anchor=f"A{chart_top}"))
        anchor = f"A{chart_top + paging.chart_rows(Chart.height) + 2}"
    statuses = run.state.promises
    if statuses is not None:
        rates = kept_rate(statuses)[["Consultant", "Promises", "Kept rate"]]
        rates["Kept rate"] = rates["Kept rate"].astype(object).where(rates["Kept rate"].notna(), None)
        kref = book.write_table(DASHBOARD, rates, TableSpec("DashKeptRate", formats={"Kept rate": "percent"}, anchor=anchor,
                                                            title="Promise kept-rate", replace_sheet=False))
        charts.append(Chart("bar", "Promises kept", table="DashKeptRate", x="Consultant", series=("Kept rate",),
                            anchor=f"{SIDE_CHART_COLUMN}{int(kref.split(':')[0][1:]) - 2}",
                            y_title="Share of promises kept", y_format="percent",
                            width=SIDE_CHART[0], height=SIDE_CHART[1]))
    for chart in charts:  # once every table has widened its columns, so that each chart is drawn its own size
        book.add_chart(DASHBOARD, chart)


#: The Dashboard's charts beside its two- and three-column tables start in column D and are this size (cm): with the
#: month-end table (columns A-H) they keep the sheet one portrait page wide at about 90 %, and they end above the
#: note under the ageing table.
SIDE_CHART_COLUMN = "D"
SIDE_CHART = (12.0, 5.6)

