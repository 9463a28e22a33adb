"""The embedded source index: the :class:`~newslint.store.FactStore` protocol on SQLite.

One file, ``<cache dir>/index.sqlite``, in WAL mode: any number of readers and one writer at a time
(other writers wait up to ``BUSY_TIMEOUT_S``).  Writes are batched in large transactions.

Tables (``PRAGMA user_version`` holds ``FORMAT``; ``PRAGMA application_id`` marks the file as ours):

- ``files (path, size, mtime_ns, inode, digest, seen_ns)``: freshness by stat.
- ``contents (id, digest, fingerprint, date, date_origin, line_starts, sentences, keys, first_fact,
  last_fact)``: one row per source content and extraction fingerprint.  ``line_starts`` and ``keys``
  (the key ids the source posted, used to remove it) are delta-coded compressed integer arrays;
  ``sentences`` holds the source's sentences (span, paragraph, prose) compressed: the date-drift rule
  compares a few candidate sentences, and a fact's excerpt is read from them when it is the prose
  of its span (``facts.text`` is NULL then).
- ``facts (id, content, kind, start, end, text, slot)``: one row per fact; ids of one source
  are consecutive.  The fact's other fields (its payload, a JSON array) are in ``payloads``:
- ``payloads (id, data)``: the payloads of one source's facts of one kind (``id`` is
  ``content << KIND_BITS | kind``: a rowid, no index of its own), in fact
  order (a fact's ``slot``), one per line, compressed together with a dictionary per kind
  (``kinds.dict``, made once from the first payloads of the kind).  Figures of one story repeat
  one another's shape: compressed together they take half the room they take one by one.
- ``kinds``, ``fingerprints``, ``keys (id, kind, key)``: interned names.
- ``postings (id, n, data)``: the (content, fact) pairs of a key as delta-coded compressed segments,
  one per write batch, merged when they are many; ``id`` is ``key << SEG_BITS | segment``, so the
  segments of a key are one range of the table's own b-tree and a lookup reads one key's few rows.

A file that is not ours, of another format, or corrupt is rebuilt (dropped and created again), never
misread: the cache is an optimisation.  Rows are validated when decoded (``newslint.index``); a bad
row makes the reader drop its source, which is extracted again.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import json
import math
import operator
import os
import sqlite3
import sys
import time
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from newslint.store import (
    RACY_NS,
    SENTENCE_KIND,
    FileState,
    Snapshot,
    SourceInfo,
    SourceRecord,
    StoredFact,
    StoreError,
    chunks,
    decode_snapshot,
    encode_snapshot,
)

FORMAT = 7  # bumped when the tables change: a cache of another format is dropped and rebuilt
APPLICATION_ID = 0x4E534C31  # "NSL1"
DB_NAME = "index.sqlite"


_TABLES = (
    "walks",
    "source_sets",
    "postings",
    "keys",
    "payloads",
    "facts",
    "kinds",
    "contents",
    "fingerprints",
    "files",
    "meta",
)

# Snapshots of whole source sets (see SQLiteStore.snapshot): at most this many are kept.
SNAPSHOTS_KEPT = 8
_SNAPSHOTS = """CREATE TABLE IF NOT EXISTS source_sets (
    key BLOB PRIMARY KEY, grp BLOB NOT NULL, fingerprint TEXT NOT NULL, generation INTEGER NOT NULL,
    saved_ns INTEGER NOT NULL, paths BLOB NOT NULL, stats BLOB NOT NULL, contents BLOB NOT NULL,
    infos BLOB NOT NULL, pairs TEXT NOT NULL
)"""
_SNAP_COLUMNS = "fingerprint, generation, saved_ns, paths, stats, contents, infos, pairs"
# Walks of source folders (freshness = "directories"; see sources.walk_by_directories)
_WALKS = """CREATE TABLE IF NOT EXISTS walks (
    folder TEXT PRIMARY KEY, saved_ns INTEGER NOT NULL, data BLOB NOT NULL
)"""

_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL,
    digest BLOB NOT NULL, seen_ns INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE fingerprints (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE contents (
    id INTEGER PRIMARY KEY AUTOINCREMENT, digest BLOB NOT NULL, fingerprint INTEGER NOT NULL, date TEXT,
    date_origin TEXT, line_starts BLOB NOT NULL, sentences BLOB NOT NULL, keys BLOB NOT NULL,
    first_fact INTEGER NOT NULL, last_fact INTEGER NOT NULL,
    UNIQUE (digest, fingerprint)
);
CREATE TABLE kinds (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, dict BLOB);
CREATE TABLE facts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, content INTEGER NOT NULL, kind INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT, slot INTEGER NOT NULL
);
CREATE TABLE payloads (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE keys (id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, key TEXT NOT NULL, UNIQUE (kind, key));
CREATE TABLE postings (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, data BLOB NOT NULL);
INSERT INTO meta (name, value) VALUES ('generation', 0);
"""


# Payloads of a fact kind are compressed with a dictionary made of the kind's first payloads
# (zlib's preset dictionary): a figure's 140-byte JSON row becomes about 20 bytes.
DICT_MIN_SAMPLES = 20
DICT_SAMPLES = 1000
DICT_BYTES = 16_000  # a story's payloads find most of their shape in it (32 KB: 6% smaller, 50% slower)
MAX_SEGMENTS = 12  # a key's postings are merged into one segment when it has this many
SEG_BITS = 10
KIND_BITS = 12  # fact kinds of one index (a payloads row id is content << KIND_BITS | kind)
FULL_SCAN_FILES = 2000
ORPHAN_CHECK_FILES = 64
KEY_CACHE = 200_000
TEXT_CACHE = 512


def _rowid(cursor: sqlite3.Cursor) -> int:
    """The id of the row an INSERT just made (always set after a successful INSERT)."""
    rowid = cursor.lastrowid
    assert rowid is not None
    return rowid


def pack_deltas(values: Iterable[int]) -> bytes:
    """Increasing integers, delta-coded and compressed."""
    values = list(values)
    return zlib.compress(array("q", [b - a for a, b in zip([0, *values], values, strict=False)]).tobytes(), 6)


def unpack_deltas(blob: object) -> tuple[int, ...] | None:
    """``pack_deltas`` back, or None when ``blob`` is not one (a forged or damaged row)."""
    if not isinstance(blob, bytes):
        return None
    try:
        raw = zlib.decompress(blob)
    except zlib.error:
        return None
    if len(raw) % 8:
        return None
    a = array("q")
    a.frombytes(raw)
    return tuple(itertools.accumulate(a))


def _digest_key(digest: str) -> bytes:
    """A content digest as stored: 32 bytes for a SHA-256 in hex, else its UTF-8."""
    try:
        return bytes.fromhex(digest) if len(digest) == 64 else digest.encode("utf-8")
    except ValueError:
        return digest.encode("utf-8")


def _digest_text(value: object) -> str:
    if isinstance(value, bytes):
        return value.hex() if len(value) == 32 else value.decode("utf-8", "replace")
    return str(value)


#: A posting: (content id, fact id, least, greatest magnitude the fact files under the key); NaN
#: magnitudes for a key that files no value.
Posting = tuple[int, int, float, float]
_NAN = float("nan")


def _pack_pairs(postings: Sequence[Posting]) -> bytes:
    """A segment of postings: content and fact ids delta-coded, then (when any posting files a
    value) the least magnitudes and the widths, as doubles; compressed."""
    contents, facts, lows, highs = zip(*postings, strict=True)
    raw = array("q", map(operator.sub, contents, (0, *contents)))
    raw.extend(map(operator.sub, facts, (0, *facts)))
    out = raw.tobytes()
    if not all(map(math.isnan, lows)):  # a posting without a value files NaN
        values = array("d", lows)
        values.extend(map(operator.sub, highs, lows))
        out += values.tobytes()
    return zlib.compress(out, 6)


def _unpack_pairs(blob: object, n: object) -> list[Posting] | None:
    if not isinstance(blob, bytes) or type(n) is not int:
        return None
    try:
        raw = zlib.decompress(blob)
    except zlib.error:
        return None
    if len(raw) not in (16 * n, 32 * n):
        return None
    a = array("q")
    a.frombytes(raw[: 16 * n])
    contents, facts = itertools.accumulate(a[:n]), itertools.accumulate(a[n:])
    if len(raw) == 16 * n:
        return [(c, f, _NAN, _NAN) for c, f in zip(contents, facts, strict=True)]
    d = array("d")
    d.frombytes(raw[16 * n :])
    return [(c, f, lo, lo + w) for c, f, lo, w in zip(contents, facts, d[:n], d[n:], strict=True)]


def _pack_sentences(sentences: list) -> bytes:
    """A source's sentences (span, paragraph, prose) in one compressed blob: an int32 header
    ``[n, starts..., ends..., paragraphs..., text offsets...]`` then the texts, joined, in UTF-8."""
    texts = [f.text for f in sentences]
    offsets = list(itertools.accumulate((len(t) for t in texts), initial=0))
    header = [len(sentences)]
    header += [f.start for f in sentences] + [f.end for f in sentences]
    header += [_sentence_paragraph(f.payload) for f in sentences] + offsets
    return zlib.compress(array("q", header).tobytes() + "".join(texts).encode("utf-8"), 6)


def _sentence_paragraph(payload: str) -> int:
    """The paragraph of a sentence's payload ``[index,paragraph]`` (newslint.index)."""
    try:
        return int(payload[payload.index(",") + 1 : -1])
    except ValueError:
        return json.loads(payload)[1]


def _unpack_sentences(blob: object) -> list[tuple[int, int, int, str]] | None:
    """``_pack_sentences`` back: (start, end, paragraph, text) per sentence; None if damaged."""
    if not isinstance(blob, bytes):
        return None
    try:
        raw = zlib.decompress(blob)
        n = int.from_bytes(raw[:8], sys.byteorder, signed=True)
        if not 0 <= n <= len(raw) // 32:
            return None
        a = array("q")
        a.frombytes(raw[: 8 * (4 * n + 2)])
        text = raw[8 * (4 * n + 2) :].decode("utf-8")
    except (zlib.error, ValueError, UnicodeDecodeError):
        return None
    starts, ends, paras, offs = a[1 : n + 1], a[n + 1 : 2 * n + 1], a[2 * n + 1 : 3 * n + 1], a[3 * n + 1 :]
    if offs[-1] != len(text):
        return None
    return [(starts[i], ends[i], paras[i], text[offs[i] : offs[i + 1]]) for i in range(n)]


class _SentenceText:
    """A source's prose, as far as its sentences cover it: the excerpt of a span within a sentence."""

    __slots__ = ("starts", "sentences")

    def __init__(self, sentences: list[tuple[int, int, str]]):
        self.sentences = sentences
        self.starts = [s[0] for s in sentences]

    def slice(self, start: int, end: int) -> str | None:
        try:
            i = bisect.bisect_right(self.starts, start) - 1
            if i < 0:
                return None
            s0, s1, text = self.sentences[i]
            if start < s0 or end > s1 or type(text) is not str:
                return None
            return text[start - s0 : end - s0]
        except (TypeError, ValueError):
            return None  # a damaged sentence entry: no excerpt, the row fails validation


class SQLiteStore:
    """The default :class:`~newslint.store.FactStore`.  ``directory`` None: an in-memory store (for
    ``--no-cache`` and tests) with the same code path as the file."""

    BUSY_TIMEOUT_S = 30.0

    def __init__(self, directory: Path | None, *, readonly: bool = False):
        self.directory = directory
        self.path = directory / DB_NAME if directory is not None else None
        self.readonly = readonly
        self._kinds: dict[str, int] = {}
        self._kind_names: dict[int, str] = {}
        self._reading = 0
        self._dicts: dict[int, bytes] = {}
        self._keys: dict[tuple[int, str], int] = {}
        self._fingerprints: dict[str, int] = {}
        self._tombstones: list[int] | None = None
        self._damaged_keys: set[int] = set()
        #: stored sources found damaged while reading (not part of the FactStore protocol: a
        #: backend may offer it; newslint.index drops and re-extracts them)
        self.damaged: set[int] = set()
        self._texts: dict[int, _SentenceText] = {}
        self._blobs: dict[tuple[int, int], list[str]] = {}
        #: how many times this process moved the generation on (an optional extra: a reader tells
        #: its own removals, an edited source's old content, from another process's)
        self.own_removals = 0
        self.conn = self._connect(retry=True)

    # -- opening ------------------------------------------------------------------------------
    def _connect(self, retry: bool) -> sqlite3.Connection:
        if self.path is None:
            conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            conn.executescript("BEGIN;" + _SCHEMA + f"PRAGMA user_version = {FORMAT};COMMIT;")
            return conn
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by newslint\n*\n", encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"cache folder {self.path.parent} is not writable ({exc.strerror})") from None
        try:
            conn = sqlite3.connect(self.path, timeout=self.BUSY_TIMEOUT_S, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError:
                pass  # read-only folder or a file system without shared memory: default journal
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA cache_size = -16000")  # 16 MB of page cache, whatever the index size
            if not self._current(conn):
                with _transaction(conn):
                    if not self._current(conn):  # another process may have rebuilt it meanwhile
                        for table in _TABLES:
                            conn.execute(f"DROP TABLE IF EXISTS {table}")
                        for name in [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]:
                            if not name.startswith("sqlite_"):
                                kind = conn.execute(
                                    "SELECT type FROM sqlite_master WHERE name = ?", (name,)
                                ).fetchone()
                                if kind and kind[0] in ("table", "view"):
                                    conn.execute(f'DROP {kind[0].upper()} IF EXISTS "{name}"')
                        for statement in _SCHEMA.split(";"):
                            if statement.strip():
                                conn.execute(statement)
                        conn.execute(f"PRAGMA user_version = {FORMAT}")
                        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("SELECT count(*) FROM meta").fetchone()
            return conn
        except sqlite3.DatabaseError as exc:
            if retry and _is_corrupt(exc):
                _remove(self.path)
                return self._connect(retry=False)
            raise StoreError(f"cache {self.path} cannot be used ({exc})") from None

    @staticmethod
    def _current(conn: sqlite3.Connection) -> bool:
        return (
            conn.execute("PRAGMA user_version").fetchone()[0] == FORMAT
            and conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        )

    def _kind_create(self, name: str) -> int:
        kid = self._kind_id(name, create=True)
        assert kid is not None
        if kid >= 1 << KIND_BITS:
            raise StoreError(f"cache {self.path} holds more fact kinds than it can (delete the folder)")
        return kid

    def _kind_id(self, name: str, create: bool) -> int | None:
        kid = self._kinds.get(name)
        if kid is None:
            row = self.conn.execute("SELECT id FROM kinds WHERE name = ?", (name,)).fetchone()
            if row is None:
                if not create:
                    return None
                kid = _rowid(self.conn.execute("INSERT INTO kinds (name) VALUES (?)", (name,)))
                self._dicts.pop(kid, None)
            else:
                kid = row[0]
            self._kinds[name] = kid
            self._kind_names[kid] = name
        return kid

    def _fingerprint_id(self, text: str, create: bool) -> int:
        fp = self._fingerprints.get(text)
        if fp is None:
            row = self.conn.execute("SELECT id FROM fingerprints WHERE text = ?", (text,)).fetchone()
            if row is None:
                if not create:
                    return -1
                fp = _rowid(self.conn.execute("INSERT INTO fingerprints (text) VALUES (?)", (text,)))
            else:
                fp = row[0]
            self._fingerprints[text] = fp
        return fp

    def _kind_name(self, kid: int) -> str:
        name = self._kind_names.get(kid)
        if name is None:
            row = self.conn.execute("SELECT name FROM kinds WHERE id = ?", (kid,)).fetchone()
            name = row[0] if row else f"?{kid}"
            self._kind_names[kid] = name
        return name

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cache {self.path or ':memory:'} failed ({exc})") from None

    # -- freshness ----------------------------------------------------------------------------
    def known_files(
        self, files: Sequence[FileState], fingerprint: str
    ) -> dict[str, tuple[str, SourceInfo | None]]:
        out: dict[str, tuple[str, SourceInfo | None]] = {}
        wanted = {f.path: f for f in files}
        with self._errors():
            fp = self._fingerprint_id(fingerprint, create=False)
            select = (
                "SELECT f.path, f.size, f.mtime_ns, f.inode, f.digest, f.seen_ns, c.id, c.date,"
                " c.date_origin FROM files f LEFT JOIN contents c"
                " ON c.digest = f.digest AND c.fingerprint = ?"
            )
            batches: Iterable[sqlite3.Cursor]
            if len(wanted) > FULL_SCAN_FILES:  # many paths: one scan beats thousands of IN lists
                batches = [self.conn.execute(select, (fp,))]
            else:
                batches = (
                    self.conn.execute(select + f" WHERE f.path IN ({','.join('?' * len(part))})", (fp, *part))
                    for part in chunks(list(wanted))
                )
            get = wanted.get
            for rows in batches:
                for path, size, mtime, inode, digest, seen, cid, date, origin in rows:
                    st = get(path)
                    if (
                        st is None
                        or size != st.size
                        or mtime != st.mtime_ns
                        or inode != st.inode
                        or mtime >= seen - RACY_NS
                    ):
                        continue
                    digest = _digest_text(digest)
                    out[path] = (digest, SourceInfo(cid, digest, date, origin) if cid is not None else None)
        return out

    def sources(self, digests: Iterable[str], fingerprint: str) -> dict[str, SourceInfo]:
        out = {}
        with self._errors():
            fp = self._fingerprint_id(fingerprint, create=False)
            for part in chunks([_digest_key(d) for d in dict.fromkeys(digests)]):
                rows = self.conn.execute(
                    "SELECT id, digest, date, date_origin FROM contents WHERE fingerprint = ?"
                    f" AND digest IN ({','.join('?' * len(part))})",
                    (fp, *part),
                )
                for cid, digest, date, origin in rows:
                    digest = _digest_text(digest)
                    out[digest] = SourceInfo(cid, digest, date, origin)
        return out

    def record_files(self, files: Sequence[tuple[FileState, str]]) -> None:
        if not files or self.readonly:
            return
        now = time.time_ns()
        with self._errors(), _transaction(self.conn):
            replaced: set[bytes] = set()
            if len(files) <= ORPHAN_CHECK_FILES:  # a few changed files (a check): find the contents
                for part in chunks([f.path for f, _ in files]):  # they leave behind
                    replaced.update(
                        r[0]
                        for r in self.conn.execute(
                            f"SELECT digest FROM files WHERE path IN ({','.join('?' * len(part))})", part
                        )
                    )
            rows = [(f.path, f.size, f.mtime_ns, f.inode, _digest_key(digest), now) for f, digest in files]
            self.conn.executemany(
                "INSERT OR REPLACE INTO files (path, size, mtime_ns, inode, digest, seen_ns)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            replaced -= {r[4] for r in rows}
            orphans = [
                cid
                for digest in replaced
                if self.conn.execute("SELECT 1 FROM files WHERE digest = ? LIMIT 1", (digest,)).fetchone()
                is None
                for (cid,) in self.conn.execute("SELECT id FROM contents WHERE digest = ?", (digest,))
            ]
            self._remove(orphans)  # an edited source's old content leaves with its last file

    def forget_files(self, under: str, keep: Iterable[str]) -> int:
        if self.readonly:
            return 0
        keep = set(keep)
        prefix = under.rstrip(os.sep) + os.sep
        with self._errors(), _transaction(self.conn):
            rows = self.conn.execute(
                "SELECT path FROM files WHERE path >= ? AND path < ?",
                (prefix, prefix[:-1] + chr(ord(os.sep) + 1)),
            ).fetchall()
            gone = [p for (p,) in rows if p not in keep]
            for part in chunks(gone):
                self.conn.execute(f"DELETE FROM files WHERE path IN ({','.join('?' * len(part))})", part)
            # every content no file refers to any more leaves (also those earlier runs left behind)
            used = {r[0] for r in self.conn.execute("SELECT digest FROM files")}
            orphans = [
                cid
                for cid, digest, fp in self.conn.execute("SELECT id, digest, fingerprint FROM contents")
                if digest not in used or fp < 0  # tombstones of edited sources go for good here
            ]
            self._remove(orphans, purge=True)
        return len(gone)

    def forget_fingerprints(self, keep: str) -> int:
        """Drop the stored sources extracted under another fingerprint than ``keep`` (an optional
        extra, used by ``newslint index``).  Returns how many went."""
        if self.readonly:
            return 0
        with self._errors(), _transaction(self.conn):
            fp = self._fingerprint_id(keep, create=False)
            others = [
                r[0] for r in self.conn.execute("SELECT id FROM contents WHERE fingerprint != ?", (fp,))
            ]
            self._remove(others, purge=True)
        return len(others)

    # -- writing ------------------------------------------------------------------------------
    def add_sources(self, records: Sequence[SourceRecord], fingerprint: str) -> dict[str, SourceInfo]:
        out: dict[str, SourceInfo] = {}
        if not records:
            return out
        with self._errors(), _transaction(self.conn):
            conn = self.conn
            fp = self._fingerprint_id(fingerprint, create=True)
            self._ensure_dicts(records)
            new_postings: dict[int, list[Posting]] = {}
            kinds: dict[str, int] = {}
            row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'facts'").fetchone()
            top = conn.execute("SELECT max(id) FROM facts").fetchone()[0]
            next_fact = max(row[0] if row else 0, top or 0) + 1
            for rec in records:
                row = conn.execute(
                    "SELECT id, date, date_origin FROM contents WHERE digest = ? AND fingerprint = ?",
                    (_digest_key(rec.digest), fp),
                ).fetchone()
                if row is not None:  # stored meanwhile (another process, or twice in this batch)
                    out[rec.digest] = SourceInfo(row[0], rec.digest, row[1], row[2])
                    continue
                sentences = [f for f in rec.facts if f.kind == SENTENCE_KIND]
                facts = [f for f in rec.facts if f.kind != SENTENCE_KIND]
                cid = _rowid(
                    conn.execute(
                        "INSERT INTO contents (digest, fingerprint, date, date_origin, line_starts, sentences, keys,"
                        " first_fact, last_fact) VALUES (?, ?, ?, ?, ?, ?, x'', 0, -1)",
                        (
                            _digest_key(rec.digest),
                            fp,
                            rec.date,
                            rec.date_origin,
                            pack_deltas(rec.line_starts),
                            _pack_sentences(sentences),
                        ),
                    )
                )
                prose = _SentenceText([(f.start, f.end, f.text) for f in sentences])
                rows = []
                by_kind: dict[int, list[str]] = {}
                for fact in facts:
                    kid = kinds.get(fact.kind)
                    if kid is None:
                        kid = kinds[fact.kind] = self._kind_create(fact.kind)
                    text = None if prose.slice(fact.start, fact.end) == fact.text else fact.text
                    slots = by_kind.setdefault(kid, [])
                    rows.append((cid, kid, fact.start, fact.end, text, len(slots)))
                    slots.append(fact.payload)
                conn.executemany(
                    "INSERT INTO payloads (id, data) VALUES (?, ?)",
                    [
                        (cid << KIND_BITS | kid, self._compress(kid, payloads))
                        for kid, payloads in by_kind.items()
                    ],
                )
                # the source's facts get consecutive ids, given here (one writer: the transaction
                # holds the write lock), inserted at once
                first = next_fact
                next_fact += len(rows)
                conn.executemany(
                    'INSERT INTO facts (id, content, kind, start, "end", text, slot) VALUES (?, ?, ?, ?, ?, ?, ?)',
                    [(first + i, *row) for i, row in enumerate(rows)],
                )
                key_ids: set[int] = set()
                key_id, known_keys = self._key_id, self._keys
                for fid, (fact, row) in enumerate(zip(facts, rows, strict=True), first):
                    kid = row[1]
                    ranges = fact.ranges or (None,) * len(fact.keys)
                    for key, span in zip(fact.keys, ranges, strict=True):
                        k = known_keys.get((kid, key))
                        if k is None:
                            k = key_id(kid, key)
                        key_ids.add(k)
                        postings = new_postings.get(k)
                        if postings is None:
                            postings = new_postings[k] = []
                        if span is None:
                            postings.append((cid, fid, _NAN, _NAN))
                        else:
                            postings.append((cid, fid, span[0], span[1]))
                conn.execute(
                    "UPDATE contents SET keys = ?, first_fact = ?, last_fact = ? WHERE id = ?",
                    (
                        pack_deltas(sorted(key_ids)),
                        first if rows else 0,
                        first + len(rows) - 1 if rows else -1,
                        cid,
                    ),
                )
                out[rec.digest] = SourceInfo(cid, rec.digest, rec.date, rec.date_origin)
            for k, pairs in new_postings.items():
                self._append_postings(k, pairs)
        return out

    def _ensure_dicts(self, records: Sequence[SourceRecord]) -> None:
        """A compression dictionary per fact kind, made once from the first payloads of the kind."""
        samples: dict[str, list[str]] = {}
        for rec in records:
            for f in rec.facts:
                if f.kind != SENTENCE_KIND:
                    samples.setdefault(f.kind, []).append(f.payload)
        for kind, payloads in samples.items():
            kid = self._kind_create(kind)
            if kid in self._dicts:
                continue
            row = self.conn.execute("SELECT dict FROM kinds WHERE id = ?", (kid,)).fetchone()
            zdict = row[0] if row else None
            if zdict is None and len(payloads) >= DICT_MIN_SAMPLES:
                zdict = "\n".join(payloads[-DICT_SAMPLES:]).encode("utf-8")[-DICT_BYTES:]
                self.conn.execute("UPDATE kinds SET dict = ? WHERE id = ?", (zdict, kid))
            if zdict is not None:
                self._set_dict(kid, zdict)

    def _set_dict(self, kid: int, zdict: bytes) -> None:
        self._dicts[kid] = zdict

    def _dict(self, kid: int):
        if kid not in self._dicts:
            row = self.conn.execute("SELECT dict FROM kinds WHERE id = ?", (kid,)).fetchone()
            if row is None or not isinstance(row[0], bytes):
                return None
            self._set_dict(kid, row[0])
        return self._dicts[kid]

    def _compress(self, kid: int, payloads: list[str]) -> bytes:
        """A source's payloads of one kind, one per line (JSON has no raw newline), compressed
        with the kind's dictionary (a one-byte mark says whether there is one)."""
        zdict = self._dict(kid)
        data = "\n".join(payloads).encode("utf-8")
        if zdict is None:
            return b"0" + zlib.compress(data, 6)
        co = zlib.compressobj(6, zlib.DEFLATED, -15, 8, zlib.Z_DEFAULT_STRATEGY, zdict)
        return b"1" + co.compress(data) + co.flush()

    def _payloads(self, cid: int, kid: int, blob: object) -> list[str]:
        """The payloads of a source's facts of one kind (cached: a lookup reads several facts of a
        source); [] when the blob does not decode (the reader's validation rejects its facts)."""
        cached = self._blobs.get((cid, kid))
        if cached is not None:
            return cached
        out: list[str] = []
        if isinstance(blob, bytes) and blob[:1] in (b"0", b"1"):
            try:
                if blob[:1] == b"0":
                    raw = zlib.decompress(blob[1:])
                else:
                    zdict = self._dict(kid)
                    if zdict is None:
                        raise zlib.error("no dictionary")
                    d = zlib.decompressobj(-15, zdict)
                    raw = d.decompress(blob[1:]) + d.flush()
                out = raw.decode("utf-8").split("\n")
            except (zlib.error, UnicodeDecodeError):
                out = []
        if len(self._blobs) > TEXT_CACHE:
            self._blobs.clear()
        self._blobs[(cid, kid)] = out
        return out

    def _key_id(self, kid: int, key: str) -> int:
        k = self._keys.get((kid, key))
        if k is None:
            row = self.conn.execute("SELECT id FROM keys WHERE kind = ? AND key = ?", (kid, key)).fetchone()
            if row is not None:
                k = row[0]
            else:
                k = _rowid(self.conn.execute("INSERT INTO keys (kind, key) VALUES (?, ?)", (kid, key)))
            if len(self._keys) > KEY_CACHE:
                self._keys.clear()
            self._keys[(kid, key)] = k
        return k

    def _append_postings(self, key: int, pairs: list[Posting]) -> None:
        base = key << SEG_BITS
        row = self.conn.execute(
            "SELECT count(*), max(id) FROM postings WHERE id BETWEEN ? AND ?",
            (base, base + (1 << SEG_BITS) - 1),
        ).fetchone()
        segments, last = row[0], row[1]
        if segments >= MAX_SEGMENTS:  # merge the key's segments into one
            self._merge_postings(key, pairs)
            return
        self.conn.execute(
            "INSERT INTO postings (id, n, data) VALUES (?, ?, ?)",
            ((last + 1) if last is not None else base, len(pairs), _pack_pairs(pairs)),
        )

    def _merge_postings(self, key: int, pairs: list[Posting]) -> None:
        """Rewrite a key's segments and ``pairs`` as one segment, in arrays (a common key of a large
        archive holds a million postings: as Python tuples they would take a hundred MB)."""
        base = key << SEG_BITS
        contents, facts, lows, widths = array("q"), array("q"), array("d"), array("d")
        valued = False
        for n, data in self.conn.execute(
            "SELECT n, data FROM postings WHERE id BETWEEN ? AND ? ORDER BY id",
            (base, base + (1 << SEG_BITS) - 1),
        ):
            try:
                raw = zlib.decompress(data) if isinstance(data, bytes) and type(n) is int else b"?"
            except zlib.error:
                raw = b"?"
            if len(raw) not in (16 * n, 32 * n):
                raise sqlite3.DatabaseError("malformed postings segment")
            a = array("q")
            a.frombytes(raw[: 16 * n])
            contents.extend(itertools.accumulate(a[:n]))
            facts.extend(itertools.accumulate(a[n:]))
            if len(raw) == 32 * n:
                d = array("d")
                d.frombytes(raw[16 * n :])
                lows.extend(d[:n])
                widths.extend(d[n:])
                valued = True
            else:
                lows.extend(itertools.repeat(_NAN, n))
                widths.extend(itertools.repeat(_NAN, n))
        for c, f, lo, hi in pairs:
            contents.append(c)
            facts.append(f)
            lows.append(lo)
            widths.append(hi - lo)
            valued = valued or lo == lo
        n = len(contents)
        dc = array("q", map(operator.sub, contents, itertools.chain((0,), contents)))
        df = array("q", map(operator.sub, facts, itertools.chain((0,), facts)))
        raw = dc.tobytes() + df.tobytes() + ((lows.tobytes() + widths.tobytes()) if valued else b"")
        self.conn.execute("DELETE FROM postings WHERE id BETWEEN ? AND ?", (base, base + (1 << SEG_BITS) - 1))
        if n:
            self.conn.execute(
                "INSERT INTO postings (id, n, data) VALUES (?, ?, ?)", (base, n, zlib.compress(raw, 6))
            )

    def _write_postings(self, key: int, pairs: list[Posting]) -> None:
        base = key << SEG_BITS
        self.conn.execute("DELETE FROM postings WHERE id BETWEEN ? AND ?", (base, base + (1 << SEG_BITS) - 1))
        if pairs:
            self.conn.execute(
                "INSERT INTO postings (id, n, data) VALUES (?, ?, ?)", (base, len(pairs), _pack_pairs(pairs))
            )

    def _read_postings(self, key: int) -> list[Posting]:
        out: list[Posting] = []
        base = key << SEG_BITS
        for n, data in self.conn.execute(
            "SELECT n, data FROM postings WHERE id BETWEEN ? AND ? ORDER BY id",
            (base, base + (1 << SEG_BITS) - 1),
        ):
            pairs = _unpack_pairs(data, n)
            if pairs is None:
                raise sqlite3.DatabaseError("malformed postings segment")
            out += pairs
        return out

    def remove_sources(self, contents: Iterable[int]) -> None:
        if self.readonly:
            return
        with self._errors(), _transaction(self.conn):
            self._remove(list(contents))
            for key in self._damaged_keys:  # every source it held is being dropped: rebuilt anew
                self._write_postings(key, [])
            self._damaged_keys.clear()

    def _remove(self, contents: list[int], purge: bool = False) -> None:
        """Drop stored sources.  Their facts go at once; their postings are rewritten only with
        ``purge`` (``newslint index``): a check that drops an edited source's old content leaves
        a tombstone instead (``fingerprint = -id``), so that an edit costs milliseconds whatever
        the size of the index.  Readers never see stale postings: a lookup's answer is filtered by
        the contents of the check, and counts subtract tombstones."""
        if not contents:
            return
        gone = set(contents)
        touched: set[int] = set()
        for cid in contents:
            row = self.conn.execute(
                "SELECT keys, first_fact, last_fact FROM contents WHERE id = ?", (cid,)
            ).fetchone()
            if row is None:
                continue
            if isinstance(row[1], int) and isinstance(row[2], int):
                self.conn.execute(
                    "DELETE FROM facts WHERE id BETWEEN ? AND ? AND content = ?", (row[1], row[2], cid)
                )
            else:
                self.conn.execute("DELETE FROM facts WHERE content = ?", (cid,))
            self.conn.execute(
                "DELETE FROM payloads WHERE id BETWEEN ? AND ?",
                (cid << KIND_BITS, (cid + 1 << KIND_BITS) - 1),
            )
            if not purge:
                self.conn.execute("UPDATE contents SET fingerprint = -id WHERE id = ?", (cid,))
                self.conn.execute(
                    "INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (f"tomb:{cid}", cid)
                )
                continue
            self.conn.execute("DELETE FROM meta WHERE name = ?", (f"tomb:{cid}",))
            keys = unpack_deltas(row[0])
            if keys is None:  # a damaged row: every key may hold it
                keys = tuple(
                    r[0] for r in self.conn.execute(f"SELECT DISTINCT id >> {SEG_BITS} FROM postings")
                )
            touched.update(keys)
            self.conn.execute("DELETE FROM contents WHERE id = ?", (cid,))
        for key in touched:
            try:
                kept = [p for p in self._read_postings(key) if p[0] not in gone]
            except sqlite3.DatabaseError:
                kept = []
            self._write_postings(key, kept)
        self._tombstones = None
        self.conn.execute("UPDATE meta SET value = value + 1 WHERE name = 'generation'")
        self.own_removals += 1

    def _tombstoned(self) -> list[int]:
        if self._tombstones is None:
            self._tombstones = sorted(
                r[0]
                for r in self.conn.execute("SELECT value FROM meta WHERE name >= 'tomb:' AND name < 'tomb;'")
            )
        return self._tombstones

    # -- reading ------------------------------------------------------------------------------
    def lookup(
        self, kind: str, key: str, limit: int | None = None, within: tuple[float, float] | None = None
    ) -> list[tuple[int, int]]:
        with self._errors():
            kid = self._kind_id(kind, create=False)
            if kid is None:
                return []
            row = self.conn.execute("SELECT id FROM keys WHERE kind = ? AND key = ?", (kid, key)).fetchone()
            if row is None:
                return []
            try:
                postings = self._read_postings(row[0])
            except sqlite3.DatabaseError:
                # a damaged segment: the sources that posted the key are reported (``damaged``) so
                # that the reader drops them and extracts them again, which rebuilds the key
                self.damaged.update(self._contents_with_key(row[0]))
                self._damaged_keys.add(row[0])
                return []
        if within is None:
            pairs = [(p[0], p[1]) for p in postings]
        else:  # (a posting without a value, NaN, fails both comparisons: it is kept)
            lo, hi = within
            pairs = [(p[0], p[1]) for p in postings if not (p[3] < lo or p[2] > hi)]
        return pairs[:limit] if limit is not None else pairs

    # -- optional extras (not in the protocol; newslint uses them when a backend has them) --------
    def content_count(self) -> int:
        """How many sources (contents, every fingerprint) the store holds."""
        with self._errors():
            return self.conn.execute("SELECT count(*) FROM contents").fetchone()[0] - len(self._tombstoned())

    def content_ids(self) -> list[int]:
        """The ids of the sources the store holds (tombstones left out)."""
        dead = set(self._tombstoned())
        with self._errors():
            return [cid for (cid,) in self.conn.execute("SELECT id FROM contents") if cid not in dead]

    def count_sources(self, kind: str, key: str, excluded: Sequence[int] = ()) -> int | None:
        """How many stored sources hold ``key`` (without building the pairs: a C-speed count),
        leaving out the sources ``excluded``."""
        with self._errors():
            kid = self._kind_id(kind, create=False)
            if kid is None:
                return 0
            row = self.conn.execute("SELECT id FROM keys WHERE kind = ? AND key = ?", (kid, key)).fetchone()
            if row is None:
                return 0
            base = row[0] << SEG_BITS
            total = 0
            for n, data in self.conn.execute(
                "SELECT n, data FROM postings WHERE id BETWEEN ? AND ?", (base, base + (1 << SEG_BITS) - 1)
            ):
                try:
                    raw = zlib.decompress(data)
                except (zlib.error, TypeError):
                    return None
                if type(n) is not int or len(raw) not in (16 * n, 32 * n):
                    return None
                a = array("q")
                a.frombytes(raw[: 8 * n])
                total += n - a.count(0)  # a source's facts are consecutive: one non-zero delta each
                dead = [*self._tombstoned(), *excluded]
                if dead:  # postings of dropped sources stay until `newslint index` purges them
                    ids = list(itertools.accumulate(a))
                    for cid in dead:
                        i = bisect.bisect_left(ids, cid)
                        if i < len(ids) and ids[i] == cid:
                            total -= 1
            return total

    def _contents_with_key(self, key: int) -> list[int]:
        out = []
        for cid, blob in self.conn.execute("SELECT id, keys FROM contents"):
            keys = unpack_deltas(blob)
            if keys is None or key in keys:
                out.append(cid)
        return out

    def facts(self, ids: Sequence[int]) -> list[StoredFact]:
        out = []
        with self._errors():
            for part in chunks(sorted(set(ids))):
                rows = self.conn.execute(
                    'SELECT f.id, f.content, f.kind, f.start, f."end", f.text, f.slot, c.sentences, p.data'
                    " FROM facts f LEFT JOIN contents c ON c.id = f.content"
                    f" LEFT JOIN payloads p ON p.id = (f.content << {KIND_BITS} | f.kind)"
                    f" WHERE f.id IN ({','.join('?' * len(part))})",
                    part,
                )
                out += [self._row(r) for r in rows]
        return out

    def _row(self, r) -> StoredFact:
        fid, cid, kid, start, end, text, slot, sentences, blob = r
        if text is None:
            text = (
                self._sentence_text(cid, sentences).slice(start, end)
                if type(start) is type(end) is int
                else ""
            )
        payloads = self._payloads(cid, kid, blob)
        payload = payloads[slot] if type(slot) is int and 0 <= slot < len(payloads) else "\x00"
        return StoredFact(fid, cid, self._kind_name(kid), start, end, text, payload)

    def _sentence_text(self, cid: int, blob: object) -> _SentenceText:
        cached = self._texts.get(cid)
        if cached is None:
            sentences = _unpack_sentences(blob)
            try:
                cached = _SentenceText(
                    [(s[0], s[1], s[3]) for s in sentences] if sentences is not None else []
                )
            except (TypeError, IndexError, KeyError):
                cached = _SentenceText([])
            if len(self._texts) > TEXT_CACHE:
                self._texts.clear()
            self._texts[cid] = cached
        return cached

    def facts_of(self, content: int, kind: str) -> list[StoredFact]:
        with self._errors():
            row = self.conn.execute(
                "SELECT first_fact, last_fact, sentences FROM contents WHERE id = ?", (content,)
            ).fetchone()
            if row is None:
                return []
            if kind == SENTENCE_KIND:
                sentences = _unpack_sentences(row[2])
                if sentences is None:
                    return [StoredFact(0, content, kind, 0, 0, "", "damaged")]
                return [
                    StoredFact(i, content, kind, s[0], s[1], s[3], f"[{i},{s[2]}]")
                    for i, s in enumerate(sentences)
                ]
            kid = self._kind_id(kind, create=False)
            if kid is None:
                return []
            rows = self.conn.execute(
                'SELECT id, content, kind, start, "end", text, slot, ?,'
                " (SELECT data FROM payloads WHERE id = ?) FROM facts"
                " WHERE id BETWEEN ? AND ? AND kind = ? AND content = ? ORDER BY id",
                (row[2], content << KIND_BITS | kid, row[0], row[1], kid, content),
            )
            return [self._row(r) for r in rows]

    def line_starts(self, content: int) -> tuple[int, ...] | None:
        with self._errors():
            row = self.conn.execute("SELECT line_starts FROM contents WHERE id = ?", (content,)).fetchone()
        return unpack_deltas(row[0]) if row is not None else None

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        if self._reading or self.conn.in_transaction:
            self._reading += 1
            try:
                yield
            finally:
                self._reading -= 1
            return
        with self._errors():
            self.conn.execute("BEGIN")
            self.conn.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()  # snapshot
        self._reading = 1
        try:
            yield
        finally:
            self._reading = 0
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("COMMIT")

    # -- snapshots of source sets (an optional extra: newslint uses it when a backend has it) ----
    def snapshot(self, key: bytes, group: bytes) -> Snapshot | None:
        """The snapshot saved under ``key`` (a source set: its paths), else the newest one of
        ``group`` (the sources of one configuration), to compare the files' stats with; None when
        there is none or it does not decode.

        A check of a draft against an archive of 100,000 files stats every file (freshness, as
        git's index) but then reads one row instead of one row per file, and resolves only the
        files whose stat changed."""
        try:
            with self._errors():
                row = self.conn.execute(
                    f"SELECT {_SNAP_COLUMNS} FROM source_sets WHERE key = ?", (key,)
                ).fetchone()
                if row is None:
                    row = self.conn.execute(
                        f"SELECT {_SNAP_COLUMNS} FROM source_sets WHERE grp = ? ORDER BY saved_ns DESC LIMIT 1",
                        (group,),
                    ).fetchone()
        except (StoreError, sqlite3.Error):
            return None  # no snapshot table yet, or a read fault
        if row is None:
            return None
        return decode_snapshot(*row)

    def save_snapshot(self, key: bytes, group: bytes, snapshot: Snapshot) -> None:
        """Remember the sources of a source set (see :meth:`snapshot`); the oldest snapshots go."""
        if self.readonly:
            return
        try:
            with self._errors(), _transaction(self.conn):
                self.conn.execute(_SNAPSHOTS)
                self.conn.execute(
                    f"INSERT OR REPLACE INTO source_sets (key, grp, {_SNAP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (key, group, *encode_snapshot(snapshot)),
                )
                self.conn.execute(
                    "DELETE FROM source_sets WHERE key NOT IN"
                    " (SELECT key FROM source_sets ORDER BY saved_ns DESC LIMIT ?)",
                    (SNAPSHOTS_KEPT,),
                )
        except StoreError:
            pass  # (a snapshot is an optimisation)

    # -- walks of source folders (freshness = "directories") --------------------------------------
    def walk_record(self, folder: str) -> tuple[int, list] | None:
        """When ``folder``'s walk was recorded and the record (see sources.walk_by_directories),
        or None when there is none or it does not decode (the folder is then walked and stat'ed)."""
        try:
            with self._errors():
                row = self.conn.execute(
                    "SELECT saved_ns, data FROM walks WHERE folder = ?", (folder,)
                ).fetchone()
        except (StoreError, sqlite3.Error):
            return None  # no walks table yet, or a read fault
        if row is None:
            return None
        try:
            saved_ns, data = row
            record = json.loads(zlib.decompress(data))
            if type(saved_ns) is not int or type(record) is not list:
                return None
            out = []
            for item in record:  # names joined by NUL: one JSON string per folder, not per file
                rel, mtime, dirs, files = item
                if not (type(rel) is str and type(mtime) is int and type(dirs) is str and type(files) is str):
                    return None
                out.append((rel, mtime, dirs.split("\0") if dirs else [], files.split("\0") if files else []))
            return saved_ns, out
        except (zlib.error, ValueError, TypeError):
            return None

    def save_walk_record(self, folder: str, saved_ns: int, record: list) -> None:
        if self.readonly:
            return
        rows = [(rel, mtime, "\0".join(dirs), "\0".join(files)) for rel, mtime, dirs, files in record]
        data = zlib.compress(json.dumps(rows, separators=(",", ":")).encode("utf-8", "surrogateescape"), 1)
        try:
            with self._errors(), _transaction(self.conn):
                self.conn.execute(_WALKS)
                self.conn.execute(
                    "INSERT OR REPLACE INTO walks (folder, saved_ns, data) VALUES (?, ?, ?)",
                    (folder, saved_ns, data),
                )
        except StoreError:
            pass  # (a record is an optimisation)

    def forget_walks(self) -> None:
        """`newslint index` stats every file: the next check walks and stats its folders again too
        (a story rewritten in place is seen)."""
        if self.readonly:
            return
        try:
            with self._errors(), _transaction(self.conn):
                self.conn.execute(_WALKS)
                self.conn.execute("DELETE FROM walks")
        except StoreError:
            pass

    def generation(self) -> int:
        with self._errors():
            row = self.conn.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def stats(self) -> dict[str, int]:
        with self._errors():
            count = {
                t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("files", "contents", "facts", "keys", "postings")
            }
        size = 0
        if self.path is not None:
            for suffix in ("", "-wal"):
                with contextlib.suppress(OSError):
                    size += os.path.getsize(str(self.path) + suffix)
        return {
            "files": count["files"],
            "sources": count["contents"],
            "facts": count["facts"],
            "keys": count["keys"],
            "postings": count["postings"],
            "bytes": size,
        }

    def compact(self) -> None:
        """Rewrite the file densely (after a large build); skipped when other processes hold it."""
        if self.path is None or self.readonly:
            return
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("VACUUM")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def integrity(self) -> str:
        """SQLite's own integrity check ("ok" when sound)."""
        with self._errors():
            return "; ".join(r[0] for r in self.conn.execute("PRAGMA integrity_check"))

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self.conn.close()


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error): one writer at a time, waiting for the lock."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _is_corrupt(exc: Exception) -> bool:
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text or "corrupt" in text


def _remove(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(db) + suffix).unlink()
