"""Workbook group: New client workbook, Regenerate and Help."""

from __future__ import annotations

from contextlib import nullcontext

from debtdesk.macros.client import one_case
from debtdesk.macros.journal import journal
from debtdesk.macros.registry import BUTTONS, implemented, macro, run

#: The macros that rebuild each kind of workbook, in the order they run.
CLIENT_STEPS = ("assess_client", "build_plan", "compare_strategies", "record_payments", "creditor_proposals")
COLLECTIONS_STEPS = ("refresh_ageing", "check_promises", "build_worklist", "kpi_dashboard")


def workbook_kind(book) -> str:
    """"client" or "collections", from the input tables the workbook holds.

    >>> class Book:
    ...     def has_table(self, name): return name == "Ledger"
    >>> workbook_kind(Book())
    'collections'
    """
    if book.has_table("Ledger"):
        return "collections"
    if book.has_table("Loan") or book.has_table("Debts"):
        return "client"
    from debtdesk.errors import DebtDeskError
    raise DebtDeskError("workbook", "is neither a client workbook (Loan or Debts table) nor a collections workbook (Ledger table)")


@macro("regenerate")
def regenerate(book) -> list[str]:
    """Run every output macro for this kind of workbook; returns the buttons run.

    A client workbook's case is computed once and every step renders it. The headless
    ``debtdesk regenerate`` runs exactly this function on each file.
    """
    client = workbook_kind(book) == "client"
    steps = CLIENT_STEPS if client else COLLECTIONS_STEPS
    done = [step for step in steps if implemented(step)]
    with one_case(book) if client else nullcontext():  # every client step renders the one case
        for step in done:
            run(step, book)
    journal(book, "Regenerate", [], f"ran {', '.join(done)}")
    return done


@macro("new_client_workbook")
def new_client_workbook(book) -> list[str]:
    """Build the client template into this workbook: every input sheet, with its dropdowns,
    prompts and checks (input tables the workbook already has are left alone); returns
    the sheets added. The template is the one the demo and ``debtdesk regenerate`` fill
    (:func:`debtdesk.workbooks.template.write_client_inputs`), so Assess client and the
    other Client buttons work on it at once."""
    from debtdesk.workbooks.template import blank_client, write_client_inputs

    added = write_client_inputs(book, blank_client(), keep=True)
    if added:
        book.show_first(added[0] if "Client" not in added else "Client")
    journal(book, "New client workbook", [], f"added {', '.join(added) or 'nothing (all inputs present)'}")
    return added


@macro("help")
def show_help(book) -> str:
    """Tell the person what each DebtDesk button does."""
    lines = [f"{b.group} › {b.label}: {b.tip}" for b in BUTTONS]
    text = "DebtDesk buttons\n\n" + "\n".join(lines) + "\n\nCell functions: type =DD_ and use the function wizard (category DebtDesk)."
    book.notify(text)
    return text
