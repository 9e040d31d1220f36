"""Run many regeneration jobs: in this process, a local process pool, or a Dask cluster.

Every backend runs the same :func:`~debtdesk.workbooks.regenerate.run_job` on the same
:class:`~debtdesk.workbooks.sources.Job` values, so the workbooks written are the same
whichever ran them. Results are written to the manifest as they arrive (one fsynced
line each); ``resume`` skips items whose input and output are as the manifest says.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Iterable, Iterator, Sequence

from debtdesk.errors import DebtDeskError
from debtdesk.workbooks.documents import collecting, convert_all, documents_folder
from debtdesk.workbooks.manifest import DONE, FAILED, SKIPPED, Entry, Manifest
from debtdesk.workbooks.regenerate import run_job
from debtdesk.workbooks.sources import Job

#: How long to wait for a Dask scheduler to answer before giving up.
CONNECT_TIMEOUT = "30s"

#: Dask settings for a cluster that runs DebtDesk jobs (``dask.config.set`` them, or put them in the
#: scheduler's and workers' dask YAML, before they start).
#:
#: Workers: by default a worker samples its task's stack every 10 ms for the dashboard's profile and
#: checks its event loop, memory and host every 20-500 ms; on a worker with one core per thread
#: those wake-ups take the GIL from the job and cost ~15-30 % of each job's wall time (0.70-1.0 s
#: against 0.54-0.65 s in a process pool, measured on the sample clients). Jobs here are ~0.5 s of
#: pure Python, so sample nothing and check rarely; the memory limit is still enforced, once a second.
#:
#: Scheduler: by default it hands a worker its next job only when the last one has reported back
#: (``worker-saturation`` 1.1), so every job waits for a round trip. The jobs are independent and
#: alike, so send them all out at once (``inf``): 1,000 clients on two workers took 611 s instead
#: of 702 s (1.76x -> 2.00x of one worker; bench/README.md).
DASK_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.worker-saturation": float("inf"),
}

#: A job with its letters' PDF conversion deferred: it returns (entry, documents to convert).
_run_job = partial(collecting, run_job)


@dataclass
class Report:
    """What a run did: the manifest entries by status."""

    done: list[Entry] = field(default_factory=list)
    skipped: list[Entry] = field(default_factory=list)
    failed: list[Entry] = field(default_factory=list)
    #: Letters (.docx) whose PDF LibreOffice did not produce (the workbooks themselves are done).
    no_pdf: list[str] = field(default_factory=list)

    def add(self, entry: Entry) -> None:
        {DONE: self.done, SKIPPED: self.skipped, FAILED: self.failed}[entry.status].append(entry)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.failed

    def summary(self) -> str:
        """One line of counts, then one line per failure with its reason.

        >>> r = Report(); r.add(Entry("a.xlsx", "1", "o/a.xlsx", None, FAILED, "Loan: needs a row 'Principal'"))
        >>> print(r.summary())
        done 0, skipped 0, failed 1
          failed a.xlsx: Loan: needs a row 'Principal'
        """
        lines = [f"done {len(self.done)}, skipped {len(self.skipped)}, failed {len(self.failed)}"]
        lines += [f"  failed {e.input}: {e.error}" for e in self.failed]
        lines += [f"  no PDF for {letter} (LibreOffice could not convert it; the .docx is there)" for letter in self.no_pdf]
        return "\n".join(lines)


def run_batch(jobs: Sequence[Job], manifest: Manifest, workers: int = 1, scheduler: str | None = None,
              resume: bool = False, progress: Callable[[Entry], None] = lambda entry: None) -> Report:
    """Run ``jobs``, writing each result to ``manifest`` and calling ``progress`` as it lands.

    Parameters
    ----------
    jobs : sequence of Job
        From :mod:`debtdesk.workbooks.sources`.
    manifest : Manifest
        Where each result is recorded (and, with ``resume``, what was done before).
    workers : int
        Local worker processes; 1 runs in this process. Ignored with ``scheduler``.
    scheduler : str, optional
        A dask.distributed scheduler address (``tcp://host:8786``); the cluster runs the jobs.
    resume : bool
        Skip jobs whose input hash and output file are unchanged since the manifest's record.

    Returns
    -------
    Report
    """
    if workers < 1:
        raise DebtDeskError("--workers", f"{workers} must be at least 1")
    report = Report()
    todo, letters = [], []
    for job in jobs:
        if resume and not job.error and manifest.unchanged(job.key, job.input_sha256, job.output, job.in_place):
            before = manifest.latest[job.key]
            entry = Entry(job.key, job.input_sha256, job.output, before.output_sha256, SKIPPED, "unchanged since last run")
            _record(entry, manifest, report, progress)
            letters += _letters_without_pdf(job)
        else:
            todo.append(job)
    with (_dask(todo, scheduler) if scheduler else _local(todo, workers)) as (results, convert):
        for entry, documents in results:
            _record(entry, manifest, report, progress)
            letters += documents
        # Letters' PDFs after the batch: one LibreOffice start-up per worker, not one per client.
        report.no_pdf = [str(d) for d in convert(letters)]
    return report


def _letters_without_pdf(job: Job) -> list[str]:
    """A finished item's letters still without their PDF: its run was killed after the item's
    manifest line and before the PDF pass, so the resumed run converts them."""
    folder = documents_folder(job.output)  # where run_job has the macros write letters
    return [str(d) for d in sorted(folder.glob("*.docx")) if not d.with_suffix(".pdf").exists()]


def _record(entry: Entry, manifest: Manifest, report: Report, progress) -> None:
    manifest.write(entry)
    report.add(entry)
    progress(entry)


#: A backend: the jobs' results as they finish, and how to convert the letters afterwards
#: (documents in, those LibreOffice did not convert out).
Backend = tuple[Iterable[tuple[Entry, list[str]]], Callable[[Sequence[str]], list]]


@contextmanager
def _local(jobs: Sequence[Job], workers: int) -> Iterator[Backend]:
    """This process (one worker) or a local process pool; letters converted here, one run per worker."""
    if workers == 1 or len(jobs) <= 1:
        yield map(_run_job, jobs), partial(convert_all, parallel=1)
    else:
        yield _pool(jobs, workers), partial(convert_all, parallel=workers)


def _pool(jobs: Sequence[Job], workers: int) -> Iterator[tuple[Entry, list[str]]]:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_run_job, job): job for job in jobs}
        for future in as_completed(futures):
            yield _result(future, futures[future])


@contextmanager
def _dask(jobs: Sequence[Job], scheduler: str) -> Iterator[Backend]:
    """The cluster runs the jobs and then converts the letters: one LibreOffice run per worker
    thread, on the workers (where the cores are), not on this client."""
    from distributed import Client

    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except OSError as error:
        raise DebtDeskError("--scheduler", f"cannot reach the Dask scheduler at {scheduler} ({error})") from None
    with client:
        yield _dask_results(client, jobs), partial(_dask_convert, client)


def _dask_results(client, jobs: Sequence[Job]) -> Iterator[tuple[Entry, list[str]]]:
    from distributed import as_completed as dask_completed

    if not jobs:
        return
    futures = client.map(_run_job, jobs, pure=False)
    owner = {f.key: job for f, job in zip(futures, jobs)}
    for future in dask_completed(futures):
        yield _result(future, owner[future.key])


def _dask_convert(client, letters: Sequence[str]) -> list[str]:
    """Letters shared out over the cluster's worker threads, each share one LibreOffice run;
    a share whose worker was lost counts as not converted."""
    parts = min(sum(client.nthreads().values()), len(letters))
    if not parts:
        return []
    shares = [list(letters[k::parts]) for k in range(parts)]
    failed = []
    for share, future in zip(shares, client.map(convert_all, shares, parallel=1, pure=False)):
        try:
            failed += future.result()
        except Exception:
            failed += share
    return failed


def _result(future, job: Job) -> tuple[Entry, list[str]]:
    """The job's entry and letters; a worker that died (killed, out of memory) fails that job only."""
    try:
        return future.result()
    except Exception as error:
        return Entry(job.key, job.input_sha256, job.output, None, FAILED,
                     f"worker lost while running it ({type(error).__name__}: {error})"), []
