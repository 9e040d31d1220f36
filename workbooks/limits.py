"""Size limits for workbooks from outside, checked before any parser opens them.

An ``.xlsx``/``.xlsm`` is a zip of XML parts. A hostile or broken file can be small on
disk and enormous once decompressed (a zip bomb), or declare millions of rows that a
cell-object reader such as openpyxl would try to hold in memory. :func:`check_workbook`
looks at the zip directory and streams each worksheet part through a counter, so a
refusal costs at most the (limited) decompressed size and never builds a cell. The sizes
the zip directory declares can be trusted as bounds: zipfile stops reading a part at its
declared size and calamine refuses a part that inflates past it (both pinned by tests).

XML attacks (billion laughs, external entities) are refused by openpyxl itself, which
parses through ``defusedxml`` when it is installed (``openpyxl.xml.DEFUSEDXML``).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from debtdesk.errors import DebtDeskError

_MB = 1024 * 1024
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref=\"[A-Z]*\d*:?[A-Z]*(\d+)\"")
_CHUNK = 1 << 20


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
        Rows in any one worksheet (by its ``<dimension>`` and by counting ``<row>``
        elements, since the dimension may be missing or false).
    max_parts : int
        Entries in the zip.
    """

    max_bytes: int = 256 * _MB
    max_ratio: float = 200.0
    ratio_floor: int = _MB
    max_rows: int = 250_000
    max_parts: int = 10_000


DEFAULT = Limits()


def check_workbook(path: str | Path, limits: Limits = DEFAULT) -> None:
    """Refuse ``path`` with a :class:`DebtDeskError` naming the file and the limit it breaks.

    Parameters
    ----------
    path : str or Path
        An ``.xlsx``/``.xlsm`` file.
    limits : Limits
        The limits to apply (:data:`DEFAULT` unless a caller knows better).

    Examples
    --------
    >>> import openpyxl, tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "ok.xlsx"); openpyxl.Workbook().save(p)
    >>> check_workbook(p)
    >>> check_workbook(p, Limits(max_bytes=100))
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: workbook: ok.xlsx decompresses to ... bytes, above the limit of 100 bytes for an input workbook (a zip bomb or not a workbook); nothing was read
    """
    path = Path(path)
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
            _refuse(name, f"decompresses to {total:,} bytes, above the limit of {limits.max_bytes:,} bytes "
                          "for an input workbook (a zip bomb or not a workbook)")
        for m in members:
            if m.file_size >= limits.ratio_floor and m.file_size > limits.max_ratio * max(m.compress_size, 1):
                _refuse(name, f"part {m.filename} expands {m.file_size / max(m.compress_size, 1):,.0f} to 1, "
                              f"above the limit of {limits.max_ratio:g} to 1 (a zip bomb)")
        for m in members:
            if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml"):
                _check_rows(archive, m, name, limits.max_rows)


def _check_rows(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, max_rows: int) -> None:
    """Stream one worksheet part: its declared dimension and its actual ``<row>`` count.

    Counting runs at memory speed: ``bytes.count`` of ``<row`` and ``:row`` is an upper bound
    on the ``<row>`` elements (every ``<row>`` or ``<x:row>`` start tag holds one of them; so do
    a prefixed part's end tags and ``<rowBreaks>``). Only a part whose bound passes the limit is
    counted again exactly, element by element, so a legitimate sheet written with a namespace
    prefix is not refused for its end tags.
    """
    if _stream_rows(archive, member, name, max_rows, _rows_at_most) > max_rows:
        _stream_rows(archive, member, name, max_rows, _rows_exactly)


def _rows_at_most(data: bytes) -> int:
    return data.count(b"<row") + data.count(b":row")


def _rows_exactly(data: bytes) -> int:
    return len(_ROW.findall(data))


def _stream_rows(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, max_rows: int, count) -> int:
    """``count`` the rows of ``member`` chunk by chunk; refuse at once when an exact count passes ``max_rows``.

    zipfile stops at the part's declared size (checked against the limits already), as calamine
    does, so a chunk at a time is all this ever holds.
    """
    rows, tail, first = 0, b"", True
    try:
        with archive.open(member) as part:
            while chunk := part.read(_CHUNK):
                data = tail + chunk
                if first:
                    dimension = _DIMENSION.search(data[:8192])
                    if dimension and int(dimension[1]) > max_rows:
                        _refuse(name, f"sheet part {member.filename} declares {int(dimension[1]):,} rows, "
                                      f"above the limit of {max_rows:,} rows")
                    first = False
                # a match wholly inside the carried-over tail was counted with the previous chunk
                # (matches cannot overlap, so those are exactly the tail's own matches)
                rows += count(data) - count(tail)
                if rows > max_rows:
                    if count is not _rows_exactly:
                        return rows
                    _refuse(name, f"sheet part {member.filename} holds more than {max_rows:,} rows, "
                                  f"above the limit of {max_rows:,} rows")
                tail = data[-64:]
    except (zipfile.BadZipFile, OSError, EOFError) as error:  # corrupt data, bad CRC
        raise DebtDeskError("workbook", f"{name} is damaged ({error})") from None
    return rows


def _refuse(name: str, what: str) -> None:
    raise DebtDeskError("workbook", f"{name} {what}; nothing was read")
