"""The run manifest: one JSON line per item, written as the run goes.

Each line records what was read and what was written (paths and SHA-256 hashes), the
status (``done``, ``skipped`` or ``failed``), the error, the duration (wall time, and the CPU time
the worker spent on it) and any notes (warnings the readers gave). Lines are appended, flushed and fsynced one at a time, so a crash loses at
most the item in flight, and ``--resume`` can trust every line it finds.

A crash can tear the last line. Opening the manifest for a run (:meth:`Manifest.compact`)
rewrites it atomically to the latest line per item, which drops a torn line before anything
is appended after it and keeps a manifest that is resumed night after night from growing
without bound.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from debtdesk.atomic import atomic_path

DONE, SKIPPED, FAILED = "done", "skipped", "failed"


def sha256_file(path: str | Path) -> str | None:
    """Hex SHA-256 of a file's bytes, or None when it does not exist.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "x.txt"); _ = open(p, "wb").write(b"abc")
    >>> sha256_file(p)[:16]
    'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except FileNotFoundError:
        return None
    return digest.hexdigest()


@dataclass
class Entry:
    """One manifest line."""

    input: str
    input_sha256: str
    output: str
    output_sha256: str | None
    status: str
    error: str = ""
    duration: float = 0.0
    #: CPU seconds (user and system) the worker process spent on the item, its typesetting threads included: well
    #: under ``duration`` when the item waited (for the disk, or for a core the machine's other work held).
    cpu: float = 0.0
    #: Warnings the item's readers gave (e.g. a workbook feature openpyxl does not read).
    notes: list[str] = field(default_factory=list)


class Manifest:
    """An append-only JSONL manifest; ``latest`` holds the last entry per input.

    Examples
    --------
    >>> import tempfile, os
    >>> m = Manifest(os.path.join(tempfile.mkdtemp(), "manifest.jsonl"))
    >>> m.write(Entry("a.xlsx", "11", "out/a.xlsx", "22", DONE, duration=0.5))
    >>> Manifest(m.path).latest["a.xlsx"].output_sha256
    '22'
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.latest: dict[str, Entry] = {}
        #: Lines in the file, torn ones included.
        self.lines = 0
        if self.path.exists():
            known = {f.name for f in fields(Entry)}
            with open(self.path, encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    self.lines += 1
                    try:
                        record = json.loads(line)
                        entry = Entry(**{k: v for k, v in record.items() if k in known})
                    except (ValueError, TypeError, AttributeError):
                        continue  # a line cut short by a crash: that item simply runs again
                    self.latest.pop(entry.input, None)  # keep the order in which items were last seen
                    self.latest[entry.input] = entry

    def compact(self) -> None:
        """Rewrite the file atomically as the latest line per item (nothing else), when it holds more.

        Call it only while holding the run lock, before the run appends its lines.

        >>> import tempfile, os
        >>> m = Manifest(os.path.join(tempfile.mkdtemp(), "manifest.jsonl"))
        >>> for status in (DONE, SKIPPED, SKIPPED):
        ...     m.write(Entry("a.xlsx", "11", "out/a.xlsx", "22", status))
        >>> with open(m.path, "a") as handle:
        ...     _ = handle.write('{"input": "b.xl')  # torn by a crash
        >>> again = Manifest(m.path); again.compact()
        >>> again.lines, open(m.path).read().count("\\n"), again.latest["a.xlsx"].status
        (1, 1, 'skipped')
        """
        if self.lines == len(self.latest) and _ends_with_newline(self.path):
            return
        with atomic_path(self.path) as tmp:
            with open(tmp, "w", encoding="utf-8") as handle:
                handle.writelines(_line(entry) for entry in self.latest.values())
        self.lines = len(self.latest)

    def write(self, entry: Entry) -> None:
        """Append one line and force it to disk before returning."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(_line(entry))
            handle.flush()
            os.fsync(handle.fileno())
        self.lines += 1
        self.latest.pop(entry.input, None)
        self.latest[entry.input] = entry

    def unchanged(self, key: str, input_sha256: str, output: str | Path, in_place: bool = False) -> bool:
        """True when ``key`` was done before from the same input and its output is as written then.

        In place, the input *is* the earlier output, so its hash may equal the recorded
        output hash instead of the recorded input hash.
        """
        before = self.latest.get(key)
        if before is None or before.status not in (DONE, SKIPPED) or before.output != str(output):
            return False
        seen = {before.input_sha256} | ({before.output_sha256} if in_place else set())
        return input_sha256 in seen and sha256_file(output) == before.output_sha256


def _line(entry: Entry) -> str:
    return json.dumps(asdict(entry), ensure_ascii=False) + "\n"


def _ends_with_newline(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            handle.seek(-1, os.SEEK_END)
            return handle.read(1) == b"\n"
    except OSError:  # empty or missing
        return True
