"""Files land whole or not at all: one atomic writer for dump files and manifests."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from authority.export.output import atomically, output


def test_a_file_lands_whole(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    with atomically(path) as written:
        written.write(b"{}")
        assert not path.exists()  # not before it is whole
    assert path.read_bytes() == b"{}"
    assert [p.name for p in tmp_path.iterdir()] == ["m.json"]


def test_an_interrupted_write_leaves_the_old_file_and_no_part(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_bytes(b"old")
    with pytest.raises(OSError, match="disk full"), atomically(path) as written:
        written.write(b"half")
        raise OSError("disk full")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["m.json"]


def test_a_gzipped_export_goes_through_the_same_writer(tmp_path: Path) -> None:
    target = tmp_path / "x.nt.gz"
    with pytest.raises(KeyboardInterrupt), output(str(target)) as stream:
        stream.write(b"<a> <b> <c> .\n")
        raise KeyboardInterrupt
    assert not list(tmp_path.iterdir())
    with output(str(target)) as stream:
        stream.write(b"<a> <b> <c> .\n")
    assert gzip.decompress(target.read_bytes()) == b"<a> <b> <c> .\n"
