"""The SKOS source: BIBSYS's real Realfagstermer N-Triples map completely, our own
Turtle, N-Triples and RDF/XML come back with heading, variants and relations intact,
and a broken file or concept is an error item, never an exception."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from authority.domain import Authority, Field, Kind, Status, Subfield
from authority.domain.view import kind_of
from authority.linkeddata.serialize import serialize
from authority.linkeddata.uris import Uris
from authority.service import validate
from loaders.sources import SourceItem, realfagstermer
from loaders.sources.skos import looks_like, read
from tests.support import CORPUS, corpus_authorities, head_of

UNIT_REAL = CORPUS / "prior-art/bibsys-authority-registry/unit_real.nt"
TEXT_EXPORTS = sorted(
    (CORPUS / "vocab-sources/norwegian").glob("realfagstermer-id*.txt")
)
URIS = Uris("https://authority.test/")
OSLO = ZoneInfo("Europe/Oslo")
PREFIXES = """\
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix madsrdf: <http://www.loc.gov/mads/rdf/v1#> .
@prefix ex: <http://example.org/> .
"""


@pytest.fixture(scope="module")
def unit_real() -> list[SourceItem]:
    return list(read(str(UNIT_REAL)))


@cache
def topics() -> tuple[Authority, ...]:
    """The corpus's topics with a 150 (Koha's LC headings, Humord, Realfagstermer,
    lskjema); IISG's bilingual 103s are checked apart."""
    return tuple(
        a
        for a in corpus_authorities()
        if a.kind is Kind.TOPIC and a.heading is not None and a.heading.tag == "150"
    )


def write(tmp_path: Path, authorities: tuple[Authority, ...], form: str) -> str:
    """The authorities serialized one by one and written as one file."""
    suffix = {"ttl": "ttl", "nt": "nt", "rdfxml": "rdf"}[form]
    path = tmp_path / f"vocabulary.{suffix}"
    if form == "rdfxml":  # one RDF/XML document cannot be concatenated: one per file
        path.write_bytes(serialize(authorities[0], form, URIS))
    else:
        path.write_bytes(b"\n".join(serialize(a, form, URIS) for a in authorities))
    return str(path)


def turtle(tmp_path: Path, body: str, name: str = "vocabulary.ttl") -> str:
    path = tmp_path / name
    path.write_text(PREFIXES + body, encoding="utf-8")
    return str(path)


def subfields(authority: Authority, tag: str) -> list[tuple[Subfield, ...]]:
    return [f.subfields for f in authority.fields if f.tag == tag]


def relations(authority: Authority) -> list[tuple[str, str | None, str]]:
    """(type, target id, label when there is no id): what a relation says."""
    return sorted(
        (r.type, r.target_id, "" if r.target_id else r.label)
        for r in authority.relations
    )


# BIBSYS's Realfagstermer N-Triples (the "unit" ontology, SKOS by sub-property)


def test_every_real_concept_maps_without_errors(unit_real: list[SourceItem]) -> None:
    errors = [(i.position, i.error) for i in unit_real if i.error]
    assert not errors
    assert len(unit_real) == 40
    assert [i.position for i in unit_real] == list(range(1, 41))
    for item in unit_real:
        assert item.authority is not None and item.id == item.authority.id
        validate(item.authority)
        assert kind_of(item.authority.fields) is Kind.TOPIC
        assert not subfields(item.authority, "950"), item.id  # every statement mapped
    statuses = [i.authority.status for i in unit_real if i.authority]
    assert [statuses.count(s) for s in Status] == [34, 2, 4]  # active, deleted, merged


def test_one_real_concept_field_by_field(unit_real: list[SourceItem]) -> None:
    (authority,) = [i.authority for i in unit_real if i.id == "REAL024017"]
    assert authority is not None
    assert authority.fields == (
        Field("008", data="150310|||anz|nbabn          |a|ana|||| d"),
        Field("024", "7", " ", (Subfield("a", "http://aws.unit.no/realfagstermer/c024017"),
                                Subfield("2", "uri"))),
        Field("040", subfields=(Subfield("a", "NoOU"), Subfield("b", "nob"),
                                Subfield("f", "noubomn"))),
        Field("150", subfields=(Subfield("a", "Sannsynlighetsteori : Lærebøker"),)),
        Field("450", subfields=(Subfield("a", "Sannsynsteori : Lærebøker"),
                                Subfield("9", "rank=preferred"),
                                Subfield("9", "language=nn"))),
        Field("450", subfields=(Subfield("a", "Probability : Textbooks"),
                                Subfield("9", "rank=preferred"),
                                Subfield("9", "language=en"))),
        # The targets are not in the file: UiO's URI pattern gives their ids.
        Field("550", subfields=(Subfield("w", "g"), Subfield("0", "(NoOU)REAL030093"))),
        Field("550", subfields=(Subfield("w", "g"), Subfield("0", "(NoOU)REAL001005"))),
    )  # fmt: skip
    moment = datetime(2015, 3, 10, 10, 7, 37, tzinfo=UTC)
    assert authority.provenance.created == authority.provenance.modified == moment
    assert authority.provenance.origin == "skos"


def test_deprecated_and_replaced_real_concepts(unit_real: list[SourceItem]) -> None:
    by_id = {i.id: i.authority for i in unit_real if i.authority}
    merged = by_id["REAL006143"]
    assert (merged.status, merged.merged_into) == (Status.MERGED, "REAL013424")
    assert merged.label == "Arvelære"
    assert subfields(merged, "688") == [
        (Subfield("a", "Deprecated on 2018-06-09T13:26:15Z"),)
    ]
    deleted = by_id["REAL005388"]  # deprecated, replaced by nothing
    assert (deleted.status, deleted.merged_into) == (Status.DELETED, None)


def test_the_real_concepts_agree_with_the_realfagstermer_text_source(
    unit_real: list[SourceItem],
) -> None:
    """Two sources of the same vocabulary (the N-Triples are older): 14 of its 40
    concepts are in the text exports (the rest are compound strings, "A : B", which
    those files do not hold); the same heading, status, successor and broader terms,
    and variants the text source also has."""
    text = {
        i.id: i.authority
        for path in TEXT_EXPORTS
        for i in realfagstermer.read(str(path))
        if i.authority
    }
    both = [i.authority for i in unit_real if i.authority and i.id in text]
    assert len(both) == 14
    for authority in both:
        other = text[authority.id]
        assert authority.label == other.label
        assert (authority.status, authority.merged_into) == (
            other.status,
            other.merged_into,
        )
        assert {v.label for v in authority.variants} <= {
            v.label for v in other.variants
        }
        broader = [r for r in relations(other) if r[0] == "broader"]
        assert relations(authority) == broader


# Round trip: our own linked data, read back


@pytest.mark.slow
def test_corpus_topics_come_back_from_turtle(tmp_path: Path) -> None:
    originals = topics()
    assert len(originals) == 709
    found = list(read(write(tmp_path, originals, "ttl")))
    assert not [(i.position, i.error) for i in found if i.error]
    assert len(found) == len(originals)  # link targets only typed are no items
    back = {i.id: i.authority for i in found if i.authority}
    for original in originals:
        authority = back[original.id]
        validate(authority)
        _assert_same_subject(original, authority)


def _assert_same_subject(original: Authority, authority: Authority) -> None:
    assert original.heading is not None and authority.heading is not None
    # HUME28807's 150 says $9 rank=preferred $9 language=nb: the language comes
    # back in 040 $b (nob), where the vocabulary's other records have it.
    heading = tuple(s for s in original.heading.subfields if s.code != "9")
    assert authority.heading.subfields == heading, original.id
    assert authority.kind is original.kind
    assert sorted(v.label for v in authority.variants) == sorted(
        v.label for v in original.variants
    ), original.id
    assert relations(authority) == relations(original), original.id
    assert (authority.status, authority.merged_into) == (
        original.status,
        original.merged_into,
    )
    assert URIS.authority(original.id) in [i.value for i in authority.identifiers]
    assert _first(authority, "040", "f") == _first(original, "040", "f")
    assert not subfields(authority, "950"), original.id  # we read all we write


def _first(authority: Authority, tag: str, code: str) -> str | None:
    return next((f.first(code) for f in authority.fields if f.tag == tag), None)


def test_uio_topics_come_back_from_turtle_field_by_field(tmp_path: Path) -> None:
    uio = tuple(a for a in topics() if not a.id.isdigit())
    assert sorted(a.id for a in uio) == ["HUME28807", "REAL000011", "UJUR504"]
    back = {i.id: i.authority for i in read(write(tmp_path, uio, "ttl"))}
    humord = back["HUME28807"]
    assert humord is not None
    assert subfields(humord, "040") == [
        (Subfield("a", "NoOU"), Subfield("b", "nob"), Subfield("f", "humord"))
    ]
    assert subfields(humord, "550") == [
        (Subfield("w", "g"), Subfield("0", "(NoOU)HUME08282"))
    ]  # the target is not in the file: its id, not its label
    assert humord.provenance.created == datetime(2016, 12, 9, tzinfo=OSLO)
    assert ("680", "public") in [(n.tag, n.type) for n in humord.notes]
    realfag = back["REAL000011"]
    assert realfag is not None and realfag.status is Status.DELETED
    assert _first(realfag, "040", "f") == "noubomn"
    assert ("=CM", "http://id.loc.gov/authorities/subjects/sh85086566") in [
        (f.first("4"), f.first("0")) for f in realfag.fields if f.tag == "750"
    ]  # closeMatch stays closeMatch (a 024 would say exactMatch)
    assert "http://www.wikidata.org/entity/Q159341" in [
        i.value for i in realfag.identifiers
    ]


@pytest.mark.parametrize("form", ["nt", "rdfxml"])
def test_topics_come_back_from_ntriples_and_rdfxml(tmp_path: Path, form: str) -> None:
    chosen = tuple(a for a in topics() if a.relations and a.variants)[:20]
    found = list(read(write(tmp_path, chosen, form)))
    expected = chosen if form == "nt" else chosen[:1]
    assert len(found) == len(expected) and not [i.error for i in found if i.error]
    back = {i.id: i.authority for i in found}
    for original in expected:
        authority = back[original.id]
        assert authority is not None
        _assert_same_subject(original, authority)


def test_a_bilingual_heading_comes_back_in_its_first_language(tmp_path: Path) -> None:
    bilingual = tuple(
        a
        for a in corpus_authorities()
        if a.heading is not None and a.heading.tag == "103"
    )
    path = write(tmp_path, bilingual, "ttl")
    found = {i.id: i for i in read(path)}
    assert len(found) == len(bilingual) == 1066
    for original in bilingual:
        item = found[original.id]
        assert original.heading is not None
        dutch = [s.value for s in original.heading.subfields if s.code == "a"]
        if not dutch:  # only the English $b: our linked data has no prefLabel
            assert (
                item.error == f"<{URIS.authority(original.id)}> has no skos:prefLabel"
            )
            continue
        authority = item.authority
        assert authority is not None
        assert authority.label == dutch[0].strip()
        assert _first(authority, "040", "b") == "dut"
        # Dutch is the cataloguing language now (040 $b dut): its labels need no $9.
        dutch_forms = {authority.label} | {
            v.label
            for v in authority.variants
            if not any(s.code == "9" for s in v.subfields)
        }
        ours = {(label.language, label.value) for label in authority.labels}
        ours |= {("nl", value) for value in dutch_forms}
        assert {(label.language, label.value) for label in original.labels} <= ours
    assert sum(1 for i in found.values() if i.error) == 2


# Bad input


def test_a_truncated_turtle_file_is_one_error_item(tmp_path: Path) -> None:
    data = Path(write(tmp_path, topics()[:50], "ttl")).read_bytes()
    cut = tmp_path / "truncated.ttl"
    cut.write_bytes(data[: data.index(b'"', len(data) // 2) + 3])
    found = list(read(str(cut)))
    assert len(found) == 1
    (item,) = found
    assert item.position == 1 and item.authority is None
    assert item.error is not None
    assert item.error.startswith(
        "truncated.ttl is not valid Turtle (truncated or malformed), so no concept"
    )


def test_a_truncated_ntriples_file_is_one_error_item(tmp_path: Path) -> None:
    data = UNIT_REAL.read_bytes()
    cut = tmp_path / "unit_real.nt"
    cut.write_bytes(data[: len(data) // 2])
    (item,) = read(str(cut))
    assert item.position == 1 and item.error is not None
    assert "not valid N-Triples" in item.error and "Invalid line" in item.error


def test_a_concept_that_cannot_be_mapped_is_an_error_and_the_next_come(
    tmp_path: Path,
) -> None:
    path = turtle(
        tmp_path,
        """
ex:one a skos:Concept ; skos:prefLabel "Én"@nb .
ex:c2 a skos:Concept ; skos:prefLabel "Uten id"@nb .
ex:three a skos:Concept ; dct:identifier "REAL000003" .
ex:four a skos:Concept, madsrdf:PersonalName ; dct:identifier "90517730" ;
    skos:prefLabel "Hamsun, Marie"@nb .
ex:five a skos:Concept ; dct:identifier "REAL000005" ; skos:prefLabel "Fem"@nb ;
    dct:isReplacedBy ex:five .
ex:six a skos:Concept ; dct:identifier "REAL000006" ; skos:prefLabel "Seks"@nb ;
    dct:isReplacedBy <http://example.org/ingen/id> .
ex:seven a skos:Concept ; dct:identifier "REAL000001" ; skos:prefLabel "Igjen"@nb .
ex:REAL000008 a skos:Concept ; skos:prefLabel "Åtte"@nb .
""",
    )
    ex = "<http://example.org/"
    found = [(i.position, i.id, i.error) for i in read(path)]
    assert found == [
        (1, None, f"{ex}one> has no authority id (no dct:identifier, and its URI "
                  "gives none)"),
        (2, None, f"{ex}c2> has no authority id (no dct:identifier, and its URI "
                  "gives none)"),
        (3, "REAL000003", f"{ex}three> has no skos:prefLabel"),
        (4, "90517730", f"{ex}four> is a "
                        "<http://www.loc.gov/mads/rdf/v1#PersonalName>, a name: the "
                        "SKOS source reads subject terms (topics, places, "
                        "genres/forms, chronological terms)"),
        (5, "REAL000005", f"{ex}five> is replaced by itself (dct:isReplacedBy)"),
        (6, "REAL000006", f"{ex}six> is replaced by {ex}ingen/id>, which has no "
                          "authority id"),
        (7, "REAL000001", None),
        (8, "REAL000008", None),
    ]  # fmt: skip
    first = next(i for i in read(path) if i.position == 1)
    assert first.raw is not None and '"Én"@nb' in first.raw


def test_an_id_given_twice_is_an_error(tmp_path: Path) -> None:
    path = turtle(
        tmp_path,
        """
ex:a a skos:Concept ; dct:identifier "REAL000001" ; skos:prefLabel "En"@nb .
ex:b a skos:Concept ; dct:identifier "REAL000001" ; skos:prefLabel "To"@nb .
""",
    )
    first, second = read(path)
    assert first.authority is not None and second.authority is None
    assert second.error == "id REAL000001 is given twice (first at 1)"


def test_a_lone_surrogate_is_the_concept_s_error_not_an_aborted_load(
    tmp_path: Path,
) -> None:
    # Found by the fuzz suite: Turtle's \uD800 escape makes a lone UTF-16
    # surrogate, which no UTF-8 text can hold; hashing the record, writing it to
    # PostgreSQL or writing the error report raised UnicodeEncodeError.
    path = turtle(
        tmp_path,
        """
ex:a a skos:Concept ; dct:identifier "REAL000001" ; skos:prefLabel "En\\ud800"@nb .
<http://example.org/b\\ud800> a skos:Concept ; skos:prefLabel "To"@nb .
ex:c a skos:Concept ; dct:identifier "REAL000003" ; skos:prefLabel "Tre"@nb .
""",
    )
    first, second, third = read(path)
    assert first.authority is None and first.id == "REAL000001"
    assert first.error == (
        "<http://example.org/a> holds U+D800, a lone surrogate: not a character"
    )
    assert second.authority is None and second.error is not None
    for item in (first, second):  # the report is written as UTF-8
        assert item.error is not None and item.raw is not None
        (item.error + item.raw).encode()
    assert "\\ud800" in (first.raw or "")
    assert third.authority is not None


def test_a_uri_rdflib_cannot_write_is_kept_as_text_not_an_aborted_load(
    tmp_path: Path,
) -> None:
    # Found by the fuzz suite: rdflib reads <h tp://...> with a warning, then its
    # n3() raises a bare Exception, in the error report's triples and in 950 $b.
    path = turtle(
        tmp_path,
        """
ex:a a skos:Concept ; skos:prefLabel "A"@nb ; <h tp://example.org/p> "x" .
ex:b a skos:Concept ; dct:identifier "REAL000002" ; skos:prefLabel "B"@nb ;
    ex:p <h tp://example.org/o> .
""",
    )
    first, second = read(path)
    assert first.error is not None and first.raw is not None
    assert '<h tp://example.org/p> "x" .' in first.raw
    assert second.authority is not None
    assert subfields(second.authority, "950") == [
        (Subfield("a", "http://example.org/p"), Subfield("b", "<h tp://example.org/o>"))
    ]


# The mapping, statement by statement


def test_kinds_labels_languages_and_notes(tmp_path: Path) -> None:
    path = turtle(
        tmp_path,
        """
ex:scheme a skos:ConceptScheme .
ex:REAL000001 a skos:Concept, madsrdf:Geographic ;
    skos:prefLabel "Nordishavet"@en, "Nordishavet"@nn, "Polhavet"@nb ;
    skos:altLabel "Arktiske hav"@nb, "Arctic Ocean"@en, "Polhavet"@nb, "Uten språk" ;
    skos:hiddenLabel "Nordishav"@nb ;
    skos:definition "Havet rundt Nordpolen."@nb ;
    skos:scopeNote "Brukes for havet."@nb ;
    skos:editorialNote "Sjekk grensene."@nb ;
    skos:historyNote "Opprettet 2015."@nb ;
    skos:exactMatch <http://www.wikidata.org/entity/Q788> ;
    skos:broadMatch <http://example.org/hav> ;
    ex:ukjent "verdi"@nb ;
    dct:created "2015-02-20"^^xsd:date ;
    dct:modified "2019-03-15T22:14:23Z"^^xsd:dateTime .
ex:REAL000002 a skos:Concept, madsrdf:Temporal ; skos:prefLabel "1500-tallet"@nob .
ex:REAL000003 a skos:Concept, madsrdf:GenreForm ; skos:prefLabel "Ordbøker" ;
    skos:prefLabel "Dictionaries"@en .
ex:REAL000004 a skos:Concept ; skos:prefLabel "Dictionnaires"@fr,
    "Wörterbücher"@de ; madsrdf:authoritativeLabel "Wörterbücher"@de .
""",
    )
    place, period, form, german = (i.authority for i in read(path))
    assert place is not None and place.kind is Kind.PLACE
    assert place.fields == (
        Field("008", data="150220|||anz|nbabn          |a|ana|||| d"),
        Field("024", "7", " ", (Subfield("a", "http://example.org/REAL000001"),
                                Subfield("2", "uri"))),
        Field("024", "7", " ", (Subfield("a", "http://www.wikidata.org/entity/Q788"),
                                Subfield("2", "uri"))),
        Field("040", subfields=(Subfield("a", "NoOU"), Subfield("b", "nob"),
                                Subfield("f", "scheme"))),
        Field("151", subfields=(Subfield("a", "Polhavet"),)),
        Field("451", subfields=(Subfield("a", "Arktiske hav"),)),
        Field("451", subfields=(Subfield("a", "Uten språk"),)),
        Field("451", subfields=(Subfield("a", "Nordishavet"),
                                Subfield("9", "rank=preferred"),
                                Subfield("9", "language=en"))),
        Field("451", subfields=(Subfield("a", "Arctic Ocean"),
                                Subfield("9", "language=en"))),
        Field("451", subfields=(Subfield("a", "Nordishavet"),
                                Subfield("9", "rank=preferred"),
                                Subfield("9", "language=nn"))),
        Field("667", subfields=(Subfield("a", "Sjekk grensene."),)),
        Field("677", subfields=(Subfield("a", "Havet rundt Nordpolen."),)),
        Field("680", subfields=(Subfield("i", "Brukes for havet."),)),
        Field("688", subfields=(Subfield("a", "Opprettet 2015."),)),
        Field("750", " ", "7", (Subfield("4", "=BM"),
                                Subfield("0", "http://example.org/hav"))),
        Field("950", subfields=(Subfield("a", "http://www.w3.org/2004/02/skos/core#hiddenLabel"),
                                Subfield("b", '"Nordishav"@nb'))),
        Field("950", subfields=(Subfield("a", "http://example.org/ukjent"),
                                Subfield("b", '"verdi"@nb'))),
    )  # fmt: skip
    assert place.provenance.created == datetime(2015, 2, 20, tzinfo=OSLO)
    assert place.provenance.modified == datetime(2019, 3, 15, 22, 14, 23, tzinfo=UTC)
    assert period is not None and period.kind is Kind.TOPIC  # 148: read as a topic
    assert subfields(period, "148") == [(Subfield("a", "1500-tallet"),)]
    assert _first(period, "040", "b") == "nob"
    assert form is not None and form.kind is Kind.GENRE_FORM
    assert form.label == "Ordbøker" and _first(form, "040", "b") is None
    assert german is not None and german.label == "Wörterbücher"  # MADS's language
    assert _first(german, "040", "b") == "ger"
    validate(german)


def test_relations_by_label_id_or_uri_and_subdivided_headings(tmp_path: Path) -> None:
    path = turtle(
        tmp_path,
        """
ex:REAL000001 a skos:Concept, madsrdf:Topic ; skos:prefLabel "Fysikk - Historie"@nb ;
    madsrdf:elementList (
        [ a madsrdf:TopicElement ; madsrdf:elementValue "Fysikk"@nb ]
        [ a madsrdf:TopicElement ; madsrdf:elementValue "Historie"@nb ] ) ;
    skos:broader ex:REAL000002 ; madsrdf:hasBroaderAuthority ex:REAL000002 ;
    skos:narrower <http://example.org/uten-id> ;
    skos:related ex:REAL000003, ex:REAL000001 ;
    madsrdf:hasEarlierEstablishedForm ex:REAL000003 ;
    madsrdf:hasRelatedAuthority [ a madsrdf:Authority, madsrdf:Geographic ;
        madsrdf:authoritativeLabel "Norway"@en, "Norge"@nb ] .
ex:REAL000002 a skos:Concept ; skos:prefLabel "Naturvitenskap"@nb .
ex:REAL000003 a skos:Concept ; skos:prefLabel "Naturfilosofi"@nb .
<http://example.org/uten-id> a skos:Concept .
""",
    )
    found = {i.id: i.authority for i in read(path)}
    assert set(found) == {"REAL000001", "REAL000002", "REAL000003"}  # stub: no item
    authority = found["REAL000001"]
    assert authority is not None
    assert subfields(authority, "150") == [
        (Subfield("a", "Fysikk"), Subfield("x", "Historie"))
    ]
    assert [f.subfields for f in authority.fields if f.tag.startswith("5")] == [
        (Subfield("a", "Naturvitenskap"), Subfield("w", "g"),
         Subfield("0", "(NoOU)REAL000002")),
        (Subfield("w", "h"), Subfield("0", "http://example.org/uten-id")),
        (Subfield("a", "Naturfilosofi"), Subfield("w", "a"),
         Subfield("0", "(NoOU)REAL000003")),
        (Subfield("a", "Norge"),),
    ]  # fmt: skip
    assert [f.tag for f in authority.fields if f.tag.startswith("5")] == [
        "550", "550", "550", "551"
    ]  # fmt: skip
    assert [(r.type, r.target_id) for r in authority.relations] == [
        ("broader", "REAL000002"),
        ("narrower", None),
        ("earlier", "REAL000003"),
        ("related", None),
    ]


def test_scheme_codes_and_the_file_s_one_scheme(tmp_path: Path) -> None:
    path = turtle(
        tmp_path,
        """
<http://data.ub.uio.no/realfagstermer/> a skos:ConceptScheme .
<http://data.ub.uio.no/realfagstermer/c000002> a skos:Concept ;
    skos:prefLabel "Bunnstoff"@nb .
<http://data.ub.uio.no/humord/c28807> a skos:Concept ;
    skos:inScheme <http://data.ub.uio.no/humord> ;
    skos:prefLabel "Undervannsgeologi"@nb .
<https://authority.test/authorities/90000001> a skos:Concept ;
    skos:inScheme <https://authority.test/schemes/place> ;
    skos:prefLabel "Oslo"@nb .
""",
    )
    realfag, humord, place = (i.authority for i in read(path))
    assert realfag is not None and realfag.id == "REAL000002"
    assert _first(realfag, "040", "f") == "noubomn"
    assert humord is not None and humord.id == "HUME28807"
    assert _first(humord, "040", "f") == "humord"
    assert place is not None and place.kind is Kind.PLACE  # from the scheme's name
    assert subfields(place, "040") == [
        (Subfield("a", "NO-TrBIB"), Subfield("b", "nob"))
    ]


def test_the_format_is_sniffed_when_the_suffix_says_nothing(tmp_path: Path) -> None:
    ntriples = tmp_path / "export.data"
    ntriples.write_bytes(UNIT_REAL.read_bytes())
    assert len([i for i in read(str(ntriples)) if i.authority]) == 40
    xml = tmp_path / "export.skos"
    xml.write_bytes(serialize(topics()[0], "rdfxml", URIS))
    assert [i.id for i in read(str(xml))] == [topics()[0].id]


# Detection


@pytest.mark.parametrize("form", ["ttl", "nt", "rdfxml"])
def test_looks_like_skos(form: str) -> None:
    head = b"\n".join(serialize(a, form, URIS) for a in topics()[:5])[:4096]
    assert looks_like(head)


def test_looks_like_the_real_ntriples() -> None:
    assert looks_like(UNIT_REAL.read_bytes()[:4096])


@pytest.mark.parametrize(
    "head",
    [
        CORPUS / "marc-authority/mc2skos/humord-c28807.xml",
        CORPUS / "vocab-sources/norwegian/realfagstermer-idformer.txt",
        b"@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n",
        b'{"@context": "http://www.w3.org/2004/02/skos/core#"}',
        b"",
    ],
    ids=["marcxml", "realfagstermer-text", "turtle-without-skos", "jsonld", "empty"],
)
def test_does_not_look_like_other_files(head: bytes | Path) -> None:
    assert not looks_like(head_of(head))
