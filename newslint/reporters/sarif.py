"""``--format sarif``: SARIF 2.1.0 as GitHub code scanning accepts it.

- every loaded rule is in ``tool.driver.rules`` with its summary, full description and help (the
  text of ``newslint rule CODE``, plain and Markdown) and its default level;
- each finding is a result with an exact region (columns count Unicode code points, so the run says
  ``columnKind: unicodeCodePoints``) and a snippet of the draft;
- the evidence of a finding is in ``relatedLocations``, and the message links to it (``[...](1)``);
- URIs are relative to the repository root (``uriBaseId: "%SRCROOT%"``);
- ``partialFingerprints["newslint/v1"]`` identifies a finding by rule, repository-relative path,
  flagged text and its occurrence number in the file: it survives edits elsewhere in the draft (no
  line number in it), re-runs, and checkouts in other folders, so code scanning keeps one alert per
  problem instead of closing and reopening it;
- a finding silenced by a suppression comment stays a result, with
  ``suppressions: [{"kind": "inSource", "justification": REASON}]`` (the CodeQL convention), so code
  scanning shows what an editor confirmed and why.  Its fingerprint is the one it would have
  unsuppressed (occurrences count suppressed and reported findings together), so suppressing a
  finding closes its alert rather than opening a new one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from newslint.finding import Evidence, Finding
from newslint.report import Report, Reporter
from newslint.reporters.paths import repo_path, source_root
from newslint.rule import Rule, render_rule_doc

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
ROOT_ID = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "newslint/v1"


def _artifact(path: str) -> dict:
    rel = repo_path(path)
    if rel is not None:
        return {"uri": quote(rel), "uriBaseId": ROOT_ID}
    return {"uri": Path(path).resolve().as_uri()}


def _region(line: int, column: int, end_line: int | None, end_column: int | None, snippet: str) -> dict:
    region: dict[str, Any] = {"startLine": max(line, 1), "startColumn": max(column, 1)}
    if end_line is not None and end_column is not None:
        end_line, end_column = max(end_line, 1), max(end_column, 1)
        if (end_line, end_column) >= (region["startLine"], region["startColumn"]):
            region["endLine"] = end_line
            region["endColumn"] = end_column
    if snippet:
        region["snippet"] = {"text": snippet}
    return region


def _rule_descriptor(rule: Rule) -> dict:
    plain = f"{rule.what.strip()}\n\nWhy is this bad? {rule.why.strip()}\n\nExample:\n{rule.example.strip()}"
    if rule.options.strip():
        plain += f"\n\nOptions: {rule.options.strip()}"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.what.strip()},
        "help": {"text": plain, "markdown": render_rule_doc(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity.label]},
        "properties": {"tags": ["editorial", rule.plugin or "newslint"]},
    }


def fingerprint(finding: Finding, occurrence: int) -> str:
    """A stable identity: rule, repository-relative path, flagged text (or message), occurrence."""
    path = repo_path(finding.path) or finding.path
    what = " ".join(finding.excerpt.split()) or finding.message
    key = "\x1f".join((finding.code, path, what, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _evidence_location(index: int, e: Evidence) -> dict:
    note = f" ({e.note})" if e.note else ""
    return {
        "id": index,
        "physicalLocation": {
            "artifactLocation": _artifact(e.path),
            "region": _region(e.line, e.column, e.end_line, e.end_column, e.excerpt),
        },
        "message": {"text": f'source: "{e.excerpt}"{note}'},
    }


def _result(f: Finding, rule_index: dict[str, int], occurrence: int) -> dict:
    text = f.message
    if f.evidence:
        links = ", ".join(f"[{e.path}:{e.line}:{e.column}]({i})" for i, e in enumerate(f.evidence, start=1))
        text += f" (evidence: {links})"
    result: dict[str, Any] = {
        "ruleId": f.code,
        "level": LEVELS.get(f.severity, "warning"),
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact(f.path),
                    "region": _region(f.line, f.column, f.end_line, f.end_column, f.excerpt),
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f, occurrence)},
    }
    if f.code in rule_index:
        result["ruleIndex"] = rule_index[f.code]
    if f.evidence:
        result["relatedLocations"] = [_evidence_location(i, e) for i, e in enumerate(f.evidence, start=1)]
    return result


def _root_uri() -> str:
    uri = source_root().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def to_sarif(report: Report) -> dict:
    rules = sorted(report.rules.values(), key=lambda r: r.code)
    rule_index = {r.code: i for i, r in enumerate(rules)}
    seen: dict[tuple[str, str, str], int] = {}
    results = []
    reasons = {id(s.finding): s for s in report.suppressed}
    everything = sorted([*report.findings, *(s.finding for s in report.suppressed)], key=Finding.sort_key)
    for f in everything:
        key = (f.code, f.path, " ".join(f.excerpt.split()) or f.message)
        seen[key] = seen.get(key, 0) + 1
        result = _result(f, rule_index, seen[key])
        if id(f) in reasons:
            suppression = {"kind": "inSource"}
            if reasons[id(f)].reason:
                suppression["justification"] = reasons[id(f)].reason
            result["suppressions"] = [suppression]
        results.append(result)
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if report.warnings:
        invocation["toolExecutionNotifications"] = [
            {"level": "warning", "message": {"text": w}} for w in report.warnings
        ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": report.tool_name,
                        "version": report.tool_version,
                        "semanticVersion": report.tool_version,
                        "rules": [_rule_descriptor(r) for r in rules],
                    }
                },
                "originalUriBaseIds": {ROOT_ID: {"uri": _root_uri()}},
                "columnKind": "unicodeCodePoints",
                "invocations": [invocation],
                "results": results,
            }
        ],
    }


def render(report: Report, out: TextIO) -> None:
    json.dump(to_sarif(report), out, indent=2, ensure_ascii=False)
    out.write("\n")


REPORTER = Reporter(name="sarif", render=render)
