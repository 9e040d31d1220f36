"""The collections views this stop made array-wide, each against ``rev``'s code on the same ledger state.

    python -m bench.collections_views            # 1,000,000 items / 50,000 customers
    python -m bench.collections_views 200000 --before main

The worklist (:func:`debtdesk.collections.worklist.call_list`) and the KPIs' roll rates
(:func:`debtdesk.collections.kpi.roll_rates`) take the same ledger state (its late items and
its history on two month-ends) in both versions; the results are compared first, then each is
timed in turns (best of N, CPU and wall), with the load average.
"""

from __future__ import annotations

import argparse
import importlib
import os
import time
from datetime import date

import pandas as pd

from bench.__main__ import ledger, payments_for, previous, timed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.collections_views", description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--before", default="main", metavar="REV")
    args = parser.parse_args(argv)
    import macros  # noqa: F401  (registers the macros kpis needs)
    from debtdesk.collections.kpi import roll_rates
    from debtdesk.collections.state import ledger_state
    from debtdesk.collections.worklist import call_list
    from macros.kpis import _as_detail

    old = previous(args.before)
    old_call_list = importlib.import_module(f"{old.__name__}.collections.worklist").call_list
    old_roll_rates = importlib.import_module(f"{old.__name__}.collections.kpi").roll_rates
    frame = ledger(args.rows, args.rows // 20)
    state = ledger_state(frame, date(2026, 11, 1), payments=payments_for(frame))
    previous_items, current_items = (_as_detail(state.history.items(day, state.edges), "")
                                     for day in (date(2026, 10, 1), date(2026, 11, 1)))
    pd.testing.assert_frame_equal(call_list(state), old_call_list(state), check_exact=True)
    pd.testing.assert_frame_equal(roll_rates(previous_items, current_items), old_roll_rates(previous_items, current_items),
                                  check_exact=True)
    print(f"{args.rows:,} items / {args.rows // 20:,} customers: the worklist and the roll rates equal {args.before}'s")
    for name, ours, theirs in (("worklist (call_list)", lambda: call_list(state), lambda: old_call_list(state)),
                               ("roll rates (two month-end snapshots)", lambda: roll_rates(previous_items, current_items),
                                lambda: old_roll_rates(previous_items, current_items))):
        cpu = timed(ours, theirs, repeat=5, clock=time.process_time)
        wall = timed(ours, theirs, repeat=5)
        print(f"{name}: {cpu[0] * 1e3:.0f} ms of CPU against {cpu[1] * 1e3:.0f} ms at {args.before} "
              f"({cpu[0] / cpu[1]:.2f}x); wall {wall[0] * 1e3:.0f} against {wall[1] * 1e3:.0f} ms; "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
