"""The live-Excel adapter of the workbook interface, through open-source xlwings.

The ribbon callback wraps ``xw.Book.caller()`` in :class:`LiveBook` and runs the same
macro functions headless regeneration runs through :class:`~debtdesk.workbooks.filebook.FileBook`.
Only Windows/macOS Excel can exercise this module; it is deliberately a thin mapping
of the interface onto xlwings' Book/Sheet/Range/Table/Chart objects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping, Sequence

import pandas as pd

from debtdesk.errors import DebtDeskError
from debtdesk.macros.book import FORMATS, HIGHLIGHTS, TOTALS, Chart, TableSpec
from debtdesk.workbooks.cells import looks_like_formula, plain
from debtdesk.workbooks.documents import documents_folder

LISTS = "Lists"  # the hidden sheet that holds dropdown lists
_CHART_TYPES = {"line": "line", "bar": "bar_clustered", "column": "column_clustered", "pie": "pie"}
_EXCEL_FUNCTION = {"sum": "SUM", "average": "AVERAGE", "min": "MIN", "max": "MAX", "count": "COUNT"}


def _as_cell(value):
    """Data text that Excel would evaluate gets the apostrophe text prefix.

    >>> _as_cell("=1+1"), _as_cell(2.5)
    ("'=1+1", 2.5)
    """
    value = plain(value)
    return "'" + value if looks_like_formula(value) else value


class LiveBook:
    """An open Excel workbook seen through the workbook interface.

    Examples
    --------
    In Excel, from a ribbon callback::

        import xlwings as xw
        book = LiveBook(xw.Book.caller())
        registry.run("build_plan", book)
    """

    def __init__(self, book):
        self.book = book
        try:
            self.user = str(book.app.api.UserName)
        except Exception:  # macOS / restricted API: the OS login is the next best
            import getpass
            self.user = getpass.getuser()
        try:  # documents go in a folder beside the saved workbook
            path = Path(book.fullname)
            self.documents_dir = documents_folder(path) if path.parent != Path(".") else None
        except Exception:  # a new, never-saved workbook has no folder
            self.documents_dir = None

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def has_table(self, name: str) -> bool:
        return self._find_table(name) is not None or name in self.sheet_names()

    def read_table(self, name: str) -> pd.DataFrame:
        table = self._find_table(name)
        if table is not None:
            values = table.range.options(ndim=2).value
            if table.show_totals:  # the table's Total row is never data
                values = values[:-1]
        elif name in self.sheet_names():
            values = self.book.sheets[name].range("A1").expand().options(ndim=2).value
        else:
            raise DebtDeskError(name, f"no table or sheet named {name!r} in the workbook (sheets: {', '.join(self.sheet_names())})")
        header = [("" if h is None else str(h).strip()) for h in values[0]]
        frame = pd.DataFrame([list(r) for r in values[1:]], columns=header, dtype=object)
        frame.index = pd.RangeIndex(1, len(frame) + 1)
        return frame[[not all(v is None or v == "" for v in r) for r in values[1:]]] if len(values) > 1 else frame

    def read_value(self, sheet: str, cell: str):
        return self.book.sheets[sheet].range(cell).value

    def clear_sheet(self, sheet: str) -> None:
        self._fresh_sheet(sheet)

    def write_table(self, sheet: str, frame: pd.DataFrame, spec: TableSpec) -> str:
        sh = self._fresh_sheet(sheet) if spec.replace_sheet else self._sheet(sheet)
        start = sh.range(spec.anchor)
        if spec.title:
            start.value = spec.title
            start.font.bold = True
            start = start.offset(2, 0)
        columns = [str(c) for c in frame.columns]
        body = [[_as_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
        block = start.resize(len(body) + 1, len(columns))
        block.value = [[_as_cell(c) for c in columns]] + body
        sh.tables.add(source=block, name=spec.name, table_style_name="TableStyleMedium2")
        for name, fmt in spec.formats.items():
            if name in columns and body:
                start.offset(1, columns.index(name)).resize(len(body), 1).number_format = FORMATS[fmt]
        if spec.totals:
            total = start.offset(len(body) + 1, 0)
            total.value = "Total"
            for name, how in spec.totals.items():
                if how not in TOTALS or name not in columns:
                    raise DebtDeskError("totals", f"{name!r}: {how!r} is not a total of a table column")
                col = start.offset(1, columns.index(name)).resize(max(len(body), 1), 1)
                cell = start.offset(len(body) + 1, columns.index(name))
                cell.formula = f"={_EXCEL_FUNCTION[how]}({col.get_address(False, False)})"
                if name in spec.formats:
                    cell.number_format = FORMATS[spec.formats[name]]
            start.offset(len(body) + 1, 0).resize(1, len(columns)).font.bold = True
        sh.autofit(axis="columns")
        return block.get_address(False, False)

    def append_rows(self, table: str, rows: Sequence[Mapping[str, object]]) -> None:
        if not rows:
            return
        found = self._find_table(table)
        if found is None:
            self.write_table(table, pd.DataFrame(list(rows)), TableSpec(table))
            return
        header = [str(h) for h in found.header_row_range.value]
        unknown = sorted({k for r in rows for k in r} - set(header))
        if unknown:
            raise DebtDeskError(table, f"has no column {', '.join(unknown)} (columns: {', '.join(header)})")
        end = found.range[-1, 0].offset(1, 0)
        end.resize(len(rows), len(header)).value = [[_as_cell(r.get(h)) for h in header] for r in rows]
        found.resize(found.range.resize(found.range.rows.count + len(rows), len(header)))

    def write_value(self, sheet: str, cell: str, value, number_format: str | None = None) -> None:
        rng = self._sheet(sheet).range(cell)
        rng.value = _as_cell(value)
        if number_format:
            rng.number_format = FORMATS.get(number_format, number_format)

    def write_formula(self, sheet: str, cell: str, formula: str, number_format: str | None = None) -> None:
        if not formula.startswith("="):
            raise DebtDeskError("formula", f"{formula!r} must start with '='")
        rng = self._sheet(sheet).range(cell)
        rng.formula = formula
        if number_format:
            rng.number_format = FORMATS.get(number_format, number_format)

    def add_chart(self, sheet: str, chart: Chart) -> None:
        table = self._find_table(chart.table)
        if table is None:
            raise DebtDeskError("chart", f"table {chart.table!r} does not exist")
        header = [str(h) for h in table.header_row_range.value]
        missing = [c for c in (chart.x, *chart.series) if c not in header]
        if missing:
            raise DebtDeskError("chart", f"table {chart.table!r} has no column {', '.join(missing)}")
        sh = self._sheet(sheet)
        top_left = sh.range(chart.anchor)
        drawn = sh.charts.add(left=top_left.left, top=top_left.top, width=480, height=260)
        data = table.range
        x = data.columns[header.index(chart.x)]
        series = [data.columns[header.index(s)] for s in chart.series]
        addresses = ",".join(col.get_address() for col in (x, *series))
        drawn.set_source_data(table.parent.range(addresses))
        drawn.chart_type = _CHART_TYPES[chart.kind]
        drawn.api[1].HasTitle = True
        drawn.api[1].ChartTitle.Text = chart.title

    def add_validation(self, sheet: str, cell_range: str, choices: Sequence[str]) -> None:
        choices = [str(c) for c in choices]
        if not choices:
            raise DebtDeskError("choices", "is empty (expected at least one choice)")
        lists = self._sheet(LISTS)
        lists.visible = False
        column = 1
        while lists.range((1, column)).value is not None:
            held = lists.range((1, column), (len(choices) + 1, column)).options(ndim=1).value
            if held == choices + [None]:
                break
            column += 1
        else:
            lists.range((1, column)).options(transpose=True).value = [_as_cell(c) for c in choices]
        source = lists.range((1, column), (len(choices), column)).get_address(True, True, include_sheetname=True)
        validation = self._sheet(sheet).range(cell_range).api.Validation
        validation.Delete()
        validation.Add(Type=3, AlertStyle=1, Operator=1, Formula1="=" + source)  # xlValidateList, xlValidAlertStop

    def highlight(self, sheet: str, cell_range: str, formula: str, colour: str = "warning") -> None:
        rgb = HIGHLIGHTS.get(colour, colour)
        if len(rgb) != 6:
            raise DebtDeskError("colour", f"{colour!r} is not one of {', '.join(HIGHLIGHTS)} or an RGB hex code")
        rule = self._sheet(sheet).range(cell_range).api.FormatConditions.Add(
            Type=2, Formula1="=" + formula.removeprefix("="))  # xlExpression
        red, green, blue = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
        rule.Interior.Color = red + 256 * green + 65536 * blue  # Excel colours are BGR

    def notify(self, message: str) -> None:
        self.book.app.alert(message, title="DebtDesk")

    def _find_table(self, name: str):
        for sh in self.book.sheets:
            for table in sh.tables:
                if table.name.lower() == name.lower():
                    return table
        return None

    def _sheet(self, name: str):
        if name not in self.sheet_names():
            _mark(self.book.sheets.add(name, after=self.book.sheets[-1]))
        return self.book.sheets[name]

    def _fresh_sheet(self, name: str):
        if name not in self.sheet_names():
            return _mark(self.book.sheets.add(name, after=self.book.sheets[-1]))
        old = self.book.sheets[name]
        placeholder = self.book.sheets.add(before=old)
        old.delete()
        placeholder.name = name
        return _mark(placeholder)


def _mark(sheet):
    """Leave DebtDesk's sheet-level name on a sheet it writes (as the file adapter does), so a later
    headless run knows the sheet is DebtDesk's to rewrite (debtdesk.workbooks.package.MARKER)."""
    from debtdesk.workbooks.package import MARKER, MARKER_VALUE

    sheet.names.add(MARKER, "=" + MARKER_VALUE)
    return sheet
