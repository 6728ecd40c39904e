"""Creating and editing: ``/authorities/new`` and ``/authorities/<id>/edit``.

One form, two views of the same record: the MARC field editor (``web/forms.py``)
and the structured form for the common cases (``web/forms_structured.py``). Every
button is a submit button named ``action``: editing actions re-render the form
unsaved, ``save`` goes through the cataloguing service as the API's writes do. The
record checks' errors refuse the save and show next to their inputs; warnings do
not. A create that looks like a duplicate shows the candidates first (the API's
409; ``create-anyway`` is its ``force``); an edit based on a stale revision shows
the other person's change instead of overwriting it (the API's 412, here 409: the
form's hidden revision is no HTTP precondition, and the page is the conflict's
resolution, not a retry with other headers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NoReturn

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.wrappers import Response

from authority.domain import Authority, Field, Kind
from authority.domain.diff import changes
from authority.domain.ids import is_valid_id
from authority.domain.view import kind_of
from authority.errors import (
    LikelyDuplicateError,
    NotFoundError,
    NotWritableError,
    Problem,
    RevisionMismatchError,
    ValidationError,
)
from authority.extension import services
from authority.web.blueprint import blueprint
from authority.web.forms import (
    FIELDS_ID,
    MAX_FIELDS,
    MAX_SUBFIELDS,
    Row,
    apply_action,
    breaks_of,
    display_order,
    fields_of,
    heading_position,
    locate,
    number,
    parse_rows,
    row_errors,
    rows_of,
    too_many_subfields,
)
from authority.web.forms_structured import (
    parse_structured,
    read_structured,
    scheme_choices,
    write_structured,
)
from authority.web.i18n import chosen_language
from authority.web.labels import ACTIONS
from authority.web.marc_text import line_of
from authority.web.session import require

EDITING = (
    *("add-field", "remove-field", "add-subfield", "remove-subfield"),
    *("move-up", "move-down", "move-subfield-up", "move-subfield-down"),
)
"""The actions that change the rows and show the form again, unsaved."""
FORM_PARTS = 20_000
"""Inputs an edit form may send (Flask's default of 1,000 is a record of ~150
fields); the form itself caps rows at MAX_FIELDS with a message."""
MAX_WARNINGS = 5
"""Warnings carried to the next page (the session cookie has room for a few)."""
MAX_WARNING = 300
"""Characters of a warning carried to the next page (it may quote a long value):
five of them stay well inside the 4 KB a browser keeps of a cookie."""


@dataclass
class Draft:
    """A record on its way through the form: rows, and what to say about them."""

    rows: list[Row]
    view: str = "marc"
    errors: dict[str, Markup | str] = field(default_factory=dict)
    warnings: list[Markup] = field(default_factory=list)
    focus: str | None = None


blueprint.add_app_template_global(breaks_of, "breaks_of")


@blueprint.before_request
def _room_for_records() -> None:
    if request.endpoint in ("web.new_authority", "web.edit"):
        request.max_form_parts = FORM_PARTS


@blueprint.route("/authorities/new", methods=["GET", "POST"])
def new_authority() -> Response | tuple[str, int] | str:
    """The form for a new authority; POST edits it or creates it."""
    principal = require()
    if request.method == "GET":
        return _page(Draft(rows_of(NEW_RECORD), view="form"), None)
    draft, action = _submitted()
    if action not in ("save", "create-anyway") or draft.errors:
        return _page(draft, None)
    record = Authority("", kind_of(fields := fields_of(draft.rows)) or Kind.PERSON,
                       fields)  # fmt: skip
    try:
        saved = services().cataloguing.create_checked(
            record, principal.actor, force=action == "create-anyway"
        )
    except ValidationError as error:
        return _refused(draft, error)
    except LikelyDuplicateError as error:
        return _duplicates(draft, record, error.candidates)
    return _saved(saved.authority.id, saved.warnings, created=True)


@blueprint.route("/authorities/<authority_id>/edit", methods=["GET", "POST"])
def edit(authority_id: str) -> Response | tuple[str, int] | str:
    """The form for an authority; POST edits it or saves it."""
    principal = require()
    current = _writable(authority_id)
    if request.method == "GET":
        return _page(Draft(rows_of(current.fields)), current)
    draft, action = _submitted(current.fields)
    revision = _revision()
    if action != "save" or draft.errors:
        return _page(draft, current, revision)
    mine = current.with_fields(fields_of(draft.rows))
    try:
        saved = services().cataloguing.edit(
            mine, revision, principal.actor, keep_leader=True
        )
    except ValidationError as error:
        return _refused(draft, error, current, revision)
    except RevisionMismatchError:
        return _conflict(current.id, revision, mine)
    except NotWritableError:  # merged or deleted since the form was opened
        _not_writable(current.id)
    return _saved(saved.authority.id, saved.warnings, created=False)


NEW_RECORD: tuple[Field, ...] = ()
"""A new record starts empty; the structured form offers a person's name first."""


# Reading the form


def _submitted(stored: tuple[Field, ...] = ()) -> tuple[Draft, str]:
    """The draft the form sent, with an editing action applied; and the action.

    ``stored``: the record's fields as stored (an edit), which the editor's own
    rules leave to the record checks.
    """
    form = request.form
    action = form.get("action", "save")[:64]
    parsed = parse_rows(form)
    draft = Draft(parsed.rows, view="form" if form.get("shown") == "form" else "marc")
    if parsed.too_many:
        draft.errors[FIELDS_ID] = _(
            "The form holds at most %(max)s fields; the ones after are left out",
            max=number(MAX_FIELDS),
        )
    if (n := too_many_subfields(form)) is not None:
        draft.errors[FIELDS_ID] = _(
            "Field %(n)s has more than %(max)s subfields; the ones after are left out",
            n=n + 1,
            max=MAX_SUBFIELDS,
        )
    if draft.view == "form":
        if hidden := row_errors(draft.rows, stored):  # only a tampered page gets here
            draft.errors.update(hidden)
            draft.errors[FIELDS_ID] = _(
                "The form's fields could not be read, so what you typed in the "
                "form was not applied; enter it again"
            )
            return draft, "refused"
        fields = write_structured(fields_of(draft.rows), parse_structured(form))
        draft.rows = rows_of(fields)
    if action.split(":")[0] in EDITING:
        draft.view = "marc"
        draft.rows, draft.focus = apply_action(draft.rows, action)
        return draft, action
    draft.errors.update(row_errors(draft.rows, stored))
    if action.startswith("view:"):
        wanted = action.removeprefix("view:")
        draft.view = "marc" if draft.errors or wanted != "form" else "form"
        if not draft.errors:
            draft.rows = rows_of(fields_of(draft.rows))
    return draft, action


def _revision() -> int:
    """The revision the form was based on (its hidden field)."""
    given = request.form.get("revision", "")
    if not (given.isascii() and given.isdigit()) or len(given) > 9:
        refuse(
            400,
            _("The form could not be used"),
            _("The form lacks the revision it was based on; open it again"),
        )
    return int(given)


def _writable(authority_id: str) -> Authority:
    if not is_valid_id(authority_id):
        abort(404)
    try:
        return services().cataloguing.writable(authority_id)
    except NotFoundError:
        abort(404)
    except NotWritableError:
        _not_writable(authority_id)


def _not_writable(authority_id: str) -> NoReturn:
    refuse(
        409,
        _("This authority cannot be edited"),
        _("This authority is merged or deleted and cannot be edited"),
        authority_id,
    )


# Answers


def refuse(
    status: int, title: str, message: str, authority_id: str | None = None
) -> NoReturn:
    """End the request with a page that says why (``status``)."""
    page = render_template(
        "web/edit_refused.html",
        title=title,
        message=message,
        authority_id=authority_id,
        record_url=record_url,
    )
    abort(make_response(page, status))


def _page(
    draft: Draft, current: Authority | None, revision: int | None = None
) -> tuple[str, int] | str:
    """The form as ``draft`` holds it (422 when it holds errors)."""
    if draft.view == "form" and draft.errors:
        draft.view = "marc"  # the MARC view has an input for every error
    if revision is None and current is not None:
        revision = current.revision
    form_view = draft.view == "form"
    target = (
        url_for("web.edit", authority_id=current.id)
        if current
        else url_for("web.new_authority")
    )
    page = render_template(
        "web/edit.html",
        draft=draft,
        current=current,
        revision=revision,
        structured=read_structured(fields_of(draft.rows)) if form_view else None,
        summary=list(draft.errors.items()),
        action_url=target,
        scheme_choices=scheme_choices,
        display=display_order(draft.rows),
        heading=heading_position(draft.rows),
        record_url=record_url,
    )
    return (page, 422) if draft.errors else page


def _refused(
    draft: Draft,
    error: ValidationError,
    current: Authority | None = None,
    revision: int | None = None,
) -> tuple[str, int] | str:
    """The form again, each of the record checks' errors at its input."""
    draft.rows = rows_of(fields_of(draft.rows))
    for problem in error.problems:
        where = locate(problem.where, draft.rows)
        if where in draft.errors:
            draft.errors[where] = Markup("{} {}").format(
                draft.errors[where], checked_message(problem)
            )
        else:
            draft.errors[where] = checked_message(problem)
    draft.warnings = [checked_message(p) for p in error.warnings]
    return _page(draft, current, revision)


def checked_message(problem: Problem) -> Markup:
    """A record check's message (English, from the service), marked as English."""
    if chosen_language() == "en":
        return Markup("{}").format(problem.message)
    return Markup('<span lang="en">{}</span>').format(problem.message)


def _saved(authority_id: str, warnings: list[Problem], created: bool) -> Response:
    flash(_("The authority was created") if created else _("Your changes were saved"))
    for problem in warnings[:MAX_WARNINGS]:
        said = problem.message
        if len(said) > MAX_WARNING:
            said = said[: MAX_WARNING - 1] + "…"
        flash(checked_message(Problem(said, problem.where)), "warning")
    if len(warnings) > MAX_WARNINGS:
        flash(_("and %(n)s more warnings", n=len(warnings) - MAX_WARNINGS), "warning")
    return redirect(record_url(authority_id), 303)


def record_url(authority_id: str) -> str:
    """The record page of ``authority_id``."""
    return url_for("web.record", authority_id=authority_id)


def _duplicates(
    draft: Draft, record: Authority, candidates: list[Any]
) -> tuple[str, int]:
    """The likely duplicates of a new record, before it is created."""
    found = [(c, _signals(c.signals, record)) for c in candidates]
    page = render_template(
        "web/duplicates.html",
        candidates=found,
        rows=draft.rows,
        record=record,
        record_url=record_url,
    )
    return page, 409


def _signals(signals: list[str], record: Authority) -> list[str]:
    """What matched, said for people."""
    said = []
    for signal in signals:
        if signal.startswith("identifier:"):
            scheme = signal.removeprefix("identifier:")
            values = [i.original for i in record.identifiers if i.scheme == scheme]
            said.append(_("the same identifier: %(scheme)s %(value)s",
                          scheme=scheme.upper(), value=", ".join(values)))  # fmt: skip
        elif signal == "name":
            said.append(_("the same name: %(name)s", name=record.label))
        elif signal == "dates":
            said.append(_("the same dates"))
        elif signal == "other-dates":
            said.append(_("other dates (perhaps another person of that name)"))
    return said


def _conflict(authority_id: str, revision: int, mine: Authority) -> tuple[str, int]:
    """Someone saved since the form was opened: what they changed, and ours."""
    history = services().reading.history(authority_id)
    base = next((r.authority for r in history if r.authority.revision == revision),
                None)  # fmt: skip
    theirs = [r for r in history if r.authority.revision > revision]
    current = history[-1].authority
    page = render_template(
        "web/conflict.html",
        current=current,
        revision=revision,
        theirs=theirs,
        their_changes=changes(base, current, private=True) if base else [],
        my_changes=changes(base or current, mine, private=True),
        mine=[line_of(f.to_dict()) for f in mine.fields],
        line_of=line_of,
        format_datetime=format_datetime,
        action_name=action_name,
    )
    return page, 409


def action_name(action: str) -> str:
    """What a revision's action (``update``, ``merge`` ...) is called on a page."""
    return str(ACTIONS.get(action, action))
