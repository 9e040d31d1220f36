"""Headless regeneration: the ribbon's Regenerate macro run on workbook files.

The input workbook is opened read-only through :class:`FileBook`, the very macro code
behind the ribbon rebuilds every output sheet, and the result is saved atomically to
the output folder. The input file is never modified, unless an in-place refresh was asked
for (:func:`refresh_in_place`), which first keeps a dated backup that opens on a double-click
(``C-1001.2026-11-27T0315.bak.xlsx``; never overwritten), refuses to replace a workbook that
someone saved while the run worked on it, and keeps the file's permissions and owner.

:func:`run_job` does one item of a batch (a workbook, a client from the firm's data, or
the ledger) and never raises: it returns the manifest entry, failed with a one-line reason
when anything went wrong (the readers' warnings become its notes), so one bad client never
stops the rest.
"""

from __future__ import annotations

import errno
import gc
import json
import os
import shutil
import sys
import time
import warnings
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Iterator

from debtdesk.atomic import atomic_path, before_replacing
from debtdesk.errors import DebtDeskError
from debtdesk.macros.registry import run
from debtdesk.workbooks.documents import documents_folder
from debtdesk.workbooks.filebook import FileBook
from debtdesk.workbooks.manifest import DONE, FAILED, Entry, sha256_file
from debtdesk.workbooks.jobs import Job


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


def backup_name(source: str | Path, when: datetime | None = None, number: int = 1) -> Path:
    """Where :func:`refresh_in_place` keeps the workbook as it was: beside it, dated to the minute
    (``-2``, ``-3``, ... for more in the same minute), with its own extension last so that it opens
    on a double-click.

    >>> backup_name("clients/C-1001.xlsx", datetime(2026, 11, 27, 3, 15)).as_posix()
    'clients/C-1001.2026-11-27T0315.bak.xlsx'
    >>> backup_name("clients/C-1001.xlsm", datetime(2026, 11, 27, 3, 15), 2).name
    'C-1001.2026-11-27T0315-2.bak.xlsm'
    """
    source = Path(source)
    again = f"-{number}" if number > 1 else ""
    return source.with_name(f"{source.stem}.{(when or datetime.now()):%Y-%m-%dT%H%M}{again}.bak{source.suffix}")


def refresh_in_place(source: str | Path, expected_sha256: str | None = None, when: datetime | None = None) -> Path:
    """Regenerate a workbook into itself, keeping the previous file as a dated backup.

    Refused, with nothing written and no backup left, when the workbook is open in Excel or
    LibreOffice (their lock file is beside it), when it holds content openpyxl would drop on
    save (see :meth:`FileBook.save`), when it changed since ``expected_sha256`` was taken or
    while the run worked on it (someone saved it: their work is kept), or when the new file
    could not keep the workbook's permissions, owner and group.

    Parameters
    ----------
    source : str or Path
        The workbook.
    expected_sha256 : str, optional
        Its hash when the run listed it; by default, its hash now.
    when : datetime, optional
        The time in the backup's name (:func:`backup_name`); a second backup within the same
        minute gets ``-2``, ``-3``, ... so that no backup is ever overwritten.

    Returns
    -------
    Path
        The backup.
    """
    source = Path(source)
    _not_open_elsewhere(source)
    expected = expected_sha256 or sha256_file(source)
    book = FileBook(source, documents_dir=documents_folder(source))
    run("regenerate", book)
    backup = _keep_backup(source, expected, when)
    try:
        with before_replacing(source, lambda tmp, target: _still_as_read(tmp, target, expected)):
            book.save(source)  # refuses before writing anything when content would be lost
    except BaseException:
        backup.unlink(missing_ok=True)  # the workbook is as it was: the backup would only be a copy
        raise
    return backup


def _not_open_elsewhere(source: Path) -> None:
    """Refuse a workbook that Excel (``~$name``, or ``~$`` over its first two letters) or
    LibreOffice (``.~lock.name#``) has open."""
    for lock in ("~$" + source.name, "~$" + source.name[2:], f".~lock.{source.name}#"):
        if source.with_name(lock).exists():
            raise DebtDeskError("workbook", f"{source.name} is open in Excel or LibreOffice ({lock} is beside it); "
                                "close it there and run again; nothing was written")


def _keep_backup(source: Path, expected: str, when: datetime | None) -> Path:
    """Copy the workbook, as the run read it, to a new dated backup; never over an existing one."""
    when = when or datetime.now()
    for number in range(1, 100):
        backup = backup_name(source, when, number)
        try:
            with atomic_path(backup, exclusive=True) as tmp:
                shutil.copy2(source, tmp)
                if sha256_file(tmp) != expected:
                    raise _changed(source)
            return backup
        except FileExistsError:
            continue
    raise DebtDeskError("workbook", f"{source.name}: 99 backups from {when:%Y-%m-%d %H:%M} exist already; nothing was written")


def _still_as_read(tmp: Path, target: Path, expected: str) -> None:
    """Just before the new workbook replaces the old: the old is still what the run read, and
    the new one has its permissions, owner and group."""
    if sha256_file(target) != expected:
        raise _changed(target)
    before, after = target.stat(), tmp.stat()
    if (before.st_mode, before.st_uid, before.st_gid) != (after.st_mode, after.st_uid, after.st_gid):
        raise DebtDeskError("workbook", f"{target.name}: the refreshed file could not keep the workbook's permissions, "
                            f"owner and group (mode {before.st_mode & 0o7777:04o}, uid {before.st_uid}, gid "
                            f"{before.st_gid}; this run is uid {os.getuid()}); nothing was written — run as its owner, "
                            "or regenerate with --out instead")


def _changed(source: Path) -> DebtDeskError:
    return DebtDeskError("workbook", f"{source.name} changed while it was being regenerated (saved by someone?); "
                         "it was left as it is now, nothing was written — run again to regenerate the new version")


def run_job(job: Job) -> Entry:
    """Do one batch item and return its manifest entry (status ``done`` or ``failed``).

    Runs in a worker process (local pool or Dask worker) as well as in-process. What would
    otherwise be printed among the progress becomes the entry's notes: warnings its readers
    give, and errors Python can only report ("Exception ignored in ..."), such as a file a
    failed writer left open failing to close on a full disk (dropped for a failed item, whose
    reason already says it).
    """
    start, cpu = time.perf_counter(), time.process_time()
    documents = documents_folder(job.output) if job.output else None
    existed = documents is not None and documents.exists()
    with warnings.catch_warnings(record=True) as caught, _unraisable() as ignored:
        warnings.simplefilter("always")
        try:
            if job.error:
                raise DebtDeskError("data", job.error)
            if job.kind == "workbook" and job.in_place:
                refresh_in_place(job.source, job.input_sha256)
            else:
                book = _input_book(job)
                run("regenerate", book)
                book.save(job.output)
            entry = Entry(job.key, job.input_sha256, job.output, sha256_file(job.output), DONE,
                          duration=round(time.perf_counter() - start, 4), cpu=round(time.process_time() - cpu, 4))
        except Exception as error:  # the isolation boundary: every failure becomes this item's reason
            if documents is not None and not existed:
                with suppress(OSError):
                    documents.rmdir()  # a documents folder this item made and left empty
            entry = Entry(job.key, job.input_sha256, job.output, None, FAILED, reason(error, job.output),
                          round(time.perf_counter() - start, 4), round(time.process_time() - cpu, 4))
        if entry.status == FAILED:
            gc.collect()  # what the failed writer left open closes now, not during a later item
    notes = [str(w.message) for w in caught] + (ignored if entry.status == DONE else [])
    entry.notes = list(dict.fromkeys(notes))
    return entry


@contextmanager
def _unraisable() -> Iterator[list[str]]:
    """Within the block, exceptions Python cannot raise (from ``__del__``, say) are collected
    into the yielded list instead of printed to stderr."""
    found: list[str] = []
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: found.append(f"{unraisable.exc_type.__name__}: {unraisable.exc_value}")
    try:
        yield found
    finally:
        sys.unraisablehook = hook


def reason(error: BaseException, target: str | Path = "") -> str:
    """One line saying why an item failed; ``target`` names the file an operating-system error
    without a file name of its own was writing.

    >>> reason(DebtDeskError("Loan", "needs a row 'Principal'"))
    "Loan: needs a row 'Principal'"
    >>> reason(OSError(28, "No space left on device", "/srv/out/C-1.xlsx"))
    'cannot write /srv/out/C-1.xlsx: No space left on device'
    >>> reason(OSError(28, "No space left on device"), "/srv/out/C-2.xlsx")
    'cannot write /srv/out/C-2.xlsx: No space left on device'
    >>> reason(MemoryError())
    'ran out of memory (give the workers more with --worker-memory, or fewer --workers)'
    """
    if isinstance(error, DebtDeskError):
        return str(error)
    if isinstance(error, MemoryError):
        return "ran out of memory (give the workers more with --worker-memory, or fewer --workers)"
    if isinstance(error, OSError) and error.strerror:
        where = error.filename if error.filename is not None else str(target)
        verb = "write" if error.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT,
                                          errno.EFBIG, errno.ENAMETOOLONG, errno.EISDIR, errno.ENOTDIR) else "use"
        return f"cannot {verb} {where}: {error.strerror}" if where else f"{error.strerror}"
    return f"{type(error).__name__}: {error}".replace("\n", " ")


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
