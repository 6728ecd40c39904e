"""A field as a cataloguer reads it, on one line: ``100 1# $a Ibsen, Henrik``."""

from __future__ import annotations

from typing import Any

from authority.web.marc_view import BLANK_INDICATOR


def line_of(data: dict[str, Any]) -> str:
    """One field (its ``to_dict`` form, as diffs give it) as a MARC line."""
    if "data" in data:
        return f"{data['tag']} {data['data']}"
    indicators = "".join(
        BLANK_INDICATOR if i == " " else i for i in (data["ind1"], data["ind2"])
    )
    subfields = " ".join(f"${code} {value}" for code, value in data["subfields"])
    return f"{data['tag']} {indicators} {subfields}"
