"""How the demo's workbooks print, before and after: pages, orientation and the size cells print at, per sheet.

``python -m bench.print_layout [--before REV]`` writes the demo's three client workbooks and its collections workbook
with this checkout's code and with the code at ``REV`` (main by default, exported beside it), prints all eight to PDF
in one LibreOffice run, and lists every sheet whose printing changed: its pages, portrait or landscape, and the size
in points at which most of its letters print (11-point cells print at 11 times the sheet's scale). It also checks that
no table's values changed: each table (found by name, wherever it now stands) holds the same header and rows, and every
other cell's value is still on its sheet.

LibreOffice measures column widths in the font it prints with. Without Carlito (Calibri's metric twin) it falls back
to DejaVu Sans, whose digits are a third wider than Calibri's, and prints every sheet at about three quarters of
Excel's scale; with ``FONTCONFIG_FILE`` pointing at a fontconfig that adds Carlito, it prints within ~6 % of Excel
(LibreOffice keeps the digit's fractional width, 7.4 pixels, where Excel rounds it to 7).
"""

from __future__ import annotations

import argparse
import collections
import importlib
import os
import re
import subprocess
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.formula.translate import Translator
from openpyxl.utils import range_boundaries


def demo(package, folder: Path) -> list[Path]:
    """The demo's workbooks written by ``package`` (debtdesk, or an older copy from :func:`bench.previous`) in
    ``folder``, the journal's clock frozen."""
    from bench.__main__ import frozen

    mod = frozen(package)
    run, samples = mod("macros.registry").run, mod("workbooks.samples")
    template = mod("workbooks.template")
    written = []
    for client in samples.sample_clients():
        book = template.client_workbook(client)
        run("regenerate", book)
        written.append(book.save(folder / f"{client['id']}.xlsx"))
    book = template.collections_workbook(samples.sample_ledger(), samples.SAMPLE_AS_OF,
                                         **samples.sample_collections_inputs())
    run("regenerate", book)
    written.append(book.save(folder / "collections.xlsx"))
    return written


def printed(pdf: Path) -> dict[str, dict]:
    """Per sheet of ``pdf`` (named in its footer): pages, orientation, and the size most of its letters print at."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    sheets: dict[str, dict] = {}
    document = pdfium.PdfDocument(str(pdf))
    try:
        for page in document:
            width, height = page.get_size()
            text = page.get_textpage()
            footer = re.search(r"^\s*(.+?)\s+Page \d+ of \d+", text.get_text_range(), re.M)
            sizes = collections.Counter(
                round(pdfium_c.FPDFText_GetFontSize(text.raw, i), 1) for i in range(text.count_chars())
                if chr(pdfium_c.FPDFText_GetUnicode(text.raw, i)).isalnum()
                and 0.06 * height < text.get_charbox(i)[1] < 0.94 * height)
            sheet = sheets.setdefault(footer.group(1).strip() if footer else "?",
                                      {"pages": 0, "orientation": "landscape" if width > height else "portrait",
                                       "sizes": collections.Counter()})
            sheet["pages"] += 1
            sheet["sizes"] += sizes
    finally:
        document.close()
    for sheet in sheets.values():
        sheet["points"] = sheet.pop("sizes").most_common(1)[0][0] if sheet.get("sizes") else None
    return sheets


def same_values(before: Path, after: Path) -> list[str]:
    """How the values of ``after`` differ from ``before``'s, positions aside: per table (by name) its rows and the row
    under it (a total), a moved table's formulas read as if written where it stood; and per sheet the values of the
    cells outside tables."""
    old, new = openpyxl.load_workbook(before), openpyxl.load_workbook(after)
    found = []
    for name in old.sheetnames:
        a, b = old[name], new[name]
        refs = {t.name: t.ref for t in a.tables.values()}
        tables = [{t.name: _table(ws, t.ref, refs.get(t.name, t.ref)) for t in ws.tables.values()} for ws in (a, b)]
        for table in sorted(k for k in tables[0] if tables[0][k] != tables[1].get(k)):
            rows = [(x, y) for x, y in zip(tables[0][table], tables[1].get(table, [])) if x != y]
            found.append(f"{name} table {table}: " + "; ".join(f"{x} -> {y}" for x, y in rows[:3]))
        rest = [collections.Counter(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None
                                    and not any(x <= c.column <= z and y <= c.row <= w + 1 for x, y, z, w in
                                                map(range_boundaries, [t.ref for t in ws.tables.values()])))
                for ws in (a, b)]
        if rest[0] != rest[1]:
            found.append(f"{name}: other cells {dict(rest[0] - rest[1])} -> {dict(rest[1] - rest[0])}")
    return found


def _table(ws, ref: str, was: str) -> list[tuple]:
    """The values of the table at ``ref`` and of the row under it; formulas as written at ``was``."""
    first_col, first_row, last_col, last_row = range_boundaries(ref)
    old_col, old_row = range_boundaries(was)[:2]

    def value(r, c):
        found = ws.cell(r, c).value
        if isinstance(found, str) and found.startswith("="):
            there = ws.cell(old_row + r - first_row, old_col + c - first_col).coordinate
            return Translator(found, origin=ws.cell(r, c).coordinate).translate_formula(there)
        return found
    return [tuple(value(r, c) for c in range(first_col, last_col + 1)) for r in range(first_row, last_row + 2)]


def main(argv=None) -> int:
    from bench.__main__ import previous

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="main", metavar="REV")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp())
    books = {label: demo(package, folder / label) for label, package in
             (("after", importlib.import_module("debtdesk")), ("before", previous(args.before)))}
    for label, files in books.items():
        subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to",
                        "pdf", "--outdir", str(folder / label / "pdf"), *map(str, files)], check=True,
                       capture_output=True, env=os.environ)
    fonts = subprocess.run(["pdffonts", str(folder / "after" / "pdf" / "collections.pdf")], capture_output=True,
                           text=True).stdout.split("\n")[2:3]
    print(f"LibreOffice prints in: {fonts[0].split()[0].split('+')[-1] if fonts and fonts[0] else '?'}")
    for before, after in zip(books["before"], books["after"]):
        changed = same_values(before, after)
        print(f"{after.name}: values " + ("the same, table by table" if not changed else "DIFFER: " + "; ".join(changed)))
        old, new = (printed(folder / label / "pdf" / f"{after.stem}.pdf") for label in ("before", "after"))
        for sheet in dict.fromkeys([*old, *new]):
            x, y = old.get(sheet, {}), new.get(sheet, {})
            if x != y:
                print(f"  {sheet:24s} pages {x.get('pages')} -> {y.get('pages')}, {x.get('orientation')} -> "
                      f"{y.get('orientation')}, cells print at {x.get('points')} -> {y.get('points')} pt")
        print(f"  all sheets: pages {sum(s['pages'] for s in old.values())} -> {sum(s['pages'] for s in new.values())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
