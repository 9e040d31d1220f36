"""The collections reading on one thread or two, whatever the machine's load, for benchmarks that show both.

DebtDesk reads a long ledger's columns on a second thread only where a core is idle
(``debtdesk.collections._frames.beside_worth``); on a shared machine that depends on the moment, so
``python -m bench ageing`` times this code as it runs and with :func:`threads` forcing each way.

    python -m bench.beside                    # where the second thread starts to pay: 10,000 to 400,000 items
    python -m bench.beside 50000 100000 --repeat 31
"""

from __future__ import annotations

import argparse
import os
import time


def threads(count: int, fn):
    """``fn()`` with DebtDesk's column readers on ``count`` threads (2: the second thread whatever the load; 1: none)."""
    from debtdesk.collections import _frames

    saved = _frames.BESIDE_FROM, _frames.core_idle
    _frames.BESIDE_FROM = 0 if count > 1 else 2**62
    _frames.core_idle = lambda cores: True
    try:
        return fn()
    finally:
        _frames.BESIDE_FROM, _frames.core_idle = saved


def busier_thread(fn) -> tuple[float, float]:
    """CPU seconds of ``fn()`` on the caller's thread and on the thread beside (each call handed there, summed)."""
    from debtdesk.collections import _frames

    pool, beside = _frames.beside_pool(), []

    def timed_call(call, *args):
        start = time.thread_time()
        try:
            return call(*args)
        finally:
            beside.append(time.thread_time() - start)

    submit = pool.submit
    pool.submit = lambda call, *args: submit(timed_call, call, *args)
    try:
        start = time.thread_time()
        fn()
        return time.thread_time() - start, sum(beside)
    finally:
        del pool.submit


def main(argv=None) -> int:
    """Ageing of synthetic ledgers of each size on one thread and on two, in turns (best of ``--repeat``): the wall
    times, their ratio, and the CPU of each thread with two (the busier one bounds the wall time on idle cores)."""
    from bench.__main__ import ledger, timed
    from debtdesk.collections.ageing import ageing

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 25_000, 50_000, 100_000, 200_000, 400_000])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args(argv)
    for rows in args.sizes:
        frame = ledger(rows, max(rows // 20, 1))
        load = os.getloadavg()[0]
        two, one = timed(lambda: threads(2, lambda: ageing(frame, "2026-11-01")),
                         lambda: threads(1, lambda: ageing(frame, "2026-11-01")), repeat=args.repeat)
        cpu = min((busier_thread(lambda: threads(2, lambda: ageing(frame, "2026-11-01"))) for _ in range(args.repeat)),
                  key=max)
        print(f"{rows:>9,} items: one thread {one * 1e3:7.2f} ms, two {two * 1e3:7.2f} ms ({two / one:.2f}x); "
              f"with two, CPU here {cpu[0] * 1e3:.2f} ms, beside {cpu[1] * 1e3:.2f} ms; "
              f"load average {load:.1f}-{os.getloadavg()[0]:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
