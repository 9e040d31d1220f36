"""One DebtDesk run per output folder: an advisory lock on ``DIR/.debtdesk.lock``.

Two regeneration runs writing the same folder at once would interleave manifest lines
and overwrite each other's workbooks. :func:`folder_lock` takes an exclusive
``fcntl.flock`` on a lock file in the folder for the whole run. The operating system
releases a ``flock`` when the process holding it ends, however it ends, so a run killed
with SIGKILL never leaves a stale lock behind: the next run simply gets it. The file
itself stays (deleting a lock file invites a race between a waiter on the old file and
a newcomer on a new one); it holds the holder's process id while held, nothing after.

While the lock is held no other DebtDesk run writes in the folder, so any ``.part``
file found there was left by a run that was killed between creating its temporary file
and renaming it into place (:func:`debtdesk.atomic.atomic_path`). Those are removed as
soon as the lock is taken: they are never outputs, only the debris of an interrupted
write whose target kept its previous content.

Headless regeneration runs on Linux (and macOS); ``fcntl`` is POSIX-only.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path
from typing import Iterator

from debtdesk.errors import DebtDeskError

LOCK_NAME = ".debtdesk.lock"
#: Temporary files of :func:`debtdesk.atomic.atomic_path`: ``.<target name>.<random>.part``.
PART_PATTERN = ".*.part"
#: Seconds between attempts while waiting for the lock.
POLL = 0.1


@contextlib.contextmanager
def folder_lock(folder: str | Path, wait: float = 0.0) -> Iterator[Path]:
    """Hold the run lock of ``folder`` (created if missing) for the ``with`` block.

    Parameters
    ----------
    folder : str or Path
        The output folder the run writes.
    wait : float
        Seconds to wait for another run to finish; 0 refuses at once.

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
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        _acquire(fd, folder, path, wait)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            remove_stale_parts(folder)
            yield path
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the flock


def remove_stale_parts(folder: str | Path) -> list[Path]:
    """Delete the ``.part`` files under ``folder`` left by killed runs; returns them.

    Call only while holding :func:`folder_lock` (which does so itself).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp()); (folder / "docs").mkdir()
    >>> (folder / ".C-1.xlsx.x1y2.part").touch(); (folder / "docs" / ".a.docx.k9.part").touch()
    >>> (folder / "C-1.xlsx").touch(); (folder / "notes.part").touch()  # not DebtDesk's temporaries
    >>> sorted(p.name for p in remove_stale_parts(folder))
    ['.C-1.xlsx.x1y2.part', '.a.docx.k9.part']
    >>> sorted(p.name for p in folder.rglob("*") if p.is_file())
    ['C-1.xlsx', 'notes.part']
    """
    removed = []
    for part in Path(folder).rglob(PART_PATTERN):
        if part.is_file():
            part.unlink(missing_ok=True)
            removed.append(part)
    return removed


def holder(path: str | Path) -> int | None:
    """The process id written in a lock file, or None when it holds none (or is unreadable)."""
    try:
        return int(Path(path).read_text().strip())
    except (OSError, ValueError):
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
    after = f" after waiting {wait:g} s" if wait else ""
    advice = "" if wait else ", or give --wait-lock SECONDS to wait for it"
    raise DebtDeskError("output folder", f"{folder} is in use by another DebtDesk run ({who}){after}; "
                        f"nothing was written — wait for it to finish{advice}")
