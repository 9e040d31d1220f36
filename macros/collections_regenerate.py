"""Regenerate a collections workbook: every Collections macro over one run's ledger state.

The ledger state is built once (:func:`debtdesk.macros.collections.collections_run`) and
each step renders it, so the Ageing, Statements, Promises, Worklist, Dunning, KPIs and
Dashboard sheets of one regeneration agree to the cent. The ribbon's Regenerate button
and ``debtdesk regenerate`` both come here.
"""

from __future__ import annotations

from debtdesk.macros.ageing import refresh_ageing
from debtdesk.macros.collections import collections_run
from debtdesk.macros.dunning import dunning_letters
from debtdesk.macros.kpis import kpi_dashboard
from debtdesk.macros.promises import check_promises
from debtdesk.macros.worklist import build_worklist

#: The macros that rebuild a collections workbook, in the order they run (ribbon button ids).
STEPS = {"refresh_ageing": refresh_ageing, "check_promises": check_promises, "build_worklist": build_worklist,
         "dunning_letters": dunning_letters, "kpi_dashboard": kpi_dashboard}


def regenerate_collections(book) -> list[str]:
    """Build the run once and run every step on it; returns the steps run."""
    run = collections_run(book)
    for step in STEPS.values():
        step(book, run)
    return list(STEPS)
