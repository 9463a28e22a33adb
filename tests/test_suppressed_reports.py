"""Suppressed findings as an audit trail: kept in SARIF with ``suppressions`` (validated against the
SARIF 2.1.0 schema) and listed under ``suppressed`` in the JSON report, with their reasons."""

from __future__ import annotations

import json

import pytest
from ci_helpers import REPO_ROOT, git, make_project, run_newslint

SARIF_SCHEMA = REPO_ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"

DRAFT = """\
# River sighting

<!-- newslint-disable-next-line TST101 -- confirmed with the agency's press office -->
The agency said a Zorblax was seen near the river.

<!-- newslint-disable-next-line TST101 -->
A second Zorblax was seen later.

A third Zorblax was reported by residents.
"""


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "newsroom"
    make_project(root, DRAFT)
    git(root, "init", "-q")
    return root


def _report(root, fmt: str) -> dict:
    result = run_newslint(["check", "drafts", "--format", fmt], cwd=root)
    assert result.returncode == 1, result.stderr.decode()
    return json.loads(result.stdout)


def test_sarif_keeps_suppressed_findings_with_their_reasons(project):
    run = _report(project, "sarif")["runs"][0]
    by_line = {r["locations"][0]["physicalLocation"]["region"]["startLine"]: r for r in run["results"]}
    assert sorted(by_line) == [4, 7, 9]
    assert by_line[4]["suppressions"] == [
        {"kind": "inSource", "justification": "confirmed with the agency's press office"}
    ]
    assert by_line[7]["suppressions"] == [{"kind": "inSource"}]  # no reason given: none invented
    assert "suppressions" not in by_line[9]
    fingerprints = [r["partialFingerprints"]["newslint/v1"] for r in run["results"]]
    assert len(set(fingerprints)) == 3


def test_sarif_with_suppressions_validates_against_the_schema(project):
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA} (../shared beside the checkout)")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    sarif = _report(project, "sarif")
    assert any("suppressions" in r for r in sarif["runs"][0]["results"])
    errors = sorted(
        validator_class(schema, format_checker=validator_class.FORMAT_CHECKER).iter_errors(sarif), key=str
    )
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_json_lists_suppressed_findings_apart_from_the_findings(project):
    report = _report(project, "json")
    assert [(f["line"], f["code"]) for f in report["findings"]] == [(9, "TST101")]
    assert report["summary"]["findings"] == 1
    suppressed = report["suppressed"]
    assert [(s["line"], s["column"], s["excerpt"]) for s in suppressed] == [
        (4, 19, "Zorblax"),
        (7, 10, "Zorblax"),
    ]
    assert suppressed[0]["suppression"] == {
        "kind": "inSource",
        "justification": "confirmed with the agency's press office",
        "line": 3,
        "column": 1,
    }
    assert suppressed[1]["suppression"]["justification"] == ""


def test_suppressed_findings_do_not_fail_the_run(project):
    draft = project / "drafts" / "story.md"
    draft.write_text(DRAFT.replace("A third Zorblax was reported by residents.\n", ""), encoding="utf-8")
    result = run_newslint(["check", "drafts", "--format", "json"], cwd=project)
    assert result.returncode == 0, result.stderr.decode()
    assert len(json.loads(result.stdout)["suppressed"]) == 2
