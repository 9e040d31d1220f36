"""What a collections notice's files cost to write: this checkout's writer against the code at a revision.

``python -m bench.notice_files [N] [--before REV]`` writes N statements of account (.docx and PDF, the
dunning run's own letter) with ``write_notice`` at REV (default 21d57d4, the last code that had it: two
``atomic_path`` writes, each syncing its file
and its folder) and as this checkout's dunning run does (``letter_files.Batches``: 64 letters rendered, then
written through one ``atomic_paths``, the folder synced once a batch), in turns in one process, best of 3; it prints the
CPU and wall time a notice, the fsyncs a notice (counted, not timed: the figure that does not drift
with the machine's load) and the load average. ``--drafts`` does the same for e-mail drafts: ``write_email`` at REV
(default 7a626b1, the last code that had it) one at a time against ``Batches.add_file``, and checks that the bytes
are the same.
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


def _in_turns(writers: dict) -> dict:
    """Run each ``writers[label](folder)`` in turns, best of 3, each in a fresh folder: label -> (wall s, CPU s,
    fsyncs, what the writer returned)."""
    syncs = [0]
    real_fsync = os.fsync

    def counted(fd):
        syncs[0] += 1
        return real_fsync(fd)

    os.fsync = counted
    results: dict = {}
    try:
        for _ in range(3):
            for label, write in writers.items():
                folder = Path(tempfile.mkdtemp(prefix=f"notices-{label}-"))
                syncs[0] = 0
                start, cpu = time.perf_counter(), time.process_time()
                got = write(folder)
                wall, used = time.perf_counter() - start, time.process_time() - cpu
                shutil.rmtree(folder)
                best = results.get(label)
                results[label] = (min(wall, best[0]) if best else wall, min(used, best[1]) if best else used,
                                  syncs[0], got)
    finally:
        os.fsync = real_fsync
    return results


def _lines(results: dict, what: str, count: int, each: str, before: str) -> list[str]:
    """The before and after lines of :func:`_in_turns`'s results for ``count`` ``each``s."""
    (old_wall, old_cpu, old_syncs, _), (new_wall, new_cpu, new_syncs, _) = results["before"], results["after"]
    return [f"{count} {what}, load average {os.getloadavg()[0]:.1f}:",
            f"  {before}: {old_cpu / count * 1000:.2f} ms CPU, {old_wall / count * 1000:.2f} ms wall, "
            f"{old_syncs / count:.2f} fsyncs a {each}",
            f"  this checkout: {new_cpu / count * 1000:.2f} ms CPU, {new_wall / count * 1000:.2f} ms wall, "
            f"{new_syncs / count:.2f} fsyncs a {each} (wall {new_wall / old_wall:.2f}x)"]


def measure(notices: int = 200, before: str = "21d57d4") -> list[str]:
    """Write ``notices`` statements with the code at ``before`` and with this checkout's, in turns, best of 3."""
    import debtdesk
    from bench.__main__ import previous
    from debtdesk.workbooks.letter_files import Batches

    runs = {"before": _statement(previous(before)), "after": _statement(debtdesk)}

    def writer(label):
        letters, letter = runs[label]

        def write(folder):
            stems = [folder / letters.file_stem(i + 1, "Harbour Joinery Ltd", "statement") for i in range(notices)]
            if label == "before":
                for stem in stems:
                    letters.write_notice(stem, letter)
            else:
                queue = Batches()
                for stem in stems:
                    queue.add(stem, letter)
                queue.flush()
            assert len(list(folder.iterdir())) == 2 * notices
        return write

    return _lines(_in_turns({label: writer(label) for label in runs}), "statements (.docx + PDF)", notices, "notice",
                  before)


def measure_drafts(drafts: int = 200, before: str = "7a626b1") -> list[str]:
    """Write ``drafts`` e-mail reminders with the code at ``before`` (``write_email``: each draft synced with its
    folder) and as this checkout's dunning run does (``Batches.add_file``: the folder synced once a batch), in
    turns, best of 3; fsyncs counted, the bytes compared."""
    from bench.__main__ import previous
    from debtdesk.workbooks.letter_files import Batches
    from debtdesk.workbooks.letters import email_draft

    old = importlib.import_module(f"{previous(before).__name__}.workbooks.letters")
    args = ("Payment reminder D261127-001: £1,240.00 overdue", "Dear Priya Nair,\n\nPlease pay £1,240.00 by "
            "4 December 2026.\n\nKind regards,\nSarah Whitaker", "accounts@harbourjoinery.example",
            "accounts@pennine-office.example")

    def paths(folder):
        return [folder / f"{i + 1:05d}-Harbour-Joinery-Ltd-level1.eml" for i in range(drafts)]

    def one_at_a_time(folder):
        return {old.write_email(path, *args).name: path.read_bytes() for path in paths(folder)}

    def batched(folder):
        queue = Batches()
        written = [queue.add_file(path, email_draft(*args)) for path in paths(folder)]
        queue.flush()
        return {path.name: path.read_bytes() for path in written}

    results = _in_turns({"before": one_at_a_time, "after": batched})
    same = results["before"][3] == results["after"][3]
    return _lines(results, "e-mail drafts", drafts, "draft", before) + [f"  the same bytes: {'yes' if same else 'NO'}"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.notice_files", description=__doc__.splitlines()[0])
    parser.add_argument("notices", type=int, nargs="?", default=200, help="statements to write (default 200)")
    parser.add_argument("--before", help="the revision to compare with (default: the last code with the writer "
                        "compared: 21d57d4 for statements, write_notice; 7a626b1 for drafts, write_email)")
    parser.add_argument("--drafts", action="store_true", help="e-mail drafts instead of statements")
    args = parser.parse_args(argv)
    before = args.before or ("7a626b1" if args.drafts else "21d57d4")
    for line in (measure_drafts if args.drafts else measure)(args.notices, before):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
