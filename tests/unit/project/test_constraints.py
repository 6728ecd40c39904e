"""constraints.txt (tools/refresh_constraints.py) pins every dependency pyproject.toml
names, within its bounds, and not the project itself: a dependency added without a
refresh is caught here, not by a red CI run on some later day."""

from __future__ import annotations

import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support import REPO


def pins() -> dict[str, str]:
    found = {}
    for line in (REPO / "constraints.txt").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            found[canonicalize_name(name)] = version
    return found


def test_every_dependency_is_pinned_within_its_bounds() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    named = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    pinned = pins()
    for requirement in map(Requirement, named):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} is not in constraints.txt: refresh it"
        assert requirement.specifier.contains(pinned[name], prereleases=True), name
    assert canonicalize_name(project["name"]) not in pinned
