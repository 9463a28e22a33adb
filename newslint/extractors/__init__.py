"""Fact extractors shared by drafts and sources. Each module defines one ``Extractor``."""

from newslint.rule import Extractor

BUILTIN_EXTRACTORS: list[Extractor] = []
