"""Rule packs parsed from the JSON cache are the packs tomllib parses; an edited pack is parsed anew."""

from __future__ import annotations

import json
import tomllib

import pytest

from newslint import rulepacks
from newslint.errors import ConfigError
from newslint.rulepacks import RulePacks, builtin_pack_paths


@pytest.fixture
def cache_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.delenv("NEWSLINT_PACK_CACHE", raising=False)
    monkeypatch.setattr(rulepacks, "_parsed", None)
    return tmp_path / "home-cache" / "newslint" / "rule-packs.json"


def _packs(paths) -> RulePacks:
    packs = RulePacks()
    for p in paths:
        packs.add_file(p)
    return packs


def test_builtin_packs_from_the_cache_equal_tomllib(cache_file, monkeypatch):
    expected = _packs(builtin_pack_paths())
    assert cache_file.is_file()
    monkeypatch.setattr(rulepacks, "_parsed", None)  # a new process: read from the file
    monkeypatch.setattr(tomllib, "loads", lambda *a, **k: pytest.fail("parsed again"))
    again = _packs(builtin_pack_paths())
    assert again.sections == expected.sections
    assert again.fingerprint == expected.fingerprint


def test_an_edited_pack_is_parsed_again_and_merging_does_not_touch_the_cache(
    cache_file, tmp_path, monkeypatch
):
    pack = tmp_path / "house.toml"
    pack.write_text('[house]\nwords = ["alpha"]\n[house.nested]\nlist = ["x"]\n', encoding="utf-8")
    twice = _packs([pack, pack])
    assert twice.sections == {"house": {"words": ["alpha"], "nested": {"list": ["x"]}}}
    monkeypatch.setattr(rulepacks, "_parsed", None)
    assert _packs([pack]).sections == {"house": {"words": ["alpha"], "nested": {"list": ["x"]}}}
    pack.write_text('[house]\nwords = ["beta"]\n', encoding="utf-8")
    assert _packs([pack]).sections == {"house": {"words": ["beta"]}}


def test_dates_are_not_cached_and_bad_toml_is_still_an_error(cache_file, tmp_path):
    dated = tmp_path / "dated.toml"
    dated.write_text("[s]\nwhen = 2025-03-04\n", encoding="utf-8")
    assert str(_packs([dated]).sections["s"]["when"]) == "2025-03-04"
    assert not cache_file.exists()
    bad = tmp_path / "bad.toml"
    bad.write_text("[s\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        _packs([bad])


def test_a_broken_cache_file_is_ignored(cache_file):
    cache_file.parent.mkdir(parents=True)
    cache_file.write_text(json.dumps({"x": 1}))
    assert _packs(builtin_pack_paths()).sections
    cache_file.write_text("not json")
    assert _packs(builtin_pack_paths()).sections == _packs(builtin_pack_paths()).sections


def test_cache_off(cache_file, monkeypatch):
    monkeypatch.setenv("NEWSLINT_PACK_CACHE", "off")
    _packs(builtin_pack_paths())
    assert not cache_file.exists()
