"""Atomic file output: write beside the target, flush to disk, then rename over it.

A reader (or a crash) sees either the old file or the complete new one, never a
half-written file. Used by every writer in DebtDesk.

The temporary file is ``.<target name>.<run id>-<random>.part``: hidden, and carrying the id of
the run that made it (:func:`in_run`), so a later run can remove exactly the temporaries of a
run that was killed, and never anything else. A file that is replaced keeps its permission bits
(a client's 0600 workbook stays 0600) and, where the system allows, its owner and group.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import tempfile
from contextvars import ContextVar
from pathlib import Path
from typing import Callable, Iterator, Sequence

#: The id of the run this process works for (set with :func:`in_run`); a process outside any run
#: (the ribbon, a script) gets one of its own.
_RUN: ContextVar[str] = ContextVar("debtdesk_run", default=secrets.token_hex(4))
#: Checks to make just before a target is replaced: resolved target -> check(temporary, target).
_CHECKS: ContextVar[dict[Path, Callable[[Path, Path], None]]] = ContextVar("debtdesk_checks", default={})
#: A temporary of :func:`atomic_path`; group ``run`` is the id of the run that made it.
TEMPORARY = re.compile(r"^\..+\.(?P<run>[0-9a-f]{8})-[^./]+\.part$")


def new_run_id() -> str:
    """A fresh run id: 8 hex digits.

    >>> len(new_run_id()), new_run_id() != new_run_id()
    (8, True)
    """
    return secrets.token_hex(4)


def run_id() -> str:
    """The id temporaries are named with here and now."""
    return _RUN.get()


@contextlib.contextmanager
def in_run(run: str) -> Iterator[str]:
    """Name the temporaries written within the block (in this thread or task) after ``run``.

    >>> import tempfile, pathlib
    >>> with in_run("0123abcd"), atomic_path(pathlib.Path(tempfile.mkdtemp()) / "x.txt") as tmp:
    ...     TEMPORARY.match(tmp.name)["run"]
    '0123abcd'
    """
    if not re.fullmatch(r"[0-9a-f]{8}", run):
        raise ValueError(f"run id {run!r} is not 8 hex digits")
    token = _RUN.set(run)
    try:
        yield run
    finally:
        _RUN.reset(token)


@contextlib.contextmanager
def before_replacing(target: str | Path, check: Callable[[Path, Path], None]) -> Iterator[None]:
    """Within the block, :func:`atomic_path` calls ``check(temporary, target)`` just before it
    renames the finished temporary over ``target``; an exception from it leaves ``target`` as it is.

    Used to refuse overwriting a file someone changed meanwhile (the check re-hashes it).
    """
    checks = dict(_CHECKS.get())
    checks[Path(target).resolve()] = check
    token = _CHECKS.set(checks)
    try:
        yield
    finally:
        _CHECKS.reset(token)


@contextlib.contextmanager
def atomic_paths(targets: Sequence[str | Path]) -> Iterator[list[Path]]:
    """:func:`atomic_path` for several files written together: on success each replaces its target
    and each folder is synced once (not once a file); an exception while they are written touches no target.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_paths([folder / "a.docx", folder / "a.pdf"]) as (docx, pdf):
    ...     _ = docx.write_text("letter"), pdf.write_text("%PDF-")
    >>> sorted(p.name for p in folder.iterdir())
    ['a.docx', 'a.pdf']
    """
    targets = [Path(t) for t in targets]
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(atomic_path(target, sync_folder=False)) for target in targets]
    for folder in dict.fromkeys(target.parent for target in targets):
        _fsync_dir(folder)


@contextlib.contextmanager
def atomic_path(target: str | Path, exclusive: bool = False, sync_folder: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``.

    On any exception the temporary file is removed and ``target`` is untouched.

    Parameters
    ----------
    target : str or Path
        The file to write.
    exclusive : bool
        Never replace an existing ``target``: raise :class:`FileExistsError` instead (backups).
    sync_folder : bool
        Sync the folder after the rename (False: the caller does, once for many files; :func:`atomic_paths`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "report.txt"
    >>> with atomic_path(out) as tmp:
    ...     _ = tmp.write_text("done")
    >>> out.read_text()
    'done'
    >>> with atomic_path(out, exclusive=True) as tmp:
    ...     _ = tmp.write_text("again")
    Traceback (most recent call last):
    ...
    FileExistsError: [Errno 17] File exists: ...
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.{run_id()}-", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    tmp.chmod(0o666 & ~_umask())  # an ordinary file to share, not mkstemp's owner-only 0600
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        _keep_ownership(tmp, target)
        check = _CHECKS.get().get(target.resolve())
        if check is not None:
            check(tmp, target)
        if exclusive:
            _link(tmp, target)
        else:
            os.replace(tmp, target)
        if sync_folder:
            _fsync_dir(target.parent)
    finally:
        tmp.unlink(missing_ok=True)


def _keep_ownership(tmp: Path, target: Path) -> None:
    """Give ``tmp`` the permission bits, owner and group of the ``target`` it will replace, where
    the system allows (only root may give a file away; a member of the group may keep the group)."""
    try:
        before = target.stat()
    except FileNotFoundError:
        return
    os.chmod(tmp, before.st_mode & 0o7777)
    now = tmp.stat()
    if (now.st_uid, now.st_gid) != (before.st_uid, before.st_gid):
        for uid in (before.st_uid, -1):
            with contextlib.suppress(PermissionError):
                os.chown(tmp, uid, before.st_gid)
                break
        os.chmod(tmp, before.st_mode & 0o7777)  # chown clears set-id bits


def _link(tmp: Path, target: Path) -> None:
    """Put ``tmp`` in place as ``target`` only if no ``target`` exists (never overwrites)."""
    try:
        os.link(tmp, target)
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV):
            raise
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # file systems without hard links
        os.replace(tmp, target)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
