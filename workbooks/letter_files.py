"""Letters written as files: each one's .docx and PDF, from one content model, written atomically together.

The one writer for every letter DebtDesk leaves in a folder (a client's creditor proposals, a collections
run's notices and statements). Every letter of a call is rendered before the first file is written; then
each file replaces its target whole and each folder is synced once for the call
(:func:`debtdesk.atomic.atomic_paths`), so a failure, in rendering or in writing, leaves the folder as it
was: never a .docx without its PDF, never part of a file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Sequence

from debtdesk.atomic import atomic_paths
from debtdesk.letter import Letter
from debtdesk.workbooks.typeset import letter_pdf
from debtdesk.workbooks.wordml import letter_docx


def write_letters(paths: Sequence[str | Path], letters: Sequence[Letter],
                  created: Sequence[datetime | None] | None = None) -> list[Path]:
    """Write each letter as ``path`` (.docx) and, beside it, the same name as .pdf; returns the .docx paths.

    Parameters
    ----------
    paths : sequence of str or Path
        Each letter's .docx file (its PDF takes the same name with ``.pdf``); folders are made when missing.
    letters : sequence of Letter
        The content, one per path.
    created : sequence of datetime or None, optional
        Each PDF's creation time (timezone-aware; None or omitted: now). A letter dated a day of its own
        gives the same PDF on every run when created is that day.

    Examples
    --------
    >>> import tempfile, docx
    >>> from debtdesk.letter import Paragraph
    >>> folder = Path(tempfile.mkdtemp())
    >>> one = Letter(("Pennine Office Supplies Ltd",), ("Harbour Joinery Ltd",), "27 November 2026",
    ...              "Harbour Joinery Ltd", (Paragraph("Your account is overdue."),))
    >>> (path,) = write_letters([folder / "0001-Harbour-Joinery-Ltd-level1.docx"], [one])
    >>> sorted(p.name for p in folder.iterdir()), docx.Document(path).paragraphs[-3].text
    (['0001-Harbour-Joinery-Ltd-level1.docx', '0001-Harbour-Joinery-Ltd-level1.pdf'], 'Your account is overdue.')
    """
    paths = [Path(p).with_suffix(".docx") for p in paths]
    created = list(created) if created is not None else [None] * len(letters)
    if not len(paths) == len(letters) == len(created):
        raise ValueError(f"write_letters: {len(paths)} paths, {len(letters)} letters, {len(created)} creation times")
    _write_files(_letter_files(paths, letters, created))
    return paths


def _letter_files(paths: Sequence[Path], letters: Sequence[Letter], created: Sequence[datetime | None]) -> list:
    """(path, bytes) of each letter's .docx and PDF, every one rendered before any is written."""
    files = []
    for path, letter, moment in zip(paths, letters, created):
        files += [(path, letter_docx(letter)), (path.with_suffix(".pdf"), letter_pdf(letter, created=moment))]
    return files


def _write_files(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write each (path, bytes) atomically, each folder synced once."""
    with atomic_paths([target for target, _ in files]) as temporary:
        for tmp, (_, data) in zip(temporary, files):
            tmp.write_bytes(data)


class Batches:
    """Letters (and other documents' files, such as e-mail drafts: :meth:`add_file`) queued and written ``size``
    at a time, as :func:`write_letters` writes, each batch's folder synced once: a collections run writing 50,000
    statements syncs its folder ~800 times rather than 100,000, and holds no more than ``size`` documents'
    content. Call :meth:`flush` once the last document is added.

    >>> import tempfile
    >>> from debtdesk.letter import Paragraph
    >>> folder, queue = Path(tempfile.mkdtemp()), Batches(size=2)
    >>> names = [queue.add(folder / f"0{i}-statement", Letter(("Pennine Office Supplies Ltd",), ("Ann Lee",),
    ...          "27 November 2026", "Statement", (Paragraph("Your balance is £12.00."),))).name for i in (1, 2, 3)]
    >>> names, len(list(folder.iterdir())), queue.flush(), len(list(folder.iterdir()))
    (['01-statement.docx', '02-statement.docx', '03-statement.docx'], 4, None, 6)
    """

    def __init__(self, size: int = 64):
        self.size, self.queue, self.files = size, [], []

    def add(self, path: str | Path, letter: Letter) -> Path:
        """Queue ``letter`` for ``path``; returns the .docx path it is written to (by the time of :meth:`flush`)."""
        self.queue.append((Path(path).with_suffix(".docx"), letter))
        self._full()
        return Path(path).with_suffix(".docx")

    def add_file(self, path: str | Path, data: bytes) -> Path:
        """Queue a file of ``data`` for ``path`` (written with the batch's letters); returns ``path``.

        >>> import tempfile
        >>> folder, queue = Path(tempfile.mkdtemp()), Batches()
        >>> path = queue.add_file(folder / "01-Ann-Lee-level1.eml", b"Subject: Reminder")
        >>> path.exists(), queue.flush(), path.read_bytes()
        (False, None, b'Subject: Reminder')
        """
        self.files.append((Path(path), data))
        self._full()
        return Path(path)

    def _full(self) -> None:
        if len(self.queue) + len(self.files) >= self.size:
            self.flush()

    def flush(self) -> None:
        """Write every queued document."""
        queued, files, self.queue, self.files = self.queue, self.files, [], []
        if queued or files:
            _write_files(_letter_files([path for path, _ in queued], [letter for _, letter in queued],
                                       [None] * len(queued)) + files)
