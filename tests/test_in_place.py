"""--in-place never loses a person's work: the first backup is never overwritten, a workbook
someone saved meanwhile (or has open) is refused and kept as they saved it, and the refreshed
file keeps its permissions, owner and group. Real files; the person is a real other process."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from debtdesk.errors import DebtDeskError
from debtdesk.workbooks.batch import run_batch
from debtdesk.workbooks.manifest import Manifest, sha256_file
from debtdesk.workbooks.regenerate import _still_as_read, backup_name, refresh_in_place
from debtdesk.workbooks.jobs import workbook_jobs

from test_lock import client_inputs


@pytest.fixture(scope="module")
def client_input(tmp_path_factory) -> Path:
    """One client's input workbook, written once for the module and only ever copied."""
    [path] = client_inputs(tmp_path_factory.mktemp("source"), 1)
    return path


@pytest.fixture
def workbook(client_input, tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))  # regeneration needs no LibreOffice
    (tmp_path / "clients").mkdir()
    return Path(shutil.copyfile(client_input, tmp_path / "clients" / client_input.name))


def person_saves(path: Path, content: bytes) -> None:
    """What Excel does when a person saves: new content written beside, then renamed over."""
    staged = path.with_name("~staged.tmp")
    staged.write_bytes(content)
    os.replace(staged, path)


def a_persons_version(path: Path) -> bytes:
    book = openpyxl.load_workbook(path)
    book["Client"]["D1"] = "the adviser's note, saved at 03:15"
    book.save(path.with_name("person.xlsx"))
    return path.with_name("person.xlsx").read_bytes()


def test_a_workbook_saved_after_the_run_listed_it_is_refused_and_kept(workbook):
    jobs = workbook_jobs([workbook], None, in_place=True)
    theirs = a_persons_version(workbook)
    person_saves(workbook, theirs)
    report = run_batch(jobs, Manifest(workbook.parent / "m.jsonl"))
    assert [e.error for e in report.failed] == [
        "workbook: K-001.xlsx changed while it was being regenerated (saved by someone?); it was left as it is now, "
        "nothing was written — run again to regenerate the new version"]
    assert workbook.read_bytes() == theirs and not list(workbook.parent.glob("*.bak*"))


def test_a_workbook_saved_while_the_new_one_is_being_written_is_never_overwritten(workbook):
    """A person (another process) saves the moment DebtDesk starts writing the refreshed file:
    the hash checked just before the rename catches it; their save stands, the backup goes."""
    theirs = a_persons_version(workbook)
    person = subprocess.Popen([sys.executable, "-c", (
        "import os, sys, time\n"
        "folder, name, content = sys.argv[1], sys.argv[2], open(sys.argv[3], 'rb').read()\n"
        "while not any(n.startswith('.' + name + '.') and n.endswith('.part') for n in os.listdir(folder)):\n"
        "    time.sleep(0.0005)\n"
        "open(os.path.join(folder, '~staged.tmp'), 'wb').write(content)\n"
        "os.replace(os.path.join(folder, '~staged.tmp'), os.path.join(folder, name))\n"),
        str(workbook.parent), workbook.name, str(workbook.with_name("person.xlsx"))])
    with pytest.raises(DebtDeskError, match=r"^workbook: K-001.xlsx changed while it was being regenerated"):
        refresh_in_place(workbook)
    assert person.wait(timeout=30) == 0
    assert workbook.read_bytes() == theirs
    assert not list(workbook.parent.glob("*.bak*")) and not list(workbook.parent.glob(".*.part"))


def test_a_workbook_open_in_excel_or_libreoffice_is_refused(workbook):
    before = sha256_file(workbook)
    for lock in (f"~${workbook.name}", f".~lock.{workbook.name}#"):
        (workbook.parent / lock).write_text("adviser")
        with pytest.raises(DebtDeskError, match=rf"^workbook: K-001.xlsx is open in Excel or LibreOffice \({re.escape(lock)}"):
            refresh_in_place(workbook)
        (workbook.parent / lock).unlink()
    assert sha256_file(workbook) == before and not list(workbook.parent.glob("*.bak*"))


def test_backups_are_never_overwritten_even_within_one_minute(workbook):
    at = datetime(2026, 11, 27, 3, 15)
    first = refresh_in_place(workbook, when=at)
    refreshed = workbook.read_bytes()
    second = refresh_in_place(workbook, when=at)
    assert (first.name, second.name) == ("K-001.2026-11-27T0315.bak.xlsx", "K-001.2026-11-27T0315-2.bak.xlsx")
    assert second.read_bytes() == refreshed and first != second and first.exists()
    assert backup_name(workbook, at, 3).name == "K-001.2026-11-27T0315-3.bak.xlsx"


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another owner needs root")
def test_the_refreshed_workbook_keeps_its_owner_group_and_mode(workbook):
    os.chown(workbook, 65534, 65534)
    workbook.chmod(0o640)
    backup = refresh_in_place(workbook)
    after = workbook.stat()
    assert (after.st_uid, after.st_gid, after.st_mode & 0o7777) == (65534, 65534, 0o640)
    assert backup.stat().st_mode & 0o7777 == 0o640  # the backup is as private as the workbook


def test_a_new_file_that_could_not_keep_the_owner_is_refused(workbook, tmp_path):
    new = tmp_path / "new.xlsx"
    shutil.copy2(workbook, new)
    same = workbook.stat()
    _still_as_read(new, workbook, sha256_file(workbook))  # same owner, group and mode: fine
    new.chmod(0o666 if same.st_mode & 0o777 != 0o666 else 0o600)
    with pytest.raises(DebtDeskError, match=r"^workbook: K-001.xlsx: the refreshed file could not keep the workbook's "
                                            r"permissions, owner and group \(mode 0\d{3}, uid \d+, gid \d+; this run is "
                                            r"uid \d+\); nothing was written — run as its owner, or regenerate with "
                                            r"--out instead$"):
        _still_as_read(new, workbook, sha256_file(workbook))
