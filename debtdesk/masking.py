"""Masking of account numbers in generated documents and reports.

A letter, an e-mail draft or a report that leaves the firm should show no more of an
account number than a person needs to recognise it: the last four characters, as card
statements do (PCI DSS 3.4 allows at most the first six and last four of a card number;
we show only the last four). Separators and length are kept so the masked number still
looks like the one on the client's statement.

Where it plugs in: a document writer (creditor proposal letters, dunning letters and
e-mails) passes its merged text through :func:`mask_text` when the firm's "Mask account
numbers" setting is on, and a report writer masks an account column with
:func:`mask_account` (``frame[col].map(mask_account)``) before writing it. The engine
itself never masks: its results are the firm's own working data.
"""

from __future__ import annotations

import math
import re

#: Account-number-like runs in free text: 8 or more digits, single spaces or hyphens allowed
#: between digit groups. ISO dates (2024-01-31) are not account numbers.
_ACCOUNT = re.compile(r"(?<![\w-])(?!\d{4}-\d{2}-\d{2}(?![\w-]))\d(?:[ -]?\d){7,}(?![\w-])")


def mask_account(value, visible: int = 4, mask: str = "*"):
    """An account number with every letter and digit but the last ``visible`` replaced by ``mask``.

    Never shows more than half of the characters, so a short number is not given away
    whole. Empty values are returned as they are.

    Parameters
    ----------
    value : str, int or float
        The account number as text or as a number from a cell (``12345678.0``).
    visible : int, default 4
        Trailing letters or digits left readable.
    mask : str, default "*"
        The masking character.

    Examples
    --------
    >>> mask_account("12345678")
    '****5678'
    >>> mask_account("4111-1111-1111-1111"), mask_account(12345678.0)
    ('****-****-****-1111', '****5678')
    >>> mask_account("GB29 NWBK 6016 1331 9268 19")
    '**** **** **** **** **68 19'
    >>> mask_account("1234"), mask_account(None), mask_account("")
    ('**34', None, '')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    positions = [i for i, ch in enumerate(text) if ch.isalnum()]
    keep = min(visible, len(positions) // 2)
    hidden = set(positions[: len(positions) - keep])
    return "".join(mask if i in hidden else ch for i, ch in enumerate(text))


def mask_text(text: str | None, visible: int = 4, mask: str = "*") -> str | None:
    """Free text with every account-number-like run (8+ digits) masked by :func:`mask_account`.

    Examples
    --------
    >>> mask_text("Your account 12345678 was 31 days overdue on 2024-01-31.")
    'Your account ****5678 was 31 days overdue on 2024-01-31.'
    >>> mask_text("Card 4111 1111 1111 1111, invoice INV-1002, sort code 60-16-13")
    'Card **** **** **** 1111, invoice INV-1002, sort code 60-16-13'
    """
    if not text:
        return text
    return _ACCOUNT.sub(lambda m: mask_account(m.group(0), visible, mask), text)
