"""Dispute register: which items are held out of dunning and the worklist.

UK FCA CONC 7.14 requires a firm to suspend recovery of a debt the customer disputes on
valid grounds until the dispute is dealt with (DESIGN.md §1 item 13). A dispute row names a
Customer and, optionally, an Invoice: with an invoice only that item is held; without one
the whole customer is held. A dispute is open from ``Opened`` until ``Resolved``
(empty = still open) — both optional dates, compared with ``as_of``.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from debtdesk.collections._frames import day_numbers, factorize_text
from debtdesk.columns import select_columns
from debtdesk.dates import to_date


def open_disputes(disputes: pd.DataFrame, as_of) -> pd.DataFrame:
    """The disputes open on ``as_of``: Customer and Invoice (empty = whole account), plus any other columns.

    Examples
    --------
    >>> d = pd.DataFrame({"Customer": ["A", "B"], "Invoice": ["7", None],
    ...                   "Opened": ["2024-03-01", "2024-03-01"], "Resolved": ["2024-03-10", None]})
    >>> open_disputes(d, "2024-03-20")["Customer"].tolist()
    ['B']
    """
    table = select_columns(disputes, ["Customer"], ["Invoice", "Opened", "Resolved"], "disputes")
    codes, names = factorize_text(table["Customer"], "disputes", "Customer", disputes)
    today = (to_date(as_of, "as_of") - date(1970, 1, 1)).days
    opened = day_numbers(table["Opened"], "disputes", "Opened", disputes) if "Opened" in table \
        else np.full(len(table), np.nan)
    resolved = day_numbers(table["Resolved"], "disputes", "Resolved", disputes) if "Resolved" in table \
        else np.full(len(table), np.nan)
    live = (np.isnan(opened) | (opened <= today)) & (np.isnan(resolved) | (resolved > today))
    invoice = table["Invoice"] if "Invoice" in table else pd.Series(None, index=table.index, dtype=object)
    invoice = invoice.map(lambda v: None if v is None or v != v or not str(v).strip()
                          else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip())
    out = pd.DataFrame({"Customer": names[codes], "Invoice": invoice.to_numpy(dtype=object)})
    return out[live].reset_index(drop=True)


def disputed(customers: pd.Series, invoices: pd.Series, disputes: pd.DataFrame | None, as_of) -> np.ndarray:
    """True for each (customer, invoice) item held by an open dispute.

    Examples
    --------
    >>> d = pd.DataFrame({"Customer": ["A", "B"], "Invoice": ["7", None]})
    >>> disputed(pd.Series(["A", "A", "B"]), pd.Series(["7", "8", "9"]), d, "2024-03-20").tolist()
    [True, False, True]
    """
    held = np.zeros(len(customers), dtype=bool)
    if disputes is None or len(disputes) == 0:
        return held
    live = open_disputes(disputes, as_of)
    whole = set(live.loc[live["Invoice"].isna(), "Customer"])
    items = set(zip(live.loc[live["Invoice"].notna(), "Customer"], live.loc[live["Invoice"].notna(), "Invoice"]))
    cust = customers.astype(str).str.strip().to_numpy()
    inv = invoices.map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip()).to_numpy()
    held |= np.isin(cust, list(whole))
    if items:
        keys = pd.MultiIndex.from_arrays([cust, inv])
        held |= keys.isin(list(items))
    return held
