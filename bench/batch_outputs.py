"""Before and after, for a whole batch: every workbook and letter a batch writes, this checkout's code against ``--before``.

``python -m bench.batch_outputs --clients 100 --before main`` copies the demo's clients to ``--clients``
workbooks, regenerates them with :func:`run_batch` on one worker with this checkout's code and with the code at
``--before`` (exported beside it by :func:`bench.previous`), the journal's clock frozen in both, then compares
every output workbook cell for cell (:func:`bench.outputs.differences`) and every letter, .docx and PDF, text for
text (:func:`bench.letters.letter_differences`). The batch's own machinery (the pool, Dask, the manifest) writes
no cell, so one worker is enough to compare what a client receives.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import tempfile
from datetime import datetime
from pathlib import Path


def batch_differences(clients: int, before: str = "main") -> list[str]:
    """Lines saying what was compared and every difference found (none: outputs the same)."""
    from bench import previous
    from bench.letters import letter_differences
    from bench.outputs import differences
    from debtdesk.workbooks.samples import sample_clients
    from debtdesk.workbooks.template import client_workbook

    folder = Path(tempfile.mkdtemp())
    base = sample_clients()
    for k in range(clients):
        client = copy.deepcopy(base[k % len(base)])
        client["id"] = f"C-{k:05d}"
        client_workbook(client).save(folder / "in" / f"{client['id']}.xlsx")
    for label, package in (("after", importlib.import_module("debtdesk")), ("before", previous(before))):
        mod = lambda name: importlib.import_module(f"{package.__name__}.{name}")  # noqa: E731
        mod("macros")
        mod("macros.journal").datetime = type("Frozen", (datetime,), {"now": classmethod(lambda cls, tz=None: datetime(2026, 11, 27, 9))})
        sources, batch, manifest = mod("workbooks.sources"), mod("workbooks.batch"), mod("workbooks.manifest")
        jobs = sources.workbook_jobs(sources.workbook_files([folder / "in"]), folder / label)
        report = batch.run_batch(jobs, manifest.Manifest(folder / label / "manifest.jsonl"))
        assert report.ok and len(report.done) == clients, report.summary()
    found = []
    outputs = sorted((folder / "after").glob("*.xlsx"))
    for after in outputs:
        found += [f"{after.name}: {line}" for line in differences(folder / "before" / after.name, after)]
    compared, letters = letter_differences(folder / "before", folder / "after")
    lines = [f"{len(outputs)} workbooks compared cell for cell with {before}'s: "
             + ("the same" if not found else f"{len(found)} differences"),
             f"{compared} letters (.docx and PDF) compared text for text with {before}'s: "
             + ("the same" if not letters else f"{len(letters)} differ")]
    return lines + found[:20] + letters[:20]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--before", default="main", help="the git revision to compare with")
    args = parser.parse_args(argv)
    lines = batch_differences(args.clients, args.before)
    print("\n".join(lines))
    return 0 if all("the same" in line for line in lines[:2]) and len(lines) == 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
