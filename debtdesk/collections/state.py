"""A collections run's ledger state: computed once, read by every view (DESIGN.md §2).

:func:`ledger_state` reads the ledger and everything around it (dated payments, customer
details, disputes, promises, the contact log) once, checks it, and builds one model:

* **items** — every open item as of the as-of date (items dated later are left out; with
  dated payments that reconcile with the ledger, Paid is what had been paid by then), its
  days past the due date (what a customer is told, whatever the report's basis), its age
  and bucket on the report's basis, and its bucket by due date (what KPIs on past-due
  status use). Money on account — credit notes and payments not tied to an invoice — is
  set against the customer's undisputed items, oldest due first, in the same currency:
  ``Applied`` is what was set against an item, ``Net`` what is left (on a credit, the
  part still unallocated, shown and never hidden). Items under an open dispute carry
  the reason in ``Held`` and take no money on account.
* **accounts** — one row per customer and currency: Balance = Overdue + Disputed + Not
  yet due + On account, to the cent; the oldest overdue days; the customer's details
  (contact, phone, regime, legal form, time zone, credit limit and hold, collector, Breathing
  Space);
  and ``Paused``, the reason no recovery action may be taken today (Breathing Space, a
  dispute of the whole account, an open promise to pay).

Ageing, dunning, the worklist, statements and KPIs all read this one object, so they agree
to the cent; a customer whose money on account covers what is overdue has nothing
overdue and is neither dunned nor called.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, timedelta
from typing import Sequence

import numpy as np
import pandas as pd

from debtdesk.collections.ageing import (DEFAULT_EDGES, LEDGER_OPTIONAL, LEDGER_REQUIRED, UNALLOCATED, age_items,
                                         bucket_labels, check_edges, check_ledger, outstanding_cents, read_ledger,
                                         refuse_negative)
from debtdesk.collections.contacts import ContactLog, contact_log
from debtdesk.collections.disputes import open_disputes
from debtdesk.collections.legal_form import legal_form
from debtdesk.collections.promises import STATUSES, promise_statuses
from debtdesk.collections.timezones import consumer_zones
from debtdesk.columns import normalise, select_columns
from debtdesk.dates import to_date
from debtdesk.errors import DebtDeskError
from debtdesk.money import MAX_AMOUNT
from debtdesk.values import cell_text, data_rows, is_blank, match_key, number

REGIMES = ("commercial", "consumer")
#: Customers-table columns the state reads (all optional but Customer).
CUSTOMER_COLUMNS = ("Contact", "Phone", "Email", "Address", "Regime", "Legal form", "Time zone", "Credit limit",
                    "Credit hold", "Collector", "Breathing space from", "Breathing space until")
_EPOCH = date(1970, 1, 1)
PAUSE_COLUMNS = ["Customer", "Invoice", "From", "Until", "Reason"]
_NONE = np.zeros(0, dtype=np.intp)


@dataclass(frozen=True)
class LedgerState:
    """The one model of a collections run (see the module docstring for its parts)."""

    as_of: date
    edges: tuple[int, ...]
    basis: str
    currency: str
    items: pd.DataFrame
    accounts: pd.DataFrame
    promises: pd.DataFrame | None = None
    contacts: ContactLog = field(default_factory=ContactLog)
    disputes: pd.DataFrame | None = None
    notes: tuple[str, ...] = ()
    #: Stretches when recovery was paused (Customer, Invoice or "" for the whole account, From,
    #: Until — inclusive, None when open-ended — and Reason): disputes and Breathing Space.
    #: Interest does not run in them.
    pauses: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PAUSE_COLUMNS))
    #: The ledger and dated payments, for the ledger as it stood on earlier days (KPIs); None when
    #: the payments do not reconcile with the ledger, and ``history_problem`` says why.
    history: "LedgerHistory | None" = None
    history_problem: str = ""
    #: The ledger as read for this run (:func:`~debtdesk.collections.ageing.read_ledger`): every view of
    #: another day (the history, credit sales) starts from it instead of reading the ledger again.
    read: dict | None = field(default=None, repr=False, compare=False)

    @property
    def labels(self) -> list[str]:
        """The age buckets' labels."""
        return bucket_labels(self.edges)

    @property
    def currencies(self) -> list[str]:
        """The currencies the open items are in, sorted."""
        return sorted(set(self.accounts["Currency"])) if len(self.accounts) else [self.currency]

    def ageing(self, by: str = "report") -> pd.DataFrame:
        """Per account: one column per bucket, Unallocated and Total (as :func:`~debtdesk.collections.ageing`).

        ``by="report"`` buckets on the report's basis; ``by="due"`` always by due date (the
        KPIs' view). A Currency column follows Customer when there is more than one currency.

        >>> ledger = pd.DataFrame({"Customer": ["A", "A"], "Invoice": ["1", "2"], "Invoice Date": ["2024-01-01"] * 2,
        ...                        "Due Date": ["2024-01-31", "2024-04-30"], "Amount": [100.0, 50.0]})
        >>> ledger_state(ledger, "2024-03-31", basis="invoice").ageing("due")[["Current", "31-60", "Total"]].values.tolist()
        [[50.0, 100.0, 150.0]]
        """
        column = {"report": "Bucket", "due": "Due bucket"}[by]
        labels = self.labels + [UNALLOCATED]
        if not len(self.items):
            return pd.DataFrame(columns=["Customer", *labels, "Total"])
        keys = ["Customer", "Currency"]
        table = (self.items.pivot_table(index=keys, columns=column, values="Cents", aggfunc="sum", fill_value=0)
                 .reindex(columns=labels, fill_value=0))
        table["Total"] = table.sum(axis=1)
        out = (table / 100.0).reset_index()
        out.columns.name = None
        if len(self.currencies) == 1:
            out = out.drop(columns="Currency")
        return out

    def bucket_totals(self, currency: str, by: str = "due") -> dict[str, float]:
        """Σ per bucket label (and Unallocated) for one currency, to the cent.

        >>> ledger = pd.DataFrame({"Customer": ["A", "B"], "Invoice": ["1", "CN"], "Invoice Date": ["2024-01-01"] * 2,
        ...                        "Due Date": ["2024-01-31", None], "Amount": [100.0, -20.0], "Currency": ["GBP"] * 2})
        >>> ledger_state(ledger, "2024-03-31").bucket_totals("GBP")
        {'Current': 0.0, '1-30': 0.0, '31-60': 100.0, '61-90': 0.0, '91+': 0.0, 'Unallocated': -20.0}
        """
        column = {"report": "Bucket", "due": "Due bucket"}[by]
        mine = self.items[self.items["Currency"] == currency]
        cents = mine.groupby(column)["Cents"].sum()
        return {label: int(cents.get(label, 0)) / 100 for label in self.labels + [UNALLOCATED]}

    def credit_sales(self, windows: Sequence[tuple], currency: str) -> list[float]:
        """Credit sales dated in each window ``(start, end]`` in ``currency`` (as :func:`~debtdesk.collections.kpi.credit_sales`).

        >>> ledger = pd.DataFrame({"Customer": ["A", "A"], "Invoice": ["1", "CN"], "Invoice Date": ["2024-01-05", "2024-02-01"],
        ...                        "Due Date": [None] * 2, "Amount": [100.0, -20.0]})
        >>> ledger_state(ledger, "2024-03-31").credit_sales([("2023-12-31", "2024-01-31"), ("2024-01-31", "2024-02-29")], "")
        [100.0, 0.0]
        """
        from debtdesk.collections.kpi import sales_in_windows

        return sales_in_windows(self.read, windows, currency)

    def account(self, customer: str, currency: str | None = None) -> pd.Series:
        """The accounts row of one customer (and currency)."""
        rows = self.accounts[(self.accounts["Customer"] == customer)
                             & ((self.accounts["Currency"] == currency) if currency else True)]
        if not len(rows):
            raise DebtDeskError("customer", f"{customer!r} has nothing open in the ledger")
        return rows.iloc[0]

    def account_items(self, customer: str, currency: str) -> pd.DataFrame:
        """The open items of one account, oldest due first (an empty frame when it has none).

        >>> ledger = pd.DataFrame({"Customer": ["A", "A"], "Invoice": ["2", "1"], "Invoice Date": ["2024-02-01", "2024-01-01"],
        ...                        "Due Date": ["2024-03-01", "2024-01-31"], "Amount": [50.0, 100.0]})
        >>> ledger_state(ledger, "2024-03-31").account_items("A", "")["Invoice"].tolist()
        ['1', '2']
        """
        rows, places = self._by_account
        return self.items.take(rows[places.get((customer, currency), _NONE)])

    def late_items(self, customer: str, currency: str) -> list[dict]:
        """The account's items still owed and past due after money on account (disputed ones too, with
        their ``Held`` reason), oldest due first, as records.

        >>> ledger = pd.DataFrame({"Customer": ["A", "A"], "Invoice": ["1", "2"], "Invoice Date": ["2024-01-01"] * 2,
        ...                        "Due Date": ["2024-01-31", "2024-04-30"], "Amount": [100.0, 50.0]})
        >>> [(r["Invoice"], r["Net"], r["Days"]) for r in ledger_state(ledger, "2024-03-31").late_items("A", "")]
        [('1', 100.0, 60)]
        """
        return self._late.get((customer, currency), [])

    def paused_spans(self, customer: str, invoice: str) -> list[tuple[date, date]]:
        """The stretches (first, last day; open ends as date.min/date.max) an item's recovery was paused.

        >>> ledger = pd.DataFrame({"Customer": ["A"], "Invoice": ["1"], "Invoice Date": ["2024-01-01"],
        ...                        "Due Date": ["2024-01-31"], "Amount": [100.0]})
        >>> disputes = pd.DataFrame({"Customer": ["A"], "Invoice": ["1"], "Opened": ["2024-02-10"], "Resolved": ["2024-02-20"]})
        >>> ledger_state(ledger, "2024-03-31", disputes=disputes).paused_spans("A", "1")
        [(datetime.date(2024, 2, 10), datetime.date(2024, 2, 19))]
        """
        return [(start, end) for item, start, end in self._spans.get(customer, []) if item in ("", invoice)]

    @cached_property
    def _spans(self) -> dict[str, list[tuple[str, date, date]]]:
        out: dict[str, list[tuple[str, date, date]]] = {}
        for customer, invoice, start, end in zip(self.pauses["Customer"], self.pauses["Invoice"], self.pauses["From"],
                                                 self.pauses["Until"]):
            out.setdefault(customer, []).append((invoice, start or date.min, end or date.max))
        return out

    @property
    def late_frame(self) -> pd.DataFrame:
        """Every account's :meth:`late_items` in one frame, by account (Customer, Currency) then oldest due first
        (made on each call from :attr:`late_rows`: views over every account read :attr:`late_arrays` instead).

        >>> ledger = pd.DataFrame({"Customer": ["B", "A", "A"], "Invoice": ["3", "2", "1"],
        ...                        "Invoice Date": ["2024-01-01"] * 3, "Due Date": ["2024-02-29", "2024-02-29", "2024-01-31"],
        ...                        "Amount": [10.0, 50.0, 100.0]})
        >>> ledger_state(ledger, "2024-03-31").late_frame[["Customer", "Invoice", "Days"]].values.tolist()
        [['A', '1', 60], ['A', '2', 31], ['B', '3', 31]]
        """
        return self.items.take(self.late_rows)

    @cached_property
    def late_rows(self) -> np.ndarray:
        """The positions in :attr:`items` of the items still owed and past due (:meth:`late_items`), by account
        (Customer, Currency) then oldest due first: the order of :attr:`late_frame`, without copying the items.

        >>> ledger = pd.DataFrame({"Customer": ["B", "A", "A"], "Invoice": ["3", "2", "1"],
        ...                        "Invoice Date": ["2024-01-01"] * 3, "Due Date": ["2024-02-29", "2024-02-29", "2024-01-31"],
        ...                        "Amount": [10.0, 50.0, 100.0]})
        >>> ledger_state(ledger, "2024-03-31").late_rows.tolist()
        [2, 1, 0]
        """
        late = ((self.items["Net cents"] > 0) & (self.items["Days"] > 0)).to_numpy()
        return _account_order(self.items, late)

    @cached_property
    def late_arrays(self) -> "LateItems":
        """:attr:`late_frame` as arrays, with each account's rows (:class:`LateItems`), for views over every account."""
        return LateItems(self.items, self.late_rows)

    @cached_property
    def _late(self) -> dict[tuple[str, str], list[dict]]:
        out: dict[tuple[str, str], list[dict]] = {}
        for record in self.late_frame.to_dict("records"):
            out.setdefault((record["Customer"], record["Currency"]), []).append(record)
        return out

    @cached_property
    def _by_account(self) -> tuple[np.ndarray, dict]:
        """The items' positions oldest due first by account, and each account's places in them, grouped once (views
        over every account read them by key; positions rather than a frame per account, which at 50,000 accounts
        held more memory than the items themselves, or a sorted copy of the items)."""
        rows = _account_order(self.items)
        keys = self.items[["Customer", "Currency"]].take(rows)
        return rows, keys.groupby(["Customer", "Currency"], sort=False).indices if len(rows) else {}


def _account_order(items: pd.DataFrame, where: np.ndarray | None = None) -> np.ndarray:
    """The positions of ``items`` (those ``where`` is True) by account (Customer, Currency), then due day, then
    invoice, ties in the items' order: ``items[where].sort_values(...)``'s order, sorting only its four keys.

    >>> items = pd.DataFrame({"Customer": ["B", "A", "A", "A"], "Currency": [""] * 4, "Due day": [5.0, 9.0, 5.0, 5.0],
    ...                       "Invoice": ["1", "2", "3", "3"]})
    >>> _account_order(items).tolist(), _account_order(items, np.array([True, True, False, True])).tolist()
    ([2, 3, 1, 0], [3, 1, 0])
    """
    keys = ["Customer", "Currency", "Due day", "Invoice"]
    rows = np.arange(len(items)) if where is None else np.flatnonzero(where)
    picked = items[keys].take(rows).reset_index(drop=True)
    return rows[picked.sort_values(keys, kind="stable").index.to_numpy()]


class LateItems:
    """A ledger state's late items (:attr:`LedgerState.late_frame`) as arrays, and each account's rows in them.

    ``rows`` are the late items' positions in the state's items (:attr:`LedgerState.late_rows`), so that the
    items are never copied whole; ``bounds`` maps (customer, currency) to the account's first and past-last
    positions; the arrays hold each item's Customer and Currency (as the items hold them), Invoice (object,
    made on first use), whether it is held by a dispute, its due day (since 1970), Days, Amount, Applied, net
    and applied cents, and ``weighted`` its net cents × days as Python integers (exact however large).

    >>> ledger = pd.DataFrame({"Customer": ["B", "A", "A"], "Invoice": ["3", "2", "1"],
    ...                        "Invoice Date": ["2024-01-01"] * 3, "Due Date": ["2024-02-29", "2024-02-29", "2024-01-31"],
    ...                        "Amount": [10.0, 50.0, 100.0]})
    >>> late = ledger_state(ledger, "2024-03-31").late_arrays
    >>> late.bounds, late.weighted.tolist(), late.invoice.tolist()
    ({('A', ''): (0, 2), ('B', ''): (2, 3)}, [600000, 155000, 31000], ['1', '2', '3'])
    """

    def __init__(self, items: pd.DataFrame, rows: np.ndarray):
        self.items, self.rows = items, rows
        # Customer and Currency as the items hold them (a million Python strings each is ~60 MB, and they are
        # read per item only where history, payments or pauses need them).
        self.customer, self.currency = self.column("Customer"), self.column("Currency")
        self.held = (items["Held"] != "").to_numpy(dtype=bool)[rows]
        self.due_day = items["Due day"].to_numpy()[rows].astype(np.int64)
        self.days = items["Days"].to_numpy()[rows]
        self.amount = items["Amount"].to_numpy()[rows]
        self.applied = items["Applied"].to_numpy()[rows]
        self.net_cents = items["Net cents"].to_numpy()[rows]
        self.applied_cents = items["Cents"].to_numpy()[rows] - self.net_cents
        n = len(rows)
        change = np.ones(n, dtype=bool)
        if n > 1:  # compared as the items hold them (no Python string per item)
            change[1:] = (np.asarray(self.customer[1:] != self.customer[:-1], dtype=bool)
                          | np.asarray(self.currency[1:] != self.currency[:-1], dtype=bool))
        starts = np.flatnonzero(change)
        stops = np.append(starts[1:], n)
        self.bounds = dict(zip(zip(self.customer.take(starts).tolist(), self.currency.take(starts).tolist()),
                               zip(starts.tolist(), stops.tolist())))

    def column(self, name: str, at: np.ndarray | None = None):
        """The late items' column ``name`` (those at positions ``at``) as the items hold it (an array, taken once).

        >>> ledger = pd.DataFrame({"Customer": ["B", "A"], "Invoice": ["3", "1"], "Invoice Date": ["2024-01-01"] * 2,
        ...                        "Due Date": ["2024-02-29", "2024-01-31"], "Amount": [10.0, 100.0]})
        >>> ledger_state(ledger, "2024-03-31").late_arrays.column("Invoice", np.array([1, 0])).tolist()
        ['3', '1']
        """
        return self.items[name].array.take(self.rows if at is None else self.rows[at])

    @cached_property
    def invoice(self) -> np.ndarray:
        """Each late item's Invoice as Python strings (an object array), made when first read (a dunning history,
        payments or a dispute needs them; a million of them are ~60 MB)."""
        return np.asarray(self.column("Invoice"), dtype=object)

    @cached_property
    def weighted(self) -> np.ndarray:
        """Each item's net cents × days overdue, as Python integers (an object array)."""
        return self.net_cents.astype(object) * self.days.astype(object)

    def record(self, position: int) -> dict:
        """One late item as :meth:`LedgerState.late_items` gives it."""
        return self.items.iloc[int(self.rows[position])].to_dict()


@dataclass(frozen=True)
class LedgerHistory:
    """The ledger with its dated payments, able to say how it stood on any earlier day.

    The ledger is read once (``read``: the run's reading, else read on the first day asked
    for) and its payments matched to its rows once; each day is then the payments made by
    then summed per invoice over whole arrays. Given ``read``, the ledger's Customer and Invoice
    columns are all it reads (:func:`ledger_state` gives it no more: a million-row ledger as read
    from a sheet holds a Python object per cell).
    """

    ledger: pd.DataFrame
    payments: pd.DataFrame
    currency: str = ""
    #: The ledger as read with the Paid of some day (:func:`ledger_as_of`, :func:`read_ledger`).
    read: dict | None = field(default=None, repr=False, compare=False)
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def paid(self) -> dict[tuple[str, str], list[tuple[int, date]]]:
        """(customer, invoice) -> [(cents, payment day), ...] in the Payments table's order."""
        table = select_columns(self.payments, ["Customer", "Invoice", "Payment Date", "Amount"], (), "Payments")
        out: dict[tuple[str, str], list[tuple[int, date]]] = {}
        plain = _plain_payments(table)
        if plain is not None:  # float amounts and date-times, none empty: read over whole columns
            for key, entry in zip(zip(_key_texts(table["Customer"]).tolist(), _key_texts(table["Invoice"]).tolist()),
                                  zip(*plain)):
                out.setdefault(key, []).append(entry)
            return out
        for row, customer, invoice, when, amount in zip(data_rows(self.payments.index), table["Customer"],
                                                        table["Invoice"], table["Payment Date"], table["Amount"]):
            out.setdefault((invoice_key(customer), invoice_key(invoice)), []).append(
                (round(number(amount, "Payments", row, label="Amount") * 100), to_date(when, "Payments", row)))
        return out

    def items(self, day, edges: Sequence[int] = DEFAULT_EDGES) -> pd.DataFrame:
        """Open items on ``day`` by due date: Customer, Currency, Invoice, Cents, Days, Due bucket.

        >>> ledger = pd.DataFrame({"Customer": ["A"], "Invoice": ["1"], "Invoice Date": ["2024-01-01"],
        ...                        "Due Date": ["2024-01-31"], "Amount": [100.0], "Paid": [60.0]})
        >>> pays = pd.DataFrame({"Customer": ["A"], "Invoice": ["1"], "Payment Date": ["2024-02-15"], "Amount": [60.0]})
        >>> LedgerHistory(ledger, pays).items("2024-02-10")[["Invoice", "Cents", "Due bucket"]].values.tolist()
        [['1', 10000, '1-30']]
        """
        edges = check_edges(edges)
        day = to_date(day, "day")
        read = self._read(day)
        rows, keys, when, cents = self._matched(read)
        number_of_day = (day - _EPOCH).days
        by_then = when <= number_of_day
        sums = np.rint(np.bincount(keys[by_then], weights=cents[by_then], minlength=len(self.paid))).astype(np.int64)
        paid = np.where(rows >= 0, sums[np.maximum(rows, 0)], 0)  # what ledger_as_of puts in Paid on that day
        refuse_negative(paid, "Paid", read["rows"])
        net = outstanding_cents(read["amount"], paid, read["credit"], read["given"], True, read["rows"])
        return _item_frame(age_items(read, number_of_day, edges, "due", net), edges,
                           ["Customer", "Currency", "Invoice", "Cents", "Days", "Due bucket"])

    def _read(self, day: date) -> dict:
        if "read" not in self._cache:
            self._cache["read"] = self.read if self.read is not None else \
                read_ledger(ledger_as_of(self.ledger, self.payments, day), self.currency)
        return self._cache["read"]

    def _matched(self, read: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Each ledger row's payment key (−1 for none), and each payment's key, day (since 1970) and cents."""
        if "matched" not in self._cache:
            keys = {key: i for i, key in enumerate(self.paid)}
            rows = _row_keys(read["customers"][read["codes"]], read["invoices"], keys)
            if len(np.unique(rows[rows >= 0])) < len(keys):  # text read another way than ledger_as_of reads it
                table = select_columns(self.ledger, ["Customer", "Invoice"], (), "ledger")
                rows = _row_keys(np.array([invoice_key(c) for c in table["Customer"]], dtype=object),
                                 pd.Series([invoice_key(v) for v in table["Invoice"]], dtype=object), keys)
            entries = [(i, (when - _EPOCH).days, cents) for i, parts in enumerate(self.paid.values())
                       for cents, when in parts]
            key, when, cents = (np.array(column, dtype=np.int64).reshape(-1) for column in (zip(*entries) if entries
                                                                                           else ((), (), ())))
            self._cache["matched"] = rows, key, when, cents.astype(float)
        return self._cache["matched"]


def _plain_payments(table: pd.DataFrame) -> tuple[list[int], list[date]] | None:
    """Each payment's ``round(Amount × 100)`` and date, as :func:`number` and :func:`to_date` read each cell, for a
    float Amount column (finite, below ``MAX_AMOUNT``) and a date-time Payment Date column with no empty cell; None
    for any other (read cell by cell, so that a bad cell is refused naming its row).

    >>> _plain_payments(pd.DataFrame({"Amount": [0.125, 2.5], "Payment Date": pd.to_datetime(["2024-01-02 10:30",
    ...                                                                                          "2024-02-01 00:00"])}))
    ([12, 250], [datetime.date(2024, 1, 2), datetime.date(2024, 2, 1)])
    """
    amount, when = table["Amount"], table["Payment Date"]
    if amount.dtype.kind != "f" or not pd.api.types.is_datetime64_dtype(when.dtype) or when.isna().any():
        return None
    values = amount.to_numpy(dtype=float)
    if not (np.abs(values) < MAX_AMOUNT).all():  # NaN, infinities and amounts number() refuses
        return None
    cents = np.rint(values * 100).astype(np.int64).tolist()  # half to even, as round() rounds a float
    return cents, when.to_numpy().astype("datetime64[D]").tolist()


def _row_keys(customers: np.ndarray, invoices: pd.Series, keys: dict) -> np.ndarray:
    """The index in ``keys`` of each row's (customer, invoice), −1 for a row no payment names."""
    rows = np.full(len(customers), -1, dtype=np.int64)
    hit = np.flatnonzero(invoices.isin({invoice for _, invoice in keys}).to_numpy())
    for position, customer, invoice in zip(hit, customers[hit], invoices.to_numpy(dtype=object)[hit]):
        rows[position] = keys.get((customer, invoice), -1)
    return rows


def ledger_state(ledger: pd.DataFrame, as_of, *, edges: Sequence[int] = DEFAULT_EDGES, basis: str = "due",
                 currency: str = "", payments: pd.DataFrame | None = None, customers: pd.DataFrame | None = None,
                 disputes: pd.DataFrame | None = None, promises: pd.DataFrame | None = None,
                 contacts: pd.DataFrame | None = None, tolerance_days: int = 0, amount_tolerance: float = 0.0,
                 default_regime: str = "commercial") -> LedgerState:
    """Build a run's one ledger state.

    Parameters
    ----------
    ledger : pandas.DataFrame
        Customer, Invoice, Invoice Date, Due Date, Amount (or Outstanding), optional Paid,
        Credit, Currency.
    as_of : date, datetime, Excel serial or ISO text
    edges, basis : ageing buckets and the report's basis ("due" or "invoice").
    currency : str
        The workbook's currency, for items without one.
    payments : pandas.DataFrame, optional
        Dated payments (Customer, Invoice, Payment Date, Amount). When they add up to the
        ledger's Paid per invoice they give the true state on ``as_of`` and the history.
    customers : pandas.DataFrame, optional
        Customer and any of Contact, Phone, Email, Address, Regime, Legal form (company or
        individual: :func:`~debtdesk.collections.legal_form.legal_form`), Time zone, Credit
        limit, Credit hold, Collector, Breathing space from, Breathing space until.
    disputes : pandas.DataFrame, optional
        The dispute register (Customer[, Invoice, Opened, Resolved, Reason]).
    promises : pandas.DataFrame, optional
        Promises to pay (Customer, Promised Amount, Promised Date, Made on[, Consultant]),
        whose statuses the state works out from ``payments``; or, with a Status column,
        statuses already decided (Customer, Status[, Deadline or Promised Date]).
    contacts : pandas.DataFrame, optional
        The contact log (Customer, Contact Time, Type).
    tolerance_days, amount_tolerance : promise tolerances.
    default_regime : {"commercial", "consumer"}
        The regime of customers whose Regime is empty.

    Returns
    -------
    LedgerState

    Raises
    ------
    DebtDeskError
        For bad input, and for a dispute, promise or contact naming a customer (or a
        disputed invoice) that differs from the ledger's only by case or spacing ("a"
        for "A"): a hold or a call count that silently matched nothing would switch a
        compliance guard off.

    Examples
    --------
    A payment on account of 300 covers the older of two overdue invoices and part of the next:

    >>> ledger = pd.DataFrame({"Customer": ["A", "A", "A"], "Invoice": ["1", "2", "PAY"],
    ...     "Invoice Date": ["2024-01-01", "2024-02-01", "2024-03-20"], "Due Date": ["2024-01-31", "2024-03-02", None],
    ...     "Amount": [200.0, 500.0, -300.0]})
    >>> state = ledger_state(ledger, "2024-03-31")
    >>> state.items[["Invoice", "Outstanding", "Applied", "Net"]].values.tolist()
    [['1', 200.0, 200.0, 0.0], ['2', 500.0, 100.0, 400.0], ['PAY', -300.0, -300.0, 0.0]]
    >>> state.accounts[["Customer", "Balance", "Overdue", "Oldest days"]].values.tolist()
    [['A', 400.0, 400.0, 29]]
    """
    day = to_date(as_of, "as_of")
    edges = check_edges(edges)
    currency = cell_text(currency, "").upper()
    if default_regime not in REGIMES:
        raise DebtDeskError("default_regime", f"{default_regime!r} is not one of {', '.join(REGIMES)}")
    notes: list[str] = []
    history, problem, reconciled = None, "", False
    if payments is not None and len(payments):
        try:
            dated, reconciled = ledger_as_of(ledger, payments, day), True
        except DebtDeskError as error:
            dated, problem = ledger, str(error)
            notes.append(f"Dated payments do not reconcile with the ledger ({problem}): the ledger's Paid is used as "
                         "it stands and the KPIs' history (CEI, roll rates, trend) is not available")
    else:
        dated, problem = ledger, "no dated payments (the Payments table is empty)"
    check_ledger(dated, basis)
    read = read_ledger(dated, currency)  # the one reading of the ledger: the history and credit sales reuse it
    raw = age_items(read, (day - _EPOCH).days, edges, basis)
    if reconciled:  # earlier days start from this reading: of the ledger itself, only the keys its matching may read
        history = LedgerHistory(select_columns(ledger, ["Customer", "Invoice"], (), "ledger"), payments, currency, read)
    if raw["future"].any():
        notes.append(f"{int(raw['future'].sum())} ledger items dated after {day:%d %b %Y} are left out "
                     "(they did not exist yet on the as-of date)")
    items = _item_frame(raw, edges)
    known = _known(raw)
    details = _customer_details(customers, default_regime)
    register = _checked_disputes(disputes, day, known, notes)
    items["Held"] = _holds(items, register)
    statuses = None
    if promises is not None and len(promises):
        _match_customers(promises, "promises", known, details, notes)
        statuses = _decided(promises) if any(normalise(c) == "status" for c in promises.columns) \
            else promise_statuses(promises, payments, day, tolerance_days, amount_tolerance)
    log = contact_log(contacts)
    if len(log.rows):
        _match_customers(log.rows.set_index(pd.Index(log.rows["Row"])), "contacts", known, details, notes)
    _allocate(items)
    accounts = _accounts(items, details, register, statuses, day, default_regime)
    return LedgerState(day, edges, basis, currency, items.drop(columns=["Row"]), accounts, statuses, log,
                       register, tuple(notes), _pauses(disputes, details), history, problem, read)


def _decided(promises: pd.DataFrame) -> pd.DataFrame:
    """Promise statuses given as decided: Customer, Status (one of the four), Deadline (from Promised Date if absent)."""
    table = select_columns(promises, ["Customer", "Status"], ["Deadline", "Promised Date"], "promises")
    rows = data_rows(promises.index)
    for row, status in zip(rows, table["Status"]):
        if cell_text(status, "") not in STATUSES:
            raise DebtDeskError("promises", f"Status {status!r} is not one of {', '.join(STATUSES)}", row)
    when = table["Deadline"] if "Deadline" in table else table["Promised Date"] if "Promised Date" in table \
        else pd.Series(None, index=table.index, dtype=object)
    return pd.DataFrame({"Customer": [cell_text(c, "") for c in table["Customer"]],
                         "Status": [cell_text(s, "") for s in table["Status"]],
                         "Deadline": [None if is_blank(w) else to_date(w, "promises", r) for r, w in zip(rows, when)]},
                        index=promises.index)


def ledger_as_of(ledger: pd.DataFrame, payments: pd.DataFrame | None, day) -> pd.DataFrame:
    """The ledger with Paid as it stood on ``day``: the payments dated by then.

    The payments must add up to the ledger's Paid per customer and invoice (a
    DebtDeskError names the first invoice that does not); credit notes count as issued
    with their invoice. Items dated after ``day`` stay in the frame: ageing as of ``day``
    leaves them out.

    Examples
    --------
    >>> ledger = pd.DataFrame({"Customer": ["A", "A"], "Invoice": ["1", "2"], "Invoice Date": ["2024-01-01", "2024-02-01"],
    ...                        "Due Date": ["2024-01-31", "2024-03-02"], "Amount": [100.0, 50.0], "Paid": [60.0, 0.0]})
    >>> payments = pd.DataFrame({"Customer": ["A", "A"], "Invoice": ["1", "1"],
    ...                          "Payment Date": ["2024-01-10", "2024-02-10"], "Amount": [20.0, 40.0]})
    >>> ledger_as_of(ledger, payments, date(2024, 1, 31))[["Invoice", "Paid"]].values.tolist()
    [['1', 20.0], ['2', 0.0]]
    """
    day = to_date(day, "day")
    if payments is None or not len(payments):
        raise DebtDeskError("Payments", "is empty, so the ledger's past cannot be rebuilt")
    table = select_columns(ledger, LEDGER_REQUIRED, LEDGER_OPTIONAL, "ledger")
    if "Amount" not in table:
        raise DebtDeskError("ledger", "has no Amount column, so the ledger's past cannot be rebuilt from payments")
    pay = select_columns(payments, ["Customer", "Invoice", "Payment Date", "Amount"], (), "Payments")
    pay_rows = data_rows(payments.index)
    pay_day = [to_date(v, "Payments", r) for v, r in zip(pay["Payment Date"], pay_rows)]
    pay_cents = [round(number(v, "Payments", r, label="Amount") * 100) for v, r in zip(pay["Amount"], pay_rows)]
    # Each ledger row and each payment keyed by (customer, invoice) as one integer: the texts coded together.
    customers, invoices = _key_texts(table["Customer"]), _key_texts(table["Invoice"])
    pay_customers, pay_invoices = _key_texts(pay["Customer"]), _key_texts(pay["Invoice"])
    customer_codes, _ = pd.factorize(np.concatenate([customers, pay_customers]))
    invoice_codes, distinct = pd.factorize(np.concatenate([invoices, pay_invoices]))
    keys, key = np.unique(customer_codes.astype(np.int64) * len(distinct) + invoice_codes, return_inverse=True)
    n = len(customers)
    cents = np.array(pay_cents, dtype=np.int64 if sum(map(abs, pay_cents)) < 2**62 else object)
    recorded = _sums(key[n:], cents, len(keys))
    in_ledger = np.zeros(len(keys), dtype=bool)
    in_ledger[key[:n]] = True
    unknown = sorted({(c, i) for c, i, known in zip(pay_customers.tolist(), pay_invoices.tolist(), in_ledger[key[n:]])
                      if not known})
    if unknown:
        raise DebtDeskError("Payments", f"invoice {unknown[0][1]} of {unknown[0][0]!r} is not in the ledger")
    rows = data_rows(ledger.index)
    paid = table["Paid"] if "Paid" in table else pd.Series(None, index=table.index, dtype=object)
    expected = recorded[key[:n]]
    shown = _paid_cents(paid)
    cells = paid.tolist() if shown is None or (shown != expected).any() else []
    for pos in range(len(rows)) if shown is None else np.flatnonzero(shown != expected)[:1]:
        row, wanted = rows[pos], int(expected[pos])
        cents_shown = round(number(cells[pos], "ledger", row, label="Paid", blank=0.0) * 100)
        if wanted != cents_shown:
            raise DebtDeskError("Payments", f"payments for invoice {invoices[pos]} add up to {wanted / 100:,.2f} "
                                f"but the Ledger shows Paid {cents_shown / 100:,.2f}", row)
    by_then = np.array([when <= day for when in pay_day], dtype=bool)
    out = table.copy()
    out["Paid"] = (_sums(key[n:][by_then], cents[by_then], len(keys))[key[:n]] / 100).tolist()
    return out


def _sums(groups: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Σ ``values`` per group ``0 … size − 1``, exactly (int64, or Python integers in an object array).

    >>> _sums(np.array([1, 0, 1]), np.array([5, 7, 2]), 3).tolist()
    [7, 7, 0]
    """
    out = np.zeros(size, dtype=values.dtype)
    np.add.at(out, groups, values)
    return out


def _key_texts(column: pd.Series) -> np.ndarray:
    """:func:`invoice_key` of every cell (an object array); a text column's distinct values are keyed once each.

    >>> _key_texts(pd.Series([" INV-7", "INV-7 ", None], dtype="str")).tolist()
    ['INV-7', 'INV-7', '']
    >>> _key_texts(pd.Series([1001.0, "A"], dtype=object)).tolist()
    ['1001', 'A']
    """
    if not (pd.api.types.is_string_dtype(column.dtype) and column.dtype != object):
        return np.array([invoice_key(value) for value in column] + [""], dtype=object)[:-1]  # [""]: never 2-D
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    # invoice_key of text is the text stripped ("" when blank): Python's strip, as the ledger's reading uses it.
    keys = np.array([value.strip() for value in np.asarray(uniques, dtype=object)] + [""], dtype=object)
    return keys[codes]  # code -1 (empty) picks the "" appended last


def _paid_cents(paid: pd.Series) -> np.ndarray | None:
    """``round(Paid × 100)`` of every row (empty cells 0) for a float column; None for any other (read cell by cell).

    >>> _paid_cents(pd.Series([60.0, float("nan"), 0.125])).tolist(), _paid_cents(pd.Series(["60"], dtype=object))
    ([6000, 0, 12], None)
    """
    if paid.dtype.kind != "f":
        return None
    values = np.nan_to_num(paid.to_numpy(dtype=float), nan=0.0)
    if not (np.abs(values) < MAX_AMOUNT).all():  # infinities and amounts number() refuses: read cell by cell
        return None
    return np.rint(values * 100).astype(np.int64)  # round half to even, as round() does


def invoice_key(value) -> str:
    """A customer or invoice cell as the text it is matched by (Excel's ``1001.0`` is ``1001``).

    >>> invoice_key(1001.0), invoice_key(" INV-7 "), invoice_key(None)
    ('1001', 'INV-7', '')
    """
    return cell_text(int(value) if isinstance(value, float) and value.is_integer() else value, "")


def _item_frame(raw: dict, edges: Sequence[int], columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The open items of :func:`~debtdesk.collections.ageing.age_items` as a frame (the state's ``items``), or only ``columns`` of it."""
    keep = raw["keep"]
    labels = np.array(bucket_labels(edges) + [UNALLOCATED], dtype=object)
    cents = raw["cents"][keep]

    def due_day():
        return np.where(np.isnan(raw["due_day"]), raw["invoice_day"], raw["due_day"])[keep]

    make = {
        "Customer": lambda: _row_texts(raw, "customers", "codes")[keep],
        "Currency": lambda: _row_texts(raw, "currencies", "currency_codes")[keep],
        "Invoice": lambda: raw["invoices"].array[keep],
        "Invoice Date": lambda: _dates(raw["invoice_day"][keep]),
        "Due Date": lambda: _dates(due_day()),
        "Due day": due_day,
        "Amount": lambda: raw["amount"][keep] / 100.0,
        "Outstanding": lambda: cents / 100.0,
        "Cents": lambda: cents,
        "Days": lambda: raw["due_days"][keep].astype(np.int64),
        "Age": lambda: raw["days"][keep].astype(np.int64),
        "Bucket": lambda: labels[raw["bucket"][keep]],
        "Due bucket": lambda: labels[raw["due_bucket"][keep]],
        "Row": lambda: np.flatnonzero(keep),
    }
    return pd.DataFrame({name: make[name]() for name in (columns or make)})


def _row_texts(raw: dict, labels: str, codes: str):
    """Each ledger row's label (customer or currency) as text in pandas' text dtype, made once per reading: every
    day's items (the KPIs look at nine) take theirs from it instead of turning Python strings into text again."""
    made = raw["row_texts"]
    if labels not in made:
        made[labels] = pd.array(np.asarray(raw[labels], dtype=object), dtype="str")[raw[codes]]
    return made[labels]


def _dates(days: np.ndarray) -> np.ndarray:
    """Each day (since 1970, NaN for none) as a date or None, in an object array where equal days share one date
    object (a million items dated over two years hold ~700 dates rather than a million).

    >>> _dates(np.array([19723.0, np.nan, 19723.0])).tolist()
    [datetime.date(2024, 1, 1), None, datetime.date(2024, 1, 1)]
    """
    distinct, at = np.unique(days, return_inverse=True)
    made = np.empty(len(distinct), dtype=object)
    made[:] = [None if d != d else _EPOCH + timedelta(days=int(d)) for d in distinct]
    return made[at.reshape(-1)]


def _known(raw: dict) -> dict[str, set[str]]:
    """Every customer of the ledger (open or closed) and its invoice numbers."""
    known: dict[str, set[str]] = {}
    for code, invoice in zip(raw["codes"], raw["invoices"].to_numpy(dtype=object)):
        known.setdefault(raw["customers"][code], set()).add(invoice)
    return known


def _near(name: str, candidates) -> str | None:
    """A candidate that differs from ``name`` only by case, spaces or punctuation."""
    key = match_key(name)
    return next((c for c in candidates if c != name and match_key(c) == key), None)


def _match_customers(table: pd.DataFrame, argument: str, known: dict, details: pd.DataFrame, notes: list) -> None:
    """Refuse a customer that is a near miss of a ledger customer; note one the ledger does not know."""
    column = select_columns(table, ["Customer"], (), argument)["Customer"]
    names = set(known) | set(details.index)
    strangers = []
    for row, value in zip(data_rows(table.index), column):
        name = cell_text(value, "")
        if not name or name in names:
            continue
        near = _near(name, names)
        if near is not None:
            raise DebtDeskError(argument, f"Customer {name!r} is not in the ledger; did you mean {near!r}? "
                                "(a row that matches no customer would switch its guard off)", row)
        strangers.append(name)
    if strangers:
        notes.append(f"{argument.capitalize()} for customers with nothing in the ledger: "
                     f"{', '.join(sorted(set(strangers)))}")


def _checked_disputes(disputes: pd.DataFrame | None, day: date, known: dict, notes: list) -> pd.DataFrame:
    """The open disputes (Customer, Invoice or None, Opened, Reason), each matched to the ledger."""
    if disputes is None or not len(disputes):
        return pd.DataFrame(columns=["Customer", "Invoice", "Opened", "Reason", "Position"])
    live = open_disputes(disputes, day)
    rows = data_rows(disputes.index)
    strangers = []
    for position, name, invoice in zip(live["Position"], live["Customer"], live["Invoice"]):
        invoice = None if is_blank(invoice) else invoice
        if name not in known:
            near = _near(name, known)
            if near is not None:
                raise DebtDeskError("disputes", f"Customer {name!r} is not in the ledger; did you mean {near!r}? "
                                    "(an open dispute that matches nothing would leave the account unprotected)",
                                    rows[position])
            strangers.append(name + (f" {invoice}" if invoice else ""))
        elif invoice is not None and invoice not in known[name]:
            near = _near(invoice, known[name])
            if near is not None:
                raise DebtDeskError("disputes", f"Invoice {invoice!r} of {name!r} is not in the ledger; did you mean "
                                    f"{near!r}? (an open dispute that matches nothing would leave the item unprotected)",
                                    rows[position])
            strangers.append(f"{name} {invoice}")
    if strangers:
        notes.append(f"Open disputes that match nothing in the ledger: {', '.join(strangers)}")
    return live


def _holds(items: pd.DataFrame, register: pd.DataFrame) -> list[str]:
    """The reason each item is held by an open dispute ("" when it is not)."""
    if not len(register):
        return [""] * len(items)
    whole, single = {}, {}
    for customer, invoice, opened, reason in zip(register["Customer"], register["Invoice"], register["Opened"],
                                                 register["Reason"]):
        text = "dispute" + ("" if is_blank(opened) else f" opened {opened:%Y-%m-%d}") \
            + ("" if is_blank(reason) else f": {reason}")
        if is_blank(invoice):
            whole[customer] = text
        else:
            single[(customer, invoice)] = text
    return [(whole.get(c) or single.get((c, i), "")) if cents > 0 else ""  # a dispute holds debts, not credits
            for c, i, cents in zip(items["Customer"], items["Invoice"], items["Cents"])]


def _allocate(items: pd.DataFrame) -> None:
    """Set each account's money on account against its undisputed items, oldest due first (in place)."""
    cents = items["Cents"].to_numpy()
    applied = np.zeros(len(items), dtype=np.int64)
    free = (items["Held"] == "").to_numpy()
    credit = cents < 0
    groups = items["Customer"].astype(str) + "\x00" + items["Currency"].astype(str)
    pool = (-pd.Series(np.where(credit, cents, 0), index=items.index).groupby(groups).sum())
    owed = pd.Series(np.where(~credit & free, cents, 0), index=items.index).groupby(groups).sum()
    used = np.minimum(pool, owed)
    if (used > 0).any():
        debit = items[~credit & free & groups.isin(used.index[used > 0]).to_numpy()]
        order = debit.sort_values(["Customer", "Currency", "Due day", "Invoice Date", "Row"], kind="stable").index
        positions = items.index.get_indexer(order)
        applied[positions] = _fifo(cents[positions], groups[order].to_numpy(), used)
        credits = items[credit & groups.isin(used.index[used > 0]).to_numpy()]
        order = credits.sort_values(["Customer", "Currency", "Invoice Date", "Row"], kind="stable").index
        positions = items.index.get_indexer(order)
        applied[positions] = -_fifo(-cents[positions], groups[order].to_numpy(), used)
    items["Applied"] = applied / 100.0
    items["Net"] = (cents - applied) / 100.0
    items["Net cents"] = cents - applied


def _fifo(amounts: np.ndarray, groups: np.ndarray, budget: pd.Series) -> np.ndarray:
    """Share each group's ``budget`` over its ``amounts`` in the order given: what each amount takes.

    >>> _fifo(np.array([200, 500, 70]), np.array(["a", "a", "b"]), pd.Series({"a": 300, "b": 100})).tolist()
    [200, 100, 70]
    """
    running = pd.Series(amounts).groupby(groups).cumsum().to_numpy()
    limit = budget.reindex(groups).to_numpy()
    return np.clip(np.minimum(running, limit) - (running - amounts), 0, amounts)


def _pauses(disputes: pd.DataFrame | None, details: pd.DataFrame) -> pd.DataFrame:
    """Every dispute (open or resolved) and Breathing Space as a stretch of paused days."""
    rows = []
    if disputes is not None and len(disputes):
        table = select_columns(disputes, ["Customer"], ["Invoice", "Opened", "Resolved"], "disputes")
        for row, record in zip(data_rows(disputes.index), table.to_dict("records")):
            opened, resolved = (None if is_blank(record.get(k)) else to_date(record.get(k), "disputes", row)
                                for k in ("Opened", "Resolved"))
            rows.append([cell_text(record["Customer"], ""), invoice_key(record.get("Invoice")) if not is_blank(record.get("Invoice"))
                         else "", opened, None if resolved is None else resolved - timedelta(days=1), "dispute"])
    for customer, start, end in zip(details.index, details["Breathing space from"], details["Breathing space until"]):
        if start is not None or end is not None:
            rows.append([customer, "", start, end, "Breathing Space"])
    return pd.DataFrame(rows, columns=PAUSE_COLUMNS)


def _customer_details(customers: pd.DataFrame | None, default_regime: str) -> pd.DataFrame:
    """The Customers table checked, indexed by customer (empty when there is none)."""
    columns = list(CUSTOMER_COLUMNS)
    if customers is None or not len(customers):
        return pd.DataFrame(columns=columns, index=pd.Index([], name="Customer"))
    table = select_columns(customers, ["Customer"], columns, "Customers")
    rows = data_rows(customers.index)
    out, seen = {}, {}
    for row, record in zip(rows, table.to_dict("records")):
        name = cell_text(record["Customer"], "")
        if not name:
            raise DebtDeskError("Customers", "Customer is empty", row)
        if name in seen:
            raise DebtDeskError("Customers", f"Customer {name!r} is already on row {seen[name]}", row)
        seen[name] = row
        regime = cell_text(record.get("Regime"), default_regime).lower()
        if regime not in REGIMES:
            raise DebtDeskError("Customers", f"Regime {record.get('Regime')!r} is not one of {', '.join(REGIMES)}", row)
        zone = cell_text(record.get("Time zone"), "")
        if zone:
            consumer_zones([z for z in zone.replace(";", ",").split(",") if z.strip()], f"Customers row {row}: Time zone")
        limit = record.get("Credit limit")
        limit = None if is_blank(limit) else number(limit, "Customers", row, minimum=0, label="Credit limit")
        start, end = (None if is_blank(record.get(k)) else to_date(record.get(k), "Customers", row)
                      for k in ("Breathing space from", "Breathing space until"))
        if start is not None and end is not None and end < start:
            raise DebtDeskError("Customers", "Breathing space until is before Breathing space from", row)
        out[name] = {"Contact": cell_text(record.get("Contact"), ""), "Phone": cell_text(record.get("Phone"), ""),
                     "Email": cell_text(record.get("Email"), ""), "Address": cell_text(record.get("Address"), ""),
                     "Regime": regime, "Legal form": legal_form(record.get("Legal form"), regime, row),
                     "Time zone": zone, "Credit limit": limit,
                     "Credit hold": _yes(record.get("Credit hold"), row),
                     "Collector": cell_text(record.get("Collector"), ""),
                     "Breathing space from": start, "Breathing space until": end}
    frame = pd.DataFrame.from_dict(out, orient="index", columns=columns)
    frame.index.name = "Customer"
    return frame


def _yes(value, row: int) -> bool:
    text = cell_text(value, "no").lower()
    if text in ("yes", "y", "true", "1", "x", "on hold", "hold"):
        return True
    if text in ("no", "n", "false", "0", ""):
        return False
    raise DebtDeskError("Customers", f"Credit hold {value!r} is not Yes or No", row)


def _accounts(items: pd.DataFrame, details: pd.DataFrame, register: pd.DataFrame, statuses: pd.DataFrame | None,
              day: date, default_regime: str) -> pd.DataFrame:
    """One row per customer and currency: the balance split four ways, oldest overdue days, details, pause."""
    net = items["Net cents"]
    held = items["Held"] != ""
    overdue = (net > 0) & ~held & (items["Days"] > 0)
    frame = pd.DataFrame({
        "Customer": items["Customer"], "Currency": items["Currency"], "Balance": items["Cents"],
        "Overdue": np.where(overdue, net, 0), "Disputed": np.where(held, net, 0),
        "Not yet due": np.where((net > 0) & ~held & (items["Days"] <= 0), net, 0),
        "On account": np.where(items["Cents"] < 0, net, 0),
        "Oldest days": np.where(overdue, items["Days"], 0), "Overdue items": overdue.astype(int)})
    accounts = frame.groupby(["Customer", "Currency"], sort=True).agg(
        {"Balance": "sum", "Overdue": "sum", "Disputed": "sum", "Not yet due": "sum", "On account": "sum",
         "Oldest days": "max", "Overdue items": "sum"}).reset_index()
    for column in ("Balance", "Overdue", "Disputed", "Not yet due", "On account"):
        accounts[column] = accounts[column] / 100.0
    accounts = accounts.join(details, on="Customer")
    accounts["Regime"] = accounts["Regime"].fillna(default_regime)
    unlisted = accounts["Legal form"].isna()  # not in Customers: a consumer is an individual, else not given
    accounts["Legal form"] = accounts["Legal form"].where(~unlisted, np.where(accounts["Regime"] == "consumer",
                                                                               "individual", ""))
    for column in ("Contact", "Phone", "Email", "Address", "Time zone", "Collector"):
        accounts[column] = accounts[column].fillna("")
    accounts["Credit hold"] = accounts["Credit hold"].fillna(False).astype(bool)
    accounts["Credit limit"] = accounts["Credit limit"].astype(object).where(accounts["Credit limit"].notna(), None)
    pause = _pauser(details, register, statuses, day)
    accounts["Paused"] = [pause(c) for c in accounts["Customer"]]
    return accounts


def _pauser(details: pd.DataFrame, register: pd.DataFrame, statuses: pd.DataFrame | None, day: date):
    """A function telling why no recovery action may be taken on a customer's account today ("" when it may)."""
    space = {}
    for customer, start, end in zip(details.index, details["Breathing space from"], details["Breathing space until"]):
        if (start is not None or end is not None) and (start is None or start <= day) and (end is None or day <= end):
            space[customer] = "Breathing Space" + (f" until {end:%Y-%m-%d}" if end is not None else f" from {start:%Y-%m-%d}")
    whole = {}
    for customer, invoice, opened in zip(register["Customer"], register["Invoice"], register["Opened"]):
        if is_blank(invoice):
            whole.setdefault(customer, "dispute of the whole account" + ("" if is_blank(opened) else
                                                                          f" opened {opened:%Y-%m-%d}") + " (CONC 7.14)")
    promised: dict[str, list] = {}
    if statuses is not None:
        for customer, status, deadline in zip(statuses["Customer"], statuses["Status"], statuses["Deadline"]):
            if status == "Open":
                promised.setdefault(cell_text(customer, ""), []).append(deadline)

    def pause(customer: str) -> str:
        if customer in space:
            return space[customer]
        if customer in whole:
            return whole[customer]
        if customer in promised:
            dates = [d for d in promised[customer] if not is_blank(d)]
            return "promise to pay open" + (f" until {min(dates):%Y-%m-%d}" if dates else "")
        return ""

    return pause
