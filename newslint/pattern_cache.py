"""Compiled regular expressions kept between runs, as Python keeps compiled modules in ``.pyc``.

newslint's extractors build their patterns from the rule packs (month names, units, speech verbs:
one alternative per word), ~230 patterns in all, and compiling them was most of what the first
reading of a draft cost in a run: a draft edited since the last check, a source edited since the
index was built.  Python's ``re`` compiles a pattern in two steps: parsing it and generating its
program, in Python (the slow part), then handing the program to the C engine (``_sre.compile``).
This module keeps the programs: the CLI calls :func:`install`, which wraps the first step so that a
pattern compiled in an earlier run is handed to the engine straight from the cache.  The result is
the same compiled pattern (same program, flags and groups).

Safety and freshness:

- The programs are lists of integers, as JSON text, in an SQLite file of the user's cache folder
  (``$XDG_CACHE_HOME/newslint/patterns-<python>.sqlite3``), one file per Python build (its version
  and the engine's ``MAGIC``), never pickle.  A run reads only the entries of the patterns it
  compiles, one row each (a warm check compiles a few dozen; a single JSON file of every program
  took ~50 ms to read and check on each run).  An entry of the wrong shape, or one the engine's own
  validator refuses, is compiled as usual and written again; a file that is not a database is
  replaced; any other trouble turns the cache off for the run.  Patterns with the DEBUG flag, and
  bytes patterns, are not cached.
- Only the CLI installs it (``newslint`` commands, their worker processes); importing newslint as
  a library changes nothing in ``re``.  A forked worker opens its own connection.
- New programs are written when the process exits; the ``MAX_ENTRIES`` most recently used are
  kept (a pattern made for one text, such as a front-matter key's, soon leaves; an entry's time of
  use is renewed at most once an hour, so that a warm run writes nothing).
  ``NEWSLINT_PATTERN_CACHE=off`` disables it.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import sys
import time
from typing import Any

MAX_ENTRIES = 600  # ~230 patterns a run
TOUCH_AFTER_S = 3600  # an entry used again is marked used at most this often

_installed = False
_new: dict[str, list] = {}
_used: set[str] = set()
_touch: set[str] = set()
_db: Any = None  # the connection, opened on the first compilation
_db_pid = 0
_db_path: str | None = None
_disabled = False


def cache_file() -> str | None:
    if os.environ.get("NEWSLINT_PATTERN_CACHE") == "off":
        return None
    try:
        import _sre  # type: ignore[import-not-found]
    except ImportError:
        return None
    build = hashlib.sha256(
        f"{sys.version}\0{_sre.MAGIC}\0{sys.implementation.cache_tag}".encode()
    ).hexdigest()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "newslint", f"patterns-{build[:16]}.sqlite3")


def install() -> None:
    """Serve ``re``'s compilation of str patterns from the cache, for this process."""
    global _installed, _db_path
    if _installed:
        return
    path = cache_file()
    compiler = getattr(re, "_compiler", None)
    if path is None or compiler is None or not callable(getattr(compiler, "compile", None)):
        return
    try:
        import _sre
        from re import _parser  # type: ignore[attr-defined]

        code_of = compiler._code
    except (ImportError, AttributeError):
        return
    _db_path = path
    original = compiler.compile

    def compile(p: Any, flags: Any = 0):  # noqa: A001 - the name re calls
        if type(p) is not str:
            return original(p, flags)
        flags = int(flags)
        if flags & re.DEBUG:
            return original(p, flags)
        key = f"{flags}\0{p}"
        entry = _lookup(key)
        if entry is not None:
            try:
                final_flags, code, groups, groupindex, names = entry
                compiled = _sre.compile(p, final_flags, code, groups, groupindex, tuple(names))
                _used.add(key)
                return compiled
            except (TypeError, ValueError, RuntimeError, OverflowError):
                _touch.discard(key)  # a damaged entry: compiled as usual below, written again
        try:
            parsed = _parser.parse(p, flags)
            code = code_of(parsed, flags)
            state = parsed.state
            indexgroup: list = [None] * state.groups
            for name, i in state.groupdict.items():
                indexgroup[i] = name
            entry = [flags | state.flags, code, state.groups - 1, dict(state.groupdict), indexgroup]
            pattern = _sre.compile(p, entry[0], code, entry[2], entry[3], tuple(indexgroup))
        except re.error:
            raise
        except Exception:  # anything unexpected in re's internals: no cache for this pattern
            return original(p, flags)
        _new[key] = entry
        return pattern

    compiler.compile = compile
    _installed = True
    atexit.register(_save)


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS programs (key TEXT PRIMARY KEY, entry TEXT NOT NULL, used INTEGER NOT NULL)"
)


def _connection() -> Any:
    """The cache's database for this process (a forked worker opens its own), or None when the
    cache is off for the run.  A file that is not a database is replaced once."""
    global _db, _db_pid, _disabled
    if _disabled or _db_path is None:
        return None
    if _db is not None and _db_pid == os.getpid():
        return _db
    import sqlite3

    for attempt in (1, 2):
        try:
            os.makedirs(os.path.dirname(_db_path), exist_ok=True)
            db = sqlite3.connect(_db_path, timeout=2.0, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA synchronous = OFF")  # a cache: a lost write costs a compilation
            db.execute(_SCHEMA)
            _db, _db_pid = db, os.getpid()
            return db
        except sqlite3.DatabaseError as exc:
            # "file is not a database" is this exact class; a busy or read-only database raises
            # OperationalError, a subclass, and is left alone
            if attempt == 1 and type(exc) is sqlite3.DatabaseError:
                try:
                    os.unlink(_db_path)  # not a database (damaged): start again
                    continue
                except OSError:
                    pass
        except (sqlite3.Error, OSError):
            pass
        break
    _disabled = True
    return None


def _lookup(key: str) -> list | None:
    """The cached program of ``key`` when there is one of the right shape."""
    global _disabled
    db = _connection()
    if db is None:
        return None
    import sqlite3

    try:
        row = db.execute("SELECT entry, used FROM programs WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:
        _disabled = True
        return None
    if row is None or type(row[0]) is not str:
        return None
    try:
        entry = json.loads(row[0])
    except (ValueError, RecursionError):
        return None
    if not _well_formed(entry):
        return None
    if type(row[1]) is not int or row[1] < time.time() - TOUCH_AFTER_S:
        _touch.add(key)
    return entry


def _save() -> None:
    """Write this run's new programs and renew the times of use of old ones (at exit)."""
    touch = _touch & _used
    if not _new and not touch:
        return
    db = _connection()
    if db is None:
        return
    import sqlite3

    now = int(time.time())
    try:
        db.execute("BEGIN IMMEDIATE")
        db.executemany(
            "INSERT OR REPLACE INTO programs (key, entry, used) VALUES (?, ?, ?)",
            [(key, json.dumps(entry, separators=(",", ":")), now) for key, entry in _new.items()],
        )
        db.executemany("UPDATE programs SET used = ? WHERE key = ?", [(now, key) for key in touch])
        db.execute(
            "DELETE FROM programs WHERE key IN"
            " (SELECT key FROM programs ORDER BY used DESC LIMIT -1 OFFSET ?)",
            (MAX_ENTRIES,),
        )
        db.execute("COMMIT")
    except sqlite3.Error:
        try:
            db.execute("ROLLBACK")
        except sqlite3.Error:
            pass
    _new.clear()
    _touch.clear()


def _well_formed(entry: Any) -> bool:
    if type(entry) is not list or len(entry) != 5:
        return False
    flags, code, groups, groupindex, indexgroup = entry
    return (
        type(flags) is int
        and type(code) is list
        and all(type(c) is int for c in code)
        and type(groups) is int
        and type(groupindex) is dict
        and all(type(k) is str and type(v) is int for k, v in groupindex.items())
        and type(indexgroup) is list
        and all(g is None or type(g) is str for g in indexgroup)
    )
