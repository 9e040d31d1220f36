"""The Python side of the ribbon: the one callback every DebtDesk button ends up in.

The add-in's VBA callback (``addin/DebtDesk.bas``) runs
``RunPython "import debtdesk.macros.dispatch as d; d.run_button('<control id>')"``.
:func:`run_button` wraps the calling workbook in the live adapter and hands it to
:func:`dispatch`, which runs the registry's macro and turns bad input into a message
for the person instead of a traceback.
"""

from __future__ import annotations

from debtdesk.errors import DebtDeskError
from debtdesk.macros import registry


def run_button(control_id: str):
    """Run the macro of ribbon button ``control_id`` against the workbook that called.

    Only callable from Excel (``xw.Book.caller()`` needs the calling workbook).

    Parameters
    ----------
    control_id : str
        The ribbon control id, which is a :data:`~debtdesk.macros.registry.BUTTONS` id.
    """
    import xlwings as xw

    from debtdesk.workbooks.live import LiveBook

    return dispatch(control_id, LiveBook(xw.Book.caller()))


def dispatch(control_id: str, book):
    """Run button ``control_id``'s macro against ``book``; a DebtDeskError becomes a notice.

    Parameters
    ----------
    control_id : str
        A ribbon button id.
    book : Workbook
        Any adapter of :class:`debtdesk.macros.book.Workbook`.

    Returns
    -------
    object or None
        What the macro returned, or None when it did not run (unknown button, a button
        whose macro is still to come, bad input in the workbook); the person was told why
        through ``book.notify``.

    Examples
    --------
    >>> from debtdesk.workbooks.filebook import FileBook
    >>> book = FileBook()
    >>> dispatch("no_such_button", book)
    >>> book.messages[0].split(" (known")[0]
    "control_id: 'no_such_button' is not a DebtDesk button"
    """
    try:
        return registry.run(control_id, book)
    except DebtDeskError as error:
        book.notify(str(error))
        return None
