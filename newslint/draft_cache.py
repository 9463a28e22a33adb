"""The facts of drafts already read: a draft checked again unchanged is not parsed or extracted again.

A check reads a draft, then its sources.  Sources come from the index; a draft used to be parsed and
run through every extractor on every run, which is most of what a check of a few sources costs
(importing the extractors and compiling their patterns, then reading).  In CI and in pre-commit most
drafts of a run are the ones the last run read, as in ruff's or ESLint's cache.

What is kept is the draft's *document and facts*, never findings: the checks run again on every
run, against the sources as they are then.  An entry is a JSON file (never pickle: a cache folder
may come from a pull request) named by a key over everything the facts depend on: the draft's
bytes, its path as shown (a reader or the suffix decides the format), ``--date``, newslint's
version, the extraction fingerprint of the source index (fact keys, rule packs, extractors) and the
version of every plugin.  Any change to one of these is another key, so an entry is never stale;
entries not used for a while are removed (at most ``MAX_ENTRIES`` are kept).

An entry is validated as it is read, as the index's rows are (types, spans inside the text, facts
that decode into their types); one that fails is ignored and written again.  A draft whose reading
failed in part (an extractor crashed: NL002) is not kept, so the failure is reported every time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from newslint.document import Document, Paragraph
from newslint.index import BadRow, decode_fact, decode_sentence, encode_fact, encode_sentence
from newslint.store import StoredFact

FORMAT = "newslint-draft-1"
DIRNAME = "drafts"
MAX_ENTRIES = 256  # drafts kept; the least recently used go first


def draft_key(
    data: bytes,
    display: str,
    date: dt.date | None,
    kind: str | None,
    fingerprint: str,
    plugins: Mapping[str, str],
) -> str:
    """The name of the entry for a draft's bytes read as ``display`` (with ``--date`` and the
    ``kind`` a nameless stdin was given), under the extraction ``fingerprint`` of the host and the
    versions of its ``plugins``."""
    digest = hashlib.sha256()
    versions = ",".join(f"{name}={version}" for name, version in sorted(plugins.items()))
    for part in (FORMAT, display, str(date), str(kind), fingerprint, versions):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


def load(directory: Path, key: str, fact_types: Mapping[str, type]) -> Document | None:
    """The document of an entry, or None when there is none or it does not validate
    (``fact_types``: the fact type of each kind the host extracts)."""
    path = directory / DIRNAME / f"{key}.json"
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        doc = _decode(json.loads(raw), key, fact_types)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, BadRow):
        return None
    try:
        os.utime(path)  # recently used: kept when older entries are pruned
    except OSError:
        pass
    return doc


def save(directory: Path, key: str, doc: Document) -> None:
    """Keep ``doc`` under ``key``; a cache that cannot be written is only slower, never an error."""
    entry = _encode(doc, key)
    if entry is None:
        return
    folder = directory / DIRNAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.{threading.get_ident()}.tmp"
        tmp.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, folder / f"{key}.json")
        _prune(folder)
    except (OSError, ValueError):
        return


def _prune(folder: Path) -> None:
    """Down to MAX_ENTRIES, the least recently used first, once a quarter more have gathered (so
    that a run over many drafts does not list and stat the folder for each)."""
    with os.scandir(folder) as it:
        names = [e for e in it if e.name.endswith(".json")]
    if len(names) <= MAX_ENTRIES + MAX_ENTRIES // 4:
        return
    entries = []
    for e in names:
        try:
            entries.append((e.stat().st_mtime_ns, e.path))
        except OSError:
            continue
    entries.sort()
    for _, path in entries[: len(entries) - MAX_ENTRIES]:
        try:
            os.unlink(path)
        except OSError:
            pass


# -- encoding ------------------------------------------------------------------------------------

_SPACES = re.compile(r" +")


def _encode(doc: Document, key: str) -> dict | None:
    if doc.text is None:
        return None
    front_matter = _encode_value(doc.front_matter)
    if front_matter is _UNKEPT:
        return None
    text, prose = doc.text, doc.prose
    blanked = None
    if prose is not None:
        if len(prose) != len(text):
            return None
        # where the prose view blanks the text: runs of spaces in the prose that the text lacks
        blanked = [
            [m.start(), m.end()] for m in _SPACES.finditer(prose) if text[m.start() : m.end()] != m.group()
        ]
    facts = {}
    for kind, kind_facts in doc.facts.items():
        rows = []
        for f in kind_facts:
            record = encode_fact(f)
            rows.append([record.start, record.end, record.text, record.payload])
        facts[kind] = rows
    return {
        "format": FORMAT,
        "key": key,
        "path": doc.path,
        "kind": doc.kind,
        "text": text,
        "blanked": blanked,
        "line_starts": list(doc.line_starts),
        "paragraphs": [[p.index, p.start, p.end] for p in doc.paragraphs],
        "sentences": [[r.start, r.end, r.text, r.payload] for r in map(encode_sentence, doc.sentences)],
        "facts": facts,
        "date": doc.date.isoformat() if doc.date else None,
        "date_origin": doc.date_origin,
        "front_matter": front_matter,
        "front_matter_lines": list(doc.front_matter_lines) if doc.front_matter_lines else None,
        "date_span": list(doc.date_span) if doc.date_span else None,
        "date_written": doc.date_written,
        "headline": doc.headline,
        "dateline": doc.dateline,
        "dateline_span": list(doc.dateline_span) if doc.dateline_span else None,
        "byline": doc.byline,
        "position_unit": doc.position_unit,
    }


_UNKEPT = object()


def _encode_value(value: Any) -> Any:
    """Front matter as JSON, dates tagged; _UNKEPT for what JSON cannot hold back exactly."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if type(value) is dt.datetime:
        return {"datetime": value.isoformat()}
    if type(value) is dt.date:
        return {"date": value.isoformat()}
    if type(value) is list:
        items = [_encode_value(v) for v in value]
        return _UNKEPT if any(i is _UNKEPT for i in items) else {"list": items}
    if type(value) is dict:
        if not all(type(k) is str for k in value):
            return _UNKEPT
        fields = {k: _encode_value(v) for k, v in value.items()}
        return _UNKEPT if any(i is _UNKEPT for i in fields.values()) else {"dict": fields}
    return _UNKEPT


def _decode_value(value: Any) -> Any:
    if value is None or type(value) in (str, int, float, bool):
        return value
    if type(value) is dict and len(value) == 1:
        ((tag, inner),) = value.items()
        if tag == "datetime" and type(inner) is str:
            return dt.datetime.fromisoformat(inner)
        if tag == "date" and type(inner) is str:
            return dt.date.fromisoformat(inner)
        if tag == "list" and type(inner) is list:
            return [_decode_value(v) for v in inner]
        if tag == "dict" and type(inner) is dict:
            return {k: _decode_value(v) for k, v in inner.items()}
    raise ValueError("front matter value")


def _ints(value: Any, n: int | None = None) -> tuple[int, ...]:
    if (
        type(value) is not list
        or (n is not None and len(value) != n)
        or not all(type(v) is int for v in value)
    ):
        raise ValueError("not a list of whole numbers")
    return tuple(value)


def _optional_span(value: Any, size: int) -> tuple[int, int] | None:
    if value is None:
        return None
    a, b = _ints(value, 2)
    if not 0 <= a <= b <= size:
        raise ValueError("span outside the text")
    return a, b


def _optional_str(value: Any) -> str | None:
    if value is not None and type(value) is not str:
        raise ValueError("not text")
    return value


def _decode(entry: Any, key: str, fact_types: Mapping[str, type]) -> Document:
    if type(entry) is not dict or entry.get("format") != FORMAT or entry.get("key") != key:
        raise ValueError("not an entry of this draft")
    text = entry["text"]
    if type(text) is not str or type(entry["path"]) is not str or type(entry["kind"]) is not str:
        raise ValueError("path, kind or text")
    size = len(text)
    prose = None
    if entry["blanked"] is not None:
        if type(entry["blanked"]) is not list:
            raise ValueError("blanked")
        pieces, pos = [], 0
        for span in entry["blanked"]:
            a, b = _ints(span, 2)
            if not pos <= a <= b <= size:
                raise ValueError("blanked span")
            pieces += [text[pos:a], " " * (b - a)]
            pos = b
        pieces.append(text[pos:])
        prose = "".join(pieces)
    line_starts = _ints(entry["line_starts"])
    if (
        not line_starts
        or line_starts[0] != 0
        or any(b <= a for a, b in zip(line_starts, line_starts[1:], strict=False))
    ):
        raise ValueError("line starts")
    if line_starts[-1] > size:
        raise ValueError("line starts past the text")
    paragraphs = []
    for i, row in enumerate(entry["paragraphs"]):
        index, a, b = _ints(row, 3)
        if index != i or not 0 <= a <= b <= size:
            raise ValueError("paragraph")
        paragraphs.append(Paragraph(index, a, b))
    sentences = tuple(_row_sentence(row, size) for row in entry["sentences"])
    facts: dict = {}
    if type(entry["facts"]) is not dict:
        raise ValueError("facts")
    for kind, rows in entry["facts"].items():
        fact_type = fact_types.get(kind)
        if fact_type is None or type(rows) is not list:
            raise ValueError(f"facts of kind {kind!r}")
        facts[kind] = tuple(_row_fact(fact_type, kind, row, size) for row in rows)
    date = entry["date"]
    front_matter = _decode_value(entry["front_matter"])
    if type(front_matter) is not dict:
        raise ValueError("front matter")
    fm_lines = entry["front_matter_lines"]
    unit = entry["position_unit"]
    if unit not in ("line", "paragraph"):
        raise ValueError("position unit")
    return Document(
        path=entry["path"],
        kind=entry["kind"],
        line_starts=line_starts,
        paragraphs=tuple(paragraphs),
        sentences=sentences,
        date=dt.date.fromisoformat(date) if date is not None else None,
        date_origin=_optional_str(entry["date_origin"]),
        front_matter=front_matter,
        front_matter_lines=_ints(fm_lines, 2) if fm_lines is not None else None,  # type: ignore[arg-type]
        date_span=_optional_span(entry["date_span"], size),
        date_written=_optional_str(entry["date_written"]),
        text=text,
        prose=prose,
        facts=facts,
        headline=_optional_str(entry["headline"]),
        dateline=_optional_str(entry["dateline"]),
        dateline_span=_optional_span(entry["dateline_span"], size),
        byline=_optional_str(entry["byline"]),
        position_unit=unit,
    )


def _stored(kind: str, row: Any, size: int) -> StoredFact:
    if type(row) is not list or len(row) != 4:
        raise ValueError("row")
    start, end, excerpt, payload = row
    if type(start) is not int or type(end) is not int or not 0 <= start <= end <= size:
        raise ValueError("span outside the text")
    if type(excerpt) is not str or type(payload) is not str:
        raise ValueError("excerpt or payload")
    return StoredFact(0, 0, kind, start, end, excerpt, payload)


def _row_sentence(row: Any, size: int):
    return decode_sentence(_stored("sentence", row, size))


def _row_fact(cls: type, kind: str, row: Any, size: int):
    return decode_fact(cls, _stored(kind, row, size))
