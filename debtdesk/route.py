"""The recommended route and the reasons for it, decided on figures a case has worked out once.

The rules, in order (thresholds are the case's settings, :mod:`debtdesk.thresholds`):

1. **Budget only** when there are no debts.
2. **Refer for insolvency advice** when the budget is in deficit (income does not cover
   essential spending, savings and fee) or nothing is left for non-priority creditors
   after the priority offers: priority debts first, an income and benefits check, token
   payments to the non-priority creditors, and the insolvency options.
3. **Budget only** when every debt is a priority debt and the budget covers the priority
   offers: each priority creditor is paid its offer directly; a debt management plan
   covers non-priority debts only (insolvency advice when the offers are not covered).
4. When the contractual payments are affordable and nothing is behind: **Consolidation**
   only if a loan could change what is stretched (the consumer DTI on take-home pay or
   card utilisation over its threshold; housing costs it cannot change) *and* the loan,
   at the assumed APR, saves at least the set minimum in interest at the client's budget;
   otherwise **Budget only**.
5. When payments are affordable but something is behind: **Budget only** if the surplus
   after the contractual payments clears the arrears within the set months (no debt
   management plan for a client with a large surplus and one small arrear).
6. Otherwise a **Debt management plan** when the amount available for non-priority
   creditors clears them, under each debt's concession, within the longest plan set.
7. **Settlement** when a plan would take longer but the lump sum covers the set share of
   the non-priority debts.
8. **Refer for insolvency advice** otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from debtdesk.wording import money_text, plural

ROUTES = ("Budget only", "Consolidation", "Debt management plan", "Settlement", "Refer for insolvency advice")


@dataclass(frozen=True)
class Facts:
    """What a route is decided on (money in cents)."""

    has_debts: bool
    priority_only: bool
    for_priority: int
    """Available for debts: income − outgoings − savings − fee (negative: deficit)."""
    for_non_priority: int
    non_priority_owed: int
    surplus: int
    """Available for debts − contractual payments (negative: the payments are unaffordable)."""
    arrears: int
    behind: tuple[str, ...]
    """Sentences saying what is behind: unaffordable payments, arrears, missed payments."""
    stretched: tuple[str, ...]
    """Sentences for what a loan could change: consumer DTI, utilisation over threshold."""
    dmp_months: int | None
    """Months the debt management plan takes; None when it never clears."""
    dmp_assumption: str
    consolidation_saving: float | None
    lump_sum: float
    currency: str
    settings: dict = field(default_factory=dict)
    extra: tuple[str, ...] = ()
    """Sentences added to the reasons whatever the route (breathing space, DRO screen)."""


def recommend(f: Facts) -> tuple[str, tuple[str, ...]]:
    """The route and the reasons a senior adviser would sign.

    Examples
    --------
    A large surplus and one small arrear: no debt management plan.

    >>> f = Facts(True, False, 300000, 300000, 500000, 250000, 6000, ("Arrears on Store card",), (), 7, "interest "
    ...           "frozen", None, 0.0, "GBP", {"arrears_months": 6, "plan_months": 60})
    >>> recommend(f)[0], recommend(f)[1][-1]
    ('Budget only', 'the surplus of £2,500.00 a month clears the arrears of £60.00 in 1 month: pay them off, no debt management plan is needed')
    """
    s, money = f.settings, (lambda cents: money_text(cents / 100, f.currency))
    if not f.has_debts:
        return "Budget only", ("No debts recorded: keep to the budget",) + f.extra
    if f.for_priority < 0:
        return "Refer for insolvency advice", (
            f"Deficit budget: essential spending, savings and fee are {money(-f.for_priority)} a month more than "
            "income", "pay priority debts first, check income and benefits, and offer the non-priority creditors "
            f"token payments of {money_text(s.get('token_payment', 1.0), f.currency)} a month while the options "
            "are explored") + f.extra
    if f.for_non_priority <= 0 and not f.priority_only:
        return "Refer for insolvency advice", (
            "Nothing is left for non-priority creditors after essential spending and the priority offers",
            "keep paying the priority offers and offer the non-priority creditors token payments of "
            f"{money_text(s.get('token_payment', 1.0), f.currency)} a month while the options are explored") + f.extra
    if f.priority_only and f.for_non_priority < 0:
        return "Refer for insolvency advice", (
            f"The priority offers are {money(-f.for_non_priority)} a month more than the budget leaves for debts",
            "check income and benefits and ask each priority creditor for a smaller arrangement") + f.extra
    if f.priority_only:
        return "Budget only", ("Only priority debts: pay each priority creditor its offer directly (a debt "
                               "management plan covers non-priority debts only)",) + f.extra
    if not f.behind:
        if f.stretched and f.consolidation_saving is not None \
                and f.consolidation_saving >= s.get("consolidation_saving", 0):
            return "Consolidation", ("Payments are affordable and up to date",) + f.stretched + (
                f"one loan at the assumed {s.get('consolidation_apr', 0):.1%} APR would save "
                f"{money_text(f.consolidation_saving, f.currency)} in interest at the same monthly budget "
                "(get a real quotation first)",) + f.extra
        reasons = ("Every debt payment is affordable and up to date",)
        if f.stretched:
            saving = ("no saving" if f.consolidation_saving is None or f.consolidation_saving <= 0 else
                      f"only {money_text(f.consolidation_saving, f.currency)}")
            reasons += f.stretched + (f"a consolidation loan would save {saving} in interest: keep to the budget",)
        else:
            reasons += ("the ratios a loan could change are within their thresholds",)
        return "Budget only", reasons + f.extra
    if f.surplus > 0:
        months = -(-f.arrears // f.surplus) if f.arrears else 0
        if months <= s.get("arrears_months", 0):
            clear = (f"the surplus of {money(f.surplus)} a month clears the arrears of {money(f.arrears)} in "
                     f"{plural(months, 'month')}: pay them off, no debt management plan is needed" if f.arrears else
                     f"the surplus of {money(f.surplus)} a month covers every contractual payment: keep them up")
            return "Budget only", ("Contractual payments are affordable",) + f.behind + (clear,) + f.extra
    plan_months = s.get("plan_months", 60)
    if f.dmp_months is not None:
        dmp = (f"{money(f.for_non_priority)} a month clears the non-priority debts of {money(f.non_priority_owed)} in "
               f"{plural(f.dmp_months, 'month')} with {f.dmp_assumption}")
        if f.dmp_months <= plan_months:
            return "Debt management plan", f.behind + (dmp,) + f.extra
        dmp += f", longer than {plural(plan_months, 'month')}"
    else:
        dmp = (f"{money(f.for_non_priority)} a month never clears the non-priority debts of "
               f"{money(f.non_priority_owed)} with {f.dmp_assumption}")
    owed = f.non_priority_owed / 100
    if owed and f.lump_sum >= s.get("settlement_share", 0.5) * owed:
        lump = (f"a lump sum of {money_text(f.lump_sum, f.currency)} is {f.lump_sum / owed:.0%} of the "
                "non-priority debts: offer full and final settlements")
        return "Settlement", f.behind + (dmp, lump) + f.extra
    return "Refer for insolvency advice", f.behind + (dmp,) + f.extra
