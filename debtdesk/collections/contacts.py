"""The contact log read the way Regulation F counts it (12 CFR 1006.14(b)).

Each logged contact has a type, and the type decides what it means for the call-frequency
presumptions of §1006.14(b)(2):

========================  ======================  ====================  ==================
Type                      What happened           Counts toward 7 in 7  Starts the 7-day wait
========================  ======================  ====================  ==================
``attempt``               we placed a call: no    yes                   no
                          answer, voicemail
``conversation``          we placed a call and    yes                   yes
                          spoke with the person
``not connected``         the call did not        no (b)(3)(ii)         no
                          connect: busy signal,
                          number not in service
``inbound``               the person called us    no (not placed)       yes
``consented``             we called with the      no (b)(3)(i)          yes
                          person's consent, given
                          directly within 7 days
``email``, ``letter``,    not a telephone call    no                    no
``text``
========================  ======================  ====================  ==================

A telephone conversation starts the seven-day wait whoever placed the call, so a
consumer-initiated call is logged ``inbound``, never as an attempt. Older logs that say
``call`` (an attempt) or ``busy`` (not connected) are read with those meanings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from debtdesk.collections.compliance import to_datetime
from debtdesk.columns import select_columns
from debtdesk.errors import DebtDeskError
from debtdesk.values import cell_text, data_rows

#: The contact types a person chooses from, in the order a dropdown offers them.
CONTACT_TYPES = ("attempt", "conversation", "not connected", "inbound", "consented", "email", "letter", "text")
#: Other words for a type, as older logs and other systems write them.
ALIASES = {"call": "attempt", "busy": "not connected", "no answer": "attempt", "voicemail": "attempt",
           "consumer-initiated": "inbound", "consumer initiated": "inbound", "incoming": "inbound", "sms": "text"}
#: Placed calls that count toward the seven calls in seven days (§1006.14(b)(2)(i)(A)).
COUNTED = frozenset({"attempt", "conversation"})
#: Telephone conversations: each starts the seven-day wait (§1006.14(b)(2)(i)(B)).
CONVERSATIONS = frozenset({"conversation", "inbound", "consented"})
#: Calls the firm placed (the hours of §1006.6(b)(1)(i) apply to these).
PLACED = frozenset({"attempt", "conversation", "not connected", "consented"})


def contact_type(value, argument: str = "contacts", row: int | None = None) -> str:
    """The canonical contact type of a cell (case and spaces ignored, aliases read).

    >>> contact_type("Conversation"), contact_type(" call "), contact_type("Busy")
    ('conversation', 'attempt', 'not connected')
    >>> contact_type("fax", "NewContact", 2)
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: NewContact row 2: Type 'fax' is not one of attempt, conversation, not connected, inbound, consented, email, letter, text
    """
    text = " ".join(cell_text(value, "").lower().replace("_", " ").split())
    text = ALIASES.get(text, text)
    if text not in CONTACT_TYPES:
        raise DebtDeskError(argument, f"Type {value!r} is not one of {', '.join(CONTACT_TYPES)}", row)
    return text


@dataclass(frozen=True)
class ContactLog:
    """A checked contact log, by customer: the calls counted, the conversations and the last contact."""

    counted: dict[str, list[datetime]] = field(default_factory=dict)
    conversations: dict[str, list[datetime]] = field(default_factory=dict)
    last: dict[str, datetime] = field(default_factory=dict)
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)

    def calls(self, customer: str) -> list[datetime]:
        """Calls that count toward the seven in seven days, oldest first."""
        return self.counted.get(customer, [])

    def talks(self, customer: str) -> list[datetime]:
        """Telephone conversations, oldest first."""
        return self.conversations.get(customer, [])


def contact_log(contacts: pd.DataFrame | None, argument: str = "contacts") -> ContactLog:
    """Read a contact log (Customer, Contact Time, Type) into a :class:`ContactLog`.

    An empty Type is refused: whether a call counts depends on it.

    Examples
    --------
    >>> log = contact_log(pd.DataFrame({"Customer": ["A", "A", "A"],
    ...     "Contact Time": ["2024-05-01 10:00", "2024-05-02 10:00", "2024-05-03 10:00"],
    ...     "Type": ["attempt", "busy", "inbound"]}))
    >>> len(log.calls("A")), len(log.talks("A")), log.last["A"]
    (1, 1, datetime.datetime(2024, 5, 3, 10, 0))
    """
    if contacts is None or len(contacts) == 0:
        return ContactLog()
    table = select_columns(contacts, ["Customer", "Contact Time", "Type"], (), argument)
    rows = data_rows(table.index)
    counted: dict[str, list[datetime]] = {}
    talks: dict[str, list[datetime]] = {}
    last: dict[str, datetime] = {}
    customers, moments, kinds = [], [], []
    for row, customer, when, kind in zip(rows, table["Customer"], table["Contact Time"], table["Type"]):
        name = cell_text(customer, "")
        if not name:
            raise DebtDeskError(argument, "Customer is empty", row)
        moment = to_datetime(when, argument, row)
        kind = contact_type(kind, argument, row)
        if kind in COUNTED:
            counted.setdefault(name, []).append(moment)
        if kind in CONVERSATIONS:
            talks.setdefault(name, []).append(moment)
        last[name] = max(last.get(name, moment), moment)
        customers.append(name)
        moments.append(moment)
        kinds.append(kind)
    for log in (counted, talks):
        for times in log.values():
            times.sort()
    return ContactLog(counted, talks, last, pd.DataFrame({"Customer": customers, "Contact Time": moments,
                                                           "Type": kinds, "Row": rows}))
