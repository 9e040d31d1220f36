"""Negotiating with creditors: rate concessions, settlements and DMP distributions.

Settlement fees follow the US FTC Telemarketing Sales Rule, 16 CFR 310.4(a)(5)(i): a
debt relief provider may not request or receive any fee for a debt until

(A) it has renegotiated, settled, reduced or otherwise altered the terms of that debt
    under an agreement the customer executed, and
(B) the customer has made at least one payment under that agreement; and
(C) where debts are settled one by one, each debt's fee either
    (1) bears the same proportion to the total fee for the whole enrolled balance as the
        debt's enrolled amount bears to the whole enrolled amount (both as owed when
        enrolled) — i.e. the same percentage of each debt's enrolled amount — or
    (2) is a percentage of the amount saved, the same percentage for every debt, where
        the amount saved is the amount owed when enrolled minus the amount actually paid
        to satisfy the debt.

:func:`earned_fee` encodes these conditions; :func:`settlement` applies them to a
settlement funded from monthly deposits, collecting the fee only once the settlement
has been paid.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Mapping

import pandas as pd

from debtdesk.amortize import amortize, level_payment
from debtdesk.columns import select_columns
from debtdesk.errors import DebtDeskError
from debtdesk.values import number
from debtdesk.money import from_cents, split_cents, to_cents
from debtdesk.payoff import prepare_debts

FEE_BASES = ("enrolled", "savings")
#: Form 1099-C is filed for each debtor for whom $600 or more of debt is cancelled.
FORM_1099C_THRESHOLD = 600.00


def concession(balance: float, current_apr: float, new_apr: float, months: int,
               rate_basis: str = "nominal") -> pd.DataFrame:
    """What a reduced rate saves on a balance repaid by level payments over ``months``.

    Both sides use the cent-exact level payment of :func:`debtdesk.amortize.level_payment`
    (numpy-financial's ``pmt`` rounded half-up) and the schedule of
    :func:`debtdesk.amortize.amortize` (interest half-up each month, the final payment
    absorbing the residue), so the totals are what the client would really pay.

    Parameters
    ----------
    balance : float
        Balance to repay, > 0.
    current_apr, new_apr : float
        The creditor's current rate and the conceded rate, annual fractions (0 = frozen).
    months : int
        Repayment term in months.
    rate_basis : {"nominal", "effective"}, default "nominal"
        How each APR becomes a month's rate (:mod:`debtdesk.rates`): APR / 12, or
        (1 + APR)^(1/12) − 1 for the effective annual rates UK lenders quote.

    Returns
    -------
    pandas.DataFrame
        Item (Monthly payment, Total interest, Total paid), Current, Concession, Saving.

    Examples
    --------
    >>> concession(1000, 0.12, 0.0, 3)
                  Item  Current  Concession  Saving
    0  Monthly payment   340.02      333.33    6.69
    1   Total interest    20.07        0.00   20.07
    2       Total paid  1020.07     1000.00   20.07
    >>> float(concession(4200, 0.249, 0.0, 36, "effective").loc[0, "Current"])
    161.36
    """
    current = _loan_terms(balance, current_apr, months, "current_apr", rate_basis)
    conceded = _loan_terms(balance, new_apr, months, "new_apr", rate_basis)
    rows = []
    for k, item in enumerate(("Monthly payment", "Total interest", "Total paid")):
        rows.append((item, from_cents(current[k]), from_cents(conceded[k]), from_cents(current[k] - conceded[k])))
    return pd.DataFrame(rows, columns=["Item", "Current", "Concession", "Saving"])


def earned_fee(enrolled_amount: float, amount_paid: float, fee_pct: float, fee_basis: str = "enrolled", *,
               agreement_executed: bool, payments_made: int) -> float:
    """The fee a debt relief provider may collect for one debt under 16 CFR 310.4(a)(5)(i).

    Parameters
    ----------
    enrolled_amount : float
        What the debt stood at when it was enrolled.
    amount_paid : float
        What the settlement agreement has the customer pay to satisfy the debt.
    fee_pct : float
        The fee percentage as a fraction, the same for every debt.
    fee_basis : {"enrolled", "savings"}
        ``"enrolled"``: ``fee_pct`` × the enrolled amount, which is this debt's proportional
        share of the fee on the whole enrolled balance (310.4(a)(5)(i)(C)(1)).
        ``"savings"``: ``fee_pct`` × (enrolled amount − amount paid) (310.4(a)(5)(i)(C)(2)).
    agreement_executed : bool
        The debt has been settled or altered under an agreement the customer executed ((A)).
    payments_made : int
        Payments the customer has made under that agreement ((B): at least one).

    Returns
    -------
    float
        The fee to the cent, half-up; 0.00 while (A) or (B) is not yet met.

    Examples
    --------
    >>> earned_fee(4000, 2000, 0.20, agreement_executed=True, payments_made=1)
    800.0
    >>> earned_fee(4000, 2000, 0.20, "savings", agreement_executed=True, payments_made=1)
    400.0
    >>> earned_fee(4000, 2000, 0.20, agreement_executed=True, payments_made=0)
    0.0
    """
    enrolled, paid, pct, basis = _settlement_terms(enrolled_amount, amount_paid, fee_pct, fee_basis)
    if isinstance(payments_made, bool) or not isinstance(payments_made, int) or payments_made < 0:
        raise DebtDeskError("payments_made", f"{payments_made!r} must be a whole number ≥ 0")
    if not agreement_executed or payments_made < 1:
        return 0.0
    return from_cents(_fee_cents(enrolled, paid, pct, basis))


def settlement(enrolled_balance: float, settlement_pct: float, monthly_deposit: float, fee_pct: float,
               fee_basis: str = "enrolled", *, lump_sum: float = 0.0) -> pd.DataFrame:
    """A lump-sum settlement funded by monthly deposits, with a fee the FTC rule allows.

    Deposits build up in the client's dedicated account. The settlement is paid in the
    first month the account holds it; the fee (see :func:`earned_fee`) may only be
    collected once that payment is made, so it is collected in the first month, from the
    settlement month on, that the account also holds the fee.

    Parameters
    ----------
    enrolled_balance : float
        What the debt stood at when it was enrolled, > 0.
    settlement_pct : float
        The settlement as a fraction of the enrolled balance, above 0 and at most 1.
    monthly_deposit : float
        Saved into the dedicated account each month, > 0.
    fee_pct : float
        Fee as a fraction (of the enrolled balance or of the amount saved), 0 to 1.
    fee_basis : {"enrolled", "savings"}
        See :func:`earned_fee`.
    lump_sum : float, default 0
        Already in the account at the start (month 0): a settlement it covers is paid at
        once, and the monthly deposit may then be 0.

    Returns
    -------
    pandas.DataFrame
        Item, Value: Months to fund, Settlement month, Settlement amount, Fee, Total cost,
        Amount forgiven, 1099-C reportable (forgiven ≥ $600).

    Examples
    --------
    10,000 enrolled, settled at 50% with 300 saved a month and a 20% fee on the enrolled
    debt: the 5,000 settlement is funded in month 17 (17 × 300 = 5,100), the 2,000 fee
    in month 24 (7,000 / 300 = 23.3).

    >>> settlement(10000, 0.5, 300, 0.2).values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['Months to fund', 24], ['Settlement month', 17], ['Settlement amount', 5000.0], ['Fee', 2000.0],
     ['Total cost', 7000.0], ['Amount forgiven', 5000.0], ['1099-C reportable', True]]

    With a lump sum of 4,000 already saved the 5,000 is there in month 4 (4,000 + 4 × 300)
    and the fee in month 10 (3,000 more at 300 a month).

    >>> settlement(10000, 0.5, 300, 0.2, lump_sum=4000).values.tolist()[:2]
    [['Months to fund', 10], ['Settlement month', 4]]
    """
    enrolled = _money(enrolled_balance, "enrolled_balance", above=0.0)
    share = _fraction(settlement_pct, "settlement_pct", above=0.0)
    lump = _money(lump_sum, "lump_sum", minimum=0.0)
    deposit = _money(monthly_deposit, "monthly_deposit", minimum=0.0) if lump else \
        _money(monthly_deposit, "monthly_deposit", above=0.0)
    settle = _share(enrolled, share)
    pct, basis = _fee_terms(fee_pct, fee_basis)
    fee = to_cents(earned_fee(from_cents(enrolled), from_cents(settle), pct, basis,
                              agreement_executed=True, payments_made=1))
    if not deposit and lump < settle + fee:
        raise DebtDeskError("monthly_deposit", f"0.00 with a lump sum of {from_cents(lump):,.2f} never funds the "
                            f"settlement and fee of {from_cents(settle + fee):,.2f} (expected a monthly deposit)")
    settled_in = math.ceil(max(0, settle - lump) / deposit) if deposit else 0
    funded_in = max(settled_in, math.ceil(max(0, settle + fee - lump) / deposit) if deposit else 0)
    forgiven = enrolled - settle
    return pd.DataFrame([
        ("Months to fund", funded_in),
        ("Settlement month", settled_in),
        ("Settlement amount", from_cents(settle)),
        ("Fee", from_cents(fee)),
        ("Total cost", from_cents(settle + fee)),
        ("Amount forgiven", from_cents(forgiven)),
        ("1099-C reportable", forgiven >= to_cents(FORM_1099C_THRESHOLD)),
    ], columns=["Item", "Value"])


def dmp_distribution(debts: pd.DataFrame, available: float,
                     concessions: Mapping[str, float] | None = None, rate_basis: str = "nominal") -> pd.DataFrame:
    """Share a monthly amount among creditors pro rata, with each creditor's concession.

    The debt management plan of :func:`debtdesk.dmp.dmp_plan`, creditor by creditor: the
    same shares, and a cleared creditor's share passed on to the others.

    Parameters
    ----------
    debts : pandas.DataFrame
        Name, Balance, APR (found by header, with synonyms).
    available : float
        Monthly amount for these creditors, split in proportion to the balances, cent-exact
        (largest remainder, :func:`debtdesk.money.split_cents`).
    concessions : mapping of str to float, optional
        Creditor name -> the rate it agreed to under the plan (0 = interest frozen).
        Creditors not named keep their contractual APR.
    rate_basis : {"nominal", "effective"}
        How an APR becomes a month's rate.

    Returns
    -------
    pandas.DataFrame
        Creditor, Balance, Share, Monthly offer (month 1), Plan APR, Months to clear,
        Interest — months and interest empty when the plan does not clear the debts within
        :data:`debtdesk.payoff.MAX_MONTHS` months (the offers are below the interest).

    Examples
    --------
    The card and the store card, frozen, clear in month 40; their shares then go to the bank,
    which clears in month 45 instead of the 48 its own 150.00 would take at 9 % (1,123.70 left after
    month 40 at 250.00 a month: -ln(1 - 1123.70 × 0.0075 / 250) / ln(1.0075) = 4.6 more months).

    >>> debts = pd.DataFrame({"Name": ["Bank", "Card", "Store"], "Balance": [6000, 3000, 1000],
    ...                       "APR": [0.09, 0.24, 0.30]})
    >>> dmp_distribution(debts, 250, {"Card": 0, "Store": 0}).iloc[:, [0, 3, 4, 5]].values.tolist()
    [['Bank', 150.0, 0.09, 45], ['Card', 75.0, 0.0, 40], ['Store', 25.0, 0.0, 40]]
    """
    from debtdesk.dmp import dmp_plan

    base = select_columns(debts, ["Name", "Balance", "APR"], argument="debts") if isinstance(debts, pd.DataFrame) \
        else debts
    prepared = prepare_debts(base.assign(Minimum=0) if isinstance(base, pd.DataFrame) else base)
    total = _money(available, "available", above=0.0)
    if not any(prepared.balances):
        raise DebtDeskError("debts", "every balance is 0, so there is nothing to distribute")
    concessions = dict(concessions or {})
    known = {name.lower(): name for name in prepared.names}
    for name, rate in concessions.items():
        if str(name).strip().lower() not in known:
            raise DebtDeskError("concessions", f"{name!r} is not one of the debts ({', '.join(prepared.names)})")
        _fraction(rate, "concessions", maximum=10.0, label=f"{name} rate")
    by_name = {str(k).strip().lower(): float(v) for k, v in concessions.items()}
    contractual = base["APR"].tolist()
    rates = [by_name.get(name.lower(), float(contractual[i])) for i, name in enumerate(prepared.names)]
    table = pd.DataFrame({"Name": list(prepared.names), "Balance": [from_cents(b) for b in prepared.balances],
                          "APR": rates})
    plan = dmp_plan(table, from_cents(total), rate_basis=rate_basis)
    summary = plan.summary
    balance_total = sum(prepared.balances)
    return pd.DataFrame({
        "Creditor": list(prepared.names),
        "Balance": table["Balance"],
        "Share": [b / balance_total for b in prepared.balances],
        "Monthly offer": [from_cents(c) for c in split_cents(total, prepared.balances)],
        "Plan APR": [float(r) for r in rates],
        "Months to clear": pd.array(plan.payoff_months, dtype="Int64") if plan.cleared
        else pd.array([None] * len(rates), dtype="Int64"),
        "Interest": summary["Interest paid"].tolist() if plan.cleared else [None] * len(rates),
    })


def _loan_terms(balance, apr, months, rate_argument, rate_basis) -> tuple[int, int, int]:
    """(level payment, total interest, total paid) in cents, errors named for this function."""
    names = {"principal": "balance", "annual_rate": rate_argument}
    try:
        payment = to_cents(level_payment(balance, apr, months, rate_basis=rate_basis))
        schedule = amortize(balance, apr, months, rate_basis=rate_basis)
    except DebtDeskError as error:
        raise DebtDeskError(names.get(error.argument, error.argument), error.expected, error.row) from None
    interest = sum(map(to_cents, schedule["Interest"]))
    return payment, interest, to_cents(balance) + interest


def _settlement_terms(enrolled_amount, amount_paid, fee_pct, fee_basis):
    enrolled = _money(enrolled_amount, "enrolled_amount", above=0.0)
    paid = _money(amount_paid, "amount_paid", minimum=0.0)
    if paid > enrolled:
        raise DebtDeskError("amount_paid", f"{from_cents(paid):.2f} is more than the enrolled amount "
                            f"{from_cents(enrolled):.2f} (expected a settlement at or below it)")
    return (enrolled, paid) + _fee_terms(fee_pct, fee_basis)


def _fee_terms(fee_pct, fee_basis) -> tuple[float, str]:
    pct = _fraction(fee_pct, "fee_pct")
    basis = "enrolled" if fee_basis is None else str(fee_basis).strip().lower()
    if basis not in FEE_BASES:
        raise DebtDeskError("fee_basis", f"{fee_basis!r} is not one of {', '.join(FEE_BASES)}")
    return pct, basis


def _fee_cents(enrolled: int, paid: int, pct: float, basis: str) -> int:
    return _share(enrolled if basis == "enrolled" else enrolled - paid, pct)


def _share(cents: int, fraction: float) -> int:
    """``fraction`` of ``cents``, rounded half-up to the cent, exactly."""
    return int((Decimal(cents) * Decimal(repr(float(fraction)))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _money(value, argument: str, *, minimum: float | None = None, above: float | None = None) -> int:
    """An amount in whole cents."""
    return to_cents(number(value, argument, minimum=minimum, above=above))


def _fraction(value, argument: str, *, above: float | None = None, maximum: float = 1.0,
              label: str = "") -> float:
    """A rate or share as a fraction (24% = 0.24): at least 0 (or above ``above``), at most ``maximum``."""
    return number(value, argument, label=label, above=above, minimum=None if above is not None else 0,
                  maximum=maximum, hint="(a fraction: 20% is 0.2)")
