"""Where a collections regenerate of a big ledger spends its time and memory, stage by stage.

``python -m bench.bigledger ROWS`` builds the benchmark ledger (``bench.ledger``: ROWS items, one customer
per 20), writes it as .csv, and runs what ``debtdesk regenerate --ledger`` runs in one process, with the garbage
collector set as the CLI sets it for its jobs (:func:`debtdesk.workbooks.batch.long_lived`), timing each stage: reading the ledger into the template, the run's ledger state, each Regenerate step, the journal and
the save. For each stage it prints the wall time, the CPU time (user + system), the resident memory after
it and the stage's own high-water mark (Linux: the kernel's peak is reset before each stage through
``/proc/self/clear_refs``), and the documents written so far.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path


def _status(field: str) -> int:
    """A memory field of /proc/self/status in bytes (0 where there is none)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def _reset_peak() -> None:
    """Reset the kernel's high-water mark of resident memory for this process (Linux 4.0+)."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass


class Stages:
    """Rows of (stage, wall s, CPU s, RSS after, stage peak, documents) printed as each stage ends."""

    def __init__(self, documents: Path | None = None):
        self.documents, self.rows = documents, []

    @contextmanager
    def stage(self, name: str):
        _reset_peak()
        start, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
        yield
        end = resource.getrusage(resource.RUSAGE_SELF)
        row = (name, time.perf_counter() - start, end.ru_utime + end.ru_stime - cpu.ru_utime - cpu.ru_stime,
               _status("VmRSS"), _status("VmHWM"),
               sum(1 for _ in self.documents.iterdir()) if self.documents and self.documents.exists() else 0)
        self.rows.append(row)
        print(f"{name:<16} {row[1]:8.1f} s wall {row[2]:8.1f} s CPU  RSS {row[3] / 2 ** 30:5.2f} GiB  "
              f"stage peak {row[4] / 2 ** 30:5.2f} GiB  documents {row[5]:,}", flush=True)


def regenerate_in_stages(rows: int, folder: Path, documents: bool = True, save: bool = True) -> Stages:
    """Regenerate the collections workbook of a ``rows``-row benchmark ledger, stage by stage (see the module);
    without ``documents`` the book has no documents folder, so Dunning letters writes no letters."""
    from bench.__main__ import ledger
    from debtdesk.workbooks.batch import long_lived
    from debtdesk.workbooks.documents import documents_folder
    from debtdesk.workbooks.sources import ledger_job

    frame = ledger(rows, rows // 20)
    frame["Invoice Date"], frame["Due Date"] = frame["Invoice Date"].dt.date, frame["Due Date"].dt.date
    frame.to_csv(folder / "ledger.csv", index=False)
    del frame
    job = ledger_job(folder / "ledger.csv", folder / "out", "2026-11-01")
    stages = Stages(documents_folder(job.output))
    with long_lived():  # as every job of `debtdesk regenerate` runs (in a worker, or in-process with --workers 1)
        _stages(job, stages, documents, save)
    return stages


def _stages(job, stages: Stages, documents: bool, save: bool) -> None:
    """The stages of :func:`regenerate_in_stages`, each measured by ``stages``."""
    from debtdesk.macros.collections import collections_run
    from debtdesk.macros.collections_regenerate import STEPS
    from debtdesk.macros.journal import journal
    from debtdesk.macros.snapshot import one_register
    from debtdesk.workbooks.collections_exports import collections_book

    with stages.stage("read"):
        book = collections_book(job)
        if not documents:
            book.documents_dir = None
    with one_register(book):
        with stages.stage("state"):
            run = collections_run(book)
        for name, step in STEPS.items():
            with stages.stage(name):
                step(book, run)
    with stages.stage("journal"):
        journal(book, "Regenerate", [], f"ran {', '.join(STEPS)}")
    del run
    if save:
        with stages.stage("save"):
            book.save(job.output)


def compare_with(rev: str, rows: int) -> list[str]:
    """Regenerate a ``rows``-row benchmark ledger with documents through this checkout's code and through the code
    at ``rev`` (``bench.previous``), and say how the outputs differ: the collections workbook cell for cell, each
    letter (.docx, .pdf) by its text and each e-mail draft by its bytes outside the Date and Message-ID headers."""
    import importlib
    import re

    from bench.__main__ import frozen, ledger, previous
    from bench.letters import letter_differences
    from bench.outputs import differences
    from bench.writers import own_writer

    folder = Path(tempfile.mkdtemp(prefix="bigledger-compare-"))
    frame = ledger(rows, rows // 20)
    frame["Invoice Date"], frame["Due Date"] = frame["Invoice Date"].dt.date, frame["Due Date"].dt.date
    frame.to_csv(folder / "ledger.csv", index=False)
    outputs = {}
    for label, package in (("before", previous(rev)), ("after", importlib.import_module("debtdesk"))):
        mod = frozen(package)
        job = mod("workbooks.sources").ledger_job(folder / "ledger.csv", folder / label, "2026-11-01")
        book = mod("workbooks.collections_exports").collections_book(job)
        mod("macros.registry").run("regenerate", book)
        with own_writer(package):  # each copy saves through its own blocks.py alone
            outputs[label] = (book.save(job.output), mod("workbooks.documents").documents_folder(job.output))
    (before, old_docs), (after, new_docs) = outputs["before"], outputs["after"]
    found = differences(before, after)
    letters, letter_found = letter_differences(old_docs, new_docs)
    stamp = re.compile(rb"^(Date|Message-ID): .*$", re.MULTILINE | re.IGNORECASE)
    mails = sorted(p.name for p in old_docs.glob("*.eml")) + sorted(p.name for p in new_docs.glob("*.eml"))
    mail_found = [name for name in sorted(set(mails)) if not ((old_docs / name).exists() and (new_docs / name).exists())
                  or stamp.sub(b"", (old_docs / name).read_bytes()) != stamp.sub(b"", (new_docs / name).read_bytes())]
    shutil.rmtree(folder, ignore_errors=True)
    return [f"{rows:,}-row ledger, collections.xlsx: " + ("the same cell for cell" if not found else
                                                          f"DIFFERS from {rev}: " + "; ".join(found)),
            f"{letters:,} letters (.docx, .pdf): " + ("the same text" if not letter_found else
                                                     "DIFFER: " + "; ".join(letter_found[:10])),
            f"{len(set(mails)):,} e-mail drafts: " + ("the same" if not mail_found else "DIFFER: " + "; ".join(mail_found[:10]))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bigledger", description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, nargs="?", default=50_000, help="ledger items (default 50,000)")
    parser.add_argument("--no-documents", action="store_true", help="no documents folder: the sheets without letters")
    parser.add_argument("--no-save", action="store_true", help="stop before the save")
    parser.add_argument("--compare", metavar="REV", help="compare the outputs with the code at REV instead of timing")
    parser.add_argument("--keep", action="store_true", help="keep the folder with the ledger and the outputs")
    args = parser.parse_args(argv)
    if args.compare:
        for line in compare_with(args.compare, args.rows):
            print(line, flush=True)
        return 0
    folder = Path(tempfile.mkdtemp(prefix="bigledger-"))
    start, load = time.perf_counter(), os.getloadavg()
    try:
        stages = regenerate_in_stages(args.rows, folder, not args.no_documents, not args.no_save)
        end = resource.getrusage(resource.RUSAGE_SELF)
        print(f"{args.rows:,} rows: {time.perf_counter() - start:.0f} s wall, {end.ru_utime + end.ru_stime:.0f} s CPU, "
              f"peak RSS {max(row[4] for row in stages.rows) / 2 ** 30:.2f} GiB, load average {load[0]:.1f} before, "
              f"{os.getloadavg()[0]:.1f} after", flush=True)
    finally:
        if args.keep:
            print(folder, file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
