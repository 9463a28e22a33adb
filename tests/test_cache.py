"""The source index cache: reuse, refresh on change, corruption, locks, concurrent processes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from newslint.index import FactCache
from newslint.runner import CheckOptions, run_check


def _newsroom(tmp_path: Path, n_sources: int = 3) -> Path:
    (tmp_path / "wire").mkdir()
    for i in range(n_sources):
        (tmp_path / "wire" / f"story{i:03}.txt").write_text(
            f" date 2025-03-0{1 + i % 9} Story {i}. The council met on Tuesday and approved {100 + i} homes.\n",
            encoding="utf-8",
        )
    (tmp_path / "newslint.toml").write_text('sources = ["wire"]\n', encoding="utf-8")
    (tmp_path / "draft.md").write_text("The council approved the homes.\n", encoding="utf-8")
    return tmp_path


def _rows(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM facts").fetchone()[0]


def test_cache_is_written_and_refreshed_when_a_source_changes(tmp_path, monkeypatch):
    root = _newsroom(tmp_path)
    monkeypatch.chdir(root)
    run_check(["draft.md"], CheckOptions())
    db = root / ".newslint_cache" / "index.sqlite"
    assert _rows(db) == 3
    run_check(["draft.md"], CheckOptions())
    assert _rows(db) == 3  # unchanged sources: read back, not re-added
    (root / "wire" / "story000.txt").write_text(" date 2025-03-01 Changed story.\n", encoding="utf-8")
    report = run_check(["draft.md"], CheckOptions())
    assert _rows(db) == 4  # the changed content got its own row
    assert report.warnings == []


def test_cached_source_equals_fresh_source(tmp_path, monkeypatch):
    from newslint.index import SourceIndex, load_source
    from newslint.registry import PluginHost

    root = _newsroom(tmp_path, 1)
    host = PluginHost()
    path = root / "wire" / "story000.txt"
    cache = FactCache(root / "c")
    fresh, _ = load_source(path, "wire/story000.txt", host, cache)
    assert fresh.doc is not None and fresh.stored
    cached, _ = load_source(path, "wire/story000.txt", host, cache)
    assert cached.doc is None and cached.stored and cached.date == fresh.date  # known, not loaded
    doc = SourceIndex(handles=[cached], cache=cache, host=host).documents[0]
    assert doc.text is None  # really from the cache
    assert doc.sentences == fresh.doc.sentences and doc.date == fresh.doc.date
    assert doc.facts == fresh.doc.facts and doc.line_starts == fresh.doc.line_starts


def test_lookups_from_the_cache_load_only_matching_sources(tmp_path):
    """With every source cached, a lookup reads the postings table and loads only the sources that
    hold the key, and finds the same facts as the in-memory index."""
    from newslint.index import SourceIndex, load_source
    from newslint.registry import PluginHost

    root = _newsroom(tmp_path, 5)
    host = PluginHost()
    cache = FactCache(root / "c")
    files = sorted((root / "wire").iterdir())
    fresh = [load_source(p, p.name, host, cache)[0] for p in files]
    memory = SourceIndex([h.doc for h in fresh])
    handles = [load_source(p, p.name, host, cache)[0] for p in files]
    index = SourceIndex(handles=handles, cache=cache, host=host)
    kind, fact = next((k, f) for k, fs in fresh[2].doc.facts.items() for f in fs if list(f.index_keys()))
    key = next(iter(fact.index_keys()))
    hits = index.lookup(kind, key)
    assert [(d.path, f) for d, f in hits] == [(d.path, f) for d, f in memory.lookup(kind, key)]
    loaded = [h for h in handles if h.doc is not None]
    assert {d.path for d, _ in hits} == {h.path for h in loaded}
    assert len(loaded) < len(handles) or len({d.path for d, _ in hits}) == len(handles)
    assert index.newest_date == memory.newest_date and index.newest().path == memory.newest().path


def test_no_cache_writes_nothing(tmp_path, monkeypatch):
    root = _newsroom(tmp_path)
    monkeypatch.chdir(root)
    run_check(["draft.md"], CheckOptions(no_cache=True))
    assert not (root / ".newslint_cache").exists()


def test_corrupt_cache_is_rebuilt(tmp_path, monkeypatch):
    root = _newsroom(tmp_path)
    monkeypatch.chdir(root)
    (root / ".newslint_cache").mkdir()
    db = root / ".newslint_cache" / "index.sqlite"
    db.write_bytes(b"this is not a database at all" * 100)
    report = run_check(["draft.md"], CheckOptions())
    assert report.warnings == []
    assert _rows(db) == 3


def test_cache_folder_that_cannot_be_created_is_bypassed(tmp_path, monkeypatch):
    root = _newsroom(tmp_path)
    monkeypatch.chdir(root)
    (root / "blocker").write_text("a file where the cache folder should be")
    report = run_check(["draft.md"], CheckOptions(cache_dir=root / "blocker" / "cache"))
    assert report.files == ["draft.md"] and len(report.sources) == 3
    assert any("running without cache" in w for w in report.warnings)


def test_locked_cache_is_bypassed(tmp_path, monkeypatch):
    root = _newsroom(tmp_path)
    monkeypatch.chdir(root)
    run_check(["draft.md"], CheckOptions())  # create it
    (root / "wire" / "story001.txt").write_text(" date 2025-03-02 New text to write.\n", encoding="utf-8")
    monkeypatch.setattr(FactCache, "BUSY_TIMEOUT_S", 0.1)
    db = root / ".newslint_cache" / "index.sqlite"
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        report = run_check(["draft.md"], CheckOptions())
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(report.sources) == 3
    assert any("cache" in w for w in report.warnings)


def test_concurrent_processes_do_not_corrupt_the_cache(tmp_path):
    """pre-commit runs hooks in parallel: several newslint processes share one cache."""
    root = _newsroom(tmp_path, 40)
    cmd = [sys.executable, "-m", "newslint", "check", "--format", "json", "draft.md"]
    procs = [
        subprocess.Popen(cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode in (0, 1), err
        assert "warning" not in err, err
        assert '"sources"' in out
    db = root / ".newslint_cache" / "index.sqlite"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM facts").fetchone()[0] == 40
    assert len({out for out, _ in outputs}) == 1  # every process saw the same sources and findings
