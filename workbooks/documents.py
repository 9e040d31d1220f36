"""Letters to PDF with LibreOffice: right away for one workbook, after the batch for many.

Starting ``soffice`` with a fresh throwaway profile takes a couple of seconds; converting a
letter once it runs takes a fraction of that. The ribbon (one workbook) converts its letters
as soon as they are written. A headless batch would pay the start-up once per client, so it
runs each job inside :func:`collecting`: the macros still write every .docx as usual and call
:func:`convert_or_defer`, which records the documents instead of converting them, and the
batch converts them all at the end with :func:`convert_all` — one ``soffice`` run per worker,
each with its own profile, in parallel.

The policy is per call (a :class:`contextvars.ContextVar`), so the macro code path is the same
for the ribbon, ``debtdesk regenerate`` and the demo; nothing needs to know which it is.

LibreOffice is a guest: each run gets a throwaway profile and output folder named after the
DebtDesk run (``debtdesk-pdf-<run id>-...``, removed afterwards, and with any LibreOffice process
still working there by the next run if this one was killed); a run that does not finish within
its time is stopped whole (``oosplash`` and the ``soffice.bin`` it starts); only a real PDF
(``%PDF-`` ... ``%%EOF``) counts as converted. When LibreOffice is missing or hangs, the letters
stay .docx and the batch summary says so.
"""

from __future__ import annotations

import contextvars
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path
from typing import Callable, Iterator, Sequence, TypeVar

from debtdesk.atomic import atomic_path, run_id

T = TypeVar("T")

#: Most documents handed to one ``soffice`` run: in longer runs LibreOffice was seen to skip some
#: (24 of 270 in one run here, none in runs of 100).
RUN_LIMIT = 100

#: Folder-name prefix of a LibreOffice run's working folder in the temporary folder; the run id follows.
PDF_WORK = "debtdesk-pdf-"

_pending: ContextVar[list[Path] | None] = ContextVar("debtdesk_pending_pdf", default=None)


class Hung(Exception):
    """LibreOffice did not finish within its time and was stopped."""


def documents_folder(workbook: str | Path) -> Path:
    """Where a workbook's letters go: a folder named after it, beside it.

    >>> documents_folder("out/clients/C-1001.xlsx").as_posix()
    'out/clients/C-1001 documents'
    """
    workbook = Path(workbook)
    return workbook.parent / f"{workbook.stem} documents"


def soffice() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@contextmanager
def deferred() -> Iterator[list[Path]]:
    """Within the block, :func:`convert_or_defer` records documents in the yielded list.

    Examples
    --------
    >>> with deferred() as pending:
    ...     convert_or_defer([Path("a.docx")])
    []
    >>> pending
    [PosixPath('a.docx')]
    """
    pending: list[Path] = []
    token = _pending.set(pending)
    try:
        yield pending
    finally:
        _pending.reset(token)


def collecting(fn: Callable[..., T], *args) -> tuple[T, list[str]]:
    """Call ``fn(*args)`` with PDF conversion deferred; returns its result and the documents to convert.

    Module-level so a process pool or a Dask worker can run it (paths come back as text).
    """
    with deferred() as pending:
        result = fn(*args)
    return result, [str(p) for p in pending]


def convert_or_defer(documents: Sequence[Path]) -> list[Path]:
    """Convert ``documents`` to PDF beside themselves now, or record them inside :func:`deferred`.

    Returns the PDFs written now ([] when deferred or without LibreOffice).
    """
    pending = _pending.get()
    if pending is not None:
        pending.extend(Path(d) for d in documents)
        return []
    try:
        return to_pdf(documents)
    except Hung:  # the letters stay .docx, as without LibreOffice
        return []


def to_pdf(documents: Sequence[str | Path], timeout: float | None = None,
           stop: threading.Event | None = None) -> list[Path]:
    """Convert documents to PDF beside each one in one LibreOffice run per :data:`RUN_LIMIT`.

    LibreOffice writes every PDF of a run into one folder, so a run converts into a
    throwaway folder (with a throwaway profile) and each PDF is then moved beside its
    document atomically; documents sharing a name go to separate runs. Returns the PDFs
    written; [] without LibreOffice.

    Parameters
    ----------
    documents : sequence of str or Path
        .docx files.
    timeout : float, optional
        Seconds one LibreOffice run may take; default 120 plus 5 per document.
    stop : threading.Event, optional
        Set (by this call too) when LibreOffice hung: no further run starts.

    Raises
    ------
    Hung
        When a LibreOffice run did not finish within ``timeout``; it was stopped.
    """
    binary = soffice()
    if binary is None:
        return []
    written = []
    for run in _runs([Path(d) for d in documents]):
        if stop is not None and stop.is_set():
            break
        try:
            done = _convert(binary, run, timeout)
            missed = [d for d in run if d.with_suffix(".pdf") not in done]
            if missed:  # LibreOffice now and then skips documents of a long run: one more try for those
                done += _convert(binary, missed, timeout)
        except Hung:
            if stop is not None:
                stop.set()
            raise
        written += done
    return written


def _convert(binary: str, run: Sequence[Path], timeout: float | None) -> list[Path]:
    """One LibreOffice run into a throwaway folder; each PDF then moved beside its document."""
    written = []
    with tempfile.TemporaryDirectory(prefix=f"{PDF_WORK}{run_id()}-") as work:
        stage = Path(work) / "out"
        limit = timeout if timeout is not None else 120 + 5 * len(run)
        office = subprocess.Popen([binary, f"-env:UserInstallation={(Path(work) / 'profile').as_uri()}", "--headless",
                                   "--norestore", "--convert-to", "pdf", "--outdir", str(stage), *map(str, run)],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  env=dict(os.environ, HOME=work))
        try:
            office.wait(timeout=limit)
        except BaseException as error:  # too slow, or interrupted: stop it whole (oosplash leaves soffice.bin behind)
            for pid in [office.pid, *_descendants(office.pid)]:
                with suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            office.wait()
            if isinstance(error, subprocess.TimeoutExpired):
                raise Hung(f"LibreOffice did not finish converting {len(run)} letter(s) within {limit:g} s "
                           "and was stopped") from None
            raise
        for document in run:
            staged = stage / (document.stem + ".pdf")
            if _is_pdf(staged):
                target = document.with_suffix(".pdf")
                with atomic_path(target) as tmp:
                    shutil.copyfile(staged, tmp)
                written.append(target)
    return written


def _descendants(pid: int) -> list[int]:
    """Every process descended from ``pid``, found in Linux's ``/proc`` (none elsewhere)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, IndexError, ValueError):
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        kids = [p for p, parent in parents.items() if parent == frontier[-1]]
        frontier.pop()
        found += kids
        frontier += kids
    return found


def _is_pdf(path: Path) -> bool:
    """A complete PDF file: starts with ``%PDF-`` and ends with ``%%EOF`` (a 0-byte file is not one).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.pdf"; _ = p.write_bytes(b"")
    >>> _is_pdf(p), _is_pdf(p.with_name("missing.pdf"))
    (False, False)
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(5)
            handle.seek(max(0, os.fstat(handle.fileno()).st_size - 1024))
            return head == b"%PDF-" and b"%%EOF" in handle.read()
    except OSError:
        return False


def convert_all(documents: Sequence[str | Path], parallel: int, notes: list[str] | None = None,
                timeout: float | None = None) -> list[Path]:
    """Convert documents to PDF with up to ``parallel`` LibreOffice runs at once; returns those that failed.

    Without LibreOffice nothing is converted and nothing counts as failed (letters stay .docx,
    as they do for a single workbook). When it hangs, the conversion stops (no more LibreOffice
    runs start) and the documents without a PDF count as failed. Either way a one-line note
    for people is appended to ``notes``.
    """
    documents = [Path(d) for d in documents]
    if not documents:
        return []
    if soffice() is None:
        if notes is not None:
            notes.append(f"LibreOffice is not installed: {len(documents)} letter(s) stay .docx only "
                         "(install libreoffice-writer-nogui for their PDFs, then run again with --resume)")
        return []
    parts = max(1, min(parallel, len(documents)))
    chunks = [documents[k::parts] for k in range(parts)]
    stop, hung = threading.Event(), []

    def convert(chunk: list[Path]) -> list[Path]:
        try:
            return to_pdf(chunk, timeout, stop)
        except Hung as error:
            hung.append(str(error))
            return []

    contexts = [contextvars.copy_context() for _ in chunks]  # the run id names the work folders
    with ThreadPoolExecutor(max_workers=parts) as pool:
        done = {p for written in pool.map(lambda c, x: c.run(convert, x), contexts, chunks) for p in written}
    failed = [d for d in documents if d.with_suffix(".pdf") not in done]
    if hung and notes is not None:
        notes.append(f"{hung[0]}; {len(failed)} letter(s) stay .docx only (run again with --resume to convert them)")
    return failed


def _runs(documents: list[Path]) -> list[list[Path]]:
    """Split documents into runs of at most :data:`RUN_LIMIT` with distinct file names.

    >>> [[p.as_posix() for p in run] for run in _runs([Path("a/x.docx"), Path("b/x.docx"), Path("a/y.docx")])]
    [['a/x.docx', 'a/y.docx'], ['b/x.docx']]
    """
    runs: list[tuple[set[str], list[Path]]] = []
    for document in documents:
        for names, run in runs:
            if document.stem not in names and len(run) < RUN_LIMIT:
                break
        else:
            names, run = set(), []
            runs.append((names, run))
        names.add(document.stem)
        run.append(document)
    return [run for _, run in runs]
