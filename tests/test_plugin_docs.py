"""Every hook and every rule is documented; the core validates what plugins register."""

from __future__ import annotations

import inspect
import typing

import pytest

from newslint import hookspecs
from newslint.api import Check, Rule, Severity
from newslint.registry import PluginError, PluginHost
from newslint.rule import render_rule_doc

HOOKS = [getattr(hookspecs, n) for n in dir(hookspecs) if n.startswith("newslint_")]


def test_there_are_hooks():
    assert {h.__name__ for h in HOOKS} >= {
        "newslint_register_rules",
        "newslint_register_checks",
        "newslint_register_extractors",
        "newslint_register_reporters",
        "newslint_register_rule_packs",
        "newslint_parse_document",
    }


@pytest.mark.parametrize("hook", HOOKS, ids=lambda h: h.__name__)
def test_every_hook_is_typed_and_documented_in_one_shape(hook):
    doc = inspect.getdoc(hook)
    assert doc, f"{hook.__name__} has no docstring"
    lines = doc.splitlines()
    assert lines[0].endswith(".") and len(lines) > 2 and lines[1] == "", "summary line, then a blank line"
    sig = inspect.signature(hook)
    hints = typing.get_type_hints(hook, globalns={**vars(hookspecs), **_type_namespace()})
    for name in sig.parameters:
        assert name in hints, f"{hook.__name__}: parameter {name!r} has no type"
        assert f":param {name}:" in doc, f"{hook.__name__}: parameter {name!r} is not documented"
    assert "return" in hints, f"{hook.__name__} has no return type"
    assert ":returns:" in doc, f"{hook.__name__} does not document what it returns"


def _type_namespace():
    from pathlib import Path

    from newslint.api import Extractor, Reporter
    from newslint.document import Document

    return {
        "Path": Path,
        "Document": Document,
        "Check": Check,
        "Rule": Rule,
        "Extractor": Extractor,
        "Reporter": Reporter,
    }


def test_every_hookspec_module_function_is_a_hook():
    for name, obj in vars(hookspecs).items():
        if inspect.isfunction(obj) and obj.__module__ == hookspecs.__name__:
            assert name.startswith("newslint_"), f"{name} must be prefixed newslint_"


def test_every_registered_rule_is_documented():
    host = PluginHost()
    assert not host.load_errors, host.load_errors
    for rule in host.rules.values():
        for section in ("summary", "what", "why", "example"):
            text = getattr(rule, section).strip()
            assert len(text) >= 10, f"{rule.code} has a placeholder {section!r}"
        page = render_rule_doc(rule)
        assert "## What it does" in page and "## Why is this bad?" in page and "## Example" in page
        assert rule.plugin, f"{rule.code} has no plugin"


def test_every_check_code_is_a_registered_rule():
    host = PluginHost()
    for check in host.checks:
        assert set(check.codes) <= set(host.rules)


class _Dup:
    from newslint.hookimpl import hookimpl

    @staticmethod
    @hookimpl
    def newslint_register_rules(register):
        register(Rule("NL001", "another-parse-error", Severity.ERROR, "s" * 12, "w" * 12, "y" * 12, "e" * 12))


class _Undocumented:
    from newslint.hookimpl import hookimpl

    @staticmethod
    @hookimpl
    def newslint_register_rules(register):
        register(Rule("XX001", "no-docs", Severity.ERROR, "summary here", "", "why", "example"))


class _UnknownCode:
    from newslint.hookimpl import hookimpl

    @staticmethod
    @hookimpl
    def newslint_register_checks(register):
        register(Check("orphan", ("ZZ999",), lambda ctx: []))


@pytest.mark.parametrize(
    "plugin, message",
    [
        (_Dup, "already registered"),
        (_Undocumented, "no 'what' documentation"),
        (_UnknownCode, "unregistered codes"),
    ],
)
def test_core_validates_registrations(plugin, message):
    host = PluginHost()
    host.pm.register(plugin, name="bad")
    host.rules, host.checks, host.extractors, host.reporters = {}, [], {}, {}
    with pytest.raises(PluginError, match=message):
        host._collect()
