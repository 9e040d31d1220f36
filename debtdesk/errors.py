"""The one exception type for bad input, with a message that says where and what.

Every message reads ``FUNCTION: argument row N: what was expected``, for example
``DD_PAYOFF: debts row 3: APR 'abc' is not a number``. The engine raises without a
function name; the cell-function layer adds it with :meth:`DebtDeskError.in_function`.
"""

from __future__ import annotations


class DebtDeskError(ValueError):
    """Bad input, named by argument, row (1-based, data rows) and expectation.

    Examples
    --------
    >>> str(DebtDeskError("debts", "APR 'abc' is not a number", row=3, function="DD_PAYOFF"))
    "DD_PAYOFF: debts row 3: APR 'abc' is not a number"
    >>> str(DebtDeskError("months", "must be a whole number of months greater than 0"))
    'months: must be a whole number of months greater than 0'
    """

    def __init__(self, argument: str, expected: str, row: int | None = None,
                 function: str | None = None):
        self.argument = argument
        self.expected = expected
        self.row = row
        self.function = function
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.argument if self.row is None else f"{self.argument} row {self.row}"
        parts = [self.function, where, self.expected] if self.function else [where, self.expected]
        return ": ".join(" ".join(str(p).split()) for p in parts)

    def in_function(self, function: str) -> "DebtDeskError":
        """Return the same error attributed to ``function`` (kept if already set).

        >>> str(DebtDeskError("rate", "is not a number").in_function("DD_APR"))
        'DD_APR: rate: is not a number'
        """
        if self.function:
            return self
        return DebtDeskError(self.argument, self.expected, self.row, function)
