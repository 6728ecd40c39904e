"""Turtle written straight from the mapping's triples.

rdflib's Turtle serializer builds a graph and then sorts and nests it. For one
authority that costs about 2 ms, which is ten times the mapping itself, and the read
API serves Turtle by the thousand. This writer groups each subject's triples as
they come (``;`` between predicates, ``,`` between objects), writes our prefixes as
prefixed names and ``rdf:type`` as ``a``, and leaves blank nodes labelled
(``_:b1``), as N-Triples does. The document is plain, valid Turtle;
``tests/unit/linkeddata/test_rdf_formats.py`` parses it and checks that it is the
same graph as every other path gives.
"""

from __future__ import annotations

import re
from functools import lru_cache

from authority.linkeddata.namespaces import PREFIXES
from authority.linkeddata.terms import Lit, Object, Subject, Triple, ntriples_term

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

_NAMESPACES = {str(namespace): prefix for prefix, namespace in PREFIXES.items()}
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
"""Local names written as ``prefix:local`` (a safe ASCII part of PN_LOCAL)."""


def turtle(triples: list[Triple]) -> str:
    """The triples as one Turtle document, subjects in order of first appearance."""
    subjects: dict[Subject, dict[str, list[Object]]] = {}
    for s, p, o in triples:
        subjects.setdefault(s, {}).setdefault(p, []).append(o)
    used: set[str] = set()
    blocks = [_block(s, predicates, used) for s, predicates in subjects.items()]
    header = [f"@prefix {p}: <{PREFIXES[p]}> ." for p in PREFIXES if p in used]
    return "\n".join(header) + "\n\n" + "\n\n".join(blocks) + "\n"


def _block(
    subject: Subject, predicates: dict[str, list[Object]], used: set[str]
) -> str:
    lines = []  # the subject line, then one line per predicate
    for predicate, objects in predicates.items():
        verb = "a" if predicate == RDF_TYPE else _iri(predicate, used)
        values = ", ".join(_term(o, used) for o in objects)
        lines.append(f"    {verb} {values}")
    return _term(subject, used) + "\n" + " ;\n".join(lines) + " ."


def _term(term: Object, used: set[str]) -> str:
    if isinstance(term, str):
        return _iri(term, used)
    if isinstance(term, Lit) and term.datatype and not term.lang:
        lexical = ntriples_term(Lit(term.value))
        return f"{lexical}^^{_iri(term.datatype, used)}"
    return ntriples_term(term)


def _iri(iri: str, used: set[str]) -> str:
    written, prefix = _compact(iri)
    if prefix:
        used.add(prefix)
    return written


@lru_cache(maxsize=4096)
def _compact(iri: str) -> tuple[str, str | None]:
    """``prefix:local`` and its prefix when a namespace of ours fits, else ``<iri>``."""
    for cut in (iri.rfind("#"), iri.rfind("/")):
        namespace, local = iri[: cut + 1], iri[cut + 1 :]
        prefix = _NAMESPACES.get(namespace)
        if cut >= 0 and prefix and _LOCAL.match(local):
            return f"{prefix}:{local}", prefix
    return f"<{iri}>", None
