"""What is installed — the entry points of one group (the plugins of ``newslint``) and the version
of a distribution — found without importing ``importlib.metadata`` on every run.

Importing ``importlib.metadata`` (with the email parser it brings in) costs ~20 ms, a tenth of a
warm check of one draft.  What it finds for a group — each entry point's name, its ``module:attr``
value and its distribution's version — is kept in a small JSON file of the user's cache folder
(``$XDG_CACHE_HOME/newslint/entry-points.json``), under a key made from the state of every place
it is read from: each folder on ``sys.path`` (its path and mtime: installing, upgrading or removing
a distribution adds or removes a ``*.dist-info`` folder there) and, in each, every ``*.dist-info`` /
``*.egg-info`` (its name, mtime and the size and mtime of its ``entry_points.txt``, so that an
entry-points file rewritten in place counts too).  Any difference, an unreadable file or one of the
wrong shape means asking ``importlib.metadata`` again (and rewriting the file); nothing in the file
is trusted beyond its shape.  ``NEWSLINT_ENTRY_POINT_CACHE=off`` turns the file off.

A distribution's version is read from the name of its ``NAME-VERSION.dist-info`` folder, the first
on ``sys.path`` as ``importlib.metadata`` finds it; anything else (an ``.egg-info``, a name that does
not parse) asks ``importlib.metadata``.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import sys
from dataclasses import dataclass

CACHE_NAME = "entry-points.json"
KEEP_KEYS = 8  # sys.path states kept in the file


@dataclass(frozen=True)
class Dist:
    version: str


@dataclass(frozen=True)
class EntryPoint:
    """What the plugin host uses of ``importlib.metadata.EntryPoint``: name, value, dist.version, load()."""

    name: str
    value: str
    dist: Dist | None

    def load(self):
        module_name, _, attrs = self.value.split("[", 1)[0].partition(":")  # "[extras]" are not imported
        obj = importlib.import_module(module_name.strip())
        for attr in filter(None, attrs.strip().split(".")):
            obj = getattr(obj, attr)
        return obj


def entry_points(group: str) -> list[EntryPoint]:
    path = _cache_file()
    if path is None:
        return _from_metadata(group)
    key = _state_key(group)
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        if type(data) is not dict:
            data = {}
        if key in data:
            return [_row(r) for r in data[key]]
    except (OSError, ValueError, KeyError, TypeError):
        data = {}
    found = _from_metadata(group)
    _write(path, data, key, found)
    return found


def _row(row) -> EntryPoint:
    name, value, version = row
    if type(name) is not str or type(value) is not str or not (version is None or type(version) is str):
        raise ValueError("entry point cache row of the wrong shape")
    return EntryPoint(name, value, Dist(version) if version is not None else None)


def _from_metadata(group: str) -> list[EntryPoint]:
    from importlib.metadata import entry_points as metadata_entry_points

    return [
        EntryPoint(ep.name, ep.value, Dist(ep.dist.version) if ep.dist else None)
        for ep in metadata_entry_points(group=group)
    ]


def _cache_file() -> str | None:
    if os.environ.get("NEWSLINT_ENTRY_POINT_CACHE") == "off":
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "newslint", CACHE_NAME)


def _state_key(group: str) -> str:
    digest = hashlib.sha256(f"{group}\0{sys.version}\0".encode())
    for folder in sys.path:
        folder = folder or os.getcwd()
        try:
            digest.update(f"{folder}\0{os.stat(folder).st_mtime_ns}\0".encode())
            entries = sorted(
                (e.name, e.path) for e in os.scandir(folder) if e.name.endswith((".dist-info", ".egg-info"))
            )
        except (OSError, ValueError):
            digest.update(f"{folder}\0-\0".encode())
            continue
        for name, meta in entries:
            parts = [name]
            for p in (meta, os.path.join(meta, "entry_points.txt")):
                try:
                    st = os.stat(p)
                    parts += [str(st.st_mtime_ns), str(st.st_size)]
                except OSError:
                    parts.append("-")
            digest.update(("\0".join(parts) + "\n").encode())
    return digest.hexdigest()


def _write(path: str, data: dict, key: str, found: list[EntryPoint]) -> None:
    """Add ``key``'s rows to the file, which keeps the newest few keys: the console script, ``python
    -m newslint`` and the test runner see different ``sys.path``s and must not evict each other."""
    data = {k: v for k, v in data.items() if k != key}
    data[key] = [[ep.name, ep.value, ep.dist.version if ep.dist else None] for ep in found]
    data = dict(list(data.items())[-KEEP_KEYS:])
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f)
        os.replace(tmp, path)
    except OSError:  # a read-only home: the next run asks importlib.metadata again
        try:
            os.unlink(tmp)
        except OSError:
            pass


def dist_version(name: str) -> str:
    """``importlib.metadata.version(name)``, from the ``.dist-info`` folder's name when it has one."""
    wanted = _normalise(name)
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except (OSError, ValueError):
            continue
        for entry in names:
            if not entry.endswith((".dist-info", ".egg-info")):
                continue
            stem = entry.rsplit(".", 1)[0]
            dist, sep, version = stem.partition("-")
            if _normalise(dist) != wanted:
                continue
            if entry.endswith(".dist-info") and sep and version and "-" not in version:
                return version
            break  # an .egg-info or an odd name: ask importlib.metadata
        else:
            continue
        break
    from importlib.metadata import version as metadata_version

    return metadata_version(name)


def _normalise(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")
