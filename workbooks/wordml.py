"""Letters to .docx, written directly as WordprocessingML: the editable copy of every letter.

A letter's .docx is a handful of small XML parts. All but ``word/document.xml`` are the same
for every letter of a paper size, so they are made once per process; the document part is
built from the :class:`~debtdesk.letter.Letter` with every text escaped, and the package is
written with fixed timestamps, so the same letter always gives the same bytes. The page
carries the paper of the letter's country (A4 or US Letter), a running head with the
client's name and reference from page 2, and "Page x of y" with the firm's regulatory line
in the footer of every page; table header rows repeat on each page.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from debtdesk.atomic import atomic_path
from debtdesk.letter import Heading, Letter, Paragraph, Table

#: Page width and height in twentieths of a point.
PAGES = {"A4": (11906, 16838), "Letter": (12240, 15840)}
_MARGINS = {"top": 1134, "bottom": 1474, "left": 1247, "right": 1247, "header": 567, "footer": 567}
_FONT, _SIZE = "Calibri", 22  # half-points
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STAMP = (2026, 1, 1, 0, 0, 0)  # zip entry times: identical letters, identical files
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def letter_docx(letter: Letter) -> bytes:
    """The letter as .docx bytes.

    Examples
    --------
    >>> import docx
    >>> from debtdesk.letter import Paragraph
    >>> data = letter_docx(Letter(("Harbour Debt Advice",), ("Barclaycard",), "27 November 2026",
    ...                           "Jane Doe", (Paragraph("=1+1 stays text"),)))
    >>> [p.text for p in docx.Document(io.BytesIO(data)).paragraphs][-4:]
    ['Jane Doe', '=1+1 stays text', 'Yours faithfully,', '']
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in _fixed_parts(letter.paper).items():
            _add(package, name, data)
        _add(package, "word/document.xml", _document(letter))
        _add(package, "word/header1.xml", _header_footer("hdr", _head(letter.running_head)))
        _add(package, "word/footer1.xml", _header_footer("ftr", _head(letter.footer, size=15)))
        _add(package, "docProps/core.xml", _core(letter.subject))
    return buffer.getvalue()


def write_docx(letter: Letter, path: str | Path) -> Path:
    """Write :func:`letter_docx` to ``path`` atomically; returns the path."""
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_bytes(letter_docx(letter))
    return path


def _add(package: zipfile.ZipFile, name: str, data: str | bytes) -> None:
    info = zipfile.ZipInfo(name, _STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    package.writestr(info, data)


# -- the document ---------------------------------------------------------------------
def _document(letter: Letter) -> str:
    parts = [_para(line, bold=i == 0, size=28 if i == 0 else 18, align="right", after=0)
             for i, line in enumerate(letter.letterhead)]
    parts.append(_para("", after=240))
    parts.append(_para("\n".join(letter.recipient), after=480))
    parts.append(_para(letter.date, after=120))
    if letter.references:
        parts.append(_table(Table(("", ""), tuple((f"{label}:", value) for label, value in letter.references),
                                  widths=(1, 4)), header=False, borders=False, size=19))
    parts.append(_para(f"{letter.salutation},", before=200))
    parts.append(_para(letter.subject, bold=True))
    # the sign-off never stands alone on a page: the body's last paragraph, the closing and the signature keep together
    parts += _blocks(letter.body, keep_last=True)
    parts.append(_para(f"{letter.closing},", before=120, after=840, keep=True))
    parts.append(_para("\n".join(letter.signature), keep_lines=True))
    if letter.enclosures:
        parts.append(_para("Enclosures: " + "; ".join(letter.enclosures), size=19, before=120))
    if letter.appendix:
        parts.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
        parts += _blocks(letter.appendix)
    width, height = PAGES[letter.paper]
    margins = " ".join(f'w:{side}="{value}"' for side, value in _MARGINS.items())
    section = (f'<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
               f'<w:footerReference w:type="default" r:id="rIdFooter"/>'
               f'<w:footerReference w:type="first" r:id="rIdFooter"/>'
               f'<w:pgSz w:w="{width}" w:h="{height}"/><w:pgMar {margins} w:gutter="0"/><w:titlePg/></w:sectPr>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>{"".join(parts)}{section}</w:body></w:document>')


def _blocks(blocks, keep_last: bool = False) -> list[str]:
    """Word paragraphs and tables for letter blocks; with ``keep_last`` a last paragraph keeps with what follows."""
    out = []
    for i, block in enumerate(blocks):
        if isinstance(block, Paragraph):  # a bold lead-in keeps with what it introduces
            out.append(_para(block.text, bold=block.bold, keep=block.bold or (keep_last and i == len(blocks) - 1)))
        elif isinstance(block, Heading):
            out.append(_para(block.text, bold=True, size=28 if block.level == 1 else 23, before=240, keep=True,
                             new_page=block.new_page))
        else:
            out.append(_table(block, size=20 if block.form else None))  # a form's 10 pt keeps a page to a page
            out.append(_GAP)  # Word needs a paragraph after a table; a 1-point one never makes a page of its own
    return out


#: An empty paragraph one point tall.
_GAP = ('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
        '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>')


def _para(text: str, *, bold: bool = False, size: int | None = None, align: str = "", before: int = 0,
          after: int = 160, keep: bool = False, keep_lines: bool = False, new_page: bool = False) -> str:
    jc = f'<w:jc w:val="{align}"/>' if align else ""
    properties = (f'<w:pPr>{"<w:keepNext/>" if keep else ""}{"<w:keepLines/>" if keep_lines else ""}'
                  f'{"<w:pageBreakBefore/>" if new_page else ""}<w:spacing w:before="{before}" w:after="{after}"/>'
                  f"{jc}</w:pPr>")
    return f"<w:p>{properties}{_runs(text, bold, size)}</w:p>"


def _runs(text: str, bold: bool = False, size: int | None = None) -> str:
    """One run per line of ``text``, joined by line breaks; tabs kept as tabs."""
    style = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else "")
    properties = f"<w:rPr>{style}</w:rPr>" if style else ""
    lines = []
    for line in _BAD_XML.sub("", str(text)).split("\n"):
        pieces = [f'<w:t xml:space="preserve">{escape(piece)}</w:t>' for piece in line.split("\t")]
        lines.append("<w:tab/>".join(pieces))
    return f"<w:r>{properties}{'<w:br/>'.join(lines)}</w:r>" if lines else ""


def _table(table: Table, *, header: bool = True, borders: bool = True, size: int | None = None) -> str:
    n = len(table.columns)
    weights = table.widths if len(table.widths) == n else (1,) * n
    grid = "".join(f'<w:gridCol w:w="{round(9400 * w / sum(weights))}"/>' for w in weights)
    rule = '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="999999"/>'
    border = f"<w:tblBorders>{rule}<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"999999\"/>" \
             f"</w:tblBorders>" if borders else ""
    if table.form:  # a form to fill in by hand: every cell boxed
        border = "<w:tblBorders>" + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="5A5A5A"/>'
                                            for side in ("top", "left", "bottom", "right", "insideH", "insideV")) \
                 + "</w:tblBorders>"
    properties = (f'<w:tblPr><w:tblW w:w="5000" w:type="pct"/>{border}<w:tblLayout w:type="fixed"/>'
                  f'<w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>'
                  f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>')
    align = table.align if len(table.align) == n else ("left",) * n
    rows = [_row(table.columns, align, bold=True, header=True, size=size)] if header else []
    for i, row in enumerate(table.rows):
        if i in table.group_rows:
            rows.append(f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="{n}"/>'
                        f'<w:shd w:val="clear" w:color="auto" w:fill="EBEBEB"/></w:tcPr>'
                        f'{_cell_para(row[0], "left", True, size)}</w:tc></w:tr>')
        else:
            rows.append(_row(row, align, bold=i in table.bold_rows, header=False, size=size, tall=table.form))
    return f"<w:tbl>{properties}{''.join(rows)}</w:tbl>"


def _row(cells, align, *, bold: bool, header: bool, size: int | None, tall: bool = False) -> str:
    """A table row; ``tall`` (a form's) at least 7 mm high, room for a handwritten figure."""
    flags = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + ('<w:trHeight w:val="400" w:hRule="atLeast"/>'
                                                                       if tall else "")
    return (f"<w:tr><w:trPr>{flags}</w:trPr>"
            + "".join(f"<w:tc>{_cell_para(c, a, bold, size)}</w:tc>" for c, a in zip(cells, align)) + "</w:tr>")


def _cell_para(text: str, align: str, bold: bool, size: int | None) -> str:
    jc = "right" if align == "right" else "left"
    return (f'<w:p><w:pPr><w:spacing w:before="40" w:after="40"/><w:jc w:val="{jc}"/></w:pPr>'
            f"{_runs(text, bold, size)}</w:p>")


# -- header, footer and the parts every letter shares ------------------------------------
def _head(text: str, size: int = 17) -> str:
    """A header or footer line: ``text`` on the left, "Page x of y" at the right margin."""
    def field(code: str) -> str:
        return (f'<w:fldSimple w:instr=" {code} "><w:r><w:rPr><w:sz w:val="{size}"/></w:rPr>'
                f'<w:t>1</w:t></w:r></w:fldSimple>')
    page = (f'<w:r><w:rPr><w:sz w:val="{size}"/></w:rPr><w:tab/><w:t xml:space="preserve">Page </w:t></w:r>'
            f'{field("PAGE")}<w:r><w:rPr><w:sz w:val="{size}"/></w:rPr><w:t xml:space="preserve"> of </w:t></w:r>'
            f'{field("NUMPAGES")}')
    return (f'<w:p><w:pPr><w:tabs><w:tab w:val="right" w:pos="9400"/></w:tabs><w:spacing w:after="0"/></w:pPr>'
            f'{_runs(text, size=size)}{page}</w:p>')


def _header_footer(kind: str, paragraph: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:{kind} xmlns:w="{_W}" xmlns:r="{_R}">{paragraph}</w:{kind}>')


def _core(title: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{escape(_BAD_XML.sub("", title))}</dc:title><dc:creator>DebtDesk</dc:creator>'
            '</cp:coreProperties>')


@lru_cache(maxsize=len(PAGES))
def _fixed_parts(paper: str) -> dict[str, str]:
    """The parts that are the same for every letter (made once per process)."""
    office = "http://schemas.openxmlformats.org/officeDocument/2006"
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    overrides = {"/word/document.xml": f"{main}.document.main+xml", "/word/styles.xml": f"{main}.styles+xml",
                 "/word/settings.xml": f"{main}.settings+xml", "/word/header1.xml": f"{main}.header+xml",
                 "/word/footer1.xml": f"{main}.footer+xml",
                 "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
                 "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml"}
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides.items()) + "</Types>")

    def rels(items):
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in items)
                + "</Relationships>")

    package_rels = rels([
        ("rId1", f"{office}/relationships/officeDocument", "word/document.xml"),
        ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
         "docProps/core.xml"),
        ("rId3", f"{office}/relationships/extended-properties", "docProps/app.xml")])
    document_rels = rels([
        ("rIdStyles", f"{office}/relationships/styles", "styles.xml"),
        ("rIdSettings", f"{office}/relationships/settings", "settings.xml"),
        ("rIdHeader", f"{office}/relationships/header", "header1.xml"),
        ("rIdFooter", f"{office}/relationships/footer", "footer1.xml")])
    language = "en-US" if paper == "Letter" else "en-GB"
    styles = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{_W}">'
              f'<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{_FONT}" w:hAnsi="{_FONT}" w:cs="{_FONT}" '
              f'w:eastAsia="{_FONT}"/><w:sz w:val="{_SIZE}"/><w:szCs w:val="{_SIZE}"/><w:lang w:val="{language}"/>'
              f'</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="264" '
              f'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
              f'<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
              f'</w:style></w:styles>')
    settings = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{_W}">'
                f'<w:defaultTabStop w:val="720"/>'
                f'<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
                f'w:val="15"/></w:compat></w:settings>')
    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           '<Application>DebtDesk</Application></Properties>')
    return {"[Content_Types].xml": types, "_rels/.rels": package_rels, "word/_rels/document.xml.rels": document_rels,
            "word/styles.xml": styles, "word/settings.xml": settings, "docProps/app.xml": app}
