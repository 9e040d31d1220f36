"""One client, one case: the whole of DebtDesk's advice, computed once (DESIGN.md §2).

:func:`client_case` takes a client's inputs (:class:`ClientInputs`: details, income,
expenses, debts, credit, guidelines, payments, extra payments, settings, firm) and works
out, once and in this order:

1. the **budget** by the Standard Financial Statement (:func:`debtdesk.budget.allocate`);
2. the **assessment**: totals, ratios, arrears and flags (:func:`debtdesk.assess.metrics`);
3. the **screening**: Debt Relief Order criteria and the other options for the client's
   jurisdiction (:mod:`debtdesk.insolvency`), and any **Breathing Space**
   (:mod:`debtdesk.breathing_space`);
4. the candidate plans: the **debt management plan** (what the budget leaves for
   non-priority creditors, shared pro rata, each debt under its concession:
   :mod:`debtdesk.dmp`) and the client's **own plan** (their strategy at their budget:
   :mod:`debtdesk.payoff`), with a **consolidation** loan beside it where that could help
   (:mod:`debtdesk.consolidation`);
5. the **route** and its reasons (:mod:`debtdesk.route`), and the one **plan** the route
   implies: its monthly payment, each creditor's payment and interest assumption, the
   months and the debt-free month (none in a deficit: token payments, never a date);
6. the **offers** each creditor's letter makes, the **comparison** and "what if" tables,
   the balance curves a chart draws, **progress** against the payments made, and the
   client's summary in plain words.

Every sheet, chart, letter, summary sentence and progress line renders this one case, so
no two of them can tell the client or a creditor two different things.

Examples
--------
>>> import pandas as pd
>>> from datetime import date
>>> details = ClientDetails(as_of=date(2026, 11, 1), client_id="C-1", name="Joanne Whitfield")
>>> debts = pd.DataFrame({"Name": ["Visa", "Loan", "Council tax"],
...                       "Type": ["Credit card", "Personal loan", "Council tax"],
...                       "Balance": [4200.0, 6800.0, 420.0], "APR": [0.249, 0.089, 0.0],
...                       "Minimum": [126.0, 215.0, 35.0], "Arrears": [252.0, 0.0, 420.0]})
>>> case = client_case(ClientInputs(details, income=2300, expenses=1950, debts=debts))
>>> case.route, case.plan.kind, case.money(case.plan.monthly_payment)
('Debt management plan', 'Debt management plan', '£315.00')
>>> case.plan.creditors[["Creditor", "Monthly payment", "Interest assumption"]].values.tolist()
[['Visa', 120.27, 'interest frozen'], ['Loan', 194.73, 'interest frozen']]
>>> case.plan.months, case.plan.debt_free
(35, datetime.date(2029, 10, 1))
>>> case.sentences[1]
'Your debt management plan: £315.00 a month, shared between your 2 non-priority creditors in proportion to what you owe each, with interest frozen on every debt.'

With 250.00 a month more spare the contractual payments are affordable and the arrears
clear in three months: no debt management plan.

>>> client_case(ClientInputs(details, income=2550, expenses=1950, debts=debts)).route
'Budget only'
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Mapping

import pandas as pd

from debtdesk.assess import metrics
from debtdesk.breathing_space import BreathingSpace, breathing_space
from debtdesk.budget import Allocation, allocate, allocation_rows, goal_rows, BUDGET_COLUMNS
from debtdesk.columns import select_columns
from debtdesk.comparison import (EXPLAINED, attempt, balance_curves, comparison, minimum_payments,
                                 strategies, what_if)
from debtdesk.consolidation import Consolidation, consolidate
from debtdesk.dates import add_months, to_date
from debtdesk.dmp import FROZEN, NONE, assumption, concessions, dmp_plan
from debtdesk.errors import DebtDeskError
from debtdesk.insolvency import Screening, screen
from debtdesk.jurisdiction import Jurisdiction, jurisdiction
from debtdesk.money import from_cents, split_cents, sum_cents, to_cents
from debtdesk.payoff import PayoffPlan, _strategy, payoff, prepare_debts
from debtdesk.progress import Progress, progress
from debtdesk.rates import rate_basis as _basis
from debtdesk.route import Facts, recommend
from debtdesk.rows import records
from debtdesk.thresholds import read_settings
from debtdesk.values import cell_text, data_rows, is_blank, number
from debtdesk.wording import currency as _currency, money_text

#: The kinds of plan a route implies.
DMP, SELF, SETTLEMENT, TOKEN, INTERIM, NO_PLAN = ("Debt management plan", "Self-managed plan",
                                                  "Full and final settlement", "Token payments",
                                                  "Interim payments", "No plan")
#: Letters each plan kind sends its creditors (self-managed plans send none).
LETTERS = {DMP: "Offer", TOKEN: "Token payment", INTERIM: "Holding", SETTLEMENT: "Settlement"}
PLAN_COLUMNS = ["Creditor", "Type", "Priority", "Balance", "Interest assumption", "Plan APR", "Monthly payment",
                "Payoff month", "Payoff date", "Interest", "Total paid"]
OFFER_COLUMNS = ["Creditor", "Legal name", "Address", "Account number", "Type", "Balance", "Offer", "Share",
                 "Interest assumption", "Concession", "Months to clear", "Payoff date", "Letter"]


@dataclass(frozen=True)
class ClientDetails:
    """Who the client is and what they told us: the client workbook's Client sheet, checked.

    ``currency`` and ``rate_basis`` left None follow the country (GBP and effective in the
    UK, USD and nominal in the US); ``plan_start`` None is the first of the month after
    ``as_of``; ``monthly_budget`` None is what the budget leaves for debts.
    """

    as_of: date | None = None
    client_id: str = ""
    name: str = ""
    country: str = "England"
    currency: str | None = None
    rate_basis: str | None = None
    address: str = ""
    date_of_birth: date | None = None
    adults: int = 1
    children: int = 0
    strategy: str = "avalanche"
    monthly_budget: float | None = None
    plan_start: date | None = None
    payments_as_of: date | None = None
    savings: float = 0.0
    fee: float = 0.0
    lump_sum: float = 0.0
    assets: float | None = None
    vehicle_value: float | None = None
    home_owner: bool | None = None
    breathing_space: str | None = None
    breathing_space_start: date | None = None
    breathing_space_end: date | None = None
    authority_reference: str = ""

    @property
    def label(self) -> str:
        """How journals and titles name the client: the id, else the name.

        >>> ClientDetails(client_id="C-1", name="Ann").label, ClientDetails(name="Ann").label
        ('C-1', 'Ann')
        """
        return self.client_id or self.name


@dataclass(frozen=True)
class Firm:
    """The advice firm, as its letters name it: the client workbook's Firm sheet."""

    name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    caseworker: str = ""
    reference: str = ""
    fca_number: str = ""
    sfs_number: str = ""
    signatory: str = ""
    payment_method: str = ""


@dataclass(frozen=True)
class ClientInputs:
    """Everything a case is computed from (pandas tables as the client workbook holds them).

    ``income`` and ``expenses`` may be monthly totals; ``settings`` is the Settings table
    (Setting, Value) or a mapping of overrides by key (:mod:`debtdesk.thresholds`);
    ``extra_payments`` has Month (or Date) and Amount: one-off payments into the plan.
    """

    details: ClientDetails
    income: pd.DataFrame | float = 0
    expenses: pd.DataFrame | float = 0
    debts: pd.DataFrame | None = None
    credit: pd.DataFrame | None = None
    guidelines: pd.DataFrame | None = None
    payments: pd.DataFrame | None = None
    extra_payments: pd.DataFrame | None = None
    settings: pd.DataFrame | Mapping | None = None
    firm: Firm = field(default_factory=Firm)


@dataclass(frozen=True)
class Plan:
    """The one plan a case's route implies, as every sheet, chart, letter and line states it."""

    kind: str
    monthly_payment: float
    """The one monthly figure: the DMP payment, the client's budget, the token payments' total."""
    creditors: pd.DataFrame
    """One row per creditor in the plan (:data:`PLAN_COLUMNS`)."""
    schedule: PayoffPlan | None
    """Month by month (payments, interest, balances); for token and interim payments, until the review."""
    first_payment: date | None
    review: date | None
    interest: str
    """The interest assumption in words ("interest frozen on every debt")."""
    note: str
    """How the monthly payment was arrived at, in one sentence."""
    priority: pd.DataFrame
    """Priority debts paid directly outside a debt management plan: Creditor, Monthly payment."""

    @property
    def promises_dates(self) -> bool:
        """True when the plan can honestly give a debt-free month (never for token or interim payments)."""
        return (self.kind in (DMP, SELF, SETTLEMENT) and self.schedule is not None and self.schedule.cleared
                and self.first_payment is not None)

    @property
    def months(self) -> int | None:
        """Months until every debt in the plan is paid; None when no date can be promised."""
        return self.schedule.months if self.promises_dates else None

    @property
    def debt_free(self) -> date | None:
        """The month of the last payment; None when no date can be promised."""
        return self.schedule.date_of(self.schedule.months) if self.promises_dates else None


@dataclass(frozen=True)
class ClientCase:
    """A client's case, computed once by :func:`client_case`; every output renders it."""

    inputs: ClientInputs
    jurisdiction: Jurisdiction
    currency: str
    rate_basis: str
    settings: dict
    allocation: Allocation
    assessment: pd.DataFrame
    """Metric, Value, Flag; the last rows are the plan's monthly payment and the recommended route."""
    route: str
    reasons: tuple[str, ...]
    budget: pd.DataFrame
    """The SFS allocation: Item, Creditor, Type, Balance, Amount, Note."""
    plan: Plan
    offers: pd.DataFrame
    """What each creditor's letter says (:data:`OFFER_COLUMNS`); empty for a self-managed plan."""
    screening: Screening
    breathing_space: BreathingSpace
    consolidation: Consolidation | None
    comparison: pd.DataFrame
    """The plan beside its alternatives (:data:`debtdesk.comparison.COMPARISON_COLUMNS`)."""
    what_if: pd.DataFrame | None
    balances: pd.DataFrame
    """Month, then the total owed under each plan of the comparison that clears: the chart's data."""
    progress: Progress | None
    sentences: tuple[str, ...]
    """The client's summary in plain words."""

    @property
    def details(self) -> ClientDetails:
        """The client's details."""
        return self.inputs.details

    @property
    def firm(self) -> Firm:
        """The advice firm."""
        return self.inputs.firm

    def money(self, amount: float) -> str:
        """An amount in the case's currency ("£800.93")."""
        return money_text(amount, self.currency)


def client_case(inputs: ClientInputs) -> ClientCase:
    """Compute a client's case once from their inputs (see the module docstring).

    Raises
    ------
    DebtDeskError
        Bad input, named by table, row and expectation; nothing is half-computed.
    """
    d = inputs.details
    where = jurisdiction(d.country)
    code = _currency(d.currency) if d.currency else where.currency
    basis = _basis(d.rate_basis, "Rate basis") if d.rate_basis else where.rate_basis
    settings = _settings(inputs.settings)
    strategy = _strategy(d.strategy)
    a = allocate(inputs.income, inputs.expenses, inputs.debts, d.savings, d.fee)
    m = metrics(a, inputs.income, inputs.credit, inputs.guidelines, settings, code)
    debts = _debts_table(inputs.debts, a)
    others = debts[~debts["Priority"] & (debts["Balance"] > 0)]
    priority = debts[debts["Priority"] & (debts["Balance"] > 0)]
    bs = (breathing_space(d.breathing_space, d.breathing_space_start, d.as_of, where.name, d.breathing_space_end,
                          settings["breathing_space_days"]) if d.as_of is not None
          else breathing_space(None, None, date.min, where.name))
    first = _first_payment(d, bs)
    extras = _extra_payments(inputs.extra_payments, first)
    terms = concessions(others, FROZEN) if len(others) else concessions(pd.DataFrame({"Name": []}))
    rates = dict(zip(terms["Name"], terms["Plan APR"]))
    dmp = (dmp_plan(others, from_cents(a.for_non_priority), rates, start_date=first, rate_basis=basis,
                    extra_payments=extras) if len(others) and a.for_non_priority > 0 else None)
    own_budget, budget_note = _own_budget(d.monthly_budget, a, m.payments, code)
    owed = _payoff_table(debts) if len(debts) else None
    checked = _checked(owed)  # the client's own plan, the other strategies and the what-ifs plan these debts
    own, own_failed = (attempt(lambda: payoff(checked, own_budget, strategy, first, extras,
                                              rate_basis=basis)) if len(debts) and own_budget > 0 else (None, None))
    behind = [m.flags[k] for k in ("unaffordable", "arrears", "missed") if k in m.flags]
    if own is None and own_failed and not behind:
        behind.append(f"At {money_text(own_budget, code)} a month the debts never clear")
    stretched = tuple(m.flags[k] for k in ("consumer", "utilisation") if k in m.flags)
    merger = None
    if own is not None and not behind and stretched:
        merger = consolidate(owed, list(priority["Name"]), own_budget, strategy,
                             settings["consolidation_apr"], settings["consolidation_term"], basis, first, own)
    screening = screen(where.name, a.debts, from_cents(a.income - a.spending), d.assets, d.vehicle_value,
                       d.home_owner, settings, code)
    extra_reasons = ()
    if bs.active:
        extra_reasons += (bs.status(),)
    facts = Facts(has_debts=bool(len(debts[debts["Balance"] > 0])), priority_only=not len(others),
                  for_priority=a.for_priority, for_non_priority=a.for_non_priority,
                  non_priority_owed=sum_cents(others["Balance"]), surplus=a.for_priority - m.payments,
                  arrears=m.arrears, behind=tuple(behind), stretched=stretched,
                  dmp_months=dmp.months if dmp is not None and dmp.cleared else None,
                  dmp_assumption=assumption(terms) if len(terms) else "",
                  consolidation_saving=merger.saving if merger is not None else None,
                  lump_sum=number(d.lump_sum, "Lump sum available", minimum=0), currency=code, settings=settings,
                  extra=extra_reasons)
    route, reasons = recommend(facts)
    if route == "Refer for insolvency advice":
        reasons += (screening.summary,)
    plan = _plan(route, a, debts, others, priority, terms, dmp, own, own_budget, budget_note, first, extras,
                 settings, basis, code, d, strategy)
    offers = _offers(plan, others, terms, bs)
    assessment = pd.DataFrame(m.rows + [
        {"Metric": "Plan's monthly payment", "Value": plan.monthly_payment, "Flag": plan.note},
        {"Metric": "Recommended route", "Value": route, "Flag": "; ".join(reasons)}],
        columns=["Metric", "Value", "Flag"], dtype=object)
    clear = plan.creditors.loc[~plan.creditors["Priority"].astype(bool), "Payoff month"] if len(plan.creditors) else []
    goal = (int(max(clear)) if plan.promises_dates and len(clear) and not any(pd.isna(v) for v in clear) else None)
    budget = pd.DataFrame(allocation_rows(a) + goal_rows(a, goal, f"{plan.kind}: {plan.interest}" if goal else
                                                         f"{plan.kind}: no date can be given ({plan.note})",
                                                         settings["emergency_months"]), columns=BUDGET_COLUMNS)
    table, what, curves = _comparison(plan, others, checked, strategy, first, basis, extras, terms)
    done = _progress(plan, inputs.payments, d, bs)
    case = ClientCase(inputs, where, code, basis, settings, a, assessment, route, tuple(reasons), budget, plan,
                      offers, screening, bs, merger, table, what, curves, done, ())
    from debtdesk.explain import summary  # the sentences read the finished case

    return ClientCase(**{**case.__dict__, "sentences": tuple(summary(case))})


def _settings(given) -> dict:
    if isinstance(given, pd.DataFrame):
        return read_settings(given)
    return read_settings(None, given)


def _debts_table(raw, a: Allocation) -> pd.DataFrame:
    """The checked debts (:func:`debtdesk.budget.debt_list`) with the payoff and letter columns the
    raw table carries beside them, row for row."""
    owed = a.debts.reset_index(drop=True)
    if raw is None or not len(owed):
        return owed
    extra = select_columns(raw, ["Name"], ["Min %", "Promo APR", "Promo months", "Order", "Concession",
                                           "Concession rate", "Legal name", "Creditor address", "Account number"],
                           "debts").drop(columns="Name").reset_index(drop=True)
    return pd.concat([owed, extra], axis=1)


def _payoff_table(debts: pd.DataFrame) -> pd.DataFrame:
    """What :func:`debtdesk.payoff.payoff` plans: a priority debt's minimum is its offer (the
    arrears instalment agreed), a non-priority debt's its contractual minimum."""
    columns = [c for c in ("Min %", "Promo APR", "Promo months", "Order") if c in debts]
    table = debts[["Name", "Balance", "APR"] + columns].copy()
    table["Minimum"] = [offer if prio else minimum for prio, offer, minimum in
                        zip(debts["Priority"], debts["Offer"], debts["Minimum"])]
    return table


def _checked(table: pd.DataFrame | None):
    """``table`` checked once (:func:`debtdesk.payoff.prepare_debts`) for the several plans made of it; the table
    itself when it is refused, so that each plan made of it reports why, as before."""
    if table is None:
        return None
    debts, _ = attempt(lambda: prepare_debts(table))
    return table if debts is None else debts


def _first_payment(d: ClientDetails, bs: BreathingSpace) -> date | None:
    """Plan start (default: the first of the month after as-of), moved on by whole months past
    a breathing space in force on it; None while a mental health crisis breathing space with
    no end covers it. A breathing space that starts later pauses the plan's instalments instead."""
    if d.as_of is None and d.plan_start is None:
        return None
    start = d.plan_start or add_months(d.as_of.replace(day=1), 1)
    if bs.applies and bs.in_force(start):
        if bs.end is None:
            return None
        while start <= bs.end:
            start = add_months(start, 1)
    return start


def _extra_payments(table, first: date | None) -> dict[int, float]:
    """One-off extra payments ``{plan month: amount}`` from a table of Month (1 = the first
    payment) or Date, and Amount.

    >>> _extra_payments(pd.DataFrame({"Month": [3, None], "Date": [None, "2027-06-15"], "Amount": [500, 250]}),
    ...                 date(2026, 12, 1))
    {3: 500.0, 7: 250.0}
    """
    if table is None or not len(table):
        return {}
    frame = select_columns(table, ["Amount"], ["Month", "Date"], "Extra payments")
    out: dict[int, float] = {}
    for row, record in zip(data_rows(frame.index), records(frame)):
        amount = number(record["Amount"], "Extra payments", row, label="Amount", above=0)
        month, day = record.get("Month"), record.get("Date")
        if not is_blank(month):
            month = int(number(month, "Extra payments", row, label="Month", minimum=1, whole=True))
        elif not is_blank(day):
            if first is None:
                raise DebtDeskError("Extra payments", "Date needs a plan start to count months from "
                                    "(give the Month instead)", row)
            when = to_date(day, "Extra payments", row)
            month = (when.year - first.year) * 12 + when.month - first.month + 1
            if month < 1:
                raise DebtDeskError("Extra payments", f"Date {when.isoformat()} is before the plan's first payment "
                                    f"({first.isoformat()})", row)
        else:
            raise DebtDeskError("Extra payments", "needs a Month (1 = the first payment) or a Date", row)
        out[month] = round(out.get(month, 0.0) + amount, 2)
    return out


def _own_budget(typed: float | None, a: Allocation, payments: int, currency: str) -> tuple[float, str]:
    """The client's own monthly budget for a self-managed plan, and why it is that figure.

    The budget typed on the Client sheet is used when it is at least the contractual
    payments and no more than what the SFS budget leaves for debts; otherwise what the
    budget leaves (never more than the client has).
    """
    available = from_cents(max(a.for_priority, 0))
    if typed is None:
        return available, f"What the budget leaves for debts ({money_text(available, currency)})"
    typed = number(typed, "Monthly budget", above=0)
    if to_cents(typed) > a.for_priority:
        return available, (f"The typed budget of {money_text(typed, currency)} is more than the "
                           f"{money_text(available, currency)} the budget leaves for debts: the plan uses "
                           f"{money_text(available, currency)}")
    if to_cents(typed) < payments:
        return available, (f"The typed budget of {money_text(typed, currency)} is below the contractual payments of "
                           f"{money_text(from_cents(payments), currency)}: the plan uses the "
                           f"{money_text(available, currency)} the budget leaves for debts")
    if to_cents(typed) < a.for_priority:
        return typed, (f"Your budget of {money_text(typed, currency)}; the budget leaves "
                       f"{money_text(available, currency)} for debts, so "
                       f"{money_text(available - typed, currency)} a month is not in the plan")
    return typed, f"Your budget of {money_text(typed, currency)}, all the budget leaves for debts"


def _plan(route, a, debts, others, priority, terms, dmp, own, own_budget, budget_note, first, extras, settings,
          basis, code, d, strategy) -> Plan:
    """The plan the route implies."""
    money = (lambda x: money_text(x, code))
    priority_paid = pd.DataFrame({"Creditor": priority["Name"].tolist(), "Monthly payment": priority["Offer"].tolist()})
    if not len(debts[debts["Balance"] > 0]):
        return Plan(NO_PLAN, 0.0, _creditors(debts.iloc[:0], None, terms), None, first, None, "no debts",
                    "No debts recorded", priority_paid.iloc[:0])
    if route in ("Budget only", "Consolidation"):
        if own is None:
            return Plan(NO_PLAN, 0.0, _creditors(debts.iloc[:0], None, terms), None, first, None, "",
                        f"{budget_note}: no plan clears the debts at it", priority_paid.iloc[:0])
        review = _review(first, own.months, settings["review_months"])
        return Plan(SELF, own_budget, _creditors(debts, own, None), own, first, review,
                    "interest charged at each debt's contract rate", budget_note + f"; {EXPLAINED[strategy].lower()}",
                    priority_paid.iloc[:0])
    if route == "Debt management plan":
        review = _review(first, dmp.months, settings["review_months"])
        typed = ("" if d.monthly_budget is None else f" (the typed monthly budget of {money(d.monthly_budget)} is "
                 "not used: a debt management plan pays what the budget leaves)")
        return Plan(DMP, from_cents(a.for_non_priority), _creditors(others, dmp, terms), dmp, first, review,
                    assumption(terms), f"What the budget leaves for non-priority creditors, shared pro rata{typed}",
                    priority_paid)
    if route == "Settlement":
        lump = to_cents(d.lump_sum)
        shares = split_cents(min(lump, sum_cents(others["Balance"])), [float(b) for b in others["Balance"]])
        schedule = PayoffPlan(tuple(others["Name"]), "pro rata", first, tuple(to_cents(b) for b in others["Balance"]),
                              [list(shares)], [[0] * len(shares)], [[0] * len(shares)], tuple(1 for _ in shares))
        return Plan(SETTLEMENT, from_cents(sum(shares)), _creditors(others, schedule, terms, settled=True), schedule,
                    first, None, "offered in full and final settlement",
                    f"The lump sum of {money(d.lump_sum)}, shared pro rata", priority_paid)
    # Refer for insolvency advice: token payments in a deficit, else the pro-rata share until the review.
    review = _review(first, settings["token_review_months"], settings["token_review_months"])
    months = settings["token_review_months"]
    if not len(others):
        return Plan(NO_PLAN, 0.0, _creditors(others, None, terms), None, first, review, "",
                    "The budget does not cover the priority offers: see the next steps", priority_paid)
    if a.for_non_priority <= 0:
        token = to_cents(settings["token_payment"])
        schedule = _fixed_payments(others, [token] * len(others), first, months)
        return Plan(TOKEN, from_cents(token * len(others)), _creditors(others, schedule, terms), schedule, first,
                    review, "creditors asked to freeze interest and charges",
                    f"Token payments of {money(from_cents(token))} to each non-priority creditor: the budget leaves "
                    "nothing for them", priority_paid)
    shares = split_cents(a.for_non_priority, [float(b) for b in others["Balance"]])
    schedule = _fixed_payments(others, shares, first, months)
    return Plan(INTERIM, from_cents(a.for_non_priority), _creditors(others, schedule, terms), schedule, first, review,
                "creditors asked to freeze interest and charges",
                "What the budget leaves for non-priority creditors, shared pro rata while insolvency options are "
                "explored", priority_paid)


def _fixed_payments(others: pd.DataFrame, shares: list[int], first: date | None, months: int) -> PayoffPlan:
    """The same payment to each creditor every month until the review (interest assumed frozen)."""
    opening = [to_cents(b) for b in others["Balance"]]
    paid, balances, left = [], [], list(opening)
    for _ in range(int(months)):
        pay = [min(s, b) for s, b in zip(shares, left)]
        left = [b - p for b, p in zip(left, pay)]
        paid.append(pay)
        balances.append(left[:])
    return PayoffPlan(tuple(others["Name"]), "pro rata", first, tuple(opening), paid,
                      [[0] * len(opening) for _ in paid], balances,
                      tuple((m if b == 0 else None) for m, b in zip([int(months)] * len(opening), left)), cleared=False)


def _creditors(debts: pd.DataFrame, schedule: PayoffPlan | None, terms: pd.DataFrame | None,
               settled: bool = False) -> pd.DataFrame:
    """The plan's creditors table from its schedule (month 1's payment, payoff month and date, interest)."""
    if schedule is None or not len(debts):
        return pd.DataFrame(columns=PLAN_COLUMNS)
    summary = schedule.summary_columns
    at: dict = {}
    for k, name in enumerate(summary["Debt"]):
        at.setdefault(name, k)
    first = dict(zip(schedule.names, schedule.payments[0])) if schedule.payments else {}
    words = dict(zip(terms["Name"], terms["Interest assumption"])) if terms is not None else {}
    rates = dict(zip(terms["Name"], terms["Plan APR"])) if terms is not None else {}
    rows = []
    for debt in records(debts):
        name = debt["Name"]
        if name not in at:
            continue
        k = at[name]
        contract = f"interest charged at {debt['APR'] * 100:.1f}%" if debt["APR"] else "no interest charged"
        rows.append({"Creditor": name, "Type": debt["Type"], "Priority": bool(debt["Priority"]),
                     "Balance": float(debt["Balance"]),
                     "Interest assumption": ("settled in full and final settlement" if settled
                                             else words.get(name, contract)),
                     "Plan APR": rates.get(name, float(debt["APR"])),
                     "Monthly payment": from_cents(first.get(name, 0)),
                     "Payoff month": summary["Payoff month"][k] if schedule.cleared else None,
                     "Payoff date": summary["Payoff date"][k] if schedule.cleared else None,
                     "Interest": float(summary["Interest paid"][k]),
                     "Total paid": float(summary["Total paid"][k])})
    frame = pd.DataFrame(rows, columns=PLAN_COLUMNS)
    frame["Payoff month"] = frame["Payoff month"].astype(object)
    return frame


def _review(first: date | None, months: int, every: int) -> date | None:
    """The plan's review: after ``every`` months, or at its end when that is sooner."""
    if first is None:
        return None
    return add_months(first, max(1, min(int(months), int(every))) - 1)


def _offers(plan: Plan, others: pd.DataFrame, terms: pd.DataFrame, bs: BreathingSpace) -> pd.DataFrame:
    """What each creditor's letter says: the plan's payment to it, its share, months and assumption."""
    kind = LETTERS.get(plan.kind)
    if kind is None or not len(plan.creditors):
        return pd.DataFrame(columns=OFFER_COLUMNS)
    if bs.active:
        kind = "Holding"
    total = sum(plan.creditors["Balance"])
    concession = dict(zip(terms["Name"], terms["Concession"]))
    debts: dict = {}
    for debt in records(others):
        debts.setdefault(debt["Name"], debt)  # the first debt of a name, as a creditor's row is
    rows = []
    for creditor in records(plan.creditors):
        name = creditor["Creditor"]
        debt = debts[name]
        rows.append({"Creditor": name, "Legal name": cell_text(debt.get("Legal name"), name),
                     "Address": cell_text(debt.get("Creditor address"), ""),
                     "Account number": cell_text(debt.get("Account number"), ""),
                     "Type": creditor["Type"], "Balance": creditor["Balance"], "Offer": creditor["Monthly payment"],
                     "Share": creditor["Balance"] / total if total else 0.0,
                     "Interest assumption": creditor["Interest assumption"],
                     "Concession": concession.get(name, NONE), "Months to clear": creditor["Payoff month"],
                     "Payoff date": creditor["Payoff date"], "Letter": kind})
    frame = pd.DataFrame(rows, columns=OFFER_COLUMNS)
    frame["Months to clear"] = frame["Months to clear"].astype(object)
    return frame


def _comparison(plan: Plan, others, owed, strategy, first, basis, extras, terms):
    """The comparison table, the what-if table and the balance curves for the plan's kind; none for a
    plan that can promise no date (token or interim payments, a plan paused without an end). ``owed``: the
    debts a self-managed plan pays (:func:`_checked`)."""
    if not plan.promises_dates:
        return comparison({}), None, balance_curves({})
    if plan.kind == SELF:
        table, budget = owed, plan.monthly_payment
        plans = strategies(table, budget, first, basis, extras, computed={strategy: plan.schedule})
        plans = {strategy: plans.pop(strategy), **plans}
        what = what_if(lambda b: plan.schedule if b == budget else payoff(table, b, strategy, first, extras,
                                                                           rate_basis=basis), budget)
        return (comparison(plans, baseline="minimum"), what,
                balance_curves({label: p for label, (p, *_rest) in plans.items()}))
    if plan.kind == DMP:
        contract = {name: apr for name, apr in zip(others["Name"], others["APR"])}
        payment = plan.monthly_payment
        plans = {
            "Your debt management plan": (plan.schedule, None, payment, f"Shared pro rata, {plan.interest}"),
            "Same payment, no concessions": (*attempt(lambda: dmp_plan(others, payment, contract, start_date=first,
                                                                       rate_basis=basis, extra_payments=extras)),
                                             payment, "Shared pro rata, interest at the contract rates"),
            "Minimum payments only": minimum_payments(_payoff_table(others), first, basis),
        }
        what = what_if(lambda b: plan.schedule if b == payment else dmp_plan(
            others, b, dict(zip(terms["Name"], terms["Plan APR"])), start_date=first, rate_basis=basis,
            extra_payments=extras), payment)
        return (comparison(plans, baseline="Minimum payments only"), what,
                balance_curves({label: p for label, (p, *_rest) in plans.items()}))
    return comparison({}), None, balance_curves({})


def _progress(plan: Plan, payments, d: ClientDetails, bs: BreathingSpace) -> Progress | None:
    """Plan against the payments made, as of the Client sheet's "Payments as of" date."""
    if plan.schedule is None or plan.first_payment is None or not plan.schedule.payments:
        return None
    schedule = plan.schedule.payment_schedule
    planned = schedule[schedule["Total"] > 0]
    if not len(planned):
        return None
    paused = (bs.start, bs.end) if bs.applies else None
    result = progress(pd.DataFrame({"Due": planned["Date"], "Planned": planned["Total"]}), payments,
                      d.payments_as_of or d.as_of, paused=paused)
    return result if plan.promises_dates else replace(result, projected_end=None)
