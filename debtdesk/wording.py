"""How a case's sentences and letters write money, dates and counts for people to read.

Money carries its currency (DESIGN.md §3, "Money shown to people"): "£800.93", never a
bare "800.93"; the currency is the client workbook's setting (GBP for a UK client, USD
for a US one). Other codes are written before the amount ("CHF 1,200.00"), as a letter
to a business writes them, rather than guessed into a symbol. Dates are written out ("1 December 2026", "April 2028"), the same
on every platform (no ``%-d``, which Windows' C library does not know).
"""

from __future__ import annotations

from datetime import date

from debtdesk.errors import DebtDeskError

#: Currency codes with the symbol written before the amount.
SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€"}
#: Codes a client workbook offers in its dropdown.
CURRENCIES = tuple(SYMBOLS)


def currency(value, argument: str = "Currency") -> str:
    """The three-letter currency code named by ``value`` (a code or a symbol).

    >>> currency(" gbp "), currency("$"), currency("eur")
    ('GBP', 'USD', 'EUR')
    >>> currency("pounds")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: Currency: 'pounds' is not a three-letter currency code (such as GBP, USD, EUR)
    """
    text = str(value).strip()
    by_symbol = {symbol: code for code, symbol in SYMBOLS.items()}
    if text in by_symbol:
        return by_symbol[text]
    if len(text) != 3 or not text.isalpha():
        raise DebtDeskError(argument, f"{value!r} is not a three-letter currency code (such as {', '.join(CURRENCIES)})")
    return text.upper()


def currency_mark(code: str) -> str:
    """What is written before an amount in ``code``: its symbol, else the code and a space; nothing without a code.

    >>> currency_mark("GBP"), currency_mark("CHF"), currency_mark("")
    ('£', 'CHF ', '')
    """
    return SYMBOLS.get(code, f"{code} " if code else "")


def money_text(amount: float, code: str = "GBP") -> str:
    """``amount`` to the cent with thousands separators and its currency (none for an empty ``code``).

    >>> money_text(800.93), money_text(1234.5, "USD"), money_text(-20, "EUR"), money_text(1200, "CHF")
    ('£800.93', '$1,234.50', '-€20.00', 'CHF 1,200.00')
    >>> money_text(3, ""), money_text(-0.001, "GBP")
    ('3.00', '£0.00')
    """
    sign = "-" if round(amount, 2) < 0 else ""
    return f"{sign}{currency_mark(code)}{abs(amount):,.2f}"


def long_date(day: date) -> str:
    """A date written out: day, month name, year.

    >>> long_date(date(2026, 12, 1))
    '1 December 2026'
    """
    return f"{day.day} {day:%B %Y}"


def month_year(day: date) -> str:
    """The month a date falls in, written out.

    >>> month_year(date(2028, 4, 1))
    'April 2028'
    """
    return f"{day:%B %Y}"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``count`` and the noun, singular for one.

    >>> plural(1, "month"), plural(14, "month"), plural(2, "creditor")
    ('1 month', '14 months', '2 creditors')
    """
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"
