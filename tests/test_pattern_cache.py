"""Compiled patterns kept between runs (newslint/pattern_cache.py): the same patterns, faster."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# patterns of the kinds the extractors build: named groups, look-arounds, possessive and lazy
# quantifiers, inline and call flags, Unicode classes, back-references, long alternations
PROBE = r"""
import json, re, sys
from newslint import pattern_cache
if sys.argv[1] == "on":
    pattern_cache.install()
patterns = [
    (r"(?P<n>\d{1,3}(?:,\d{3})*)\s*(?P<unit>km|sq km|square kilometres?)\b", 0),
    (r"(?<![.!?])[.!?]++[\"')\]]*+(?=\s++[A-Z0-9])", 0),
    (r"\b(?:" + "|".join(sorted(["January", "February", "March", "Jan", "Feb", "Mar", "Sept"], key=len, reverse=True)) + r")\.?\s+(\d{1,2})", re.I),
    (r"(?i:monday|tuesday)|(?-i:Wed)", 0),
    (r"(`+)(?!`).+?(?<!`)\1", re.S),
    (r"^[ \t]*Published:[ \t]*(.*)$", re.M),
    (r"[^\W\d_]+(?:['’-][^\W\d_]+)*", 0),
    (r"(?x) \d+ \s* (?# a comment ) (?:per|a) \s+ (day|week)", 0),
    (r"|".join(f"w{i:03}" for i in range(600)), 0),
]
texts = ["Flood waters covered 1,200 sq km on Monday. The Rain fell! In March 3 of 2031",
         "PUBLISHED: 4 march 2031\nÉlodie Durand-Ruiz said `code` and w599 w010 40 per day",
         "Published: 5 Sept. 12 ``a``b`` Wed wed 3 a week"]
out = []
for p, f in patterns:
    c = re.compile(p, f)
    out.append([c.pattern, int(c.flags), c.groups, sorted(c.groupindex.items())])
    for t in texts:
        out.append([[m.span(), m.groups()] for m in c.finditer(t)])
print(json.dumps(out))
print(len(pattern_cache._used), len(pattern_cache._new), file=sys.stderr)
"""


def _probe(tmp_path: Path, mode: str) -> tuple[str, tuple[int, int]]:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("NEWSLINT_PATTERN_CACHE", None)
    run = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, env=env, check=True
    )
    used, new = map(int, run.stderr.split())
    return run.stdout, (used, new)


def _file(tmp_path: Path) -> Path:
    (found,) = (tmp_path / "cache" / "newslint").glob("patterns-*.sqlite3")
    return found


def _entries(tmp_path: Path) -> dict[str, str]:
    with closing(sqlite3.connect(_file(tmp_path))) as db:
        return dict(db.execute("SELECT key, entry FROM programs"))


def test_patterns_from_the_cache_match_as_freshly_compiled_ones(tmp_path):
    fresh, _ = _probe(tmp_path, "off")
    first, (used, new) = _probe(tmp_path, "on")
    assert used == 0 and new >= 9  # compiled, and kept
    second, (used, new) = _probe(tmp_path, "on")
    assert used >= 9 and new == 0  # every probe pattern came from the cache
    assert first == second == fresh


def test_a_damaged_entry_is_compiled_again_and_a_broken_file_ignored(tmp_path):
    fresh, _ = _probe(tmp_path, "off")
    _probe(tmp_path, "on")
    path = _file(tmp_path)
    damaged = {}
    for i, (key, text) in enumerate(_entries(tmp_path).items()):
        entry = json.loads(text)
        if i % 4 == 0:
            entry[1] = [99999, 1, 2]  # a program the engine's validator refuses
        elif i % 4 == 1:
            entry = ["not", "an", "entry"]
        elif i % 4 == 2:
            entry = "{not json"
        damaged[key] = entry if isinstance(entry, str) else json.dumps(entry)
    with closing(sqlite3.connect(path)) as db, db:
        db.executemany("UPDATE programs SET entry = ? WHERE key = ?", [(v, k) for k, v in damaged.items()])
    again, (used, new) = _probe(tmp_path, "on")
    assert again == fresh and new >= 3 * len(damaged) // 4 and used >= 1
    assert _probe(tmp_path, "on")[1][1] == 0  # the damaged entries were written again
    path.write_bytes(b"{not a database" * 100)
    out, (used, new) = _probe(tmp_path, "on")
    assert out == fresh and used == 0 and new >= 9  # the file was replaced, the patterns compiled
    out, (used, new) = _probe(tmp_path, "on")
    assert out == fresh and used >= 9 and new == 0


def test_the_most_recently_used_programs_are_kept(tmp_path):
    from newslint.pattern_cache import MAX_ENTRIES

    _probe(tmp_path, "on")
    mine = set(_entries(tmp_path))
    with closing(sqlite3.connect(_file(tmp_path))) as db, db:
        # the probe's entries used long ago, and more entries than are kept, used since
        db.execute("UPDATE programs SET used = 1000")
        sample = next(iter(_entries(tmp_path).values()))
        db.executemany(
            "INSERT INTO programs (key, entry, used) VALUES (?, ?, ?)",
            [(f"0\0old{i}", sample, 2000 + i) for i in range(MAX_ENTRIES + 50)],
        )
    _, (used, new) = _probe(tmp_path, "on")
    assert used == len(mine) and new == 0
    kept = set(_entries(tmp_path))
    assert len(kept) == MAX_ENTRIES and mine <= kept  # used in this run: renewed, kept
    assert "0\0old0" not in kept and f"0\0old{MAX_ENTRIES + 49}" in kept


def test_a_check_reports_the_same_with_the_cache_and_without(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("NEWSLINT_PATTERN_CACHE", None)
    cmd = [sys.executable, "-m", "newslint", "check", "--no-cache", "--format", "json", "drafts"]
    runs = [
        subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT / "examples", env=env) for _ in range(2)
    ]
    off = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        cwd=ROOT / "examples",
        env={**env, "NEWSLINT_PATTERN_CACHE": "off"},
    )
    assert runs[0].stdout == runs[1].stdout == off.stdout and '"findings"' in off.stdout
    assert len(_entries(tmp_path)) > 100  # the extractors' patterns


def test_off_keeps_nothing(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NEWSLINT_PATTERN_CACHE": "off"}
    subprocess.run([sys.executable, "-c", PROBE, "on"], capture_output=True, env=env, check=True)
    assert not list((tmp_path / "cache").glob("newslint/patterns-*"))


def test_importing_newslint_as_a_library_leaves_re_alone():
    code = "import re\nreal = re._compiler.compile\nimport newslint.cli, newslint.api\nprint(re._compiler.compile is real)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"
