"""Merging an authority into another: ``/authorities/<id>/merge.html``.

Three steps, each a plain page: choose the survivor (its id or ``(NO-TrBIB)`` form,
or a search that lists candidates as radio buttons), see what will move (the
service's merge preview: the same functions the merge uses), confirm (a POST with
the CSRF token) through ``services().cataloguing.merge``; then the survivor's page.
The confirmation carries both revisions the preview showed: when either record
changed since, nothing is merged and the preview comes back, fresh, with a notice.
"""

from __future__ import annotations

from typing import NoReturn

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.wrappers import Response

from authority.domain import Authority, Status
from authority.domain.diff import changes
from authority.domain.ids import from_linking_form, is_valid_id
from authority.errors import (
    NotFoundError,
    NotWritableError,
    RevisionMismatchError,
    SearchQueryError,
    ValidationError,
)
from authority.extension import services
from authority.search.model import MAX_QUERY, SearchQuery
from authority.service.cataloguing import MergePreview
from authority.web.blueprint import blueprint
from authority.web.editing import checked_message, record_url, refuse
from authority.web.marc_text import line_of
from authority.web.session import require

CANDIDATES = 10
"""Search hits offered as survivors."""
INTO = "into"
"""The survivor's input (its id, or the id in (NO-TrBIB) form)."""


@blueprint.route("/authorities/<authority_id>/merge.html", methods=["GET", "POST"])
def merge(authority_id: str) -> Response | tuple[str, int] | str:
    """Choose the survivor and see the preview (GET); merge (POST)."""
    principal = require()
    loser = _mergeable(authority_id)
    given = request.values.get(INTO, "").strip()
    if not given:
        return _choose(loser, None)
    survivor_id = _survivor_id(given)
    if survivor_id is None:
        return _choose(loser, _("Enter the id of an authority, like 90517730 or "
                                "(NO-TrBIB)90517730"))  # fmt: skip
    try:
        if request.method != "POST":
            return _preview(services().cataloguing.merge_preview(loser.id, survivor_id))
        seen = _seen("loser_revision"), _seen("survivor_revision")
        if seen[0] is None or seen[1] is None:  # not from the preview: show it
            return _stale(loser, survivor_id)
        survivor = services().cataloguing.merge(
            loser.id,
            survivor_id,
            principal.actor,
            expected_loser=seen[0],
            expected_survivor=seen[1],
        )
    except RevisionMismatchError:
        # Either changed since the preview (or during the merge): show it afresh
        return _stale(loser, survivor_id)
    except ValidationError as error:
        return _choose(loser, _refusal(loser.id, survivor_id, error))
    except (NotFoundError, NotWritableError):
        _gone(loser.id)
    flash(_("%(loser)s was merged into this authority", loser=loser.label or loser.id))
    return redirect(record_url(survivor.id), 303)


def _stale(loser: Authority, survivor_id: str) -> tuple[str, int] | str:
    """The preview as it is now, saying that it changed: 409, nothing merged."""
    try:
        fresh = services().cataloguing.merge_preview(loser.id, survivor_id)
    except ValidationError as error:
        return _choose(loser, _refusal(loser.id, survivor_id, error))
    except (NotFoundError, NotWritableError):
        _gone(loser.id)
    return _preview(fresh, stale=True), 409


def _gone(loser_id: str) -> NoReturn:
    refuse(
        409,
        _("This authority cannot be merged"),
        _("This authority can no longer be merged (it was merged or deleted)"),
        loser_id,
    )


def _seen(name: str) -> int | None:
    """The revision the preview showed (its hidden input ``name``), if any."""
    given = request.form.get(name, "")
    if not (given.isascii() and given.isdigit()) or len(given) > 9:
        return None
    return int(given)


def _mergeable(authority_id: str) -> Authority:
    """The authority to merge away: it must exist and be active."""
    found = services().reading.find(authority_id) if is_valid_id(authority_id) else None
    if found is None:
        abort(404)
    if found.status is not Status.ACTIVE:
        refuse(
            409,
            _("This authority cannot be merged"),
            _("This authority is merged or deleted; only an active one can be merged"),
            found.merged_into or found.id,
        )
    return found


def _survivor_id(given: str) -> str | None:
    """The id in what was typed: ``90517730`` or ``(NO-TrBIB)90517730``."""
    return from_linking_form(given[:100])


def _refusal(loser_id: str, survivor_id: str, error: ValidationError) -> str | Markup:
    """Why the service refused, said for people."""
    survivor = services().reading.find(survivor_id)
    said: str | None = None
    if survivor_id == loser_id:
        said = _("An authority cannot be merged into itself; choose another")
    elif survivor is None:
        said = _("There is no authority %(id)s", id=survivor_id)
    elif survivor.status is Status.MERGED:
        said = _("%(id)s is merged into %(into)s; merge into that one instead",
                 id=survivor_id, into=survivor.merged_into)  # fmt: skip
    elif survivor.status is Status.DELETED:
        said = _("%(id)s is deleted; merge into an active authority", id=survivor_id)
    if said is None and error.problems:
        return checked_message(error.problems[0])
    return str(said or "")


def _choose(loser: Authority, error: str | Markup | None) -> tuple[str, int] | str:
    query = request.values.get("q", "").strip()[:MAX_QUERY]
    hits, search_error = [], None
    if query:
        try:
            found = services().searching.search(SearchQuery(query, size=CANDIDATES))
            hits = [h for h in found.hits if h.id != loser.id]
        except SearchQueryError:
            search_error = _("That search cannot be run; try other words")
    page = render_template(
        "web/merge.html",
        loser=loser,
        error=error,
        query=query,
        hits=hits,
        search_error=search_error,
        given=request.values.get(INTO, "")[:100],
        record_url=record_url,
    )
    return (page, 422) if error else page


def _preview(preview: MergePreview, stale: bool = False) -> str:
    survivor, after = preview.survivor, preview.merged
    summary = [("merge-confirm", _(
        "%(loser)s or %(survivor)s was changed since you saw the merge: check "
        "what will move again before you merge",
        loser=preview.loser.label or preview.loser.id,
        survivor=survivor.label or survivor.id,
    ))] if stale else []  # fmt: skip
    return render_template(
        "web/merge_preview.html",
        loser=preview.loser,
        survivor=survivor,
        variants=[v for v in after.variants if v not in survivor.variants],
        identifiers=[i for i in after.identifiers if i not in survivor.identifiers],
        dropped=[r for r in survivor.relations if r not in after.relations],
        referrers=[before for before, _after in preview.referrers],
        survivor_changes=changes(survivor, after, private=True),
        line_of=line_of,
        record_url=record_url,
        confirm_url=url_for("web.merge", authority_id=preview.loser.id),
        summary=summary,
    )
