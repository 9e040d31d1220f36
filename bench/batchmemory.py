"""Memory per worker as a batch grows: the pool and a Dask LocalCluster at several batch sizes.

``python -m bench.batchmemory --sizes 100 300`` copies the demo's clients to the largest size, then for each size
runs the first that many through DebtDesk's pool (2 workers) and a new 2-worker Dask LocalCluster started with
:data:`~debtdesk.workbooks.batch.DASK_CONFIG` (the nannies' ``MALLOC_TRIM_THRESHOLD_`` unset), as ``python -m bench batch`` runs its legs
(:func:`bench.batchrun.measured_run`), and prints each run's line: the largest resident memory of any worker
process, sampled every half second, beside the jobs' wall and CPU time. Flat means the largest worker is the same
at every size.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path


def worker_memory(sizes: list[int]) -> list[str]:
    """One line per backend and size (smallest first), then the load average."""
    import dask
    from distributed import LocalCluster

    from bench.batchrun import client_copies, measured_run
    from debtdesk.workbooks.batch import DASK_CONFIG
    from debtdesk.workbooks.jobs import workbook_files, workbook_jobs

    folder = Path(tempfile.mkdtemp())
    files = workbook_files([client_copies(folder / "in", max(sizes))])
    lines = []
    for size in sorted(sizes):
        out = folder / f"pool-{size}"
        lines.append(measured_run(workbook_jobs(files[:size], out), out, workers=2).line(f"{size:,} clients, pool, 2 workers"))
        with dask.config.set(DASK_CONFIG), \
                LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                             dashboard_address=None) as cluster:  # a new cluster for each size, as a run starts one
            out = folder / f"dask-{size}"
            lines.append(measured_run(workbook_jobs(files[:size], out), out, scheduler=cluster.scheduler_address)
                         .line(f"{size:,} clients, Dask, 2 workers"))
    return lines + [f"load average {os.getloadavg()[0]:.1f}"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300])
    args = parser.parse_args(argv)
    print("\n".join(worker_memory(args.sizes)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
