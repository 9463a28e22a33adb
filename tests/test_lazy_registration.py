"""Built-in extractors and report formats are registered without importing their modules."""

from __future__ import annotations

import datetime as dt
import importlib
import subprocess
import sys

from newslint.extractors import BUILTIN_EXTRACTORS, BUILTIN_MODULES
from newslint.registry import PluginHost
from newslint.testing import document


def test_each_entry_says_what_its_module_says():
    for (module, kind, fact_type, version, requires), entry in zip(
        BUILTIN_MODULES, BUILTIN_EXTRACTORS, strict=True
    ):
        real = importlib.import_module(module).EXTRACTOR
        assert (entry.kind, entry.fact_type, entry.version, entry.requires) == (
            real.kind,
            real.fact_type,
            real.version,
            real.requires,
        ), (
            f"newslint/extractors/__init__.py disagrees with {module}.EXTRACTOR: copy its kind, version, requires"
        )
        assert (kind, fact_type, version, requires) == (
            entry.kind,
            entry.fact_type,
            entry.version,
            entry.requires,
        )


def test_the_lazy_extractor_gives_the_module_s_facts():
    host = PluginHost()
    doc = document(
        'Ana Ferreira said on Monday that 1,200 hectares had burned. "We have never seen it," she said.\n',
        date=dt.date(2031, 3, 12),
    )
    expected = dict(doc.facts)  # what the lazy entries found, through the registry
    for entry in BUILTIN_EXTRACTORS:
        real = importlib.import_module(_module(entry.kind)).EXTRACTOR.extract
        assert tuple(real(doc, host.packs)) == expected[entry.kind]
        assert tuple(entry.extract(doc, host.packs)) == expected[entry.kind]
        assert expected[entry.kind]  # every kind found something in that sentence


def _module(kind: str) -> str:
    return next(m for m, k, *_ in BUILTIN_MODULES if k == kind)


def test_registering_the_plugins_imports_no_extractor():
    code = (
        "import sys\n"
        "from newslint.registry import PluginHost\n"
        "host = PluginHost()\n"
        "assert set(host.extractors) >= {'temporal', 'quotes', 'quantities'}, host.extractors\n"
        "print(sorted(m for m in sys.modules if m.startswith('newslint.extractors.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_each_report_format_names_the_module_that_renders_it():
    from newslint.reporters import BUILTIN_MODULES

    for name, module in BUILTIN_MODULES.items():
        assert importlib.import_module(module).REPORTER.name == name


def test_a_run_imports_only_the_format_it_prints(tmp_path):
    (tmp_path / "draft.md").write_text("The council met on Tuesday.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from newslint.cli import main\n"
        "try:\n"
        "    main(['check', '--no-cache', '--format', 'json', 'draft.md'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('newslint.reporters.')), file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert '"findings"' in run.stdout
    assert run.stderr.strip().splitlines()[-1] == "['newslint.reporters.json_report']"


def test_a_lazy_pattern_compiles_on_first_use_and_then_hands_out_the_compiled_methods():
    import re

    from newslint.lazy_re import LazyPattern, lazy_compile

    p = lazy_compile(r"(\d+) km", re.I)
    assert "search" not in vars(p)  # nothing compiled yet
    assert p.search("a 40 KM road").group(1) == "40"
    assert vars(p)["search"] == re.compile(r"(\d+) km", re.I).search
    assert [m.group(1) for m in p.finditer("1 km, 2 km")] == ["1", "2"]
    assert p.pattern == r"(\d+) km" and p.flags & re.I
    assert isinstance(p, LazyPattern)


def test_importing_the_document_model_compiles_none_of_its_parser_patterns():
    code = (
        "import newslint.document as d\n"
        "from newslint.lazy_re import LazyPattern\n"
        "lazy = [v for v in vars(d).values() if isinstance(v, LazyPattern)]\n"
        "print(len(lazy), sum(len(vars(v)) > 1 for v in lazy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    lazy, compiled = map(int, out.split())
    assert lazy >= 20 and compiled == 0
