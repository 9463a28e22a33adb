"""The public plugin API: everything a newslint plugin imports, from one module.

A plugin (including the built-in rule families in ``newslint.plugins``) imports from here, from
the fact-kind modules ``newslint.facts.<kind>`` (the fact types, their arithmetic and index keys)
and from nothing else in newslint::

    from newslint.api import Check, CheckContext, Rule, Severity, hookimpl

Everything else in the package is internal and may change between versions.
``tests/test_import_graph.py`` checks that the plugins in this repository keep to that.

This module only re-exports; it defines nothing and no module of the core imports it, so
importing it cannot create an import loop.
"""

from __future__ import annotations

from newslint.check import Check, CheckContext
from newslint.datelines import Dateline, find_dateline, parse_dateline_field
from newslint.document import Document, Paragraph, Sentence, document_from_prose, parse_document
from newslint.errors import DocumentError, DocumentSkipped
from newslint.facts import Fact
from newslint.finding import Evidence, Finding
from newslint.hookimpl import hookimpl
from newslint.report import Report, Reporter
from newslint.rule import Extractor, Rule, Severity
from newslint.rulepacks import RulePacks

__all__ = [
    "Check",
    "CheckContext",
    "Dateline",
    "Document",
    "DocumentError",
    "DocumentSkipped",
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
    "document_from_prose",
    "find_dateline",
    "hookimpl",
    "parse_dateline_field",
    "parse_document",
]
