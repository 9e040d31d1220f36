"""Money columns to whole cents at a million amounts: this code's ``to_cents_array`` against ``rev``'s, timed in turns.

    python -m bench.money_arrays            # against main
    python -m bench.money_arrays --before REV

Two ledgers' worth of amounts: written to the cent (x.xx, the usual case) and every one with a half cent
(x.xx5, as computed interest or a foreign-currency conversion gives), where each amount's cent depends on
how it is written. Each result is first checked equal to ``to_cents`` element by element on a sample.
"""

from __future__ import annotations

import argparse
import importlib
import os

import numpy as np

from bench.__main__ import previous, timed


def bench_money_arrays(rev: str = "main", rows: int = 1_000_000) -> list[str]:
    """Lines of figures: each ledger's cents by this code and by ``rev``'s, best of 5 in turns."""
    from debtdesk.money import to_cents, to_cents_array

    before = importlib.import_module(f"{previous(rev).__name__}.money").to_cents_array
    rng = np.random.default_rng(11)
    ledgers = {"to the cent (x.xx)": np.round(rng.uniform(10, 5000, rows), 2),
               "every amount a half cent (x.xx5)": (rng.integers(1_000, 5_000_000, rows) * 10 + 5) / 1000}
    lines = []
    for label, amounts in ledgers.items():
        sample = amounts[:20_000]
        assert to_cents_array(sample).tolist() == [to_cents(float(v)) for v in sample], "to_cents_array != to_cents"
        ours, old = timed(lambda: to_cents_array(amounts), lambda: before(amounts), repeat=5)
        lines.append(f"to_cents_array, {rows:,} amounts {label}: {ours * 1e3:.1f} ms; {rev} {old * 1e3:.1f} ms "
                     f"({old / ours:.0f}x); load average {os.getloadavg()[0]:.1f}")
    return lines


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="main")
    print("\n".join(bench_money_arrays(parser.parse_args().before)))
