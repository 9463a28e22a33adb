"""``check --diff REF`` against a real temporary git repository (no mocks)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from ci_helpers import DRAFT, git, make_project, newslint_exe, run_newslint

from newslint.diff import ChangedLines, parse_unified_diff

NEW_FIRST_PARAGRAPH = "Residents said a Zorblax closed a bridge."


@pytest.fixture
def repo(tmp_path):
    make_project(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "source and draft")
    return tmp_path


def _findings(result) -> list[tuple[str, int, int, str]]:
    report = json.loads(result.stdout)
    return [(f["path"], f["line"], f["column"], f["code"]) for f in report["findings"]]


def _edit_first_paragraph(repo: Path) -> None:
    draft = repo / "drafts" / "story.md"
    text = draft.read_text(encoding="utf-8")
    draft.write_text(
        text.replace("Residents said a bridge was closed.", NEW_FIRST_PARAGRAPH), encoding="utf-8"
    )


def test_without_diff_every_finding_is_reported(repo):
    _edit_first_paragraph(repo)
    result = run_newslint(["check", "drafts", "--format", "json"], cwd=repo)
    assert _findings(result) == [
        ("drafts/story.md", 3, 18, "TST101"),
        ("drafts/story.md", 5, 19, "TST101"),
        ("drafts/story.md", 5, 65, "TST101"),
    ]


def test_diff_reports_only_findings_on_changed_lines(repo):
    _edit_first_paragraph(repo)
    result = run_newslint(["check", "drafts", "--diff", "HEAD", "--format", "json"], cwd=repo)
    assert result.returncode == 1, result.stderr.decode()
    assert _findings(result) == [("drafts/story.md", 3, 18, "TST101")]


def test_committed_and_staged_changes_count_too(repo):
    _edit_first_paragraph(repo)
    git(repo, "add", "drafts/story.md")
    staged = run_newslint(["check", "drafts/story.md", "--diff", "HEAD", "--format", "json"], cwd=repo)
    assert _findings(staged) == [("drafts/story.md", 3, 18, "TST101")]
    git(repo, "commit", "-qm", "edit")
    committed = run_newslint(["check", "drafts/story.md", "--diff", "HEAD~1", "--format", "json"], cwd=repo)
    assert _findings(committed) == [("drafts/story.md", 3, 18, "TST101")]
    nothing_since = run_newslint(["check", "drafts/story.md", "--diff", "HEAD", "--format", "json"], cwd=repo)
    assert nothing_since.returncode == 0
    assert _findings(nothing_since) == []


def test_unchanged_draft_has_no_findings(repo):
    result = run_newslint(["check", "drafts", "--diff", "HEAD"], cwd=repo)
    assert result.returncode == 0, result.stdout.decode()
    assert "no findings in 1 file" in result.stdout.decode()


def test_untracked_new_draft_counts_as_wholly_changed(repo):
    (repo / "drafts" / "new.md").write_text(DRAFT, encoding="utf-8")
    result = run_newslint(["check", "drafts", "--diff", "HEAD", "--format", "json"], cwd=repo)
    assert _findings(result) == [("drafts/new.md", 5, 19, "TST101"), ("drafts/new.md", 5, 65, "TST101")]


def test_diff_from_a_subfolder_maps_paths_to_the_repository(repo):
    _edit_first_paragraph(repo)
    result = run_newslint(["check", "story.md", "--diff", "HEAD", "--format", "json"], cwd=repo / "drafts")
    assert _findings(result) == [("story.md", 3, 18, "TST101")]


def _one_line_error(result) -> str:
    err = result.stderr.decode().strip()
    assert result.returncode == 2, (result.stdout, err)
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    return err


def test_bad_ref_is_a_one_line_error(repo):
    err = _one_line_error(run_newslint(["check", "drafts", "--diff", "no-such-branch"], cwd=repo))
    assert err.startswith("newslint: error: --diff: git ref 'no-such-branch' does not exist")


def test_option_like_ref_is_refused(repo):
    err = _one_line_error(run_newslint(["check", "drafts", "--diff=--output=/tmp/x"], cwd=repo))
    assert "is not a git ref" in err


def test_not_a_repository_is_a_one_line_error(tmp_path):
    project = tmp_path / "plain"
    make_project(project)
    env_ceiling = dict(os.environ, GIT_CEILING_DIRECTORIES=str(tmp_path), NO_COLOR="1")
    result = subprocess.run(
        [newslint_exe(), "check", "drafts", "--diff", "HEAD"],
        cwd=project,
        env=env_ceiling,
        capture_output=True,
        timeout=60,
    )
    err = _one_line_error(result)
    assert "is not inside a git repository" in err


def test_git_missing_is_a_one_line_error(repo, tmp_path_factory):
    empty_bin = tmp_path_factory.mktemp("no-git-here")
    env = dict(os.environ, PATH=str(empty_bin), NO_COLOR="1")
    result = subprocess.run(
        [newslint_exe(), "check", "drafts", "--diff", "HEAD"],
        cwd=repo,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert "git is not installed" in _one_line_error(result)


def test_draft_outside_the_repository_is_a_one_line_error(repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "elsewhere.md"
    outside.write_text(DRAFT, encoding="utf-8")
    err = _one_line_error(run_newslint(["check", str(outside), "--diff", "HEAD"], cwd=repo))
    assert "is outside the git repository" in err


def test_parse_unified_diff_ranges_and_quoted_names():
    diff = "\n".join(
        [
            "diff --git a/drafts/a.md b/drafts/a.md",
            "--- a/drafts/a.md",
            "+++ b/drafts/a.md",
            "@@ -3 +3 @@ x",
            "@@ -10,2 +10,0 @@",
            "@@ -20,0 +19,3 @@",
            'diff --git "a/drafts/caf\\303\\251.md" "b/drafts/caf\\303\\251.md"',
            '+++ "b/drafts/caf\\303\\251.md"',
            "@@ -0,0 +1,2 @@",
            "+++ /dev/null",
            "@@ -1,4 +0,0 @@",
        ]
    )
    assert parse_unified_diff(diff) == {"drafts/a.md": [(3, 3), (19, 21)], "drafts/café.md": [(1, 2)]}


def test_touches_overlapping_spans():
    changed = ChangedLines(
        "HEAD", Path("/repo"), ranges={"a.md": [(3, 3), (19, 21)]}, tracked=frozenset({"a.md", "same.md"})
    )
    assert changed.touches("a.md", 3)
    assert not changed.touches("a.md", 4)
    assert changed.touches("a.md", 1, 3)  # a finding spanning lines 1-3 ends on a changed line
    assert changed.touches("a.md", 10, 25)
    assert not changed.touches("a.md", 4, 18)
    assert changed.touches("a.md", 21)
    assert not changed.touches("a.md", 22)
    assert changed.touches("untracked.md", 1) and changed.touches("untracked.md", 500)  # new to git
    assert not changed.touches("same.md", 1)  # tracked, not in the diff: unchanged
