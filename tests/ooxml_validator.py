"""The Open XML SDK's validator (npm ``@ooxml-tools/validate``, WebAssembly) as a test oracle.

Starting the validator costs seconds, so a test process keeps one node process running and
:func:`validate` sends it many packages at a time. Install it with ``npm ci --prefix tests/ooxml`` (``make test`` does when npm is
there; ``.ci/run`` installs Node and npm first). Without it a test skips and says why,
except in CI (``DEBTDESK_REQUIRE_LIBREOFFICE=1``), where a missing validator or one that
crashes is a failure.

Use :func:`validate_or_skip` in tests::

    errors = validate_or_skip([path_a, path_b])   # {path: [Error, ...]}
    assert errors[path_a] == []
"""

from __future__ import annotations

import atexit
import json
import os
import select
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "ooxml"
RUNNER = HERE / "validate-many.mjs"
PACKAGE = HERE / "node_modules" / "@ooxml-tools" / "validate" / "package.json"
#: The Office version whose schemas the SDK checks against.
OFFICE_VERSION = "Microsoft365"


@dataclass(frozen=True)
class Error:
    """One validation error: the SDK's id, its description, the part and the XPath of the element."""

    id: str
    description: str
    part: str
    xpath: str

    def __str__(self) -> str:
        return f"{self.part} {self.xpath}: {self.id}: {self.description}"


class ValidatorMissing(RuntimeError):
    """node or the npm package is not installed."""


class ValidatorCrashed(RuntimeError):
    """The validator failed on a file, or its process died."""


def available() -> str | None:
    """Why the validator cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed (apt-get install -y nodejs npm)"
    if not PACKAGE.exists():
        return "the validator is not installed (npm ci --prefix tests/ooxml)"
    return None


_RUNNING: list[tuple[subprocess.Popen, object]] = []


def _validator() -> tuple[subprocess.Popen, object]:
    """This test process's validator and the file its stderr goes to, started on first use and
    ended when the process exits."""
    if _RUNNING and _RUNNING[0][0].poll() is None:
        return _RUNNING[0]
    env = dict(os.environ, OOXML_OFFICE_VERSION=OFFICE_VERSION)
    stderr = tempfile.TemporaryFile("w+")  # a file, not a pipe: a chatty validator can never block on it
    process = subprocess.Popen(["node", str(RUNNER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=stderr, text=True, cwd=HERE, env=env)
    _RUNNING[:] = [(process, stderr)]
    atexit.register(_stop, process)
    return _RUNNING[0]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.stdin.close()
        process.wait(timeout=30)


def validate(paths, timeout: float = 900) -> dict[Path, list[Error]]:
    """Validate every package in ``paths`` (one request to this process's validator); errors per path ([] when valid).

    Raises ValidatorMissing when node or the package is absent, ValidatorCrashed when the
    validator could not check a file (its message says which), died or did not answer in time.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        return {}
    reason = available()
    if reason:
        raise ValidatorMissing(reason)
    process, stderr = _validator()
    process.stdin.write(json.dumps([str(p.resolve()) for p in paths]) + "\n")
    process.stdin.flush()
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    answer = process.stdout.readline() if ready else ""
    if not answer:
        process.kill()
        process.wait()
        stderr.seek(0)
        raise ValidatorCrashed(f"the validator died or gave no answer in {timeout:g} s: {stderr.read()[-2000:]}")
    found = json.loads(answer)
    out = {}
    for path in paths:
        entry = found[str(path.resolve())]
        if "crash" in entry:
            raise ValidatorCrashed(f"the validator crashed on {path.name}: {entry['crash'][:2000]}")
        out[path] = [Error(e["id"], e["description"], e["part"], e["xpath"]) for e in entry["errors"]]
    return out


def validate_or_skip(paths, timeout: float = 900) -> dict[Path, list[Error]]:
    """:func:`validate`, skipping the test when the validator is not installed (failing in CI)."""
    try:
        return validate(paths, timeout)
    except ValidatorMissing as missing:
        if os.environ.get("DEBTDESK_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(f"the Open XML validator is required in CI: {missing}")
        pytest.skip(f"Open XML validator unavailable: {missing}")
