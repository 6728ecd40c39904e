"""``authority load`` and ``authority load-report``: the migration commands.

``authority`` never imports ``loaders`` (architecture.md): ``pyproject.toml`` names
these commands in the ``authority.commands`` entry points, and the ``authority``
group (``authority/cli.py``) reads them from there.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
from contextlib import ExitStack
from typing import IO, Any

import click
from flask.cli import with_appcontext
from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

from authority.cli import closing_runtime, start_database
from authority.domain import Actor
from authority.errors import DatabaseUnavailableError
from authority.extension import runtime
from authority.service import LoadingService
from loaders.pipeline import (
    SOURCES,
    SUFFIXES,
    UnknownSourceError,
    detect,
    estimate,
    items,
    load,
)
from loaders.report import load_report

READER_PROCESS_BYTES = 20 << 20
"""From this much input a second process reads while the first writes."""

_paths = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, file_okay=True)
)
_source = click.option(
    "--source", type=click.Choice(SOURCES), help="The files' source (default: guess)."
)


@click.command("load")
@_paths
@_source
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False, writable=True),
    help="Write one JSON line per bad record (file, position, id, reason, raw).",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, writable=True),
    help="After the load, write the load report (JSON) to this file.",
)
@click.option("--dry-run", is_flag=True, help="Read and map everything, write nothing.")
@click.option("--limit", type=click.IntRange(min=1), help="Stop after N records.")
@click.option(
    "--reader",
    type=click.Choice(["auto", "process", "inline"]),
    default="auto",
    show_default=True,
    help="Read and map in a second process while this one writes (auto: for "
    f"inputs of {READER_PROCESS_BYTES >> 20} MB or more).",
)
@with_appcontext
@closing_runtime
def load_command(
    paths: tuple[str, ...],
    source: str | None,
    errors_path: str | None,
    dry_run: bool,
    limit: int | None,
    reader: str,
    report_path: str | None,
) -> None:
    """Load legacy exports: created, updated, unchanged or error for each record.

    Exit code 0 when every record loaded, 1 when some were refused, 2 for usage
    errors (an unknown file type without --source, a missing file).
    """
    files = _files(paths, source)
    service = _writer(dry_run)
    with ExitStack() as stack:
        errors = None
        if errors_path:
            errors = stack.enter_context(open(errors_path, "w", encoding="utf-8"))
        bar = stack.enter_context(
            tqdm(unit=" records", file=sys.stderr, disable=not sys.stderr.isatty())
        )
        if not bar.disable:
            # Log records (a warning from below) go round the bar, not through it.
            stack.enter_context(logging_redirect_tqdm(tqdm_class=tqdm))
            _estimate_in_background(files, limit, bar)
        report = load(
            service,
            files,
            Actor(f"load:{source or 'auto'}"),
            dry_run=dry_run,
            limit=limit,
            on_error=lambda entry: _report_error(entry, errors, bar),
            progress=bar.update,
            reader_process=_reader_process(reader, files),
        )
    click.echo(report.summary() + _dry_run_note(dry_run, service))
    if report_path and not dry_run:
        _write_load_report(files, report_path)
    if report.counts["errors"]:
        sys.exit(1)


@click.command("load-report")
@_paths
@_source
@click.option(
    "--report",
    "report_path",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="Where to write the report (JSON).",
)
@with_appcontext
@closing_runtime
def load_report_command(
    paths: tuple[str, ...], source: str | None, report_path: str
) -> None:
    """Compare loaded files with the database: counts, ids, differences (JSON).

    Exit code 0 when every record is stored as it came in, 1 when some are missing
    or differ.
    """
    files = _files(paths, source)
    start_database()
    if not _write_load_report(files, report_path):
        sys.exit(1)


def _files(paths: tuple[str, ...], source: str | None) -> list[tuple[str, str]]:
    """(path, source) of each file; a folder stands for its files, in name order.

    Only a folder's files with a suffix of the sources' (:data:`SUFFIXES`) count:
    an export folder also holds checksums, logs and notes.
    """
    found: list[str] = []
    for path in paths:
        if not os.path.isdir(path):
            found.append(path)
            continue
        inside = sorted(
            entry.path
            for entry in os.scandir(path)
            if entry.is_file() and os.path.splitext(entry.name)[1].lower() in SUFFIXES
        )
        if not inside:
            known = " ".join(SUFFIXES)
            raise click.UsageError(f"{path}: no file in it ends in one of {known}")
        found.extend(inside)
    try:
        return [(path, source or detect(path)) for path in found]
    except UnknownSourceError as error:
        raise click.UsageError(str(error)) from error


def _write_load_report(files: list[tuple[str, str]], report_path: str) -> bool:
    """Write the report; say in one line what it found; True when all is well."""
    document = load_report(runtime().services, files, items)
    with open(report_path, "w", encoding="utf-8") as stream:
        json.dump(document, stream, ensure_ascii=False, indent=2)
    ids, found = document["ids"], document["differences"]
    click.echo(
        f"load report: {ids['in_source']:,} source ids · {ids['found']:,} stored · "
        f"{ids['missing']:,} missing · {found['differing']:,} of "
        f"{found['compared']:,} differ · {ids['only_in_database']:,} only in the "
        f"database -> {report_path}"
    )
    return not ids["missing"] and not found["differing"]


def _writer(dry_run: bool) -> LoadingService | None:
    """The service a load writes with; a dry run's rolls every batch back.

    A dry run changes nothing, not even the schema: it makes no embedded server,
    migrates nothing, and without a usable database it reads and checks every
    record on its own (None).
    """
    if not dry_run:
        start_database()
        return runtime().services.loading
    if not runtime().has_database:
        click.echo("dry run without a database: none is configured yet", err=True)
        return None
    try:
        usable, why = runtime().database.is_ready()
    except DatabaseUnavailableError as error:
        usable, why = False, str(error)
    if not usable:
        click.echo(f"dry run without a database: {why}", err=True)
        return None
    return runtime().rehearsal


def _dry_run_note(dry_run: bool, service: LoadingService | None) -> str:
    if not dry_run:
        return ""
    if service is None:
        return " (dry run without a database: checked, not against what is stored)"
    return " (dry run: nothing written)"


def _reader_process(choice: str, files: list[tuple[str, str]]) -> bool:
    if choice != "auto":
        return choice == "process"
    return sum(os.path.getsize(path) for path, _ in files) >= READER_PROCESS_BYTES


def _estimate_in_background(
    files: list[tuple[str, str]], limit: int | None, bar: tqdm[Any]
) -> None:
    """Give the bar a total (so an ETA) once a quick count of the records is done."""

    def count() -> None:
        total = 0
        for path, source in files:
            found = estimate(path, source)
            if found is None:
                return  # no ETA rather than a wrong one
            total += found
        bar.total = min(total, limit) if limit else total
        bar.refresh()

    threading.Thread(target=count, name="record-count", daemon=True).start()


def _report_error(
    entry: dict[str, Any], errors: IO[str] | None, bar: tqdm[Any]
) -> None:
    line = _visible(
        f"error {entry['file']} #{entry['position']}"
        f"{' (' + entry['id'] + ')' if entry['id'] else ''}: {entry['reason']}"
    )
    if bar.disable:  # not a terminal: plain lines (click strips any ANSI)
        click.echo(line, err=True)
    else:  # clear the bar, print the line whole, draw the bar again below it
        bar.write(line, file=sys.stderr)
    if errors is not None:
        errors.write(json.dumps(entry, ensure_ascii=False) + "\n")


CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""C0 and C1 controls: ESC starts a terminal's escape sequences (and MARC-8's)."""


def _visible(line: str) -> str:
    """``line`` with its control characters written out (ESC as backslash-x1b).

    An error quotes the input, and an input's ESC or CR would drive the terminal
    (or hide text in a log file) instead of being shown.
    """
    return CONTROLS.sub(lambda found: f"\\x{ord(found.group()):02x}", line)
