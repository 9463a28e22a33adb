"""Markup with positions: a safe XML parser and an HTML tokenizer that both keep, for every piece
of text, where it stands in the original file; and the prose builder that turns those pieces into
a prose view of the file's length (SPEC §2: every position points into the original file).

XML is parsed by expat (the standard library's ``pyexpat``), which reports the byte index of every
event; HTML by the standard library's ``html.parser``, which reports the line and column of every
event.  Neither lxml nor the HTML5 tree builders report where a text node starts, which is the one
thing a linter needs; see the README's "Formats" section.

XML safety is that of defusedxml (which wraps the same expat): any entity declaration in a DTD is
refused (that stops entity-expansion bombs and external entities alike), external entity references
and parameter entities are never resolved, nothing is fetched from the network or the disk.
"""

from __future__ import annotations

import codecs
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import cast
from xml.parsers import expat

from newslint.api import DocumentError

# ---------------------------------------------------------------------------------------------
# the tree: elements and pieces of text with their offsets in the decoded file


@dataclass(slots=True)
class Text:
    """A piece of character data: a literal run (``decoded`` None: the file's own characters) or a
    character reference (``&amp;``, ``&#8217;``: ``decoded`` is what it stands for)."""

    start: int
    end: int
    decoded: str | None = None


@dataclass(slots=True)
class Element:
    name: str  # local name, lower-cased for HTML
    ns: str
    attrs: dict[str, str]
    start: int
    children: list[Element | Text] = field(default_factory=list)
    parent: Element | None = field(default=None, repr=False)

    def iter(self, name: str | None = None) -> Iterator[Element]:
        """This element and its descendants in document order (optionally only those named)."""
        stack: list[Element] = [self]
        while stack:
            el = stack.pop()
            if name is None or el.name == name:
                yield el
            stack.extend(c for c in reversed(el.children) if isinstance(c, Element))

    def find(self, *path: str) -> Element | None:
        """The first descendant reached by a path of child names."""
        el: Element = self
        for name in path:
            found = next((c for c in el.children if isinstance(c, Element) and c.name == name), None)
            if found is None:
                return None
            el = found
        return el

    def first(self, name: str) -> Element | None:
        return next((e for e in self.iter(name) if e is not self), None)

    def attr(self, name: str) -> str | None:
        """An attribute by local name (any namespace)."""
        if name in self.attrs:
            return self.attrs[name]
        for key, value in self.attrs.items():
            if key.rsplit(" ", 1)[-1] == name:
                return value
        return None


def text_of(el: Element, source: str, skip: frozenset[str] = frozenset()) -> str:
    """The decoded text of an element, whitespace collapsed (for headlines and metadata)."""
    parts: list[str] = []
    stack: list[Element | Text] = [el]
    while stack:
        node = stack.pop()
        if isinstance(node, Text):
            parts.append(node.decoded if node.decoded is not None else source[node.start : node.end])
        elif node.name not in skip:
            stack.extend(reversed(node.children))
    return " ".join("".join(parts).split())


# ---------------------------------------------------------------------------------------------
# XML


class _Refused(Exception):
    pass


def decode_xml(data: bytes, display: str) -> str:
    """The file's characters: the encoding of its BOM or XML declaration, UTF-8 by default."""
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        declared = _declared_encoding(data)
        if declared:
            encoding = declared
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise DocumentError(
            f"declares an unknown encoding {encoding!r}; re-save it as UTF-8", display
        ) from None
    try:
        return data.decode(codec.name)
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"is not valid {encoding} (byte {exc.start}); re-save it as UTF-8", display
        ) from None


def _declared_encoding(data: bytes) -> str | None:
    """The encoding named by the XML declaration, read by expat itself."""
    found: list[str] = []
    parser = expat.ParserCreate("iso-8859-1")  # any bytes decode: only the declaration is read

    def decl(_version, encoding, _standalone):
        if encoding:
            found.append(encoding)
        raise _Refused

    def stop(*_):
        raise _Refused

    parser.XmlDeclHandler = decl
    parser.StartElementHandler = stop
    parser.StartDoctypeDeclHandler = stop
    try:
        parser.Parse(data[:1024], False)
    except (_Refused, expat.ExpatError):
        pass
    return found[0] if found else None


def parse_xml(data: bytes, display: str) -> tuple[str, Element]:
    """Parse XML safely; return the decoded file and its root element, offsets into that text.

    Raises DocumentError (one line) for malformed XML, entity declarations, external entities.
    """
    source = decode_xml(data, display)
    utf8 = source.encode("utf-8")
    parser = expat.ParserCreate("utf-8", namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    events: list[tuple[int, int, object]] = []  # (byte index, kind, payload)
    # kinds: 0 start element, 1 end element, 2 character data, 3 other markup, 4 CDATA start, 5 CDATA end

    def refuse_entity(*args):
        raise _Refused(
            "declares an entity (entities are refused: they can expand without bound or read files)"
        )

    def refuse_external(*args):
        raise _Refused("refers to an external entity (refused: newslint reads no other file or URL)")

    def start(name, attrs):
        events.append((parser.CurrentByteIndex, 0, (name, attrs)))

    def end(name):
        events.append((parser.CurrentByteIndex, 1, name))

    def chars(data):
        events.append((parser.CurrentByteIndex, 2, data))

    def other(*_):
        events.append((parser.CurrentByteIndex, 3, None))

    def skipped(name, is_parameter_entity):
        # an entity from an external DTD that is never read (&nbsp; under a NITF DOCTYPE):
        # read it as the HTML entity of that name, or as nothing
        events.append(
            (parser.CurrentByteIndex, 2, html.unescape(f"&{name};") if not is_parameter_entity else "")
        )

    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_external
    parser.SkippedEntityHandler = skipped
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.CommentHandler = other
    parser.ProcessingInstructionHandler = other
    parser.StartCdataSectionHandler = lambda: events.append((parser.CurrentByteIndex, 4, None))
    parser.EndCdataSectionHandler = lambda: events.append((parser.CurrentByteIndex, 5, None))
    try:
        parser.Parse(utf8, True)
    except _Refused as exc:
        raise DocumentError(f"{exc}; remove the DTD's entity declarations", display) from None
    except expat.ExpatError as exc:
        raise DocumentError(
            f"is not well-formed XML (line {exc.lineno}, column {exc.offset + 1}: "
            f"{expat.ErrorString(exc.code)}); fix the file",
            display,
            exc.lineno,
        ) from None
    except RecursionError:
        raise DocumentError("nests elements too deeply to read; fix the file", display) from None
    return source, _xml_tree(source, utf8, events)


def _xml_tree(source: str, utf8: bytes, events: list[tuple[int, int, object]]) -> Element:
    # byte index -> character offset, incrementally (events come in file order): linear
    last_byte = last_char = 0

    def char_offset(b: int) -> int:
        nonlocal last_byte, last_char
        last_char += len(utf8[last_byte:b].decode("utf-8"))
        last_byte = b
        return last_char

    offsets = [char_offset(b) for b, _, _ in events]
    root: Element | None = None
    stack: list[Element] = []
    in_cdata = False
    for i, (_, kind, payload) in enumerate(events):
        at = offsets[i]
        if kind == 0:
            name, attrs = cast("tuple[str, dict[str, str]]", payload)
            ns, _, local = name.rpartition(" ")
            el = Element(local, ns, dict(attrs), at, parent=stack[-1] if stack else None)
            if stack:
                stack[-1].children.append(el)
            else:
                root = el
            stack.append(el)
        elif kind == 1:
            stack.pop()
        elif kind == 2 and stack:
            end = offsets[i + 1] if i + 1 < len(offsets) else len(source)
            literal = in_cdata or not source.startswith("&", at)
            stack[-1].children.append(Text(at, end, None if literal else str(payload)))
        elif kind == 4:
            in_cdata = True
        elif kind == 5:
            in_cdata = False
    assert root is not None  # expat refuses a document without a root element
    return root


# ---------------------------------------------------------------------------------------------
# HTML

VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen basefont frame".split()
)
# A start tag of one of these closes an open <p> (HTML's implied end tags, the cases that matter).
_CLOSES_P = frozenset(
    """address article aside blockquote details dialog div dl fieldset figcaption figure footer form
    h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section table ul li""".split()
)
# An open <p> is closed by a block start tag unless one of these stands between them.
_P_SCOPE = ("div", "article", "section", "main", "body", "blockquote", "li", "td", "th")
_SELF_CLOSING_SIBLINGS = {
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "tr": {"tr"},
    "td": {"td", "th"},
    "th": {"td", "th"},
    "option": {"option"},
}


class _HtmlTree(HTMLParser):
    """html.parser's tokenizer, building a tree with the implied end tags of HTML that decide
    which paragraph a piece of text belongs to; every event keeps its offset in the file."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.root = Element("#document", "", {}, 0)
        self.stack: list[Element] = [self.root]
        self.positions: dict[str, list[int]] = {}  # open elements' indexes in the stack, by name
        self.pending: Text | None = None  # the last text piece; its end is the next event's start

    def _at(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _event(self) -> int:
        at = self._at()
        if self.pending is not None:
            self.pending.end = at
            self.pending = None
        return at

    def _text(self, decoded: str | None) -> None:
        at = self._event()
        piece = Text(at, len(self.source), decoded)
        self.stack[-1].children.append(piece)
        self.pending = piece

    def _push(self, el: Element) -> None:
        self.positions.setdefault(el.name, []).append(len(self.stack))
        self.stack.append(el)

    def _pop_to(self, i: int) -> None:
        """Close the open elements from index ``i`` up (each element is closed once: linear)."""
        while len(self.stack) > i:
            self.positions[self.stack.pop().name].pop()

    def _innermost(self, names) -> int:
        return max((self.positions[n][-1] for n in names if self.positions.get(n)), default=0)

    def handle_starttag(self, tag, attrs):
        at = self._event()
        if tag in _CLOSES_P and self.positions.get("p"):
            p = self.positions["p"][-1]
            if p > self._innermost(_P_SCOPE):
                self._pop_to(p)
        if tag in _SELF_CLOSING_SIBLINGS and self.stack[-1].name in _SELF_CLOSING_SIBLINGS[tag]:
            self._pop_to(len(self.stack) - 1)
        el = Element(tag, "", {k: v or "" for k, v in attrs}, at, parent=self.stack[-1])
        self.stack[-1].children.append(el)
        if tag not in VOID:
            self._push(el)

    def handle_startendtag(self, tag, attrs):
        at = self._event()
        self.stack[-1].children.append(
            Element(tag, "", {k: v or "" for k, v in attrs}, at, parent=self.stack[-1])
        )

    def handle_endtag(self, tag):
        self._event()
        if self.positions.get(tag):  # an end tag with no open element is ignored, as browsers do
            self._pop_to(self.positions[tag][-1])

    def handle_data(self, data):
        self._text(None)

    def handle_entityref(self, name):
        self._text("")  # decoded once its end is known

    def handle_charref(self, name):
        self._text("")

    def handle_comment(self, data):
        self._event()

    def handle_decl(self, decl):
        self._event()

    def handle_pi(self, data):
        self._event()

    def unknown_decl(self, data):
        self._event()


def parse_html(source: str) -> Element:
    tree = _HtmlTree(source)
    tree.feed(source)
    tree.close()
    # references: decode the raw text now that every piece knows its end
    for el in tree.root.iter():
        for child in el.children:
            if isinstance(child, Text) and child.decoded == "":
                child.decoded = html.unescape(source[child.start : child.end])
    return tree.root


def decode_html(data: bytes, display: str) -> str:
    """UTF-8 (with or without BOM), else the charset its <meta> declares."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc.start
    declared = _meta_charset(data.decode("latin-1"))
    if declared:
        try:
            return data.decode(codecs.lookup(declared).name)
        except (LookupError, UnicodeDecodeError):
            pass
    raise DocumentError(
        f"is not valid UTF-8 (byte {first_error}) and declares no charset that decodes it; "
        "re-save it as UTF-8",
        display,
    )


def _meta_charset(source: str) -> str | None:
    found: list[str] = []

    class Meta(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag != "meta" or found:
                return
            a = {k: (v or "") for k, v in attrs}
            if a.get("charset"):
                found.append(a["charset"].strip())
            elif a.get("http-equiv", "").lower() == "content-type" and "charset=" in a.get("content", ""):
                found.append(a["content"].split("charset=", 1)[1].split(";")[0].strip())

    Meta().feed(source[:4096])
    return found[0] if found else None


# ---------------------------------------------------------------------------------------------
# the prose view


class Prose:
    """The prose view under construction: the file's length, spaces but for newlines and the text
    of prose elements.

    A character reference is shorter in prose than in the file (``&rsquo;`` is one character):
    its character is written where the reference starts and the rest of the word shifts left, so
    the word stays whole ("don’t", not "don’      t"); the gap is closed at the next space.  The
    start of every word is its exact position in the file; the end of a word that holds a
    reference is early by the reference's extra length.  Inline markup inside a word (``<b>4</b>2``)
    is closed up the same way.
    """

    def __init__(self, source: str):
        self.source = source
        self.chars = ["\n" if c == "\n" else " " for c in source]
        self.paragraphs: list[tuple[int, int]] = []
        self._para: list[int] | None = None  # [start, end] of the open paragraph
        self._w: int | None = None  # write cursor when text is shifted left

    def begin(self) -> None:
        """Start a paragraph (closing any open one)."""
        self.end()
        self._para = None
        self._w = None

    def end(self) -> None:
        if self._para is not None:
            self.paragraphs.append((self._para[0], self._para[1]))
        self._para = None
        self._w = None

    def add(self, piece: Text) -> None:
        if piece.decoded is None:
            self._literal(piece.start, self.source[piece.start : piece.end])
        else:
            self._reference(piece.start, piece.end, piece.decoded)

    def _mark(self, a: int, b: int) -> None:
        if b <= a:
            return
        if self._para is None:
            self._para = [a, b]
        else:
            self._para[1] = max(self._para[1], b)

    def _literal(self, r: int, piece: str) -> None:
        piece = piece.replace("\r", " ")
        if not piece:
            return
        if self._w is not None and self._w < r:  # the rest of a word cut by a reference or a tag
            k = 0
            while k < len(piece) and not piece[k].isspace():
                k += 1
            w = self._w
            self.chars[w : w + k] = piece[:k]
            self._mark(w, w + k)
            if k == len(piece):
                self._w = w + k
                return
            piece, r = piece[k:], r + k
        self.chars[r : r + len(piece)] = piece
        self._w = r + len(piece) if not piece[-1].isspace() else None
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            self._mark(r + lead, r + len(piece.rstrip()))

    def _reference(self, a: int, b: int, decoded: str) -> None:
        if not decoded:
            self._w = a if self._w is None else min(self._w, a)
            return
        if decoded.isspace():  # &nbsp; &#10;: a space where the reference starts, gap closed
            self.chars[a] = " "
            self._w = None
            return
        w = a if self._w is None or self._w > a else self._w
        decoded = decoded[: b - w]
        self.chars[w : w + len(decoded)] = decoded
        self._mark(w, w + len(decoded))
        self._w = w + len(decoded)

    def break_word(self) -> None:
        """A boundary inside a paragraph that separates words (<br>, a block-level tag)."""
        self._w = None

    def result(self) -> str:
        self.end()
        return "".join(self.chars)


def emit(
    prose: Prose,
    el: Element,
    blocks: frozenset[str],
    skip: frozenset[str],
    breaks: frozenset[str] = frozenset({"br"}),
) -> None:
    """Write the text under ``el`` into ``prose``: each element named in ``blocks`` is a paragraph
    (text outside them makes one too, up to the next block), elements in ``skip`` are not prose."""
    stack: list[tuple[Element | Text, bool]] = [(el, True)]
    while stack:
        node, entering = stack.pop()
        if isinstance(node, Text):
            prose.add(node)
            continue
        if node.name in skip:
            continue
        if not entering:
            if node.name in blocks:
                prose.end()
            continue
        if node.name in blocks:
            prose.begin()
        elif node.name in breaks:
            prose.break_word()
        stack.append((node, False))
        stack.extend((c, True) for c in reversed(node.children))
