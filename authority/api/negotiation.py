"""Which representation a request asks for: one table of formats, one choice.

A format is chosen by the path suffix (``/authorities/<id>.ttl``), else by
``?format=`` (a format's name or suffix), else by ``Accept``; JSON is the default
(the order of lobid-gnd's ``Accept.java``). Each way of asking fails in its own
way: an unknown suffix names no resource (404), an unknown ``format`` is a bad
parameter (400), an ``Accept`` header we cannot satisfy is 406. Each error lists
what is supported.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from werkzeug.datastructures import MIMEAccept


class Family(StrEnum):
    """Which serializer family writes a format."""

    JSON = "json"
    HTML = "html"
    RDF = "rdf"
    MARC = "marc"


@dataclass(frozen=True)
class Format:
    """One representation of an authority."""

    name: str
    """``?format=`` value; also the serializer's own name for the form."""
    media_type: str
    """The ``Content-Type`` we send."""
    suffix: str | None
    """``/authorities/<id>.<suffix>``; None when only ``?format=`` reaches it."""
    family: Family
    label: str
    """What a link to it says (format names are not translated)."""
    accepts: tuple[str, ...] = ()
    """Other media types in ``Accept`` that choose it."""

    @property
    def media_types(self) -> tuple[str, ...]:
        """Every media type that chooses this format."""
        return (self.media_type, *self.accepts)


FORMATS: tuple[Format, ...] = (
    Format("json", "application/json", "json", Family.JSON, "JSON"),
    # HTML second: ``Accept: text/*`` and browsers' lists should get the page.
    Format(
        "html", "text/html", "html", Family.HTML, "HTML", ("application/xhtml+xml",)
    ),
    Format("jsonld", "application/ld+json", "jsonld", Family.RDF, "JSON-LD"),
    Format(
        "ttl", "text/turtle", "ttl", Family.RDF, "Turtle", ("application/x-turtle",)
    ),
    Format("nt", "application/n-triples", "nt", Family.RDF, "N-Triples"),
    Format("rdfxml", "application/rdf+xml", "rdf", Family.RDF, "RDF/XML"),
    Format(
        "marcxml",
        "application/marcxml+xml",
        "xml",
        Family.MARC,
        "MARCXML",
        ("application/xml", "text/xml"),
    ),
    # BARE served MARCXchange as plain XML; only its own name asks for it.
    Format("marcxchange", "application/xml", None, Family.MARC, "MARCXchange"),
    Format("iso2709", "application/marc", "mrc", Family.MARC, "MARC 21 (ISO 2709)"),
    Format(
        "marcjson", "application/marc+json", "marcjson", Family.MARC, "MARC-in-JSON"
    ),
)
"""Every representation, in the order links to them are listed."""

DEFAULT = FORMATS[0]
BY_SUFFIX = {f.suffix: f for f in FORMATS if f.suffix}
BY_NAME = {**BY_SUFFIX, **{f.name: f for f in FORMATS}}
BY_MEDIA_TYPE = {t: f for f in reversed(FORMATS) for t in f.media_types}
"""Media type -> format; the earlier row wins where two share a type."""
_OFFERED = [t for f in FORMATS for t in f.media_types]


class UnsupportedFormatError(Exception):
    """The request asks for a representation we do not have."""

    def __init__(self, status: int, detail: str) -> None:
        supported = ", ".join(sorted(BY_NAME))
        super().__init__(f"{detail}; supported: {supported}")
        self.status = status
        self.supported = {
            "suffixes": sorted(BY_SUFFIX),
            "formats": sorted(BY_NAME),
            "mediaTypes": sorted(BY_MEDIA_TYPE),
        }


def negotiate(suffix: str | None, name: str | None, accept: MIMEAccept) -> Format:
    """The format a request asks for (see the module docstring for the order)."""
    if suffix is not None:
        if suffix not in BY_SUFFIX:
            raise UnsupportedFormatError(404, f"no representation .{suffix}")
        return BY_SUFFIX[suffix]
    if name is not None:
        if name not in BY_NAME:
            raise UnsupportedFormatError(400, f"format={name!r} is not a format")
        return BY_NAME[name]
    if not accept:
        return DEFAULT
    best = accept.best_match(_OFFERED)
    if best is None:
        raise UnsupportedFormatError(406, f"cannot satisfy Accept: {accept}")
    return BY_MEDIA_TYPE[best]
