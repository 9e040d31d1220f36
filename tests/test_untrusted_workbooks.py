"""Workbooks from outside: XML attacks, zip bombs, huge sheets and macros are refused or dropped.

Every hostile file here is built by the test from a real openpyxl workbook, then one part
is swapped for the attack, so nothing but the attack differs from a good file.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from debtdesk.errors import DebtDeskError
from debtdesk.macros.book import TableSpec
from debtdesk.workbooks.filebook import FileBook
from debtdesk.workbooks.limits import DEFAULT, Limits, check_workbook

SHEET = "xl/worksheets/sheet1.xml"
_MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def good_workbook(path: Path, rows: int = 3) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ledger"
    ws.append(["Customer", "Amount"])
    for i in range(rows):
        ws.append([f"C{i}", float(i)])
    wb.save(path)
    return path


def with_part(source: Path, target: Path, name: str, data: bytes | None = None, writer=None) -> Path:
    """A copy of ``source`` with part ``name`` replaced by ``data`` (or written by ``writer(handle)``)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename == name:
                continue
            dst.writestr(item, src.read(item.filename))
        if writer is None:
            dst.writestr(name, data)
        else:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(info, "w", force_zip64=True) as handle:
                writer(handle)
    return target


def with_far_cell(source: Path, target: Path, ref: str) -> Path:
    """A copy of ``source`` whose first sheet also holds a value at ``ref`` (e.g. ``"B1048576"``)."""
    row = "".join(c for c in ref if c.isdigit())
    xml = zipfile.ZipFile(source).read(SHEET).decode()
    return with_part(source, target, SHEET,
                     xml.replace("</sheetData>", f'<row r="{row}"><c r="{ref}"><v>1</v></c></row></sheetData>').encode())


# -- XML attacks: openpyxl parses through defusedxml --------------------------------------
def test_openpyxl_parses_through_defusedxml():
    import defusedxml  # noqa: F401  (installed: a dependency of the project)
    from openpyxl import xml

    assert xml.DEFUSEDXML is True


LAUGHS = ("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
          + "".join(f"<!ENTITY lol{i} \"{('&lol' + (str(i - 1) if i > 1 else '') + ';') * 10}\">" for i in range(1, 10))
          + f"]>\n<worksheet {_MAIN}><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol9;</t></is></c>"
          "</row></sheetData></worksheet>")
XXE = ("<?xml version=\"1.0\"?>\n<!DOCTYPE w [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
       f"<worksheet {_MAIN}><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;</t></is></c>"
       "</row></sheetData></worksheet>")


def _doctype_before(real: bytes, attack: str, reference: tuple[str, str] | None = None) -> str:
    """The attack's DOCTYPE in front of a real part, the entity referenced where ``reference`` says."""
    body = real.decode()
    body = body.split("?>", 1)[1] if body.startswith("<?xml") else body
    if reference:
        body = body.replace(reference[0], reference[1], 1)
    return "\n".join(attack.split("\n")[:2]) + "\n" + body


@pytest.mark.parametrize("part", [SHEET, "xl/workbook.xml"])
@pytest.mark.parametrize("attack", [LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_xml_entity_attacks_are_refused_cleanly(tmp_path, part, attack):
    entity = "&lol9;" if attack is LAUGHS else "&xxe;"
    if part != SHEET:  # the entity as the sheet's name
        real = zipfile.ZipFile(good_workbook(tmp_path / "good.xlsx")).read(part)
        attack = _doctype_before(real, attack, ('name="Ledger"', f'name="{entity}"'))
    hostile = with_part(good_workbook(tmp_path / "good.xlsx"), tmp_path / "hostile.xlsx", part, attack.encode())
    with pytest.raises(DebtDeskError) as caught:  # refused before any entity is expanded
        FileBook(hostile)
    message = str(caught.value)
    assert message.startswith("workbook: hostile.xlsx is not a readable .xlsx/.xlsm workbook")
    assert "\n" not in message and "root:" not in message  # nothing of /etc/passwd leaks into the message


@pytest.mark.parametrize("attack", [LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entities_in_the_content_types_are_never_expanded(tmp_path, attack):
    """openpyxl reads [Content_Types].xml with lxml and resolve_entities=False: refused, or read unexpanded."""
    good = good_workbook(tmp_path / "good.xlsx")
    entity = "&lol9;" if attack is LAUGHS else "&xxe;"
    hostile = with_part(good, tmp_path / "hostile.xlsx", "[Content_Types].xml", _doctype_before(
        zipfile.ZipFile(good).read("[Content_Types].xml"), attack,
        ('Extension="xml"', 'Extension="xml"><!-- ' + entity + ' --')).encode())
    try:
        book = FileBook(hostile)
    except DebtDeskError as error:
        assert str(error).startswith("workbook: hostile.xlsx") and "root:" not in str(error)
    else:
        assert book.read_table("Ledger")["Customer"].tolist() == ["C0", "C1", "C2"]


# -- zip bombs ---------------------------------------------------------------------------
def space_bomb(mebibytes: int):
    """A writer for a sheet part of ``mebibytes`` MiB of spaces, which deflate about 1000 to 1."""
    def spaces(handle):
        handle.write(f"<worksheet {_MAIN}><sheetData>".encode())
        for _ in range(mebibytes):
            handle.write(b" " * (1 << 20))
        handle.write(b"</sheetData></worksheet>")
    return spaces


def test_a_highly_compressed_part_is_refused_before_openpyxl_opens_it(tmp_path, monkeypatch):
    """64 MiB of spaces deflate to ~64 KiB (1000:1): refused by ratio; openpyxl is never called."""
    bomb = with_part(good_workbook(tmp_path / "good.xlsx"), tmp_path / "bomb.xlsx", SHEET, writer=space_bomb(64))
    assert bomb.stat().st_size < 1 << 20

    def must_not_load(*args, **kwargs):
        raise AssertionError("openpyxl was asked to load a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_load)
    with pytest.raises(DebtDeskError) as caught:
        FileBook(bomb)
    assert str(caught.value).startswith(f"workbook: bomb.xlsx part {SHEET} expands ")
    assert "above the limit of 200 to 1 (a zip bomb); nothing was read" in str(caught.value)


def test_total_decompressed_size_is_limited(tmp_path):
    """The sum of the declared sizes (what zipfile will ever decompress) against max_bytes."""
    good = good_workbook(tmp_path / "big.xlsx", rows=2000)
    total = sum(i.file_size for i in zipfile.ZipFile(good).infolist())
    check_workbook(good, Limits(max_bytes=total))
    with pytest.raises(DebtDeskError, match=rf"^workbook: big.xlsx decompresses to {total:,} bytes, above the limit "
                                            rf"of {total - 1:,} bytes for an input workbook \(a trusted file may be "
                                            r"allowed more with --max-cells\); nothing was read$"):
        check_workbook(good, Limits(max_bytes=total - 1))
    assert DEFAULT.max_bytes == 256 * 1024 * 1024


def understating(source: Path, target: Path, name: str, declared: int) -> Path:
    """A copy of ``source`` whose zip directory (central and local headers) says part ``name``
    inflates to ``declared`` bytes, whatever it really holds: the size and ratio checks then pass."""
    raw = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(name)
        crc = zlib.crc32(archive.read(name)[:declared])  # a careful attacker: zipfile's own check passes
    encoded = name.encode()
    struct.pack_into("<II", raw, info.header_offset + 14, crc, info.compress_size)  # local header: CRC, sizes
    struct.pack_into("<I", raw, info.header_offset + 22, declared)
    central = raw.find(b"PK\x01\x02")
    while central != -1:  # central directory entries: find the one naming the part
        length = struct.unpack_from("<H", raw, central + 28)[0]
        if raw[central + 46:central + 46 + length] == encoded:
            struct.pack_into("<I", raw, central + 16, crc)
            struct.pack_into("<I", raw, central + 24, declared)
            break
        central = raw.find(b"PK\x01\x02", central + 4)
    assert central != -1
    target.write_bytes(bytes(raw))
    with zipfile.ZipFile(target) as archive:
        assert len(archive.read(name)) == declared  # zipfile reads what the directory says, no error
    return target


def understated_sheet(tmp_path: Path) -> Path:
    """A workbook whose sheet holds 5,000 rows behind a directory claiming 1,000 bytes."""
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 5001))
    sheet = f"<worksheet {_MAIN}><sheetData>{rows}</sheetData></worksheet>"
    full = with_part(good_workbook(tmp_path / "good.xlsx"), tmp_path / "full.xlsx", SHEET, sheet.encode())
    return understating(full, tmp_path / "lying.xlsx", SHEET, 1000)


def test_a_part_larger_than_its_zip_directory_says_is_read_no_further(tmp_path):
    """Why the limit check may trust the declared sizes: zipfile (openpyxl's reader and the
    check's) stops at them, so the check sees 1,000 bytes of cut-off XML and refuses the file as
    damaged. tests/test_fastio_limits.py shows calamine refusing the same file."""
    with pytest.raises(DebtDeskError, match=r"^workbook: lying.xlsx is damaged \(unclosed token"):
        FileBook(understated_sheet(tmp_path))


def test_too_many_parts_is_refused(tmp_path):
    good = good_workbook(tmp_path / "parts.xlsx")
    count = len(zipfile.ZipFile(good).infolist())
    with pytest.raises(DebtDeskError, match=rf"^workbook: parts.xlsx has {count} parts, above the limit of 5"):
        check_workbook(good, Limits(max_parts=5))


# -- rows ----------------------------------------------------------------------------------
def test_a_declared_dimension_is_never_trusted_either_way(tmp_path):
    """The used range is what the cells give: three rows claiming 1,048,576 open; a sheet claiming
    A1:B4 whose cells reach row 250,001 is refused, naming the sheet."""
    good = good_workbook(tmp_path / "good.xlsx")
    xml = zipfile.ZipFile(good).read(SHEET).decode()
    assert '<dimension ref="A1:B4"/>' in xml
    claims = with_part(good, tmp_path / "claims.xlsx", SHEET, xml.replace('ref="A1:B4"', 'ref="A1:B1048576"').encode())
    assert FileBook(claims).read_table("Ledger")["Customer"].tolist() == ["C0", "C1", "C2"]
    hides = with_far_cell(good, tmp_path / "hides.xlsx", "A250001")
    with pytest.raises(DebtDeskError, match=r"^workbook: hides.xlsx sheet 'Ledger' reaches row 250,001, above the limit "
                                            r"of 250,000 rows \(a trusted file may be allowed more with --max-rows\); "
                                            r"nothing was read$"):
        FileBook(hides)


def test_rows_are_counted_when_the_dimension_is_missing(tmp_path):
    """No <dimension>, 250,001 rows (a few MB of XML): measured while streaming, refused."""
    def rows(handle):
        handle.write(f"<worksheet {_MAIN}><sheetData>".encode())
        for start in range(1, 250_002, 1000):
            handle.write("".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>'
                                 for r in range(start, min(start + 1000, 250_002))).encode())
        handle.write(b"</sheetData></worksheet>")

    tall = with_part(good_workbook(tmp_path / "good.xlsx"), tmp_path / "tall.xlsx", SHEET, writer=rows)
    with pytest.raises(DebtDeskError, match=r"^workbook: tall.xlsx sheet 'Ledger' reaches row 250,001, above the "
                                            r"limit of 250,000 rows"):
        FileBook(tall)
    check_workbook(tall, Limits(max_rows=250_001))  # exactly at the limit: allowed, so the count is exact


def test_rows_written_with_a_namespace_prefix_are_counted_exactly(tmp_path):
    """<x:row>…</x:row> (as some generators write): measured by the exact streaming parse;
    250,001 rows are refused, 250,000 pass."""
    def rows(count):
        def write(handle):
            handle.write(f'<x:worksheet {_MAIN.replace("xmlns=", "xmlns:x=")}><x:sheetData>'.encode())
            for start in range(1, count + 1, 1000):
                handle.write("".join(f'<x:row r="{r}"><x:c r="A{r}"><x:v>1</x:v></x:c></x:row>'
                                     for r in range(start, min(start + 1000, count + 1))).encode())
            handle.write(b"</x:sheetData></x:worksheet>")
        return write

    good = good_workbook(tmp_path / "good.xlsx")
    at_limit = with_part(good, tmp_path / "at.xlsx", SHEET, writer=rows(250_000))
    check_workbook(at_limit)  # 500,000 tags holding ":row", but 250,000 rows: allowed
    over = with_part(good, tmp_path / "over.xlsx", SHEET, writer=rows(250_001))
    with pytest.raises(DebtDeskError, match=r"^workbook: over.xlsx sheet 'Ledger' reaches row 250,001, above the "
                                            r"limit of 250,000 rows"):
        check_workbook(over)


def test_a_workbook_within_the_limits_opens(tmp_path):
    book = FileBook(good_workbook(tmp_path / "fine.xlsx", rows=5000))
    assert len(book.read_table("Ledger")) == 5000


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("Customer,Amount\nA,1\n")
    with pytest.raises(DebtDeskError, match=r"^workbook: fake.xlsx is not a readable .xlsx/.xlsm workbook"):
        FileBook(fake)


# -- macros ----------------------------------------------------------------------------------
def macro_workbook(tmp_path: Path, vba: bytes) -> Path:
    """An .xlsm: a plain workbook with a VBA project part and the macro-enabled content type."""
    plain = good_workbook(tmp_path / "plain.xlsx")
    types = zipfile.ZipFile(plain).read("[Content_Types].xml").decode()
    types = types.replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                          "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    types = types.replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                                      "</Types>")
    xlsm = with_part(plain, tmp_path / "with-macros.xlsm", "[Content_Types].xml", types.encode())
    with zipfile.ZipFile(xlsm, "a") as z:
        z.writestr("xl/vbaProject.bin", vba)
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    return with_part(xlsm, tmp_path / "input.xlsm", "xl/_rels/workbook.xml.rels", rels.replace(
        "</Relationships>", '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/'
                            'vbaProject" Target="vbaProject.bin"/></Relationships>').encode())


@pytest.fixture(scope="module")
def real_vba(tmp_path_factory) -> bytes:
    """The VBA project of DebtDesk's own add-in: real, decodable macros."""
    from debtdesk.cli import main

    out = tmp_path_factory.mktemp("addin")
    assert main(["addin", "build", "--out", str(out)]) == 0
    return zipfile.ZipFile(out / "DebtDesk.xlam").read("xl/vbaProject.bin")


def test_xlsm_input_macros_are_not_copied_into_the_output(tmp_path, real_vba):
    source = macro_workbook(tmp_path, real_vba)
    before = source.read_bytes()
    book = FileBook(source)
    book.write_table("Report", pd.DataFrame({"Customer": ["C0"], "Amount": [1.0]}), TableSpec("Report"))
    out = book.save(tmp_path / "out.xlsx")
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        types = z.read("[Content_Types].xml").decode()
    assert not any("vba" in n.lower() for n in names)
    assert "macroEnabled" not in types and "vbaProject" not in types
    assert source.read_bytes() == before  # the input is untouched
    reopened = openpyxl.load_workbook(out)
    assert reopened.vba_archive is None and reopened.sheetnames == ["Ledger", "Report"]


@pytest.mark.parametrize("target", ["out.xlsm", "out.xltm", "out.xlam"])
def test_outputs_with_macros_are_refused(tmp_path, real_vba, target):
    book = FileBook(macro_workbook(tmp_path, real_vba))
    with pytest.raises(DebtDeskError, match=r"^output: out\.\w+: DebtDesk writes .xlsx workbooks only"):
        book.save(tmp_path / target)
    assert not (tmp_path / target).exists()


def test_an_xlsm_refreshed_in_place_keeps_its_vba_project_byte_for_byte(tmp_path, real_vba):
    """In place, a person's macro workbook stays a macro workbook: its VBA is neither run nor lost."""
    source = macro_workbook(tmp_path, real_vba)
    book = FileBook(source)
    book.write_table("Report", pd.DataFrame({"Customer": ["C0"], "Amount": [1.0]}), TableSpec("Report"))
    book.save(source)
    with zipfile.ZipFile(source) as z:
        assert z.read("xl/vbaProject.bin") == real_vba
        assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in z.read("[Content_Types].xml").decode()
    assert openpyxl.load_workbook(source)["Report"]["A2"].value == "C0"


def test_demo_outputs_carry_no_macros_except_the_add_in(demo_out):
    files = sorted(p for p in demo_out.rglob("*") if p.is_file())
    workbooks = [p for p in files if p.suffix in (".xlsx", ".xlsm", ".xltm", ".xlam")]
    assert {p.suffix for p in workbooks} == {".xlsx", ".xlam"}
    assert [p.name for p in workbooks if p.suffix == ".xlam"] == ["DebtDesk.xlam"]
    for path in workbooks:
        with zipfile.ZipFile(path) as z:
            has_vba = any("vbaproject" in n.lower() for n in z.namelist())
        assert has_vba == (path.suffix == ".xlam"), path.name
