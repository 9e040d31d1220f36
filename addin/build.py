"""Build DebtDesk.xlam on any machine, Excel not needed (DESIGN.md §5).

The add-in starts as the xlwings ribbon add-in template that ships inside the installed
xlwings package (what ``xlwings quickstart NAME --addin --ribbon`` copies) and is edited
as a zip package, never through openpyxl:

- the ribbon: the template's ``customUI/customUI.xml`` gives way to our
  ``customUI/customUI14.xml`` (:func:`debtdesk.addin.ribbon.ribbon_xml`), and the root
  relationship points at it;
- the VBA (``xl/vbaProject.bin``, written with ``pyopenvba``): the sample module
  ``RibbonMyAddin`` is removed, our callback module from ``DebtDesk.bas`` is added, and
  the xlwings module's ``PROJECT_NAME`` becomes ``debtdesk`` (the rename xlwings'
  custom add-in guide describes), so the add-in reads its settings from a
  ``debtdesk.conf`` sheet, a ``debtdesk.conf`` sheet in the active workbook, or the
  person's ``%USERPROFILE%\\.debtdesk\\debtdesk.conf``;
- the settings sheet: the template's disabled ``_myaddin.conf`` sheet becomes the active
  ``debtdesk.conf`` holding only :data:`SETTINGS` (UDF modules), so the interpreter stays
  each person's own setting.

The template's VBA declares the xlwings DLL of one xlwings version, so the build refuses
unless the installed xlwings is the version DebtDesk pins.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

import pyopenvba

from debtdesk.atomic import atomic_path
from debtdesk.errors import DebtDeskError
from debtdesk.addin.ribbon import CALLBACK_MODULE, PART, RELATIONSHIP_TYPE, ribbon_xml

ADDIN = "DebtDesk.xlam"
#: The xlwings ribbon add-in template inside the xlwings package.
TEMPLATE = "quickstart_addin_ribbon.xlam"
#: The template's sample ribbon module, replaced by ours.
SAMPLE_MODULE = "RibbonMyAddin"
#: xlwings' PROJECT_NAME for this add-in: names the settings sheet and settings file.
PROJECT_NAME = "debtdesk"
#: What the add-in's settings sheet holds (xlwings reads column A as keys, B as values).
SETTINGS = {"UDF Modules": "debtdesk.udfs"}

_TEMPLATE_PROJECT = "myaddin"
_TEMPLATE_UI = "customUI/customUI.xml"
_SETTINGS_PART = "xl/worksheets/sheet1.xml"
_STRINGS_PART = "xl/sharedStrings.xml"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def build_addin(out_dir: str | Path) -> Path:
    """Write ``DebtDesk.xlam`` into ``out_dir`` (created if missing) and return its path.

    The file is written atomically: a reader sees the previous add-in or the new one.

    Parameters
    ----------
    out_dir : str or Path
        Folder to write the add-in into.

    Returns
    -------
    Path
        ``out_dir / "DebtDesk.xlam"``.

    Raises
    ------
    DebtDeskError
        ``out_dir`` is a file; the installed xlwings is not the pinned version; the
        template inside xlwings is not the one this builder knows.

    Examples
    --------
    >>> import tempfile
    >>> build_addin(tempfile.mkdtemp()).name
    'DebtDesk.xlam'
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise DebtDeskError("out_dir", f"'{out_dir}' is a file, expected a folder to write {ADDIN} into")
    check_xlwings(importlib.metadata.version("xlwings"), pinned_xlwings())
    with tempfile.TemporaryDirectory() as work:
        stage = Path(work) / ADDIN
        with importlib.resources.as_file(importlib.resources.files("xlwings") / TEMPLATE) as template:
            _repackage(template, stage)
        _write_vba(stage)
        target = out_dir / ADDIN
        with atomic_path(target) as tmp:
            shutil.copyfile(stage, tmp)
    return target


def pinned_xlwings() -> str | None:
    """The xlwings version DebtDesk's installed metadata pins (``xlwings==X``), or None.

    >>> pinned_xlwings()
    '0.37.8'
    """
    for requirement in importlib.metadata.requires("debtdesk") or ():
        match = re.fullmatch(r"xlwings\s*==\s*([^\s;,]+)", requirement.split(";")[0].strip())
        if match:
            return match.group(1)
    return None


def check_xlwings(installed: str, pinned: str | None) -> None:
    """Refuse to build unless the installed xlwings is the pinned one.

    Parameters
    ----------
    installed : str
        The installed xlwings version.
    pinned : str or None
        The version pyproject.toml pins (``xlwings==X``); None when there is no pin.

    Examples
    --------
    >>> check_xlwings("0.37.8", "0.37.8")
    >>> check_xlwings("0.38.0", "0.37.8")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: xlwings: installed version is 0.38.0 but DebtDesk pins 0.37.8 (the add-in's VBA names the xlwings 0.37.8 DLL); run: pip install xlwings==0.37.8
    """
    if pinned is None:
        raise DebtDeskError("xlwings", "DebtDesk's package metadata pins no xlwings version "
                                       "(expected 'xlwings==X' in pyproject.toml); reinstall DebtDesk")
    if installed != pinned:
        raise DebtDeskError("xlwings", f"installed version is {installed} but DebtDesk pins {pinned} "
                                       f"(the add-in's VBA names the xlwings {pinned} DLL); "
                                       f"run: pip install xlwings=={pinned}")


def _repackage(template: Path, stage: Path) -> None:
    """Copy the template package to ``stage`` with our ribbon and settings sheet."""
    with zipfile.ZipFile(template) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    if _TEMPLATE_UI not in parts:
        raise _unknown_template(f"it has no {_TEMPLATE_UI}")
    del parts[_TEMPLATE_UI]
    parts[PART] = ribbon_xml().encode("utf-8")
    parts["_rels/.rels"] = _point_ribbon(parts["_rels/.rels"])
    parts["xl/workbook.xml"] = _activate_settings(parts["xl/workbook.xml"].decode("utf-8")).encode("utf-8")
    sheet, strings = _settings_sheet(parts[_SETTINGS_PART].decode("utf-8"))
    parts[_SETTINGS_PART], parts[_STRINGS_PART] = sheet.encode("utf-8"), strings.encode("utf-8")
    order = ["[Content_Types].xml"] + [name for name in parts if name != "[Content_Types].xml"]
    with zipfile.ZipFile(stage, "w", zipfile.ZIP_DEFLATED) as out:
        for name in order:
            out.writestr(name, parts[name])


def _point_ribbon(rels: bytes) -> bytes:
    """The root relationships with the ribbon relationship aimed at our customUI14 part."""
    ET.register_namespace("", _RELS_NS)
    root = ET.fromstring(rels)
    ribbon = [r for r in root if r.get("Type", "").endswith("/ui/extensibility")]
    if len(ribbon) != 1:
        raise _unknown_template(f"expected one ribbon relationship in _rels/.rels, found {len(ribbon)}")
    ribbon[0].set("Type", RELATIONSHIP_TYPE)
    ribbon[0].set("Target", PART)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _activate_settings(workbook: str) -> str:
    """workbook.xml with the settings sheet renamed to PROJECT_NAME.conf, without the
    template author's file path (``x15ac:absPath``)."""
    old = f'name="_{_TEMPLATE_PROJECT}.conf"'
    if workbook.count(old) != 1:
        raise _unknown_template(f"xl/workbook.xml has no sheet _{_TEMPLATE_PROJECT}.conf")
    workbook = workbook.replace(old, f'name="{PROJECT_NAME}.conf"')
    return re.sub(r"<mc:AlternateContent[^>]*><mc:Choice[^>]*><x15ac:absPath[^>]*/></mc:Choice></mc:AlternateContent>",
                  "", workbook)


def _settings_sheet(sheet: str) -> tuple[str, str]:
    """The settings sheet's XML holding :data:`SETTINGS`, and the shared strings it uses."""
    strings = [s for pair in SETTINGS.items() for s in pair]
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" s="1" t="s"><v>{2 * r - 2}</v></c>'
        f'<c r="B{r}" s="1" t="s"><v>{2 * r - 1}</v></c></row>'
        for r in range(1, len(SETTINGS) + 1))
    sheet, found = re.subn(r"<sheetData>.*?</sheetData>|<sheetData\s*/>", f"<sheetData>{rows}</sheetData>",
                           sheet, flags=re.S)
    if found != 1:
        raise _unknown_template(f"{_SETTINGS_PART} has no sheetData")
    sheet = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="A1:B{len(SETTINGS)}"', sheet)
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{_MAIN_NS}" '
           f'count="{len(strings)}" uniqueCount="{len(strings)}">'
           + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    return sheet, sst


def _write_vba(stage: Path) -> None:
    """Swap the sample ribbon module for ours and rename the xlwings project, in place."""
    callback = importlib.resources.files("debtdesk.addin").joinpath("DebtDesk.bas").read_text("utf-8")
    with pyopenvba.ExcelFile(stage) as book:
        modules = book.module_names()
        if SAMPLE_MODULE not in modules or "xlwings" not in modules:
            raise _unknown_template(f"expected VBA modules {SAMPLE_MODULE} and xlwings, found {', '.join(modules)}")
        xlwings_vba = book.get_module("xlwings")
        template_version = re.search(r'XLWINGS_VERSION As String = "([^"]+)"', xlwings_vba)
        installed = importlib.metadata.version("xlwings")
        if template_version is None or template_version.group(1) != installed:
            raise _unknown_template(f"its xlwings VBA module is not version {installed}")
        old = f'PROJECT_NAME As String = "{_TEMPLATE_PROJECT}"'
        if xlwings_vba.count(old) != 1:
            raise _unknown_template(f"its xlwings VBA module does not set {old}")
        book.set_module("xlwings", xlwings_vba.replace(old, f'PROJECT_NAME As String = "{PROJECT_NAME}"'))
        project = book.vba_project()
        project.delete_module(SAMPLE_MODULE)
        project.add_module(CALLBACK_MODULE, "\r\n".join(callback.splitlines()) + "\r\n")
        book.save()


def _unknown_template(why: str) -> DebtDeskError:
    return DebtDeskError("template", f"the xlwings add-in template {TEMPLATE} is not the one DebtDesk "
                                     f"knows how to edit: {why}")
