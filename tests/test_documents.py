"""Letters in a batch: every client's creditor letters are written by the job itself as .docx and
PDF, in any backend, with no LibreOffice on the machine."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import docx
import pytest

from debtdesk.workbooks.batch import run_batch
from debtdesk.workbooks.manifest import Manifest
from debtdesk.workbooks.samples import sample_clients
from debtdesk.workbooks.jobs import workbook_files, workbook_jobs
from debtdesk.workbooks.template import client_workbook
from pdf_text import text
from test_faults import NO_OFFICE


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    for k, client in enumerate(sample_clients() * 2):
        client = copy.deepcopy(client)
        client["id"] = f"{client['id']}-{k}"
        client_workbook(client).save(folder / f"{client['id']}.xlsx")
    return folder


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_leaves_a_pdf_saying_the_same_beside_every_letter(inputs, tmp_path, workers, monkeypatch):
    monkeypatch.setenv("PATH", NO_OFFICE["PATH"])
    out = tmp_path / "out"
    report = run_batch(workbook_jobs(workbook_files([inputs]), out), Manifest(out / "m.jsonl"), workers=workers)
    assert report.ok and len(report.done) == 6 and report.notes == []
    letters = sorted(out.glob("* documents/*.docx"))
    assert len(letters) >= 4  # the sample clients in a plan write to each non-priority creditor
    for letter in letters:
        pdf = text(letter.with_suffix(".pdf"))
        word = docx.Document(io.BytesIO(letter.read_bytes()))
        subject = next(p.text for p in word.paragraphs if p.runs and p.runs[0].bold and ": " in p.text)
        assert subject in pdf, letter.name
    assert sorted(p.stem for p in out.glob("* documents/*.pdf")) == [p.stem for p in letters]
