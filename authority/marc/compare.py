"""Does an exported record say what came in? Differences beyond the normalisations.

The reconciliation report of a migration (``authority load --report``) asks this of
every MARC record it loaded. Allowed, and nothing else (README, "MARC"):

1. leader: lengths and base address recomputed, /09 ``a`` (UTF-8), /10-11 ``22``,
   /20-23 ``4500``;
2. 001 is our id; a foreign record (001 not one of our id forms) gets a minted id
   and its ``(003)001`` appended to its 035s, its 003 becoming ours;
3. 003, 005 and 008 are generated when the record has none;
4. 005 is written in tag order (FOLIO's export puts it after 008).

``tests/integration/marc/test_round_trip.py`` checks the same rules independently,
on pymarc's reading of every exported form.
"""

from __future__ import annotations

from collections.abc import Sequence

from authority.domain import Field, Subfield
from authority.domain.content import replace_group, with_tag
from authority.domain.ids import is_valid_id
from authority.marc import tags

GENERATED_WHEN_ABSENT = (
    tags.CONTROL_NUMBER_IDENTIFIER,
    tags.LATEST_TRANSACTION,
    tags.FIXED_LENGTH_DATA,
)


def differences(
    original_leader: str,
    original: Sequence[Field],
    exported_leader: str,
    exported: Sequence[Field],
) -> list[str]:
    """What ``exported`` says differently from ``original``; empty when nothing."""
    found = _leader_differences(original_leader, exported_leader)
    number = _control_number(original)
    foreign = not is_valid_id(number)
    expected = [
        f
        for f in original
        if f.tag != tags.CONTROL_NUMBER
        and not (foreign and f.tag == tags.CONTROL_NUMBER_IDENTIFIER)
    ]
    actual = list(exported)
    if not actual or actual[0].tag != tags.CONTROL_NUMBER:
        return [*found, "the export does not start with 001"]
    actual = actual[1:]
    for tag in GENERATED_WHEN_ABSENT:
        if not any(f.tag == tag for f in expected):
            actual = _without_first(actual, tag)
    if foreign:
        agency = next(
            (f.data for f in original if f.tag == tags.CONTROL_NUMBER_IDENTIFIER), None
        )
        own = f"({agency}){number}" if agency else number
        expected = _with_own_035(expected, own)
    if [f for f in actual if f.tag == tags.LATEST_TRANSACTION] == [
        f for f in expected if f.tag == tags.LATEST_TRANSACTION
    ]:  # 005 may move into tag order
        actual = [f for f in actual if f.tag != tags.LATEST_TRANSACTION]
        expected = [f for f in expected if f.tag != tags.LATEST_TRANSACTION]
    return found + _field_differences(expected, actual)


def _leader_differences(original: str, exported: str) -> list[str]:
    structural = f"{original[5:9]}a22{original[17:20]}4500"
    if exported[5:12] + exported[17:24] == structural:
        return []
    return [f"leader {exported!r} for {original!r}"]


def _control_number(fields: Sequence[Field]) -> str:
    return next(
        ((f.data or "").strip() for f in fields if f.tag == tags.CONTROL_NUMBER), ""
    )


def _without_first(fields: list[Field], tag: str) -> list[Field]:
    for n, f in enumerate(fields):
        if f.tag == tag:
            return fields[:n] + fields[n + 1 :]
    return fields


def _with_own_035(fields: list[Field], own: str) -> list[Field]:
    """A foreign record's 035s as output writes them: its own number after them."""
    numbers = tuple(with_tag(fields, tags.SYSTEM_CONTROL_NUMBER))
    own_035 = Field(tags.SYSTEM_CONTROL_NUMBER, " ", " ", (Subfield("a", own),))
    return list(
        replace_group(tuple(fields), (tags.SYSTEM_CONTROL_NUMBER,), (*numbers, own_035))
    )


def _field_differences(expected: list[Field], actual: list[Field]) -> list[str]:
    if expected == actual:
        return []
    found = []
    for n, (want, got) in enumerate(zip(expected, actual, strict=False)):
        if want != got:
            found.append(f"field {n + 2}: {_show(got)} for {_show(want)}")
            break  # the first difference; what follows is usually its echo
    if len(expected) != len(actual):
        found.append(f"{len(actual)} fields after 001 for {len(expected)}")
    return found


def _show(f: Field) -> str:
    if f.data is not None:
        return f"{f.tag} {f.data!r}"
    subfields = "".join(f"${s.code}{s.value}" for s in f.subfields)
    return f"{f.tag} {f.ind1}{f.ind2} {subfields}"
