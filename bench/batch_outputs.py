"""Before and after, for a whole batch: every workbook and letter a batch writes, this checkout's code against ``--before``.

``python -m bench.batch_outputs --clients 100 --before main`` copies the demo's clients to ``--clients``
workbooks, regenerates them with :func:`run_batch` on one worker with this checkout's code and with the code at
``--before`` (exported beside it by ``bench.previous``), in turns, the journal's clock frozen in both, then compares
every output workbook cell for cell (:func:`bench.outputs.differences`) and every letter, .docx and PDF, text for
text (:func:`bench.letters.letter_differences`). The batch's own machinery (the pool, Dask, the manifest) writes
no cell, so one worker is enough to compare what a client receives. The CPU time a client takes on that worker
(this process) is reported too, best of the runs.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import tempfile
import time
from pathlib import Path


def batch_differences(clients: int, before: str = "main", rounds: int = 2) -> list[str]:
    """Lines saying what was compared and every difference found (none: outputs the same), then the CPU time a
    client took in each run (``rounds`` runs of each, in turns)."""
    from bench.__main__ import frozen, previous
    from bench.batchrun import client_copies
    from bench.letters import letter_differences
    from bench.outputs import differences
    from bench.writers import own_writer

    folder = Path(tempfile.mkdtemp())
    client_copies(folder / "in", clients)
    packages = {"after": importlib.import_module("debtdesk"), "before": previous(before)}
    cpu: dict[str, list[float]] = {"after": [], "before": []}
    for turn in range(rounds):
        for label, package in packages.items():
            mod = frozen(package)
            batch, manifest = mod("workbooks.batch"), mod("workbooks.manifest")
            listing = mod("workbooks.jobs" if importlib.util.find_spec(f"{package.__name__}.workbooks.jobs")
                          else "workbooks.sources")  # where a baseline before the jobs' own module lists them
            out = folder / label / str(turn)
            jobs = listing.workbook_jobs(listing.workbook_files([folder / "in"]), out)
            start = time.process_time()
            with own_writer(package):  # each copy saves through its own blocks.py alone
                report = batch.run_batch(jobs, manifest.Manifest(out / "manifest.jsonl"))
            cpu[label].append((time.process_time() - start) / clients)
            assert report.ok and len(report.done) == clients, report.summary()
    found = []
    outputs = sorted((folder / "after" / "0").glob("*.xlsx"))
    for after in outputs:
        found += [f"{after.name}: {line}" for line in differences(folder / "before" / "0" / after.name, after)]
    compared, letters = letter_differences(folder / "before" / "0", folder / "after" / "0")
    ours, old = min(cpu["after"]), min(cpu["before"])
    lines = [f"{len(outputs)} workbooks compared cell for cell with {before}'s: "
             + ("the same" if not found else f"{len(found)} differences"),
             f"{compared} letters (.docx and PDF) compared text for text with {before}'s: "
             + ("the same" if not letters else f"{len(letters)} differ")]
    return lines + found[:20] + letters[:20] + [
        f"CPU a client on one worker (this process), best of {rounds} in turns: {ours * 1e3:.0f} ms, before ({before}) "
        f"{old * 1e3:.0f} ms, ratio {ours / old:.2f}x (each run: {_ms(cpu['after'])} against {_ms(cpu['before'])}); "
        f"load average {os.getloadavg()[0]:.1f}"]


def _ms(seconds: list[float]) -> str:
    return " ".join(f"{s * 1e3:.0f}" for s in seconds) + " ms"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--before", default="main", help="the git revision to compare with")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each, in turns (the best is reported)")
    args = parser.parse_args(argv)
    lines = batch_differences(args.clients, args.before, args.rounds)
    print("\n".join(lines))
    return 0 if all("the same" in line for line in lines[:2]) and len(lines) == 3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
