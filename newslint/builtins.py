"""The core's own plugin: rules NL001-NL004, the fact extractors, and the built-in report formats."""

from __future__ import annotations

from newslint.hookimpl import hookimpl
from newslint.rule import Rule, Severity

CORE_RULES = (
    Rule(
        code="NL001",
        name="parse-error",
        severity=Severity.ERROR,
        summary="A draft cannot be read as text, or its front matter is malformed.",
        what="Reports a draft that newslint could not read: not UTF-8, binary, empty, malformed front "
        "matter, or a front-matter source outside the project. When it is the only draft, newslint "
        "exits with code 2 instead; among several drafts it becomes this finding and the others are "
        "still checked.",
        why="A draft that cannot be read is a draft nobody checked. The finding says what is wrong and "
        "how to fix it, so the rest of a batch is not held up.",
        example="drafts/broken.md:3:1: NL001 malformed front matter: mapping values are not allowed "
        "here; fix the YAML",
    ),
    Rule(
        code="NL002",
        name="plugin-error",
        severity=Severity.ERROR,
        summary="A rule plugin raised an exception; the other rules still ran.",
        what="Reports a check or extractor that crashed while reading this draft or one of its sources, "
        "naming the plugin and the exception. The other checks run as usual.",
        why="A crash must not pass silently (the draft would look clean for that rule) nor stop the "
        "whole run (the other rules' findings would be lost).",
        example="drafts/story.md:1:1: NL002 check 'quotes' of plugin 'quotes' failed: KeyError: 'speaker'",
    ),
    Rule(
        code="NL003",
        name="unused-suppression",
        severity=Severity.INFO,
        summary="A suppression comment suppressed nothing.",
        what="Reports a `newslint-disable...` comment, or one code in it, that matched no finding of a "
        "rule that ran.",
        why="Stale suppressions hide future problems: once a figure is fixed, the comment that silenced it "
        "would silence the next, different error on that line.",
        example="<!-- newslint-disable-next-line NL201 -- confirmed by phone -->\n"
        "The council approved the budget.\n\n"
        "drafts/story.md:1:1: NL003 suppression of NL201 suppressed nothing",
    ),
    Rule(
        code="NL004",
        name="suppression-without-reason",
        severity=Severity.WARNING,
        summary="A suppression has no reason after `--` while `require-suppression-reason` is on.",
        what="With `require-suppression-reason = true` in the configuration, reports a suppression "
        "comment that does not say why (text after ` -- `).",
        why="An editor reading a silenced finding needs to know who confirmed the figure or quote, and how.",
        example="<!-- newslint-disable-next-line NL201 -->\n\n"
        "drafts/story.md:1:1: NL004 suppression has no reason; add one after ' -- '",
        options="`require-suppression-reason` (bool, default false).",
    ),
)


@hookimpl
def newslint_register_rules(register):
    for rule in CORE_RULES:
        register(rule)


@hookimpl
def newslint_register_extractors(register):
    from newslint.extractors import BUILTIN_EXTRACTORS

    for extractor in BUILTIN_EXTRACTORS:
        register(extractor)


@hookimpl
def newslint_register_reporters(register):
    from newslint.reporters import BUILTIN_REPORTERS

    for reporter in BUILTIN_REPORTERS:
        register(reporter)
