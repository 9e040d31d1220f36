"""What every Client-group macro reads: the Client details and the client's input tables.

The Client sheet is a two-column Input/Value table (see
:func:`debtdesk.workbooks.template.client_workbook`); the other inputs are the tables of
:data:`debtdesk.macros.inputs.CLIENT_INPUTS` plus the firm's Guidelines. Everything is
read through the workbook interface, so the ribbon and headless runs see the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from debtdesk.dates import add_months, to_date
from debtdesk.macros.inputs import read_settings, setting
from debtdesk.errors import DebtDeskError
from debtdesk.payoff import STRATEGIES, payoff, prepare_debts
from debtdesk.udfs.convert import number, text
from debtdesk.values import checked_rates

CLIENT = "Client"
GUIDELINES = "Guidelines"


@dataclass(frozen=True)
class ClientDetails:
    """The Client sheet's inputs, checked."""

    client_id: str
    name: str
    as_of: date
    strategy: str
    monthly_budget: float | None
    plan_start: date
    payments_as_of: date
    savings: float
    fee: float
    lump_sum: float

    @property
    def label(self) -> str:
        """How journals and titles name the client: the id, else the name.

        >>> ClientDetails("C-1", "Ann", date(2026, 1, 1), "avalanche", 500.0, date(2026, 2, 1),
        ...               date(2026, 1, 1), 0.0, 0.0, 0.0).label
        'C-1'
        """
        return self.client_id or self.name


def client_details(book) -> ClientDetails:
    """Read and check the Client table.

    "Plan start" defaults to the first of the month after "As of"; "Payments as of" to
    "As of"; savings, fee and lump sum to 0; the strategy to avalanche.

    Examples
    --------
    >>> class Book:
    ...     def read_table(self, name):
    ...         return pd.DataFrame({"Input": ["Client name", "As of", "Monthly budget"],
    ...                              "Value": ["Ann", "2026-11-10", 400]})
    >>> d = client_details(Book())
    >>> d.plan_start, d.strategy, d.monthly_budget
    (datetime.date(2026, 12, 1), 'avalanche', 400.0)
    """
    s = read_settings(book, CLIENT)
    as_of = to_date(setting(s, CLIENT, "As of", "Assessment date"), CLIENT)
    start = setting(s, CLIENT, "Plan start", "First payment", default=None)
    paid_as_of = setting(s, CLIENT, "Payments as of", "Progress as of", default=None)
    budget = setting(s, CLIENT, "Monthly budget", "Budget", default=None)

    def money(*labels):
        return number(setting(s, CLIENT, *labels, default=0), CLIENT, label=labels[0], minimum=0)

    return ClientDetails(
        client_id=str(setting(s, CLIENT, "Client ID", "Reference", default="")).strip(),
        name=str(setting(s, CLIENT, "Client name", "Name", default="")).strip(),
        as_of=as_of,
        strategy=text(setting(s, CLIENT, "Strategy", default="avalanche"), f"{CLIENT} Strategy", list(STRATEGIES)),
        monthly_budget=None if budget is None else number(budget, CLIENT, label="Monthly budget", above=0),
        plan_start=to_date(start, CLIENT) if start is not None else add_months(as_of.replace(day=1), 1),
        payments_as_of=to_date(paid_as_of, CLIENT) if paid_as_of is not None else as_of,
        savings=money("Savings contribution", "Savings"),
        fee=money("Debt admin fee", "Fee"),
        lump_sum=money("Lump sum available", "Lump sum"),
    )


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


def client_plan(book, details: ClientDetails | None = None, extra: float = 0, strategy: str | None = None):
    """The client's payoff plan (strategy and monthly budget from the Client table, month 1
    at "Plan start"), or None when the Debts table has no rows.

    ``extra`` is added to the monthly budget and ``strategy`` overrides the client's (for
    the what-if and comparison tables).
    """
    details = details or client_details(book)
    debts = client_table(book, "Debts")
    if debts is None:
        return None
    if details.monthly_budget is None:
        raise DebtDeskError(CLIENT, "needs a row 'Monthly budget' with a value to plan the debts")
    return payoff(prepare_debts(debts), details.monthly_budget + extra, strategy or details.strategy,
                  details.plan_start)


def table_rows(ref: str) -> tuple[int, int]:
    """(header row, last data row) of a table range such as ``"A3:C20"``.

    >>> table_rows("A3:C20")
    (3, 20)
    """
    from openpyxl.utils import range_boundaries
    _, first, _, last = range_boundaries(ref)
    return first, last
