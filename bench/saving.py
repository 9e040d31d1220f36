"""Saving regenerated workbooks, this checkout's code against ``--before``'s (default main), in one process.

``python -m bench saving`` times :meth:`FileBook.save` of one regenerated client workbook opened
from its file (the splice into the firm's package) and of a fresh collections workbook of a
ledger big enough that its tables are kept as columns, each book built by its own code and the
two saved in turns (CPU time, best of N); then compares every workbook both saved cell for cell
(:func:`bench.outputs.differences`), the journal's clock frozen.
"""

from __future__ import annotations

import importlib
import tempfile
import time
from pathlib import Path

from bench.__main__ import frozen, ledger, previous, timed
from bench.outputs import differences
from bench.writers import own_writer


def bench_saving(quick: bool, rev: str = "main") -> list[str]:
    """Save times and sameness of a spliced client workbook and a fresh collections workbook, ours vs ``rev``."""
    folder = Path(tempfile.mkdtemp())
    rows = 5_000 if quick else 20_000
    frame = ledger(rows, rows // 20)
    frame["Invoice Date"], frame["Due Date"] = frame["Invoice Date"].dt.date, frame["Due Date"].dt.date
    books: dict[str, dict] = {}
    for label, package in (("after", importlib.import_module("debtdesk")), ("before", previous(rev))):
        mod = frozen(package)
        run, template = mod("macros.registry").run, mod("workbooks.template")
        samples = mod("workbooks.samples")
        source = template.client_workbook(samples.sample_clients()[0]).save(folder / label / "in" / "C-1001.xlsx")
        client = mod("workbooks.filebook").FileBook(source)
        run("regenerate", client)
        big = template.collections_workbook(frame, "2026-11-01")
        run("regenerate", big)
        books[label] = {"client": client, "collections": big, "package": package}
    lines = []
    for kind, repeat in (("client", 5 if quick else 20), ("collections", 1 if quick else 2)):
        out = {label: folder / label / f"{kind}.xlsx" for label in books}
        def save(label: str, kind: str = kind, out: dict = out) -> None:
            with own_writer(books[label]["package"]):  # each copy saves through its own blocks.py alone
                books[label][kind].save(out[label])

        ours, old = timed(lambda: save("after"), lambda: save("before"), repeat=repeat, clock=time.process_time)
        found = differences(out["before"], out["after"])
        what = "one regenerated client workbook (C-1001, opened from its file: the splice)" if kind == "client" else \
            f"a regenerated {rows:,}-row collections workbook (fresh: openpyxl's writer, big tables kept as columns)"
        lines.append(f"save {what}: {ours * 1e3:.0f} ms of CPU, {rev} {old * 1e3:.0f} ms, ratio {ours / old:.2f}x; "
                     + ("the same cell for cell" if not found else "DIFFERS: " + "; ".join(found)))
    return lines
