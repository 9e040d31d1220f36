"""The ribbon's buttons and the macro each one runs.

:data:`BUTTONS` is the DebtDesk tab of DESIGN.md §5 in display order; the ribbon XML
is generated from it. :func:`macro` binds a function to a button id; :func:`run` is
the one dispatcher that both the live ribbon callback and headless regeneration use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from debtdesk.errors import DebtDeskError
from debtdesk.macros.inputs import workbook_locale
from debtdesk.macros.snapshot import one_register
from debtdesk.reading import reading


@dataclass(frozen=True)
class Button:
    """One ribbon button: id (the control id the VBA callback passes), label, group, icon."""

    id: str
    label: str
    group: str
    image: str  # an imageMso name
    tip: str


GROUPS = ("Client", "Collections", "Workbook")

BUTTONS: tuple[Button, ...] = (
    Button("assess_client", "Assess client", "Client", "ZoomToSelection", "Totals, DTI ratios, priority debts, flags and a recommended route."),
    Button("build_plan", "Build plan", "Client", "CalculateNow", "Write the repayment schedule, totals and balance chart."),
    Button("compare_strategies", "Compare strategies", "Client", "ChartTypeAllInsertDialog", "Avalanche, snowball and the rest side by side."),
    Button("creditor_proposals", "Creditor proposals", "Client", "EnvelopesAndLabelsDialog", "A letter and income & expenditure statement per creditor."),
    Button("record_payments", "Record payments", "Client", "RecordsSaveRecord", "Plan vs actual, variance and the re-projected debt-free date."),
    Button("refresh_ageing", "Refresh ageing", "Collections", "Refresh", "Age the ledger into buckets as of the chosen date."),
    Button("build_worklist", "Build worklist", "Collections", "SortAscendingExcel", "Who to contact first, and why."),
    Button("log_contact", "Log contact", "Collections", "NewContact", "Append a contact to the log and the journal."),
    Button("check_promises", "Check promises", "Collections", "AcceptInvitation", "Open, kept, partially kept or broken promises to pay."),
    Button("kpi_dashboard", "KPI dashboard", "Collections", "ChartInsert", "DSO, CEI, ADD, roll rates and charts."),
    Button("dunning_letters", "Dunning letters", "Collections", "MailMergeStartLetters", "Letters and emails by escalation level (drafts, nothing is sent)."),
    Button("new_client_workbook", "New client workbook", "Workbook", "FileNew", "Start a client workbook from the DebtDesk template."),
    Button("regenerate", "Regenerate", "Workbook", "RecurrenceEdit", "Rebuild every output sheet of this workbook."),
    Button("help", "Help", "Workbook", "Help", "What each button does and where to get help."),
)

_MACROS: dict[str, Callable] = {}


def macro(button_id: str):
    """Bind the decorated function ``fn(book)`` to a ribbon button.

    >>> @macro("no_such_button")
    ... def nothing(book):
    ...     pass
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: control_id: 'no_such_button' is not a DebtDesk button (known: ...)
    """
    button(button_id)  # unknown ids are a programming error, caught at import

    def bind(fn: Callable) -> Callable:
        _MACROS[button_id] = fn
        return fn

    return bind


def button(button_id: str) -> Button:
    """The button with that id.

    >>> button("build_plan").label
    'Build plan'
    """
    for b in BUTTONS:
        if b.id == button_id:
            return b
    raise DebtDeskError("control_id", f"{button_id!r} is not a DebtDesk button (known: {', '.join(b.id for b in BUTTONS)})")


def implemented(button_id: str) -> bool:
    """True when a macro is bound to the button."""
    return button_id in _MACROS


def run(button_id: str, book):
    """Run the macro bound to ``button_id`` against ``book``.

    A button whose macro is still to come tells the person so instead of failing. The
    macro reads the workbook's text in the workbook's own locale
    (:func:`debtdesk.macros.inputs.workbook_locale`), and every sheet it stamps is stamped
    against one register of inputs, read once (:func:`debtdesk.macros.snapshot.one_register`).
    """
    b = button(button_id)
    fn = _MACROS.get(button_id)
    if fn is None:
        book.notify(f"'{b.label}' is coming in a later DebtDesk release.")
        return None
    # text in the workbook is read as its Decimal separator and Date order say
    with reading(workbook_locale(book)), one_register(book):
        return fn(book)
