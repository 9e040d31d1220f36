"""Where a client workbook's documents (its creditor letters, .docx and PDF) are written."""

from __future__ import annotations

from pathlib import Path


def documents_folder(workbook: str | Path) -> Path:
    """Where a workbook's letters go: a folder named after it, beside it.

    >>> documents_folder("out/clients/C-1001.xlsx").as_posix()
    'out/clients/C-1001 documents'
    """
    workbook = Path(workbook)
    return workbook.parent / f"{workbook.stem} documents"
