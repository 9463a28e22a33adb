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

- The programs are lists of integers in a JSON file of the user's cache folder
  (``$XDG_CACHE_HOME/newslint/patterns-<python>.json``), one file per Python build (its version and
  the engine's ``MAGIC``), never pickle. An entry of the wrong shape, or one the engine's own
  validator refuses, is dropped and the pattern compiled as usual; any other trouble turns the
  cache off for the run.  Patterns with the DEBUG flag, and bytes patterns, are not cached.
- Only the CLI installs it (``newslint`` commands, their worker processes); importing newslint as
  a library changes nothing in ``re``.
- New programs are written when the process exits, merged with what other processes wrote; the
  ``MAX_ENTRIES`` most recently used are kept (a pattern made for one text, such as a front-matter
  key's, soon leaves).  ``NEWSLINT_PATTERN_CACHE=off`` disables it.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import sys
from typing import Any

MAX_ENTRIES = 600  # ~230 patterns a run; JSON of 600 programs reads in a few ms

_installed = False
_entries: dict[str, list] = {}
_new: dict[str, list] = {}
_used: set[str] = set()


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
    return os.path.join(base, "newslint", f"patterns-{build[:16]}.json")


def install() -> None:
    """Serve ``re``'s compilation of str patterns from the cache, for this process."""
    global _installed
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
    _entries.update(_read(path))
    original = compiler.compile

    def compile(p: Any, flags: Any = 0):  # noqa: A001 - the name re calls
        if type(p) is not str:
            return original(p, flags)
        flags = int(flags)
        if flags & re.DEBUG:
            return original(p, flags)
        key = f"{flags}\0{p}"
        entry = _entries.get(key)
        if entry is not None:
            try:
                final_flags, code, groups, groupindex, names = entry
                compiled = _sre.compile(p, final_flags, code, groups, groupindex, tuple(names))
                _used.add(key)
                return compiled
            except (TypeError, ValueError, RuntimeError, OverflowError):
                del _entries[key]  # a damaged entry: compiled as usual below
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
        _entries[key] = _new[key] = entry
        return pattern

    compiler.compile = compile
    _installed = True
    atexit.register(_save, path)


def _read(path: str) -> dict[str, list]:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError, RecursionError):
        return {}
    if type(data) is not dict:
        return {}
    return {k: v for k, v in data.items() if type(k) is str and _well_formed(v)}


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


def _save(path: str) -> None:
    if not _new:
        return
    merged = _read(path)
    recent = {key: _entries[key] for key in _used if key in _entries}
    recent.update(_new)
    for key in recent:
        merged.pop(key, None)
    merged.update(recent)  # those this run used last: the least recently used go first
    if len(merged) > MAX_ENTRIES:
        merged = dict(list(merged.items())[-MAX_ENTRIES:])
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(merged, f, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
