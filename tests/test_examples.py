"""The example newsroom of the README: every family finds its planted problem, the faithful draft nothing."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newslint.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

EXPECTED = {
    ("drafts/ambel-brief.txt", 3, "NL401"),
    ("drafts/ambel-rewrite.md", 3, "NL405"),
    ("drafts/ambel-rewrite.md", 7, "NL101"),
    ("drafts/ambel-rewrite.md", 7, "NL402"),
    ("drafts/ambel-rewrite.md", 9, "NL201"),
    ("drafts/ambel-rewrite.md", 11, "NL102"),
    ("drafts/ambel-rewrite.md", 11, "NL103"),
    ("drafts/ambel-rewrite.md", 13, "NL202"),
    ("drafts/ambel-rewrite.md", 15, "NL303"),
    ("drafts/ambel-rewrite.md", 17, "NL302"),
    ("drafts/ambel-rewrite.md", 19, "NL301"),
    ("drafts/ambel-rewrite.md", 21, "NL304"),
    ("drafts/ambel-rewrite.md", 23, "NL404"),
    ("drafts/ambel-rewrite.md", 25, "NL403"),
}


def _check(monkeypatch, *args):
    monkeypatch.chdir(EXAMPLES)
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--no-cache", *args], catch_exceptions=False
    )
    return result.exit_code, json.loads(result.output)


def test_every_family_finds_its_planted_problem(monkeypatch):
    code, report = _check(monkeypatch, "drafts")
    assert code == 1
    found = {(f["path"], f["line"], f["code"]) for f in report["findings"]}
    assert found == EXPECTED
    families = {c[2][:3] for c in EXPECTED}
    assert families == {"NL1", "NL2", "NL3", "NL4"}
    for f in report["findings"]:
        if f["code"] in {"NL101", "NL202", "NL302", "NL303", "NL402"}:
            assert f["evidence"] and f["evidence"][0]["path"].startswith("wire/"), f


def test_the_faithful_draft_gets_no_finding(monkeypatch):
    code, report = _check(monkeypatch, "drafts/ambel-faithful.md")
    assert code == 0
    assert report["findings"] == []
    assert len(report["sources"]) == 3


def test_cached_and_uncached_runs_report_the_same(monkeypatch, tmp_path):
    """Cold cache, warm cache (lookups from the postings table) and no cache give one report."""
    monkeypatch.chdir(EXAMPLES)
    outputs = []
    for args in (["--no-cache"], ["--cache-dir", str(tmp_path)], ["--cache-dir", str(tmp_path)]):
        result = CliRunner().invoke(
            main, ["check", "--format", "json", *args, "drafts"], catch_exceptions=False
        )
        outputs.append(result.output)
    assert outputs[0] == outputs[1] == outputs[2]
    assert json.loads(outputs[0])["summary"]["findings"] == len(EXPECTED)
