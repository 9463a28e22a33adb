"""The plugin host: loads plugins and owns what they register (rules, checks, extractors, reporters).

Built-in families and third-party plugins load the same way, from the entry-point group
``newslint``; local plugin modules come from the configuration.  Registration goes through
callbacks (as in ``llm``), so the core validates each item and keeps codes and names unique.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

from newslint import hookspecs
from newslint.check import Check
from newslint.errors import ConfigError, NewslintError
from newslint.installed import entry_points
from newslint.report import Reporter
from newslint.rule import CODE_PATTERN, NAME_PATTERN, Extractor, Rule
from newslint.rulepacks import RulePacks, builtin_pack_paths

if TYPE_CHECKING:
    from newslint.config import Config

ENTRY_POINT_GROUP = "newslint"


class PluginHost:
    @classmethod
    def for_config(cls, config: Config) -> PluginHost:
        """The host for one configuration: its local plugins and rule packs.  A local plugin that
        cannot be imported is exit 2 naming the configuration's ``plugins`` line."""
        try:
            return cls(
                [config.resolve(p) for p in config.plugins],
                [config.resolve(p) for p in config.rule_packs],
                config.display,
            )
        except ConfigError as exc:
            if exc.path == config.display and exc.line is None and "'plugins'" in exc.message:
                exc.line = config.key_lines.get("plugins")
            raise

    def __init__(
        self, local_plugins: Sequence[Path] = (), rule_packs: Sequence[Path] = (), config_path: str = ""
    ):
        self.pm = pluggy.PluginManager("newslint")
        self.pm.add_hookspecs(hookspecs)
        self.plugin_versions: dict[str, str] = {}
        self.load_errors: list[str] = []
        self.rules: dict[str, Rule] = {}
        self.checks: list[Check] = []
        self.extractors: dict[str, Extractor] = {}
        self.reporters: dict[str, Reporter] = {}
        self.packs = RulePacks()

        from newslint import builtins

        self._register_plugin(builtins, "newslint", _own_version())
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            # A broken third-party plugin does not stop `newslint plugins` or `rules`; `check` refuses
            # to run without it (raise_load_errors): an "All clear" missing a plugin's rules would lie.
            try:
                module = ep.load()
            except (Exception, SystemExit) as exc:
                self.load_errors.append(
                    f"plugin {ep.name!r} failed to load ({type(exc).__name__}: {exc}); "
                    f"fix or uninstall the package that provides it"
                )
                continue
            version = ep.dist.version if ep.dist else "?"
            try:
                self._register_plugin(module, ep.name, version)
            except PluginError as exc:
                self.load_errors.append(str(exc))
        for path in local_plugins:
            self._register_plugin(_import_local(path, config_path), f"local:{Path(path).name}", "local")
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            raise PluginError(
                f"plugin {self.pm.get_name(exc.plugin)!r} implements a hook newslint does not have "
                f"({_first_line(exc)}); check the function's name against newslint.hookspecs"
            ) from None

        self._collect()
        for pack in builtin_pack_paths():
            self.packs.add_file(pack, f"newslint.rules/{pack.name}")
        self.pm.hook.newslint_register_rule_packs(register=lambda p: self.packs.add_file(p))
        for pack in rule_packs:
            self.packs.add_file(pack)

    def raise_load_errors(self) -> None:
        """Exit 2 naming the plugin(s) that failed to load (``check`` calls this)."""
        if self.load_errors:
            raise PluginError("; ".join(self.load_errors))

    def _register_plugin(self, module, name: str, version: str) -> None:
        if self.pm.is_registered(module) or self.pm.has_plugin(name):
            return
        try:
            self.pm.register(module, name=name)
        except pluggy.PluginValidationError as exc:  # a misnamed argument, a bad hookimpl option
            raise PluginError(f"plugin {name!r} cannot be registered: {_first_line(exc)}") from None
        for caller in self.pm.get_hookcallers(module) or ():
            if caller.name == "newslint_parse_document":
                continue  # called through pluggy, so wrappers work there
            for impl in caller.get_hookimpls():
                if impl.plugin is module and (impl.hookwrapper or impl.wrapper):
                    self.pm.unregister(module)
                    raise PluginError(
                        f"plugin {name!r}: {caller.name} is a wrapper (hookimpl wrapper=True or "
                        "hookwrapper=True); registration hooks are called once per plugin, so wrappers "
                        "are not supported there: remove the option"
                    )
        self.plugin_versions[name] = version

    # -- registration through callbacks ---------------------------------------------------
    def _collect(self) -> None:
        hook = self.pm.hook
        self._call_each(hook.newslint_register_rules, self._add_rule)
        self._call_each(hook.newslint_register_extractors, self._add_extractor)
        self._call_each(hook.newslint_register_checks, self._add_check)
        self._call_each(hook.newslint_register_reporters, self._add_reporter)
        for check in self.checks:
            unknown = [c for c in check.codes if c not in self.rules]
            if unknown:
                raise PluginError(
                    f"plugin {check.plugin!r}: check {check.name!r} emits unregistered codes {unknown}"
                )

    def _call_each(self, caller, add) -> None:
        """Call one registration hook of each plugin in turn, so that what it registers is
        attributed to it; a hook that raises (or calls sys.exit) is a PluginError naming it."""
        for impl in caller.get_hookimpls():
            plugin = impl.plugin_name
            try:
                impl.function(**{impl.argnames[0]: lambda item, _p=plugin: add(item, _p)})
            except PluginError:
                raise
            except (Exception, SystemExit) as exc:
                raise PluginError(
                    f"plugin {plugin!r}: {caller.name} failed ({type(exc).__name__}: {exc}); fix the plugin"
                ) from None

    def _add_rule(self, rule: Rule, plugin: str) -> None:
        if not isinstance(rule, Rule):
            raise PluginError(f"plugin {plugin!r} registered {rule!r}, which is not a Rule")
        if not CODE_PATTERN.match(rule.code):
            raise PluginError(f"plugin {plugin!r}: rule code {rule.code!r} must be letters then three digits")
        if not NAME_PATTERN.match(rule.name):
            raise PluginError(f"plugin {plugin!r}: rule name {rule.name!r} must be kebab-case")
        if rule.code in self.rules:
            raise PluginError(
                f"plugin {plugin!r}: rule code {rule.code} is already registered by {self.rules[rule.code].plugin!r}"
            )
        if any(r.name == rule.name for r in self.rules.values()):
            raise PluginError(f"plugin {plugin!r}: rule name {rule.name!r} is already registered")
        for section in ("summary", "what", "why", "example"):
            if not getattr(rule, section).strip():
                raise PluginError(f"plugin {plugin!r}: rule {rule.code} has no {section!r} documentation")
        self.rules[rule.code] = _replace(rule, plugin=plugin)

    def _add_check(self, check: Check, plugin: str) -> None:
        if not isinstance(check, Check) or not check.codes:
            raise PluginError(f"plugin {plugin!r} registered an invalid check {check!r}")
        if any(c.name == check.name for c in self.checks):
            raise PluginError(f"plugin {plugin!r}: check name {check.name!r} is already registered")
        self.checks.append(_replace(check, plugin=plugin))

    def _add_extractor(self, extractor: Extractor, plugin: str) -> None:
        if not isinstance(extractor, Extractor):
            raise PluginError(f"plugin {plugin!r} registered an invalid extractor {extractor!r}")
        if extractor.kind in self.extractors:
            raise PluginError(f"plugin {plugin!r}: fact kind {extractor.kind!r} already has an extractor")
        self.extractors[extractor.kind] = _replace(extractor, plugin=plugin)

    def _add_reporter(self, reporter: Reporter, plugin: str) -> None:
        if not isinstance(reporter, Reporter):
            raise PluginError(f"plugin {plugin!r} registered an invalid reporter {reporter!r}")
        if reporter.name in self.reporters:
            raise PluginError(f"plugin {plugin!r}: report format {reporter.name!r} is already registered")
        self.reporters[reporter.name] = _replace(reporter, plugin=plugin)

    # -- queries ------------------------------------------------------------------------------
    def ordered_extractors(self) -> list[Extractor]:
        """Extractors in an order that satisfies ``requires``."""
        done: dict[str, Extractor] = {}

        def visit(ex: Extractor, stack: tuple[str, ...]) -> None:
            if ex.kind in done:
                return
            for req in ex.requires:
                if req in stack:
                    raise PluginError(
                        f"extractors require each other in a cycle: {' -> '.join(stack + (req,))}"
                    )
                if req not in self.extractors:
                    raise PluginError(f"extractor {ex.kind!r} requires {req!r}, which no plugin provides")
                visit(self.extractors[req], stack + (req,))
            done[ex.kind] = ex

        for ex in self.extractors.values():
            visit(ex, (ex.kind,))
        return list(done.values())

    @property
    def extraction_fingerprint(self) -> str:
        """What source facts depend on besides the source's content: newslint, extractors, packs."""
        from newslint.facts import KEYS_VERSION

        parts = [_own_version(), f"keys:{KEYS_VERSION}", self.packs.fingerprint]
        parts += [f"{e.kind}:{e.plugin}:{e.version}" for e in self.ordered_extractors()]
        return "|".join(parts)


def _first_line(exc: BaseException) -> str:
    return " ".join(
        str(exc).split("\n")[:1] + [ln.strip() for ln in str(exc).split("\n")[1:] if "Argument" in ln]
    )


class PluginError(NewslintError):
    """A plugin registered something invalid (a programming error of the plugin's author)."""


def _replace(obj, **changes):
    import dataclasses

    return dataclasses.replace(obj, **changes)


def _own_version() -> str:
    from newslint import __version__

    return __version__


def _import_local(path: Path, config_path: str):
    from newslint.sources import display_path

    path = Path(path)
    shown = display_path(path)
    name = f"newslint_local_{path.stem}_{abs(hash(str(path.resolve())))}"
    if name in sys.modules:
        return sys.modules[name]
    if not path.is_file():
        raise ConfigError(f"plugin module {shown!r} does not exist; fix the 'plugins' key", config_path)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ConfigError(
            f"plugin module {shown!r} is not a Python module; fix the 'plugins' key", config_path
        )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise ConfigError(
            f"plugin module {shown!r} failed to import ({type(exc).__name__}: {exc}); fix the module",
            config_path,
        ) from None
    return module
