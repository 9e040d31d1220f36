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
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Callable, Iterator, Sequence, TypeVar

from debtdesk.atomic import atomic_path

T = TypeVar("T")

#: Most documents handed to one ``soffice`` run: in longer runs LibreOffice was seen to skip some
#: (24 of 270 in one run here, none in runs of 100).
RUN_LIMIT = 100

_pending: ContextVar[list[Path] | None] = ContextVar("debtdesk_pending_pdf", default=None)


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
    return to_pdf(documents)


def to_pdf(documents: Sequence[str | Path]) -> list[Path]:
    """Convert documents to PDF beside each one in one LibreOffice run per :data:`RUN_LIMIT`.

    LibreOffice writes every PDF of a run into one folder, so a run converts into a
    throwaway folder (with a throwaway profile) and each PDF is then moved beside its
    document atomically; documents sharing a name go to separate runs. Returns the PDFs
    written; [] without LibreOffice.
    """
    binary = soffice()
    if binary is None:
        return []
    written = []
    for run in _runs([Path(d) for d in documents]):
        done = _convert(binary, run)
        missed = [d for d in run if d.with_suffix(".pdf") not in done]
        if missed:  # LibreOffice now and then skips documents of a long run: one more try for those
            done += _convert(binary, missed)
        written += done
    return written


def _convert(binary: str, run: Sequence[Path]) -> list[Path]:
    """One LibreOffice run into a throwaway folder; each PDF then moved beside its document."""
    written = []
    with tempfile.TemporaryDirectory(prefix="debtdesk-pdf-") as work:
        stage = Path(work) / "out"
        subprocess.run([binary, f"-env:UserInstallation={(Path(work) / 'profile').as_uri()}", "--headless",
                        "--norestore", "--convert-to", "pdf", "--outdir", str(stage), *map(str, run)],
                       capture_output=True, timeout=120 + 5 * len(run), env=dict(os.environ, HOME=work),
                       check=False)
        for document in run:
            staged = stage / (document.stem + ".pdf")
            if staged.exists():
                target = document.with_suffix(".pdf")
                with atomic_path(target) as tmp:
                    shutil.copyfile(staged, tmp)
                written.append(target)
    return written


def convert_all(documents: Sequence[str | Path], parallel: int) -> list[Path]:
    """Convert documents to PDF with up to ``parallel`` LibreOffice runs at once; returns those that failed.

    Without LibreOffice nothing is converted and nothing counts as failed (letters stay .docx,
    as they do for a single workbook).
    """
    documents = [Path(d) for d in documents]
    if not documents or soffice() is None:
        return []
    parts = max(1, min(parallel, len(documents)))
    chunks = [documents[k::parts] for k in range(parts)]
    with ThreadPoolExecutor(max_workers=parts) as pool:
        done = {p for written in pool.map(to_pdf, chunks) for p in written}
    return [d for d in documents if d.with_suffix(".pdf") not in done]


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
