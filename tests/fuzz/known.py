"""Which defect of issue 16 a fuzz failure matches, by its kind, message and input.

These are defects known when the fuzz suite was written and fixed in their own
changes; a failure that matches none is new. The fuzz test names the match in its
message, so a red run says at a glance whether anything unexpected is left.
"""

from __future__ import annotations

import re

KNOWN = {
    "ijson-long-number": "ijson's C backend segfaults on a number of ~4,300 digits",
    "json-nesting": 'deep [ / {"a": nesting floods memory or recurses',
    "leader-bad-utf8": "UnicodeDecodeError for invalid UTF-8 in read_marcjson",
    "decimal-json": "a number or list as MARC-in-JSON text: Decimal, not written",
    "bare-wrong-shape": "BARE JSON of the wrong shape -> AttributeError",
    "bare-empty-file": "an empty BARE JSON file -> OSError",
    "json-lines-stop": "a corrupt line ends a JSON-lines file",
    "xml-lost-before-break": "complete XML records before a broken tag are lost",
    "dtd-accepted": "a DOCTYPE / entity is read, not refused",
    "control-characters": "C0 controls and MARC delimiters accepted, output broken",
}
"""Short name -> the defect (issue 16, section 1 and 2)."""

_JSON_READERS = ("marcjson", "bare-json")
_DEEP = re.compile(rb"(?:\[\s*){200}|(?:\{\"a\":){200}|(?:\[\{){200}")
_NOT_TEXT = re.compile(r"ind[12]=(?:\[|Decimal|\d|True|False|None|\{)")
_LONG_NUMBER = re.compile(rb"\d{4000}")


def known_defect(
    reader: str, kind: str, error: str, trace: str, data: bytes
) -> str | None:
    """The known defect this failure is (None: a new one)."""
    # identifiersMap {"viaf": [null]}: 024 $a None (marcdata's values are str()'d)
    none_024 = "tag='024'" in error or "NoneType" in error
    written = kind in ("corrupted", "unwritable")
    if reader == "bare-json" and written and none_024 and not _control_character(error):
        return "bare-wrong-shape"
    if reader in _JSON_READERS:
        found = _json_defect(kind, error, trace, data)
        if found:
            return found
    if kind == "lost-before-break":
        return "xml-lost-before-break"
    if kind == "lost-lines":
        return "json-lines-stop"
    if kind == "dtd-accepted":
        return "dtd-accepted"
    if kind in ("corrupted", "unwritable") and _control_character(error):
        return "control-characters"
    return None


def _json_defect(kind: str, error: str, trace: str, data: bytes) -> str | None:
    if kind == "crash" and _LONG_NUMBER.search(data):
        return "ijson-long-number"
    if kind in ("memory", "hang", "crash") or "RecursionError" in error:
        return "json-nesting" if _DEEP.search(data) else None
    if "UnicodeDecodeError" in error:
        return "leader-bad-utf8"
    if "Decimal" in error or _NOT_TEXT.search(error):
        return "decimal-json"  # a number or a list where MARC-in-JSON has text
    if "AttributeError" in error:
        return "bare-wrong-shape"  # identifiersMap {"isni": [true]} and the like
    if error.startswith("OSError") and "Errno 22" in error:
        return "bare-empty-file"
    return None


def _control_character(error: str) -> bool:
    found = re.findall(r"U\+00([01][0-9A-F])|\\x([01][0-9a-f])", error)
    # A 0x1D in a value ends the ISO 2709 record early: it reads back as two.
    split = error.startswith("iso2709: read back as")
    return bool(found) or split or "XML cannot carry" in error
