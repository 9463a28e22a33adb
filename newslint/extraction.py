"""Turning a file into a document with facts: parse, then run every extractor in order."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from newslint.document import Document, decode_text, parse_document
from newslint.facts import Fact

if TYPE_CHECKING:
    from newslint.registry import PluginHost


def load_document(
    content: str | bytes, display: str, host: PluginHost, date: dt.date | None = None
) -> Document:
    """Parse a file's content: first through the readers of plugins (HTML, NITF, NewsML-G2, DOCX,
    ...), which get the bytes, then as Markdown or plain text (UTF-8).  ``--date`` beats any date
    a reader finds."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    doc = host.pm.hook.newslint_parse_document(path=display, data=data, packs=host.packs)
    if doc is None:
        text = content if isinstance(content, str) else decode_text(content, display)
        doc = parse_document(text, display, date=date, packs=host.packs)
    elif date is not None:
        doc.date, doc.date_origin = date, "option"
    return doc


def extract_facts(doc: Document, host: PluginHost) -> list[str]:
    """Fill ``doc.facts`` with every extractor's facts; returns messages for extractors that failed.

    One failing extractor does not stop the others (those that require its kind get no input and
    are skipped); the failure becomes NL002 on the draft.
    """
    errors: list[str] = []
    failed: set[str] = set()
    for ex in host.ordered_extractors():
        if failed.intersection(ex.requires):
            failed.add(ex.kind)
            continue
        try:
            facts = tuple(ex.extract(doc, host.packs))
            bad = [f for f in facts if not isinstance(f, Fact)]
            if bad:
                raise TypeError(f"returned {type(bad[0]).__name__}, not a Fact")
        except Exception as exc:  # plugin isolation: report, go on
            failed.add(ex.kind)
            errors.append(
                f"extractor {ex.kind!r} of plugin {ex.plugin!r} failed on {doc.path}: {type(exc).__name__}: {exc}"
            )
            continue
        doc.facts[ex.kind] = facts
    return errors
