"""Every setting has a one-line doc, and the README's table lists it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from authority import create_app
from authority.cli import listening_uri
from authority.errors import ConfigurationError

REPO = Path(__file__).resolve().parents[3]


def settings() -> dict[str, str]:
    tree = ast.parse((REPO / "authority" / "config.py").read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    body = tree.body
    for node, following in zip(body, body[1:], strict=False):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            doc = following.value if isinstance(following, ast.Expr) else None
            found[node.target.id] = doc.value if isinstance(doc, ast.Constant) else ""
    return found


def test_every_setting_has_a_one_line_doc() -> None:
    assert settings()
    for name, doc in settings().items():
        assert name.isupper(), name
        assert doc and "\n" not in doc.strip(), f"{name} needs a one-line docstring"


def test_readme_lists_every_setting() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in settings():
        assert f"`AUTHORITY_{name}`" in readme, (
            f"README configuration table lacks {name}"
        )


def test_environment_overrides_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTHORITY_BASE_URI", "https://authority.example.no/")
    monkeypatch.setenv("AUTHORITY_AUTO_MIGRATE", "false")
    app = create_app()
    assert app.config["BASE_URI"] == "https://authority.example.no/"
    assert app.config["AUTO_MIGRATE"] is False


def test_explicit_config_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTHORITY_BASE_URI", "https://from-env.example/")
    app = create_app({"BASE_URI": "https://from-test.example/"})
    assert app.config["BASE_URI"] == "https://from-test.example/"


@pytest.mark.parametrize(
    "config",
    [{"BASE_URI": "authority.example"}, {"DATABASE_URL": "sqlite:///x.db"}],
)
def test_bad_settings_fail_fast(config: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError):
        create_app(config)


@pytest.mark.parametrize(
    ("host", "port", "base"),
    [
        ("127.0.0.1", 5077, "http://127.0.0.1:5077/"),
        ("localhost", 8000, "http://localhost:8000/"),
        ("0.0.0.0", 5000, "http://127.0.0.1:5000/"),  # noqa: S104 - what serve is given
        ("::1", 5000, "http://[::1]:5000/"),
    ],
)
def test_serve_base_uri_follows_host_and_port(host: str, port: int, base: str) -> None:
    assert listening_uri(host, port) == base
