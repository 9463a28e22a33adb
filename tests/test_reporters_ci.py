"""The CI report formats: SARIF 2.1.0 (validated against the official schema), GitHub workflow
commands, reviewdog's rdjsonl."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from ci_helpers import DRAFT, REPO_ROOT, git, make_project, run_newslint

from newslint.finding import Evidence, Finding
from newslint.reporters.github import annotation, escape_data, escape_property

SARIF_SCHEMA = REPO_ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "newsroom"
    make_project(root)
    git(root, "init", "-q")  # the repository root is what URIs are relative to
    return root


def _sarif(root: Path, *args: str, cwd: Path | None = None) -> dict:
    result = run_newslint(["check", *(args or ("drafts",)), "--format", "sarif"], cwd=cwd or root)
    assert result.returncode == 1, result.stderr.decode()
    return json.loads(result.stdout)


def test_sarif_validates_against_the_schema(project):
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA} (../shared beside the checkout)")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    sarif = _sarif(project)
    errors = sorted(
        validator_class(schema, format_checker=validator_class.FORMAT_CHECKER).iter_errors(sarif), key=str
    )
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    assert sarif["version"] == "2.1.0" and len(sarif["runs"][0]["results"]) == 2


def test_sarif_rules_carry_help_and_results_point_at_them(project):
    run = _sarif(project)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"].startswith(
            f"# {rule['name']} ({rule['id']})"
        )
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    tst = next(r for r in rules if r["id"] == "TST101")
    assert "Zorblaxes are fictional." in tst["help"]["text"]
    assert {r["id"]: r["defaultConfiguration"]["level"] for r in rules}["NL003"] == "note"  # info -> note
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == "TST101"
        assert result["level"] == "warning"


def test_sarif_regions_evidence_and_relative_uris(project):
    run = _sarif(project)["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.resolve().as_uri() + "/"
    first = run["results"][0]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "drafts/story.md", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {
        "startLine": 5,
        "startColumn": 19,
        "endLine": 5,
        "endColumn": 26,
        "snippet": {"text": "Zorblax"},
    }
    [related] = first["relatedLocations"]
    assert related["id"] == 1
    assert related["physicalLocation"]["artifactLocation"] == {
        "uri": "wire/agency.txt",
        "uriBaseId": "%SRCROOT%",
    }
    assert related["physicalLocation"]["region"]["startLine"] == 1
    assert related["physicalLocation"]["region"]["startColumn"] == 24
    assert related["message"]["text"] == 'source: "Zorblax" (named here)'
    assert first["message"]["text"] == "a Zorblax is named (evidence: [wire/agency.txt:1:24](1))"
    text = json.dumps(run["results"])
    assert "file:" not in text and str(project) not in text


def test_sarif_uris_are_relative_to_the_repository_root_from_a_subfolder(project):
    run = _sarif(project, "story.md", cwd=project / "drafts")["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"drafts/story.md"}


def _fingerprints(sarif: dict) -> list[str]:
    return [r["partialFingerprints"]["newslint/v1"] for r in sarif["runs"][0]["results"]]


def test_partial_fingerprints_are_stable_across_runs_and_checkout_paths(project, tmp_path):
    first = _fingerprints(_sarif(project))
    assert len(first) == 2 and len(set(first)) == 2  # two occurrences of the same word: distinct
    assert _fingerprints(_sarif(project)) == first
    elsewhere = tmp_path / "another" / "checkout-folder"
    shutil.copytree(project, elsewhere)
    assert _fingerprints(_sarif(elsewhere)) == first
    # an edit above the findings moves them down two lines; they stay the same alerts
    draft = elsewhere / "drafts" / "story.md"
    draft.write_text(
        draft.read_text(encoding="utf-8").replace("# River sighting\n", "# River sighting\n\nNew.\n"),
        encoding="utf-8",
    )
    moved = _sarif(elsewhere)
    assert [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in moved["runs"][0]["results"]
    ] == [7, 7]
    assert _fingerprints(moved) == first


# -- github ------------------------------------------------------------------------------------------


def test_github_escaping():
    assert escape_data("100% sure\r\nnext") == "100%25 sure%0D%0Anext"
    assert escape_property("drafts/a,b:c%.md") == "drafts/a%2Cb%3Ac%25.md"


def test_github_annotation_line():
    f = Finding(
        "drafts/x, y.md",
        14,
        61,
        14,
        74,
        "NL101",
        "unit-mismatch",
        "warning",
        "40 km: the sources give 40 sq km (an area), not a length",
        "40 km",
        (Evidence("wire/004.txt", 7, 45, "40 sq km"),),
    )
    assert annotation(f) == (
        "::warning file=drafts/x%2C y.md,line=14,col=61,endLine=14,endColumn=74,title=NL101 unit-mismatch"
        '::40 km: the sources give 40 sq km (an area), not a length%0Asource wire/004.txt:7:45: "40 sq km"'
    )
    assert annotation(Finding("a.md", 1, 1, 1, 2, "NL003", "unused-suppression", "info", "m", "")).startswith(
        "::notice "
    )


def test_github_prints_every_finding_to_the_log_and_ends_with_a_summary(project):
    many = "\n\n".join(f"Paragraph {i} mentions a Zorblax." for i in range(12)) + "\n"
    (project / "drafts" / "story.md").write_text(many, encoding="utf-8")
    result = run_newslint(["check", "drafts", "--format", "github"], cwd=project)
    lines = result.stdout.decode().splitlines()
    log = [line for line in lines if line.startswith("drafts/story.md:")]
    commands = [line for line in lines if line.startswith("::warning ")]
    assert len(log) == 12 and len(commands) == 12
    assert log[0] == "drafts/story.md:1:24: TST101 [warning] a Zorblax is named"
    assert commands[0].startswith(
        "::warning file=drafts/story.md,line=1,col=24,endLine=1,endColumn=31,"
        "title=TST101 zorblax::a Zorblax is named%0Asource wire/agency.txt:1:24:"
    )
    assert lines[-1] == (
        "newslint: 12 findings (12 warnings) in 1 file, checked against 1 source. GitHub shows "
        "at most 10 annotations of each level per step, so 2 appear only in the log above."
    )
    assert result.returncode == 1


def test_github_clean_run(project):
    (project / "drafts" / "story.md").write_text("Nothing to see.\n", encoding="utf-8")
    result = run_newslint(["check", "drafts", "--format", "github"], cwd=project)
    assert result.returncode == 0
    assert result.stdout.decode() == "newslint: no findings in 1 file, checked against 1 source.\n"


# -- rdjsonl ---------------------------------------------------------------------------------------


def test_rdjsonl_diagnostics_with_byte_columns_and_related_locations(project):
    draft = DRAFT.replace("The agency said a Zorblax", "L’agence a dit qu’un Zorblax")
    (project / "drafts" / "story.md").write_text(draft, encoding="utf-8")
    result = run_newslint(["check", "drafts", "--format", "rdjsonl"], cwd=project)
    diagnostics = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(diagnostics) == 2
    first = diagnostics[0]
    # "L’agence a dit qu’un " is 21 characters but 25 UTF-8 bytes (two 3-byte apostrophes)
    assert first["location"] == {
        "path": "drafts/story.md",
        "range": {"start": {"line": 5, "column": 26}, "end": {"line": 5, "column": 33}},
    }
    assert first["severity"] == "WARNING"
    assert first["code"] == {"value": "TST101"}
    assert first["source"] == {"name": "newslint"}
    assert first["message"] == "a Zorblax is named"
    assert first["original_output"] == "drafts/story.md:5:22: TST101 a Zorblax is named"
    assert first["related_locations"] == [
        {
            "message": 'source: "Zorblax" (named here)',
            "location": {
                "path": "wire/agency.txt",
                "range": {"start": {"line": 1, "column": 24}, "end": {"line": 1, "column": 31}},
            },
        }
    ]


def test_rdjsonl_from_stdin_keeps_character_columns(project):
    result = run_newslint(
        ["check", "-", "--stdin-filename", "drafts/unsaved.md", "--format", "rdjsonl"],
        cwd=project,
        stdin="Café Zorblax.\n".encode(),
    )
    [diagnostic] = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert diagnostic["location"]["path"] == "drafts/unsaved.md"
    assert diagnostic["location"]["range"]["start"] == {"line": 1, "column": 6}
