"""Collections cell functions (DESIGN.md §4): ageing, KPIs, dunning, promises, Regulation F, worklist.

Thin wrappers: Excel-shaped values in through :mod:`debtdesk.udfs.convert`, the
:mod:`debtdesk.collections` engine, results out through ``convert.spill``.
"""

from __future__ import annotations

import numpy as np

from debtdesk import collections as engine
from debtdesk.collections.ageing import BASES, LEDGER_OPTIONAL, LEDGER_REQUIRED
from debtdesk.collections.timezones import consumer_zones
from debtdesk.udfs import convert
from debtdesk.udfs.register import excel_function

__all__ = ["DD_AGE_DAYS", "DD_AGE_BUCKET", "DD_AGEING", "DD_DSO", "DD_DSO_COUNTBACK", "DD_BEST_DSO", "DD_ADD",
           "DD_CEI", "DD_ALLOWANCE", "DD_DUNNING", "DD_PTP_STATUS", "DD_CONTACT_CHECK", "DD_WORKLIST",
           "DD_LATE_PAYMENT"]


def _edges(edges):
    edges = convert.optional(edges, None)
    if edges is None:
        return engine.DEFAULT_EDGES
    return tuple(int(e) for e in convert.numbers(edges, "edges", minimum=1, whole=True, text_list=True))


def _ledger(ledger):
    return convert.table(ledger, "ledger", LEDGER_REQUIRED, LEDGER_OPTIONAL, typed=True)


def _money(value, argument, **bounds):
    return convert.number(value, argument, minimum=0, **bounds)


@excel_function(due_date="Due date (date, serial or YYYY-MM-DD)", as_of="Ageing date")
def DD_AGE_DAYS(due_date, as_of):
    """Whole days past due (negative = not yet due). Example: =DD_AGE_DAYS("2024-01-31", "2024-03-01") gives 30"""
    return engine.age_days(convert.a_date(due_date, "due_date", era=True), convert.a_date(as_of, "as_of"))


@excel_function(due_date="Due date", as_of="Ageing date", edges="Optional bucket edges in days (default 30, 60, 90)")
def DD_AGE_BUCKET(due_date, as_of, edges=None):
    """Ageing bucket label of one item. Example: =DD_AGE_BUCKET("2024-01-31", "2024-03-31") gives "31-60"."""
    return engine.age_bucket(convert.a_date(due_date, "due_date", era=True), convert.a_date(as_of, "as_of"), _edges(edges))


@excel_function(ledger="Ledger table with headers Customer, Invoice, Invoice Date, Due Date, Amount [, Paid, Credit]",
                as_of="Ageing date", edges="Optional bucket edges in days (default 30, 60, 90)",
                basis='Optional "due" (default) or "invoice"')
def DD_AGEING(ledger, as_of, edges=None, basis=None):
    """Ageing report per customer with an Unallocated column and a grand Total row.

    Example: =DD_AGEING(Ledger[#All], TODAY()) spills Customer, Current, 1-30, 31-60, 61-90, 91+,
    Unallocated, Total, with a last row Total. Items dated after as_of are left out; with a
    Currency column in several currencies there is a row per customer and currency and one Total
    row per currency.
    """
    basis = convert.text(basis, "basis", BASES) \
        if convert.optional(basis, None) is not None else "due"
    cells, rows = convert.columns(ledger, "ledger", LEDGER_REQUIRED, LEDGER_OPTIONAL, typed=True,
                                  days=("Invoice Date", "Due Date"))  # the engine ages whole days
    as_of, edges = convert.a_date(as_of, "as_of"), _edges(edges)  # checked in the order the arguments come
    items = engine.ledger_items(engine.read_columns(cells, rows), as_of, edges, basis)
    report = engine.report_columns(items, edges)  # plain columns: a 10,000-row ledger costs no DataFrame
    amounts = [name for name in report if name not in ("Customer", "Currency")]
    cents = {name: np.rint(report[name] * 100).astype(np.int64) for name in amounts}  # whole cents: totals exact
    if "Currency" in report:  # one total per currency: amounts in two currencies are never summed
        totals = [["Total", code, *(int(cents[name][report["Currency"] == code].sum()) / 100 for name in amounts)]
                  for code in np.unique(report["Currency"]).tolist()]
    else:
        totals = [["Total", *(int(cents[name].sum()) / 100 for name in amounts)]]
    return convert.spill(report) + totals


@excel_function(ending_ar="Receivables at period end", credit_sales="Credit sales in the period",
                days="Days in the period")
def DD_DSO(ending_ar, credit_sales, days):
    """Days sales outstanding. Example: =DD_DSO(150000, 1800000, 365) gives 30.42"""
    return engine.dso(_money(ending_ar, "ending_ar"), _money(credit_sales, "credit_sales"),
                      convert.number(days, "days", above=0))


@excel_function(ending_ar="Receivables at the end of the newest month",
                monthly_sales="Credit sales per month, newest first", month_days="Days in each month (or one number)")
def DD_DSO_COUNTBACK(ending_ar, monthly_sales, month_days):
    """Count-back DSO. Example: =DD_DSO_COUNTBACK(212000, {100000;80000;70000}, 30) gives 73.71

    A month without sales must say 0: an empty cell is refused, never skipped (skipping it would
    count the next month's sales as this month's)."""
    sales = convert.numbers(monthly_sales, "monthly_sales", minimum=0, drop_empty=False)
    days = convert.numbers(month_days, "month_days", above=0, drop_empty=False)
    return engine.dso_countback(_money(ending_ar, "ending_ar"), sales, days[0] if len(days) == 1 else days)


@excel_function(current_ar="Receivables not yet due", credit_sales="Credit sales in the period",
                days="Days in the period")
def DD_BEST_DSO(current_ar, credit_sales, days):
    """Best possible DSO. Example: =DD_BEST_DSO(8000, 30000, 28) gives 7.47"""
    return engine.best_dso(_money(current_ar, "current_ar"), _money(credit_sales, "credit_sales"),
                           convert.number(days, "days", above=0))


@excel_function(ending_ar="Receivables at period end", current_ar="Receivables not yet due",
                credit_sales="Credit sales in the period", days="Days in the period")
def DD_ADD(ending_ar, current_ar, credit_sales, days):
    """Average days delinquent = DSO − best possible DSO. Example: =DD_ADD(120000, 80000, 100000, 30) gives 12"""
    return engine.add(_money(ending_ar, "ending_ar"), _money(current_ar, "current_ar"),
                      _money(credit_sales, "credit_sales"), convert.number(days, "days", above=0))


@excel_function(beginning_ar="Receivables at period start", credit_sales="Credit sales in the period",
                ending_ar="Receivables at period end", ending_current_ar="Current receivables at period end",
                months="Optional number of months in the period (credit sales are divided by it)")
def DD_CEI(beginning_ar, credit_sales, ending_ar, ending_current_ar, months=None):
    """Collection effectiveness index as a fraction. Example: =DD_CEI(6200, 10890, 6340, 3590, 3) gives 0.559"""
    return engine.cei(_money(beginning_ar, "beginning_ar"), _money(credit_sales, "credit_sales"),
                      _money(ending_ar, "ending_ar"), _money(ending_current_ar, "ending_current_ar"),
                      int(convert.number(convert.optional(months, 1), "months", minimum=1, whole=True)))


@excel_function(bucket_balances="Balance per ageing bucket (row or column)",
                loss_rates="Expected loss rate per bucket, same order (fractions)")
def DD_ALLOWANCE(bucket_balances, loss_rates):
    """Required bad-debt allowance. Example: =DD_ALLOWANCE({76000,14000,6000,3000,1000}, {0.01,0.05,0.1,0.25,0.5}) gives 3310"""
    return engine.allowance(convert.numbers(bucket_balances, "bucket_balances"),
                            convert.numbers(loss_rates, "loss_rates", minimum=0, maximum=1))


@excel_function(outstanding="Overdue amount", days_overdue="Days overdue", annual_rate="Annual interest rate (8% = 0.08)",
                fee="Dunning fee for this level")
def DD_DUNNING(outstanding, days_overdue, annual_rate, fee):
    """Dunning interest (outstanding × rate / 365 × days, to cents) plus fee. Example: =DD_DUNNING(100, 20, 8%, 20) gives 20.44"""
    return engine.dunning_charge(_money(outstanding, "outstanding"),
                                 convert.number(days_overdue, "days_overdue", whole=True),
                                 convert.rate(annual_rate, "annual_rate"),
                                 convert.number(convert.optional(fee, 0.0), "fee", minimum=0))


@excel_function(promised_amount="Amount promised", promised_date="Date promised by",
                payment_dates="Dates of payments received", payment_amounts="Amounts of those payments",
                as_of="Date of the check", tolerance_days="Optional grace days after the promised date")
def DD_PTP_STATUS(promised_amount, promised_date, payment_dates, payment_amounts, as_of, tolerance_days=None):
    """Promise-to-pay status: Open, Kept, Partially Kept or Broken. Example: =DD_PTP_STATUS(500, "2024-03-15", "2024-03-14", 500, "2024-03-20") gives "Kept"."""
    no_payments = convert.optional(payment_dates, None) is None and convert.optional(payment_amounts, None) is None
    dates = [] if no_payments else convert.dates(payment_dates, "payment_dates")
    amounts = [] if no_payments else convert.numbers(payment_amounts, "payment_amounts", minimum=0)
    return engine.ptp_status(convert.number(promised_amount, "promised_amount", above=0),
                             convert.a_date(promised_date, "promised_date"), dates, amounts,
                             convert.a_date(as_of, "as_of"),
                             int(convert.number(convert.optional(tolerance_days, 0), "tolerance_days",
                                                minimum=0, whole=True)))


@excel_function(call_times="Date-times of calls already placed about this debt, on your clock",
                proposed_time="Date-time of the proposed call, on your clock (e.g. NOW())",
                conversation_times="Optional date-times of telephone conversations about this debt",
                time_zone='Optional: where the consumer is, an IANA zone ("America/Los_Angeles") or US state '
                          'code ("CA"), or a range of them; empty: any US time zone')
def DD_CONTACT_CHECK(call_times, proposed_time, conversation_times=None, time_zone=None):
    """ "OK", or the US Regulation F rule a proposed call would break.

    Times are read on this computer's clock (what NOW() gives) and judged at the consumer's
    location; without time_zone the call must suit every US time zone (Regulation F comment
    6(b)(1)(i)-2).

    Example: on a New York clock, =DD_CONTACT_CHECK(A2:A8, "2024-05-06 09:00", , "CA") gives the
    1006.6(b)(1)(i) inconvenient-time rule: it is 06:00 in Los Angeles.
    """
    calls = [] if convert.optional(call_times, None) is None else convert.vector(call_times, "call_times")
    talks = [] if convert.optional(conversation_times, None) is None \
        else convert.vector(conversation_times, "conversation_times")
    where = convert.optional(time_zone, None)
    zones = consumer_zones(None if where is None else [str(z) for z in convert.vector(time_zone, "time_zone")],
                           "time_zone")
    return engine.contact_check(calls, convert.single(proposed_time, "proposed_time"), talks,
                                consumer_timezones=[z.key for z in zones], clock_timezone=None)


@excel_function(ledger="Ledger table (Customer, Invoice, Invoice Date, Due Date, Amount [, Paid, Credit])",
                as_of="Date of the worklist", promises="Optional promises table (Customer, Status[, Promised Date])",
                disputes="Optional dispute register (Customer[, Invoice, Opened, Resolved])",
                contacts="Optional contact log (Customer, Contact Time, Type: attempt, conversation, not connected, "
                         "inbound, consented, email, letter, text)")
def DD_WORKLIST(ledger, as_of, promises=None, disputes=None, contacts=None):
    """Ranked, explainable collections worklist. Example: =DD_WORKLIST(Ledger[#All], TODAY()) spills Rank, Customer,
    Amount overdue, Oldest days, Score, Status, Reason."""
    def maybe(value, argument, required, optional_columns=()):
        return None if convert.optional(value, None) is None else convert.table(value, argument, required, optional_columns)
    return convert.spill(engine.worklist(
        _ledger(ledger), convert.a_date(as_of, "as_of"),
        maybe(promises, "promises", ["Customer", "Status"], ["Deadline", "Promised Date"]),
        maybe(disputes, "disputes", ["Customer"], ["Invoice", "Opened", "Resolved", "Reason"]),
        maybe(contacts, "contacts", ["Customer", "Contact Time", "Type"])))


@excel_function(amount="The invoice amount", due_date="When payment was due",
                as_of="The day it was paid, or the day the claim is worked out to",
                reference_rate="Bank of England base rate for the half-year, as a fraction or % (4.25%)")
def DD_LATE_PAYMENT(amount, due_date, as_of, reference_rate):
    """UK Late Payment of Commercial Debts (Interest) Act 1998: Item, Amount rows (Days late, Statutory
    interest rate, Daily interest, Statutory interest, Fixed compensation, Total claim).

    Statutory interest is 8% a year over the reference rate, simple, counted daily; fixed
    compensation is 40, 70 or 100 by the size of the debt.

    Example: =DD_LATE_PAYMENT(2000, "2024-03-01", "2024-04-15", 4.25%) gives 45 days late, 30.21
    interest and 70.00 compensation: a claim of 100.21.
    """
    return convert.spill(engine.late_payment(
        convert.number(amount, "amount", above=0), convert.a_date(due_date, "due_date", era=True),
        convert.a_date(as_of, "as_of"), convert.number(reference_rate, "reference_rate", minimum=0)))
