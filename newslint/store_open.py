"""Where the source index lives: ``--index`` / config ``index`` to a :class:`~newslint.store.FactStore`.

An index is named by

- a folder: the embedded SQLite index in that folder (the default is ``.newslint_cache/`` beside the
  configuration; ``--cache-dir`` and config ``cache-dir`` name the same thing);
- a URL ``postgresql://user@host:5432/db`` (or ``postgres://``): a shared index on a PostgreSQL
  server (:mod:`newslint.store_postgres`, needs ``pip install 'newslint[postgres]'``);
- ``env:NAME``: the value of the environment variable NAME, one of the above (so that the URL and
  its password stay out of a repository's configuration).
"""

from __future__ import annotations

import os
from pathlib import Path

from newslint.errors import ConfigError, UsageError
from newslint.store import FactStore

URL_PREFIXES = ("postgresql://", "postgres://")


def is_server_url(spec: str) -> bool:
    return spec.startswith(URL_PREFIXES)


def resolve_index(value: str, base: Path, origin: str, line_key: str | None = None) -> str | Path:
    """A server URL (str) or a folder (Path, made absolute against ``base``).

    ``origin`` names where the value came from (``--index`` or a configuration file) for messages.
    """
    spec = value.strip()
    error = UsageError if line_key is None else ConfigError
    where = origin if line_key is None else f"{origin}: {line_key}"
    if spec.startswith("env:"):
        name = spec[4:].strip()
        if not name:
            raise error("'env:' needs a variable name, e.g. env:NEWSLINT_INDEX", where)
        found = os.environ.get(name)
        if not found or not found.strip():
            raise error(
                f"the environment variable {name} is not set; set it to the index URL"
                " (postgresql://user@host:5432/db) or folder",
                where,
            )
        spec = found.strip()
        if spec.startswith("env:"):
            raise error(f"the environment variable {name} names another variable; give the URL itself", where)
    if not spec:
        raise error("the index is empty; give a folder or a postgresql:// URL", where)
    if "://" in spec and not is_server_url(spec):
        scheme = spec.split("://", 1)[0]
        raise error(
            f"{scheme}:// is not an index newslint knows; give a folder or a postgresql:// URL", where
        )
    if is_server_url(spec):
        return spec
    folder = Path(spec).expanduser()
    return folder if folder.is_absolute() else base / folder


def open_server_store(url: str, *, readonly: bool) -> FactStore:
    """The PostgreSQL index at ``url`` (raises IndexServerError, exit 2, when it cannot be used)."""
    from newslint.store_postgres import PostgresStore

    return PostgresStore(url, readonly=readonly)


def display_index(target: str | Path | None) -> str:
    """Where the index is, for summaries: a folder, a URL without its password, or memory."""
    if target is None:
        return "memory"
    if isinstance(target, str):
        from newslint.store_postgres import display_url

        return display_url(target)
    from newslint.sources import display_path

    return display_path(target)
