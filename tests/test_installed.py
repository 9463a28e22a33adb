"""newslint.installed: the entry points and versions it gives are importlib.metadata's, cached or not."""

from __future__ import annotations

import json
from importlib.metadata import entry_points as metadata_entry_points
from importlib.metadata import version

import pytest

from newslint import installed


def _rows(eps):
    return sorted((ep.name, ep.value, ep.dist.version if ep.dist else None) for ep in eps)


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("NEWSLINT_ENTRY_POINT_CACHE", raising=False)
    return tmp_path / "newslint" / installed.CACHE_NAME


def test_entry_points_match_importlib_metadata_cold_and_warm(cache_home):
    expected = _rows(metadata_entry_points(group="newslint"))
    assert expected, "the built-in plugin families are entry points"
    assert _rows(installed.entry_points("newslint")) == expected  # cold: written
    assert cache_home.is_file()
    assert _rows(installed.entry_points("newslint")) == expected  # warm: read back
    for ep in installed.entry_points("newslint"):
        assert ep.load() is metadata_entry_points(group="newslint")[ep.name].load()


def test_a_stale_or_broken_cache_file_is_not_trusted(cache_home):
    expected = _rows(metadata_entry_points(group="newslint"))
    installed.entry_points("newslint")
    data = json.loads(cache_home.read_text())
    (key,) = data
    cache_home.write_text(json.dumps({"another sys.path": [["bogus", "no.such.module", "9"]]}))
    assert _rows(installed.entry_points("newslint")) == expected  # as after a package was installed
    cache_home.write_text(json.dumps({key: [[1]]}))
    assert _rows(installed.entry_points("newslint")) == expected
    cache_home.write_text("not json")
    assert _rows(installed.entry_points("newslint")) == expected


def test_the_file_keeps_a_few_sys_path_states(cache_home):
    installed.entry_points("newslint")
    (key,) = json.loads(cache_home.read_text())
    cache_home.write_text(json.dumps({f"other {i}": [] for i in range(20)}))
    installed.entry_points("newslint")
    data = json.loads(cache_home.read_text())
    assert len(data) == installed.KEEP_KEYS and list(data)[-1] == key


def test_cache_off_writes_nothing(cache_home, monkeypatch):
    monkeypatch.setenv("NEWSLINT_ENTRY_POINT_CACHE", "off")
    assert _rows(installed.entry_points("newslint")) == _rows(metadata_entry_points(group="newslint"))
    assert not cache_home.exists()


def test_a_new_distribution_folder_changes_the_key(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    before = installed._state_key("newslint")
    (tmp_path / "extra_plugin-1.0.dist-info").mkdir()
    assert installed._state_key("newslint") != before


@pytest.mark.parametrize("name", ["pint", "click", "pluggy", "newslint", "markdown-it-py", "PyYAML"])
def test_dist_version_is_importlib_metadata_version(name):
    assert installed.dist_version(name) == version(name)
