"""``debtdesk demo``: the main job on built-in sample data.

Builds each sample client's workbook from its inputs, runs the ribbon's Regenerate
macro on it headless, writes the collections workbook the same way, and builds the
add-in, all into one output folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from debtdesk.macros.registry import run
from debtdesk.workbooks.documents import documents_folder
from debtdesk.workbooks.samples import sample_clients, sample_collections_workbook
from debtdesk.workbooks.template import client_workbook


def run_demo(out_dir: str | Path, step: Callable[[str], None] = lambda label: None) -> list[Path]:
    """Write the sample client plans, the collections workbook and DebtDesk.xlam into ``out_dir``.

    ``step`` is called with a label as each output is finished (the CLI's progress bar).

    >>> import tempfile
    >>> sorted(p.name for p in run_demo(tempfile.mkdtemp()))  # doctest: +SKIP
    ['C-1001.xlsx', 'C-1002.xlsx', 'C-1003.xlsx', 'DebtDesk.xlam', 'collections.xlsx']
    """
    from debtdesk.addin.build import build_addin  # the add-in builder needs pyopenvba

    out_dir = Path(out_dir)
    written = []
    for client in sample_clients():
        target = out_dir / "clients" / f"{client['id']}.xlsx"
        book = client_workbook(client, documents_dir=documents_folder(target))
        run("regenerate", book)
        written.append(book.save(target))
        step(client["id"])
    book = sample_collections_workbook(documents_dir=documents_folder(out_dir / "collections.xlsx"))
    run("regenerate", book)
    written.append(book.save(out_dir / "collections.xlsx"))
    step("collections")
    written.append(build_addin(out_dir))
    step("add-in")
    return written


#: How many outputs :func:`run_demo` reports through ``step`` (for a progress total).
def demo_size() -> int:
    """Number of outputs the demo writes.

    >>> demo_size()
    5
    """
    return len(sample_clients()) + 2
