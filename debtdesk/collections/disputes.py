"""Dispute register: which items are held out of dunning and the worklist.

UK FCA CONC 7.14 requires a firm to suspend recovery of a debt the customer disputes on
valid grounds until the dispute is dealt with (DESIGN.md §1 item 13). A dispute row names a
Customer and, optionally, an Invoice: with an invoice only that item is held; without one
the whole customer is held. A dispute is open from ``Opened`` until ``Resolved``
(empty = still open) — both optional dates, compared with ``as_of``.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from debtdesk.collections._frames import day_numbers, factorize_text
from debtdesk.columns import select_columns
from debtdesk.dates import to_date
from debtdesk.values import cell_text


def open_disputes(disputes: pd.DataFrame, as_of) -> pd.DataFrame:
    """The disputes open on ``as_of``: Customer, Invoice (None = whole account), Opened, Reason and
    Position (the row's 0-based position in ``disputes``).

    Examples
    --------
    >>> d = pd.DataFrame({"Customer": ["A", "B"], "Invoice": ["7", None],
    ...                   "Opened": ["2024-03-01", "2024-03-01"], "Resolved": ["2024-03-10", None]})
    >>> open_disputes(d, "2024-03-20")["Customer"].tolist()
    ['B']
    """
    table = select_columns(disputes, ["Customer"], ["Invoice", "Opened", "Resolved", "Reason"], "disputes")
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
    reason = table["Reason"].map(lambda v: cell_text(v, "")) if "Reason" in table else pd.Series("", index=table.index)
    out = pd.DataFrame({"Customer": names[codes], "Invoice": invoice.to_numpy(dtype=object),
                        "Opened": [None if d != d else date(1970, 1, 1) + timedelta(days=int(d)) for d in opened],
                        "Reason": reason.to_numpy(dtype=object), "Position": np.arange(len(table))})
    return out[live].reset_index(drop=True)
