"""Checking single values from cells, tables and files: numbers, with one set of messages.

Every engine function and every cell function checks its numeric inputs here, so
"``APR 'abc' is not a number``" reads the same whether it comes from ``DD_PAYOFF``,
``debtdesk regenerate`` or a Python caller. The data row such a message quotes is
decided here too (:func:`data_rows`), as are the few ways a cell's text is read
(:func:`cell_text`, :func:`match_key`).

Numbers from text (DESIGN.md §3) are read in the current locale (:mod:`debtdesk.reading`)
and only when they cannot mean anything else:

* with a decimal point (the default) "1,234.50", "1 234.50", "1'234.50", "£1,200",
  "(100.00)", "100.00-", "-€5", "24%" and "1.5E+03" are read; a comma groups thousands
  only in groups of three, so "1,5", "15,45", "0,125", "1.234,50" and "24,5%" are refused
  as written with a decimal comma;
* with a decimal comma the mirror image: "1.234,50", "1 234,50", "24,9%" are read and
  "1,234.50", "15.45" are refused;
* "1,234" and "1.234" have one reading in each locale (1234 with a decimal point, 1.234
  with a decimal comma): a comma followed by three digits groups thousands where the
  decimal is a point, as "£1,200" does, which is why the locale must be set for exports
  written with a decimal comma;
* a list argument given as one text cell ("30,60,90", "30, 60, 90", "30;60;90") is a list
  (:func:`number_list`), unless it could also be one number ("100,200,300").

Implausible values are named, not computed. The decision per field:

* a rate above 100 % (:func:`rate`, :func:`rates`) is an error unless written as text
  with its % sign ("600%"): "6" or 6.0 in an APR cell is almost always 6 % typed as a
  whole number, and a plan, a letter and a KPI computed on 600 % would all be wrong; in a
  column whose other rates are fractions a rate of exactly 1 (100 %) is refused too;
* dates outside 1990-2100 where a ledger, a promise, a payment or a client's plan needs
  a date of this era are errors (:func:`debtdesk.dates.check_era`), as are payments dated
  more than a year after the as-of date;
* nothing is only flagged: each of these would change every figure computed from it, so
  the person is asked to fix the cell rather than shown a warning beside wrong numbers.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction
from typing import Sequence

import numpy as np
import pandas as pd

from debtdesk.columns import column_map
from debtdesk.errors import DebtDeskError
from debtdesk.money import MAX_AMOUNT
from debtdesk.reading import Locale, current

EXCEL_ERRORS = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!",
                "#SPILL!", "#CALC!", "#GETTING_DATA")


def number(value, argument: str, row: int | None = None, *, minimum: float | None = None,
           above: float | None = None, maximum: float | None = None,
           whole: bool = False, label: str = "", blank=..., hint: str = "") -> float:
    """One finite number, checked against bounds.

    Parameters
    ----------
    value : float, int, str
        A number or numeric text (``"1,234.50"``, ``"24%"``), read in the current locale
        (:mod:`debtdesk.reading`); text that could mean another number is refused.
    argument : str
        Argument name for the error message.
    row : int, optional
        Data row for the error message.
    minimum, above, maximum : float, optional
        ``value >= minimum``, ``value > above``, ``value <= maximum``.
    whole : bool
        Require a whole number.
    label : str
        Column name to quote in the message, e.g. ``"APR"``.
    blank : float, optional
        Returned for an empty value (None, NaN, blank text); without it an empty value is an error.
    hint : str
        Added to the ``maximum`` error, e.g. ``"(rates are fractions: 24% is 0.24)"``.

    Examples
    --------
    >>> number("24%", "annual_rate"), number(" 1,234.5 ", "principal")
    (0.24, 1234.5)
    >>> number("(1,200.00)", "amount"), number("£1,200", "amount"), number("100.00-", "amount")
    (-1200.0, 1200.0, -100.0)
    >>> number("24,5%", "debts", 3, label="APR")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: debts row 3: APR '24,5%' is written with a decimal comma (24.5%?), but numbers here are read as 1,234.56: write it with a decimal point
    >>> number("abc", "debts", 3, label="APR")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: debts row 3: APR 'abc' is not a number
    """
    what = f"{label} " if label else ""
    if isinstance(value, UnsavedFormula):
        raise value.refusal(argument, row, what)
    if is_blank(value):
        if blank is not ...:
            return blank
        raise DebtDeskError(argument, f"{what}is empty (expected a number)", row)
    if isinstance(value, bool):
        raise DebtDeskError(argument, f"{what}{value!r} is not a number", row)
    if isinstance(value, str):
        result = _text_number(value, argument, row, what)
    elif isinstance(value, (int, float, np.integer, np.floating, Decimal, Fraction)):
        result = float(value)
    else:
        raise DebtDeskError(argument, f"{what}{value!r} is not a number", row)
    if not math.isfinite(result):
        raise DebtDeskError(argument, f"{what}{value!r} is not a finite number", row)
    if abs(result) >= MAX_AMOUNT:
        raise DebtDeskError(argument, f"{what}{result:g} is too large (at most {MAX_AMOUNT:g})", row)
    if whole and result != int(result):
        raise DebtDeskError(argument, f"{what}{result:g} is not a whole number", row)
    if minimum is not None and result < minimum:
        raise DebtDeskError(argument, f"{what}{result:g} must be at least {minimum:g}", row)
    if above is not None and result <= above:
        raise DebtDeskError(argument, f"{what}{result:g} must be greater than {above:g}", row)
    if maximum is not None and result > maximum:
        tail = f" {hint}" if hint else ""
        raise DebtDeskError(argument, f"{what}{result:g} must be at most {maximum:g}{tail}", row)
    return result


class UnsavedFormula(str):
    """A formula cell whose value the file never saved, as a workbook reader hands it over: its text.

    Every reader of numbers and dates refuses it by name rather than reading it as empty, 0
    or text (:func:`number`, :func:`debtdesk.dates.to_date`); it compares equal to its text.

    >>> number(UnsavedFormula("=SUMIFS(Payments!C:C, Payments!A:A, A2)"), "Ledger", 3, label="Paid")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: Ledger row 3: Paid holds a formula with no saved value (=SUMIFS(Payments!C:C, Payments!A:A, A2)): open the workbook in Excel or LibreOffice and save it, so its values are stored
    """

    def refusal(self, argument: str, row: int | None, what: str = "") -> DebtDeskError:
        """The one-line refusal for this cell."""
        return DebtDeskError(argument, f"{what}holds a formula with no saved value ({self}): open the workbook in "
                             "Excel or LibreOffice and save it, so its values are stored", row)


def is_blank(value) -> bool:
    """True for an empty cell: None, blank text, NaN or NaT.

    >>> is_blank(None), is_blank("  "), is_blank(float("nan")), is_blank(0)
    (True, True, True, False)
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def data_rows(index: pd.Index, positions: Sequence[int] | None = None) -> list[int]:
    """The data-row numbers an error message quotes for a table's rows.

    A table read from cells (``debtdesk.udfs.convert.table``, ``FileBook.read_table``) is
    indexed by the 1-based data row under the header, blank rows dropped, so its index is
    quoted as it is. Any other index (pandas' default 0-based one, one holding a 0 or a
    negative number, text, floats, booleans, dates, a missing label) says nothing about
    where the row sits in a sheet, so the row's position + 1 is quoted instead. The rule
    takes the whole index at once: one row is never quoted by label and another by position.
    (A 0-based index filtered so that it no longer holds 0 cannot be told from data rows,
    and is quoted as it is.)

    Parameters
    ----------
    index : pandas.Index
        The table's index.
    positions : sequence of int, optional
        0-based positions of the rows wanted; all rows by default.

    Returns
    -------
    list of int
        One 1-based data-row number per position.

    Examples
    --------
    >>> data_rows(pd.RangeIndex(3))                  # pandas' default index: positions + 1
    [1, 2, 3]
    >>> data_rows(pd.Index([1, 3, 4]))               # rows of a range, blank row 2 dropped
    [1, 3, 4]
    >>> data_rows(pd.Index([0, 2, 3]))               # a filtered 0-based index: positions + 1
    [1, 2, 3]
    >>> data_rows(pd.Index(["Visa", "Loan"]))        # not row numbers: positions + 1
    [1, 2]
    >>> data_rows(pd.Index([1, 3, 4]), [2, 0])
    [4, 1]
    """
    wanted = np.arange(len(index)) if positions is None else np.asarray(positions, dtype=np.int64)
    rows = index.take(wanted) if _counts_data_rows(index) else wanted + 1
    return [int(row) for row in rows.tolist()]


def data_row(index: pd.Index, position: int) -> int:
    """The data-row number to quote for the row at 0-based ``position``, by :func:`data_rows`' rule.

    >>> data_row(pd.RangeIndex(2), 1), data_row(pd.Index([3, 7]), 1)
    (2, 7)
    """
    return data_rows(index, (position,))[0]


def _counts_data_rows(index: pd.Index) -> bool:
    """True when every label is an integer of at least 1 (read as the sheet's data rows)."""
    return (len(index) > 0 and pd.api.types.infer_dtype(index, skipna=False) == "integer"
            and not index.hasnans and index.min() >= 1)


def cell_text(value, default: str) -> str:
    """A cell's text with the spaces around it trimmed, or ``default`` for an empty cell.

    >>> cell_text("  Visa ", "Debt 1"), cell_text(None, "Debt 1"), cell_text(1001, "Debt 2")
    ('Visa', 'Debt 1', '1001')
    """
    return default if is_blank(value) else str(value).strip()


def match_key(text) -> str:
    """``text`` reduced to lower-case letters and digits, so names typed differently match.

    >>> match_key("Council Tax"), match_key(" council-tax "), match_key("TV licence") == match_key("tv_licence")
    ('counciltax', 'counciltax', True)
    """
    return re.sub(r"[^a-z0-9]+", "", str(text).lower())


# -- numbers written as text ----------------------------------------------------------------

#: Spaces that group thousands: plain, no-break (Excel in French), narrow no-break, thin, figure.
_SPACES = re.compile("[\u00a0\u202f\u2009\u2007]")
_MINUS = "-\u2212\u2013"  # hyphen-minus, the minus sign, an en dash
_CURRENCY = re.compile(
    r"(?:[£$€¥₹₩₽₺₪]|(?:US|A|C|NZ|HK|S|R|Mex)\$|kr\.?|zł|Kč|Fr\.|"
    r"GBP|USD|EUR|CHF|JPY|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|INR|ZAR|SGD|HKD|CNY)")
_LEFT = re.compile(rf"^(?:(?P<sign>[{_MINUS}+])|(?P<cur>{_CURRENCY.pattern}))\s*")
_RIGHT = re.compile(rf"\s*(?:(?P<pct>%)|(?P<sign>[{_MINUS}])|(?P<cur>{_CURRENCY.pattern}))$")
_MANTISSA = re.compile(r"^(?P<body>[0-9.,' ’]*[0-9]|[.,][0-9]+)(?:[eE](?P<exp>[+-]?[0-9]{1,3}))?$")
_CORE = re.compile(r"[0-9][0-9.,' ’]*[0-9]|[0-9]")
_GROUPED = re.compile(r"^[1-9][0-9]{0,2}(?:(?P<sep>[,. '’])[0-9]{3})(?:(?P=sep)[0-9]{3})*$")


def _parse(text: str, decimal: str) -> Decimal | None:
    """The number ``text`` means where ``decimal`` is the decimal separator, exactly, or None.

    Brackets, a leading or trailing minus, a currency symbol or code on either side and a
    trailing ``%`` (divided exactly) are understood; thousands are grouped in threes by one
    separator (a space, an apostrophe, or whichever of comma and point is not the decimal).

    >>> _parse("1,234.50", "."), _parse("1.234,50", ","), _parse("CHF 1'234.50", ".")
    (Decimal('1234.50'), Decimal('1234.50'), Decimal('1234.50'))
    >>> _parse("(€1 200,00)", ","), _parse("12.5%", "."), _parse("1.5E+03", ".")
    (Decimal('-1200.00'), Decimal('0.125'), Decimal('1.5E+3'))
    >>> _parse("15,45", "."), _parse("1.234,50", "."), _parse("1,234.50", ",")
    (None, None, None)
    """
    body = _SPACES.sub(" ", text).strip()
    negative = False
    signs = currencies = percents = brackets = 0
    while True:  # peel brackets, signs and a currency off the left, a %, a minus and a currency off the right
        if body.startswith("(") and body.endswith(")"):
            brackets += 1
            negative, body = not negative, body[1:-1].strip()
            continue
        match = _LEFT.match(body) or _RIGHT.search(body)
        if match is None or not match.group(0).strip():
            break
        if match["sign"]:
            signs += 1
            negative = negative != (match["sign"] in _MINUS)
        currencies += bool(match["cur"])
        percents += bool(match.groupdict().get("pct"))
        body = body[:match.start()] + body[match.end():] if match.re is _RIGHT else body[match.end():]
    if signs + brackets > 1 or currencies > 1 or percents > 1 or (percents and currencies):
        return None
    match = _MANTISSA.match(body)
    if match is None:
        return None
    body, exponent = match["body"], match["exp"]
    whole, _, fraction = body.partition(decimal) if body.count(decimal) == 1 else (body, "", "")
    if decimal in whole or (decimal in body and not fraction.isdigit()):
        return None
    if not whole.isdigit():
        if whole and (exponent or not _GROUPED.match(whole) or _GROUPED.match(whole)["sep"] == decimal):
            return None
        whole = re.sub(r"[^0-9]", "", whole)
    if not (whole + fraction).isascii():
        return None
    value = Decimal(f"{whole or '0'}{'.' + fraction if fraction else ''}e{exponent or 0}")
    if percents:
        value = value.scaleb(-2)
    return -value if negative else value


def _text_number(value: str, argument: str, row: int | None, what: str) -> float:
    """A text cell's number in the current locale, or the refusal saying why not."""
    text = value.strip()
    if text.upper() in EXCEL_ERRORS:
        raise DebtDeskError(argument, f"{what}holds the Excel error {text} (expected a number)", row)
    locale = current()
    found = _parse(text, locale.decimal)
    if found is not None and not _two_readings(text, locale.decimal):
        return float(found)
    raise DebtDeskError(argument, f"{what}{value!r} {_why_not(text, locale)}", row)


def _two_readings(text: str, decimal: str) -> bool:
    """True for text such as "12.000" where the decimal is a point: one separator before exactly three
    digits is how the other locale groups a whole number ("#,##0"), so 12 and 12000 are both readings.

    A percentage is read the other way round: a whole percentage of a thousand or more is no
    rate anyone writes, so "5.125%" is 5.125 % where the decimal is a point, and has two
    readings (5.125 % or 5125 %) where it is a comma.

    >>> _two_readings("12.000", "."), _two_readings("£1.200", "."), _two_readings("0.125", "."), _two_readings("1,200", ".")
    (True, True, False, False)
    >>> _two_readings("1,200", ","), _two_readings("5.125%", "."), _two_readings("5.125%", ",")
    (True, False, True)
    """
    core = _CORE.search(text)
    single = core is not None and re.fullmatch(r"[1-9][0-9]{0,2}[.,][0-9]{3}", core[0]) is not None
    return single and (("," if "." in core[0] else ".") == decimal) == ("%" in text)


def _why_not(text: str, locale: Locale) -> str:
    """Why ``text`` is not a number here: two readings, the other decimal separator, or not a number at all."""
    other = "," if locale.decimal == "." else "."
    meant = _parse(text, other)
    ours = _parse(text, locale.decimal)
    if ours is not None and meant is not None and _two_readings(text, locale.decimal):
        scale, unit = (2, "%") if "%" in text else (0, "")
        ours, meant = (f"{n.scaleb(scale).normalize():f}".replace(".", locale.decimal) + unit for n in (ours, meant))
        where = "a comma" if other == "," else "a point"
        return (f"could be {ours} or {meant} (as written where the decimal separator is {where}): "
                f"write {ours} or {meant} without a thousands separator")
    if meant is None:
        return "is not a number"
    name, setting = ("a decimal comma", "comma") if other == "," else ("a decimal point", "point")
    shown = f"{meant.scaleb(2):f}%" if "%" in text else f"{meant:f}"
    return (f"is written with {name} ({shown}?), but numbers here are read as {locale.style}: "
            f"write it with {'a decimal point' if other == ',' else 'a decimal comma'}"
            f"{locale.hint('Decimal separator', setting)}")


def explicit_percent(value) -> bool:
    """True for text written with its % sign ("600%"): the writer said it is a percentage.

    >>> explicit_percent("600%"), explicit_percent(6.0), explicit_percent("6")
    (True, False, False)
    """
    return isinstance(value, str) and value.strip().rstrip(")").rstrip().endswith("%")


def rate(value, argument: str, row: int | None = None, *, label: str = "", blank=...) -> float:
    """An annual rate as a fraction (24% = 0.24), at least 0, never a percentage typed as a number.

    A rate above 1 (100 %) is refused unless it is text written with its % sign: an APR
    of 6 is 6 % typed without the sign far more often than a 600 % loan.

    Examples
    --------
    >>> rate("24.9%", "annual_rate"), rate(0.249, "annual_rate"), rate("600%", "APR")
    (0.249, 0.249, 6.0)
    >>> rate(6, "debts", 2, label="APR")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: debts row 2: APR 6 would be 600% a year: rates are fractions (6% is 0.06); write 6% or 0.06, or '600%' as text if that is meant
    """
    result = number(value, argument, row, label=label, blank=blank, minimum=0)
    if result is not blank and result > 1 and not explicit_percent(value):
        raise DebtDeskError(argument, f"{label + ' ' if label else ''}{_plain(value)} would be {_pct(result)} a year: "
                            f"rates are fractions ({_pct(result / 100)} is {result / 100:g}); write {_pct(result / 100)} "
                            f"or {result / 100:g}, or '{_pct(result)}' as text if that is meant", row)
    return result


def rates(cells: Sequence, argument: str, rows: Sequence[int], *, label: str = "APR") -> list[float | None]:
    """A column of rates (None where empty), each read by :func:`rate`; a whole 1 among fractions is refused too.

    A rate of exactly 1 (100 %) in a column whose other rates are fractions below 1 is a
    "1 %" typed as a whole number.

    >>> rates([0.19, None, "22%"], "debts", [1, 2, 3])
    [0.19, None, 0.22]
    >>> rates([0.19, 1, 0.22], "debts", [1, 2, 3])
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: debts row 2: APR 1 would be 100% a year while the other rates are fractions: write 1% or 0.01, or '100%' as text if that is meant
    """
    out = [rate(cell, argument, row, label=label, blank=None) for cell, row in zip(cells, rows)]
    others = [v for v in out if v is not None]
    for cell, row, value in zip(cells, rows, out):
        if value == 1 and not explicit_percent(cell) and any(0 < v < 1 for v in others):
            raise DebtDeskError(argument, f"{label} {_plain(cell)} would be 100% a year while the other rates are "
                                "fractions: write 1% or 0.01, or '100%' as text if that is meant", row)
    return out


def checked_rates(frame: pd.DataFrame, argument: str) -> pd.DataFrame:
    """``frame`` once its rate columns (APR, Promo APR, found by header) pass :func:`rates`: no 6 for 6 %.

    >>> checked_rates(pd.DataFrame({"Name": ["Visa", "Loan"], "Interest rate": [0.199, 6]}), "Debts")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: Debts row 2: APR 6 would be 600% a year: rates are fractions (6% is 0.06); write 6% or 0.06, or '600%' as text if that is meant
    """
    for canonical, column in column_map(frame.columns, (), RATE_COLUMNS, argument).items():
        rates(frame[column].tolist(), argument, data_rows(frame.index), label=canonical)
    return frame


#: Table columns holding annual rates (fractions; above 100 % only with an explicit % sign).
RATE_COLUMNS = ("APR", "Promo APR")


def _pct(fraction: float) -> str:
    return f"{Decimal(repr(fraction)).scaleb(2).normalize():f}%"


def _plain(value) -> str:
    """A cell as a message quotes it: numbers plainly (6, not 6.0), text in quotes."""
    if isinstance(value, str):
        return repr(value)
    return f"{float(value):g}" if isinstance(value, (int, float, np.integer, np.floating)) else repr(value)


def number_list(value, argument: str, row: int | None = None, *, whole: bool = False, **bounds) -> list[float]:
    """Numbers from one cell: a number, or a list written as text ("30,60,90", "30, 60, 90", "30;60;90").

    Items are separated by semicolons, or by commas and spaces; with a decimal comma a
    comma between digits is a decimal, so lists are separated by ";", spaces or ", ".
    Text that reads both as one number and as a list ("100,200,300", or "1,500" where
    the items need not be whole) is refused, as is a list whose items could be numbers
    written with the other decimal separator ("15,45" when the items need not be whole).

    Parameters
    ----------
    value : float, int or str
        The cell.
    argument : str
        Argument name for the error message.
    row : int, optional
        Data row for the error message.
    whole : bool
        Every item must be a whole number.
    **bounds
        ``minimum``, ``above``, ``maximum``, checked on every item by :func:`number`.

    Examples
    --------
    >>> number_list("30,60,90", "edges", whole=True), number_list("15,45", "edges", whole=True)
    ([30.0, 60.0, 90.0], [15.0, 45.0])
    >>> number_list(" 30; 60 ;90 ", "edges"), number_list(45.0, "edges")
    ([30.0, 60.0, 90.0], [45.0])
    >>> number_list("100,200,300", "edges", whole=True)
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: edges: '100,200,300' could be the number 100200300 or the list 100; 200; 300: write one number without thousands separators, or separate the items of a list with ';'
    """
    if not isinstance(value, str):
        return [number(value, argument, row, whole=whole, **bounds)]
    text = _SPACES.sub(" ", value).strip()
    if text.upper() in EXCEL_ERRORS or not text:
        return [number(value, argument, row, whole=whole, **bounds)]
    locale = current()
    readings: dict[tuple, str] = {}

    def consider(items: list[str], how: str, decimal: str) -> None:
        parsed = [None if _two_readings(item, decimal) else _parse(item, decimal) for item in items]
        if not items or any(p is None for p in parsed):
            return
        values = tuple(float(p) for p in parsed)
        try:
            for v in values:
                number(v, argument, row, whole=whole, **bounds)
        except DebtDeskError:
            return
        readings.setdefault(values, how)

    if ";" in text:
        consider([t.strip() for t in text.split(";")], "list", locale.decimal)
    else:
        consider([text], "number", locale.decimal)
        consider([text], "foreign", "," if locale.decimal == "." else ".")
        separators = r"\s*,\s*|\s+" if locale.decimal == "." else r"\s*,\s+|\s+"
        consider(re.split(separators, text), "list", locale.decimal)
        if locale.decimal == "," and " " not in text:
            consider(text.split(","), "list", locale.decimal)
    if len(readings) == 1 and "foreign" not in readings.values():
        return list(next(iter(readings)))
    if not readings:  # name the first item that is not a number, else the whole text
        for item in re.split(r"\s*;\s*" if ";" in text else r"[,\s]+", text):
            number(item, argument, row, whole=whole, **bounds)
        raise DebtDeskError(argument, f"{value!r} is not a number or a list of numbers separated by ';'", row)
    shown = " or ".join(f"the list {'; '.join(map(_show, values))}" if how == "list" else
                        f"the number {_show(values[0])}" + (" written with a decimal " + ("comma" if locale.decimal == "." else "point")
                                                            if how == "foreign" else "")
                        for values, how in readings.items())
    raise DebtDeskError(argument, f"{value!r} could be {shown}: write one number without thousands separators, "
                        "or separate the items of a list with ';'", row)


def _show(value: float) -> str:
    return f"{value:.15g}"


#: Per decimal separator: text pandas parses exactly once its thousands separators are dropped
#: (an optional minus, digits grouped in threes or not at all, a decimal part), and that separator.
_PLAIN_TEXT = {".": (r"-?(?:[0-9]+|[1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\.[0-9]+)?", ","),
               ",": (r"-?(?:[0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+)(?:,[0-9]+)?", ".")}


def column_numbers(column: pd.Series, argument: str, label: str = "", index: pd.Index | None = None) -> np.ndarray:
    """A column's cells as float64 (NaN where empty), text read as :func:`number` reads it.

    One pass per column: numeric columns go straight through; in a text or mixed column
    each distinct value is read once, and plain decimals ("1234.5") in one vectorised step.
    The first cell that is not a finite number raises :func:`number`'s message, naming its
    data row by :func:`data_rows`' rule over ``index`` (the column's own by default).

    Examples
    --------
    >>> column_numbers(pd.Series(["1,234.50", 12.5, None, " ", "12.5"]), "ledger", "Amount").tolist()
    [1234.5, 12.5, nan, nan, 12.5]
    >>> column_numbers(pd.Series([1.0, "1.234,50"]), "ledger", "Amount")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: ledger row 2: Amount '1.234,50' is written with a decimal comma (1234.50?), but numbers here are read as 1,234.56: write it with a decimal point
    """
    index = column.index if index is None else index
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
        values = column.to_numpy(dtype=float, na_value=np.nan)
    else:
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
        uniques = np.asarray(uniques, dtype=object)
        distinct = np.full(len(uniques), np.nan)
        pending = np.ones(len(uniques), dtype=bool)
        texts = np.flatnonzero([type(u) is str for u in uniques])
        if len(texts):  # plain decimals at C speed, through Arrow's regex and pandas' parser
            plain, numbers = _plain_cells(pd.Series(uniques[texts], dtype="str"))
            distinct[texts[plain]] = numbers.to_numpy(dtype=float)
            pending[texts[plain]] = False
        for i in np.flatnonzero(pending):  # everything else, one distinct value at a time
            try:
                distinct[i] = number(uniques[i], argument, label=label, blank=np.nan)
            except DebtDeskError as error:
                raise DebtDeskError(argument, error.expected, data_row(index, int(np.argmax(codes == i)))) from None
        values = distinct[codes] if len(uniques) else np.zeros(len(column))
        values[codes < 0] = np.nan
    present = values[~np.isnan(values)]
    if not np.isfinite(present).all() or np.abs(present).max(initial=0) >= MAX_AMOUNT:
        for position, cell in enumerate(column.tolist()):  # name the first cell that is not a usable number
            number(cell, argument, data_row(index, position), label=label, blank=np.nan)
    return values


def plain_numbers(column: pd.Series) -> pd.Series | None:
    """A text column as numbers when every cell is a plain number in the current locale, else None.

    Plain means digits with an optional minus, decimal part and thousands grouped in threes
    ("1234.5", "1,234.50"; "1.234,50" with a decimal comma); empty cells stay missing; whole
    numbers come back as integers. A column holding anything else (currency, "24%", text
    with two readings such as "12.000", a word) is left for :func:`number` to read or refuse
    cell by cell, naming the row.

    >>> plain_numbers(pd.Series(["1,234.50", None, "7"], dtype="str")).tolist()
    [1234.5, nan, 7.0]
    >>> plain_numbers(pd.Series(["12", "7"], dtype="str")).tolist(), plain_numbers(pd.Series(["12.000"], dtype="str"))
    ([12, 7], None)
    """
    text = column.astype("str")
    present = text.notna().to_numpy()
    if not present.any():
        return None
    plain, numbers = _plain_cells(text[present])
    if not plain.all():
        return None
    return pd.to_numeric(pd.Series(numbers.to_numpy(), index=text.index[present]).reindex(text.index))


def _plain_cells(text: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Which cells of a text column are plain numbers in the current locale (:func:`plain_numbers`), and their values."""
    decimal = current().decimal
    pattern, thousands = _PLAIN_TEXT[decimal]
    plain = text.str.fullmatch(pattern).to_numpy(dtype=bool, na_value=False).copy()
    plain &= ~text.str.fullmatch(rf"-?[1-9][0-9]{{0,2}}\{decimal}[0-9]{{3}}").to_numpy(dtype=bool, na_value=False)
    digits = text[plain].str.replace(thousands, "", regex=False).str.replace(",", ".", regex=False)
    return plain, pd.to_numeric(digits)
