"""Ribbon "Build plan": the loan's repayment schedule, its totals and a balance chart."""

from __future__ import annotations

from debtdesk.amortize import amortize
from debtdesk.dates import to_date
from debtdesk.macros.book import Chart, TableSpec
from debtdesk.macros.inputs import read_settings, setting
from debtdesk.macros.journal import journal
from debtdesk.macros.registry import macro
from debtdesk.udfs.convert import number, text

LOAN = "Loan"
SCHEDULE = "Schedule"


@macro("build_plan")
def build_plan(book) -> dict:
    """Read the Loan inputs, write the Schedule sheet with native totals and a chart.

    Returns the totals the sheet's formulas should show, e.g.
    ``{"payments": 36, "total_payment": 12136.56, "total_interest": 2136.56, ...}``.
    """
    settings = read_settings(book, LOAN)
    principal = number(setting(settings, LOAN, "Principal", "Amount", "Loan amount"), LOAN, label="Principal", above=0)
    rate = number(setting(settings, LOAN, "Annual rate", "APR", "Rate"), LOAN, label="Annual rate", minimum=0)
    months = number(setting(settings, LOAN, "Term (months)", "Months", "Term"), LOAN, label="Term (months)", above=0, whole=True)
    start = setting(settings, LOAN, "Start date", "First payment", default=None)
    extra = number(setting(settings, LOAN, "Extra payment", default=0), LOAN, label="Extra payment", minimum=0)
    per_year = number(setting(settings, LOAN, "Payments per year", default=12), LOAN, label="Payments per year", whole=True)
    when = text(setting(settings, LOAN, "Payment timing", "When", default="end"), LOAN, ["end", "begin"])
    schedule = amortize(principal, rate, int(months), start_date=to_date(start, LOAN) if start is not None else None,
                        extra_payment=extra, payments_per_year=int(per_year), when=when)
    client = setting(settings, LOAN, "Client", "Client name", default="")
    book.write_table(SCHEDULE, schedule, TableSpec(
        SCHEDULE, title=f"Repayment schedule{' for ' + str(client) if client else ''}",
        formats={"Date": "date", "Payment": "money", "Interest": "money", "Principal": "money", "Balance": "money"},
        totals={"Payment": "sum", "Interest": "sum", "Principal": "sum"}))
    book.add_chart(SCHEDULE, Chart("line", "Balance over time", table=SCHEDULE, x="Period", series=("Balance",),
                                   anchor="I3", y_title="Balance", x_title="Period"))
    totals = {
        "payments": len(schedule),
        "total_payment": round(float(schedule["Payment"].sum()), 2),
        "total_interest": round(float(schedule["Interest"].sum()), 2),
        "total_principal": round(float(schedule["Principal"].sum()), 2),
    }
    journal(book, "Build plan", [str(client)] if client else [],
            f"{totals['payments']} payments, interest {totals['total_interest']:,.2f}")
    return totals
