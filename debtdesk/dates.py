"""Dates as Excel hands them over: ``date``/``datetime``, serial numbers or text.

Excel's 1900 date system counts 1900-01-01 as serial 1 and keeps Lotus' phantom
1900-02-29 (serial 60), so serials above 60 are one day ahead of a plain count.

Dates are never guessed (DESIGN.md §3). Text is read when it is ISO (``2026-04-03``,
``2026/04/03``, with or without a time and an offset), or, when the current locale
(:mod:`debtdesk.reading`) sets a date order, ``03/04/2026`` in that order and dates with
English month names ("1 June 2026", "Jun 1, 2026"). Always refused: "now", "today" and
other words, two-digit years, ISO years before 1900, numeric text in any order when no
order is set (even "13/04/2026": a column is read one way or not at all). A numeric cell
is an Excel serial, whatever its size (46327 is 2026-11-01, never a count of days since
1970). A date-time with a UTC offset keeps its own calendar day: "2026-04-03T00:30+02:00"
is 3 April, as the person who wrote it sees it.

Where a field needs a date of this era (a ledger's due date, a promise, a payment, a
client's as-of), :func:`check_era` refuses dates before 1990 or after 2100: the Excel
serial 30 is 1900-01-30, and ageing it would put 46,000 days in the oldest bucket.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from debtdesk.errors import DebtDeskError
from debtdesk.reading import current
from debtdesk.values import UnsavedFormula, data_row

_EPOCH = date(1899, 12, 30)  # serial 0 for every serial > 60
_TIME = r"(?:[T ,]\s*\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[AaPp][Mm])?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?"
_ISO = re.compile(rf"^(\d{{4}})([-/.])(\d{{1,2}})\2(\d{{1,2}}){_TIME}$")
_ORDERED = re.compile(rf"^(\d{{1,2}})([-/.])(\d{{1,2}})\2(\d+){_TIME}$")
_NAMED = re.compile(rf"^(?:(\d{{1,2}})(?:st|nd|rd|th)?[\s\-/.]+([A-Za-z]+)\.?|([A-Za-z]+)\.?[\s\-/.]+(\d{{1,2}})(?:st|nd|rd|th)?)"
                    rf",?[\s\-/.]+(\d+){_TIME}$")
_SERIAL = re.compile(r"^\d+(?:\.\d+)?$")
MONTHS = {name.lower(): number for number in range(1, 13)
          for name in (calendar.month_name[number], calendar.month_abbr[number])}
MONTHS["sept"] = 9
#: Words that mean a moving date; a date is always written out.
_MOVING = ("now", "today", "tomorrow", "yesterday", "tonight", "current", "asap")
#: The era a ledger, a promise, a payment or a client's plan lives in (:func:`check_era`).
EARLIEST, LATEST = date(1990, 1, 1), date(2100, 12, 31)


def to_date(value, argument: str, row: int | None = None) -> date:
    """Read one date from any Excel-shaped form.

    Parameters
    ----------
    value : date, datetime, pandas.Timestamp, int, float or str
        A date, an Excel serial number (1900 system) or text: ISO ``YYYY-MM-DD``, or in
        the current locale's date order (:mod:`debtdesk.reading`).
    argument : str
        The argument's name, used in the error message.
    row : int, optional
        The data row, used in the error message.

    Examples
    --------
    >>> to_date(45292, "as_of"), to_date("2024-01-01", "as_of"), to_date("2026-04-03T00:30:00+02:00", "due")
    (datetime.date(2024, 1, 1), datetime.date(2024, 1, 1), datetime.date(2026, 4, 3))
    >>> to_date("2024-02-30", "as_of")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: as_of: '2024-02-30' is not a real date (expected YYYY-MM-DD, a date or an Excel serial number)
    >>> to_date("03/04/2026", "as_of")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: as_of: '03/04/2026' could be 3 April or 4 March: write 2026-04-03 or 2026-03-04 (expected YYYY-MM-DD, a date or an Excel serial number)
    """
    order = current().date_order
    expected = f"(expected YYYY-MM-DD{', ' + _PATTERN[order] if order else ''}, a date or an Excel serial number)"
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, UnsavedFormula):
        raise value.refusal(argument, row)
    if hasattr(value, "to_pydatetime") and not _is_missing(value):
        return value.to_pydatetime().date()
    if isinstance(value, bool) or value is None or _is_missing(value):
        raise DebtDeskError(argument, f"is empty {expected}" if not isinstance(value, bool)
                            else f"{value!r} is not a date {expected}", row)
    if isinstance(value, (int, float)) or hasattr(value, "dtype"):
        return from_serial(float(value), argument, row)
    if isinstance(value, str):
        return _text_date(value, argument, row, order, expected)
    raise DebtDeskError(argument, f"{value!r} is not a date {expected}", row)


_PATTERN = {"DMY": "DD/MM/YYYY", "MDY": "MM/DD/YYYY"}


def _text_date(value: str, argument: str, row: int | None, order: str, expected: str) -> date:
    """A date written as text, by the rules of the module docstring."""
    text = " ".join(value.split())
    if not text:
        raise DebtDeskError(argument, f"is empty {expected}", row)
    if text.startswith("#"):
        raise DebtDeskError(argument, f"holds the Excel error {text} {expected}", row)
    if text.lower().rstrip("()") in _MOVING:
        raise DebtDeskError(argument, f"{value!r} is not a date: write the date itself (DebtDesk never reads "
                            f"an implicit today) {expected}", row)
    hint = current().hint("Date order", "DMY or MDY")
    if m := _ISO.match(text):
        year, month, day = int(m[1]), int(m[3]), int(m[4])
        if year < 1900:
            raise DebtDeskError(argument, f"{value!r} has the year {m[1]}: dates start in 1900 (write the year in "
                                f"full, e.g. 2026) {expected}", row)
    elif m := _ORDERED.match(text):
        first, second, year = int(m[1]), int(m[3]), m[4]
        if len(year) != 4:
            raise DebtDeskError(argument, f"{value!r} has a {len(year)}-digit year: write the year in full "
                                f"{expected}", row)
        if not order:
            if first <= 12 and second <= 12 and first != second:
                readings = [_say(first, second), _say(second, first)]
                raise DebtDeskError(argument, f"{value!r} could be {readings[0]} or {readings[1]}: write "
                                    f"{year}-{second:02d}-{first:02d} or {year}-{first:02d}-{second:02d}{hint} {expected}", row)
            raise DebtDeskError(argument, f"{value!r} is not a date while no date order is set: write it as "
                                f"YYYY-MM-DD{hint} {expected}", row)
        year, (day, month) = int(year), ((first, second) if order == "DMY" else (second, first))
    elif m := _NAMED.match(text):
        word = (m[2] or m[3]).lower()
        if word not in MONTHS:
            raise DebtDeskError(argument, f"{value!r} is not a date {expected}", row)
        if not order:
            raise DebtDeskError(argument, f"{value!r} names its month: month names are read only when a date order "
                                f"is set; write it as YYYY-MM-DD{hint} {expected}", row)
        if len(m[5]) != 4:
            raise DebtDeskError(argument, f"{value!r} has a {len(m[5])}-digit year: write the year in full {expected}", row)
        year, month, day = int(m[5]), MONTHS[word], int(m[1] or m[4])
    elif _SERIAL.match(text):
        return from_serial(float(text), argument, row)
    else:
        raise DebtDeskError(argument, f"{value!r} is not a date {expected}", row)
    try:
        return date(year, month, day)
    except ValueError:
        raise DebtDeskError(argument, f"{value!r} is not a real date {expected}", row) from None


def _say(day: int, month: int) -> str:
    return f"{day} {calendar.month_name[month]}"


def from_serial(serial: float, argument: str = "date", row: int | None = None) -> date:
    """Convert an Excel 1900-system serial number to a date (time of day dropped).

    >>> from_serial(1), from_serial(59), from_serial(61)
    (datetime.date(1900, 1, 1), datetime.date(1900, 2, 28), datetime.date(1900, 3, 1))
    """
    if not math.isfinite(serial) or serial < 1 or serial >= 2958466:
        raise DebtDeskError(argument, f"serial {serial!r} is outside Excel's dates (1 to 2958465)", row)
    whole = int(serial)
    if whole == 60:
        raise DebtDeskError(argument, "serial 60 is Excel's non-existent 1900-02-29", row)
    return _EPOCH + timedelta(days=whole if whole > 60 else whole + 1)


def to_serial(day: date) -> int:
    """Excel 1900-system serial number of a date.

    >>> to_serial(date(2024, 1, 1))
    45292
    """
    n = (day - _EPOCH).days
    return n if n > 60 else n - 1


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's end (Excel's ``EDATE``).

    >>> add_months(date(2024, 1, 31), 1), add_months(date(2024, 3, 15), -2)
    (datetime.date(2024, 2, 29), datetime.date(2024, 1, 15))
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _is_missing(value) -> bool:
    try:
        return value != value  # NaN, NaT
    except (TypeError, ValueError):
        return False


def check_era(day: date, argument: str, row: int | None = None, label: str = "") -> date:
    """``day`` when it lies in 1990-2100, the era of any ledger, promise, payment or plan; else refused.

    >>> check_era(date(2026, 11, 1), "ledger", 3, "Due Date")
    datetime.date(2026, 11, 1)
    >>> check_era(from_serial(30), "ledger", 3, "Due Date")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: ledger row 3: Due Date 1900-01-30 is before 1990: a date that old is a typing or export error (the Excel serial 30 is 1900-01-30)
    """
    if EARLIEST <= day <= LATEST:
        return day
    what = f"{label} " if label else ""
    if day < EARLIEST:
        raise DebtDeskError(argument, f"{what}{day.isoformat()} is before {EARLIEST.year}: a date that old is a typing "
                            f"or export error (the Excel serial {to_serial(day)} is {day.isoformat()})", row)
    raise DebtDeskError(argument, f"{what}{day.isoformat()} is after {LATEST.year}: check the year", row)


def era_days(days: np.ndarray, argument: str, label: str, index: pd.Index) -> np.ndarray:
    """``days`` (days since 1970-01-01, NaN for empty) when all lie in 1990-2100; the first outside is refused.

    >>> era_days(np.array([20393.0, np.nan]), "ledger", "Due Date", pd.RangeIndex(2)).tolist()
    [20393.0, nan]
    """
    low, high = _UNIX(EARLIEST), _UNIX(LATEST)
    outside = (days < low) | (days > high)  # NaN compares False: empty cells pass
    if outside.any():
        position = int(np.flatnonzero(outside)[0])
        check_era(date(1970, 1, 1) + timedelta(days=int(days[position])), argument,
                  data_row(index, position), label)
    return days


def cell_days(cells) -> np.ndarray:
    """Days since 1970-01-01 of each cell read by :func:`to_date` (NaN where empty or unreadable).

    For column readers: the cells that come back NaN but are not empty are the ones to
    name with :func:`to_date`'s own message.

    >>> cell_days(["2026-11-01", 46327, None, "soon", datetime(2026, 11, 1, 23, 30)]).tolist()
    [20758.0, 20758.0, nan, nan, 20758.0]
    """
    out = np.full(len(cells), np.nan)
    for i, cell in enumerate(cells):
        try:
            out[i] = _UNIX(to_date(cell, "date"))
        except DebtDeskError:
            pass
    return out


def _UNIX(day: date) -> float:
    return float((day - date(1970, 1, 1)).days)
