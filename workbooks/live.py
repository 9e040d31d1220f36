"""The live-Excel adapter of the workbook interface, through open-source xlwings.

The ribbon callback wraps ``xw.Book.caller()`` in :class:`LiveBook` and runs the same
macro functions headless regeneration runs through :class:`~debtdesk.workbooks.filebook.FileBook`.
Only Windows/macOS Excel can exercise this module; it is deliberately a thin mapping
of the interface onto xlwings' Book/Sheet/Range/Table/Chart objects.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Mapping, Sequence

import pandas as pd
from openpyxl.utils import get_column_letter, range_boundaries

from debtdesk.errors import DebtDeskError
from debtdesk.macros.book import HIGHLIGHTS, INPUT_KINDS, INPUT_LOOK, TOTALS, Chart, Input, Page, TableSpec
from debtdesk.macros.region import PAPERS, RegionCache
from debtdesk.workbooks import paging
from debtdesk.workbooks.cells import Formula, looks_like_formula, plain
from debtdesk.workbooks.documents import documents_folder
from debtdesk.workbooks.validation import column_list, table_column, validation_rule

LISTS = "Lists"  # the hidden sheet that holds dropdown lists
_CHART_TYPES = {"line": "line", "bar": "bar_clustered", "column": "column_clustered", "pie": "pie"}
_STACKED = {"bar": "bar_stacked", "column": "column_stacked"}
_EXCEL_FUNCTION = {"sum": "SUM", "average": "AVERAGE", "min": "MIN", "max": "MAX", "count": "COUNT"}
#: Excel's constants (the COM enumerations) the adapter uses.
_VALIDATE = {None: 0, "whole": 1, "decimal": 2, "list": 3, "date": 4}  # xlValidateInputOnly ... xlValidateDate
_OPERATOR = {None: 1, "between": 1, "greaterThanOrEqual": 7, "lessThanOrEqual": 8}  # xlBetween, xlGreaterEqual, ...
_ALERT = {"stop": 1, "warning": 2}  # xlValidAlertStop, xlValidAlertWarning
_ORIENTATION = {"portrait": 1, "landscape": 2}  # xlPortrait, xlLandscape
_CATEGORY, _VALUE, _TIME_SCALE, _MAXIMUM, _TOP, _LEGEND_BOTTOM = 1, 2, 3, 2, -4160, -4107


def _as_cell(value):
    """Data text that Excel would evaluate gets the apostrophe text prefix; a Formula stays one.

    >>> _as_cell("=1+1"), _as_cell(2.5), _as_cell(Formula("=A1"))
    ("'=1+1", 2.5, '=A1')
    """
    if isinstance(value, Formula):
        return str(value)
    value = plain(value)
    return "'" + value if looks_like_formula(value) else value


def _bgr(rgb: str) -> int:
    """An RGB hex colour as Excel's BGR integer.

    >>> _bgr("FF0000"), _bgr("0000FF")
    (255, 16711680)
    """
    red, green, blue = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    return red + 256 * green + 65536 * blue


class LiveBook(RegionCache):
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
        first = len(sh.tables) == 0
        codes = self.region().formats()
        start = sh.range(spec.anchor)
        if spec.title:
            start.value = _as_cell(spec.title)  # a title may hold data (a client's name): text, never a formula
            start.font.bold = True
            start = start.offset(2, 0)
        columns = [str(c) for c in frame.columns]
        body = [[_as_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
        block = start.resize(len(body) + 1, len(columns))
        block.value = [[_as_cell(c) for c in columns]] + body
        sh.tables.add(source=block, name=spec.name, table_style_name="TableStyleMedium2")
        for name, fmt in spec.formats.items():
            if name in columns and body:
                start.offset(1, columns.index(name)).resize(len(body), 1).number_format = codes[fmt]
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
                    cell.number_format = codes[spec.formats[name]]
            start.offset(len(body) + 1, 0).resize(1, len(columns)).font.bold = True
        sh.autofit(axis="columns")
        for j in range(len(columns)):  # long text wraps in a column of at most 60 characters
            column = block.columns[j]
            if column.column_width > 60:
                column.column_width = 60
                column.api.WrapText = True
                column.api.VerticalAlignment = _TOP
        self._freeze(sh, start.row, first)
        self._settings_changed(sheet)
        return block.get_address(False, False)

    def append_rows(self, table: str, rows: Sequence[Mapping[str, object]] | pd.DataFrame) -> None:
        if isinstance(rows, pd.DataFrame):
            rows = rows.to_dict("records")
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
        self._settings_changed(found.parent.name)

    def write_value(self, sheet: str, cell: str, value, number_format: str | None = None) -> None:
        rng = self._sheet(sheet).range(cell)
        rng.value = _as_cell(value)
        if number_format:
            rng.number_format = self._code(number_format)
        self._settings_changed(sheet)

    def write_formula(self, sheet: str, cell: str, formula: str, number_format: str | None = None) -> None:
        if not formula.startswith("="):
            raise DebtDeskError("formula", f"{formula!r} must start with '='")
        rng = self._sheet(sheet).range(cell)
        rng.formula = formula
        if number_format:
            rng.number_format = self._code(number_format)

    def add_chart(self, sheet: str, chart: Chart) -> None:
        table = self._find_table(chart.table)
        if table is None:
            raise DebtDeskError("chart", f"table {chart.table!r} does not exist")
        header = [str(h) for h in table.header_row_range.value]
        missing = [c for c in (chart.x, *chart.series) if c not in header]
        if missing:
            raise DebtDeskError("chart", f"table {chart.table!r} has no column {', '.join(missing)}")
        if chart.colours and len(chart.colours) != len(chart.series):
            raise DebtDeskError("chart", f"{len(chart.colours)} colours for {len(chart.series)} series")
        sh = self._sheet(sheet)
        top_left = sh.range(chart.anchor)
        drawn = sh.charts.add(left=top_left.left, top=top_left.top + 3,
                              width=chart.width / 2.54 * 72, height=chart.height / 2.54 * 72)
        rows = table.range.rows.count if not chart.rows else min(table.range.rows.count, chart.rows + 1)
        data = table.range.resize(rows, len(header))
        x = data.columns[header.index(chart.x)]
        series = [data.columns[header.index(s)] for s in chart.series]
        addresses = ",".join(col.get_address() for col in (x, *series))
        drawn.set_source_data(table.parent.range(addresses))
        drawn.chart_type = _STACKED[chart.kind] if chart.stacked and chart.kind in _STACKED else _CHART_TYPES[chart.kind]
        api = drawn.api[1]
        api.HasTitle = True
        api.ChartTitle.Text = chart.title
        if chart.kind == "pie":
            return
        x_values = x.options(ndim=1).value[1:]
        if x_values and all(isinstance(v, (date, datetime)) for v in x_values) and chart.kind == "line":
            api.Axes(_CATEGORY).CategoryType = _TIME_SCALE
            api.Axes(_CATEGORY).TickLabels.NumberFormat = "mmm yyyy"
        for axis, title in ((_VALUE, chart.y_title), (_CATEGORY, chart.x_title)):
            api.Axes(axis).HasTitle = bool(title)
            if title:
                api.Axes(axis).AxisTitle.Text = title
        if chart.y_format:
            api.Axes(_VALUE).TickLabels.NumberFormat = self._code(chart.y_format).replace(".00", "").replace("[Red]", "")
        if chart.kind == "bar":  # categories top down in the table's order, values along the bottom
            api.Axes(_CATEGORY).ReversePlotOrder = True
            api.Axes(_CATEGORY).Crosses = _MAXIMUM
        for i in range(1, len(chart.series) + 1):
            drawn_series = api.SeriesCollection(i)
            if chart.kind == "line":
                drawn_series.Smooth = False
            if chart.colours:
                colour = _bgr(chart.colours[i - 1])
                if chart.kind == "line":
                    drawn_series.Format.Line.ForeColor.RGB = colour
                else:
                    drawn_series.Format.Fill.ForeColor.RGB = colour
        api.HasLegend = len(chart.series) > 1
        if len(chart.series) > 1:
            api.Legend.Position = _LEGEND_BOTTOM

    def add_validation(self, sheet: str, cell_range: str, choices: Sequence[str]) -> None:
        choices = [str(c) for c in choices]
        if not choices:
            raise DebtDeskError("choices", "is empty (expected at least one choice)")
        validation = self._sheet(sheet).range(cell_range).api.Validation
        validation.Delete()
        validation.Add(Type=3, AlertStyle=1, Operator=1, Formula1="=" + self._choice_source(choices))

    def highlight(self, sheet: str, cell_range: str, formula: str, colour: str = "warning") -> None:
        rgb = HIGHLIGHTS.get(colour, colour)
        if len(rgb) != 6:
            raise DebtDeskError("colour", f"{colour!r} is not one of {', '.join(HIGHLIGHTS)} or an RGB hex code")
        rule = self._sheet(sheet).range(cell_range).api.FormatConditions.Add(
            Type=2, Formula1="=" + formula.removeprefix("="))  # xlExpression
        rule.Interior.Color = _bgr(rgb)  # Excel colours are BGR

    def mark_inputs(self, sheet: str, cell_range: str, spec: Input, spare_rows: int = 0) -> None:
        rule = validation_rule(spec)
        if spec.kind == "choice":
            rule["formula1"] = self._choice_source([str(c) for c in spec.choices]) if spec.choices else \
                self._column_list(spec.source)
        rng = self._sheet(sheet).range(cell_range)
        rng.color = tuple(int(INPUT_LOOK["fill"][i:i + 2], 16) for i in (0, 2, 4))
        rng.font.color = tuple(int(INPUT_LOOK["font"][i:i + 2], 16) for i in (0, 2, 4))
        rng.api.Borders.LineStyle = 1  # xlContinuous
        rng.api.Borders.Color = _bgr(INPUT_LOOK["border"])
        if INPUT_KINDS[spec.kind]:
            rng.number_format = self._code(INPUT_KINDS[spec.kind])
        validation = rng.resize(rng.rows.count + spare_rows, rng.columns.count).api.Validation
        validation.Delete()
        arguments = {"Type": _VALIDATE[rule["type"]], "AlertStyle": _ALERT[rule["style"]],
                     "Operator": _OPERATOR[rule["operator"]]}
        for key in ("formula1", "formula2"):
            if rule[key] is not None:
                arguments[key.capitalize()] = "=" + rule[key] if rule["type"] == "list" else rule[key]
        validation.Add(**arguments)
        validation.IgnoreBlank = True
        validation.ShowInput = rule["prompt"] is not None
        validation.InputMessage = rule["prompt"] or ""
        validation.ShowError = rule["type"] is not None
        validation.ErrorTitle = "DebtDesk"
        validation.ErrorMessage = rule["error"] or ""

    def set_page(self, sheet: str, page: Page) -> None:
        if page.orientation not in ("auto", "portrait", "landscape"):
            raise DebtDeskError("orientation", f"{page.orientation!r} is not one of auto, portrait, landscape")
        sh = self._sheet(sheet)
        region = self.region()
        used = sh.used_range
        last_row = used.last_cell.row
        widths = [sh.range((1, c)).width for c in range(1, max(used.last_cell.column, 1) + 30)]
        tables = [range_boundaries(t.range.address.replace("$", "")) for t in sh.tables]
        values = used.options(ndim=2).value
        top, left = used.row, used.column

        def value(r, c):
            inside = 0 <= r - top < len(values) and 0 <= c - left < len(values[0])
            return values[r - top][c - left] if inside else None

        blocks = paging.table_blocks(tables, value)
        right = max((sum(widths[:max_col]) for _, _, max_col, _ in tables), default=0.0)
        for drawn in sh.charts:
            placed = drawn.api[0]
            blocks.append(paging.Block(placed.TopLeftCell.Row, placed.BottomRightCell.Row, placed.BottomRightCell.Row))
            last_row = max(last_row, placed.BottomRightCell.Row)
            right = max(right, drawn.left + drawn.width)
        texts = []
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                r, c = top + i, left + j
                if v is None or any(a <= c <= x and b <= r <= y for a, b, x, y in tables):
                    continue
                if isinstance(v, str):
                    texts.append((r, c, paging.text_points(v)))
                else:
                    right = max(right, sum(widths[:c]))
        wraps, width = paging.wrap_text(texts, widths, right, region.paper)
        for wrap in wraps:
            self._wrap(sh, wrap)
        heights: dict[int, float] = {}

        def height(row: int) -> float:
            if row not in heights:
                heights[row] = sh.range((row, 1)).height
            return heights[row]

        last_col = 1
        while sum(widths[:last_col]) < width - 1 and last_col < len(widths):
            last_col += 1
        plan = paging.layout(blocks, sum(widths[:last_col]), last_row, region.paper, page.orientation, height)
        parts = paging.header_footer(page.owner, page.reference, page.calculated and region.written(page.calculated))
        app = self.book.app.api
        app.PrintCommunication = False  # Excel talks to the printer once, not once per setting
        try:
            setup = sh.api.PageSetup
            setup.PrintArea = f"$A$1:${get_column_letter(last_col)}${last_row}"
            setup.PrintTitleRows = f"${plan.title_row}:${plan.title_row}" if plan.title_row else ""
            setup.Orientation = _ORIENTATION[plan.orientation]
            setup.PaperSize = PAPERS[region.paper]
            setup.Zoom = False
            setup.FitToPagesWide = 1
            setup.FitToPagesTall = 1 if plan.one_page else False
            for side in ("Left", "Right", "Top", "Bottom", "Header", "Footer"):
                setattr(setup, f"{side}Margin", app.InchesToPoints(paging.MARGINS[side.lower()]))
            for part, text in parts.items():
                where, place = part.split("_")
                setattr(setup, f"{place.capitalize()}{where.capitalize()}", f"&9{text}" if text else "")
        finally:
            app.PrintCommunication = True
        sh.api.ResetAllPageBreaks()
        for row in plan.manual_breaks:  # Excel holds at most 1,023 (HPageBreaks.Add fails past them)
            sh.api.HPageBreaks.Add(Before=sh.range((row, 1)).api)

    def show_first(self, sheet: str) -> None:
        sh = self._sheet(sheet)
        if sh.index != 1:
            sh.api.Move(Before=self.book.sheets[0].api)
        self.book.sheets[sheet].activate()

    def hide_sheet(self, sheet: str) -> None:
        self._sheet(sheet).visible = False

    def table_range(self, name: str) -> tuple[str, str]:
        table = self._find_table(name)
        if table is None:
            raise DebtDeskError(name, f"no table named {name!r} in the workbook")
        return table.parent.name, table.range.get_address(False, False)

    def read_range(self, sheet: str, cell_range: str) -> list[list]:
        if sheet not in self.sheet_names():
            raise DebtDeskError(sheet, f"no sheet named {sheet!r} in the workbook")
        return self.book.sheets[sheet].range(cell_range).options(ndim=2).value

    def write_range(self, sheet: str, cell: str, rows: Sequence[Sequence]) -> None:
        if not rows:
            return
        width = max(len(r) for r in rows)
        block = self._sheet(sheet).range(cell).resize(len(rows), width)
        block.value = [[_as_cell(v) for v in row] + [None] * (width - len(row)) for row in rows]
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if isinstance(plain(v), datetime):
                    block[i, j].number_format = self._code("date")
        self._settings_changed(sheet)

    def notify(self, message: str) -> None:
        self.book.app.alert(message, title="DebtDesk")

    def _freeze(self, sh, header: int, first: bool) -> None:
        """One frozen pane per sheet, at the first table's header when few rows sit above it."""
        sh.activate()
        window = self.book.app.api.ActiveWindow
        if not first and not (window.FreezePanes and window.SplitRow != header):
            return
        window.FreezePanes = False
        if first and header <= paging.MAX_FROZEN_ROWS:
            window.ScrollRow, window.ScrollColumn = 1, 1
            window.SplitColumn, window.SplitRow = 0, header
            window.FreezePanes = True

    def _wrap(self, sh, wrap: paging.Wrap) -> None:
        """Long text wraps over the empty cells beside and under it (as the file adapter does)."""
        below = sh.range((wrap.row, wrap.first), (wrap.row + wrap.lines - 1, wrap.last))
        across = sh.range((wrap.row, wrap.first), (wrap.row, wrap.last))
        if sum(v is not None for row in below.options(ndim=2).value for v in row) == 1:
            area = below
        elif sum(v is not None for v in across.options(ndim=1).value) == 1:
            area = across
            across.row_height = max(across.row_height or paging.ROW_POINTS, wrap.lines * paging.ROW_POINTS)
        else:
            return
        area.merge()
        area.api.WrapText = True
        area.api.VerticalAlignment = _TOP

    def _choice_source(self, choices: list[str]) -> str:
        """The absolute range on the hidden Lists sheet holding ``choices`` (added once)."""
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
        return lists.range((1, column), (len(choices), column)).get_address(True, True, include_sheetname=True)

    def _column_list(self, source: str) -> str:
        name, column = table_column(source)
        sheet, ref = self.table_range(name)
        min_col, min_row, _, _ = range_boundaries(ref)
        header = [str(h) for h in self._find_table(name).header_row_range.value]
        if column not in header:
            raise DebtDeskError("source", f"table {name!r} has no column {column!r}")
        return column_list(sheet, get_column_letter(min_col + header.index(column)), min_row + 1)

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
