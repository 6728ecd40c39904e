"""``python -m pytest`` runs in parallel by itself; ``-n 0`` and ``-p no:xdist`` do not.

The worker count and the mode come from ``tests/conftest.py`` (not ``addopts``), so
this runs the README's command on one small module and reads what pytest says.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from authority.machine import cores
from tests.support import REPO

pytestmark = pytest.mark.slow
MODULE = "tests/unit/domain/test_vocabularies.py"


def pytest_run(tmp_path: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-v"]
        + [f"--basetemp={tmp_path / 'run'}", *args, MODULE],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == pytest.ExitCode.OK, run.stdout[-3000:] + run.stderr
    return run.stdout


def test_the_suite_runs_on_a_worker_per_usable_core_stealing_work(
    tmp_path: Path,
) -> None:
    out = pytest_run(tmp_path)
    workers = cores()
    assert f"created: {workers}/{workers} workers" in out
    assert "WorkStealingScheduling" in out


@pytest.mark.parametrize("serial", [["-n", "0"], ["-p", "no:xdist"]])
def test_a_serial_run_is_one_command_line_option_away(
    tmp_path: Path, serial: list[str]
) -> None:
    out = pytest_run(tmp_path, *serial)
    assert "workers" not in out and "[gw" not in out
    assert " passed" in out
