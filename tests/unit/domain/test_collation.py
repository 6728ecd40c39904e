"""The Norwegian sort key (domain/collation.py): the heading index's order.

The keys are compared bytewise (``COLLATE "C"`` in PostgreSQL, a keyword field in
OpenSearch), so each test compares them as UTF-8 bytes, as the backends do.
"""

from __future__ import annotations

import pytest

from authority.domain.collation import MAX_KEY, sort_key

INDEX_ROW_LIMIT = 2704
"""Bytes PostgreSQL's btree takes in one index row at most."""


def filed(*labels: str) -> list[str]:
    """``labels`` in the order of the heading index."""
    return sorted(labels, key=lambda label: sort_key(label).encode("utf-8"))


def test_ae_oe_aa_come_after_z_in_that_order() -> None:
    assert filed("Åsen", "Øyen", "Ærø", "Zahl", "Aas", "Ødegaard", "Zwilgmeyer") == [
        "Aas",
        "Zahl",
        "Zwilgmeyer",
        "Ærø",
        "Ødegaard",
        "Øyen",
        "Åsen",
    ]


def test_a_with_ring_is_not_an_a() -> None:
    # Mapped before decomposition: å would otherwise become a + ring, then a.
    assert sort_key("Ål") != sort_key("Al")
    assert filed("Ål", "Am", "Al") == ["Al", "Am", "Ål"]
    assert sort_key("A\u030al") == sort_key("Ål")  # decomposed å is å too


def test_case_is_folded() -> None:
    assert sort_key("HAMSUN, KNUT") == sort_key("hamsun, knut") == "hamsun knut"
    assert sort_key("ÆRØ") == sort_key("ærø")
    assert filed("bakke", "Berg", "Aune") == ["Aune", "bakke", "Berg"]


@pytest.mark.parametrize(
    ("accented", "plain"),
    [
        ("Émile", "emile"),
        ("Brontë", "bronte"),
        ("Çelik", "celik"),
        ("Áillohaš", "aillohas"),  # Sámi letters sort as their base letters
        ("Čáhppes", "cahppes"),
        ("Đuolbmá", "duolbma"),
        ("Ŋuvtte", "nuvtte"),
        ("Ŧeavvo", "teavvo"),
        ("Žiŋŋa", "zinna"),
        ("Þórr", "thorr"),
        ("Straße", "strasse"),
        ("Œuvre", "oeuvre"),
        ("Łódź", "lodz"),
    ],
)
def test_other_diacritics_are_folded(accented: str, plain: str) -> None:
    assert sort_key(accented) == sort_key(plain)


def test_a_and_o_with_umlaut_sort_as_ae_and_oe_u_as_y() -> None:
    assert sort_key("Ärlig") == sort_key("Ærlig")
    assert sort_key("Östby") == sort_key("Østby")
    assert sort_key("Müller") == sort_key("Myller")
    assert filed("Östby", "Zeta", "Ärlig", "Åby") == ["Zeta", "Ärlig", "Östby", "Åby"]


def test_punctuation_separates_words_and_is_otherwise_ignored() -> None:
    assert sort_key("Rowling, J.K.") == "rowling j k"
    assert sort_key("Moser, May-Britt") == sort_key("Moser May Britt")
    assert sort_key("  «Hei!»  ") == "hei"
    assert sort_key("...") == ""


def test_a_shorter_name_files_before_its_continuations() -> None:
    assert filed("Berg, Anne", "Berg", "Bergen", "Berg-Hansen") == [
        "Berg",
        "Berg, Anne",
        "Berg-Hansen",
        "Bergen",
    ]


def test_the_key_is_bounded_to_max_key_characters() -> None:
    long = "Nilsen " * 200
    key = sort_key(long)
    assert len(key) <= MAX_KEY
    assert key == sort_key(long[: MAX_KEY + 10])  # the same first MAX_KEY kept
    assert not key.endswith(" ")  # a cut in a space is trimmed


def test_the_widest_key_fits_a_btree_row() -> None:
    # Four bytes each at most, whatever a heading holds: under PostgreSQL's limit.
    for wide in ("𝔄𝔅ℭ" * 400, "中文" * 600, "ﷺ" * 600):
        key = sort_key(wide)
        assert len(key) <= MAX_KEY
        assert len(key.encode("utf-8")) < INDEX_ROW_LIMIT
