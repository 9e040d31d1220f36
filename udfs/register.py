"""Declare a ``DD_*`` cell function once: xlwings metadata, wizard help, clean errors.

:func:`excel_function` applies ``@xw.func`` (category "DebtDesk") and one ``@xw.arg``
with a ``doc`` per argument, so Excel's function wizard shows help after "Import Python
UDFs". The function stays a plain Python callable that raises
:class:`~debtdesk.errors.DebtDeskError` with its own name in front of the message. In
live Windows Excel the error is handed to COM as a one-line description, which the
xlwings VBA wrapper shows in the cell instead of a traceback.
"""

from __future__ import annotations

import functools
import inspect
import sys

import xlwings as xw

from debtdesk.errors import DebtDeskError

CATEGORY = "DebtDesk"


def excel_function(**argument_docs: str):
    """Register a cell function; every parameter needs a one-line description.

    Examples
    --------
    >>> @excel_function(amount="The amount to double")
    ... def DD_DOUBLE(amount):
    ...     '''Twice the amount. Example: =DD_DOUBLE(2) gives 4.'''
    ...     return 2 * amount
    >>> DD_DOUBLE(2), DD_DOUBLE.argument_docs
    (4, {'amount': 'The amount to double'})
    """

    def decorate(fn):
        params = list(inspect.signature(fn).parameters)
        undocumented = [p for p in params if p not in argument_docs]
        extra = [a for a in argument_docs if a not in params]
        if undocumented or extra or not (fn.__doc__ or "").strip():
            raise TypeError(f"{fn.__name__}: docstring and one doc per argument are required "
                            f"(undocumented {undocumented}, unknown {extra})")

        @functools.wraps(fn)
        def cell_function(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except DebtDeskError as error:
                raise _for_host(error.in_function(fn.__name__)) from None

        # What xlwings registers on Windows; kept on the function so tests can read it here,
        # where xlwings' decorators are no-ops.
        cell_function.argument_docs = dict(argument_docs)
        cell_function.category = CATEGORY
        registered = xw.func(category=CATEGORY)(cell_function)
        for name in params:
            registered = xw.arg(name, doc=argument_docs[name])(registered)
        return registered

    return decorate


def _for_host(error: DebtDeskError) -> Exception:
    """On Windows (pywin32 present) a COM error whose description is the one-line message."""
    if sys.platform == "win32":
        try:
            from win32com.server.exception import COMException
        except ImportError:
            return error
        return COMException(description=str(error))
    return error
