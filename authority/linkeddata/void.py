"""The register described for machines: a VoID and DCAT description, pure.

``/.well-known/void`` (the place RFC 5785 and the VoID guide give it) says what a
harvester needs before it asks anything else: what the dataset is, who publishes it
under which licence (CC0 1.0: the national register's data is free to reuse), the
vocabularies its RDF uses, how many entities it holds of each class, where its
SPARQL endpoint and change feed are, and every dump file with its media type, size
and SHA-256 (SPDX's checksum terms, as DCAT 3 recommends). A small
:class:`Description` in, an rdflib graph out; the API serializes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, Namespace, URIRef

from authority.domain import Kind
from authority.linkeddata.namespaces import (
    DCTERMS,
    FOAF,
    MADS,
    OWL,
    RDF,
    SCHEMA,
    SKOS,
    XSD,
)
from authority.linkeddata.tables import MADS_CLASS
from authority.linkeddata.uris import Uris

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
IANA = "https://www.iana.org/assignments/media-types/"
GZIP = URIRef(IANA + "application/gzip")
CHANGE_DISCOVERY = URIRef("https://iiif.io/api/discovery/1.0/")
"""The change feed's shape (an ActivityStreams OrderedCollection)."""
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
VOCABULARIES = (MADS._NS, SKOS._NS, SCHEMA._NS, OWL._NS, DCTERMS._NS)
"""What the register's RDF is written in (``linkeddata/namespaces.py``)."""
PATH = ".well-known/void"


@dataclass(frozen=True)
class Distribution:
    """One dump file, as its manifest describes it."""

    url: str
    title: str
    media_type: str
    """Of the data inside the gzip."""
    bytes: int
    sha256: str
    records: int
    issued: str


@dataclass(frozen=True)
class Description:
    """What the description says; the rest is fixed."""

    base_uri: str
    title: Mapping[str, str]
    """By language tag."""
    description: Mapping[str, str]
    publisher: str
    entities: Mapping[Kind, int]
    """Authorities of each kind (any status: deleted ones are in the dumps too)."""
    distributions: list[Distribution] = field(default_factory=list)
    modified: str | None = None
    """When the newest dump was taken."""


def dataset_uri(base_uri: str) -> str:
    """The dataset's URI: a fragment of the description's own address."""
    return f"{Uris(base_uri).base}{PATH}#register"


def void_graph(description: Description) -> Graph:
    """The VoID/DCAT graph of ``description``."""
    base = Uris(description.base_uri).base
    graph = Graph()
    for prefix, namespace in (("void", VOID), ("dcat", DCAT), ("spdx", SPDX),
                              ("dct", DCTERMS), ("foaf", FOAF)):  # fmt: skip
        graph.bind(prefix, namespace)
    dataset = URIRef(dataset_uri(base))
    add = graph.add
    add((dataset, RDF.type, VOID.Dataset))
    add((dataset, RDF.type, DCAT.Dataset))
    for language, text in description.title.items():
        add((dataset, DCTERMS.title, Literal(text, lang=language)))
    for language, text in description.description.items():
        add((dataset, DCTERMS.description, Literal(text, lang=language)))
    publisher = BNode("publisher")
    add((dataset, DCTERMS.publisher, publisher))
    add((publisher, RDF.type, FOAF.Organization))
    add((publisher, FOAF.name, Literal(description.publisher)))
    add((dataset, DCTERMS.license, CC0))
    add((dataset, VOID.uriSpace, Literal(f"{base}authorities/")))
    for vocabulary in VOCABULARIES:
        add((dataset, VOID.vocabulary, URIRef(str(vocabulary))))
    if description.modified:
        add(
            (
                dataset,
                DCTERMS.modified,
                Literal(description.modified, datatype=XSD.dateTime),
            )
        )
    _entities(graph, dataset, description.entities)
    _services(graph, dataset, base)
    for number, distribution in enumerate(description.distributions):
        _distribution(graph, dataset, distribution, number)
    return graph


def _entities(graph: Graph, dataset: URIRef, entities: Mapping[Kind, int]) -> None:
    graph.add((dataset, VOID.entities, _count(sum(entities.values()))))
    for kind, count in sorted(entities.items()):
        partition = BNode(f"class-{kind.value}")
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], URIRef(MADS_CLASS[kind])))
        graph.add((partition, VOID.entities, _count(count)))


def _services(graph: Graph, dataset: URIRef, base: str) -> None:
    """The SPARQL endpoint and the change feed, each a DCAT data service."""
    sparql, feed = URIRef(f"{base}sparql"), URIRef(f"{base}changes")
    graph.add((dataset, VOID.sparqlEndpoint, sparql))
    for endpoint, standard, title in (
        (sparql, SPARQL_PROTOCOL, "SPARQL endpoint"),
        (feed, CHANGE_DISCOVERY, "Change feed (ActivityStreams)"),
    ):
        service = BNode(f"service-{endpoint.rsplit('/', 1)[-1]}")
        graph.add((service, RDF.type, DCAT.DataService))
        graph.add((service, DCAT.endpointURL, endpoint))
        graph.add((service, DCTERMS.conformsTo, standard))
        graph.add((service, DCTERMS.title, Literal(title, lang="en")))
        graph.add((service, DCAT.servesDataset, dataset))


def _distribution(
    graph: Graph, dataset: URIRef, dump: Distribution, number: int
) -> None:
    url = URIRef(dump.url)
    node = BNode(f"dump-{number}")
    checksum = BNode(f"checksum-{number}")
    graph.add((dataset, VOID.dataDump, url))
    graph.add((dataset, DCAT.distribution, node))
    for predicate, value in (
        (RDF.type, DCAT.Distribution),
        (DCAT.downloadURL, url),
        (DCAT.accessURL, url),
        (DCTERMS.title, Literal(dump.title, lang="en")),
        (DCAT.mediaType, URIRef(IANA + dump.media_type)),
        (DCAT.compressFormat, GZIP),
        (DCAT.byteSize, Literal(dump.bytes, datatype=XSD.nonNegativeInteger)),
        (DCTERMS.issued, Literal(dump.issued, datatype=XSD.dateTime)),
        (DCTERMS.license, CC0),
        (VOID.entities, _count(dump.records)),
        (SPDX.checksum, checksum),
    ):
        graph.add((node, predicate, value))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add(
        (checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary))
    )


def _count(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)
