"""The client's case in plain words: the sentences of the summary a client takes home.

Every figure comes from the one case (:mod:`debtdesk.case`): the plan's monthly payment,
its interest assumption and its debt-free month, or, in a deficit, what the deficit is
and what comes next (priority debts first, an income and benefits check, token payments,
insolvency options), with no date and no payment above the token amount.
"""

from __future__ import annotations

from debtdesk.wording import long_date, month_year, plural

#: What each route asks of the client, in a few words.
ADVICE = {
    "Budget only": "keep to your budget and pay your creditors yourself",
    "Consolidation": "keep to your budget; a consolidation loan could cut your interest",
    "Debt management plan": "a debt management plan",
    "Settlement": "offer your creditors full and final settlements",
    "Refer for insolvency advice": "talk to us about the formal ways of dealing with debt",
}


def summary(case) -> list[str]:
    """The summary's sentences for ``case`` (a :class:`debtdesk.case.ClientCase`).

    Examples
    --------
    >>> import pandas as pd
    >>> from datetime import date
    >>> from debtdesk.case import ClientDetails, ClientInputs, client_case
    >>> debts = pd.DataFrame({"Name": ["Visa"], "Type": ["Credit card"], "Balance": [900.0], "Minimum": [27.0]})
    >>> case = client_case(ClientInputs(ClientDetails(as_of=date(2026, 11, 1)), 1200, 1250, debts))
    >>> summary(case)[:2]  # doctest: +NORMALIZE_WHITESPACE
    ['Our advice: talk to us about the formal ways of dealing with debt.',
     'Your budget is £50.00 a month short: your essential spending is more than your income.']
    """
    from debtdesk.case import DMP, INTERIM, NO_PLAN, SELF, SETTLEMENT, TOKEN

    plan, money = case.plan, case.money
    lines = [f"Our advice: {ADVICE[case.route]}."]
    lines += _breathing_space(case)
    if plan.kind == DMP:
        lines += _dmp(case)
    elif plan.kind == SELF:
        lines += _own(case)
    elif plan.kind in (TOKEN, INTERIM, NO_PLAN) and case.route == "Refer for insolvency advice":
        lines += _next_steps(case)
    elif plan.kind == SETTLEMENT:
        n = len(plan.creditors)
        lines.append(f"Offer your {plural(n, 'non-priority creditor')} {money(plan.monthly_payment)} in full and final "
                     "settlement, shared in proportion to what you owe each.")
        if plan.debt_free:
            lines.append(f"If they all accept, these debts will be settled in {month_year(plan.debt_free)}.")
        if case.currency == "USD":
            lines.append("A debt written off by $600 or more may be reported to the IRS on Form 1099-C.")
    else:
        lines.append(plan.note + ".")
    if plan.review and plan.kind in (DMP, SELF):
        lines.append(f"We will review your plan by {long_date(plan.review)}, or sooner if your circumstances change.")
    return lines


def _breathing_space(case) -> list[str]:
    bs, plan = case.breathing_space, case.plan
    if not bs.active:
        return []
    if bs.end is None:
        return [f"You are in a mental health crisis breathing space from {long_date(bs.start)}: your creditors must "
                "not contact you or take action, and interest and charges are frozen, while your crisis treatment "
                "lasts and for 30 days after it ends. No payment to these creditors is due until then; we will set "
                "the dates of your plan when it ends."]
    start = f" Your plan's payments start on {long_date(plan.first_payment)}." if plan.first_payment else ""
    return [f"You are in a breathing space until {long_date(bs.end)}: your creditors must not contact you or take "
            "action, and interest and charges are frozen. Keep paying your rent or mortgage, council tax and "
            f"household bills.{start}"]


def _dmp(case) -> list[str]:
    plan, money = case.plan, case.money
    n = len(plan.creditors)
    lines = [f"Your debt management plan: {money(plan.monthly_payment)} a month, shared between your "
             f"{plural(n, 'non-priority creditor')} in proportion to what you owe each, with {plan.interest}."]
    if plan.debt_free:
        lines.append(f"If your creditors agree, you will be debt-free in {plural(plan.months, 'month')}, by "
                     f"{month_year(plan.debt_free)}. Your first payment is due on {long_date(plan.first_payment)}.")
    if len(plan.priority):
        paid = ", ".join(f"{c} {money(p)} a month" for c, p in zip(plan.priority["Creditor"],
                                                                    plan.priority["Monthly payment"]))
        lines.append(f"Keep paying your priority debts directly: {paid}.")
    lines += _against_others(case, "Same payment, no concessions", "Without these concessions the same payment")
    lines += _what_if(case)
    return lines


def _own(case) -> list[str]:
    plan, money = case.plan, case.money
    how = plan.note.rsplit("; ", 1)[-1]
    lines = []
    if plan.debt_free:
        lines.append(f"Paying {money(plan.monthly_payment)} a month ({how}), you will be debt-free in "
                     f"{plural(plan.months, 'month')}, by {month_year(plan.debt_free)}.")
        lines.append(f"Over the plan you will pay {money(plan.schedule.total_interest)} in interest, "
                     f"with {plan.interest}.")
    if "typed" in plan.note or "not in the plan" in plan.note:
        lines.append(plan.note.rsplit("; ", 1)[0] + ".")
    lines += _against_others(case, None, None)
    lines += _what_if(case)
    if case.route == "Consolidation" and case.consolidation is not None:
        c = case.consolidation
        lines.append(f"A consolidation loan of {money(c.loan_amount)} at {c.loan_apr:.1%} over "
                     f"{plural(c.loan_term, 'month')} would cost {money(c.loan_payment)} a month and save "
                     f"{money(c.saving)} in interest at the same budget: ask for a real quotation, and close the "
                     "cards it pays off.")
    return lines


def _against_others(case, label: str | None, words: str | None) -> list[str]:
    """Sentences comparing the plan with another row of the comparison, and with minimum payments."""
    table, money, lines = case.comparison.set_index("Plan"), case.money, []
    if label in table.index:
        row = table.loc[label]
        if row["Months"] is not None and row["Months"] == row["Months"]:
            lines.append(f"{words} would take {plural(int(row['Months']), 'month')} and cost "
                         f"{money(row['Total interest'])} in interest.")
        else:
            lines.append(f"{words} would never clear these debts.")
    minimum = next((p for p in table.index if p in ("minimum", "Minimum payments only")), None)
    if minimum is not None:
        row = table.loc[minimum]
        if row["Months"] is not None and row["Months"] == row["Months"]:
            saved = case.plan.schedule.total_interest
            lines.append(f"Paying only the minimums would take {plural(int(row['Months']), 'month')} and cost "
                         f"{money(row['Total interest'])} in interest: this plan saves you "
                         f"{money(round(row['Total interest'] - saved, 2))}.")
        else:
            lines.append("Paying only the minimums would never clear these debts.")
    return lines


def _what_if(case) -> list[str]:
    what = case.what_if
    if what is None or len(what) < 3 or what["Months"].iloc[2] is None or what["Months"].iloc[0] is None:
        return []
    more = what.iloc[2]
    sooner = int(what["Months"].iloc[0]) - int(more["Months"])
    when = f"{plural(sooner, 'month')} sooner" if sooner else "in the same time"
    saving = (f" and save a further {case.money(more['Interest saved'])} in interest"
              if more["Interest saved"] else "")
    return [f"Paying {case.money(more['Pay extra'])} more a month would clear them {when}{saving}."]


def _next_steps(case) -> list[str]:
    """A deficit or no money for non-priority creditors: what the shortfall is and what comes next."""
    from debtdesk.case import INTERIM

    a, plan, money = case.allocation, case.plan, case.money
    lines = []
    if a.for_priority < 0:
        lines.append(f"Your budget is {money(-a.for_priority / 100)} a month short: your essential spending is more "
                     "than your income.")
    elif plan.kind == INTERIM:
        lines.append(f"Your budget leaves {money(plan.monthly_payment)} a month for your non-priority creditors, but "
                     f"at that rate clearing {money(sum(plan.creditors['Balance']))} would take longer than "
                     f"{plural(case.settings['plan_months'], 'month')}.")
    else:
        lines.append("After your essential spending and priority payments nothing is left for your other creditors.")
    return lines + ["What comes next:"] + [f"{i}. {step}" for i, step in enumerate(next_steps(case), start=1)]


def next_steps(case) -> list[str]:
    """What comes next when no plan can clear the debts (a deficit, or too little for the
    non-priority creditors), step by step: priority debts first, an income and benefits check,
    token or interim payments until the review, the formal options.

    >>> import pandas as pd
    >>> from datetime import date
    >>> from debtdesk.case import ClientDetails, ClientInputs, client_case
    >>> debts = pd.DataFrame({"Name": ["Visa"], "Type": ["Credit card"], "Balance": [900.0], "Minimum": [27.0]})
    >>> next_steps(client_case(ClientInputs(ClientDetails(as_of=date(2026, 11, 1)), 1200, 1250, debts)))[0]
    'Pay your rent or mortgage, council tax and energy first: they can cost you your home or your supply.'
    """
    from debtdesk.case import INTERIM

    plan, money = case.plan, case.money
    lines = []
    priority = case.allocation.priority
    if len(priority):
        lines.append("Keep paying your priority debts first (" + ", ".join(priority["Name"]) + "): they can cost "
                     "you your home, your energy supply or your liberty.")
    else:
        lines.append("Pay your rent or mortgage, council tax and energy first: they can cost you your home or "
                     "your supply.")
    lines.append("Check your income and benefits: we will help you claim everything you are entitled to and "
                 "look again at your spending.")
    n = len(plan.creditors)
    if plan.kind == INTERIM:
        lines.append(f"Meanwhile offer {money(plan.monthly_payment)} a month, shared between your "
                     f"{plural(n, 'non-priority creditor')}, until we review your situation by "
                     f"{long_date(plan.review) if plan.review else 'your next appointment'}.")
    elif n:
        lines.append(f"We will offer each of your {plural(n, 'non-priority creditor')} a token "
                     f"{money(case.settings['token_payment'])} a month and ask them to freeze interest and charges "
                     f"while we review your situation by "
                     f"{long_date(plan.review) if plan.review else 'your next appointment'}.")
    lines.append(f"The formal options: {_formal(case)}.")
    return lines


def _formal(case) -> str:
    """The formal ways of dealing with debt, as they stand for this client, in a client's words."""
    eligible, where = case.screening.eligible, case.jurisdiction
    if not where.uk:
        return "we will explain them, bankruptcy included (it needs a session with an approved credit counseling " \
               "agency first)"
    if where.name == "Scotland":
        return "we will explain the Scottish ones, such as the Debt Arrangement Scheme and bankruptcy"
    if eligible:
        return ("you may be able to get a Debt Relief Order, which can write off these debts after a year; we will "
                "check the rest with you")
    if eligible is False:
        return "a Debt Relief Order does not fit your situation; we will explain the others with you"
    return "we will check with you whether a Debt Relief Order or another of them could help"
