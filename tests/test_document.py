"""The document model: prose masking, paragraphs, sentences and exact positions."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import CORPUS, needs_corpus

from newslint.document import parse_document
from newslint.errors import DocumentError

MARKDOWN = """---
title: Harbour bridge closes
date: 2025-03-06
sources: [wire/harbour.txt]
---
# Harbour bridge *closes*

The bridge carried 41,000 cars a day, the [port authority](https://port.example/2025/41000) said.
Repairs cost `$12m` in 2019.

<!-- editor: check the 41,000 figure -->

```
budget: 99 km
```

> "It is a sad day," said Mayor Ana Ruiz.
"""


def test_markdown_prose_blanks_non_prose_and_keeps_positions():
    doc = parse_document(MARKDOWN, "drafts/bridge.md")
    assert len(doc.prose) == len(doc.text)
    assert "title" not in doc.prose and "port.example" not in doc.prose
    assert "$12m" not in doc.prose and "99 km" not in doc.prose and "editor" not in doc.prose
    assert "41,000 cars" in doc.prose and "port authority" in doc.prose
    texts = [s.text for s in doc.sentences]
    assert texts[0] == "Harbour bridge  closes"
    assert texts[1].startswith("The bridge carried 41,000 cars")
    # positions point into the original file, front matter included
    start = doc.prose.index("41,000 cars")
    assert doc.position(start) == (8, 20)
    assert doc.text.splitlines()[7][19:25] == "41,000"
    quote = doc.prose.index('"It is')
    assert doc.position(quote) == (17, 3)


def test_front_matter_date_and_sources():
    doc = parse_document(MARKDOWN, "drafts/bridge.md")
    assert doc.date == dt.date(2025, 3, 6) and doc.date_origin == "front matter"
    assert doc.front_matter["sources"] == ["wire/harbour.txt"]
    assert doc.front_matter_lines == (1, 5)


def test_date_option_wins():
    doc = parse_document(MARKDOWN, "drafts/bridge.md", date=dt.date(2025, 1, 2))
    assert doc.date == dt.date(2025, 1, 2) and doc.date_origin == "option"


def test_published_line_gives_date_and_is_not_prose():
    text = "Storm hits coast\n\nPublished: Wed 5 Mar 2025, 9:00 AM\n\nThe storm hit on Wednesday.\n"
    doc = parse_document(text, "wire/storm.txt")
    assert doc.date == dt.date(2025, 3, 5) and doc.date_origin == "published line"
    assert "Published" not in doc.prose and "2025" not in doc.prose


def test_published_lines_read_month_names_from_the_packs_in_effect():
    from newslint.rulepacks import RulePacks, builtin_pack_paths

    text = "Storm hits coast\n\nPublished: 5 Marz 2025\n\nThe storm hit on Wednesday.\n"
    assert parse_document(text, "d.txt").date is None  # not an English month name
    packs = RulePacks()
    for path in builtin_pack_paths():
        packs.add_file(path)
    packs.add({"calendar": {"month-abbreviations": {"marz": "march"}}}, "newsroom.toml")
    doc = parse_document(text, "d.txt", packs=packs)
    assert doc.date == dt.date(2025, 3, 5) and doc.date_origin == "published line"
    assert "Published" not in doc.prose


def test_header_date_line_is_masked_but_story_words_kept():
    text = " date 2025-03-04 The council met on Tuesday. It voted.\n\nMore text here.\n"
    doc = parse_document(text, "wire/council.txt")
    assert doc.date == dt.date(2025, 3, 4) and doc.date_origin == "header"
    assert doc.sentences[0].text == "The council met on Tuesday."
    assert doc.position(doc.sentences[0].start) == (1, 18)
    assert doc.position(doc.sentences[1].start) == (1, 46)


def test_no_date():
    doc = parse_document("A story with no date at all.\n", "x.txt")
    assert doc.date is None and doc.date_origin is None


def test_sentence_split_respects_abbreviations_and_initials():
    doc = parse_document(
        'Gov. Ana Ruiz met J. Smith on Aug. 5 in the U.S. capital. "Fine," she said. Then rain.\n', "x.txt"
    )
    assert [s.text for s in doc.sentences] == [
        "Gov. Ana Ruiz met J. Smith on Aug. 5 in the U.S. capital.",
        '"Fine," she said.',
        "Then rain.",
    ]


def test_plain_text_paragraphs_one_long_line_each_or_hard_wrapped_blocks():
    long1 = (
        "The first paragraph is one long line of wire copy that runs well past a hundred characters in all."
    )
    long2 = (
        "The second paragraph follows on the next line, with no blank line between them, as wire copy does."
    )
    doc = parse_document(f"{long1}\n{long2}\n", "x.txt")
    assert len(doc.paragraphs) == 2
    wrapped = (
        "This paragraph is hard-wrapped\nat a short width, so its lines\nbelong together.\n\nNext one.\n"
    )
    doc = parse_document(wrapped, "y.txt")
    assert len(doc.paragraphs) == 2
    assert (
        doc.sentences[0].text.split()
        == "This paragraph is hard-wrapped at a short width, so its lines belong together.".split()
    )


def test_crlf_positions():
    doc = parse_document("First line.\r\nSecond 40 km.\r\n", "x.txt")
    assert doc.position(doc.prose.index("40")) == (2, 8)


@pytest.mark.parametrize(
    "text, message",
    [
        ("---\ntitle: [unclosed\n---\nBody.\n", "malformed front matter"),
        ("---\ntitle: x\nBody without closing.\n", "never closed"),
        ("---\n- a list\n---\nBody.\n", "must be a YAML mapping"),
        ("---\ndate: someday\n---\nBody.\n", "is not a date"),
    ],
)
def test_broken_front_matter_is_a_document_error(text, message):
    with pytest.raises(DocumentError) as err:
        parse_document(text, "d.md")
    assert message in str(err.value) and "d.md" in str(err.value)


@needs_corpus
def test_corpus_000_date_paragraphs_and_positions():
    text = (CORPUS / "000_cb13fee20b4b9ecc.txt").read_text(encoding="utf-8")
    doc = parse_document(text, "000.txt")
    assert doc.date == dt.date(2024, 8, 13) and doc.date_origin == "header"
    lines = text.split("\n")
    for s in doc.sentences:
        line, col = doc.position(s.start)
        assert lines[line - 1][col - 1 :].startswith(s.text.split("\n")[0][:20])
    starts = {doc.position(p.start)[0] for p in doc.paragraphs}
    assert 3 not in starts  # the Published: line is metadata
    assert {1, 5, 7, 9, 11, 13, 15, 35} <= starts
    s = next(s for s in doc.sentences if s.text.startswith("Russia said on Tuesday"))
    assert doc.position(s.start) == (7, 172)


@needs_corpus
def test_corpus_undated_rewrite_has_one_paragraph_per_line():
    text = (CORPUS / "001_2b3c9c5aee47423a.txt").read_text(encoding="utf-8")
    doc = parse_document(text, "001.txt")
    assert doc.date is None
    assert [doc.position(p.start)[0] for p in doc.paragraphs] == list(range(1, 16))


# -- the block parser skips rules that cannot match (newslint/document.py, _BLOCK_TRIGGERS) -------

_BLOCK_PIECES = [
    "plain words",
    "- item",
    "* item",
    "+ item",
    "1. first",
    "2) second",
    "   - indented item",
    "    code",
    "\tcode",
    "```",
    "~~~",
    "```python",
    "> quoted",
    ">",
    "> > nested",
    "---",
    "***",
    "_ _ _",
    "- - -",
    "===",
    "--",
    "Title",
    "[ref]: https://example.org",
    "[a]:",
    "<div>",
    "</div>",
    "<!-- note -->",
    "# Heading",
    "## Sub",
    "#not heading",
    "| a | b |",
    "|---|---|",
    "a | b",
    "--- | ---",
    "",
    "",
    "1,200 hectares.",
    "in 2031. Then",
    "-1 degrees",
    "x -",
    "9.",
    "\u00a0",
]


def _tokens(parser, body: str) -> list:
    return [(t.type, t.tag, t.map, t.content, t.markup, t.info, t.level) for t in parser.parse(body)]


def test_block_rules_left_out_never_change_the_tokens():
    import random

    from markdown_it import MarkdownIt

    from newslint.document import _markdown

    full = MarkdownIt("commonmark", {"html": True}).enable("table").disable("inline")
    rng = random.Random(11)
    pruned = 0
    for _ in range(3000):
        lines = [rng.choice(_BLOCK_PIECES) for _ in range(rng.randint(1, 9))]
        for sep in ("\n", "\r\n", "\r"):
            body = sep.join(lines) + rng.choice(["", sep])
            parser = _markdown(body)
            pruned += parser is not _markdown("|    ```>---- a\n]:<#=\n")
            assert _tokens(parser, body) == _tokens(full, body), repr(body)
    assert pruned > 2000  # most bodies really ran with rules left out


def test_a_tight_list_parses_without_the_rules_it_cannot_use():
    from newslint.document import _markdown

    active = _markdown("- 1 km\n- 2 km\n").block.ruler.get_active_rules()
    assert active == ["list", "paragraph"]
    doc = parse_document("- 1 km\n- 2 km\n\n| 3 km | 3 km |\n|---|---|\n", "d.md")
    assert [doc.text[p.start : p.end] for p in doc.paragraphs] == ["1 km", "2 km", "3 km", "3 km"]


# -- plain bullet runs and tables are read without markdown-it (newslint/document.py, _plain_blocks)

_PLAIN_PIECES = _BLOCK_PIECES + [
    "- 1 km",
    "- 40 km of road",
    "* 1,200 hectares",
    "+ Ana Ferreira said",
    "- # not a heading?",
    "- > quoted in an item",
    "- 1. nested",
    "- 2) nested",
    "- 2024 was",
    "- 3.5 km",
    "- 1.",
    "- [ref]: https://example.org",
    "-  two spaces",
    "-     five spaces",
    "- <b>html</b>",
    "- `code`",
    "- item \\",
    "- tab\there",
    "- café ünïcode",
    "-\u00a0nbsp",
    "  continued",
    "    indented four",
    "lazy line",
    "| 99 km | 99 km |",
    "| 99 km | 99 km | 99 km |",
    "| one |",
    "|:---|---:|",
    "| --- | :-: |",
    "|---|",
    "| a \\| b | c |",
    "| a | `b | c` |",
    "|  |  |",
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "<?php",
    "?>",
    "<!DOCTYPE html>",
    "<pre>",
    "</PRE>",
    "text <!-- inline --> more",
]


def _prose_of(body: str, shortcut: bool):
    from newslint.document import _line_starts, _markdown_prose

    mask = bytearray(len(body))
    spans = _markdown_prose(body, 0, mask, _line_starts(body), shortcut=shortcut)
    return spans, bytes(mask)


def test_plain_bullets_and_tables_read_without_markdown_it_give_markdown_its_reading():
    import random

    from newslint.document import _plain_blocks

    rng = random.Random(23)
    bullets = [p for p in _PLAIN_PIECES if p[:1] in "-*+" and len(p) > 2]
    rows = [p for p in _PLAIN_PIECES if p.startswith("|")]
    quiet = [p for p in _PLAIN_PIECES if "`" not in p and "~~~" not in p and "<" not in p]
    shortcut = 0
    for n in range(4000):
        pool = _PLAIN_PIECES if n % 4 == 0 else quiet  # fences and HTML openers in a quarter
        blocks = []
        for _ in range(rng.randint(1, 6)):
            shape = rng.random()
            if shape < 0.35:  # a run of bullet lines, now and then with another line in it
                block = [rng.choice(bullets) for _ in range(rng.randint(1, 5))]
            elif shape < 0.6:  # a table, often plain
                block = [rng.choice(rows), rng.choice(["|---|---|", "|:---|---:|", "|---|"])]
                block += [rng.choice(rows) for _ in range(rng.randint(0, 4))]
            else:
                block = []
            if rng.random() < 0.4:
                block.insert(rng.randint(0, len(block)), rng.choice(pool))
            blocks.append("\n".join(block))
        joined = rng.choice(["\n\n", "\n", "\n\n\n"]).join(blocks)
        for sep in ("\n", "\r\n"):
            body = joined.replace("\n", sep) + rng.choice(["", sep, sep + sep])
            shortcut += bool(_plain_blocks(body, body.split("\n"))[0])
            assert _prose_of(body, True) == _prose_of(body, False), repr(body)
    assert shortcut > 600  # the shortcut really ran on many of them


def test_a_long_list_and_a_long_table_are_read_line_by_line_with_exact_positions():
    text = "Intro.\n\n" + "- 1 km\n" * 500 + "\n| a | b |\n|---|---|\n" + "| 9 km | 9 km |\n" * 300
    doc = parse_document(text, "d.md")
    pieces = [doc.text[p.start : p.end] for p in doc.paragraphs]
    assert pieces == ["Intro."] + ["1 km"] * 500 + ["a", "b"] + ["9 km"] * 600
    last = doc.paragraphs[-1]
    assert doc.span_position(last.start, last.end)[:2] == (2 + 500 + 1 + 2 + 300, 10)


def test_month_and_weekday_abbreviations_come_from_the_calendar_pack_once():
    """The splitter reads "Aug." and "Tues." from the calendar pack; sentences.toml does not repeat them."""
    import tomllib
    from pathlib import Path

    from newslint.document import parse_document, sentence_abbreviations
    from newslint.rulepacks import builtin_packs

    calendar = builtin_packs().get("calendar")
    abbreviations = set(calendar["month-abbreviations"]) | set(calendar["weekday-abbreviations"])
    assert abbreviations <= sentence_abbreviations()
    rules = Path(__file__).resolve().parent.parent / "rules" / "sentences.toml"
    listed = set(tomllib.loads(rules.read_text(encoding="utf-8"))["sentences"]["abbreviations"])
    assert not listed & abbreviations
    doc = parse_document("The vote is on Tues. Aug. 8 in Tellby. It was moved.\n", "d.md")
    assert [s.text for s in doc.sentences] == ["The vote is on Tues. Aug. 8 in Tellby.", "It was moved."]
