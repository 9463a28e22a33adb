"""The source index: freshness by stat, reuse, removal, old/foreign/corrupt caches, concurrency,
and the same findings whatever the cache holds."""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newslint import indexing
from newslint.index import SourceIndex
from newslint.runner import CheckOptions, index_sources, run_check
from newslint.store import FactStore
from newslint.store_sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]


def _newsroom(tmp_path: Path, n_sources: int = 3) -> Path:
    (tmp_path / "wire").mkdir()
    for i in range(n_sources):
        (tmp_path / "wire" / f"story{i:03}.txt").write_text(
            f" date 2025-03-0{1 + i % 9} Story {i}. The council met on Tuesday and approved {100 + i} homes.\n",
            encoding="utf-8",
        )
    (tmp_path / "newslint.toml").write_text('sources = ["wire"]\n', encoding="utf-8")
    (tmp_path / "draft.md").write_text(
        "---\ndate: 2025-03-04\n---\nThe council approved 101 homes and 250 schools on Tuesday.\n",
        encoding="utf-8",
    )
    _age(tmp_path)
    return tmp_path


def _age(*paths: Path) -> None:
    """Date files (every file under a folder) a minute back: out of the racy-timestamp window, as
    files usually are."""
    for p in [q for path in paths for q in ([path] if path.is_file() else path.rglob("*"))]:
        if p.is_file():
            st = p.stat()
            os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns - 60_000_000_000))


def _db(root: Path) -> Path:
    return root / ".newslint_cache" / "index.sqlite"


def _count(db: Path, table: str) -> int:
    """Rows of a table (live ones for contents: an edited source's old content is a tombstone until
    `newslint index` purges it)."""
    where = " WHERE fingerprint >= 0" if table == "contents" else ""
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}{where}").fetchone()[0]


def _report(root: Path, **options) -> str:
    report = run_check(["draft.md"], CheckOptions(**options))
    return json.dumps([f.to_json() for f in report.findings], sort_keys=True) + repr(report.sources)


class _Reads:
    """Counts the files read and the sources extracted during a run."""

    def __init__(self, monkeypatch):
        self.read, self.extracted = [], []
        read, extract = indexing.read_bytes, indexing.extract_source

        def counting_read(path, display):
            self.read.append(display)
            return read(path, display)

        def counting_extract(data, display, digest, host):
            self.extracted.append(display)
            return extract(data, display, digest, host)

        monkeypatch.setattr(indexing, "read_bytes", counting_read)
        monkeypatch.setattr(indexing, "extract_source", counting_extract)


def test_the_sqlite_store_implements_the_protocol(tmp_path):
    store = SQLiteStore(tmp_path / "c")
    assert isinstance(store, FactStore)
    store.close()


def test_unchanged_files_are_not_read_renames_are_free_removed_files_leave(tmp_path, monkeypatch):
    root = _newsroom(tmp_path)
    monkeypatch.chdir(root)
    first = _report(root)
    assert _count(_db(root), "contents") == 3 and _count(_db(root), "files") == 3
    reads = _Reads(monkeypatch)
    assert _report(root) == first
    assert reads.read == [] and reads.extracted == []  # unchanged stat: not even opened

    (root / "wire" / "story001.txt").rename(root / "wire" / "renamed.txt")
    reads = _Reads(monkeypatch)
    run_check(["draft.md"], CheckOptions())
    assert reads.read == ["wire/renamed.txt"] and reads.extracted == []  # hashed, facts reused

    (root / "wire" / "story002.txt").write_text(" date 2025-03-03 Changed story.\n", encoding="utf-8")
    _age(root / "wire" / "story002.txt")
    reads = _Reads(monkeypatch)
    run_check(["draft.md"], CheckOptions())
    assert reads.read == ["wire/story002.txt"] and reads.extracted == ["wire/story002.txt"]
    assert _count(_db(root), "contents") == 3  # the old content left with its last file

    (root / "wire" / "story000.txt").unlink()
    summary = index_sources(CheckOptions())
    assert (summary.removed, summary.sources) == (2, 2)  # story000 and the path renamed away
    assert _count(_db(root), "files") == 2 and _count(_db(root), "contents") == 2
    with sqlite3.connect(_db(root)) as conn:  # tombstones purged, postings rewritten
        assert conn.execute("SELECT count(*) FROM contents").fetchone()[0] == 2
    assert _report(root) == _report(root, no_cache=True)


def test_a_file_changed_within_the_timestamp_tick_is_hashed_again(tmp_path, monkeypatch):
    root = _newsroom(tmp_path, 1)
    monkeypatch.chdir(root)
    run_check(["draft.md"], CheckOptions())
    story = root / "wire" / "story000.txt"
    st = story.stat()
    story.write_text(" date 2025-03-01 Story 0. The council approved 999 homes.\n", encoding="utf-8")
    os.utime(story, ns=(st.st_atime_ns, st.st_mtime_ns))  # same mtime, same size: only the hash tells
    # the stat was recorded when the file was fresh (racy): it is not trusted, the file is hashed
    assert _report(root) == _report(root, no_cache=True)


def test_no_cache_writes_nothing(tmp_path, monkeypatch):
    root = _newsroom(tmp_path)
    monkeypatch.chdir(root)
    run_check(["draft.md"], CheckOptions(no_cache=True))
    assert not (root / ".newslint_cache").exists()


def test_corrupt_file_is_rebuilt(tmp_path, monkeypatch):
    root = _newsroom(tmp_path)
    monkeypatch.chdir(root)
    expected = _report(root, no_cache=True)
    _db(root).parent.mkdir()
    _db(root).write_bytes(b"this is not a database at all" * 100)
    report = run_check(["draft.md"], CheckOptions())
    assert report.warnings == []
    assert _report(root) == expected and _count(_db(root), "contents") == 3


def test_old_format_and_foreign_databases_are_rebuilt_not_misread(tmp_path, monkeypatch):
    root = _newsroom(tmp_path)
    monkeypatch.chdir(root)
    expected = _report(root, no_cache=True)
    _db(root).parent.mkdir()
    # the JSON-blob cache of newslint 0.1 (format 2), with a row that would mislead if read
    with sqlite3.connect(_db(root)) as conn:
        conn.execute("CREATE TABLE facts (digest TEXT, fingerprint TEXT, date TEXT, data TEXT)")
        conn.execute("CREATE TABLE postings (fingerprint TEXT, kind TEXT, key TEXT, digest TEXT)")
        conn.execute("INSERT INTO facts VALUES ('x', 'y', '2025-01-01', '{}')")
        conn.execute("PRAGMA user_version = 2")
    assert _report(root) == expected
    # another application's database in the cache folder
    _db(root).unlink()
    with sqlite3.connect(_db(root)) as conn:
        conn.execute("CREATE TABLE contents (whatever TEXT)")
        conn.execute("PRAGMA user_version = 3")
    assert _report(root) == expected
    with sqlite3.connect(_db(root)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _count(_db(root), "contents") == 3


FORGERIES = {
    "payload {}": "UPDATE payloads SET data = '{}'",
    "payloads not compressed": "UPDATE payloads SET data = x'31ff00ff'",
    "payloads too few": "UPDATE payloads SET data = CAST(x'30' || zlib_placeholder AS BLOB)",
    "payload too short": "UPDATE payloads SET data = CAST(x'30' || zlib_short AS BLOB)",
    "payload an object in a field": "UPDATE payloads SET data = CAST(x'30' || zlib_object AS BLOB)",
    "slot out of range": "UPDATE facts SET slot = 999",
    "slot of the wrong type": "UPDATE facts SET slot = 'x'",
    "span of the wrong type": "UPDATE facts SET start = 'x'",
    "excerpt of the wrong type": "UPDATE facts SET text = x'ff'",
    "line starts garbage": "UPDATE contents SET line_starts = x'0102'",
    "sentences garbage": "UPDATE contents SET sentences = 'nope'",
    "date garbage": "UPDATE contents SET date = '2025-02-30'",
    "postings garbage": "UPDATE postings SET data = x'00'",
}


@pytest.mark.parametrize("forgery", sorted(FORGERIES))
def test_forged_or_damaged_rows_are_dropped_and_re_extracted(tmp_path, monkeypatch, forgery):
    root = _newsroom(tmp_path)
    monkeypatch.chdir(root)
    expected = _report(root, no_cache=True)
    assert _report(root) == expected  # fills the index
    import zlib

    statement = FORGERIES[forgery]
    for name, text in (("zlib_placeholder", ""), ("zlib_short", "[1]"), ("zlib_object", '[{"a": 1}]')):
        statement = statement.replace(name, f"x'{zlib.compress(text.encode()).hex()}'")
    with sqlite3.connect(_db(root)) as conn:
        conn.execute(statement)
    report = run_check(["draft.md"], CheckOptions())
    assert not any(f.code == "NL002" for f in report.findings), [f.message for f in report.findings]
    assert _report(root) == expected
    assert _report(root) == expected  # and stays right on the next run


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
    expected = _report(root, no_cache=True)
    run_check(["draft.md"], CheckOptions())  # create it
    (root / "wire" / "story001.txt").write_text(" date 2025-03-02 New text to write.\n", encoding="utf-8")
    expected = _report(root, no_cache=True)
    monkeypatch.setattr(SQLiteStore, "BUSY_TIMEOUT_S", 0.1)
    holder = sqlite3.connect(_db(root), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        report = run_check(["draft.md"], CheckOptions())
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(report.sources) == 3
    assert any("cache" in w for w in report.warnings)
    assert (
        json.dumps([f.to_json() for f in report.findings], sort_keys=True) + repr(report.sources) == expected
    )


def test_lookups_answer_in_source_order_and_decode_lazily(tmp_path):
    from newslint.testing import default_host, document

    host = default_host()
    docs = [
        document(f"Story {i}. About 500 people came and 40 homes were built.\n", f"s{i}.txt")
        for i in range(5)
    ]
    index = SourceIndex(docs, fact_types={k: e.fact_type for k, e in host.extractors.items()})
    kind, key = next(
        ("quantities", k) for f in docs[0].facts_of("quantities") for k in f.index_keys() if "count" in k
    )
    hits = index.lookup(kind, key)
    assert bool(hits) and hits._done and len(hits._done) < 5 * 2  # bool() decoded the first batch only
    assert [ref.path for ref, _ in hits] == [
        d.path for d in docs for f in d.facts_of(kind) if key in f.index_keys()
    ]
    assert index.count(kind, key) == 5
    assert index._count_whole_store(kind, key) == len({r.rank for r in index.refs(kind, key)}) == 5
    refs = index.refs(kind, key)
    assert index.resolve(refs[:1]) == [hits[0]]
    ref, fact = hits[0]
    assert (ref.date, ref.position(fact.start)) == (docs[0].date, docs[0].position(fact.start))
    assert ref.sentences == docs[0].sentences and ref.facts_of(kind) == docs[0].facts_of(kind)


# -- the same findings whatever the cache holds ---------------------------------------------------


def _bench():
    spec = importlib.util.spec_from_file_location("bench_scale", ROOT / "bench" / "bench_scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_cold_warm_changed_and_no_cache_runs_give_the_same_report(tmp_path, monkeypatch):
    root = tmp_path / "archive"
    root.mkdir()
    _bench().generate(root, 300)
    _age(root)
    monkeypatch.chdir(root)
    no_cache = _report(root, no_cache=True)
    assert '"NL201"' in no_cache and '"NL303"' in no_cache  # the planted errors are found
    cold = _report(root, jobs=2)
    warm = _report(root)
    assert cold == warm == no_cache
    victim = root / "wire" / "000" / "000001.txt"  # a story the draft rewrites
    victim.write_text(victim.read_text(encoding="utf-8").replace("at least £12m", "£15m"), encoding="utf-8")
    _age(victim)
    changed = _report(root)
    assert changed != cold  # the draft's £15m is now sourced
    assert changed == _report(root, no_cache=True)


@pytest.mark.slow
def test_two_index_and_four_check_processes_share_one_index(tmp_path):
    root = tmp_path / "archive"
    root.mkdir()
    _bench().generate(root, 200)
    _age(root)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    expected = subprocess.run(
        [sys.executable, "-m", "newslint", "check", "--no-cache", "--format", "json", "draft.md"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    commands = [["index", "--no-progress", "-j", "2"]] * 2 + [["check", "--format", "json", "draft.md"]] * 4
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "newslint", *c],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for c in commands
    ]
    outputs = [p.communicate(timeout=600) for p in procs]
    for p, c, (out, err) in zip(procs, commands, outputs, strict=True):
        assert p.returncode in (0, 1), (c, err)
        assert "warning" not in err and "error" not in err, (c, err)
        if c[0] == "check":
            assert out == expected
        else:
            assert out.startswith("Indexed 200 sources")
    with sqlite3.connect(_db(root)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM contents").fetchone()[0] == 200
    warm = subprocess.run(
        [sys.executable, "-m", "newslint", "check", "--format", "json", "draft.md"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    assert warm == expected


# -- snapshots of large source sets, lookups within a span of values -------------------------------


def test_a_large_source_set_is_resolved_from_its_snapshot_until_a_file_changes(tmp_path, monkeypatch):
    from newslint import runner
    from newslint.store_sqlite import SQLiteStore as Store

    monkeypatch.setattr(runner, "SNAPSHOT_MIN", 3)
    root = _newsroom(tmp_path, 5)
    monkeypatch.chdir(root)
    first = _report(root)  # resolved one by one; the snapshot is saved
    with sqlite3.connect(_db(root)) as conn:
        assert conn.execute("SELECT count(*) FROM source_sets").fetchone()[0] == 1

    def no_rows(self, files, fingerprint):
        raise AssertionError("resolved file by file although the snapshot is current")

    with monkeypatch.context() as m:
        m.setattr(Store, "known_files", no_rows)
        reads = _Reads(m)
        assert _report(root) == first  # one row: no file row read, no file opened
        assert reads.read == []

    # an edit (same size, another mtime): the snapshot no longer matches, the file is read again
    story = root / "wire" / "story001.txt"
    story.write_text(story.read_text(encoding="utf-8").replace("101 homes", "909 homes"), encoding="utf-8")
    _age(story)
    reads = _Reads(monkeypatch)
    changed = _report(root)
    assert reads.read == ["wire/story001.txt"] and changed != first
    assert changed == _report(root, no_cache=True)

    # a file modified just before the snapshot was saved: the snapshot is not trusted
    story.write_text(story.read_text(encoding="utf-8").replace("909 homes", "101 homes"), encoding="utf-8")
    assert _report(root) == first == _report(root, no_cache=True)
    called = []
    with monkeypatch.context() as m:
        real = Store.known_files
        m.setattr(Store, "known_files", lambda self, *a: called.append(1) or real(self, *a))
        _report(root)
    assert called  # racy: resolved file by file (and the file's own stat is not trusted either)


def test_a_snapshot_of_sources_that_were_removed_since_is_not_used(tmp_path, monkeypatch):
    from newslint import runner

    monkeypatch.setattr(runner, "SNAPSHOT_MIN", 3)
    root = _newsroom(tmp_path, 4)
    monkeypatch.chdir(root)
    first = _report(root)
    store = SQLiteStore(root / ".newslint_cache")
    contents = [r[0] for r in store.conn.execute("SELECT id FROM contents")]
    store.remove_sources(contents[:1])  # another process dropped a source: the generation moves on
    store.close()
    assert _report(root) == first == _report(root, no_cache=True)


def test_lookups_within_a_span_return_only_facts_that_may_lie_in_it(tmp_path):
    from newslint.facts.quantity import dimension_key
    from newslint.store import FactRecord, SourceRecord

    store = SQLiteStore(None)
    facts = [
        FactRecord("quantities", 0, 3, "500", "[]", ("d|count|26", "x"), ((500.0, 500.0), None)),
        FactRecord("quantities", 4, 7, "560", "[]", ("d|count|26",), ((560.0, 560.0),)),
        FactRecord("quantities", 8, 15, "450-470", "[]", ("d|count|26",), ((450.0, 470.0),)),
        FactRecord("quantities", 16, 19, "old", "[]", ("d|count|26",), ()),  # files no value
    ]
    infos = store.add_sources([SourceRecord("a" * 64, None, None, (0,), facts)], "fp")
    cid = infos["a" * 64].content
    everything = store.lookup("quantities", dimension_key("count", "26"))
    assert [f for _, f in everything] == sorted(f for _, f in everything) and len(everything) == 4
    ids = [f for _, f in everything]
    assert store.lookup("quantities", "d|count|26", within=(490.0, 510.0)) == [(cid, ids[0]), (cid, ids[3])]
    assert store.lookup("quantities", "d|count|26", within=(465.0, 465.0)) == [(cid, ids[2]), (cid, ids[3])]
    assert store.lookup("quantities", "d|count|26", within=(600.0, 700.0)) == [(cid, ids[3])]
    assert store.lookup("quantities", "x", within=(0.0, 1.0)) == [(cid, ids[0])]  # a key with no value
    store.close()


def test_figures_file_their_magnitudes_and_counts_their_noun():
    from newslint.testing import document

    doc = document("About 500 people came. The fund fell by -1.3% to £12m.\n", "s.txt")
    by_text = {f.text: f for f in doc.facts_of("quantities")}
    people = next(f for t, f in by_text.items() if "500" in t)
    ranges = people.index_ranges()
    assert set(ranges) == set(people.index_keys())
    assert ranges[f"d|count|{26}"] == (500.0, 500.0) and ranges["d|count#people|26"] == (500.0, 500.0)
    pct = next(f for t, f in by_text.items() if "1.3" in t)
    assert all(lo >= 0 for lo, _ in pct.index_ranges().values())  # magnitudes: signs are the rule's


def test_after_an_edit_or_a_new_file_only_those_files_are_resolved(tmp_path, monkeypatch):
    from newslint import runner
    from newslint.store_sqlite import SQLiteStore as Store

    monkeypatch.setattr(runner, "SNAPSHOT_MIN", 3)
    root = _newsroom(tmp_path, 6)
    monkeypatch.chdir(root)
    _report(root)
    asked: list[list[str]] = []
    real = Store.known_files
    monkeypatch.setattr(
        Store,
        "known_files",
        lambda self, files, fp: asked.append([f.path for f in files]) or real(self, files, fp),
    )

    story = root / "wire" / "story003.txt"
    story.write_text(story.read_text(encoding="utf-8").replace("approved", "rejected"), encoding="utf-8")
    _age(story)
    assert _report(root) == _report(root, no_cache=True)
    assert asked[0] == [str(story)]  # the edited file alone, not the six

    asked.clear()
    new = root / "wire" / "story999.txt"
    new.write_text(" date 2025-03-05 The council approved 250 schools.\n", encoding="utf-8")
    _age(new)
    report = _report(root)
    assert asked[0] == [str(new)] and report == _report(root, no_cache=True)
    assert "250 schools" not in report  # the new story sources the draft's figure


def test_newslint_index_drops_sources_extracted_by_another_newslint(tmp_path, monkeypatch):
    import newslint.facts

    root = _newsroom(tmp_path, 3)
    monkeypatch.chdir(root)
    index_sources(CheckOptions())
    monkeypatch.setattr(newslint.facts, "KEYS_VERSION", newslint.facts.KEYS_VERSION + 1)  # an upgrade
    expected = _report(root, no_cache=True)
    assert _report(root) == expected  # extracted again for this newslint; the old ones still there
    with sqlite3.connect(_db(root)) as conn:
        assert conn.execute("SELECT count(*) FROM contents").fetchone()[0] == 6
    index_sources(CheckOptions())
    with sqlite3.connect(_db(root)) as conn:
        assert conn.execute("SELECT count(*) FROM contents").fetchone()[0] == 3
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _report(root) == expected


def test_newslint_index_saves_the_snapshot_the_next_check_reads(tmp_path, monkeypatch):
    from newslint import runner
    from newslint.store_sqlite import SQLiteStore as Store

    monkeypatch.setattr(runner, "SNAPSHOT_MIN", 3)
    root = _newsroom(tmp_path, 5)
    monkeypatch.chdir(root)
    expected = _report(root, no_cache=True)
    index_sources(CheckOptions())
    with monkeypatch.context() as m:
        m.setattr(Store, "known_files", lambda *a: (_ for _ in ()).throw(AssertionError("file by file")))
        assert _report(root) == expected


def test_merged_posting_segments_hold_every_posting_with_its_values():
    import random

    from newslint.store_sqlite import MAX_SEGMENTS

    store = SQLiteStore(None)
    store.conn.execute("BEGIN")
    rng = random.Random(1)
    written = []
    for batch in range(3 * MAX_SEGMENTS):  # merged twice on the way
        nan = float("nan")
        postings = [
            (batch * 10 + i, batch * 100 + 3 * i, *((float(i), i + 0.5) if i % 3 else (nan, nan)))
            for i in range(rng.randint(1, 7))
        ]
        written += postings
        store._append_postings(5, postings)

    def plain(ps):
        return [(c, f, None if lo != lo else lo, None if hi != hi else hi) for c, f, lo, hi in ps]

    assert plain(store._read_postings(5)) == plain(written)
    assert store.conn.execute("SELECT count(*) FROM postings").fetchone()[0] <= MAX_SEGMENTS
    store.close()


def _age_tree(root: Path) -> None:
    """Files and folders a minute back (a folder's mtime moves when a file is added to it)."""
    _age(root)
    for p in [root, *[q for q in root.rglob("*") if q.is_dir()]]:
        st = p.stat()
        os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns - 60_000_000_000))


def test_freshness_by_directories_trusts_unchanged_folders_and_sees_added_and_removed_files(
    tmp_path, monkeypatch
):
    from newslint import runner

    monkeypatch.setattr(runner, "SNAPSHOT_MIN", 3)
    root = _newsroom(tmp_path, 6)
    (root / "wire" / "old").mkdir()
    (root / "wire" / "old" / "archived.txt").write_text(
        " date 2025-02-01 The council approved 77 flats.\n", encoding="utf-8"
    )
    (root / "newslint.toml").write_text('sources = ["wire"]\nfreshness = "directories"\n', encoding="utf-8")
    _age_tree(root)
    monkeypatch.chdir(root)
    expected = _report(root, no_cache=True)
    assert _report(root) == expected  # the first check walks and stats everything

    stat = os.stat
    statted: list[str] = []

    def counting_stat(path, *args, **kwargs):
        if str(path).startswith(str(root / "wire")) and str(path).endswith(".txt"):
            statted.append(str(path))
        return stat(path, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(os, "stat", counting_stat)
        assert _report(root) == expected
    assert statted == []  # no source file was stat'ed: their folders did not change

    new = root / "wire" / "story999.txt"
    new.write_text(" date 2025-03-05 The council approved 250 schools.\n", encoding="utf-8")
    _age(new)
    report = _report(root)
    assert report == _report(root, no_cache=True) and "250 schools" not in report

    (root / "wire" / "old" / "archived.txt").unlink()
    (root / "wire" / "later").mkdir()
    (root / "wire" / "later" / "followup.txt").write_text(
        " date 2025-03-06 The council approved 250 schools and 77 flats.\n", encoding="utf-8"
    )
    new.unlink()
    _age_tree(root)
    report = _report(root)
    assert report == _report(root, no_cache=True)
    assert "archived.txt" not in report and "followup.txt" in report


def test_freshness_by_directories_misses_an_edit_in_place_until_newslint_index(tmp_path, monkeypatch):
    """The documented trade-off of freshness = "directories": a story rewritten in place (its
    folder's mtime unchanged) is seen after the next `newslint index`, which stats every file."""
    from newslint import runner

    monkeypatch.setattr(runner, "SNAPSHOT_MIN", 3)
    root = _newsroom(tmp_path, 4)
    (root / "newslint.toml").write_text('sources = ["wire"]\nfreshness = "directories"\n', encoding="utf-8")
    _age_tree(root)
    monkeypatch.chdir(root)
    before = _report(root)
    story = root / "wire" / "story001.txt"
    with open(story, "r+", encoding="utf-8") as f:  # in place: no rename, the folder is untouched
        text = f.read().replace("101 homes", "909 homes")
        f.seek(0)
        f.write(text)
    _age(story)
    assert _report(root) == before  # trusted: not seen yet
    index_sources(CheckOptions())
    after = _report(root)
    assert after != before and after == _report(root, no_cache=True)
    (root / "newslint.toml").write_text('sources = ["wire"]\n', encoding="utf-8")
    assert _report(root) == after  # the default, freshness by stat, agrees


def test_freshness_must_be_stat_or_directories(tmp_path):
    from newslint.config import load_config
    from newslint.errors import ConfigError

    (tmp_path / "newslint.toml").write_text('freshness = "mtime"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="freshness"):
        load_config(tmp_path / "newslint.toml")


def test_key_counts_come_from_the_store_when_it_holds_a_few_sources_the_check_lacks(tmp_path, monkeypatch):
    """A story removed from the folder stays in the index until `newslint index`: the date rule's
    key counts still come from the store (leaving that story out), not from decoding postings."""
    root = _newsroom(tmp_path, 6)
    monkeypatch.chdir(root)
    _report(root)
    (root / "wire" / "story002.txt").unlink()
    expected = _report(root, no_cache=True)
    answers: list[int | None] = []
    real = SourceIndex._count_whole_store

    def spy(self, kind, key):
        answers.append(real(self, kind, key))
        return answers[-1]

    monkeypatch.setattr(SourceIndex, "_count_whole_store", spy)
    assert _report(root) == expected
    assert answers and None not in answers
    monkeypatch.setattr(SourceIndex, "_count_whole_store", lambda self, kind, key: None)
    assert _report(root) == expected  # the same as counting from the postings


def test_facts_decode_into_the_same_frozen_facts_and_a_post_init_still_runs():
    import dataclasses

    from newslint.extraction import extract_facts, load_document
    from newslint.facts import Fact
    from newslint.index import decode_fact, encode_fact
    from newslint.registry import PluginHost
    from newslint.store import StoredFact

    host = PluginHost()
    doc = load_document(
        "Officials in Marrowby said on Tuesday that 1,200 homes, about 40 square kilometres, flooded. "
        '"We have never seen the river this high," said Ida Brenner, 52.\n',
        "wire/marrowby.txt",
        host,
    )
    extract_facts(doc, host)
    facts = [f for kind in doc.facts.values() for f in kind]
    assert {type(f).kind for f in facts} >= {"quantities", "temporal", "quotes"}
    for fact in facts:
        row = encode_fact(fact)
        back = decode_fact(type(fact), StoredFact(1, 1, row.kind, row.start, row.end, row.text, row.payload))
        assert type(back) is type(fact) and back == fact and hash(back) == hash(fact)
        with pytest.raises(dataclasses.FrozenInstanceError):
            back.start = 0  # type: ignore[misc]

    seen = []

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked(Fact):
        kind = "checked-test"
        label: str = ""

        def __post_init__(self):
            seen.append(self.label)

    decode_fact(Checked, StoredFact(1, 1, "checked-test", 0, 3, "abc", '["x"]'))
    assert seen == ["x"]  # a type with __post_init__ is built by its own __init__
