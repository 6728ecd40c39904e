"""The six verbs of OAI-PMH 2.0 over a :class:`Source` of stamped authorities."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

from lxml import etree

from authority.domain import Status
from authority.domain.history import Stamped, Window
from authority.oai import write
from authority.oai.arguments import Request, checked, window_bounds
from authority.oai.errors import OaiError
from authority.oai.formats import FORMATS, Format, Rendering, written
from authority.oai.sets import SETS, memberships, set_named, vocabulary_set
from authority.oai.tokens import Token, decode, encode


class Source(Protocol):
    """What the provider reads (``service.HarvestService`` is one)."""

    def last_change(self) -> int:
        """The change log's highest number."""

    def earliest(self) -> datetime | None:
        """The earliest datestamp."""

    def page(self, window: Window, after: int, limit: int) -> list[Stamped]:
        """Authorities of ``window`` after change ``after``, in change order."""

    def size(self, window: Window) -> int:
        """How many authorities ``window`` holds."""

    def vocabularies(self) -> list[str]:
        """The subject vocabularies the register holds (ListSets' vocabulary sets)."""

    def record(self, reference: str) -> Stamped | None:
        """The one authority ``reference`` names, or None."""


@dataclass(frozen=True)
class Deployment:
    """The repository's settings (``config.py``'s OAI_* and the deployment's URIs)."""

    repository_identifier: str
    repository_name: str
    admin_email: str
    page_size: int
    token_lifetime: int
    """Seconds a resumption token stays valid."""
    rendering: Rendering

    @property
    def prefix(self) -> str:
        """What comes before an authority's id in its OAI identifier."""
        return f"oai:{self.repository_identifier}:authority:"


class Provider:
    """An OAI-PMH repository over ``source``."""

    def __init__(self, source: Source, deployment: Deployment) -> None:
        self.source = source
        self.deployment = deployment

    def respond(
        self, given: Mapping[str, Sequence[str]], base_url: str, now: datetime
    ) -> bytes:
        """The document answering ``given`` (argument -> values), errors included."""
        now = now.astimezone(UTC).replace(microsecond=0)
        echoed: dict[str, str] = {}  # badVerb and badArgument echo no arguments
        try:
            request = checked(given)
            echoed = {"verb": request.verb, **request.arguments}
            root = write.envelope(now, base_url, echoed)
            verbs = {
                "Identify": self._identify,
                "ListMetadataFormats": self._list_metadata_formats,
                "ListSets": self._list_sets,
                "GetRecord": self._get_record,
                "ListIdentifiers": self._list_identifiers,
                "ListRecords": self._list_records,
            }
            verbs[request.verb](root, request, now)
        except OaiError as error:
            root = write.envelope(now, base_url, echoed if error.echoes_request else {})
            write.add(root, "error", error.message).set("code", error.code)
        return write.document(root)

    # The verbs

    def _identify(self, root: etree._Element, request: Request, now: datetime) -> None:
        d = self.deployment
        element = write.add(root, "Identify")
        earliest = self.source.earliest() or now
        for name, text in (
            ("repositoryName", d.repository_name),
            ("baseURL", root.findtext(write.q("request")) or ""),
            ("protocolVersion", "2.0"),
            ("adminEmail", d.admin_email),
            ("earliestDatestamp", write.datestamp(earliest)),
            ("deletedRecord", "persistent"),
            ("granularity", "YYYY-MM-DDThh:mm:ssZ"),
        ):
            write.add(element, name, text)
        write.identifier_description(
            element, d.repository_identifier, f"{d.prefix}90517730"
        )

    def _list_metadata_formats(
        self, root: etree._Element, request: Request, now: datetime
    ) -> None:
        if (identifier := request.get("identifier")) is not None:
            self._record(identifier)
        element = write.add(root, "ListMetadataFormats")
        for form in FORMATS.values():
            entry = write.add(element, "metadataFormat")
            write.add(entry, "metadataPrefix", form.prefix)
            write.add(entry, "schema", form.schema)
            write.add(entry, "metadataNamespace", form.namespace)

    def _list_sets(self, root: etree._Element, request: Request, now: datetime) -> None:
        if request.get("resumptionToken") is not None:
            raise OaiError("badResumptionToken", "ListSets is never resumed here")
        element = write.add(root, "ListSets")
        held = (vocabulary_set(code) for code in self.source.vocabularies())
        for s in (*SETS, *(s for s in held if s is not None)):
            entry = write.add(element, "set")
            write.add(entry, "setSpec", s.spec)
            write.add(entry, "setName", s.name)
            write.descriptions(entry, {"en": s.english, "nb": s.bokmal})

    def _get_record(
        self, root: etree._Element, request: Request, now: datetime
    ) -> None:
        form = _format(request.get("metadataPrefix") or "")
        stamped = self._record(request.get("identifier") or "")
        self._write_record(write.add(root, "GetRecord"), stamped, form)

    def _list_identifiers(
        self, root: etree._Element, request: Request, now: datetime
    ) -> None:
        self._list(root, request, now, records=False)

    def _list_records(
        self, root: etree._Element, request: Request, now: datetime
    ) -> None:
        self._list(root, request, now, records=True)

    # Lists

    def _list(
        self, root: etree._Element, request: Request, now: datetime, records: bool
    ) -> None:
        token = self._token(request, now)
        form = _format(token.prefix)
        window = _window(token)
        page = self.source.page(window, token.after, self.deployment.page_size + 1)
        if not page and request.get("resumptionToken"):
            # The record that promised this page left the set (its kind, level or
            # vocabulary changed) after the token was given: a list answer needs
            # a record, and noRecordsMatch would end the harvest as if complete.
            raise OaiError(
                "badResumptionToken",
                "the list changed since this token was given: start the harvest again",
            )
        if not page:
            raise OaiError("noRecordsMatch", "no record matches these arguments")
        more = len(page) > self.deployment.page_size
        page = page[: self.deployment.page_size]
        element = write.add(root, request.verb)
        for stamped in page:
            if records:
                self._write_record(element, stamped, form)
            else:
                self._header(element, stamped)
        _resumption(element, token, page, more, self.deployment, now)

    def _token(self, request: Request, now: datetime) -> Token:
        """The request's token, or the token of a list that starts now."""
        if (text := request.get("resumptionToken")) is not None:
            return decode(text, now)
        prefix = request.get("metadataPrefix") or ""
        spec = request.get("set")
        _format(prefix)
        if spec is not None and set_named(spec) is None:
            raise OaiError("badArgument", f"there is no set {spec!r} (see ListSets)")
        since, before = window_bounds(request.get("from"), request.get("until"))
        fresh = Token(
            prefix=prefix,
            set=spec,
            since=since.isoformat() if since else None,
            before=before.isoformat() if before else None,
            last_seq=self.source.last_change(),
            after=0,
            cursor=0,
            size=0,
            expires=0,
        )
        return replace(fresh, size=self.source.size(_window(fresh)))

    # Records

    def _record(self, identifier: str) -> Stamped:
        reference = identifier.removeprefix(self.deployment.prefix)
        stamped = self.source.record(reference) if reference else None
        if stamped is None:
            raise OaiError("idDoesNotExist", f"{identifier!r} names no record here")
        return stamped

    def _header(self, parent: etree._Element, stamped: Stamped) -> None:
        authority = stamped.authority
        write.header(
            parent,
            self.deployment.prefix + authority.id,
            stamped.recorded,
            memberships(authority),
            deleted=authority.status is not Status.ACTIVE,
        )

    def _write_record(
        self, parent: etree._Element, stamped: Stamped, form: Format
    ) -> None:
        element = write.add(parent, "record")
        self._header(element, stamped)
        if stamped.authority.status is Status.ACTIVE:
            metadata = write.add(element, "metadata")
            rendering = self.deployment.rendering
            metadata.append(written(form, stamped.authority, rendering))


def _format(prefix: str) -> Format:
    form = FORMATS.get(prefix)
    if form is None:
        raise OaiError(
            "cannotDisseminateFormat",
            f"no metadata format {prefix!r} (see ListMetadataFormats)",
        )
    return form


def _window(token: Token) -> Window:
    chosen = set_named(token.set) if token.set else None
    if token.set and chosen is None:
        raise OaiError("badResumptionToken", f"the token names no set {token.set!r}")
    return Window(
        last_seq=token.last_seq,
        since=datetime.fromisoformat(token.since) if token.since else None,
        before=datetime.fromisoformat(token.before) if token.before else None,
        kind=chosen.kind if chosen else None,
        quality=chosen.quality if chosen else None,
        vocabulary=chosen.vocabulary if chosen else None,
    )


def _resumption(
    element: etree._Element,
    token: Token,
    page: list[Stamped],
    more: bool,
    deployment: Deployment,
    now: datetime,
) -> None:
    """The page's resumptionToken: the next page's, or the last page's empty one."""
    if not more and token.cursor == 0:
        return  # the whole list in one response: no token at all
    resumption = write.add(element, "resumptionToken")
    resumption.set("completeListSize", str(max(token.size, token.cursor + len(page))))
    resumption.set("cursor", str(token.cursor))
    if not more:
        return
    expires = now + timedelta(seconds=deployment.token_lifetime)
    following = replace(
        token,
        after=page[-1].seq,
        cursor=token.cursor + len(page),
        expires=int(expires.timestamp()),
    )
    resumption.set("expirationDate", write.datestamp(expires))
    resumption.text = encode(following)
