"""What every Client-group macro reads, and the one case they all render.

The Client sheet is a two-column Input/Value table (see
:func:`debtdesk.workbooks.template.client_workbook`); the Firm sheet names the advice
firm for the letters; the Settings sheet holds the figures advice turns on; the other
inputs are the tables of :data:`debtdesk.macros.inputs.CLIENT_INPUTS` plus the firm's
Guidelines. Everything is read through the workbook interface, so the ribbon and
headless runs see the same thing.

:func:`current_case` is how a macro gets the client's case: computed from the workbook's
inputs by :func:`debtdesk.case.client_case`, once. Inside :func:`one_case` (which
Regenerate opens around its steps) every macro renders that same case; a single ribbon
button computes it and renders its own sheet.
"""

from __future__ import annotations

from contextlib import contextmanager

import pandas as pd

from debtdesk.case import ClientCase, ClientDetails, ClientInputs, Firm, client_case
from debtdesk.dates import to_date
from debtdesk.errors import DebtDeskError
from debtdesk.macros.inputs import read_settings, setting
from debtdesk.payoff import STRATEGIES
from debtdesk.udfs.convert import number, text
from debtdesk.values import checked_rates, match_key

CLIENT = "Client"
FIRM = "Firm"
SETTINGS = "Settings"
GUIDELINES = "Guidelines"
EXTRA_PAYMENTS = "Extra payments"

_CASES: dict[int, ClientCase | None] = {}


def client_details(book) -> ClientDetails:
    """Read and check the Client table.

    "Plan start" defaults to the first of the month after "As of"; "Payments as of" to
    "As of"; savings, fee and lump sum to 0; the strategy to avalanche; the country to
    England (currency and rate basis then follow it); the household to one adult.

    Examples
    --------
    >>> class Book:
    ...     def read_table(self, name):
    ...         return pd.DataFrame({"Input": ["Client name", "As of", "Monthly budget", "Country"],
    ...                              "Value": ["Ann", "2026-11-10", 400, "Scotland"]})
    >>> d = client_details(Book())
    >>> d.as_of, d.strategy, d.monthly_budget, d.country
    (datetime.date(2026, 11, 10), 'avalanche', 400.0, 'Scotland')
    """
    s = read_settings(book, CLIENT)
    as_of = to_date(setting(s, CLIENT, "As of", "Assessment date"), CLIENT)

    def value(*labels):
        return setting(s, CLIENT, *labels, default=None)

    def money(*labels, blank=0.0):
        found = value(*labels)
        return blank if found is None else number(found, CLIENT, label=labels[0], minimum=0)

    def day(*labels):
        found = value(*labels)
        return None if found is None else to_date(found, f"{CLIENT} {labels[0]}")

    def count(label, default):
        found = value(label)
        return default if found is None else int(number(found, CLIENT, label=label, minimum=0, whole=True))

    budget = value("Monthly budget", "Budget")
    return ClientDetails(
        as_of=as_of,
        client_id=str(value("Client ID", "Reference") or "").strip(),
        name=str(value("Client name", "Name") or "").strip(),
        country=str(value("Country") or "England").strip(),
        currency=value("Currency"),
        rate_basis=value("Rate basis"),
        address=str(value("Address", "Client address") or "").strip(),
        date_of_birth=day("Date of birth"),
        adults=count("Adults", 1),
        children=count("Children", 0),
        strategy=text(value("Strategy") or "avalanche", f"{CLIENT} Strategy", list(STRATEGIES)),
        monthly_budget=None if budget is None else number(budget, CLIENT, label="Monthly budget", above=0),
        plan_start=day("Plan start", "First payment"),
        payments_as_of=day("Payments as of", "Progress as of") or as_of,
        savings=money("Savings contribution", "Savings"),
        fee=money("Debt admin fee", "Fee"),
        lump_sum=money("Lump sum available", "Lump sum"),
        assets=money("Assets", "Assets value", blank=None),
        vehicle_value=money("Vehicle value", blank=None),
        home_owner=_yes_no(value("Home owner", "Homeowner"), "Home owner"),
        breathing_space=value("Breathing Space type", "Breathing Space"),
        breathing_space_start=day("Breathing Space start"),
        breathing_space_end=day("Breathing Space end"),
        authority_reference=str(value("Letter of authority reference", "Authority reference") or "").strip(),
    )


def firm_details(book) -> Firm:
    """The Firm sheet (an empty Firm when the workbook has none).

    >>> class Book:
    ...     def has_table(self, name): return True
    ...     def read_table(self, name):
    ...         return pd.DataFrame({"Input": ["Firm name", "FCA number"], "Value": ["Pennine Money Advice", 612345]})
    >>> f = firm_details(Book())
    >>> f.name, f.fca_number
    ('Pennine Money Advice', '612345')
    """
    if not book.has_table(FIRM):
        return Firm()
    s = read_settings(book, FIRM)

    def value(*labels):
        found = setting(s, FIRM, *labels, default="")
        return f"{found:g}" if isinstance(found, float) else str(found).strip()

    return Firm(name=value("Firm name", "Name"), address=value("Address"), phone=value("Phone", "Telephone"),
                email=value("E-mail", "Email"), caseworker=value("Caseworker", "Adviser"),
                reference=value("Firm reference", "Reference"), fca_number=value("FCA number", "FRN"),
                sfs_number=value("SFS membership number", "SFS number"), signatory=value("Signatory"),
                payment_method=value("Payment method"))


def client_table(book, name: str) -> pd.DataFrame | None:
    """An input table, or None when the workbook lacks it or it has no rows.

    >>> class Book:
    ...     def has_table(self, name): return name == "Debts"
    ...     def read_table(self, name): return pd.DataFrame({"Name": []})
    >>> client_table(Book(), "Debts") is None, client_table(Book(), "Credit") is None
    (True, True)
    """
    if not book.has_table(name):
        return None
    frame = checked_rates(book.read_table(name), name)
    return None if frame.empty else frame


def read_inputs(book) -> ClientInputs:
    """Everything the client's case is computed from, read from the workbook."""
    tables = {name: client_table(book, name) for name in ("Income", "Expenses", "Debts", "Credit", GUIDELINES,
                                                          "Payments", EXTRA_PAYMENTS, SETTINGS)}
    settings = tables[SETTINGS]
    return ClientInputs(client_details(book), 0 if tables["Income"] is None else tables["Income"],
                        0 if tables["Expenses"] is None else tables["Expenses"], tables["Debts"], tables["Credit"],
                        tables[GUIDELINES], tables["Payments"], tables[EXTRA_PAYMENTS],
                        settings.iloc[:, :2] if settings is not None else None, firm_details(book))


def current_case(book) -> ClientCase:
    """The client's case: the one computed for this run inside :func:`one_case`, else computed now."""
    key = id(book)
    if key not in _CASES:
        return client_case(read_inputs(book))
    if _CASES[key] is None:
        _CASES[key] = client_case(read_inputs(book))
    return _CASES[key]


@contextmanager
def one_case(book):
    """Within the block, every Client macro run on ``book`` renders one case, computed the
    first time a macro asks for it (the inputs do not change while the outputs are written)."""
    _CASES[id(book)] = None
    try:
        yield
    finally:
        _CASES.pop(id(book), None)


def table_rows(ref: str) -> tuple[int, int]:
    """(header row, last data row) of a table range such as ``"A3:C20"``.

    >>> table_rows("A3:C20")
    (3, 20)
    """
    from openpyxl.utils import range_boundaries
    _, first, _, last = range_boundaries(ref)
    return first, last


def _yes_no(value, label: str) -> bool | None:
    """Yes, no or not recorded.

    >>> _yes_no("Yes", "Home owner"), _yes_no(None, "Home owner"), _yes_no("n", "Home owner")
    (True, None, False)
    """
    if value is None:
        return None
    key = match_key(value)
    if key in ("yes", "y", "true", "1"):
        return True
    if key in ("no", "n", "false", "0"):
        return False
    raise DebtDeskError(CLIENT, f"{label} {value!r} is not yes or no")

