"""One run per output folder: the advisory lock refuses or waits, never interleaves, and a
killed holder never leaves a stale lock. Real concurrent `debtdesk regenerate` processes."""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from debtdesk.errors import DebtDeskError
from debtdesk.workbooks.lock import LOCK_NAME, Record, folder_lock, holder, remove_leftovers
from debtdesk.workbooks.samples import sample_clients
from debtdesk.workbooks.template import client_workbook

ROOT = Path(__file__).resolve().parents[1]


def client_inputs(folder: Path, count: int) -> list[Path]:
    """``count`` client workbooks from the template, the sample clients in turn under new ids."""
    folder.mkdir(parents=True, exist_ok=True)
    clients = sample_clients()
    paths = []
    for i in range(count):
        client = copy.deepcopy(clients[i % len(clients)])
        client["id"] = f"K-{i + 1:03d}"
        paths.append(client_workbook(client).save(folder / f"{client['id']}.xlsx"))
    return paths


def regenerate(*args: str, **popen) -> subprocess.Popen:
    """Start `python -m debtdesk.cli regenerate ARGS` in its own process group."""
    return subprocess.Popen([sys.executable, "-m", "debtdesk.cli", "regenerate", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, **popen)


def wait_for_holder(lock: Path, pid: int, timeout: float = 60) -> None:
    """Block until the process ``pid`` holds the lock (its pid is written once it does)."""
    deadline = time.monotonic() + timeout
    while holder(lock) != pid:
        assert time.monotonic() < deadline, f"pid {pid} never took {lock}"
        time.sleep(0.02)


def manifest_lines(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lock-in")
    client_inputs(folder, 3)
    return folder


def test_a_second_holder_is_refused_naming_the_folder_and_the_holder_pid(tmp_path):
    with folder_lock(tmp_path) as lock:
        assert lock == tmp_path / LOCK_NAME and holder(lock) == os.getpid()
        with pytest.raises(DebtDeskError) as refused:
            with folder_lock(tmp_path):
                pytest.fail("a second holder got the lock")
        assert str(refused.value) == (f"output folder: {tmp_path} is in use by another DebtDesk run (pid {os.getpid()}); "
                                      "nothing was written — wait for it to finish, or give --wait-lock SECONDS to wait for it")
        started = time.monotonic()
        with pytest.raises(DebtDeskError, match=r"\(pid \d+\) after waiting 0.3 s; nothing was written — wait for it to finish$"):
            with folder_lock(tmp_path, wait=0.3):
                pass
        assert time.monotonic() - started >= 0.3
    assert holder(tmp_path / LOCK_NAME) is None  # released: the pid is cleared
    with folder_lock(tmp_path):  # and the lock can be taken again
        pass


def test_negative_wait_is_refused_naming_the_option(tmp_path):
    with pytest.raises(DebtDeskError, match=r"^--wait-lock: -1 must be 0 or more seconds$"):
        with folder_lock(tmp_path, wait=-1):
            pass


def test_taking_the_lock_removes_the_killed_runs_temporaries_only(tmp_path):
    """A killed run's record names its run id and folders: exactly its temporaries go, there and in
    their documents folders; another run's in-flight temporary, a download's .part and the outputs stay."""
    out, downloads = tmp_path / "out", tmp_path / "Downloads"
    (out / "K-001 documents").mkdir(parents=True)
    downloads.mkdir()
    stale = [out / ".K-001.xlsx.0badc0de-a1b2c3.part", out / "K-001 documents" / ".K-001 Visa.docx.0badc0de-q9.part",
             downloads / ".manifest.jsonl.0badc0de-x.part"]
    kept = [out / "K-001.xlsx", out / "notes.part", out / ".K-002.xlsx.feedf00d-zz.part", downloads / ".ubuntu.iso.part",
            downloads / "manifest.jsonl"]
    for path in stale + kept:
        path.write_bytes(b"x")
    (out / LOCK_NAME).write_text(Record(999_999_999, "0badc0de", [out, downloads]).text())
    said = []
    with folder_lock(out, notify=said.append):
        assert [p.exists() for p in stale] == [False, False, False]
        assert [p.exists() for p in kept] == [True] * len(kept)
        assert Record.parse((out / LOCK_NAME).read_text()).run not in ("", "0badc0de")
    assert said == [f"the last run in {out} (pid 999999999, run 0badc0de) ended without finishing; "
                    "removed its 3 temporary file(s) and took over the lock"]
    assert (out / LOCK_NAME).read_text() == ""  # a run that ends clears its record
    assert remove_leftovers(Record(1, "0badc0de", [out, downloads])) == []


def test_a_holder_killed_with_sigkill_leaves_no_stale_lock(tmp_path):
    code = ("import sys, time; from debtdesk.workbooks.lock import folder_lock\n"
            "with folder_lock(sys.argv[1]):\n    print('held', flush=True); time.sleep(600)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "held\n"
    with pytest.raises(DebtDeskError, match=f"pid {proc.pid}"):
        with folder_lock(tmp_path):
            pass
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert holder(tmp_path / LOCK_NAME) == proc.pid  # its pid is still written, but the OS released the lock
    with folder_lock(tmp_path) as lock:
        assert holder(lock) == os.getpid()


def test_second_regenerate_on_the_same_folder_is_refused_and_writes_nothing(inputs, tmp_path):
    out = tmp_path / "out"
    first = regenerate(str(inputs), "--out", str(out))
    wait_for_holder(out / LOCK_NAME, first.pid)
    os.killpg(first.pid, signal.SIGSTOP)  # paused while it holds the lock: the second run cannot outlast it
    try:
        second = regenerate(str(inputs), "--out", str(out))
        _, err = second.communicate(timeout=60)
    finally:
        os.killpg(first.pid, signal.SIGCONT)
    assert second.returncode == 2
    assert err.strip() == (f"debtdesk: output folder: {out} is in use by another DebtDesk run (pid {first.pid}); "
                           "nothing was written — wait for it to finish, or give --wait-lock SECONDS to wait for it")
    assert first.poll() is None, "the refusal came only after the first run had finished"
    _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    # Only the first run wrote: one manifest line per input, all done, and nothing else in the folder.
    lines = manifest_lines(out)
    # (in the order the jobs finished: two workers by default, so not necessarily the inputs' order)
    assert sorted((Path(e["input"]).name, e["status"]) for e in lines) == [(f"K-00{i}.xlsx", "done") for i in (1, 2, 3)]
    # (K-002 is the sample whose route is consolidation: a self-managed plan writes no letters)
    assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME, "K-001 documents", "K-001.xlsx",
                                                     "K-002.xlsx", "K-003 documents", "K-003.xlsx", "manifest.jsonl"]


def test_second_regenerate_with_wait_lock_runs_after_the_first(inputs, tmp_path):
    out = tmp_path / "out"
    first = regenerate(str(inputs), "--out", str(out))
    wait_for_holder(out / LOCK_NAME, first.pid)
    second = regenerate(str(inputs), "--out", str(out), "--resume", "--wait-lock", "120")
    _, err_first = first.communicate(timeout=120)
    assert first.returncode == 0, err_first
    _, err_second = second.communicate(timeout=120)
    assert second.returncode == 0, err_second
    # Had the two interleaved, the resumed run would have redone items the first had not finished.
    # Having waited, it found every item done: the manifest is three 'done' lines, then three 'skipped'.
    assert "done 0, skipped 3, failed 0" in err_second
    assert [e["status"] for e in manifest_lines(out)] == ["done"] * 3 + ["skipped"] * 3
