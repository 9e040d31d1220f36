"""The collections reading on one thread or two, whatever the machine's load, for benchmarks that show both.

DebtDesk reads a long ledger's columns on a second thread only where a core is idle
(``debtdesk.collections._frames.beside_worth``); on a shared machine that depends on the moment, so
``python -m bench ageing`` times this code as it runs and with :func:`threads` forcing each way.
"""

from __future__ import annotations



def threads(count: int, fn):
    """``fn()`` with DebtDesk's column readers on ``count`` threads (2: the second thread whatever the load; 1: none)."""
    from debtdesk.collections import _frames

    saved = _frames.BESIDE_FROM, _frames.core_idle
    _frames.BESIDE_FROM = 0 if count > 1 else 2**62
    _frames.core_idle = lambda cores: True
    try:
        return fn()
    finally:
        _frames.BESIDE_FROM, _frames.core_idle = saved
