"""DebtDesk inside workbooks no one here wrote: Excel-authored files from public test suites.

Each file of tests/corpus (pivot tables, VBA, charts and chart sheets, images, comments,
form controls, data validation, defined names, OLE attachments, custom XML; origins and
licences in tests/corpus/README.md) gets DebtDesk's client or collections input tables,
is regenerated in place (``.xlsm`` files stay ``.xlsm``), and a collections workbook then
takes single headless actions (Log contact, Check promises, Dunning letters) one session
each. Then:

- every part of the original is byte-identical in the result, but for the four package parts
  that list DebtDesk's sheets (content types, workbook, its relationships, styles) and the
  calculation chain, which is dropped;
- DebtDesk's sheets hold the same numbers as in a workbook DebtDesk made on its own, and the
  schedule reconciles to the loan;
- LibreOffice opens and recalculates the result with no error cell the original did not have;
- the Open XML SDK's validator reports no error the original did not already have (DebtDesk's own
  workbook is validated whole, so in a result the cells of DebtDesk's sheets that are its own, style
  numbers aside, are checked for their style numbers only);
- every relationship in the result points at a part that exists.

LibreOffice and the validator look at an original only when its result shows an error cell or a
validation error (a result without one has nothing new). Each half of the corpus (client,
collections) is made once per test run, so two pytest-xdist workers check the halves side by side.
"""

from __future__ import annotations

import collections
import functools
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import debtdesk.macros  # noqa: F401  (registers the macros)
from conftest import once, require_libreoffice
from debtdesk.errors import DebtDeskError
from debtdesk.macros.registry import run
from debtdesk.workbooks.filebook import FileBook
from debtdesk.workbooks.ooxml import Package
from debtdesk.workbooks.regenerate import refresh_in_place
from debtdesk.workbooks.samples import SAMPLE_AS_OF, sample_clients, sample_collections_inputs, sample_ledger
from debtdesk.workbooks.template import client_workbook, collections_workbook
from libreoffice import recalculated_errors
from ooxml_validator import cells_checked_once, sheet_parts, validate_or_skip
from test_collections_macros import fill_new_contact
from test_untrusted_workbooks import with_part

pytestmark = pytest.mark.slow  # about a third of the suite's time: conftest runs it first
CORPUS = Path(__file__).parent / "corpus"
#: Refused, as it must be: it has a sheet "lists", and DebtDesk's dropdown sheet is "Lists".
CLASHES = {"poi-56644.xlsx": "DebtDesk's sheet 'Lists' clashes with the sheet 'lists' (Excel ignores case in sheet names)"}
FILES = sorted(p.name for p in CORPUS.glob("*.xls[xm]") if p.name not in CLASHES)
#: Parts a DebtDesk save rewrites (they list DebtDesk's sheets) or drops (the calculation chain).
PACKAGE_PARTS = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}
DROPPED = {"xl/calcChain.xml"}
CONTACT = {"Customer": "Calder Valley Builders Ltd", "Contact Time": "2026-11-02 10:00", "Type": "letter",
           "Consultant": "Daniel Okafor"}
#: The tables compared with DebtDesk's own workbook, by kind.
COMPARED = {"client": ("Assessment", "Budget", "Schedule", "Plan", "Compare", "Progress"),
            "collections": ("Ageing", "AgeingDetail", "Worklist", "KPI", "Promises", "KeptRate", "Dunning")}


def kind_of(name: str) -> str:
    """Half the corpus gets a client's inputs, half a collections ledger's."""
    return "client" if FILES.index(name) % 2 == 0 else "collections"


def corpus_collections() -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The demo firm's ledger and exports cut to four customers: one with a promise and a dispute, one
    abroad with a promise, the one whose contact is logged here, and the consumer.

    The corpus is about living beside what firms keep in their workbooks, not ledger size (the demo's
    whole ledger is checked by test_collections_workbook and test_print_ready); the cut keeps every
    kind of account, and what the validator and LibreOffice read 13 times is kept small.
    """
    keep = {"Mersey Print & Pack Ltd", "Pacific Coast Outfitters Inc.", CONTACT["Customer"], "David Ellison"}
    ledger, inputs = sample_ledger(), sample_collections_inputs()
    cut = {name: frame[frame["Customer"].isin(keep)].reset_index(drop=True) for name, frame in inputs.items()}
    return ledger[ledger["Customer"].isin(keep)].reset_index(drop=True), cut


def debtdesk_session(path: Path, kind: str, documents: Path) -> None:
    """What an adviser or collections team does: add the inputs, regenerate in place, then press buttons."""
    book = FileBook(path)
    if kind == "client":
        client_workbook(sample_clients()[0], book=book)
    else:
        ledger, inputs = corpus_collections()
        collections_workbook(ledger, SAMPLE_AS_OF, book=book, **inputs)
    book.save(path)
    refresh_in_place(path)
    if kind == "collections":
        for action in ("log_contact", "check_promises", "dunning_letters"):
            book = FileBook(path, documents_dir=documents)
            if action == "log_contact":
                fill_new_contact(book, CONTACT)
            run(action, book)
            book.save(path)


def make_corpus(kind: str, folder: Path) -> None:
    """Every corpus file of ``kind`` after DebtDesk's sessions, and DebtDesk's own workbook of that kind."""
    for name in FILES:
        if kind_of(name) == kind:
            target = folder / name
            shutil.copy2(CORPUS / name, target)
            debtdesk_session(target, kind, folder / "documents")
    reference = folder / f"reference-{kind}.xlsx"
    FileBook().save(reference)
    debtdesk_session(reference, kind, folder / "documents")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict[str, Path]:
    """Original name -> the workbook after DebtDesk's sessions; "reference-<kind>" -> DebtDesk's own.

    Each half (client, collections) is made once per test run, by whichever xdist worker asks first,
    and only when a test asks for a file of it.
    """
    return Corpus(tmp_path_factory)


class Corpus(dict):
    """The corpus results, each half made on first use (see :func:`corpus`)."""

    def __init__(self, tmp_path_factory):
        super().__init__()
        self.factory = tmp_path_factory

    def __missing__(self, key: str) -> Path:
        kind = key.split("-", 1)[1] if key.startswith("reference-") else kind_of(key)
        folder = once(self.factory, f"corpus-{kind}", lambda folder: make_corpus(kind, folder))
        self.update({n: folder / n for n in FILES if kind_of(n) == kind})
        self[f"reference-{kind}"] = folder / f"reference-{kind}.xlsx"
        return self[key]

    def of(self, kind: str) -> list[str]:
        """The corpus files of ``kind``, their half made."""
        self[f"reference-{kind}"]  # noqa: B018  (made on first use)
        return [n for n in FILES if kind_of(n) == kind]


KINDS = ("client", "collections")


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:  # folder entries some zip tools add are not parts
        return {n: z.read(n) for n in z.namelist() if not n.endswith("/")}


@pytest.mark.parametrize("name", FILES)
def test_every_part_of_the_firms_workbook_is_kept_byte_for_byte(corpus, name):
    before, after = parts(CORPUS / name), parts(corpus[name])
    missing = set(before) - set(after)
    changed = {n for n in set(before) & set(after) if before[n] != after[n]}
    assert missing <= DROPPED, f"parts lost: {sorted(missing - DROPPED)}"
    assert changed <= PACKAGE_PARTS, f"parts of the firm's changed: {sorted(changed - PACKAGE_PARTS)}"
    if "xl/vbaProject.bin" in before:  # an .xlsm refreshed in place keeps its macros
        assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]


@functools.cache
def own_tables(path: Path, kind: str) -> dict[str, pd.DataFrame]:
    """The compared tables of DebtDesk's own workbook of ``kind`` at ``path``, read once per test process."""
    book = FileBook(path)
    return {table: book.read_table(table) for table in COMPARED[kind]}


@pytest.mark.parametrize("name", FILES)
def test_debtdesks_sheets_hold_the_same_numbers_as_in_its_own_workbook(corpus, name):
    kind = kind_of(name)
    ours, theirs = own_tables(corpus[f"reference-{kind}"], kind), FileBook(corpus[name])
    for table in COMPARED[kind]:
        pd.testing.assert_frame_equal(theirs.read_table(table), ours[table], obj=f"{name} {table}")
    if kind == "client":  # and the numbers are the engine's: the schedule repays the loan to the cent
        schedule = theirs.read_table("Schedule")
        loan = sample_clients()[0]["loan"]
        principal = next(v for k, v in loan.items() if k.lower() in ("principal", "amount", "loan amount"))
        assert round(sum(schedule["Principal"]), 2) == pytest.approx(principal, abs=0.005)
        assert schedule["Balance"].iloc[-1] == 0
    else:
        logged = theirs.read_table("Contacts")
        assert logged.iloc[-1]["Customer"] == "Calder Valley Builders Ltd" and logged.iloc[-1]["Type"] == "letter"


@pytest.mark.parametrize("kind", KINDS)
def test_every_relationship_points_at_a_part_that_exists(corpus, kind):
    broken = []
    for name in corpus.of(kind) + [f"reference-{kind}"]:
        with Package.open(corpus[name]) as package:
            for part in [""] + list(package.infos):
                for rel in package.rels(part) if not part.endswith(".rels") else []:
                    if not rel.external and rel.target not in package:
                        broken.append(f"{name}: {part or '(root)'} -> {rel.target}")
    assert broken == []


@pytest.mark.libreoffice
def test_libreoffice_recalculates_every_result_without_new_error_cells(corpus, tmp_path):
    """Every result of both halves in one LibreOffice run (a start costs about a second); the originals are
    recalculated too, in one more run, but only those whose result shows an error cell.

    A workbook that must show two error cells goes in the same LibreOffice run, so the check is seen
    to find errors where they are.
    """
    require_libreoffice()
    names = [n for kind in KINDS for n in corpus.of(kind)]
    broken = openpyxl.Workbook()
    broken.active.title, broken.active["C3"], broken.active["B1"] = "Q1, draft", "=1/0", "=NOSUCHFUNCTION(1)"
    broken.save(tmp_path / "broken.xlsx")
    found = recalculated_errors([tmp_path / "broken.xlsx"] + [corpus[n] for n in names], tmp_path / "results")
    assert found.pop(tmp_path / "broken.xlsx") == ["Q1, draft!B1='#NAME?'", "Q1, draft!C3='#DIV/0!'"]
    errors = {n: set(found[corpus[n]]) for n in names}
    suspects = [n for n in names if errors[n]]
    originals = recalculated_errors([CORPUS / n for n in suspects], tmp_path / "originals") if suspects else {}
    new = {n: sorted(errors[n] - set(originals[CORPUS / n]))[:5] for n in suspects}
    assert {n: e for n, e in new.items() if e} == {}


def out_of_range_style(result: Path, copy: Path, folder: Path) -> tuple[Path, str]:
    """A copy of ``result`` in ``folder`` whose first sheet not validated again in ``copy`` (see
    :func:`cells_checked_once`) gives its first styled cell a style number past the end of the cell formats;
    and that sheet's part."""
    with zipfile.ZipFile(result) as source, zipfile.ZipFile(copy) as checked:
        part = next(p for p in sheet_parts(result).values() if source.read(p) != checked.read(p))
        data = re.sub(rb'(<c [^>]*?) s="\d+"', rb'\1 s="4000"', source.read(part), count=1)
    folder.mkdir()
    return with_part(result, folder / result.name, part, data), part


@pytest.mark.parametrize("kind", KINDS)
def test_the_open_xml_validator_finds_no_error_the_original_did_not_have(corpus, kind, tmp_path):
    """DebtDesk's own workbook is validated whole; in each result, the cells of DebtDesk's sheets that are those of
    its own workbook (style numbers aside) are not validated again, but their style numbers are
    (:func:`cells_checked_once`). The originals are validated too, but only those whose result has an error.

    A result given a style number that is no cell format, in a sheet whose cells are not validated again, goes in
    the same run, so the check is seen to find that error.
    """
    names, reference = corpus.of(kind), corpus[f"reference-{kind}"]
    copies = {n: cells_checked_once(corpus[n], reference, tmp_path / "copies") for n in names}
    doctored, part = out_of_range_style(corpus[names[0]], copies[names[0]], tmp_path / "doctored")
    doctored = cells_checked_once(doctored, reference, tmp_path / "doctored-copy")
    ours = set(sheet_parts(reference))
    for name in names:  # only DebtDesk's sheets are cut down, and not the Journal, whose cells say when it ran
        theirs, before = sheet_parts(corpus[name]), parts(corpus[name])
        cut = {p for p, data in parts(copies[name]).items() if before[p] != data}
        assert cut and cut <= {theirs[s] for s in (ours & set(theirs)) - {"Journal"}}, name
    found = validate_or_skip([reference, doctored] + list(copies.values()))
    assert found.pop(reference) == []
    found = {n: found[copies[n]] for n in names} | {"doctored": found[doctored]}
    errors = {n: collections.Counter((e.id, e.part, e.description) for e in found[n]) for n in found}
    assert [(i, p) for i, p, _ in errors.pop("doctored") - errors[names[0]]] == [("Sem_MissingIndexedElement", f"/{part}")]
    suspects = [n for n in names if errors[n]]
    had_found = validate_or_skip([CORPUS / n for n in suspects]) if suspects else {}
    had = {n: collections.Counter((e.id, e.part, e.description) for e in had_found[CORPUS / n]) for n in suspects}
    new = {n: [" ".join(k) for k in errors[n] - had[n]][:5] for n in suspects}
    assert {n: e for n, e in new.items() if e} == {}


def test_the_corpus_covers_what_firms_keep_in_their_workbooks():
    held = collections.defaultdict(list)
    for name in FILES:
        listing = " ".join(zipfile.ZipFile(CORPUS / name).namelist())
        sheets = b" ".join(data for n, data in parts(CORPUS / name).items() if n.startswith("xl/worksheets/sheet"))
        workbook = parts(CORPUS / name)["xl/workbook.xml"]
        for feature, present in {
            "pivot table": "pivotTable" in listing, "VBA": "vbaProject.bin" in listing, "chart": "charts/chart" in listing,
            "chart sheet": "chartsheets/" in listing, "image": "media/" in listing, "comments": "comments" in listing,
            "OLE object": "embeddings/" in listing, "custom XML": "customXml/" in listing or "xmlMaps" in listing,
            "data validation": b"<dataValidation" in sheets, "defined names": b"<definedName " in workbook,
            "form or ActiveX controls": "ctrlProps/" in listing or "activeX/" in listing,
        }.items():
            if present:
                held[feature].append(name)
    assert len(FILES) >= 20
    assert {f: len(n) for f, n in held.items() if len(n) < 2} == {}, "each feature in at least two workbooks"
    assert len(held) == 11


@pytest.mark.parametrize("name", sorted(CLASHES))
def test_a_firm_sheet_named_like_debtdesks_but_for_case_is_refused(tmp_path, name):
    target = tmp_path / name
    shutil.copy2(CORPUS / name, target)
    before = target.read_bytes()
    with pytest.raises(DebtDeskError, match=CLASHES[name].replace("(", r"\(").replace(")", r"\)")):
        debtdesk_session(target, "client", tmp_path / "documents")
    assert target.read_bytes() == before
