"""One writer for every letter's files (workbooks/letter_files.py): a collections notice's pair and a
client's creditor proposals are written the same way, and a failure leaves nothing half-written."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from debtdesk.letter import Letter, Paragraph
from debtdesk.workbooks import letter_files
from pdf_text import pages_text


def _letter(customer: str) -> Letter:
    return Letter(("Pennine Office Supplies Ltd", "12 Canal Street, Leeds LS1 4AB"), (customer,), "27 November 2026",
                  customer, (Paragraph(f"Your account with us, {customer}, is overdue: please pay £1,240.00 now."),))


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_letter_is_written_as_a_docx_and_a_pdf_that_say_the_same(tmp_path):
    (path,) = letter_files.write_letters([tmp_path / "0001-Harbour-Joinery-Ltd-level2"], [_letter("Harbour Joinery Ltd")])
    assert path.name == "0001-Harbour-Joinery-Ltd-level2.docx"
    assert _names(tmp_path) == ["0001-Harbour-Joinery-Ltd-level2.docx", "0001-Harbour-Joinery-Ltd-level2.pdf"]
    said = "Your account with us, Harbour Joinery Ltd, is overdue: please pay £1,240.00 now."
    assert said in [p.text for p in docx.Document(path).paragraphs]
    assert said in " ".join(pages_text(path.with_suffix(".pdf"))[0].split())


def test_a_letter_that_cannot_be_set_writes_no_file_of_the_call(tmp_path, monkeypatch):
    """Every letter is rendered before the first file is written: the second letter's PDF failing leaves the
    folder as it was (no first pair, no temporary file), and an earlier run's files untouched."""
    (tmp_path / "0001-Harbour-Joinery-Ltd-level1.docx").write_bytes(b"an earlier run's letter")
    real = letter_files.letter_pdf

    def failing(letter, created=None):
        if "Kestrel" in letter.subject:
            raise RuntimeError("typst: font not found")
        return real(letter, created=created)

    monkeypatch.setattr(letter_files, "letter_pdf", failing)
    with pytest.raises(RuntimeError, match="font not found"):
        letter_files.write_letters([tmp_path / "0001-Harbour-Joinery-Ltd-level1", tmp_path / "0002-Kestrel-level1"],
                                   [_letter("Harbour Joinery Ltd"), _letter("Kestrel Print & Pack")])
    assert _names(tmp_path) == ["0001-Harbour-Joinery-Ltd-level1.docx"]
    assert (tmp_path / "0001-Harbour-Joinery-Ltd-level1.docx").read_bytes() == b"an earlier run's letter"
    queue = letter_files.Batches(size=2)  # a collections run's queue: never a .docx without its PDF
    queue.add(tmp_path / "0003-Kestrel-level2", _letter("Kestrel Print & Pack"))
    with pytest.raises(RuntimeError, match="font not found"):
        queue.flush()
    assert _names(tmp_path) == ["0001-Harbour-Joinery-Ltd-level1.docx"]


def test_a_write_failing_half_way_leaves_no_file_of_the_call(tmp_path, monkeypatch):
    """The disk failing on the third of four files (a full disk, say): no target is replaced, no
    temporary file stays, the earlier run's letter keeps its bytes."""
    (tmp_path / "0001-Harbour-Joinery-Ltd-level1.pdf").write_bytes(b"%PDF- an earlier run's letter")
    writes = []
    real = Path.write_bytes

    def failing(self, data):
        writes.append(self.name)
        if len(writes) == 3:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(OSError, match="No space left"):
        letter_files.write_letters([tmp_path / "0001-Harbour-Joinery-Ltd-level1", tmp_path / "0002-Kestrel-level1"],
                                   [_letter("Harbour Joinery Ltd"), _letter("Kestrel Print & Pack")])
    assert len(writes) == 3 and all(name.endswith(".part") for name in writes)
    assert _names(tmp_path) == ["0001-Harbour-Joinery-Ltd-level1.pdf"]
    assert (tmp_path / "0001-Harbour-Joinery-Ltd-level1.pdf").read_bytes() == b"%PDF- an earlier run's letter"


def test_paths_letters_and_times_must_pair_up(tmp_path):
    with pytest.raises(ValueError, match="2 paths, 1 letters, 1 creation times"):
        letter_files.write_letters([tmp_path / "a", tmp_path / "b"], [_letter("Ann Lee")])
    assert _names(tmp_path) == []


def test_e_mail_drafts_are_written_with_the_batch_and_its_folder_synced_once(tmp_path, monkeypatch):
    """A collections run's drafts go through the letters' queue: three drafts and a letter, one folder sync
    (each draft synced its folder on its own before); a draft whose batch fails is not written."""
    from debtdesk import atomic
    from debtdesk.workbooks.letters import email_draft

    synced = []
    real = atomic._fsync_dir
    monkeypatch.setattr(atomic, "_fsync_dir", lambda folder: (synced.append(folder), real(folder))[1])
    queue = letter_files.Batches(size=8)
    drafts = [queue.add_file(tmp_path / f"0{i}-reminder.eml", email_draft(f"Reminder {i}", "Please pay £12.00.",
                                                                         "accounts@ann.example", None))
              for i in (1, 2, 3)]
    queue.add(tmp_path / "04-Kestrel-level2", _letter("Kestrel Print & Pack"))
    assert _names(tmp_path) == [] and synced == []  # nothing written before the batch is
    queue.flush()
    assert synced == [tmp_path]
    assert _names(tmp_path) == ["01-reminder.eml", "02-reminder.eml", "03-reminder.eml", "04-Kestrel-level2.docx",
                                "04-Kestrel-level2.pdf"]
    assert drafts[1].read_bytes().splitlines()[:3] == [b"Subject: Reminder 2", b"To: accounts@ann.example",
                                                       b"X-Unsent: 1"]
