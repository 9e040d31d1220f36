"""Fast reads of the firm's data files and fast writes of big detail sheets.

Reading: ``.xlsx``/``.xlsm``/``.xls``/``.ods`` through python-calamine, each column built
once from its cells, ``.csv`` through pandas' C parser, ``.parquet`` through pyarrow.
Identifier columns (customer, invoice, client id) stay text so ``00123`` is not a number,
and no text is taken for a missing value: "NA", "None" and "NULL" are a customer's or an
invoice's name in every format, and text in a number column is left for
:func:`debtdesk.values.number` to read or refuse. A workbook is read as its owner sees it
(:mod:`debtdesk.workbooks.xlsxinfo`): the one visible sheet, or the active one (hidden
sheets never), an Excel table's rows without its Total row and with the rows typed
directly below it, and refused with the cell named when a data cell is merged, holds a
formula with no saved value or an Excel error. A CSV's separator (comma, semicolon or
tab) is taken from its header line, and its numbers are read by DebtDesk's reader in the
current locale (:mod:`debtdesk.reading`), never by pandas' parser alone.

Writing: :func:`write_detail` streams a large table to its own workbook with
XlsxWriter's ``constant_memory`` mode (one row in memory at a time): bold header row,
number formats per column, autofilter and frozen header. openpyxl keeps every cell
object in memory and is several times slower for 100k-row sheets; use this for detail
sheets and :class:`~debtdesk.workbooks.filebook.FileBook` for the workbook's tables.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd
import python_calamine
import xlsxwriter

from debtdesk.atomic import atomic_path
from debtdesk.workbooks.cells import looks_like_formula
from debtdesk.columns import SYNONYMS, normalise
from debtdesk.errors import DebtDeskError
from debtdesk.workbooks.limits import check_workbook
from debtdesk.workbooks.xlsxinfo import hidden_values, package
from debtdesk.macros.book import FORMATS
from debtdesk.values import plain_numbers

EXCEL = (".xlsx", ".xlsm", ".xls", ".ods")
READABLE = EXCEL + (".csv", ".parquet")
#: Columns read as text whatever they look like (canonical names; synonyms apply).
ID_COLUMNS = ("Customer", "Invoice", "Client ID")


def read_frame(path: str | Path, sheet: str | int | None = None, text: Iterable[str] = ID_COLUMNS) -> pd.DataFrame:
    """A data file's table as a DataFrame; empty cells are None/NaN.

    Parameters
    ----------
    path : str or Path
        ``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``, ``.csv`` or ``.parquet``.
    sheet : str or int, optional
        Sheet name or position for workbooks; by default the only visible sheet, or the
        active one when several are visible (never a hidden one).
    text : iterable of str
        Canonical column names (with their synonyms) kept as text.

    Returns
    -------
    pandas.DataFrame
        ``attrs["source"]`` names where the rows came from for messages: the file name,
        with the sheet when the workbook has more than one (``"debts.xlsx sheet 'Debts'"``).

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "ledger.csv")
    >>> _ = open(p, "w").write("Customer,Amount\\n00123,10.5\\nNA,2\\n")
    >>> read_frame(p).to_dict("records")
    [{'Customer': '00123', 'Amount': 10.5}, {'Customer': 'NA', 'Amount': 2.0}]
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise DebtDeskError("data", f"{path} does not exist")
    keys = _text_keys(text)
    source = path.name
    try:
        if suffix == ".csv":
            frame = _read_csv(path, keys)
        elif suffix == ".parquet":
            frame = pd.read_parquet(path)
            for column in [c for c in frame.columns if normalise(c) in keys]:  # typed ids (1001) become text as in CSV
                frame[column] = frame[column].astype(object).map(_id_text, na_action="ignore").astype("str")
        elif suffix in EXCEL:
            check_workbook(path)  # zip bombs, runaway sheets, encryption refused before calamine reads anything
            frame, source = _read_sheet(path, sheet, keys)
        else:
            raise DebtDeskError("data", f"{path.name}: expected one of {', '.join(READABLE)}")
    except DebtDeskError:
        raise
    except Exception as error:  # an unreadable or damaged file: say which and why
        raise DebtDeskError("data", f"{path.name} could not be read ({type(error).__name__}: {error})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    _check_headers(frame.columns, source)
    frame.attrs["source"] = source
    return frame


def _read_csv(path: Path, ids: set[str]) -> pd.DataFrame:
    """A CSV through pandas' C parser: separator from the header line, no text taken as missing.

    Every cell is read as text first; a column whose cells are all plain numbers in the
    current locale becomes numbers (:func:`debtdesk.values.plain_numbers`), any other stays
    text for the readers to read or refuse cell by cell. pandas' own number parsing would
    take "12.000" for 12 and "1.234" for 1.234 whatever the file's locale.
    """
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        first = handle.readline()
    separator = max((",", ";", "\t"), key=first.count) if first else ","
    frame = pd.read_csv(path, sep=separator, keep_default_na=False, na_values=[""], dtype="str")
    for column in frame.columns:
        numbers = None if normalise(column) in ids else plain_numbers(frame[column])
        if numbers is not None:
            frame[column] = numbers
    return frame


def _check_headers(columns, source: str) -> None:
    """Refuse a header row that names one column twice (pandas would rename or mix them up)."""
    seen: dict[str, int] = {}
    for position, name in enumerate(columns, 1):
        key = normalise(name)
        if key and key in seen:
            raise DebtDeskError(source, f"columns {seen[key]} and {position} are both headed {str(name)!r}: "
                                "give each column its own header")
        seen.setdefault(key, position)


def _read_sheet(path: Path, sheet: str | int | None, ids: set[str]) -> tuple[pd.DataFrame, str]:
    """The table on a workbook's sheet through python-calamine, each column built once from its cells.

    Whole numbers are ints, dates datetimes, empty cells missing; text stays text.
    Columns whose cells are all numbers, all dates or all text are built straight into
    their numpy/pandas arrays; any other column goes cell by cell.
    """
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    info = package(path) if path.suffix.lower() in (".xlsx", ".xlsm") else None
    name = _choose_sheet(book, info, sheet, path.name)
    source = path.name if len(book.sheet_names) == 1 else f"{path.name} sheet {name!r}"
    worksheet = book.get_sheet_by_name(name)
    grid = worksheet.to_python(skip_empty_area=False)
    top, bottom, left, right = 0, len(grid), 0, max(map(len, grid), default=0)
    tables = next((s.tables for s in info.sheets if s.name == name), ()) if info else ()
    if len(tables) > 1:
        raise DebtDeskError(source, f"holds {len(tables)} Excel tables ({', '.join(t.name for t in tables)}): "
                            "keep one table per sheet")
    if tables:  # the table's own rows and the rows typed directly below it, never its Total row
        table = tables[0]
        top, left, right = table.first_row - 1, table.first_col - 1, table.last_col
        if table.totals_rows:
            bottom = table.last_row - table.totals_rows
            below = [r for r in range(table.last_row, len(grid)) if any(c != "" for c in grid[r][left:right])]
            if below:
                raise DebtDeskError(source, f"sheet {_rows(below[0] + 1, below[-1] + 1)} typed below the Total row of "
                                    f"table {table.name}: move them into the table, above its Total row")
    grid = grid[top:bottom] if left == 0 and right >= max(map(len, grid), default=0) else \
        [row[left:right] for row in grid[top:bottom]]
    header = [_header(h, j) for j, h in enumerate(grid[0])] if grid else []
    while header and header[-1].startswith("Unnamed: ") and all(row[len(header) - 1] == "" for row in grid[1:]):
        header.pop()
    body = grid[1:]  # one pass per column: zip(*rows) would build a 100,000-item tuple per column
    columns = {h: [row[j] if j < len(row) else "" for row in body] for j, h in enumerate(header)}
    # calamine shows a formula with no saved value and an Excel error as an empty cell: only then (or when
    # the writer asked Excel to recalculate everything) is the sheet's XML worth a look
    blanks = any("" in cells for cells in columns.values())
    _refuse_hidden(path, info if blanks or (info and info.recalculate) else None, name, worksheet, source, header,
                   (top, bottom, left, right))
    _check_headers(header, source)
    frame = pd.DataFrame({h: _id_column(cells) if normalise(h) in ids else _column(cells)
                          for h, cells in columns.items()}, index=pd.RangeIndex(len(body)))
    return frame, source


def _choose_sheet(book, info, sheet, file: str) -> str:
    """The sheet to read: the one asked for, else the only visible one, else the active one if visible."""
    names = book.sheet_names
    if isinstance(sheet, str):
        if sheet not in names:
            raise DebtDeskError(file, f"has no sheet {sheet!r} (sheets: {', '.join(names)})")
        return sheet
    if isinstance(sheet, int):
        return names[sheet]
    if info is not None:
        visible = [s.name for s in info.sheets if s.visible]
        active = info.sheets[info.active].name if info.sheets else None
    else:
        visible = [m.name for m in book.sheets_metadata
                   if m.visible == python_calamine.SheetVisibleEnum.Visible and m.typ == python_calamine.SheetTypeEnum.WorkSheet]
        active = None
    if len(visible) == 1:
        return visible[0]
    if active in visible:
        return active
    if not visible:
        raise DebtDeskError(file, f"has no visible sheet (hidden: {', '.join(names)}); show the sheet with the data")
    raise DebtDeskError(file, f"has {len(visible)} visible sheets ({', '.join(visible)}) and none is marked active: "
                        "keep the data on one sheet, or save the file as .xlsx with that sheet open")


def _refuse_hidden(path: Path, info, name: str, worksheet, source: str, header: list[str], area) -> None:
    """Refuse merged data cells, and (given the package ``info``) formulas with no saved value and Excel
    errors inside the table's area."""
    top, bottom, left, right = area

    def column(c: int) -> str:
        return header[c - left] if 0 <= c - left < len(header) else f"column {c + 1}"

    for (r0, c0), (r1, c1) in worksheet.merged_cell_ranges or []:
        if r1 > top and r0 < bottom and c1 >= left and c0 < right:
            raise DebtDeskError(f"{source} {_rows(max(r0, top + 1) - top, r1 - top)}",
                                f"{column(max(c0, left))} is a merged cell: unmerge it and fill in every row")
    sheet = next((s for s in info.sheets if s.name == name), None) if info else None
    if sheet is None:
        return
    for row, col, what in hidden_values(path, sheet.part, info.recalculate):
        if top + 1 < row <= bottom and left < col <= right:
            if what.startswith("#"):
                raise DebtDeskError(source, f"{column(col - 1)} holds the Excel error {what}", row - top - 1)
            raise DebtDeskError(source, f"{column(col - 1)} holds a formula with no saved value ({what}): open the file "
                                "in Excel or LibreOffice and save it, so its values are stored", row - top - 1)


def _header(value, position: int) -> str:
    text = _id_text(value) if value != "" else None
    return str(text).strip() if text is not None and str(text).strip() else f"Unnamed: {position}"


def _rows(first: int, last: int) -> str:
    """"row 5" or "rows 5-7".

    >>> _rows(5, 5), _rows(5, 7)
    ('row 5', 'rows 5-7')
    """
    return f"row {first}" if first == last else f"rows {first}-{last}"


def _column(cells: list) -> pd.Series:
    """One column as ``read_excel(dtype=object)`` then ``infer_objects`` would give it, except that only
    the empty cell is missing: calamine hands an empty cell over as ``""``, and no text is an NA value."""
    kinds = set(map(type, cells))
    texts = [c for c in cells if c.__class__ is str] if str in kinds else []
    missing = texts.count("")
    if float in kinds and kinds <= {float, str} and missing == len(texts):
        values = np.array([np.nan if c.__class__ is str else c for c in cells] if texts else cells, dtype=float)
        whole = np.mod(values, 1) == 0
        if not (whole & (np.abs(values) >= 2 ** 63)).any():  # beyond int64 pandas keeps Python ints
            return pd.Series(values.astype(np.int64) if whole.all() else values)
    elif kinds & {dt.date, dt.datetime} and kinds <= {dt.date, dt.datetime, str} and missing == len(texts):
        return pd.Series(pd.to_datetime([pd.NaT if c.__class__ is str else c for c in cells]).as_unit("us"))
    elif kinds == {str} and missing < len(texts):
        return pd.Series([np.nan if c == "" else c for c in cells] if missing else cells, dtype="str")
    return pd.Series(_as_pandas_cells(cells), dtype=object).infer_objects()


def _as_pandas_cells(cells: list) -> list:
    """Cells as pandas' calamine reader leaves them: whole floats as ints, dates as datetimes, empty cells NaN."""
    out = []
    for c in cells:
        if isinstance(c, float) and c.is_integer():
            c = int(c)
        elif isinstance(c, dt.date) and not isinstance(c, dt.datetime):
            c = dt.datetime(c.year, c.month, c.day)
        elif c == "":
            c = np.nan
        out.append(c)
    return out


def _id_column(cells: list) -> pd.Series:
    """An identifier column in pandas' text dtype (Arrow-backed: customer ids hash fast in ageing);
    numbers read from number cells become their whole text, as in CSV."""
    if set(map(type, cells)) == {str} and "" not in cells:
        return pd.Series(cells, dtype="str")
    return pd.Series(_as_pandas_cells(cells), dtype=object).map(_id_text).astype("str")


def write_detail(target: str | Path, frame: pd.DataFrame, sheet: str = "Detail",
                 formats: Mapping[str, str] | None = None, title: str = "") -> Path:
    """Stream ``frame`` to a new workbook at ``target`` (atomically), formatted for people.

    ``formats`` maps a column to a key of :data:`debtdesk.macros.book.FORMATS`
    (``"money"``, ``"date"``, ...). Text that looks like a formula is written as text.

    Examples
    --------
    >>> import tempfile, os, openpyxl
    >>> p = os.path.join(tempfile.mkdtemp(), "detail.xlsx")
    >>> _ = write_detail(p, pd.DataFrame({"Customer": ["=A1"], "Outstanding": [12.5]}), formats={"Outstanding": "money"})
    >>> ws = openpyxl.load_workbook(p)["Detail"]
    >>> ws["A2"].value, ws["B2"].value, ws["B2"].number_format
    ('=A1', 12.5, '#,##0.00;[Red]-#,##0.00')
    """
    target = Path(target)
    formats = dict(formats or {})
    unknown = sorted(set(formats.values()) - set(FORMATS))
    if unknown:
        raise DebtDeskError("formats", f"{', '.join(unknown)} not one of {', '.join(FORMATS)}")
    columns = [str(c) for c in frame.columns]
    with atomic_path(target) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_formulas": False,
                                              "strings_to_urls": False, "strings_to_numbers": False})
        ws = book.add_worksheet(sheet)
        header = book.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E78", "text_wrap": True,
                                  "align": "center"})
        cell_formats = {c: book.add_format({"num_format": FORMATS[f]}) for c, f in formats.items() if c in columns}
        dates = book.add_format({"num_format": FORMATS["date"]})  # dates without a format still read as dates
        quoted = book.add_format({"quote_prefix": True})  # formula-looking text stays text even when edited
        row0 = 0
        if title:
            ws.write_string(0, 0, title, book.add_format({"bold": True, "font_size": 14}))
            row0 = 2
        for j, name in enumerate(columns):
            fmt = cell_formats.get(name)
            ws.set_column(j, j, _width(name, frame.iloc[:200, j]), fmt)
        ws.write_row(row0, 0, columns, header)
        writers = [_writer(ws, frame.iloc[:, j], cell_formats.get(name), dates, quoted) for j, name in enumerate(columns)]
        values = [_cells(frame.iloc[:, j]) for j in range(len(columns))]
        for i in range(len(frame)):
            r = row0 + 1 + i
            for j, write in enumerate(writers):
                write(r, j, values[j][i])
        ws.autofilter(row0, 0, row0 + max(len(frame), 1), len(columns) - 1)
        ws.freeze_panes(row0 + 1, 0)
        book.close()
    return target


def _writer(ws, series: pd.Series, fmt, dates, quoted):
    """The XlsxWriter call for one column's cells (typed once per column, not per cell)."""
    if pd.api.types.is_bool_dtype(series.dtype):
        return lambda r, c, v: ws.write_boolean(r, c, v, fmt)
    if pd.api.types.is_numeric_dtype(series.dtype):
        return lambda r, c, v: ws.write_blank(r, c, None, fmt) if v != v else ws.write_number(r, c, v, fmt)
    return lambda r, c, v: _write_any(ws, r, c, v, fmt, dates, quoted)


def _cells(series: pd.Series) -> list:
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype=float, na_value=np.nan).tolist()
    return series.tolist()


def _write_any(ws, r, c, v, fmt, dates, quoted):
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
        ws.write_blank(r, c, None, fmt)
    elif isinstance(v, str):
        # never a formula, whatever it starts with; quoted so editing the cell keeps it text
        ws.write_string(r, c, v, quoted if looks_like_formula(v) else fmt)
    elif isinstance(v, bool):
        ws.write_boolean(r, c, v, fmt)
    elif isinstance(v, (dt.date, dt.datetime)):
        ws.write_datetime(r, c, v if isinstance(v, dt.datetime) else dt.datetime(v.year, v.month, v.day), fmt or dates)
    elif isinstance(v, (int, float, np.integer, np.floating)):
        ws.write_number(r, c, float(v), fmt)
    else:
        ws.write_string(r, c, str(v), fmt)


def _width(name: str, sample: pd.Series) -> float:
    lengths = [len(name)] + [len(str(v)) for v in sample.tolist() if v is not None]
    return min(max(lengths) + 3, 60)


def _text_keys(canonical: Iterable[str]) -> set[str]:
    keys = set()
    for name in canonical:
        keys.add(normalise(name))
        keys.update(normalise(s) for s in SYNONYMS.get(name, ()))
    return keys


def _id_text(value):
    """An identifier cell as text: 1001.0 read from a number cell becomes '1001'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
