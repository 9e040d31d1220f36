"""Reading a client workbook's tables back, as the corpus test and a headless run do: open it, read the tables.

``python -m bench.table_reads [--rounds N] [--before REV]`` makes a corpus-like workbook (a firm's own budget
workbook from tests/corpus with DebtDesk's client sheets added, saved and refreshed in place, as the corpus test's
session does), then opens it with :class:`~debtdesk.workbooks.filebook.FileBook` and reads the six client tables the
corpus test compares, with this checkout's code and with ``REV``'s (default ``main``, exported beside it by
:func:`bench.__main__.previous`), in turns, ``N`` rounds (default 7). It reports the best and median CPU time (user +
system of this process), the best wall time, their ratios, how many times each side loaded the file whole with
``openpyxl.load_workbook`` and whether both read the same frames. The load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from unittest import mock

#: The client tables the corpus test compares with DebtDesk's own workbook.
TABLES = ("Assessment", "Budget", "Schedule", "Plan", "Compare", "Progress")
#: The firm's workbook DebtDesk's client sheets are added to.
FIRM = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "poi-simple-monthly-budget.xlsx"


def client_workbook(folder: Path) -> Path:
    """The firm's workbook after an adviser's session: the client's inputs added, saved, regenerated in place."""
    from debtdesk.workbooks.filebook import FileBook
    from debtdesk.workbooks.regenerate import refresh_in_place
    from debtdesk.workbooks.samples import sample_clients
    from debtdesk.workbooks.template import client_workbook as add_client

    path = shutil.copyfile(FIRM, folder / FIRM.name)
    book = FileBook(path)
    add_client(sample_clients()[0], book=book)
    book.save(path)
    refresh_in_place(path)
    return Path(path)


def reader(package, path: Path):
    """A function reading :data:`TABLES` from ``path`` with ``package``'s code: (CPU s, wall s, whole loads, frames)."""
    import openpyxl

    FileBook = importlib.import_module(f"{package.__name__}.workbooks.filebook").FileBook

    def read():
        with mock.patch.object(openpyxl, "load_workbook", wraps=openpyxl.load_workbook) as loads:
            cpu, wall = time.process_time(), time.perf_counter()
            book = FileBook(path)
            frames = {name: book.read_table(name) for name in TABLES}
            return time.process_time() - cpu, time.perf_counter() - wall, loads.call_count, frames
    return read


def measure(rounds: int = 7, before: str = "main") -> list[str]:
    """Best CPU and wall of ours and ``before``'s, ratios, whole-file loads, and whether the frames are the same."""
    import pandas as pd

    from bench.__main__ import previous

    folder = Path(tempfile.mkdtemp(prefix="debtdesk-table-reads-"))
    path = client_workbook(folder)
    size = path.stat().st_size
    readers = {"after": reader(importlib.import_module("debtdesk"), path), "before": reader(previous(before), path)}
    runs: dict[str, list] = {label: [] for label in readers}
    for _ in range(rounds):
        for label, read in readers.items():
            runs[label].append(read())
    (cpu, wall), (old_cpu, old_wall) = ((min(r[0] for r in runs[k]), min(r[1] for r in runs[k])) for k in ("after", "before"))
    middle, old_middle = (statistics.median(r[0] for r in runs[k]) for k in ("after", "before"))
    frames, old_frames = runs["after"][-1][3], runs["before"][-1][3]
    different = []
    for name in TABLES:
        try:
            pd.testing.assert_frame_equal(frames[name], old_frames[name])
        except AssertionError:
            different.append(name)
    shutil.rmtree(folder, ignore_errors=True)
    return [f"{FIRM.name} with a client's sheets ({size / 1024:.0f} KiB): open + read "
            f"{len(TABLES)} tables, best of {rounds} in turns, this checkout against {before}",
            f"  CPU {cpu * 1e3:5.0f} ms against {old_cpu * 1e3:5.0f} ms = {cpu / old_cpu:.2f}x (medians {middle * 1e3:.0f} / "
            f"{old_middle * 1e3:.0f} = {middle / old_middle:.2f}x); wall {wall * 1e3:5.0f} against {old_wall * 1e3:5.0f} ms = "
            f"{wall / old_wall:.2f}x; openpyxl.load_workbook calls {runs['after'][-1][2]} against {runs['before'][-1][2]}; "
            + ("frames the same" if not different else f"frames differ: {', '.join(different)}"),
            f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.table_reads", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="reads by each side (best is kept)")
    parser.add_argument("--before", default="main", help="the git revision to compare with (default main)")
    args = parser.parse_args(argv)
    for line in measure(args.rounds, args.before):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
