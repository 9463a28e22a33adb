"""action.yml: the composite action's inputs, and its run script executed for real with bash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml
from ci_helpers import REPO_ROOT, make_project

ACTION = yaml.safe_load((REPO_ROOT / "action.yml").read_text(encoding="utf-8"))
WORKFLOW = yaml.safe_load((REPO_ROOT / "docs" / "ci-workflow.yml").read_text(encoding="utf-8"))


def _run_step(cwd: Path, **inputs: str) -> subprocess.CompletedProcess:
    step = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "newslint")
    env = dict(
        os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", NO_COLOR="1"
    )
    for name, spec in ACTION["inputs"].items():
        env[f"NEWSLINT_{name.upper().replace('-', '_')}"] = inputs.get(
            name.replace("-", "_"), spec["default"]
        )
    return subprocess.run(["bash", "-c", step["run"]], cwd=cwd, env=env, capture_output=True, timeout=120)


def test_action_declares_the_inputs_and_passes_each_through_the_environment():
    assert {"paths", "sources", "fail-level", "format"} <= set(ACTION["inputs"])
    assert ACTION["runs"]["using"] == "composite"
    step = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "newslint")
    for name in ACTION["inputs"]:
        if name == "python-version":
            continue
        assert step["env"][f"NEWSLINT_{name.upper().replace('-', '_')}"] == f"${{{{ inputs.{name} }}}}"
    assert "${{" not in step["run"]  # no input is pasted into the script (script injection)
    install = next(s for s in ACTION["runs"]["steps"] if s.get("name") == "Install newslint")
    assert "$GITHUB_ACTION_PATH" in install["run"]


def test_action_script_annotates_and_fails_on_findings(tmp_path):
    make_project(tmp_path)
    result = _run_step(tmp_path)  # defaults: paths ".", format github; wire/ is a source, skipped
    out = result.stdout.decode()
    assert result.returncode == 1, result.stderr.decode()
    assert "::warning file=drafts/story.md,line=5,col=19," in out
    assert "wire/agency.txt:1:24: TST101" not in out
    assert out.splitlines()[-1].startswith("newslint: 2 findings (2 warnings) in 1 file")


def test_action_script_writes_sarif_with_extra_sources_and_exit_zero(tmp_path):
    make_project(tmp_path)
    (tmp_path / "extra").mkdir()
    (tmp_path / "extra" / "note.txt").write_text("Nothing here.\n", encoding="utf-8")
    result = _run_step(
        tmp_path,
        paths="drafts",
        sources="extra/note.txt",
        format="sarif",
        output="newslint.sarif",
        exit_zero="true",
        fail_level="error",
    )
    assert result.returncode == 0, result.stderr.decode()
    sarif = json.loads((tmp_path / "newslint.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 2


def test_example_workflow_uses_the_action_inputs_that_exist():
    for job in WORKFLOW["jobs"].values():
        for step in job["steps"]:
            if "newslint" in str(step.get("uses", "")):
                assert set(step.get("with", {})) <= set(ACTION["inputs"]), step


def test_action_script_writes_the_html_review_page_and_still_annotates(tmp_path):
    make_project(tmp_path)
    result = _run_step(tmp_path, paths="drafts", html="review/newslint-review.html")
    assert result.returncode == 1, result.stderr.decode()  # the findings still fail the step
    assert "::warning file=drafts/story.md,line=5,col=19," in result.stdout.decode()
    page = (tmp_path / "review" / "newslint-review.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and page.count('<mark class="hl') == 2


def test_action_uploads_the_review_page_as_an_artifact_even_when_the_check_fails():
    upload = next(
        s for s in ACTION["runs"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact")
    )
    assert upload["if"].startswith("${{ always()") and "inputs.html != ''" in upload["if"]
    assert upload["with"] == {
        "name": "${{ inputs.html-artifact }}",
        "path": "${{ inputs.html }}",
        "if-no-files-found": "ignore",
    }
    annotations = WORKFLOW["jobs"]["annotations"]["steps"][1]["with"]
    assert annotations["html"].endswith(".html")
