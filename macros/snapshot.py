"""Output sheets that say when they were calculated, and say so again, in red, once their inputs change.

Most of what DebtDesk writes is figures the engine calculated (a plan, an ageing, a
worklist), not formulas Excel can recalculate. Each such sheet carries a note in the
row under its title: "Calculated by DebtDesk on 27 November 2026 ...". When anyone edits
an input the sheet was calculated from, the note turns into "Out of date: ..." with a red
fill, in Excel and in LibreOffice alike, until Regenerate (or the sheet's button) runs
again.

How: a hidden sheet, :data:`SNAPSHOT`, keeps a copy of every input range as it was when
last calculated, a version number per range, and a formula per range counting the cells
that now differ from the copy. A sheet's note is a formula that is out of date when any
range it was calculated from has changed cells, or has been copied again (a newer
version) since by a button that recalculated other sheets but not this one.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from typing import Iterator, Sequence

from openpyxl.utils import get_column_letter, quote_sheetname, range_boundaries

from debtdesk.errors import DebtDeskError
from debtdesk.workbooks.cells import Formula

#: The hidden sheet holding the inputs as they were when calculated.
SNAPSHOT = "Inputs as calculated"
#: Columns of its register (one row per watched range); copies start at column H.
REGISTER = ("Input", "Range", "Version", "Changed cells", "Copy")
FIRST_COPY_COLUMN = 8
#: Empty rows under an input table that are watched too, so added rows count as changes.
SPARE_ROWS = 50
#: How a note that is out of date starts (its red fill keys on it).
OUT_OF_DATE = "Out of date"


def stamp(book, sheet: str, inputs: Sequence[str], cell: str = "A2", day: date | None = None) -> str:
    """Write the calculated-on note at ``cell`` of ``sheet``, watching ``inputs``.

    ``inputs`` are table names (the table with up to :data:`SPARE_ROWS` empty rows under it, down to what stands under it;
    tables the workbook lacks are skipped) or ranges such as ``"Summary!B12:B16"`` (an
    output cell a person might overwrite). Returns the note's formula.

    Examples
    --------
    >>> import pandas as pd
    >>> from debtdesk.macros.book import TableSpec
    >>> from debtdesk.workbooks.filebook import FileBook
    >>> book = FileBook()
    >>> _ = book.write_table("Income", pd.DataFrame({"Source": ["Salary"], "Amount": [2450.0]}), TableSpec("Income"))
    >>> _ = book.write_table("Plan", pd.DataFrame({"Month": [1]}), TableSpec("Plan", title="Plan"))
    >>> note = stamp(book, "Plan", ["Income"], day=date(2026, 11, 27))
    >>> note.startswith("=IF(OR('Inputs as calculated'!$D$2>0,"), "on 27 November 2026" in note
    (True, True)
    >>> book.read_range(SNAPSHOT, "A2:C2")
    [['Income', "'Income'!$A$1:$B$52", 1]]

    A table with another under it is watched down to the row above the other's title:

    >>> _ = book.write_table("Income", pd.DataFrame({"Source": ["Pension"]}), TableSpec("Benefits", anchor="A8",
    ...                                                                                   title="Benefits", replace_sheet=False))
    >>> _ = stamp(book, "Plan", ["Income"], day=date(2026, 11, 27))
    >>> book.read_range(SNAPSHOT, "A2:C2")
    [['Income', "'Income'!$A$1:$B$7", 2]]
    """
    day = day or date.today()
    register = _register(book)
    generation = getattr(book, "generation", None)  # FileBook's; a live workbook's cells change under us
    watched = []
    for key in inputs:
        entry = register.get(key)
        where, read = _kept_range(entry, generation), None
        if where is None:
            live = _live_range(book, key)
            if live is None:
                continue
            read, ref = _above_next(_read(book, live[0], live[1]), live[1], live[2])
            where = live[0], ref
        sheet_name, ref = where
        address = f"{quote_sheetname(sheet_name)}!{_absolute(ref)}"
        seen = (address, generation(sheet_name)) if generation is not None else None
        if seen is None or entry is None or entry.get("seen") != seen:  # else unchanged since last compared
            values = _mirrored(read if read is not None else _read(book, sheet_name, ref), sheet_name, ref)
            if entry is None or entry["range"] != address or _values(book, entry) != values:
                version = (entry["version"] if entry else 0) + 1
                register[key] = entry = {**(entry or {}), "range": address, "version": version, "values": values,
                                         "shape": _shape(values), "new": True}
            entry["seen"] = seen
        watched.append(key)
    if any(entry.get("new") for entry in register.values()):
        _write_register(book, register)
    rows = {key: i for i, key in enumerate(register, start=2)}
    where = quote_sheetname(SNAPSHOT)
    tests = [f"{where}!$D${rows[k]}>0" for k in watched] + \
            [f"{where}!$C${rows[k]}<>{register[k]['version']}" for k in watched]
    written = book.region().written(day)
    fresh = f"Calculated by DebtDesk on {written}: press Regenerate after changing inputs."
    stale = f"{OUT_OF_DATE}: inputs changed after DebtDesk calculated this on {written}. Press Regenerate."
    formula = f'=IF(OR({",".join(tests)}),"{stale}","{fresh}")' if tests else f'="{fresh}"'
    book.write_formula(sheet, cell, formula)
    book.highlight(sheet, cell, f'LEFT({cell},{len(OUT_OF_DATE)})="{OUT_OF_DATE}"', "warning")
    return formula


def _kept_range(entry: dict | None, generation) -> tuple[str, str] | None:
    """(sheet, range) ``entry`` watched when last compared, if its sheet has not changed since (a FileBook's
    ``generation``): nothing on it, the rows under the table among them, is read again.

    >>> _kept_range({"seen": ("'O''Neill debts'!$A$1:$B$7", 4)}, lambda sheet: 4)
    ("O'Neill debts", 'A1:B7')
    >>> _kept_range({"seen": ("'Income'!$A$1:$B$7", 4)}, lambda sheet: 5) is None
    True
    """
    if generation is None or not entry or not entry.get("seen"):
        return None
    address, seen = entry["seen"]
    sheet, ref = _split(address)
    return (sheet, ref) if generation(sheet) == seen else None


def _split(address: str) -> tuple[str, str]:
    """(sheet, range) of a sheet-qualified address, the sheet's quotes undone and the range's dollars dropped.

    >>> _split("'O''Neill debts'!$A$1:$B$7"), _split("Summary!B12:B16")
    (("O'Neill debts", 'A1:B7'), ('Summary', 'B12:B16'))
    """
    sheet, ref = address.rsplit("!", 1)
    sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
    return sheet, ref.replace("$", "")


def _live_range(book, key: str) -> tuple[str, str, int] | None:
    """(sheet, range, rows of it that are the input's own) compared for an input: a table with spare rows, or an
    explicit range."""
    if "!" in key:
        sheet, ref = _split(key)
        if sheet not in book.sheet_names():
            raise DebtDeskError("inputs", f"{key!r} names no sheet of the workbook")
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        return sheet, ref, max_row - min_row + 1
    try:
        sheet, ref = book.table_range(key)
    except DebtDeskError:
        return None
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return sheet, f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row + SPARE_ROWS}", \
        max_row - min_row + 1


def _above_next(columns: list[list], ref: str, rows: int) -> tuple[list[list], str]:
    """A watched range's values (column by column) and address cut above what stands under the table: the first
    filled row after an empty one below its first ``rows`` (the table's own). Rows typed straight under the table
    are read as its rows, so they stay watched; another table standing under it is not watched as its spare rows.

    >>> _above_next([["Bucket", "91+", None, None, "KPI targets", None]], "H16:H21", rows=2)
    ([['Bucket', '91+', None, None]], 'H16:H19')
    >>> _above_next([["In force from", "2025-08-07", "2025-12-18", None, "Column map"]], "A32:A36", rows=2)
    ([['In force from', '2025-08-07', '2025-12-18', None]], 'A32:A35')
    """
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    height = max_row - min_row + 1
    filled = [any(column[i] not in (None, "") for column in columns) for i in range(height)]
    typed = next((i for i in range(rows, height) if not filled[i]), height)  # rows typed straight under the table
    stop = next((i for i in range(typed, height) if filled[i]), height)
    if stop == height:
        return columns, ref
    return [column[:stop] for column in columns], \
        f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{min_row + stop - 1}"


#: Registers kept in memory while :func:`one_register` runs, by book.
_KEPT: dict[int, dict[str, dict] | None] = {}


@contextmanager
def one_register(book) -> Iterator[None]:
    """Within the block, the register is read from the snapshot sheet once and kept in memory, as every
    stamp leaves it (only this module writes that sheet), instead of read again, copies and all, by each
    stamp. Regenerate stamps a dozen sheets in a row.

    >>> import pandas as pd
    >>> from debtdesk.macros.book import TableSpec
    >>> from debtdesk.workbooks.filebook import FileBook
    >>> book = FileBook()
    >>> _ = book.write_table("Income", pd.DataFrame({"Source": ["Salary"], "Amount": [2450.0]}), TableSpec("Income"))
    >>> for sheet in ("Plan", "Budget"):
    ...     _ = book.write_table(sheet, pd.DataFrame({"Month": [1]}), TableSpec(sheet, title=sheet))
    >>> with one_register(book):
    ...     notes = [stamp(book, sheet, ["Income"], day=date(2026, 11, 27)) for sheet in ("Plan", "Budget")]
    >>> notes[0] == notes[1], book.read_range(SNAPSHOT, "A2:C3")
    (True, [['Income', "'Income'!$A$1:$B$52", 1], [None, None, None]])
    """
    if id(book) in _KEPT:  # inside another block for this book (a button's run around Regenerate's): its register
        yield
        return
    _KEPT[id(book)] = None
    try:
        yield
    finally:
        _KEPT.pop(id(book), None)


def _register(book) -> dict[str, dict]:
    """The snapshot sheet's register: key -> {range, version, values}, in register order."""
    key = id(book)
    if key in _KEPT:
        if _KEPT[key] is None:
            _KEPT[key] = _read_register(book)
        return _KEPT[key]
    return _read_register(book)


def _read_register(book) -> dict[str, dict]:
    """The register's rows; each copy's values are read when first compared (:func:`_values`), so a button
    watching three inputs reads three copies, not all of them."""
    if SNAPSHOT not in book.sheet_names():
        return {}
    found: dict[str, dict] = {}
    row = 2
    while True:
        key, address, version, _, copy = book.read_range(SNAPSHOT, f"A{row}:E{row}")[0]
        if not key:
            return found
        found[str(key)] = {"range": str(address), "version": int(version or 0), "shape": _range_shape(str(copy)),
                           "copy": str(copy)}
        row += 1


def _write_register(book, register: dict[str, dict]) -> None:
    """Write the register and every copy, side by side from column H, clearing old copies' cells.

    Only entries that are new, or out of place (a copy before them changed its width), are written: the others
    keep their row, their columns and their values, so they are left as they are (Log contact's new contact
    rewrites the Contacts copy, not the four copies after it; a Regenerate that stamps seven sheets writes each
    copy once). A book that numbers its writes (``generation``) then forgets the copies' values:
    the sheet holds them, and they are read back only when a watched range changed (a million-row Ledger's
    copy is not kept twice).
    """
    entries = list(register.items())
    places, column = [], FIRST_COPY_COLUMN
    for _, entry in entries:
        places.append(_copy_range(column, entry["shape"]))
        column += entry["shape"][1] + 1
    moved = [i for i, (_, entry) in enumerate(entries) if entry.get("new") or entry.get("copy") != places[i]]
    cleared = [_columns(entries[i][1]["copy"]) for i in moved if entries[i][1].get("copy")]
    # a copy left in place whose columns an old copy being cleared shares (a register someone edited) is written too
    rewrite = [i for i in range(len(entries)) if i in moved or any(_overlap(_columns(places[i]), c) for c in cleared)]
    for i in rewrite:  # old copies may move or shrink
        entries[i][1]["values"] = _values(book, entries[i][1])  # read before its cells are cleared
    for i in rewrite:
        entry = entries[i][1]
        if entry.get("copy"):
            min_col, min_row, max_col, max_row = range_boundaries(entry["copy"].replace("$", ""))
            book.write_range(SNAPSHOT, entry["copy"].replace("$", "").split(":")[0],
                             [[None] * (max_col - min_col + 1) for _ in range(max_row - min_row + 1)])
    book.write_range(SNAPSHOT, "A1", [list(REGISTER)])
    for i in rewrite:
        key, entry = entries[i]
        values, copy, row = entry["values"], places[i], 2 + i
        # Rows under the last filled one stay empty cells (the spare rows under a table, mostly): the copy's
        # range still covers them, and an empty cell compares as the empty cell it copies.
        filled = max((next((n for n in range(len(c), 0, -1) if c[n - 1] is not None), 0) for c in values), default=0)
        _write(book, SNAPSHOT, copy.replace("$", "").split(":")[0],
               [c if len(c) == filled else c[:filled] for c in values] if filled else [])
        book.write_range(SNAPSHOT, f"A{row}", [[key, entry["range"], entry["version"]]])
        book.write_range(SNAPSHOT, f"E{row}", [[copy]])
        book.write_formula(SNAPSHOT, f"D{row}",
                           f"=IFERROR(SUMPRODUCT(--({entry['range']}<>{quote_sheetname(SNAPSHOT)}!{copy})),1)")
        entry["copy"] = copy
        entry.pop("new", None)
    if getattr(book, "generation", None) is not None:
        for _, entry in entries:
            entry.pop("values", None)
    book.hide_sheet(SNAPSHOT)


def _columns(copy: str) -> tuple[int, int]:
    """The first and last column of a copy's range.

    >>> _columns("$H$1:$J$12")
    (8, 10)
    """
    min_col, _, max_col, _ = range_boundaries(copy.replace("$", ""))
    return min_col, max_col


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two spans of columns share one.

    >>> _overlap((8, 10), (10, 12)), _overlap((8, 10), (11, 12))
    (True, False)
    """
    return a[0] <= b[1] and b[0] <= a[1]


def _values(book, entry: dict) -> list[list]:
    """A register entry's copy, column by column: the values kept with it, else read back from :data:`SNAPSHOT`."""
    return entry["values"] if "values" in entry else _read(book, SNAPSHOT, entry["copy"].replace("$", ""))


def _read(book, sheet: str, ref: str) -> list[list]:
    """A range's values column by column: a FileBook reads them so (no list per row of a million-row Ledger),
    another book row by row, turned.

    >>> from debtdesk.workbooks.filebook import FileBook
    >>> book = FileBook()
    >>> book.write_range("Sheet", "A1", [["Name", "Owed"], ["Ann", 12.5]])
    >>> _read(book, "Sheet", "A1:B2") == [list(c) for c in zip(*book.read_range("Sheet", "A1:B2"))]
    True
    """
    columns = getattr(book, "range_columns", None)
    if columns is not None:
        return columns(sheet, ref)
    return [list(column) for column in zip(*book.read_range(sheet, ref))]


def _write(book, sheet: str, cell: str, columns: list[list]) -> None:
    """Write ``columns`` from ``cell`` (a FileBook takes them as they are; another book row by row)."""
    by_column = getattr(book, "write_range_columns", None)
    if by_column is not None:
        by_column(sheet, cell, columns)
    else:
        book.write_range(sheet, cell, [list(row) for row in zip(*columns)])


def _shape(columns: list[list]) -> tuple[int, int]:
    """(rows, columns) a copy of ``columns`` takes (one column for an empty range).

    >>> _shape([list(range(12))] * 3), _shape([])
    ((12, 3), (0, 1))
    """
    return (len(columns[0]) if columns else 0), len(columns) or 1


def _range_shape(copy: str) -> tuple[int, int]:
    """(rows, columns) of a copy's range, as :func:`_shape` gives for the values read from it.

    >>> _range_shape("$H$1:$J$12"), _range_shape(_copy_range(8, (0, 1)))
    ((12, 3), (0, 1))
    """
    min_col, min_row, max_col, max_row = range_boundaries(copy.replace("$", ""))
    return max(max_row - min_row + 1, 0), max_col - min_col + 1


def _copy_range(column: int, shape: tuple[int, int]) -> str:
    """Where a copy of ``shape`` (rows, columns) starting at ``column`` lies: ``"$H$1:$J$12"``.

    >>> _copy_range(8, (12, 3))
    '$H$1:$J$12'
    """
    return f"${get_column_letter(column)}$1:${get_column_letter(column + shape[1] - 1)}${shape[0]}"


def _mirrored(columns: list[list], sheet: str, ref: str) -> list[list]:
    """The copy of a range, column by column: values as they are, a formula cell as a formula pointing at it
    (its result follows its own inputs, which are watched; its text would never equal its value). A column
    without formulas is the very list read.

    >>> _mirrored([[1], [Formula("=A1*2")]], "Income", "A5:B5")
    [[1], [Formula("='Income'!B5")]]
    """
    min_col, min_row, _, _ = range_boundaries(ref)
    return [[Formula(f"={quote_sheetname(sheet)}!{get_column_letter(min_col + j)}{min_row + i}")
             if isinstance(v, Formula) else v for i, v in enumerate(column)]
            if any(isinstance(v, Formula) for v in column) else column for j, column in enumerate(columns)]


def _absolute(ref: str) -> str:
    """``"A1:B5"`` as ``"$A$1:$B$5"``.

    >>> _absolute("A1:B5")
    '$A$1:$B$5'
    """
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return f"${get_column_letter(min_col)}${min_row}:${get_column_letter(max_col)}${max_row}"
