"""Run many regeneration jobs: in this process, a local process pool, or a Dask cluster.

Every backend runs the same :func:`~debtdesk.workbooks.regenerate.run_job` on the same
:class:`~debtdesk.workbooks.jobs.Job` values, so the workbooks written are the same
whichever ran them. Results are written to the manifest as they arrive (one fsynced
line each); ``resume`` skips items whose input and output are as the manifest says.

Every job runs under the run's :class:`Guards`: its run id (which names its temporary files),
the workbook size limits, and in a local pool a memory cap per worker process. The local pool
is DebtDesk's own (:class:`WorkerPool`): its workers start from a fork server (so they never
hold the run lock or anything else of the main process), die with the main process, and one
that dies (killed, out of memory) fails only the job it was running: a new worker takes its
place and the rest of the batch goes on.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from multiprocessing.connection import wait
from typing import Callable, Iterable, Iterator, Sequence

from typing import TYPE_CHECKING

from debtdesk.atomic import in_run, run_id
from debtdesk.errors import DebtDeskError
from debtdesk.workbooks.limits import DEFAULT, Limits, applying
from debtdesk.workbooks.manifest import DONE, FAILED, SKIPPED, Entry, Manifest

if TYPE_CHECKING:  # the jobs' code (pandas, openpyxl, the macros) is imported where jobs run
    from debtdesk.workbooks.jobs import Job

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
#: alike, so send out every job it has at once (``inf``): 1,000 clients on two workers took 611 s instead
#: of 702 s (1.76x -> 2.00x of one worker; bench/README.md). It has only :data:`DASK_AHEAD` per worker
#: thread at a time (:func:`_dask_results`), so each worker holds the chunk it runs and the next.
#:
#: Nannies: by default a nanny starts its worker with ``MALLOC_TRIM_THRESHOLD_=65536``, so the C allocator gives
#: memory back to the system whenever 64 KiB are free at the top of its heap, and the next allocation takes it back
#: page by page: ~1,100-1,500 page faults a client and 3-6 ms of system CPU where a pool worker (the allocator's own
#: adaptive threshold) has ~30 and 4 ms. Left unset (None), a Dask worker allocates as a pool worker does. (A nanny also
#: sets the variable in the process that starts it, so a later cluster started there inherits it: set this before
#: the first.)
#:
#: Workers import DebtDesk's job code as they start (the preload, :func:`debtdesk.workbooks.dask_worker.dask_setup`),
#: as pool workers have it from their fork server, not inside the first jobs they are given.
DASK_CONFIG = {
    "distributed.worker.preload": ["debtdesk.workbooks.dask_worker"],
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.worker-saturation": float("inf"),
}

#: Tasks (chunks of jobs) a Dask cluster is given at a time per worker thread: the one it runs and the next, at
#: hand when it finishes. The rest wait here, so the scheduler tracks a few tasks instead of the whole batch.
DASK_AHEAD = 2
#: Jobs in one Dask task at most. Each task costs the scheduler and the client in the main process ~5-12 ms (the
#: pool's round trip ~1 ms); a chunk of 8 brings that near the pool's, and :func:`_chunk_size` shrinks chunks
#: towards the end so that no worker is left with a long last chunk while the other waits.
DASK_CHUNK = 8
#: Seconds between looks at how many threads the cluster has (workers may join or leave during a run).
WINDOW_CHECK = 5.0

#: Allocations between young garbage collections in a worker (:func:`long_lived`; Python's default is 700).
YOUNG = 20_000

#: Modules a fork-server worker has imported before it is forked (each worker then starts at once).
PRELOAD = ["debtdesk.workbooks.batch", "debtdesk.workbooks.regenerate", "debtdesk.macros.workbook",
           "debtdesk.workbooks.template", "debtdesk.workbooks.proposals", "debtdesk.workbooks.letters"]


def warm_up() -> None:
    """Start the pool's fork server now, importing :data:`PRELOAD`, while this process goes on
    (reading inputs, taking the lock): the workers are then ready when the jobs are."""
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)
    forkserver.ensure_running()
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Guards:
    """What every job of a run runs under.

    Parameters
    ----------
    run : str
        The run id that names the run's temporary files (:func:`debtdesk.atomic.in_run`); the
        current one when empty.
    limits : Limits
        Workbook size limits (:mod:`debtdesk.workbooks.limits`).
    memory : int, optional
        Bytes of address space each local worker process may use (``RLIMIT_AS``); None: no cap.
    """

    run: str = ""
    limits: Limits = DEFAULT
    memory: int | None = None


def guarded(guards: Guards, job: Job) -> Entry:
    """Run one job (its workbook, and its letters as .docx and PDF) under ``guards``, then collect what it left
    (:func:`long_lived`); returns its entry. Module-level so a pool or a Dask worker can run it."""
    from debtdesk.workbooks.regenerate import run_job

    try:
        with in_run(guards.run or run_id()), applying(guards.limits):
            return run_job(job)
    finally:
        gc.collect()  # what the job left in reference cycles (its workbook), now: see long_lived


@dataclass
class Report:
    """What a run did: the manifest entries by status, and what people should know."""

    done: list[Entry] = field(default_factory=list)
    skipped: list[Entry] = field(default_factory=list)
    failed: list[Entry] = field(default_factory=list)
    #: One-line notices about the run (a worker replaced, ...).
    notes: list[str] = field(default_factory=list)

    def add(self, entry: Entry) -> None:
        {DONE: self.done, SKIPPED: self.skipped, FAILED: self.failed}[entry.status].append(entry)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.failed

    def summary(self) -> str:
        """One line of counts, then one line per failure with its reason, then notes.

        >>> r = Report(); r.add(Entry("a.xlsx", "1", "o/a.xlsx", None, FAILED, "Loan: needs a row 'Principal'"))
        >>> r.add(Entry("b\\nc.xlsx", "1", "o/b.xlsx", "2", DONE, notes=["Data Validation extension is not supported"]))
        >>> print(r.summary())
        done 1, skipped 0, failed 1
          failed a.xlsx: Loan: needs a row 'Principal'
          note b\\nc.xlsx: Data Validation extension is not supported
        """
        lines = [f"done {len(self.done)}, skipped {len(self.skipped)}, failed {len(self.failed)}"]
        lines += [f"  failed {printable(e.input)}: {printable(e.error)}" for e in self.failed]
        lines += [f"  note {printable(e.input)}: {printable(note)}"
                  for e in self.done + self.skipped + self.failed for note in e.notes]
        lines += [f"  {printable(note)}" for note in self.notes]
        return "\n".join(lines)


def printable(text: str) -> str:
    """``text`` on one line: control characters shown as escapes, so a hostile name cannot break
    a log line or move a terminal's cursor.

    >>> printable("C-1\\x1b[2J\\n"), printable("Zoë")
    ('C-1\\\\x1b[2J\\\\n', 'Zoë')
    """
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(text))


def run_batch(jobs: Sequence[Job], manifest: Manifest, workers: int = 1, scheduler: str | None = None,
              resume: bool = False, progress: Callable[[Entry], None] = lambda entry: None,
              guards: Guards | None = None, report: Report | None = None) -> Report:
    """Run ``jobs``, writing each result to ``manifest`` and calling ``progress`` as it lands.

    Parameters
    ----------
    jobs : sequence of Job
        From :mod:`debtdesk.workbooks.sources`.
    manifest : Manifest
        Where each result is recorded (and, with ``resume``, what was done before). It is
        compacted first (:meth:`Manifest.compact`); hold the run lock.
    workers : int
        Local worker processes; 1 runs in this process. Ignored with ``scheduler``.
    scheduler : str, optional
        A dask.distributed scheduler address (``tcp://host:8786``); the cluster runs the jobs.
    resume : bool
        Skip jobs whose input hash and output file are unchanged since the manifest's record.
    guards : Guards, optional
        What every job runs under (run id, limits, memory cap).
    report : Report, optional
        The report to fill; give one to keep what was done if the run stops with an error.

    Returns
    -------
    Report
    """
    if workers < 1:
        raise DebtDeskError("--workers", f"{workers} must be at least 1")
    guards = guards or Guards()
    report = report if report is not None else Report()
    manifest.compact()
    todo = []
    for job in jobs:
        if resume and not job.error and manifest.unchanged(job.key, job.input_sha256, job.output, job.in_place):
            before = manifest.latest[job.key]
            entry = Entry(job.key, job.input_sha256, job.output, before.output_sha256, SKIPPED, "unchanged since last run")
            _record(entry, manifest, report, progress)
        else:
            todo.append(job)
    with (_dask(todo, scheduler, guards) if scheduler else _local(todo, workers, guards)) as results:
        for entry in results:
            _record(entry, manifest, report, progress)
    return report


def _record(entry: Entry, manifest: Manifest, report: Report, progress) -> None:
    manifest.write(entry)
    report.add(entry)
    progress(entry)


@contextmanager
def _local(jobs: Sequence[Job], workers: int, guards: Guards) -> Iterator[Iterable[Entry]]:
    """This process (``workers`` 1) or DebtDesk's pool, as many workers as jobs at most (a single job
    too runs in a worker: under the memory cap, and a crash there fails it, not the run)."""
    guards = Guards(guards.run or run_id(), guards.limits, guards.memory)
    if workers == 1 or not jobs:
        with long_lived():
            yield map(partial(guarded, guards), jobs)
    else:
        with WorkerPool(min(workers, len(jobs)), guards) as pool:
            yield pool.run(jobs)


class WorkerPool:
    """Local worker processes, each running one job at a time under the run's :class:`Guards`.

    Unlike :class:`concurrent.futures.ProcessPoolExecutor`, a worker that dies breaks nothing
    but its own job: that job fails with the reason (the signal, and the memory cap when one is
    set), a new worker takes its place, and every other job runs. Workers are forked from a
    fork server (no lock, thread or file of the main process is inherited), and each asks the
    kernel to kill it when its parent dies, so none outlives a killed run.

    Examples
    --------
    >>> from debtdesk.workbooks.jobs import Job
    >>> with WorkerPool(2, Guards()) as pool:
    ...     [entry.error for entry in pool.run([Job("x", "client", "", "", error="refused")])]
    ['data: refused']
    """

    def __init__(self, workers: int, guards: Guards):
        self.guards = guards
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(PRELOAD)
        self.workers: list[_Worker] = []
        self.size = workers

    def __enter__(self) -> "WorkerPool":
        self.workers = [self._start() for _ in range(self.size)]
        return self

    def __exit__(self, *exc) -> None:
        for worker in self.workers:
            worker.stop(force=exc[0] is not None)

    def run(self, jobs: Sequence[Job]) -> Iterator[Entry]:
        """Each job's entry as it finishes; a worker's death fails only its job."""
        queue = deque(jobs)
        while queue or any(w.job is not None for w in self.workers):
            for k, worker in enumerate(self.workers):
                if worker.job is None and queue:
                    if not worker.give(queue[0]):  # it died between jobs: nothing of a job was lost
                        worker.stop(force=True)
                        self.workers[k] = worker = self._start()
                        worker.give(queue[0])
                    queue.popleft()
            busy = [w for w in self.workers if w.job is not None]
            ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy])
            for worker in busy:
                if worker.connection in ready and worker.connection.poll():
                    try:
                        result = worker.take()
                    except (EOFError, OSError):  # it died while answering
                        result = None
                    if result is not None:
                        yield result
                        continue
                if worker.process.sentinel in ready or not worker.process.is_alive():
                    job, reason = worker.job, self._death(worker)
                    self.workers[self.workers.index(worker)] = self._start()  # the rest go on
                    yield Entry(job.key, job.input_sha256, job.output, None, FAILED,
                                f"the worker process running it died ({reason}); --resume runs it again")

    def _start(self) -> "_Worker":
        mine, theirs = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(theirs, self.guards), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, mine)

    def _death(self, worker: "_Worker") -> str:
        worker.process.join(5)
        code = worker.process.exitcode
        worker.stop(force=True)
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            if -code == signal.SIGKILL:
                return f"killed by {name}: by hand, or by the system when memory ran out"
            if -code in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS) and self.guards.memory:
                return (f"killed by {name}, most likely out of its memory limit of {_gib(self.guards.memory)} "
                        "(--worker-memory)")
            return f"killed by {name}"
        return f"exit code {code}"


@dataclass(eq=False)  # a worker is itself, whatever job it holds
class _Worker:
    process: multiprocessing.Process
    connection: object
    job: Job | None = None

    def give(self, job: Job) -> bool:
        """Send ``job``; False when the worker is gone."""
        try:
            self.connection.send(job)
        except OSError:
            return False
        self.job = job
        return True

    def take(self) -> Entry:
        result = self.connection.recv()
        self.job = None
        return result

    def stop(self, force: bool = False) -> None:
        try:
            if not force and self.process.is_alive():
                self.connection.send(None)
        except OSError:
            force = True
        self.process.join(None if not force else 0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


def _serve(connection, guards: Guards) -> None:
    """A pool worker: die with the parent, cap memory, then run jobs until told to stop."""
    import resource  # POSIX: workers run where regeneration runs, on Linux and macOS

    _die_with_parent()
    if guards.memory:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = guards.memory if hard == resource.RLIM_INFINITY else min(guards.memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    with long_lived():
        while True:
            try:
                job = connection.recv()
            except (EOFError, OSError):
                return  # the main process is gone
            if job is None:
                return
            connection.send(guarded(guards, job))


@contextmanager
def long_lived() -> Iterator[None]:
    """Within the block, Python's cyclic garbage collector leaves alone what is alive as it starts (the modules
    DebtDesk, pandas and openpyxl loaded, about 90,000 objects), looks only at what the jobs make, and looks at the
    youngest objects every :data:`YOUNG` allocations instead of every 700; :func:`guarded` collects what each job
    left once it is done.

    A client's workbook leaves ~18,000 objects in reference cycles (openpyxl's cells and their sheet). Left to the
    collector, they were promoted while the job ran, so full collections ran every few clients, each walking the
    modules too (~40 ms each, ~20 ms a client; frozen, ~14 ms), and the young ones walked the live workbook ~25
    times a client. Collected once after each job (one full collection of one client's leftovers) with young
    collections 30 times rarer, the collector costs ~6 ms a client, and a worker's memory is back where it was
    after every job. The objects are unfrozen and the collector's thresholds restored after the block.

    >>> before = gc.get_threshold()
    >>> with long_lived():
    ...     gc.get_freeze_count() > 0, gc.get_threshold()[0]
    (True, 20000)
    >>> gc.get_freeze_count(), gc.get_threshold() == before
    (0, True)
    """
    gc.collect()
    gc.freeze()
    thresholds = gc.get_threshold()
    gc.set_threshold(YOUNG, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent ends (no-op elsewhere)."""
    import ctypes
    import ctypes.util

    parent = os.getppid()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _gib(size: int) -> str:
    return f"{size / 2 ** 30:.1f} GiB"


@contextmanager
def _dask(jobs: Sequence[Job], scheduler: str, guards: Guards) -> Iterator[Iterable[Entry]]:
    """The cluster runs the jobs, letters included, on its workers (where the cores are)."""
    from distributed import Client

    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except OSError as error:
        raise DebtDeskError("--scheduler", f"cannot reach the Dask scheduler at {scheduler} ({error})") from None
    guards = Guards(guards.run or run_id(), guards.limits, None)  # Dask manages its memory
    with client:
        from debtdesk.workbooks.dask_worker import LongLived

        client.register_plugin(LongLived())
        yield _dask_results(client, jobs, guards)


def _dask_results(client, jobs: Sequence[Job], guards: Guards) -> Iterator[Entry]:
    """Each job's entry as its chunk finishes, with :data:`DASK_AHEAD` chunks per worker thread in the cluster at a
    time (:func:`_chunk_size` jobs each): a worker always has its next chunk at hand, the scheduler tracks a few
    tasks instead of the whole batch, and a finished chunk's results are released as soon as they are recorded
    (memory stays flat as the batch grows).

    Within a chunk each job is run on its own (:func:`guarded_chunk`), so a job that fails fails alone. A task that
    fails as a whole (its worker was lost: killed, out of memory) has its jobs run again one at a time with nothing
    else in the cluster; a job that then fails on its own is the one that failed, and only it is reported failed."""
    from distributed import as_completed as dask_completed

    run, waiting, left, owner = partial(guarded_chunk, guards), iter(jobs), len(jobs), {}
    suspects: deque[Job] = deque()  # jobs of a task that failed as a whole, each to be run again alone

    def submit(chunks: int, flowing) -> None:
        nonlocal left
        if suspects:  # one at a time, once the cluster is empty: a failure then is the job's own
            if not flowing.count():
                chunk = [suspects.popleft()]
                future = client.submit(run, chunk, pure=False)
                owner[future.key] = (chunk, True)
                flowing.add(future)
            return
        for _ in range(max(chunks, 0)):
            chunk = list(islice(waiting, _chunk_size(left, window)))
            if not chunk:
                return
            left -= len(chunk)
            future = client.submit(run, chunk, pure=False)
            owner[future.key] = (chunk, False)
            flowing.add(future)

    window, checked = _window(client), time.monotonic()
    flowing = dask_completed(with_results=True, raise_errors=False)
    submit(window, flowing)
    for future, result in flowing:
        chunk, alone = owner.pop(future.key)
        if future.status == "finished":
            yield from result
        elif alone:
            yield _lost(chunk[0], future.exception())
        else:
            suspects.extend(chunk)
        future.release()
        if time.monotonic() - checked > WINDOW_CHECK:  # workers may have joined or left
            window, checked = _window(client), time.monotonic()
        submit(window - flowing.count(), flowing)


def guarded_chunk(guards: Guards, jobs: Sequence[Job]) -> list[Entry]:
    """:func:`guarded` for each of ``jobs`` in turn, each on its own (one job's failure is its entry, not the
    chunk's); one Dask task runs a chunk, so the scheduler's cost is paid once for several clients.

    >>> from debtdesk.workbooks.jobs import Job
    >>> [e.error for e in guarded_chunk(Guards(), [Job("a", "client", "", "", error="refused"), Job("b", "x", "", "")])]
    ['data: refused', "job: kind 'x' is not workbook, client or collections"]
    """
    return [guarded(guards, job) for job in jobs]


def _chunk_size(left: int, window: int) -> int:
    """Jobs in the next Dask task: :data:`DASK_CHUNK`, fewer as the batch nears its end (each of the ``window``
    tasks in the cluster gets at most half of a fair share of the ``left`` jobs), so the workers finish together.

    >>> _chunk_size(1000, 4), _chunk_size(40, 4), _chunk_size(9, 4), _chunk_size(3, 4)
    (8, 5, 1, 1)
    """
    return max(1, min(DASK_CHUNK, left // (2 * window)))


def _window(client) -> int:
    """Jobs to keep in the cluster: :data:`DASK_AHEAD` per worker thread (at least one thread's worth)."""
    return DASK_AHEAD * max(1, sum(client.nthreads().values()))


def _lost(job: Job, error: BaseException) -> Entry:
    """The entry of a job whose Dask task failed as a whole when it ran alone (its worker died: killed, out of memory)."""
    return Entry(job.key, job.input_sha256, job.output, None, FAILED,
                 f"worker lost while running it ({type(error).__name__}: {error})")
