"""Headless regeneration: the ribbon's Regenerate macro run on workbook files.

The input workbook is opened read-only through :class:`FileBook`, the very macro code
behind the ribbon rebuilds every output sheet, and the result is saved atomically to
the output folder. The input file is never modified.
"""

from __future__ import annotations

from pathlib import Path

from debtdesk.errors import DebtDeskError
from debtdesk.macros.registry import run
from debtdesk.workbooks.filebook import FileBook


def regenerate_file(source: str | Path, out_dir: str | Path) -> Path:
    """Regenerate one client or collections workbook into ``out_dir``; returns the output path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from debtdesk.workbooks.samples import sample_clients
    >>> from debtdesk.workbooks.template import client_workbook
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> src = client_workbook(sample_clients()[0]).save(folder / "in" / "C-1001.xlsx")
    >>> regenerate_file(src, folder / "out").name
    'C-1001.xlsx'
    """
    source, out_dir = Path(source), Path(out_dir)
    target = out_dir / (source.stem + ".xlsx")
    if target.resolve() == source.resolve():
        raise DebtDeskError("out", f"{target} is the input workbook itself; choose another output folder")
    book = FileBook(source)
    run("regenerate", book)
    return book.save(target)
