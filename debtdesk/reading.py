"""How text from cells and files is read: the locale a workbook or an export is written in.

A number or a date written as text means what the firm that wrote it means: "1.234,50" is
1234.5 to a German export and nonsense to a British one; "03/04/2026" is 3 April in Paris
and 4 March in New York. DebtDesk never guesses. The :class:`Locale` says how to read,
and every reader (:func:`debtdesk.values.number`, :func:`debtdesk.dates.to_date` and the
column readers built on them) asks :func:`current` for it, so the signatures the engine,
the cell functions and the macros call never change.

Who sets it:

* the ribbon macros, from the workbook's "Decimal separator" and "Date order" rows (Client
  sheet or collections Settings; :func:`debtdesk.macros.inputs.workbook_locale`);
* ``debtdesk regenerate``, from ``--decimal-comma``, ``--date-order`` and ``--numeric-ids``
  while it reads the firm's exports;
* a Python caller, with :func:`reading`.

Without any of these the default holds: decimal point, comma thousands, ISO dates only,
identifiers matched as text.

Examples
--------
>>> from debtdesk.values import number
>>> from debtdesk.dates import to_date
>>> with reading(Locale(decimal=",", date_order="DMY")):
...     number("1.234,50", "amount"), to_date("03/04/2026", "due_date")
(1234.5, datetime.date(2026, 4, 3))
>>> current() == Locale()
True
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Iterator

from debtdesk.errors import DebtDeskError

DECIMALS = {".": ".", "point": ".", "dot": ".", "1,234.56": ".", ",": ",", "comma": ",", "1.234,56": ","}
DATE_ORDERS = {"": "", "iso": "", "ymd": "", "yyyymmdd": "", "none": "",
               "dmy": "DMY", "ddmmyyyy": "DMY", "mdy": "MDY", "mmddyyyy": "MDY"}


@dataclass(frozen=True)
class Locale:
    """How numbers, dates and identifiers written as text are read.

    Parameters
    ----------
    decimal : {".", ","}
        The decimal separator. With ``"."`` a comma, space or apostrophe may group
        thousands ("1,234.50", "1 234.50", "1'234.50"); with ``","`` a point, space or
        apostrophe may ("1.234,50", "1 234,50").
    date_order : {"", "DMY", "MDY"}
        How "03/04/2026" is read: day first, month first, or (``""``) not at all, only
        ISO ``YYYY-MM-DD``. Month names ("1 June 2026") are read only when an order is set.
    numeric_ids : bool
        Identifiers that differ only by leading zeros ("00123" and 123) are the same
        client. Off by default: an id is its text.
    where : str
        Where the person changes this, quoted in refusals: a sheet (``"the Client sheet"``),
        ``"regenerate"`` (its command-line options) or empty.

    Examples
    --------
    >>> Locale.parse("comma", "dd/mm/yyyy")
    Locale(decimal=',', date_order='DMY', numeric_ids=False, where='')
    """

    decimal: str = "."
    date_order: str = ""
    numeric_ids: bool = False
    where: str = ""

    def __post_init__(self):
        if self.decimal not in (".", ","):
            raise DebtDeskError("decimal", f"{self.decimal!r} is not '.' or ','")
        if self.date_order not in ("", "DMY", "MDY"):
            raise DebtDeskError("date_order", f"{self.date_order!r} is not DMY, MDY or empty (ISO only)")

    @classmethod
    def parse(cls, decimal=None, date_order=None, argument: str = "locale", numeric_ids: bool = False,
              where: str = "") -> "Locale":
        """A locale from the words a person writes in a settings row (None keeps the default).

        >>> Locale.parse(" Comma ", "MDY").decimal, Locale.parse(None, "ISO").date_order
        (',', '')
        >>> Locale.parse("comma (1.234,56)", "DMY (03/04/2026 is 3 April)")
        Locale(decimal=',', date_order='DMY', numeric_ids=False, where='')
        >>> Locale.parse("semicolon")
        Traceback (most recent call last):
        ...
        debtdesk.errors.DebtDeskError: locale: Decimal separator 'semicolon' is not one of point, comma
        """
        key = "" if decimal is None else _word(decimal)
        if key and key not in DECIMALS:
            raise DebtDeskError(argument, f"Decimal separator {decimal!r} is not one of point, comma")
        order = "" if date_order is None else "".join(c for c in _word(date_order) if c.isalpha())
        if order not in DATE_ORDERS:
            raise DebtDeskError(argument, f"Date order {date_order!r} is not one of ISO, DMY, MDY")
        return cls(DECIMALS.get(key, "."), DATE_ORDERS[order], numeric_ids, where)

    @property
    def style(self) -> str:
        """How this locale writes one thousand two hundred and a half: ``"1,234.56"`` or ``"1.234,56"``.

        >>> Locale().style, Locale(",").style
        ('1,234.56', '1.234,56')
        """
        return "1,234.56" if self.decimal == "." else "1.234,56"

    def hint(self, setting: str, value: str) -> str:
        """How to set ``setting`` to ``value`` here, for the end of a refusal (empty when nobody said).

        >>> Locale(where="the Client sheet").hint("Decimal separator", "comma")
        ', or set Decimal separator to comma on the Client sheet'
        >>> Locale(where="regenerate").hint("Decimal separator", "comma")
        ', or run regenerate with --decimal-comma'
        """
        if self.where == "regenerate":
            flag = {"Decimal separator": "--decimal-comma" if value == "comma" else "without --decimal-comma",
                    "Date order": f"--date-order {value.split()[0]}"}.get(setting, setting)
            return f", or run regenerate with {flag}".replace("with without", "without")
        return f", or set {setting} to {value} on {self.where}" if self.where else ""


def _word(value) -> str:
    """A setting's value without the example a dropdown shows after it: "comma (1.234,56)" -> "comma"."""
    return str(value).split("(")[0].strip().lower()


_CURRENT: contextvars.ContextVar[Locale] = contextvars.ContextVar("debtdesk_locale", default=Locale())


def current() -> Locale:
    """The locale text is read in right now (the default outside any :func:`reading`).

    >>> current().decimal
    '.'
    """
    return _CURRENT.get()


@contextmanager
def reading(locale: Locale | None = None, **changes) -> Iterator[Locale]:
    """Read text in ``locale`` (or the current one with ``changes``) inside the ``with`` block.

    Contexts nest and are local to a thread or task, so two workbooks read at once never
    see each other's setting.

    >>> from debtdesk.values import number
    >>> with reading(decimal=","):
    ...     number("24,9%", "APR")
    0.249
    """
    chosen = replace(locale or current(), **changes)
    token = _CURRENT.set(chosen)
    try:
        yield chosen
    finally:
        _CURRENT.reset(token)
