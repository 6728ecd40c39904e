from __future__ import annotations

import pytest

from authority.domain import Authority, Field, Kind, Subfield
from authority.domain.vocabularies import vocabulary


def with_040(*fields: tuple[str, ...]) -> Authority:
    made = [
        Field(
            "040",
            " ",
            " ",
            tuple(Subfield(c, v) for c, v in zip(f[::2], f[1::2], strict=True)),
        )
        for f in fields
    ]
    heading = Field("150", " ", " ", (Subfield("a", "Fysikk"),))
    return Authority(id="REAL1", kind=Kind.TOPIC, fields=(*made, heading))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ((("a", "NoOU", "f", "noubomn"),), "noubomn"),
        ((("f", " HUMORD "),), "humord"),
        ((("f", "noraf"),), None),
        ((("f", "BARE"),), None),
        ((("a", "NoTrBIB"),), None),
        ((("a", "NoOU"), ("f", "tekord")), "tekord"),  # the first $f of any 040
        ((("f", ""), ("f", "humord")), None),
        ((), None),
    ],
)
def test_the_first_040_f_names_the_vocabulary(
    fields: tuple[tuple[str, ...], ...], expected: str | None
) -> None:
    assert vocabulary(with_040(*fields)) == expected
