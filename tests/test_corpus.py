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
- the Open XML SDK's validator reports no error the original did not already have;
- every relationship in the result points at a part that exists.
"""

from __future__ import annotations

import collections
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import debtdesk.macros  # noqa: F401  (registers the macros)
from conftest import require_libreoffice
from debtdesk.errors import DebtDeskError
from debtdesk.macros.registry import run
from debtdesk.workbooks.filebook import FileBook
from debtdesk.workbooks.ooxml import Package
from debtdesk.workbooks.regenerate import refresh_in_place
from debtdesk.workbooks.samples import SAMPLE_AS_OF, sample_clients, sample_collections_inputs, sample_ledger
from debtdesk.workbooks.template import client_workbook, collections_workbook
from libreoffice import error_cells, recalculate
from ooxml_validator import validate_or_skip
from test_collections_macros import fill_new_contact

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


def debtdesk_session(path: Path, kind: str, documents: Path) -> None:
    """What an adviser or collections team does: add the inputs, regenerate in place, then press buttons."""
    book = FileBook(path)
    if kind == "client":
        client_workbook(sample_clients()[0], book=book)
    else:
        collections_workbook(sample_ledger(), SAMPLE_AS_OF, book=book, **sample_collections_inputs())
    book.save(path)
    refresh_in_place(path)
    if kind == "collections":
        for action in ("log_contact", "check_promises", "dunning_letters"):
            book = FileBook(path, documents_dir=documents)
            if action == "log_contact":
                fill_new_contact(book, CONTACT)
            run(action, book)
            book.save(path)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    """Original name -> the workbook after DebtDesk's sessions; "reference-<kind>" -> DebtDesk's own."""
    folder = tmp_path_factory.mktemp("corpus")
    out = {}
    for name in FILES:
        target = folder / f"{Path(name).stem}-refreshed{Path(name).suffix}"
        shutil.copy2(CORPUS / name, target)
        debtdesk_session(target, kind_of(name), folder / "documents")
        out[name] = target
    for kind in ("client", "collections"):
        reference = folder / f"reference-{kind}.xlsx"
        FileBook().save(reference)
        debtdesk_session(reference, kind, folder / "documents")
        out[f"reference-{kind}"] = reference
    return out


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


@pytest.mark.parametrize("name", FILES)
def test_debtdesks_sheets_hold_the_same_numbers_as_in_its_own_workbook(corpus, name):
    kind = kind_of(name)
    ours, theirs = FileBook(corpus[f"reference-{kind}"]), FileBook(corpus[name])
    for table in COMPARED[kind]:
        pd.testing.assert_frame_equal(theirs.read_table(table), ours.read_table(table), obj=f"{name} {table}")
    if kind == "client":  # and the numbers are the engine's: the schedule repays the loan to the cent
        schedule = theirs.read_table("Schedule")
        loan = sample_clients()[0]["loan"]
        principal = next(v for k, v in loan.items() if k.lower() in ("principal", "amount", "loan amount"))
        assert round(sum(schedule["Principal"]), 2) == pytest.approx(principal, abs=0.005)
        assert schedule["Balance"].iloc[-1] == 0
    else:
        logged = theirs.read_table("Contacts")
        assert logged.iloc[-1]["Customer"] == "Calder Valley Builders Ltd" and logged.iloc[-1]["Type"] == "letter"


def test_every_relationship_points_at_a_part_that_exists(corpus):
    broken = []
    for name, path in corpus.items():
        with Package.open(path) as package:
            for part in [""] + list(package.infos):
                for rel in package.rels(part) if not part.endswith(".rels") else []:
                    if not rel.external and rel.target not in package:
                        broken.append(f"{name}: {part or '(root)'} -> {rel.target}")
    assert broken == []


@pytest.mark.libreoffice
def test_libreoffice_recalculates_every_result_without_new_error_cells(corpus, tmp_path):
    require_libreoffice()
    originals = [CORPUS / n for n in FILES]
    results = [corpus[n] for n in FILES]
    copies = recalculate(originals + results, tmp_path)  # one LibreOffice start for all of them
    new = {}
    for name, original, result in zip(FILES, originals, results):
        errors = set(error_cells(copies[result])) - set(error_cells(copies[original]))
        if errors:
            new[name] = sorted(errors)[:5]
    assert new == {}


def test_the_open_xml_validator_finds_no_error_the_original_did_not_have(corpus):
    originals = [CORPUS / n for n in FILES]
    found = validate_or_skip(originals + [corpus[n] for n in FILES] + [corpus["reference-client"]])
    new = {}
    for name, original in zip(FILES, originals):
        had = collections.Counter((e.id, e.part, e.description) for e in found[original])
        now = collections.Counter((e.id, e.part, e.description) for e in found[corpus[name]])
        if now - had:
            new[name] = [" ".join(k) for k in (now - had)][:5]
    assert new == {}


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
