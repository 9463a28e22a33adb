"""Wire XML: NITF (``<nitf>``) and NewsML-G2 (``<newsItem>``, body in ``inlineXML``: XHTML or NITF).

What is prose: the headline (NITF ``hedline``, NewsML-G2 ``contentMeta/headline``) and the body
(NITF ``body.content``, the XHTML ``body`` or NITF ``body.content`` of ``inlineXML``); one paragraph
per ``p``, heading, list item or table cell.  Metadata (byline, dateline field, tagline, media,
identifiers) is not.  The publication date, first found (SPEC §2): NITF ``date.issue`` (then
``pubdata/@date.publication``), NewsML-G2 ``firstCreated`` then ``versionCreated``; then the
dateline field (NITF ``story.date/@norm`` or the field's text, NewsML-G2 ``contentMeta/dateline``);
then a dateline opening the story's first paragraph.  A dateline without a year takes the nearest
year not after the file's other dates (NITF ``doc.copyright/@year``, ``date.release``, NewsML-G2
``versionCreated``), or the current year.
"""

from __future__ import annotations

import datetime as dt

from newslint.api import (
    Dateline,
    Document,
    DocumentError,
    DocumentSkipped,
    RulePacks,
    document_from_prose,
    find_dateline,
    parse_dateline_field,
)

from ._markup import Element, Prose, emit, parse_xml, text_of

# The NewsML-G2 namespace, as the IPTC schemas declare it (with its trailing slash).  A file that
# drops the slash is read too; any other namespace is not NewsML-G2.
G2_NS = "http://iptc.org/std/nar/2006-10-01/"
G2_NAMESPACES = frozenset({G2_NS, G2_NS.rstrip("/")})

BLOCKS = frozenset(
    """p hl1 hl2 hl3 headline h1 h2 h3 h4 h5 h6 li dd dt td th caption figcaption pre blockquote
    bq block div section article header main body body.content""".split()
)
SKIP = frozenset(
    """media media-reference media-metadata media-object media-producer media-caption fn note
    byline dateline tagline credit distributor series script style nav aside footer form noscript
    template button svg math figure code object iframe head classifier""".split()
)


def read_xml(path: str, data: bytes, packs: RulePacks) -> Document:
    source, root = parse_xml(data, path)
    if root.name == "nitf":
        return _nitf(path, source, root, packs)
    if root.name in ("newsItem", "newsMessage") and root.ns in G2_NAMESPACES:
        item = root if root.name == "newsItem" else root.first("newsItem")
        if item is None:
            raise DocumentSkipped(
                "is a NewsML-G2 message without a newsItem; there is no story to read", path
            )
        return _newsml(path, source, item, packs)
    raise DocumentSkipped(
        f"is XML (<{root.name}>) but neither NITF (<nitf>) nor NewsML-G2 (<newsItem>)", path
    )


def iso_date(value: str | None) -> dt.date | None:
    """The date of an ISO 8601 date or date-time, basic (20250304T0830Z) or extended."""
    if not value:
        return None
    value = value.strip()
    digits = value[:10].replace("-", "") if "-" in value[:10] else value[:8]
    if len(digits) < 8 or not digits[:8].isdigit():
        return None
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _text(el: Element | None, source: str) -> str | None:
    return (text_of(el, source) or None) if el is not None else None


def _finish(
    path: str,
    kind: str,
    source: str,
    prose: Prose,
    packs: RulePacks,
    *,
    date: dt.date | None,
    origin: str | None,
    headline: str | None,
    field: Dateline | None,
    field_date: dt.date | None,
    reference: dt.date | None,
    byline: str | None = None,
) -> Document:
    view = prose.result()
    opening = find_dateline(view, prose.paragraphs, packs)
    if date is None and field_date is not None:
        date, origin = field_date, "dateline"
    if date is None and field is not None:
        date = field.date(reference)
        origin = "dateline" if date else None
    if date is None and opening is not None:
        date = opening.date(reference)
        origin = "dateline" if date else None
    dateline = field.text if field is not None else (opening.text if opening is not None else None)
    return document_from_prose(
        path,
        kind,
        source,
        view,
        prose.paragraphs,
        date=date,
        date_origin=origin,
        headline=headline,
        dateline=dateline,
        byline=byline,
    )


def _nitf_body(prose: Prose, nitf: Element) -> tuple[str | None, bool]:
    """Write a NITF body's headline and content; returns the headline and whether there was a body."""
    body = nitf.find("body")
    if body is None:
        return None, False
    hedline = body.find("body.head", "hedline")
    headline = None
    if hedline is not None:
        emit(prose, hedline, BLOCKS, SKIP)
        hl1 = hedline.find("hl1")
        headline = text_of(hl1, prose.source) if hl1 is not None else None
    content = body.find("body.content")
    if content is not None:
        emit(prose, content, BLOCKS, SKIP)
    return headline, content is not None


def _nitf(path: str, source: str, root: Element, packs: RulePacks) -> Document:
    prose = Prose(source)
    headline, has_body = _nitf_body(prose, root)
    if not has_body:
        raise DocumentError("is NITF without <body.content>; there is no story to read", path)
    docdata = root.find("head", "docdata")
    date, origin = None, None
    others: list[dt.date] = []
    if docdata is not None:
        issue = docdata.find("date.issue")
        date = iso_date(issue.attr("norm")) if issue is not None else None
        origin = "NITF date.issue" if date else None
        release = docdata.find("date.release")
        released = iso_date(release.attr("norm")) if release is not None else None
        if released:
            others.append(released)
        copyright_ = docdata.find("doc.copyright")
        year = (copyright_.attr("year") or "").strip() if copyright_ is not None else ""
        if year.isdigit():
            others.append(dt.date(int(year), 12, 31))
    if date is None:
        pubdata = root.find("head", "pubdata")
        if pubdata is not None:
            date = iso_date(pubdata.attr("date.publication"))
            origin = "NITF pubdata" if date else None
    field, field_date = None, None
    dateline_el = root.find("body", "body.head", "dateline")
    if dateline_el is not None:
        story_date = dateline_el.first("story.date")
        field_date = iso_date(story_date.attr("norm")) if story_date is not None else None
        field = parse_dateline_field(text_of(dateline_el, source), packs)
    return _finish(
        path,
        "nitf",
        source,
        prose,
        packs,
        date=date,
        origin=origin,
        headline=headline,
        field=field,
        field_date=field_date,
        reference=max(others) if others else None,
        byline=_text(root.find("body", "body.head", "byline"), source),
    )


def _newsml(path: str, source: str, item: Element, packs: RulePacks) -> Document:
    prose = Prose(source)
    meta = item.find("contentMeta")
    headline = None
    if meta is not None:
        first = meta.find("headline")
        if first is not None:
            emit(prose, first, BLOCKS, SKIP)
            headline = text_of(first, source)
    inline = next((e for e in item.iter("inlineXML") if e.ns in G2_NAMESPACES), None)
    if inline is None:
        raise DocumentError(
            "is NewsML-G2 without an inlineXML body (newslint reads XHTML or NITF in inlineXML)", path
        )
    body_root = next((c for c in inline.children if isinstance(c, Element)), None)
    if body_root is None:
        raise DocumentError("is NewsML-G2 with an empty inlineXML body; there is no story to read", path)
    if body_root.name == "nitf":
        nitf_headline, has_body = _nitf_body(prose, body_root)
        headline = headline or nitf_headline
        if not has_body:
            raise DocumentError("is NewsML-G2 whose NITF body has no <body.content>", path)
    else:
        body = body_root if body_root.name == "body" else body_root.first("body")
        emit(prose, body if body is not None else body_root, BLOCKS, SKIP)
    item_meta = item.find("itemMeta")
    date, origin, others = None, None, []
    if item_meta is not None:
        for name in ("firstCreated", "versionCreated"):
            el = item_meta.find(name)
            found = iso_date(text_of(el, source)) if el is not None else None
            if found is not None:
                others.append(found)
                if date is None:
                    date, origin = found, f"NewsML-G2 {name}"
    field = None
    if meta is not None:
        dateline_el = meta.find("dateline")
        if dateline_el is not None:
            field = parse_dateline_field(text_of(dateline_el, source), packs)
    return _finish(
        path,
        "newsml-g2",
        source,
        prose,
        packs,
        date=date,
        origin=origin,
        headline=headline,
        field=field,
        field_date=None,
        reference=max(others) if others else None,
        byline=_text(meta.find("by") if meta is not None else None, source),
    )
