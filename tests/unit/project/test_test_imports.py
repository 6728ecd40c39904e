"""Every third-party module the tests import is provided by a dependency that
pyproject.toml declares (the runtime ones or the ``test`` extra): a module that is
only there as another package's dependency works until that package drops it."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support import REPO


def declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    named = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    return {canonicalize_name(Requirement(text).name) for text in named}


def top_level_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.partition(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.partition(".")[0])
    return found


def third_party_imports() -> dict[str, list[str]]:
    """Top-level module -> the test files that import it (stdlib and ours left out)."""
    found: dict[str, list[str]] = {}
    for path in sorted((REPO / "tests").rglob("*.py")):
        for module in top_level_imports(path):
            own = (REPO / module).is_dir() or (REPO / f"{module}.py").is_file()
            if module not in sys.stdlib_module_names and not own:
                found.setdefault(module, []).append(str(path.relative_to(REPO)))
    return found


def test_every_third_party_import_of_the_tests_is_declared() -> None:
    providers = packages_distributions()
    wanted = declared()
    missing = {
        module: files
        for module, files in third_party_imports().items()
        if not {canonicalize_name(d) for d in providers.get(module, [])} & wanted
    }
    assert not missing, f"declare these in pyproject.toml's test extra: {missing}"


def test_the_walk_sees_the_imports_it_checks() -> None:
    imports = third_party_imports()
    assert {"pytest", "rdflib", "html5rdf", "pyshacl"} <= set(imports)
    assert not {"authority", "loaders", "tests", "os"} & set(imports)
