"""Ribbon "Build plan": the loan's repayment schedule and the client's plan.

With a Loan table, the Schedule sheet: the loan's repayment schedule, native totals and
a balance chart. With rows in the Debts table, the Plan sheet renders the client's case
(:func:`debtdesk.macros.client.current_case`): the plan the route implies (a debt
management plan's pro-rata payments and concessions, the client's own strategy and
budget, token payments in a deficit), each creditor's payment, interest assumption and
payoff month, the priority debts paid outside a plan, a consolidation loan side by side
where the route is Consolidation, then what to pay each creditor each month, with each
month's total as a native formula.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from debtdesk.amortize import amortize
from debtdesk.dates import to_date
from debtdesk.macros.book import Chart, TableSpec
from debtdesk.macros.client import CLIENT, current_case, table_rows
from debtdesk.macros.inputs import read_settings, setting
from debtdesk.macros.journal import journal
from debtdesk.macros.publish import finish
from debtdesk.macros.region import Region
from debtdesk.macros.registry import macro
from debtdesk import values
from debtdesk.udfs.convert import number, text
from debtdesk.wording import money_text, month_year

LOAN = "Loan"
SCHEDULE = "Schedule"
PLAN = "Plan"
PLAN_PAYMENTS = "PlanPayments"  # table name (the Payments input table has the plain name)
_PLAN_COLUMNS = ["Creditor", "Type", "Balance", "Interest assumption", "Monthly payment", "Payoff month",
                 "Payoff date", "Interest", "Total paid"]


@macro("build_plan")
def build_plan(book) -> dict:
    """Write the Schedule sheet (Loan table) and the Plan sheet (Debts table), as present.

    Returns the loan totals the Schedule's formulas should show, e.g.
    ``{"payments": 36, "total_payment": 12136.56, "total_interest": 2136.56, ...}``,
    and under ``"plan"`` the plan's kind, monthly payment, months, interest and total paid.
    """
    totals = loan_schedule(book) if book.has_table(LOAN) else {}
    if book.has_table("Debts") and book.has_table(CLIENT):
        case = current_case(book)
        if case.plan.schedule is not None:
            write_plan(book, case)
            plan = case.plan
            totals["plan"] = {"kind": plan.kind, "monthly_payment": plan.monthly_payment, "months": plan.months,
                              "total_interest": plan.schedule.total_interest, "total_paid": plan.schedule.total_paid}
    return totals


def plan_title(case, region: Region = Region()) -> str:
    """The Plan sheet's title: the kind of plan, its monthly payment, its interest assumption and
    its debt-free month (or why there is none, with the review date as ``region`` writes dates)."""
    plan, money = case.plan, case.money
    if plan.debt_free:
        return (f"{plan.kind}: {money(plan.monthly_payment)} a month, {plan.interest}, debt-free by "
                f"{month_year(plan.debt_free)}")
    until = f" until the review on {region.dated(plan.review)}" if plan.review else ""
    return f"{plan.kind}: {money(plan.monthly_payment)} a month{until}; no debt-free date can be given"


def write_plan(book, case) -> None:
    """The Plan sheet: the plan's creditors with native totals, then the monthly payments."""
    plan = case.plan
    summary = plan.creditors[_PLAN_COLUMNS]
    ref = book.write_table(PLAN, summary, TableSpec(
        PLAN, title=plan_title(case, book.region()),
        formats={"Balance": "money", "Monthly payment": "money", "Payoff date": "date", "Interest": "money",
                 "Total paid": "money"},
        totals={"Balance": "sum", "Monthly payment": "sum", "Interest": "sum", "Total paid": "sum"}))
    _, last = table_rows(ref)
    book.write_value(PLAN, f"A{last + 2}", f"How the payment is set: {plan.note}.")
    top = last + 4
    if len(plan.priority):
        ref = book.write_table(PLAN, plan.priority, TableSpec(
            "PriorityPayments", anchor=f"A{top}", replace_sheet=False, formats={"Monthly payment": "money"},
            title="Priority debts: pay these directly, before anything else"))
        _, last = table_rows(ref)
        top = last + 3
    if case.route == "Consolidation" and case.consolidation is not None:
        c = case.consolidation
        table = c.table()
        for column in ("Current", "Consolidated"):  # months, amounts and a month: one column, written as people read it
            table[column] = [month_year(v) if hasattr(v, "month") else v for v in table[column]]
        ref = book.write_table(PLAN, table, TableSpec(
            "Consolidation", anchor=f"A{top}", replace_sheet=False,
            title=(f"A consolidation loan of {case.money(c.loan_amount)} at {c.loan_apr:.1%} over {c.loan_term} "
                   f"months, side by side with the plan as it is")))
        _, last = table_rows(ref)
        top = last + 3
    payments = plan.schedule.payment_schedule
    ref = book.write_table(PLAN, payments, TableSpec(
        PLAN_PAYMENTS, anchor=f"A{top}", replace_sheet=False,
        title="What to pay each creditor each month" + ("" if plan.promises_dates else " until the review"),
        formats={"Date": "date", **{c: "money" for c in payments.columns[2:]}},
        totals={c: "sum" for c in payments.columns[2:]}))
    header, last = table_rows(ref)
    first_debt, last_debt = get_column_letter(3), get_column_letter(2 + len(plan.schedule.names))
    total_column = get_column_letter(len(payments.columns))
    for row in range(header + 1, last + 1):
        book.write_formula(PLAN, f"{total_column}{row}", f"=SUM({first_debt}{row}:{last_debt}{row})", "money")
    finish(book, PLAN, (CLIENT, "Debts"))
    journal(book, "Build plan", [case.details.label], plan_title(case, book.region()))


def loan_schedule(book) -> dict:
    """Read the Loan inputs, write the Schedule sheet with native totals and a chart."""
    settings = read_settings(book, LOAN)
    principal = number(setting(settings, LOAN, "Principal", "Amount", "Loan amount"), LOAN, label="Principal", above=0)
    rate = values.rate(setting(settings, LOAN, "Annual rate", "APR", "Rate"), LOAN, label="Annual rate")
    months = number(setting(settings, LOAN, "Term (months)", "Months", "Term"), LOAN, label="Term (months)", above=0, whole=True)
    start = setting(settings, LOAN, "Start date", "Loan start", default=None)
    first = setting(settings, LOAN, "First payment", "First payment date", default=None)
    extra = number(setting(settings, LOAN, "Extra payment", default=0), LOAN, label="Extra payment", minimum=0)
    per_year = number(setting(settings, LOAN, "Payments per year", default=12), LOAN, label="Payments per year", whole=True)
    when = text(setting(settings, LOAN, "Payment timing", "When", default="end"), LOAN, ["end", "begin"])
    schedule = amortize(principal, rate, int(months), start_date=to_date(start, LOAN) if start is not None else None,
                        extra_payment=extra, payments_per_year=int(per_year), when=when,
                        first_payment=to_date(first, LOAN) if first is not None else None)
    client = setting(settings, LOAN, "Client", "Client name", default="")
    # The title says which loan this is: "Repayment schedule for <client>" read as the client's plan for their
    # debts, which the Plan sheet sets out (a consolidation loan being weighed, or a mortgage, is not that plan).
    loan = f"{money_text(principal, book.region().currency)} at {rate:.2%} over {int(months)} months"
    book.write_table(SCHEDULE, schedule, TableSpec(
        SCHEDULE, title=f"Repayment schedule of the loan on the Loan sheet: {loan}",
        formats={"Date": "date", "Payment": "money", "Interest": "money", "Principal": "money", "Balance": "money"},
        totals={"Payment": "sum", "Interest": "sum", "Principal": "sum"}))
    book.add_chart(SCHEDULE, Chart("line", "Balance over time", table=SCHEDULE, x="Period", series=("Balance",),
                                   anchor="I3", y_title="Balance owed", x_title="Payment number", y_format="money"))
    finish(book, SCHEDULE, (LOAN,))
    totals = {
        "payments": len(schedule),
        "total_payment": round(float(schedule["Payment"].sum()), 2),
        "total_interest": round(float(schedule["Interest"].sum()), 2),
        "total_principal": round(float(schedule["Principal"].sum()), 2),
    }
    journal(book, "Build plan", [str(client)] if client else [],
            f"{totals['payments']} payments, interest {totals['total_interest']:,.2f}")
    return totals
