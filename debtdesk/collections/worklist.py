"""The prioritised, explainable collections worklist, read from the run's ledger state.

Score = Σ over overdue items of (what is still owed on it after money on account × days
overdue) — "amount × days" — then:

* each promise broken (or partly kept) within the last ``broken_days`` days raises it by
  50 % (an older broken promise no longer counts);
* a balance over the customer's credit limit raises it by 25 %, and so does a credit hold;
* a contact in the last 7 days lowers it by 25 %.

A customer whose money on account covers everything overdue is not listed. Accounts
paused today — Breathing Space, a dispute of the whole account, an open promise to pay —
and accounts whose overdue items are all disputed (CONC 7.14) are listed last, unranked,
with the reason. Calls follow Regulation F (12 CFR 1006) for the accounts it covers
(consumers, or every account when the firm says so): the call must be convenient — by
default 08:00-21:00 — at every place the customer may be (its time zone, or every US
zone when a consumer's is unknown), the "Call window" says when that is on the
collector's clock, and an account that the call-frequency presumptions of §1006.14(b)(2)
would refuse today is never proposed as "Call now": its status says when a call is next
allowed and the reason says why.
"""

from __future__ import annotations

from datetime import date, datetime, time

import numpy as np
import pandas as pd

from debtdesk.collections.compliance import (EARLIEST, LATEST, OK, clock_zone, call_windows, contact_check, next_call_day,
                                             window_text)
from debtdesk.collections.state import LedgerState, ledger_state
from debtdesk.collections.timezones import US_ZONES, consumer_zones
from debtdesk.columns import select_columns
from debtdesk.dates import to_date
from debtdesk.errors import DebtDeskError
from debtdesk.values import cell_text, data_rows

BROKEN_UPLIFT = 0.5
OVER_LIMIT_UPLIFT = 0.25
HOLD_UPLIFT = 0.25
RECENT_CONTACT_FACTOR = 0.75
RECENT_DAYS = 7
#: Broken promises raise the score for this many days after their deadline (a setting in the workbook).
BROKEN_DAYS = 90
CALL_LIMITS = ("consumers", "all")
COLUMNS = ["Rank", "Customer", "Contact", "Phone", "Collector", "Amount overdue", "Oldest days", "Score", "Status",
           "Call window", "Reason"]
#: The columns of ``DD_WORKLIST`` (DESIGN.md §4), which has no customers table to take contacts from.
CELL_COLUMNS = ["Rank", "Customer", "Amount overdue", "Oldest days", "Score", "Status", "Reason"]


def worklist(ledger: pd.DataFrame, as_of, promises: pd.DataFrame | None = None,
             disputes: pd.DataFrame | None = None, contacts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rank overdue accounts for contact, with a plain-language reason for each (``DD_WORKLIST``).

    Parameters
    ----------
    ledger : pandas.DataFrame
        Receivables ledger (Customer, Invoice, Invoice Date, Due Date, Amount[, Paid, Credit]).
    as_of : date
    promises : pandas.DataFrame, optional
        Promise statuses: Customer, Status (Open, Kept, Partially Kept, Broken) and
        optional Deadline or Promised Date.
    disputes : pandas.DataFrame, optional
        Dispute register (Customer[, Invoice, Opened, Resolved]).
    contacts : pandas.DataFrame, optional
        Contact log: Customer, Contact Time, Type (see :mod:`debtdesk.collections.contacts`).

    Returns
    -------
    pandas.DataFrame
        Rank, Customer, Amount overdue, Oldest days, Score, Status, Reason, as
        :func:`call_list` ranks them with every account under Regulation F's call limits
        (the cell function cannot know which customers are consumers, so it treats all as
        such), times on this computer's clock and, without time zones, every US zone assumed.

    Examples
    --------
    >>> ledger = pd.DataFrame({"Customer": ["A", "B"], "Invoice": ["1", "2"],
    ...     "Invoice Date": ["2024-01-01", "2024-02-01"], "Due Date": ["2024-01-31", "2024-03-01"],
    ...     "Amount": [100.0, 1000.0]})
    >>> worklist(ledger, "2024-03-31")[["Rank", "Customer", "Score"]].values.tolist()
    [[1, 'B', 30000.0], [2, 'A', 6000.0]]
    """
    if promises is not None and len(promises):
        select_columns(promises, ["Customer", "Status"], (), "promises")  # statuses, decided: see promise_statuses
    state = ledger_state(ledger, as_of, disputes=disputes, contacts=contacts, promises=promises, default_regime="consumer")
    return call_list(state, call_limits="all")[CELL_COLUMNS]


def call_list(state: LedgerState, *, clock_timezone: str | None = None,
              window: tuple[time, time] = (EARLIEST, LATEST), call_limits: str = "consumers",
              broken_days: int = BROKEN_DAYS, missing=()) -> pd.DataFrame:
    """The worklist of a run: who to call first today, when, and why.

    Parameters
    ----------
    state : LedgerState
    clock_timezone : str or None
        The collector's time zone (contact times in the log are on this clock); None:
        this computer's.
    window : (time, time)
        The firm's calling hours at the customer's location (within 08:00-21:00).
    call_limits : {"consumers", "all"}
        The accounts Regulation F's hours and call-frequency limits apply to. Every account
        keeps the firm's window.
    broken_days : int
        How long a broken promise keeps raising the score.
    missing : sequence of str
        Inputs not supplied to this run ("contacts", "disputes", "promises", "customers"):
        said on every row they could have changed, and, without the contact log, no account
        under the call limits is proposed as "Call now".

    Returns
    -------
    pandas.DataFrame
        Rank, Customer (then Currency when there are several), Contact, Phone, Collector,
        Amount overdue, Oldest days, Score, Status, Call window, Reason.

    Examples
    --------
    A consumer in Los Angeles on a London collector's worklist (Pacific time is eight hours
    behind in November):

    >>> ledger = pd.DataFrame({"Customer": ["A"], "Invoice": ["1"], "Invoice Date": ["2026-09-01"],
    ...                        "Due Date": ["2026-10-01"], "Amount": [250.0]})
    >>> customers = pd.DataFrame({"Customer": ["A"], "Regime": ["consumer"], "Time zone": ["CA"], "Phone": ["555-0142"]})
    >>> row = call_list(ledger_state(ledger, "2026-11-02", customers=customers), clock_timezone="Europe/London").iloc[0]
    >>> row["Status"], row["Call window"], float(row["Score"])
    ('Call now', '00:00-05:00, 16:00-24:00', 8000.0)
    """
    if call_limits not in CALL_LIMITS:
        raise DebtDeskError("call_limits", f"{call_limits!r} is not one of {', '.join(CALL_LIMITS)}")
    clock = clock_zone(clock_timezone)
    broken = _broken(state.promises, state.as_of, broken_days)
    active, waiting, parked = [], [], []
    late = state.late_arrays  # each account's late items, as arrays
    accounts = state.accounts  # nothing overdue, or money on account covering it: never called
    accounts = accounts[((accounts["Overdue"] > 0) | (accounts["Disputed"] > 0)).to_numpy()]
    names = ["Customer", "Currency", "Contact", "Phone", "Collector", "Overdue", "Oldest days", "Paused", "Balance",
             "Credit limit", "Credit hold", "Regime", "Time zone"]
    columns = [accounts[name].tolist() for name in names]
    bounds = np.array([late.bounds.get(key, (0, 0)) for key in zip(columns[0], columns[1])], dtype=np.intp).reshape(-1, 2)
    first, last = bounds[:, 0], bounds[:, 1]
    free = ~late.held
    # Per account over its late items (whole-array sums of integers, exact): the free items' amount × days, how
    # many are held and how many free ones had money on account set against them.
    small = float(np.abs(late.net_cents).max(initial=0)) * float(np.abs(late.days).max(initial=0)) < 2.0 ** 62
    scores = _sums(np.where(free, late.net_cents * late.days if small else late.weighted, 0), first, last)
    n_held = _sums(late.held.astype(np.int64), first, last)
    n_applied = _sums((free & (late.applied != 0)).astype(np.int64), first, last)
    recent = state.contacts.last
    places: dict = {}  # the call windows and what decided them, once per place, regime and limit
    for (customer, currency, contact, phone, collector, overdue, oldest, paused, balance, limit, hold, regime, zone), \
            a, b, weighted, held_count, applied_count in zip(zip(*columns), first.tolist(), last.tolist(), scores,
                                                              n_held, n_applied):
        held = late.invoice[a:b][late.held[a:b]].tolist() if held_count else []
        base = [customer, currency, contact, phone, collector]
        if paused or held_count == b - a:
            reason = paused or "every overdue item is disputed"
            amount = sum(late.net_cents[a:b].tolist()) / 100
            status = f"Paused: {paused}" if paused else "On hold (dispute)"
            parked.append(base + [round(amount, 2), max(late.days[a:b].tolist(), default=0), None, status, "",
                                  f"{amount:,.2f} overdue; no calls, letters, fees or interest while {reason}"
                                  + ("; recovery suspended until the dispute is resolved (CONC 7.14)"
                                     if held and not paused else "")])
            continue
        score = weighted / 100
        reasons = [f"{overdue:,.2f} overdue, oldest {int(oldest)} days (amount × days {score:,.0f})"]
        if applied_count:
            applied = sum(late.applied[a:b][free[a:b]].tolist())
            if applied:
                reasons.append(f"{applied:,.2f} on account set against the oldest invoices")
        if held:
            reasons.append(f"disputed and held: {', '.join(held)} (CONC 7.14)")
        n = broken.get(customer, 0)
        if n:
            score *= 1 + BROKEN_UPLIFT * n
            reasons.append(f"{n} broken promise{'s' if n > 1 else ''} in the last {broken_days} days "
                           f"(+{BROKEN_UPLIFT * n:.0%})")
        if limit is not None and balance > limit:
            score *= 1 + OVER_LIMIT_UPLIFT
            reasons.append(f"balance {balance:,.2f} over the credit limit {limit:,.2f} (+{OVER_LIMIT_UPLIFT:.0%})")
        if hold:
            score *= 1 + HOLD_UPLIFT
            reasons.append(f"on credit hold (+{HOLD_UPLIFT:.0%})")
        seen = recent.get(customer)
        if seen is not None and 0 <= (state.as_of - seen.date()).days < RECENT_DAYS:
            score *= RECENT_CONTACT_FACTOR
            reasons.append(f"contacted {seen:%Y-%m-%d} (−{1 - RECENT_CONTACT_FACTOR:.0%})")
        limited = call_limits == "all" or regime == "consumer"
        place = (zone, regime == "consumer", limited)
        if place not in places:
            places[place] = _place(state, zone, regime, limited, clock, window)
        status = _call_status(state, customer, places[place], limited, clock, reasons, missing)
        row = base + [round(overdue, 2), int(oldest), round(score, 2), status, places[place][2], "; ".join(reasons)]
        (active if status == "Call now" else waiting).append(row)
    columns = ["Customer", "Currency", "Contact", "Phone", "Collector", "Amount overdue", "Oldest days", "Score",
               "Status", "Call window", "Reason"]
    ranked = pd.DataFrame(active + waiting, columns=columns)
    ranked["_wait"] = ranked["Status"] != "Call now"
    ranked = ranked.sort_values(["_wait", "Score", "Customer"], ascending=[True, False, True]).drop(columns="_wait")
    ranked.insert(0, "Rank", list(range(1, len(ranked) + 1)))
    parked_frame = pd.DataFrame(parked, columns=columns).sort_values("Customer")
    parked_frame.insert(0, "Rank", [None] * len(parked_frame))
    out = pd.concat([ranked, parked_frame], ignore_index=True) if len(parked_frame) else ranked.reset_index(drop=True)
    out["Rank"] = out["Rank"].astype(object).where(out["Rank"].notna(), None)
    if len(state.currencies) > 1:
        return out[COLUMNS[:2] + ["Currency"] + COLUMNS[2:]]
    return out[COLUMNS]


def _place(state: LedgerState, zone: str, regime: str, limited: bool, clock, window) -> tuple:
    """Where an account's customer may be, today's call windows there and as text, and the reasons they give:
    the same for every account with the same time zone text, regime and call limits (worked out once for them)."""
    where = [z.strip() for z in zone.replace(";", ",").split(",") if z.strip()]
    said = []
    if not where and limited and regime == "consumer":
        where = list(US_ZONES)
        said.append("time zone unknown: every US time zone assumed (Reg F comment 6(b)(1)(i)-2); set it in Customers")
    spans = call_windows(state.as_of, where, clock.key, window) if where and hasattr(clock, "key") \
        else call_windows(state.as_of, where, None, window) if where \
        else [(datetime.combine(state.as_of, window[0], tzinfo=clock), datetime.combine(state.as_of, window[1], tzinfo=clock))]
    if not spans:
        said.append(f"no call today: no time between {window[0]:%H:%M} and {window[1]:%H:%M} suits every place "
                    "the customer may be")
    return where, spans, window_text(spans), said


def _call_status(state: LedgerState, customer: str, place: tuple, limited: bool, clock, reasons: list,
                 missing) -> str:
    """The status of one account at its :func:`_place`; appends what decided it to ``reasons``."""
    where, spans, _, said = place
    reasons.extend(said)
    if not spans:
        return "No call today"
    if not limited:
        return "Call now"
    if "contacts" in {str(m).lower() for m in missing}:
        reasons.append("not checked: no contact log was supplied, so Regulation F's call counts could not be applied")
        return "Check contact log"
    calls, talks = state.contacts.calls(customer), state.contacts.talks(customer)
    if not calls and not talks:
        return "Call now"  # nothing logged: no frequency rule can bite, and the window is convenient
    proposed = spans[0][0]
    named = clock.key if hasattr(clock, "key") else None
    check = contact_check(calls, proposed, talks, consumer_timezones=where or None,
                          clock_timezone=named if where else None)
    if check == OK:
        return "Call now"
    zone = consumer_zones(where)[0] if where else None

    def local(moment: datetime) -> datetime:
        """A time as the customer's wall clock shows it (the collector's own for an account in our zone)."""
        if zone is None:
            return moment.replace(tzinfo=None)
        return (moment.replace(tzinfo=clock) if moment.tzinfo is None else moment).astimezone(zone).replace(tzinfo=None)

    nxt = next_call_day([local(c) for c in calls], local(proposed).date(), [local(t) for t in talks])
    reasons.append(f"no call today: {check}")
    return f"Call from {nxt:%Y-%m-%d}"


def _sums(values: np.ndarray, first: np.ndarray, last: np.ndarray) -> list[int]:
    """Each account's sum of ``values[first:last]`` (integers) as Python integers, over whole arrays: int64 running
    sums where they cannot overflow, else running sums of Python integers.

    >>> _sums(np.array([5, 7, 9]), np.array([0, 1, 3]), np.array([2, 3, 3]))
    [12, 16, 0]
    """
    if not len(first):
        return []
    if values.dtype != object and np.abs(values, dtype=float).sum() >= 2.0 ** 62:  # an int64 sum could wrap
        values = values.astype(object)
    running = np.concatenate([np.zeros(1, dtype=values.dtype), np.cumsum(values)])
    return (running[last] - running[first]).tolist()


def _broken(statuses: pd.DataFrame | None, as_of: date, broken_days: int) -> dict[str, int]:
    """Broken or partly kept promises per customer whose deadline is within ``broken_days`` of ``as_of``."""
    if statuses is None or not len(statuses):
        return {}
    out: dict[str, int] = {}
    table = select_columns(statuses, ["Customer", "Status"], ["Deadline", "Promised Date"], "promises")
    rows = data_rows(statuses.index)
    for row, record in zip(rows, table.to_dict("records")):
        status = cell_text(record["Status"], "")
        if status not in ("Broken", "Partially Kept"):
            continue
        when = record.get("Deadline", record.get("Promised Date"))
        if when is not None and when == when and (as_of - to_date(when, "promises", row)).days > broken_days:
            continue
        customer = cell_text(record["Customer"], "")
        out[customer] = out.get(customer, 0) + 1
    return out
