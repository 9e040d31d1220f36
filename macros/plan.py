"""Ribbon "Build plan": the loan's repayment schedule and the client's multi-debt plan.

With a Loan table, the Schedule sheet: the loan's repayment schedule, native totals and
a balance chart. With rows in the Debts table, the Plan sheet: the payoff summary for
the client's strategy and monthly budget (Client table), then what to pay each creditor
each month, with each month's total as a native formula.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from debtdesk.amortize import amortize
from debtdesk.dates import to_date
from debtdesk.macros.book import Chart, TableSpec
from debtdesk.macros.client import CLIENT, client_details, client_plan, table_rows
from debtdesk.macros.inputs import read_settings, setting
from debtdesk.macros.journal import journal
from debtdesk.macros.registry import macro
from debtdesk import values
from debtdesk.udfs.convert import number, text

LOAN = "Loan"
SCHEDULE = "Schedule"
PLAN = "Plan"
PLAN_PAYMENTS = "PlanPayments"  # table name (the Payments input table has the plain name)


@macro("build_plan")
def build_plan(book) -> dict:
    """Write the Schedule sheet (Loan table) and the Plan sheet (Debts table), as present.

    Returns the loan totals the Schedule's formulas should show, e.g.
    ``{"payments": 36, "total_payment": 12136.56, "total_interest": 2136.56, ...}``,
    and under ``"plan"`` the multi-debt plan's months, interest and total paid.
    """
    totals = loan_schedule(book) if book.has_table(LOAN) else {}
    if book.has_table("Debts") and book.has_table(CLIENT):
        details = client_details(book)
        plan = client_plan(book, details)
        if plan is not None:
            write_plan(book, plan, details)
            totals["plan"] = {"months": plan.months, "total_interest": plan.total_interest,
                              "total_paid": plan.total_paid}
    return totals


def write_plan(book, plan, details) -> None:
    """The Plan sheet: payoff summary with native totals, then the monthly payments."""
    summary = plan.summary
    ref = book.write_table(PLAN, summary, TableSpec(
        PLAN, title=(f"Payoff plan: {details.monthly_budget:,.2f} a month, {plan.strategy} order, "
                     f"debt-free in {plan.months} months"),
        formats={"Payoff date": "date", "Interest paid": "money", "Total paid": "money"},
        totals={"Payoff month": "max", "Interest paid": "sum", "Total paid": "sum"}))
    _, last = table_rows(ref)
    payments = plan.payment_schedule
    top = last + 4
    ref = book.write_table(PLAN, payments, TableSpec(
        PLAN_PAYMENTS, anchor=f"A{top}", replace_sheet=False,
        title="What to pay each creditor each month",
        formats={"Date": "date", **{c: "money" for c in payments.columns[2:]}},
        totals={c: "sum" for c in payments.columns[2:]}))
    header, last = table_rows(ref)
    first_debt, last_debt = get_column_letter(3), get_column_letter(2 + len(plan.names))
    total_column = get_column_letter(len(payments.columns))
    for row in range(header + 1, last + 1):
        book.write_formula(PLAN, f"{total_column}{row}", f"=SUM({first_debt}{row}:{last_debt}{row})", "money")
    journal(book, "Build plan", [details.label],
            f"{plan.strategy}: debt-free in {plan.months} months, interest {plan.total_interest:,.2f}")


def loan_schedule(book) -> dict:
    """Read the Loan inputs, write the Schedule sheet with native totals and a chart."""
    settings = read_settings(book, LOAN)
    principal = number(setting(settings, LOAN, "Principal", "Amount", "Loan amount"), LOAN, label="Principal", above=0)
    rate = values.rate(setting(settings, LOAN, "Annual rate", "APR", "Rate"), LOAN, label="Annual rate")
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
