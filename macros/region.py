"""The workbook's country and currency: the money symbol, the date style and the paper it prints on.

A client or collections workbook says where it is used in its settings table (the
Client table of a client workbook, the Settings table of a collections workbook):
a ``Country`` row (GB, US, IE, ... or the country's name), an optional ``Currency`` row
(GBP, USD, EUR, ...; by default the country's) and an optional ``Paper size`` row
(A4, Letter or Legal; by default Letter in North America and A4 elsewhere). A workbook
that names neither country nor currency shows amounts without a symbol (DebtDesk does
not guess a currency), on A4, with day-month-year dates.

Both workbook adapters read the region through :func:`workbook_region` and turn the
logical number formats of :data:`debtdesk.macros.book.FORMATS` into this workbook's
codes with :meth:`Region.formats`, so every macro's "money" carries the right symbol.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from debtdesk.columns import normalise
from debtdesk.errors import DebtDeskError

#: Tables that may hold the Country / Currency / Paper size rows, in the order they are read.
SETTINGS_TABLES = ("Client", "Settings", "Firm")

#: ISO 4217 code -> (symbol, decimals). Other three-letter codes are shown after the amount.
CURRENCIES = {
    "GBP": ("£", 2), "USD": ("$", 2), "EUR": ("€", 2), "CAD": ("CA$", 2), "AUD": ("A$", 2),
    "NZD": ("NZ$", 2), "CHF": ("CHF ", 2), "JPY": ("¥", 0), "INR": ("₹", 2), "ZAR": ("R", 2),
    "MXN": ("MX$", 2), "SEK": ("kr ", 2), "NOK": ("kr ", 2), "DKK": ("kr. ", 2), "PLN": ("zł ", 2),
}

#: ISO 3166 country code -> (currency, paper size, names people write for it).
COUNTRIES = {
    "GB": ("GBP", "A4", ("uk", "unitedkingdom", "greatbritain", "britain", "england", "scotland", "wales",
                         "northernireland")),
    "US": ("USD", "Letter", ("usa", "unitedstates", "unitedstatesofamerica", "america")),
    "CA": ("CAD", "Letter", ("canada",)),
    "MX": ("MXN", "Letter", ("mexico",)),
    "IE": ("EUR", "A4", ("ireland", "eire")),
    "FR": ("EUR", "A4", ("france",)),
    "DE": ("EUR", "A4", ("germany", "deutschland")),
    "ES": ("EUR", "A4", ("spain",)),
    "IT": ("EUR", "A4", ("italy",)),
    "NL": ("EUR", "A4", ("netherlands", "holland")),
    "BE": ("EUR", "A4", ("belgium",)),
    "PT": ("EUR", "A4", ("portugal",)),
    "AT": ("EUR", "A4", ("austria",)),
    "FI": ("EUR", "A4", ("finland",)),
    "GR": ("EUR", "A4", ("greece",)),
    "LU": ("EUR", "A4", ("luxembourg",)),
    "CH": ("CHF", "A4", ("switzerland",)),
    "SE": ("SEK", "A4", ("sweden",)),
    "NO": ("NOK", "A4", ("norway",)),
    "DK": ("DKK", "A4", ("denmark",)),
    "PL": ("PLN", "A4", ("poland",)),
    "AU": ("AUD", "A4", ("australia",)),
    "NZ": ("NZD", "A4", ("newzealand",)),
    "ZA": ("ZAR", "A4", ("southafrica",)),
    "IN": ("INR", "A4", ("india",)),
    "JP": ("JPY", "A4", ("japan",)),
}
#: Paper sizes a workbook may print on (the Excel PaperSize code of each).
PAPERS = {"A4": 9, "Letter": 1, "Legal": 5}
#: Countries that write dates month first.
MONTH_FIRST = ("US",)


@dataclass(frozen=True)
class Region:
    """Where a workbook is used: its country, currency and paper.

    Examples
    --------
    >>> Region().formats()["money"]
    '#,##0.00;[Red]-#,##0.00'
    >>> uk = Region("GB", "GBP")
    >>> uk.formats()["money"], uk.formats()["date"], uk.paper
    ('"£"#,##0.00;[Red]-"£"#,##0.00', 'd mmm yyyy', 'A4')
    >>> us = Region("US", "USD", "Letter")
    >>> us.formats()["money"], us.written(date(2028, 4, 1))
    ('"$"#,##0.00;[Red]-"$"#,##0.00', 'April 1, 2028')
    """

    country: str = ""  # ISO 3166 code; "" when the workbook does not say
    currency: str = ""  # ISO 4217 code; "" when the workbook does not say
    paper: str = "A4"

    def formats(self) -> dict[str, str]:
        """The logical number formats of :data:`debtdesk.macros.book.FORMATS` as this workbook's codes."""
        from debtdesk.macros.book import FORMATS
        codes = dict(FORMATS)
        if self.currency:
            codes["money"] = money_format(self.currency)
        codes["date"] = "mmm d, yyyy" if self.country in MONTH_FIRST else "d mmm yyyy"
        codes["datetime"] = codes["date"] + " hh:mm"
        return codes

    def dated(self, day: date) -> str:
        """A date as this workbook's date cells show it, for titles and notes beside them.

        >>> Region("GB").dated(date(2026, 11, 2)), Region("US").dated(date(2026, 11, 2))
        ('2 Nov 2026', 'Nov 2, 2026')
        """
        from debtdesk.workbooks.paging import shown
        return shown(day, self.formats()["date"])

    def written(self, day: date) -> str:
        """A date written out as people read it ("1 April 2028"; "April 1, 2028" in the US)."""
        if self.country in MONTH_FIRST:
            return f"{day:%B} {day.day}, {day:%Y}"
        return f"{day.day} {day:%B %Y}"


class RegionCache:
    """What both workbook adapters share about the region: read from the settings when first
    needed, read again after a settings table changes, turned into number format codes.

    >>> import pandas as pd
    >>> class Book(RegionCache):
    ...     def has_table(self, name): return name == "Settings"
    ...     def read_table(self, name): return pd.DataFrame({"Input": ["Currency"], "Value": ["EUR"]})
    >>> Book()._code("money"), Book()._code("0.0")
    ('"€"#,##0.00;[Red]-"€"#,##0.00', '0.0')
    """

    _region: Region | None = None

    def region(self) -> Region:
        """The workbook's country, currency and paper (:func:`workbook_region`)."""
        if self._region is None:
            self._region = workbook_region(self)
        return self._region

    def _code(self, key: str) -> str:
        """The Excel code of a FORMATS key in this workbook ("money" with its currency), or ``key`` itself."""
        return self.region().formats().get(key, key)

    def _settings_changed(self, sheet: str) -> None:
        if sheet in SETTINGS_TABLES:
            self._region = None


def money_format(currency: str) -> str:
    """Excel's number format for amounts in ``currency`` (negatives in red, with a minus sign).

    >>> money_format("EUR"), money_format("JPY"), money_format("SGD")
    ('"€"#,##0.00;[Red]-"€"#,##0.00', '"¥"#,##0;[Red]-"¥"#,##0', '#,##0.00" SGD";[Red]-#,##0.00" SGD"')
    """
    symbol, decimals = CURRENCIES.get(currency, (None, 2))
    number = "#,##0" + ("." + "0" * decimals if decimals else "")
    if symbol is None:
        return f'{number}" {currency}";[Red]-{number}" {currency}"'
    return f'"{symbol}"{number};[Red]-"{symbol}"{number}'


def parse_region(country=None, currency=None, paper=None, table: str = "Settings") -> Region:
    """A checked :class:`Region` from the settings' text (each may be blank).

    >>> parse_region("United States")
    Region(country='US', currency='USD', paper='Letter')
    >>> parse_region("ie", "eur", "a4")
    Region(country='IE', currency='EUR', paper='A4')
    >>> parse_region(currency="USD")
    Region(country='', currency='USD', paper='A4')
    >>> parse_region("Narnia")
    Traceback (most recent call last):
    debtdesk.errors.DebtDeskError: Settings: Country 'Narnia' is not a country DebtDesk knows (use a code such as GB, US, IE, FR, DE, CA or AU)
    """
    code = _country(country, table)
    known_currency, known_paper, _ = COUNTRIES.get(code, ("", "A4", ()))
    if _blank(currency):
        currency = known_currency
    else:
        currency = str(currency).strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            raise DebtDeskError(table, f"Currency {currency!r} is not a three-letter ISO 4217 code such as GBP, USD or EUR")
    if _blank(paper):
        paper = known_paper
    else:
        found = [p for p in PAPERS if normalise(p) == normalise(str(paper))]
        if not found:
            raise DebtDeskError(table, f"Paper size {paper!r} is not one of {', '.join(PAPERS)}")
        paper = found[0]
    return Region(code, currency, paper)


def workbook_region(book) -> Region:
    """The region of ``book`` from the first settings table (:data:`SETTINGS_TABLES`) that has a
    Country, Currency or Paper size row; :class:`Region` ``()`` when none has.

    >>> import pandas as pd
    >>> class Book:
    ...     def has_table(self, name): return name == "Client"
    ...     def read_table(self, name):
    ...         return pd.DataFrame({"Input": ["Client name", "Country"], "Value": ["Ann", "US"]})
    >>> workbook_region(Book())
    Region(country='US', currency='USD', paper='Letter')
    """
    from debtdesk.macros.inputs import read_settings

    for table in SETTINGS_TABLES:
        if not book.has_table(table):
            continue
        try:
            values = read_settings(book, table)
        except DebtDeskError:  # not a two-column settings table
            continue
        found = [values.get(key) for key in ("country", "currency", "papersize")]
        if any(not _blank(v) for v in found):
            return parse_region(*found, table=table)
    return Region()


def _country(value, table: str) -> str:
    if _blank(value):
        return ""
    key = normalise(str(value))
    for code, (_, _, names) in COUNTRIES.items():
        if key == code.lower() or key in names:
            return code
    raise DebtDeskError(table, f"Country {value!r} is not a country DebtDesk knows "
                        "(use a code such as GB, US, IE, FR, DE, CA or AU)")


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or (isinstance(value, str) and not value.strip())
