"""The batch job when its environment fails, with real processes and real files: a pool worker
or the main process killed with SIGKILL, a read-only or full output folder, paths that cannot
be what they are for, no LibreOffice (letters get their PDFs all the same), a torn manifest.

Every case ends in one-line messages (never a traceback), exit code 2 (the command was wrong)
or 1 (the run failed), the summary printed, the rest of the batch done, nothing written outside
--out and every input byte for byte as it was.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from debtdesk.cli import main
from debtdesk.workbooks.batch import run_batch
from debtdesk.workbooks.lock import LOCK_NAME, Record
from debtdesk.workbooks.manifest import Manifest, sha256_file
from debtdesk.workbooks.samples import sample_ledger
from debtdesk.workbooks.jobs import workbook_files, workbook_jobs

from test_lock import ROOT, client_inputs, regenerate

CLI = [sys.executable, "-m", "debtdesk.cli", "regenerate"]


# -- what every case checks -----------------------------------------------------------------------
def snapshot(root: Path, *skip: Path) -> dict[str, str]:
    """Every file under ``root`` (outside the ``skip`` folders) by relative path -> hash."""
    return {p.relative_to(root).as_posix(): sha256_file(p) for p in sorted(root.rglob("*"))
            if p.is_file() and not any(p.is_relative_to(s) for s in skip)}


def one_line_each(err: str) -> list[str]:
    """stderr's lines, after checking each is the progress bar, the summary or a one-line message."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err, err
    for line in lines:
        assert (line.startswith(("debtdesk: ", "regenerate ", "done ", "  ", "manifest: ", "WARNING "))), f"stray line {line!r} in:\n{err}"
    return lines


def finished(out: Path) -> dict[str, str]:
    """The manifest's latest status per item (by file or client name)."""
    return {Path(e.input).name: e.status for e in Manifest(out / "manifest.jsonl").latest.values()}


def no_temporaries(out: Path) -> None:
    assert not [p for p in out.rglob("*.part")], "a temporary file was left behind"


def children(pid: int) -> list[int]:
    """Every process descended from ``pid`` (Linux /proc)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == parent]
        found += kids
        frontier += kids
    return found


def alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def wait_until(condition, timeout: float = 60, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def manifest_lines(out: Path) -> int:
    try:
        return len((out / "manifest.jsonl").read_text().splitlines())
    except FileNotFoundError:
        return 0


def holders(lock: Path) -> list[int]:
    """Processes with the lock file open."""
    target = os.stat(lock)
    found = []
    for fd in Path("/proc").glob("[0-9]*/fd/*"):
        try:
            st = os.stat(fd)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (target.st_dev, target.st_ino):
            found.append(int(fd.parent.parent.name))
    return found


#: An environment without LibreOffice: regeneration needs none (letters are typeset in-process).
NO_OFFICE = dict(os.environ, PATH=str(Path(sys.executable).parent))


@pytest.fixture(scope="module")
def four(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("four")
    client_inputs(folder, 4)
    return folder


# -- killed processes ------------------------------------------------------------------------------
@pytest.mark.slow
def test_a_killed_pool_worker_fails_only_its_own_job_and_resume_redoes_it(four, tmp_path):
    before = snapshot(four)
    out = tmp_path / "out"
    proc = regenerate(str(four), "--out", str(out), "--workers", "2", env=NO_OFFICE)
    wait_until(lambda: manifest_lines(out) >= 1, what="the first job")  # the pool is working: both workers busy
    workers = [p for p in children(proc.pid) if len(children(p)) == 0 and "forkserver" in Path(f"/proc/{p}/cmdline").read_text()]
    assert len(workers) == 2, workers
    os.kill(workers[0], signal.SIGKILL)  # what the out-of-memory killer does
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 1, err
    one_line_each(err)
    assert "done 3, skipped 0, failed 1" in err
    [failure] = [line for line in err.splitlines() if line.startswith("  failed ")]
    assert failure.endswith(": the worker process running it died (killed by SIGKILL: by hand, or by the system "
                            "when memory ran out); --resume runs it again")
    assert list(finished(out).values()).count("done") == 3
    no_temporaries(out)
    again = regenerate(str(four), "--out", str(out), "--resume", env=NO_OFFICE)
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0 and "done 1, skipped 3, failed 0" in err, err
    assert set(finished(out).values()) == {"done", "skipped"}
    assert snapshot(four) == before


@pytest.mark.slow
def test_killing_the_main_process_ends_its_workers_and_frees_the_lock(four, tmp_path):
    out = tmp_path / "out"
    proc = regenerate(str(four), "--out", str(out), "--workers", "2", env=NO_OFFICE)
    wait_until(lambda: manifest_lines(out) >= 1, what="the first job")
    descendants = children(proc.pid)
    assert len(descendants) >= 3  # the fork server and two workers (and multiprocessing's resource tracker)
    os.kill(proc.pid, signal.SIGKILL)  # the main process only, not its group
    proc.communicate()
    wait_until(lambda: not any(alive(p) for p in descendants), timeout=30, what="the workers to end")
    assert holders(out / LOCK_NAME) == []  # no orphan holds the lock
    dead = Record.parse((out / LOCK_NAME).read_text())
    assert dead.pid == proc.pid and dead.run
    second = regenerate(str(four), "--out", str(out), "--resume", env=NO_OFFICE)
    _, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert err.startswith(f"debtdesk: the last run in {out} (pid {proc.pid}, run {dead.run}) ended without finishing; "
                          "removed its ")
    assert set(finished(out).values()) <= {"done", "skipped"} and len(finished(out)) == 4
    no_temporaries(out)


# -- the output folder ----------------------------------------------------------------------------
def mount_tmpfs(folder: Path, options: str) -> bool:
    """Mount a tmpfs on ``folder`` with ``options``; False where this process may not."""
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True).returncode == 0


@pytest.fixture
def read_only(tmp_path):
    """An output folder nothing may be written in: a read-only file system where we may mount one,
    else (not root) a folder without write permission."""
    folder = tmp_path / "out"
    folder.mkdir()
    if mount_tmpfs(folder, "ro,size=64k"):
        yield folder, "Read-only file system"
        subprocess.run(["umount", str(folder)], check=True)
    elif os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder, "Permission denied"
        folder.chmod(0o755)
    else:
        pytest.skip("running as root without permission to mount a read-only file system")


def test_a_read_only_output_folder_is_one_line_and_exit_2(four, read_only):
    out, why = read_only
    result = subprocess.run([*CLI, str(four / "K-001.xlsx"), "--out", str(out), "--workers", "1"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stderr
    assert result.stderr == f"debtdesk: --out: cannot write in {out}: {why}\n"
    assert list(out.iterdir()) == []


@pytest.fixture
def small_disk(tmp_path):
    """A folder with room for a client or two: a 400 KiB tmpfs where the system lets us mount one
    (ENOSPC, as on a full disk), else a process file-size limit (EFBIG, the same write errors)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if mount_tmpfs(folder, "size=400k"):
        yield folder, None, "No space left on device"
        subprocess.run(["umount", str(folder)], check=True)
    else:
        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (48 * 1024, 48 * 1024))
        yield folder, limit, "File too large"


def test_a_full_output_folder_fails_items_then_stops_with_the_summary(four, small_disk, tmp_path):
    folder, limit, why = small_disk
    before = snapshot(four)
    out = folder / "out"
    inputs = [str(p) for p in sorted(four.glob("*.xlsx"))[:4]]
    result = subprocess.run([*CLI, *inputs, "--out", str(out), "--workers", "1"], cwd=ROOT, capture_output=True,
                            text=True, timeout=300, preexec_fn=limit, env=NO_OFFICE)
    assert result.returncode == 1, result.stderr
    lines = one_line_each(result.stderr)
    assert any(line.startswith("done ") for line in lines)  # the summary, whatever happened
    assert why in result.stderr
    for path in out.glob("*.xlsx"):  # what was written is whole
        assert openpyxl.load_workbook(path).sheetnames
    no_temporaries(out)
    assert snapshot(four) == before


@pytest.mark.parametrize("case, args, expected", [
    ("out is a file", ["--out", "{file}"], "debtdesk: --out: {file} is a file, not a folder"),
    ("manifest is a folder", ["--out", "{tmp}/out", "--manifest", "{tmp}"], "debtdesk: --manifest: {tmp} is a folder; give the manifest's file name"),
    ("ledger is a folder", ["--ledger", "{folder}.csv", "--as-of", "2026-11-01", "--out", "{tmp}/out"],
     "debtdesk: --ledger: {folder}.csv is a folder; give the ledger file"),
    ("ledger of another kind", ["--ledger", "{tmp}/ledger.json", "--as-of", "2026-11-01", "--out", "{tmp}/out"],
     "debtdesk: --ledger: ledger.json: expected one of .xlsx, .xlsm, .xls, .ods, .csv, .parquet"),
    ("out too deep", ["--out", "{deep}"], "debtdesk: --out: {deep} is too deep: files DebtDesk writes under it would "
                                          "have paths of up to {longest} bytes, above the system's 4,096"),
])
def test_paths_that_cannot_be_what_they_are_for_are_refused_before_anything_runs(four, tmp_path, capsys, case, args, expected):
    (tmp_path / "file").write_text("not a folder")
    (tmp_path / "folder.csv").mkdir()
    (tmp_path / "ledger.json").write_text("{}")
    deep = tmp_path / "/".join(["d" * 200] * 19)
    values = {"file": tmp_path / "file", "tmp": tmp_path, "folder": tmp_path / "folder", "deep": deep,
              "longest": f"{len(os.fsencode(deep)) + 420:,}"}
    before = snapshot(tmp_path)
    assert main(["regenerate", str(four), *(a.format(**values) for a in args)]) == 2
    assert capsys.readouterr().err == expected.format(**values) + "\n"
    assert snapshot(tmp_path) == before and not (tmp_path / "out").exists()


def test_temporaries_of_others_beside_the_manifest_are_never_touched(four, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", NO_OFFICE["PATH"])
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    theirs = [downloads / ".ubuntu.iso.part", downloads / ".K-009.xlsx.feedf00d-k2j3.part", downloads / "notes.part"]
    for path in theirs:
        path.write_bytes(b"someone else's")
    jobs = [str(p) for p in sorted(four.glob("*.xlsx"))[:1]]
    assert main(["regenerate", *jobs, "--out", str(tmp_path / "out"), "--manifest", str(downloads / "manifest.jsonl"),
                 "--workers", "1"]) == 0
    assert all(p.read_bytes() == b"someone else's" for p in theirs)


# -- letters without LibreOffice -------------------------------------------------------------------
def run_cli(args: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)


def test_without_libreoffice_every_letter_still_gets_its_pdf(four, tmp_path):
    result = run_cli([str(four / "K-001.xlsx"), "--out", str(tmp_path / "out"), "--workers", "1"], NO_OFFICE)
    assert result.returncode == 0, result.stderr
    letters = sorted((tmp_path / "out").glob("* documents/*.docx"))
    assert letters and all(d.with_suffix(".pdf").read_bytes().startswith(b"%PDF-") for d in letters)
    assert "LibreOffice" not in result.stderr and "PDF" not in result.stderr


# -- the manifest ------------------------------------------------------------------------------------
def test_a_torn_manifest_line_swallows_nothing_and_resume_keeps_the_manifest_small(four, tmp_path, monkeypatch):
    out = tmp_path / "out"
    jobs = workbook_jobs(workbook_files([four]), out)[:3]
    assert run_batch(jobs, Manifest(out / "manifest.jsonl")).ok
    with open(out / "manifest.jsonl", "a") as handle:
        handle.write('{"input": "half a li')  # the last line, torn by a kill
    for _ in range(3):  # night after night
        report = run_batch(jobs, Manifest(out / "manifest.jsonl"), resume=True)
        assert len(report.skipped) == 3
    lines = (out / "manifest.jsonl").read_text().splitlines()
    assert len(lines) == 6  # the latest line per item, then this run's: never more
    assert [json.loads(line)["status"] for line in lines] == ["skipped"] * 6


def test_a_ledger_run_keeps_every_input_and_writes_only_under_out(tmp_path):
    sample_ledger().to_csv(tmp_path / "ledger.csv", index=False)
    before = snapshot(tmp_path)
    assert main(["regenerate", "--ledger", str(tmp_path / "ledger.csv"), "--as-of", "2026-11-01",
                 "--out", str(tmp_path / "out")]) == 0
    assert snapshot(tmp_path, tmp_path / "out") == before
