"""Two copies of DebtDesk in one process, each saving workbooks through its own patches of openpyxl's writer.

``workbooks/blocks.py`` patches openpyxl's worksheet writer when it is imported (a big table's rows are made as
the sheet is saved). With this checkout's DebtDesk and an older one loaded side by side (:func:`bench.__main__.previous`),
the copy imported second patches over the first: a sheet with a block saved by either then has the block's rows merged
twice (the later copy's merge on top of the earlier's), and what is timed is neither copy's save. :func:`own_writer`
puts one copy's patches alone on openpyxl for a while.
"""

from __future__ import annotations

import importlib
import sys
from contextlib import contextmanager
from typing import Iterator

from openpyxl.worksheet import _writer
from openpyxl.writer.excel import ExcelWriter

#: (owner, attribute, the blocks module's own function, the blocks module's name for what it replaced)
_PATCHES = ((_writer.WorksheetWriter, "rows", "_rows", "_plain_rows"),
            (_writer.WorksheetWriter, "write_tables", "_write_tables", "_plain_write_tables"),
            (_writer.WorksheetWriter, "get_stream", "_stream", "_plain_stream"),
            (_writer.WorksheetWriter, "write_rows", "_write_rows", "_plain_write_rows"),
            (ExcelWriter, "write_worksheet", "_write_worksheet", "_plain_write_worksheet"))


def _openpyxl_own(owner, attribute: str, plain: str):
    """openpyxl's own function under every copy's patch."""
    found = getattr(owner, attribute)
    while found.__module__.endswith("workbooks.blocks"):
        found = getattr(sys.modules[found.__module__], plain)
    return found


def _missing() -> None:
    """Stands for a patch a copy of DebtDesk does not make (an older one)."""


@contextmanager
def own_writer(package) -> Iterator[None]:
    """Within the block, openpyxl saves through ``package``'s patches alone (each over openpyxl's own function; openpyxl's
    own where the copy makes no such patch).

    >>> import debtdesk.workbooks.blocks as blocks
    >>> with own_writer(importlib.import_module("debtdesk")):
    ...     _writer.WorksheetWriter.rows is blocks._rows and blocks._plain_rows.__module__
    'openpyxl.worksheet._writer'
    """
    blocks = importlib.import_module(f"{package.__name__}.workbooks.blocks")
    before = [(owner, attribute, getattr(owner, attribute), getattr(blocks, plain, _missing))
              for owner, attribute, _, plain in _PATCHES]
    for owner, attribute, own, plain in _PATCHES:
        openpyxls = _openpyxl_own(owner, attribute, plain)
        if hasattr(blocks, own):
            setattr(blocks, plain, openpyxls)
        setattr(owner, attribute, getattr(blocks, own, openpyxls))
    try:
        yield
    finally:
        for (owner, attribute, patched, plain_before), (_, _, _, plain) in zip(before, _PATCHES):
            setattr(owner, attribute, patched)
            if plain_before is not _missing:
                setattr(blocks, plain, plain_before)
