"""Write constraints.txt: the test environment pinned, as pip resolves it today.

Every package ``.[test]`` installs, the project itself left out.

CI and the README's test command install with ``-c constraints.txt``, so a release
made tomorrow cannot turn the suite red. Move to newer releases deliberately:

    python tools/refresh_constraints.py
    python -m pip install -c constraints.txt -e '.[test]' && python -m pytest

After adding a dependency to pyproject.toml, ``--keep`` pins only what is new (and
what it needs), keeping every existing pin that still fits:

    python tools/refresh_constraints.py --keep

and commit the new constraints.txt with whatever the newer releases needed. Nothing
is installed here: ``pip install --dry-run --ignore-installed --report`` resolves the
newest versions that pyproject.toml allows, for this Python on this platform (CI's
CPython 3.11 on Linux x86-64).
"""

from __future__ import annotations

import json
import platform
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "constraints.txt"


def canonical(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def resolve(keep: bool = False) -> dict[str, str]:
    """Name -> version of every distribution ``.[test]`` installs, but the project.

    ``keep``: resolved under today's constraints, so that only new distributions
    get new versions.
    """
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(  # noqa: S603 (our own interpreter, a fixed command)
            [sys.executable, "-m", "pip", "install", "--quiet", "--dry-run",
             "--ignore-installed", "--report", str(report), f"{REPO}[test]",
             *(["-c", str(OUTPUT)] if keep else [])],
            check=True,
        )  # fmt: skip
        resolved = [i["metadata"] for i in json.loads(report.read_text())["install"]]
    pins = {canonical(m["name"]): m["version"] for m in resolved}
    pins.pop(canonical(project["name"]))
    return dict(sorted(pins.items()))


def main(argv: list[str]) -> None:
    """Resolve and write constraints.txt (``--keep``: today's pins kept)."""
    pins = resolve(keep="--keep" in argv)
    python = f"{platform.python_implementation()} {platform.python_version()}"
    lines = [
        "# The test environment, pinned: made by tools/refresh_constraints.py",
        f"# (pip's resolution of .[test] for {python} on {sys.platform}).",
        "# Do not edit by hand; refresh deliberately (README: Tests).",
        *(f"{name}=={version}" for name, version in pins.items()),
    ]
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUTPUT.name}: {len(pins)} packages pinned")


if __name__ == "__main__":
    main(sys.argv[1:])
