"""Facts: what extractors find in a document (figures, quotes, dates), shared by drafts and sources.

A fact is a frozen dataclass deriving from :class:`Fact`.  Its fields hold only JSON values
(str, int, float, bool, None) or tuples of them, so that facts can be cached in the source index as
JSON (never pickle: a cache file committed to a repository must not be able to run code).
Every fact carries its span (offsets into the document) and the excerpt it was read from.

Layout: one module per fact kind, ``newslint/facts/<kind>.py`` (``quantity``, ``temporal``,
``quote``, ...).  A kind module owns

- the fact type (a frozen dataclass deriving from :class:`Fact`),
- its arithmetic (tolerance, intervals, comparisons between two facts of the kind),
- the public builders of its index keys, used both by :meth:`Fact.index_keys` (what the source
  index files a fact under) and by the rules that look facts up, so that the key format is written
  once.

A kind module imports nothing from newslint above ``newslint.facts`` (no document, rule, index,
extractor or plugin): extractors build facts, rules compare them, and both import the kind module,
never each other.  ``tests/test_import_graph.py`` enforces this.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, ClassVar

#: The version of what facts file in the source index (their keys and value ranges): part of the
#: extraction fingerprint, so that an index filed under other keys is extracted again.
KEYS_VERSION = 3


@dataclasses.dataclass(frozen=True, slots=True)
class Fact:
    """Base class of every fact: ``start``/``end`` offsets into the document and its ``text``."""

    kind: ClassVar[str] = "fact"

    start: int
    end: int
    text: str

    def index_keys(self) -> Iterable[str]:
        """Keys under which the source index files this fact (for lookups from drafts)."""
        return ()

    def index_ranges(self) -> dict[str, tuple[float, float]]:
        """For keys that file a number (a figure's value), the least and greatest magnitude of the
        fact's values filed under the key.  The index keeps them beside each posting, so that a
        lookup ``within`` a span of values returns only the facts that may lie in it, without
        decoding the others.  Keys not named here carry no value and pass every span."""
        return {}


def fact_to_json(fact: Fact) -> dict[str, Any]:
    return {f.name: _to_json(getattr(fact, f.name)) for f in dataclasses.fields(fact)}


def fact_from_json(cls: type[Fact], data: dict[str, Any]) -> Fact:
    return cls(**{k: (_from_json(v) if type(v) is list else v) for k, v in data.items()})


def _to_json(value):
    if isinstance(value, tuple):
        return [_to_json(v) for v in value]
    return value


def _from_json(value):
    if isinstance(value, list):
        return tuple(_from_json(v) for v in value)
    return value
