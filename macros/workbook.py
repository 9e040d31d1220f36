"""Workbook group: New client workbook, Regenerate and Help."""

from __future__ import annotations

from debtdesk.macros.client import one_case
from debtdesk.macros.journal import journal
from debtdesk.macros.registry import BUTTONS, implemented, macro, run
from debtdesk.macros.snapshot import one_register

#: The macros that rebuild a client workbook, in the order they run (collections: macros/collections_regenerate.py).
CLIENT_STEPS = ("assess_client", "build_plan", "compare_strategies", "record_payments", "creditor_proposals")


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
    with one_register(book):  # every step stamps its sheets against one register of inputs
        if workbook_kind(book) == "collections":  # one ledger state for every step (macros/collections_regenerate.py)
            from debtdesk.macros.collections_regenerate import regenerate_collections
            done = regenerate_collections(book)
        else:
            done = [step for step in CLIENT_STEPS if implemented(step)]
            with one_case(book):  # every client step renders the one case
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
