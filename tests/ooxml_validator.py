"""The Open XML SDK's validator (npm ``@ooxml-tools/validate``, WebAssembly) as a test oracle.

Starting the validator costs ~10 s, so :func:`validate` checks many packages in one node
process. Install it with ``npm ci --prefix tests/ooxml`` (``make test`` does when npm is
there; ``.ci/run`` installs Node and npm first). Without it a test skips and says why,
except in CI (``DEBTDESK_REQUIRE_LIBREOFFICE=1``), where a missing validator or one that
crashes is a failure.

Use :func:`validate_or_skip` in tests::

    errors = validate_or_skip([path_a, path_b])   # {path: [Error, ...]}
    assert errors[path_a] == []
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
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


def validate(paths, timeout: float = 900) -> dict[Path, list[Error]]:
    """Validate every package in ``paths`` in one node process; errors per path ([] when valid).

    Raises ValidatorMissing when node or the package is absent, ValidatorCrashed when the
    validator could not check a file (its message says which) or died.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        return {}
    reason = available()
    if reason:
        raise ValidatorMissing(reason)
    env = dict(os.environ, OOXML_OFFICE_VERSION=OFFICE_VERSION)
    result = subprocess.run(["node", str(RUNNER)], input=json.dumps([str(p.resolve()) for p in paths]),
                            capture_output=True, text=True, timeout=timeout, cwd=HERE, env=env)
    if result.returncode != 0:
        raise ValidatorCrashed(f"the validator exited with {result.returncode}: {result.stderr[-2000:]}")
    found = json.loads(result.stdout)
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
