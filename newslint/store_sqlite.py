"""The embedded source index: the :class:`~newslint.store.FactStore` protocol on SQLite.

One file, ``<cache dir>/index.sqlite``, in WAL mode: any number of readers and one writer at a time
(other writers wait up to ``BUSY_TIMEOUT_S``).  Writes are batched in large transactions.

Tables (``PRAGMA user_version`` holds ``FORMAT``; ``PRAGMA application_id`` marks the file as ours):

- ``files (path, size, mtime_ns, inode, digest, seen_ns)``: freshness by stat.
- ``contents (id, digest, fingerprint, date, date_origin, line_starts, keys)``: one row per source
  content and extraction fingerprint; ``line_starts`` and ``keys`` (the key ids the source posted,
  used to remove it) are packed arrays of integers.
- ``facts (id, content, kind, start, end, text, payload)``: one row per fact; ids of one source
  are consecutive.
- ``kinds (id, name)``, ``keys (id, kind, key)``: interned names.
- ``postings (key, content, fact)``: WITHOUT ROWID, clustered by key: a lookup is one range scan.

A file that is not ours, of another format, or corrupt is rebuilt (dropped and created again), never
misread: the cache is an optimisation.  Rows are validated when decoded (``newslint.index``); a bad
row makes the reader drop its source, which is extracted again.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from newslint.store import FileState, SourceInfo, SourceRecord, StoredFact, StoreError, chunks

FORMAT = 3  # bumped when the tables change: a cache of another format is dropped and rebuilt
APPLICATION_ID = 0x4E534C31  # "NSL1"
DB_NAME = "index.sqlite"

# A file modified this close to the moment its stat was recorded may change again within the same
# timestamp tick (coarse file-system clocks): its stat is not trusted, it is hashed again next time.
RACY_NS = 2_000_000_000

_TABLES = ("postings", "keys", "facts", "kinds", "contents", "files", "meta")

_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL,
    digest TEXT NOT NULL, seen_ns INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX files_digest ON files (digest);
CREATE TABLE contents (
    id INTEGER PRIMARY KEY, digest TEXT NOT NULL, fingerprint TEXT NOT NULL, date TEXT,
    date_origin TEXT, line_starts BLOB NOT NULL, keys BLOB NOT NULL,
    UNIQUE (digest, fingerprint)
);
CREATE TABLE kinds (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE facts (
    id INTEGER PRIMARY KEY, content INTEGER NOT NULL, kind INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, payload TEXT NOT NULL
);
CREATE INDEX facts_content ON facts (content, kind);
CREATE TABLE keys (id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, key TEXT NOT NULL, UNIQUE (kind, key));
CREATE TABLE postings (
    key INTEGER NOT NULL, content INTEGER NOT NULL, fact INTEGER NOT NULL,
    PRIMARY KEY (key, content, fact)
) WITHOUT ROWID;
INSERT INTO meta (name, value) VALUES ('generation', 0);
"""


def pack_ints(values: Iterable[int]) -> bytes:
    return array("q", values).tobytes()


def unpack_ints(blob: object) -> tuple[int, ...] | None:
    """A packed array back, or None when ``blob`` is not one (a forged or damaged row)."""
    if not isinstance(blob, bytes) or len(blob) % 8:
        return None
    a = array("q")
    a.frombytes(blob)
    return tuple(a)


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

    def _kind_id(self, name: str, create: bool) -> int | None:
        kid = self._kinds.get(name)
        if kid is None:
            row = self.conn.execute("SELECT id FROM kinds WHERE name = ?", (name,)).fetchone()
            if row is None:
                if not create:
                    return None
                kid = self.conn.execute("INSERT INTO kinds (name) VALUES (?)", (name,)).lastrowid
            else:
                kid = row[0]
            self._kinds[name] = kid
            self._kind_names[kid] = name
        return kid

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
            for part in chunks(list(wanted)):
                rows = self.conn.execute(
                    "SELECT f.path, f.size, f.mtime_ns, f.inode, f.digest, f.seen_ns, c.id, c.date,"
                    " c.date_origin FROM files f LEFT JOIN contents c"
                    " ON c.digest = f.digest AND c.fingerprint = ?"
                    f" WHERE f.path IN ({','.join('?' * len(part))})",
                    (fingerprint, *part),
                )
                for path, size, mtime, inode, digest, seen, cid, date, origin in rows:
                    st = wanted[path]
                    if (size, mtime, inode) != (st.size, st.mtime_ns, st.inode) or mtime >= seen - RACY_NS:
                        continue
                    out[path] = (digest, SourceInfo(cid, digest, date, origin) if cid is not None else None)
        return out

    def sources(self, digests: Iterable[str], fingerprint: str) -> dict[str, SourceInfo]:
        out = {}
        with self._errors():
            for part in chunks(list(dict.fromkeys(digests))):
                rows = self.conn.execute(
                    "SELECT id, digest, date, date_origin FROM contents WHERE fingerprint = ?"
                    f" AND digest IN ({','.join('?' * len(part))})",
                    (fingerprint, *part),
                )
                for cid, digest, date, origin in rows:
                    out[digest] = SourceInfo(cid, digest, date, origin)
        return out

    def record_files(self, files: Sequence[tuple[FileState, str]]) -> None:
        if not files or self.readonly:
            return
        now = time.time_ns()
        with self._errors(), _transaction(self.conn):
            self.conn.executemany(
                "INSERT OR REPLACE INTO files (path, size, mtime_ns, inode, digest, seen_ns)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(f.path, f.size, f.mtime_ns, f.inode, digest, now) for f, digest in files],
            )

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
            orphans = [
                r[0]
                for r in self.conn.execute(
                    "SELECT id FROM contents c WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.digest = c.digest)"
                )
            ]
            self._remove(orphans)
        return len(gone)

    # -- writing ------------------------------------------------------------------------------
    def add_sources(self, records: Sequence[SourceRecord], fingerprint: str) -> dict[str, SourceInfo]:
        out: dict[str, SourceInfo] = {}
        if not records:
            return out
        with self._errors(), _transaction(self.conn):
            conn = self.conn
            for rec in records:
                row = conn.execute(
                    "SELECT id, date, date_origin FROM contents WHERE digest = ? AND fingerprint = ?",
                    (rec.digest, fingerprint),
                ).fetchone()
                if row is not None:  # stored meanwhile (another process, or twice in this batch)
                    out[rec.digest] = SourceInfo(row[0], rec.digest, row[1], row[2])
                    continue
                cid = conn.execute(
                    "INSERT INTO contents (digest, fingerprint, date, date_origin, line_starts, keys)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (rec.digest, fingerprint, rec.date, rec.date_origin, pack_ints(rec.line_starts), b""),
                ).lastrowid
                postings: list[tuple[int, int, int]] = []
                key_ids: dict[tuple[int, str], int] = {}
                for fact in rec.facts:
                    kid = self._kind_id(fact.kind, create=True)
                    fid = conn.execute(
                        'INSERT INTO facts (content, kind, start, "end", text, payload) VALUES (?, ?, ?, ?, ?, ?)',
                        (cid, kid, fact.start, fact.end, fact.text, fact.payload),
                    ).lastrowid
                    for key in fact.keys:
                        k = key_ids.get((kid, key))
                        if k is None:
                            k = self._key_id(kid, key)
                            key_ids[(kid, key)] = k
                        postings.append((k, cid, fid))
                conn.executemany(
                    "INSERT OR IGNORE INTO postings (key, content, fact) VALUES (?, ?, ?)", postings
                )
                conn.execute(
                    "UPDATE contents SET keys = ? WHERE id = ?",
                    (pack_ints(sorted(set(key_ids.values()))), cid),
                )
                out[rec.digest] = SourceInfo(cid, rec.digest, rec.date, rec.date_origin)
        return out

    def _key_id(self, kid: int, key: str) -> int:
        row = self.conn.execute("SELECT id FROM keys WHERE kind = ? AND key = ?", (kid, key)).fetchone()
        if row is not None:
            return row[0]
        return self.conn.execute("INSERT INTO keys (kind, key) VALUES (?, ?)", (kid, key)).lastrowid

    def remove_sources(self, contents: Iterable[int]) -> None:
        if self.readonly:
            return
        with self._errors(), _transaction(self.conn):
            self._remove(list(contents))

    def _remove(self, contents: list[int]) -> None:
        if not contents:
            return
        for cid in contents:
            row = self.conn.execute("SELECT keys FROM contents WHERE id = ?", (cid,)).fetchone()
            keys = unpack_ints(row[0]) if row is not None else None
            if keys is None:  # a damaged row: find its postings the slow way
                self.conn.execute("DELETE FROM postings WHERE content = ?", (cid,))
            else:
                self.conn.executemany(
                    "DELETE FROM postings WHERE key = ? AND content = ?", [(k, cid) for k in keys]
                )
            self.conn.execute("DELETE FROM facts WHERE content = ?", (cid,))
            self.conn.execute("DELETE FROM contents WHERE id = ?", (cid,))
        self.conn.execute("UPDATE meta SET value = value + 1 WHERE name = 'generation'")

    # -- reading ------------------------------------------------------------------------------
    def lookup(self, kind: str, key: str, limit: int | None = None) -> list[tuple[int, int]]:
        with self._errors():
            kid = self._kind_id(kind, create=False)
            if kid is None:
                return []
            sql = (
                "SELECT p.content, p.fact FROM keys k JOIN postings p ON p.key = k.id"
                " WHERE k.kind = ? AND k.key = ? ORDER BY p.content, p.fact"
            )
            if limit is not None:
                return self.conn.execute(sql + " LIMIT ?", (kid, key, limit)).fetchall()
            return self.conn.execute(sql, (kid, key)).fetchall()

    def facts(self, ids: Sequence[int]) -> list[StoredFact]:
        out = []
        with self._errors():
            for part in chunks(list(ids)):
                rows = self.conn.execute(
                    'SELECT id, content, kind, start, "end", text, payload FROM facts'
                    f" WHERE id IN ({','.join('?' * len(part))})",
                    part,
                )
                out += [StoredFact(r[0], r[1], self._kind_name(r[2]), *r[3:]) for r in rows]
        return out

    def facts_of(self, content: int, kind: str) -> list[StoredFact]:
        with self._errors():
            kid = self._kind_id(kind, create=False)
            if kid is None:
                return []
            rows = self.conn.execute(
                'SELECT id, content, start, "end", text, payload FROM facts'
                " WHERE content = ? AND kind = ? ORDER BY id",
                (content, kid),
            )
            return [StoredFact(r[0], r[1], kind, *r[2:]) for r in rows]

    def line_starts(self, content: int) -> tuple[int, ...] | None:
        with self._errors():
            row = self.conn.execute("SELECT line_starts FROM contents WHERE id = ?", (content,)).fetchone()
        return unpack_ints(row[0]) if row is not None else None

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
