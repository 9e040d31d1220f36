"""Vectorised column readers shared by the collections engine.

Ledgers arrive as DataFrames whose cells may be numbers or text, dates or Excel
serials or ISO text. These helpers turn a whole column into numpy arrays at once and,
when a cell cannot be read, raise a :class:`~debtdesk.errors.DebtDeskError` naming the
argument, the row and what was expected. ``frame`` is the table the column came from, or
the column itself: only its index is used, to number the rows errors quote
(:func:`debtdesk.values.data_rows`).
"""

from __future__ import annotations

import contextvars
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Callable

import numpy as np
import pandas as pd

from debtdesk.dates import cell_days, era_days, to_date
from debtdesk.errors import DebtDeskError
from debtdesk.money import MAX_AMOUNT, to_cents_array
from debtdesk.values import column_numbers, data_row, data_rows

_UNIX_SERIAL = 25569  # Excel serial of 1970-01-01


def blank(series: pd.Series) -> np.ndarray:
    """True where a cell is empty (None, NaN, NaT or whitespace text).

    >>> blank(pd.Series([None, " ", "x", 1.0])).tolist()
    [True, True, False, False]
    """
    mask = series.isna().to_numpy()
    if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
        text = series.map(lambda v: isinstance(v, str) and not v.strip()).to_numpy(dtype=bool)
        mask = mask | text
    return mask


def money_cents(series: pd.Series, argument: str, label: str, frame: pd.DataFrame | pd.Series,
                empty_is_zero: bool = False) -> np.ndarray:
    """A money column as int64 cents, rounded half-up; text numbers like ``"1,200.50"`` accepted.

    >>> money_cents(pd.Series([2.675, -0.125, "1,000"]), "ledger", "Amount", pd.DataFrame(index=range(3))).tolist()
    [268, -13, 100000]
    """
    if series.dtype.kind in "iuf":  # plain numpy numbers: only NaN can be empty
        values = series.to_numpy(dtype=float)
        empty = np.isnan(values)
    elif pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        empty = blank(series)
    else:  # text and mixed columns: the one reader of numbers from text (debtdesk.values), in the current locale
        values = column_numbers(series, argument, label, frame.index)
        empty = np.isnan(values)
    bad = ~np.isfinite(values) & ~empty
    if empty.any() and not empty_is_zero:
        pos = int(np.flatnonzero(empty)[0])
        raise DebtDeskError(argument, f"{label} is empty (expected a number)", data_row(frame.index, pos))
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        value = series.iloc[pos]
        what = (f"holds the Excel error {value.strip()}" if isinstance(value, str) and value.strip().startswith("#")
                else f"{value!r} is not a number")
        raise DebtDeskError(argument, f"{label} {what}", data_row(frame.index, pos))
    if empty.any():
        values = np.where(empty, 0.0, values)

    def too_large(pos: int):  # as a text cell's number would be refused (debtdesk.values.number), not a wrapped int64
        raise DebtDeskError(argument, f"{label} {values[pos]:g} is too large (at most {MAX_AMOUNT:g})",
                            data_row(frame.index, pos))
    return to_cents_array(values, too_large)


def day_numbers(series: pd.Series, argument: str, label: str, frame: pd.DataFrame | pd.Series) -> np.ndarray:
    """A date column as float days since 1970-01-01 (NaN where empty).

    Cells may be dates, datetimes, Excel serial numbers or text read by :func:`debtdesk.dates.to_date`
    in the current locale; a date outside 1990-2100 is refused (:func:`debtdesk.dates.check_era`).

    >>> day_numbers(pd.Series(["2024-01-01", 45292.0, None]), "ledger", "Due Date", pd.DataFrame(index=range(3))).tolist()
    [19723.0, 19723.0, nan]
    """
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        stamps = series.dt.tz_localize(None) if getattr(series.dt, "tz", None) is not None else series
        days = stamps.to_numpy().astype("datetime64[D]")  # numpy floors to the day, NaT stays NaT
        out = days.view(np.int64).astype(float)
        out[np.isnat(days)] = np.nan
        return era_days(out, argument, label, frame.index)
    if (series.dtype == object or pd.api.types.is_string_dtype(series.dtype)) and len(series) > 1:
        # Ledgers repeat a few hundred dates over many rows: read each distinct value once.
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        if len(uniques) < len(series):
            # Codes number values in order of appearance: a value's first row is where the running maximum rises.
            first = np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1) > 0)
            rows = pd.Index(data_rows(frame.index, first), dtype=np.int64)
            days = day_numbers(pd.Series(np.asarray(uniques, dtype=object), dtype=object), argument, label,
                               pd.DataFrame(index=rows))
            return np.where(codes < 0, np.nan, days[np.maximum(codes, 0)] if len(days) else np.nan)
    empty = blank(series)
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        serial = series.to_numpy(dtype=float, na_value=np.nan)
        out = np.floor(serial) - _UNIX_SERIAL
        ok = empty | ((serial >= 61) & (serial < 2958466))
    else:
        out = np.full(len(series), np.nan)
        is_num = series.map(lambda v: isinstance(v, (int, float, np.number)) and not isinstance(v, bool)).to_numpy(dtype=bool)
        if is_num.any():
            serial = series[is_num].to_numpy(dtype=float)
            good = (serial >= 61) & (serial < 2958466)
            out[np.flatnonzero(is_num)[good]] = np.floor(serial[good]) - _UNIX_SERIAL
        rest = ~is_num & ~empty
        if rest.any():  # text and date objects: the one reader of dates (debtdesk.dates), in the current locale
            out[np.flatnonzero(rest)] = cell_days(series[rest].tolist())
        ok = empty | np.isfinite(out)
    for pos in np.flatnonzero(~ok):  # only the cells the vectorised pass could not read
        row = data_row(frame.index, int(pos))
        try:
            day = to_date(series.iloc[int(pos)], argument, row)
        except DebtDeskError as error:
            raise DebtDeskError(argument, f"{label} {error.expected}", row) from None
        out[pos] = float((np.datetime64(day, "D") - np.datetime64("1970-01-01", "D")).astype(np.int64))
    return era_days(np.where(empty, np.nan, out), argument, label, frame.index)


#: Text columns at least this long are coded in Arrow (from their bytes when tidy; 1M object ids: 0.19 s hashed as objects).
ARROW_FROM = 100_000
#: How many leading cells of an object column :func:`shared_objects` looks at to judge whether its equal texts share
#: one Python object.
SHARING_SAMPLE = 8_192


def factorize_text(series: pd.Series, argument: str, label: str,
                   frame: pd.DataFrame | pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A required text column (e.g. Customer) as integer codes and sorted unique labels.

    Only the distinct values are checked and cleaned (stripped; Excel's ``1001.0`` read
    as ``1001``), so 50,000 customers over a million rows cost 50,000 checks. An empty
    cell or an Excel error is a :class:`DebtDeskError` naming its row. A long column of
    Python objects in which equal ids are one object (as pandas' CSV reader and openpyxl
    give them) is coded by object first (:func:`shared_objects`), so only one cell
    per object is read as text.

    >>> codes, names = factorize_text(pd.Series(["B", " A", 7.0, "A"]), "ledger", "Customer",
    ...                               pd.DataFrame(index=range(4)))
    >>> codes.tolist(), names.tolist()
    ([2, 1, 0, 1], ['7', 'A', 'B'])
    """
    def row(pos: int) -> int:
        return data_row(frame.index, pos)
    values = series
    if series.dtype == object or getattr(series.dtype, "storage", "") == "python":
        values = series.to_numpy(dtype=object)
        shared = shared_objects(values) if len(values) >= ARROW_FROM else None
        if shared is not None:  # each object read once, in the order of its first row: the same checks, rows, codes
            objects, first = shared
            codes, labels = _code_texts(values[first], argument, label, lambda pos: row(int(first[pos])), arrow=True)
            return codes[objects], labels
    return _code_texts(values, argument, label, row, arrow=len(values) >= ARROW_FROM)


def shared_objects(values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Codes of an object array's cells by object identity, numbered in order of first appearance, and each
    object's first position; None when equal values do not share objects (then coding by object saves nothing).

    Readers of text files often give a repeated id as one Python object (pandas' CSV parser with ``dtype=object``,
    openpyxl's shared strings), so a million cells may hold only the customers' 50,000 objects: their
    addresses are hashed as integers (Arrow, without the GIL), and only one cell per object need be read as
    text. Cells that are one object are equal, so coding the objects' values gives every cell's code exactly.
    The first :data:`SHARING_SAMPLE` cells decide: their repeated values must be, at least half of them, repeats
    of one object (texts made one by one, such as ``Series.astype(object)`` of Arrow text, never are).

    >>> name = "CUST-1"
    >>> codes, first = shared_objects(np.array([name, "CUST-2", name, None, name, name], dtype=object))
    >>> codes.tolist(), first.tolist()
    ([0, 1, 0, 2, 0, 0], [0, 1, 3])
    >>> shared_objects(np.array([f"CUST-{n % 2}" for n in range(6)], dtype=object)) is None  # six objects, two ids
    True
    """
    import ctypes

    import pyarrow as pa
    import pyarrow.compute as pc

    head = values[:SHARING_SAMPLE]
    try:
        distinct = len(set(head.tolist()))
    except TypeError:  # unhashable cells: left to the hashing path, which refuses them as it always has
        return None
    repeats, extra_objects = len(head) - distinct, len(set(map(id, head))) - distinct
    if not repeats or extra_objects * 2 > repeats:
        return None
    values = np.ascontiguousarray(values)
    addresses = np.empty(len(values), dtype=np.uintp)  # the cells' object pointers copied as integers (no reference taken)
    ctypes.memmove(addresses.ctypes.data, values.ctypes.data, addresses.nbytes)
    encoded = pc.dictionary_encode(pa.array(addresses))  # its hash table grows with the objects, not the cells
    if len(encoded.dictionary) * 2 > len(values):
        return None
    codes = encoded.indices.to_numpy().astype(np.intp)
    first = np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1) > 0)  # where a new code first appears
    return codes, first


def _code_texts(values, argument: str, label: str, row: Callable[[int], int],
                arrow: bool) -> tuple[np.ndarray, np.ndarray]:
    """:func:`factorize_text` of a column's cells (an object array or a pandas text array); ``row`` gives the data
    row to quote for a position, ``arrow`` copies Python text into Arrow to code it there."""
    if arrow and isinstance(values, np.ndarray):
        # Copying a long column of Python strings into Arrow and coding it there beats pandas' object hash
        # table; pyarrow copies them straight (pandas' own conversion checks every cell again first).
        copied = arrow_text(values)
        values = values if copied is None else copied
    coded = short_text_codes(values) if arrow else None
    if coded is not None:  # tidy ids of up to 16 bytes: coded and sorted from their bytes, no string hashed
        return coded
    codes, uniques = pd.factorize(values, sort=False, use_na_sentinel=True)
    if codes.min(initial=0) < 0:
        pos = int(np.argmax(codes < 0))
        raise DebtDeskError(argument, f"{label} is empty", row(pos))
    uniques = np.asarray(uniques, dtype=object)
    if pd.api.types.infer_dtype(uniques, skipna=False) == "string":
        cleaned = [value.strip() for value in uniques]
    else:
        cleaned = [str(int(value) if isinstance(value, float) and value.is_integer() else value).strip()
                   for value in uniques]  # Excel hands over customer number 1001 as 1001.0
    for i in [i for i, value in enumerate(cleaned) if not value or value[0] == "#"]:  # few or none
        value = cleaned[i]
        if value and value.upper() not in _EXCEL_ERRORS:
            continue
        problem = f"holds the Excel error {value}" if value else "is empty"
        raise DebtDeskError(argument, f"{label} {problem}", row(int(np.argmax(codes == i))))
    remap, labels = _sort_labels(cleaned)
    return remap[codes], labels


def arrow_text(cells: np.ndarray):
    """An object array whose every present cell is text (None, NaN, NaT and pd.NA are missing), copied into
    pandas' Arrow-backed text; None for any other (numbers, bytes, text without UTF-8, or nothing present).

    pyarrow's conversion infers the type as it copies, in the same pass: text only when every present cell is
    text, so no pass of its own checks the cells first (:func:`pandas.api.types.infer_dtype`: 7-8 ms a million
    cells, against ~31 for the copy, both holding the GIL).

    >>> arrow_text(np.array(["CUST-1", None, "CUST-2"], dtype=object)).tolist()
    ['CUST-1', <NA>, 'CUST-2']
    >>> arrow_text(np.array(["CUST-1", b"CUST-2"], dtype=object)), arrow_text(np.array(["CUST-1", 2.0], dtype=object))
    (None, None)
    """
    import pyarrow as pa

    try:
        text = pa.array(cells, from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):  # not text throughout (UnicodeError is a ValueError)
        return None
    if isinstance(text, pa.ChunkedArray) or not pa.types.is_string(text.type):  # bytes, numbers, all missing (or
        return None  # over 2 GB of text, which pyarrow hands back in chunks: hashed as objects)
    return pd.array(text, dtype=pd.StringDtype("pyarrow"))


def short_text_codes(values) -> tuple[np.ndarray, np.ndarray] | None:
    """:func:`factorize_text` of an Arrow-backed text column whose texts are tidy (present, at most 16 UTF-8
    bytes, starting and ending with a printable ASCII character, not ``#``): codes into the sorted labels
    computed from the texts' bytes; None for any other column (the caller hashes its texts).

    Up to 16 bytes, a text is its first eight bytes, its last eight and its length
    (:func:`text_words`): these are mixed into one integer per row and factorised as integers,
    then each row's three parts are compared with those of a row of its code, so texts that
    mix to the same integer are caught rather than merged. Sorting the labels compares their bytes
    as big-endian words, which orders UTF-8 as Python orders str (by code point).

    >>> codes, labels = short_text_codes(pd.array(["B", "Ab", "B", "a longer text 16", "Ab"], dtype="str"))
    >>> codes.tolist(), labels.tolist()
    ([1, 0, 1, 2, 0], ['Ab', 'B', 'a longer text 16'])
    >>> short_text_codes(pd.array(["B", " A"], dtype="str")) is None  # a text to strip first
    True
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    dtype = getattr(values, "dtype", None)
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow") or not len(values) \
            or pd.isna(values).any():
        return None
    head, tail, length = text_words(values)
    if length.max() > 16 or length.min() < 1:
        return None
    # Arrow's hash table grows with the distinct keys (pandas' is sized for every row: 2-4x slower here).
    codes = pc.dictionary_encode(pa.array(mix(head, tail, length))).indices.to_numpy().astype(np.intp)
    first = np.empty(int(codes.max()) + 1, dtype=np.intp)
    first[codes] = np.arange(len(codes))  # a row of each code (whichever: any one stands for its code below)
    for part in (head, tail, length):
        if not np.array_equal(part[first][codes], part):
            return None
    head, tail, length = head[first], tail[first], length[first]
    lead = head & np.uint64(0xFF)
    last = np.where(length >= 8, tail >> np.uint64(56),
                    (head >> (np.minimum(length, 8).astype(np.uint64) * np.uint64(8) - np.uint64(8))) & np.uint64(0xFF))
    if not ((lead > 0x20) & (lead < 0x7F) & (lead != 0x23) & (last > 0x20) & (last < 0x7F)).all():
        return None  # a text to strip, an Excel error or non-ASCII at an edge: factorize_text's own cleaning
    high = head.byteswap()  # the first eight bytes as a big-endian number, zero-padded
    low = np.where(length > 8, (tail >> (np.clip(16 - length, 0, 7).astype(np.uint64) * np.uint64(8))).byteswap(), 0)
    order = np.lexsort((length, low, high))  # a text sorts before every longer text it begins
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    return rank[codes], np.asarray(values.take(first[order]), dtype=object)


#: Odd 64-bit multipliers mixing a text's first and last eight bytes and its length into one integer.
MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93], dtype=np.uint64)
#: The low k bytes of a little-endian word (k = 0..8).
_LOW_BYTES = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [2 ** 64 - 1], dtype=np.uint64)


def mix(head: np.ndarray, tail: np.ndarray, length: np.ndarray) -> np.ndarray:
    """One uint64 fingerprint per text from its :func:`text_words`: equal for equal texts (wrapping modulo 2**64).

    >>> f = mix(*text_words(pd.array(["INV-1", "INV-2", "INV-1", "", "a much longer number 1"], dtype="str")))
    >>> bool(f[0] == f[2]), bool(f[0] == f[1]), bool(f[3] == f[4])
    (True, False, False)
    """
    key = head * MIX[0]
    key += tail * MIX[1]
    key += length.astype(np.uint64) * MIX[2]
    return key


def text_words(texts) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each text's first eight UTF-8 bytes, its last eight (0 for a text shorter than eight) and its length,
    read from the texts' Arrow buffers as uint64 words (``texts``: present texts, anything :func:`pyarrow.array`
    takes, e.g. a text column's ``.array``).

    Equal texts have equal parts; texts of up to 16 bytes with equal parts are equal.

    >>> head, tail, length = text_words(pd.array(["AB", "", "0123456789"], dtype="str"))
    >>> [hex(int(w)) for w in head], [hex(int(w)) for w in tail], length.tolist()
    (['0x4241', '0x0', '0x3736353433323130'], ['0x0', '0x0', '0x3938373635343332'], [2, 0, 10])
    """
    import pyarrow as pa

    array = pa.array(getattr(texts, "array", texts))
    array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        array = array.cast(pa.large_string())
    _, offsets, data = array.buffers()
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    offsets = np.frombuffer(offsets, dtype=width)[array.offset:array.offset + len(array) + 1].astype(np.int64)
    length = np.diff(offsets)
    raw = np.frombuffer(data, dtype=np.uint8)[offsets[0]:offsets[-1]] if data is not None else np.zeros(0, np.uint8)
    if len(length) and length[0] >= 8 and (length == length[0]).all():
        return _fixed_words(raw, int(length[0])) + (length,)
    padded = np.zeros(len(raw) + 16, dtype=np.uint8)  # eight zero bytes either side
    padded[8:-8] = raw
    words = np.ndarray((len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))  # a word at every byte
    head = words[offsets[:-1] - (offsets[0] - 8)]  # each text's start, in the padded copy
    head &= _LOW_BYTES[np.minimum(length, 8)]
    tail = words[offsets[1:] - offsets[0]]  # eight bytes before each text's end
    tail[length < 8] = 0  # the head already holds a text shorter than eight bytes
    return head, tail, length


def _fixed_words(raw: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`text_words`' first and last eight bytes of texts all ``width`` (at least 8) bytes long, laid end to end
    in ``raw`` (zero-padded ids such as CUST-000123, common in ledgers): two strided reads instead of two gathers.

    >>> head, tail = _fixed_words(np.frombuffer(b"INV-000001INV-000002", np.uint8), 10)
    >>> [w.tobytes() for w in head], [w.tobytes() for w in tail]
    ([b'INV-0000', b'INV-0000'], [b'V-000001', b'V-000002'])
    """
    count = len(raw) // width
    return tuple(np.ndarray((count,), dtype="<u8", buffer=raw, offset=at, strides=(width,)).copy()
                 for at in (0, width - 8))


def _sort_labels(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Codes into the sorted distinct ``texts``, and those labels (as :func:`pandas.factorize` with sort=True).

    Sorting a fixed-width numpy unicode array compares code points in C, as Python's ``<`` on
    str does, several times faster than sorting Python objects. numpy drops trailing NULs, so
    texts holding one take the object path.

    >>> codes, labels = _sort_labels(["b", "a", "b", "c"])
    >>> codes.tolist(), labels.tolist()
    ([1, 0, 1, 2], ['a', 'b', 'c'])
    """
    if not texts or any("\0" in text for text in texts):
        codes, labels = pd.factorize(pd.Index(texts, dtype=object), sort=True)
        return codes, np.asarray(labels, dtype=object)
    fixed = np.array(texts, dtype=str)
    order = np.argsort(fixed)  # equal texts sort next to each other; which of them comes first does not matter
    ordered = fixed[order]
    new = np.ones(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    codes = np.empty(len(texts), dtype=np.int64)
    codes[order] = np.cumsum(new) - 1
    return codes, np.asarray(texts, dtype=object)[order[new]]


#: At least this many keys are hashed in parts in one thread (:func:`repeated_rows`; measured: 200,000 distinct keys
#: 5.3 ms in one table, 5.6 in parts; 300,000 8.1 and 7.4; a million 40 and 24).
PARTS_FROM = 250_000
_PART_SHIFT = np.uint64(60)  # 16 parts by the keys' top four bits


def repeated_rows(keys: np.ndarray, beside: Beside | None = None) -> np.ndarray:
    """The rows (positions, in order) whose uint64 key appears more than once.

    At least :data:`PARTS_FROM` keys are split by their top four bits into 16 parts (equal keys fall in one)
    and each part is hashed alone, its hash table small enough to stay in the cache (a million distinct keys:
    19-24 ms against 29-40 in one table); with a threaded ``beside`` (whatever the count) the upper eight parts
    are hashed on its thread (pandas' hash table of numbers releases the GIL) while this one hashes the lower eight.

    >>> repeated_rows(np.array([5, 2**63 + 1, 5, 7, 2**63 + 1, 2**63], dtype=np.uint64)).tolist()
    [0, 1, 2, 4]
    """
    threaded = beside is not None and beside.threaded
    if len(keys) < PARTS_FROM and not threaded:
        return np.flatnonzero(pd.Index(keys).duplicated(keep=False))
    top = (keys >> _PART_SHIFT).astype(np.uint8)
    order = np.argsort(top, kind="stable")  # a radix sort of one byte: the rows of each part together, in order
    counts = np.bincount(top, minlength=16)
    ends = np.cumsum(counts)
    starts = ends - counts
    ordered = keys[order]

    def hashed(parts: range) -> np.ndarray:
        return np.concatenate([order[start:end][pd.Index(ordered[start:end]).duplicated(keep=False)]
                               for start, end in zip(starts[parts.start:parts.stop], ends[parts.start:parts.stop])])
    if not threaded:
        return np.sort(hashed(range(0, 16)))
    upper = beside.submit(lambda: hashed(range(8, 16)))
    return np.sort(np.concatenate([hashed(range(0, 8)), beside.result(upper)]))


#: Ledgers at least this long read some columns on a second thread (:class:`Beside`) when a core is idle.
BESIDE_FROM = 100_000


def beside_worth(rows: int) -> bool:
    """Whether a reading of ``rows`` rows should run some columns on a second thread: at least :data:`BESIDE_FROM`
    rows, a second core for this process (its CPU affinity, else the machine's count), and one of them idle now
    (:func:`core_idle`).

    Two threads cost 10-18 ms more CPU a million rows than one (the GIL handed to and fro between
    numpy calls); with an idle core the busier thread needs ~70 ms of CPU where one thread needs ~130,
    but on a machine whose cores are all busy (a batch with one worker per core) two threads finish
    later than one, each hand-over of the GIL waiting for the scheduler.

    >>> beside_worth(10)
    False
    """
    if rows < BESIDE_FROM:
        return False
    return core_idle(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def core_idle(cores: int) -> bool:
    """Whether one of ``cores`` is idle at this moment: on Linux, fewer threads running or waiting for a core than
    ``cores``, counting the caller (``/proc/loadavg``'s count of this instant: the one-minute load average
    lags a minute behind, so a process's own earlier work, or a neighbour's that has stopped, would keep the
    second core unused); elsewhere the one-minute load average a whole core below the cores, or, with no
    load average (Windows), yes. One core is never idle beside the caller.

    >>> core_idle(1)
    False
    """
    if cores < 2:
        return False
    try:
        with open("/proc/loadavg") as counts:
            return int(counts.read().split()[3].split("/")[0]) < cores
    except (OSError, ValueError, IndexError):
        return not hasattr(os, "getloadavg") or os.getloadavg()[0] < cores - 1


def refusal_later(call: Callable[[], object]) -> Callable[[], object]:
    """``call()`` now, a refusal kept: a function that gives the result, or raises the
    :class:`~debtdesk.errors.DebtDeskError` where the caller's reading order reaches it (other errors, which
    are faults in DebtDesk, are raised at once).

    >>> later = refusal_later(lambda: (_ for _ in ()).throw(DebtDeskError("ledger", "Due Date is not a date", 4)))
    >>> later()
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: ledger row 4: Due Date is not a date
    >>> refusal_later(lambda: 7)()
    7
    """
    try:
        value = call()
    except DebtDeskError as error:
        refusal = error  # the except clause unbinds its own name

        def refuse():
            raise refusal
        return refuse
    return lambda: value


class Beside:
    """Independent column work run on a second thread while the caller works on other columns.

    numpy's loops, pandas' hash tables of numbers and Arrow's compute functions release the GIL, so
    two readers of different columns run on two cores, as DuckDB scans a table on every core.
    The calls given, then each one :meth:`submit` adds, run in turn on DebtDesk's one thread beside
    the caller's (started on first use and kept for the process: :func:`beside_pool`). Each call's
    result is taken with :meth:`result`, which waits for it and raises its error there, so a ledger
    with two faults is refused for the one the caller reaches first, as in one thread. Each call runs
    in a copy of the caller's context, so the locale text is read in (:func:`debtdesk.reading.reading`)
    is the caller's; a call still waiting its turn when its result is asked for runs on the caller's thread
    instead. Unthreaded (``threaded=False``: short ledgers, one core, busy cores; or a call made
    on the thread beside itself) each call runs when its result is asked for, exactly as written in
    line. Used as a context manager, every call is waited for on the way out, errors or not, so
    nothing runs on after the reading.

    Arrow's compute functions take their memory from Arrow's own pool, which keeps it from one call
    to the next; a second thread's numpy arrays come from a malloc arena of their own that hands
    big blocks back to the system after each use (a million-row reading on the second thread cost
    ~25 ms of page faults), so the second thread is given the work done mostly in Arrow and hash
    tables (the customers' coding, half the invoice numbers' duplicate check) and little else.

    Examples
    --------
    >>> with Beside(lambda: sum(range(10)), threaded=True) as beside:
    ...     ten = beside.submit(lambda: "ten")
    ...     beside.result(0), beside.result(ten)
    (45, 'ten')
    >>> with Beside(lambda: 1 / 0, threaded=True) as beside:
    ...     beside.result(0)
    Traceback (most recent call last):
    ...
    ZeroDivisionError: division by zero
    """

    def __init__(self, *calls: Callable[[], object], threaded: bool = True):
        on_beside = threading.current_thread().name.startswith(_BESIDE_THREAD)
        self._pool = beside_pool() if threaded and not on_beside else None
        self._calls: list[Callable[[], object]] = []
        self._futures: list[Future] = []
        for call in calls:
            self.submit(call)

    def submit(self, call: Callable[[], object]) -> int:
        """Start ``call`` beside (unthreaded: keep it until its result is asked for); its number for :meth:`result`."""
        self._calls.append(call)
        if self._pool is not None:  # the caller's reading locale (debtdesk.reading) holds beside too
            self._futures.append(self._pool.submit(contextvars.copy_context().run, call))
        return len(self._calls) - 1

    def result(self, i: int):
        """The ``i``-th call's result (its error raised here); a call the thread beside has not started yet runs
        here instead (this thread would only wait for it)."""
        if self._pool is None or self._futures[i].cancel():
            return self._calls[i]()
        return self._futures[i].result()

    @property
    def threaded(self) -> bool:
        """Whether the calls run beside (else each runs in line when its result is asked for)."""
        return self._pool is not None

    def __enter__(self) -> "Beside":
        return self

    def __exit__(self, *exc) -> None:
        wait(self._futures)  # each error stays in its future: the caller's own error, if any, is the one raised


#: What DebtDesk's thread beside the caller's is named after (a Beside made on it runs its calls in line, never
#: waiting on itself).
_BESIDE_THREAD = "debtdesk-beside"
_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def beside_pool() -> ThreadPoolExecutor:
    """DebtDesk's one thread beside the caller's, started on first use and kept for the life of the process
    (a reading hands it work instead of starting a thread; a forked child starts its own when it first needs one).

    >>> beside_pool() is beside_pool()
    True
    """
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(1, thread_name_prefix=_BESIDE_THREAD)
        return _POOL


def _forget_pool() -> None:
    """In a forked child: the parent's thread beside was not copied, so neither is its pool (nor a lock it held)."""
    global _POOL, _POOL_LOCK
    _POOL, _POOL_LOCK = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


_EXCEL_ERRORS = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!")
