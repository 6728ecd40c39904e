"""Source: a SKOS vocabulary in Turtle, N-Triples or RDF/XML, one authority per concept.

Subject vocabularies are published as SKOS (UiO's Realfagstermer, Humord and Tekord;
our own ``authority export``), sometimes with MADS/RDF beside it. The file is parsed
with rdflib, its format taken from the suffix (``.ttl``, ``.nt``, ``.rdf``/``.xml``/
``.owl``) or, failing that, sniffed from its first bytes; nothing is fetched over the
network (rdflib reads the open file; its RDF/XML reader uses the standard library's
expat, which loads no external entities). **The whole graph is held in memory**:
SKOS files are at most about 100 000 concepts (a few hundred MB as rdflib triples),
and links, labels of link targets and blank nodes cannot be resolved in one
streaming pass over triples in arbitrary order.

BIBSYS's "unit" ontology (``http://unit.no/ontology#``, as in its Realfagstermer
N-Triples; ``http://unit.no/entitydata#`` in its OWL file) declares each of its terms
a sub-property or sub-class of the SKOS (or DC Terms) one; it is read as that term
(:data:`ALIASES`), as are its and UiO's (``http://data.ub.uio.no/onto#``) kind
classes.

===========================  =========================================================
statement about the concept  where it goes
===========================  =========================================================
``a skos:Concept``           one authority; position = its number in the order the
                             parser met the concepts (file order for N-Triples and
                             Turtle). A concept that is only typed (a link target
                             described elsewhere) is no item.
``a`` madsrdf:Topic,         the kind and the 1XX tag (:data:`CLASS_TAGS`): 150 topic,
Geographic, GenreForm,       151 place, 155 genre/form, 148 chronological term (the
Temporal (or UiO's/unit's    register has no kind for those: the view reads 148 as a
Topic, Place, GenreForm,     topic). Else the scheme's name when it is a kind
Time)                        (``.../schemes/place``); else topic. A MADS name class
                             (PersonalName ...) is an error item: this source reads
                             subject terms
``dct:identifier``           ``Authority.id`` (the first that is an authority id),
                             else the URI's last segment, else UiO's URI pattern
                             (``.../realfagstermer/c000002`` -> ``REAL000002``,
                             ``.../humord/c28807`` -> ``HUME28807``); none: error
(the concept's URI)          ``024 7_ $a <uri> $2 uri``
``skos:prefLabel``           the heading, ``1XX $a``: the label in ``nb``, else
                             ``nob``, else without language, else in the language of
                             madsrdf:authoritativeLabel, else the first; subfields
                             from madsrdf:elementList when they give the same label
                             (``$a ... $x ... $z``). The other prefLabels:
                             ``4XX $a <label> $9 rank=preferred $9 language=<tag>``
``skos:altLabel``            ``4XX $a <label>``, with ``$9 language=<tag>`` when its
                             language is not the heading's
(heading language)           ``040 $b`` as a MARC code (nb -> nob); a tag MARC has
                             no code for: ``$9 language=<tag>`` on the 1XX
``skos:broader`` /           ``5XX $a <target's heading> $w g`` / ``$w h`` / no
``narrower`` / ``related``   ``$w``, ``$0 (NoOU)<target id>`` (``(NO-TrBIB)`` for a
(MADS's has...Authority      numeric id, the register's own), or ``$0 <target URI>``
too; hasEarlier/Later        when no id can be derived; the tag from the target's
EstablishedForm: ``$w a/b``) class. A MADS blank-node target (a relation without a
                             link): ``5XX $a <its label>`` only
``owl:deprecated true``      ``status=deleted`` (also madsrdf:DeprecatedAuthority)
``dct:isReplacedBy``         ``status=merged``, ``merged_into=<its id>``; no id, or
                             itself: error item
``skos:inScheme`` (or        ``040 $f``: the scheme URI's last segment, or
``skos:topConceptOf``, or    :data:`SCHEME_CODES` (realfagstermer -> noubomn); a
the file's one scheme)       scheme named after a kind gives no $f. ``040 $a``: NoOU
                             (UiO publishes the vocabularies), NO-TrBIB for numeric
                             ids
``skos:definition``          ``677 $a``
``skos:scopeNote``, ``note`` ``680 $i``
``skos:example``             ``681 $i``
``skos:historyNote``         ``688 $a``
``skos:editorialNote``       ``667 $a`` (internal)
``skos:exactMatch``          ``024 7_ $a <uri> $2 uri``
``skos:closeMatch``,         ``750 _7 $4 =CM`` (``=BM``, ``=NM``, ``=RM``) ``$0 <uri>``:
``broadMatch``,              UiO's linking-entry convention, which output maps back
``narrowMatch``,             to the same property (a 024 would come back as
``relatedMatch``             exactMatch)
``dct:created``,             ``provenance.created`` / ``.modified`` (an xsd:date is
``dct:modified``             midnight in Oslo); created also gives 008 in roald's
                             pattern for subject terms
madsrdf:authoritativeLabel,  not kept: MADS saying again what the SKOS statements say
elementList, hasVariant;     (an authoritativeLabel that is no prefLabel goes to 950)
``dct:hasFormat <uri>.xml``
anything else                ``950 $a <predicate URI> $b <object, N-Triples form>``
                             (skos:hiddenLabel, changeNote, topConceptOf, a second
                             identifier, scheme or date, a date that is no date,
                             classes not listed ...)
===========================  =========================================================

Notes keep their text, not their language tag. A file that does not parse (truncated,
malformed) gives one error item, position 1, and nothing else: rdflib cannot go on
after a syntax error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from rdflib.term import Node

from authority.xmlstream import refused_file
from loaders.sources import SourceItem
from loaders.sources.skos.concept import ConceptError, to_authority
from loaders.sources.skos.graph import (
    BOM,
    Description,
    Vocabulary,
    file_format,
    id_of,
    n3,
    parse,
    parse_failure,
    utf8,
)
from loaders.sources.skos.vocabularies import VOCABULARY_NAMESPACES

_TEXT_START = re.compile(
    rb"\A(?:\s*#[^\n]*\n)*\s*(?:@prefix|@base|prefix\s|base\s|<[a-z][\w+.-]*:|_:)",
    re.IGNORECASE,
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def looks_like(head: bytes) -> bool:
    """True for a SKOS vocabulary in Turtle, N-Triples or RDF/XML (first ~4 KB).

    Args:
        head: The start of the file.

    Returns:
        Whether the file starts like Turtle or N-Triples (``@prefix``, ``PREFIX``,
        ``<http...>``) or holds an ``<rdf:RDF`` element, and names the SKOS (or the
        unit ontology's) namespace.
    """
    text = head.removeprefix(BOM)
    rdf = bool(_TEXT_START.match(text)) or b"<rdf:RDF" in text
    return rdf and any(namespace in text for namespace in VOCABULARY_NAMESPACES)


def read(path: str) -> Iterator[SourceItem]:
    """Every concept of a SKOS file as an authority (the graph is held in memory).

    Args:
        path: The vocabulary file.

    Yields:
        One item per described concept. A concept that cannot be mapped is an item
        with the reason and its triples (N-Triples); a file that does not parse is
        one error item at position 1.
    """
    form = file_format(path)
    refused = refused_file(path) if form == "xml" else None
    if refused is not None:
        yield SourceItem(1, None, f"{Path(path).name}: {refused}")
        return
    try:
        graph = parse(path, form)
    except OSError:
        raise
    except Exception as error:  # rdflib's parsers raise many kinds of error
        # (BadSyntax, ParserError, SAXParseException, even AssertionError on a
        # truncated Turtle string): each means the same, this file is not that RDF.
        yield SourceItem(1, None, utf8(parse_failure(path, form, error)))
        return
    vocabulary = Vocabulary(graph)
    seen: dict[str, int] = {}
    for position, concept in enumerate(vocabulary.concepts(), start=1):
        yield _item(position, concept, vocabulary, seen)


def _item(
    position: int,
    concept: tuple[Node, Description],
    vocabulary: Vocabulary,
    seen: dict[str, int],
) -> SourceItem:
    node, description = concept
    concept_id = None
    try:
        concept_id, _ = id_of(node, description)
        authority = to_authority(node, description, vocabulary)
        if authority.id in seen:
            raise ConceptError(
                f"id {authority.id} is given twice (first at {seen[authority.id]})"
            )
        if surrogate := _SURROGATE.search(authority.content_json):
            raise ConceptError(
                f"{n3(node)} holds U+{ord(surrogate.group()):04X}, a lone"
                " surrogate: not a character"
            )
    except ConceptError as error:
        # Turtle's \uD800 escape makes a lone surrogate, which no UTF-8 text (the
        # database, the error report) can hold: the report gets it escaped.
        reason, raw = str(error), vocabulary.triples(node)
        return SourceItem(position, None, utf8(reason), utf8(raw), concept_id)
    seen[authority.id] = position
    return SourceItem(position, authority, id=authority.id)
