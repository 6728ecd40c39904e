"""``authority load`` as an operator runs it: a subprocess on the test database."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import shutil
import struct
import subprocess
import termios
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from authority.domain import Actor, Field, Subfield
from authority.service import Services
from tests.integration.cli.test_cli import AUTHORITY, environment, run
from tests.support import CORPUS

pytestmark = pytest.mark.slow

BARE_JSON = sorted((CORPUS / "bare" / "json").glob("*.json"))
MARCXCHANGE = sorted((CORPUS / "bare" / "marcxchange").glob("*.xml"))
FOREIGN = [
    *sorted((CORPUS / "marc-authority" / "lc").glob("*.xml")),
    CORPUS / "marc-authority" / "evergreen" / "auth_lc.marcxml.xml",
]
"""Three of LC's records and fourteen of Evergreen's: none has an id of ours."""
KOHA_NO_HEADING = "koha-misc4dev-marc21-auth_header.marcxml.xml"
"""Koha's 1,706 records (ids of its own), one without a 1XX: an error either way."""


def load(database_url: str, *args: str | Path) -> tuple[int, str, str]:
    done = run("load", *map(str, args), DATABASE_URL=database_url, timeout=120)
    return done.returncode, done.stdout, done.stderr


def counts(summary: str) -> dict[str, int]:
    parts = [p.split() for p in summary.strip().splitlines()[-1].split(" · ")[:-1]]
    return {name: int(value.replace(",", "")) for name, value in parts}


def log_size(engine: Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        changes = connection.scalar(text("SELECT count(*) FROM change_log"))
        revisions = connection.scalar(text("SELECT count(*) FROM authority_revisions"))
    return int(changes or 0), int(revisions or 0)


def test_bare_samples_load_with_the_one_bad_record_reported(
    committed_services: Services, database_url: str, tmp_path: Path
) -> None:
    errors = tmp_path / "errors.jsonl"
    code, out, err = load(database_url, *BARE_JSON, *MARCXCHANGE, "--errors", errors)
    # Three samples are not records BARE held: one says "status": "kat", and two
    # are create requests without an id. All are reported; everything else loads.
    assert code == 1, err
    got = counts(out)
    assert got["errors"] == 3, err
    assert got["created"] + got["updated"] + got["unchanged"] == got["read"] - 3
    entries = [json.loads(line) for line in errors.read_text("utf-8").splitlines()]
    assert {Path(e["file"]).name: e["reason"] for e in entries} == {
        "bareSingleAuthorityCreateResponse.json": "status: unknown quality level 'kat'",
        "createAuthorityRequestToBare.json": "no systemControlNumber",
        "nva-test-data-author-template.json": "no systemControlNumber",
    }
    assert all(e["position"] == 1 and e["raw"] for e in entries)
    assert committed_services.reading.get("90067942").label.startswith("Valkeapää")
    assert committed_services.reading.get("90517730").quality is not None


def test_loading_the_same_files_again_changes_nothing(
    committed_services: Services, database_url: str, engine: Engine
) -> None:
    # Each id once: four samples are 90517730 in different states, and loading
    # them in turn is four different writes each time.
    files = [p for p in BARE_JSON if p.name.startswith(("noraf", "bareMany"))]
    code, first, err = load(database_url, *files)
    assert code == 0, err
    before = log_size(engine)
    code, again, err = load(database_url, *files)
    assert code == 0, err
    assert counts(again)["unchanged"] == counts(again)["read"] > 0
    assert log_size(engine) == before  # no new revisions, no change-log rows


def test_dry_run_reads_and_maps_but_writes_nothing(
    committed_services: Services, database_url: str
) -> None:
    code, out, err = load(database_url, *MARCXCHANGE, "--dry-run")
    assert code == 0, err
    assert counts(out)["read"] == len(MARCXCHANGE) and "dry run" in out
    assert committed_services.reading.count() == 0


def test_a_dry_run_needs_no_database() -> None:
    nowhere = "postgresql://nobody@127.0.0.1:9/none"
    code, out, err = load(nowhere, *MARCXCHANGE, *FOREIGN, "--dry-run")
    assert code == 0, err
    assert counts(out)["read"] == len(MARCXCHANGE) + 17
    assert counts(out)["errors"] == 0  # foreign records get minted ids
    assert "without a database" in out


def test_a_dry_run_makes_no_embedded_database(tmp_path: Path) -> None:
    done = run("load", "--dry-run", str(FOREIGN[0]), DATA_DIR=str(tmp_path / "data"))
    assert done.returncode == 0, done.stderr
    assert "none is configured yet" in done.stderr
    assert not (tmp_path / "data" / "pgdata").exists()


def test_a_dry_run_predicts_the_real_run(
    committed_services: Services, database_url: str, tmp_path: Path
) -> None:
    # Foreign records (LC's, Evergreen's) have no id of ours: a load mints one.
    files = [*FOREIGN, CORPUS / "marc-authority" / "koha" / KOHA_NO_HEADING]
    stored = 0
    for _ in ("into an empty register", "over the same records"):
        dry_errors, real_errors = tmp_path / "dry.jsonl", tmp_path / "real.jsonl"
        dry = load(database_url, *files, "--dry-run", "--errors", dry_errors)
        assert committed_services.reading.count() == stored
        real = load(database_url, *files, "--errors", real_errors)
        stored = committed_services.reading.count()

        assert dry[0] == real[0] == 1, (dry[2], real[2])
        assert counts(dry[1]) == counts(real[1]), (dry[1], real[1])
        assert dry_errors.read_text("utf-8") == real_errors.read_text("utf-8")
    assert counts(real[1])["unchanged"] == stored == 1722


def test_limit_stops_after_n_records(
    committed_services: Services, database_url: str
) -> None:
    code, out, _ = load(database_url, *MARCXCHANGE, "--limit", "2")
    assert code == 0 and counts(out)["read"] == 2
    assert committed_services.reading.count() == 2


def test_broken_input_is_reported_and_the_load_goes_on(
    committed_services: Services, database_url: str, tmp_path: Path
) -> None:
    good = json.loads((CORPUS / "bare" / "json" / "noraf_90053126.json").read_text())
    lines = tmp_path / "records.jsonl"
    no_heading = {**good, "systemControlNumber": "90000001", "marcdata": []}
    lines.write_text(
        "\n".join(json.dumps(r) for r in (no_heading, good)) + '\n{"broken": ',
        encoding="utf-8",
    )
    truncated = tmp_path / "truncated.xml"
    data = MARCXCHANGE[0].read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    code, out, err = load(database_url, lines, "--source", "bare-json")
    assert code == 1
    assert counts(out)["errors"] == 2 and counts(out)["created"] == 1
    assert "#1 (90000001)" in err and "heading" in err
    assert "#3: line 3: not well-formed JSON" in err
    code, out, err = load(database_url, truncated, MARCXCHANGE[1])
    assert code == 1 and counts(out)["errors"] == 1 and counts(out)["created"] == 1


def test_a_file_of_unknown_kind_is_a_usage_error(
    database_url: str, tmp_path: Path
) -> None:
    odd = tmp_path / "notes.txt"
    odd.write_text("hello\n")
    code, _, err = load(database_url, odd)
    assert code == 2 and "give --source" in err
    shutil.rmtree(tmp_path)
    code, _, err = load(database_url, odd)
    assert code == 2  # missing file


def test_the_subject_module_export_is_recognised_and_loads(
    committed_services: Services, database_url: str
) -> None:
    tekord = (
        CORPUS / "bare" / "emnemodul" / "tekord-2019-06.bibsys-emnemodul.iso-8859-1.xml"
    )
    code, out, err = load(database_url, tekord, "--limit", "300")
    assert code == 0, err
    assert counts(out)["created"] == 300
    abelske = committed_services.reading.get("NTUB00001")
    assert abelske.label == "Abelske grupper"
    assert [r.target_id for r in abelske.relations if r.type == "broader"] == [
        "NTUB04223"
    ]


def test_duplicate_ids_self_merges_and_merge_cycles_are_refused(
    committed_services: Services, database_url: str, tmp_path: Path
) -> None:
    rilke = json.loads((CORPUS / "bare" / "json" / "noraf_90053126.json").read_text())

    def record(scn: str, replaced_by: str = "0") -> dict[str, object]:
        deleted = replaced_by != "0"
        return {**rilke, "systemControlNumber": scn, "replacedBy": replaced_by,
                "deleted": deleted, "identifiersMap": {}}  # fmt: skip

    records = [
        record("90000011"),
        record("90000011"),  # the same id again in one file
        record("90000012", "90000012"),  # merged into itself
        record("90000013", "90000014"),  # survivor not loaded yet: allowed
        record("90000014", "90000013"),  # and back again: a cycle
        record("90000015", "90000099"),  # survivor never comes: kept, dangling
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    code, out, err = load(database_url, path)
    assert code == 1
    assert counts(out) | {"read": 6} == {
        "read": 6, "created": 3, "updated": 0, "unchanged": 0, "errors": 3
    }  # fmt: skip
    assert "#2 (90000011): duplicate id 90000011: also record #1" in err
    assert "#3 (90000012)" in err and "itself" in err
    assert "merge cycle: 90000014 -> 90000013 -> 90000014" in err
    assert committed_services.reading.find("90000014") is None
    assert committed_services.reading.find("90000013").merged_into == "90000014"


def test_load_report_finds_a_record_the_store_changed_and_passes_an_edit(
    committed_services: Services,
    database_url: str,
    engine: Engine,
    tmp_path: Path,
) -> None:
    sample = MARCXCHANGE[0]
    code, _, err = load(database_url, sample)
    assert code == 0, err
    report = tmp_path / "report.json"

    def reconcile() -> tuple[int, dict[str, int]]:
        done = run("load-report", str(sample), "--report", str(report),
                   DATABASE_URL=database_url)  # fmt: skip
        return done.returncode, json.loads(report.read_text())["differences"]

    assert reconcile()[0] == 0
    [stored] = committed_services.reading.all()
    with engine.begin() as connection:  # a store that lost the last field
        connection.execute(
            text("UPDATE authorities SET content = jsonb_set(content, '{fields}', "
                 "(content->'fields') - -1)")
        )  # fmt: skip
    code, differences = reconcile()
    assert (code, differences["differing"]) == (1, 1)
    assert differences["records"][0]["id"] == stored.id  # type: ignore[index]

    note = Field("670", " ", " ", (Subfield("a", "Edited after the load"),))
    edited = stored.with_fields([*stored.fields, note])
    committed_services.cataloguing.update(edited, stored.revision + 0, Actor("kari"))
    code, differences = reconcile()
    assert (code, differences["superseded"], differences["differing"]) == (0, 1, 0)


def test_realfagstermer_and_skos_files_are_recognised(
    committed_services: Services, database_url: str
) -> None:
    periods = CORPUS / "vocab-sources" / "norwegian" / "realfagstermer-idtider.txt"
    unit = CORPUS / "prior-art" / "bibsys-authority-registry" / "unit_real.nt"
    code, out, err = load(database_url, periods, unit)
    assert code == 0, err
    assert counts(out)["created"] == 10 + 40
    assert committed_services.reading.get("REAL030178").label == "1970-tallet"
    assert (
        committed_services.reading.find("REAL024017") is not None
    )  # from the N-Triples


def test_invalid_xml_mid_file_and_a_wrong_encoding_are_reported(
    committed_services: Services, database_url: str, tmp_path: Path
) -> None:
    records = [
        path.read_text("utf-8").split("?>", 1)[-1] for path in MARCXCHANGE[:2]
    ]  # two BARE records, each without its XML declaration
    broken = tmp_path / "broken.xml"
    broken.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<marc:collection xmlns:marc="info:lc/xmlns/marcxchange-v1">'
        f"{records[0]}<marc:record><marc:datafield tag=</marc:record>{records[1]}"
        "</marc:collection>",
        encoding="utf-8",
    )
    code, out, err = load(database_url, broken, MARCXCHANGE[2])
    # XML that is not well-formed ends what a parser can read of that file (no
    # recovering parser: it would guess); the error says where, the next file loads.
    assert code == 1
    assert counts(out)["created"] == 2 and counts(out)["errors"] == 1
    assert "broken.xml #2" in err

    rilke = (CORPUS / "bare" / "json" / "noraf_90053126.json").read_text("utf-8")
    latin1 = tmp_path / "latin1.jsonl"
    bjornson = '{"systemControlNumber": "Bj\u00f8rnson"}'.encode("latin-1")
    latin1.write_bytes(rilke.replace("\n", " ").encode("utf-8") + b"\n" + bjornson)
    code, out, err = load(database_url, latin1)
    assert code == 1
    assert counts(out)["errors"] == 1 and counts(out)["unchanged"] == 0
    assert "#2: line 2: not UTF-8" in err


def test_hostile_json_files_are_one_error_each_not_a_crash(
    database_url: str, tmp_path: Path
) -> None:
    # Issue 16: `load --source marcjson` on a 4,301-digit number exited 139 (a
    # segfault in ijson's C backend); floods of brackets took gigabytes.
    digits = tmp_path / "digits.json"
    digits.write_bytes(b"[" + b"1" * 4301 + b"]")
    code, out, err = load(database_url, "--source", "marcjson", digits)
    assert code == 1, err
    assert counts(out)["errors"] == 1
    assert "digits.json #1: a number of more than 40 digits" in err
    for name, flood in (("brackets", b"[" * 20_000), ("objects", b'{"a":' * 120_000)):
        path = tmp_path / f"{name}.json"
        path.write_bytes(flood)
        code, out, err = load(database_url, "--source", "bare-json", path)
        assert code == 1 and "nested deeper than 32 levels" in err, err


def test_a_folder_loads_its_files_in_name_order_with_one_summary(
    committed_services: Services, database_url: str, tmp_path: Path
) -> None:
    good = json.loads((CORPUS / "bare" / "json" / "noraf_90053126.json").read_text())
    renamed = json.loads(json.dumps(good).replace("Rilke, Rainer Maria", "Rilke, R."))
    folder = tmp_path / "exports"
    folder.mkdir()
    # One id with one date twice: the later file (by name) replaces the earlier.
    (folder / "2-later.json").write_text(json.dumps(renamed), encoding="utf-8")
    (folder / "1-earlier.json").write_text(json.dumps(good), encoding="utf-8")
    broken = {**good, "systemControlNumber": "90000001", "marcdata": []}
    (folder / "3-lines.jsonl").write_text(
        json.dumps(renamed) + "\n" + json.dumps(broken) + "\n", encoding="utf-8"
    )
    shutil.copy(MARCXCHANGE[0], folder / "4-marc.xml")
    (folder / "notes.md").write_text("# not an export\n", encoding="utf-8")
    (folder / "SHA256SUMS").write_text("0" * 64 + "  4-marc.xml\n", encoding="utf-8")
    (folder / "older").mkdir()  # not descended into
    shutil.copy(MARCXCHANGE[1], folder / "older" / "5-marc.xml")
    errors = tmp_path / "errors.jsonl"

    code, out, err = load(database_url, folder, "--errors", errors)

    assert code == 1, err
    assert len(out.strip().splitlines()) == 1  # one summary for the folder
    got = counts(out)
    assert got["read"] == 5 and got["errors"] == 1, out
    [entry] = [json.loads(line) for line in errors.read_text("utf-8").splitlines()]
    assert (Path(entry["file"]).name, entry["position"]) == ("3-lines.jsonl", 2)
    assert committed_services.reading.get("90053126").label.startswith("Rilke, R.")
    assert got["created"] == 2 and got["updated"] == 1 and got["unchanged"] == 1
    assert committed_services.reading.count() == 2  # not the subfolder's record


def test_a_folder_without_known_files_is_a_usage_error(
    database_url: str, tmp_path: Path
) -> None:
    (tmp_path / "notes.md").write_text("nothing to load\n", encoding="utf-8")
    code, _, err = load(database_url, tmp_path)
    assert code == 2 and "no file in it ends in one of" in err


def records_with_errors(tmp_path: Path) -> Path:
    """Four BARE JSON lines: a good one, no heading, an id with ESC, a good one."""
    good = json.loads((CORPUS / "bare" / "json" / "noraf_90053126.json").read_text())
    lines = [
        good,
        {**good, "systemControlNumber": "90000001", "marcdata": []},
        {**good, "systemControlNumber": "9\u001b[2J\u001b]0;owned\u0007", "x": 1},
        json.loads((CORPUS / "bare" / "json" / "noraf_json_14011193.json").read_text()),
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    return path


def test_error_lines_go_round_the_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    main, terminal = pty.openpty()
    size = struct.pack("HHHH", 24, 120, 0, 0)  # rows, columns: a bar has room
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, size)
    nowhere = "postgresql://nobody@127.0.0.1:9/none"
    process = subprocess.Popen(
        [*AUTHORITY, "load", "--dry-run", str(records_with_errors(tmp_path))],
        env=environment(DATABASE_URL=nowhere),
        stdout=subprocess.DEVNULL,
        stderr=terminal,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the process is gone and everything is read
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert process.wait(timeout=60) == 1

    text = shown.decode("utf-8").replace("\r\n", "\n")  # the terminal's newlines
    assert "records/s" in text, repr(text)  # the bar was drawn
    error_lines = [
        line.split("\r")[-1] for line in text.split("\n") if "error " in line
    ]
    assert len(error_lines) == 2, text
    for line in error_lines:  # each whole, alone on its line
        assert line.startswith("error ") and "records/s" not in line, line
    assert "\x1b[2J" not in text and "\\x1b[2J" in text  # shown, not obeyed


def test_no_bar_and_no_escapes_when_the_output_is_not_a_terminal(
    tmp_path: Path,
) -> None:
    nowhere = "postgresql://nobody@127.0.0.1:9/none"
    code, out, err = load(nowhere, records_with_errors(tmp_path), "--dry-run")

    assert code == 1
    assert "\x1b" not in out + err and "\r" not in out + err
    assert len([line for line in err.splitlines() if line.startswith("error ")]) == 2
