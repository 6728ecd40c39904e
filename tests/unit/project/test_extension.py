"""The services hang on the app as a Flask extension: init_app, app.extensions."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from authority import create_app
from authority.extension import (
    EXTENSION,
    SECRET_FILE,
    AuthorityExtension,
    Runtime,
    local_secret,
    runtime,
)


def test_create_app_initialises_the_extension_and_connects_nothing() -> None:
    app = create_app()
    held = app.extensions[EXTENSION]
    assert isinstance(held, Runtime) and runtime(app) is held
    assert not held.started
    with app.app_context():
        assert runtime() is held


def test_each_app_gets_its_own_runtime() -> None:
    extension = AuthorityExtension()
    one, other = Flask("one"), Flask("other")
    extension.init_app(one)
    AuthorityExtension(other)  # Flask's other form: the app given at once
    assert runtime(one) is not runtime(other)


def test_two_workers_making_the_key_at_once_share_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that saw no key file while another wrote one keeps the other's."""
    config = {"DATA_DIR": str(tmp_path)}
    first = local_secret(config)
    monkeypatch.setattr(Path, "exists", lambda self: False)  # the race's moment
    assert local_secret(config) == first
    assert [p.name for p in tmp_path.iterdir()] == [SECRET_FILE]
