"""The SKOS source's reverse tables are ``linkeddata/tables.py`` read backwards and
say what they said when they were written out by hand (the source reads the same)."""

from __future__ import annotations

from rdflib.namespace import SKOS

from authority.linkeddata.namespaces import MADS
from loaders.sources.skos import vocabularies

HAND_WRITTEN_LINK_TYPES = {
    SKOS.broader: "g",
    MADS.hasBroaderAuthority: "g",
    SKOS.narrower: "h",
    MADS.hasNarrowerAuthority: "h",
    MADS.hasEarlierEstablishedForm: "a",
    MADS.hasLaterEstablishedForm: "b",
    SKOS.related: None,
    MADS.hasRelatedAuthority: None,
}
HAND_WRITTEN_NOTE_TAGS = {
    SKOS.definition: ("677", "a"),
    SKOS.scopeNote: ("680", "i"),
    SKOS.note: ("680", "i"),
    SKOS.example: ("681", "i"),
    SKOS.historyNote: ("688", "a"),
    SKOS.editorialNote: ("667", "a"),
}
HAND_WRITTEN_MAPPING_CODES = {
    SKOS.closeMatch: "=CM",
    SKOS.broadMatch: "=BM",
    SKOS.narrowMatch: "=NM",
    SKOS.relatedMatch: "=RM",
}
HAND_WRITTEN_SUBDIVISION_CODES = {
    MADS.TopicElement: "x",
    MADS.GeographicElement: "z",
    MADS.TemporalElement: "y",
    MADS.GenreFormElement: "v",
}


def test_derived_tables_equal_the_hand_written_ones() -> None:
    assert vocabularies.LINK_TYPES == HAND_WRITTEN_LINK_TYPES
    assert vocabularies.NOTE_TAGS == HAND_WRITTEN_NOTE_TAGS
    assert vocabularies.MAPPING_CODES == HAND_WRITTEN_MAPPING_CODES
    assert vocabularies.SUBDIVISION_CODES == HAND_WRITTEN_SUBDIVISION_CODES


def test_fields_of_one_tag_keep_the_statement_order() -> None:
    # Fields are sorted by tag (stably): within 680, scopeNote's come before note's,
    # within 750 closeMatch's before broadMatch's, as the hand-written tables had it.
    notes = [p for p, (tag, _) in vocabularies.NOTE_TAGS.items() if tag == "680"]
    assert notes == [SKOS.scopeNote, SKOS.note]
    assert list(vocabularies.MAPPING_CODES) == list(HAND_WRITTEN_MAPPING_CODES)


def test_every_key_is_a_uriref_the_graph_can_find() -> None:
    # rdflib's URIRef neither equals nor hashes like the same text as a str.
    for table in (
        vocabularies.LINK_TYPES,
        vocabularies.NOTE_TAGS,
        vocabularies.MAPPING_CODES,
        vocabularies.SUBDIVISION_CODES,
    ):
        assert all(type(key) is type(SKOS.note) for key in table)
