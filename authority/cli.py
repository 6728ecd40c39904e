"""The ``authority`` command: serve, db, export, index, token, and what others add.

The console script starts here (:func:`main`). Commands of other packages join the
group through the ``authority.commands`` entry points (``loaders`` adds ``load`` and
``load-report`` in ``pyproject.toml``), read when the group is first asked for a
command: ``authority`` never imports them (architecture.md), and nothing is
registered as a side effect of an import.
"""

from __future__ import annotations

import errno
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from functools import wraps
from importlib import metadata
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from tqdm import tqdm

from authority import create_app
from authority.domain import Kind
from authority.domain.tokens import Role
from authority.errors import AuthorityError, ConfigurationError
from authority.export.dump import dump
from authority.export.job import ExportJob, dump_formats
from authority.export.output import output as dump_output
from authority.extension import runtime
from authority.machine import cores
from authority.search.model import IndexReport

if TYPE_CHECKING:  # imported where used: only these commands load pyoxigraph
    from authority.service.sparql import SparqlService

F = TypeVar("F", bound=Callable[..., Any])

COMMANDS = "authority.commands"
"""Entry-point group of the commands other packages add to ``authority``."""
FOLLOWER_RETRY = 5.0
"""Seconds ``serve``'s SPARQL follower waits after a failure (a database restarting)."""
FOLLOWER_STOP = 30.0
"""Seconds ``serve`` waits for its SPARQL follower to end its round before the
database stops."""
PARALLEL_FROM = 10_000
"""Below this many authorities, starting worker processes costs more than it saves."""


class AuthorityGroup(FlaskGroup):
    """A FlaskGroup with :data:`COMMANDS`; domain errors become one-line messages."""

    _entry_points_read = False

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """The command ``name``, an entry point's included."""
        self._add_entry_point_commands()
        return super().get_command(ctx, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, the entry points' included."""
        self._add_entry_point_commands()
        return super().list_commands(ctx)

    def _add_entry_point_commands(self) -> None:
        if self._entry_points_read:
            return
        self._entry_points_read = True
        for entry in metadata.entry_points(group=COMMANDS):
            try:
                command = entry.load()
            except (ImportError, AttributeError) as error:
                # an install older than the code (a command renamed or removed
                # since): the other commands still run; this one is named
                click.echo(f"Warning: command {entry.name!r} ({entry.value}) does "
                           f"not load: {error}; reinstall authority (pip install "
                           "--no-deps -e .)", err=True)  # fmt: skip
                continue
            self.add_command(command, entry.name)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; an AuthorityError becomes ``Error: <message>``."""
        try:
            return super().invoke(ctx)
        except AuthorityError as error:
            raise click.ClickException(str(error)) from error


cli = AuthorityGroup(
    create_app=lambda: create_app(),
    add_default_commands=False,
    add_version_option=False,
    help="The national authority register.",
)


def closing_runtime(command: F) -> F:
    """Stop the embedded PostgreSQL (if any) when the command ends, however it ends."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        finally:
            runtime(current_app).close()

    return wrapper  # type: ignore[return-value]


@cli.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Interface to listen on."
)
@click.option(
    "--port", default=5000, show_default=True, type=int, help="Port to listen on."
)
@click.option(
    "--demo", is_flag=True, help="Load the bundled demo records (real BARE data)."
)
@with_appcontext
@closing_runtime
def serve(host: str, port: int, demo: bool) -> None:
    """Start the service (on the embedded PostgreSQL unless DATABASE_URL is set)."""
    _check_port_free(host, port)
    if not os.environ.get("AUTHORITY_BASE_URI"):  # URIs that lead back here
        current_app.config["BASE_URI"] = listening_uri(host, port)
    fail = _stop_on_signals()
    database = start_database()
    embedded = runtime().database.embedded
    if embedded is not None:  # a dead server is started again, or serve stops
        embedded.keep_alive(on_failure=fail)
    runtime().services.index.prepare()
    follower = _follow_sparql_in_background()
    if demo:
        from authority import demo as demo_set

        outcomes = demo_set.load(runtime().services.loading)
        summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(outcomes.items()))
        click.echo(f"Demo records: {summary}. Try /authorities/90067942")
        secret = demo_set.workbench_token(runtime().tokens)
        click.echo(
            f"Workbench: http://{host}:{port}/ - sign in at /login with the demo "
            f"administrator's token {secret}"
        )
    click.echo(
        f"Serving on http://{host}:{port}/ as {current_app.config['BASE_URI']} "
        f"(database: {database}); Ctrl-C stops."
    )
    from werkzeug.serving import run_simple

    from authority.api.limits import ProblemRequestHandler

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        run_simple(
            host,
            port,
            app,
            threaded=True,
            use_reloader=False,
            request_handler=ProblemRequestHandler,  # its own errors as problem+json
        )
    finally:
        follower.stop(FOLLOWER_STOP)  # before the database stops under it


def listening_uri(host: str, port: int) -> str:
    """The base URI of ``serve --host --port`` when ``AUTHORITY_BASE_URI`` is unset.

    A wildcard address is no address to hand out: loopback stands for it (set
    ``AUTHORITY_BASE_URI`` to the name clients use).
    """
    shown = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host  # noqa: S104
    if ":" in shown:  # an IPv6 address
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def start_database() -> str:
    """Connect (or start the embedded server), migrate unless told not to; a label."""
    database = runtime().database
    if current_app.config["AUTO_MIGRATE"]:
        database.upgrade()
    if database.embedded is not None:
        return f"embedded PostgreSQL in {database.embedded.data_dir}"
    return database.engine.url.render_as_string(hide_password=True)


def _check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            reason = (
                "is in use"
                if error.errno == errno.EADDRINUSE
                else f"is unusable ({error.strerror})"
            )
            raise ConfigurationError(f"port {port} on {host} {reason}") from error


def _stop_on_signals() -> Callable[[AuthorityError], None]:
    """Stop serving on SIGTERM and SIGINT; the function returned stops with an error.

    The error (from another thread: the embedded PostgreSQL's watch) is raised in
    the main thread, so ``serve`` ends as on Ctrl-C but says why and exits 1.
    """
    # SIGTERM (from a process manager) ends the process like Ctrl-C does, so the
    # finally-blocks run and the embedded PostgreSQL is stopped, not orphaned.
    # SIGINT gets the same handler explicitly: a shell starts a background job
    # (`authority serve &` in a script, a CI step) with SIGINT ignored, and Python
    # then never turns it into KeyboardInterrupt.
    failures: list[AuthorityError] = []

    def raise_interrupt(signum: int, frame: FrameType | None) -> None:
        if failures:
            raise failures[0]
        raise KeyboardInterrupt

    def fail(error: AuthorityError) -> None:
        failures.append(error)
        os.kill(os.getpid(), signal.SIGTERM)

    signal.signal(signal.SIGTERM, raise_interrupt)
    signal.signal(signal.SIGINT, raise_interrupt)
    return fail


@cli.group()
def db() -> None:
    """Database schema: upgrade, current."""


@db.command()
@with_appcontext
@closing_runtime
def upgrade() -> None:
    """Run the migrations to the newest schema."""
    runtime().database.upgrade()
    click.echo(f"Database at {runtime().database.is_ready()[1]}.")


@db.command()
@with_appcontext
@closing_runtime
def current() -> None:
    """Print the schema revision the database is at."""
    from authority.storage import migrate

    click.echo(migrate.current(runtime().database.engine) or "(empty database)")


def _parallel(total: int) -> int:
    """Processes for work over ``total`` authorities: one per core when it pays."""
    return cores() if total >= PARALLEL_FROM else 1


def _export_job(
    form: str, workers: int, kind: Kind | None = None, full: bool = False
) -> ExportJob:
    """An export (or a dump's form) with this app's settings and database."""
    config = current_app.config
    return ExportJob(
        form,
        kind=kind,
        organization_code=config["ORGANIZATION_CODE"],
        full=full,
        base_uri=config["BASE_URI"],
        workers=workers,
        database_url=runtime().database.url,
        range_size=config["EXPORT_RANGE"],
    )


@cli.command()
@click.option(
    "--format",
    "form",
    required=True,
    type=click.Choice(dump_formats()),
    help="Output format.",
)
@click.option(
    "--kind", type=click.Choice([k.value for k in Kind]), help="Only this kind."
)
@click.option(
    "--output",
    default="-",
    show_default=True,
    help="File to write (gzipped when it ends in .gz); - is standard output.",
)
@click.option(
    "--full",
    is_flag=True,
    help="MARC only: include private identifiers and internal notes (backups, not "
    "publication). RDF is always the public view.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="RDF only: processes writing side by side; 0 = one per core (at most 8) "
    f"for a large register (>= {PARALLEL_FROM:,} authorities), else one.",
)
@with_appcontext
@closing_runtime
def export(form: str, kind: str | None, output: str, full: bool, workers: int) -> None:
    """Export the whole register (or one kind), streamed, deleted records included."""
    chosen = Kind(kind) if kind else None
    reading = runtime().services.reading
    total = reading.count(chosen)
    job = _export_job(form, workers or _parallel(total), kind=chosen, full=full)
    with (
        tqdm(
            total=total,
            unit=" records",
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
        ) as bar,
        dump_output(output) as stream,
    ):
        report = dump(reading, job, stream, progress=bar.update)
    for authority_id, reason in report.skipped:
        click.echo(f"skipped {authority_id}: {reason}", err=True)
    for authority_id, where in report.replaced:
        click.echo(f"replaced by U+FFFD in {authority_id}: {where}", err=True)
    click.echo(f"Exported {report.written} authorities as {form}.", err=True)
    if report.skipped or report.replaced:
        raise click.ClickException(
            f"{len(report.skipped)} could not be written, {len(report.replaced)} "
            "were written with characters replaced by U+FFFD"
        )


@cli.command("dump")
@click.option("--force", is_flag=True, help="Dump even when the last dump is current.")
@click.option(
    "--keep",
    type=click.IntRange(min=2),
    default=2,
    show_default=True,
    help="Complete dumps kept in the dump folder (the new one included); at least "
    "2, so that a download that read the previous manifest still finds its file.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Processes writing the RDF forms; 0 = one per core (at most 8) for a "
    f"large register (>= {PARALLEL_FROM:,} authorities), else one.",
)
@with_appcontext
@closing_runtime
def dump_command(force: bool, keep: int, workers: int) -> None:
    """Publish the whole register in every form into DUMP_DIR, with a manifest.

    One consistent snapshot (safe while the service writes); nothing is written
    when the last dump already holds the change log's head (--force does).
    """
    from authority.export.folder import DumpFolder
    from authority.export.publish import run_dump
    from authority.extension import dump_dir

    start_database()
    services = runtime().services
    total = services.reading.count()
    job = _export_job("nt", workers or _parallel(total))
    folder = DumpFolder(dump_dir(current_app.config))
    with tqdm(unit=" records", file=sys.stderr, disable=not sys.stderr.isatty()) as bar:
        outcome = run_dump(
            services.dumping, folder, job, force=force, keep=keep,
            progress=bar.update, started=bar.reset,
        )  # fmt: skip
    manifest = outcome.manifest
    if manifest is None:
        click.echo(
            f"The dump in {folder.path} is current (change {outcome.head}); "
            "nothing written (--force writes it again)."
        )
        return
    for file in manifest.files:
        click.echo(f"{file.name}\t{file.records} records\t{file.bytes} bytes")
    for left_out in manifest.omitted:
        click.echo(f"left out {left_out.format}: {left_out.reason}", err=True)
    click.echo(
        f"Dumped {manifest.records} authorities at change {manifest.seq} into "
        f"{folder.path / manifest.dump}; removed {len(outcome.removed)} old dumps."
    )


@cli.group()
def index() -> None:
    """Search index operations."""


@index.command()
@with_appcontext
@closing_runtime
def rebuild() -> None:
    """Write the search index again from the database.

    OpenSearch builds a new index and switches to it when complete, so searches
    keep working meanwhile.
    """
    start_database()
    started = time.perf_counter()
    count = runtime().services.index.rebuild()
    seconds = time.perf_counter() - started
    click.echo(f"Indexed {count} authorities in {seconds:.1f} s.")


@index.command()
@click.option(
    "--repair", is_flag=True, help="Write missing and stale ids again; drop extra ones."
)
@with_appcontext
@closing_runtime
def check(repair: bool) -> None:
    """Compare the search index with the database; exit 1 when they differ."""
    start_database()
    report = runtime().services.index.check(repair=repair)
    _say_checked(report, repair, repaired=len(report.ids_to_repair))


def _say_checked(report: IndexReport, repair: bool, repaired: int) -> None:
    """A derived view's check against the database, said: counts, ids, exit status.

    The search index's and the SPARQL store's checks report alike.
    """
    click.echo(
        f"{report.expected} in the database; missing {len(report.missing)}, "
        f"stale {len(report.stale)}, extra {len(report.extra)}"
    )
    for label, ids in (("missing", report.missing), ("stale", report.stale),
                       ("extra", report.extra)):  # fmt: skip
        for authority_id in ids[:20]:
            click.echo(f"{label} {authority_id}")
    if repair and not report.ok:
        click.echo(f"Repaired {repaired}.")
    elif not report.ok:
        sys.exit(1)


@cli.group()
def token() -> None:
    """API tokens for cataloguers and administrators."""


@token.command("create")
@click.option("--name", required=True, help="Who holds it; the change log says so.")
@click.option(
    "--role",
    required=True,
    type=click.Choice([r.value for r in Role]),
    help="cataloguer: create, edit, merge. admin: also delete, restore, revert.",
)
@click.option("--institution", help="The holder's library (a code such as NTNU).")
@with_appcontext
@closing_runtime
def token_create(name: str, role: str, institution: str | None) -> None:
    """Make a token and print it, alone, on standard output (shown only once)."""
    start_database()
    _, secret = runtime().tokens.create(name, Role(role), institution)
    click.echo(secret)


@token.command("list")
@with_appcontext
@closing_runtime
def token_list() -> None:
    """Every token: name, role, institution, created, revoked (never the secret)."""
    start_database()
    for t in runtime().tokens.all():
        revoked = f"revoked {t.revoked:%Y-%m-%d %H:%M}" if t.revoked else "live"
        click.echo(
            f"{t.name}\t{t.role}\t{t.institution or '-'}\t"
            f"{t.created:%Y-%m-%d %H:%M}\t{revoked}"
        )


@token.command("revoke")
@click.argument("name")
@with_appcontext
@closing_runtime
def token_revoke(name: str) -> None:
    """Revoke a token at once; its name stays in the change log and the list."""
    start_database()
    runtime().tokens.revoke(name)
    click.echo(f"Revoked {name}.")


@cli.group()
def sparql() -> None:
    """The SPARQL endpoint's RDF store: rebuild, follow the change log, check."""


def _sparql_service() -> SparqlService:
    from authority.service.sparql import SparqlService

    services = runtime().services
    return SparqlService.configured(
        services.register, services.reading, current_app.config
    )


class Follower:
    """``serve``'s SPARQL writer thread, and how to stop it."""

    def __init__(self, target: Callable[[threading.Event], None]) -> None:
        self._stop = threading.Event()
        self.thread = threading.Thread(
            target=target, args=(self._stop,), name="sparql-follower", daemon=True
        )
        self.thread.start()

    def stop(self, timeout: float) -> None:
        """Ask it to stop and wait (at most ``timeout``) until it has."""
        self._stop.set()
        self.thread.join(timeout)
        if self.thread.is_alive():
            logging.getLogger(__name__).warning(
                "the SPARQL follower did not stop within %s s", timeout
            )


def _follow_sparql_in_background() -> Follower:
    """``serve``'s SPARQL writer: build the store if there is none, then follow.

    A thread of the serving process, so that the embedded default needs no second
    command. It gives way (ends) when another process is the writer already, e.g.
    ``authority sparql follow`` beside gunicorn, or another ``serve`` on the same
    SPARQL_DIR (the build takes the writer's lock too). ``stop`` on what it
    returns ends it (at its next round) and waits for it.
    """
    from authority.sparql.folder import WriterBusy

    service = _sparql_service()

    def follow(stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                service.build_if_missing()
                service.follow(stop)
            except WriterBusy:
                return
            except Exception as error:  # e.g. the database restarting: wait, again
                if stop.is_set():
                    return
                logging.getLogger(__name__).warning(
                    "the SPARQL follower waits %s s: %s", FOLLOWER_RETRY, error
                )
                stop.wait(FOLLOWER_RETRY)

    return Follower(follow)


@sparql.command("rebuild")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Processes that read and map records: default one per core "
    f"for a large register (>= {PARALLEL_FROM:,} authorities), else one.",
)
@with_appcontext
@closing_runtime
def sparql_rebuild(workers: int | None) -> None:
    """Build the store again from the database, beside the old one, then swap."""
    start_database()
    started = time.perf_counter()
    services = runtime().services
    if workers is None:
        workers = _parallel(services.reading.count())
    done = _sparql_service().rebuild(
        workers=workers, database_url=runtime().database.url
    )
    seconds = time.perf_counter() - started
    click.echo(
        f"Stored {done.count} authorities (change {done.seq}) in {seconds:.1f} s."
    )


@sparql.command("follow")
@click.option("--once", is_flag=True, help="Apply what is there now, then stop.")
@with_appcontext
@closing_runtime
def sparql_follow(once: bool) -> None:
    """Keep the store current from the change log: the one writer (Ctrl-C stops)."""
    from authority.sparql.folder import WriterBusy

    start_database()
    service = _sparql_service()
    if service.folder.writer_store is None:
        raise click.ClickException("no SPARQL store: run authority sparql rebuild")
    stop = threading.Event()
    if once:
        stop.set()
        seq = service.catch_up()
        click.echo(f"The SPARQL store is current to change {seq}.")
        return
    try:
        service.follow(stop)
    except WriterBusy as busy:
        raise click.ClickException(f"another writer follows {busy}") from None


@sparql.command("check")
@click.option(
    "--repair", is_flag=True, help="Write missing and stale ids again; drop extra ones."
)
@with_appcontext
@closing_runtime
def sparql_check(repair: bool) -> None:
    """Compare the SPARQL store with the database; exit 1 when they differ."""
    from authority.sparql.folder import WriterBusy

    start_database()
    try:
        report = _sparql_service().check(repair=repair)
    except WriterBusy as busy:
        raise click.ClickException(
            f"the writer (authority sparql follow) holds {busy}: stop it to repair"
        ) from None
    _say_checked(report, repair, len(report.ids_to_repair) + len(report.extra))


def main() -> None:
    """Entry point of the ``authority`` console script."""
    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        cli.main(prog_name="authority")
    except KeyboardInterrupt:
        sys.exit(130)
