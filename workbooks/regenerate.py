"""Headless regeneration: the ribbon's Regenerate macro run on workbook files.

The input workbook is opened read-only through :class:`FileBook`, the very macro code
behind the ribbon rebuilds every output sheet, and the result is saved atomically to
the output folder. The input file is never modified (unless an in-place refresh was
asked for, which keeps a ``.bak`` copy first).

:func:`run_job` does one item of a batch (a workbook, a client from the firm's data, or
the ledger) and never raises: it returns the manifest entry, failed with the reason
when anything went wrong, so one bad client never stops the rest.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from debtdesk.atomic import atomic_path
from debtdesk.errors import DebtDeskError
from debtdesk.macros.registry import run
from debtdesk.workbooks.documents import documents_folder
from debtdesk.workbooks.filebook import FileBook
from debtdesk.workbooks.manifest import DONE, FAILED, Entry, sha256_file
from debtdesk.workbooks.sources import Job


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
    book = FileBook(source, documents_dir=documents_folder(target))
    run("regenerate", book)
    return book.save(target)


def refresh_in_place(source: str | Path) -> Path:
    """Regenerate a workbook into itself, keeping the previous file as ``<name>.bak``.

    Refused (nothing written, no backup left) when the workbook holds content openpyxl
    would drop on save: charts, images, shapes, pivots, slicers or VBA outside the
    sheets the run rewrites.
    """
    source = Path(source)
    book = FileBook(source, documents_dir=documents_folder(source))
    run("regenerate", book)
    backup = source.with_name(source.name + ".bak")
    with atomic_path(backup) as tmp:
        shutil.copy2(source, tmp)
        book.save(source)  # refuses before writing anything; the backup then is never put in place
    return source


def run_job(job: Job) -> Entry:
    """Do one batch item and return its manifest entry (status ``done`` or ``failed``).

    Runs in a worker process (local pool or Dask worker) as well as in-process.
    """
    start = time.perf_counter()
    try:
        if job.error:
            raise DebtDeskError("data", job.error)
        if job.kind == "workbook" and job.in_place:
            refresh_in_place(job.source)
        else:
            book = _input_book(job)
            run("regenerate", book)
            book.save(job.output)
        return Entry(job.key, job.input_sha256, job.output, sha256_file(job.output), DONE,
                     duration=round(time.perf_counter() - start, 4))
    except Exception as error:  # the isolation boundary: every failure becomes this item's reason
        reason = str(error) if isinstance(error, DebtDeskError) else f"{type(error).__name__}: {error}"
        return Entry(job.key, job.input_sha256, job.output, None, FAILED, reason,
                     round(time.perf_counter() - start, 4))


def _input_book(job: Job) -> FileBook:
    from debtdesk.workbooks.template import client_workbook

    documents = documents_folder(job.output)
    if job.kind == "workbook":
        return FileBook(job.source, documents_dir=documents)
    if job.kind == "client":
        return client_workbook(json.loads(job.payload), documents_dir=documents)
    if job.kind == "collections":  # the ledger and its customers, contacts, promises and disputes exports
        from debtdesk.workbooks.collections_exports import collections_book
        return collections_book(job)
    raise DebtDeskError("job", f"kind {job.kind!r} is not workbook, client or collections")
