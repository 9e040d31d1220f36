"""What a collections notice's files cost to write: this checkout's writer against the code at a revision.

``python -m bench.notice_files [N] [--before REV]`` writes N statements of account (.docx and PDF, the
dunning run's own letter) with main's ``write_notice`` (two ``atomic_path`` writes, each syncing its file
and its folder) and as this checkout's dunning run does (``letter_files.Batches``: 64 letters rendered, then
written through one ``atomic_paths``, the folder synced once a batch), in turns in one process, best of 3; it prints the
CPU and wall time a notice, the fsyncs a notice (counted, not timed: the figure that does not drift
with the machine's load) and the load average. ``--drafts`` does the same for e-mail drafts: ``write_email``
one at a time against ``Batches.add_file``, and checks that the bytes are the same.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path


def _statement(package):
    """A realistic statement of account (eight open items) built by ``package``'s own letters module."""
    import pandas as pd

    letters = importlib.import_module(f"{package.__name__}.workbooks.letters")
    firm = letters.Firm("Pennine Office Supplies Ltd", "12 Canal Street, Leeds LS1 4AB", "0113 496 0142",
                        "accounts@pennine-office.example", "Sort code 20-45-77, account 43718829", "Sarah Whitaker")
    lines = pd.DataFrame({"Date": [date(2026, 6, 2 + 3 * i) for i in range(8)],
                          "Document": [f"INV-{70410 + i}" for i in range(8)],
                          "Due Date": [date(2026, 7, 2 + 3 * i) for i in range(8)],
                          "Days overdue": [148 - 3 * i for i in range(8)],
                          "Outstanding": [1240.0, 380.5, 96.0, 2210.0, 415.2, 88.0, 1500.0, 264.75]})
    lines["Balance"] = lines["Outstanding"].cumsum()
    account = {"Customer": "Harbour Joinery Ltd", "Currency": "GBP", "Contact": "Priya Nair",
               "Address": "Unit 4, Canal Wharf, Leeds LS11 5PS", "Not yet due": 0.0, "Overdue": 6194.45,
               "Disputed": 0.0, "On account": 0.0, "Balance": 6194.45}
    return letters, letters.statement_letter(account, lines, firm, date(2026, 11, 27))


def measure(notices: int = 200, before: str = "main") -> list[str]:
    """Write ``notices`` statements with the code at ``before`` and with this checkout's, in turns, best of 3."""
    import debtdesk
    from bench.__main__ import previous

    syncs = [0]
    real_fsync = os.fsync

    def counted(fd):
        syncs[0] += 1
        return real_fsync(fd)

    os.fsync = counted
    results = {}
    try:
        runs = {"before": _statement(previous(before)), "after": _statement(debtdesk)}
        for _ in range(3):
            for label, (letters, letter) in runs.items():
                folder = Path(tempfile.mkdtemp(prefix=f"notices-{label}-"))
                stems = [folder / letters.file_stem(i + 1, "Harbour Joinery Ltd", "statement") for i in range(notices)]
                syncs[0] = 0
                start, cpu = time.perf_counter(), time.process_time()
                if label == "before":
                    for stem in stems:
                        letters.write_notice(stem, letter)
                else:
                    from debtdesk.workbooks.letter_files import Batches
                    queue = Batches()
                    for stem in stems:
                        queue.add(stem, letter)
                    queue.flush()
                wall, used = time.perf_counter() - start, time.process_time() - cpu
                assert len(list(folder.iterdir())) == 2 * notices
                shutil.rmtree(folder)
                best = results.get(label)
                results[label] = (min(wall, best[0]) if best else wall, min(used, best[1]) if best else used, syncs[0])
    finally:
        os.fsync = real_fsync
    (old_wall, old_cpu, old_syncs), (new_wall, new_cpu, new_syncs) = results["before"], results["after"]
    return [f"{notices} statements (.docx + PDF), load average {os.getloadavg()[0]:.1f}:",
            f"  {before}: {old_cpu / notices * 1000:.1f} ms CPU, {old_wall / notices * 1000:.1f} ms wall, "
            f"{old_syncs / notices:.0f} fsyncs a notice",
            f"  this checkout: {new_cpu / notices * 1000:.1f} ms CPU, {new_wall / notices * 1000:.1f} ms wall, "
            f"{new_syncs / notices:.0f} fsyncs a notice (wall {new_wall / old_wall:.2f}x)"]


def measure_drafts(drafts: int = 200, before: str = "main") -> list[str]:
    """Write ``drafts`` e-mail reminders with the code at ``before`` (``write_email``: each draft synced with its
    folder) and as this checkout's dunning run does (``Batches.add_file``: the folder synced once a batch), in
    turns, best of 3; fsyncs counted, the bytes compared."""
    import debtdesk
    from bench.__main__ import previous

    syncs = [0]
    real_fsync = os.fsync
    os.fsync = lambda fd: (syncs.__setitem__(0, syncs[0] + 1), real_fsync(fd))[1]
    args = ("Payment reminder D261127-001: £1,240.00 overdue", "Dear Priya Nair,\n\nPlease pay £1,240.00 by "
            "4 December 2026.\n\nKind regards,\nSarah Whitaker", "accounts@harbourjoinery.example",
            "accounts@pennine-office.example")
    results, written = {}, {}
    try:
        old = importlib.import_module(f"{previous(before).__name__}.workbooks.letters")
        for _ in range(3):
            for label in ("before", "after"):
                folder = Path(tempfile.mkdtemp(prefix=f"drafts-{label}-"))
                paths = [folder / f"{i + 1:05d}-Harbour-Joinery-Ltd-level1.eml" for i in range(drafts)]
                syncs[0] = 0
                start, cpu = time.perf_counter(), time.process_time()
                if label == "before":
                    for path in paths:
                        old.write_email(path, *args)
                else:
                    from debtdesk.workbooks.letter_files import Batches
                    from debtdesk.workbooks.letters import email_draft
                    queue = Batches()
                    for path in paths:
                        queue.add_file(path, email_draft(*args))
                    queue.flush()
                wall, used = time.perf_counter() - start, time.process_time() - cpu
                written[label] = {p.name: p.read_bytes() for p in paths}
                shutil.rmtree(folder)
                best = results.get(label)
                results[label] = (min(wall, best[0]) if best else wall, min(used, best[1]) if best else used, syncs[0])
    finally:
        os.fsync = real_fsync
    (old_wall, old_cpu, old_syncs), (new_wall, new_cpu, new_syncs) = results["before"], results["after"]
    return [f"{drafts} e-mail drafts, load average {os.getloadavg()[0]:.1f}; the same bytes: "
            f"{'yes' if written['before'] == written['after'] else 'NO'}",
            f"  {before}: {old_cpu / drafts * 1000:.2f} ms CPU, {old_wall / drafts * 1000:.2f} ms wall, "
            f"{old_syncs / drafts:.2f} fsyncs a draft",
            f"  this checkout: {new_cpu / drafts * 1000:.2f} ms CPU, {new_wall / drafts * 1000:.2f} ms wall, "
            f"{new_syncs / drafts:.2f} fsyncs a draft (wall {new_wall / old_wall:.2f}x)"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.notice_files", description=__doc__.splitlines()[0])
    parser.add_argument("notices", type=int, nargs="?", default=200, help="statements to write (default 200)")
    parser.add_argument("--before", default="main", help="the revision to compare with (default main)")
    parser.add_argument("--drafts", action="store_true", help="e-mail drafts instead of statements")
    args = parser.parse_args(argv)
    for line in (measure_drafts if args.drafts else measure)(args.notices, args.before):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
