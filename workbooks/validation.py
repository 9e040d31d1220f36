"""What Excel checks as a person types into input cells: the rule behind each :class:`Input` kind.

Both workbook adapters turn an :class:`~debtdesk.macros.book.Input` into Excel's data
validation through :func:`validation_rule`, so a workbook written headless and one
prepared in live Excel refuse the same values with the same words.
"""

from __future__ import annotations

import re

from openpyxl.utils import quote_sheetname

from debtdesk.errors import DebtDeskError
from debtdesk.macros.book import INPUT_KINDS, Input

#: Longest input prompt Excel shows.
PROMPT_LIMIT = 255


def validation_rule(spec: Input) -> dict:
    """The validation of an input kind: ``type`` (None: any value, a prompt only),
    ``operator``, ``formula1``/``formula2`` (bounds; a list's source is the adapter's to
    add), ``style`` ("stop" refuses, "warning" lets the person overrule), ``prompt`` and
    the ``error`` shown when a value is refused.

    Examples
    --------
    >>> rule = validation_rule(Input("money", "Monthly amount", minimum=0))
    >>> rule["type"], rule["operator"], rule["formula1"], rule["error"]
    ('decimal', 'greaterThanOrEqual', '0', 'Type an amount of at least 0.')
    >>> validation_rule(Input("percent", minimum=0, maximum=1))["error"]
    'Type a percentage from 0% to 100%.'
    >>> validation_rule(Input("choice", source="Guidelines[Category]"))["style"]
    'warning'
    >>> validation_rule(Input("colour"))
    Traceback (most recent call last):
    debtdesk.errors.DebtDeskError: input: kind 'colour' is not one of text, money, number, whole, percent, date, choice
    """
    if spec.kind not in INPUT_KINDS:
        raise DebtDeskError("input", f"kind {spec.kind!r} is not one of {', '.join(INPUT_KINDS)}")
    if len(spec.prompt) > PROMPT_LIMIT:
        raise DebtDeskError("prompt", f"is {len(spec.prompt)} characters; Excel shows at most {PROMPT_LIMIT}")
    rule = {"type": None, "operator": None, "formula1": None, "formula2": None, "style": "stop",
            "prompt": spec.prompt or None, "error": None}
    low, high = spec.minimum, spec.maximum
    if spec.kind in ("money", "number", "percent", "whole"):
        what = {"money": "an amount", "number": "a number", "percent": "a percentage", "whole": "a whole number"}[spec.kind]

        def shown(v):
            return f"{v:.0%}" if spec.kind == "percent" else f"{v:g}"

        rule["type"] = "whole" if spec.kind == "whole" else "decimal"
        if low is not None and high is not None:
            rule.update(operator="between", formula1=f"{low:g}", formula2=f"{high:g}",
                        error=f"Type {what} from {shown(low)} to {shown(high)}.")
        elif low is not None:
            rule.update(operator="greaterThanOrEqual", formula1=f"{low:g}", error=f"Type {what} of at least {shown(low)}.")
        elif high is not None:
            rule.update(operator="lessThanOrEqual", formula1=f"{high:g}", error=f"Type {what} of at most {shown(high)}.")
        else:
            rule.update(operator="between", formula1="-1E+15", formula2="1E+15", error=f"Type {what}.")
    elif spec.kind == "date":
        rule.update(type="date", operator="between", formula1="1", formula2="2958465",
                    error="Type a date, e.g. 1 Dec 2026.")
    elif spec.kind == "choice":
        if not spec.choices and not spec.source:
            raise DebtDeskError("input", "a choice needs choices or a source table column")
        rule.update(type="list", style="stop" if spec.choices else "warning",
                    error="Choose a value from the list." if spec.choices else
                    f"This is not in {spec.source}: add it there, or it will be flagged.")
    return rule


def table_column(source: str) -> tuple[str, str]:
    """(table, column) of a choice source written ``"Table[Column]"``.

    >>> table_column("Guidelines[Category]")
    ('Guidelines', 'Category')
    >>> table_column("Guidelines")
    Traceback (most recent call last):
    debtdesk.errors.DebtDeskError: source: 'Guidelines' must name a table column, e.g. Guidelines[Category]
    """
    match = re.fullmatch(r"\s*([^\[\]]+)\[([^\[\]]+)\]\s*", source or "")
    if not match:
        raise DebtDeskError("source", f"{source!r} must name a table column, e.g. Guidelines[Category]")
    return match.group(1), match.group(2)


def column_list(sheet: str, letter: str, first: int) -> str:
    """A list-validation source: the run of filled cells from ``letter``/``first`` down, so the
    dropdown follows the column as rows are added.

    >>> column_list("Guidelines", "A", 2)
    "OFFSET('Guidelines'!$A$2,0,0,MAX(1,COUNTA('Guidelines'!$A$2:$A$5000)),1)"
    """
    where = quote_sheetname(sheet)
    return f"OFFSET({where}!${letter}${first},0,0,MAX(1,COUNTA({where}!${letter}${first}:${letter}$5000)),1)"
