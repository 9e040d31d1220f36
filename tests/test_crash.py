"""SIGKILL a `debtdesk regenerate` run at random points, again and again: no partial or
corrupt output ever exists, inputs are byte-identical, the manifest stays readable, and
`--resume` completes the run with the same workbooks as an uninterrupted one.

What may be left in the output folder after a kill, by design:

* complete outputs (each written to a temporary file and renamed into place), the
  manifest (a torn last line is tolerated: that item runs again) and ``.debtdesk.lock``;
* ``.<name>.<random>.part`` temporaries of a write cut short. They are never outputs;
  the next run removes them as soon as it holds the folder's lock.

The whole process group is killed (what a job scheduler, ``timeout -s KILL`` or an
out-of-memory cgroup does).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import docx
import openpyxl
import pytest

from debtdesk.workbooks.lock import LOCK_NAME
from debtdesk.workbooks.manifest import Manifest, sha256_file

from test_batch import assert_same_values
from test_lock import client_inputs, regenerate

CLIENTS = 4
KILLS = 12
SEED = 20261101


def group_alive(pgid: int) -> bool:
    """True while any process of the group is still running (zombies excluded)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def kill_group(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
    deadline = time.monotonic() + 10
    while group_alive(proc.pid):
        assert time.monotonic() < deadline, "a killed run's child is still running"
        time.sleep(0.02)


def files(folder: Path) -> dict[str, Path]:
    """Every file under ``folder`` by its path relative to it."""
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}


def check_after_kill(out: Path, reference: dict[str, Path]) -> int:
    """Assert every file is a complete output (a workbook with the uninterrupted run's cells), the manifest, the lock
    or a .part; returns the .part count."""
    parts = 0
    for name, path in files(out).items():
        if path.name.startswith(".") and path.name.endswith(".part"):
            parts += 1
        elif name in (LOCK_NAME, "manifest.jsonl"):
            continue
        else:
            assert name in reference, f"unexpected file {name} after a kill"
            if path.suffix == ".xlsx":
                assert_same_values(path, reference[name])  # a whole workbook, the uninterrupted run's cells
            elif path.suffix == ".docx":
                assert docx.Document(str(path)).paragraphs, name
            elif path.suffix == ".pdf":
                data = path.read_bytes()
                assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:], f"{name} is a truncated PDF"
            else:
                pytest.fail(f"no check for {name}")
    manifest = out / "manifest.jsonl"
    if manifest.exists():
        lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
        for line in lines[:-1]:
            json.loads(line)  # only the last line may be torn by a kill
        if lines and lines[-1].endswith("\n"):
            json.loads(lines[-1])
        for entry in Manifest(manifest).latest.values():
            if entry.status == "done":
                assert (out / Path(entry.output).name).exists(), entry.output
    return parts


@pytest.mark.slow
def test_sigkill_at_random_points_then_resume_gives_the_uninterrupted_workbooks(tmp_path):
    inputs = tmp_path / "in"
    client_inputs(inputs, CLIENTS)
    before = {p.name: sha256_file(p) for p in inputs.iterdir()}

    started = time.monotonic()
    ref = regenerate(str(inputs), "--out", str(tmp_path / "ref"))
    _, err = ref.communicate(timeout=300)
    duration = time.monotonic() - started
    assert ref.returncode == 0, err
    reference = {k: v for k, v in files(tmp_path / "ref").items() if k not in (LOCK_NAME, "manifest.jsonl")}
    sheets = {k: openpyxl.load_workbook(v, read_only=True).sheetnames for k, v in reference.items() if k.endswith(".xlsx")}
    assert len(sheets) == CLIENTS and any(k.endswith(".pdf") for k in reference)

    rng = random.Random(SEED)
    kills = parts_seen = 0
    completed = []  # per finished round: how many kills it survived
    out, survived = tmp_path / "out-1", 0
    while kills < KILLS:
        # Every run resumes, as an operator restarting after a crash would, and is killed at a random
        # point of an uninterrupted run's length: start-up, a workbook, a manifest line, the PDF pass.
        # A run with little left often finishes first; that completes the round and a new one starts.
        proc = regenerate(str(inputs), "--out", str(out), "--resume")
        try:
            proc.wait(timeout=rng.uniform(0.05, 1.0) * duration)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            kills, survived = kills + 1, survived + 1
            parts_seen += check_after_kill(out, reference)
            assert {p.name: sha256_file(p) for p in inputs.iterdir()} == before
        else:  # the run got to the end before its kill: this round is complete; start another
            _, err = proc.communicate()
            assert proc.returncode == 0, err  # never refused by a stale lock, never failed
            check_complete(out, reference, sheets)
            completed.append(survived)
            out, survived = tmp_path / f"out-{len(completed) + 1}", 0

    final = regenerate(str(inputs), "--out", str(out), "--resume")
    _, err = final.communicate(timeout=300)
    assert final.returncode == 0, err
    check_complete(out, reference, sheets)
    completed.append(survived)
    assert {p.name: sha256_file(p) for p in inputs.iterdir()} == before
    print(f"\nSIGKILL: {kills} kills survived over {len(completed)} runs completed by --resume "
          f"(kills per run {completed}); {parts_seen} stale .part files seen, all removed by the next run; "
          f"last resume: {err.splitlines()[-2]}")
    assert survived > 0  # the last resume finished a run that was killed


def check_complete(out: Path, reference: dict[str, Path], sheets: dict[str, list[str]]) -> None:
    """Assert a finished run left exactly the uninterrupted run's files, cell for cell, and a true manifest."""
    assert check_after_kill(out, reference) == 0  # the stale .part files are gone; each workbook's cells as the reference's
    got = {k: v for k, v in files(out).items() if k not in (LOCK_NAME, "manifest.jsonl")}
    assert sorted(got) == sorted(reference)
    latest = Manifest(out / "manifest.jsonl").latest
    assert sorted(Path(e.output).name for e in latest.values() if e.status in ("done", "skipped")) == sorted(sheets)
    assert all(sha256_file(e.output) == e.output_sha256 for e in latest.values())


