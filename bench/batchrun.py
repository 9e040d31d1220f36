"""One batch run measured from outside: wall time, the jobs' own time, and the workers' memory.

:func:`measured_run` runs :func:`debtdesk.workbooks.batch.run_batch` while a thread samples the
resident memory (RSS) of every process below this one (pool workers and their fork server, or a
Dask cluster's nannies and workers) every half second, so a batch whose workers grow with the
number of clients shows it: compare the largest worker at 100 clients with the largest at 1,000.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Measured:
    """What one run took."""

    #: Wall time of the whole run, seconds.
    wall: float
    #: Sum of the jobs' own durations (each entry's ``duration``), seconds.
    jobs: float
    #: Sum of the CPU time the workers spent on the jobs (each entry's ``cpu``), seconds: the jobs' own time less
    #: this is time a job spent off the CPU inside its worker (the disk, or other work holding the cores).
    jobs_cpu: float
    #: Clients done.
    done: int
    #: Largest resident memory of any one process below this one during the run, bytes (0 in-process).
    worker_rss: int
    #: This process's resident memory at the end, bytes.
    own_rss: int
    #: CPU time of this process during the run (in a Dask LocalCluster: the scheduler and the client), seconds.
    own_cpu: float
    #: CPU time of the processes below this one as last seen (workers), seconds.
    workers_cpu: float

    def line(self, label: str) -> str:
        worker = f", largest worker {self.worker_rss / 2 ** 20:.0f} MiB" if self.worker_rss else ""
        return (f"{label}: {self.wall:.1f} s ({self.done / self.wall:.2f} clients/s), jobs' own time "
                f"{self.jobs / self.done * 1e3:.0f} ms a client (CPU {self.jobs_cpu / self.done * 1e3:.0f} ms)"
                f"{worker}; CPU a client: this process "
                f"{self.own_cpu / self.done * 1e3:.1f} ms, workers {self.workers_cpu / self.done * 1e3:.0f} ms; "
                f"this process {self.own_rss / 2 ** 20:.0f} MiB")


def client_copies(folder: Path, count: int) -> Path:
    """``count`` client workbooks in ``folder``, the demo's clients in turn under new ids (``C-00000``, ...);
    returns ``folder``."""
    import copy

    from debtdesk.workbooks.samples import sample_clients
    from debtdesk.workbooks.template import client_workbook

    base = sample_clients()
    for k in range(count):
        client = copy.deepcopy(base[k % len(base)])
        client["id"] = f"C-{k:05d}"
        client_workbook(client).save(folder / f"{client['id']}.xlsx")
    return folder


def measured_run(jobs, out: Path, **how) -> Measured:
    """Run ``jobs`` into ``out`` as ``run_batch(**how)`` does, every client done, and measure it."""
    import psutil

    from debtdesk.workbooks.batch import run_batch
    from debtdesk.workbooks.manifest import Manifest

    me = psutil.Process()
    peak = [0]
    cpu: dict[int, float] = {}
    stop = threading.Event()

    def sample():
        while not stop.wait(0.5):
            for child in me.children(recursive=True):
                try:
                    with child.oneshot():
                        peak[0] = max(peak[0], child.memory_info().rss)
                        times = child.cpu_times()
                        cpu[child.pid] = times.user + times.system
                except psutil.Error:
                    pass

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start, own = time.perf_counter(), time.process_time()
    try:
        report = run_batch(jobs, Manifest(out / "manifest.jsonl"), **how)
    finally:
        stop.set()
        sampler.join()
    wall, own = time.perf_counter() - start, time.process_time() - own
    assert report.ok and len(report.done) == len(jobs), report.summary()
    letters, pdfs = len(list(out.glob("*/*.docx"))), len(list(out.glob("*/*.pdf")))
    assert pdfs == letters > 0, "every letter has its PDF"
    return Measured(wall, sum(e.duration or 0 for e in report.done), sum(e.cpu or 0 for e in report.done),
                    len(report.done), peak[0], me.memory_info().rss, own, sum(cpu.values()))
