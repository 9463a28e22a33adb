"""The shared source index on a real PostgreSQL server (issue 17): same answers and the same reports
as the embedded index, content-addressed fills from many processes and machines, faults as one line.

The server is started once per test session (tests/pg_server.py, fixture ``pg_server`` in conftest);
the tests skip, saying why, only when no PostgreSQL server binary can be found.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, needs_corpus

from newslint.cli import main
from newslint.store_postgres import PostgresStore
from newslint.store_sqlite import SQLiteStore

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


# -- helpers ------------------------------------------------------------------------------------


def _cli(*args: str, cwd: Path | None = None, monkeypatch=None, env: dict | None = None):
    if cwd is not None and monkeypatch is not None:
        monkeypatch.chdir(cwd)
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)


def _run(args: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "newslint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
    )


def _report(output: str) -> dict:
    report = json.loads(output)
    return report


STORY = (
    " date 2025-03-{day:02d} PELLOW (Coastwire) — The {town} council approved {n} new homes on Tuesday,"
    " about {m} more than last year, at a cost of £{cost}m.\n\n"
    '"We will build {n} homes by the spring," said {person}, the council leader.\n\n'
    "The scheme covers {area} square kilometres of land east of the river, officials said on Wednesday.\n"
)
TOWNS = ["Pellow", "Carrick Vale", "Osterby", "Dunmere", "Hollin Bay", "Wrenford"]
PEOPLE = ["Mara Quist", "Idris Fell", "Tova Brandt", "Ansel Rook", "Petra Lund"]


def _story(i: int) -> str:
    # recurring round figures, towns and people, as in a real archive
    return STORY.format(
        day=1 + i % 9,
        town=TOWNS[i % len(TOWNS)],
        n=100 * (1 + i % 7) + (i % 3),
        m=[50, 100, 500][i % 3],
        cost=10 + i % 12,
        person=PEOPLE[i % len(PEOPLE)],
        area=5 + i % 30,
    )


DRAFT = (
    "---\ndate: 2025-03-10\n---\n"
    "The Pellow council approved 101 new homes on Tuesday, about 100 more than last year,"
    " at a cost of £11m.\n\n"
    '"We will build 101 homes by the summer," said Idris Fell, the council leader.\n\n'
    "The scheme covers 6 square miles of land east of the river.\n\n"
    "Osterby's council approved 900 homes, at a cost of £99m.\n"
)


def _newsroom(root: Path, n: int) -> Path:
    (root / "wire").mkdir(parents=True)
    for i in range(n):
        (root / "wire" / f"story{i:04}.txt").write_text(_story(i), encoding="utf-8")
    (root / "newslint.toml").write_text('sources = ["wire"]\n', encoding="utf-8")
    (root / "draft.md").write_text(DRAFT, encoding="utf-8")
    return root


def _state(url: str) -> dict:
    """What an index holds, independent of ids and of the order rows were written in."""
    import psycopg

    with psycopg.connect(url) as conn:
        kinds = dict(
            conn.execute("SELECT id, name FROM newslint_kinds").fetchall()
        )  # ids differ by fill order
        contents = {
            d: (fp, date, origin, tuple(ls), tuple(sorted(zip([kinds[k] for k in kk], kt, strict=True))))
            for d, fp, date, origin, ls, kk, kt in conn.execute(
                "SELECT digest, fingerprint, date, date_origin, line_starts, key_kinds, key_texts"
                " FROM newslint_contents"
            )
        }
        facts = sorted(
            conn.execute(
                'SELECT c.digest, k.name, f.start, f."end", f.text, f.payload FROM newslint_facts f'
                " JOIN newslint_contents c ON c.id = f.content JOIN newslint_kinds k ON k.id = f.kind"
            ).fetchall()
        )
        postings = sorted(
            conn.execute(
                'SELECT k.name, p.key, c.digest, f.start, f."end" FROM newslint_postings p'
                " JOIN newslint_contents c ON c.id = p.content JOIN newslint_facts f ON f.id = p.fact"
                " JOIN newslint_kinds k ON k.id = p.kind"
            ).fetchall()
        )
        files = sorted(conn.execute("SELECT machine, path, digest FROM newslint_files").fetchall())
    return {"contents": contents, "facts": facts, "postings": postings, "files": files}


def _integrity(url: str) -> str:
    store = PostgresStore(url, readonly=True)
    try:
        return store.integrity()
    finally:
        store.close()


# -- the same answers as the embedded index -----------------------------------------------------


def _records():
    from newslint.indexing import content_digest, extract_source
    from newslint.registry import PluginHost

    host = PluginHost()
    paths = sorted((EXAMPLES / "wire").iterdir())
    if CORPUS.is_dir():
        paths += sorted(CORPUS.glob("0*.txt"))
    records = []
    for p in paths:
        data = p.read_bytes()
        record, errors = extract_source(data, p.name, content_digest(data, str(p)), host)
        assert not errors
        records.append(record)
    return host.extraction_fingerprint, records


def test_protocol_answers_equal_the_embedded_index(pg_url):
    """Every lookup, fact, line table and freshness answer of the server equals SQLite's."""
    from newslint.store import FileState

    fingerprint, records = _records()
    lite, pg = SQLiteStore(None), PostgresStore(pg_url)
    try:
        a = lite.add_sources(records, fingerprint)
        b = pg.add_sources(records, fingerprint)
        assert set(a) == set(b) == {r.digest for r in records}
        assert pg.add_sources(records, fingerprint) == b  # idempotent: stored once
        assert pg.stats()["sources"] == len(records)

        def facts(store, infos, ids):
            rows = {f.id: f for f in store.facts([i for _, i in ids])}
            by_content = {info.content: d for d, info in infos.items()}
            # content ids follow the order each backend stored the sources in: compare by digest
            return sorted((by_content[c], rows[i][2:]) for c, i in ids)

        keys = {(f.kind, k) for r in records for f in r.facts for k in f.keys}
        assert keys
        for kind, key in sorted(keys):
            assert facts(lite, a, lite.lookup(kind, key)) == facts(pg, b, pg.lookup(kind, key))
            found = pg.lookup(kind, key)
            assert found == sorted(found) and pg.lookup(kind, key, limit=1) == found[:1]
        assert pg.lookup("figure", "no such key") == [] and pg.lookup("no-such-kind", "x") == []
        for r in records:
            assert lite.line_starts(a[r.digest].content) == pg.line_starts(b[r.digest].content)
            for kind in {f.kind for f in r.facts}:
                x = [f[2:] for f in lite.facts_of(a[r.digest].content, kind)]
                y = [f[2:] for f in pg.facts_of(b[r.digest].content, kind)]
                assert x == y and [f.kind for f in pg.facts_of(b[r.digest].content, kind)] == [kind] * len(y)
            assert (a[r.digest].date, a[r.digest].date_origin) == (b[r.digest].date, b[r.digest].date_origin)
        assert pg.sources([r.digest for r in records], fingerprint) == b
        assert pg.sources([r.digest for r in records], "another fingerprint") == {}

        # freshness by stat, and removal scoped to a folder
        old = 1_000_000_000  # recorded long ago: not racy
        states = [
            (FileState(f"/news/wire/{i}.txt", 10 + i, old, 100 + i), r.digest) for i, r in enumerate(records)
        ]
        outside = (FileState("/elsewhere/x.txt", 1, old, 1), records[0].digest)
        for store in (lite, pg):
            store.record_files([*states, outside])
        query = [s for s, _ in states] + [FileState("/news/wire/new.txt", 1, old, 9)]
        changed = FileState(states[0][0].path, 999, old, 100)
        known_lite = lite.known_files([*query, changed], fingerprint)
        known_pg = pg.known_files([*query, changed], fingerprint)
        assert {p: d for p, (d, _) in known_lite.items()} == {p: d for p, (d, _) in known_pg.items()}
        assert len(known_pg) == len(records) - 1 + 0  # the changed stat is not trusted; the new file unknown
        gen = pg.generation()
        keep = [s.path for s, _ in states[1:]]
        assert lite.forget_files("/news/wire", keep) == pg.forget_files("/news/wire", keep) == 1
        # records[0] is still referred to by /elsewhere/x.txt: kept
        assert pg.stats()["sources"] == len(records) and pg.stats()["files"] == len(records)
        pg.forget_files("/elsewhere", [])
        assert pg.stats()["sources"] == len(records) - 1 and pg.generation() == gen + 1
        assert pg.integrity() == "ok"
    finally:
        lite.close()
        pg.close()


def _check_json(cwd: Path, *args: str) -> str:
    done = _run(["check", "--format", "json", *args], cwd)
    assert done.returncode in (0, 1), done.stderr
    assert "warning" not in done.stderr, done.stderr
    return done.stdout


def test_examples_report_the_same_on_both_backends(pg_url, tmp_path):
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root)
    filled = _run(["index", "--index", pg_url], root)
    assert filled.returncode == 0, filled.stderr
    assert "3 added" in filled.stdout and "admin-pw" not in filled.stdout
    no_cache = _check_json(root, "--no-cache", "drafts")
    assert _check_json(root, "--cache-dir", str(tmp_path / "lite"), "drafts") == no_cache
    assert _check_json(root, "--index", pg_url, "drafts") == no_cache
    assert _check_json(root, "--index", pg_url, "drafts") == no_cache  # warm
    assert _report(no_cache)["summary"]["findings"] == 14


@needs_corpus
def test_corpus_reports_the_same_on_both_backends(pg_url, tmp_path):
    """Each rewrite of the reference corpus against the wire stories: one report for both indexes."""
    root = tmp_path / "desk"
    (root / "wire").mkdir(parents=True)
    for name in ("000", "002", "004"):
        src = next(CORPUS.glob(f"{name}_*.txt"))
        shutil.copy(src, root / "wire" / src.name)
    for name in ("001", "003", "002"):
        src = next(CORPUS.glob(f"{name}_*.txt"))
        shutil.copy(src, root / f"draft_{src.name}")
    (root / "newslint.toml").write_text('sources = ["wire"]\n', encoding="utf-8")
    assert _run(["index", "--index", pg_url], root).returncode == 0
    drafts = sorted(p.name for p in root.glob("draft_*.txt"))
    no_cache = _check_json(root, "--no-cache", *drafts)
    assert _check_json(root, "--cache-dir", str(tmp_path / "lite"), *drafts) == no_cache
    assert _check_json(root, "--index", pg_url, *drafts) == no_cache
    assert _report(no_cache)["findings"]  # the rewrites do have findings


@pytest.mark.slow
def test_cold_warm_changed_and_no_cache_runs_agree(pg_url, tmp_path):
    """A few hundred generated sources: cold fill, warm check, one source changed, one removed."""
    root = _newsroom(tmp_path / "desk", 240)
    filled = _run(["index", "--index", pg_url, "-j", "2"], root)
    assert filled.returncode == 0, filled.stderr
    assert "240 added" in filled.stdout
    assert _check_json(root, "--index", pg_url, "draft.md") == _check_json(root, "--no-cache", "draft.md")
    (root / "wire" / "story0001.txt").write_text(_story(1).replace("approved", "rejected"), encoding="utf-8")
    (root / "wire" / "story0002.txt").unlink()
    again = _run(["index", "--index", pg_url], root)
    assert again.returncode == 0 and "1 added" in again.stdout and "1 removed" in again.stdout, again.stdout
    report = _check_json(root, "--index", pg_url, "draft.md")
    assert report == _check_json(root, "--no-cache", "draft.md")
    assert report == _check_json(root, "--cache-dir", str(tmp_path / "lite"), "draft.md")
    assert _integrity(pg_url) == "ok"
    state = _state(pg_url)
    assert len(state["files"]) == 239


# -- filling from many processes and machines ----------------------------------------------------


@pytest.mark.slow
def test_four_fillers_and_four_checkers_at_once(pg_server, tmp_path):
    root = _newsroom(tmp_path / "desk", 160)
    url = pg_server.create_database("t_concurrent")
    reference = pg_server.create_database("t_concurrent_ref")
    expected = _check_json(root, "--no-cache", "draft.md")
    env = dict(os.environ)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "newslint", *args],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for args in [["index", "--index", url, "-j", "1"]] * 4
        + [["check", "--format", "json", "--index", url, "draft.md"]] * 4
    ]
    outcomes = [(p.args, p.wait(timeout=300), *p.communicate()) for p in procs]
    for args, code, out, err in outcomes:
        assert "error" not in err and "Traceback" not in err, (args, err)
        if "check" in args:
            assert code in (0, 1) and out == expected, (args, err)
        else:
            assert code == 0 and "Indexed 160 sources" in out, (args, out, err)
    alone = _run(["index", "--index", reference], root)
    assert alone.returncode == 0
    assert _state(url) == _state(reference)  # same end state as one process filling
    assert _integrity(url) == "ok"
    assert _check_json(root, "--index", url, "draft.md") == expected


def test_two_machines_share_contents_and_forget_only_their_own_files(pg_url, tmp_path):
    a = _newsroom(tmp_path / "a", 3)
    b = _newsroom(tmp_path / "b", 3)  # the same wire stories on another machine
    for root, machine in ((a, "desk-a"), (b, "desk-b")):
        done = _run(["index", "--index", pg_url], root, {"NEWSLINT_MACHINE": machine})
        assert done.returncode == 0, done.stderr
    state = _state(pg_url)
    assert len(state["contents"]) == 3 and len(state["files"]) == 6  # stored once, seen twice
    (a / "wire" / "story0000.txt").unlink()
    done = _run(["index", "--index", pg_url], a, {"NEWSLINT_MACHINE": "desk-a"})
    assert "1 removed" in done.stdout
    state = _state(pg_url)
    assert len(state["files"]) == 5 and len(state["contents"]) == 3  # desk-b still has that story
    (b / "wire" / "story0000.txt").unlink()
    _run(["index", "--index", pg_url], b, {"NEWSLINT_MACHINE": "desk-b"})
    assert len(_state(pg_url)["contents"]) == 2
    assert _integrity(pg_url) == "ok"


def test_checks_only_read(pg_url, tmp_path):
    root = _newsroom(tmp_path / "desk", 5)
    assert _run(["index", "--index", pg_url], root).returncode == 0
    (root / "wire" / "story0009.txt").write_text(_story(9), encoding="utf-8")  # not indexed yet
    before = _state(pg_url)
    out = _check_json(root, "--index", pg_url, "draft.md")
    assert _state(pg_url) == before  # the new source was read for this check, not stored
    assert out == _check_json(root, "--no-cache", "draft.md")


def test_a_check_of_an_empty_database_says_to_fill_it(pg_url, tmp_path):
    root = _newsroom(tmp_path / "desk", 2)
    done = _run(["check", "--index", pg_url, "draft.md"], root)
    assert done.returncode in (0, 1)
    assert "no newslint tables yet" in done.stderr and "newslint index --index" in done.stderr
    import psycopg

    with psycopg.connect(pg_url) as conn:  # the check created nothing
        assert conn.execute("SELECT to_regclass('newslint_meta')").fetchone()[0] is None


# -- configuration ------------------------------------------------------------------------------


def test_config_index_from_an_environment_variable(pg_url, tmp_path):
    root = _newsroom(tmp_path / "desk", 3)
    (root / "newslint.toml").write_text(
        'sources = ["wire"]\nindex = "env:NEWSROOM_INDEX"\n', encoding="utf-8"
    )
    done = _run(["index"], root, {"NEWSROOM_INDEX": pg_url})
    assert done.returncode == 0 and "postgresql://newslint_admin@127.0.0.1" in done.stdout, done.stderr
    assert "admin-pw" not in done.stdout + done.stderr
    assert len(_state(pg_url)["contents"]) == 3
    assert not (root / ".newslint_cache").exists()  # the default embedded index was not used
    checked = _run(["check", "--format", "json", "draft.md"], root, {"NEWSROOM_INDEX": pg_url})
    assert checked.returncode in (0, 1) and checked.stderr == ""
    env = {k: v for k, v in os.environ.items() if k != "NEWSROOM_INDEX"}
    missing = subprocess.run(
        [sys.executable, "-m", "newslint", "check", "draft.md"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
    )
    assert missing.returncode == 2
    assert "newslint.toml: index: the environment variable NEWSROOM_INDEX is not set" in missing.stderr


def test_config_index_url_and_folder(pg_url, tmp_path):
    root = _newsroom(tmp_path / "desk", 2)
    (root / "newslint.toml").write_text(f'sources = ["wire"]\nindex = "{pg_url}"\n', encoding="utf-8")
    assert _run(["index"], root).returncode == 0
    assert len(_state(pg_url)["contents"]) == 2
    (root / "newslint.toml").write_text('sources = ["wire"]\nindex = "shared-cache"\n', encoding="utf-8")
    assert _run(["index"], root).returncode == 0
    assert (root / "shared-cache" / "index.sqlite").is_file()


# -- faults: one line naming host and database, never the password, exit 2 ----------------------


def _one_line_error(done, *must: str) -> str:
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("newslint: error: ") and "Traceback" not in done.stderr
    for text in must:
        assert text in lines[0], lines[0]
    return lines[0]


def test_server_down(tmp_path):
    from pg_server import free_port

    root = _newsroom(tmp_path / "desk", 1)
    port = free_port()
    url = f"postgresql://editor:s3cret-pw@127.0.0.1:{port}/newsroom"
    for args in (["index", "--index", url], ["check", "--index", url, "draft.md"]):
        line = _one_line_error(_run(args, root), f"127.0.0.1:{port}", "'newsroom'", "not reachable")
        assert "s3cret-pw" not in line


def test_wrong_password_and_missing_database(pg_server, pg_url, tmp_path):
    root = _newsroom(tmp_path / "desk", 1)
    wrong = pg_server.url(pg_url.rsplit("/", 1)[1], password="not-the-pw-77")
    line = _one_line_error(_run(["index", "--index", wrong], root), "wrong user or password", "127.0.0.1")
    assert "not-the-pw-77" not in line
    missing = pg_server.url("no_such_newsroom")
    line = _one_line_error(_run(["check", "--index", missing, "draft.md"], root), "'no_such_newsroom'")
    assert "does not exist" in line and "admin-pw" not in line


def test_read_only_role_may_check_but_not_fill(pg_server, pg_url, tmp_path):
    root = _newsroom(tmp_path / "desk", 4)
    assert _run(["index", "--index", pg_url], root).returncode == 0
    dbname = pg_url.rsplit("/", 1)[1]
    pg_server.create_role("desk_reader", "reader-pw-5")
    with pg_server.admin(dbname) as conn:
        conn.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO desk_reader")
    reader = pg_server.url(dbname, user="desk_reader", password="reader-pw-5")
    assert _check_json(root, "--index", reader, "draft.md") == _check_json(root, "--no-cache", "draft.md")
    (root / "wire" / "story0007.txt").write_text(_story(7), encoding="utf-8")
    line = _one_line_error(_run(["index", "--index", reader], root), dbname, "may not write")
    assert "reader-pw-5" not in line
    assert _integrity(pg_url) == "ok"


def test_a_fill_cut_mid_way_leaves_the_index_consistent_and_the_next_fill_completes_it(
    pg_server, pg_url, tmp_path, monkeypatch
):
    """The server drops the filling connection in the middle of its third batch of sources."""
    import newslint.indexing

    root = _newsroom(tmp_path / "desk", 70)
    reference = pg_server.create_database("t_cut_reference")
    assert _run(["index", "--index", reference], root).returncode == 0
    PostgresStore(pg_url).close()  # create the tables, then arm the cut
    with pg_server.admin(pg_url.rsplit("/", 1)[1]) as conn:
        conn.execute(
            "CREATE FUNCTION cut() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            " IF (SELECT count(*) FROM newslint_contents) > 45 THEN PERFORM pg_terminate_backend(pg_backend_pid());"
            " END IF; RETURN NULL; END $$"
        )
        conn.execute(
            "CREATE TRIGGER cut AFTER INSERT ON newslint_contents FOR EACH ROW EXECUTE FUNCTION cut()"
        )
    monkeypatch.setattr(newslint.indexing, "WRITE_BATCH", 20)
    done = _cli("index", "--index", pg_url, "-j", "1", cwd=root, monkeypatch=monkeypatch)
    assert done.exit_code == 2
    assert "connection was lost" in done.output and "run the command again" in done.output, done.output
    assert "admin-pw" not in done.output
    state = _state(pg_url)
    assert len(state["contents"]) == 40  # two whole batches; nothing of the third
    assert _integrity(pg_url) == "ok"
    with pg_server.admin(pg_url.rsplit("/", 1)[1]) as conn:
        conn.execute("DROP TRIGGER cut ON newslint_contents")
    again = _cli("index", "--index", pg_url, "-j", "1", cwd=root, monkeypatch=monkeypatch)
    assert again.exit_code == 0, again.output
    assert _state(pg_url) == _state(reference)
    assert _integrity(pg_url) == "ok"


def test_index_of_a_newer_newslint_is_refused(pg_url, tmp_path):
    root = _newsroom(tmp_path / "desk", 1)
    PostgresStore(pg_url).close()
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE newslint_meta SET value = 99 WHERE name = 'schema'")
    for args in (["index", "--index", pg_url], ["check", "--index", pg_url, "draft.md"]):
        _one_line_error(_run(args, root), "made by a newer newslint", "version 99", "upgrade newslint")


def test_tables_of_an_older_version_are_migrated_by_a_fill(pg_url, monkeypatch):
    import newslint.store_postgres as sp

    PostgresStore(pg_url).close()  # this newslint's version
    newer = sp.SCHEMA_VERSION + 1
    monkeypatch.setattr(sp, "SCHEMA_VERSION", newer)
    monkeypatch.setitem(sp.MIGRATIONS, newer, ("ALTER TABLE newslint_contents ADD COLUMN origin_note text",))
    with pytest.raises(sp.IndexServerError, match="older newslint.*newslint index --index URL"):
        PostgresStore(pg_url, readonly=True)  # checks only read: they do not migrate
    PostgresStore(pg_url).close()  # a fill migrates
    store = PostgresStore(pg_url, readonly=True)
    try:
        assert (
            store.conn.execute("SELECT value FROM newslint_meta WHERE name = 'schema'").fetchone()[0] == newer
        )
        store.conn.execute("SELECT origin_note FROM newslint_contents")
    finally:
        store.close()


def test_without_psycopg_the_message_says_what_to_install(monkeypatch, tmp_path):
    root = _newsroom(tmp_path / "desk", 1)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg raises ImportError
    for args in (
        ["index", "--index", "postgresql://editor@db.example/newsroom"],
        ["check", "--index", "postgresql://editor@db.example/newsroom", "draft.md"],
    ):
        done = _cli(*args, cwd=root, monkeypatch=monkeypatch)
        assert done.exit_code == 2
        assert "pip install 'newslint[postgres]'" in done.output and "Traceback" not in done.output


def test_a_connection_cut_during_a_check_is_one_line_not_a_partial_report(
    pg_server, pg_url, tmp_path, monkeypatch
):
    root = _newsroom(tmp_path / "desk", 5)
    assert _run(["index", "--index", pg_url], root).returncode == 0
    real_lookup = PostgresStore.lookup

    def lookup_after_a_cut(self, kind, key, limit=None, within=None):
        with pg_server.admin() as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (self.conn.info.backend_pid,))
        return real_lookup(self, kind, key, limit, within)

    monkeypatch.setattr(PostgresStore, "lookup", lookup_after_a_cut)
    done = _cli("check", "--index", pg_url, "draft.md", cwd=root, monkeypatch=monkeypatch)
    assert done.exit_code == 2, done.output
    lines = done.output.strip().splitlines()
    assert len(lines) == 1 and "connection was lost" in lines[0] and "127.0.0.1" in lines[0], done.output


def test_many_processes_creating_the_tables_at_once(pg_url):
    """Fillers started together on an empty database: one creates the tables, the others wait."""
    import threading

    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def open_store():
        barrier.wait()
        try:
            PostgresStore(pg_url).close()
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert _integrity(pg_url) == "ok"


def test_the_postgres_store_implements_the_protocol(pg_url):
    from newslint.store import FactStore

    store = PostgresStore(pg_url)
    try:
        assert isinstance(store, FactStore)
    finally:
        store.close()


def _bench_generate(root: Path, n: int) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_scale", REPO / "bench" / "bench_scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(root, n)
    for p in root.rglob("*"):  # out of the racy-timestamp window, as files usually are
        if p.is_file():
            st = p.stat()
            os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns - 60_000_000_000))


@pytest.mark.slow
def test_the_index_equivalence_archive_reports_the_same_on_both_backends(pg_url, tmp_path):
    """The index issue's equivalence test (300 stories of bench_scale's archive, planted errors,
    one story the draft rewrites changed) with the shared index beside the embedded one."""
    root = tmp_path / "archive"
    root.mkdir()
    _bench_generate(root, 300)
    no_cache = _check_json(root, "--no-cache", "draft.md")
    assert '"NL201"' in no_cache and '"NL303"' in no_cache  # the planted errors are found
    assert _run(["index", "--index", pg_url, "-j", "2"], root).returncode == 0
    assert _check_json(root, "--index", pg_url, "draft.md") == no_cache
    assert _check_json(root, "--cache-dir", str(tmp_path / "lite"), "draft.md") == no_cache
    victim = root / "wire" / "000" / "000001.txt"
    victim.write_text(victim.read_text(encoding="utf-8").replace("at least £12m", "£15m"), encoding="utf-8")
    changed = _check_json(root, "--no-cache", "draft.md")
    assert changed != no_cache
    assert _check_json(root, "--index", pg_url, "draft.md") == changed  # not re-indexed: read for the check
    assert _run(["index", "--index", pg_url], root).returncode == 0
    assert _check_json(root, "--index", pg_url, "draft.md") == changed
    assert _check_json(root, "--cache-dir", str(tmp_path / "lite"), "draft.md") == changed
    assert _integrity(pg_url) == "ok"


@pytest.mark.slow
def test_many_drafts_checked_in_worker_processes(pg_url, tmp_path):
    """Sixteen drafts or more are checked in worker processes, each with its own connection."""
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root)
    for i in range(17):
        shutil.copy(EXAMPLES / "drafts" / "ambel-rewrite.md", root / "drafts" / f"copy{i:02}.md")
    assert _run(["index", "--index", pg_url], root).returncode == 0
    expected = _check_json(root, "--no-cache", "-j", "2", "drafts")
    assert _check_json(root, "--index", pg_url, "-j", "2", "drafts") == expected
    assert _report(expected)["summary"]["findings"] == 14 + 17 * 13


def test_a_fill_saves_the_snapshot_a_check_reads_in_one_row(pg_url, tmp_path, monkeypatch):
    """`newslint index` saves this machine's snapshot of the source set; a check against the
    shared index then resolves its sources from that one row, not file by file; after an edit it
    falls back to file by file (checks only read: the edited story is extracted in memory)."""
    from newslint import runner

    monkeypatch.setattr(runner, "SNAPSHOT_MIN", 3)
    root = _newsroom(tmp_path / "desk", 6)
    for p in (root / "wire").iterdir():  # out of the racy-timestamp window, as archives are
        st = p.stat()
        os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns - 60_000_000_000))
    expected = _check_json(root, "--no-cache", "draft.md")
    filled = _cli("index", "--index", pg_url, cwd=root, monkeypatch=monkeypatch)
    assert filled.exit_code == 0, filled.output
    with monkeypatch.context() as m:
        m.setattr(
            PostgresStore, "known_files", lambda *a: (_ for _ in ()).throw(AssertionError("file by file"))
        )
        done = _cli(
            "check", "--format", "json", "--index", pg_url, "draft.md", cwd=root, monkeypatch=monkeypatch
        )
    assert done.exit_code in (0, 1) and done.output == expected
    story = root / "wire" / "story0003.txt"
    story.write_text(_story(3).replace("approved", "rejected"), encoding="utf-8")
    edited = _check_json(root, "--no-cache", "draft.md")
    done = _cli("check", "--format", "json", "--index", pg_url, "draft.md", cwd=root, monkeypatch=monkeypatch)
    assert done.exit_code in (0, 1) and done.output == edited
