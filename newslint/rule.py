"""What rules are: rule codes with their documentation, severities, and fact extractors.

The core owns validation and uniqueness of everything registered (see ``newslint.registry``);
plugins only describe what they add.  The other things a plugin registers live next to the types
they take: :class:`newslint.check.Check` with the check context, :class:`newslint.report.Reporter`
with the report.  This module sits low in the import graph (it names only documents, facts and rule
packs), so that the flow document -> facts -> rules -> findings -> report has no loop; plugins import
all of these from :mod:`newslint.api`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newslint.document import Document
    from newslint.facts import Fact
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


def render_rule_doc(rule: Rule) -> str:
    """The documentation page of ``rule`` in Markdown (``newslint rule CODE``, SARIF help)."""
    parts = [
        f"# {rule.name} ({rule.code})",
        "",
        f"Derived from the **{rule.plugin}** plugin. Default severity: {rule.severity.label}.",
        "",
        "## What it does",
        rule.what.strip(),
        "",
        "## Why is this bad?",
        rule.why.strip(),
        "",
        "## Example",
        "```",
        rule.example.strip(),
        "```",
    ]
    if rule.options.strip():
        parts += ["", "## Options", rule.options.strip()]
    return "\n".join(parts)
