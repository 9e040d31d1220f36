"""One client, one plan: every sheet, chart, letter and summary of a WRITTEN client workbook states
the same monthly payment, per-creditor offers, interest assumption and debt-free month.

Each sample client and each variant a counsellor meets (a deficit, a large surplus with one small
arrear, priority-only debts, a 2 % minimum card, a UK card on effective rates, a US client, a
breathing space, a full and final settlement, a formula-looking name) is regenerated into a
workbook file and its letters. The figures are then read back from what was written: the sheets
with openpyxl from LibreOffice's recalculated copy (formulas included), the letters with
python-docx. They are compared with each other, not with the engine. In a deficit nothing may
promise a debt-free date or a payment above the token amount.
"""

from __future__ import annotations

import calendar
import copy
import functools
import re
from pathlib import Path

from pypdf import PdfReader
import openpyxl
import pytest

from conftest import once, require_libreoffice
from debtdesk.macros.registry import run
from debtdesk.workbooks.samples import sample_clients
from debtdesk.workbooks.template import client_workbook
from libreoffice import error_cells, recalculate
from pdf_text import pages_text
from ooxml_validator import validate_or_skip
from test_letter_files import docx_text

SAMPLES = sample_clients()
INJECTED = "=HYPERLINK(\"http://example.invalid\",\"Sam O'Neil\")"


def _variant(index: int, client_id: str, **changes) -> dict:
    client = copy.deepcopy(SAMPLES[index])
    client.update(id=client_id, **changes)
    return client


def _variants() -> list[dict]:
    deficit = _variant(0, "V-DEFICIT", payments=[])
    deficit["expenses"][0]["Amount"] = 1800  # the C-1001 with rent of 1,800
    surplus = _variant(1, "V-SURPLUS", credit=[])
    surplus["debts"][1]["Arrears"] = 60.0  # one small arrear, a large surplus
    priority = _variant(0, "V-PRIORITY", payments=[], extra_payments=[])
    priority["debts"] = [d for d in priority["debts"] if d["Type"] == "Council tax"] + [
        {"Name": "Energy arrears", "Legal name": "Northern Power Supply Ltd", "Type": "Energy", "Balance": 640,
         "APR": 0, "Minimum": 40, "Arrears": 640}]
    minimum = _variant(1, "V-MIN2")
    minimum["debts"][1].update({"Min %": 0.02, "Minimum": 5})  # a 2 % minimum card
    uk_card = {"id": "V-UKCARD", "name": "Megan Price", "country": "England", "as_of": "2026-11-01",
               "plan_start": "2026-12-01", "monthly_budget": 105, "income": [{"Source": "Salary", "Amount": 1500}],
               "expenses": [{"Category": "Rent", "Amount": 1200}],
               "debts": [{"Name": "Card", "Type": "Credit card", "Balance": 4200, "APR": 0.249, "Minimum": 105}]}
    us = {"id": "V-US", "name": "Jordan Ellis", "country": "United States", "as_of": "2026-11-01",
          "address": "2148 Alder Street, Portland, OR 97205", "plan_start": "2026-12-01",
          "firm": {"Firm name": "Cascade Credit Counseling", "Payment method": "by ACH transfer on the 1st"},
          "income": [{"Source": "Wages (net)", "Amount": 1650, "Frequency": "biweekly", "Gross": 2100},
                     {"Source": "Side work", "Amount": 400, "Frequency": "semimonthly"}],
          "expenses": [{"Category": "Rent", "Amount": 2100, "Housing": "Yes"}, {"Category": "Utilities", "Amount": 240},
                       {"Category": "Groceries", "Amount": 650}, {"Category": "Car insurance and gas", "Amount": 310},
                       {"Category": "Health insurance", "Amount": 280}],
          "debts": [{"Name": "Auto loan", "Legal name": "Evergreen Auto Credit LLC", "Type": "Auto loan",
                     "Balance": 14200, "APR": 0.079, "Minimum": 385},
                    {"Name": "Visa", "Legal name": "Columbia River Bank, N.A.", "Account number": "4147 20** **** 0981",
                     "Type": "Credit card", "Balance": 8600, "APR": 0.2499, "Minimum": 258, "Arrears": 516,
                     "Concession": "Reduced rate", "Concession rate": 0.08},
                    {"Name": "Discover", "Legal name": "Summit Card Services LLC", "Type": "Credit card",
                     "Balance": 5200, "APR": 0.2299, "Minimum": 156, "Arrears": 156, "Concession": "Reduced rate",
                     "Concession rate": 0.09},
                    {"Name": "Medical", "Legal name": "Providence Valley Hospital", "Type": "Medical bill",
                     "Balance": 2300, "APR": 0, "Minimum": 75}]}
    crisis = _variant(0, "V-MHC", payments=[], breathing_space_type="Mental health crisis",
                      breathing_space_start="2026-10-05")
    settlement = _variant(0, "V-SETTLE", lump_sum=9000, payments=[], extra_payments=[])
    settlement["expenses"][4]["Amount"] = 600  # childcare up: a plan would take 110 months
    named = _variant(0, "V-NAME", name=INJECTED)
    return [*copy.deepcopy(SAMPLES), deficit, surplus, priority, minimum, uk_card, us, crisis, settlement, named]


VARIANTS = _variants()
IDS = [c["id"] for c in VARIANTS]
KINDS = {"C-1001": "Debt management plan", "C-1002": "Self-managed plan", "C-1003": "Token payments",
         "V-DEFICIT": "Token payments", "V-SURPLUS": "Self-managed plan", "V-PRIORITY": "Self-managed plan",
         "V-MIN2": "Self-managed plan", "V-UKCARD": "Self-managed plan", "V-US": "Debt management plan",
         "V-MHC": "Debt management plan", "V-SETTLE": "Full and final settlement", "V-NAME": "Debt management plan"}
PROMISED = {"Debt management plan", "Self-managed plan", "Full and final settlement"}


#: The variants written here; the sample clients are the demo's own workbooks (conftest's ``demo_out``):
#: `debtdesk demo` builds each from its inputs and runs the same Regenerate macro on it, letters beside it.
WRITTEN_HERE = VARIANTS[len(SAMPLES):]


def _write_variants(out: Path) -> None:
    for client in WRITTEN_HERE:
        book = client_workbook(client, documents_dir=out / f"{client['id']} documents")
        run("regenerate", book)
        book.save(out / f"{client['id']}.xlsx")


@pytest.fixture(scope="module")
def written(demo_out, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Each variant regenerated by the ribbon's Regenerate macro (once per test run): workbook path, letters folder."""
    out = once(tmp_path_factory, "one-case", _write_variants)
    folders = {c["id"]: demo_out / "clients" for c in SAMPLES} | {c["id"]: out for c in WRITTEN_HERE}
    return {key: (folder / f"{key}.xlsx", folder / f"{key} documents") for key, folder in folders.items()}


@pytest.fixture(scope="module")
def recalculated(written, recalculated, tmp_path_factory) -> dict[str, Path]:
    """Each variant's workbook as LibreOffice recalculated it: the demo's copies (conftest), the others in one start."""
    require_libreoffice()
    files = [written[c["id"]][0] for c in WRITTEN_HERE]
    out = once(tmp_path_factory, "one-case-lo", lambda folder: recalculate(files, folder))
    return {c["id"]: recalculated[f"{c['id']}.xlsx"] for c in SAMPLES} | {p.stem: out / "recalculated" / p.name
                                                                          for p in files}


class Written:
    """The figures one written client workbook and its letters state, read back from the files.

    Read once per test process for each workbook (:func:`read_back`): the tests only look.
    """

    def __init__(self, recalculated: Path, folder: Path):
        self.wb = openpyxl.load_workbook(recalculated, data_only=True)
        self.letters = {p.stem.split(" ", 1)[1]: "\n".join(docx_text(p.read_bytes()))
                        for p in sorted(folder.glob("*.docx"))}
        #: The same letters' PDFs, page by page (running head and footer included), and their text.
        self.pdfs = {p.stem.split(" ", 1)[1]: PdfReader(p) for p in sorted(folder.glob("*.pdf"))}
        self.pages_text = {p.stem.split(" ", 1)[1]: pages_text(p) for p in sorted(folder.glob("*.pdf"))}
        self.pdf_text = {k: " ".join(" ".join(pages).split()) for k, pages in self.pages_text.items()}

    def table(self, name: str) -> list[dict]:
        for ws in self.wb.worksheets:
            if name in ws.tables:
                min_col, min_row, max_col, max_row = openpyxl.utils.range_boundaries(ws.tables[name].ref)
                rows = list(ws.iter_rows(min_row=min_row, max_row=max_row + 1, min_col=min_col, max_col=max_col,
                                         values_only=True))
                return [dict(zip(rows[0], r)) for r in rows[1:]]  # the row below: a total row, if any
        return []

    def metric(self, metric: str):
        return next(r["Value"] for r in self.table("Assessment") if r["Metric"] == metric)

    def item(self, item: str):
        rows = [r for r in self.table("Budget") if r["Item"] == item]
        return rows[0]["Amount"] if rows else None

    def sentences(self) -> list[str]:
        """Every text on the client's Summary page, row by row (the headline, then its tables)."""
        ws = self.wb["Summary"]
        return [" ".join(str(c) for c in row if isinstance(c, str)) for row in ws.iter_rows(values_only=True)
                if any(isinstance(c, str) for c in row)]


@functools.cache
def read_back(recalculated: Path, folder: Path) -> Written:
    """:class:`Written` for a recalculated workbook and its letters' folder, read once per test process."""
    return Written(recalculated, folder)


@pytest.fixture(scope="module", autouse=True)
def _forget_read_back():
    """The workbooks and letters :func:`read_back` keeps are let go when this module's tests are done: held
    for the rest of the run, their objects would slow every later garbage collection of this test process."""
    yield
    read_back.cache_clear()


def _money(text: str) -> list[float]:
    return [float(m.replace(",", "")) for m in re.findall(r"[£$]([0-9,]+\.[0-9]{2})", text)]


def _month(value) -> str | None:
    return None if value is None else f"{value:%B %Y}"


@pytest.mark.libreoffice
@pytest.mark.slow  # its fixtures write and recalculate nine workbooks (and the demo's three): run early, so no core waits on it at the end
@pytest.mark.parametrize("client", VARIANTS, ids=IDS)
def test_every_output_states_the_same_plan(written, recalculated, client):
    out = read_back(recalculated[client["id"]], written[client["id"]][1])
    assert error_cells(recalculated[client["id"]]) == []
    kind = KINDS[client["id"]]
    symbol = "$" if client.get("country") == "United States" else "£"
    title = out.wb["Plan"]["A1"].value
    assert title.startswith(f"{kind}: ")

    # The monthly payment: Assessment, the Plan's title and its creditors' total, the summary, progress.
    payment = out.metric("Plan's monthly payment")
    creditors = [r for r in out.table("Plan") if r["Creditor"] not in (None, "Total")]
    total = next(r for r in out.table("Plan") if r["Creditor"] == "Total")
    assert f"{symbol}{payment:,.2f} a month" in title
    assert total["Monthly payment"] == pytest.approx(payment, abs=0.001)
    sentences = out.sentences()
    summary = " ".join(sentences)
    if kind == "Token payments":
        token = out.table("Settings")[7]["Value"]
        assert all(r["Monthly payment"] == token for r in creditors)
        assert f"a token {symbol}{token:,.2f} a month" in summary or "breathing space" in summary
    elif kind != "Full and final settlement":
        assert f"{symbol}{payment:,.2f} a month" in summary
    months_table = out.table("PlanPayments")
    first_month = months_table[0]["Total"]
    assert first_month == pytest.approx(payment, abs=0.001)
    progress = out.table("Progress")
    if progress:
        assert progress[0]["Planned"] == pytest.approx(first_month, abs=0.001)

    # Per-creditor offers and the interest assumption: Plan, Budget, Proposals and every letter.
    proposals = {r["Creditor"]: r for r in out.table("Proposals") if r["Creditor"] not in (None, "Total")}
    offers = {r["Creditor"]: r["Monthly payment"] for r in creditors}
    if kind == "Debt management plan":
        budget = {r["Creditor"]: r["Amount"] for r in out.table("Budget") if r["Item"] == "Non-priority offer"}
        assert budget == offers and out.item("Available for non-priority debts") == pytest.approx(payment, abs=0.001)
    if kind in ("Debt management plan", "Token payments", "Full and final settlement"):
        assert {c: r["Monthly offer"] for c, r in proposals.items()} == offers
        assert {c: r["Interest assumption"] for c, r in proposals.items()} == {
            r["Creditor"]: r["Interest assumption"] for r in creditors}
        assert sorted(out.letters) == sorted(c.replace(" ", "-") for c in offers)
        for creditor, offer in offers.items():
            letter = out.letters[creditor.replace(" ", "-")]
            assert offer in _money(letter), creditor
            assumption = proposals[creditor]["Interest assumption"]
            if "breathing space" not in letter and kind == "Debt management plan":
                words = ("freeze interest and charges" if assumption == "interest frozen" else
                         f"reduce the interest rate to {assumption.rsplit(' ', 1)[-1]}"
                         if assumption.startswith("interest reduced") else "contract rate of interest")
                assert words in letter, creditor
    else:
        assert proposals == {} and out.letters == {}

    # The debt-free month: Plan title and payoff dates, the summary, the comparison, the chart's data,
    # the budget's months and each letter's "cleared ... by".
    promised = kind in PROMISED and client.get("breathing_space_type") != "Mental health crisis"
    if promised:
        month = re.search(r"debt-free by (\w+ \d{4})", title).group(1)
        assert _month(max(r["Payoff date"] for r in creditors)) == month
        assert f"by {month}" in summary or f"settled in {month}" in summary
        assert _month(out.table("Compare")[0]["Debt-free date"]) == month if out.table("Compare") else True
        assert out.wb["Summary"]["A1"].value.endswith(f": debt-free by {month}")  # the client's headline
        balances = out.table("Balances")
        if balances:
            chart, ws = out.wb["Summary"]._charts[0], out.wb["Compare"]
            min_col, min_row, max_col, max_row = openpyxl.utils.range_boundaries(ws.tables["Balances"].ref)
            # The chart draws the Balances table, the plan's own column first (LibreOffice's copy keeps the
            # header as the series title, so its values start a row lower).
            column = openpyxl.utils.get_column_letter(min_col + 1)
            assert chart.series[0].val.numRef.f.endswith((f"${column}${min_row}:${column}${max_row}",
                                                          f"${column}${min_row + 1}:${column}${max_row}"))
            plan_column = list(balances[0])[1]
            zero = next(r["Month"] for r in balances if r[plan_column] == 0)
            assert zero == len(months_table) - 1  # PlanPayments has one row per month, then its total
        priority = {r["Creditor"] for r in out.table("Budget") if r["Item"] == "Priority offer"}
        others = [r["Payoff month"] for r in creditors if r["Creditor"] not in priority]
        assert out.item("Months to clear non-priority debts") == (max(others) if others else None)
        for creditor, letter in out.letters.items():
            row = next(r for r in creditors if r["Creditor"].replace(" ", "-") == creditor)
            if "cleared in" in letter:
                assert f"by {_month(row['Payoff date'])}" in letter
    else:
        assert "no debt-free date can be given" in title
        assert "debt-free" not in summary
        assert out.item("Months to clear non-priority debts") is None
        assert not out.table("Balances") and not out.wb["Summary"]._charts
        projected = [r for r in out.table("ProgressSummary") if r["Item"] == "Projected debt-free date"]
        assert all(r["Value"] is None for r in projected)
        for letter in out.letters.values():
            assert "cleared in" not in letter and "debt-free" not in letter
    if kind == "Token payments":  # nothing above the token amount anywhere
        token = out.table("Settings")[7]["Value"]
        assert max(offers.values()) <= token and max(r["Monthly offer"] for r in proposals.values()) <= token
        for letter in out.letters.values():
            offered = re.findall(r"(?:offer|proposes|token payment of) [^.]*?[£$]([0-9,.]+) a month", letter)
            assert offered and all(float(x.replace(",", "")) <= token for x in offered)
        assert "Paying" not in summary


@pytest.mark.libreoffice
def test_the_uk_card_on_effective_rates_is_75_months_and_3612_23_in_the_workbook(written, recalculated):
    out = read_back(recalculated["V-UKCARD"], written["V-UKCARD"][1])
    total = next(r for r in out.table("Plan") if r["Creditor"] == "Total")
    assert total["Interest"] == pytest.approx(3612.23, abs=0.001)
    assert len(out.table("PlanPayments")) - 1 == 75
    assert "debt-free by February 2033" in " ".join(out.sentences())
    assert "February 2033, in 75 months" in " ".join(out.sentences())


@pytest.mark.libreoffice
def test_a_us_client_is_in_dollars_on_nominal_rates(written, recalculated):
    out = read_back(recalculated["V-US"], written["V-US"][1])
    assert out.metric("Monthly income (take-home)") == 4375.0  # 1,650 biweekly + 400 semimonthly
    assert "$410.00 a month" in out.wb["Plan"]["A1"].value
    assert "Debt Relief Orders do not apply in United States" in [c.value for c in out.wb["Assessment"]["A"]]
    letter = out.letters["Visa"]
    assert "Columbia River Bank, N.A." in letter and "reduce the interest rate to 8.0%" in letter
    assert "Standard Financial Statement" not in letter


@pytest.mark.libreoffice
def test_a_formula_looking_client_name_stays_text_everywhere(written, recalculated):
    out = read_back(recalculated["V-NAME"], written["V-NAME"][1])
    assert out.wb["Summary"]["A1"].value.startswith(f"{INJECTED}: debt-free by ")
    assert out.wb["Assessment"]["A1"].value.startswith(f"Assessment of {INJECTED}")
    assert all(INJECTED in letter for letter in out.letters.values())
    raw = openpyxl.load_workbook(written["V-NAME"][0])
    for ws in raw.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and INJECTED in cell.value and cell.value.startswith("="):
                    assert cell.data_type == "s" and cell.quotePrefix, f"{ws.title}!{cell.coordinate}"


def _long(day) -> str:
    return f"{day.day} {day:%B %Y}"


@pytest.mark.libreoffice
@pytest.mark.parametrize("client", VARIANTS, ids=IDS)
def test_each_letter_says_in_both_files_what_the_sheets_and_the_summary_say(written, recalculated, client):
    """Creditor, account, offer, start and review dates, read back from the .docx and the PDF, are the
    Debts, Proposals and Plan sheets' and the client's Summary's; the PDF is on the country's paper."""
    out = read_back(recalculated[client["id"]], written[client["id"]][1])
    proposals = [r for r in out.table("Proposals") if r["Creditor"] not in (None, "Total") and r.get("Letter")]
    assert sorted(out.letters) == sorted(out.pdfs) == sorted(r["Letter"][:-5].split(" ", 1)[1] for r in proposals)
    if not proposals:
        return
    us = client.get("country") == "United States"
    symbol, paper = ("$", (612, 792)) if us else ("£", (595, 842))
    debts = {r["Name"]: r for r in out.table("Debts")}
    glance = {r["Your plan"]: r["At a glance"] for r in out.table("Glance")}
    review = re.search(r"by (\d+ \w+ \d{4})", glance.get("Next review", ""))
    first = out.table("PlanPayments")[0]["Date"]
    cleared = []
    for row in proposals:
        key = row["Letter"][:-5].split(" ", 1)[1]
        debt = debts[row["Creditor"]]
        for text in (" ".join(out.letters[key].split()), out.pdf_text[key]):
            assert (debt.get("Legal name") or row["Creditor"]) in text, key
            assert not debt.get("Account number") or f"Your reference: {debt['Account number']}" in text, key
            held = "breathing space" in text  # a holding letter: the protection, then the proposal when it ends
            if row["Monthly offer"] > 0:
                assert f"{symbol}{row['Monthly offer']:,.2f}" in text, key
                if row["Kind of letter"] != "Settlement" and first is not None and not held:
                    assert f"{symbol}{row['Monthly offer']:,.2f} a month" in text and f"from {_long(first)}" in text
            if review and not held and row["Kind of letter"] != "Settlement":
                assert f"by {review.group(1)}" in text, key  # the plan's review, as the Summary gives it
            if row["Monthly offer"] == 0:
                assert "accept this proposal" not in text and "accept these token payments" not in text
        cleared += re.findall(r"cleared in \d+ months?, by (\w+ \d{4})", out.pdf_text[key])
        pages = out.pdfs[key].pages
        assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages} == {paper}
        assert all(f"Page {i} of {len(pages)}" in t for i, t in enumerate(out.pages_text[key], start=1))
    headline = out.wb["Summary"]["A1"].value
    if cleared and len(cleared) == len(proposals):  # the last creditor cleared is the client's debt-free month
        latest = max(cleared, key=lambda m: (int(m[-4:]), list(calendar.month_name).index(m.split()[0])))
        assert headline.endswith(f"debt-free by {latest}")


def test_every_letter_passes_the_open_xml_validator(written):
    letters = sorted(p for _, folder in written.values() for p in folder.glob("*.docx"))
    assert len(letters) >= 20
    errors = validate_or_skip(letters)
    assert {p.name: [str(e) for e in found] for p, found in errors.items() if found} == {}
