"""``python -m authority.api.contracts [--check]``: write the published schema.

Writes ``schema/authority.schema.json`` of the source tree from
:class:`~authority.api.contracts.representation.Authority`; with ``--check``
writes nothing and exits 1 when the committed file differs from the model's.
"""

from __future__ import annotations

import sys
from pathlib import Path

from authority.api.contracts.representation import published_text

PUBLISHED = Path(__file__).resolve().parents[3] / "schema" / "authority.schema.json"
"""The canonical file, in the source tree's top-level ``schema/``."""


def main(arguments: list[str]) -> int:
    """Write (or with ``--check`` compare) the published schema; the exit status."""
    text = published_text()
    if "--check" in arguments:
        current = PUBLISHED.read_text("utf-8") if PUBLISHED.exists() else ""
        if current != text:
            print(f"{PUBLISHED} differs from the model: run without --check")
            return 1
        return 0
    PUBLISHED.write_text(text, "utf-8")
    print(f"wrote {PUBLISHED}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
