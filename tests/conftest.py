"""Shared fixtures: the demo run once per test run, and its LibreOffice-recalculated copies.

`make test` runs the suite on pytest-xdist workers (one per core). A fixture that costs seconds
and is only read (the demo, its recalculated copies, the corpus after DebtDesk's sessions) is
made once per run by :func:`once`, whichever worker asks first; the others wait for it and read
the same files.
"""

from __future__ import annotations

import fcntl
import gc
import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from libreoffice import recalculate, soffice  # noqa: E402

#: The cyclic garbage collector's thresholds in a test process: a young collection every 10,000 new container
#: objects rather than Python's 700, and each older generation once every 20 of the one below (Python: 10). pandas and
#: openpyxl make containers by the million, and with Python's defaults a test process spent ~12 % of its CPU
#: collecting (a run of seven of the suite's files: 4.3 s of 34; with these 1.0 s). Only when cyclic garbage is
#: freed changes; what DebtDesk computes and writes does not.
GC_THRESHOLDS = (10_000, 20, 20)


def pytest_configure(config):
    gc.set_threshold(*GC_THRESHOLDS)


def require_libreoffice():
    """Skip without LibreOffice, except in CI where its absence is a failure."""
    if soffice() is None:
        if os.environ.get("DEBTDESK_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is required here: apt-get install -y libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed (apt-get install -y libreoffice-calc-nogui)")


def once(tmp_path_factory, name: str, make) -> Path:
    """The folder ``make(folder)`` fills, made once per test run however many xdist workers ask.

    The first worker to ask fills it in a folder all the run's workers share, under an exclusive
    file lock (the others wait for it), and marks it done; later askers get the folder. A ``make``
    that fails leaves no mark, so the next asker makes it again and sees the failure itself.

    Example::

        folder = once(tmp_path_factory, "demo", lambda folder: main(["demo", "--out", str(folder)]))
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # a worker's base folder is inside the run's
        root = root.parent
    folder = root / f"shared-{name}"
    with open(root / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = root / f"shared-{name}.done"
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def demo_out(tmp_path_factory) -> Path:
    """The output folder of one `debtdesk demo` run (through the CLI entry point), a copy per worker.

    Tests list and LibreOffice opens (and locks) the files of this folder, so each worker reads its
    own copy of the one run.
    """
    from debtdesk.cli import main

    def make(folder: Path) -> None:
        assert main(["demo", "--out", str(folder)]) == 0

    out = tmp_path_factory.mktemp("demo")
    shutil.copytree(once(tmp_path_factory, "demo", make), out, dirs_exist_ok=True)
    return out


@pytest.fixture(scope="session")
def recalculated(demo_out, tmp_path_factory) -> dict[str, Path]:
    """Every demo workbook recalculated by LibreOffice (once per run): name -> recalculated copy."""
    require_libreoffice()
    files = sorted(demo_out.rglob("*.xlsx"))
    folder = once(tmp_path_factory, "demo-recalculated", lambda folder: recalculate(files, folder))
    return {f.name: folder / "recalculated" / f.name for f in files}


def pytest_collection_modifyitems(items):
    """Modules with a test marked ``slow`` run first on every xdist worker, each module's tests kept together and in order.

    xdist's worksteal hands each of the W workers a contiguous 1/W of the list, then lets an idle worker take tests
    from the end of another's queue. So the slow modules are dealt round the workers, each at the head of its share
    (``PYTEST_XDIST_WORKER_COUNT``; the same order on every worker): what is left at the end is short tests that
    balance the workers, not a corpus check, a SIGKILL test or a validator run that one worker runs alone while
    the other's core waits. The slow modules that use the Open XML validator (the corpus, most of the slow CPU) go to
    the first worker together, so one validator process starts and warms up (~3 s of CPU), not one a worker; the
    other slow modules are dealt round the other workers.
    """
    slow = list(dict.fromkeys(item.module.__name__ for item in items if item.get_closest_marker("slow")))
    validating = {item.module.__name__ for item in items if hasattr(item.module, "validate_or_skip")}
    workers = max(int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")), 1)
    others = [m for m in slow if m not in validating]
    heads = [validating & set(slow)] + [set(others[w - 1::workers - 1]) for w in range(1, workers)]
    heads[0] |= set(others) - set().union(*heads[1:])  # one worker: all of them
    dealt = [[item for item in items if item.module.__name__ in head] for head in heads]
    rest = [item for item in items if item.module.__name__ not in slow]
    order, start = [], 0
    for w, heads in enumerate(dealt):
        share = (len(items) - len(order)) // (workers - w)  # what worksteal sends worker w at the start
        take = max(share - len(heads), 0)
        order += heads + rest[start:start + take]
        start += take
    items[:] = order + rest[start:]
