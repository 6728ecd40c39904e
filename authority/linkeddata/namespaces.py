"""The RDF vocabularies we write, as closed namespaces that raise on a typo.

rdflib ships closed namespaces for SKOS, DC Terms, OWL, FOAF, RDF and XSD; MADS/RDF
and schema.org are declared here the same way (``DefinedNamespace`` with ``_fail``),
listing exactly the terms the mapping uses. ``MADS.authoritativeLable`` is then an
AttributeError at import time instead of a silent wrong triple, and
``tests/unit/linkeddata/test_vocabulary.py`` checks every term against the published
ontologies in ``../shared/corpus/ontologies/``.

schema.org is used under ``http://schema.org/``: the namespace of its published
vocabulary files and of Wikidata's and lobid's data (rdflib's ``SDO`` is the https
form, which would not join with them).
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    OWL,
    RDF,
    SKOS,
    XSD,
    DefinedNamespace,
)

__all__ = ["DCTERMS", "FOAF", "MADS", "OWL", "PREFIXES", "RDF", "SCHEMA", "SKOS", "XSD"]


class MADS(DefinedNamespace):
    """MADS/RDF 1.4 (Library of Congress), the terms we use."""

    _NS = Namespace("http://www.loc.gov/mads/rdf/v1#")
    _fail = True

    # Classes: authorities and variants by kind
    Authority: URIRef
    DeprecatedAuthority: URIRef
    Variant: URIRef
    PersonalName: URIRef
    FamilyName: URIRef
    CorporateName: URIRef
    ConferenceName: URIRef
    Title: URIRef
    Topic: URIRef
    Geographic: URIRef
    GenreForm: URIRef
    Temporal: URIRef
    # Classes: elements of a heading
    FullNameElement: URIRef
    FamilyNameElement: URIRef
    NameElement: URIRef
    DateNameElement: URIRef
    TermsOfAddressNameElement: URIRef
    MainTitleElement: URIRef
    TitleElement: URIRef
    PartNameElement: URIRef
    PartNumberElement: URIRef
    TopicElement: URIRef
    GeographicElement: URIRef
    TemporalElement: URIRef
    GenreFormElement: URIRef
    # Properties
    authoritativeLabel: URIRef
    variantLabel: URIRef
    elementList: URIRef
    elementValue: URIRef
    hasVariant: URIRef
    hasRelatedAuthority: URIRef
    hasBroaderAuthority: URIRef
    hasNarrowerAuthority: URIRef
    hasEarlierEstablishedForm: URIRef
    hasLaterEstablishedForm: URIRef
    identifiesRWO: URIRef
    isIdentifiedByAuthority: URIRef


class SCHEMA(DefinedNamespace):
    """schema.org (``http://schema.org/``), the terms we use on real-world things."""

    _NS = Namespace("http://schema.org/")
    _fail = True

    Person: URIRef
    Organization: URIRef
    Event: URIRef
    Place: URIRef
    CreativeWork: URIRef
    Male: URIRef
    Female: URIRef
    name: URIRef
    alternateName: URIRef
    birthDate: URIRef
    deathDate: URIRef
    birthPlace: URIRef
    deathPlace: URIRef
    foundingDate: URIRef
    dissolutionDate: URIRef
    startDate: URIRef
    endDate: URIRef
    gender: URIRef
    hasOccupation: URIRef
    nationality: URIRef


PREFIXES: dict[str, Namespace] = {
    "madsrdf": MADS._NS,
    "skos": Namespace(str(SKOS._NS)),
    "schema": SCHEMA._NS,
    "dct": Namespace(str(DCTERMS._NS)),
    "owl": Namespace(str(OWL._NS)),
    "foaf": Namespace(str(FOAF._NS)),
    "rdf": Namespace(str(RDF._NS)),
    "xsd": Namespace(str(XSD._NS)),
}
"""Prefixes bound in every graph and written at the top of Turtle."""


class PlainTerms:
    """A closed namespace's terms as plain ``str``, for the triples we build.

    rdflib's ``URIRef`` neither equals nor hashes like the same text as a ``str``
    (``URIRef(x) == x`` is False), so the mapping's triples hold plain strings only;
    these views hand out the namespace's terms that way. A typo still raises, from
    the closed namespace behind the view.
    """

    def __init__(self, namespace: type[DefinedNamespace]) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        value = str(getattr(self._namespace, name))
        setattr(self, name, value)  # found once, then a plain attribute
        return value


mads = PlainTerms(MADS)
skos = PlainTerms(SKOS)
schema = PlainTerms(SCHEMA)
dct = PlainTerms(DCTERMS)
owl = PlainTerms(OWL)
foaf = PlainTerms(FOAF)
rdf = PlainTerms(RDF)
xsd = PlainTerms(XSD)
