"""Open Packaging Conventions plumbing: read a workbook package, write one part by part.

An ``.xlsx``/``.xlsm`` is a zip of parts tied together by relationship (``.rels``) parts
and typed by ``[Content_Types].xml``. :class:`Package` reads one (parts, relationships,
content types, what is reachable from the package root) and :class:`PackageWriter`
writes one, copying a part it keeps as its compressed bytes straight from the source
file: nothing is inflated, re-deflated or re-encoded, so a part that is kept is
byte-identical and costs little more than a disk copy.

XML parts are parsed with lxml, which keeps namespace prefixes and declarations as
written (``mc:Ignorable`` names prefixes, so renaming them, as ElementTree does, would
damage a part), with entity resolution, DTDs and network access turned off.
"""

from __future__ import annotations

import io
import posixpath
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator

from lxml import etree

from debtdesk.errors import DebtDeskError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
CONTENT_TYPES = "[Content_Types].xml"
#: zlib level of the parts DebtDesk writes. On a big ledger's sheet XML, 5 deflates ~1.85x faster than
#: zlib's default 6 for a part ~2% larger (4: 2.5x, +13%; 2: 3.6x, +23%); deflating was ~40% of a
#: 200,000-row regenerate's save.
DEFLATE_LEVEL = 5

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_blank_text=False)


def parse_xml(data: bytes, part: str = "part") -> etree._Element:
    """Parse an XML part safely (no entities, no DTD, no network).

    >>> parse_xml(b'<a xmlns:x="urn:x"><x:b/></a>').tag
    'a'
    """
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
        raise DebtDeskError("workbook", f"part {part} declares a DTD or entities, which a workbook never needs; refused")
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise DebtDeskError("workbook", f"part {part} is not well-formed XML ({error})") from None


def to_bytes(root: etree._Element) -> bytes:
    """Serialize a part as Excel does: UTF-8 with a standalone XML declaration.

    >>> to_bytes(parse_xml(b"<a/>")).splitlines()
    [b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>", b'<a/>']
    """
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def q(namespace: str, name: str) -> str:
    """Clark notation ``{namespace}name`` for lxml.

    >>> q(MAIN, "sheet")
    '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet'
    """
    return f"{{{namespace}}}{name}"


def rels_path(part: str) -> str:
    """The relationship part of ``part`` ('' is the package root).

    >>> rels_path("xl/workbook.xml"), rels_path("")
    ('xl/_rels/workbook.xml.rels', '_rels/.rels')
    """
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve(source: str, target: str) -> str:
    """The part a relationship of ``source`` points to (absolute or relative ``target``).

    >>> resolve("xl/worksheets/sheet1.xml", "../drawings/drawing1.xml"), resolve("xl/workbook.xml", "/xl/styles.xml")
    ('xl/drawings/drawing1.xml', 'xl/styles.xml')
    """
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


@dataclass
class Relationship:
    """One relationship of a part: id, type, the part it points to (or an external URI)."""

    id: str
    type: str
    target: str  # the absolute part name for internal targets, the URI as written for external ones
    external: bool = False

    @property
    def kind(self) -> str:
        """The last segment of the type, e.g. ``worksheet``, ``drawing``, ``vbaProject``."""
        return self.type.rsplit("/", 1)[-1]


@dataclass
class Package:
    """A workbook package opened for reading: its zip, relationships and content types.

    Examples
    --------
    >>> import openpyxl, tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "a.xlsx"); openpyxl.Workbook().save(p)
    >>> pkg = Package.open(p)
    >>> [r.kind for r in pkg.rels("xl/workbook.xml")][:2], pkg.content_type("xl/workbook.xml").rsplit(".", 1)[-1]
    (['worksheet', 'styles'], 'main+xml')
    """

    path: Path
    zip: zipfile.ZipFile
    infos: dict[str, zipfile.ZipInfo]
    defaults: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, str] = field(default_factory=dict)
    _rels: dict[str, list[Relationship]] = field(default_factory=dict)
    raw: BinaryIO | None = None  # the file itself, for copying parts still compressed

    @classmethod
    def open(cls, source: str | Path | bytes, name: str = "") -> "Package":
        """Open a package file, or one held in memory as ``bytes`` (the caller has checked its size)."""
        raw = io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")
        label = name or ("(in memory)" if isinstance(source, bytes) else Path(source).name)
        z = zipfile.ZipFile(raw)
        infos = {i.filename: i for i in z.infolist() if not i.is_dir()}
        pkg = cls(Path(label), z, infos, raw=raw)
        if any(i.flag_bits & 0x1 for i in infos.values()):
            pkg.close()
            raise DebtDeskError("workbook", f"{label} holds zip-encrypted parts; refused")
        if CONTENT_TYPES not in infos:
            pkg.close()
            raise DebtDeskError("workbook", f"{label} has no {CONTENT_TYPES}; it is not an Office package")
        types = parse_xml(z.read(CONTENT_TYPES), CONTENT_TYPES)
        for el in types:
            if el.tag == q(CONTENT_TYPES_NS, "Default"):
                pkg.defaults[el.get("Extension", "").lower()] = el.get("ContentType", "")
            elif el.tag == q(CONTENT_TYPES_NS, "Override"):
                pkg.overrides[el.get("PartName", "").lstrip("/")] = el.get("ContentType", "")
        return pkg

    def close(self) -> None:
        """Close the zip and the file."""
        self.zip.close()
        self.raw.close()

    def __enter__(self) -> "Package":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __contains__(self, part: str) -> bool:
        return part in self.infos

    def read(self, part: str) -> bytes:
        """The uncompressed bytes of ``part``."""
        return self.zip.read(self.infos[part])

    def xml(self, part: str) -> etree._Element:
        """``part`` parsed."""
        return parse_xml(self.read(part), part)

    def content_type(self, part: str) -> str | None:
        """The content type of ``part`` (its Override, else its extension's Default)."""
        if part in self.overrides:
            return self.overrides[part]
        return self.defaults.get(posixpath.splitext(part)[1].lstrip(".").lower())

    def rels(self, part: str) -> list[Relationship]:
        """The relationships of ``part`` ('' for the package root); [] when it has none."""
        if part not in self._rels:
            found = []
            name = rels_path(part)
            if name in self.infos:
                for el in self.xml(name):
                    if el.tag != q(PKG_REL, "Relationship"):
                        continue
                    external = el.get("TargetMode") == "External"
                    target = el.get("Target", "")
                    found.append(Relationship(el.get("Id", ""), el.get("Type", ""),
                                              target if external else resolve(part, target), external))
            self._rels[part] = found
        return self._rels[part]

    def reachable(self, start: str = "", skip: frozenset[str] = frozenset()) -> set[str]:
        """Every part reachable from ``start`` through internal relationships (not entering ``skip``)."""
        seen: set[str] = set()
        todo = [start]
        while todo:
            part = todo.pop()
            for rel in self.rels(part):
                if not rel.external and rel.target in self.infos and rel.target not in seen and rel.target not in skip:
                    seen.add(rel.target)
                    todo.append(rel.target)
        return seen


def rels_xml(rels: list[Relationship], source: str) -> bytes:
    """A relationship part for ``rels`` of part ``source``; internal targets written relative to it.

    >>> rels_xml([Relationship("rId1", "t/drawing", "xl/drawings/drawing2.xml")], "xl/worksheets/sheet1.xml")[-91:]
    b'Relationship Id="rId1" Type="t/drawing" Target="../drawings/drawing2.xml"/></Relationships>'
    """
    root = etree.Element(q(PKG_REL, "Relationships"), nsmap={None: PKG_REL})
    folder = posixpath.dirname(source)
    for rel in rels:
        el = etree.SubElement(root, q(PKG_REL, "Relationship"), Id=rel.id, Type=rel.type,
                              Target=rel.target if rel.external else posixpath.relpath(rel.target, folder or "."))
        if rel.external:
            el.set("TargetMode", "External")
    return to_bytes(root)


def content_types_xml(defaults: dict[str, str], overrides: dict[str, str]) -> bytes:
    """``[Content_Types].xml`` for these Default (by extension) and Override (by part) types.

    >>> b"/xl/workbook.xml" in content_types_xml({"xml": "application/xml"}, {"xl/workbook.xml": "t"})
    True
    """
    root = etree.Element(q(CONTENT_TYPES_NS, "Types"), nsmap={None: CONTENT_TYPES_NS})
    for extension, kind in defaults.items():
        etree.SubElement(root, q(CONTENT_TYPES_NS, "Default"), Extension=extension, ContentType=kind)
    for part, kind in overrides.items():
        etree.SubElement(root, q(CONTENT_TYPES_NS, "Override"), PartName="/" + part, ContentType=kind)
    return to_bytes(root)


class PackageWriter:
    """Write a zip package entry by entry: new parts deflated, kept parts copied compressed.

    Plain zip (no ZIP64): a workbook DebtDesk opens is far below 4 GiB (workbooks/limits.py).

    Examples
    --------
    >>> import io
    >>> buffer = io.BytesIO()
    >>> with PackageWriter(buffer) as out:
    ...     out.write("a.xml", b"<a/>")
    >>> zipfile.ZipFile(buffer).read("a.xml")
    b'<a/>'
    """

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.entries: list[tuple] = []
        self._names: set[str] = set()
        now = time.localtime()
        self._dos = ((now.tm_year - 1980) << 9 | now.tm_mon << 5 | now.tm_mday,
                     now.tm_hour << 11 | now.tm_min << 5 | now.tm_sec // 2)

    def __enter__(self) -> "PackageWriter":
        return self

    def __exit__(self, kind, value, trace) -> None:
        if kind is None:
            self.close()

    def write(self, name: str, data: bytes) -> None:
        """Add part ``name`` holding ``data`` (deflated)."""
        packer = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
        packed = packer.compress(data) + packer.flush()
        self._entry(name, zipfile.ZIP_DEFLATED, zlib.crc32(data), packed, len(data), self._dos)

    def copy(self, package: Package, name: str) -> None:
        """Add part ``name`` of ``package`` exactly as stored there (still compressed)."""
        info = package.infos[name]
        handle = package.raw
        handle.seek(info.header_offset)
        header = handle.read(30)
        if header[:4] != b"PK\x03\x04":
            raise DebtDeskError("workbook", f"{package.path.name}: part {name} has a damaged zip header")
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        handle.seek(info.header_offset + 30 + name_length + extra_length)
        packed = handle.read(info.compress_size)
        dos = (info.date_time[0] - 1980) << 9 | info.date_time[1] << 5 | info.date_time[2], \
            info.date_time[3] << 11 | info.date_time[4] << 5 | info.date_time[5] // 2
        self._entry(name, info.compress_type, info.CRC, packed, info.file_size, dos)

    def _entry(self, name: str, method: int, crc: int, packed: bytes, size: int, dos: tuple[int, int]) -> None:
        if name in self._names:
            raise ValueError(f"part {name} written twice")
        self._names.add(name)
        encoded = name.encode("utf-8")
        flags = 0x800  # names are UTF-8
        offset = self.stream.tell()
        if offset + len(packed) > 0xFFFFFFFF or size > 0xFFFFFFFF:
            raise DebtDeskError("workbook", "the workbook would exceed 4 GiB; refused")
        self.stream.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flags, method, dos[1], dos[0],
                                      crc, len(packed), size, len(encoded), 0))
        self.stream.write(encoded)
        self.stream.write(packed)
        self.entries.append((encoded, flags, method, dos[1], dos[0], crc, len(packed), size, offset))

    def close(self) -> None:
        """Write the central directory."""
        start = self.stream.tell()
        for encoded, flags, method, dos_time, dos_date, crc, packed, size, offset in self.entries:
            self.stream.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, flags, method, dos_time, dos_date,
                                          crc, packed, size, len(encoded), 0, 0, 0, 0, 0, offset))
            self.stream.write(encoded)
        end = self.stream.tell()
        self.stream.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(self.entries), len(self.entries),
                                      end - start, start, 0))


def part_names(names: set[str], wanted: str) -> Iterator[str]:
    """Free names like ``wanted`` (its digits counted up) that are not in ``names``.

    >>> next(part_names({"xl/tables/table1.xml", "xl/tables/table2.xml"}, "xl/tables/table1.xml"))
    'xl/tables/table3.xml'
    """
    folder, name = posixpath.split(wanted)
    stem, extension = posixpath.splitext(name)
    stem = stem.rstrip("0123456789")
    number = 1
    while True:
        candidate = posixpath.join(folder, f"{stem}{number}{extension}")
        if candidate not in names:
            yield candidate
        number += 1
