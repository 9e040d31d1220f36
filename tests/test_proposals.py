"""Creditor proposals: SFS offers, the letter and I&E statement as data, and the .docx/PDF read back."""

from __future__ import annotations

import shutil

import docx
import pandas as pd
import pytest

from debtdesk.errors import DebtDeskError
from debtdesk.proposals import income_and_expenditure, proposals
from debtdesk.workbooks.proposals import document_name, write_proposal, write_proposals

# The SFS Developer Toolkit's example summary (as in debtdesk.budget's docstring):
# income 3,157.67, outgoings 2,972.08, savings 18.00, priority offers 10 + 12 + 11,
# leaving 134.59 for the one non-priority creditor.
SFS_DEBTS = pd.DataFrame({"Name": ["HSBC", "RBS", "Another creditor", "Demo Credit"],
                          "Type": ["Mortgage", "Secured loan", "Council tax", "Credit card"],
                          "Balance": [500.0, 1250.0, 720.0, 1250.0], "Offer": [10.0, 12.0, 11.0, None]})
INJECTED = "=HYPERLINK(\"http://example.invalid\",\"Sam O'Neil\")"


def _statement(p):
    return dict(zip(p.statement["Item"], p.statement["Monthly"]))


def test_sfs_toolkit_example_gives_the_one_creditor_the_whole_134_59():
    (p,) = proposals(3157.67, 2972.08, SFS_DEBTS, client="Demo Client", on="2026-11-01", savings=18)
    assert (p.creditor, p.offer, p.share) == ("Demo Credit", 134.59, 1.0)
    assert p.months == 10  # ceil(1,250.00 / 134.59) with interest frozen
    figures = _statement(p)
    assert figures["Available for priority debts"] == 167.59
    assert figures["Available for non-priority debts"] == 134.59
    assert [figures[c] for c in ("HSBC", "RBS", "Another creditor")] == [10.0, 12.0, 11.0]


def test_pro_rata_offers_are_cent_exact_and_sum_to_the_amount_available():
    # 100.00 between three equal balances: largest remainder gives the odd cent to the first.
    debts = pd.DataFrame({"Name": ["A", "B", "C"], "Type": ["Credit card", "Catalogue", "Overdraft"],
                          "Balance": [1000.0, 1000.0, 1000.0]})
    found = proposals(1100, 1000, debts, client="X", on="2026-11-01")
    assert [p.offer for p in found] == [33.34, 33.33, 33.33]
    assert [p.months for p in found] == [30, 31, 31]
    # 2:1:1 balances share 250.00 as 125.00, 62.50, 62.50 (debt-advice pro-rata worked example).
    debts["Balance"] = [2000.0, 1000.0, 1000.0]
    assert [p.offer for p in proposals(1250, 1000, debts, client="X", on="2026-11-01")] == [125.0, 62.5, 62.5]


def test_statement_totals_reconcile_to_the_cent():
    income = pd.DataFrame({"Source": ["Wages", "Child benefit"], "Amount": [1800.0, 25.6],
                           "Frequency": ["monthly", "weekly"]})
    expenses = pd.DataFrame({"Category": ["Rent", "Food"], "Amount": [700.0, 80.0],
                             "Frequency": ["monthly", "weekly"]})
    debts = pd.DataFrame({"Name": ["Council", "Visa", "Loan"], "Type": ["Council tax", "Credit card", "Personal loan"],
                          "Balance": [400.0, 2500.0, 1700.0], "Minimum": [40.0, 75.0, 60.0]})
    s = income_and_expenditure(income, expenses, debts, savings=25, fee=5).set_index("Item")["Monthly"]
    assert s["Child benefit"] == 110.93  # 25.60 × 52 / 12 = 110.9333 -> 110.93
    assert s["Food"] == 346.67  # 80 × 52 / 12 = 346.666 -> 346.67
    assert s["Total income"] == 1910.93 and s["Total expenditure"] == 1046.67
    assert s["Available for priority debts"] == round(1910.93 - 1046.67 - 25 - 5, 2) == 834.26
    assert s["Available for non-priority debts"] == 794.26
    assert round(s["Visa"] + s["Loan"], 2) == s["Total non-priority offers"] == 794.26


def test_deficit_offers_nothing_and_asks_the_creditor_to_hold():
    debts = pd.DataFrame({"Name": ["Visa"], "Type": ["Credit card"], "Balance": [900.0]})
    (p,) = proposals(1000, 1100, debts, client="X", on="2026-11-01")
    assert (p.offer, p.months) == (0.0, None)
    assert any("cannot offer a payment now" in t for t in p.paragraphs)


def test_only_priority_debts_make_no_proposal():
    debts = pd.DataFrame({"Name": ["Council"], "Type": ["Council tax"], "Balance": [900.0], "Minimum": [50.0]})
    assert proposals(2000, 1000, debts, client="X", on="2026-11-01") == []


@pytest.mark.parametrize("call, expected", [
    (lambda: proposals(2000, 1000, SFS_DEBTS, client="X", on="31/02/2026"), "on:"),
    (lambda: proposals(2000, 1000, SFS_DEBTS.assign(Type=["Mortgage", "Secured loan", "Council tax", "Spaceship"]),
                       client="X", on="2026-11-01"), "debts row 4: Type 'Spaceship' is not a known debt type"),
    (lambda: proposals(2000, 1000, SFS_DEBTS.assign(Balance=[500.0, "lots", 720.0, 1250.0]),
                       client="X", on="2026-11-01"), "debts row 2: Balance 'lots' is not a number"),
    (lambda: proposals(2000, 1000, SFS_DEBTS, client="X", on="2026-11-01", savings=-5), "savings: -5 must be at least 0"),
])
def test_bad_inputs_name_the_argument_row_and_expectation(call, expected):
    with pytest.raises(DebtDeskError) as error:
        call()
    assert expected in str(error.value)


def test_docx_reads_back_with_creditor_offer_and_statement_totals(tmp_path):
    income = pd.DataFrame({"Source": ["Wages"], "Amount": [2100.0]})
    expenses = pd.DataFrame({"Category": ["Rent", "Food"], "Amount": [800.0, 300.0]})
    debts = pd.DataFrame({"Name": ["Visa", "Loan"], "Type": ["Credit card", "Personal loan"],
                          "Balance": [3333.33, 1666.67]})
    found = proposals(income, expenses, debts, client=INJECTED, reference="C-9", on="2026-11-01")
    paths = write_proposals(found, tmp_path, "C-9", pdf=False)
    assert [p.name for p in paths] == ["C-9 Visa.docx", "C-9 Loan.docx"]
    document = docx.Document(paths[0])
    text = "\n".join(p.text for p in document.paragraphs)
    assert "To: Visa" in text
    assert INJECTED in text  # the formula-looking name is printed as typed
    assert "We therefore offer 666.67 a month, 66.67% of the amount available" in text
    rows = {r.cells[1].text: r.cells[2].text for r in document.tables[0].rows[1:]}
    assert rows["Total income"] == "2,100.00" and rows["Total expenditure"] == "1,100.00"
    assert rows["Available for non-priority debts"] == "1,000.00"
    assert (rows["Visa"], rows["Loan"], rows["Total non-priority offers"]) == ("666.67", "333.33", "1,000.00")


def test_document_names_are_portable():
    assert document_name("C-1", "O2 / Virgin: mobile") == "C-1 O2-Virgin-mobile.docx"
    assert document_name("", "???") == "creditor.docx"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_beside_each_docx_when_libreoffice_writer_is_installed(tmp_path):
    debts = pd.DataFrame({"Name": ["Visa"], "Type": ["Credit card"], "Balance": [900.0]})
    (p,) = proposals(1500, 1200, debts, client="Ann Lee", on="2026-11-01")
    write_proposal(p, tmp_path / "probe.docx")
    written = write_proposals([p], tmp_path, "C-1")
    pdf = written[0].with_suffix(".pdf")
    if not pdf.exists():
        pytest.skip("LibreOffice Writer is not installed (apt-get install -y libreoffice-writer-nogui)")
    assert pdf.read_bytes().startswith(b"%PDF")
