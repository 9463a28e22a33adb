"""``--format html`` opened in a real browser: headless Chromium (the system ``chromium`` package)
driven by Playwright.  No browser is ever downloaded: Playwright is pointed at the system binary.

Checked: every finding is highlighted at its exact words; the evidence panel opens; j/k and the
arrow keys step through findings; filters; the rule's explanation one click away; the page readable
without JavaScript and loading nothing from the network; a draft (and a source) holding ``<script>``
and ``"><img onerror=...>`` shown as text, never run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from ci_helpers import REPO_ROOT, make_project, run_newslint

from newslint.finding import Finding
from newslint.report import DraftText
from newslint.reporters.html import Item, diff_parts, render_draft

EXAMPLES = REPO_ROOT / "examples"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_binary() -> str | None:
    for candidate in (os.environ.get("NEWSLINT_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser():
    binary = chromium_binary()
    if binary is None:
        reason = "no chromium binary (apt-get install chromium; or set NEWSLINT_CHROMIUM)"
        if os.environ.get("NEWSLINT_REQUIRE_BROWSER"):  # set by .ci/run: CI must test in a browser
            pytest.fail(reason)
        pytest.skip(reason)
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=binary, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page_of(browser):
    """Open an HTML file; fail the test on any script error or any network request."""
    opened = []

    def open_page(path: Path, javascript: bool = True):
        context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.errors = []
        page.requests = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("request", lambda r: page.requests.append(r.url) if not r.url.startswith("file:") else None)
        page.goto(path.as_uri())
        opened.append(context)
        return page

    yield open_page
    for context in opened:
        context.close()


def _html(cwd: Path, out: Path, *args: str) -> dict:
    """Write the HTML page of ``check ARGS`` to ``out``; return the JSON report of the same run."""
    result = run_newslint(["check", *args, "--format", "html", "-o", str(out)], cwd=cwd)
    assert result.returncode in (0, 1), result.stderr.decode()
    as_json = run_newslint(["check", *args, "--format", "json"], cwd=cwd)
    return json.loads(as_json.stdout)


@pytest.fixture(scope="module")
def example_page(tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "review.html"
    report = _html(EXAMPLES, out, "drafts")
    return out, report


def _cards(page) -> list[dict]:
    return page.eval_on_selector_all(
        "li.finding",
        """cards => cards.map(c => ({n: c.dataset.f, code: c.dataset.code, line: +c.dataset.line,
            column: +c.dataset.column, inPlace: c.dataset.inPlace, hidden: c.hidden,
            current: c.classList.contains('current'),
            evidenceOpen: c.querySelector('details.evidence') ? c.querySelector('details.evidence').open : null,
            path: c.closest('section.draft').querySelector('h2 .path').textContent}))""",
    )


def _highlighted(page, n: str) -> str:
    text = page.eval_on_selector_all(
        "mark.hl",
        "(marks, n) => marks.filter(m => m.dataset.f.split(' ').includes(n)).map(m => m.textContent).join('')",
        n,
    )
    return " ".join(text.split())


def test_every_finding_is_highlighted_at_its_words(example_page, page_of):
    path, report = example_page
    page = page_of(path)
    cards = _cards(page)
    assert len(cards) == len(report["findings"]) > 10
    by_place = {(c["path"], c["line"], c["column"], c["code"]): c for c in cards}
    for f in report["findings"]:
        card = by_place[(f["path"], f["line"], f["column"], f["code"])]
        assert card["inPlace"] == "yes", f
        assert _highlighted(page, card["n"]) == f["excerpt"], f
        first = page.eval_on_selector(f"#m-{card['n']}", "m => [m.className, m.dataset.f]")
        if first[1] == card["n"]:  # a mark of this finding alone has its severity's colour
            assert f"sev-{f['severity']}" in first[0].split(), (f, first)
    assert page.errors == [] and page.requests == []


def test_highlight_colour_is_the_severity_and_not_colour_alone(example_page, page_of):
    page = page_of(example_page[0])
    styles = page.evaluate(
        """() => ['error', 'warning', 'info'].map(s => {
            const m = document.querySelector('mark.hl.sev-' + s);
            const cs = getComputedStyle(m);
            return [s, cs.backgroundColor, cs.textDecorationStyle, m.title];
        })"""
    )
    backgrounds = {s: bg for s, bg, _style, _title in styles}
    assert backgrounds == {
        "error": "rgb(253, 228, 225)",  # red
        "warning": "rgb(255, 239, 194)",  # amber
        "info": "rgb(221, 232, 253)",  # blue
    }
    assert {style for _s, _bg, style, _t in styles} == {"solid", "dashed", "dotted"}
    assert all(s in title for s, _bg, _st, title in styles)  # the severity is named, not only shown
    refs = page.eval_on_selector_all("a.ref", "rs => rs.map(r => r.getAttribute('aria-label'))")
    assert refs and all(r.startswith("finding ") for r in refs)


def _luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_text_contrast_meets_wcag_aa(example_page, page_of):
    page = page_of(example_page[0])
    pairs = page.evaluate(
        """() => [...document.querySelectorAll(
                'mark.hl, .badge, a.ref, mark.other, .msg, .loc, .passage .ctx, .summary .count, figcaption')]
            .map(el => {
                let bg = 'rgba(0, 0, 0, 0)', node = el;
                while (node && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
                    bg = getComputedStyle(node).backgroundColor; node = node.parentElement;
                }
                return [el.className, getComputedStyle(el).color, bg];
            })"""
    )
    assert len(pairs) > 30
    for name, fg, bg in pairs:
        light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
        ratio = (light + 0.05) / (dark + 0.05)
        assert ratio >= 4.5, (name, fg, bg, round(ratio, 2))


def test_evidence_panel_opens_with_the_source_passage_and_the_differing_part(example_page, page_of):
    page = page_of(example_page[0])
    cards = _cards(page)
    unit = next(c for c in cards if c["code"] == "NL101")
    assert unit["evidenceOpen"] is False  # compact with JavaScript: opens when chosen
    page.click(f"#m-{unit['n']}")
    card = page.locator(f"#f-{unit['n']}")
    assert card.evaluate("c => c.classList.contains('current')")
    evidence = card.locator("details.evidence")
    assert evidence.evaluate("d => d.open")
    assert evidence.locator("figure.passage").is_visible()
    assert evidence.locator("figcaption").inner_text().startswith("wire/ambel-dam-2025-03-05.md:13")
    assert evidence.locator("mark.other").all_inner_texts() == ["sq km"]  # the other unit
    qualifier = next(c for c in cards if c["code"] == "NL202")
    page.click(f"#m-{qualifier['n']}")
    assert page.locator(f"#f-{qualifier['n']} mark.other").all_inner_texts() == ["at least"]


def test_keyboard_steps_through_findings(example_page, page_of):
    page = page_of(example_page[0])
    order = [c["n"] for c in _cards(page)]

    def current() -> str:
        return page.eval_on_selector("li.finding.current", "c => c.dataset.f")

    page.keyboard.press("j")
    assert current() == order[0]
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert current() == order[2]
    page.keyboard.press("k")
    assert current() == order[1]
    page.keyboard.press("ArrowDown")
    assert current() == order[2]
    page.keyboard.press("ArrowUp")
    assert current() == order[1]
    card = page.locator(f"#f-{order[1]}")
    assert card.evaluate("c => document.activeElement === c")
    marked = page.eval_on_selector_all("mark.hl.current", "ms => ms.map(m => m.dataset.f)")
    assert marked and all(order[1] in m.split() for m in marked)
    assert "Finding 2 of" in page.locator("#status").inner_text()


def test_filters_by_severity_and_family(example_page, page_of):
    page = page_of(example_page[0])
    total = len(_cards(page))
    page.uncheck("input[name=severity][value=warning]")
    shown = [c for c in _cards(page) if not c["hidden"]]
    assert shown and all(
        page.locator(f"#f-{c['n']}").get_attribute("data-severity") != "warning" for c in shown
    )
    assert page.locator("#shown").inner_text() == f"Showing {len(shown)} of {total} findings."
    page.check("input[name=severity][value=warning]")
    page.uncheck("input[name=family][value=quotes]")
    codes = {c["code"] for c in _cards(page) if not c["hidden"]}
    assert codes and not any(code.startswith("NL3") for code in codes)
    page.keyboard.press("j")  # stepping skips what is filtered out
    assert not page.eval_on_selector("li.finding.current", "c => c.dataset.code").startswith("NL3")


def test_rule_explanation_is_one_click_away(example_page, page_of):
    page = page_of(example_page[0])
    page.click("li.finding[data-code=NL101] a.code")
    dialog = page.locator("#rule-dialog")
    assert dialog.evaluate("d => d.open")
    text = dialog.inner_text()
    assert "What it does" in text and "Why is this bad?" in text and "unit-mismatch" in text
    page.click("#rule-dialog-close")
    assert not dialog.evaluate("d => d.open")


def test_readable_without_javascript_and_printable(example_page, page_of):
    page = page_of(example_page[0], javascript=False)
    assert page.locator("#filters").is_hidden()
    assert page.locator("li.finding").count() > 10
    assert page.eval_on_selector_all("details.evidence", "ds => ds.every(d => d.open)")
    assert page.locator("mark.hl").count() > 10
    assert page.locator("nav.toc a").count() == 3  # several drafts: a table of contents
    assert page.locator("main").count() == 1 and page.locator("header").count() >= 1
    # without JS the rule link is an anchor to the rule's section on the page
    href = page.get_attribute("li.finding[data-code=NL101] a.code", "href")
    assert href == "#rule-NL101" and page.locator("#rule-NL101").count() == 1
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")


HOSTILE = """\
# Zorblax <script>window.__pwned = 1</script> report

A Zorblax said "><img src=x onerror="window.__pwned = 2"> near the river.

<script>window.__pwned = 3</script>

<img src="http://example.invalid/track.png" onerror="window.__pwned = 4">

![a Zorblax](http://example.invalid/pixel.png) and [a Zorblax link](javascript:window.__pwned=5).

The **Zorblax** was seen in `code <b>` too.
"""

HOSTILE_SOURCE = 'The agency said a Zorblax "><img src=x onerror="window.__pwned = 6"> <script>window.__pwned = 7</script>.\n'


def test_script_and_markup_in_a_draft_render_as_text(tmp_path, page_of):
    root = tmp_path / "newsroom"
    make_project(root, HOSTILE)
    (root / "drafts" / "brief.txt").write_text(
        'Plain <script>window.__pwned = 8</script> and "><img src=x onerror="window.__pwned = 9"> Zorblax.\n',
        encoding="utf-8",
    )
    (root / "wire" / "agency.txt").write_text(HOSTILE_SOURCE, encoding="utf-8")
    out = tmp_path / "page.html"
    report = _html(root, out, "drafts")
    page = page_of(out)
    page.click("a.ref")  # exercise the script on the hostile page
    assert page.evaluate("() => window.__pwned") is None
    assert page.errors == [] and page.requests == []
    assert page.locator("img").count() == 0 and page.locator("main script").count() == 0
    text = page.locator("main").inner_text()
    assert "<script>window.__pwned = 1</script>" in text
    assert '"><img src=x onerror="window.__pwned = 2">' in text
    assert "<script>window.__pwned = 8</script>" in text
    assert '"><img src=x onerror="window.__pwned = 6">' in text  # evidence from the source, as text
    assert page.locator("a[href^=javascript]").count() == 0
    # every Zorblax is still highlighted at its word, through emphasis and links
    cards = _cards(page)
    assert len(cards) == len(report["findings"]) >= 6
    for card in cards:
        assert _highlighted(page, card["n"]) == "Zorblax", card


def test_page_stays_small_for_a_long_draft(tmp_path):
    root = tmp_path / "newsroom"
    plain = "The council met again and heard that the old mill by the river would close in the spring.\n\n"
    flagged = "The council met again and heard that a Zorblax had been seen near the old mill.\n\n"
    make_project(root, "# Long\n\n" + (flagged + plain * 3) * 100)  # ~6,700 words, 100 findings
    out = tmp_path / "page.html"
    report = _html(root, out, "drafts")
    assert len(report["findings"]) == 100
    size = out.stat().st_size
    assert size < 300_000, size  # about 1 KB a finding, the draft, ~25 KB of style, script, rules
    assert out.read_text(encoding="utf-8").count('<mark class="hl') == 100


@pytest.mark.parametrize(
    ("source", "draft", "marked"),
    [
        ("35 sq km", "35 kilometres", ["sq km"]),
        ("at least £12m", "about £12m", ["at least"]),
        ("More than 2,400", "More than 3,400 residents", ["2,400"]),
        ("the dam failed on Tuesday, officials said", "Tuesday", ["Tuesday"]),
        ("we will not take chances", "we will not take chances", ["we will not take chances"]),
        ("any of our models predicted", "any of our forecasts predicted", ["models"]),
    ],
)
def test_the_differing_part_of_a_source_passage(source, draft, marked):
    parts = diff_parts(source, draft)
    assert "".join(text for text, _ in parts) == source
    assert [text.strip() for text, differs in parts if differs] == marked


def _finding(line: int, column: int, end_column: int, code: str, severity: str, excerpt: str) -> Finding:
    return Finding("d.md", line, column, line, end_column, code, "r", severity, "m", excerpt)


def test_overlapping_findings_and_markup_never_cross_tags():
    text = "# Title\n\nThe **flooded area** covers [35 sq km](https://example.org) of farmland.\n"
    spans = [
        _finding(3, 7, 19, "X101", "warning", "flooded area"),  # inside emphasis
        _finding(3, 15, 38, "X102", "error", "area** covers [35 sq km"),  # crosses emphasis and link
    ]
    items = [Item(n, f, "x") for n, f in enumerate(spans, start=1)]
    body, front = render_draft(DraftText("markdown", text), items)
    assert front == "" and all(i.in_place for i in items)
    marks = re.findall(r"<mark ([^>]*)>([^<]*)</mark>", body)
    assert body.count("<mark") == len(marks)  # every mark holds text only: no tag inside
    for n, f in enumerate(spans, start=1):
        words = "".join(
            t for attrs, t in marks if str(n) in re.search(r'data-f="([^"]*)"', attrs).group(1).split()
        )
        assert words == f.excerpt.replace("**", "").replace("[", ""), n
    both = [attrs for attrs, _ in marks if 'data-f="1 2"' in attrs]
    assert both and all("sev-error" in attrs for attrs in both)  # the higher severity colours it
    assert "<strong>" in body and 'href="https://example.org"' in body


def test_front_matter_and_plain_text_drafts_are_marked_in_place():
    md = "---\ndate: 2025-03-13\n---\nBody text.\n"
    item = Item(1, _finding(2, 7, 17, "X405", "info", "2025-03-13"), "x")
    body, front = render_draft(DraftText("markdown", md, (1, 3)), [item])
    assert "<mark" in front and ">2025-03-13</mark>" in front and "<mark" not in body
    plain = "First paragraph line one\nline two.\n\nSecond <b>paragraph</b>.\n"
    item = Item(1, _finding(4, 8, 24, "X1", "warning", "<b>paragraph</b>"), "x")
    body, _ = render_draft(DraftText("text", plain), [item])
    assert body.count("<p>") == 2 and "line one<br>" in body
    assert ">&lt;b&gt;paragraph&lt;/b&gt;</mark>" in body


def test_a_span_the_renderer_cannot_place_is_listed_not_bled():
    text = "See [the report](https://example.org/report) today.\n"
    lost = Item(1, _finding(1, 6, 30, "X1", "error", "the report](https://examp"), "x")
    kept = Item(2, _finding(1, 46, 51, "X2", "info", "today"), "x")
    body, _ = render_draft(DraftText("markdown", text), [lost, kept])
    assert not lost.in_place and kept.in_place
    assert re.findall(r"<mark [^>]*>([^<]*)</mark>", body) == ["today"]
    assert 'href="https://example.org/report"' in body
