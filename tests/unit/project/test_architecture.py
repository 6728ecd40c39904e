"""The import arrows of architecture.md, checked on the source (ruff TID251 covers the
third-party half; this covers who may import whom inside the project)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]

FORBIDDEN: dict[str, tuple[str, ...]] = {
    "authority/domain": (
        "authority.",
        "flask",
        "sqlalchemy",
        "psycopg",
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
        "sqlalchemy",
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
        "sqlalchemy",
    ),
    "authority/api": (
        "authority.storage",
        "authority.search",
        "sqlalchemy",
        "psycopg",
        "opensearchpy",
    ),
    "authority/search": (
        "authority.api",
        "authority.service",
        "authority.storage",
        "flask",
    ),
    "loaders": (
        "authority.storage",
        "authority.search",
        "sqlalchemy",
        "psycopg",
        "opensearchpy",
    ),
    "authority": ("loaders",),
}
DOMAIN_MAY_IMPORT = ("authority.domain", "authority.errors")
API_MAY_IMPORT = ("authority.search.model",)
"""What a search asks and answers (plain dataclasses, no backend, no client): the
api builds queries and shapes answers with them, as it does with domain types. The
backends themselves stay out of its reach."""


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


@pytest.mark.parametrize(("area", "path"), sources(), ids=lambda v: str(v))
def test_imports_follow_the_arrows(area: str, path: Path) -> None:
    for name in imports(path):
        for banned in FORBIDDEN[area]:
            if area == "authority/domain" and name.startswith(DOMAIN_MAY_IMPORT):
                continue
            if area == "authority/api" and name.startswith(API_MAY_IMPORT):
                continue
            assert not (name == banned.rstrip(".") or name.startswith(banned)), (
                f"{path.relative_to(REPO)} imports {name} (architecture.md forbids it)"
            )


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
