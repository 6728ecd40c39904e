"""The vocabulary file as a graph, and what a concept's mapping reads from it.

Its format and the parse; the concepts' descriptions (unit terms read as SKOS); and
what one concept's mapping needs to know of the others: their ids, headings and
classes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Node

from authority.domain.ids import is_valid_id
from authority.linkeddata.languages import UNDETERMINED
from authority.linkeddata.namespaces import MADS
from loaders.sources.skos.vocabularies import (
    ALIASES,
    CLASS_TAGS,
    CONCEPT_CLASSES,
    NAME_TAGS,
    URI_PREFIXES,
)

FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}
"""File suffix -> rdflib parser."""
FORMAT_NAMES = {"turtle": "Turtle", "nt": "N-Triples", "xml": "RDF/XML"}
_NTRIPLES_LINE = re.compile(rb"\A(?:\s*#[^\n]*\n)*\s*(?:<[^>\s]*>|_:\S+)\s+<[^>\s]*>\s")
BOM = b"\xef\xbb\xbf"
RAW_LIMIT = 10_000


def file_format(path: str) -> str:
    """The rdflib parser for the file: by its suffix, else by its first bytes."""
    form = FORMATS.get(Path(path).suffix.lower())
    if form is not None:
        return form
    with open(path, "rb") as stream:
        head = stream.read(4096).removeprefix(BOM)
    if b"<rdf:RDF" in head or head.lstrip().startswith(b"<?xml"):
        return "xml"
    return "nt" if _NTRIPLES_LINE.match(head) else "turtle"


def parse(path: str, form: str) -> Graph:
    """The whole file as a graph (raises what rdflib raises for a broken file)."""
    graph = Graph(bind_namespaces="none")
    with open(path, "rb") as stream:
        graph.parse(source=stream, format=form, publicID=Path(path).resolve().as_uri())
    return graph


def parse_failure(path: str, form: str, error: Exception) -> str:
    """The error item's reason for a file that does not parse."""
    name = Path(path).name
    detail = str(error).strip() or type(error).__name__
    return (
        f"{name} is not valid {FORMAT_NAMES[form]} (truncated or malformed), so no "
        f"concept in it can be read: {detail}"
    )


Description = dict[URIRef, dict[Node, None]]
"""Predicate -> objects (an ordered set), unit terms read as their SKOS terms."""


@dataclass(frozen=True)
class Target:
    """What a link needs to know about the concept it names."""

    digits: str | None
    label: str
    id: str | None


class Vocabulary:
    """The parsed graph and what mapping one concept needs from the others."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._targets: dict[Node, Target] = {}
        schemes = [
            s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if not is_bnode(s)
        ]
        self.only_scheme = schemes[0] if len(schemes) == 1 else None

    def concepts(self) -> Iterator[tuple[Node, Description]]:
        """(node, description) of every described concept, in parse order."""
        found = dict.fromkeys(
            s for cls in CONCEPT_CLASSES for s in self.graph.subjects(RDF.type, cls)
        )
        for node in found:
            description = self.describe(node)
            if set(description) - {RDF.type}:
                yield node, description

    def describe(self, node: Node) -> Description:
        """Every statement about ``node``, unit terms read as their SKOS terms."""
        found: Description = {}
        for predicate, obj in self.graph.predicate_objects(node):
            term = ALIASES.get(predicate, URIRef(str(predicate)))
            if term == RDF.type:
                obj = ALIASES.get(obj, obj)
            found.setdefault(term, {})[obj] = None
        return found

    def target(self, node: Node, language: str | None = None) -> Target:
        """The kind digits, heading and id of a link target (cached).

        A blank node (MADS's relation without a link) is named by its
        authoritativeLabel, in ``language`` (the linking concept's) when it has one.
        """
        known = self._targets.get(node)
        if known is None:
            description = self.describe(node)
            label = preferred_label(description)
            if label is None and is_bnode(node):
                label = preferred_label(description, MADS.authoritativeLabel, language)
            known = Target(
                class_digits(description),
                str(label) if label is not None else "",
                None if is_bnode(node) else id_of(node, description)[0],
            )
            self._targets[node] = known
        return known

    def triples(self, node: Node) -> str:
        """The concept's own triples as N-Triples, for an error report."""
        lines = []
        for predicate, obj in self.graph.predicate_objects(node):
            lines.append(f"{n3(node)} {n3(predicate)} {n3(obj)} .\n")
        return "".join(lines)[:RAW_LIMIT]


def utf8(text: str) -> str:
    r"""``text`` with any lone surrogate written as its escape (``\ud800``)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def n3(node: Node) -> str:
    """``node`` as N-Triples writes it; in brackets as it is when rdflib will not.

    rdflib's parser lets a URI like ``<h tp://x>`` through with a warning, and then
    its ``n3()`` raises a bare Exception for it.
    """
    try:
        return node.n3()
    except Exception:  # noqa: BLE001 - rdflib raises nothing more specific
        return f"<{node}>"


def is_bnode(node: Node) -> bool:
    """True for a blank node (no URI, so no id of its own)."""
    return isinstance(node, BNode)


def literals(description: Description, predicate: URIRef) -> Iterator[Literal]:
    """The literal objects of ``predicate``, in order."""
    return (o for o in description.get(predicate, {}) if isinstance(o, Literal))


def label_language(label: Literal) -> str | None:
    """The label's language tag, lower-cased; None for none or ``und``."""
    tag = label.language.lower() if label.language else None
    return None if tag == UNDETERMINED else tag


def id_of(node: Node, description: Description) -> tuple[str | None, Node | None]:
    """(id, the dct:identifier literal it came from, if any)."""
    for literal in literals(description, DCTERMS.identifier):
        if is_valid_id(str(literal).strip()):
            return str(literal).strip(), literal
    return (None if is_bnode(node) else id_from_uri(str(node))), None


def id_from_uri(uri: str) -> str | None:
    """The id a URI names: its last segment, or UiO's pattern (``.../humord/c1``)."""
    parts = re.split(r"[/#]", uri.rstrip("/#"))
    last = unquote(parts[-1]) if parts else ""
    if is_valid_id(last):
        return last
    if len(parts) >= 2 and parts[-2].lower() in URI_PREFIXES:
        match = re.fullmatch(r"c(\d{1,12})", last)
        if match:
            return URI_PREFIXES[parts[-2].lower()] + match.group(1)
    return None


def class_digits(description: Description) -> str | None:
    """The 1XX/4XX/5XX tag digits of a link target's class (names included)."""
    for cls in description.get(RDF.type, {}):
        if cls in CLASS_TAGS:
            return CLASS_TAGS[cls]
    for cls in description.get(RDF.type, {}):
        if cls in NAME_TAGS:
            return NAME_TAGS[cls]
    return None


def preferred_label(
    description: Description,
    predicate: URIRef = SKOS.prefLabel,
    hint: str | None = None,
) -> Literal | None:
    """The preferred of the ``predicate`` labels, as the heading is chosen.

    In nb, else nob, else without language, else in ``hint``, else in the
    language of madsrdf:authoritativeLabel, else the first.
    """
    labels = list(literals(description, predicate))
    authoritative = next(literals(description, MADS.authoritativeLabel), None)
    wanted: list[str | None] = ["nb", "nob", None, hint]
    if authoritative is not None:
        wanted.append(label_language(authoritative))
    for language in wanted:
        for label in labels:
            if label_language(label) == language:
                return label
    return labels[0] if labels else None
