"""Shared fixtures: the reference corpus (../shared beside the checkout) and a local test plugin."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "kursk-2024-08"
SCHEMAS = REPO.parent / "shared" / "schemas"

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"reference corpus not found at {CORPUS} (../shared beside the checkout)"
)

# A local plugin as a newsroom would write one: flags the word "TK" (journalists' "to come" marker)
# and, when the text says "CRASH", raises, to exercise NL002 isolation.
LOCAL_PLUGIN = textwrap.dedent(
    """
    from newslint import hookimpl
    from newslint.api import Check, Rule, Severity
    import re

    @hookimpl
    def newslint_register_rules(register):
        register(Rule(code="TK001", name="to-come-marker", severity=Severity.ERROR,
                      summary="A TK (to come) marker is left in the draft.",
                      what="Finds TK.", why="TK must be filled in.", example="The mayor said TK."))
        register(Rule(code="TK002", name="crashing-rule", severity=Severity.WARNING,
                      summary="Raises on CRASH.", what="Raises.", why="Tests isolation.", example="CRASH"))

    def _tk(ctx):
        for m in re.finditer(r"\\bTK\\b", ctx.draft.prose):
            yield ctx.finding("TK001", m.start(), m.end(), "TK marker left in the draft")

    def _crash(ctx):
        if "CRASH" in ctx.draft.prose:
            raise RuntimeError("boom")
        return []

    @hookimpl
    def newslint_register_checks(register):
        register(Check(name="tk", codes=("TK001",), run=_tk))
        register(Check(name="crash", codes=("TK002",), run=_crash))
    """
)


@pytest.fixture
def newsroom(tmp_path, monkeypatch):
    """A temporary newsroom: newslint.toml with a local plugin, a sources folder, a drafts folder."""
    (tmp_path / "tk_plugin.py").write_text(LOCAL_PLUGIN, encoding="utf-8")
    (tmp_path / "newslint.toml").write_text(
        'sources = ["wire"]\nplugins = ["tk_plugin.py"]\n', encoding="utf-8"
    )
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "council.txt").write_text(
        " date 2025-03-04 The council met on Tuesday.\n\nIt approved the budget.\n", encoding="utf-8"
    )
    (tmp_path / "drafts").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- a real PostgreSQL server for the shared index (issue 17): started once a session -------------


@pytest.fixture(scope="session")
def pg_server():
    """A throw-away PostgreSQL server (tests/pg_server.py); skips only when no server binary exists."""
    from pg_server import PgServer

    why = PgServer.why_not()
    if why is not None:
        if os.environ.get("NEWSLINT_REQUIRE_POSTGRES"):  # CI: a missing server is a failure
            pytest.fail(f"NEWSLINT_REQUIRE_POSTGRES is set but {why}")
        pytest.skip(why)
    server = PgServer.start()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server, request):
    """A fresh, empty database on the test server; its admin URL."""
    import re

    name = "t_" + re.sub(r"\W+", "_", request.node.name).lower()[:55]
    return pg_server.create_database(name)
