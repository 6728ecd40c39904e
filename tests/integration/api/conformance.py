"""What schemathesis holds the app to: every check it has (``--checks all``).

The defaults stand, with these answers added where no schema can tell a valid
request from an invalid one, each for a stated reason:

- 410 and 412 answer a valid request about a record in another state (deleted;
  edited since the revision If-Match names), as 404 and 409 do by default;
- 428 is the answer to a PUT or PATCH without its required If-Match (RFC 6585);
- 400 on the free-text routes: whether a text holds a word to search for is the
  search key's folding (letters and digits of any script), and a ``cursor`` is
  opaque (only one a next or prev link gave is good); likewise /reconcile's
  ``queries`` and ``extend``, JSON texts in a parameter, whose shape the
  reconciliation package checks (the specification's schemas, not ours); and
  ``/sparql``, whose query text only the SPARQL parser can judge;
- 422 on the writes: the cataloguing rules (a heading, a known revision, an
  existing survivor ...) are the service's, not the body's shape; and 400 on those
  that take a record: a MARCXML body is XML, whose shape no JSON Schema says;
- the one exemption: BARE's own routes (``/authority/rest/...``) answer a deleted
  record with 200 and ``deleted: true``, as BARE did, so ``use_after_free`` is off
  for them and for them only.
"""

from __future__ import annotations

import re
from typing import Any

import schemathesis

ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "410", "412", "429", "5xx"]
"""positive_data_acceptance: schemathesis's defaults and 410, 412."""

FREE_TEXT = (
    "searchAuthorities",
    "suggestAuthorities",
    "lookupAuthority",
    "queryBare",
    "queryBareUrljoined",
    "queryBareUrljoined1",
    "sparqlGet",
    "sparqlPost",
)
RECONCILE = ("reconcileGet", "reconcilePost", "reconcileSuggestEntity")
"""Reconciliation's JSON-in-a-parameter and free-text prefix routes."""
RECORD_WRITES = ("createAuthority", "replaceAuthority", "matchAuthority")
"""Writes whose body may be MARCXML."""
WRITES = (
    "patchAuthority",
    "mergeAuthority",
    "restoreAuthority",
    "revertAuthority",
    "createBareRecord",
    "replaceBareRecord",
    "addBareIdentifier",
    "createBareRecordUrljoined",
    "replaceBareRecordUrljoined",
    "addBareIdentifierUrljoined",
)
BARE_ROUTES = "^/authority/rest/"
"""Where a deleted record is still read (200, ``deleted: true``): the exemption."""


def _accepting(operation_ids: tuple[str, ...], *statuses: str) -> dict[str, Any]:
    pattern = "^(" + "|".join(map(re.escape, operation_ids)) + ")$"
    expected = {"expected-statuses": [*ACCEPTED, *statuses]}
    return {
        "include-operation-id-regex": pattern,
        "checks": {"positive_data_acceptance": expected},
    }


def config(
    max_examples: int, headers: dict[str, str] | None = None
) -> schemathesis.Config:
    """Bounded, the same cases on every run, valid and invalid requests alike.

    ``headers`` (a token) go with every call; the auth checks know them as such.
    """
    return schemathesis.Config.from_dict(
        {
            "headers": headers or {},
            "generation": {
                "max-examples": max_examples,
                "deterministic": True,
                "database": "none",
                "mode": "all",
            },
            "checks": {
                "positive_data_acceptance": {"expected-statuses": ACCEPTED},
                "missing_required_header": {
                    "expected-statuses": ["400", "401", "403", "406", "415", "422"]
                    + ["428"]
                },
            },
            "operations": [
                _accepting(FREE_TEXT, "400"),
                _accepting(RECONCILE, "400"),
                _accepting(WRITES, "422"),
                _accepting(RECORD_WRITES, "400", "422"),
                {
                    "include-path-regex": BARE_ROUTES,
                    "checks": {"use_after_free": {"enabled": False}},
                },
            ],
        }
    )
