"""File names from data: ids, creditor and customer names made into safe path components.

Every name DebtDesk builds from data (a client id, a creditor on a proposal letter, a customer
on a dunning letter, an input workbook's name given to its output) goes through this module
before it reaches the file system. One rule says what a file-name component may not be
(:func:`name_problem`): empty; holding a path separator or another character Windows refuses
(``/ \\ : * ? " < > |``), a NUL or any other control character, or an invisible one that could
spoof a name (a right-to-left override); starting with ``.``, ``-`` or a space (hidden files,
command-line options; DebtDesk's own temporaries start with ``.``) or ending with ``.`` or a
space (Windows drops them); a Windows device name (``CON``, ``aux``, ``COM1``, ...); longer
than :data:`MAX_BYTES` bytes of UTF-8.

* Identifiers (client ids) and input workbook names are checked against it and refused when
  they break it: an id is a person's reference, and DebtDesk never silently turns one id into
  another.
* Free text (creditor and customer names) is made into a component with :func:`safe_component`,
  whose result always keeps the rule.
* :func:`unique_names` makes the names written into one folder distinct, comparing them as a
  case-insensitive file system (Windows, macOS, a Samba share) would; :func:`inside` joins a
  component to its folder, so nothing is ever written outside it.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Iterable

from debtdesk.errors import DebtDeskError

#: Longest component in bytes of UTF-8. A letter's name joins an id (at most this) and a name
#: made by :func:`safe_component` (at most :data:`FREE_TEXT_BYTES`); with a `` (2)``, an
#: extension and DebtDesk's temporary-file decoration it stays within the 255 bytes most Linux
#: file systems allow in one name.
MAX_BYTES = 120
FREE_TEXT_BYTES = 80
#: Characters no file name may hold (path separators, and what Windows refuses).
FORBIDDEN = '/\\:*?"<>|'
#: Windows device names: a file called so (with any extension) cannot be opened there.
RESERVED = frozenset({"con", "prn", "aux", "nul", "conin$", "conout$"}
                     | {f"{port}{n}" for port in ("com", "lpt") for n in (*"123456789", "¹", "²", "³")})
_EDGES = " .-"
_RUNS = re.compile(r"-{2,}")


def _word(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def safe_component(text, default: str = "unnamed", max_bytes: int = FREE_TEXT_BYTES) -> str:
    """Free text (a creditor's or customer's name) as one safe file-name component.

    Letters and digits are kept; every run of anything else becomes one ``-`` (none at either
    end); a Windows device name gets a trailing ``_``; the result is cut to ``max_bytes`` bytes
    on a character boundary. Text with nothing left gives ``default``. The result always
    passes :func:`name_problem`.

    Parameters
    ----------
    text : object
        Any value; it is made text first.
    default : str
        The name to use when no letter or digit is left (itself a safe component).
    max_bytes : int
        Longest result in bytes of UTF-8 (at most :data:`MAX_BYTES`).

    Returns
    -------
    str

    Examples
    --------
    >>> safe_component("Energy arrears / E.ON"), safe_component("../../escaped/x")
    ('Energy-arrears-E-ON', 'escaped-x')
    >>> safe_component("Visa\\x00 1"), safe_component("CON"), safe_component("  ", default="creditor")
    ('Visa-1', 'CON_', 'creditor')
    >>> safe_component("Zoë Müller"), len(safe_component("x" * 300))
    ('Zoë-Müller', 80)
    """
    text = "" if text is None else str(text)
    cleaned = _RUNS.sub("-", "".join(c if _word(c) else "-" for c in text))
    cleaned = _cut(cleaned.strip("-"), min(max_bytes, MAX_BYTES)).strip("-")  # device names are short: room for _
    if not cleaned:
        return default
    return cleaned + "_" if _device(cleaned) else cleaned


def name_problem(text) -> str:
    """Why ``text`` cannot be used unchanged as a file-name component; "" when it can.

    Examples
    --------
    >>> name_problem("C-1001"), name_problem("Smith, J (2026)")
    ('', '')
    >>> print(name_problem("ACME/2026/001"))
    holds '/', which no file name may hold (nor any of / \\ : * ? " < > |)
    >>> name_problem("C-1\\x002"), name_problem("aux"), name_problem(".hidden")
    ('holds a control character (U+0000)', "is the Windows device name 'aux'", "starts with '.'")
    """
    text = "" if text is None else str(text)
    if not text:
        return "is empty"
    for char in text:
        kind = unicodedata.category(char)
        if kind == "Cc":
            return f"holds a control character (U+{ord(char):04X})"
        if kind[0] == "C" or kind in ("Zl", "Zp"):
            return f"holds an invisible character (U+{ord(char):04X})"
        if char in FORBIDDEN:
            return f"holds {char!r}, which no file name may hold (nor any of {' '.join(FORBIDDEN)})"
    if text[0] in _EDGES:
        return f"starts with {text[0]!r}"
    if text[-1] in " .":
        return f"ends with {text[-1]!r}"
    if _device(text):
        return f"is the Windows device name {text.split('.')[0]!r}"
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        return f"is {size} bytes long (at most {MAX_BYTES})"
    return ""


def check_name(text, what: str) -> str:
    """``text`` unchanged when it is a safe component, else a :class:`DebtDeskError` naming ``what``.

    >>> check_name("C-1001", "Client ID")
    'C-1001'
    >>> check_name("ACME/1", "Client ID")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: Client ID: 'ACME/1' cannot name a file: holds '/', which no file name may hold (nor any of / \\ : * ? " < > |)
    """
    problem = name_problem(text)
    if problem:
        raise DebtDeskError(what, f"{text!r} cannot name a file: {problem}")
    return str(text)


def collision_key(name: str) -> str:
    """The form under which two names are the same file on a case-insensitive file system.

    >>> collision_key("VISA.docx") == collision_key("visa.DOCX"), collision_key("Zoe\\u0308") == collision_key("Zoë")
    (True, True)
    """
    return unicodedata.normalize("NFC", name).casefold()


def unique_names(names: Iterable[str]) -> list[str]:
    """``names`` (file names with extensions) made distinct within one folder: a name whose stem
    repeats an earlier one's, also in another case, gets `` (2)``, `` (3)``, ... before its
    extension; the first keeps its name. Stems are compared, so their PDFs never collide either.

    Examples
    --------
    >>> unique_names(["C-1 Visa.docx", "C-1 VISA.docx", "C-1 Visa.docx", "C-1 Visa (2).docx"])
    ['C-1 Visa.docx', 'C-1 VISA (2).docx', 'C-1 Visa (3).docx', 'C-1 Visa (2) (2).docx']
    """
    taken: set[str] = set()
    out = []
    for name in names:
        stem, suffix = _split(name)
        candidate, n = stem, 1
        while collision_key(candidate) in taken:
            n += 1
            candidate = f"{stem} ({n})"
        taken.add(collision_key(candidate))
        out.append(candidate + suffix)
    return out


def inside(folder: str | Path, name: str) -> Path:
    """``folder / name``, refused unless ``name`` is one component that stays in ``folder``.

    >>> inside("out/docs", "C-1 Visa.docx").as_posix()
    'out/docs/C-1 Visa.docx'
    >>> inside("out/docs", "../x.docx")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: file name: '../x.docx' would leave out/docs
    """
    folder = Path(folder)
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name or Path(name).name != name:
        raise DebtDeskError("file name", f"{name!r} would leave {folder.as_posix()}")
    return folder / name


def _split(name: str) -> tuple[str, str]:
    stem, dot, suffix = name.rpartition(".")
    return (stem, dot + suffix) if dot and stem else (name, "")


def _cut(text: str, max_bytes: int) -> str:
    encoded = text.encode("utf-8")
    return text if len(encoded) <= max_bytes else encoded[:max_bytes].decode("utf-8", "ignore")


def _device(name: str) -> bool:
    return name.split(".")[0].rstrip(" ").casefold() in RESERVED
