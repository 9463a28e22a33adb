"""What plugins register: rules (codes with their documentation), checks, extractors and reporters.

The core owns validation and uniqueness of everything registered (see ``newslint.registry``);
plugins only describe what they add.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from newslint.check import CheckContext
    from newslint.document import Document
    from newslint.facts import Fact
    from newslint.finding import Finding
    from newslint.report import Report
    from newslint.rulepacks import RulePacks

CODE_PATTERN = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        return cls[value.strip().upper()]


@dataclass(frozen=True)
class Rule:
    """A rule code and its documentation, in the shape of ruff's rule pages.

    ``summary`` is one line (when the rule fires); ``what``, ``why`` and ``example`` become the
    sections "What it does", "Why is this bad?" and "Example" of ``newslint rule CODE``.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    what: str
    why: str
    example: str
    options: str = ""
    plugin: str = ""


@dataclass(frozen=True)
class Check:
    """A function that inspects one draft and yields findings for some of ``codes``.

    A check runs only when at least one of its codes is selected.  If it raises, the core reports
    NL002 for the draft and runs the other checks.
    """

    name: str
    codes: tuple[str, ...]
    run: Callable[[CheckContext], Iterable[Finding]]
    plugin: str = ""


@dataclass(frozen=True)
class Extractor:
    """Finds facts of one ``kind`` in a document; shared by drafts and sources.

    ``requires`` names kinds that must be extracted first (their facts are in ``document.facts``).
    ``version`` is part of the cache key: bump it when the extractor's output changes.
    """

    kind: str
    fact_type: type[Fact]
    extract: Callable[[Document, RulePacks], Iterable[Fact]]
    version: str = "1"
    requires: tuple[str, ...] = ()
    plugin: str = ""


@dataclass(frozen=True)
class Reporter:
    """Writes a whole report in one format (``--format NAME``)."""

    name: str
    description: str
    render: Callable[[Report, TextIO], None]
    plugin: str = ""
