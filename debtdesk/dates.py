"""Dates as Excel hands them over: ``date``/``datetime``, serial numbers or ISO text.

Excel's 1900 date system counts 1900-01-01 as serial 1 and keeps Lotus' phantom
1900-02-29 (serial 60), so serials above 60 are one day ahead of a plain count.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, datetime, timedelta

from debtdesk.errors import DebtDeskError

_EPOCH = date(1899, 12, 30)  # serial 0 for every serial > 60
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+)?\s*$")


def to_date(value, argument: str, row: int | None = None) -> date:
    """Read one date from any Excel-shaped form.

    Parameters
    ----------
    value : date, datetime, pandas.Timestamp, int, float or str
        A date, an Excel serial number (1900 system) or ISO ``YYYY-MM-DD`` text.
    argument : str
        The argument's name, used in the error message.
    row : int, optional
        The data row, used in the error message.

    Examples
    --------
    >>> to_date(45292, "as_of"), to_date("2024-01-01", "as_of")
    (datetime.date(2024, 1, 1), datetime.date(2024, 1, 1))
    >>> to_date("2024-02-30", "as_of")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: as_of: '2024-02-30' is not a real date (expected YYYY-MM-DD, a date or an Excel serial number)
    """
    expected = "(expected YYYY-MM-DD, a date or an Excel serial number)"
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "to_pydatetime") and not _is_missing(value):
        return value.to_pydatetime().date()
    if isinstance(value, bool) or value is None or _is_missing(value):
        raise DebtDeskError(argument, f"is empty {expected}" if not isinstance(value, bool)
                            else f"{value!r} is not a date {expected}", row)
    if isinstance(value, (int, float)) or hasattr(value, "dtype"):
        return from_serial(float(value), argument, row)
    if isinstance(value, str):
        m = _ISO.match(value)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise DebtDeskError(argument, f"{value!r} is not a real date {expected}", row) from None
        if value.strip().startswith("#"):
            raise DebtDeskError(argument, f"holds the Excel error {value.strip()} {expected}", row)
    raise DebtDeskError(argument, f"{value!r} is not a date {expected}", row)


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
