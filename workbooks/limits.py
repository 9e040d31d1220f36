"""Size limits for workbooks from outside, checked before any parser opens them.

What costs memory when a workbook is read is its cells: openpyxl keeps an object per cell,
and calamine (and so pandas and :func:`~debtdesk.workbooks.fastio.read_frame`) builds a dense
grid over each sheet's used range, so one cell at XFD6000 costs 98 million. A hostile or
broken file can be tiny on disk and still cost gigabytes: a zip bomb, a few cells far apart,
an OpenDocument cell repeated a billion times, a workbook of hundreds of small sheets.

:func:`check_workbook` measures, without building a cell, what a file would cost, for every
format DebtDesk reads (``.xlsx``/``.xlsm``, ``.ods`` and ``.xls``, recognised by their content,
not their name), and refuses it with one line naming the file, the sheet and the limit:

* per sheet, its used range as the cells present give it (never a declared ``<dimension>``,
  which may be false either way): the highest row, the highest column and rows × columns;
* per workbook, the sum of those, the shared strings, and (packages) the decompressed size, the
  compression ratio of each part and the number of parts;
* an encrypted (password-protected) workbook is named as such.

A zip package is streamed a part at a time and each part a megabyte at a time; the sizes the
zip directory declares can be trusted as bounds (zipfile stops reading a part at its declared
size and calamine refuses a part that inflates past it; both pinned by tests). Worksheet parts
as Excel and the usual writers lay them out (``<c r="B7" ...>``) are measured at memory speed
with byte counts and a few regular-expression searches; anything else (namespace prefixes,
cells without references) is measured exactly by a streaming expat parse that refuses DTDs.

The limits fit untrusted files; :meth:`Limits.raised` gives higher ones for trusted inputs
(``debtdesk regenerate --max-rows/--max-columns/--max-cells``), and :func:`applying` makes
limits apply to every check within a block (the regenerate run's workers included).

XML attacks (billion laughs, external entities): a worksheet part declaring a DTD is refused here,
before any part is parsed (a sheet is parsed only when a macro first uses it, see
:mod:`debtdesk.workbooks.lazy_sheets`); the other parts are refused by openpyxl itself, which parses
through ``defusedxml`` when it is installed (``openpyxl.xml.DEFUSEDXML``).
"""

from __future__ import annotations

import contextlib
import re
import struct
import zipfile
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Iterator
from xml.parsers import expat

from debtdesk.errors import DebtDeskError

_MB = 1024 * 1024
_CHUNK = 1 << 20
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Cells one row of a trusted input is allowed when only its rows are raised.
CELLS_PER_ROW = 20
#: Decompressed bytes allowed per cell when the cell limit is raised (a cell's XML is 30-100 bytes).
BYTES_PER_CELL = 100


@dataclass(frozen=True)
class Limits:
    """What an untrusted workbook may hold.

    Parameters
    ----------
    max_bytes : int
        Total decompressed size of all parts (256 MiB: far above any real client or
        collections workbook, far below what exhausts a server).
    max_ratio : float
        Largest decompression ratio of one part of ``ratio_floor`` bytes or more; XML
        compresses about 10-20 to 1, zip bombs 1,000 to 1 and more.
    ratio_floor : int
        Parts smaller than this are not ratio-checked (tiny repetitive parts are harmless).
    max_rows : int
        Highest row any sheet uses.
    max_columns : int
        Highest column any sheet uses (Excel's last, XFD, is 16,384).
    max_cells : int
        Cells of any sheet's used range (highest row × highest column), and of all sheets
        together; also the most shared strings.
    max_parts : int
        Entries in the zip.
    """

    max_bytes: int = 256 * _MB
    max_ratio: float = 200.0
    ratio_floor: int = _MB
    max_rows: int = 250_000
    max_columns: int = 1_024
    max_cells: int = 5_000_000
    max_parts: int = 10_000

    def raised(self, rows: int | None = None, columns: int | None = None, cells: int | None = None) -> "Limits":
        """These limits with rows, columns or cells set for trusted inputs.

        Rows given alone bring the cell limit up to :data:`CELLS_PER_ROW` per row; the
        decompressed size follows the cell limit (:data:`BYTES_PER_CELL` per cell).

        >>> big = DEFAULT.raised(rows=1_048_576)
        >>> big.max_rows, big.max_cells, big.max_bytes
        (1048576, 20971520, 2097152000)
        """
        for option, value in (("--max-rows", rows), ("--max-columns", columns), ("--max-cells", cells)):
            if value is not None and value < 1:
                raise DebtDeskError(option, f"{value} must be at least 1")
        max_rows = rows or self.max_rows
        max_cells = cells or max(self.max_cells, max_rows * CELLS_PER_ROW)
        return replace(self, max_rows=max_rows, max_columns=columns or self.max_columns, max_cells=max_cells,
                       max_bytes=max(self.max_bytes, max_cells * BYTES_PER_CELL))


DEFAULT = Limits()
_CURRENT: ContextVar[Limits] = ContextVar("debtdesk_limits", default=DEFAULT)


def current() -> Limits:
    """The limits that apply here and now (:data:`DEFAULT` outside :func:`applying`)."""
    return _CURRENT.get()


@contextlib.contextmanager
def applying(limits: Limits) -> Iterator[Limits]:
    """Check workbooks against ``limits`` within the block (this thread or task).

    >>> with applying(DEFAULT.raised(rows=500_000)):
    ...     current().max_rows
    500000
    >>> current().max_rows
    250000
    """
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


@dataclass
class Used:
    """A sheet's used range as its cells give it: highest row and column, and cells present."""

    rows: int = 0
    columns: int = 0
    cells: int = 0

    @property
    def area(self) -> int:
        """Cells of the used range, counted from A1 (what a dense reader allocates at most)."""
        return self.rows * self.columns


def check_workbook(path: str | Path, limits: Limits | None = None) -> None:
    """Refuse ``path`` with a :class:`DebtDeskError` naming the file, the sheet and the limit it breaks.

    Parameters
    ----------
    path : str or Path
        An ``.xlsx``/``.xlsm``, ``.ods`` or ``.xls`` file (told apart by content). A file of
        none of these kinds is left for its reader to refuse.
    limits : Limits, optional
        The limits to apply; :func:`current` unless given.

    Examples
    --------
    >>> import openpyxl, tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "ok.xlsx"); wb = openpyxl.Workbook(); wb.active["C9"] = 1; wb.save(p)
    >>> check_workbook(p)
    >>> check_workbook(p, Limits(max_cells=26))
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: workbook: ok.xlsx sheet 'Sheet' spans 9 rows × 3 columns = 27 cells, above the limit of 26 cells (a trusted file may be allowed more with --max-cells); nothing was read
    """
    path = Path(path)
    limits = limits or current()
    try:
        with open(path, "rb") as handle:
            magic = handle.read(8)
    except OSError as error:
        raise DebtDeskError("workbook", f"{path.name} cannot be read ({error.strerror or error})") from None
    if magic.startswith(ZIP_MAGIC):
        _check_package(path, limits)
    elif magic == OLE_MAGIC:
        _check_ole(path, limits)


# -- zip packages: .xlsx/.xlsm and .ods ----------------------------------------------------------
def _check_package(path: Path, limits: Limits) -> None:
    name = path.name
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise DebtDeskError("workbook", f"{name} is not a readable .xlsx/.xlsm workbook ({error})") from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_parts:
            _refuse(name, f"has {len(members):,} parts, above the limit of {limits.max_parts:,}")
        total = sum(m.file_size for m in members)
        if total > limits.max_bytes:
            _refuse(name, f"decompresses to {total:,} bytes, above the limit of {limits.max_bytes:,} bytes for an "
                          "input workbook (a trusted file may be allowed more with --max-cells)")
        for m in members:
            if m.file_size >= limits.ratio_floor and m.file_size > limits.max_ratio * max(m.compress_size, 1):
                _refuse(name, f"part {m.filename} expands {m.file_size / max(m.compress_size, 1):,.0f} to 1, "
                              f"above the limit of {limits.max_ratio:g} to 1 (a zip bomb)")
        names = {m.filename for m in members}
        try:
            if "content.xml" in names and "xl/workbook.xml" not in names:
                _check_ods(archive, name, limits)
            else:
                _check_xlsx(archive, name, limits)
        except (zipfile.BadZipFile, OSError, EOFError, expat.ExpatError) as error:  # corrupt data, bad CRC
            raise DebtDeskError("workbook", f"{name} is damaged ({error})") from None


def _check_xlsx(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    sheets = _sheet_names(archive)
    total = 0
    for member in archive.infolist():
        part = member.filename
        if part.startswith("xl/worksheets/") and part.endswith(".xml"):
            sheet = sheets.get(part, part)
            used = _measure(archive, member, lambda handle: _scan_sheet(handle, name, sheet, limits))
            total += used.area
            _check_used(name, sheet, used, limits)
        elif part == "xl/sharedStrings.xml":
            strings = _measure(archive, member, _count_strings)
            if strings > limits.max_cells:
                _refuse(name, f"holds {strings:,} shared strings, above the limit of {limits.max_cells:,} "
                              "(a trusted file may be allowed more with --max-cells)")
    _check_total(name, total, len(sheets), limits)


def _measure(archive: zipfile.ZipFile, member: zipfile.ZipInfo, measure):
    with archive.open(member) as handle:
        return measure(handle)


def _check_used(name: str, sheet: str, used: Used, limits: Limits) -> None:
    if used.rows > limits.max_rows:
        _refuse(name, f"sheet {sheet!r} reaches row {used.rows:,}, above the limit of {limits.max_rows:,} rows "
                      "(a trusted file may be allowed more with --max-rows)")
    if used.columns > limits.max_columns:
        _refuse(name, f"sheet {sheet!r} reaches column {_letters(used.columns)} ({used.columns:,} columns), above "
                      f"the limit of {limits.max_columns:,} columns (a trusted file may be allowed more with --max-columns)")
    if used.area > limits.max_cells:
        _refuse(name, f"sheet {sheet!r} spans {used.rows:,} rows × {used.columns:,} columns = {used.area:,} cells, "
                      f"above the limit of {limits.max_cells:,} cells (a trusted file may be allowed more with --max-cells)")


def _check_total(name: str, total: int, sheets: int, limits: Limits) -> None:
    if total > limits.max_cells:
        _refuse(name, f"spans {total:,} cells over its {sheets} sheets, above the limit of {limits.max_cells:,} "
                      "cells for a workbook (a trusted file may be allowed more with --max-cells)")


# -- worksheet parts: the fast measure, and the exact one it falls back to -------------------------
_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
#: A cell tag with a namespace prefix (``<x:c ...>``), found by its literal tail; text that merely
#: looks so only sends the part to the exact measure.
_PREFIXED = re.compile(rb':c[\s/>]')


def _scan_sheet(handle: IO[bytes], name: str, sheet: str, limits: Limits) -> Used:
    """A worksheet part's used range, a region at a time; refused as soon as a limit is passed.

    Per region: the cells are its ``<c r="`` tags; the highest column and row are those of its
    last cell, unless one search finds a cell tag of another form (a namespace prefix, no or a
    malformed reference first: then :func:`_exact_sheet` measures the part from the start) or a
    reference beyond them (then all the region's references are read).
    """
    used, search = Used(), None
    for data, start, end in _regions(handle):
        if not used.cells and data.find(b"<!DOCTYPE", start, end) >= 0:  # a DTD comes before the first cell
            _refuse(name, f"is not a readable .xlsx/.xlsm workbook: sheet {sheet!r} declares a DTD, which no "
                          "workbook part may (entities can expand without bound or read other files)")
        used.cells += data.count(b'<c r="', start, end)
        last = _last_ref(data, start, end)
        if last and (last[0] > used.columns or last[1] > used.rows):
            used.columns, used.rows = max(used.columns, last[0]), max(used.rows, last[1])
            search = None
        search = search or _beyond(used.columns, used.rows)
        found = search.search(data, start, end)
        if _PREFIXED.search(data, start, end) or (found and not _REF.match(found[0] + b'"')):
            handle.seek(0)
            return _exact_sheet(handle, name, sheet, limits)
        if found:
            for letters, digits in _REF.findall(data, start, end):
                used.columns = max(used.columns, _column(letters))
                used.rows = max(used.rows, int(digits))
            search = None
        _check_used(name, sheet, used, limits)
    return used


def _regions(handle: IO[bytes]) -> Iterator[tuple[bytes, int, int]]:
    """The bytes of ``handle`` a megabyte at a time as (data, start, end), each piece ending before
    its last ``<`` so that no tag is split between two pieces (the rest starts the next one)."""
    rest = b""
    while chunk := handle.read(_CHUNK):
        data = rest + chunk
        cut = data.rfind(b"<")
        cut = len(data) if cut <= 0 else cut
        yield data, 0, cut
        rest = data[cut:]
    if rest:
        yield rest, 0, len(rest)


def _last_ref(data: bytes, start: int, end: int) -> tuple[int, int] | None:
    """(column, row) of the last ``<c r="...">`` reference in ``data[start:end]``."""
    at = data.rfind(b'<c r="', start, end)
    while at != -1:
        match = _REF.match(data, at, end)
        if match:
            return _column(match[1]), int(match[2])
        at = data.rfind(b'<c r="', start, at)
    return None


def _beyond(column: int, row: int) -> re.Pattern:
    """One search for a cell tag that the fast measure cannot take as it is (anything but
    ``<c r="`` and a well-formed reference) or whose reference lies beyond column ``column`` or
    row ``row`` (then the match is a well-formed reference).

    >>> [bool(_beyond(6, 100).search(t)) for t in (b'<c r="F101"', b'<c r="F99"', b'<c r="G1"', b'<c s="1" r="A1">')]
    [True, False, True, True]
    >>> [bool(_beyond(28, 9).search(t)) for t in (b'<c r="AA9"', b'<c r="ab9"', b'<c>', b'<cols>')]
    [False, True, True, False]
    """
    columns = _greater(_letters(column) if column else "", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 3)
    rows = _greater(str(row) if row else "", "0123456789", 7)
    return re.compile(b'<c(?:[>/\t\r\n]| (?!r="[A-Z]{1,3}[0-9]{1,7}")| r="(?:(?:' + columns.encode()
                      + b')[0-9]{1,7}|[A-Z]{1,3}(?:' + rows.encode() + b'))(?="))')


def _greater(value: str, digits: str, longest: int) -> str:
    """A regular expression for the numerals in ``digits`` (most significant first, no leading
    zero) greater than ``value`` and at most ``longest`` long.

    >>> import re
    >>> pattern = _greater("209", "0123456789", 7)
    >>> [n for n in ("210", "299", "1000", "208", "99", "209") if re.fullmatch(pattern, n)]
    ['210', '299', '1000']
    """
    any_digit = f"[{digits[0]}-{digits[-1]}]"
    options = [f"{any_digit}{{{len(value) + 1},{longest}}}"] if len(value) < longest else []
    for i, digit in enumerate(value):
        higher = digits[digits.index(digit) + 1:]
        if higher:
            options.append(re.escape(value[:i]) + f"[{higher[0]}-{higher[-1]}]" + any_digit * (len(value) - i - 1))
    return "|".join(options) or "(?!)"


def _exact_sheet(handle: IO[bytes], name: str, sheet: str, limits: Limits) -> Used:
    """A worksheet part's used range by a streaming XML parse: any namespace prefix, attribute
    order or missing references (a cell then follows the one before it, as Excel reads it)."""
    used = Used()
    position = {"row": 0, "column": 0}

    def start(tag: str, attributes: dict) -> None:
        local = tag.rpartition("}")[2]
        if local == "row":
            ref = attributes.get("r", "")
            position["row"] = int(ref) if ref.isdigit() else position["row"] + 1
            position["column"] = 0
        elif local == "c":
            column, row = _parse_ref(attributes.get("r", ""))
            position["column"] = column or position["column"] + 1
            used.cells += 1
            used.columns = max(used.columns, position["column"])
            used.rows = max(used.rows, row or position["row"])

    for _ in _parse(handle, start):
        _check_used(name, sheet, used, limits)
    return used


#: A cell reference as the exact measure reads it: letters, digits, either or both optional.
_CELL_REF = re.compile(r"([A-Za-z]{1,3})?([0-9]+)?")


def _parse_ref(ref: str) -> tuple[int, int]:
    """(column, row) of a reference such as ``"XFD6000"``; 0 for a part that is missing.

    >>> _parse_ref("XFD6000"), _parse_ref("b7"), _parse_ref("")
    ((16384, 6000), (2, 7), (0, 0))
    """
    match = _CELL_REF.fullmatch(ref.strip())
    if not match:
        return 0, 0
    return (_column(match[1].upper().encode()) if match[1] else 0), (int(match[2]) if match[2] else 0)


def _count_strings(handle: IO[bytes]) -> int:
    """Shared strings (``<si>`` elements) in the shared-strings part."""
    count = 0
    for data, start, end in _regions(handle):
        if data.find(b":si", start, end) != -1:
            handle.seek(0)
            return sum(1 for _ in _elements(handle, "si"))
        count += data.count(b"<si>", start, end) + data.count(b"<si ", start, end)
    return count


# -- OpenDocument spreadsheets -----------------------------------------------------------------------
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _check_ods(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Each table's used range from content.xml, repeats counted without being expanded."""
    try:
        manifest = archive.read("META-INF/manifest.xml")
    except KeyError:
        manifest = b""
    if b"encryption-data" in manifest:
        _refuse_encrypted(name)
    tables: list[tuple[str, Used]] = []
    state = {"row": 0, "rows": 1, "column": 0, "filled": False}

    def start(tag: str, attributes: dict) -> None:
        namespace, _, local = tag.rpartition("}")
        if namespace != _TABLE:
            if state.get("cell") and local in ("p", "annotation"):
                state["filled"] = True
            return
        if local == "table":
            tables.append((attributes.get(f"{_TABLE}}}name", f"sheet {len(tables) + 1}"), Used()))
            state["row"] = 0
        elif local == "table-row":
            state["rows"] = _repeat(attributes.get(f"{_TABLE}}}number-rows-repeated"))
            state["column"] = 0
        elif local in ("table-cell", "covered-table-cell"):
            state["cell"] = _repeat(attributes.get(f"{_TABLE}}}number-columns-repeated"))
            state["filled"] = f"{_OFFICE}}}value-type" in attributes

    def end(tag: str) -> None:
        namespace, _, local = tag.rpartition("}")
        if namespace != _TABLE or not tables:
            return
        used = tables[-1][1]
        if local in ("table-cell", "covered-table-cell"):
            repeat = state.pop("cell", 1)
            state["column"] += repeat
            if state["filled"]:
                used.cells += repeat * state["rows"]
                used.columns = max(used.columns, state["column"])
                used.rows = max(used.rows, state["row"] + state["rows"])
        elif local == "table-row":
            state["row"] += state["rows"]
            state["rows"] = 1

    with archive.open("content.xml") as handle:
        for _ in _parse(handle, start, end):
            if tables:
                _check_used(name, *tables[-1], limits)
    for sheet, used in tables:
        _check_used(name, sheet, used, limits)
    _check_total(name, sum(u.area for _, u in tables), len(tables), limits)


def _repeat(value: str | None) -> int:
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


# -- OLE2 compound files: .xls, and encrypted .xlsx ------------------------------------------------
#: BIFF8 records that hold a cell's value: (row, column) are their first two 16-bit fields.
_CELL_RECORDS = {0x0203, 0x00FD, 0x027E, 0x0006, 0x0205, 0x0204, 0x00D6}
_MULRK, _BOF, _EOF, _BOUNDSHEET, _FILEPASS = 0x00BD, 0x0809, 0x000A, 0x0085, 0x002F


def _check_ole(path: Path, limits: Limits) -> None:
    """An .xls workbook's sheets from its BIFF records; an encrypted package named as such."""
    import olefile

    name = path.name
    try:
        ole = olefile.OleFileIO(str(path))
    except Exception as error:  # olefile raises plain exceptions for damaged files
        raise DebtDeskError("workbook", f"{name} is damaged ({error})") from None
    with ole:
        if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
            _refuse_encrypted(name)
        stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
        if stream is None:
            return  # not a workbook: its reader says so
        size = ole.get_size(stream)
        if size > limits.max_bytes:
            _refuse(name, f"holds a {size:,}-byte workbook stream, above the limit of {limits.max_bytes:,} bytes "
                          "for an input workbook (a trusted file may be allowed more with --max-cells)")
        data = ole.openstream(stream).read()
    _check_biff(data, name, limits)


def _check_biff(data: bytes, name: str, limits: Limits) -> None:
    """Walk the BIFF records: sheet names from BOUNDSHEET, used ranges from the cell records."""
    names: dict[int, str] = {}
    sheets: list[tuple[str, Used]] = []
    depth, at = 0, 0
    while at + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, at)
        body = data[at + 4:at + 4 + length]
        if kind == _BOF:
            depth += 1
            if depth == 1 and at in names:
                sheets.append((names[at], Used()))
        elif kind == _EOF:
            depth = max(depth - 1, 0)
        elif kind == _FILEPASS and not sheets:
            _refuse_encrypted(name)
        elif kind == _BOUNDSHEET and len(body) >= 8:
            names[struct.unpack_from("<I", body)[0]] = _sheet_name(body)
        elif sheets and depth == 1 and len(body) >= 4 and kind in (_MULRK, *_CELL_RECORDS):
            row, column = struct.unpack_from("<HH", body)
            if kind == _MULRK and len(body) >= 6:
                column = struct.unpack_from("<H", body, len(body) - 2)[0]
            used = sheets[-1][1]
            used.cells += 1
            used.rows, used.columns = max(used.rows, row + 1), max(used.columns, column + 1)
        at += 4 + length
    for sheet, used in sheets:
        _check_used(name, sheet, used, limits)
    _check_total(name, sum(u.area for _, u in sheets), len(sheets), limits)


def _sheet_name(body: bytes) -> str:
    """A BOUNDSHEET8 record's sheet name (a ShortXLUnicodeString after six bytes)."""
    count, wide = body[6], body[7] & 1 if len(body) > 7 else 0
    raw = body[8:8 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", "replace")


# -- shared pieces -----------------------------------------------------------------------------------
def _parse(handle: IO[bytes], start, end=None) -> Iterator[None]:
    """Feed ``handle`` to expat a chunk at a time, yielding after each; DTDs are refused."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end

    def no_dtd(*args) -> None:
        raise expat.ExpatError("a DTD is not allowed in a workbook part")

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    while chunk := handle.read(_CHUNK):
        parser.Parse(chunk, False)
        yield
    parser.Parse(b"", True)
    yield


def _elements(handle: IO[bytes], local: str) -> Iterator[None]:
    """One item per element called ``local`` (any namespace) in the XML of ``handle``."""
    found = [0]

    def start(tag: str, attributes: dict) -> None:
        if tag.rpartition("}")[2] == local:
            found[0] += 1

    for _ in _parse(handle, start):
        yield from range(found[0])
        found[0] = 0


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> sheet name, from the workbook part and its relationships (best effort)."""
    try:
        book, rels = archive.read("xl/workbook.xml"), archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for rel in re.finditer(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        rid, target = re.search(rb'\bId="([^"]*)"', rel[0]), re.search(rb'\bTarget="([^"]*)"', rel[0])
        if rid and target:
            path = target[1].decode("utf-8", "replace")
            targets[rid[1]] = path.lstrip("/") if path.startswith("/") else "xl/" + path
    names = {}
    for sheet in re.finditer(rb"<(?:\w+:)?sheet\b[^>]*>", book):
        title, rid = re.search(rb'\bname="([^"]*)"', sheet[0]), re.search(rb'\br:id="([^"]*)"', sheet[0])
        if title and rid and rid[1] in targets:
            names[targets[rid[1]]] = _unescape(title[1].decode("utf-8", "replace"))
    return names


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
            .replace("&amp;", "&"))


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _letters(column: int) -> str:
    """Excel's letters for a column number.

    >>> _letters(1), _letters(28), _letters(16384)
    ('A', 'AB', 'XFD')
    """
    out = ""
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


def _refuse_encrypted(name: str) -> None:
    raise DebtDeskError("workbook", f"{name} is password-encrypted; DebtDesk cannot read it (remove the password in "
                                    "Excel: File › Info › Protect Workbook); nothing was read")


def _refuse(name: str, what: str) -> None:
    raise DebtDeskError("workbook", f"{name} {what}; nothing was read")
