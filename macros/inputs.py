"""Read the small "setting, value" input tables of a client or collections workbook, and its locale.

A workbook says how the people who fill it write numbers and dates in two rows of its
Client sheet (client workbooks) or Settings sheet (collections workbooks): "Decimal
separator" (point or comma) and "Date order" (ISO, DMY or MDY). :func:`workbook_locale`
reads them, and the macro dispatcher reads every macro's input in that locale
(:mod:`debtdesk.reading`), in Excel and in headless runs alike.
"""

from __future__ import annotations

from itertools import islice
from typing import Mapping

from debtdesk.columns import normalise
from debtdesk.errors import DebtDeskError
from debtdesk.reading import Locale, current


def read_settings(book, table: str) -> dict[str, object]:
    """A two-column input table (label, value) as ``{normalised label: value}``.

    Examples
    --------
    >>> import pandas as pd
    >>> class Book:
    ...     def read_table(self, name):
    ...         return pd.DataFrame({"Input": ["Principal", "Annual rate"], "Value": [1000, 0.1]})
    >>> read_settings(Book(), "Loan")
    {'principal': 1000.0, 'annualrate': 0.1}
    """
    frame = book.read_table(table)
    if frame.shape[1] < 2:
        raise DebtDeskError(table, "expected two columns: a label and a value")
    # the two columns taken once each (not through iloc): Regenerate reads settings a dozen times
    labels, values = (column.to_numpy(dtype=object).tolist() for _, column in islice(frame.items(), 2))
    return {normalise(label): value for label, value in zip(labels, values) if label is not None and str(label).strip()}


def setting(settings: dict, table: str, *labels: str, default=...):
    """The first of ``labels`` present in ``settings``; a clear error when required and absent.

    >>> setting({"term": 36}, "Loan", "Months", "Term")
    36
    """
    for label in labels:
        value = settings.get(normalise(label))
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return value
    if default is ...:
        raise DebtDeskError(table, f"needs a row {labels[0]!r} with a value (rows found: {', '.join(settings) or 'none'})")
    return default


#: Client input tables (sheet and table share the name) -> (columns, number formats).
CLIENT_INPUTS: Mapping[str, tuple[tuple[str, ...], Mapping[str, str]]] = {
    "Income": (("Source", "Amount", "Frequency", "Gross"), {"Amount": "money", "Gross": "money"}),
    "Expenses": (("Category", "Amount", "Housing"), {"Amount": "money"}),
    "Debts": (("Name", "Legal name", "Creditor address", "Account number", "Type", "Balance", "APR", "Minimum",
               "Min %", "Arrears", "Offer", "Concession", "Concession rate"),
              {"Balance": "money", "APR": "percent", "Minimum": "money", "Min %": "percent", "Arrears": "money",
               "Offer": "money", "Concession rate": "percent"}),
    "Credit": (("Account", "Limit", "Balance", "Missed payments"), {"Limit": "money", "Balance": "money"}),
    "Payments": (("Month", "Date", "Paid"), {"Date": "date", "Paid": "money"}),
    "Extra payments": (("Month", "Date", "Amount", "Note"), {"Date": "date", "Amount": "money"}),
}


#: The settings rows that say how a workbook's text is read, and their choices (the first is the default);
#: the example after each choice is for the person choosing, :meth:`Locale.parse` reads the first word.
LOCALE_ROWS = {"Decimal separator": ("point (1,234.56)", "comma (1.234,56)"),
               "Date order": ("ISO (2026-04-03)", "DMY (03/04/2026 is 3 April)", "MDY (03/04/2026 is 4 March)")}
#: Tables that may hold the locale rows, with how a refusal names them.
LOCALE_TABLES = (("Client", "the Client sheet"), ("Settings", "the Settings sheet"))


def workbook_locale(book) -> Locale:
    """The locale a workbook's people write in, from its Client or Settings table (the default without rows).

    Examples
    --------
    >>> import pandas as pd
    >>> class Book:
    ...     def has_table(self, name): return name == "Client"
    ...     def read_table(self, name):
    ...         return pd.DataFrame({"Input": ["As of", "Decimal separator", "Date order"],
    ...                              "Value": ["03/11/2026", "comma", "DMY"]})
    >>> workbook_locale(Book())
    Locale(decimal=',', date_order='DMY', numeric_ids=False, where='the Client sheet')
    """
    for table, where in LOCALE_TABLES:
        if book.has_table(table):
            settings = read_settings(book, table)
            return Locale.parse(setting(settings, table, "Decimal separator", "Number format", default=None),
                                setting(settings, table, "Date order", default=None), table,
                                current().numeric_ids, where)
    return current()


def locale_rows(locale: Locale) -> dict[str, str]:
    """The locale as a client's ``decimal_separator`` and ``date_order`` (what the template writes).

    >>> locale_rows(Locale(",", "DMY"))
    {'decimal_separator': 'comma (1.234,56)', 'date_order': 'DMY (03/04/2026 is 3 April)'}
    """
    decimal, order = LOCALE_ROWS["Decimal separator"], LOCALE_ROWS["Date order"]
    return {"decimal_separator": decimal[locale.decimal == ","],
            "date_order": order[("", "DMY", "MDY").index(locale.date_order)]}
