"""Fast reads of the firm's data files and fast writes of big detail sheets.

Reading: ``.xlsx``/``.xlsm``/``.xls``/``.ods`` through python-calamine, each column built
once from its cells into the frame pandas' ``read_excel(engine="calamine")`` would give,
``.csv`` through pandas' C parser, ``.parquet`` through pyarrow. Identifier columns
(customer, invoice, client id) stay text so ``00123`` is not a number.

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
from pandas._libs.parsers import STR_NA_VALUES

from debtdesk.atomic import atomic_path
from debtdesk.workbooks.cells import looks_like_formula
from debtdesk.columns import SYNONYMS, normalise
from debtdesk.errors import DebtDeskError
from debtdesk.workbooks.limits import check_workbook
from debtdesk.macros.book import FORMATS

EXCEL = (".xlsx", ".xlsm", ".xls", ".ods")
READABLE = EXCEL + (".csv", ".parquet")
#: Columns read as text whatever they look like (canonical names; synonyms apply).
ID_COLUMNS = ("Customer", "Invoice", "Client ID")


def read_frame(path: str | Path, sheet: str | int = 0, text: Iterable[str] = ID_COLUMNS) -> pd.DataFrame:
    """A data file's first sheet (or ``sheet``) as a DataFrame; empty cells are None/NaN.

    Parameters
    ----------
    path : str or Path
        ``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``, ``.csv`` or ``.parquet``.
    sheet : str or int
        Sheet name or position for workbooks.
    text : iterable of str
        Canonical column names (with their synonyms) kept as text.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "ledger.csv")
    >>> _ = open(p, "w").write("Customer,Amount\\n00123,10.5\\n")
    >>> read_frame(p).to_dict("records")
    [{'Customer': '00123', 'Amount': 10.5}]
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise DebtDeskError("data", f"{path} does not exist")
    keys = _text_keys(text)
    try:
        if suffix == ".csv":
            header = pd.read_csv(path, nrows=0).columns
            frame = pd.read_csv(path, dtype={c: str for c in header if normalise(c) in keys}, keep_default_na=False,
                                na_values=[""])
        elif suffix == ".parquet":
            frame = pd.read_parquet(path)
            for column in [c for c in frame.columns if normalise(c) in keys]:  # typed ids (1001) become text as in CSV
                frame[column] = frame[column].astype(object).map(_id_text, na_action="ignore").astype("str")
        elif suffix in EXCEL:
            check_workbook(path)  # zip bombs, runaway sheets, encryption refused before calamine reads anything
            frame = _read_sheet(path, sheet, keys)
        else:
            raise DebtDeskError("data", f"{path.name}: expected one of {', '.join(READABLE)}")
    except DebtDeskError:
        raise
    except Exception as error:  # an unreadable or damaged file: say which and why
        raise DebtDeskError("data", f"{path.name} could not be read ({type(error).__name__}: {error})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _read_sheet(path: Path, sheet: str | int, ids: set[str]) -> pd.DataFrame:
    """A sheet through python-calamine, each column built once from its cells.

    The frame is what ``pd.read_excel(engine="calamine", dtype=object)`` followed by
    ``infer_objects`` gives (identifier columns as text instead): whole numbers are ints,
    dates datetimes, empty cells and pandas' NA texts ("NA", "N/A", "NULL", ...) missing,
    blank rows kept. Columns whose cells are all numbers, all dates or all text are built
    straight into their numpy/pandas arrays; any other column goes cell by cell as pandas
    would. A header row pandas would rename (empty or repeated names) is read by pandas.
    """
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    grid = (book.get_sheet_by_name(sheet) if isinstance(sheet, str) else book.get_sheet_by_index(sheet)) \
        .to_python(skip_empty_area=False)
    header = grid[0] if grid else []
    if len(grid) < 2 or not all(isinstance(h, str) and h for h in header) or len(set(header)) != len(header):
        raw = pd.read_excel(path, sheet_name=sheet, engine="calamine", dtype=object)
        columns = {c: raw[c].tolist() for c in raw.columns}
    else:
        body = grid[1:]  # one pass per column: zip(*rows) would build a 100,000-item tuple per column
        columns = {name: [row[j] for row in body] for j, name in enumerate(header)}
    return pd.DataFrame({name: _id_column(cells) if normalise(name) in ids else _column(cells)
                         for name, cells in columns.items()}, index=pd.RangeIndex(len(next(iter(columns.values()), []))))


#: Texts pandas reads as a missing value (its default ``na_values``), and the empty cell.
_NA_TEXT = frozenset(STR_NA_VALUES) | {""}


def _column(cells: list) -> pd.Series:
    """One column as ``read_excel(dtype=object)`` then ``infer_objects`` would give it."""
    kinds = set(map(type, cells))
    texts = [c for c in cells if c.__class__ is str] if str in kinds else []
    missing = sum(t in _NA_TEXT for t in texts)
    if float in kinds and kinds <= {float, str} and missing == len(texts):
        values = np.array([np.nan if c.__class__ is str else c for c in cells] if texts else cells, dtype=float)
        whole = np.mod(values, 1) == 0
        if not (whole & (np.abs(values) >= 2 ** 63)).any():  # beyond int64 pandas keeps Python ints
            return pd.Series(values.astype(np.int64) if whole.all() else values)
    elif kinds & {dt.date, dt.datetime} and kinds <= {dt.date, dt.datetime, str} and missing == len(texts):
        return pd.Series(pd.to_datetime([pd.NaT if c.__class__ is str else c for c in cells]).as_unit("us"))
    elif kinds == {str} and missing < len(texts):
        return pd.Series([np.nan if c in _NA_TEXT else c for c in cells] if missing else cells, dtype="str")
    return pd.Series(_as_pandas_cells(cells), dtype=object).infer_objects()


def _as_pandas_cells(cells: list) -> list:
    """Cells as pandas' calamine reader and NA handling leave them: whole floats as ints, dates as
    datetimes, NA texts as NaN."""
    out = []
    for c in cells:
        if isinstance(c, float) and c.is_integer():
            c = int(c)
        elif isinstance(c, dt.date) and not isinstance(c, dt.datetime):
            c = dt.datetime(c.year, c.month, c.day)
        elif isinstance(c, str) and c in _NA_TEXT:
            c = np.nan
        out.append(c)
    return out


def _id_column(cells: list) -> pd.Series:
    """An identifier column in pandas' text dtype (Arrow-backed: customer ids hash fast in ageing);
    numbers read from number cells become their whole text, as in CSV."""
    if set(map(type, cells)) == {str} and _NA_TEXT.isdisjoint(cells):
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
