"""Dunning: escalation one level at a time, with interest, fees and compensation per invoice.

Every account with money overdue (after money on account, disputed items left out) is at a
level: the highest level already sent for any invoice now overdue (from the dunning
history, one row per invoice per notice). The next level is sent only when the oldest
item is overdue by at least that level's ``min_days`` and at least ``after`` days have
passed since the previous notice — never two levels at once. A ``legal`` step needs a
letter of claim sent at least the debtor's time to reply before; a ``legal`` level without a
``claim`` level before it is refused. The letter of claim and that time follow the customer's
legal form (:mod:`debtdesk.collections.legal_form`): an individual, a sole trader included,
gets the UK Pre-Action Protocol for Debt Claims' letter and the claim level's Pay within (at
least 30 days, para 3.4); a company gets the Practice Direction – Pre-Action Conduct's letter
and 14 days (para 6(b)).

Charges depend on the customer's regime:

* **commercial** (business to business, UK): statutory interest under the Late Payment
  of Commercial Debts (Interest) Act 1998 — 8 % over the reference rate (the Bank of
  England base rate in force on the 31 December or 30 June before the debt became late),
  simple and daily — and the fixed compensation of 40 / 70 / 100 per invoice, claimed
  once per invoice. No level fees (the fixed sum is the cost of recovery).
* **consumer**: interest at the firm's contractual dunning rate and the level's fee,
  charged once per notice that brings an invoice to a new level.

Interest runs on the overdue amount for the days it was overdue: money paid (or covered
by money on account) after the due date bears interest until the day it came, what is
still owed until the as-of date; days under a dispute or in Breathing Space do not count.
Accounts paused today (Breathing Space, a dispute of the whole account, an open promise
to pay) get no notice, no fee and no interest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Sequence

import numpy as np
import pandas as pd

from debtdesk.collections.late_payment import COMPENSATION, STATUTORY_MARGIN
from debtdesk.collections.legal_form import CLAIM_REPLY_DAYS, COMPANY_REPLY_DAYS, RULES, claim_form, reply_days
from debtdesk.collections.state import LateItems, LedgerState, invoice_key
from debtdesk.columns import select_columns
from debtdesk.dates import to_date
from debtdesk.errors import DebtDeskError
from debtdesk.money import to_cents, to_cents_array
from debtdesk.values import cell_text, data_rows, number

CHANNELS = ("email", "letter", "phone", "claim", "legal")
HISTORY_COLUMNS = ["Customer", "Currency", "Invoice", "Level", "Channel", "Sent on", "Reference", "Interest", "Fee",
                   "Compensation", "Document"]


@dataclass(frozen=True)
class DunningLevel:
    """One escalation step.

    ``min_days``: the oldest item's days overdue from which it may be sent; ``after``: the
    fewest days since the previous notice; ``fee``: consumer accounts' fee for the notice;
    ``pay_within``: days the notice gives to pay; a letter of claim's is the days an individual
    has to reply (at least the Protocol's 30), a company always being given 14.
    """

    level: int
    min_days: int
    channel: str
    fee: float = 0.0
    after: int = 0
    pay_within: int = 14
    name: str = ""


#: Reminder by email, a second letter, a final notice, a phone call, the letter of claim, then legal action.
DEFAULT_LEVELS = (
    DunningLevel(1, 1, "email", 0.0, 0, 7, "Payment reminder"),
    DunningLevel(2, 15, "letter", 0.0, 7, 7, "Second reminder"),
    DunningLevel(3, 30, "letter", 10.0, 7, 14, "Final notice"),
    DunningLevel(4, 45, "phone", 0.0, 7, 7, "Phone call"),
    DunningLevel(5, 60, "claim", 0.0, 7, CLAIM_REPLY_DAYS, "Letter of claim"),
    DunningLevel(6, 90, "legal", 0.0, COMPANY_REPLY_DAYS, 0, "Refer for legal action"),
)
LEVEL_COLUMNS = ("Level", "Name", "Min days", "After", "Channel", "Fee", "Pay within")


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
    """Levels from DunningLevel objects or a table (Level, Min days, Channel[, Name, After, Fee, Pay within]).

    Sorted by Level; each level's Min days must not fall below the one before; a legal
    step needs a letter of claim (channel ``claim``) before it, and a letter of claim gives an
    individual at least 30 days to reply (Pre-Action Protocol for Debt Claims, para 3.4).

    >>> [l.channel for l in check_levels(pd.DataFrame({"Level": [2, 1], "Min days": [30, 1],
    ...                                                "Channel": ["Letter", "email"]}))]
    ['email', 'letter']
    >>> check_levels([DunningLevel(1, 1, "email"), DunningLevel(2, 30, "legal")])
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: levels row 2: a legal step needs a letter of claim level (channel claim) before it (UK Pre-Action Protocol for Debt Claims)
    """
    if isinstance(levels, pd.DataFrame):
        table = select_columns(levels, ["Level", "Min days", "Channel"], ["Name", "After", "Fee", "Pay within"], "levels")
        rows = data_rows(levels.index)
        levels = [DunningLevel(
            int(number(r["Level"], "levels", row, minimum=1, whole=True, label="Level")),
            int(number(r["Min days"], "levels", row, minimum=1, whole=True, label="Min days")),
            cell_text(r["Channel"], ""),
            number(r.get("Fee"), "levels", row, minimum=0, label="Fee", blank=0.0),
            int(number(r.get("After"), "levels", row, minimum=0, whole=True, label="After", blank=0.0)),
            int(number(r.get("Pay within"), "levels", row, minimum=0, whole=True, label="Pay within", blank=14.0)),
            cell_text(r.get("Name"), "")) for row, r in zip(rows, table.to_dict("records"))]
    out = []
    for i, level in enumerate(levels, 1):
        channel = str(level.channel).strip().lower()
        if channel not in CHANNELS:
            raise DebtDeskError("levels", f"channel {level.channel!r} is not one of {', '.join(CHANNELS)}", i)
        days = int(number(level.min_days, "levels", i, minimum=1, whole=True, label="Min days"))
        fee = number(level.fee, "levels", i, minimum=0, label="Fee")
        after = int(number(level.after, "levels", i, minimum=0, whole=True, label="After"))
        name = str(level.name or "").strip() or f"Level {int(level.level)} {channel}"
        out.append(DunningLevel(int(level.level), days, channel, fee, after, int(level.pay_within), name))
    if not out:
        raise DebtDeskError("levels", "needs at least one dunning level")
    out.sort(key=lambda l: l.level)
    for i, (before, level) in enumerate(zip(out, out[1:]), 2):
        if level.level == before.level:
            raise DebtDeskError("levels", f"level {level.level} is given twice", i)
        if level.min_days < before.min_days:
            raise DebtDeskError("levels", f"level {level.level} starts at {level.min_days} days overdue, before "
                                f"level {before.level} ({before.min_days})", i)
    for i, level in enumerate(out, 1):
        if level.channel == "claim" and level.pay_within < CLAIM_REPLY_DAYS:
            raise DebtDeskError("levels", f"Pay within {level.pay_within} is too short for a letter of claim: an "
                                f"individual has at least {CLAIM_REPLY_DAYS} days to reply (Pre-Action Protocol for Debt "
                                "Claims, para 3.4)", i)
        if level.channel == "legal" and not any(l.channel == "claim" for l in out[: i - 1]):
            raise DebtDeskError("levels", "a legal step needs a letter of claim level (channel claim) before it "
                                "(UK Pre-Action Protocol for Debt Claims)", i)
    return tuple(out)


def dunning_level(days_overdue: int, levels: Sequence[DunningLevel] = DEFAULT_LEVELS) -> DunningLevel | None:
    """The highest level whose Min days ``days_overdue`` reaches (None below level 1).

    This is where an account's days alone would put it; :func:`dunning_run` moves it there
    one level at a time.

    >>> dunning_level(45).name, dunning_level(0)
    ('Phone call', None)
    """
    reached = [l for l in check_levels(levels) if days_overdue >= l.min_days]
    return reached[-1] if reached else None


def reference_rate(due_date, rates: pd.DataFrame) -> float:
    """The Late Payment Act reference rate for a debt due on ``due_date``.

    The Bank of England base rate in force on 31 December (for a debt that becomes late
    from January to June) or 30 June (July to December) before the day it became late.
    ``rates`` lists the base rate's changes: In force from, Bank Rate.

    >>> rates = pd.DataFrame({"In force from": ["2025-05-08", "2025-08-07"], "Bank Rate": [0.0425, 0.04]})
    >>> reference_rate("2025-07-31", rates), reference_rate("2025-06-30", rates), reference_rate("2026-02-01", rates)
    (0.0425, 0.0425, 0.04)
    """
    return _rate_on(due_date, bank_rates(rates))


def bank_rates(rates: pd.DataFrame) -> list[tuple[date, float]]:
    """The base rate's changes (In force from, Bank Rate) read and checked once, in date order.

    >>> bank_rates(pd.DataFrame({"In force from": ["2025-08-07", "2025-05-08"], "Bank Rate": [0.04, 0.0425]}))
    [(datetime.date(2025, 5, 8), 0.0425), (datetime.date(2025, 8, 7), 0.04)]
    """
    table = select_columns(rates, ["In force from", "Bank Rate"], (), "ReferenceRates")
    rows = data_rows(rates.index)
    return sorted((to_date(d, "ReferenceRates", r), number(v, "ReferenceRates", r, minimum=0, maximum=1, label="Bank Rate"))
                  for r, d, v in zip(rows, table["In force from"], table["Bank Rate"]))


def _rate_on(due_date, known: list[tuple[date, float]]) -> float:
    """:func:`reference_rate` from the changes :func:`bank_rates` read."""
    late = to_date(due_date, "due_date") + timedelta(days=1)
    fixed = date(late.year - 1, 12, 31) if late.month <= 6 else date(late.year, 6, 30)
    before = [rate for day, rate in known if day <= fixed]
    if not before:
        raise DebtDeskError("ReferenceRates", f"has no Bank Rate in force on {fixed:%d %B %Y}, the reference day for a "
                            f"debt due on {late - timedelta(days=1):%Y-%m-%d}")
    return before[-1]


@dataclass(frozen=True)
class Dunning:
    """A dunning run: one row per account (``notices``) and per invoice (``lines``)."""

    notices: pd.DataFrame
    lines: pd.DataFrame

    def lines_of(self, customer: str, currency: str) -> pd.DataFrame:
        """The invoice lines of one account's notice (the rows are grouped by account once, on the first call,
        so a run's 50,000 notices cost 50,000 look-ups rather than 50,000 passes over every line)."""
        return self.lines.take(self._positions.get((customer, currency), []))

    @cached_property
    def _positions(self) -> dict:
        """Each account's rows of ``lines``, in order, by (customer, currency)."""
        return self.lines.groupby(["Customer", "Currency"], sort=False).indices if len(self.lines) else {}

    def history_frame(self, sent_on: date, documents: dict | None = None) -> pd.DataFrame:
        """The DunningHistory rows for the notices sent today: one per invoice line of each sent notice, in the
        notices' order, with the columns of :data:`HISTORY_COLUMNS` (a column each, so that a million-line history
        is a few arrays rather than a million dicts). ``documents`` maps (customer, currency) to the document written.

        >>> from debtdesk.collections.state import ledger_state
        >>> ledger = pd.DataFrame({"Customer": ["A", "A"], "Invoice": ["1", "2"], "Invoice Date": ["2024-01-01"] * 2,
        ...                        "Due Date": ["2024-01-31"] * 2, "Amount": [100.0, 50.0]})
        >>> run = dunning_run(ledger_state(ledger, "2024-03-01", default_regime="consumer"), 0.08)
        >>> run.history_frame(date(2024, 3, 1), {("A", ""): "0001-A-reminder.eml"}).values.tolist()[1]
        ['A', '', '2', 1, 'email', datetime.date(2024, 3, 1), 'D240301-001', 0.33, 0.0, 0.0, '0001-A-reminder.eml']
        """
        documents = documents or {}
        sent = self.notices[self.notices["Send"]]
        keys = list(zip(sent["Customer"].tolist(), sent["Currency"].tolist()))
        parts = [self._positions.get(key, _NO_ROWS) for key in keys]
        at = np.concatenate(parts) if parts else _NO_ROWS
        each = np.repeat(np.arange(len(keys)), [len(part) for part in parts])
        day = np.empty(len(each), dtype=object)
        day[:] = [sent_on]
        notice = {name: sent[name].array.take(each) for name in ("Level", "Channel", "Reference")}
        # A line's Customer and Currency are its notice's. When every line is sent, in order (a first run), the
        # history shares the lines' columns (Series, so that a change to either copies first) instead of copies.
        every = len(at) == len(self.lines) and bool((at == np.arange(len(at))).all())
        line = {name: self.lines[column] if every else self.lines[column].array.take(at)
                for name, column in (("Customer", "Customer"), ("Currency", "Currency"), ("Invoice", "Invoice"),
                                     ("Interest", "Interest"), ("Fee", "New fee"), ("Compensation", "New compensation"))}
        index = self.lines.index if every else None
        return pd.DataFrame({**{name: pd.Series(values, index=index, copy=False) for name, values in notice.items()},
                             **line, "Sent on": pd.Series(day, index=index, copy=False),
                             "Document": pd.Series(np.array([documents.get(key, "") for key in keys] or [""],
                                                             dtype=object)[each], index=index, copy=False)},
                            columns=HISTORY_COLUMNS, copy=False)


_NO_ROWS = np.zeros(0, dtype=np.int64)


NOTICE_COLUMNS = ["Customer", "Currency", "Regime", "Legal form", "Amount overdue", "Oldest days", "Level", "Letter", "Channel",
                  "Interest", "Fees", "Compensation", "Total due", "Pay by", "Reference", "Status", "Send"]


def dunning_run(state: LedgerState, annual_rate: float = 0.0,
                levels: Sequence[DunningLevel] | pd.DataFrame = DEFAULT_LEVELS,
                history: pd.DataFrame | None = None, reference_rates: pd.DataFrame | None = None) -> Dunning:
    """Per account with money overdue: its level, the notice due today (if any) and what it charges.

    Parameters
    ----------
    state : LedgerState
        The run's ledger state (:func:`~debtdesk.collections.state.ledger_state`).
    annual_rate : float
        Consumer accounts' contractual dunning interest rate per year (fraction).
    levels : sequence of DunningLevel or table
    history : pandas.DataFrame, optional
        Notices already sent, one row per invoice: Customer, Invoice, Level, Sent on[,
        Channel, Fee, Compensation, Currency].
    reference_rates : pandas.DataFrame, optional
        Bank of England base rate changes (In force from, Bank Rate); needed when a
        commercial account has anything overdue.

    Returns
    -------
    Dunning
        ``notices``: Customer, Currency, Regime, Legal form ("" when not given), Amount
        overdue, Oldest days, Level (after
        today's notice), Letter, Channel, Interest, Fees, Compensation, Total due, Pay by,
        Reference, Status, Send (True when a notice goes today). Accounts paused today, or
        whose overdue items are all disputed, are listed with what is overdue and nothing
        charged. ``lines``: per overdue
        invoice of each account, Invoice, Invoice Date, Due Date, Days, Amount, Outstanding,
        Applied, Net, Interest, Fee, Compensation, New fee, New compensation.

    Examples
    --------
    >>> from debtdesk.collections.state import ledger_state
    >>> ledger = pd.DataFrame({"Customer": ["A"], "Invoice": ["1"], "Invoice Date": ["2024-01-01"],
    ...                        "Due Date": ["2024-01-31"], "Amount": [100.0]})
    >>> run = dunning_run(ledger_state(ledger, "2024-03-01", default_regime="consumer"), 0.08)
    >>> run.notices[["Customer", "Level", "Letter", "Interest", "Total due", "Status"]].values.tolist()
    [['A', 1, 'Payment reminder', 0.66, 100.66, 'Send: Payment reminder by email']]
    """
    table = check_levels(levels)
    rate = number(annual_rate, "annual_rate", minimum=0, maximum=1, hint="(rates are fractions: 8% is 0.08)")
    past = _history(history)
    sent: dict[str, list[dict]] = {}
    for record in past.to_dict("records"):
        sent.setdefault(record["Customer"], []).append(record)
    late = state.late_arrays
    account_forms = {}  # (customer, currency) -> legal form, "" when not given
    accounts = []  # per account with anything late: its row's parts and its lines (positions in ``late``)
    for account in state.accounts.to_dict("records"):
        key = (account["Customer"], account["Currency"])
        if key not in late.bounds:
            continue  # nothing overdue once money on account is set against it: never dunned
        account_forms[key] = account.get("Legal form") or ""
        first, stop = late.bounds[key]
        positions = np.arange(first, stop)
        overdue = positions[~late.held[first:stop]]
        theirs = sent.get(key[0], [])
        invoices = set(late.invoice[first:stop].tolist()) if theirs else set()
        mine = [h for h in theirs if h["Invoice"] in invoices]
        current = max((h["Level"] for h in mine), default=0)
        last_sent = max((h["Sent on"] for h in mine), default=None)
        nxt = next((l for l in table if l.level > current), None)
        paused = bool(account["Paused"]) or not len(overdue)
        if paused:  # shown with what is overdue, nothing sent or charged
            overdue = positions
            status, send = (f"Paused: {account['Paused']}" if account["Paused"]
                            else "Held: every overdue item is disputed (CONC 7.14)"), False
        else:
            status, send = _next_step(account, current, last_sent, nxt, mine, table, state.as_of)
        level = nxt if send else next((l for l in table if l.level == current), None)
        accounts.append((key, account["Regime"], overdue, paused, send, level, status, theirs))
    order = np.concatenate([a[2] for a in accounts]) if accounts else np.zeros(0, dtype=np.int64)
    sizes = [len(a[2]) for a in accounts]
    commercial = np.repeat([a[1] == "commercial" for a in accounts], sizes).astype(bool)
    paused = np.repeat([a[3] for a in accounts], sizes).astype(bool)
    send = np.repeat([a[4] for a in accounts], sizes).astype(bool)
    yearly = np.full(len(order), float(rate))
    if commercial.any():  # the base rate's changes, read at the first commercial item that needs them
        first = next(a[0] for a, size in zip(accounts, sizes) if a[1] == "commercial" and size)
        known = bank_rates(_rates(reference_rates, first))
        yearly[commercial] = STATUTORY_MARGIN + _rates_on(late.due_day[order[commercial]], known)
    interest = np.zeros(len(order), dtype=np.int64)  # paused accounts are charged nothing
    interest[~paused] = _interests(late, order[~paused], yearly[~paused], state)
    had = _charged(past)
    charges = [had.get(key, (0.0, 0.0)) for key in zip(late.customer[order].tolist(), late.invoice[order].tolist())] \
        if had else []
    fee = np.array([f for f, _ in charges], dtype=float) if had else np.zeros(len(order))
    claimed = np.array([c for _, c in charges], dtype=float) if had else np.zeros(len(order))
    new_comp = np.where(commercial & send & (claimed == 0) & ~paused, _compensations(late.amount[order]), 0.0)
    new_fee = np.zeros(len(order))
    starts = np.cumsum([0] + sizes[:-1]).astype(np.int64)
    for (key, regime, overdue, paused_now, send_now, level, status, theirs), start in zip(accounts, starts.tolist()):
        if send_now and regime != "commercial" and level.fee:
            charged = {h["Invoice"] for h in theirs if h["Level"] == level.level}
            if any(invoice not in charged for invoice in late.invoice[overdue].tolist()):
                new_fee[start] = level.fee
                fee[start] += level.fee
    # Each account's sums of its lines' cents, as to_cents reads each line's amount.
    per_account = (lambda cents: np.add.reduceat(cents, starts).tolist() if len(order) else [])  # noqa: E731
    interest_cents = per_account(_cents_back(interest))
    fee_cents = per_account(to_cents_array(fee))
    comp_cents = per_account(to_cents_array(claimed + new_comp))
    overdue_cents = per_account(_cents_back(late.net_cents[order]))
    oldest = np.maximum.reduceat(late.days[order], starts).tolist() if len(order) else []
    rows, serial = [], 0
    forms = [account_forms[key] for key, *_ in accounts]
    for i, (key, regime, overdue, paused_now, send_now, level, status, theirs) in enumerate(accounts):
        serial += send_now
        reference = f"D{state.as_of:%y%m%d}-{serial:03d}" if send_now else ""
        pay_by = state.as_of + timedelta(days=reply_days(forms[i], level.pay_within) if level.channel == "claim"
                                         else level.pay_within) \
            if send_now and level.channel in ("email", "letter", "claim") else None
        total = overdue_cents[i] + sum(_cents_back(np.array([interest_cents[i], fee_cents[i], comp_cents[i]])).tolist())
        rows.append([key[0], key[1], regime, forms[i], overdue_cents[i] / 100, oldest[i],
                     level.level if level else 0, level.name if level else "", level.channel if level else "",
                     interest_cents[i] / 100, fee_cents[i] / 100, comp_cents[i] / 100, total / 100,
                     pay_by, reference, status, send_now])
    notices = pd.DataFrame(rows, columns=NOTICE_COLUMNS).astype({"Send": bool})  # a mask even with no rows
    if not len(order):
        return Dunning(notices, pd.DataFrame([], columns=LINE_COLUMNS))
    # each line's columns taken by position from the items, as arrays (no Python object per value)
    picked = {name: late.column(name, order)
              for name in ("Customer", "Currency", "Invoice", "Invoice Date", "Due Date", "Days", "Amount",
                           "Outstanding", "Applied", "Net")}
    picked.update({"Interest": interest / 100, "Fee": fee, "Compensation": claimed + new_comp, "New fee": new_fee,
                   "New compensation": new_comp})
    # copy=False: each column stays the array just made (not copied again into one block per type)
    return Dunning(notices, pd.DataFrame({name: picked[name] for name in LINE_COLUMNS}, copy=False))


LINE_COLUMNS = ["Customer", "Currency", "Invoice", "Invoice Date", "Due Date", "Days", "Amount", "Outstanding",
                "Applied", "Net", "Interest", "Fee", "Compensation", "New fee", "New compensation"]


def _cents_back(cents: np.ndarray) -> np.ndarray:
    """:func:`to_cents` of each of ``cents`` / 100, as the amounts shown are read back (refused past
    :data:`~debtdesk.money.MAX_AMOUNT`)."""
    cents = np.asarray(cents, dtype=np.int64)
    amounts = cents / 100  # Python's int / 100 where float64 holds the cents exactly
    for i in np.flatnonzero(np.abs(cents) > 2**53):
        amounts[i] = int(cents[i]) / 100
    return to_cents_array(amounts)


def _charged(past: pd.DataFrame) -> dict[tuple[str, str], tuple[float, float]]:
    """(customer, invoice) -> (fees, compensation) the dunning history has charged, summed in its order."""
    fees: dict[tuple[str, str], list] = {}
    for customer, invoice, fee, comp in zip(past["Customer"], past["Invoice"], past["Fee"], past["Compensation"]):
        fees.setdefault((customer, invoice), []).append((fee, comp))
    return {key: (float(sum(f for f, _ in got)), sum(c for _, c in got)) for key, got in fees.items()}


def _compensations(amounts: np.ndarray) -> np.ndarray:
    """:func:`~debtdesk.collections.late_payment.compensation` of each amount."""
    below = np.array([b for b, _ in COMPENSATION])
    fixed = np.array([f for _, f in COMPENSATION])
    return fixed[np.searchsorted(below, amounts, side="right")]


def _rates_on(due_days: np.ndarray, known: list[tuple[date, float]]) -> np.ndarray:
    """:func:`reference_rate` of debts due on each of ``due_days`` (days since 1970), refusing as :func:`_rate_on`."""
    late = due_days.astype("datetime64[D]") + 1
    january = late.astype("datetime64[Y]").astype("datetime64[M]")
    first_half = late.astype("datetime64[M]") - january < 6
    fixed = np.where(first_half, january.astype("datetime64[D]") - 1, (january + 6).astype("datetime64[D]") - 1)
    changes = np.array([day for day, _ in known], dtype="datetime64[D]")
    at = np.searchsorted(changes, fixed, side="right") - 1
    if (at < 0).any():
        _rate_on(_EPOCH + timedelta(days=int(due_days[np.argmax(at < 0)])), known)  # refuses, naming the first
    return np.array([rate for _, rate in known])[at]


_EPOCH = date(1970, 1, 1)
#: Interest is figured in whole integers where Decimal's 28 digits are exact too: products below this.
_EXACT_BELOW = 10**24
#: Late items whose interest is figured at once (:func:`_interests`).
_CHUNK = 65_536


def _interests(late: LateItems, order: np.ndarray, yearly: np.ndarray, state: LedgerState) -> np.ndarray:
    """:func:`_interest` of each late item at ``order`` at its ``yearly`` rate, over whole arrays.

    Each part owed (the net amount until the as-of date; each dated payment, and money on
    account set against the item, until the day it came, if after the due date) times its
    days overdue is summed in integers, times the rate's decimal digits, and rounded half-up
    over 365 × the rate's scale: exactly the Decimal figure. Items with paused days, and any
    whose figure lies within Decimal's rounding of a half cent or whose products pass 10**24,
    take :func:`_interest` itself. Each item's figure is its own, so a million items are figured
    :data:`_CHUNK` at a time: the exact integers are Python objects, a chunk's worth at once.
    """
    if len(order) > _CHUNK:
        return np.concatenate([_interests(late, order[i: i + _CHUNK], yearly[i: i + _CHUNK], state)
                               for i in range(0, len(order), _CHUNK)])
    due = late.due_day[order]
    as_of = (state.as_of - _EPOCH).days
    weighted = late.net_cents[order].astype(object) * (as_of - due).astype(object)  # Python ints: never overflow
    magnitude = np.abs(weighted)  # Σ |cents × days|: bounds every Decimal product, whatever the signs
    parts = np.ones(len(order), dtype=np.int64)
    paid = state.history.paid if state.history is not None else {}
    if paid:
        for j, key in enumerate(zip(late.customer[order].tolist(), late.invoice[order].tolist())):
            for cents, day in paid.get(key, ()):
                days = (day - _EPOCH).days - int(due[j])
                if day <= state.as_of and days > 0:
                    weighted[j] += cents * days
                    magnitude[j] += abs(cents) * days
                    parts[j] += 1
    applied = late.applied_cents[order]
    for j in np.flatnonzero(applied > 0):  # money on account set against the item, from the day that money came
        days = (_on_account_since(state, late.customer[order[j]], late.currency[order[j]]) - _EPOCH).days - int(due[j])
        if days > 0:
            weighted[j] += int(applied[j]) * days
            magnitude[j] += int(applied[j]) * days
            parts[j] += 1
    out = np.zeros(len(order), dtype=np.int64)
    careful = np.zeros(len(order), dtype=bool)
    for value in np.unique(yearly[yearly != 0]):
        at = np.flatnonzero(yearly == value)
        digits = Decimal(repr(float(value))).as_tuple()
        scale = int("".join(map(str, digits.digits))) * (-1 if digits.sign else 1)
        factor = scale * 10 ** max(digits.exponent, 0)
        numerator = weighted[at] * factor
        denominator = 365 * 10 ** max(-digits.exponent, 0)
        size = np.abs(numerator)
        careful[at] = ((2 * size) % (2 * denominator) == denominator) | (magnitude[at] * abs(factor) >= _EXACT_BELOW) \
            | (parts[at] > 100)
        whole = np.where(careful[at], 0, (2 * size + denominator) // (2 * denominator))  # half-up, away from zero
        out[at] = np.where(numerator < 0, -whole, whole).astype(np.int64)
    if len(state.pauses):  # paused days are left out item by item
        careful |= np.isin(late.customer[order], state.pauses["Customer"].to_numpy(dtype=object))
    for j in np.flatnonzero(careful & (yearly != 0)):
        out[j] = _interest(late.record(int(order[j])), float(yearly[j]), state)
    return out


def _on_account_since(state: LedgerState, customer: str, currency: str) -> date:
    """The day money on account counts from: the account's earliest dated credit, else the as-of date."""
    credits = state.account_items(customer, currency)
    credits = credits[credits["Cents"] < 0]
    dated = [d for d in credits["Invoice Date"] if d is not None]
    return min(dated) if dated else state.as_of


def _next_step(account: dict, current: int, last_sent: date | None, nxt: DunningLevel | None, mine: list[dict],
               table: tuple[DunningLevel, ...], as_of: date) -> tuple[str, bool]:
    """(status, send today?) of an account that is not paused.

    A legal step waits the reply time the last letter of claim gave: the customer's legal form's (14 days for a
    company, the claim level's Pay within for anyone else), as its Pay by date said.
    """
    if nxt is None:
        return "Top level reached: with the firm's solicitor", False
    form = claim_form(account.get("Legal form") or "")
    waits = [as_of + timedelta(days=nxt.min_days - int(account["Oldest days"]))]
    if last_sent is not None:
        waits.append(last_sent + timedelta(days=nxt.after))
    claim_levels = {l.level: l for l in table if l.channel == "claim"}
    claims = sorted((h["Sent on"], h["Level"]) for h in mine if h["Level"] in claim_levels)
    if nxt.channel == "legal":
        if not claims:
            return f"Letter of claim needed before legal action ({RULES[form]})", False
        sent_on, level = claims[-1]
        days = reply_days(form, claim_levels[level].pay_within)
        waits.append(sent_on + timedelta(days=days))
    ready = max(waits)
    if ready > as_of:
        return f"Wait: {nxt.name} from {ready:%Y-%m-%d}", False
    if nxt.channel == "legal":
        return f"Refer for legal action: no reply within {days} days of the letter of claim of {sent_on:%Y-%m-%d}", True
    if nxt.channel == "phone":
        return f"Call: {nxt.name} (see the Worklist)", True
    if nxt.channel == "claim":
        return f"Send: {nxt.name} ({RULES[form]}: {reply_days(form, nxt.pay_within)} days to reply)", True
    return f"Send: {nxt.name} by {nxt.channel}", True


def _interest(item: dict, yearly: float, state: LedgerState) -> int:
    """Cents of interest on one item: each part of it for the days it was overdue, paused days left out."""
    if not yearly:
        return 0
    due = item["Due Date"]
    parts = [(to_cents(item["Net"]), state.as_of)]  # what is still owed, overdue until today
    parts += [(cents, day) for cents, day in _settled_late(item, state) if day > due]
    spans = state.paused_spans(item["Customer"], item["Invoice"])
    rate = Decimal(repr(float(yearly)))
    total = Decimal(0)
    for cents, until in parts:
        total += Decimal(cents) * rate * _unpaused_days(due, until, spans) / 365
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _unpaused_days(due: date, until: date, spans: list[tuple[date, date]]) -> int:
    """Days from the day after ``due`` to ``until`` (inclusive) outside every paused span (inclusive ends).

    >>> _unpaused_days(date(2024, 1, 31), date(2024, 3, 31), [(date(2024, 2, 10), date(2024, 2, 19))])
    50
    """
    first, days = due + timedelta(days=1), (until - due).days
    covered, reach = 0, first
    for start, end in sorted((max(a, first), min(b, until)) for a, b in spans):
        start = max(start, reach)
        if start <= end:
            covered += (end - start).days + 1
            reach = end + timedelta(days=1)
    return max(days - covered, 0)


def _settled_late(item: dict, state: LedgerState) -> list[tuple[int, date]]:
    """(cents, day) of the item's dated payments, and of money on account set against it (at that money's date)."""
    out = []
    if state.history is not None:
        out += [(cents, day) for cents, day in state.history.paid.get((item["Customer"], item["Invoice"]), [])
                if day <= state.as_of]
    if item["Applied"] > 0:
        out.append((to_cents(item["Applied"]), _on_account_since(state, item["Customer"], item["Currency"])))
    return out


def _rates(reference_rates: pd.DataFrame | None, key: tuple[str, str]) -> pd.DataFrame:
    if reference_rates is None or not len(reference_rates):
        raise DebtDeskError("ReferenceRates", f"is empty, but {key[0]} is a commercial account with money overdue: "
                            "statutory interest under the Late Payment Act needs the Bank of England base rate")
    return reference_rates


def _history(history: pd.DataFrame | None) -> pd.DataFrame:
    """The dunning history checked: Customer, Invoice, Level, Sent on, Fee, Compensation."""
    if history is None or not len(history):
        return pd.DataFrame({"Customer": pd.Series(dtype=object), "Invoice": pd.Series(dtype=object),
                             "Level": pd.Series(dtype=int), "Sent on": pd.Series(dtype=object),
                             "Fee": pd.Series(dtype=float), "Compensation": pd.Series(dtype=float)})
    table = select_columns(history, ["Customer", "Invoice", "Level", "Sent on"], ["Fee", "Compensation"], "DunningHistory")
    rows = data_rows(history.index)
    return pd.DataFrame({
        "Customer": [cell_text(v, "") for v in table["Customer"]],
        "Invoice": [invoice_key(v) for v in table["Invoice"]],
        "Level": [int(number(v, "DunningHistory", r, minimum=1, whole=True, label="Level")) for r, v in zip(rows, table["Level"])],
        "Sent on": [to_date(v, "DunningHistory", r) for r, v in zip(rows, table["Sent on"])],
        "Fee": [number(v, "DunningHistory", r, minimum=0, label="Fee", blank=0.0)
                for r, v in zip(rows, table["Fee"] if "Fee" in table else [None] * len(table))],
        "Compensation": [number(v, "DunningHistory", r, minimum=0, label="Compensation", blank=0.0)
                         for r, v in zip(rows, table["Compensation"] if "Compensation" in table else [None] * len(table))],
    })


def _exact(value: float) -> Decimal:
    """A checked float as the Decimal of its shortest repr, for exact cent arithmetic."""
    return Decimal(repr(value))

