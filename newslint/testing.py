"""Helpers for testing rules and plugins in memory: drafts and sources as strings, no files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newslint.config import Config
from newslint.document import Document
from newslint.extraction import extract_facts, load_document
from newslint.finding import Finding
from newslint.index import SourceIndex
from newslint.registry import PluginHost
from newslint.rulepacks import RulePacks, builtin_pack_paths
from newslint.runner import CheckOptions, run_checks

_host: PluginHost | None = None


def default_host() -> PluginHost:
    global _host
    if _host is None:
        _host = PluginHost()
    return _host


def packs_with(data: dict, name: str = "newsroom.toml") -> RulePacks:
    """The built-in rule packs with a newsroom's pack (``data``, as its TOML would parse) merged
    after them: lists extended, tables merged, ``[remove]`` taking entries away."""
    packs = RulePacks()
    for path in builtin_pack_paths():
        packs.add_file(path)
    packs.add(data, name)
    return packs


def document(
    text: str, name: str = "doc.md", date: dt.date | None = None, host: PluginHost | None = None
) -> Document:
    """Parse ``text`` as the file ``name`` and extract its facts (raising if an extractor fails)."""
    host = host or default_host()
    doc = load_document(text, name, host, date=date)
    errors = extract_facts(doc, host)
    if errors:
        raise AssertionError("; ".join(errors))
    return doc


def check_texts(
    draft: str,
    sources: dict[str, str] | None = None,
    *,
    draft_name: str = "draft.md",
    date: dt.date | None = None,
    select: list[str] | None = None,
    config: Config | None = None,
    host: PluginHost | None = None,
) -> list[Finding]:
    """Check a draft given as text against sources given as ``{name: text}``."""
    host = host or default_host()
    docs = [document(text, name, host=host) for name, text in (sources or {}).items()]
    config = config or Config(root=Path.cwd())
    return run_checks(
        document(draft, draft_name, date=date, host=host),
        SourceIndex(docs),
        config,
        host,
        CheckOptions(select=select),
    )
