"""The CPU of a collections run's views over every late item, this checkout's code against another revision's.

``python -m bench.late_items ROWS [--before REV] [--rounds N]`` builds the benchmark ledger (ROWS items, one customer
per 20) with dated payments, and times in turns, best of N rounds (CPU: user + system of this process), the run's
ledger state, its late items as arrays (``late_arrays``), the worklist's ranking (``call_list``) and the dunning run
(statutory interest on every late item, payments read per item), with this checkout's code and with REV's
(``bench.previous``, default main). It checks that both give the same worklist and dunning frames. Memory is what
``python -m bench.bigledger`` measures, stage by stage.
"""

from __future__ import annotations

import argparse
import importlib
import os
import time
from datetime import date

import pandas as pd


def views(package: str, ledger: pd.DataFrame, payments: pd.DataFrame):
    """A function running ``package``'s state, late arrays, worklist and dunning on the ledger; it fills ``times``
    (CPU seconds per step) and returns the worklist and the dunning run."""
    mod = lambda name: importlib.import_module(f"{package}.{name}")  # noqa: E731
    mod("macros")
    ledger_state, dunning_run = mod("collections.state").ledger_state, mod("collections.dunning").dunning_run
    call_list, rates = mod("collections.worklist").call_list, mod("workbooks.template").REFERENCE_RATES

    def run(times: dict) -> tuple:
        out = {}
        steps = [("state", lambda: ledger_state(ledger, date(2026, 11, 1), payments=payments)),
                 ("late arrays", lambda: out["state"].late_arrays),
                 ("worklist", lambda: call_list(out["state"])),
                 ("dunning", lambda: dunning_run(out["state"], 0.08, reference_rates=rates))]
        for name, step in steps:
            start = time.process_time()
            out[name] = step()
            times[name] = min(times.get(name, float("inf")), time.process_time() - start)
        return out["worklist"], out["dunning"]
    return run


def main(argv=None) -> int:
    from bench.__main__ import ledger, payments_for, previous

    parser = argparse.ArgumentParser(prog="python -m bench.late_items", description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, nargs="?", default=200_000, help="ledger items (default 200,000)")
    parser.add_argument("--before", default="main", metavar="REV", help="the revision to compare with (default main)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds in turns (default 3)")
    args = parser.parse_args(argv)
    frame = ledger(args.rows, args.rows // 20)
    payments = payments_for(frame)
    ours, theirs = views("debtdesk", frame, payments), views(previous(args.before).__name__, frame, payments)
    load = os.getloadavg()[0]
    mine, before = {}, {}
    for _ in range(args.rounds):
        got, had = ours(mine), theirs(before)
    pd.testing.assert_frame_equal(got[0], had[0], obj="worklist")
    pd.testing.assert_frame_equal(got[1].notices, had[1].notices, obj="dunning notices")
    pd.testing.assert_frame_equal(got[1].lines, had[1].lines, obj="dunning lines")
    print(f"{args.rows:,} items, {len(payments):,} dated payments, best of {args.rounds} in turns (CPU s), load "
          f"{load:.1f} before, {os.getloadavg()[0]:.1f} after; the worklist and dunning frames the same as {args.before}'s")
    for name in mine:
        print(f"  {name:<12} {mine[name]:7.2f}  {args.before}: {before[name]:7.2f}  ({mine[name] / before[name]:.2f}x)")
    print(f"  {'all':<12} {sum(mine.values()):7.2f}  {args.before}: {sum(before.values()):7.2f}  "
          f"({sum(mine.values()) / sum(before.values()):.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
