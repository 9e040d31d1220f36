"""The command line as a script sees it: help everywhere, exit codes it can trust."""

from __future__ import annotations

import subprocess
import sys

import pytest

from debtdesk.cli import main


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "debtdesk.cli", *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("args", [["--help"], ["demo", "--help"], ["regenerate", "--help"], ["addin", "--help"], ["addin", "build", "--help"]])
def test_every_command_explains_itself(args):
    result = _cli(*args)
    assert result.returncode == 0 and "usage: debtdesk" in result.stdout


def test_no_command_is_a_usage_error(capsys):
    assert main([]) == 2
    assert "demo" in capsys.readouterr().out


def test_unknown_option_is_a_usage_error():
    result = _cli("demo")
    assert result.returncode == 2 and "--out" in result.stderr


def test_addin_build_into_a_file_is_refused_with_a_message(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = _cli("addin", "build", "--out", str(blocker))
    assert result.returncode == 2
    assert result.stderr.startswith("debtdesk: ") and "Traceback" not in result.stderr


def test_regenerate_missing_input_is_a_usage_error(tmp_path):
    result = _cli("regenerate", str(tmp_path / "nowhere.xlsx"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "nowhere.xlsx does not exist" in result.stderr
    assert not (tmp_path / "out").exists()


def test_demo_refuses_a_folder_another_run_is_writing(tmp_path):
    from debtdesk.workbooks.lock import folder_lock

    with folder_lock(tmp_path):
        result = _cli("demo", "--out", str(tmp_path))
    assert result.returncode == 2 and "in use by another DebtDesk run" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".debtdesk.lock"]
