"""The OpenSearch backend against an OpenSearch-API server, over the real corpus.

The server is ``AUTHORITY_TEST_OPENSEARCH_URL`` when set, else one started from the
osmem-server wheel for this module (an emulator: no scores are asserted, only the
orders the score tiers guarantee). Every backend gets an index prefix of its own, so
the tests can share a real cluster; their indices are dropped afterwards.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import cache

import pytest

from authority.domain import Authority, Heading, Kind, QualityLevel, Status, Subfield
from authority.domain.collation import sort_key
from authority.domain.search_terms import Form, search_terms
from authority.search.documents import to_document
from authority.search.model import BrowseEntry, SearchQuery, Sort
from authority.search.opensearch import IndexMissingError, OpenSearchBackend, schema
from tests.integration.search.backends import opensearch_url as shared_opensearch_url
from tests.support import corpus_authorities

HAMSUN_MARIE, VALKEAPAA, ASEN, ROWLING = "90081146", "90067942", "90294124", "277"
KNUT, KNUD = "T-knut", "T-knud"  # made up (below)
DELETED = "REAL000011"  # "Mugg", deleted in the Realfagstermer export


def named(
    template: Authority,
    id_: str,
    name: str,
    *variants: str,
    quality: QualityLevel | None = None,
    revision: int = 0,
) -> Authority:
    """A copy of ``template`` under another id, heading and variants."""
    heading = template.heading
    assert heading is not None
    renamed = template.with_heading(
        Heading(heading.tag, heading.ind1, heading.ind2, (Subfield("a", name),))
    ).with_variants(
        Heading("4" + heading.tag[1:], heading.ind1, " ", (Subfield("a", v),))
        for v in variants
    )
    return renamed.with_identifiers([]).with_envelope(
        id=id_, quality=quality, revision=revision
    )


# The corpus is read when a test first needs it, never at collection: collecting
# without ../shared/corpus must not fail here (tests/conftest.py says what is missing).


@cache
def corpus() -> tuple[Authority, ...]:
    return tuple(corpus_authorities())


@cache
def by_id() -> dict[str, Authority]:
    return {a.id: a for a in corpus()}


def person() -> Authority:
    return by_id()[HAMSUN_MARIE]


def topic() -> Authority:
    return by_id()["20000000001100"]  # a plain LCSH 150


# Made-up records beside the corpus, for what it lacks: a heading that is another
# record's variant, equal names at different quality levels, æ and ø headings.


@cache
def knut() -> Authority:
    return named(
        person(),
        KNUT,
        "Hamsun, Knut, 1859-1952",
        "Pedersen, Knud, 1859-1952",
        "Hamsun, Knud",
        quality=QualityLevel.KAT3,
    )


@cache
def knud() -> Authority:
    return named(person(), KNUD, "Pedersen, Knud, 1859-1952", quality=QualityLevel.KAT1)


@cache
def twins() -> tuple[Authority, ...]:
    return (
        named(person(), "T-twin0", "Nordmann, Kari"),
        named(person(), "T-twin1", "Nordmann, Kari", quality=QualityLevel.KAT1),
        named(person(), "T-twin3", "Nordmann, Kari", quality=QualityLevel.KAT3),
    )


@cache
def nordic() -> tuple[Authority, ...]:
    return (named(topic(), "T-ae", "Ærlighet"), named(topic(), "T-oe", "Øl"))


@cache
def authorities() -> tuple[Authority, ...]:
    return (*corpus(), knut(), knud(), *twins(), *nordic())


OPERATORS = [
    "*",
    '"',
    "OR",
    "(",
    ")",
    "()",
    "{!}",
    "hamsun OR 1=1",
    "hamsun) OR (",
    "title:hamsun",
    "hamsun~2",
    "ham*",
    "hamsun AND",
    "[a TO z]",
    "+hamsun -marie",
    "a && b || !c",
    "^2",
    "\\",
    "/",
    "hamsun\\",
    "'; DROP TABLE authorities; --",
    "<script>",
]


# Fixtures


@pytest.fixture(scope="module")
def opensearch_url() -> Iterator[str]:
    with shared_opensearch_url() as url:
        yield url


@pytest.fixture(scope="module")
def backends(opensearch_url: str) -> Iterator[Callable[[], OpenSearchBackend]]:
    """Make backends with prefixes of their own; drop their indices at the end."""
    made: list[OpenSearchBackend] = []

    def make() -> OpenSearchBackend:
        made.append(OpenSearchBackend(opensearch_url, f"test-{uuid.uuid4().hex[:8]}-"))
        return made[-1]

    yield make
    for backend in made:
        names = backend.client.indices.get(index=f"{backend.index_prefix}*")
        for name in names:
            backend.client.indices.delete(index=name)
        backend.client.close()


@pytest.fixture(scope="module")
def seeded(backends: Callable[[], OpenSearchBackend]) -> OpenSearchBackend:
    """The corpus and the made-up records, indexed once for the reading tests."""
    backend = backends()
    backend.create()
    backend.index(authorities())
    return backend


@pytest.fixture
def fresh(backends: Callable[[], OpenSearchBackend]) -> OpenSearchBackend:
    """An empty index of its own, for tests that write."""
    backend = backends()
    backend.create()
    return backend


def twin(backend: OpenSearchBackend, url: str) -> OpenSearchBackend:
    """Another client on the same index, as another process would have."""
    return OpenSearchBackend(url, backend.alias.removesuffix("authorities"))


def ids(backend: OpenSearchBackend, text: str, **filters: object) -> list[str]:
    query = SearchQuery(text, **filters)
    return [hit.id for hit in backend.search(query).hits]


def index_lines(
    start: str, forward: bool, limit: int, kinds: tuple[Kind, ...] = ()
) -> list[tuple[str, str, bool]]:
    """The heading index as the domain defines it: (label, id, see) per line."""
    start_key = sort_key(start)
    lines = sorted(
        (term.sort_key, a.id, position, term.label, term.form is not Form.HEADING)
        for a in authorities()
        if a.status is Status.ACTIVE and (not kinds or a.kind in kinds)
        for position, term in enumerate(
            t for t in search_terms(a) if t.form is not Form.LABEL
        )
        if (term.sort_key >= start_key) == forward
    )
    page = lines[:limit] if forward else lines[::-1][:limit][::-1]
    return [(label, id_, see) for _, id_, _, label, see in page]


def browsed(entries: list[BrowseEntry]) -> list[tuple[str, str, bool]]:
    return [(e.label, e.id, e.see) for e in entries]


# The document


def test_document_carries_every_term_with_its_keys() -> None:
    document = to_document(by_id()[VALKEAPAA])
    assert document["label"] == "Valkeapää, Nils-Aslak, 1943-2001"
    assert document["quality"] == "kat3" and document["nationality"] == ["n.-sam."]
    assert document["sort_key"] == "valkeap{{ nils aslak 1943 2001"
    assert document["terms"][1] == {
        "form": "variant",
        "label": "Áillohaš, 1943-2001",
        "key": "aillohas 1943 2001",
        "sort_key": "aillohas 1943 2001",
    }
    assert datetime.fromisoformat(document["modified"]) == (
        by_id()[VALKEAPAA].provenance.modified
    )
    assert document["vocabulary"] is None  # the name register's


def test_document_carries_the_vocabulary() -> None:
    assert to_document(by_id()["HUME28807"])["vocabulary"] == "humord"
    assert to_document(by_id()[DELETED])["vocabulary"] == "noubomn"


# Indexing and index layout


def test_create_puts_a_versioned_index_behind_the_alias(
    fresh: OpenSearchBackend,
) -> None:
    name = fresh.current()
    assert name is not None
    assert re.fullmatch(re.escape(fresh.index_prefix) + r"\d{10}", name)
    assert fresh.alias == fresh.index_prefix.removesuffix("-v1-")
    assert fresh.create() == name  # idempotent


def test_create_gives_an_older_index_the_fields_it_lacks(
    backends: Callable[[], OpenSearchBackend],
) -> None:
    backend = backends()
    older = schema()
    del older["mappings"]["properties"]["vocabulary"]  # as made before 0005
    name = f"{backend.index_prefix}1700000000"
    backend.client.indices.create(index=name, body=older)
    alias = {"add": {"index": name, "alias": backend.alias}}
    backend.client.indices.update_aliases(body={"actions": [alias]})
    humord = by_id()["HUME28807"]

    assert backend.create() == name
    backend.index([humord])  # strict: refused if the mapping lacked the field
    found = backend.search(SearchQuery("undervannsgeologi", vocabularies=("humord",)))
    assert [hit.id for hit in found.hits] == ["HUME28807"]


def test_every_authority_is_indexed(seeded: OpenSearchBackend) -> None:
    report = seeded.check({a.id: a.revision for a in authorities()})
    assert report.ok, report
    assert report.expected == len(authorities()) > 3000


def test_writing_before_create_says_so(
    backends: Callable[[], OpenSearchBackend],
) -> None:
    with pytest.raises(IndexMissingError):
        backends().index([knut()])


# Search


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Valkeapää, Nils-Aslak, 1943-2001", VALKEAPAA),  # the heading
        ("valkeapaa nils aslak", VALKEAPAA),  # no diacritics, no punctuation
        ("Asen, Per Arvid", ASEN),  # Å typed as A
        ("valkapaa", VALKEAPAA),  # one typo
        ("rowlng", ROWLING),
        ("Hamsn, Knut", KNUT),
        ("Rowling J K", ROWLING),  # "J. K." as words
        ("knut hamsun", KNUT),  # any word order
        ("Gamsun, Marija", HAMSUN_MARIE),  # through a variant
    ],
)
def test_search_finds_the_authority_first(
    seeded: OpenSearchBackend, text: str, expected: str
) -> None:
    assert ids(seeded, text)[:1] == [expected]


def test_a_hit_says_which_variant_it_came_through(seeded: OpenSearchBackend) -> None:
    [hit, *_] = seeded.search(SearchQuery("aillohas")).hits
    assert (hit.id, hit.matched) == (VALKEAPAA, "Áillohaš, 1943-2001")
    assert hit.label == "Valkeapää, Nils-Aslak, 1943-2001"
    assert hit.kind is Kind.PERSON and hit.quality is QualityLevel.KAT3
    assert hit.modified == by_id()[VALKEAPAA].provenance.modified
    [heading_hit, *_] = seeded.search(SearchQuery("valkeapaa")).hits
    assert heading_hit.matched is None


def test_a_heading_ranks_above_the_same_name_as_a_variant(
    seeded: OpenSearchBackend,
) -> None:
    # knud's heading is knut's variant; knut is kat3, knud only kat1.
    hits = seeded.search(SearchQuery("Pedersen, Knud, 1859-1952")).hits
    assert [(h.id, h.matched) for h in hits[:2]] == [
        (KNUD, None),
        (KNUT, "Pedersen, Knud, 1859-1952"),
    ]


def test_exact_beats_prefix_beats_words(seeded: OpenSearchBackend) -> None:
    # 3055930 is "Nilsen, Eirik" exactly; others start with it or hold its words.
    assert ids(seeded, "nilsen eirik")[:1] == ["3055930"]
    assert ids(seeded, "nilsen, eirik 1985")[:1] == ["9072141"]


def test_kat3_ranks_above_kat1_among_equal_names(seeded: OpenSearchBackend) -> None:
    found = ids(seeded, "Nordmann, Kari")
    assert found[0] == "T-twin3"
    assert set(found[:3]) == {t.id for t in twins()}


def test_filters_and_facets_count_all_matches(seeded: OpenSearchBackend) -> None:
    results = seeded.search(SearchQuery("nilsen", size=100))
    assert 8 <= results.total == len(results.hits)
    kinds = Counter(h.kind.value for h in results.hits)
    qualities = Counter(h.quality.value if h.quality else "none" for h in results.hits)
    assert results.facets["kind"] == kinds
    assert results.facets["quality"] == qualities
    assert results.facets["status"] == {"active": results.total}
    kat2 = seeded.search(SearchQuery("nilsen", qualities=(QualityLevel.KAT2,)))
    assert kat2.total == qualities["kat2"] > 0
    assert all(h.quality is QualityLevel.KAT2 for h in kat2.hits)
    assert not ids(seeded, "nilsen", kinds=(Kind.TOPIC,))
    assert ids(seeded, "nilsen", kinds=(Kind.PERSON, Kind.TOPIC))
    nationality = seeded.search(SearchQuery("valkeapaa")).facets["nationality"]
    assert nationality == {"n.-sam.": 1}


def test_no_match_has_no_facets(seeded: OpenSearchBackend) -> None:
    results = seeded.search(SearchQuery("qqxxzz"))
    assert (results.total, results.hits, results.facets) == (0, (), {})


def test_deleted_only_when_asked(seeded: OpenSearchBackend) -> None:
    assert DELETED not in ids(seeded, "mugg")
    assert DELETED in ids(seeded, "mugg", statuses=(Status.DELETED,))
    assert DELETED in ids(seeded, "mugg", statuses=())
    [hit] = seeded.search(SearchQuery("mugg", statuses=(Status.DELETED,))).hits
    assert hit.status is Status.DELETED


def test_sorts_and_pages(seeded: OpenSearchBackend) -> None:
    by_heading = seeded.search(SearchQuery("nilsen", sort=Sort.HEADING, size=8)).hits
    keys = [sort_key(h.label) for h in by_heading]
    assert keys == sorted(keys)
    first, second = (
        ids(seeded, "nilsen", sort=Sort.HEADING, size=3, offset=offset)
        for offset in (0, 3)
    )
    assert first + second == [h.id for h in by_heading[:6]]
    by_date = seeded.search(SearchQuery("nilsen", sort=Sort.MODIFIED, size=8)).hits
    dates = [h.modified for h in by_date if h.modified]
    assert dates == sorted(dates, reverse=True)
    assert [h.modified for h in by_date[len(dates) :]] == [None] * (8 - len(dates))
    deep = seeded.search(SearchQuery("nilsen", offset=20_000))
    assert deep.hits == () and deep.total == len(by_heading)


@pytest.mark.parametrize("text", OPERATORS)
def test_operators_are_plain_text(seeded: OpenSearchBackend, text: str) -> None:
    # As plain text, an operator is punctuation: the query finds what its words find.
    words = re.sub(r"\W+", " ", text).strip()
    found = ids(seeded, text)
    suggested = [s.id for s in seeded.suggest(text, (), 10)]
    if words:
        assert found == ids(seeded, words)
        assert suggested == [s.id for s in seeded.suggest(words, (), 10)]
    else:
        assert found == [] and suggested == []  # not "everything"
    assert len(seeded.browse(text, (), 5, True)) == 5  # a place in the index
    assert len(seeded.browse(text, (), 5, False)) <= 5
    assert seeded.lookup(text, ()) == []  # no heading is an operator


def test_operator_characters_mean_nothing(seeded: OpenSearchBackend) -> None:
    assert seeded.search(SearchQuery("*")).total == 0  # not "everything"
    assert ids(seeded, '"Hamsun, Marie"')[:1] == [HAMSUN_MARIE]
    assert ids(seeded, "hamsun (marie")[:1] == [HAMSUN_MARIE]
    assert ids(seeded, "valkeapaa OR nilsen") == []  # OR is a word here


# Suggest


@pytest.mark.parametrize("text", ["hamsun, k", "knut hams", "Hamsun K", "hams"])
def test_suggest_is_left_anchored_in_either_word_order(
    seeded: OpenSearchBackend, text: str
) -> None:
    [first, *_] = seeded.suggest(text, (), 10)
    assert (first.id, first.label, first.matched) == (
        KNUT,
        "Hamsun, Knut, 1859-1952",
        None,
    )


def test_suggest_says_which_variant_matched(seeded: OpenSearchBackend) -> None:
    found = seeded.suggest("pedersen kn", (), 10)
    assert [(s.id, s.matched) for s in found] == [
        (KNUD, None),  # a heading first
        (KNUT, "Pedersen, Knud, 1859-1952"),
    ]
    [sami] = seeded.suggest("aillo", (Kind.PERSON,), 10)
    assert (sami.id, sami.matched) == (VALKEAPAA, "Áillohaš, 1943-2001")


def test_suggest_gives_each_authority_once(seeded: OpenSearchBackend) -> None:
    found = [s.id for s in seeded.suggest("hamsun", (), 10)]
    assert found.count(KNUT) == 1  # heading and variant both match
    assert HAMSUN_MARIE in found


def test_suggest_filters(seeded: OpenSearchBackend) -> None:
    assert not seeded.suggest("amsun", (), 10)  # inside a word: not a start
    assert not seeded.suggest("hamsun", (Kind.TOPIC,), 10)
    assert DELETED not in [s.id for s in seeded.suggest("mugg", (), 10)]
    assert len(seeded.suggest("n", (), 3)) == 3


# Browse


def test_browse_files_ae_oe_aa_after_z(seeded: OpenSearchBackend) -> None:
    entries = seeded.browse("zw", (), 12, True)
    firsts = [e.label[:1].casefold() for e in entries]
    assert firsts[:6] == ["z", "z", "æ", "ø", "å", "å"]
    assert [e.label for e in entries[2:4]] == ["Ærlighet", "Øl"]
    assert browsed(entries) == index_lines("zw", True, 12)


@pytest.mark.parametrize(
    ("start", "forward", "limit", "kinds"),
    [
        ("", True, 40, ()),
        ("rilke", True, 25, ()),
        ("rilke", False, 25, ()),
        ("zeitoun", True, 5, ()),  # two records with the same heading
        ("h", True, 30, (Kind.PERSON,)),
        ("ø", False, 15, (Kind.TOPIC, Kind.PLACE)),
    ],
)
def test_browse_is_the_domain_index(
    seeded: OpenSearchBackend,
    start: str,
    forward: bool,
    limit: int,
    kinds: tuple[Kind, ...],
) -> None:
    entries = seeded.browse(start, kinds, limit, forward)
    assert browsed(entries) == index_lines(start, forward, limit, kinds)
    assert [e.sort_key for e in entries] == [sort_key(e.label) for e in entries]


def test_browse_has_see_entries(seeded: OpenSearchBackend) -> None:
    [entry] = seeded.browse("Gamsun", (), 1, True)
    assert entry == BrowseEntry(
        label="Gamsun, Marija",
        sort_key="gamsun marija",
        id=HAMSUN_MARIE,
        heading="Hamsun, Marie, 1881-1969",
        see=True,
    )
    [own] = seeded.browse("Hamsun, Marie", (), 1, True)
    assert (own.label, own.see) == ("Hamsun, Marie, 1881-1969", False)


def test_browse_leaves_out_deleted(seeded: OpenSearchBackend) -> None:
    assert DELETED not in [e.id for e in seeded.browse("mugg", (), 5, True)]


# Lookup


def test_lookup_by_heading_or_variant(seeded: OpenSearchBackend) -> None:
    assert seeded.lookup("Valkeapää, Nils-Aslak, 1943-2001", ()) == [VALKEAPAA]
    assert seeded.lookup("valkeapaa nils aslak 1943-2001", ()) == [VALKEAPAA]
    assert seeded.lookup("Áillohaš, 1943-2001", ()) == [VALKEAPAA]
    assert seeded.lookup("Zeitoun, Ariel, 1945-", ()) == ["1590", "401"]
    assert seeded.lookup("Pedersen, Knud, 1859-1952", ()) == [KNUD, KNUT]


def test_lookup_is_exact_and_active_only(seeded: OpenSearchBackend) -> None:
    assert seeded.lookup("Valkeapää", ()) == []
    assert seeded.lookup("Mugg", ()) == []
    assert seeded.lookup("Valkeapää, Nils-Aslak, 1943-2001", (Kind.TOPIC,)) == []
    names = {
        t.key
        for a in authorities()
        for t in search_terms(a)
        if t.form is not Form.LABEL
    }
    label = next(
        t.label
        for a in corpus()
        for t in search_terms(a)
        if t.form is Form.LABEL and t.key not in names
    )
    assert seeded.lookup(label, ()) == []  # another language's label is no name


# Versions


def test_an_older_revision_never_overwrites_a_newer(fresh: OpenSearchBackend) -> None:
    newer = named(person(), "T-ver", "Versjon, Ny", revision=3)
    older = named(person(), "T-ver", "Versjon, Gammel", revision=2)
    fresh.index([newer])
    fresh.index([older])
    assert fresh.lookup("Versjon, Ny", ()) == ["T-ver"]
    assert fresh.lookup("Versjon, Gammel", ()) == []
    fresh.index([newer])  # the same revision again is fine
    assert fresh.check({"T-ver": 3}).ok
    fresh.index([named(person(), "T-ver", "Versjon, Nyere", revision=4)])
    assert [h.label for h in fresh.search(SearchQuery("versjon")).hits] == [
        "Versjon, Nyere"
    ]


def test_remove(fresh: OpenSearchBackend) -> None:
    fresh.index([knut(), knud()])
    fresh.remove([KNUT, "never-indexed"])
    assert fresh.lookup("Pedersen, Knud, 1859-1952", ()) == [KNUD]
    assert fresh.check({KNUD: 0}).ok


# Rebuild, check, repair


def test_rebuild_switches_the_alias_while_searches_go_on(
    fresh: OpenSearchBackend, opensearch_url: str
) -> None:
    nilsens = [a for a in corpus() if "Nilsen" in a.label]
    fresh.index(nilsens)
    before = fresh.current()
    live = named(person(), "T-live", "Skrevet, Underveis", revision=5)
    late = named(person(), "T-live", "Skrevet, Gammel", revision=4)
    searcher, writer = twin(fresh, opensearch_url), twin(fresh, opensearch_url)
    stop, failures, searches = threading.Event(), [], [0]

    def keep_searching() -> None:
        while not stop.is_set():
            try:
                if searcher.search(SearchQuery("nilsen")).total < len(nilsens):
                    failures.append("too few hits")
                searches[0] += 1
            except Exception as error:  # noqa: BLE001 - every failure counts
                failures.append(repr(error))

    def database() -> Iterator[Authority]:
        for n, authority in enumerate(authorities()):
            if n == len(authorities()) // 2:
                writer.index([live])  # a commit during the rebuild
            yield authority
        yield late  # read before that commit, arriving after it

    thread = threading.Thread(target=keep_searching)
    thread.start()
    try:
        loaded = fresh.rebuild(database())
    finally:
        stop.set()
        thread.join()
    assert loaded == len(authorities()) + 1
    assert not failures and searches[0] > 0
    assert fresh.current() not in (None, before)
    assert list(fresh.client.indices.get(index=f"{fresh.index_prefix}*")) == [
        fresh.current()
    ]
    assert fresh.lookup("Skrevet, Underveis", ()) == ["T-live"]
    expected = {a.id: a.revision for a in authorities()} | {"T-live": 5}
    assert fresh.check(expected).ok


def test_a_failed_rebuild_leaves_the_index_as_it_was(fresh: OpenSearchBackend) -> None:
    fresh.index([knut()])
    before = fresh.current()

    def broken() -> Iterator[Authority]:
        yield from corpus()[:10]
        raise ConnectionError("the database went away")

    with pytest.raises(ConnectionError):
        fresh.rebuild(broken())
    assert fresh.current() == before
    assert list(fresh.client.indices.get(index=f"{fresh.index_prefix}*")) == [before]
    assert fresh.lookup("Hamsun, Knut, 1859-1952", ()) == [KNUT]


def test_check_and_repair(fresh: OpenSearchBackend) -> None:
    sample = [a.with_envelope(revision=2) for a in corpus()[:40]]
    never, changed, ahead, *rest = sample
    fresh.index([changed, ahead, *rest, knut()])  # ``never``: a lost write
    expected = {a.id: 2 for a in sample} | {changed.id: 3, ahead.id: 1}
    report = fresh.check(expected)
    assert (report.expected, report.missing, report.extra) == (
        40,
        [never.id],
        [KNUT],
    )
    assert report.stale == sorted([changed.id, ahead.id])
    assert report.ids_to_repair == [never.id, *report.stale]
    database = [never, changed.with_envelope(revision=3), *rest]
    assert fresh.repair(report, database) == 2  # the rest are not asked for
    # A newer revision than the database's (a restored backup) needs a rebuild.
    assert fresh.check(expected).stale == [ahead.id]
    fresh.rebuild([*database, ahead.with_envelope(revision=1)])
    assert fresh.check(expected).ok
