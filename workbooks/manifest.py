"""The run manifest: one JSON line per item, written as the run goes.

Each line records what was read and what was written (paths and SHA-256 hashes), the
status (``done``, ``skipped`` or ``failed``), the error and the duration. Lines are
appended, flushed and fsynced one at a time, so a crash loses at most the item in
flight, and ``--resume`` can trust every line it finds.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

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
        if self.path.exists():
            with open(self.path, encoding="utf-8") as handle:
                for line in handle:
                    try:
                        entry = Entry(**json.loads(line))
                    except (ValueError, TypeError):
                        continue  # a line cut short by a crash: that item simply runs again
                    self.latest[entry.input] = entry

    def write(self, entry: Entry) -> None:
        """Append one line and force it to disk before returning."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(asdict(entry), ensure_ascii=False) + "\n"
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
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
