"""What a Dask worker that runs DebtDesk jobs is given when a run connects (:func:`debtdesk.workbooks.batch._dask`)."""

from __future__ import annotations

import importlib
from contextlib import ExitStack

from distributed.diagnostics.plugin import WorkerPlugin


class LongLived(WorkerPlugin):
    """The worker imports DebtDesk's job code (:data:`~debtdesk.workbooks.batch.PRELOAD`) and keeps it out of its
    garbage collector's full collections (:func:`~debtdesk.workbooks.batch.long_lived`) while the plugin is
    registered; registered once per cluster (a second run's registration is a no-op), set up on every worker that
    joins, undone on a worker when the plugin is removed.

    Examples
    --------
    >>> import gc
    >>> plugin = LongLived(); plugin.setup(None)
    >>> gc.get_freeze_count() > 0
    True
    >>> plugin.teardown(None); gc.get_freeze_count()
    0
    """

    name = "debtdesk-long-lived"
    idempotent = True

    def setup(self, worker) -> None:
        from debtdesk.workbooks.batch import PRELOAD, long_lived

        for module in PRELOAD:
            importlib.import_module(module)
        self._frozen = ExitStack()  # set up on the worker, after the plugin was sent there
        self._frozen.enter_context(long_lived())

    def teardown(self, worker) -> None:
        self._frozen.close()
