"""Dunning: interest and fees on overdue items, and escalation levels by days overdue.

Interest follows ERPNext's dunning: outstanding × annual rate ÷ 365 × days overdue,
rounded half-up to the cent; the level's fee is added once per level reached (a
customer already dunned at that level is not charged its fee again). Disputed items are
held out (UK CONC 7.14).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Sequence

import pandas as pd

from debtdesk.collections.ageing import ageing_detail
from debtdesk.collections.disputes import disputed
from debtdesk.errors import DebtDeskError
from debtdesk.values import number

CHANNELS = ("email", "letter", "phone")


@dataclass(frozen=True)
class DunningLevel:
    """One escalation step: reached at ``min_days`` overdue, sent by ``channel``, charging ``fee`` once."""

    level: int
    min_days: int
    channel: str
    fee: float = 0.0


#: Reminder by email at 1 day, letter at 15, final letter with fee at 30, phone at 60.
DEFAULT_LEVELS = (DunningLevel(1, 1, "email"), DunningLevel(2, 15, "letter"),
                  DunningLevel(3, 30, "letter", 10.0), DunningLevel(4, 60, "phone", 20.0))




def dunning_charge(outstanding: float, days_overdue: float, annual_rate: float, fee: float = 0.0) -> float:
    """Dunning interest plus fee: ``outstanding × annual_rate ÷ 365 × days`` to the cent, + ``fee``.

    Nothing is charged on an item that is not overdue (``days_overdue`` ≤ 0).

    Examples
    --------
    >>> dunning_charge(100, 20, 0.08, 20)  # ERPNext test_dunning: interest 0.44, dunning amount 20.44
    20.44
    >>> dunning_charge(1000, 0, 0.08, 20)
    0.0
    """
    amount = _exact(number(outstanding, "outstanding", minimum=0))
    days = _exact(number(days_overdue, "days_overdue"))
    if days != days.to_integral_value():
        raise DebtDeskError("days_overdue", f"{days} is not a whole number of days")
    rate = _exact(number(annual_rate, "annual_rate", minimum=0))
    charge = _exact(number(fee, "fee", minimum=0))
    if days <= 0:
        return 0.0
    interest = (amount * rate * days / Decimal(365)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return float(interest + charge.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def check_levels(levels: Sequence[DunningLevel] | pd.DataFrame = DEFAULT_LEVELS) -> tuple[DunningLevel, ...]:
    """Levels from DunningLevel objects or a table (Level, Min days, Channel, Fee), checked and sorted.

    >>> [l.level for l in check_levels(pd.DataFrame({"Level": [2, 1], "Min days": [30, 1],
    ...                                              "Channel": ["Letter", "email"]}))]
    [1, 2]
    """
    if isinstance(levels, pd.DataFrame):
        from debtdesk.columns import select_columns
        table = select_columns(levels, ["Level", "Min days", "Channel"], ["Fee"], "levels")
        levels = [DunningLevel(r["Level"], r["Min days"], r["Channel"], r["Fee"] if "Fee" in table and r["Fee"] == r["Fee"]
                               and r["Fee"] is not None else 0.0) for _, r in table.iterrows()]
    out = []
    for i, level in enumerate(levels, 1):
        channel = str(level.channel).strip().lower()
        if channel not in CHANNELS:
            raise DebtDeskError("levels", f"channel {level.channel!r} is not one of {', '.join(CHANNELS)}", i)
        days = _exact(number(level.min_days, "levels", minimum=1))
        fee = _exact(number(level.fee, "levels", minimum=0))
        out.append(DunningLevel(int(level.level), int(days), channel, float(fee)))
    if not out:
        raise DebtDeskError("levels", "needs at least one dunning level")
    out.sort(key=lambda l: l.min_days)
    if len({l.min_days for l in out}) != len(out):
        raise DebtDeskError("levels", "two levels start at the same number of days overdue")
    return tuple(out)


def dunning_level(days_overdue: int, levels: Sequence[DunningLevel] = DEFAULT_LEVELS) -> DunningLevel | None:
    """The highest level reached at ``days_overdue`` (None if not yet at level 1).

    >>> dunning_level(45).channel, dunning_level(0)
    ('letter', None)
    """
    reached = [l for l in check_levels(levels) if days_overdue >= l.min_days]
    return reached[-1] if reached else None


def dunning_run(ledger: pd.DataFrame, as_of, annual_rate: float = 0.0,
                levels: Sequence[DunningLevel] | pd.DataFrame = DEFAULT_LEVELS,
                disputes: pd.DataFrame | None = None, history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per customer: level reached, channel, interest, fee and total to demand.

    Parameters
    ----------
    ledger : pandas.DataFrame
        The receivables ledger (see :func:`debtdesk.collections.ageing`).
    as_of : date
    annual_rate : float
        Dunning interest rate per year (fraction).
    levels : sequence of DunningLevel or table
    disputes : pandas.DataFrame, optional
        Open disputes hold their items (or whole customers) out of dunning.
    history : pandas.DataFrame, optional
        Customer, Level already sent: that level's fee is not charged again.

    Returns
    -------
    pandas.DataFrame
        Customer, Amount overdue, Oldest days, Level, Channel, Interest, Fee, Total due.

    Examples
    --------
    >>> ledger = pd.DataFrame({"Customer": ["A"], "Invoice": ["1"], "Invoice Date": ["2024-01-01"],
    ...                        "Due Date": ["2024-01-31"], "Amount": [100.0]})
    >>> dunning_run(ledger, "2024-03-01", 0.08).values.tolist()
    [['A', 100.0, 30, 3, 'letter', 0.66, 10.0, 110.66]]
    """
    table = check_levels(levels)
    number(annual_rate, "annual_rate", minimum=0)
    items = ageing_detail(ledger, as_of)
    items = items[(items["Outstanding"] > 0) & (items["Days"] > 0)]
    items = items[~disputed(items["Customer"], items["Invoice"], disputes, as_of)]
    sent = set()
    if history is not None and len(history):
        from debtdesk.columns import select_columns
        past = select_columns(history, ["Customer", "Level"], (), "history")
        sent = {(str(c).strip(), int(l)) for c, l in zip(past["Customer"], past["Level"])}
    rows = []
    for customer, group in items.groupby("Customer", sort=True):
        oldest = int(group["Days"].max())
        level = dunning_level(oldest, table)
        if level is None:
            continue
        interest = sum(dunning_charge(o, d, annual_rate) for o, d in zip(group["Outstanding"], group["Days"]))
        fee = 0.0 if (customer, level.level) in sent else level.fee
        overdue = round(float(group["Outstanding"].sum()), 2)
        rows.append([customer, overdue, oldest, level.level, level.channel, round(interest, 2), fee,
                     round(overdue + interest + fee, 2)])
    return pd.DataFrame(rows, columns=["Customer", "Amount overdue", "Oldest days", "Level", "Channel",
                                       "Interest", "Fee", "Total due"])


def _exact(value: float) -> Decimal:
    """A checked float as the Decimal of its shortest repr, for exact cent arithmetic."""
    return Decimal(repr(value))
