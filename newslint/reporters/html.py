"""``--format html``: one self-contained review page for editors who never open a terminal.

The page shows each draft as it reads (Markdown rendered with markdown-it-py, plain text as
paragraphs), every finding highlighted in place at its exact words in its severity colour, and beside
the draft the list of findings with their evidence: the source passage with its path and line, the
part that disagrees with the draft marked.  A summary, filters by family and severity, keyboard
stepping (j/k or the arrow keys) and each rule's explanation one click away complete it.

How the highlights land on the exact words: private-use sentinel characters are inserted into the
draft text at each finding's start and end offsets (computed from its line and column, which point
into the original file), the text is rendered, and a pass over the rendered HTML turns the text
between sentinels into ``<mark>`` elements, one per text run, so marks never cross a tag.  A
finding whose sentinels the renderer dropped (inside markup that does not reach the page) is listed
but not highlighted; a finding on no span (the whole draft) is listed at the top of the draft.

"The disagreeing part" of a source passage (SPEC §4): the evidence span is shown within its line;
inside it the words that differ from the draft's flagged words are marked (a word diff: the other
figure, the other unit, the other qualifier).  When the draft's words appear unchanged in a longer
passage (the same "Tuesday" resolving to another day) those words are marked; when nothing differs
(a misattributed quotation) the whole span is marked and the evidence note names the other speaker.

Safety: every string from a document (drafts, sources, paths, messages) is escaped, by Jinja2's
autoescape or by markdown-it; raw HTML in a Markdown draft is shown as text, images as their alt
text (the page loads nothing from the network); a Content-Security-Policy allows only the page's own
inline style and script (by hash), so even a missed escape could not run a script.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TextIO

from newslint.finding import Evidence, Finding
from newslint.report import DraftText, Report, Reporter
from newslint.rule import Rule, render_rule_doc

SEVERITY_ORDER = {"error": 3, "warning": 2, "info": 1}
SEVERITY_SYMBOL = {"error": "✖", "warning": "▲", "info": "●"}
SENTINEL_BASE = 0xF0000  # Supplementary Private Use Area-A: start of finding i = base + 2i, end = +1
SENTINEL_LIMIT = 0xFFFFD
_SENTINELS = re.compile("[\U000f0000-\U000ffffd]")
_TAG = re.compile(r"<[^>]*>")
_TOKEN = re.compile(r"\w+(?:[.,'’:/-]\w+)*|[^\w\s]")
PASSAGE_CONTEXT = 160  # characters of source line shown either side of the evidence span


# -- positions --------------------------------------------------------------------------------------


def line_starts(text: str) -> list[int]:
    """Offsets of each line's first character; lines end at "\\n" only (as in newslint.document)."""
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def offset(starts: list[int], text: str, line: int, column: int) -> int:
    if line < 1:
        return 0
    if line > len(starts):
        return len(text)
    line_end = starts[line] - 1 if line < len(starts) else len(text)
    return min(starts[line - 1] + max(column, 1) - 1, line_end)


# -- the page's model ---------------------------------------------------------------------------------


@dataclass
class Passage:
    path: str
    line: int
    column: int
    note: str
    before: str  # source text before the evidence span (on its line)
    parts: list[tuple[str, bool]]  # the evidence span: (text, differs from the draft?)
    after: str


@dataclass
class Item:
    n: int  # 1-based number on the page
    finding: Finding
    family: str
    in_place: bool = False  # highlighted in the draft text
    passages: list[Passage] = field(default_factory=list)

    @property
    def symbol(self) -> str:
        return SEVERITY_SYMBOL.get(self.finding.severity, "●")

    @property
    def whole(self) -> bool:
        f = self.finding
        return (f.line, f.column) == (f.end_line, f.end_column) or f.line < 1


@dataclass
class DraftView:
    id: str
    path: str
    items: list[Item]
    suppressed: int
    body: str = ""  # rendered HTML (safe: built here with every document string escaped)
    front_matter: str = ""
    readable: bool = True

    def count(self, severity: str) -> int:
        return sum(1 for i in self.items if i.finding.severity == severity)


# -- the disagreeing part of a source passage ----------------------------------------------------------


def _tokens(text: str) -> list[re.Match]:
    return list(_TOKEN.finditer(text))


def diff_parts(span: str, draft_words: str) -> list[tuple[str, bool]]:
    """Split ``span`` (source words) into runs marked True where they differ from ``draft_words``."""
    src = _tokens(span)
    dst = [m.group().casefold() for m in _tokens(draft_words)]
    if not src:
        return [(span, False)] if span else []
    keys = [m.group().casefold() for m in src]
    marked = [False] * len(src)
    n = len(dst)
    contiguous = [i for i in range(len(keys) - n + 1) if n and keys[i : i + n] == dst]
    if contiguous and len(keys) > n:
        for i in contiguous:  # the same words, resolving differently here: mark them
            marked[i : i + n] = [True] * n
    elif not contiguous:
        matcher = difflib.SequenceMatcher(a=keys, b=dst, autojunk=False)
        for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
            if tag in ("replace", "delete"):
                marked[i1:i2] = [True] * (i2 - i1)
    if not any(marked):
        return [(span, True)]
    parts: list[tuple[str, bool]] = []
    pos = 0
    i = 0
    while i < len(src):
        j = i
        while j + 1 < len(src) and marked[j + 1] == marked[i]:
            j += 1
        start = src[i].start() if i else 0
        end = src[j].end() if j + 1 < len(src) else len(span)
        if start > pos:
            parts.append((span[pos:start], False))
        parts.append((span[start:end], marked[i]))
        pos = end
        i = j + 1
    return [p for p in parts if p[0]]


class SourceLines:
    """Source files' lines, read once each (a file that cannot be read gives none)."""

    def __init__(self) -> None:
        self._files: dict[str, list[str] | None] = {}

    def get(self, path: str) -> list[str] | None:
        if path not in self._files:
            try:
                with open(path, encoding="utf-8", newline="") as fh:
                    text = fh.read().removeprefix("\ufeff")
                self._files[path] = text.split("\n")
            except (OSError, UnicodeDecodeError, ValueError):
                self._files[path] = None
        return self._files[path]


def passage(e: Evidence, draft_words: str, sources: SourceLines) -> Passage:
    lines = sources.get(e.path)
    before = after = ""
    span = e.excerpt
    if lines is not None and 1 <= e.line <= len(lines):
        line = lines[e.line - 1].rstrip("\r")
        start = max(e.column - 1, 0)
        end = len(line)
        if e.end_line == e.line and e.end_column is not None and e.end_column > e.column:
            end = min(e.end_column - 1, len(line))
        candidate = line[start:end]
        if " ".join(candidate.split()) != e.excerpt:
            found = line.find(e.excerpt)  # a multi-line span or a normalised excerpt
            start, end = (found, found + len(e.excerpt)) if found >= 0 else (start, start)
            candidate = line[start:end] if found >= 0 else e.excerpt
        if found_in_line := (candidate == line[start:end]):
            before, after = line[:start], line[end:]
        span = candidate if found_in_line else e.excerpt
        if len(before) > PASSAGE_CONTEXT:
            before = "…" + before[-PASSAGE_CONTEXT:].lstrip()
        if len(after) > PASSAGE_CONTEXT:
            after = after[:PASSAGE_CONTEXT].rstrip() + "…"
    return Passage(e.path, e.line, e.column, e.note, before, diff_parts(span, draft_words), after)


# -- the draft with findings marked in place ----------------------------------------------------------


def _clean(text: str) -> str:
    """The draft with any character of the sentinel range replaced (same length: offsets hold)."""
    return _SENTINELS.sub("\ufffd", text)


def _with_sentinels(text: str, spans: dict[int, tuple[int, int]], lo: int, hi: int) -> str:
    """``text[lo:hi]`` with each finding's start and end sentinel inserted at its offsets."""
    events: list[tuple[int, int, str]] = []
    for i, (a, b) in spans.items():
        if lo <= a < b <= hi:
            events.append((a, 1, chr(SENTINEL_BASE + 2 * i)))
            events.append((b, 0, chr(SENTINEL_BASE + 2 * i + 1)))
    events.sort()
    out, pos = [], lo
    for at, _order, char in events:
        out.append(text[pos:at])
        out.append(char)
        pos = at
    out.append(text[pos:hi])
    return "".join(out)


def _mark_runs(rendered: str, items: dict[int, Item]) -> str:
    """Turn the sentinels in rendered HTML into ``<mark>`` runs (never crossing a tag)."""
    out: list[str] = []
    active: list[int] = []
    seen: set[int] = set()
    in_link = 0

    def emit(text: str) -> None:
        if not text:
            return
        if not active:
            out.append(text)
            return
        top = max(active, key=lambda i: (SEVERITY_ORDER.get(items[i].finding.severity, 0), -i))
        first = [i for i in active if i not in seen]
        seen.update(first)
        ident = f' id="m-{first[0]}"' if first else ""
        label = ", ".join(
            f"finding {i}: {items[i].finding.severity} {items[i].finding.code}" for i in sorted(active)
        )
        out.append(
            f'<mark class="hl sev-{items[top].finding.severity}"{ident} '
            f'data-f="{" ".join(str(i) for i in sorted(active))}" title="{html.escape(label)}">{text}</mark>'
        )

    def sentinel(char: str) -> None:
        value = ord(char) - SENTINEL_BASE
        i, is_end = value // 2, value % 2
        if i not in items:
            return
        if not is_end:
            active.append(i)
            return
        if i in active:
            active.remove(i)
        item = items[i]
        ref = f"{i}{item.symbol}"
        aria = f"finding {i}, {item.finding.severity}"
        if in_link:
            out.append(f'<sup class="ref sev-{item.finding.severity}" aria-label="{aria}">{ref}</sup>')
        else:
            out.append(
                f'<a class="ref sev-{item.finding.severity}" href="#f-{i}" data-f="{i}" aria-label="{aria}">{ref}</a>'
            )

    pos = 0
    for m in _TAG.finditer(rendered):
        _text_run(rendered[pos : m.start()], emit, sentinel)
        tag = m.group()
        for char in _SENTINELS.findall(tag):  # not expected inside a tag; keep the state right
            sentinel(char)
        tag = _SENTINELS.sub("", tag)
        if re.match(r"<a[\s>]", tag):
            in_link += 1
        elif tag.startswith("</a"):
            in_link = max(0, in_link - 1)
        out.append(tag)
        pos = m.end()
    _text_run(rendered[pos:], emit, sentinel)
    return "".join(out)


def _text_run(text: str, emit, sentinel) -> None:
    pos = 0
    for m in _SENTINELS.finditer(text):
        emit(text[pos : m.start()])
        sentinel(m.group())
        pos = m.end()
    emit(text[pos:])


@lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True})  # raw HTML is recognised, then shown as text

    def raw_block(self, tokens, idx, options, env):
        return f'<pre class="raw-html">{html.escape(tokens[idx].content.rstrip())}</pre>\n'

    def raw_inline(self, tokens, idx, options, env):
        return f'<code class="raw-html">{html.escape(tokens[idx].content)}</code>'

    def image(self, tokens, idx, options, env):  # never fetched: the page loads nothing
        token = tokens[idx]
        alt = html.escape(token.content or "image")
        src = html.escape(token.attrGet("src") or "")
        return f'<span class="image" title="image: {src}">[image: {alt}]</span>'

    def link_open(self, tokens, idx, options, env):
        token = tokens[idx]
        token.attrSet("rel", "noopener noreferrer nofollow")
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("html_block", raw_block)
    md.add_render_rule("html_inline", raw_inline)
    md.add_render_rule("image", image)
    md.add_render_rule("link_open", link_open)
    return md


def _render_plain(text: str) -> str:
    out: list[str] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append("<p>" + "<br>\n".join(html.escape(line) for line in para) + "</p>\n")
            para.clear()

    for line in text.split("\n"):
        line = line.rstrip("\r")
        if _SENTINELS.sub("", line).strip():
            para.append(line)
        else:
            flush()
            out.append("".join(_SENTINELS.findall(line)))  # keep the state of spans crossing it
    flush()
    return "".join(out)


def render_draft(draft: DraftText, items: list[Item]) -> tuple[str, str]:
    """The draft's body and front matter as HTML, with every finding on a span marked in place."""
    text = _clean(draft.text)
    starts = line_starts(text)
    spans: dict[int, tuple[int, int]] = {}
    for item in items:
        f = item.finding
        if item.whole or 2 * item.n + 1 + SENTINEL_BASE > SENTINEL_LIMIT:
            continue
        a = offset(starts, text, f.line, f.column)
        b = offset(starts, text, f.end_line, f.end_column)
        if b > a:
            spans[item.n] = (a, b)
    body_start = 0
    front = ""
    if draft.front_matter_lines is not None:
        last = draft.front_matter_lines[1]
        body_start = starts[last] if last < len(starts) else len(text)
    by_n = {i.n: i for i in items}
    markdown = draft.kind == "markdown"

    def body_html(use: dict[int, tuple[int, int]]) -> str:
        source = _with_sentinels(text, use, body_start, len(text))
        return _markdown().render(source) if markdown else _render_plain(source)

    body = body_html(spans)
    lost = {
        n
        for n in spans
        if chr(SENTINEL_BASE + 2 * n) not in body or chr(SENTINEL_BASE + 2 * n + 1) not in body
    }
    lost = {n for n in lost if spans[n][0] >= body_start}
    if lost:  # the renderer dropped a sentinel: do not highlight that finding rather than bleed
        spans = {n: s for n, s in spans.items() if n not in lost}
        body = body_html(spans)
    if body_start:
        front = _mark_runs(html.escape(_with_sentinels(text, spans, 0, body_start)), by_n)
    for n in spans:
        by_n[n].in_place = True
    return _mark_runs(body, by_n), front


# -- the page -------------------------------------------------------------------------------------------


def _family(code: str, rules: dict[str, Rule]) -> str:
    rule = rules.get(code)
    return (rule.plugin if rule and rule.plugin else code.rstrip("0123456789")) or "other"


def build(report: Report) -> dict:
    sources = SourceLines()
    suppressed: dict[str, int] = {}
    for s in report.suppressed:
        suppressed[s.finding.path] = suppressed.get(s.finding.path, 0) + 1
    by_path: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_path.setdefault(f.path, []).append(f)
    paths = list(report.files) + [p for p in by_path if p not in report.files]
    drafts: list[DraftView] = []
    n = 0
    for d, path in enumerate(paths, start=1):
        items = []
        for f in by_path.get(path, []):
            n += 1
            item = Item(n, f, _family(f.code, report.rules))
            item.passages = [passage(e, f.excerpt, sources) for e in f.evidence]
            items.append(item)
        view = DraftView(f"d{d}", path, items, suppressed.get(path, 0))
        draft = report.drafts.get(path)
        if draft is None:
            view.readable = False
        else:
            view.body, view.front_matter = render_draft(draft, items)
        drafts.append(view)
    used = sorted({f.code for f in report.findings})
    rules = [report.rules[c] for c in used if c in report.rules]
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})  # rule docs: any HTML in them is shown as text
    families = sorted({i.family for d in drafts for i in d.items})
    return {
        "report": report,
        "summary": report.summary,
        "drafts": drafts,
        "rules": [(r, md.render(render_rule_doc(r))) for r in rules],
        "families": families,
        "severities": ["error", "warning", "info"],
        "symbols": SEVERITY_SYMBOL,
        "suppressed": len(report.suppressed),
    }


def _asset(name: str) -> str:
    return resources.files("newslint.reporters").joinpath("templates", name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def render_page(report: Report) -> str:
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("newslint.reporters", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    css, js = _asset("page.css"), _asset("page.js")
    context = build(report)
    for view in context["drafts"]:
        view.body = Markup(view.body)
        view.front_matter = Markup(view.front_matter)
    context["rules"] = [(r, Markup(doc)) for r, doc in context["rules"]]
    csp = (
        "default-src 'none'; img-src data:; base-uri 'none'; form-action 'none'; "
        f"style-src {_csp_hash(css)}; script-src {_csp_hash(js)}"
    )
    return env.get_template("page.html.j2").render(css=Markup(css), js=Markup(js), csp=csp, **context)


def render(report: Report, out: TextIO) -> None:
    out.write(render_page(report))


REPORTER = Reporter(name="html", render=render)
