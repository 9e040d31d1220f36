"""Letters' PDFs: converted at once for one workbook, after the batch (one LibreOffice run per
worker) for many; a batch still leaves a PDF beside every .docx, and says which it could not convert."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest

from debtdesk.proposals import proposals
from debtdesk.workbooks.batch import run_batch
from debtdesk.workbooks.documents import convert_all, deferred, soffice
from debtdesk.workbooks.manifest import Manifest
from debtdesk.workbooks.proposals import write_proposals
from debtdesk.workbooks.samples import sample_clients
from debtdesk.workbooks.sources import workbook_files, workbook_jobs
from debtdesk.workbooks.template import client_workbook

needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")


def two_proposals():
    debts = pd.DataFrame({"Name": ["Visa", "Loan"], "Type": ["Credit card", "Personal loan"], "Balance": [900.0, 300.0],
                          "Minimum": [250.0, 100.0]})  # 350 due, 300 available: a debt management plan writes to both
    return proposals(1500, 1200, debts, client="Ann Lee", on="2026-11-01")


def writer_or_skip(folder: Path) -> None:
    """Skip when soffice is installed without Writer (it then converts no .docx at all)."""
    (probe,) = write_proposals(two_proposals()[:1], folder / "probe", "P")
    if not probe.with_suffix(".pdf").exists():
        pytest.skip("LibreOffice Writer is not installed (apt-get install -y libreoffice-writer-nogui)")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    for k, client in enumerate(sample_clients() * 2):
        client = copy.deepcopy(client)
        client["id"] = f"{client['id']}-{k}"
        client_workbook(client).save(folder / f"{client['id']}.xlsx")
    return folder


def test_deferred_letters_are_written_as_docx_and_recorded_not_converted(tmp_path):
    with deferred() as pending:
        written = write_proposals(two_proposals(), tmp_path, "C-1")
    assert [p.name for p in written] == ["C-1 Visa.docx", "C-1 Loan.docx"]
    assert pending == written and all(p.exists() for p in written)
    assert list(tmp_path.glob("*.pdf")) == []


@needs_soffice
def test_convert_all_puts_each_pdf_beside_its_docx_even_when_names_repeat(tmp_path):
    writer_or_skip(tmp_path)
    with deferred() as pending:  # the same letter names in two clients' folders
        write_proposals(two_proposals(), tmp_path / "a", "C-1")
        write_proposals(two_proposals(), tmp_path / "b", "C-1")
    assert len(pending) == 4 and len({p.name for p in pending}) == 2
    assert convert_all(pending, parallel=2) == []
    for docx in pending:
        assert docx.with_suffix(".pdf").read_bytes().startswith(b"%PDF"), docx


@needs_soffice
def test_convert_all_names_the_letters_it_could_not_convert(tmp_path):
    writer_or_skip(tmp_path)
    with deferred() as pending:
        write_proposals(two_proposals(), tmp_path, "C-1")
    gone = tmp_path / "C-1 Gone.docx"  # removed between the batch and the conversion
    assert convert_all([*pending, gone], parallel=2) == [gone]
    assert all(p.with_suffix(".pdf").exists() for p in pending)


@needs_soffice
@pytest.mark.parametrize("workers", [1, 2])
def test_batch_leaves_a_pdf_beside_every_letter(inputs, tmp_path, workers):
    writer_or_skip(tmp_path)
    out = tmp_path / "out"
    report = run_batch(workbook_jobs(workbook_files([inputs]), out), Manifest(out / "m.jsonl"), workers=workers)
    assert report.ok and len(report.done) == 6 and report.no_pdf == []
    letters = sorted(out.glob("* documents/*.docx"))
    assert len(letters) >= 6  # every sample client has at least one non-priority creditor
    for letter in letters:
        assert letter.with_suffix(".pdf").read_bytes().startswith(b"%PDF"), letter
    assert "no PDF" not in report.summary()
