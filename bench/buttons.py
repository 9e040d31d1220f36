"""The Collections buttons a supervisor waits for, end to end: open the workbook, run the button, save.

``python -m bench.buttons [--rounds N] [--before REV] [--buttons ID ...]`` writes the demo's collections workbook
(``debtdesk demo``'s: the sample firm's inputs, regenerated), then for each button presses it on a fresh copy of that
workbook through the headless path the ribbon shares (``FileBook(path, documents_dir=...)``, ``registry.run``,
``book.save(path)``), once with this checkout's code and once with ``REV``'s (default ``main``, exported beside it by
:func:`bench.__main__.previous`), in turns, ``N`` rounds (default 5). Log contact is pressed with one contact typed into
the New contact form, as a person would.

It reports each button's best and median CPU time (user + system of this process) and best wall time for both, their
ratios, and
compares the last two saves cell for cell (:func:`bench.outputs.differences`) and the documents they wrote text for text
(.docx and PDF through :func:`bench.letters.letter_differences`, e-mail drafts byte for byte). The Journal's clock is
frozen in both copies so its lines compare too. The load average is printed with the figures: on a shared machine the
CPU times and the ratio are the figures that mean something.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

#: The buttons timed by default: what a supervisor presses during the day (Refresh is Refresh ageing).
BUTTONS = ("log_contact", "check_promises", "dunning_letters", "refresh_ageing")
#: What Log contact is pressed with: one contact typed into the New contact form's first line.
CONTACT = {"Customer": "Calder Valley Builders Ltd", "Contact Time": "2026-11-02 10:00", "Type": "conversation",
           "Consultant": "Daniel Okafor"}
_FROZEN = datetime(2026, 11, 27, 9)


def demo_workbook(folder: Path) -> Path:
    """The demo's collections workbook (``debtdesk demo`` writes it so), saved as ``folder/collections.xlsx``."""
    import debtdesk.macros  # noqa: F401  (registers the macros)
    from debtdesk.macros.registry import run
    from debtdesk.workbooks.samples import sample_collections_workbook

    book = sample_collections_workbook(documents_dir=folder / "demo documents")
    run("regenerate", book)
    return book.save(folder / "collections.xlsx")


def presser(package, source: Path, button: str, folder: Path):
    """A function pressing ``button`` with ``package``'s code on a fresh copy of ``source`` saved as ``folder/<button>.xlsx``
    (documents in ``folder/<button>``), returning (CPU seconds, wall seconds) of open + button + save."""
    from bench.writers import own_writer

    mod = lambda name: importlib.import_module(f"{package.__name__}.{name}")  # noqa: E731
    mod("macros")
    run, FileBook = mod("macros.registry").run, mod("workbooks.filebook").FileBook
    journal = mod("macros.journal")

    def press() -> tuple[float, float]:
        path = shutil.copyfile(source, folder / f"{button}.xlsx")
        documents = folder / button
        shutil.rmtree(documents, ignore_errors=True)
        saved = journal.datetime
        journal.datetime = type("Frozen", (datetime,), {"now": classmethod(lambda cls, tz=None: _FROZEN)})
        try:
            with own_writer(package):
                cpu, wall = time.process_time(), time.perf_counter()
                book = FileBook(path, documents_dir=documents)
                if button == "log_contact":
                    for letter, column in zip("ABCD", CONTACT):
                        book.write_value("New contact", f"{letter}4", CONTACT[column])
                run(button, book)
                book.save(path)
                return time.process_time() - cpu, time.perf_counter() - wall
        finally:
            journal.datetime = saved

    return press


def compare(before: Path, after: Path, button: str) -> list[str]:
    """Every difference between two presses' saved workbooks and documents (empty: the same)."""
    from bench.letters import letter_differences
    from bench.outputs import differences

    found = differences(before / f"{button}.xlsx", after / f"{button}.xlsx", limit=10)
    if (before / button).exists() or (after / button).exists():
        _, letters = letter_differences(before / button, after / button)
        found += letters
        drafts = sorted({p.name for side in (before, after) for p in (side / button).glob("*.eml")})
        found += [f"{name}: draft differs" for name in drafts
                  if not ((before / button / name).exists() and (after / button / name).exists()
                          and (before / button / name).read_bytes() == (after / button / name).read_bytes())]
    return found


def _documents(folder: Path) -> int:
    return sum(1 for p in folder.iterdir() if p.suffix in (".docx", ".pdf", ".eml")) if folder.exists() else 0


def measure(buttons=BUTTONS, rounds: int = 5, before: str = "main") -> list[str]:
    """One line per button: best CPU and wall of ours and ``before``'s, ratios, and whether outputs are the same."""
    from bench.__main__ import previous

    folder = Path(tempfile.mkdtemp(prefix="debtdesk-buttons-"))
    source = demo_workbook(folder)
    packages = {"after": importlib.import_module("debtdesk"), "before": previous(before)}
    lines = [f"the demo collections workbook ({source.stat().st_size / 1024:.0f} KiB, "
             f"{len(importlib.import_module('openpyxl').load_workbook(source, read_only=True).sheetnames)} sheets); "
             f"open + button + save, best of {rounds} in turns, this checkout against {before}"]
    for button in buttons:
        sides = {label: folder / label for label in packages}
        for side in sides.values():
            side.mkdir(exist_ok=True)
        presses = {label: presser(package, source, button, sides[label]) for label, package in packages.items()}
        times: dict[str, list[tuple[float, float]]] = {label: [] for label in packages}
        for _ in range(rounds):
            for label, press in presses.items():
                times[label].append(press())
        found = compare(sides["before"], sides["after"], button)
        (cpu, wall), (old_cpu, old_wall) = ((min(t[0] for t in times[k]), min(t[1] for t in times[k]))
                                            for k in ("after", "before"))
        middle, old_middle = (statistics.median(t[0] for t in times[k]) for k in ("after", "before"))
        documents = _documents(sides["after"] / button)
        lines.append(f"  {button:16} CPU {cpu * 1e3:5.0f} ms against {old_cpu * 1e3:5.0f} ms = {cpu / old_cpu:.2f}x "
                     f"(medians {middle * 1e3:.0f} / {old_middle * 1e3:.0f} = {middle / old_middle:.2f}x); "
                     f"wall {wall * 1e3:5.0f} against {old_wall * 1e3:5.0f} ms = {wall / old_wall:.2f}x; saved workbook"
                     + (f" and {documents} documents" if documents else "")
                     + (" the same" if not found else f": {len(found)} differences"))
        lines += [f"      {line}" for line in found]
    lines.append(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    shutil.rmtree(folder, ignore_errors=True)
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.buttons", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="presses of each button by each side (best is kept)")
    parser.add_argument("--before", default="main", help="the git revision to compare with (default main)")
    parser.add_argument("--buttons", nargs="+", default=list(BUTTONS), help=f"button ids (default: {' '.join(BUTTONS)})")
    args = parser.parse_args(argv)
    for line in measure(args.buttons, args.rounds, args.before):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
