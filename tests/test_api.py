"""newslint.api is the one module plugins import: it exports the types hooks take and give."""

from __future__ import annotations

import sys

import pytest

import newslint
import newslint.api as api
from newslint import check, document, facts, finding, report, rule, rulepacks


def test_the_api_exports_what_a_plugin_needs_and_nothing_else():
    assert sorted(api.__all__) == sorted(
        [
            "Check",
            "CheckContext",
            "Document",
            "Evidence",
            "Extractor",
            "Fact",
            "Finding",
            "Paragraph",
            "Report",
            "Reporter",
            "Rule",
            "RulePacks",
            "Severity",
            "Sentence",
            "hookimpl",
            # document readers (newslint_parse_document): build documents, datelines, errors
            "Dateline",
            "DocumentError",
            "DocumentSkipped",
            "document_from_prose",
            "find_dateline",
            "parse_dateline_field",
            "parse_document",
        ]
    )
    public = {n for n in vars(api) if not n.startswith("_") and n != "annotations"}
    assert public == set(api.__all__)


def test_the_api_reexports_the_very_objects_of_the_core():
    assert api.Check is check.Check and api.CheckContext is check.CheckContext
    assert api.Reporter is report.Reporter and api.Report is report.Report
    assert api.Rule is rule.Rule and api.Severity is rule.Severity and api.Extractor is rule.Extractor
    assert api.Finding is finding.Finding and api.Evidence is finding.Evidence
    assert api.Document is document.Document and api.Sentence is document.Sentence
    assert api.Fact is facts.Fact and api.RulePacks is rulepacks.RulePacks
    # newslint.hookimpl is the marker itself (the package re-exports it over its module's name)
    assert api.hookimpl is sys.modules["newslint.hookimpl"].hookimpl is newslint.hookimpl


def test_rule_module_no_longer_re_exports_check_and_reporter():
    # the compatibility shim closed an import loop (rule -> check -> ... -> rule); plugins import
    # Check and Reporter from newslint.api (CHANGELOG)
    with pytest.raises(ImportError):
        from newslint.rule import Check  # noqa: F401
    with pytest.raises(ImportError):
        from newslint.rule import Reporter  # noqa: F401
