"""A debt management plan month by month: one payment shared pro rata, a concession per debt.

The client pays one amount a month (the Standard Financial Statement's "available for
non-priority debts"); it is shared between the creditors in proportion to what each was
owed when the plan began, cent-exact by largest remainder (:func:`debtdesk.money.split_cents`),
so month 1's shares are exactly the offers the budget and the letters make. Each debt's
interest follows its **concession** (a Debts column): ``Interest frozen`` (0 %, what a
plan asks for and the default), ``Reduced rate`` (the ``Concession rate`` column's APR)
or ``None`` (the contractual APR), charged half-up to the cent on the case's rate basis
(:mod:`debtdesk.rates`). When a creditor is paid off, its share goes to the others in the
same proportions, so the whole payment keeps working until the last debt is cleared: as
a plan provider redistributes at each creditor's payoff.
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd

from debtdesk.columns import select_columns
from debtdesk.errors import DebtDeskError
from debtdesk.money import to_cents
from debtdesk.payoff import MAX_MONTHS, PayoffPlan, _extras, _month_rate, _ratio
from debtdesk.rows import records
from debtdesk.values import data_rows, is_blank, match_key, number

FROZEN, REDUCED, NONE = "Interest frozen", "Reduced rate", "None"
#: Concessions a Debts row may record, as the client workbook's dropdown offers them.
CONCESSIONS = (FROZEN, REDUCED, NONE)
_ALIASES = {"interestfrozen": FROZEN, "frozen": FROZEN, "freeze": FROZEN, "freezeinterest": FROZEN,
            "reducedrate": REDUCED, "reduced": REDUCED, "reducedinterest": REDUCED, "ratereduced": REDUCED,
            "none": NONE, "no": NONE, "noconcession": NONE, "interestcharged": NONE, "contractual": NONE}
CONCESSION_COLUMNS = ["Name", "Concession", "Plan APR", "Interest assumption"]


def concessions(debts: pd.DataFrame, default: str = FROZEN) -> pd.DataFrame:
    """Each debt's concession, the APR the plan charges, and the assumption in words.

    Parameters
    ----------
    debts : DataFrame
        Name, APR and optionally ``Concession`` (Interest frozen, Reduced rate or None;
        empty takes ``default``) and ``Concession rate`` (the reduced APR as a fraction).
    default : str
        The concession assumed for an empty cell.

    Returns
    -------
    DataFrame
        Name, Concession, Plan APR, Interest assumption.

    Examples
    --------
    >>> t = pd.DataFrame({"Name": ["Visa", "Loan", "Store"], "APR": [0.249, 0.089, 0.299],
    ...                   "Concession": [None, "reduced rate", "none"], "Concession rate": [None, 0.05, None]})
    >>> concessions(t).values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['Visa', 'Interest frozen', 0.0, 'interest frozen'],
     ['Loan', 'Reduced rate', 0.05, 'interest reduced to 5.0%'],
     ['Store', 'None', 0.299, 'interest charged at 29.9% (no concession)']]
    """
    frame = select_columns(debts, ["Name"], ["APR", "Concession", "Concession rate"], "debts")
    rows = []
    for row, record in zip(data_rows(frame.index), records(frame)):
        apr = number(record.get("APR"), "debts", row, label="APR", minimum=0, maximum=10.0, blank=0.0)
        rate = record.get("Concession rate")
        rate = None if is_blank(rate) else number(rate, "debts", row, label="Concession rate", minimum=0,
                                                   maximum=10.0, hint="(rates are fractions: 5% is 0.05)")
        typed = record.get("Concession")
        kind = (REDUCED if rate is not None else default) if is_blank(typed) else _ALIASES.get(match_key(typed))
        if kind is None:
            raise DebtDeskError("debts", f"Concession {str(typed).strip()!r} is not one of {', '.join(CONCESSIONS)}", row)
        if kind == REDUCED and rate is None:
            raise DebtDeskError("debts", "Concession 'Reduced rate' needs the reduced APR in Concession rate", row)
        if kind != REDUCED and rate not in (None, 0.0 if kind == FROZEN else None):
            raise DebtDeskError("debts", f"Concession rate {rate:g} is given but the Concession is {kind!r} "
                                "(choose 'Reduced rate' or clear the rate)", row)
        plan = {FROZEN: 0.0, REDUCED: rate, NONE: apr}[kind]
        words = ("interest frozen" if kind == FROZEN else f"interest reduced to {_percent(rate)}"
                 if kind == REDUCED else f"interest charged at {_percent(apr)} (no concession)")
        rows.append({"Name": str(record["Name"]).strip(), "Concession": kind, "Plan APR": plan,
                     "Interest assumption": words})
    return pd.DataFrame(rows, columns=CONCESSION_COLUMNS)


def assumption(terms: pd.DataFrame) -> str:
    """The plan's interest assumption in words, from :func:`concessions`' table.

    >>> t = pd.DataFrame({"Name": ["Visa", "Loan"], "APR": [0.249, 0.089]})
    >>> assumption(concessions(t))
    'interest frozen on every debt'
    >>> assumption(concessions(t.assign(Concession=[None, "None"])))
    'Visa: interest frozen; Loan: interest charged at 8.9% (no concession)'
    """
    words = terms["Interest assumption"].tolist()
    if len(set(words)) == 1:
        return f"{words[0]} on every debt" if len(words) > 1 else words[0]
    return "; ".join(f"{name}: {w}" for name, w in zip(terms["Name"], words))


def dmp_plan(debts: pd.DataFrame, monthly_payment: float, plan_rates: Mapping[str, float] | None = None, *,
             start_date=None, rate_basis: str = "nominal", extra_payments: Mapping[int, float] | None = None,
             months: int = MAX_MONTHS) -> PayoffPlan:
    """The plan's payments, interest and balances month by month until every debt is paid.

    Parameters
    ----------
    debts : DataFrame
        Name, Balance and APR (the contractual rate).
    monthly_payment : float
        Paid into the plan every month, > 0.
    plan_rates : mapping of str to float, optional
        Debt name -> the APR the plan charges (the "Plan APR" of :func:`concessions`);
        a debt not named keeps its contractual APR.
    start_date : date, optional
        Date of month 1.
    rate_basis : {"nominal", "effective"}
        How an APR becomes a month's rate.
    extra_payments : mapping of int to float, optional
        One-off extra payments ``{month: amount}``, shared pro rata like the payment.
    months : int
        Months to run at most; a plan that has not cleared by then comes back with
        ``cleared`` False (the payment does not cover the interest of the debts left).

    Returns
    -------
    debtdesk.payoff.PayoffPlan
        Strategy "pro rata"; month 1's payments are the offers.

    Examples
    --------
    800.93 a month to 4,200.00, 900.00 and 6,800.00, interest frozen: month 1 pays
    282.68, 60.58 and 457.67 (the pro-rata offers) and the last payment falls in month 15.

    >>> t = pd.DataFrame({"Name": ["Visa", "Store", "Loan"], "Balance": [4200.0, 900.0, 6800.0],
    ...                   "APR": [0.249, 0.299, 0.089]})
    >>> plan = dmp_plan(t, 800.93, {"Visa": 0, "Store": 0, "Loan": 0}, start_date="2026-12-01")
    >>> plan.payment_schedule.iloc[0, 2:].tolist(), plan.months, plan.date_of(plan.months)
    ([282.68, 60.58, 457.67, 800.93], 15, datetime.date(2028, 2, 1))

    With the loan's interest charged, the others clear first and their shares pass to it.

    >>> late = dmp_plan(t, 800.93, {"Visa": 0, "Store": 0}, start_date="2026-12-01", rate_basis="effective")
    >>> late.summary["Payoff month"].tolist(), late.total_interest
    ([15, 15, 16], 413.4)
    """
    from debtdesk.dates import to_date

    frame = select_columns(debts, ["Name", "Balance", "APR"], [], "debts")
    names = [str(n).strip() for n in frame["Name"]]
    rows = data_rows(frame.index)
    opening = [to_cents(number(b, "debts", r, label="Balance", minimum=0)) for r, b in zip(rows, frame["Balance"])]
    rates = {match_key(k): v for k, v in (plan_rates or {}).items()}
    unknown = set(rates) - {match_key(n) for n in names}
    if unknown:
        raise DebtDeskError("concessions", f"{sorted(unknown)[0]!r} is not one of the debts ({', '.join(names)})")
    month_rates = []
    for r, name, apr in zip(rows, names, frame["APR"]):
        rate = rates.get(match_key(name))
        rate = number(apr, "debts", r, label="APR", minimum=0, maximum=10.0, blank=0.0) if rate is None else rate
        month_rates.append(_month_rate(_ratio(rate), rate_basis))
    payment = to_cents(number(monthly_payment, "monthly_payment", above=0))
    extras = _extras(extra_payments)
    start = None if start_date is None else to_date(start_date, "start_date")
    n = len(names)
    balance = list(opening)
    payoff: list[int | None] = [0 if b == 0 else None for b in balance]
    active = [i for i in range(n) if balance[i]]
    paid_rows, interest_rows, balance_rows = [], [], []
    month = 0
    while active and month < months:
        month += 1
        charged = [0] * n
        for i in active:
            two_num, den, two_den = month_rates[i]
            charged[i] = (balance[i] * two_num + den) // two_den
            balance[i] += charged[i]
        pay = [0] * n
        pot, live = payment + extras.get(month, 0), list(active)
        while pot and live:
            shares = _shares(pot, [opening[i] for i in live])
            pot, still = 0, []
            for i, share in zip(live, shares):
                take = min(share, balance[i] - pay[i])
                pay[i] += take
                pot += share - take
                if balance[i] > pay[i]:
                    still.append(i)
            live = still
        for i in active:
            balance[i] -= pay[i]
            if balance[i] == 0:
                payoff[i] = month
        active = [i for i in active if balance[i]]
        paid_rows.append(pay)
        interest_rows.append(charged)
        balance_rows.append(balance[:])
    return PayoffPlan(tuple(names), "pro rata", start, tuple(opening), paid_rows, interest_rows, balance_rows,
                      tuple(payoff), cleared=not active)


def _shares(total: int, weights: list[int]) -> list[int]:
    """:func:`debtdesk.money.split_cents` for whole-cent weights, in integers: the same
    largest-remainder shares (ties to the earlier weight), without decimals in the month loop.

    >>> from debtdesk.money import split_cents
    >>> _shares(80093, [420000, 90000, 680000]) == split_cents(80093, [420000, 90000, 680000])
    True
    """
    whole = sum(weights)
    floors = [total * w // whole for w in weights]
    left = total - sum(floors)
    if left:
        order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
        for i in order[:left]:
            floors[i] += 1
    return floors


def _percent(rate: float) -> str:
    """A rate as people write it: one decimal place.

    >>> _percent(0.249), _percent(0.05)
    ('24.9%', '5.0%')
    """
    return f"{rate * 100:.1f}%"
