"""Compiled patterns kept between runs (newslint/pattern_cache.py): the same patterns, faster."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
    (found,) = (tmp_path / "cache" / "newslint").glob("patterns-*.json")
    return found


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
    data = json.loads(path.read_text(encoding="utf-8"))
    for i, key in enumerate(data):
        if i % 3 == 0:
            data[key][1] = [99999, 1, 2]  # a program the engine's validator refuses
        elif i % 3 == 1:
            data[key] = ["not", "an", "entry"]
    path.write_text(json.dumps(data), encoding="utf-8")
    again, (used, new) = _probe(tmp_path, "on")
    assert again == fresh and new > 0
    path.write_text("{not json", encoding="utf-8")
    assert _probe(tmp_path, "on")[0] == fresh


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
    assert len(json.loads(_file(tmp_path).read_text(encoding="utf-8"))) > 100  # the extractors' patterns


def test_off_keeps_nothing(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NEWSLINT_PATTERN_CACHE": "off"}
    subprocess.run([sys.executable, "-c", PROBE, "on"], capture_output=True, env=env, check=True)
    assert not list((tmp_path / "cache").glob("newslint/patterns-*"))


def test_importing_newslint_as_a_library_leaves_re_alone():
    code = "import re\nreal = re._compiler.compile\nimport newslint.cli, newslint.api\nprint(re._compiler.compile is real)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"
