"""The repository keeps its habits: ruff check, ruff format and mypy pass on the whole tree.

These run the tools as the developer would (``python -m ruff ...``, ``python -m mypy``) with the
configuration in pyproject.toml; ``pip install -e '.[test]'`` installs the pinned versions.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _run(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(module) is None:
        pytest.fail(f"{module} is not installed; run: python -m pip install -e '.[test]'")
    return subprocess.run(
        [sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_ruff_check_passes():
    done = _run("ruff", "check", "--no-cache", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_leaves_every_file_as_it_is():
    done = _run("ruff", "format", "--no-cache", "--check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_passes():
    done = _run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr
