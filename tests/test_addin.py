"""DebtDesk.xlam: ribbon XML against Microsoft's schema, the package, the VBA decoded back
with olevba, the settings sheet, the xlwings pin, and the Python dispatcher."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from oletools.olevba import VBA_Parser
from python_calamine import CalamineWorkbook

from debtdesk.addin import build
from debtdesk.addin.build import PROJECT_NAME, build_addin, check_xlwings, pinned_xlwings
from debtdesk.addin.ribbon import CALLBACK, CALLBACK_MODULE, NAMESPACE, PART, RELATIONSHIP_TYPE, ribbon_xml
from debtdesk.errors import DebtDeskError
from debtdesk.macros import dispatch, registry
from debtdesk.macros.registry import BUTTONS, GROUPS, Button
from debtdesk.workbooks.filebook import FileBook

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "schemas"
NS = {"ui": NAMESPACE}
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

#: The DebtDesk tab as DESIGN.md §5 lists it, transcribed by hand.
DESIGN_TAB = {
    "Client": ["Assess client", "Build plan", "Compare strategies", "Creditor proposals", "Record payments"],
    "Collections": ["Refresh ageing", "Build worklist", "Log contact", "Check promises", "KPI dashboard",
                    "Dunning letters"],
    "Workbook": ["New client workbook", "Regenerate", "Help"],
}


@pytest.fixture(scope="module")
def xlam(tmp_path_factory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin") / "out")


@pytest.fixture(scope="module")
def vba(xlam) -> dict[str, str]:
    """Module name -> source, decoded from the built add-in by olevba."""
    parser = VBA_Parser(str(xlam))
    try:
        assert parser.detect_vba_macros()
        return {filename: code for _, _, filename, code in parser.extract_macros()}
    finally:
        parser.close()


def schema(name: str):
    import xmlschema

    path = SCHEMAS / name
    if not path.exists():
        pytest.skip(f"Microsoft's ribbon schema {path} is absent (it lives in ../shared/schemas beside the checkout)")
    return xmlschema.XMLSchema(str(path))


def part(xlam: Path, name: str) -> bytes:
    with zipfile.ZipFile(xlam) as z:
        return z.read(name)


# -- ribbon XML --------------------------------------------------------------------------

def test_ribbon_xml_is_valid_customui14():
    schema("customui14.xsd").validate(ribbon_xml())


def test_ribbon_in_the_built_addin_is_the_part_the_package_points_to_and_is_valid(xlam):
    rels = ET.fromstring(part(xlam, "_rels/.rels"))
    ribbon = [r for r in rels if r.get("Type").endswith("/ui/extensibility")]
    # customui14 (2009/07) is reached by the 2007 relationship type; customUI (2006/01) by the 2006 one
    assert [(r.get("Type"), r.get("Target")) for r in ribbon] == [
        ("http://schemas.microsoft.com/office/2007/relationships/ui/extensibility", "customUI/customUI14.xml")]
    assert (RELATIONSHIP_TYPE, PART) == (ribbon[0].get("Type"), ribbon[0].get("Target"))
    xml = part(xlam, PART).decode("utf-8")
    assert ET.fromstring(xml).tag == "{http://schemas.microsoft.com/office/2009/07/customui}customUI"
    schema("customui14.xsd").validate(xml)
    with zipfile.ZipFile(xlam) as z:
        assert "customUI/customUI.xml" not in z.namelist()  # the template's sample ribbon is gone


def test_ribbon_is_the_design_tab_and_exactly_the_registry_buttons():
    root = ET.fromstring(ribbon_xml())
    tabs = root.findall("ui:ribbon/ui:tabs/ui:tab", NS)
    assert [t.get("label") for t in tabs] == ["DebtDesk"]
    groups = tabs[0].findall("ui:group", NS)
    assert {g.get("label"): [b.get("label") for b in g.findall("ui:button", NS)] for g in groups} == DESIGN_TAB
    assert [g.get("label") for g in groups] == list(DESIGN_TAB) == list(GROUPS)
    buttons = root.findall(".//ui:button", NS)
    assert [(b.get("id"), b.get("label"), b.get("imageMso"), b.get("supertip")) for b in buttons] == [
        (b.id, b.label, b.image, b.tip) for b in BUTTONS]
    assert {(b.get("size"), b.get("onAction")) for b in buttons} == {("large", "DebtDeskRibbon.OnAction")}
    assert all(b.get("screentip") == b.get("label") for b in buttons)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)) == 1 + len(GROUPS) + len(BUTTONS)


def test_ribbon_escapes_markup_in_tips():
    xml = ribbon_xml()
    assert "income &amp; expenditure" in xml
    tip = {b.get("id"): b.get("supertip") for b in ET.fromstring(xml).iter(f"{{{NAMESPACE}}}button")}
    assert tip["creditor_proposals"] == "A letter and income & expenditure statement per creditor."


@pytest.mark.parametrize("buttons, groups, message", [
    ((Button("a", "A", "Client", "Help", "t"), Button("b", "B", "Elsewhere", "Help", "t")), ("Client",),
     "buttons row 2: button 'b' is in group 'Elsewhere', expected one of Client"),
    ((Button("a", "A", "Client", "Help", "t"), Button("a", "A again", "Client", "Help", "t")), ("Client",),
     "buttons row 2: button id 'a' is used twice; ids must be unique"),
    ((Button("a", "A", "Client", "Help", "t"),), ("Client", "Workbook"),
     "groups: group 'Workbook' has no buttons; every group needs at least one"),
    ((Button("a", "A", "Client", "Help", "t"),), ("Client", "Client"),
     "groups: each group is listed once (got Client, Client)"),
])
def test_ribbon_refuses_inconsistent_registries(buttons, groups, message):
    with pytest.raises(DebtDeskError) as caught:
        ribbon_xml(buttons, groups)
    assert str(caught.value) == message


# -- the package -------------------------------------------------------------------------

def test_package_is_a_valid_zip_whose_parts_all_have_content_types_and_exist(xlam):
    with zipfile.ZipFile(xlam) as z:
        assert z.testzip() is None
        names = set(z.namelist())
        types = ET.fromstring(z.read("[Content_Types].xml"))
    assert z.namelist()[0] == "[Content_Types].xml"
    overrides = {o.get("PartName").lstrip("/"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{CT}Default")}
    assert set(overrides) <= names, f"declared but missing: {set(overrides) - names}"
    untyped = {n for n in names - set(overrides) if n.rsplit(".", 1)[-1] not in defaults}
    assert untyped == set()
    assert overrides["xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    assert overrides["xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"


def test_every_relationship_target_exists(xlam):
    with zipfile.ZipFile(xlam) as z:
        names = set(z.namelist())
        for rels, base in (("_rels/.rels", ""), ("xl/_rels/workbook.xml.rels", "xl/")):
            for r in ET.fromstring(z.read(rels)).iter(f"{RELS}Relationship"):
                assert base + r.get("Target") in names, (rels, r.get("Target"))


def test_build_writes_only_the_addin_and_replaces_it(tmp_path):
    first = build_addin(tmp_path)
    before = first.read_bytes()
    second = build_addin(tmp_path)
    assert first == second == tmp_path / "DebtDesk.xlam"
    assert [p.name for p in tmp_path.iterdir()] == ["DebtDesk.xlam"]  # no temp files left
    assert zipfile.ZipFile(second).testzip() is None and len(second.read_bytes()) == len(before)
    assert second.stat().st_mode & 0o777 == 0o644


def test_build_refuses_a_file_as_out_dir(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(DebtDeskError) as caught:
        build_addin(blocker)
    assert str(caught.value) == f"out_dir: '{blocker}' is a file, expected a folder to write DebtDesk.xlam into"


# -- VBA, decoded back by olevba ---------------------------------------------------------

def test_vba_has_our_callback_and_not_the_sample(vba):
    assert "RibbonMyAddin.bas" not in vba
    assert f"{CALLBACK_MODULE}.bas" in vba
    callback = vba["DebtDeskRibbon.bas"]
    module, sub = CALLBACK.split(".")
    assert module == CALLBACK_MODULE
    assert re.search(rf"^Sub {sub}\(control As IRibbonControl\)\s*$", callback, re.M)
    assert ('RunPython "import debtdesk.macros.dispatch as d; d.run_button(\'" & control.Id & "\')"'
            in callback)


def test_callback_command_is_python_that_reaches_the_dispatcher(vba):
    literal = re.search(r'RunPython (".*")\s*$', vba["DebtDeskRibbon.bas"], re.M).group(1)
    command = literal.replace('" & control.Id & "', "build_plan").strip('"')
    assert command == "import debtdesk.macros.dispatch as d; d.run_button('build_plan')"
    compile(command, "<RunPython>", "exec")
    assert callable(dispatch.run_button)


def test_vba_keeps_the_xlwings_module_of_the_pinned_version(vba):
    xlwings = vba["xlwings.bas"]
    pinned = pinned_xlwings()
    assert "Public Function RunPython(PythonCommand As String)" in xlwings
    assert f'Public Const XLWINGS_VERSION As String = "{pinned}"' in xlwings
    assert f'"xlwings64-{pinned}.dll"' in xlwings and f'"xlwings32-{pinned}.dll"' in xlwings
    assert f'Public Const PROJECT_NAME As String = "{PROJECT_NAME}"' in xlwings


def test_vba_project_is_consistent_for_pyopenvba(xlam):
    import pyopenvba

    with pyopenvba.ExcelFile(xlam) as book:
        assert book.validate() == []
        assert sorted(book.module_names()) == sorted(["ThisWorkbook", "Dictionary", "Sheet2", "xlwings", "DebtDeskRibbon"])


# -- settings sheet ----------------------------------------------------------------------

def test_settings_sheet_sets_udf_modules_where_xlwings_reads_them(xlam, vba):
    book = CalamineWorkbook.from_path(str(xlam))
    assert book.sheet_names == ["debtdesk.conf"]
    assert book.get_sheet_by_name("debtdesk.conf").to_python() == [["UDF Modules", "debtdesk.udfs"]]
    xlwings = vba["xlwings.bas"]
    # xlwings looks for a sheet named PROJECT_NAME & ".conf" in the add-in and upper-cases column A
    assert 'SheetExists(ThisWorkbook, PROJECT_NAME & ".conf")' in xlwings
    assert "d.Add UCase(cell.Value), cell.Offset(0, 1).Value" in xlwings
    assert 'GetConfig("UDF MODULES")' in xlwings
    assert "absPath" not in part(xlam, "xl/workbook.xml").decode("utf-8")


# -- the xlwings pin ---------------------------------------------------------------------

def test_pin_is_the_one_in_pyproject_and_the_installed_version():
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    assert "xlwings==" + pinned_xlwings() in dependencies
    assert importlib.metadata.version("xlwings") == pinned_xlwings()


def test_build_refuses_another_xlwings_version():
    check_xlwings("0.37.8", "0.37.8")
    with pytest.raises(DebtDeskError) as caught:
        check_xlwings("0.33.1", "0.37.8")
    assert str(caught.value) == ("xlwings: installed version is 0.33.1 but DebtDesk pins 0.37.8 "
                                 "(the add-in's VBA names the xlwings 0.37.8 DLL); run: pip install xlwings==0.37.8")


def test_build_refuses_without_a_pin():
    with pytest.raises(DebtDeskError) as caught:
        check_xlwings("0.37.8", None)
    assert str(caught.value).startswith("xlwings: DebtDesk's package metadata pins no xlwings version")
    assert "expected 'xlwings==X' in pyproject.toml" in str(caught.value)


def test_template_is_read_from_the_installed_xlwings():
    import xlwings

    assert (Path(xlwings.__file__).parent / build.TEMPLATE).is_file()


# -- dispatcher --------------------------------------------------------------------------

def test_dispatch_tells_the_person_about_an_unknown_button():
    book = FileBook()
    assert dispatch.dispatch("no_such_button", book) is None
    assert book.messages == ["control_id: 'no_such_button' is not a DebtDesk button (known: "
                             + ", ".join(b.id for b in BUTTONS) + ")"]


def test_dispatch_says_a_button_is_coming(monkeypatch):
    monkeypatch.delitem(registry._MACROS, "help", raising=False)
    book = FileBook()
    assert dispatch.dispatch("help", book) is None
    assert book.messages == ["'Help' is coming in a later DebtDesk release."]


def test_dispatch_shows_bad_input_as_a_message_not_a_traceback(monkeypatch):
    def bad_loan(book):
        raise DebtDeskError("loan", "APR 'abc' is not a number", row=3)

    monkeypatch.setitem(registry._MACROS, "help", bad_loan)
    book = FileBook()
    assert dispatch.dispatch("help", book) is None
    assert book.messages == ["loan row 3: APR 'abc' is not a number"]


def test_dispatch_runs_the_bound_macro_and_lets_real_bugs_through(monkeypatch):
    def note(book):
        book.write_value("Notes", "A1", "ran")
        return "done"

    monkeypatch.setitem(registry._MACROS, "help", note)
    book = FileBook()
    assert dispatch.dispatch("help", book) == "done"
    assert book.read_value("Notes", "A1") == "ran" and book.messages == []

    monkeypatch.setitem(registry._MACROS, "help", lambda book: {}["missing"])
    with pytest.raises(KeyError):
        dispatch.dispatch("help", FileBook())
