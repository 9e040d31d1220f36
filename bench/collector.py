"""Time in Python's cyclic garbage collector during DebtDesk's long runs, under Python's thresholds and DebtDesk's.

``python -m bench.collector WORKLOAD [--rows N] [--rounds R]`` runs one workload in this process under each
collector setting in turns (best of R) and prints, per setting: the CPU time (user + system), the time spent
inside the collector (measured through ``gc.callbacks``: from each collection's start to its stop), how many
collections of each generation ran, and the workload's own high-water mark of resident memory (Linux, through
``/proc/self/clear_refs``). The workloads:

- ``ledger``: the collections regenerate of an N-item benchmark ledger (``bench.bigledger``'s ledger, no documents
  folder), read, Regenerate macro and save: what ``debtdesk regenerate --ledger`` runs in its worker;
- ``refresh``: the Refresh ageing button on that collections workbook, already open (the macro alone);
- ``client``: a demo client workbook opened, regenerated and saved, again and again (``--rows`` times);
- ``udfs``: the add-in's process: ``DD_AGEING`` on a 10,000-row range and ``DD_PAYOFF`` on 20 debts called again
  and again (``--rows`` times each).

The settings (:func:`settings`): ``python`` (Python's thresholds, 700/10/10), ``long_lived`` (the batch workers'
own, :func:`debtdesk.workbooks.batch.long_lived`) and ``tests`` (the test processes' 10,000/20/20, nothing frozen).
For ``udfs`` the collector's time is also split between making each call's lists (what xlwings does before a
``DD_*`` function runs) and the calls themselves.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench.bigledger import _reset_peak, _status

PYTHON = (700, 10, 10)


class CollectorClock:
    """Seconds spent inside the cyclic collector and collections per generation, while installed."""

    def __init__(self):
        self.seconds, self.counts, self._start = 0.0, [0, 0, 0], 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start
            self.counts[info["generation"]] += 1

    @contextmanager
    def installed(self):
        gc.callbacks.append(self)
        try:
            yield self
        finally:
            gc.callbacks.remove(self)


@contextmanager
def python_defaults():
    """Python's own thresholds, nothing frozen (what a process gets unless told otherwise)."""
    before = gc.get_threshold()
    gc.set_threshold(*PYTHON)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def thresholds(*young_old):
    """Only the thresholds changed, for the whole process (the test processes' 10,000/20/20 by default)."""
    before = gc.get_threshold()
    gc.set_threshold(*(young_old or (10_000, 20, 20)))
    try:
        yield
    finally:
        gc.set_threshold(*before)


def settings() -> dict:
    """python: Python's thresholds; long_lived: the batch workers' setting; tests: the test processes'."""
    from debtdesk.workbooks.batch import long_lived

    return {"python": python_defaults, "long_lived": long_lived, "tests": thresholds}


def workload(name: str, rows: int, folder: Path):
    """(prepare, run): ``prepare()`` makes what one round needs outside the measured part; ``run(prepared)`` is
    measured."""
    from debtdesk.macros.registry import run

    if name in ("ledger", "refresh"):
        from bench.__main__ import ledger
        from debtdesk.workbooks.collections_exports import collections_book
        from debtdesk.workbooks.sources import ledger_job

        frame = ledger(rows, rows // 20)
        frame["Invoice Date"], frame["Due Date"] = frame["Invoice Date"].dt.date, frame["Due Date"].dt.date
        frame.to_csv(folder / "ledger.csv", index=False)
        del frame
        job = ledger_job(folder / "ledger.csv", folder / "out", "2026-11-01")

        def book():
            made = collections_book(job)
            made.documents_dir = None
            return made

        if name == "ledger":
            def regenerate(_):
                made = book()
                run("regenerate", made)
                made.save(job.output)
            return (lambda: None), regenerate
        return book, lambda made: run("refresh_ageing", made)
    if name == "client":
        from debtdesk.workbooks.filebook import FileBook
        from debtdesk.workbooks.samples import sample_clients
        from debtdesk.workbooks.template import client_workbook

        source = client_workbook(sample_clients()[0]).save(folder / "in" / "C-1001.xlsx")

        def clients(_):
            for _ in range(rows):
                made = FileBook(source, documents_dir=folder / "letters")
                run("regenerate", made)
                made.save(folder / "out" / "C-1001.xlsx")
        return (lambda: None), clients
    if name == "udfs":
        from datetime import datetime

        from bench.__main__ import ledger, twenty_debts
        from debtdesk.udfs.collections import DD_AGEING
        from debtdesk.udfs.payoff import DD_PAYOFF

        debts = twenty_debts()  # the ranges `python -m bench udfs` times, as Excel hands them over
        budget = float(debts["Minimum"].sum() * 1.6)
        cells = [list(debts.columns)] + debts.astype(object).values.tolist()
        frame = ledger(10_000, 500)
        frame["Paid"] = frame["Paid"].where(frame["Paid"] > 0)
        sheet = [list(frame.columns)] + [[c, i, d.to_pydatetime(), u.to_pydatetime(), a, None if p != p else p]
                                         for c, i, d, u, a, p in frame.itertuples(index=False, name=None)]
        as_of = datetime(2026, 11, 1)

        def calls(_):
            making = CollectorClock()
            for _ in range(rows):  # each call gets new lists, as xlwings makes them from the range each time
                with making.installed():
                    ranges = [list(row) for row in sheet], [list(row) for row in cells]
                DD_AGEING(ranges[0], as_of)
                DD_PAYOFF(ranges[1], budget)
                del ranges
            return f"collector while making the calls' lists {making.seconds:.2f} s"
        return (lambda: None), calls
    raise SystemExit(f"unknown workload {name!r}: ledger, refresh, client or udfs")


def measure(name: str, rows: int, rounds: int, only: list[str] | None = None) -> list[str]:
    """Each setting's best CPU, its collector time in that round, collections by generation and stage peak."""
    folder = Path(tempfile.mkdtemp(prefix="collector-"))
    try:
        prepare, body = workload(name, rows, folder)
        chosen = {k: v for k, v in settings().items() if not only or k in only}
        best: dict[str, tuple] = {}
        for _ in range(rounds):
            for label, setting in chosen.items():
                prepared = prepare()
                gc.collect()
                _reset_peak()
                clock = CollectorClock()
                with setting(), clock.installed():
                    start, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
                    note = body(prepared)
                    end = resource.getrusage(resource.RUSAGE_SELF)
                    wall = time.perf_counter() - start
                seconds = end.ru_utime + end.ru_stime - cpu.ru_utime - cpu.ru_stime
                row = (seconds, clock.seconds, tuple(clock.counts), _status("VmHWM"), wall)
                if label not in best or row[0] < best[label][0]:
                    best[label] = row
                del prepared
                print(f"  {label:<10} {seconds:7.2f} s CPU, collector {clock.seconds:6.2f} s "
                      f"({clock.seconds / seconds:5.1%}), collections {clock.counts}, peak {row[3] / 2 ** 30:.2f} GiB"
                      + (f"; {note}" if note else ""), flush=True)
        base = best.get("python")
        lines = []
        for label, (seconds, collector, counts, peak, wall) in best.items():
            ratio = f", {seconds / base[0]:.3f}x python's CPU" if base and label != "python" else ""
            lines.append(f"{name} ({rows:,}): {label:<10} best {seconds:7.2f} s CPU ({wall:.1f} s wall), collector "
                         f"{collector:6.2f} s ({collector / seconds:5.1%}), collections {list(counts)}, "
                         f"peak {peak / 2 ** 30:.2f} GiB{ratio}")
        lines.append(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        return lines
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.collector", description=__doc__.splitlines()[0])
    parser.add_argument("workload", choices=("ledger", "refresh", "client", "udfs"))
    parser.add_argument("--rows", type=int, default=200_000,
                        help="ledger items (ledger, refresh) or repetitions (client, udfs); default 200,000")
    parser.add_argument("--rounds", type=int, default=2, help="rounds in turns; each setting's best is kept")
    parser.add_argument("--only", nargs="*", help="settings to run (python, long_lived, tests)")
    args = parser.parse_args(argv)
    for line in measure(args.workload, args.rows, args.rounds, args.only):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
