"""Where the test suite spends its CPU: by test file and by test, the suite's own and its child processes'.

``python -m bench.suite [PYTEST ARGS]`` runs ``pytest`` (as ``make test`` does: every core, bytecode cached)
with this module as a plugin. Each xdist worker records, for every test, the CPU time (user + system) of
its own process and of the child processes it waited for (LibreOffice, the Open XML validator, CLI runs,
pool and Dask workers) from ``getrusage``, and its whole-process total at the end (collection and
fixtures included). The report gives the wall time, the CPU of the run, the slowest files and tests,
and writes every row to ``bench/results/suite.json``.

Wall time on two cores floors at half the CPU: a suite under three minutes needs its CPU under about
340 s with the workers kept busy.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pytest

#: Where each worker writes its rows (set by :func:`main` for the pytest run it starts).
ROWS_DIR = "DEBTDESK_BENCH_SUITE_DIR"


def cpu() -> tuple[float, float]:
    """(this process's CPU seconds, its children's CPU seconds), user + system.

    Children are those it waited for, and the multiprocessing forkserver with the pool workers it forked
    and reaped (a forkserver is waited for only when this process ends, so its share would otherwise show
    outside every test).

    >>> own, children = cpu()
    >>> own > 0 and children >= 0
    True
    """
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime + _forkserver_cpu()


def _forkserver_cpu() -> float:
    """CPU seconds of this process's running forkserver and the children it has reaped (Linux), else 0."""
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError, IndexError):
        return 0.0
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime, stime, cutime, cstime


_rows: list[tuple[str, float, float]] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Time one test's set-up, call and tear-down (a fixture's cost falls to the first test that asks)."""
    before = cpu()
    yield
    after = cpu()
    _rows.append((item.nodeid, after[0] - before[0], after[1] - before[1]))


def pytest_sessionfinish(session):
    """Write this worker's rows and whole-process totals where :func:`main` reads them."""
    folder = os.environ.get(ROWS_DIR)
    if folder:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        (Path(folder) / f"{worker}.json").write_text(json.dumps({"rows": _rows, "total": cpu()}))


def report(rows: list[tuple[str, float, float]], top: int = 15) -> list[str]:
    """Lines naming the ``top`` test files and tests by CPU (own + children), largest first.

    >>> report([("tests/test_a.py::test_x", 2.0, 1.0), ("tests/test_a.py::test_y", 1.0, 0.0),
    ...         ("tests/test_b.py::test_z", 0.5, 0.0)], top=1)[1]
    '    4.0 s  own   3.0  children   1.0  tests/test_a.py (2 tests)'
    """
    files: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for node, own, children in rows:
        entry = files[node.split("::")[0]]
        entry[0] += own
        entry[1] += children
        entry[2] += 1
    lines = [f"slowest {top} files (CPU seconds):"]
    for name, (own, children, count) in sorted(files.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))[:top]:
        lines.append(f"  {own + children:5.1f} s  own {own:5.1f}  children {children:5.1f}  {name} ({count} tests)")
    lines.append(f"slowest {top} tests:")
    for node, own, children in sorted(rows, key=lambda r: -(r[1] + r[2]))[:top]:
        lines.append(f"  {own + children:5.1f} s  own {own:5.1f}  children {children:5.1f}  {node[:140]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the suite with the CPU recorder and print where its CPU went; pytest's exit status."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory(prefix="debtdesk-suite-") as folder:
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="", **{ROWS_DIR: folder})
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
        start, before = time.perf_counter(), cpu()
        status = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "bench.suite", *args], cwd=root, env=env).returncode
        wall, after = time.perf_counter() - start, cpu()
        workers = {p.stem: json.loads(p.read_text()) for p in Path(folder).glob("*.json")}
    rows = [tuple(r) for w in workers.values() for r in w["rows"]]
    total = (after[1] - before[1])  # pytest and everything under it, waited for
    in_tests = sum(r[1] + r[2] for r in rows)
    lines = [f"wall {wall:.0f} s, CPU {total:.0f} s (user + system, pytest and every child), load average "
             f"{os.getloadavg()[0]:.1f}; in tests {in_tests:.0f} s (own {sum(r[1] for r in rows):.0f}, children "
             f"{sum(r[2] for r in rows):.0f}); outside tests (collection, xdist, start-up) {total - in_tests:.0f} s",
             *report(rows)]
    print("\n".join(lines))
    out = root / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "suite.json").write_text(json.dumps({"wall": wall, "cpu": total, "workers": workers}, indent=1))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
