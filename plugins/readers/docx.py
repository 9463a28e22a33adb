"""Word documents (.docx, as Word and Google Docs export drafts).

A .docx file is a zip archive; the story is ``word/document.xml``, read with the same safe XML
parser as wire copy (no entities, no external references) and size limits against zip bombs.
Paragraphs are read in document order, table cells included; tracked insertions (``w:ins``,
``w:moveTo``) are read, tracked deletions (``w:del``, ``w:moveFrom``) are not; comments,
footnotes, headers, footers, text boxes and field codes are ignored (a field's displayed result is
read).  A tab is a space in prose, a line break inside a paragraph too.

A .docx file has no lines, so positions are paragraph:character (SPEC §2): the "line" of a finding
is the paragraph's number in the document (every paragraph counts, empty ones and table cells'
included), the column counts characters from the paragraph's start.  Publication date: a
paragraph ``Published: 13 March 2025`` or `` date 2025-03-13`` first, else a dateline opening the
story (its year: the nearest not after the file's creation or modification date).  The headline is
the first paragraph styled Title or Heading 1.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib

from newslint.api import Document, DocumentError, RulePacks, parse_document

from ._markup import Element, Text, parse_xml, text_of
from .wire import iso_date

MAX_XML_BYTES = 64 * 1024 * 1024  # uncompressed; a larger "document" is a zip bomb, not a draft
SKIP = frozenset(
    """del moveFrom pPr rPr sectPr instrText delText delInstrText txbxContent Fallback
    commentReference footnoteReference endnoteReference drawing pict object""".split()
)
CHARACTERS = {"tab": " ", "br": " ", "cr": " ", "noBreakHyphen": "-", "softHyphen": ""}


def _member(archive: zipfile.ZipFile, name: str, path: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_XML_BYTES:
        raise DocumentError(
            f"holds a {name} of {info.file_size // 1_000_000} MB uncompressed; refused (limit "
            f"{MAX_XML_BYTES // 1_000_000} MB)",
            path,
        )
    with archive.open(info) as member:
        data = member.read(MAX_XML_BYTES + 1)
    if len(data) > MAX_XML_BYTES:
        raise DocumentError(f"holds a {name} that inflates beyond its declared size; refused", path)
    return data


def read_docx(path: str, data: bytes, packs: RulePacks) -> Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = _member(archive, "word/document.xml", path)
            core = _member(archive, "docProps/core.xml", path)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise DocumentError(
            f"is not a readable .docx (damaged zip archive: {exc}); re-save it from Word", path
        ) from None
    if xml is None:
        raise DocumentError("is a zip archive without word/document.xml, not a Word document", path)
    source, root = parse_xml(xml, f"{path} (word/document.xml)")
    body = root.find("body")
    if body is None:
        raise DocumentError("is a Word document without a body", path)
    lines: list[str] = []
    headline = None
    for para in _paragraphs(body):
        text = _paragraph_text(para, source)
        lines.append(text)
        if headline is None and text.strip() and _style(para) in ("Title", "Heading1"):
            headline = " ".join(text.split())
    text = "\n".join(lines)
    if not text.strip():
        raise DocumentError("is an empty Word document; there is nothing to check", path)
    doc = parse_document(text, path, kind="lines", packs=packs, dateline_reference=_file_date(core))
    doc.kind = "docx"
    doc.position_unit = "paragraph"
    doc.headline = headline
    return doc


def _paragraphs(body: Element):
    """Every w:p in document order (tables included), not those of text boxes or deleted content."""
    stack: list[Element] = [body]
    while stack:
        el = stack.pop()
        if el.name == "p":
            yield el
            continue
        if el.name in SKIP:
            continue
        stack.extend(c for c in reversed(el.children) if isinstance(c, Element))


def _paragraph_text(para: Element, source: str) -> str:
    parts: list[str] = []
    stack: list[Element | Text] = list(reversed(para.children))
    while stack:
        node = stack.pop()
        if isinstance(node, Text):
            continue  # whitespace between elements; a run's text is in w:t
        if node.name in SKIP:
            continue
        if node.name == "t":
            parts.append(_raw_text(node, source))
        elif node.name in CHARACTERS:
            parts.append(CHARACTERS[node.name])
        else:
            stack.extend(reversed(node.children))
    return "".join(parts).replace("\n", " ").replace("\r", " ")


def _raw_text(t: Element, source: str) -> str:
    """A w:t's characters as written (spaces kept: Word marks them xml:space="preserve")."""
    return "".join(
        (c.decoded if c.decoded is not None else source[c.start : c.end])
        for c in t.children
        if isinstance(c, Text)
    )


def _style(para: Element) -> str | None:
    style = para.find("pPr", "pStyle")
    return style.attr("val") if style is not None else None


def _file_date(core: bytes | None) -> dt.date | None:
    """The latest of the file's creation and modification dates (docProps/core.xml), if readable."""
    if core is None:
        return None
    try:
        source, root = parse_xml(core, "docProps/core.xml")
    except DocumentError:
        return None
    found = [iso_date(text_of(el, source)) for name in ("created", "modified") for el in root.iter(name)]
    dates = [d for d in found if d is not None]
    return max(dates) if dates else None
