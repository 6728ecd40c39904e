"""The dump folder and its manifest, without a database: locking, lookup, pruning."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from authority.errors import ConfigurationError
from authority.export.folder import DumpFolder
from authority.export.manifest import MANIFEST, DumpFile, Manifest, Omitted

KEYS = ["dump", "created", "seq", "records", "base_uri", "files", "omitted", "name"]


def manifest(dump_id: str, *names: str) -> Manifest:
    files = [
        DumpFile(
            name,
            "nt",
            "N-Triples",
            "application/n-triples",
            3,
            "ab" * 32,
            1,
            7,
            7,
            "2026-12-07T21:00:00+00:00",
        )  # fmt: skip
        for name in names
    ]
    return Manifest(dump_id, "2026-12-07T21:00:00+00:00", 7, 1, "http://x.test/",
                    files, [Omitted("iso2709", "too long")])  # fmt: skip


def published(folder: DumpFolder, dump_id: str, *names: str) -> Manifest:
    made = folder.new(dump_id)
    for name in names:
        (made / name).write_bytes(b"abc")
    written = manifest(dump_id, *names)
    folder.publish(written)
    return written


def test_a_manifest_reads_back_as_written() -> None:
    written = manifest("20261207T210000.000000Z", "a.nt.gz")
    assert Manifest.loads(written.dumps()) == written


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=6
        )
    ),
    max_leaves=20,
)


@given(st.binary(max_size=500) | JSON.map(lambda v: json.dumps(v).encode()))
def test_a_broken_manifest_is_a_value_error(data: bytes) -> None:
    # ValueError is what /dumps and authority dump expect of a file that is no
    # manifest; anything else fails the test
    with contextlib.suppress(ValueError):
        Manifest.loads(data)


def test_only_the_manifest_s_names_are_files(tmp_path: Path) -> None:
    folder = DumpFolder(tmp_path)
    assert folder.current() is None
    current = published(folder, "20261207T210000.000000Z", "a.nt.gz")
    assert folder.current() == current
    assert folder.path_of(current, "a.nt.gz") == tmp_path / current.dump / "a.nt.gz"
    for name in ("../a.nt.gz", f"{current.dump}/a.nt.gz", MANIFEST, ".lock", ""):
        assert folder.path_of(current, name) is None


def test_an_unreadable_manifest_counts_as_none(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_bytes(b'{"dump": "x"}')
    assert DumpFolder(tmp_path).current() is None


def test_a_mistyped_manifest_counts_as_none_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    raw = manifest("20261207T210000.000000Z", "a.nt.gz").to_json()
    raw["files"][0]["bytes"] = "3"  # a string where a number belongs
    (tmp_path / MANIFEST).write_text(json.dumps(raw))
    assert DumpFolder(tmp_path).current() is None
    assert "unreadable, taken for none" in caplog.text and "bytes" in caplog.text


GOOD = manifest("20261207T210000.000000Z", "a.nt.gz").to_json()
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(
    max_size=5
) | st.lists(st.integers(), min_size=1, max_size=2)  # fmt: skip
PLACES = [(k,) for k in GOOD] + [("files", 0, k) for k in GOOD["files"][0]] + [
    ("omitted", 0, k) for k in GOOD["omitted"][0]
]  # fmt: skip


@given(st.sampled_from(PLACES), SCALARS)
def test_a_field_of_the_wrong_type_is_no_manifest(
    where: tuple[str | int, ...], value: object
) -> None:
    raw = json.loads(json.dumps(GOOD))
    holder = raw
    for step in where[:-1]:
        holder = holder[step]
    assume(type(value) is not type(holder[where[-1]]))
    holder[where[-1]] = value
    with pytest.raises(ValueError, match="not a dump manifest"):
        Manifest.loads(json.dumps(raw).encode())


@pytest.mark.parametrize(
    ("where", "value"),
    [(("files", 0, "name"), "../../etc/passwd"), (("files", 0, "name"), ".lock"),
     (("dump",), "../x"), (("seq",), -1), (("files", 0, "bytes"), -3),
     (("files", 0, "sha256"), "not hex"), (("created",), "yesterday"),
     (("files", 0, "created"), "2026-13-45")],
)  # fmt: skip
def test_a_field_of_the_right_type_but_impossible_is_no_manifest(
    where: tuple[str | int, ...], value: object
) -> None:
    raw = json.loads(json.dumps(GOOD))
    holder = raw
    for step in where[:-1]:
        holder = holder[step]
    holder[where[-1]] = value
    with pytest.raises(ValueError, match="not a dump manifest"):
        Manifest.loads(json.dumps(raw).encode())


def test_one_dump_at_a_time(tmp_path: Path) -> None:
    folder = DumpFolder(tmp_path)
    with (
        folder.locked(),
        pytest.raises(ConfigurationError, match="another dump is running"),
        DumpFolder(tmp_path).locked(),
    ):
        pass
    with folder.locked():  # released
        pass


def test_pruning_keeps_the_newest_complete_dumps(tmp_path: Path) -> None:
    folder = DumpFolder(tmp_path)
    ids = [f"2026120{d}T210000.000000Z" for d in range(1, 5)]
    for dump_id in ids[:3]:
        published(folder, dump_id, f"{dump_id}.nt.gz")
    interrupted = folder.new(ids[3])  # newer, but without a manifest
    (interrupted / "x.nt.gz").write_bytes(b"half")
    (tmp_path / "not-a-dump").mkdir()

    assert folder.prune(2) == [ids[3], ids[0]]
    left = sorted(p.name for p in tmp_path.iterdir() if p.is_dir())
    assert left == [ids[1], ids[2], "not-a-dump"]
    assert folder.current() is not None and folder.current().dump == ids[2]


def test_pruning_keeps_the_dump_before_the_current_one_whatever_is_asked(
    tmp_path: Path,
) -> None:
    # a request that read the previous manifest may be about to open its file
    folder = DumpFolder(tmp_path)
    ids = [f"2026120{d}T210000.000000Z" for d in range(1, 4)]
    for dump_id in ids:
        published(folder, dump_id, f"{dump_id}.nt.gz")
    assert folder.prune(1) == [ids[0]]
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == ids[1:]
