"""Property-based fuzzing (hypothesis) of the parser, every extractor and a full check.

Drafts and sources are built from newsy fragments (figures with units, every kind of quotation
mark, weekdays and months, "said", front-matter delimiters, HTML comments and suppressions, code,
links, tables, headings, lists, abbreviations) joined by spaces and line breaks.  For each:

- parsing raises nothing but a DocumentError (malformed front matter is a user error);
- every paragraph, sentence and fact span lies inside the text, and sentences read the prose view;
- a full check raises nothing; every finding's span is inside the draft and its excerpt is the
  draft's text at its line and column (whitespace collapsed), and so is every evidence excerpt
  whose span is known, in its source;
- the LF, CRLF and CR-only versions of a draft (and its source) give the same findings.

The default profile runs few examples, for CI.  For a long local run:

    HYPOTHESIS_PROFILE=long python -m pytest -q tests/test_fuzz.py     # 2,000 examples per test
    HYPOTHESIS_PROFILE=long HYPOTHESIS_EXAMPLES=20000 python -m pytest -q tests/test_fuzz.py
"""

from __future__ import annotations

import os

import pytest

hypothesis = pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from newslint.config import Config  # noqa: E402
from newslint.document import Document, decode_text  # noqa: E402
from newslint.errors import DocumentError  # noqa: E402
from newslint.extraction import extract_facts, load_document  # noqa: E402
from newslint.index import SourceIndex  # noqa: E402
from newslint.registry import PluginHost  # noqa: E402
from newslint.runner import run_checks  # noqa: E402

settings.register_profile(
    "ci", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "2000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FIGURES = [
    "40 km",
    "1,200 hectares",
    "25 miles",
    "£3m",
    "$1.5 billion",
    "25%",
    "3.5 per cent",
    "between 3 and 5 people",
    "two dozen homes",
    "half a million",
    "- 1 km",
    "12-kilometre",
    "-40C",
    "1 000 000",
    "1,000,000,000 tonnes",
    "about 300 residents",
    "up to 9 schools",
    "0.5 sq km",
    "7km/h",
    "1",
    "hundred",
    "thousand",
    "2024",
    "19.",
    "No. 4",
    "3-2",
    "1/2",
    "½",
    "10 to 12",
    "1e9",
]
QUOTES = [
    '"',
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    "„",
    "‹",
    "›",
    "'",
    "「",
    "」",
    '"We will rebuild,"',
    "“Never again.”",
]
DATES = [
    "Monday",
    "on Tuesday",
    "last Friday",
    "14 March",
    "March 14, 2024",
    "2024-08-14",
    "yesterday",
    "next week",
    "in August",
    "Aug. 6",
    "Sunday, August 11",
    "2024-02-30",
    "Feb 29",
    "this morning",
    "on Wednesday night",
]
SPEECH = [
    "said",
    "said Ana Ferreira",
    "he added",
    "Ferreira told reporters",
    "according to the governor",
    "says",
]
MARKUP = [
    "---",
    "...",
    "date: 2024-08-14",
    "sources: [wire]",
    "<!--",
    "-->",
    "<!-- note -->",
    "<!-- newslint-disable-next-line NL201 -->",
    "<!-- newslint-disable NL3 -- checked -->",
    "<!-- newslint-enable -->",
    "`code 40 km`",
    "```",
    "    indented 9 km",
    "[the report](http://example.invalid/a)",
    "<http://example.invalid>",
    "www.example.invalid",
    "| 99 km | 99 km |",
    "|---|---|",
    "# Flood",
    "## Update",
    "- item",
    "* item",
    "> quote",
    "*emphasis*",
    "_x_",
    "**bold**",
    "\\",
    "&amp;",
    "<b>",
    "</b>",
    "Published: 12 August 2024",
    " date 2024-08-12",
]
WORDS = [
    "The",
    "fire",
    "burned",
    "Gov.",
    "J.",
    "U.S.",
    "Mr.",
    "St.",
    "etc.",
    ".",
    "!",
    "?",
    "…",
    ",",
    ";",
    ":",
    "(",
    ")",
    "Marrow Vale",
    "the council",
    "residents",
    "Ana",
    "Ferreira",
    "é",
    "ß",
    "东京",
    "🙂",
    "\u00a0",
    "\u200b",
]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", "\t", "", "\x0b", "\x0c", "\u2028", "\x85", "\ufeff"]

fragment = st.one_of(
    st.sampled_from(FIGURES + QUOTES + DATES + SPEECH + MARKUP + WORDS),
    st.text(max_size=4),  # anything at all, now and then
)
piece = st.tuples(fragment, st.sampled_from(SEPARATORS)).map("".join)
body = st.lists(piece, min_size=1, max_size=80).map("".join)
front_matter_line = st.sampled_from(
    [
        "date: 2024-08-14",
        "date: 2024-02-30",
        "date: '14 August'",
        "title: Flood",
        "sources: [wire]",
        "sources: ../wire",
        "tags: [a, b",
        "0: 0000-00-00",
        "date:",
        "x: !!binary AA==",
        "  - item",
        "key: |",
    ]
)
front_matter = st.lists(front_matter_line, max_size=4).map(
    lambda lines: "---\n" + "".join(x + "\n" for x in lines) + "---\n"
)
newsy_text = st.one_of(body, st.tuples(front_matter, body).map("".join))

HOST = PluginHost()
CONFIG = Config(root=__import__("pathlib").Path.cwd(), stale_after_days=0)


def _parse(text: str, path: str) -> Document | None:
    try:
        doc = load_document(text, path, HOST)
    except DocumentError:
        return None
    errors = extract_facts(doc, HOST)
    assert errors == [], errors
    return doc


def _check_document(doc: Document) -> None:
    text = doc.text
    assert text is not None and doc.prose is not None and len(doc.prose) == len(text)
    assert doc.line_starts[0] == 0 and all(0 <= s <= len(text) for s in doc.line_starts)
    for p in doc.paragraphs:
        assert 0 <= p.start <= p.end <= len(text)
    for s in doc.sentences:
        assert 0 <= s.start <= s.end <= len(text) and s.text == doc.prose[s.start : s.end]
    if doc.date_span is not None:
        assert text[doc.date_span[0] : doc.date_span[1]] == doc.date_written
    for kind, facts in doc.facts.items():
        for f in facts:
            assert 0 <= f.start <= f.end <= len(text), (kind, f)


def _offset(doc: Document, line: int, column: int) -> int:
    return doc.line_starts[line - 1] + column - 1


def _text_at(doc: Document, line: int, column: int, end_line: int, end_column: int) -> str:
    assert 1 <= line <= end_line <= len(doc.line_starts)
    a, b = _offset(doc, line, column), _offset(doc, end_line, end_column)
    assert 0 <= a <= b <= len(doc.text)
    return " ".join(doc.text[a:b].split())


def _findings(draft_text: str, source_text: str, suffix: str):
    draft = _parse(draft_text, f"drafts/story.{suffix}")
    source = _parse(source_text, "wire/source.txt")
    if draft is None:
        return None, None, None
    _check_document(draft)
    sources = [source] if source is not None else []
    if source is not None:
        _check_document(source)
    findings = run_checks(draft, SourceIndex(sources), CONFIG, HOST)
    return draft, source, findings


def _assert_findings_point_into_text(draft: Document, source: Document | None, findings) -> None:
    for f in findings:
        assert f.path == draft.path
        if (f.line, f.column) == (1, 1) and f.excerpt == "":
            continue  # a finding about the whole draft (NL002, a --date NL405) points at its start
        assert _text_at(draft, f.line, f.column, f.end_line, f.end_column) == f.excerpt, f
        for e in f.evidence:
            if source is None or e.path != source.path or e.end_line is None or e.excerpt == "":
                continue
            shown = _text_at(source, e.line, e.column, e.end_line, e.end_column)
            assert e.excerpt == shown or " ".join(e.excerpt.split()) in shown or _prose_excerpt(source, e), (
                f,
                e,
            )


def _prose_excerpt(source: Document, e) -> bool:
    """Evidence may quote the prose view of its span (markup blanked) rather than the raw text."""
    a, b = _offset(source, e.line, e.column), _offset(source, e.end_line, e.end_column)
    return " ".join(source.prose[a:b].split()) == e.excerpt


def _key(findings):
    return sorted(
        (f.code, f.line, f.column, f.end_line, f.end_column, f.message, f.excerpt) for f in findings
    )


@given(newsy_text)
def test_parser_spans_stay_inside_the_text(text):
    for path in ("x.md", "x.txt"):
        doc = _parse(text, path)
        if doc is not None:
            _check_document(doc)


@given(newsy_text, st.sampled_from(["md", "txt"]))
def test_full_check_findings_point_into_the_text(text, suffix):
    draft, source, findings = _findings(text, text, suffix)
    if draft is not None:
        _assert_findings_point_into_text(draft, source, findings)


@given(newsy_text, newsy_text, st.sampled_from(["md", "txt"]), st.sampled_from(["\r\n", "\r"]))
def test_line_endings_do_not_change_findings(draft_text, source_text, suffix, newline):
    draft_text, source_text = draft_text.replace("\r", ""), source_text.replace("\r", "")  # LF only
    draft, source, lf = _findings(draft_text, source_text, suffix)
    if draft is None:
        return
    _assert_findings_point_into_text(draft, source, lf)
    draft2, source2, other = _findings(
        draft_text.replace("\n", newline), source_text.replace("\n", newline), suffix
    )
    assert draft2 is not None
    _assert_findings_point_into_text(draft2, source2, other)
    assert _key(other) == _key(lf)


@given(newsy_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_decoding_round_trips(text, encoding):
    assume(text.strip() and "\x00" not in text and not text.startswith("\ufeff"))
    assert decode_text(text.encode(encoding), "x.md") == text
