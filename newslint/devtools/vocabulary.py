"""Vocabulary written in Python instead of rule packs, and vocabulary written more than once.

Vocabulary (months, weekdays, stopwords, abbreviations, speech verbs, ...) belongs in the rule packs
under ``rules/``, once.  This reads the source with ``ast`` and lists

- word lists in code: a list, tuple, set or dict (keys) literal of at least four word-like strings,
  and a regular expression alternating at least four words (``January|February|...``);
- duplicates: groups of word lists (in code or in rule packs) that share at least three words and at
  least half of the smaller list.

Run ``python -m newslint.devtools.vocabulary`` (``--quiet`` for the counts only).  Like the
import graph, this imports nothing from newslint outside ``newslint.devtools``.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newslint.devtools.imports import find_modules, repository_root

MIN_WORDS = 4
MIN_SHARED = 3
WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’.\- ]){0,30}$")
# regular-expression syntax around an alternative: character classes, escapes, groups, anchors
_CLASS = re.compile(r"\[(?:\\.|[^\]])*\][+*?]?")
_SPACE = re.compile(r"\\s[+*?]?| ")
_SYNTAX = re.compile(r"\\[bBAZdDwW]|\(\?(?:[:=!]|<[=!]|P<\w+>|[aiLmsux]+\))|[()^$*+?{}]|\\")


@dataclass(frozen=True)
class WordList:
    where: str  # "path:line" or "rules/x.toml [section.key]"
    words: frozenset[str]
    in_code: bool


def _norm(word: str) -> str:
    return word.strip().rstrip(".").lower()


def _strings(node: ast.AST) -> Iterator[str | None]:
    """The string elements of a collection literal, one level of nesting flattened (None: not a string)."""
    elements: list[ast.expr]
    if isinstance(node, ast.Dict):
        elements = [k for k in node.keys if k is not None]
    elif isinstance(node, ast.List | ast.Tuple | ast.Set):
        elements = list(node.elts)
    else:
        return
    for element in elements:
        if isinstance(element, ast.Constant):
            yield element.value if isinstance(element.value, str) else None
        elif isinstance(element, ast.Tuple | ast.List):
            for inner in element.elts:
                if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
                    yield inner.value
        else:
            yield None


def _alternation(text: str) -> set[str]:
    words = set()
    for piece in text.split("|"):
        word = " ".join(_SYNTAX.sub("", _SPACE.sub(" ", _CLASS.sub("", piece))).split())
        if len(word) >= 2 and WORD.match(word):
            words.add(_norm(word))
    return words


def _all_constant(node: ast.Dict) -> bool:
    """A dict whose values are all constants (a lexicon), not one built from expressions (a JSON record)."""

    def constant(v: ast.expr) -> bool:
        return isinstance(v, ast.Constant) or (isinstance(v, ast.Tuple) and all(constant(e) for e in v.elts))

    return all(constant(v) for v in node.values)


def code_word_lists(root: Path | None = None) -> list[WordList]:
    root = root or repository_root()
    found: list[WordList] = []
    for module, path in find_modules(root).items():
        if module.startswith("newslint.devtools"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and n.body
            and isinstance(n.body[0], ast.Expr)
        }
        where = path.relative_to(root) if path.is_relative_to(root) else path
        exports = {
            id(n.value)
            for n in ast.walk(tree)
            if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in n.targets)
        }
        for node in ast.walk(tree):
            if id(node) in exports:
                continue
            words: set[str] = set()
            if isinstance(node, ast.Dict) and not _all_constant(node):
                continue
            if isinstance(node, ast.Dict | ast.List | ast.Tuple | ast.Set):
                values = list(_strings(node))
                good = [v for v in values if v is not None and WORD.match(v)]
                if len(good) >= MIN_WORDS and len(good) >= 0.8 * len(values):
                    words = {_norm(v) for v in good}
            elif (
                isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            ):
                if node.value.count("|") >= MIN_WORDS - 1:
                    words = _alternation(node.value)
            if len(words) >= MIN_WORDS:
                found.append(WordList(f"{where}:{getattr(node, 'lineno', 0)}", frozenset(words), True))
    return _drop_nested(found)


def _drop_nested(lists: list[WordList]) -> list[WordList]:
    """A literal inside a bigger one at the same place counts once (the bigger)."""
    by_where: dict[str, WordList] = {}
    for wl in lists:
        old = by_where.get(wl.where)
        if old is None or len(wl.words) > len(old.words):
            by_where[wl.where] = wl
    return sorted(by_where.values(), key=lambda w: w.where)


def pack_word_lists(root: Path | None = None) -> list[WordList]:
    root = root or repository_root()
    found: list[WordList] = []
    for path in sorted((root / "rules").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        _walk_pack(data, str(path.relative_to(root)), "", found)
    return found


def _walk_pack(value: object, pack: str, key: str, found: list[WordList]) -> None:
    if isinstance(value, dict):
        keys = {_norm(k) for k in value if WORD.match(k)}
        if len(keys) >= MIN_WORDS:
            found.append(WordList(f"{pack} [{key or '.'}] keys", frozenset(keys), False))
        for k, v in value.items():
            _walk_pack(v, pack, f"{key}.{k}" if key else k, found)
    elif isinstance(value, list):
        flat = [x for v in value for x in (v if isinstance(v, list) else [v])]
        words = {_norm(x) for x in flat if isinstance(x, str) and WORD.match(x)}
        if len(words) >= MIN_WORDS:
            found.append(WordList(f"{pack} [{key}]", frozenset(words), False))


def _overlap(a: WordList, b: WordList) -> bool:
    shared = len(a.words & b.words)
    return shared >= MIN_SHARED and shared >= 0.5 * min(len(a.words), len(b.words))


def duplicate_groups(lists: list[WordList]) -> list[list[WordList]]:
    """Word lists grouped by what they list: the biggest list leads a group, and every smaller list
    joins the first group whose leader it overlaps.  Groups of one place, or of packs only, are left out."""
    groups: list[list[WordList]] = []
    for wl in sorted(lists, key=lambda w: (-len(w.words), w.where)):
        for group in groups:
            if _overlap(group[0], wl):
                group.append(wl)
                break
        else:
            groups.append([wl])
    return [g for g in groups if len(g) > 1 and any(w.in_code for w in g)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newslint.devtools.vocabulary", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("--quiet", action="store_true", help="print the counts only")
    args = parser.parse_args(argv)
    code = code_word_lists()
    packs = pack_word_lists()
    groups = duplicate_groups(code + packs)
    out = sys.stdout
    if not args.quiet:
        out.write("Word lists in code:\n")
        for wl in code:
            sample = ", ".join(sorted(wl.words)[:6])
            out.write(
                f"  {wl.where}: {len(wl.words)} words ({sample}{', ...' if len(wl.words) > 6 else ''})\n"
            )
        out.write("\nDuplicated vocabulary (lists sharing words):\n")
        for group in groups:
            shared = sorted(group[0].words & frozenset().union(*(w.words for w in group[1:])))
            out.write(
                f"  {len(group)} places listing {', '.join(shared[:6])}{', ...' if len(shared) > 6 else ''}\n"
            )
            for wl in group:
                out.write(f"    {wl.where} ({len(wl.words)} words)\n")
        out.write("\n")
    files = {wl.where.rsplit(":", 1)[0] for wl in code}
    words = set().union(*(wl.words for wl in code)) if code else set()
    out.write(
        f"{len(code)} word lists in code ({len(words)} distinct words, {len(files)} files); "
        f"{len(groups)} groups of duplicated vocabulary\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
