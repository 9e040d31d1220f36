"""A run's items (:class:`Job`) and the workbook files it is given, without the engine.

The main process of ``debtdesk regenerate`` lists the input workbooks, hashes them and hands
the jobs to worker processes; it imports this module, not the code that reads firm data or
runs the macros (pandas, openpyxl, every macro: about half a second of start-up a run),
which the workers have from their fork server. The firm's data files become jobs in
:mod:`debtdesk.workbooks.sources`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from debtdesk.errors import DebtDeskError
from debtdesk.reading import Locale
from debtdesk.workbooks.manifest import sha256_file
from debtdesk.workbooks.safe_names import collision_key, name_problem

WORKBOOKS = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Job:
    """One item of a run: regenerate a workbook file, a client from data, or the ledger.

    ``kind`` is ``"workbook"`` (``source`` is the file), ``"client"`` (``payload`` is the
    client as JSON, the shape of ``samples/clients.json``) or ``"collections"``
    (``source`` is the ledger file, ``as_of`` the ageing date, read in ``locale``).
    ``error`` set means the item was refused while reading the data; it fails without running.
    """

    key: str
    kind: str
    output: str
    input_sha256: str
    source: str = ""
    payload: str = ""
    as_of: str = ""
    in_place: bool = False
    error: str = ""
    locale: Locale = Locale()


def workbook_files(inputs: Iterable[str | Path]) -> list[Path]:
    """The workbooks named, folders expanded to their .xlsx/.xlsm files (sorted).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); (d / "b.xlsx").touch(); (d / "~$b.xlsx").touch(); (d / "a.csv").touch()
    >>> [p.name for p in workbook_files([d])]
    ['b.xlsx']
    """
    files = []
    for item in map(Path, inputs):
        if item.is_dir():
            files.extend(sorted(p for p in item.iterdir() if p.suffix.lower() in WORKBOOKS
                                and not p.name.startswith(("~$", ".")) and p.is_file()))
        elif item.is_file():
            if item.suffix.lower() not in WORKBOOKS:
                raise DebtDeskError("INPUT", f"{item} is not a workbook (.xlsx or .xlsm); firm data files go after --data")
            files.append(item)
        else:
            raise DebtDeskError("INPUT", f"{item} does not exist")
    return files


def workbook_jobs(files: Sequence[Path], out_dir: Path | None, in_place: bool = False) -> list[Job]:
    """One job per workbook: output ``out_dir/<name>.xlsx``, or the file itself in place.

    Two inputs that would write the same output are refused before anything runs.
    """
    jobs, seen = [], {}
    for path in files:
        output = path if in_place else Path(out_dir) / (path.stem + ".xlsx")
        problem = "" if in_place else name_problem(path.stem)  # in place it keeps the name it has
        if not in_place and output.resolve() == path.resolve():
            raise DebtDeskError("out", f"{output} is the input workbook itself; choose another output folder or use --in-place")
        clash = collision_key(str(output.resolve()))
        if clash in seen:
            raise DebtDeskError("INPUT", f"{path} and {seen[clash]} would both write {output.name}; rename one")
        seen[clash] = path
        jobs.append(Job(key=str(path.resolve()), kind="workbook", output="" if problem else str(output.resolve()),
                        input_sha256=sha256_file(path), source=str(path.resolve()), in_place=in_place,
                        error=f"{path.name!r} cannot name its output: the name {problem}" if problem else ""))
    return jobs
