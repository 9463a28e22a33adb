"""HTML: a CMS export or a saved article page.

What is prose: the article body, that is the ``<article>`` with the most text, else ``<main>`` (or
``role="main"``), else ``<body>``; never navigation, headers and footers outside the article,
asides, forms, scripts, styles, templates, code or comments.  One paragraph per ``p``, heading,
list item, table cell, quotation or ``div`` of loose text.  The headline is the body's first
``h1`` (else ``og:title``, else ``<title>``); the publication date is
``<meta property="article:published_time">`` (or ``itemprop="datePublished"``), else the first
``<time datetime>`` in the article, else one in the page; then a dateline opening the story (its
year: the nearest not after ``article:modified_time``, or the current year).
"""

from __future__ import annotations

from newslint.api import Document, DocumentError, RulePacks, document_from_prose, find_dateline

from ._markup import Element, Prose, Text, decode_html, emit, parse_html, text_of
from .wire import iso_date

BLOCKS = frozenset(
    """p h1 h2 h3 h4 h5 h6 li dd dt td th caption figcaption pre blockquote div section article
    header main body ul ol dl table tr hgroup""".split()
)
SKIP = frozenset(
    """script style noscript template nav aside footer form button select textarea svg math iframe
    object embed canvas code kbd samp figure head title dialog menu""".split()
)
OUTSIDE_ARTICLE = SKIP | {"header"}


def _amount(el: Element) -> int:
    total = 0
    stack: list[Element | Text] = [el]
    while stack:
        node = stack.pop()
        if isinstance(node, Text):
            total += node.end - node.start
        elif node.name not in SKIP:
            stack.extend(node.children)
    return total


def read_html(path: str, data: bytes, packs: RulePacks) -> Document:
    source = decode_html(data, path)
    root = parse_html(source)
    articles = list(root.iter("article"))
    skip = SKIP
    main: Element | None = None
    if articles:
        main = max(articles, key=_amount)
    else:
        main = next(root.iter("main"), None) or next(
            (e for e in root.iter() if e.attrs.get("role") == "main"), None
        )
    if main is None:
        main = next(root.iter("body"), root)
        skip = OUTSIDE_ARTICLE
    body: Element = main
    prose = Prose(source)
    emit(prose, body, BLOCKS, skip)
    view = prose.result()
    if not prose.paragraphs:
        raise DocumentError("is HTML with no article text (no <article>, <main> or <body> text)", path)

    h1 = next((e for e in body.iter("h1")), None)
    headline = text_of(h1, source) if h1 is not None else None
    date, origin, byline, modified = None, None, None, None
    for meta in root.iter("meta"):
        key = meta.attrs.get("property") or meta.attrs.get("itemprop") or meta.attrs.get("name") or ""
        if headline is None and key == "og:title":
            headline = " ".join(meta.attrs.get("content", "").split()) or None
        if byline is None and key in ("author", "article:author"):
            byline = " ".join(meta.attrs.get("content", "").split()) or None
        if key in ("article:modified_time", "dateModified"):
            modified = iso_date(meta.attrs.get("content")) or modified
        if date is None and key in ("article:published_time", "datePublished"):
            date = iso_date(meta.attrs.get("content"))
            origin = f"HTML {key}" if date else None
    if date is None:
        for scope in (body, root):
            for time in scope.iter("time"):
                found = iso_date(time.attrs.get("datetime"))
                if found is not None:
                    date, origin = found, "HTML <time datetime>"
                    break
            if date is not None:
                break
    if headline is None:
        title = next(root.iter("title"), None)
        headline = text_of(title, source) or None if title is not None else None
    opening = find_dateline(view, prose.paragraphs, packs)
    if date is None and opening is not None:
        date = opening.date(modified)  # the year: the nearest not after the page's modification
        origin = "dateline" if date else None
    return document_from_prose(
        path,
        "html",
        source,
        view,
        prose.paragraphs,
        date=date,
        date_origin=origin,
        headline=headline,
        dateline=opening.text if opening is not None else None,
        byline=byline,
    )
