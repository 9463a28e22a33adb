"""Hook specifications: everything a newslint plugin can implement.

Every hook is prefixed ``newslint_``, fully typed, and documented in one fixed shape: a one-line
summary, a paragraph on when it is called, ``:param name:`` for each parameter and ``:returns:``.
``tests/test_plugin_docs.py`` fails when a hook (or a rule) lacks that documentation.

A plugin is a module (or object) with functions of these names decorated with
``newslint.hookimpl`` (also ``newslint.api.hookimpl``), published under the entry-point group
``newslint`` or named in the ``plugins`` key of the configuration.  The built-in rule families in
``newslint.plugins`` register exactly this way.  Everything a hook receives or registers (Rule,
Check, CheckContext, Extractor, Reporter, Document, facts) is importable from :mod:`newslint.api`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

from newslint.rulepacks import RulePacks  # at run time: tests/test_plugin_docs.py resolves the hints

if TYPE_CHECKING:
    from pathlib import Path

    from newslint.check import Check
    from newslint.document import Document
    from newslint.report import Reporter
    from newslint.rule import Extractor, Rule

hookspec = pluggy.HookspecMarker("newslint")


@hookspec
def newslint_register_rules(register: Callable[[Rule], None]) -> None:
    """Register rule codes and their documentation.

    Called once when the plugin manager starts.  Call ``register`` once per code; the core rejects a
    code that is malformed, already taken, or missing any documentation section.

    :param register: the callback that records one :class:`newslint.rule.Rule`.
    :returns: nothing; rules are given through ``register``.
    """


@hookspec
def newslint_register_checks(register: Callable[[Check], None]) -> None:
    """Register checks: functions that read a draft's facts and yield findings.

    Called once when the plugin manager starts.  Every code a check emits must have been registered
    as a rule.  A check that raises becomes NL002 on the draft; the other checks still run.

    :param register: the callback that records one :class:`newslint.check.Check`.
    :returns: nothing; checks are given through ``register``.
    """


@hookspec
def newslint_register_extractors(register: Callable[[Extractor], None]) -> None:
    """Register fact extractors, shared by drafts and sources.

    Called once when the plugin manager starts.  Each extractor owns one fact kind (unique across
    plugins).  Source facts are cached per content hash and extractor version.

    :param register: the callback that records one :class:`newslint.rule.Extractor`.
    :returns: nothing; extractors are given through ``register``.
    """


@hookspec
def newslint_register_reporters(register: Callable[[Reporter], None]) -> None:
    """Register report formats for ``--format``.

    Called once when the plugin manager starts.  Format names are unique across plugins.

    :param register: the callback that records one :class:`newslint.report.Reporter`.
    :returns: nothing; reporters are given through ``register``.
    """


@hookspec
def newslint_register_rule_packs(register: Callable[[Path], None]) -> None:
    """Register declarative rule packs (TOML files: unit spellings, speech verbs, spelling variants).

    Called once when the plugin manager starts, before the packs named in the configuration are
    read, so a newsroom's own packs extend and override a plugin's.

    :param register: the callback that records the path of one TOML rule pack.
    :returns: nothing; packs are given through ``register``.
    """


@hookspec(firstresult=True)
def newslint_parse_document(path: str, data: bytes, packs: RulePacks) -> Document | None:
    """Parse a document format the core does not know (HTML, NITF, NewsML-G2, DOCX, ...).

    Called for every draft and source before the core's own Markdown and plain-text parsers; the
    first plugin to return a document wins.  A reader looks at the path's suffix (and the content)
    and returns ``None`` for files it does not read.  It raises
    :class:`newslint.errors.DocumentError` (one line naming the problem and what to do) for a file
    of its format that is malformed, and :class:`newslint.errors.DocumentSkipped` for a file with
    its suffix that is not of its format (an ``.xml`` file that is neither NITF nor NewsML-G2): a
    source folder skips such a file with a note.  Build the document with
    :func:`newslint.document.document_from_prose` so that every position points into the file.

    :param path: the path of the file as it is reported.
    :param data: the file's content as bytes (a reader decodes it: DOCX is a zip, XML declares its
        encoding).
    :param packs: the rule packs in effect (the dateline vocabulary, for one).
    :returns: a :class:`newslint.document.Document`, or ``None`` to leave the file to others.
    """
