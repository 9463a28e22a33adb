"""Turning a file into a document with facts: parse, then run every extractor in order."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from newslint.document import Document, decode_text, parse_document
from newslint.facts import Fact

if TYPE_CHECKING:
    from newslint.registry import PluginHost


def load_document(
    content: str | bytes,
    display: str,
    host: PluginHost,
    date: dt.date | None = None,
    kind: str | None = None,
) -> Document:
    """Parse a file's content: first through the readers of plugins (HTML, NITF, NewsML-G2, DOCX,
    ...), which get the bytes, then as Markdown or plain text (UTF-8).  ``--date`` beats any date
    a reader finds; ``kind`` ("markdown" or "text") overrides the path's suffix."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    doc = host.pm.hook.newslint_parse_document(path=display, data=data, packs=host.packs)
    if doc is None:
        text = content if isinstance(content, str) else decode_text(content, display)
        doc = parse_document(text, display, kind=kind, date=date, packs=host.packs)
    elif date is not None:
        doc.date, doc.date_origin = date, "option"
    return doc


def _invalid_facts(facts: tuple, doc: Document) -> str | None:
    """What is wrong with an extractor's output: not a Fact, or a span outside the text."""
    size = len(doc.text) if doc.text is not None else None
    for f in facts:
        if not isinstance(f, Fact):
            return f"returned {type(f).__name__}, not a Fact"
        start, end = getattr(f, "start", None), getattr(f, "end", None)
        if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start <= end:
            return f"returned a fact with the span {start!r}:{end!r}"
        if size is not None and end > size:
            return f"returned a fact with the span {start}:{end}, past the end of the text ({size})"
    return None


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
            problem = _invalid_facts(facts, doc)
            if problem:
                raise TypeError(problem)
        except (Exception, SystemExit) as exc:  # plugin isolation: report, go on
            failed.add(ex.kind)
            errors.append(
                f"extractor {ex.kind!r} of plugin {ex.plugin!r} failed on {doc.path}: {type(exc).__name__}: {exc}"
            )
            continue
        doc.facts[ex.kind] = facts
    # kinds in the order their extractors were registered, whatever order ``requires`` ran them in
    order = list(host.extractors)
    ordered = sorted(doc.facts.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
    doc.facts.clear()
    doc.facts.update(ordered)
    return errors
