"""Every setting of the service, with its default.

Each constant is a Flask config key. The environment overrides any of them with the
prefix ``AUTHORITY_`` (``AUTHORITY_DATABASE_URL`` sets ``DATABASE_URL``); values that
parse as JSON (numbers, booleans) are taken as such, as ``Config.from_prefixed_env``
does. This module is the documentation of the configuration: the README table is
generated from the docstrings below (``tests/unit/project/test_config.py`` keeps them
in step).
"""

from authority.domain import ids  # a module: from_object takes upper-case names only

DATABASE_URL: str | None = None
"""PostgreSQL URL (``postgresql://user:pw@host/db``); unset = embedded server."""

DATA_DIR: str | None = None
"""Folder for the embedded PostgreSQL and local state; unset = ``./authority-data``."""

BASE_URI: str = "http://127.0.0.1:5000/"
"""Public base URI; URIs are built under it (unset: ``serve``'s --host and --port)."""

OPENSEARCH_URL: str | None = None
"""OpenSearch URL for the scale-out search backend; unset = search in PostgreSQL."""

SEARCH_INDEX_PREFIX: str = ""
"""Prefix for OpenSearch index and alias names, so environments can share a cluster."""

ORGANIZATION_CODE: str = ids.REGISTER_AGENCY
"""MARC organization code written to 003 and 040 of the records we emit."""

AUTO_MIGRATE: bool = True
"""Run database migrations to head when ``serve`` starts."""

CACHE_MAX_AGE: int = 60
"""Seconds a client or proxy may reuse a read without asking again (then ETag)."""

MAX_CONTENT_LENGTH: int = 4 * 1024 * 1024
"""Largest request body accepted, in bytes (Flask enforces it with a 413)."""

SQL_ECHO: bool = False
"""Log every SQL statement (for debugging only)."""

EXPORT_RANGE: int = 2000
"""Ids per task when ``authority export`` writes RDF with several processes."""

OAI_REPOSITORY_IDENTIFIER: str = "bibsys.no"
"""OAI-PMH repository identifier: ids are ``oai:<this>:authority:<id>`` (BARE's)."""

OAI_REPOSITORY_NAME: str = "Felles autoritetsregister (BIBSYS authority register)"
"""OAI-PMH Identify's repositoryName."""

OAI_ADMIN_EMAIL: str = "authority@example.org"
"""OAI-PMH Identify's adminEmail: who a harvester writes to."""

OAI_PAGE_SIZE: int = 100
"""Records or headers per OAI-PMH list response (Alma accepts up to 900)."""

OAI_TOKEN_LIFETIME: int = 86400
"""Seconds an OAI-PMH resumption token stays valid (its expirationDate)."""

SECRET_KEY: str | None = None
"""Signs workbench sessions and CSRF tokens; must be set in production (README)."""

FEED_PAGE_SIZE: int = 1000
"""Changes per page of the change feed; keep it fixed (a new size renumbers pages)."""

DUMP_DIR: str | None = None
"""Folder ``authority dump`` writes to and ``/dumps`` serves; unset = DATA_DIR/dumps."""

SPARQL_DIR: str | None = None
"""Folder of the SPARQL endpoint's RDF store; unset = DATA_DIR/sparql."""

SPARQL_TIMEOUT: float = 10.0
"""Seconds a SPARQL query may run before it is stopped with an error."""

SPARQL_MAX_RESULTS: int = 10000
"""Most rows (or triples) one SPARQL answer may hold; more is an error."""

SPARQL_MAX_BYTES: int = 50_000_000
"""Most bytes one SPARQL answer may hold, serialized; more is an error."""

PUBLISHER: str = "Nasjonalbiblioteket (National Library of Norway)"
"""Who publishes the data: the VoID description's dcterms:publisher."""
