"""The draft cache (newslint/draft_cache.py): a draft checked again unchanged is not parsed or
extracted again, and its report is the one a fresh reading gives."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from newslint import draft_cache, runner
from newslint.registry import PluginHost
from newslint.runner import CheckOptions, run_check
from newslint.testing import document

ROOT = Path(__file__).resolve().parents[1]
KURSK = ROOT.parent / "shared" / "corpus" / "kursk-2024-08"

WIRE = (
    "Published: 4 March 2031\n\n"
    "Flood waters covered 35 square kilometres of Marrow Vale on Tuesday, the regional office said.\n\n"
    '"We will rebuild every bridge," said Ana Ferreira, the regional governor.\n'
)
DRAFT = (
    "---\ndate: 2031-03-05\nupdated: 2031-03-05 09:30:00+01:00\ntags: [floods, {region: Marrow}]\n---\n"
    "Flood waters covered 35 square kilometres of Marrow Vale on Tuesday.\n\n"
    '"We will rebuild every bridge," said Ana Ferreira.\n'
)


def _newsroom(tmp_path: Path) -> Path:
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "floods.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "newslint.toml").write_text('sources = ["wire"]\n', encoding="utf-8")
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    return tmp_path


def _report(**options) -> str:
    report = run_check(["draft.md"], CheckOptions(**options))
    return json.dumps([f.to_json() for f in report.findings], sort_keys=True) + repr(list(report.sources))


def _entries(root: Path) -> list[Path]:
    return sorted((root / ".newslint_cache" / draft_cache.DIRNAME).glob("*.json"))


def _no_reading(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the draft was read again")

    monkeypatch.setattr(runner, "load_document", refuse)
    monkeypatch.setattr(runner, "extract_facts", refuse)


def test_an_unchanged_draft_is_not_read_again_and_reports_the_same(tmp_path, monkeypatch):
    monkeypatch.chdir(_newsroom(tmp_path))
    fresh = _report(no_cache=True)
    first = _report()
    assert len(_entries(tmp_path)) == 1
    with monkeypatch.context() as m:
        _no_reading(m)
        assert _report() == first == fresh


def test_an_edited_draft_is_read_again(tmp_path, monkeypatch):
    monkeypatch.chdir(_newsroom(tmp_path))
    assert '"NL201"' not in _report()
    (tmp_path / "draft.md").write_text(DRAFT.replace("35 square", "53 square"), encoding="utf-8")
    edited = _report()
    assert '"code": "NL201"' in edited and "53 square kilometres" in edited
    assert edited == _report(no_cache=True)
    assert len(_entries(tmp_path)) == 2


def test_another_date_or_another_name_is_another_entry(tmp_path, monkeypatch):
    monkeypatch.chdir(_newsroom(tmp_path))
    _report()
    later = _report(date=dt.date(2031, 3, 12))
    assert later == _report(date=dt.date(2031, 3, 12), no_cache=True)
    assert len(_entries(tmp_path)) == 2
    (tmp_path / "copy.md").write_text(DRAFT, encoding="utf-8")
    run_check(["copy.md"], CheckOptions())
    assert len(_entries(tmp_path)) == 3


@pytest.mark.parametrize(
    "damage",
    [
        lambda e: "not json {",
        lambda e: json.dumps({**e, "key": "0" * 64}),  # another draft's entry under this name
        lambda e: json.dumps({**e, "paragraphs": [[0, 0, 10**9]]}),  # a span past the text
        lambda e: json.dumps({**e, "facts": {**e["facts"], "quantities": [[0, 4, "35", "[1,2]"]]}}),
        lambda e: json.dumps({**e, "facts": {"no-such-kind": []}}),
        lambda e: json.dumps({**e, "front_matter": {"set": [1]}}),
        lambda e: json.dumps({**e, "line_starts": [0, 0]}),
        lambda e: json.dumps({**e, "blanked": [[5, 2]]}),
        lambda e: json.dumps({**e, "text": None}),
        lambda e: json.dumps([]),
    ],
)
def test_a_damaged_or_forged_entry_is_ignored_and_written_again(tmp_path, monkeypatch, damage):
    monkeypatch.chdir(_newsroom(tmp_path))
    first = _report()
    (entry,) = _entries(tmp_path)
    entry.write_text(damage(json.loads(entry.read_text(encoding="utf-8"))), encoding="utf-8")
    assert _report() == first
    assert json.loads(entry.read_text(encoding="utf-8"))["key"] == entry.stem  # rewritten whole
    with monkeypatch.context() as m:
        _no_reading(m)
        assert _report() == first


def test_a_draft_an_extractor_failed_on_is_not_kept(tmp_path, monkeypatch):
    monkeypatch.chdir(_newsroom(tmp_path))
    real = runner.extract_facts

    def failing(doc, host):
        real(doc, host)
        return ["extractor 'quotes' of plugin 'newslint' failed on draft.md: ValueError: boom"]

    monkeypatch.setattr(runner, "extract_facts", failing)
    for _ in range(2):
        assert '"NL002"' in _report()  # reported on every run, never hidden by the cache
    assert _entries(tmp_path) == []


def test_no_cache_keeps_no_draft(tmp_path, monkeypatch):
    monkeypatch.chdir(_newsroom(tmp_path))
    _report(no_cache=True)
    assert not (tmp_path / ".newslint_cache").exists()


def test_the_oldest_entries_go_beyond_the_limit(tmp_path, monkeypatch):
    monkeypatch.chdir(_newsroom(tmp_path))
    monkeypatch.setattr(draft_cache, "MAX_ENTRIES", 3)
    names = []
    for i in range(5):
        (tmp_path / "draft.md").write_text(DRAFT + f"\nUpdate {i}.\n", encoding="utf-8")
        _report()
        newest = max(_entries(tmp_path), key=lambda p: p.stat().st_mtime_ns)
        os.utime(newest, ns=(0, 10**18 + i))  # an order the file system's clock cannot blur
        names.append(newest.name)
    assert [p.name for p in _entries(tmp_path)] == sorted(names[-3:])


def _documents() -> list[tuple[str, str]]:
    texts = [(DRAFT, "draft.md"), (WIRE, "wire.txt")]
    files = [p for p in sorted((ROOT / "examples").glob("[!.]*/*")) if p.suffix in (".md", ".txt")]
    files += sorted(KURSK.glob("*.txt")) if KURSK.is_dir() else []
    return texts + [(p.read_text(encoding="utf-8"), p.name) for p in files]


def test_an_entry_gives_back_the_very_document(tmp_path):
    host = PluginHost()
    fact_types = {kind: ex.fact_type for kind, ex in host.extractors.items()}
    documents = _documents()
    assert len(documents) >= 8
    for text, name in documents:
        doc = document(text, name, host=host)
        draft_cache.save(tmp_path, "k" + name, doc)
        back = draft_cache.load(tmp_path, "k" + name, fact_types)
        assert back is not None, name
        assert back == doc, name  # every field: text, prose, positions, sentences, facts, front matter
        assert back.prose == doc.prose and back.facts == doc.facts


def test_front_matter_of_another_type_is_not_kept(tmp_path):
    doc = document("---\nstamps: !!set {a, b}\n---\nThe council met.\n", "d.md")
    draft_cache.save(tmp_path, "k", doc)
    assert not (tmp_path / draft_cache.DIRNAME / "k.json").exists()


@pytest.mark.parametrize("draft", ["word/ambel-rewrite.docx", "wire-xml/ambel-floods-2025-03-04.nitf.xml"])
def test_drafts_of_other_formats_come_back_from_the_cache_as_their_reader_made_them(
    tmp_path, monkeypatch, draft
):
    import shutil

    shutil.copytree(
        ROOT / "examples", tmp_path / "examples", ignore=shutil.ignore_patterns(".newslint_cache")
    )
    monkeypatch.chdir(tmp_path / "examples")

    def report(**options) -> str:
        r = run_check([draft], CheckOptions(**options))
        return json.dumps([f.to_json() for f in r.findings], sort_keys=True)

    fresh = report(no_cache=True)
    assert report() == fresh
    assert len(_entries(tmp_path / "examples")) == 1
    with monkeypatch.context() as m:
        _no_reading(m)
        assert report() == fresh
