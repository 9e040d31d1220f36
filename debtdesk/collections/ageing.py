"""Accounts-receivable ageing: days past due, buckets and the per-customer report.

Conventions (DESIGN.md §3, §4):

* days past due = as_of − due date; due today is ``Current``; a missing due date falls
  back to the invoice date; ``basis="invoice"`` ages from the invoice date instead.
* Each ledger row is netted on its own: outstanding = Amount − Paid − Credit (or the
  firm's own ``Outstanding`` column, checked against them). Rows with nothing outstanding
  are closed and left out; so are items dated after the as-of date, which did not exist
  yet (a true historical as-of). Paid and Credit are never negative, and one document
  (customer and invoice number) appears once: either would silently raise a balance.
* A ``Currency`` column gives each item its currency (empty cells take the workbook's);
  amounts in different currencies are never summed: the report has one row per customer
  and currency.
* **Unallocated credits.** A row whose outstanding is negative — a credit note or a
  payment on account not tied to an invoice (negative Amount), or an overpayment of an
  invoice — is money the customer is owed back or has on account. ERPNext's Accounts
  Receivable report lists such vouchers as their own rows with a negative outstanding and
  its summary shows a party's advances in a separate "Advance Amount" column, rather than
  silently netting them against the oldest invoice. DebtDesk follows that: those items are
  not aged into buckets; the report shows them per customer in an ``Unallocated`` column
  (≤ 0), and the detail lists them with bucket ``Unallocated``. So for every customer the
  age buckets plus ``Unallocated`` sum to ``Total``, and the sum of ``Total`` is the ledger's
  outstanding balance, to the cent.

Everything is vectorised (numpy searchsorted for buckets, bincount over factorised
customers), so a million open items age in well under a second.
"""

from __future__ import annotations

from datetime import date
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from debtdesk.collections._frames import (MIX, Beside, beside_worth, blank, day_numbers, factorize_text, mix,
                                          money_cents, refusal_later, repeated_rows, text_words)
from debtdesk.columns import select_columns
from debtdesk.dates import to_date
from debtdesk.errors import DebtDeskError
from debtdesk.values import data_row

DEFAULT_EDGES = (30, 60, 90)
UNALLOCATED = "Unallocated"
LEDGER_REQUIRED = ("Customer", "Invoice", "Invoice Date", "Due Date")
#: Amount or Outstanding (or both) must be there.
LEDGER_OPTIONAL = ("Amount", "Outstanding", "Paid", "Credit", "Currency")
BASES = ("due", "invoice")


def check_edges(edges: Sequence[float] = DEFAULT_EDGES, argument: str = "edges") -> tuple[int, ...]:
    """Bucket edges as whole, positive, strictly increasing day counts.

    >>> check_edges([30, 60.0, 90])
    (30, 60, 90)
    >>> check_edges([60, 30])
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: edges: 30 must be greater than the edge before it (60)
    """
    if isinstance(edges, (int, float, np.integer, np.floating)):
        edges = [edges]
    values = list(edges)
    if not values:
        raise DebtDeskError(argument, "needs at least one edge in days, e.g. 30, 60, 90")
    out: list[int] = []
    for i, edge in enumerate(values, 1):
        if isinstance(edge, bool) or not isinstance(edge, (int, float, np.integer, np.floating)) \
                or not np.isfinite(edge):
            raise DebtDeskError(argument, f"{edge!r} is not a whole number of days", row=i)
        if edge != int(edge) or edge < 1:
            raise DebtDeskError(argument, f"{edge!r} must be a whole number of days of at least 1", row=i)
        if out and int(edge) <= out[-1]:
            raise DebtDeskError(argument, f"{int(edge)} must be greater than the edge before it ({out[-1]})")
        out.append(int(edge))
    return tuple(out)


def bucket_labels(edges: Sequence[int] = DEFAULT_EDGES) -> list[str]:
    """Bucket labels for ``edges``: ``Current``, one ``a-b`` per edge, then ``n+``.

    Examples
    --------
    >>> bucket_labels()
    ['Current', '1-30', '31-60', '61-90', '91+']
    >>> bucket_labels([7, 14])
    ['Current', '1-7', '8-14', '15+']
    """
    edges = check_edges(edges)
    starts = (0,) + edges
    return ["Current"] + [f"{a + 1}-{b}" for a, b in zip(starts, edges)] + [f"{edges[-1] + 1}+"]


def age_days(due_date, as_of) -> int:
    """Whole days past due: ``as_of − due_date`` (negative = not yet due).

    Parameters
    ----------
    due_date, as_of : date, datetime, Excel serial or ISO text

    Examples
    --------
    >>> age_days("2024-01-31", "2024-03-01")
    30
    >>> age_days("2024-03-10", "2024-03-01")
    -9
    """
    return (to_date(as_of, "as_of") - to_date(due_date, "due_date")).days


def age_bucket(due_date, as_of, edges: Sequence[int] = DEFAULT_EDGES) -> str:
    """The bucket label of one item (due today or later is ``Current``).

    Examples
    --------
    >>> [age_bucket(d, "2024-04-30") for d in ("2024-04-30", "2024-04-29", "2024-03-31", "2024-01-30")]
    ['Current', '1-30', '1-30', '91+']
    """
    labels = bucket_labels(edges)
    bounds = np.array((0,) + check_edges(edges))
    return labels[int(np.searchsorted(bounds, age_days(due_date, as_of), side="left"))]


def ageing_detail(ledger: pd.DataFrame, as_of, edges: Sequence[int] = DEFAULT_EDGES,
                  basis: str = "due", currency: str = "") -> pd.DataFrame:
    """One row per open item with its outstanding amount, days past due and bucket.

    Parameters
    ----------
    ledger : pandas.DataFrame
        Columns Customer, Invoice, Invoice Date, Due Date, Amount (or Outstanding) and
        optional Paid, Credit, Currency, found by header (case/space-insensitive, with synonyms).
    as_of : date, datetime, Excel serial or ISO text
        The ageing date (explicit: never an implicit "today"); items dated later are left out.
    edges : sequence of int
        Upper day of each overdue bucket; default 30, 60, 90.
    basis : {"due", "invoice"}
        Age from the due date (falling back to the invoice date) or the invoice date.
    currency : str
        The currency of items whose Currency cell is empty (or of every item without the column).

    Returns
    -------
    pandas.DataFrame
        Customer, Invoice, Invoice Date, Due Date, Outstanding, Days, Bucket (and Currency
        after Customer when the items are in more than one currency) — open items only, in
        ledger order; negative outstanding items have Bucket ``Unallocated``.

    Examples
    --------
    >>> ledger = pd.DataFrame({"Customer": ["A", "A", "B"], "Invoice": ["1", "2", "PAY-9"],
    ...     "Invoice Date": ["2024-01-01", "2024-03-01", "2024-03-05"],
    ...     "Due Date": ["2024-01-31", None, None], "Amount": [100.0, 50.0, -20.0], "Paid": [40.0, 0, 0]})
    >>> ageing_detail(ledger, "2024-03-31")[["Invoice", "Outstanding", "Days", "Bucket"]].values.tolist()
    [['1', 60.0, 60, '31-60'], ['2', 50.0, 30, '1-30'], ['PAY-9', -20.0, 26, 'Unallocated']]
    """
    items = ledger_items(ledger, as_of, edges, basis, currency)
    labels = np.array(bucket_labels(edges) + [UNALLOCATED], dtype=object)
    keep = items["keep"]
    out = {"Customer": items["customers"][items["codes"][keep]]}
    if len(items["currencies"]) > 1:
        out["Currency"] = items["currencies"][items["currency_codes"][keep]]
    out.update({
        "Invoice": items["invoices"].to_numpy(dtype=object)[keep],
        "Invoice Date": _as_dates(items["invoice_day"][keep]),
        "Due Date": _as_dates(items["due_day"][keep]),
        "Outstanding": items["cents"][keep] / 100.0,
        "Days": items["days"][keep].astype(np.int64),
        "Bucket": labels[items["bucket"][keep]],
    })
    return pd.DataFrame(out)


def ageing(ledger: pd.DataFrame, as_of, edges: Sequence[int] = DEFAULT_EDGES,
           basis: str = "due", currency: str = "") -> pd.DataFrame:
    """Per-customer ageing report: one column per bucket, ``Unallocated`` and ``Total``.

    Parameters
    ----------
    ledger : pandas.DataFrame
        Columns Customer, Invoice, Invoice Date, Due Date, Amount (or Outstanding) and
        optional Paid, Credit, Currency (found by header with synonyms, e.g. ``Due`` for Due Date).
    as_of : date, datetime, Excel serial or ISO text
        The ageing date; items dated after it are left out.
    edges : sequence of int, default (30, 60, 90)
        Bucket edges in days past due; labels come from :func:`bucket_labels`.
    basis : {"due", "invoice"}, default "due"
        Age by due date (missing due date → invoice date) or by invoice date.
    currency : str
        The currency of items whose Currency cell is empty.

    Returns
    -------
    pandas.DataFrame
        Columns ``Customer``, the bucket labels, ``Unallocated`` (credits and payments
        on account, ≤ 0) and ``Total``; one row per customer with anything open, sorted
        by customer; no grand-total row. Amounts are floats to the cent and tie out:
        buckets + Unallocated = Total per customer, Σ Total = ledger outstanding. When
        the items are in more than one currency, a ``Currency`` column follows
        ``Customer`` and there is one row per customer and currency.

    Examples
    --------
    >>> ledger = pd.DataFrame({"Customer": ["A", "A", "B"], "Invoice": ["1", "2", "CN-1"],
    ...     "Invoice Date": ["2024-01-01", "2024-03-01", "2024-03-05"],
    ...     "Due Date": ["2024-01-31", "2024-03-31", None], "Amount": [100.0, 50.0, -20.0]})
    >>> ageing(ledger, "2024-03-31").to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'Customer': 'A', 'Current': 50.0, '1-30': 0.0, '31-60': 100.0, '61-90': 0.0, '91+': 0.0,
      'Unallocated': 0.0, 'Total': 150.0},
     {'Customer': 'B', 'Current': 0.0, '1-30': 0.0, '31-60': 0.0, '61-90': 0.0, '91+': 0.0,
      'Unallocated': -20.0, 'Total': -20.0}]
    """
    return pd.DataFrame(report_columns(ledger_items(ledger, as_of, edges, basis, currency), edges))


def report_columns(items: dict, edges: Sequence[int] = DEFAULT_EDGES) -> dict[str, np.ndarray]:
    """:func:`ageing`'s report as plain columns (object Customer and Currency, float amounts), from :func:`ledger_items`.

    For callers that spill the report straight into cells (``DD_AGEING``) without a DataFrame.

    >>> read = read_columns({"Customer": ["A", "B"], "Invoice": ["1", "2"], "Invoice Date": ["2024-01-01"] * 2,
    ...                      "Due Date": ["2024-01-31", None], "Amount": [100.0, 25.0]}, [1, 2])
    >>> columns = report_columns(age_items(read, 19_814, DEFAULT_EDGES))  # 1 April 2024
    >>> columns["Customer"].tolist(), columns["61-90"].tolist(), columns["91+"].tolist()
    (['A', 'B'], [100.0, 0.0], [0.0, 25.0])
    """
    labels = bucket_labels(edges) + [UNALLOCATED]
    width = len(labels)
    customers, codes = items["customers"], items["codes"]
    currencies, currency_codes = items["currencies"], items["currency_codes"]
    if len(currencies) > 1:  # one row per customer and currency: money in two currencies is never summed
        codes = codes * len(currencies) + currency_codes
        groups = len(customers) * len(currencies)
    else:
        groups = len(customers)
    # Closed items hold 0 cents, so summing every row is exact; only groups with nothing open drop out.
    key = items["bucket"] * np.intp(groups)  # one row of groups per bucket: each bucket's sums lie together
    key += codes
    cents = np.bincount(key, weights=items["cents"], minlength=groups * width).reshape(width, groups)
    cents = np.rint(cents).astype(np.int64)  # sums of whole cents: exact in float64 below 2**53
    # An open item is never 0 and a column's open items share a sign (credits are Unallocated), so a group has
    # one exactly where a column's sum is not 0.
    present = np.flatnonzero((cents != 0).any(axis=0))
    cents = cents[:, present]
    if len(currencies) > 1:
        columns = {"Customer": np.asarray(customers, dtype=object)[present // len(currencies)],
                   "Currency": np.asarray(currencies, dtype=object)[present % len(currencies)]}
    else:
        columns = {"Customer": np.asarray(customers, dtype=object)[present]}
    columns.update(zip(labels, cents / 100.0))
    columns["Total"] = cents.sum(axis=0) / 100.0
    return columns


def ledger_items(ledger: pd.DataFrame | dict, as_of, edges: Sequence[int] = DEFAULT_EDGES, basis: str = "due",
                 currency: str = "") -> dict:
    """Every ledger row read and checked once, as arrays (the one reading behind every collections view).

    ``ledger`` is a DataFrame, or a ledger already read by :func:`read_ledger` or
    :func:`read_columns` (``currency`` then comes from that reading).

    Returns a dict of arrays over the ledger's rows: ``codes`` into ``customers`` (sorted
    labels), ``invoices`` (a text Series, "" when empty), ``currency_codes`` into
    ``currencies``, ``amount`` and ``cents`` (original and outstanding, whole cents),
    ``invoice_day`` and ``due_day`` (days since 1970, NaN when empty), ``days`` (by
    ``basis``), ``due_days`` (always from the due date), ``bucket`` and ``due_bucket``
    (indexes into the bucket labels plus Unallocated), ``keep`` (open and dated by the
    as-of date) and ``future`` (rows left out because dated after it).

    >>> items = ledger_items(pd.DataFrame({"Customer": ["A", "A"], "Invoice": ["1", "2"],
    ...     "Invoice Date": ["2024-01-01", "2024-05-01"], "Due Date": ["2024-01-31", "2024-05-31"],
    ...     "Amount": [100.0, 50.0]}), "2024-03-31")
    >>> items["keep"].tolist(), items["due_days"].tolist(), int(items["future"].sum())
    ([True, False], [60.0, 0.0], 1)
    """
    check_ledger(ledger, basis)
    edges = check_edges(edges)
    as_of_day = (to_date(as_of, "as_of") - date(1970, 1, 1)).days
    return age_items(ledger if isinstance(ledger, dict) else read_ledger(ledger, currency), as_of_day, edges, basis)


def check_ledger(ledger, basis: str = "due") -> None:
    """Refuse a ledger that is not a table (or a reading of one), or a basis that is not one of :data:`BASES`.

    >>> check_ledger([["Customer"]])
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: ledger: expected a table (DataFrame), got list
    """
    if not isinstance(ledger, pd.DataFrame) and not (isinstance(ledger, dict) and "codes" in ledger):
        raise DebtDeskError("ledger", f"expected a table (DataFrame), got {type(ledger).__name__}")
    if basis not in BASES:
        raise DebtDeskError("basis", f"{basis!r} is not one of {', '.join(BASES)}")


def read_ledger(ledger: pd.DataFrame, currency: str = "") -> dict:
    """The ledger's rows read and checked, whatever the day: what :func:`ledger_items` ages.

    A dict of arrays over the ledger's rows: ``codes`` into ``customers``, ``invoices``,
    ``currency_codes`` into ``currencies``, ``amount``, ``paid``, ``credit`` and ``given``
    (the Outstanding column, None without one) and ``cents`` (outstanding) in whole cents,
    ``invoice_day`` and ``due_day`` (days since 1970, NaN when empty), ``no_currency``
    (True where the Currency cell is empty, so the item is in ``currency``), ``rows``
    (the ledger's index, which errors quote by :func:`~debtdesk.values.data_rows`) and
    ``row_texts`` (room for views to keep each row's labels as text, made once). Read once
    per run, it is aged on any day by :func:`age_items`, with the Paid of that day
    (:func:`outstanding_cents`).

    >>> read = read_ledger(pd.DataFrame({"Customer": ["A"], "Invoice": ["1"], "Invoice Date": ["2024-01-01"],
    ...                                  "Due Date": [None], "Amount": [100.0], "Paid": [40.0]}))
    >>> read["customers"].tolist(), read["cents"].tolist(), read["due_day"].tolist()
    (['A'], [6000], [nan])
    """
    frame = select_columns(ledger, LEDGER_REQUIRED, LEDGER_OPTIONAL, "ledger")
    if "Amount" not in frame and "Outstanding" not in frame:
        have = ", ".join(repr(str(c)) for c in ledger.columns)
        raise DebtDeskError("ledger", f"missing column Amount (or Outstanding) (found {have})")
    return _read({name: frame[name] for name in frame.columns}, currency)


def read_columns(columns: Mapping[str, Sequence], rows: Sequence[int] | np.ndarray, currency: str = "") -> dict:
    """:func:`read_ledger` of a ledger already split into canonical columns, with each row's data-row number.

    For callers that read cells straight into columns (the ``DD_AGEING`` cell function): the
    same checks and messages, without a DataFrame. Columns are named as
    :data:`LEDGER_REQUIRED` and :data:`LEDGER_OPTIONAL` (Amount or Outstanding, or both);
    a column is a list of cells (numbers, text, dates, as in a DataFrame's object column) or a
    typed numpy array (float64 amounts, datetime64 dates), read as the DataFrame's column would be.

    >>> read = read_columns({"Customer": ["A", "A"], "Invoice": ["1", "2"], "Invoice Date": ["2024-01-05"] * 2,
    ...                      "Due Date": [None, None], "Amount": [100.0, 50.0], "Paid": [40.0, None]}, [3, 4])
    >>> read["cents"].tolist(), read["rows"].tolist()
    ([6000, 5000], [3, 4])
    >>> read_columns({"Customer": ["A"], "Invoice": ["1"], "Invoice Date": ["2024-01-05"], "Due Date": [None],
    ...               "Amount": [-5.0], "Paid": [-1.0]}, [7])
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: ledger row 7: Paid -1.00 is negative (expected 0 or more: a refund or reversal belongs in Amount as its own line)
    """
    missing = [name for name in LEDGER_REQUIRED if name not in columns]
    if missing or ("Amount" not in columns and "Outstanding" not in columns):
        need = missing[0] if missing else "Amount (or Outstanding)"
        raise DebtDeskError("ledger", f"missing column {need} (found {', '.join(repr(str(c)) for c in columns)})")
    rows = np.asarray(rows, dtype=np.int64)
    index = pd.RangeIndex(1, len(rows) + 1) if np.array_equal(rows, np.arange(1, len(rows) + 1)) else pd.Index(rows)
    return _read({name: pd.Series(columns[name], index=index, dtype=_dtype(columns[name]), copy=False)
                  for name in (*LEDGER_REQUIRED, *LEDGER_OPTIONAL) if name in columns}, currency)


def _dtype(cells: Sequence):
    """A numpy or pandas array keeps its dtype (Arrow text stays Arrow text); a list of cells stays cells (never
    guessed into numbers or dates)."""
    return None if isinstance(cells, (np.ndarray, pd.api.extensions.ExtensionArray)) and cells.dtype != object \
        else object


def _read(column: dict[str, pd.Series], currency: str) -> dict:
    """:func:`read_ledger`'s reading of canonical columns sharing one index (the rows errors quote).

    On a long ledger the customers are coded, the invoice numbers stripped and half their duplicate check hashed
    on DebtDesk's thread beside this one (:class:`~debtdesk.collections._frames.Beside`), while this one reads
    the money, the dates, the invoice numbers' fingerprints and the other half; faults read here are kept
    (:func:`~debtdesk.collections._frames.refusal_later`) and every fault is raised where a reading in one
    thread reaches it, so the checks and their order are the same.
    """
    rows = column["Customer"].index

    def code_customers():
        return factorize_text(column["Customer"], "ledger", "Customer", column["Customer"])

    def strip_invoices():
        try:
            return _texts(column["Invoice"])
        except UnicodeEncodeError:  # pandas' text (Arrow, UTF-8) cannot hold half of a UTF-16 pair
            pos = next(i for i, v in enumerate(column["Invoice"]) if isinstance(v, str) and not _utf8(v))
            raise DebtDeskError("ledger", f"Invoice {column['Invoice'].iloc[pos]!r} holds half of a character (a lone "
                                "UTF-16 surrogate, left by broken copying): retype the invoice number",
                                data_row(rows, pos)) from None
    with Beside(threaded=beside_worth(len(rows))) as beside:
        # Arrow text ids are coded beside in about the time this thread reads the money and the dates, so the
        # invoice numbers' strip (an Arrow kernel) goes there first; Python ids take twice as long (their copy into
        # Arrow), so the strip waits behind them and this thread, reaching it first, does it itself (Beside.result).
        customer_type = column["Customer"].dtype
        if customer_type == object or getattr(customer_type, "storage", "") == "python":
            coded, texts = beside.submit(code_customers), beside.submit(strip_invoices)
        else:
            texts, coded = beside.submit(strip_invoices), beside.submit(code_customers)
        money = {name: refusal_later(lambda name=name: _money(column, name, empty_is_zero=name in ("Paid", "Credit")))
                 for name in ("Paid", "Credit", "Outstanding", "Amount")}
        days = {name: refusal_later(lambda name=name: day_numbers(column[name], "ledger", name, column[name]))
                for name in ("Invoice Date", "Due Date")}
        invoice_reading = refusal_later(lambda: _invoice_fingerprints(beside.result(texts), beside))
        codes, customers = beside.result(coded)
        paid = money["Paid"]()
        refuse_negative(paid, "Paid", rows)
        credit = money["Credit"]()
        refuse_negative(credit, "Credit", rows)
        given = money["Outstanding"]()
        if "Amount" not in column:
            if "Paid" in column or "Credit" in column:
                raise DebtDeskError("ledger", "has Outstanding and Paid/Credit but no Amount, so it is unclear whether "
                                    "Outstanding is before or after them; give the Amount column, or leave Paid and Credit out")
            amount = cents = given
        else:
            amount = money["Amount"]()
            cents = outstanding_cents(amount, paid, credit, given, "Paid" in column or "Credit" in column, rows)
        invoices, fingerprints, suspects = invoice_reading()
        _refuse_duplicates(codes, customers, invoices, fingerprints, suspects, rows)
        currency_codes, currencies, no_currency = _currencies(column.get("Currency"), currency, len(rows))
        invoice_day, due_day = days["Invoice Date"](), days["Due Date"]()
    return {"rows": rows, "codes": codes, "customers": customers, "invoices": invoices,
            "amount": amount, "paid": paid, "credit": credit, "given": given, "cents": cents,
            "invoice_day": invoice_day, "due_day": due_day, "currency_codes": currency_codes, "currencies": currencies,
            "no_currency": no_currency, "row_texts": {}}


def age_items(read: dict, as_of_day: int, edges: tuple[int, ...], basis: str = "due",
              cents: np.ndarray | None = None) -> dict:
    """A :func:`read_ledger` aged on day ``as_of_day`` (days since 1970): :func:`ledger_items`' dict.

    ``cents`` replaces the read's outstanding amounts (the ledger as it stood on an earlier day).

    >>> read = read_ledger(pd.DataFrame({"Customer": ["A"], "Invoice": ["1"], "Invoice Date": ["2024-01-01"],
    ...                                  "Due Date": ["2024-01-31"], "Amount": [100.0]}))
    >>> items = age_items(read, 19_814, (30, 60, 90))  # 1 April 2024
    >>> items["days"].tolist(), items["bucket"].tolist()
    ([61.0], [3])
    """
    cents = read["cents"] if cents is None else cents
    invoice_day, due_day = read["invoice_day"], read["due_day"]
    due_aged = np.where(np.isnan(due_day), invoice_day, due_day)
    aged = invoice_day if basis == "invoice" else due_aged
    future = invoice_day > as_of_day  # NaN compares False: an undated item is not in the future
    keep = (cents != 0) & ~future
    missing = keep & np.isnan(aged)
    if missing.any():
        needs = "an Invoice Date" if basis == "invoice" else "a Due Date or an Invoice Date"
        raise DebtDeskError("ledger", f"needs {needs} to age an open item",
                            data_row(read["rows"], int(np.flatnonzero(missing)[0])))
    cents = np.where(keep, cents, 0)  # closed and not-yet-dated items count as nothing
    closed = ~keep
    days = as_of_day - aged  # whole days, as floats: NaN only on closed items, which are not aged
    days[closed] = 0.0
    bucket = _buckets(days, cents, edges)
    if basis == "invoice":
        due_days = as_of_day - due_aged
        due_days[closed] = 0.0
        due_bucket = _buckets(due_days, cents, edges)
    else:  # aged by the due date already: the same arrays (read, never written, by every view)
        due_days, due_bucket = days, bucket
    return {**read, "cents": cents, "days": days, "due_days": due_days, "bucket": bucket, "due_bucket": due_bucket,
            "keep": keep, "future": future}


def _buckets(days: np.ndarray, cents: np.ndarray, edges: tuple[int, ...]) -> np.ndarray:
    """Bucket index per item: 0 Current, one per edge, the last open bucket, then Unallocated for credits."""
    bucket = np.zeros(len(days), dtype=np.int8)
    for bound in (0,) + edges:  # a few whole-array comparisons beat a binary search per item
        bucket += days > bound
    bucket[cents < 0] = len(edges) + 2  # the column after the last age bucket
    return bucket


def _money(columns: dict[str, pd.Series], name: str, empty_is_zero: bool = True):
    """A money column in cents (empty cells 0 with ``empty_is_zero``, as in Paid and Credit, else refused); without
    the column 0 with ``empty_is_zero``, else None."""
    if name not in columns:
        return 0 if empty_is_zero else None
    return money_cents(columns[name], "ledger", name, columns[name], empty_is_zero=empty_is_zero)


def refuse_negative(cents, column: str, rows: pd.Index) -> None:
    """Paid and Credit are never negative: a refund or reversal is its own line (``rows``: the ledger's index)."""
    if isinstance(cents, np.ndarray) and (cents < 0).any():
        pos = int(np.flatnonzero(cents < 0)[0])
        raise DebtDeskError("ledger", f"{column} {cents[pos] / 100:,.2f} is negative (expected 0 or more: "
                            f"a refund or reversal belongs in Amount as its own line)", data_row(rows, pos))


def outstanding_cents(amount: np.ndarray, paid, credit, given: np.ndarray | None, netted: bool,
                      rows: pd.Index) -> np.ndarray:
    """What is open on each row, in cents: Amount − Paid − Credit, checked against the firm's Outstanding.

    ``netted`` says the ledger has Paid or Credit: the firm's Outstanding must then be
    Amount − Paid − Credit; without them it must lie between 0 and the Amount. ``rows`` is the
    ledger's index (errors quote it by :func:`~debtdesk.values.data_rows`).

    >>> outstanding_cents(np.array([10000]), np.array([4000]), 0, None, True, pd.RangeIndex(1)).tolist()
    [6000]
    """
    net = amount - paid - credit
    if given is None:
        return net
    if netted:
        wrong = given != net
        if wrong.any():
            pos = int(np.flatnonzero(wrong)[0])
            raise DebtDeskError("ledger", f"Outstanding {given[pos] / 100:,.2f} is not Amount − Paid − Credit "
                                f"({net[pos] / 100:,.2f})", data_row(rows, pos))
        return net
    wrong = (np.sign(given) * np.sign(amount) < 0) | (np.abs(given) > np.abs(amount))
    if wrong.any():
        pos = int(np.flatnonzero(wrong)[0])
        raise DebtDeskError("ledger", f"Outstanding {given[pos] / 100:,.2f} does not fit Amount {amount[pos] / 100:,.2f} "
                            "(an open amount lies between 0 and the amount; a running balance is not an open amount: "
                            "map the open-amount column in Settings' column map)", data_row(rows, pos))
    return given


def _utf8(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (not so with half of a UTF-16 surrogate pair).

    >>> _utf8("INV-1"), _utf8("INV-\\ud800")
    (True, False)
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _texts(series: pd.Series) -> pd.Series:
    """A text column (e.g. Invoice) as stripped text, Excel's ``1001.0`` as ``1001`` and empty cells as "".

    >>> _texts(pd.Series([" INV-1", 1001.0, None], dtype=object)).tolist()
    ['INV-1', '1001', '']
    """
    if pd.api.types.is_string_dtype(series.dtype) and (series.dtype != object
                                                       or pd.api.types.infer_dtype(series, skipna=True) == "string"):
        return series.astype("str").str.strip().fillna("")  # text throughout: cleaned in one vectorised pass
    codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
    cleaned = np.array([str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip()
                        for v in uniques] + [""], dtype=object)
    return pd.Series(cleaned[codes], index=series.index, dtype="str")  # code -1 (empty) picks the "" appended last


def _invoice_fingerprints(invoices: pd.Series, beside: Beside | None = None) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """The invoice numbers' text (as :func:`_texts` gives it), each number's fingerprint
    (:func:`~debtdesk.collections._frames.mix`) and the rows whose fingerprint repeats: the only rows that can repeat
    a document (equal texts have equal fingerprints), none in a ledger whose invoice numbers are all different.
    Needs no customer codes.

    With a threaded ``beside``, half the fingerprints are hashed on its thread while this one hashes the others
    (:func:`~debtdesk.collections._frames.repeated_rows`), or here too if that thread is still busy.

    >>> invoices, fingerprints, suspects = _invoice_fingerprints(_texts(pd.Series(["INV-1", 2.0, "INV-1", ""], dtype=object)))
    >>> invoices.tolist(), suspects.tolist()
    (['INV-1', '2', 'INV-1', ''], [0, 2])
    """
    fingerprints = mix(*text_words(invoices))
    return invoices, fingerprints, repeated_rows(fingerprints, beside)


def _refuse_duplicates(codes: np.ndarray, customers: np.ndarray, invoices: pd.Series, fingerprints: np.ndarray,
                       suspects: np.ndarray, rows: pd.Index) -> None:
    """One document per customer and invoice number: a repeated row would count twice.

    Only ``suspects``, the rows whose invoice fingerprint repeats (:func:`_invoice_fingerprints`), can
    repeat a document: among them, rows whose customer code and fingerprint pair repeats are compared as text.
    """
    if not len(suspects):
        return
    key = fingerprints[suspects] + codes[suspects].astype(np.uint64) * MIX[3]  # wraps modulo 2**64, as fingerprints do
    suspects = suspects[pd.Index(key).duplicated(keep=False)]
    if not len(suspects):
        return
    texts = invoices.iloc[suspects]
    inv_codes, uniques = pd.factorize(texts)
    exact = pd.Index(codes[suspects].astype(np.int64) * (len(uniques) + 1) + inv_codes)
    repeated = exact.duplicated() & (texts != "").to_numpy()
    if repeated.any():
        at = int(np.flatnonzero(repeated)[0])
        pos, first = int(suspects[at]), int(suspects[np.flatnonzero(exact == exact[at])[0]])
        raise DebtDeskError("ledger", f"invoice {invoices.iloc[pos]!r} of {customers[codes[pos]]!r} is already on row "
                            f"{data_row(rows, first)} (a duplicate row would count twice; give a credit note "
                            "its own document number)", data_row(rows, pos))


def _currencies(column: pd.Series | None, default: str, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Codes into the sorted currencies of the ``n`` items (empty cells, or no column: ``default``), and where the
    cell was empty."""
    default = str(default or "").strip().upper()
    if column is None:
        return np.zeros(n, dtype=np.int64), np.array([default], dtype=object), np.ones(n, dtype=bool)
    empty = blank(column)
    text = column.where(~empty, default).map(lambda v: str(v).strip().upper())
    bad = text.map(lambda v: not (v == "" or (len(v) == 3 and v.isalpha()))).to_numpy(dtype=bool)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise DebtDeskError("ledger", f"Currency {column.iloc[pos]!r} is not a three-letter currency code "
                            "(expected e.g. GBP, USD, EUR)", data_row(column.index, pos))
    codes, labels = pd.factorize(text.to_numpy(dtype=object), sort=True)
    return codes.astype(np.int64), np.asarray(labels, dtype=object), empty


def _as_dates(days: np.ndarray) -> pd.Series:
    stamps = pd.to_datetime(np.where(np.isnan(days), np.nan, days), unit="D", origin="unix")
    return pd.Series(stamps).dt.date.where(~np.isnan(days), None)
