"""What a Dask worker that runs DebtDesk jobs is given: DebtDesk's job code as it starts (this module as its preload,
``dask worker --preload debtdesk.workbooks.dask_worker``, or ``distributed.worker.preload`` in
:data:`~debtdesk.workbooks.batch.DASK_CONFIG`), and :class:`LongLived` when a run connects
(:func:`debtdesk.workbooks.batch._dask`)."""

from __future__ import annotations

import importlib
from contextlib import ExitStack

from distributed.diagnostics.plugin import WorkerPlugin


def dask_setup(worker) -> None:
    """Import DebtDesk's job code (:data:`~debtdesk.workbooks.batch.PRELOAD`) as the worker starts, before it joins
    the cluster, as a pool worker has it from its fork server: ~2-3 s of imports a worker that would otherwise fall
    inside the first run's first jobs (Dask calls this for a preload module).

    >>> dask_setup(None)
    >>> import sys; "debtdesk.workbooks.regenerate" in sys.modules
    True
    """
    from debtdesk.workbooks.batch import PRELOAD

    for module in PRELOAD:
        importlib.import_module(module)


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
        from debtdesk.workbooks.batch import long_lived

        dask_setup(worker)  # already done where the worker preloaded this module
        self._frozen = ExitStack()  # set up on the worker, after the plugin was sent there
        self._frozen.enter_context(long_lived())

    def teardown(self, worker) -> None:
        self._frozen.close()
