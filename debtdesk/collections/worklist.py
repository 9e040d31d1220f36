"""The prioritised, explainable collections worklist.

Score = Σ over overdue items of (outstanding × days overdue) — "amount × days" — then:

* each broken (or partially kept) promise raises the score by 50%;
* an open promise still within its date lowers it by 50% (the customer is on track);
* a contact in the last 7 days lowers it by 25%.

Accounts whose overdue items are all under an open dispute are held out (UK CONC 7.14)
and listed last with status "On hold (dispute)". An account that Regulation F's
call-frequency presumptions (§1006.14(b)(2)) would refuse today is not proposed as
"Call now": its status says when a call is next allowed and the reason says why.
"""

from __future__ import annotations

from datetime import datetime, time

import pandas as pd

from debtdesk.collections.ageing import ageing_detail
from debtdesk.collections.compliance import OK, contact_check, next_call_day, to_datetime
from debtdesk.collections.disputes import disputed
from debtdesk.columns import select_columns
from debtdesk.dates import to_date
from debtdesk.errors import DebtDeskError

BROKEN_UPLIFT = 0.5
OPEN_PROMISE_FACTOR = 0.5
RECENT_CONTACT_FACTOR = 0.75
RECENT_DAYS = 7
COLUMNS = ["Rank", "Customer", "Amount overdue", "Oldest days", "Score", "Status", "Reason"]


def worklist(ledger: pd.DataFrame, as_of, promises: pd.DataFrame | None = None,
             disputes: pd.DataFrame | None = None, contacts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rank overdue accounts for contact, with a plain-language reason for each.

    Parameters
    ----------
    ledger : pandas.DataFrame
        Receivables ledger (Customer, Invoice, Invoice Date, Due Date, Amount[, Paid, Credit]).
    as_of : date
    promises : pandas.DataFrame, optional
        Customer, Status (as from :func:`~debtdesk.collections.promises.promise_statuses`),
        optional Promised Date.
    disputes : pandas.DataFrame, optional
        Dispute register (Customer[, Invoice, Opened, Resolved]).
    contacts : pandas.DataFrame, optional
        Contact log: Customer, Contact Time, Type ("call" = placed call without a
        conversation, "conversation", or anything else such as "email", "letter").

    Returns
    -------
    pandas.DataFrame
        Rank, Customer, Amount overdue, Oldest days, Score, Status, Reason. "Call now"
        accounts first by score, then accounts Regulation F holds back, then disputes
        on hold (no rank).

    Examples
    --------
    >>> ledger = pd.DataFrame({"Customer": ["A", "B"], "Invoice": ["1", "2"],
    ...     "Invoice Date": ["2024-01-01", "2024-02-01"], "Due Date": ["2024-01-31", "2024-03-01"],
    ...     "Amount": [100.0, 1000.0]})
    >>> worklist(ledger, "2024-03-31")[["Rank", "Customer", "Score"]].values.tolist()
    [[1, 'B', 30000.0], [2, 'A', 6000.0]]
    """
    today = to_date(as_of, "as_of")
    items = ageing_detail(ledger, today)
    items = items[(items["Outstanding"] > 0) & (items["Days"] > 0)].copy()
    items["Held"] = disputed(items["Customer"], items["Invoice"], disputes, today)
    items["Weight"] = items["Outstanding"] * items["Days"]
    active = items[~items["Held"]].groupby("Customer").agg(
        overdue=("Outstanding", "sum"), oldest=("Days", "max"), score=("Weight", "sum"))
    held = items[items["Held"]].groupby("Customer").agg(overdue=("Outstanding", "sum"), oldest=("Days", "max"))
    held = held[~held.index.isin(active.index)]
    broken, open_until = _promises(promises)
    calls, talks, last = _contacts(contacts)
    rows = []
    for customer, r in active.iterrows():
        score = float(r["score"])
        reasons = [f"{r['overdue']:,.2f} overdue, oldest {int(r['oldest'])} days (amount × days {score:,.0f})"]
        n = broken.get(customer, 0)
        if n:
            score *= 1 + BROKEN_UPLIFT * n
            reasons.append(f"{n} broken promise{'s' if n > 1 else ''} (+{BROKEN_UPLIFT * n:.0%})")
        if customer in open_until:
            score *= OPEN_PROMISE_FACTOR
            until = open_until[customer]
            reasons.append("promise to pay open" + (f" until {until:%Y-%m-%d}" if until else "")
                           + f" (−{1 - OPEN_PROMISE_FACTOR:.0%})")
        seen = last.get(customer)
        if seen is not None and 0 <= (today - seen).days < RECENT_DAYS:
            score *= RECENT_CONTACT_FACTOR
            reasons.append(f"contacted {seen:%Y-%m-%d} (−{1 - RECENT_CONTACT_FACTOR:.0%})")
        status = "Call now"
        check = contact_check(calls.get(customer, []), datetime.combine(today, time(12, 0)), talks.get(customer, []))
        if check != OK:
            nxt = next_call_day(calls.get(customer, []), today, talks.get(customer, []))
            status = f"Call from {nxt:%Y-%m-%d}"
            reasons.append(f"no call today: {check}")
        rows.append([customer, round(float(r["overdue"]), 2), int(r["oldest"]), round(score, 2), status,
                     "; ".join(reasons)])
    out = pd.DataFrame(rows, columns=COLUMNS[1:])
    out["_wait"] = out["Status"] != "Call now"
    out = out.sort_values(["_wait", "Score", "Customer"], ascending=[True, False, True]).drop(columns="_wait")
    out.insert(0, "Rank", range(1, len(out) + 1))
    on_hold = pd.DataFrame({"Rank": [None] * len(held), "Customer": held.index,
                            "Amount overdue": held["overdue"].round(2).to_numpy(),
                            "Oldest days": held["oldest"].astype(int).to_numpy(), "Score": [None] * len(held),
                            "Status": "On hold (dispute)",
                            "Reason": [f"{o:,.2f} overdue under an open dispute; recovery suspended until "
                                       "resolved (CONC 7.14)" for o in held["overdue"]]})
    result = pd.concat([out, on_hold], ignore_index=True) if len(on_hold) else out.reset_index(drop=True)
    result["Rank"] = result["Rank"].astype(object)
    return result[COLUMNS]


def _promises(promises):
    broken, open_until = {}, {}
    if promises is None or len(promises) == 0:
        return broken, open_until
    table = select_columns(promises, ["Customer", "Status"], ["Promised Date"], "promises")
    for i, (customer, status) in enumerate(zip(table["Customer"], table["Status"]), 1):
        customer = str(customer).strip()
        status = str(status).strip()
        if status in ("Broken", "Partially Kept"):
            broken[customer] = broken.get(customer, 0) + 1
        elif status == "Open":
            when = table["Promised Date"].iloc[i - 1] if "Promised Date" in table else None
            open_until[customer] = to_date(when, "promises", i) if when is not None and when == when else None
        elif status != "Kept":
            raise DebtDeskError("promises", f"Status {status!r} is not one of Open, Kept, Partially Kept, Broken", i)
    return broken, open_until


def _contacts(contacts):
    calls, talks, last = {}, {}, {}
    if contacts is None or len(contacts) == 0:
        return calls, talks, last
    table = select_columns(contacts, ["Customer", "Contact Time"], ["Type"], "contacts")
    for i, row in enumerate(table.itertuples(index=False), 1):
        customer = str(row[0]).strip()
        moment = to_datetime(row[1], "contacts", i)
        kind = str(row[2]).strip().lower() if len(row) > 2 and row[2] is not None else "call"
        if kind == "call":
            calls.setdefault(customer, []).append(moment)
        elif kind == "conversation":
            calls.setdefault(customer, []).append(moment)
            talks.setdefault(customer, []).append(moment)
        last[customer] = max(last.get(customer, moment.date()), moment.date())
    return calls, talks, last
