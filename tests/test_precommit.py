"""The pre-commit hook, driven by the real ``pre-commit try-repo`` against this checkout.

pre-commit builds its own virtualenv from the checkout (pip install of this repository), so the
test exercises .pre-commit-hooks.yaml, the packaging and the installed entry point together.  It
uses the committed HEAD of this checkout (``--ref``): uncommitted work of the moment, which may
depend on files not yet added, does not leak into the hook's environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ci_helpers import REPO_ROOT, git, make_project


def _pre_commit() -> str | None:
    candidate = Path(sys.executable).parent / "pre-commit"
    return str(candidate) if candidate.exists() else shutil.which("pre-commit")


PRE_COMMIT = _pre_commit()
pytestmark = [
    pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (pip install pre-commit)"),
    pytest.mark.slow,  # each test builds pre-commit's own virtualenv: 10-15 s
]


def _try_repo(newsroom: Path, home: Path, *files: str) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        PRE_COMMIT_HOME=str(home),
        NO_COLOR="1",
        PRE_COMMIT_COLOR="never",
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.org",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.org",
    )
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    return subprocess.run(
        [
            PRE_COMMIT,
            "try-repo",
            str(REPO_ROOT),
            "newslint",
            "--ref",
            head,
            "--color",
            "never",
            "--files",
            *files,
        ],
        cwd=newsroom,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def test_hook_fails_on_a_finding_and_passes_once_the_draft_is_fixed(tmp_path):
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", ".pre-commit-hooks.yaml"], cwd=REPO_ROOT, capture_output=True
    )
    assert tracked.returncode == 0, (
        "commit .pre-commit-hooks.yaml: pre-commit try-repo reads the committed repo"
    )
    newsroom = tmp_path / "newsroom"
    newsroom.mkdir()
    draft = make_project(newsroom)
    git(newsroom, "init", "-q")
    git(newsroom, "add", ".")

    # pre-commit passes every changed Markdown/text file: the wire copy too, which is a source.
    failed = _try_repo(newsroom, tmp_path / "pre-commit-home", "drafts/story.md", "wire/agency.txt")
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "newslint" in output and "Failed" in output
    assert "drafts/story.md:5:19: TST101 a Zorblax is named" in output
    assert "drafts/story.md:5:65: TST101 a Zorblax is named" in output
    assert 'source wire/agency.txt:1:24: "Zorblax"' in output
    # the source was skipped, not checked as a draft
    assert not any(line.startswith("wire/agency.txt:") for line in output.splitlines()), output

    draft.write_text(
        draft.read_text(encoding="utf-8")
        .replace("a Zorblax", "an otter")
        .replace("a second Zorblax", "a heron"),
        encoding="utf-8",
    )
    passed = _try_repo(newsroom, tmp_path / "pre-commit-home", "drafts/story.md", "wire/agency.txt")
    output = passed.stdout + passed.stderr
    assert passed.returncode == 0, output
    assert "Passed" in output and "TST101" not in output


def _committed(path: str) -> bool:
    return (
        subprocess.run(
            ["git", "cat-file", "-e", f"HEAD:{path}"], cwd=REPO_ROOT, capture_output=True
        ).returncode
        == 0
    )


@pytest.mark.skipif(
    not _committed("plugins/figures.py"), reason="the figures family (NL2xx) is not committed yet"
)
def test_hook_with_the_real_figures_family(tmp_path):
    """No local plugin: an unsourced figure (NL201) in a newsroom with only a config and wire copy."""
    newsroom = tmp_path / "newsroom"
    (newsroom / "wire").mkdir(parents=True)
    (newsroom / "drafts").mkdir()
    (newsroom / "newslint.toml").write_text('sources = ["wire"]\n', encoding="utf-8")
    (newsroom / "wire" / "council.txt").write_text(
        "The transport authority said on Tuesday that the council had approved 35 new electric buses "
        "for the city.\n",
        encoding="utf-8",
    )
    draft = newsroom / "drafts" / "buses.md"
    draft.write_text(
        "---\ndate: 2025-03-05\n---\n# Buses\n\nThe council approved 40 new electric buses for the "
        "city, the transport authority said.\n",
        encoding="utf-8",
    )
    git(newsroom, "init", "-q")
    git(newsroom, "add", ".")

    failed = _try_repo(newsroom, tmp_path / "home", "drafts/buses.md", "wire/council.txt")
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "drafts/buses.md:6:22: NL201 " in output
    assert "source wire/council.txt:1:71:" in output

    draft.write_text(draft.read_text(encoding="utf-8").replace("40 new", "35 new"), encoding="utf-8")
    passed = _try_repo(newsroom, tmp_path / "home", "drafts/buses.md", "wire/council.txt")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "NL201" not in passed.stdout
