"""Configuration: ``[tool.newslint]`` in pyproject.toml, or newslint.toml / .newslint.toml.

The nearest configuration file above each draft applies; paths in it are relative to its folder.
Unknown keys and bad values are errors that name the file, the line and the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from newslint.errors import ConfigError

CONFIG_FILES = ("newslint.toml", ".newslint.toml", "pyproject.toml")
SELECTOR = re.compile(r"^(ALL|[A-Z]{1,4}[0-9]{0,3})$")


@dataclass
class Config:
    """Settings for a group of drafts. ``root`` is the folder of the config file (or the cwd)."""

    root: Path
    path: Path | None = None
    sources: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    fail_level: str = "warning"
    stale_after_days: int = 2
    house_style: dict[str, str] = field(default_factory=dict)
    plugins: list[str] = field(default_factory=list)
    rule_packs: list[str] = field(default_factory=list)
    require_suppression_reason: bool = False
    cache_dir: str | None = None
    index: str | None = None  # a folder, a postgresql:// URL or env:NAME (newslint.store_open)
    # "stat": every source file is stat'ed on every check (git's index); "directories": files in a
    # source folder whose mtime has not changed are trusted (append-only archives; README)
    freshness: str = "stat"
    # the line of each key in the file, for errors found after loading (an unknown rule code in
    # 'select', a plugin that fails to import, a unit no pack knows in 'house-style')
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def error(self, key: str, message: str) -> ConfigError:
        """A ConfigError about ``key`` of this file, naming its line."""
        return ConfigError(message, self.display, self.key_lines.get(key))

    @property
    def display(self) -> str:
        return str(self.path) if self.path else "(defaults)"

    def resolve(self, relative: str) -> Path:
        return (self.root / relative) if not Path(relative).is_absolute() else Path(relative)


def _str_list(value, key):
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("a list of strings")
    return list(value)


def _selectors(value, key):
    items = [v.strip() for v in (value.split(",") if isinstance(value, str) else _str_list(value, key))]
    bad = [v for v in items if not SELECTOR.match(v)]
    if bad:
        raise TypeError(f"rule codes or prefixes such as NL201 or NL2 (not {bad[0]!r})")
    return items


def _per_file_ignores(value, key):
    if not isinstance(value, dict):
        raise TypeError('a table of glob = ["CODE", ...]')
    return {glob: _selectors(codes, key) for glob, codes in value.items()}


def _fail_level(value, key):
    if value not in ("error", "warning", "info"):
        raise TypeError('one of "error", "warning", "info"')
    return value


def _non_negative_int(value, key):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TypeError("a whole number of days, 0 or more")
    return value


def _str_table(value, key):
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise TypeError('a table of unit = "preferred spelling"')
    return dict(value)


def _bool(value, key):
    if not isinstance(value, bool):
        raise TypeError("true or false")
    return value


def _freshness(value, key):
    if value not in ("stat", "directories"):
        raise TypeError('"stat" (the default) or "directories"')
    return value


def _str(value, key):
    if not isinstance(value, str):
        raise TypeError("a string")
    return value


KEYS = {
    "sources": ("sources", _str_list),
    "select": ("select", _selectors),
    "ignore": ("ignore", _selectors),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "fail-level": ("fail_level", _fail_level),
    "stale-after-days": ("stale_after_days", _non_negative_int),
    "house-style": ("house_style", _str_table),
    "plugins": ("plugins", _str_list),
    "rule-packs": ("rule_packs", _str_list),
    "require-suppression-reason": ("require_suppression_reason", _bool),
    "cache-dir": ("cache_dir", _str),
    "index": ("index", _str),
    "freshness": ("freshness", _freshness),
}


def load_config(path: Path) -> Config:
    """Read and validate one configuration file."""
    from newslint.sources import display_path

    display = display_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError("configuration file does not exist; check --config", display) from None
    except OSError as exc:
        raise ConfigError(f"configuration file cannot be read ({exc.strerror})", display) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError("configuration file is not UTF-8; re-save it as UTF-8", display) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m.group(1)) if m else max(1, text.rstrip("\n").count("\n") + 1)
        msg = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        raise ConfigError(f"invalid TOML: {msg}; fix the syntax", display, line) from None

    table_header = None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("newslint", {})
        table_header = "[tool.newslint"
    if not isinstance(data, dict):
        raise ConfigError("[tool.newslint] must be a table", display)

    config = Config(root=path.parent.resolve(), path=Path(display))
    for key, value in data.items():
        key_line = _key_line(text, key, table_header)
        if key_line is not None:
            config.key_lines[key] = key_line
        if key not in KEYS:
            known = ", ".join(KEYS)
            raise ConfigError(f"unknown key {key!r}; the known keys are {known}", display, key_line)
        attr, validate = KEYS[key]
        try:
            setattr(config, attr, validate(value, key))
        except TypeError as exc:
            raise ConfigError(f"key {key!r} must be {exc}", display, key_line) from None
    return config


def _key_line(text: str, key: str, table_header: str | None) -> int | None:
    start = 0
    if table_header:
        i = text.find(table_header)
        start = i if i >= 0 else 0
    m = re.compile(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=|^\[[^\]]*\b{re.escape(key)}\]", re.M).search(
        text, start
    )
    return text.count("\n", 0, m.start()) + 1 if m else None


def _has_newslint_table(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return b"[tool.newslint" in path.read_bytes() if path.exists() else False
    return isinstance(data.get("tool"), dict) and "newslint" in data["tool"]


def find_config_file(start: Path) -> Path | None:
    """The nearest configuration file in ``start`` or a folder above it."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for candidate_dir in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = candidate_dir / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _has_newslint_table(candidate):
                    continue
                return candidate
    return None


class ConfigResolver:
    """Finds (and caches) the configuration that applies to each draft."""

    def __init__(self, explicit: Path | None = None, isolated: bool = False, cwd: Path | None = None):
        self.cwd = (cwd or Path.cwd()).resolve()
        self.isolated = isolated
        self.explicit = load_config(explicit) if explicit is not None and not isolated else None
        self._by_file: dict[Path, Config] = {}
        self._default = Config(root=self.cwd)

    def for_path(self, path: Path) -> Config:
        if self.isolated:
            return self._default
        if self.explicit is not None:
            return self.explicit
        found = find_config_file(path)
        if found is None:
            return self._default
        if found not in self._by_file:
            self._by_file[found] = load_config(found)
        return self._by_file[found]


def is_selected(code: str, select: list[str], ignore: list[str], ties_select: bool = False) -> bool:
    """Whether ``code`` runs: the most specific matching selector wins (ties go to ignore, unless
    ``ties_select``: a code selected on the command line beats the config's ignore)."""

    def best(selectors: list[str]) -> int:
        lengths = [0 if s == "ALL" else len(s) for s in selectors if s == "ALL" or code.startswith(s)]
        return max(lengths) if lengths else -1

    chosen, dropped = best(select), best(ignore)
    return chosen >= 0 and (chosen >= dropped if ties_select else chosen > dropped)
