"""Declarative rule packs: TOML files an editor changes without writing Python.

A pack is a TOML file of sections (tables).  Packs are merged in order — the built-in packs of
``newslint.rules``, then packs registered by plugins, then the config's ``rule-packs`` — so that a
later pack extends and overrides an earlier one: lists are extended (without duplicates), tables are
merged key by key, other values are replaced.

A pack can also take entries away: its reserved top-level table ``[remove]`` mirrors the sections and
is applied before the pack's own additions.  At each leaf, ``key = true`` deletes ``key``; a list
removes those entries from a list, or those keys from a table.  Removing what is not there is not an
error.  The schema is written down in ``docs/rule-packs.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import os
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from newslint.errors import ConfigError

T = TypeVar("T")


class RulePacks:
    def __init__(self) -> None:
        self.sections: dict[str, Any] = {}
        self.paths: list[str] = []
        self._digest = hashlib.sha256()
        self._derived: dict[Callable, Any] = {}

    def add_file(self, path: Path | str, display: str | None = None) -> None:
        display = display or str(path)
        try:
            raw = Path(path).read_bytes()
        except OSError:
            raise ConfigError("rule pack cannot be read; check the path in 'rule-packs'", display) from None
        data = _parsed_cache().get(raw)
        if data is None:
            try:
                data = tomllib.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"rule pack is not valid TOML ({exc}); fix the file", display) from None
            _parsed_cache().put(raw, data)
        self.add(data, display)
        self._digest.update(raw)

    def add(self, data: dict[str, Any], name: str) -> None:
        self.paths.append(name)
        data = dict(data)
        removals = data.pop(REMOVE, None)
        if removals is not None:
            if not isinstance(removals, dict):
                raise ConfigError("rule pack: [remove] must be a table mirroring the sections", name)
            _remove(self.sections, removals, name, REMOVE)
        _merge(self.sections, data)
        self._derived.clear()

    def derived(self, factory: Callable[[RulePacks], T]) -> T:
        """What ``factory`` builds from these packs (compiled patterns, lexicons), built once per
        packs and rebuilt if a pack is added later. Extractors use it instead of caches of their own."""
        if factory not in self._derived:
            self._derived[factory] = factory(self)
        return self._derived[factory]

    def get(self, section: str, default: Any = None) -> Any:
        return self.sections.get(section, default)

    @property
    def fingerprint(self) -> str:
        return self._digest.hexdigest()[:16]


REMOVE = "remove"


def _remove(into: dict[str, Any], removals: dict[str, Any], name: str, where: str) -> None:
    for key, what in removals.items():
        here = f"{where}.{key}"
        if key not in into:
            continue
        current = into[key]
        if what is True:
            del into[key]
        elif isinstance(what, dict) and isinstance(current, dict):
            _remove(current, what, name, here)
        elif isinstance(what, list) and isinstance(current, list):
            into[key] = [v for v in current if v not in what]
        elif isinstance(what, list) and isinstance(current, dict):
            for k in what:
                current.pop(k, None)
        else:
            raise ConfigError(
                f"rule pack: [{here}] must be true, a list of entries or keys, or a table; fix the file",
                name,
            )


def _merge(into: dict[str, Any], data: dict[str, Any]) -> None:
    for key, value in data.items():
        old = into.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            _merge(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            old.extend(v for v in value if v not in old)
        else:
            into[key] = value.copy() if isinstance(value, (dict, list)) else value


_builtin: RulePacks | None = None


def builtin_packs() -> RulePacks:
    """The built-in packs alone (for extractors called without a plugin host's packs)."""
    global _builtin
    if _builtin is None:
        packs = RulePacks()
        for path in builtin_pack_paths():
            packs.add_file(path)
        _builtin = packs
    return _builtin


def builtin_pack_paths() -> list[Path]:
    """The built-in packs: the .toml files of the package ``newslint.rules`` (a folder on disk, as
    the packs were always read; found without ``importlib.resources``, whose import costs every
    run more than reading the packs)."""
    spec = importlib.util.find_spec("newslint.rules")
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    return sorted(p for folder in folders for p in Path(folder).iterdir() if p.name.endswith(".toml"))


class _ParsedPacks:
    """Rule packs as parsed, kept between runs: parsing TOML in pure Python costs more than reading
    JSON, and every run reads every built-in pack.  One JSON file of the user's cache folder
    (``$XDG_CACHE_HOME/newslint/rule-packs.json``) maps the SHA-256 of a pack's bytes to its parsed
    tables as JSON text, so an edited pack is simply a new entry (no stat, no stale answer); the
    newest ``KEEP`` entries are kept.  A pack with TOML dates or times (which JSON cannot hold) is
    not kept.  A file that cannot be read or is of the wrong shape is ignored and rewritten;
    ``NEWSLINT_PACK_CACHE=off`` turns it off."""

    KEEP = 64

    def __init__(self) -> None:
        self.path: str | None = None
        if os.environ.get("NEWSLINT_PACK_CACHE") != "off":
            base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
            self.path = os.path.join(base, "newslint", "rule-packs.json")
        self.entries: dict[str, str] = {}
        if self.path is not None:
            try:
                with open(self.path, encoding="utf-8") as f:
                    loaded = json.load(f)
                if type(loaded) is dict and all(type(v) is str for v in loaded.values()):
                    self.entries = loaded
            except (OSError, ValueError):
                pass

    def get(self, raw: bytes) -> dict[str, Any] | None:
        text = self.entries.get(hashlib.sha256(raw).hexdigest())
        if text is None:
            return None
        try:
            data = json.loads(text)  # a fresh object each time: merging mutates what it is given
        except ValueError:
            return None
        return data if type(data) is dict else None

    def put(self, raw: bytes, data: dict[str, Any]) -> None:
        if self.path is None or _has_datetime(data):
            return
        key = hashlib.sha256(raw).hexdigest()
        self.entries.pop(key, None)
        self.entries[key] = json.dumps(data, ensure_ascii=False)
        self.entries = dict(list(self.entries.items())[-self.KEEP :])
        tmp = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(self.entries, f, ensure_ascii=False)
            os.replace(tmp, self.path)
        except OSError:  # a read-only home: parse again next time
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _has_datetime(value: Any) -> bool:
    if isinstance(value, (dt.date, dt.time)):
        return True
    if isinstance(value, dict):
        return any(_has_datetime(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_datetime(v) for v in value)
    return False


_parsed: _ParsedPacks | None = None


def _parsed_cache() -> _ParsedPacks:
    global _parsed
    if _parsed is None:
        _parsed = _ParsedPacks()
    return _parsed
