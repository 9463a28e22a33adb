"""The document model: a draft or source as prose with exact positions into the original file.

A document keeps its original text and a *prose* view of the same length in which everything that
is not prose (front matter, code, HTML comments, link URLs, Markdown markup, metadata header lines)
is replaced by spaces.  Every offset used by extractors and rules is an offset into both strings, so
every line and column reported points into the original file, front matter included.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import itertools
import operator
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newslint.datelines import calendar_month_numbers, find_dateline
from newslint.errors import DocumentError
from newslint.facts import Fact
from newslint.lazy_re import lazy_compile
from newslint.rulepacks import RulePacks, builtin_packs
from newslint.slots import slot_maker

MARKDOWN_SUFFIXES = (".md", ".markdown")
TEXT_SUFFIXES = (".txt",)
DOCUMENT_SUFFIXES = MARKDOWN_SUFFIXES + TEXT_SUFFIXES


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph: a span of prose, offsets into the document."""

    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of prose: its span and its text (the prose view: markup already blanked)."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Document:
    """A parsed draft or source.

    ``text`` and ``prose`` are ``None`` for a source restored from the cache: everything rules need
    (sentences, facts, positions) is kept without them.
    """

    path: str
    kind: str  # "markdown" | "text"
    line_starts: tuple[int, ...]
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    date: dt.date | None = None
    date_origin: str | None = None  # "option" | "front matter" | "header" | "published line" | ...
    front_matter: dict = field(default_factory=dict)
    front_matter_lines: tuple[int, int] | None = None  # 1-based first and last line, if any
    date_span: tuple[int, int] | None = None  # where the file writes its date (None: --date or none)
    date_written: str | None = None  # the text at date_span (kept for sources restored from the cache)
    text: str | None = None
    prose: str | None = None
    facts: dict[str, tuple[Fact, ...]] = field(default_factory=dict)
    headline: str | None = None
    dateline: str | None = None  # the dateline as written ("ATHENS, Aug 8 (Reuters)"), if any
    dateline_span: tuple[int, int] | None = None  # where it is (offsets), if any
    byline: str | None = None  # a wire format's byline ("By Mara Velden"), if any
    # "line": positions are line:column of the file; "paragraph": a file without lines (DOCX),
    # positions are paragraph number:character in that paragraph.
    position_unit: str = "line"
    _paragraph_starts: list[int] | None = field(default=None, repr=False, compare=False)

    # -- positions -------------------------------------------------------------------------
    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset; columns count Unicode characters."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def span_position(self, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column) of a span; the end column is exclusive."""
        line, col = self.position(start)
        end_line, end_col = self.position(end)
        return line, col, end_line, end_col

    def line_of(self, offset: int) -> int:
        return self.position(offset)[0]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph holding ``offset`` (binary search over the paragraphs' starts)."""
        if self._paragraph_starts is None:
            self._paragraph_starts = [p.start for p in self.paragraphs]
        i = bisect.bisect_right(self._paragraph_starts, offset) - 1
        if i >= 0 and self.paragraphs[i].start <= offset <= self.paragraphs[i].end:
            return self.paragraphs[i]
        return None

    def paragraph_text(self, paragraph: Paragraph) -> str:
        if self.prose is None:
            return " ".join(s.text for s in self.sentences if s.paragraph == paragraph.index)
        return self.prose[paragraph.start : paragraph.end]

    def prose_slice(self, start: int, end: int) -> str:
        """The prose between two offsets; works for cached sources too (from their sentences)."""
        if self.prose is not None:
            return self.prose[start:end]
        parts = []
        for s in self.sentences:
            if s.end > start and s.start < end:
                parts.append(s.text[max(start, s.start) - s.start : min(end, s.end) - s.start])
        return " ".join(parts)

    def facts_of(self, kind: str) -> tuple[Fact, ...]:
        return self.facts.get(kind, ())


# ---------------------------------------------------------------------------------------------
# reading


def read_bytes(path: Path | str, display: str) -> bytes:
    """Read a file's bytes (readers of other formats decode them), or raise a DocumentError."""
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise DocumentError("no such file; check the path", display) from None
    except IsADirectoryError:
        raise DocumentError("is a folder, not a file", display) from None
    except PermissionError:
        raise DocumentError("permission denied; make the file readable", display) from None
    except OSError as exc:
        raise DocumentError(f"cannot be read ({exc.strerror}); check the path", display) from None


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode_text(data: bytes, display: str) -> str:
    """The one place bytes become text, for every reader: UTF-8 (with or without a BOM), or UTF-16
    and UTF-32 with their BOM.  Anything else is a DocumentError that says what to do."""
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, data = name, data[len(bom) :]
            break
    if encoding == "utf-8" and b"\x00" in data[:8192]:
        raise DocumentError(
            "is a binary file, not text (or UTF-16 without a byte-order mark: convert it to UTF-8); "
            "pass Markdown or plain-text files",
            display,
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        shown = encoding.upper().removesuffix("-LE").removesuffix("-BE")
        raise DocumentError(
            f"is not valid {shown} (byte {exc.start}); re-save it as UTF-8", display
        ) from None
    if not text.strip():
        raise DocumentError("is empty; there is nothing to check", display)
    return text


_MARKDOWN_SIGNS = lazy_compile(
    r"\A---[ \t]*\r?\n|^#{1,6}[ \t]+\S|^```|^[ \t]*[-*+][ \t]+\S.*\n[ \t]*[-*+][ \t]+\S|\]\([^)\s]+\)|<!--|^\|.*\|[ \t]*$",
    re.M,
)


def sniff_kind(text: str) -> str:
    """ "markdown" when text with no file name (stdin) shows Markdown's marks: front matter, a
    heading, a fence, a list, a link, an HTML comment or a table row; otherwise "text"."""
    return "markdown" if _MARKDOWN_SIGNS.search(text, 0, 65536) else "text"


def parse_document(
    text: str,
    path: str,
    kind: str | None = None,
    date: dt.date | None = None,
    packs: RulePacks | None = None,
    dateline_reference: dt.date | None = None,
) -> Document:
    """Parse text into a Document. ``kind`` defaults from the path's suffix; ``packs`` give the
    dateline vocabulary (the built-in packs when omitted); ``dateline_reference`` is the latest of
    the file's other dates, for the year of a dateline (SPEC §2).  ``kind="lines"`` reads one
    paragraph a line (what the DOCX reader makes of a document's paragraphs)."""
    if kind is None:
        kind = "markdown" if path.lower().endswith(MARKDOWN_SUFFIXES) else "text"
    original = text
    # A lone CR (old Mac files) ends a line as LF and CRLF do.  Replacing it by LF keeps every offset,
    # so the parse below sees LF and CRLF lines only; the document keeps the original text.
    if "\r" in text:
        text = _LONE_CR.sub("\n", text)
    line_starts = _line_starts(text)
    mask = bytearray(len(text))  # 1 = prose
    front_matter, fm_end, fm_lines = _front_matter(text, path)
    header_date, header_span = _header_date(text, fm_end)
    published_date, published_spans = _published_lines(text, fm_end, packs or builtin_packs())

    if kind == "markdown":
        para_spans = _markdown_prose(text, fm_end, mask, line_starts)
    elif kind == "lines":
        para_spans = _line_prose(text, fm_end, mask, line_starts)
    else:
        para_spans = _text_prose(text, fm_end, mask, line_starts)

    # metadata is not prose
    for a, b in ([header_span] if header_span else []) + published_spans:
        _set(mask, a, b, 0)
    _mask_inline_nonprose(text, mask, markdown=(kind == "markdown"))

    prose = _prose(text, mask)
    paragraphs, sentences = _segment(prose, para_spans, sentence_abbreviations(packs))

    doc_date, origin, date_span = None, None, None
    if date is not None:
        doc_date, origin = date, "option"
    elif "date" in front_matter and front_matter["date"] not in (None, ""):
        doc_date, origin = _front_matter_date(front_matter["date"], path, fm_lines), "front matter"
        date_span = _front_matter_value_span(text, "date", fm_end)
    elif header_date is not None and header_span is not None:
        doc_date, origin = header_date, "header"
        date_span = (header_span[0] + 6, header_span[0] + 16)  # the YYYY-MM-DD after " date "
    elif published_date is not None:
        doc_date, origin, date_span = published_date, "published line", published_spans[0]
    dateline = find_dateline(prose, [(p.start, p.end) for p in paragraphs[:3]], packs)
    if doc_date is None and dateline is not None:
        doc_date = dateline.date(dateline_reference)
        origin = "dateline" if doc_date is not None else None
        date_span = (dateline.start, dateline.end) if doc_date is not None else None

    return Document(
        path=path,
        kind=kind,
        line_starts=tuple(line_starts),
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        date=doc_date,
        date_origin=origin,
        front_matter=front_matter,
        front_matter_lines=fm_lines,
        date_span=date_span,
        date_written=original[date_span[0] : date_span[1]] if date_span else None,
        text=original,
        prose=prose,
        dateline=dateline.text if dateline is not None else None,
        dateline_span=(dateline.start, dateline.end) if dateline is not None else None,
    )


_LONE_CR = lazy_compile(r"\r(?!\n)")


def _line_starts(text: str) -> list[int]:
    """The offset where each line starts (after each "\n"), summed in C over the lines' lengths."""
    starts = list(itertools.accumulate(map(_PLUS_ONE, map(len, text.split("\n"))), initial=0))
    starts.pop()  # the offset after the last line
    return starts


_PLUS_ONE = (1).__add__


# -- front matter ------------------------------------------------------------------------------

_FM_OPEN = lazy_compile(r"\A---[ \t]*\r?\n")
_FM_CLOSE = lazy_compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)


def _front_matter(text: str, path: str) -> tuple[dict, int, tuple[int, int] | None]:
    m = _FM_OPEN.match(text)
    if not m:
        return {}, 0, None
    close = _FM_CLOSE.search(text, m.end())
    if not close:
        raise DocumentError(
            "front matter opened with '---' on line 1 is never closed; add a closing '---' line", path, 1
        )
    body = text[m.end() : close.start()]
    end = close.end()
    if end < len(text) and text[end] == "\n":
        end += 1
    last_line = text.count("\n", 0, close.start()) + 1
    yaml, loader, bad_value = _yaml()
    try:
        data = yaml.load(body, Loader=loader) if body.strip() else {}
    except yaml.YAMLError as exc:
        line = 1
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            line = mark.line + 2  # +1 for 1-based, +1 for the opening '---'
        problem = getattr(exc, "problem", None) or "is not valid YAML"
        if isinstance(exc, bad_value) and mark is not None:
            key = body.split("\n")[mark.line][: mark.column].strip().rstrip(":").strip().strip("'\"")
            problem = f"key {key!r} holds {problem}" if key else problem
        raise DocumentError(f"malformed front matter: {problem}; fix the YAML", path, line) from None
    except (RecursionError, MemoryError):
        raise DocumentError("malformed front matter: nested too deeply; fix the YAML", path, 2) from None
    if not isinstance(data, dict):
        raise DocumentError("front matter must be a YAML mapping (key: value lines)", path, 2)
    return data, end, (1, last_line)


_yaml_parts: tuple | None = None


def _yaml() -> tuple:
    """(the yaml module, the front matter's loader, the error of an impossible value), built when a
    file first has front matter (importing PyYAML costs every run that reads none)."""
    global _yaml_parts
    if _yaml_parts is None:
        import yaml

        class _BadValue(yaml.constructor.ConstructorError):
            """A YAML value that parses but cannot be built (2024-02-30, 0000-00-00)."""

        class _FrontMatterLoader(yaml.SafeLoader):
            """PyYAML's safe loader, except that an impossible date is a YAML error with its
            position instead of a ValueError from ``datetime``."""

        def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> object:
            try:
                return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
            except (ValueError, OverflowError):
                raise _BadValue(
                    None, None, f"{node.value!r}, which is not a real date", node.start_mark
                ) from None

        _FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
        _yaml_parts = (yaml, _FrontMatterLoader, _BadValue)
    return _yaml_parts


def _front_matter_value_span(text: str, key: str, fm_end: int) -> tuple[int, int] | None:
    """The span of a top-level front-matter key's value as written (quotes excluded)."""
    m = re.compile(rf"^{re.escape(key)}[ \t]*:[ \t]*['\"]?([^'\"\r\n]*?)['\"]?[ \t]*\r?$", re.M).search(
        text, 0, fm_end
    )
    if m is None or m.start(1) == m.end(1):
        return None
    return m.start(1), m.end(1)


def _front_matter_date(value, path: str, fm_lines: tuple[int, int] | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise DocumentError(
            f"front matter date {value!r} is not a date; write it as YYYY-MM-DD",
            path,
            # the first line inside the front matter (the `date:` key's own line is not looked up)
            fm_lines[0] + 1 if fm_lines else None,
        ) from None


# -- metadata lines -----------------------------------------------------------------------------

_HEADER = lazy_compile(r"\A date (\d{4}-\d{2}-\d{2})\b[ \t]?")


_PUBLISHED = lazy_compile(
    r"^[ \t]*Published:[ \t]*(?:[A-Za-z]{3,9},?[ \t]+)?"
    r"(?:(?P<d1>\d{1,2})[ \t]+(?P<m1>[A-Za-z]{3,9})\.?,?[ \t]+(?P<y1>\d{4})"
    r"|(?P<m2>[A-Za-z]{3,9})\.?[ \t]+(?P<d2>\d{1,2}),?[ \t]+(?P<y2>\d{4})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))[^\n]*",
    re.M,
)


def _header_date(text: str, start: int) -> tuple[dt.date | None, tuple[int, int] | None]:
    m = _HEADER.match(text[start:])
    if not m:
        return None, None
    try:
        return dt.date.fromisoformat(m.group(1)), (start, start + m.end())
    except ValueError:
        return None, None


def _published_lines(text: str, start: int, packs: RulePacks) -> tuple[dt.date | None, list[tuple[int, int]]]:
    """The date of the first ``Published:`` line (month names from the calendar pack) and every such
    line's span (metadata, not prose)."""
    months = packs.derived(calendar_month_numbers)
    first: dt.date | None = None
    spans = []
    for m in _PUBLISHED.finditer(text, start):
        try:
            if m.group("iso"):
                d = dt.date.fromisoformat(m.group("iso"))
            else:
                day = int(m.group("d1") or m.group("d2"))
                month = months[(m.group("m1") or m.group("m2")).lower()]
                d = dt.date(int(m.group("y1") or m.group("y2")), month, day)
        except (KeyError, ValueError):
            continue
        spans.append((m.start(), m.end()))
        if first is None:
            first = d
    return first, spans


# -- Markdown ----------------------------------------------------------------------------------

_md_parsers: dict[frozenset[str], object] = {}

# markdown-it tries each block rule at every line (inside every list item too); a rule that cannot
# match anywhere in a text is not tried at all.  Each needs something the text may lack: a table a
# "|", an indented code block four columns of blanks, a fence ``` or ~~~, a block quote ">", a
# thematic break three of -, * or _ with only blanks between, a list a marker followed by a blank or
# a line end, a link reference "]:", an HTML block "<", a heading "#", a setext underline a line
# ending in = or -.  These are necessary conditions, so the tokens are the same (tested); a tight
# list of 7-byte items parses in half the time.
_BLOCK_TRIGGERS = (
    ("table", lazy_compile(r"\|")),
    ("code", lazy_compile(r" {4}|\t")),
    ("fence", lazy_compile(r"```|~~~")),
    ("blockquote", lazy_compile(r">")),
    ("hr", lazy_compile(r"([-*_])[ \t]*\1[ \t]*\1")),
    ("list", lazy_compile(r"(?:[-+*]|[0-9][.)])(?=[ \t\r\n]|\Z)")),
    ("reference", lazy_compile(r"\]:")),
    ("html_block", lazy_compile(r"<")),
    ("heading", lazy_compile(r"#")),
    ("lheading", lazy_compile(r"[=-][ \t]*(?:[\r\n]|\Z)")),
)


def _markdown(body: str = ""):
    """A block parser for ``body``, without the block rules that cannot match in it."""
    off = frozenset(name for name, trigger in _BLOCK_TRIGGERS if trigger.search(body) is None)
    parser = _md_parsers.get(off)
    if parser is None:
        from markdown_it import MarkdownIt

        # Only block structure is needed (inline content comes from the original text), so the
        # core "inline" rule, the costliest, is off.
        parser = MarkdownIt("commonmark", {"html": True}).enable("table").disable("inline")
        if off:
            parser.disable(sorted(off))
        _md_parsers[off] = parser
    return parser


def _parse_blocks(body: str) -> list:
    """markdown-it's block tokens for ``body``.

    The cyclic garbage collector is paused while they are built: markdown-it allocates a few
    tokens per line and none of them forms a cycle, but the collector's repeated passes over the
    growing token list made a 1 MB table or list take 4x as long as 0.5 MB (measured with
    bench/bench_pathological.py); paused, the parse is linear."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _markdown(body).parse(body)
    finally:
        if enabled:
            gc.enable()


_FIRST = operator.itemgetter(0)


def _markdown_prose(
    text: str, fm_end: int, mask: bytearray, line_starts: list[int], shortcut: bool = True
) -> list[tuple[int, int]]:
    """Mark the characters of inline content as prose; return paragraph spans."""
    # Blank the front matter (keeping newlines) so markdown-it's line maps stay those of the file.
    body = "".join("\n" if c == "\n" else " " for c in text[:fm_end]) + text[fm_end:]
    lines = body.split("\n")
    # Plain blocks of bullet lines and plain tables are read here, not by markdown-it (each line's
    # inline content, exactly as markdown-it gives it); markdown-it parses the rest.
    shortcut_inlines, parsed, moved = _plain_blocks(body, lines) if shortcut else ([], body, [])
    parsed_inlines = [
        (_moved_line(moved, tok.map[0]), tok.content)
        for tok in _parse_blocks(parsed)
        if tok.type == "inline" and tok.map is not None
    ]
    # two runs, each in line order: one stable sort (a merge, in C) keeps markdown-it's first on ties
    inlines = sorted(parsed_inlines + shortcut_inlines, key=_FIRST) if shortcut_inlines else parsed_inlines
    spans: list[tuple[int, int]] = []
    searched_to: dict[int, int] = {}  # line -> column where the next piece of it is looked for
    nlines = len(lines)
    for first, inline_content in inlines:
        if "\n" not in inline_content:  # one line (every bullet and cell): as below, without the loop
            stripped = inline_content.strip()
            if not stripped or first >= nlines:
                continue
            col = lines[first].find(stripped, searched_to.get(first, 0))
            if col < 0:
                col, stripped = 0, lines[first]
            searched_to[first] = col + len(stripped)
            a = line_starts[first] + col
            b = a + len(stripped)
            mask[a:b] = b"\x01" * (b - a)
            spans.append((a, b))
            continue
        content_lines = inline_content.split("\n")
        p_start = p_end = None
        for i, content in enumerate(content_lines):
            lineno = first + i
            if lineno >= len(lines):
                break
            stripped = content.strip()
            if not stripped:
                continue
            # Table cells share a line: look for each after the previous one ("| 99 km | 99 km |").
            col = lines[lineno].find(stripped, searched_to.get(lineno, 0))
            if col < 0:  # should not happen; fall back to the whole line
                col, stripped = 0, lines[lineno]
            searched_to[lineno] = col + len(stripped)
            a = line_starts[lineno] + col
            b = a + len(stripped)
            mask[a:b] = b"\x01" * (b - a)
            p_start = a if p_start is None else p_start
            p_end = b
        if p_start is not None and p_end is not None:
            spans.append((p_start, p_end))
    return spans


# markdown-it makes five tokens for each list item and four for each table cell, through several
# rules each: a list of 143,000 one-line items took 3 s to parse, over the 2 s per megabyte newslint
# allows itself.  Two plain shapes are common in drafts (and in the hostile ones) and have one
# reading, so they are read here, a line at a time, and blanked before markdown-it parses the rest:
#
# * a run of bullet lines ("- text", "* text" or "+ text": the marker at column 0, one space, then
#   text that cannot open a block inside the item), set apart by blank lines.  Each line is an item
#   whose only content is its text.  The run's last line is left to markdown-it, which decides what
#   follows it (an indented continuation, a lazy line).  The others become one thematic break and
#   blank lines, so that an open list item before the run ends where it did.
# * a table whose every line starts and ends with "|", with a valid delimiter row, no backslash
#   (escaped pipes), and no row wider than the header, set apart by blank lines.
#
# Neither is tried in a text with a fence, a lone carriage return, or inside an HTML block of the
# kinds that run across blank lines (comments, <script>, <pre>, <style>, <textarea>, <?...?>,
# <!X...>, CDATA), taken generously: any opener anywhere starts such a region.  tests/test_document.py
# checks on thousands of random bodies that the spans and the mask are those of markdown-it alone.
_PLAIN_BULLET = lazy_compile(r"[-+*] (?![0-9]{1,9}[.)](?:[ \t]|$))[^\s\-+*#>`~<\[|_=\\]")
_FENCE_OR_CR = lazy_compile(r"```|~~~|\r(?!\n)")
_HTML_CLOSERS = {
    opener: lazy_compile(re.escape(closer), re.IGNORECASE)
    for opener, closer in {
        "<!--": "-->",
        "<?": "?>",
        "<![cdata[": "]]>",
        "<script": "</script>",
        "<pre": "</pre>",
        "<style": "</style>",
        "<textarea": "</textarea>",
        "": ">",  # <!X ... >
    }.items()
}
_HTML_OPENER = lazy_compile(r"<(?:!--|\?|!\[CDATA\[|![A-Za-z]|script|pre|style|textarea)", re.IGNORECASE)
_MD_TRIM = " \t\n\x0b\x0c\r"
_MAX_AUTOCOMPLETED_CELLS = 0x10000  # markdown-it's own limit on cells a table fills in


def _plain_blocks(body: str, lines: list[str]) -> tuple[list[tuple[int, str]], str, list[tuple[int, int]]]:
    """The inline contents (line, content) of the plain bullet runs and tables of ``body``; ``body``
    with those lines taken out for markdown-it to parse the rest; and where its lines moved: for
    each run of lines after one taken out, (its first line in what is parsed, in ``body``)."""
    if "\0" in body or _FENCE_OR_CR.search(body):
        return [], body, []
    closed = _html_free_lines(body, lines)
    inlines: list[tuple[int, str]] = []
    blank: list[tuple[int, int]] = []
    n = len(lines)
    i = 0
    while i < n:
        if not lines[i].strip(" \t\r"):
            i += 1
            continue
        a = i
        while i < n and lines[i].strip(" \t\r"):
            i += 1
        if i - a < 2 or not all(closed[a:i]):
            continue
        block = [line[:-1] if line.endswith("\r") else line for line in lines[a:i]]
        if all(_PLAIN_BULLET.match(line) and "\t" not in line for line in block):
            inlines.extend((a + k, block[k][2:].strip(_MD_TRIM)) for k in range(len(block) - 1))
            blank.append((a, i - 1))
        else:
            cells = _plain_table(block, a)
            if cells is not None:
                inlines.extend(cells)
                blank.append((a, i))
    if not blank:
        return [], body, []
    kept: list[str] = []
    moved: list[tuple[int, int]] = []
    pos = 0
    for a, b in blank:
        # A thematic break where the block began closes what an open list item would otherwise
        # reach across the blank lines, as the block's own first line did; it has no inline content.
        # The block's other lines are left out (markdown-it reads every character of what it
        # parses, blank lines too): the lines after it move up, and ``moved`` says by how much.
        kept += lines[pos:a]
        kept.append("***")
        moved.append((len(kept), b))
        pos = b
    kept += lines[pos:]
    return inlines, "\n".join(kept), moved


_FIRST = operator.itemgetter(0)


def _moved_line(moved: list[tuple[int, int]], line: int) -> int:
    """The line of ``body`` that line ``line`` of what markdown-it parsed was (see _plain_blocks)."""
    if not moved or line < moved[0][0]:
        return line
    k = bisect.bisect_right(moved, line, key=_FIRST) - 1
    parsed, original = moved[k]
    return original + line - parsed


def _html_free_lines(body: str, lines: list[str]) -> list[bool]:
    """For each line, whether it lies outside every region an HTML block running across blank lines
    could cover (from any opener to its closer, or to the end)."""
    free = [True] * len(lines)
    if "<" not in body:
        return free
    starts = _line_starts_of(lines)
    pos = 0
    while (m := _HTML_OPENER.search(body, pos)) is not None:
        closer = _HTML_CLOSERS.get(m.group(0).lower(), _HTML_CLOSERS[""]).search(body, m.end())
        end = len(body) if closer is None else closer.end()
        first = bisect.bisect_right(starts, m.start()) - 1
        last = bisect.bisect_right(starts, max(end - 1, m.start())) - 1
        for k in range(first, last + 1):
            free[k] = False
        pos = max(end, m.end())
    return free


def _line_starts_of(lines: list[str]) -> list[int]:
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    return starts


def _plain_table(block: list[str], first: int) -> list[tuple[int, str]] | None:
    """The cells (line, content) of ``block`` when it is a plain table, as markdown-it reads it."""
    if "\\" in "".join(block) or any("\t" in line for line in block):
        return None
    if not all(line.startswith("|") and line.rstrip(" ").endswith("|") for line in block):
        return None
    delimiter = block[1]
    if delimiter.strip(" |-:"):
        return None
    aligns = 0
    columns = delimiter.split("|")
    for k, column in enumerate(columns):
        t = column.strip(_MD_TRIM)
        if not t:
            if k in (0, len(columns) - 1):
                continue
            return None
        if not _DELIMITER_CELL.match(t):
            return None
        aligns += 1
    header = _table_cells(block[0])
    if not header or len(header) != aligns:
        return None
    count = len(header)
    cells = [(first, cell.strip(_MD_TRIM)) for cell in header]
    autocompleted = 0
    for k in range(2, len(block)):
        row = _table_cells(block[k])
        autocompleted += count - len(row)
        if autocompleted > _MAX_AUTOCOMPLETED_CELLS or len(row) > count:
            return None
        cells.extend((first + k, row[c].strip(_MD_TRIM) if c < len(row) else "") for c in range(count))
    return cells


_DELIMITER_CELL = lazy_compile(r":?-+:?\Z")


def _table_cells(line: str) -> list[str]:
    cells = line.strip(_MD_TRIM).split("|")
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


# -- plain text --------------------------------------------------------------------------------

_UNWRAPPED_LINE = 90  # a line this long is not hard-wrapped: its line break ends a paragraph
_PARA_END = lazy_compile(r"[.!?:\"”’»)]\s*$")


def _text_prose(text: str, fm_end: int, mask: bytearray, line_starts: list[int]) -> list[tuple[int, int]]:
    """Plain text: paragraphs are runs of non-blank lines; a long line ending a sentence ends one too.

    Wire copy often puts each paragraph on one line with no blank line between; hard-wrapped text
    (lines under 90 characters) keeps its lines together.
    """
    _set(mask, fm_end, len(text), 1)
    spans: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    for i, start in enumerate(line_starts):
        end = line_starts[i + 1] - 1 if i + 1 < len(line_starts) else len(text)
        if end < fm_end:
            continue
        line = text[max(start, fm_end) : end].rstrip("\r")
        if not line.strip():
            if cur:
                spans.append(cur)
            cur = None
            continue
        a = max(start, fm_end) + (len(line) - len(line.lstrip()))
        b = max(start, fm_end) + len(line.rstrip())
        cur = (cur[0], b) if cur else (a, b)
        if len(line) >= _UNWRAPPED_LINE and _PARA_END.search(line):
            spans.append(cur)
            cur = None
    if cur:
        spans.append(cur)
    return spans


def _line_prose(text: str, fm_end: int, mask: bytearray, line_starts: list[int]) -> list[tuple[int, int]]:
    """One paragraph a line (a DOCX document's paragraphs, one a line)."""
    _set(mask, fm_end, len(text), 1)
    spans = []
    for i, start in enumerate(line_starts):
        end = line_starts[i + 1] - 1 if i + 1 < len(line_starts) else len(text)
        if end > max(start, fm_end) and text[max(start, fm_end) : end].strip():
            spans.append((max(start, fm_end), end))
    return spans


# -- inline non-prose --------------------------------------------------------------------------

_INLINE_CODE = lazy_compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_LINK_DEST = lazy_compile(r"(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_REF_DEF = lazy_compile(r"^[ ]{0,3}\[[^\]]+\]:[ \t]*\S+.*$", re.M)
_AUTOLINK = lazy_compile(r"<(?:https?|mailto|ftp):[^>\s]*>", re.I)
_BARE_URL = lazy_compile(r"\b(?:https?://|www\.)[^\s<>\"“”]*[^\s<>\"“”.,;:!?)\]'’]", re.I)
_EMAIL = lazy_compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_INLINE_HTML = lazy_compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_EMPHASIS = lazy_compile(
    r"(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![\w*])|(?<![\w_])_{1,3}(?=\S)|(?<=\S)_{1,3}(?![\w_])"
)
_LINK_BRACKETS = lazy_compile(r"!?\[(?=[^\]\n]*\]\()|(?<=[^\[\n])\](?=\()")


# Each pattern runs only when its trigger is in the text: most prose has no backticks or links.
_TEXT_PATTERNS = ((_AUTOLINK, "<"), (_BARE_URL, ("://", "www.")), (_EMAIL, "@"))
_MARKDOWN_PATTERNS = (
    (_INLINE_CODE, "`"),
    (_LINK_DEST, "]("),
    (_REF_DEF, "]:"),
    (_AUTOLINK, "<"),
    (_BARE_URL, ("://", "www.")),
    (_EMAIL, "@"),
    (_INLINE_HTML, "<"),
    (_EMPHASIS, ("*", "_")),
    (_LINK_BRACKETS, "]("),
)


def html_comments(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each ``<!-- ... -->`` comment, as the regex ``<!--.*?-->`` (DOTALL) finds them,
    in one pass: an opener that is never closed ends the search instead of re-scanning the rest of
    the text for every later opener."""
    pos = text.find("<!--")
    while pos >= 0:
        close = text.find("-->", pos + 4)
        if close < 0:
            return
        yield pos, close + 3
        pos = text.find("<!--", close + 3)


def _mask_inline_nonprose(text: str, mask: bytearray, markdown: bool) -> None:
    for a, b in html_comments(text):
        _set(mask, a, b, 0)
    for pattern, trigger in _MARKDOWN_PATTERNS if markdown else _TEXT_PATTERNS:
        triggers = (trigger,) if isinstance(trigger, str) else trigger
        if not any(t in text for t in triggers):
            continue
        for a, b in map(_SPAN, pattern.finditer(text)):
            mask[a:b] = bytes(b - a)


_SPAN = re.Match.span


def _set(mask: bytearray, a: int, b: int, value: int) -> None:
    if b > a:
        mask[a:b] = bytes([value]) * (b - a)


_NON_PROSE_RUN = re.compile(rb"\x00+")
_NOT_NEWLINE = lazy_compile(r"[^\n]")


_KEEP = bytes.maketrans(b"\x00\x01", b"\x00\xff")  # mask 1 (prose) -> all bits kept
_NEWLINE_KEPT = bytes(255 if c == 10 else 0 for c in range(256))  # a newline is always kept


def _prose(text: str, mask: bytearray) -> str:
    """The text with every non-prose character (mask 0) but newlines replaced by a space.

    ASCII text (most drafts, every hostile one) is done as three bitwise operations on the bytes
    read as one integer: ``text & keep | spaces & ~keep``, linear and in C, where a list of 140,000
    bullet lines has as many non-prose runs to blank one by one."""
    if text.isascii() and len(mask) == len(text):
        n = len(text)
        raw = text.encode("ascii")
        keep = int.from_bytes(mask.translate(_KEEP), "big") | int.from_bytes(
            raw.translate(_NEWLINE_KEPT), "big"
        )
        spaces = int.from_bytes(b" " * n, "big")
        return ((int.from_bytes(raw, "big") & keep) | (spaces & ~keep)).to_bytes(n, "big").decode("ascii")
    pieces: list[str] = []
    append, blank, pos = pieces.append, _NOT_NEWLINE.sub, 0
    for m in _NON_PROSE_RUN.finditer(mask):
        a, b = m.span()
        append(text[pos:a])
        run = text[a:b]
        append(blank(" ", run) if "\n" in run else " " * (b - a))
        pos = b
    append(text[pos:])
    return "".join(pieces)


# -- paragraphs and sentences ------------------------------------------------------------------

# One sentence splitter for drafts, sources and every extractor.  Its vocabulary (abbreviations) is
# the rule pack section [sentences] (rules/sentences.toml).  Possessive quantifiers and the
# look-behind make each run of end marks one match attempt, so the scan is linear.
_SENTENCE_END = lazy_compile(r"(?<![.!?…])[.!?…]++[\"”’')\]»]*+(?=\s++[\"“‘'(\[«]*+[A-Z0-9])")
_WORD_BEFORE_DOT = 24  # the longest abbreviation looked at ("u.s", "approx" and the like)


def sentence_abbreviations(packs: RulePacks | None = None) -> frozenset[str]:
    """The words after which a full stop does not end a sentence (rule pack section [sentences])."""
    from newslint.rulepacks import builtin_packs

    return (packs if packs is not None else builtin_packs()).derived(_abbreviations)


def _abbreviations(packs: RulePacks) -> frozenset[str]:
    """[sentences] abbreviations, and the calendar pack's month and weekday abbreviations ("Aug.
    8", "Tues. night"), which live there once."""
    section = packs.get("sentences", {}) or {}
    words = [str(w) for w in section.get("abbreviations", ())]
    calendar = packs.get("calendar", {}) or {}
    for key in ("month-abbreviations", "weekday-abbreviations"):
        words += [str(w) for w in (calendar.get(key, {}) or {})]
    return frozenset(w.lower().strip(".") for w in words)


def split_sentences(text: str, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one paragraph's prose, untrimmed; linear in ``text``."""
    spans = []
    s_start = 0
    for m in _SENTENCE_END.finditer(text):
        if _is_abbreviation(text, m.start(), abbreviations):
            continue
        spans.append((s_start, m.end()))
        s_start = m.end()
    spans.append((s_start, len(text)))
    return spans


def _segment(
    prose: str, para_spans: Iterable[tuple[int, int]], abbreviations: frozenset[str]
) -> tuple[list[Paragraph], list[Sentence]]:
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    make_paragraph, make_sentence = _MAKE_PARAGRAPH, _MAKE_SENTENCE
    for a, b in sorted(para_spans):
        # trim to prose (str.strip and str.isspace know the same whitespace)
        piece = prose[a:b]
        text = piece.strip()
        if not text:
            continue
        if text[0] != piece[0]:
            a += len(piece) - len(piece.lstrip())
        b = a + len(text)
        index = len(paragraphs)
        paragraphs.append(make_paragraph(index, a, b))
        if "." not in text and "!" not in text and "?" not in text and "…" not in text:
            sentences.append(make_sentence(len(sentences), index, a, b, text))  # one sentence
            continue
        for s, e in split_sentences(text, abbreviations):
            _add_sentence(sentences, prose, index, a + s, a + e)
    return paragraphs, sentences


def _is_abbreviation(chunk: str, dot: int, abbreviations: frozenset[str]) -> bool:
    """Whether the full stop at ``dot`` follows an abbreviation or an initial.

    Only the letters and dots just before ``dot`` are read (at most ``_WORD_BEFORE_DOT``), never
    the paragraph before them: that kept the splitter quadratic on one-line wire stories."""
    if chunk[dot] != ".":
        return False
    i = dot
    limit = max(0, dot - _WORD_BEFORE_DOT - 1)
    while i > limit and (chunk[i - 1] == "." or chunk[i - 1].isascii() and chunk[i - 1].isalpha()):
        i -= 1
    if i == dot:
        return False
    if (
        i == limit
        and limit > 0
        and (chunk[i - 1] == "." or chunk[i - 1].isascii() and chunk[i - 1].isalpha())
    ):
        return False  # a run longer than any abbreviation
    word = chunk[i:dot].lower().strip(".")
    if len(word) == 1:  # an initial: "J. Smith"
        return True
    return word in abbreviations


def _add_sentence(sentences: list[Sentence], prose: str, para: int, a: int, b: int) -> None:
    while a < b and prose[a].isspace():
        a += 1
    while b > a and prose[b - 1].isspace():
        b -= 1
    if a < b:
        sentences.append(_MAKE_SENTENCE(len(sentences), para, a, b, prose[a:b]))


# A long list of one-line bullets is as many paragraphs and sentences: built by filling their slots
# (newslint.slots), the same frozen objects in half the time.
_MAKE_PARAGRAPH = slot_maker(Paragraph) or Paragraph
_MAKE_SENTENCE = slot_maker(Sentence) or Sentence


# -- other formats -----------------------------------------------------------------------------


def document_from_prose(
    path: str,
    kind: str,
    text: str,
    prose: str,
    paragraph_spans: Iterable[tuple[int, int]],
    *,
    date: dt.date | None = None,
    date_origin: str | None = None,
    headline: str | None = None,
    dateline: str | None = None,
    byline: str | None = None,
    position_unit: str = "line",
    packs: RulePacks | None = None,
) -> Document:
    """Build a Document from a reader of another format (XML, HTML, DOCX).

    ``text`` is what positions refer to (the decoded file; for DOCX its paragraphs, one a line) and
    ``prose`` the same string with everything that is not prose replaced by spaces (newlines kept),
    so that an offset is the same in both; ``paragraph_spans`` are offsets of the prose paragraphs.
    The core splits the paragraphs into sentences as it does for Markdown (with the abbreviations
    of ``packs``, the built-in packs when omitted).
    """
    if len(prose) != len(text):
        raise ValueError("the prose view must have the length of the text")
    paragraphs, sentences = _segment(prose, paragraph_spans, sentence_abbreviations(packs))
    return Document(
        path=path,
        kind=kind,
        line_starts=tuple(_line_starts(text)),
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        date=date,
        date_origin=date_origin,
        text=text,
        prose=prose,
        headline=headline,
        dateline=dateline,
        byline=byline,
        position_unit=position_unit,
    )
