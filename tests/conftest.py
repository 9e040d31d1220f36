"""Shared fixtures: the demo run once per session, and its LibreOffice-recalculated copies."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from libreoffice import recalculate, soffice  # noqa: E402


def require_libreoffice():
    """Skip without LibreOffice, except in CI where its absence is a failure."""
    if soffice() is None:
        if os.environ.get("DEBTDESK_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is required here: apt-get install -y libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed (apt-get install -y libreoffice-calc-nogui)")


@pytest.fixture(scope="session")
def demo_out(tmp_path_factory) -> Path:
    """The output folder of one `debtdesk demo` run (through the CLI entry point)."""
    from debtdesk.cli import main

    out = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def recalculated(demo_out, tmp_path_factory) -> dict[str, Path]:
    """Every demo workbook recalculated by LibreOffice: name -> recalculated copy."""
    require_libreoffice()
    files = sorted(demo_out.rglob("*.xlsx"))
    copies = recalculate(files, tmp_path_factory.mktemp("lo"))
    return {f.name: c for f, c in copies.items()}
