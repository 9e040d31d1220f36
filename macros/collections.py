"""What every Collections-group macro shares: the workbook's tables, its settings, and the run.

A collections workbook holds input tables (Settings with DunningLevels, LossRates,
ReferenceRates, KPITargets and ColumnMap beside and under it, each read by name wherever
it stands; Ledger, Payments, Customers, Contacts, Promises, Disputes, DunningHistory, NewContact) and the output sheets the
macros write (Ageing, Ageing detail, Statements, Promises statuses, Worklist and one
worklist per collector, Dunning, KPIs, Dashboard, History, Journal).

:func:`collections_settings` reads the Settings table once, checks every value and names
the row that is wrong. :func:`collections_run` reads every input table once — through the
firm's column map — and builds the run's one ledger state
(:func:`debtdesk.collections.state.ledger_state`), which every macro of the run then
renders; a macro pressed on its own builds its own run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time

import pandas as pd

from debtdesk.collections.ageing import LEDGER_OPTIONAL, LEDGER_REQUIRED, check_edges
from debtdesk.collections.compliance import clock_zone
from debtdesk.collections.dunning import HISTORY_COLUMNS
from debtdesk.collections.state import CUSTOMER_COLUMNS, REGIMES, LedgerState, ledger_state
from debtdesk.collections.worklist import CALL_LIMITS
from debtdesk.columns import normalise
from debtdesk.dates import to_date
from debtdesk.errors import DebtDeskError
from debtdesk.macros.inputs import read_settings, setting
from debtdesk.values import UnsavedFormula, cell_text, data_rows, number

SETTINGS = "Settings"
LEDGER = "Ledger"
PAYMENTS = "Payments"
CUSTOMERS = "Customers"
CONTACTS = "Contacts"
PROMISES = "Promises"
DISPUTES = "Disputes"
DUNNING_LEVELS = "DunningLevels"
DUNNING_HISTORY = "DunningHistory"
LOSS_RATES = "LossRates"
REFERENCE_RATES = "ReferenceRates"
KPI_TARGETS = "KPITargets"
COLUMN_MAP = "ColumnMap"
AGEING_HISTORY = "AgeingHistory"
#: The inputs the run's ledger state is built from: every output sheet's note watches them
#: (with the sheet's own extra inputs), so an edit to any of them marks the sheet out of date.
WATCHED = (SETTINGS, COLUMN_MAP, LEDGER, PAYMENTS, CUSTOMERS, DISPUTES)

#: Columns of the contact log and of the NewContact input table.
CONTACT_COLUMNS = ("Customer", "Contact Time", "Type", "Consultant", "Note")
#: Each input table's DebtDesk columns (the right-hand side of the column map).
FIELDS = {
    LEDGER: LEDGER_REQUIRED + LEDGER_OPTIONAL,
    PAYMENTS: ("Customer", "Invoice", "Payment Date", "Amount"),
    CUSTOMERS: ("Customer",) + CUSTOMER_COLUMNS,
    CONTACTS: CONTACT_COLUMNS,
    PROMISES: ("Customer", "Consultant", "Made on", "Promised Date", "Promised Amount"),
    DISPUTES: ("Customer", "Invoice", "Opened", "Resolved", "Reason"),
    DUNNING_HISTORY: tuple(HISTORY_COLUMNS),
}
#: The inputs whose absence switches a compliance guard off, and what is lost without each.
GUARDED = {
    CONTACTS: "Regulation F's call counts cannot be applied",
    DISPUTES: "disputed accounts cannot be held (CONC 7.14)",
    PROMISES: "open promises cannot pause calls and letters",
    CUSTOMERS: "Breathing Space, time zones, regimes and credit holds are unknown",
}
BUSINESSES = ("own receivables", "third-party collection")


@dataclass(frozen=True)
class CollectionsSettings:
    """The checked Settings table of a collections workbook."""

    as_of: date
    edges: tuple[int, ...] = (30, 60, 90)
    basis: str = "due"
    currency: str = ""
    tolerance_days: int = 0
    amount_tolerance: float = 0.0
    broken_days: int = 90
    dunning_rate: float = 0.0
    default_regime: str = "commercial"
    call_limits: str = "consumers"
    clock: str | None = None
    kpi_months: int = 1
    window: tuple[time, time] = (time(8, 0), time(21, 0))
    business: str = "own receivables"
    firm: str = "DebtDesk Collections"
    firm_address: str = ""
    firm_phone: str = ""
    firm_email: str = ""
    payment_details: str = ""
    signed_by: str = ""
    templates: str | None = None
    #: Inputs a headless run was not given (named in Settings' "Inputs not supplied").
    not_supplied: tuple[str, ...] = ()


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

    def get(*labels, default=...):
        return setting(values, SETTINGS, *labels, default=default)

    as_of = to_date(get("As of", "As-of date"), SETTINGS)
    raw = get("Bucket edges", "Edges", default="30, 60, 90")
    try:
        edges = tuple(number(e, SETTINGS) for e in re.split(r"[,;\s]+", str(raw).strip()) if e)
    except DebtDeskError:
        raise DebtDeskError(SETTINGS, f"Bucket edges {raw!r} must be whole days separated by commas, e.g. 30, 60, 90") from None
    edges = check_edges(edges, SETTINGS)
    basis = _choice(get("Ageing basis", "Basis", default="due"), "Ageing basis", ("due", "invoice"))
    currency = cell_text(get("Currency", default=""), "").upper()
    if currency and not (len(currency) == 3 and currency.isalpha()):
        raise DebtDeskError(SETTINGS, f"Currency {currency!r} is not a three-letter currency code (e.g. GBP, USD)")
    tolerance = _whole(get("Promise tolerance (days)", "Tolerance days", default=0), "Promise tolerance (days)", 0)
    slack = _number(get("Promise amount tolerance", default=0), "Promise amount tolerance")
    broken = _whole(get("Broken promise counts for (days)", default=90), "Broken promise counts for (days)", 0)
    rate = _number(get("Dunning interest rate", "Dunning rate", default=0.0), "Dunning interest rate")
    if rate > 1:
        raise DebtDeskError(SETTINGS, f"Dunning interest rate {rate:g} must be a fraction (8% = 0.08)")
    regime = _choice(get("Default regime", default="commercial"), "Default regime", REGIMES)
    limits = _choice(get("Call limits (Regulation F)", "Call limits", default="consumers"),
                     "Call limits (Regulation F)", CALL_LIMITS)
    clock = cell_text(get("Our time zone", default=""), "") or None
    if clock:
        try:
            clock_zone(clock)
        except DebtDeskError:
            raise DebtDeskError(SETTINGS, f"Our time zone {clock!r} is not a time zone name (e.g. Europe/London)") from None
    months = _whole(get("KPI period (months)", "KPI months", default=1), "KPI period (months)", 1)
    window = _window(get("Contact window", default="08:00-21:00"))
    business = _choice(get("Business", default="own receivables"), "Business", BUSINESSES)
    missing = tuple(t.strip() for t in re.split(r"[,;]", cell_text(get("Inputs not supplied", default=""), "")) if t.strip())
    unknown = [m for m in missing if m not in GUARDED]
    if unknown:
        raise DebtDeskError(SETTINGS, f"Inputs not supplied {unknown[0]!r} is not one of {', '.join(GUARDED)}")
    text = lambda *labels, default="": cell_text(get(*labels, default=default), default)  # noqa: E731
    return CollectionsSettings(
        as_of, edges, basis, currency, tolerance, slack, broken, rate, regime, limits, clock, months, window, business,
        text("Firm name", "Firm", default="DebtDesk Collections"), text("Firm address"), text("Firm phone"),
        text("Firm email"), text("Payment details"), text("Signed by"), text("Letter templates folder") or None, missing)


def optional_table(book, name: str) -> pd.DataFrame | None:
    """The table ``name`` (through the column map), or None when the workbook has none or it holds no rows.

    >>> class Book:
    ...     def has_table(self, name): return False
    >>> optional_table(Book(), "Disputes") is None
    True
    """
    if not book.has_table(name):
        return None
    frame = input_table(book, name)
    return frame if len(frame) else None


def input_table(book, name: str) -> pd.DataFrame:
    """An input table with the firm's headers renamed by the Settings column map (ColumnMap).

    The map's rows say: in ``Table`` (empty: any input table), the firm's column ``Your
    column`` is DebtDesk's ``DebtDesk column``. Synonyms (``Outstanding``, ``Customer ID``,
    ``Invoice #``, ``Net due date``, ...) need no row.
    """
    frame = book.read_table(name)
    _refuse_unsaved(frame, name)
    renames = {}
    for row, table, theirs, ours in column_map(book):
        if table and table != name:
            continue
        found = [c for c in frame.columns if normalise(c) == normalise(theirs)]
        if not found:
            if table:
                raise DebtDeskError(COLUMN_MAP, f"{name} has no column {theirs!r} (columns: "
                                    f"{', '.join(map(str, frame.columns))})", row)
            continue
        if name in FIELDS and ours not in FIELDS[name]:
            raise DebtDeskError(COLUMN_MAP, f"DebtDesk column {ours!r} is not a column of {name} "
                                f"(expected one of {', '.join(FIELDS[name])})", row)
        if normalise(ours) in {normalise(v) for v in renames.values()}:
            raise DebtDeskError(COLUMN_MAP, f"{name}'s {ours} is already mapped from another column", row)
        clash = [c for c in frame.columns if normalise(c) == normalise(ours) and c != found[0]]
        if clash:
            raise DebtDeskError(COLUMN_MAP, f"{name} already has a column {clash[0]!r}; map {theirs!r} to another "
                                "column or rename one of them", row)
        renames[found[0]] = ours
    return frame.rename(columns=renames) if renames else frame


def _refuse_unsaved(frame: pd.DataFrame, table: str) -> None:
    """Refuse a formula with no saved value in any input cell, text ones too: ``=Customers!A6`` read as
    its own text would become a customer of that name (numbers and dates refuse it on their own).

    >>> _refuse_unsaved(pd.DataFrame({"Customer": ["Acme", UnsavedFormula("=Customers!A3")]}, dtype=object,
    ...                              index=[1, 2]), "Ledger")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: Ledger row 2: Customer holds a formula with no saved value (=Customers!A3): open the workbook in Excel or LibreOffice and save it, so its values are stored
    """
    rows = data_rows(frame.index)
    for column in frame.columns:
        for row, value in zip(rows, frame[column]):
            if isinstance(value, UnsavedFormula):
                raise value.refusal(table, row, f"{column} ")


def column_map(book) -> list[tuple[int, str, str, str]]:
    """The ColumnMap rows: (row, table or "", your column, DebtDesk column); [] without the table."""
    if not book.has_table(COLUMN_MAP):
        return []
    frame = book.read_table(COLUMN_MAP)
    if not len(frame):
        return []
    from debtdesk.columns import select_columns
    table = select_columns(frame, ["Your column", "DebtDesk column"], ["Table"], COLUMN_MAP)
    out = []
    for row, record in zip(data_rows(frame.index), table.to_dict("records")):
        theirs, ours = cell_text(record["Your column"], ""), cell_text(record["DebtDesk column"], "")
        if not theirs or not ours:
            raise DebtDeskError(COLUMN_MAP, "needs both Your column and DebtDesk column", row)
        target = cell_text(record.get("Table"), "")
        if target and target not in FIELDS:
            raise DebtDeskError(COLUMN_MAP, f"Table {target!r} is not one of {', '.join(FIELDS)}", row)
        out.append((row, target, theirs, ours))
    return out


@dataclass(frozen=True)
class CollectionsRun:
    """One run's settings, the tables around the ledger and the ledger state, read once.

    The Ledger table itself is not kept: the state is made from it and everything renders the state. Read
    from a sheet, it is a Python object per cell (~0.3 GiB at a million items), so the run lets it go.
    """

    settings: CollectionsSettings
    state: LedgerState
    tables: dict[str, pd.DataFrame | None] = field(default_factory=dict)
    #: Guarded tables the workbook does not have at all.
    absent: tuple[str, ...] = ()

    @property
    def missing(self) -> tuple[str, ...]:
        """Guarded inputs this run lacks: those Settings says were not supplied, and absent tables."""
        return tuple(dict.fromkeys(self.settings.not_supplied + self.absent))

    def warnings(self) -> list[str]:
        """One loud line per guarded input not supplied."""
        return [f"NOT SUPPLIED: {name} — {GUARDED[name]}" for name in self.missing]

    def table(self, name: str) -> pd.DataFrame | None:
        """An input table read for this run (None when absent or empty)."""
        return self.tables.get(name)


def collections_run(book) -> CollectionsRun:
    """Read the settings and every input table once and build the run's ledger state (which keeps what it needs
    of the Ledger; the table as read is let go)."""
    settings = collections_settings(book)
    names = (PAYMENTS, CUSTOMERS, CONTACTS, PROMISES, DISPUTES, DUNNING_HISTORY, DUNNING_LEVELS, LOSS_RATES,
             REFERENCE_RATES, KPI_TARGETS, AGEING_HISTORY)
    tables = {name: optional_table(book, name) for name in names}
    promises = tables[PROMISES]
    if promises is not None:
        promises = promises.drop(columns=[c for c in ("Deadline", "Paid", "Status") if c in promises.columns])
    state = ledger_state(input_table(book, LEDGER), settings.as_of, edges=settings.edges, basis=settings.basis,
                         currency=settings.currency, payments=tables[PAYMENTS], customers=tables[CUSTOMERS],
                         disputes=tables[DISPUTES], promises=promises, contacts=tables[CONTACTS],
                         tolerance_days=settings.tolerance_days, amount_tolerance=settings.amount_tolerance,
                         default_regime=settings.default_regime)
    return CollectionsRun(settings, state, tables, tuple(name for name in GUARDED if not book.has_table(name)))


def below_notes(ref: str, lines: list[str]) -> str:
    """Anchor cell one empty row under the table at ``ref`` and the ``lines`` :func:`notes_block` writes under it:
    where a chart or table goes that must not widen the sheet by standing beside it.

    >>> below_notes("A3:H28", ["Unallocated ...", "Note: ..."]), below_notes("A3:C9", [])
    ('A34', 'A13')
    """
    from openpyxl.utils import get_column_letter, range_boundaries
    min_col, _, _, max_row = range_boundaries(ref)
    return f"{get_column_letter(min_col)}{max_row + 3 + len(lines) + 1}"


def notes_block(book, sheet: str, ref: str, lines: list[str]) -> None:
    """Write ``lines`` under the table at ``ref`` on ``sheet`` (data notes and NOT SUPPLIED warnings)."""
    if not lines:
        return
    from openpyxl.utils import range_boundaries
    min_col, _, _, max_row = range_boundaries(ref)
    from openpyxl.utils import get_column_letter
    column = get_column_letter(min_col)
    for offset, line in enumerate(lines):
        book.write_value(sheet, f"{column}{max_row + 3 + offset}", line)


def _choice(value, label: str, choices) -> str:
    text = cell_text(value, "").lower()
    if text not in choices:
        raise DebtDeskError(SETTINGS, f"{label} {value!r} is not one of {', '.join(choices)}")
    return text


def _number(value, label: str) -> float:
    try:
        out = number(value, SETTINGS, blank=0.0)
    except DebtDeskError:
        raise DebtDeskError(SETTINGS, f"{label} {value!r} is not a number") from None
    if out < 0:
        raise DebtDeskError(SETTINGS, f"{label} {value!r} must be a number of at least 0")
    return out


def _whole(value, label: str, minimum: int) -> int:
    amount = _number(value, label)
    if amount != int(amount) or amount < minimum:
        raise DebtDeskError(SETTINGS, f"{label} {value!r} must be a whole number of at least {minimum}")
    return int(amount)


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

