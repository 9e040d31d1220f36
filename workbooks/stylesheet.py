"""Bring the cell styles DebtDesk's sheets use into a firm's stylesheet, renumbering nothing.

openpyxl composes DebtDesk's sheets with its own stylesheet, in which a cell's ``s="7"``
means openpyxl's seventh cell format. The firm's ``xl/styles.xml`` keeps every entry it
has at the index it has (its own sheets point at them); :class:`StyleMerge` finds each
format DebtDesk uses among the firm's (same font, fill, border, number format, alignment
and protection) or appends it at the end, and tells the writer the index to put in
DebtDesk's cells. Appended entries are found again on the next run, so regenerating a
workbook a thousand times leaves its stylesheet the size it was after the first.
"""

from __future__ import annotations

import copy

from lxml import etree

from debtdesk.workbooks.ooxml import MAIN, parse_xml, q, to_bytes

#: The children of <styleSheet>, in the order the schema requires.
ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles",
         "colors", "extLst")
#: Child order Excel writes (and the Open XML SDK's validator expects) in a font and a differential format.
CHILD_ORDER = {
    "font": ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color", "name",
             "family", "charset", "scheme"),
    "dxf": ("font", "numFmt", "fill", "alignment", "border", "protection", "extLst"),
}
#: First custom number format id (lower ids are Excel's built-in formats).
FIRST_CUSTOM_FORMAT = 164


class StyleMerge:
    """The firm's stylesheet with DebtDesk's formats added on demand.

    Parameters
    ----------
    firm : bytes
        The firm's ``xl/styles.xml``.
    composed : bytes
        The ``xl/styles.xml`` openpyxl wrote with DebtDesk's sheets.

    Examples
    --------
    >>> firm = (b'<styleSheet xmlns="%s"><fonts count="1"><font><sz val="10"/></font></fonts>'
    ...         b'<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    ...         b'<borders count="1"><border/></borders><cellXfs count="1"><xf fontId="0"/></cellXfs></styleSheet>') % MAIN.encode()
    >>> ours = firm.replace(b'<font><sz val="10"/></font></fonts>', b'<font><sz val="10"/></font><font><b/></font></fonts>'
    ...                     ).replace(b'<xf fontId="0"/></cellXfs>', b'<xf fontId="0"/><xf fontId="1" numFmtId="10"/></cellXfs>')
    >>> merged = StyleMerge(firm, ours)
    >>> merged.xf(0), merged.xf(1), merged.xf(1)
    (0, 1, 1)
    >>> StyleMerge(merged.to_bytes(), ours).xf(1)  # the next run finds the format it added
    1
    """

    def __init__(self, firm: bytes, composed: bytes):
        self.root = parse_xml(firm, "xl/styles.xml")
        self.ours = parse_xml(composed, "xl/styles.xml (composed)")
        self.changed = False
        self._maps: dict[str, dict[int, int]] = {"cellXfs": {0: 0}, "fonts": {0: 0}, "fills": {0: 0, 1: 1},
                                                  "borders": {0: 0}, "dxfs": {}}
        self._index: dict[str, dict] = {}
        self._formats = _formats(self.root)
        self._our_formats = _formats(self.ours)

    def xf(self, index: int) -> int:
        """The firm's index of openpyxl's cell format ``index`` (appended if the firm lacks it)."""
        done = self._maps["cellXfs"]
        if index not in done:
            xf = copy.deepcopy(_children(self.ours, "cellXfs")[index])
            for attribute, kind in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")):
                if xf.get(attribute) is not None:
                    xf.set(attribute, str(self._element(kind, int(xf.get(attribute)))))
            if xf.get("numFmtId") is not None:
                xf.set("numFmtId", str(self._format(int(xf.get("numFmtId")))))
            xf.set("xfId", str(self._normal_style()))
            done[index] = self._find_or_add("cellXfs", xf)
        return done[index]

    def dxf(self, index: int) -> int:
        """The firm's index of openpyxl's differential format ``index`` (conditional formats)."""
        done = self._maps["dxfs"]
        if index not in done:
            done[index] = self._find_or_add("dxfs", copy.deepcopy(_children(self.ours, "dxfs")[index]))
        return done[index]

    def to_bytes(self) -> bytes | None:
        """The merged stylesheet, or None when nothing had to be added (the firm's part stays as it is)."""
        return to_bytes(self.root) if self.changed else None

    # -- internals -------------------------------------------------------------------
    def _element(self, kind: str, index: int) -> int:
        done = self._maps[kind]
        if index not in done:
            done[index] = self._find_or_add(kind, copy.deepcopy(_children(self.ours, kind)[index]))
        return done[index]

    def _format(self, number: int) -> int:
        """The firm's id for openpyxl's number format ``number``: built-ins keep theirs, a custom code
        is found by its text or added with the next free id."""
        code = self._our_formats.get(number)
        if code is None:
            return number
        for firm_id, firm_code in self._formats.items():
            if firm_code == code:
                return firm_id
        new_id = max([FIRST_CUSTOM_FORMAT - 1, *self._formats]) + 1
        holder = _container(self.root, "numFmts")
        etree.SubElement(holder, q(MAIN, "numFmt"), numFmtId=str(new_id), formatCode=code)
        holder.set("count", str(len(holder)))
        self._formats[new_id] = code
        self.changed = True
        return new_id

    def _normal_style(self) -> int:
        """The firm's xfId of its Normal cell style."""
        for style in _children(self.root, "cellStyles"):
            if style.get("builtinId") == "0":
                return int(style.get("xfId", "0"))
        return 0

    def _find_or_add(self, kind: str, element) -> int:
        index = self._index.get(kind)
        if index is None:
            index = self._index[kind] = {}
            for position, existing in enumerate(_children(self.root, kind)):
                index.setdefault(_canonical(existing), position)
        key = _canonical(element)
        if key not in index:
            holder = _container(self.root, kind)
            holder.append(_in_schema_order(element))
            holder.set("count", str(len(holder)))
            index[key] = len(holder) - 1
            self.changed = True
        return index[key]


def _in_schema_order(element):
    """``element`` with its children (and theirs) in the order Excel writes them (openpyxl writes a
    font's name first; the Open XML SDK's validator reports that).

    >>> etree.tostring(_in_schema_order(parse_xml(b'<font><name val="Calibri"/><b/><sz val="11"/></font>')))
    b'<font><b/><sz val="11"/><name val="Calibri"/></font>'
    """
    order = CHILD_ORDER.get(etree.QName(element).localname)
    children = [child for child in element if isinstance(child.tag, str)]
    for child in children:
        _in_schema_order(child)
    if order:
        rank = {name: i for i, name in enumerate(order)}
        children.sort(key=lambda c: rank.get(etree.QName(c).localname, len(order)))
        for child in children:
            element.append(child)
    return element


def _children(root, kind: str) -> list:
    holder = root.find(q(MAIN, kind))
    return [] if holder is None else [el for el in holder if isinstance(el.tag, str)]


def _container(root, kind: str):
    """The firm's <kind> list, created in its schema place when missing."""
    holder = root.find(q(MAIN, kind))
    if holder is None:
        holder = etree.Element(q(MAIN, kind), count="0")
        later = ORDER[ORDER.index(kind) + 1:]
        for position, child in enumerate(root):
            if isinstance(child.tag, str) and etree.QName(child).localname in later:
                root.insert(position, holder)
                break
        else:
            root.append(holder)
    return holder


def _formats(root) -> dict[int, str]:
    return {int(el.get("numFmtId")): el.get("formatCode", "") for el in _children(root, "numFmts")}


_FLAGS = {"true": "1", "false": "0"}
_BOOLEAN_ELEMENTS = {"b", "i", "strike", "outline", "shadow", "condense", "extend"}


def _canonical(element) -> tuple:
    """What a style entry means, for finding an equal one: children in any order, Excel's and openpyxl's
    spellings of booleans alike, ``apply*`` hints and false defaults left out.

    >>> _canonical(parse_xml(b'<font><b/><sz val="11"/></font>')) == _canonical(parse_xml(b'<font><sz val="11"/><b val="1"/></font>'))
    True
    """
    name = etree.QName(element).localname
    attributes = {}
    for key, value in element.attrib.items():
        local = etree.QName(key).localname
        value = _FLAGS.get(value, value)
        if local.startswith("apply") or (local in ("quotePrefix", "pivotButton", "hidden") and value == "0"):
            continue
        attributes[local] = value.upper() if local == "rgb" else value
    if name in _BOOLEAN_ELEMENTS:
        attributes.setdefault("val", "1")
    children = sorted(_canonical(child) for child in element if isinstance(child.tag, str))
    return name, tuple(sorted(attributes.items())), tuple(children)
