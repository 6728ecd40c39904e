"""What the build puts where: the console script starts in ``authority``, loaders'
commands join it as entry points, ``schema/`` travels as package data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import click
import pytest

from authority.schema_files import schema_file

REPO = Path(__file__).resolve().parents[3]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
SCHEMA_FILES = sorted(
    str(path.relative_to(REPO / "schema"))
    for path in (REPO / "schema").rglob("*")
    if path.is_file() and "__pycache__" not in path.parts
)
BUILT_FROM = ("authority", "loaders", "schema", "pyproject.toml", "setup.py",
              "MANIFEST.in", "README.md")  # fmt: skip

INSTALLED_PROBE = """
import json, sys
from authority import create_app
from authority.schema_files import schema_file
page = create_app().test_client().get("/schema/authority.schema.json")
found = {name: str(schema_file(name)) for name in sys.argv[1:]}
print(json.dumps([found, page.status_code, page.get_data(as_text=True)]))
"""
"""Run from a folder with no checkout: what the installed package finds."""


def declared_commands() -> dict[str, str]:
    commands: dict[str, str] = PROJECT["entry-points"]["authority.commands"]
    return commands


def test_the_console_script_starts_in_authority() -> None:
    assert PROJECT["scripts"] == {"authority": "authority.cli:main"}


def test_the_command_line_registers_nothing_on_import() -> None:
    probe = "import sys, authority.cli; print(' '.join(sys.modules))"
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    loaded = run.stdout.split()
    assert "authority.cli" in loaded
    assert not [name for name in loaded if name.split(".")[0] == "loaders"]


def test_loaders_commands_are_the_entry_points_of_the_group() -> None:
    assert declared_commands() == {
        "load": "loaders.cli:load_command",
        "load-report": "loaders.cli:load_report_command",
    }
    for name, target in declared_commands().items():
        command = metadata.EntryPoint(name, target, "authority.commands").load()
        assert isinstance(command, click.Command) and command.name == name


def test_the_installed_metadata_declares_the_same_commands() -> None:
    # The group finds `load` in the installed metadata, not in pyproject.toml: an
    # install older than this file leaves `authority load` unknown.
    installed = metadata.distribution("authority").entry_points
    found = {e.name: e.value for e in installed.select(group="authority.commands")}
    scripts = {e.name: e.value for e in installed.select(group="console_scripts")}
    assert (found, scripts) == (declared_commands(), PROJECT["scripts"]), (
        "the installed authority's entry points are not pyproject.toml's: "
        "reinstall it (python -m pip install --no-deps -e .)"
    )


def test_a_checkout_reads_schema_from_the_top_level_folder() -> None:
    assert not os.path.lexists(REPO / "authority" / "schema")  # no symlink, no copy
    for name in SCHEMA_FILES:
        found = schema_file(name)
        assert Path(str(found)) == REPO / "schema" / name
        assert found.read_bytes() == (REPO / "schema" / name).read_bytes()


@pytest.mark.slow
def test_the_wheel_carries_schema_as_package_data(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for name in SCHEMA_FILES:
            packaged = f"authority/schema/{name}"
            assert packaged in names
            assert archive.read(packaged) == (REPO / "schema" / name).read_bytes()
        [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        text = archive.read(entry_points).decode()
    assert "[authority.commands]\nload = loaders.cli:load_command" in text
    assert "[console_scripts]\nauthority = authority.cli:main" in text

    site = tmp_path / "site"  # installed from the wheel alone, no checkout in reach
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target"]
    subprocess.run([*pip, str(site), str(wheel)], check=True, timeout=300)
    run = subprocess.run(
        [sys.executable, "-c", INSTALLED_PROBE, *SCHEMA_FILES],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    found, status, published = json.loads(run.stdout)
    assert found == {n: str(site / "authority" / "schema" / n) for n in SCHEMA_FILES}
    assert status == 200
    assert published == (REPO / "schema" / "authority.schema.json").read_text("utf-8")


def build_wheel(tmp_path: Path) -> Path:
    """The wheel as pip builds it, from a copy (the build writes beside its source)."""
    source = tmp_path / "source"
    for name in BUILT_FROM:
        if (REPO / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(REPO / name, source / name, ignore=ignore)
        else:
            shutil.copy(REPO / name, source / name)
    out = tmp_path / "wheels"
    build = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out)]
    run = subprocess.run(
        [*build, str(source)], capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stdout + run.stderr
    [wheel] = out.glob("authority-*.whl")
    return wheel


def test_the_old_reconcile_name_is_gone() -> None:
    # /reconcile is OpenRefine's protocol since issue 20; the migration report is
    # load-report only (operators run the migration once, with the README's name).
    import loaders.cli

    assert not hasattr(loaders.cli, "reconcile_command")
    assert "reconcile" not in declared_commands()


def test_a_command_an_old_install_still_names_leaves_the_others_running(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An install older than the code (this branch's: `reconcile` removed) names a
    # command that no longer loads: a warning saying so, not a crash of every one.
    from click.testing import CliRunner

    import authority.cli

    group_name = authority.cli.COMMANDS
    entries = [
        metadata.EntryPoint(name, target, group_name)
        for name, target in declared_commands().items()
    ]
    entries.append(metadata.EntryPoint("gone", "loaders.cli:gone", group_name))
    monkeypatch.setattr(
        authority.cli.metadata,
        "entry_points",
        lambda group: entries if group == group_name else [],
    )
    group = authority.cli.AuthorityGroup(name="authority", add_default_commands=False)
    result = CliRunner().invoke(group, ["--help"])
    assert result.exit_code == 0, result.output
    assert "load-report" in result.stdout and "gone" not in result.stdout
    assert "'gone'" in result.stderr and "reinstall" in result.stderr
