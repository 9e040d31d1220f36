"""The one page a client takes home: their case in plain words, on one sheet of paper.

:func:`client_page` reads the client's case (:mod:`debtdesk.case`) and says, in the words
of the workbook's country and with its currency: the headline (the debt-free month, or in a
deficit what the shortfall is), the plan at a glance, what happens next, why the priority
debts come first, which line of the plan chart to draw against paying only the minimums, and
where to get free advice. It tells only this case: no other strategy, no engine names.
The Summary sheet (:mod:`debtdesk.macros.strategies`) lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from debtdesk.explain import ADVICE, next_steps
from debtdesk.rows import records
from debtdesk.wording import long_date, month_year, plural

#: Columns of the page's tables.
GLANCE_COLUMNS = ["Your plan", "At a glance"]
PRIORITY_COLUMNS = ["Priority debt", "Pay these first"]
HELP_COLUMNS = ["Free, confidential advice", "Phone and website"]

#: Why each priority debt type comes first, in a few plain words (UK, then US where it differs).
WHY_FIRST = {
    "Mortgage": "You could lose your home.",
    "Rent": "You could be evicted from your home.",
    "Secured loan": "It is secured on your home: you could lose it.",
    "Council tax": "The council can take it from your wages or benefits, or send enforcement agents.",
    "Energy (gas or electricity)": "Your supplier can fit a prepayment meter or cut off your supply.",
    "Water (Scotland)": "It is collected with council tax: wages or benefits can be taken.",
    "Magistrates' court fine": "Unpaid fines can end in enforcement agents or prison.",
    "Child maintenance": "It can be taken from your wages or bank account.",
    "Income tax": "The tax office can take it from your wages or bank account.",
    "VAT": "The tax office can take it from your bank account or send enforcement agents.",
    "National Insurance": "The tax office can take it from your wages or bank account.",
    "TV licence": "Watching live TV without a licence is a criminal offence.",
    "Hire purchase (essential goods)": "The goods you need (often a car) can be taken back.",
    "Conditional sale (essential goods)": "The goods you need (often a car) can be taken back.",
    "Auto loan": "Your car can be repossessed.",
    "Property tax": "Unpaid property tax becomes a lien on your home.",
}

#: Free debt advice across the UK, and by country: (name, phone, website).
_UK_WIDE = (("MoneyHelper (government-backed)", "0800 138 7777", "moneyhelper.org.uk"),
            ("StepChange Debt Charity", "0800 138 1111", "stepchange.org"))
_DEBTLINE = ("National Debtline", "0808 808 4000", "nationaldebtline.org")  # England, Wales and Scotland
FREE_ADVICE = {
    "UK": _UK_WIDE + (_DEBTLINE, ("Citizens Advice", "your local office", "citizensadvice.org.uk")),
    "Scotland": _UK_WIDE + (_DEBTLINE, ("Citizens Advice Scotland", "your local office", "cas.org.uk")),
    "Northern Ireland": _UK_WIDE + (("Advice NI", "your local adviser", "adviceni.net"),),
    "US": (("Non-profit credit counseling (NFCC)", "1-800-388-2227", "nfcc.org"),
           ("Consumer Financial Protection Bureau", "(855) 411-2372", "consumerfinance.gov"),
           ("Agencies approved by the U.S. Trustee", "", "justice.gov/ust")),
}


@dataclass(frozen=True)
class ClientPage:
    """What the client's one page says (every amount and date already written for people)."""

    headline: str
    glance: pd.DataFrame
    """:data:`GLANCE_COLUMNS`: the plan's figures, one per row."""
    steps: tuple[str, ...]
    """What happens next, one step each, in order."""
    priority: pd.DataFrame
    """:data:`PRIORITY_COLUMNS`: each priority debt and why it comes first (empty when none)."""
    help: pd.DataFrame
    """:data:`HELP_COLUMNS`: where to get free advice in the client's country."""
    promises_date: bool
    """True when the page gives a debt-free month (never in a deficit)."""


def client_page(case) -> ClientPage:
    """The client's page for ``case`` (a :class:`debtdesk.case.ClientCase`).

    Examples
    --------
    >>> from datetime import date
    >>> from debtdesk.case import ClientDetails, ClientInputs, client_case
    >>> debts = pd.DataFrame({"Name": ["Visa", "Loan", "Council tax"],
    ...                       "Type": ["Credit card", "Personal loan", "Council tax"],
    ...                       "Balance": [4200.0, 6800.0, 420.0], "APR": [0.249, 0.089, 0.0],
    ...                       "Minimum": [126.0, 215.0, 35.0], "Arrears": [252.0, 0.0, 420.0]})
    >>> details = ClientDetails(as_of=date(2026, 11, 1), name="Joanne Whitfield")
    >>> page = client_page(client_case(ClientInputs(details, income=2300, expenses=1950, debts=debts)))
    >>> page.headline
    'Joanne Whitfield: debt-free by October 2029'
    >>> page.glance.iloc[1].tolist()
    ['Debt-free by', 'October 2029, in 35 months, if your creditors agree']
    >>> page.priority.iloc[0].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['Council tax', 'You owe £420.00; pay £35.00 a month. The council can take it from your wages or benefits,
     or send enforcement agents.']

    In a deficit the page says what the shortfall is and what comes next, never a date.

    >>> short = client_page(client_case(ClientInputs(details, income=1900, expenses=1950, debts=debts)))
    >>> short.headline, short.promises_date
    ('Joanne Whitfield: your budget is £50.00 a month short', False)
    """
    d, plan, money, a = case.details, case.plan, case.money, case.allocation
    name = d.name or d.label or "Your debt plan"
    dated = plan.debt_free is not None
    if dated:
        headline = f"{name}: debt-free by {month_year(plan.debt_free)}"
    elif a.for_priority < 0:
        headline = f"{name}: your budget is {money(-a.for_priority / 100)} a month short"
    elif a.for_non_priority < 0:
        headline = f"{name}: your budget is {money(-a.for_non_priority / 100)} a month short of your priority debts"
    elif case.breathing_space.active and case.breathing_space.end is None:
        headline = f"{name}: you are protected by a breathing space"
    else:
        headline = f"{name}: what comes next"
    return ClientPage(headline, _glance(case), _steps(case), _priority(case), _help(case), dated)


def _glance(case) -> pd.DataFrame:
    from debtdesk.case import DMP, INTERIM, SELF, SETTLEMENT, TOKEN

    plan, money, firm = case.plan, case.money, case.firm
    owed = case.allocation.debts
    owed = owed[owed["Balance"] > 0]
    rows = [("Our advice", ADVICE[case.route][0].upper() + ADVICE[case.route][1:])]
    if plan.debt_free is not None:
        agree = ", if your creditors agree" if case.offers is not None and len(case.offers) else ""
        rows.append(("Debt-free by", f"{month_year(plan.debt_free)}, in {plural(plan.months, 'month')}{agree}"))
        rows.append(("You pay each month", f"{money(plan.monthly_payment)} from {long_date(plan.first_payment)}"))
    else:
        a = case.allocation
        if a.for_priority < 0:
            rows.append(("Your budget each month", f"{money(-a.for_priority / 100)} short: your essential spending "
                                                   "is more than your income"))
        elif a.for_non_priority < 0:
            rows.append(("Your budget each month", f"{money(-a.for_non_priority / 100)} short of your priority "
                                                   "debts' payments"))
        if plan.kind in (DMP, SELF, SETTLEMENT):  # a plan whose dates wait for a crisis breathing space to end
            rows.append(("You will pay", f"{money(plan.monthly_payment)} a month once the breathing space ends"))
        elif plan.kind == INTERIM:
            rows.append(("Left for your other creditors", f"{money(plan.monthly_payment)} a month, not enough to "
                                                          "clear them in a reasonable time"))
        elif plan.kind == TOKEN:
            rows.append(("Your other creditors", f"a token {money(case.settings['token_payment'])} a month each, "
                                                 "interest frozen if they agree"))
        else:
            rows.append(("Left for your other creditors", "nothing yet"))
    rows.append(("You owe now", f"{money(sum(owed['Balance']))} to {plural(len(owed), 'creditor')}"))
    if plan.debt_free is not None and plan.schedule is not None:
        rows.append(("Interest over the plan", money(plan.schedule.total_interest)))
        rows += _against_minimums(case)
    if case.breathing_space.active:
        bs = case.breathing_space
        rows.append(("Breathing space", ("while your crisis treatment lasts, and 30 days after" if bs.end is None else
                                         f"until {long_date(bs.end)}") + ": creditors must not contact you or act"))
    if plan.review:
        rows.append(("Next review", f"by {long_date(plan.review)}, or sooner if things change"))
    adviser = ", ".join(p for p in (firm.caseworker, firm.name, firm.phone) if p)
    if adviser:
        rows.append(("Your adviser", adviser))
    return pd.DataFrame(rows, columns=GLANCE_COLUMNS)


def _against_minimums(case) -> list[tuple[str, str]]:
    """The plan beside paying only the minimums: time and interest saved (or that they never clear)."""
    table = case.comparison.set_index("Plan") if len(case.comparison) else None
    label = next((p for p in table.index if p in ("minimum", "Minimum payments only")), None) \
        if table is not None else None
    if label is None:
        return []
    row = table.loc[label]
    if row["Months"] is None or row["Months"] != row["Months"]:
        return [("Paying only the minimums", "would never clear these debts")]
    sooner = int(row["Months"]) - case.plan.months
    saved = round(row["Total interest"] - case.plan.schedule.total_interest, 2)
    return [("Against paying only the minimums",
             f"{plural(sooner, 'month')} sooner and {case.money(saved)} less interest" if sooner > 0 else
             f"{case.money(saved)} less interest")]


def _steps(case) -> tuple[str, ...]:
    """What happens next, step by step: the plan's steps, or in a deficit the next steps of the summary."""
    from debtdesk.case import DMP, SELF, SETTLEMENT

    plan, money = case.plan, case.money
    if plan.kind not in (DMP, SELF, SETTLEMENT):
        return tuple(next_steps(case))
    steps = []
    if plan.debt_free is None:  # a mental health crisis breathing space: the plan waits for it to end
        steps.append("While the breathing space lasts, your creditors must not contact you or take action, and "
                     "interest and charges are frozen: leave them to us.")
        if len(plan.priority):
            steps.append("Keep paying your priority debts yourself: " + ", ".join(
                f"{c} {money(p)}" for c, p in zip(plan.priority["Creditor"], plan.priority["Monthly payment"])) + ".")
        steps.append(f"When it ends we set up your plan of {money(plan.monthly_payment)} a month and tell you "
                     "its dates. Tell us if your income or spending changes meanwhile.")
        return tuple(steps)
    n = len(case.offers)
    if plan.kind == DMP:
        steps.append(f"We send each of your {plural(n, 'non-priority creditor')} your offer and ask them to agree "
                     "the plan and freeze or cut their interest. If a creditor contacts you, refer them to us.")
        steps.append(f"Set up your payment of {money(plan.monthly_payment)} a month, starting on "
                     f"{long_date(plan.first_payment)}.")
    elif plan.kind == SETTLEMENT:
        steps.append(f"We offer your {plural(n, 'non-priority creditor')} {money(plan.monthly_payment)} in full and "
                     "final settlement; pay nothing until each has agreed in writing.")
    else:
        how = plan.note.rsplit("; ", 1)[-1]
        steps.append(f"Pay {money(plan.monthly_payment)} a month from {long_date(plan.first_payment)}: "
                     f"every minimum, and the rest {how}.")
        if case.route == "Consolidation" and case.consolidation is not None:
            c = case.consolidation
            steps.append(f"Ask for a real quotation for a consolidation loan of {money(c.loan_amount)}: at "
                         f"{c.loan_apr:.1%} it would save {money(c.saving)} in interest. Close the cards it pays off.")
    if len(plan.priority):
        paid = ", ".join(f"{c} {money(p)}" for c, p in zip(plan.priority["Creditor"], plan.priority["Monthly payment"]))
        steps.append(f"Keep paying your priority debts yourself every month: {paid}.")
    steps.append("Take on no new credit, and tell us at once if your income or spending changes"
                 + (f"; we review your plan by {long_date(plan.review)}." if plan.review else "."))
    return tuple(steps)


def _priority(case) -> pd.DataFrame:
    money, us = case.money, not case.jurisdiction.uk
    rows = []
    for debt in records(case.allocation.priority):
        if debt["Balance"] <= 0:
            continue
        why = WHY_FIRST.get(debt["Type"], "Not paying it can cost you your home, your liberty or an essential service.")
        if us and debt["Type"] == "Income tax":
            why = "The IRS or your state can levy your wages or bank account."
        rows.append((debt["Name"], f"You owe {money(debt['Balance'])}; pay {money(debt['Offer'])} a month. {why}"))
    return pd.DataFrame(rows, columns=PRIORITY_COLUMNS)


def _help(case) -> pd.DataFrame:
    where = case.jurisdiction
    key = "US" if not where.uk else where.name if where.name in FREE_ADVICE else "UK"
    return pd.DataFrame([(who, " · ".join(p for p in (phone, site) if p)) for who, phone, site in FREE_ADVICE[key]],
                        columns=HELP_COLUMNS)
