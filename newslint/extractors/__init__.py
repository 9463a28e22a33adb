"""Fact extractors shared by drafts and sources. Each module defines one ``Extractor``."""

from newslint.extractors.quantities import EXTRACTOR as QUANTITIES
from newslint.extractors.quotes import EXTRACTOR as QUOTES
from newslint.extractors.temporal import EXTRACTOR as TEMPORAL
from newslint.rule import Extractor

BUILTIN_EXTRACTORS: list[Extractor] = [TEMPORAL]
BUILTIN_EXTRACTORS.append(QUOTES)
BUILTIN_EXTRACTORS.append(QUANTITIES)
