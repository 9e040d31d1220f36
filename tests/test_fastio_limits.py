"""fastio.read_frame, the fast reader of the firm's data files, refuses an .xlsx over the
untrusted-workbook limits before calamine decompresses a byte of it."""

from __future__ import annotations


import pandas as pd
import pytest
import python_calamine

from debtdesk.errors import DebtDeskError
from debtdesk.workbooks.fastio import read_frame

from test_untrusted_workbooks import SHEET, good_workbook, space_bomb, understated_sheet, with_far_cell, with_part


@pytest.fixture
def no_calamine(monkeypatch):
    """Fail the test if the refused file ever reaches calamine, directly or through pandas."""
    def must_not_read(*args, **kwargs):
        raise AssertionError("calamine was asked to read a refused workbook")

    monkeypatch.setattr(pd, "read_excel", must_not_read)
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", must_not_read)


def test_a_workbook_within_the_limits_is_read(tmp_path):
    frame = read_frame(good_workbook(tmp_path / "ledger.xlsx", rows=2))
    assert frame.to_dict("records") == [{"Customer": "C0", "Amount": 0.0}, {"Customer": "C1", "Amount": 1.0}]


def test_a_zip_bomb_is_refused_before_it_is_read(tmp_path, no_calamine):
    """32 MiB of spaces deflate about 1000 to 1: refused by ratio, naming the file, the part and the limit."""
    bomb = with_part(good_workbook(tmp_path / "good.xlsx"), tmp_path / "debts.xlsx", SHEET, writer=space_bomb(32))
    with pytest.raises(DebtDeskError, match=rf"^workbook: debts.xlsx part {SHEET} expands [\d,]+ to 1, above the limit "
                                            r"of 200 to 1 \(a zip bomb\); nothing was read$"):
        read_frame(bomb)


def test_a_sheet_larger_than_its_zip_directory_says_is_refused_by_calamine(tmp_path):
    """Why the limit check may trust the declared sizes: calamine itself refuses a part that
    inflates past them (tests/test_untrusted_workbooks.py shows zipfile stopping at them; the
    check refuses this file first, as damaged)."""
    lying = understated_sheet(tmp_path)
    with pytest.raises(Exception, match=r"larger than its declared uncompressed size"):
        python_calamine.CalamineWorkbook.from_path(str(lying)).get_sheet_by_index(0).to_python()
    with pytest.raises(DebtDeskError, match=r"^workbook: lying.xlsx is damaged \(unclosed token"):
        read_frame(lying)


def test_a_sheet_whose_cells_pass_the_row_limit_is_refused(tmp_path, no_calamine):
    tall = with_far_cell(good_workbook(tmp_path / "good.xlsx"), tmp_path / "clients.xlsm", "B1048576")
    with pytest.raises(DebtDeskError, match=r"^workbook: clients.xlsm sheet 'Ledger' reaches row 1,048,576, above the "
                                            r"limit of 250,000 rows \(a trusted file may be allowed more with "
                                            r"--max-rows\); nothing was read$"):
        read_frame(tall)


def test_a_damaged_xlsx_is_still_named_by_the_reader(tmp_path):
    (tmp_path / "payments.xlsx").write_bytes(b"not a zip at all")
    with pytest.raises(DebtDeskError, match=r"^data: payments.xlsx could not be read \("):
        read_frame(tmp_path / "payments.xlsx")
