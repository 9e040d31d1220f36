"""The distribution: every firm-facing folder imports as debtdesk.*, from the checkout and from a wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIRS = {"debtdesk.udfs": "udfs", "debtdesk.macros": "macros", "debtdesk.workbooks": "workbooks", "debtdesk.addin": "addin"}


def _declared() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_in_the_tree_is_declared():
    config = _declared()
    in_tree = {"debtdesk." + str(p.parent.relative_to(ROOT / "debtdesk")).replace(os.sep, ".")
               for p in (ROOT / "debtdesk").rglob("__init__.py") if p.parent != ROOT / "debtdesk"}
    in_tree |= {"debtdesk"} | set(PACKAGE_DIRS)
    assert set(config["packages"]) == in_tree
    assert {k: v for k, v in config["package-dir"].items() if k != "debtdesk"} == PACKAGE_DIRS


def test_engine_never_imports_excel():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "debtdesk").rglob("*.py")
                 if any(line.lstrip().startswith(("import xlwings", "from xlwings")) for line in p.read_text().splitlines())]
    assert offenders == []


def test_xlwings_is_pinned_to_one_version():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert [d for d in deps if d.startswith("xlwings")] == ["xlwings==0.37.8"]


@pytest.mark.slow
def test_built_wheel_imports_every_subpackage(tmp_path):
    """Build the wheel, install it alone into a folder, import everything from there."""
    dist = tmp_path / "dist"
    build = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                           capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    wheel = next(dist.glob("debtdesk-*.whl"))
    target = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr[-2000:]
    probe = (
        "import importlib, pathlib, sys\n"
        "names = ['debtdesk', 'debtdesk.udfs', 'debtdesk.macros', 'debtdesk.workbooks', 'debtdesk.addin',\n"
        "         'debtdesk.collections', 'debtdesk.macros.registry', 'debtdesk.workbooks.demo', 'debtdesk.addin.build']\n"
        "for n in names:\n"
        "    m = importlib.import_module(n)\n"
        "    assert pathlib.Path(m.__file__).is_relative_to(sys.argv[1]), (n, m.__file__)\n"
        "import debtdesk.udfs as u\n"
        "assert callable(u.DD_AMORTIZE) and callable(u.DD_APR)\n"
        "from debtdesk.workbooks.samples import sample_clients, sample_ledger\n"
        "assert len(sample_clients()) == 3 and len(sample_ledger()) > 0\n"
        "import importlib.resources as r\n"
        "assert r.files('debtdesk.addin').joinpath('DebtDesk.bas').is_file()\n"
        "print('ok')\n"
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    run = subprocess.run([sys.executable, "-c", probe, str(target)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert run.stdout.strip() == "ok", run.stderr[-3000:]
