"""One DebtDesk run per output folder: an advisory lock on ``DIR/.debtdesk.lock``.

Two regeneration runs writing the same folder at once would interleave manifest lines
and overwrite each other's workbooks. :func:`folder_lock` takes an exclusive
``fcntl.flock`` on a lock file in the folder for the whole run. The operating system
releases a ``flock`` when the last process holding it ends, however it ends, so a run killed
with SIGKILL never leaves a stale lock behind: the next run simply gets it. The run's worker
processes never hold it (the lock file is not inherited: :mod:`debtdesk.workbooks.batch`
starts them from a fork server). The file itself stays (deleting a lock file invites a race
between a waiter on the old file and a newcomer on a new one).

While held, the file records the run: its process id (first line), its run id (which every
temporary file of the run carries, see :mod:`debtdesk.atomic`) and the folders it writes in.
A run that ends, however it fails, removes its own temporaries and empties the file. A run
that was killed leaves its record; the next run to take the lock says so, removes exactly that
run's temporaries in exactly those folders, and nothing else: never another run's files, never a tree's ``*.part``.

Headless regeneration runs on Linux (and macOS); ``fcntl`` is POSIX-only.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from debtdesk.atomic import TEMPORARY, in_run, new_run_id
from debtdesk.errors import DebtDeskError

LOCK_NAME = ".debtdesk.lock"
#: Seconds between attempts while waiting for the lock.
POLL = 0.1
DOCUMENTS = " documents"


@dataclass
class Record:
    """What a lock file says about the run that holds (or held) it."""

    pid: int | None = None
    run: str = ""
    folders: list[Path] = field(default_factory=list)

    def text(self) -> str:
        """The lock file's content.

        >>> print(Record(42, "0badc0de", [Path("/srv/out")]).text(), end="")
        42
        run 0badc0de
        folder /srv/out
        """
        return "".join([f"{self.pid}\n", f"run {self.run}\n", *(f"folder {f}\n" for f in self.folders)])

    @classmethod
    def parse(cls, text: str) -> "Record":
        """A record from a lock file's text (an older DebtDesk wrote the pid alone).

        >>> Record.parse("42\\nrun 0badc0de\\nfolder /srv/out\\n").folders
        [PosixPath('/srv/out')]
        """
        record = cls()
        for number, line in enumerate(text.splitlines()):
            key, _, value = line.partition(" ")
            if number == 0 and key.isdigit():
                record.pid = int(key)
            elif key == "run":
                record.run = value
            elif key == "folder" and value:
                record.folders.append(Path(value))
        return record


@contextlib.contextmanager
def folder_lock(folder: str | Path, wait: float = 0.0, folders: Iterable[str | Path] = (),
                notify: Callable[[str], None] = lambda message: None) -> Iterator[Path]:
    """Hold the run lock of ``folder`` (created if missing) for the ``with`` block.

    Within the block temporaries are named after a new run id (:func:`debtdesk.atomic.in_run`).

    Parameters
    ----------
    folder : str or Path
        The output folder the run writes.
    wait : float
        Seconds to wait for another run to finish; 0 refuses at once.
    folders : iterable of str or Path
        Other folders the run writes in (their ``* documents`` subfolders included); ``folder``
        always is one. Recorded so that, if this run is killed, the next removes its temporaries there.
    notify : callable
        Called with a one-line message when the previous run was killed and its leftovers are removed.

    Yields
    ------
    Path
        The lock file.

    Raises
    ------
    DebtDeskError
        When another process holds the lock after ``wait`` seconds; the message names
        the folder and the holder's process id. Nothing in the folder is changed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with folder_lock(folder) as lock:
    ...     with folder_lock(folder):
    ...         pass
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: output folder: ... is in use by another DebtDesk run (pid ...); nothing was written — wait for it to finish, or give --wait-lock SECONDS to wait for it
    >>> with folder_lock(folder) as lock:  # released when the block ended
    ...     lock.name
    '.debtdesk.lock'
    """
    if wait < 0:
        raise DebtDeskError("--wait-lock", f"{wait:g} must be 0 or more seconds")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        _acquire(fd, folder, path, wait)
        killed = Record.parse(os.pread(fd, 1 << 24, 0).decode("utf-8", "replace"))
        if killed.run:
            removed = remove_leftovers(killed)
            notify(f"the last run in {folder} (pid {killed.pid}, run {killed.run}) ended without finishing; "
                   f"removed its {len(removed)} temporary file(s) and took over the lock")
        with in_run(new_run_id()) as run:
            mine = Record(os.getpid(), run, _distinct([folder.resolve(), *(Path(f).resolve() for f in folders)]))
            _rewrite(fd, mine.text())
            try:
                yield path
            finally:
                remove_leftovers(mine)  # what an exception left (normally nothing)
                _rewrite(fd, "")
    finally:
        os.close(fd)  # releases the flock


def remove_leftovers(record: Record) -> list[Path]:
    """Delete what the run ``record`` describes left behind: its temporary files in its folders
    (and their ``* documents`` subfolders). Returns the temporary files removed.

    Only names carrying the run's id are touched.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp()); (folder / "C-1 documents").mkdir()
    >>> for name in (".C-1.xlsx.0badc0de-x1y2.part", "C-1 documents/.C-1 Visa.docx.0badc0de-k9.part",
    ...              ".C-2.xlsx.feedf00d-q1.part", "C-1.xlsx", "notes.part"):
    ...     (folder / name).touch()
    >>> sorted(p.name for p in remove_leftovers(Record(1, "0badc0de", [folder])))
    ['.C-1 Visa.docx.0badc0de-k9.part', '.C-1.xlsx.0badc0de-x1y2.part']
    >>> sorted(p.name for p in folder.rglob("*") if p.is_file())  # another run's temporary stays
    ['.C-2.xlsx.feedf00d-q1.part', 'C-1.xlsx', 'notes.part']
    """
    if not record.run:
        return []
    removed = []
    for folder in _with_documents(record.folders):
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                match = TEMPORARY.match(entry.name)
                if match and match["run"] == record.run and entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(entry.path)
                        removed.append(Path(entry.path))
    return removed


def holder(path: str | Path) -> int | None:
    """The process id written in a lock file, or None when it holds none (or is unreadable)."""
    try:
        return Record.parse(Path(path).read_text()).pid
    except OSError:
        return None


def _acquire(fd: int, folder: Path, path: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                break
            time.sleep(POLL)
    pid = holder(path)
    who = f"pid {pid}" if pid else "pid not yet recorded"
    if pid and not _alive(pid):
        others = sorted(_processes_holding(path))
        who = (f"pid {pid}, which has ended; " + (f"pid {', '.join(map(str, others))} it started still hold the lock"
                                                  if others else "a process it started still holds the lock"))
    after = f" after waiting {wait:g} s" if wait else ""
    advice = "" if wait else ", or give --wait-lock SECONDS to wait for it"
    raise DebtDeskError("output folder", f"{folder} is in use by another DebtDesk run ({who}){after}; "
                        f"nothing was written — wait for it to finish{advice}")


def _rewrite(fd: int, text: str) -> None:
    os.ftruncate(fd, 0)
    os.pwrite(fd, text.encode("utf-8"), 0)
    os.fsync(fd)


def _distinct(paths: Iterable[Path]) -> list[Path]:
    return list(dict.fromkeys(paths))


def _with_documents(folders: Iterable[Path]) -> Iterator[Path]:
    """The folders and the ``* documents`` folders in them (where letters are written)."""
    for folder in folders:
        yield folder
        with contextlib.suppress(OSError):
            yield from (Path(e.path) for e in os.scandir(folder)
                        if e.name.endswith(DOCUMENTS) and e.is_dir(follow_symlinks=False))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _processes_holding(path: Path) -> list[int]:
    """Processes with ``path`` open (Linux ``/proc``; none elsewhere)."""
    target = os.stat(path)
    found = []
    for fd in Path("/proc").glob("[0-9]*/fd/*"):
        with contextlib.suppress(OSError):
            st = os.stat(fd)
            if (st.st_dev, st.st_ino) == (target.st_dev, target.st_ino):
                found.append(int(fd.parent.parent.name))
    return sorted(set(found) - {os.getpid()})
