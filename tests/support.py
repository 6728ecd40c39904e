"""Shared test helpers (not fixtures): corpus location, table clean-up."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

import pytest
from rdflib import Graph
from sqlalchemy import Engine, text

from authority.barejson.read import from_bare_json
from authority.domain import Authority, Field
from authority.domain.ids import MINTED_ID_START
from authority.domain.view import kind_of
from authority.linkeddata.jsonld import context
from authority.marc.from_marc import from_fields
from authority.marc.read import read

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(
    os.environ.get("AUTHORITY_TEST_CORPUS") or REPO.parent / "shared" / "corpus"
)
"""The real corpus the tests read: ``../shared/corpus`` beside the clone (the shared
folder), or ``AUTHORITY_TEST_CORPUS``. Without it the run stops (tests/conftest.py)."""
TABLES = (
    "search_terms",
    "search_words",
    "api_tokens",
    "web_sessions",
    "authority_identifiers",
    "authority_redirects",
    "authority_revisions",
    "change_log",
    "authorities",
)


def per_worker(name: str, separator: str = "_") -> str:
    """``name`` with this xdist worker's id (``authority_api_gw1``); itself when serial.

    Workers sharing one server (``AUTHORITY_TEST_DATABASE_URL``,
    ``AUTHORITY_TEST_OPENSEARCH_URL``) must never share a database or an index.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"{name}{separator}{worker}" if worker else name


def truncate(engine: Engine) -> None:
    """Empty every data table and reset the change-log counter."""
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {', '.join(TABLES)}"))
        connection.execute(
            text("UPDATE counters SET value = 0 WHERE name = 'change_log'")
        )


def table_rows(
    engine: Engine, queries: dict[str, str]
) -> dict[str, list[tuple[object, ...]]]:
    """Each query's rows as tuples, by name: a database state to compare."""
    with engine.connect() as connection:
        return {
            name: [tuple(row) for row in connection.execute(text(sql))]
            for name, sql in queries.items()
        }


def corpus_authorities() -> list[Authority]:
    """Every authority of the corpus, mapped: all MARC files and the BARE JSON samples.

    Records that are not authorities (Koha's one record without a 1XX, BARE's
    create request without an id) are left out; everything else must map.
    """
    return list(_corpus_authorities())


@cache
def _corpus_authorities() -> tuple[Authority, ...]:
    found: list[Authority] = []
    seen: set[str] = set()
    for path in MARC_FILES:
        for result in read(str(path)):
            if result.error is None and not _no_heading(result.fields):
                authority = from_fields(result.leader, result.fields)
                if not authority.id or authority.id in seen:
                    # A foreign record (the store would mint an id), or the same
                    # small 001 in two sandboxes' files (Koha's 117, Evergreen's 117).
                    authority = replace(authority, id=str(MINTED_ID_START + len(found)))
                seen.add(authority.id)
                found.append(authority)
    for path in sorted((CORPUS / "bare" / "json").glob("*.json")):
        if path.name in BARE_JSON_REFUSED:
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        records = data.get("results", [data]) if isinstance(data, dict) else data
        for record in records:
            if record.get("systemControlNumber") not in (None, "", *seen):
                found.append(from_bare_json(record))
                seen.add(found[-1].id)
    return tuple(found)


def _no_heading(fields: tuple[Field, ...]) -> bool:
    return kind_of(fields) is None


BARE_JSON_REFUSED = {
    # nva-bare-proxy's fixture says "status": "kat", no quality level BARE has.
    "bareSingleAuthorityCreateResponse.json": "unknown quality level 'kat'",
}


def head_of(sample: bytes | Path) -> bytes:
    """The first 4 KB of a file (what detection sees), or the bytes themselves.

    Parametrize with corpus paths, not their bytes: a module must collect without
    reading the corpus.
    """
    return sample.read_bytes()[:4096] if isinstance(sample, Path) else sample


MARC_FILES = sorted(
    p
    for folder in (CORPUS / "marc-authority", CORPUS / "bare" / "marcxchange")
    for p in folder.rglob("*")
    if p.suffix in (".xml", ".mrc")
)


def debian_tool(command: str, package: str) -> str:
    """The path of ``command``, installed from Debian's ``package`` when missing.

    CI runs as root on a machine that reaches Debian's archive; elsewhere (no
    apt-get, not root) a test that needs the tool is skipped, but under CI it fails
    (:func:`unavailable`).
    """
    found = shutil.which(command)
    if found is None and shutil.which("apt-get") and os.geteuid() == 0:
        with _apt_lock():  # the other test workers may want a tool at the same time
            found = shutil.which(command) or _apt_install(command, package)
    if found is None:
        unavailable(f"{command} is not installed (Debian package {package})")
    return found


def _apt_install(command: str, package: str) -> str | None:
    install = ["apt-get", "install", "-y", "-q", package]
    if subprocess.run(install, capture_output=True, check=False).returncode:
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, check=False)
        subprocess.run(install, capture_output=True, check=False)
    return shutil.which(command)


@contextmanager
def _apt_lock() -> Iterator[None]:
    """One apt-get at a time on this machine (dpkg's own lock fails, not waits)."""
    with open(Path(tempfile.gettempdir()) / "authority-tests-apt.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def unavailable(reason: str) -> NoReturn:
    """Skip a test that needs what this machine lacks; under CI, fail it.

    A skip on a developer's machine is a hint; in CI (``CI`` set, as every CI
    service and ``.ci/run`` do) it would hide a test that never ran.
    """
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason}, and CI must run every test", pytrace=False)
    pytest.skip(reason)


RDFLIB_PARSERS = {"nt": "nt", "ttl": "turtle", "rdfxml": "xml", "jsonld": "json-ld"}
"""Our RDF format names -> rdflib's parser names."""


def parse_rdf(data: bytes, form: str, context_uri: str) -> Graph:
    """Our RDF output parsed by rdflib; JSON-LD gets our context from the code."""
    if form == "jsonld":
        document: dict[str, Any] = json.loads(data)
        assert document["@context"] == context_uri
        document["@context"] = context()["@context"]
        with warnings.catch_warnings():
            # rdflib 7.6's JSON-LD parser trips over its own ConjunctiveGraph
            # deprecation; the warning is about rdflib, not about our data.
            warnings.simplefilter("ignore", DeprecationWarning)
            return Graph().parse(data=json.dumps(document), format="json-ld")
    return Graph().parse(data=data, format=RDFLIB_PARSERS[form])
