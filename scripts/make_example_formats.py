"""Regenerate the example newsroom's other formats from its Markdown and text files.

    python scripts/make_example_formats.py          # write the files
    python scripts/make_example_formats.py --check  # exit 1 if a committed file is out of date

- ``examples/wire-xml/ambel-floods-2025-03-04.nitf.xml`` and ``.newsml.xml``: the wire story
  ``examples/wire/ambel-floods-2025-03-04.txt`` as NITF 3.6 and as a NewsML-G2 newsItem with an
  XHTML body (characters beyond ASCII written as character references, as many feeds do);
- ``examples/word/ambel-rewrite.docx``: the draft ``examples/drafts/ambel-rewrite.md`` as a Word
  document (Title paragraph, a ``Published:`` paragraph from the front matter's date, then one
  paragraph per Markdown paragraph).

The output is deterministic (fixed zip timestamps), so ``--check`` (run by the tests) proves the
committed files match their sources.  Standard library only.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
WIRE_TXT = EXAMPLES / "wire" / "ambel-floods-2025-03-04.txt"
DRAFT_MD = EXAMPLES / "drafts" / "ambel-rewrite.md"
HEADLINE = "River Ambel floods farmland around Corrow"  # the .txt story has no headline line
BYLINE = "By Mara Velden"


def wire_story() -> tuple[dt.date, list[str]]:
    text = WIRE_TXT.read_text(encoding="utf-8")
    assert text.startswith(" date "), "the wire story starts with its ' date YYYY-MM-DD' header"
    date = dt.date.fromisoformat(text[6:16])
    paragraphs = [" ".join(p.split()) for p in text[17:].split("\n\n") if p.strip()]
    return date, paragraphs


def nitf() -> str:
    date, paragraphs = wire_story()
    body = "\n".join(f"      <p>{escape(p)}</p>" for p in paragraphs)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- Fictional wire copy for newslint's examples: {WIRE_TXT.relative_to(ROOT).as_posix()} as NITF. -->
<nitf version="-//IPTC//DTD NITF 3.6//EN" change.date="October 18, 2006" change.time="19:30">
  <head>
    <title>{escape(HEADLINE)}</title>
    <docdata>
      <doc-id id-string="northwire-{date:%Y%m%d}-ambel-floods"/>
      <date.issue norm="{date:%Y%m%d}T071500Z"/>
      <doc.copyright year="{date:%Y}" holder="Northwire"/>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline>
        <hl1>{escape(HEADLINE)}</hl1>
      </hedline>
      <byline>{escape(BYLINE)}</byline>
      <dateline><location><city>CORROW</city></location></dateline>
    </body.head>
    <body.content>
{body}
    </body.content>
    <body.end>
      <tagline>(Reporting by Mara Velden; editing by Ines Caddick)</tagline>
    </body.end>
  </body>
</nitf>
"""


def newsml() -> str:
    date, paragraphs = wire_story()

    def ascii_xml(s: str) -> str:
        return escape(s).encode("ascii", "xmlcharrefreplace").decode("ascii")

    body = "\n".join(f"            <p>{ascii_xml(p)}</p>" for p in paragraphs)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- Fictional wire copy for newslint's examples: {WIRE_TXT.relative_to(ROOT).as_posix()} as NewsML-G2. -->
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:northwire.invalid:{date:%Y%m%d}:ambel-floods"
    version="1" standard="NewsML-G2" standardversion="2.33" conformance="power" xml:lang="en-GB">
  <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml"/>
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider literal="Northwire"/>
    <versionCreated>{date:%Y-%m-%d}T09:40:00Z</versionCreated>
    <firstCreated>{date:%Y-%m-%d}T07:15:00Z</firstCreated>
    <pubStatus qcode="stat:usable"/>
  </itemMeta>
  <contentMeta>
    <headline>{ascii_xml(HEADLINE)}</headline>
    <by>{ascii_xml(BYLINE)}</by>
    <dateline>CORROW</dateline>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml">
        <head><title>{ascii_xml(HEADLINE)}</title></head>
        <body>
          <article>
{body}
          </article>
        </body>
      </html>
    </inlineXML>
  </contentSet>
</newsItem>
"""


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FIXED = (2025, 3, 13, 0, 0, 0)


def _w_paragraph(text: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def docx() -> bytes:
    text = DRAFT_MD.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    date: dt.date = meta["date"]
    paragraphs = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
    xml_paragraphs = []
    for p in paragraphs:
        if p.startswith("# "):
            xml_paragraphs.append(_w_paragraph(p[2:], "Title"))
            xml_paragraphs.append(_w_paragraph(f"Published: {date.day} {date:%B %Y}"))
        else:
            xml_paragraphs.append(_w_paragraph(p))
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>'
        + "".join(xml_paragraphs)
        + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W}">'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>'
        '<w:rPr><w:b/><w:sz w:val="48"/></w:rPr></w:style></w:styles>'
    )
    created = f"{date:%Y-%m-%d}T08:00:00Z"
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(str(meta.get('title', '')))}</dc:title><dc:creator>Corrow Courier desk</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{created}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/word/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/></Relationships>'
    )
    doc_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'styles" Target="styles.xml"/></Relationships>'
    )
    return build_docx(
        {
            "[Content_Types].xml": content_types,
            "_rels/.rels": rels,
            "word/document.xml": document,
            "word/_rels/document.xml.rels": doc_rels,
            "word/styles.xml": styles,
            "docProps/core.xml": core,
        }
    )


def build_docx(parts: dict[str, str]) -> bytes:
    """A zip archive of the given parts with fixed timestamps (the same bytes every time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=_FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8"))
    return out.getvalue()


OUTPUTS = {
    EXAMPLES / "wire-xml" / "ambel-floods-2025-03-04.nitf.xml": lambda: nitf().encode("utf-8"),
    EXAMPLES / "wire-xml" / "ambel-floods-2025-03-04.newsml.xml": lambda: newsml().encode("utf-8"),
    EXAMPLES / "word" / "ambel-rewrite.docx": docx,
}


def main(argv: list[str]) -> int:
    stale = []
    for path, make in OUTPUTS.items():
        data = make()
        if "--check" in argv:
            if not path.exists() or path.read_bytes() != data:
                stale.append(path.relative_to(ROOT).as_posix())
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT).as_posix()}")
    if stale:
        print(f"out of date: {', '.join(stale)}; run python scripts/make_example_formats.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
