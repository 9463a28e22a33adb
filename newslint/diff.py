"""``check --diff REF``: which lines of which files changed since a git ref.

A pull-request check should speak about what the pull request changed, not bury its author under
findings on paragraphs nobody touched.  The changed lines come from the real repository:
``git diff --unified=0 REF`` (the working tree against REF, so staged, unstaged and committed
changes all count), parsed into line ranges per file.  A file git does not track (a new draft not
yet added) counts as wholly changed; so does a draft read from stdin whose ``--stdin-filename`` is
not in REF (for a name that is, stdin is compared line by line with the file as REF has it).

Problems end in one line and exit code 2: git not installed, not inside a git repository, a ref
that does not exist (in CI, usually a shallow clone that lacks the base branch), a draft outside
the repository.
"""

from __future__ import annotations

import bisect
import difflib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from newslint.errors import UsageError

OPTION = "--diff"
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", '"': '"', "\\": "\\"}


@dataclass
class ChangedLines:
    """Changed line ranges (1-based, inclusive) per repository-relative path, since ``ref``."""

    ref: str
    root: Path
    ranges: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    tracked: frozenset[str] = frozenset()
    whole: set[str] = field(default_factory=set)  # read from stdin and absent from REF

    def relative(self, path: Path) -> str:
        """``path`` relative to the repository root (``/``-separated); UsageError when outside it."""
        for candidate in (Path(os.path.abspath(path)), path.resolve()):
            try:
                return candidate.relative_to(self.root).as_posix()
            except ValueError:
                continue
        raise UsageError(
            f"{path} is outside the git repository {self.root}; --diff compares files in it only", OPTION
        )

    def is_whole(self, rel: str) -> bool:
        """New to git: untracked (and so absent from the diff), or given on stdin and absent from REF."""
        return rel in self.whole or (rel not in self.tracked and rel not in self.ranges)

    def has_changes(self, rel: str) -> bool:
        return self.is_whole(rel) or bool(self.ranges.get(rel))

    def touches(self, rel: str, line: int, end_line: int | None = None) -> bool:
        """Whether lines ``line..end_line`` of ``rel`` overlap a changed line."""
        if self.is_whole(rel):
            return True
        spans = self.ranges.get(rel)
        if not spans:
            return False
        end_line = max(end_line or line, line)
        i = bisect.bisect_right(spans, (line, float("inf"))) - 1  # last span starting at or before line
        if i >= 0 and spans[i][1] >= line:
            return True
        return i + 1 < len(spans) and spans[i + 1][0] <= end_line


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, LC_ALL="C", GIT_TERMINAL_PROMPT="0")
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=env)


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else ""


def open_repository(ref: str, cwd: Path) -> ChangedLines:
    """Check that git, the repository and ``ref`` exist; return an empty ChangedLines for them."""
    if shutil.which("git") is None:
        raise UsageError("git is not installed or not on PATH; install git or drop --diff", OPTION)
    if not ref or ref.startswith("-"):
        raise UsageError(
            f"{ref!r} is not a git ref; name a branch, tag or commit such as origin/main", OPTION
        )
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        why = _first_line(top.stderr)
        if "not a git repository" in why:
            raise UsageError(
                f"{cwd} is not inside a git repository; run newslint in the repository or drop --diff", OPTION
            )
        raise UsageError(f"git cannot read the repository at {cwd} ({why}); fix that or drop --diff", OPTION)
    root = Path(top.stdout.decode("utf-8").strip()).resolve()
    verify = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
    if verify.returncode != 0:
        raise UsageError(
            f"git ref {ref!r} does not exist in {root}; name a branch, tag or commit "
            "(in CI, fetch it first, e.g. git fetch origin main)",
            OPTION,
        )
    return ChangedLines(ref=ref, root=root)


def changed_lines(ref: str, cwd: Path) -> ChangedLines:
    """Changed line ranges of every file in the repository around ``cwd`` since ``ref``."""
    changed = open_repository(ref, cwd)
    diff = _git(
        [
            "-c",
            "core.quotepath=off",
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--unified=0",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            ref,
            "--",
        ],
        changed.root,
    )
    if diff.returncode != 0:
        raise UsageError(f"git diff {ref} failed: {_first_line(diff.stderr)}", OPTION)
    changed.ranges = parse_unified_diff(diff.stdout.decode("utf-8", "replace"))
    tracked = _git(["ls-files", "-z", "--full-name"], changed.root)
    if tracked.returncode != 0:
        raise UsageError(f"git ls-files failed: {_first_line(tracked.stderr)}", OPTION)
    changed.tracked = frozenset(p for p in tracked.stdout.decode("utf-8", "replace").split("\0") if p)
    return changed


def parse_unified_diff(text: str) -> dict[str, list[tuple[int, int]]]:
    """``{new path: sorted [(first, last) line]}`` from ``git diff --unified=0`` output."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    current: list[tuple[int, int]] | None = None
    for line in text.split("\n"):
        if line.startswith("+++ "):
            name = line[4:]
            if name.startswith('"'):
                name = _unquote(name)
            current = ranges.setdefault(name[2:], []) if name.startswith("b/") else None
        elif line.startswith("@@ ") and current is not None:
            m = _HUNK.match(line)
            if m:
                start, count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
                if count > 0:
                    current.append((start, start + count - 1))
    for spans in ranges.values():
        spans.sort()
    return ranges


def _unquote(quoted: str) -> str:
    """Undo git's C-style quoting of a path ("b/caf\\303\\251.md" -> b/café.md)."""
    body = quoted[1:-1] if quoted.endswith('"') else quoted[1:]
    out = bytearray()
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in "01234567" and re.match(r"[0-7]{3}", body[i + 1 : i + 4]):
                out.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            out += _ESCAPES.get(nxt, nxt).encode("utf-8")
            i += 2
            continue
        out += ch.encode("utf-8")
        i += 1
    return out.decode("utf-8", "replace")


def add_text(changed: ChangedLines, rel: str, text: str) -> None:
    """Record the changed lines of ``text`` (a draft on stdin) against ``rel`` as REF has it."""
    old = _git(["show", f"{changed.ref}:{rel}"], changed.root)
    if old.returncode != 0:  # not in REF: all of it is new
        changed.whole.add(rel)
        return
    old_lines = old.stdout.decode("utf-8", "replace").removeprefix("\ufeff").split("\n")
    new_lines = text.split("\n")
    spans = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert") and j2 > j1:
            spans.append((j1 + 1, j2))
    changed.ranges[rel] = spans
