"""Keep the workbench's message catalogues in step with the templates and code.

    python tools/i18n.py            extract every message, add the new ones to each
                                    catalogue (empty), drop the ones no longer used
    python tools/i18n.py --missing  list the messages a catalogue lacks or leaves empty
    python tools/i18n.py --fill F   set translations from a tab-separated file of
                                    lines ``English<TAB>nb<TAB>nn<TAB>se``

Extraction is Babel's own (``babel.messages.extract`` with its Jinja extractor), over
``authority/web`` (Python ``_``/``gettext``/``ngettext``/``lazy_gettext`` and
templates). English's catalogue translates every message to itself, so that a test
can ask all four for completeness alike. The ``.po`` files are all that is kept;
``authority/web/i18n.py`` compiles them in memory.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from authority.api.languages import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "authority" / "web"
TRANSLATIONS = WEB / "translations"
METHODS = [
    ("**.py", "python"),
    ("templates/**.html", "jinja2"),
]
OPTIONS = {
    "templates/**.html": {
        "extensions": "jinja2.ext.i18n",
        "trim_blocks": "true",
        "lstrip_blocks": "true",
    }
}


def extracted() -> Catalog:
    """Every message the workbench's code and templates use."""
    catalog = Catalog(project="authority", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        WEB,
        METHODS,
        options_map=OPTIONS,
        keywords={"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None},
    ):
        catalog.add(
            message, None, [(filename, lineno)], auto_comments=comments, context=context
        )
    return catalog


def path_of(language: str) -> Path:
    """The ``.po`` file of ``language``."""
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


def read(language: str) -> Catalog:
    """The catalogue of ``language`` (empty when it has no file yet)."""
    path = path_of(language)
    if not path.exists():
        return Catalog(locale=language, project="authority", charset="utf-8")
    with path.open("rb") as po:
        return read_po(po, locale=language)


FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
"""Header dates that never change: a catalogue differs only where a message does."""


def write(language: str, catalog: Catalog) -> None:
    """Write ``catalog`` as ``language``'s ``.po`` file, sorted, without locations."""
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    path = path_of(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po:
        write_po(po, catalog, width=0, no_location=True, sort_output=True)


def fill(table: Path) -> None:
    """Set translations from ``table`` (English, nb, nn, se per line, tab-separated)."""
    catalogs = {language: read(language) for language in LANGUAGES[:3]}
    for number, line in enumerate(table.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 4:
            raise SystemExit(
                f"{table}:{number}: want 4 tab-separated cells, got {len(cells)}"
            )
        english, *translated = cells
        for language, text in zip(LANGUAGES[:3], translated, strict=True):
            message = catalogs[language].get(english)
            if message is None:
                print(f"{table}:{number}: not a message of the code: {english!r}")
                break
            message.string = text
            message.flags.discard("fuzzy")
    for language, catalog in catalogs.items():
        write(language, catalog)


def update() -> None:
    """Bring every catalogue in step with the extracted messages."""
    template = extracted()
    for language in LANGUAGES:
        catalog = read(language)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if language == "en":
            for message in catalog:
                if message.id and not message.string:
                    message.string = message.id
        write(language, catalog)


def missing(language: str) -> list[str]:
    """Messages of the code that ``language``'s catalogue lacks or leaves empty."""
    catalog = read(language)
    gaps = []
    for message in extracted():
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        strings = found.string if found else None
        values = strings if isinstance(strings, tuple) else (strings,)
        if found is None or not all(values) or found.fuzzy:
            gaps.append(message.id if isinstance(message.id, str) else message.id[0])
    return gaps


def main() -> int:
    """The command line (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--missing", action="store_true")
    parser.add_argument("--fill", type=Path)
    args = parser.parse_args()
    if args.fill:
        fill(args.fill)
        return 0
    if args.missing:
        gaps = {language: missing(language) for language in LANGUAGES}
        for language, ids in gaps.items():
            for message in ids:
                print(f"{language}\t{message}")
        return 1 if any(gaps.values()) else 0
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main())
