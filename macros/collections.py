"""What every Collections-group macro shares: the workbook's table names and its settings.

A collections workbook holds input tables (Settings, DunningLevels, LossRates, Ledger,
Payments, Customers, Contacts, Promises, Disputes, NewContact) and the output sheets the
macros write (Ageing, Ageing detail, Promises statuses, Worklist, KPIs, Dashboard, Dunning,
Journal). :func:`collections_settings` reads the Settings table once, checks every value
and names the row that is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

import pandas as pd

from debtdesk.collections.ageing import check_edges
from debtdesk.dates import to_date
from debtdesk.errors import DebtDeskError
from debtdesk.macros.inputs import read_settings, setting

SETTINGS = "Settings"
LEDGER = "Ledger"
PAYMENTS = "Payments"
CUSTOMERS = "Customers"
CONTACTS = "Contacts"
PROMISES = "Promises"
DISPUTES = "Disputes"
DUNNING_LEVELS = "DunningLevels"
LOSS_RATES = "LossRates"

#: Kinds of contact the log knows; "call" is a placed call without a conversation (Reg F).
CONTACT_TYPES = ("call", "conversation", "email", "letter")
#: Columns of the contact log and of the NewContact input table.
CONTACT_COLUMNS = ("Customer", "Contact Time", "Type", "Consultant", "Note")


@dataclass(frozen=True)
class CollectionsSettings:
    """The checked Settings table of a collections workbook."""

    as_of: date
    edges: tuple[int, ...] = (30, 60, 90)
    basis: str = "due"
    tolerance_days: int = 0
    dunning_rate: float = 0.0
    kpi_months: int = 3
    window: tuple[time, time] = (time(8, 0), time(21, 0))
    firm: str = "DebtDesk Collections"
    firm_email: str = ""


def collections_settings(book) -> CollectionsSettings:
    """Read and check the Settings table; the as-of date is always explicit.

    Examples
    --------
    >>> class Book:
    ...     def read_table(self, name):
    ...         return pd.DataFrame({"Input": ["As of", "Promise tolerance (days)", "Contact window"],
    ...                              "Value": ["2026-11-01", 3, "09:00-18:00"]})
    >>> s = collections_settings(Book())
    >>> s.as_of, s.edges, s.tolerance_days, s.window
    (datetime.date(2026, 11, 1), (30, 60, 90), 3, (datetime.time(9, 0), datetime.time(18, 0)))
    """
    values = read_settings(book, SETTINGS)
    as_of = to_date(setting(values, SETTINGS, "As of", "As-of date"), SETTINGS)
    raw = setting(values, SETTINGS, "Bucket edges", "Edges", default="30, 60, 90")
    try:
        edges = tuple(float(e) for e in re.split(r"[,;\s]+", str(raw).strip()) if e)
    except ValueError:
        raise DebtDeskError(SETTINGS, f"Bucket edges {raw!r} must be whole days separated by commas, e.g. 30, 60, 90") from None
    edges = check_edges(edges, SETTINGS)
    basis = str(setting(values, SETTINGS, "Ageing basis", "Basis", default="due")).strip().lower()
    if basis not in ("due", "invoice"):
        raise DebtDeskError(SETTINGS, f"Ageing basis {basis!r} is not one of due, invoice")
    tolerance = _whole(setting(values, SETTINGS, "Promise tolerance (days)", "Tolerance days", default=0),
                       "Promise tolerance (days)", 0)
    rate = _number(setting(values, SETTINGS, "Dunning interest rate", "Dunning rate", default=0.0),
                   "Dunning interest rate")
    if rate > 1:
        raise DebtDeskError(SETTINGS, f"Dunning interest rate {rate:g} must be a fraction (8% = 0.08)")
    months = _whole(setting(values, SETTINGS, "KPI period (months)", "KPI months", default=3), "KPI period (months)", 1)
    window = _window(setting(values, SETTINGS, "Contact window", default="08:00-21:00"))
    firm = str(setting(values, SETTINGS, "Firm name", "Firm", default="DebtDesk Collections")).strip()
    firm_email = str(setting(values, SETTINGS, "Firm email", default="")).strip()
    return CollectionsSettings(as_of, edges, basis, tolerance, rate, months, window, firm, firm_email)


def optional_table(book, name: str) -> pd.DataFrame | None:
    """The table ``name``, or None when the workbook has none (or it holds no rows).

    >>> class Book:
    ...     def has_table(self, name): return False
    >>> optional_table(Book(), "Disputes") is None
    True
    """
    if not book.has_table(name):
        return None
    frame = book.read_table(name)
    return frame if len(frame) else None


def _number(value, label: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            value = float(str(value).strip().rstrip("%")) / (100 if str(value).strip().endswith("%") else 1)
        except ValueError:
            raise DebtDeskError(SETTINGS, f"{label} {value!r} is not a number") from None
    if value != value or value < 0:
        raise DebtDeskError(SETTINGS, f"{label} {value!r} must be a number of at least 0")
    return float(value)


def _whole(value, label: str, minimum: int) -> int:
    number = _number(value, label)
    if number != int(number) or number < minimum:
        raise DebtDeskError(SETTINGS, f"{label} {value!r} must be a whole number of at least {minimum}")
    return int(number)


def _window(value) -> tuple[time, time]:
    """``"HH:MM-HH:MM"`` inside Regulation F's 8:00 to 21:00 (a firm may be stricter, never looser)."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*[-–to ]+\s*(\d{1,2}):(\d{2})\s*", str(value))
    if not match:
        raise DebtDeskError(SETTINGS, f"Contact window {value!r} must look like 08:00-21:00")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise DebtDeskError(SETTINGS, f"Contact window {value!r} holds an impossible time")
    start, end = time(h1, m1), time(h2, m2)
    if start < time(8, 0) or end > time(21, 0) or start >= end:
        raise DebtDeskError(SETTINGS, f"Contact window {value!r} must lie within 08:00-21:00, the hours "
                            "Regulation F 1006.6(b)(1)(i) presumes convenient, and start before it ends")
    return start, end


def column_cells(ref: str, columns, name: str) -> tuple[str, str]:
    """(data cells, column letter) of column ``name`` in a table written at ``ref`` (header row first).

    >>> column_cells("A3:I15", ["Customer", "Current", "91+"], "91+")
    ('C4:C15', 'C')
    """
    from openpyxl.utils import get_column_letter, range_boundaries
    min_col, min_row, _, max_row = range_boundaries(ref)
    letter = get_column_letter(min_col + list(columns).index(name))
    return f"{letter}{min_row + 1}:{letter}{max_row}", letter


def beside(ref: str, gap: int = 1, row: int | None = None) -> str:
    """Anchor cell ``gap`` empty columns right of a table, on its first row (or ``row``).

    >>> beside("A1:G9"), beside("A3:C5", row=1)
    ('I1', 'E1')
    """
    from openpyxl.utils import get_column_letter, range_boundaries
    _, min_row, max_col, _ = range_boundaries(ref)
    return f"{get_column_letter(max_col + gap + 1)}{row or min_row}"


def below(ref: str, gap: int = 2) -> str:
    """Anchor cell ``gap`` empty rows under a table (and its total row), in its first column.

    >>> below("A3:C9")
    'A13'
    """
    from openpyxl.utils import get_column_letter, range_boundaries
    min_col, _, _, max_row = range_boundaries(ref)
    return f"{get_column_letter(min_col)}{max_row + gap + 2}"
