"""Fact extractors shared by drafts and sources. Each module defines one ``Extractor``.

The built-in extractors are registered without importing their modules: a check whose draft comes
from the draft cache and whose sources come from the index extracts nothing, and importing the
three modules (and compiling their patterns) was a third of what such a check cost.  Each entry
below names its module; the module is imported the first time the extractor runs.  The entries
repeat each module's ``EXTRACTOR`` (kind, fact type, version, requirements), which stays the one
to edit: ``tests/test_lazy_registration.py`` fails when the two differ.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

from newslint.facts import Fact
from newslint.facts.quantity import Quantity
from newslint.facts.quote import Quote
from newslint.facts.temporal import TemporalExpression
from newslint.rule import Extractor


def _lazy(module: str) -> Callable[..., Iterable[Fact]]:
    """``extract(document, packs)`` of ``module``'s EXTRACTOR, importing the module on first use."""
    loaded: list[Callable[..., Iterable[Fact]]] = []

    def extract(document, packs) -> Iterable[Fact]:
        if not loaded:
            loaded.append(importlib.import_module(module).EXTRACTOR.extract)
        return loaded[0](document, packs)

    extract.__qualname__ = f"{module}.EXTRACTOR.extract"
    return extract


#: (module, kind, fact type, version, requires): as in the module's EXTRACTOR.
BUILTIN_MODULES = (
    ("newslint.extractors.temporal", "temporal", TemporalExpression, "6", ("quotes",)),
    ("newslint.extractors.quotes", "quotes", Quote, "3", ()),
    ("newslint.extractors.quantities", "quantities", Quantity, "5", ()),
)

BUILTIN_EXTRACTORS: list[Extractor] = [
    Extractor(kind=kind, fact_type=fact_type, extract=_lazy(module), version=version, requires=requires)
    for module, kind, fact_type, version, requires in BUILTIN_MODULES
]
