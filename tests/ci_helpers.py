"""Shared by the CI-integration tests: a small newsroom project on disk with a local plugin.

The plugin makes the tests independent of the rule families: rule TST101 flags every "Zorblax"
in a draft's prose and cites, as evidence, the first source sentence that also names it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]

PLUGIN = textwrap.dedent("""
    import re

    from newslint import hookimpl
    from newslint.api import Check, Rule, Severity

    WORD = re.compile(r"Zorblax")


    @hookimpl
    def newslint_register_rules(register):
        register(Rule(code="TST101", name="zorblax", severity=Severity.WARNING,
                      summary="The draft names a Zorblax.",
                      what="Flags every Zorblax.", why="Zorblaxes are fictional.",
                      example="A Zorblax landed."))


    def run(ctx):
        evidence = []
        for doc in ctx.sources.documents:
            for s in doc.sentences:
                m = WORD.search(s.text)
                if m:
                    evidence = [ctx.evidence(doc, s.start + m.start(), s.start + m.end(), note="named here")]
                    break
            if evidence:
                break
        for m in WORD.finditer(ctx.draft.prose):
            yield ctx.finding("TST101", m.start(), m.end(), "a Zorblax is named", evidence)


    @hookimpl
    def newslint_register_checks(register):
        register(Check(name="zorblax", codes=("TST101",), run=run))
""")

SOURCE = "The agency said that a Zorblax had been seen near the river.\n"

DRAFT = textwrap.dedent("""\
    # River sighting

    Residents said a bridge was closed.

    The agency said a Zorblax was seen near the river, and a second Zorblax later.

    Officials gave no further details.
""")


def make_project(root: Path, draft: str = DRAFT, name: str = "drafts/story.md") -> Path:
    """A newsroom folder: newslint.toml (sources = wire/, the local plugin), wire copy, a draft.

    Only the plugin's rule and the core's NL001/NL002 are selected, so the tests do not depend on
    what the rule families find.
    """
    (root / "wire").mkdir(parents=True, exist_ok=True)
    (root / "wire" / "agency.txt").write_text(SOURCE, encoding="utf-8")
    (root / "zorblax_plugin.py").write_text(PLUGIN, encoding="utf-8")
    (root / "newslint.toml").write_text(
        'sources = ["wire"]\nplugins = ["zorblax_plugin.py"]\nselect = ["TST", "NL001", "NL002"]\n',
        encoding="utf-8",
    )
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(draft, encoding="utf-8")
    return path


def newslint_exe() -> str:
    """The installed ``newslint`` entry point of the running interpreter's environment."""
    candidate = Path(sys.executable).parent / "newslint"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("newslint")
    if found is None:
        raise RuntimeError("the newslint entry point is not installed; run pip install -e .")
    return found


def run_newslint(args: list[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run(
        [newslint_exe(), *args], cwd=cwd, input=stdin, capture_output=True, env=env, timeout=120
    )


def git(cwd: Path, *args: str) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.org",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.org",
        GIT_CONFIG_NOSYSTEM="1",
    )
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout
