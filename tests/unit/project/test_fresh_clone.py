"""The suite on a machine that lacks what it needs says so once, clearly: a clone
without the shared corpus beside it stops the run with one message; a Debian tool
that cannot be installed skips its tests, but fails them under CI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.support import REPO, debian_tool

QUICK_LOOP = ["-m", "not integration and not lint"]


@pytest.mark.slow
@pytest.mark.parametrize("args", [[], QUICK_LOOP], ids=["suite", "quick-loop"])
def test_without_the_corpus_the_run_stops_with_one_message_naming_it(
    tmp_path: Path, args: list[str]
) -> None:
    clone = tmp_path / "clone"  # a clone with no ../shared beside it
    shutil.copytree(
        REPO / "tests", clone / "tests", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(REPO / "pyproject.toml", clone)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(clone), str(REPO)])}
    env.pop("AUTHORITY_TEST_CORPUS", None)

    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert run.returncode == pytest.ExitCode.USAGE_ERROR, run.stdout + run.stderr
    missing = tmp_path / "shared" / "corpus"
    assert run.stdout == ""
    [message] = run.stderr.strip().splitlines()
    assert message.startswith("ERROR: the tests read the real corpus at ")
    assert f"{missing}," in message and "../shared/corpus" in message


@pytest.mark.slow
def test_collecting_reads_no_corpus_file(tmp_path: Path) -> None:
    # An empty corpus folder passes the check above; collection must not open a
    # file in it (a module that reads the corpus at import crashed the quick loop).
    env = {**os.environ, "AUTHORITY_TEST_CORPUS": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == pytest.ExitCode.OK, run.stdout[-3000:] + run.stderr


@pytest.mark.parametrize("ci", ["true", "1"])
def test_a_missing_debian_tool_fails_under_ci(
    monkeypatch: pytest.MonkeyPatch, ci: str
) -> None:
    monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(shutil, "which", lambda _: None)  # no tool, no apt-get
    with pytest.raises(pytest.fail.Exception, match="CI must run every test"):
        debian_tool("yaz-marcdump", "yaz")


@pytest.mark.parametrize("ci", [None, "", "false"])
def test_a_missing_debian_tool_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch, ci: str | None
) -> None:
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(shutil, "which", lambda _: None)
    with pytest.raises(pytest.skip.Exception, match="Debian package yaz"):
        debian_tool("yaz-marcdump", "yaz")


def test_test_workers_install_a_missing_debian_tool_one_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two xdist workers wanting chromium at once: dpkg's lock would fail the second.

    The second waits for the first and then finds the tool installed.
    """
    installed: list[str] = []
    running = threading.Semaphore(1)
    overlapped = threading.Event()

    def apt_get(command: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        if not running.acquire(blocking=False):
            overlapped.set()
        time.sleep(0.2)
        installed.append(command[-1])
        running.release()
        return subprocess.CompletedProcess(command, 0)

    def which(name: str) -> str | None:
        return f"/usr/bin/{name}" if name == "apt-get" or installed else None

    monkeypatch.setattr(shutil, "which", which)
    monkeypatch.setattr(subprocess, "run", apt_get)
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    workers = [
        threading.Thread(target=debian_tool, args=("yaz-marcdump", "yaz"))
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not overlapped.is_set()
    assert installed == ["yaz"]
