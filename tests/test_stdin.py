"""``cat draft.md | newslint check - --stdin-filename drafts/x.md``, through the installed entry point.

The configuration (sources, plugins) is found from the folder of the stdin filename, as it would be
for a file of that name: that is how a CMS or an editor integration checks an unsaved draft.
"""

from __future__ import annotations

import json

from ci_helpers import DRAFT, git, make_project, run_newslint


def test_stdin_draft_uses_the_config_above_the_stdin_filename(tmp_path):
    desk = tmp_path / "desk"
    make_project(desk)  # desk/newslint.toml names desk/wire and the local plugin
    result = run_newslint(
        ["check", "-", "--stdin-filename", "desk/drafts/x.md"], cwd=tmp_path, stdin=DRAFT.encode("utf-8")
    )
    out = result.stdout.decode("utf-8")
    assert result.returncode == 1, result.stderr.decode()
    assert out.splitlines()[:4] == [
        "desk/drafts/x.md:5:19: TST101 a Zorblax is named",
        '    source desk/wire/agency.txt:1:24: "Zorblax" (named here)',
        "desk/drafts/x.md:5:65: TST101 a Zorblax is named",
        '    source desk/wire/agency.txt:1:24: "Zorblax" (named here)',
    ]
    assert "checked against 1 source" in out


def test_stdin_filename_elsewhere_gets_another_config(tmp_path):
    make_project(tmp_path / "desk")
    (tmp_path / "other").mkdir()
    result = run_newslint(
        ["check", "-", "--stdin-filename", "other/x.md"], cwd=tmp_path, stdin=DRAFT.encode("utf-8")
    )
    # no configuration above other/: no plugin, no sources, nothing to report
    assert result.returncode == 0, result.stderr.decode()
    assert "TST101" not in result.stdout.decode()


def test_stdin_without_a_name_is_reported_as_dash_and_config_comes_from_cwd(tmp_path):
    make_project(tmp_path)
    result = run_newslint(["check", "-", "--format", "json"], cwd=tmp_path, stdin=DRAFT.encode("utf-8"))
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert report["files"] == ["-"]
    assert [(f["path"], f["line"], f["column"]) for f in report["findings"]] == [("-", 5, 19), ("-", 5, 65)]


def test_stdin_with_diff_compares_against_the_file_in_the_ref(tmp_path):
    make_project(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "draft")
    edited = DRAFT.replace("Officials gave no further details.", "Officials said the Zorblax left.")
    result = run_newslint(
        ["check", "-", "--stdin-filename", "drafts/story.md", "--diff", "HEAD"],
        cwd=tmp_path,
        stdin=edited.encode("utf-8"),
    )
    lines = [line for line in result.stdout.decode().splitlines() if "TST101" in line]
    # the working-tree file is unchanged; only the line changed on stdin counts
    assert lines == ["drafts/story.md:7:20: TST101 a Zorblax is named"], result.stdout.decode()
    assert result.returncode == 1
