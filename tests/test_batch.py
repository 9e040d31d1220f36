"""Batch regeneration: local pool and a real Dask LocalCluster give the same workbooks;
resume, failure isolation, atomic outputs, untouched inputs, in-place refreshes that keep a person's chart."""

from __future__ import annotations

import copy
import gc
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import dask
import distributed
import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from debtdesk.workbooks.batch import run_batch
from debtdesk.workbooks.manifest import Manifest, sha256_file
from debtdesk.workbooks.regenerate import run_job
from debtdesk.workbooks.samples import sample_clients
from debtdesk.workbooks.jobs import Job, workbook_files, workbook_jobs
from debtdesk.workbooks.template import client_workbook

from debtdesk.errors import DebtDeskError


def six_clients() -> list[dict]:
    """The three sample clients and three variants with other loans."""
    clients = sample_clients()
    for client in sample_clients():
        variant = copy.deepcopy(client)
        variant["id"] += "-B"
        variant["loan"]["Principal"] = client["loan"]["Principal"] * 2
        clients.append(variant)
    return clients


#: The day in a sheet's "calculated on" note (the clock's, not the case's: two runs either side of midnight differ).
CALCULATED_ON = re.compile(r"(DebtDesk calculated this on |Calculated by DebtDesk on )[^.:]+")


def values(path: Path, titles: set[str] | None = None) -> dict[str, list[tuple]]:
    """Every cell value (a formula as its text) by sheet, or only the sheets ``titles`` names; the clock blanked:
    the Journal's When column, and the day in each "calculated on" note."""
    book = openpyxl.load_workbook(path, read_only=True)
    out = {}
    for ws in book.worksheets:
        if titles is not None and ws.title not in titles:
            continue
        rows = [[CALCULATED_ON.sub(r"\1(day)", v) if isinstance(v, str) else v for v in r]
                for r in ws.iter_rows(values_only=True)]
        if ws.title == "Journal":
            for r in rows[1:]:
                r[0] = None
        out[ws.title] = [tuple(r) for r in rows]
    book.close()
    return out


def assert_same_values(got: Path, want: Path) -> None:
    """Assert ``got`` has ``want``'s sheets and, sheet by sheet, its cell values (as :func:`values` reads them).

    A sheet whose XML is byte for byte ``want``'s, in a package whose other parts (workbook, styles, shared
    strings: what a cell's value depends on) are too, has the same values without being read; only the sheets
    that differ (the Journal, whose When column is the clock) are read and compared. When any other part
    differs every sheet is read.
    """
    with zipfile.ZipFile(got) as a, zipfile.ZipFile(want) as b:
        names = a.namelist()
        assert sorted(names) == sorted(b.namelist()), got.name
        differ = {n for n in names if a.read(n) != b.read(n)}
    book = openpyxl.load_workbook(want, read_only=True)
    sheets = {ws._worksheet_path: ws.title for ws in book.worksheets}  # each sheet's part, as the package names it
    book.close()
    titles = {sheets[n] for n in differ} if differ <= sheets.keys() else None  # None: every sheet
    assert values(got, titles) == values(want, titles), got.name


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    for client in six_clients():
        client_workbook(client).save(folder / f"{client['id']}.xlsx")
    return folder


@pytest.fixture(scope="module")
def serial_run(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    report = run_batch(workbook_jobs(workbook_files([inputs]), out), Manifest(out / "manifest.jsonl"))
    return out, report


@pytest.fixture(scope="module")
def process_cluster():
    """A real Dask cluster (a worker process under its nanny) started under DebtDesk's DASK_CONFIG, as a deployment
    starts its workers, and with no retries of a task whose worker dies (so a killed worker's chunk fails at once).
    Shared by the tests that need worker processes: each worker costs about a second of CPU to start, and one is
    what these tests need (a killed one is started again by its nanny, and the batch waits for it)."""
    from debtdesk.workbooks.batch import DASK_CONFIG

    assert dask.config.get("distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_") == 65536
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)  # an earlier nanny in this process set it here too
        with dask.config.set({**DASK_CONFIG, "distributed.scheduler.allowed-failures": 0}):
            cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                               dashboard_address=None,  # no dashboard; its HTTP server on any free
                                               scheduler_kwargs={"dashboard_address": ":0"})  # port, not 8787

    with cluster:
        yield cluster


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: sha256_file(p) for p in sorted(folder.glob("*.xlsx"))}


def test_serial_run_writes_one_regenerated_workbook_per_client(serial_run, inputs):
    out, report = serial_run
    assert report.ok and len(report.done) == 6
    assert gc.get_freeze_count() == 0  # what the run kept out of full collections is the collector's again
    assert sorted(p.name for p in out.glob("*.xlsx")) == sorted(p.name for p in inputs.glob("*.xlsx"))
    sheets = openpyxl.load_workbook(out / "C-1001.xlsx", read_only=True).sheetnames
    assert "Schedule" in sheets and "Journal" in sheets
    # The schedule is the engine's: 12,000 at 8.9% over 36 months is 381.04 a month.
    assert values(out / "C-1001.xlsx", {"Schedule"})["Schedule"][3][2] == pytest.approx(381.04)  # C4
    lines = (out / "manifest.jsonl").read_text().splitlines()
    assert len(lines) == 6
    first = json.loads(lines[0])
    assert set(first) == {"input", "input_sha256", "output", "output_sha256", "status", "error", "duration", "cpu", "notes"}
    assert first["cpu"] > 0  # the CPU the worker spent on it is recorded beside its wall time
    assert first["output_sha256"] == sha256_file(first["output"]) and first["input_sha256"] == sha256_file(first["input"])


def matches_serial(serial_run, inputs: Path, out: Path, **how) -> None:
    """Run the batch ``how`` says into ``out``: every client done, the inputs byte for byte as they
    were, and every workbook's cell values equal to the serial run's."""
    before = hashes(inputs)
    report = run_batch(workbook_jobs(workbook_files([inputs]), out), Manifest(out / "m.jsonl"), **how)
    assert report.ok and len(report.done) == 6
    assert hashes(inputs) == before
    serial_out, _ = serial_run
    for path in sorted(serial_out.glob("*.xlsx")):
        assert_same_values(out / path.name, path)


def test_process_pool_matches_serial_and_leaves_inputs_untouched(serial_run, inputs, tmp_path):
    matches_serial(serial_run, inputs, tmp_path, workers=2)


def test_dask_local_cluster_matches_serial(serial_run, inputs, tmp_path, process_cluster):
    matches_serial(serial_run, inputs, tmp_path, scheduler=process_cluster.scheduler_address)


def test_dask_config_starts_workers_that_allocate_as_pool_workers(process_cluster):
    """Dask's nannies start workers with MALLOC_TRIM_THRESHOLD_=65536 (memory handed back after every client and
    faulted in again; the fixture checks that default); under DebtDesk's DASK_CONFIG a worker starts without it, as
    a pool worker does, and with DebtDesk's job code imported as it started (its preload), before any run
    registered its plugin."""
    with distributed.Client(process_cluster) as client:
        assert set(client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_")).values()) == {None}
        assert set(client.run(lambda: "debtdesk.workbooks.regenerate" in sys.modules).values()) == {True}


def test_unreachable_scheduler_is_a_clear_error(inputs, tmp_path, monkeypatch):
    monkeypatch.setattr("debtdesk.workbooks.batch.CONNECT_TIMEOUT", "2s")
    jobs = workbook_jobs(workbook_files([inputs]), tmp_path)[:1]
    with pytest.raises(DebtDeskError, match=r"--scheduler: cannot reach the Dask scheduler at tcp://127.0.0.1:1"):
        list(run_batch(jobs, Manifest(tmp_path / "m.jsonl"), scheduler="tcp://127.0.0.1:1").failed)


def test_one_bad_client_never_stops_the_rest(inputs, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(inputs, folder)
    (folder / "broken.xlsx").write_bytes(b"not a workbook at all")
    bad = sample_clients()[0]
    bad["id"], bad["loan"] = "C-BAD", {"Annual rate": 0.1, "Term (months)": 12}
    client_workbook(bad).save(folder / "C-BAD.xlsx")
    out = tmp_path / "out"
    report = run_batch(workbook_jobs(workbook_files([folder]), out), Manifest(out / "manifest.jsonl"), workers=2)
    assert len(report.done) == 6 and len(report.failed) == 2
    reasons = {Path(e.input).name: e.error for e in report.failed}
    assert "broken.xlsx is not a readable .xlsx/.xlsm workbook" in reasons["broken.xlsx"]
    assert reasons["C-BAD.xlsx"].startswith("Loan: needs a row 'Principal' with a value")
    assert not (out / "broken.xlsx").exists() and not (out / "C-BAD.xlsx").exists()
    assert "failed 2" in report.summary() and "C-BAD.xlsx: Loan: needs a row 'Principal'" in report.summary()


def test_resume_skips_unchanged_and_redoes_changed_inputs_and_tampered_outputs(inputs, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("C-1001.xlsx", "C-1002.xlsx", "C-1003.xlsx"):  # one to skip, one to change, one to tamper with
        shutil.copy2(inputs / name, folder / name)
    out = tmp_path / "out"
    first = run_batch(workbook_jobs(workbook_files([folder]), out), Manifest(out / "manifest.jsonl"))
    assert len(first.done) == 3
    again = run_batch(workbook_jobs(workbook_files([folder]), out), Manifest(out / "manifest.jsonl"), resume=True)
    assert len(again.skipped) == 3 and not again.done

    changed = sample_clients()[1]
    changed["loan"]["Principal"] = 240000
    client_workbook(changed).save(folder / "C-1002.xlsx")  # a new input
    (out / "C-1003.xlsx").write_bytes(b"tampered")  # an output no longer as written
    third = run_batch(workbook_jobs(workbook_files([folder]), out), Manifest(out / "manifest.jsonl"), resume=True)
    assert sorted(Path(e.input).name for e in third.done) == ["C-1002.xlsx", "C-1003.xlsx"]
    assert [Path(e.input).name for e in third.skipped] == ["C-1001.xlsx"]
    assert "Schedule" in openpyxl.load_workbook(out / "C-1003.xlsx", read_only=True).sheetnames  # rebuilt, readable again
    # Without --resume everything runs again.
    assert len(run_batch(workbook_jobs(workbook_files([folder]), out), Manifest(out / "manifest.jsonl")).done) == 3


def test_manifest_survives_a_line_cut_short_by_a_crash(tmp_path, inputs):
    out = tmp_path / "out"
    run_batch(workbook_jobs(workbook_files([inputs]), out)[:2], Manifest(out / "manifest.jsonl"))
    with open(out / "manifest.jsonl", "a") as handle:
        handle.write('{"input": "half a li')
    report = run_batch(workbook_jobs(workbook_files([inputs]), out)[:2], Manifest(out / "manifest.jsonl"), resume=True)
    assert len(report.skipped) == 2


def test_crash_while_saving_leaves_the_previous_output_whole(inputs, tmp_path, monkeypatch):
    job = workbook_jobs(workbook_files([inputs]), tmp_path)[0]
    assert run_job(job).status == "done"
    before = sha256_file(job.output)

    def crash(source, composed, stream, changes):
        stream.write(b"PK\x03\x04 half a zip")
        raise OSError("disk full")

    monkeypatch.setattr("debtdesk.workbooks.filebook.splice", crash)  # the writer of a workbook opened from a file
    entry = run_job(job)
    assert entry.status == "failed" and entry.error == "OSError: disk full"
    assert sha256_file(job.output) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_in_place_refresh_keeps_a_dated_backup_and_the_files_mode(inputs, tmp_path):
    target = tmp_path / "C-1001.xlsx"
    shutil.copy2(inputs / "C-1001.xlsx", target)
    target.chmod(0o600)  # client data: readable by its owner only
    original = sha256_file(target)
    report = run_batch(workbook_jobs([target], None, in_place=True), Manifest(tmp_path / "m.jsonl"))
    assert report.ok
    [backup] = tmp_path.glob("C-1001.*.bak.xlsx")  # C-1001.2026-11-27T0315.bak.xlsx: opens on a double-click
    assert sha256_file(backup) == original and openpyxl.load_workbook(backup, read_only=True).sheetnames
    assert "Schedule" in openpyxl.load_workbook(target, read_only=True).sheetnames
    assert (target.stat().st_mode & 0o777, backup.stat().st_mode & 0o777) == (0o600, 0o600)
    # A second run refreshes the refreshed file; resume knows it is the output it wrote.
    assert len(run_batch(workbook_jobs([target], None, in_place=True), Manifest(tmp_path / "m.jsonl"), resume=True).skipped) == 1
    # Without --resume it runs again: a new backup of the refreshed file, and the first is never overwritten.
    refreshed = sha256_file(target)
    assert run_batch(workbook_jobs([target], None, in_place=True), Manifest(tmp_path / "m.jsonl")).ok
    backups = sorted(tmp_path.glob("C-1001.*.bak.xlsx"))
    assert len(backups) == 2 and backup in backups
    assert sorted(sha256_file(b) for b in backups) == sorted([original, refreshed])


def test_in_place_keeps_a_persons_chart_on_an_input_sheet_byte_for_byte(inputs, tmp_path):
    target = tmp_path / "C-1001.xlsx"
    book = openpyxl.load_workbook(inputs / "C-1001.xlsx")
    ws = book["Debts"]
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=3, min_row=1, max_row=5), titles_from_data=True)
    ws.add_chart(chart, "J2")  # a person's chart on an input sheet the run does not rewrite
    book.save(target)
    original = sha256_file(target)
    with zipfile.ZipFile(target) as z:
        before = {n: z.read(n) for n in z.namelist()}
    report = run_batch(workbook_jobs([target], None, in_place=True), Manifest(tmp_path / "m.jsonl"))
    assert report.ok, report.summary()
    [backup] = tmp_path.glob("C-1001.*.bak.xlsx")
    assert sha256_file(backup) == original
    with zipfile.ZipFile(target) as z:
        after = {n: z.read(n) for n in z.namelist()}
    debts = f"xl/worksheets/sheet{book.sheetnames.index('Debts') + 1}.xml"  # as openpyxl numbered the sheets
    assert b"<drawing " in before[debts] and after[debts] == before[debts]
    assert {n: after[n] for n in before if n.startswith(("xl/charts/", "xl/drawings/"))} == \
        {n: before[n] for n in before if n.startswith(("xl/charts/", "xl/drawings/"))}
    assert "Schedule" in openpyxl.load_workbook(target, read_only=True).sheetnames


def test_refused_data_item_fails_without_running(tmp_path):
    entry = run_job(Job(key="clients.csv#X", kind="client", output=str(tmp_path / "X.xlsx"), input_sha256="",
                        error="clients.csv row 4: Client ID 'X' appears twice"))
    assert entry.status == "failed" and entry.error == "data: clients.csv row 4: Client ID 'X' appears twice"
    assert not (tmp_path / "X.xlsx").exists()


def test_bad_arguments_are_named(inputs, tmp_path):
    with pytest.raises(DebtDeskError, match=r"--workers: 0 must be at least 1"):
        run_batch([], Manifest(tmp_path / "m.jsonl"), workers=0)
    with pytest.raises(DebtDeskError, match=r"INPUT: .*nowhere.xlsx does not exist"):
        workbook_files([tmp_path / "nowhere.xlsx"])
    with pytest.raises(DebtDeskError, match=r"out: .* is the input workbook itself"):
        workbook_jobs(workbook_files([inputs]), inputs)
    twin = tmp_path / "twin"
    twin.mkdir()
    shutil.copy2(inputs / "C-1001.xlsx", twin / "C-1001.xlsx")
    with pytest.raises(DebtDeskError, match=r"would both write C-1001.xlsx"):
        workbook_jobs(workbook_files([inputs / "C-1001.xlsx", twin]), tmp_path / "out")


def test_dask_holds_a_few_chunks_at_a_time_and_reports_every_job_once():
    """A batch larger than the window: the cluster is never given more than DASK_AHEAD tasks per worker thread,
    each task a chunk of jobs, each result released once recorded, and every job reported exactly once with its
    own reason."""
    from debtdesk.workbooks.batch import DASK_AHEAD, Guards, _dask_results
    from debtdesk.workbooks.manifest import FAILED

    jobs = [Job(f"C-{k:03d}.xlsx", "client", "", "", error=f"row {k}: refused") for k in range(30)]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        held, entries, tasks = [], [], set()
        for entry in _dask_results(client, jobs, Guards()):
            held.append(sum(state.status == "pending" for state in client.futures.values()))
            tasks.update(client.futures)
            entries.append(entry)
        for _ in range(100):  # a release reaches the client's event loop a moment later
            if not client.futures:
                break
            time.sleep(0.05)
        assert not client.futures
    assert sorted(e.input for e in entries) == [job.key for job in jobs]
    assert all(e.status == FAILED and e.error == f"data: row {int(e.input[2:5])}: refused" for e in entries)
    # never more unfinished tasks than the window (2 threads); finished ones are released (checked above)
    assert 0 < max(held) <= DASK_AHEAD * 2
    assert len(tasks) < len(jobs)  # several jobs a task


def test_a_failing_client_in_a_dask_chunk_fails_alone(inputs, tmp_path, monkeypatch):
    """One task runs several clients; the one whose data is refused fails with its own reason and the others in
    its chunk are regenerated."""
    monkeypatch.setattr("debtdesk.workbooks.batch._chunk_size", lambda left, window: 4)
    good = workbook_jobs(workbook_files([inputs]), tmp_path)[:3]
    jobs = good[:1] + [Job("C-REFUSED", "client", str(tmp_path / "C-REFUSED.xlsx"), "", error="row 7: Balance 'abc' is not a number")] + good[1:]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        report = run_batch(jobs, Manifest(tmp_path / "m.jsonl"), scheduler=cluster.scheduler_address)
        assert gc.get_freeze_count() > 0  # this process's worker keeps its modules out of full collections ...
    assert gc.get_freeze_count() == 0  # ... until it closes
    assert sorted(Path(e.input).name for e in report.done) == sorted(Path(j.key).name for j in good)
    assert [(e.input, e.error) for e in report.failed] == [("C-REFUSED", "data: row 7: Balance 'abc' is not a number")]
    assert all((tmp_path / Path(j.key).name).exists() for j in good) and not (tmp_path / "C-REFUSED.xlsx").exists()


class KillsItsWorker(Job):
    """A job that SIGKILLs the Dask worker process running it, as the out-of-memory killer would (in the main
    process, outside any worker, it is an ordinary job)."""

    def __getattribute__(self, name):
        if name == "kind":
            try:
                distributed.get_worker()
            except ValueError:
                pass
            else:
                os.kill(os.getpid(), signal.SIGKILL)
        return super().__getattribute__(name)


def test_a_client_that_kills_its_dask_worker_fails_alone(inputs, tmp_path, monkeypatch, process_cluster):
    """A real worker process killed by one client of a chunk: the chunk's other clients are run again one by one and
    regenerated, and only the client that kills its worker fails, named, with the reason."""
    monkeypatch.setattr("debtdesk.workbooks.batch._chunk_size", lambda left, window: 3)
    good = workbook_jobs(workbook_files([inputs]), tmp_path)[:4]
    killer = KillsItsWorker("C-KILLER.xlsx", "workbook", str(tmp_path / "C-KILLER.xlsx"), "")
    jobs = good[:1] + [killer] + good[1:]
    report = run_batch(jobs, Manifest(tmp_path / "m.jsonl"), scheduler=process_cluster.scheduler_address)
    assert sorted(e.input for e in report.done) == sorted(j.key for j in good)
    (failed,) = report.failed
    assert failed.input == "C-KILLER.xlsx" and failed.error.startswith("worker lost while running it (KilledWorker")
    assert all((tmp_path / Path(j.key).name).exists() for j in good)


def test_a_worker_collects_what_each_client_left(tmp_path):
    """In a worker (long_lived) each job ends with a full collection: a client's workbook, held in reference cycles,
    is gone when the job's entry is returned, not left for a later collection (memory flat job after job)."""
    from debtdesk.workbooks.batch import Guards, guarded, long_lived

    client = sample_clients()[0]
    job = Job(client["id"], "client", str(tmp_path / f"{client['id']}.xlsx"), "", payload=json.dumps(client))
    with long_lived():
        gc.disable()  # nothing but the job's own collection runs until the check
        try:
            assert guarded(Guards(), job).status == "done"
            gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection now finds is kept in gc.garbage to look at
            gc.collect()
            # of the job's (the process may hold other work's cycles, e.g. a Dask cluster's event loop)
            left = [type(o).__name__ for o in gc.garbage if type(o).__module__.startswith(("openpyxl", "debtdesk"))]
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
            gc.enable()
    assert left == []  # nothing the job left was still waiting in a cycle


def test_a_pooled_run_leaves_the_engine_to_its_workers(tmp_path):
    """`debtdesk regenerate --workers 2` on workbook files: the main process lists, hashes and hands out the jobs and
    records their entries without importing what runs them (pandas, openpyxl, the macros: half a second of every
    run's start-up); the workers have it from their fork server. Two unreadable inputs fail in the workers."""
    for name in ("A-1.xlsx", "A-2.xlsx"):
        (tmp_path / name).write_bytes(b"not a workbook at all")
    code = ("import sys\nfrom debtdesk.cli import main\nstatus = main(sys.argv[1:])\n"
            "print(status, sorted(m for m in ('pandas', 'openpyxl', 'debtdesk.macros', 'debtdesk.workbooks.regenerate')"
            " if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code, "regenerate", str(tmp_path), "--out", str(tmp_path / "out"),
                          "--workers", "2"], capture_output=True, text=True, timeout=120)
    assert run.stdout.splitlines()[-1] == "1 []", run.stderr
    assert "failed 2" in run.stderr and "A-2.xlsx is not a readable .xlsx/.xlsm workbook" in run.stderr
