"""One fuzz case: a file through the loader's reading path, its records written back.

The target is what ``authority load --dry-run`` runs for a file: ``reading.batches``
over ``pipeline.items`` (the source's reader and mapping, the same-file duplicate
check, the prepared hash), then the service's ``validate``; each refused record
becomes the load report's JSON entry. The invariants:

1. reading ends with records and the reader's own errors (a position >= 1 and a
   reason), never another exception;
2. every error entry serializes as the report writes it (JSON);
3. every record that passes is written in each output form (ISO 2709, MARCXML,
   MARC-in-JSON, our JSON, BARE's JSON) without an exception, and what the MARC
   forms write reads back as the same fields: a value holding 0x1F must not grow
   a subfield. A record too long for ISO 2709 is that format's limit, reported by
   the writer (``UnwritableRecordError``), not a failure.

And nothing is lost or let in (:func:`complete`). Crashes, memory and time are
the worker's to watch (:mod:`tests.fuzz.worker`).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from xml.parsers import expat

from authority.api.representation import to_json
from authority.barejson.write import to_bare_json
from authority.domain import Actor, Authority, Field
from authority.errors import AuthorityError
from authority.linkeddata.uris import Uris
from authority.marc import serialize
from authority.marc.read import MARCXCHANGE, MARCXML, read
from authority.marc.to_marc import marc_output
from authority.service import validate
from loaders import pipeline, reading
from tests.fuzz.seeds import Seed

URIS = Uris("http://127.0.0.1:5000/")
ACTOR = Actor("load:fuzz")
MARC_FORMS = {"iso2709": "iso2709", "marcxml": "xml", "marcjson": "marcjson"}
"""Output form -> the reader form that reads it back."""


@dataclass
class Failure:
    """A broken invariant: its kind (see :data:`KINDS`), the error, where."""

    kind: str
    error: str
    """``Type: message`` of the exception, or what was wrong."""
    trace: str = ""

    def as_dict(self) -> dict[str, str]:
        """For the worker's report line."""
        return {"kind": self.kind, "error": self.error, "trace": self.trace}


KINDS = {
    "exception": "an exception escaped the reader (not a reported error)",
    "bad-error": "an error item without a position or a reason, or not JSON",
    "unwritable": "a record the reader yielded could not be written back",
    "corrupted": "a record written back reads as other fields",
    "crash": "the process died (a signal)",
    "memory": "peak memory over the bound",
    "hang": "no answer within the time limit",
}


@dataclass
class Outcome:
    """What one case gave: records, reported errors, or the invariant it broke."""

    records: int = 0
    errors: int = 0
    failure: Failure | None = None


def run_case(seed: Seed, folder: str) -> Outcome:
    """Read ``seed`` as a file in ``folder`` (the reader's source is the folder's)."""
    path = os.path.join(folder, seed.name)
    with open(path, "wb") as stream:
        stream.write(seed.data)
    try:
        outcome = check(path, os.path.basename(folder))
    finally:
        os.remove(path)
    if outcome.failure is None:
        outcome.failure = complete(seed, os.path.basename(folder), outcome)
    return outcome


def check(path: str, source: str) -> Outcome:
    """Invariants 1-3 over one file of ``source``."""
    outcome = Outcome()
    try:
        for _, batch in reading.batches(pipeline.items, [(path, source)]):
            for item in batch:
                reason = _refusal(item.authority, item.error)
                if reason is not None:
                    outcome.errors += 1
                    outcome.failure = _bad_error(item.position, reason, item.raw)
                elif item.authority is not None:
                    outcome.records += 1
                    outcome.failure = written_back(item.authority)
                if outcome.failure is not None:
                    return outcome
    except MemoryError as error:  # the worker's address-space cap was hit
        outcome.failure = Failure("memory", _name(error), traceback.format_exc())
    except Exception as error:  # noqa: BLE001 - what the fuzzer is looking for
        outcome.failure = Failure("exception", _name(error), traceback.format_exc())
    return outcome


def _refusal(authority: Authority | None, error: str | None) -> str | None:
    """Why the load would refuse this item (None: it would be stored)."""
    if authority is None:
        return error or ""
    try:
        validate(authority)
    except AuthorityError as refused:
        return str(refused)
    return None


def _bad_error(position: object, reason: str, raw: str | None) -> Failure | None:
    if not isinstance(position, int) or position < 1 or not reason:
        return Failure("bad-error", f"position {position!r}, reason {reason!r}")
    entry = {"position": position, "reason": reason, "raw": raw}
    try:
        json.dumps(entry, ensure_ascii=False).encode()
    except Exception as error:  # noqa: BLE001
        return Failure("bad-error", _name(error), traceback.format_exc())
    return None


def written_back(authority: Authority) -> Failure | None:
    """None when every output form writes ``authority`` and reads back the same."""
    try:
        json.dumps(authority.content(), ensure_ascii=False).encode()
        json.dumps(to_json(authority, URIS, {}, {}, private=True), ensure_ascii=False)
        json.dumps(to_bare_json(authority, full=True), ensure_ascii=False)
        output = marc_output(authority, full=True)
        for form, reader_form in MARC_FORMS.items():
            try:
                data = serialize.to_bytes(output, form)
            except serialize.UnwritableRecordError as error:
                if form == "iso2709" and "too long" in str(error):
                    continue  # the format's limit, said by the writer
                raise
            found = _differs(output.fields, data, reader_form)
            if found:
                return Failure("corrupted", f"{form}: {found}")
    except Exception as error:  # noqa: BLE001
        return Failure("unwritable", _name(error), traceback.format_exc())
    return None


def _differs(fields: Sequence[Field], data: bytes, form: str) -> str | None:
    results = list(read(io.BytesIO(data), form))
    if len(results) != 1 or results[0].error is not None:
        errors = [r.error for r in results]
        return f"read back as {len(results)} records: {errors}"
    back = results[0].fields
    for wrote, got in zip(fields, back, strict=False):
        if wrote != got:
            return f"wrote {wrote!r}, read {got!r}"
    if len(fields) != len(back):
        return f"wrote {len(fields)} fields, read {len(back)}"
    return None


# Nothing lost, nothing let in


def complete(seed: Seed, source: str, outcome: Outcome) -> Failure | None:
    """What an independent reading of the same bytes says the reader must give.

    XML: every record that ends before the first well-formedness error (expat
    says where) is delivered, as a record or its error; a document with a DTD
    stores nothing. JSON lines: every line that is a JSON object by itself is an
    item (a corrupt line costs only itself).
    """
    items = outcome.records + outcome.errors
    if source in XML_RECORDS:
        doctype, whole = _xml_records(seed.data, XML_RECORDS[source])
        if doctype:  # refused whole: one error, no record
            if outcome.records:
                return Failure("dtd-accepted", f"{outcome.records} records stored")
            return None
        if items < whole:
            found = f"{items} items, {whole} records complete before the XML breaks"
            return Failure("lost-before-break", found)
    first = seed.data.split(b"\n", 1)[0].rstrip()
    if seed.name.endswith(".jsonl") and first[:1] == b"{" and first[-1:] not in WRAPS:
        # (A file that opens with "[" reads as an array: no line of its own; nor
        # one whose first line goes on, as a wrapped object's does: README.)
        whole = sum(1 for line in seed.data.splitlines() if _json_object(line))
        if items < whole:
            return Failure("lost-lines", f"{items} items from {whole} good lines")
    return None


WRAPS = (b"{", b"[", b",", b":")
"""How a line ends that a value goes on after (json_input's JSON-lines rule)."""
LIBXML2_NAMES = 50_000
"""The longest name libxml2 reads without huge_tree (which stays off): expat has no
such bound, so past it libxml2's break comes first."""
_VERSION = re.compile(r"1\.[0-9]+")

XML_RECORDS = {
    "marcxml": (f"{MARCXML} record", f"{MARCXCHANGE} record", "record"),
    "emnemodul": ("post",),
}
"""Source -> its record elements, as expat names them (namespace, space, name)."""


def _xml_records(data: bytes, names: tuple[str, ...]) -> tuple[bool, int]:
    """(a DTD in the prologue?, records that end before the first XML error)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    found = {"doctype": False, "records": 0}

    def on_doctype(*_: object) -> None:
        found["doctype"] = True

    def on_end(name: str) -> None:
        if name in names:
            found["records"] += 1

    def on_declaration(version: str, *_: object) -> None:
        if not _VERSION.fullmatch(version or "1.0"):  # not well-formed: expat lets it
            raise ValueError(version)

    def on_start(name: str, attributes: dict[str, str]) -> None:
        if max(map(len, (name, *attributes)), default=0) > LIBXML2_NAMES:
            raise ValueError("a name libxml2 will not read")

    parser.StartDoctypeDeclHandler = on_doctype
    parser.XmlDeclHandler = on_declaration
    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    with contextlib.suppress(expat.ExpatError, ValueError, LookupError):
        parser.Parse(data, True)  # what ended before an error counts
    return bool(found["doctype"]), int(found["records"])


def _json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _name(error: BaseException) -> str:
    return f"{type(error).__name__}: {str(error)[:300]}"
