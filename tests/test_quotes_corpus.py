"""NL301-NL304 on the reference corpus: the exact findings the issue lists, and nothing else."""

from __future__ import annotations

import pytest
from conftest import CORPUS, needs_corpus

from newslint.testing import check_texts

pytestmark = needs_corpus


def _file(prefix: str):
    matches = sorted(CORPUS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"corpus file {prefix}_*.txt not found in {CORPUS}")
    return matches[0]


def check(draft: str, sources: list[str]):
    d = _file(draft)
    return check_texts(
        d.read_text(encoding="utf-8"),
        {_file(s).name: _file(s).read_text(encoding="utf-8") for s in sources},
        draft_name=d.name,
        select=["NL3"],
    )


def found(findings) -> set[tuple[str, int]]:
    return {(f.code, f.line) for f in findings}


def test_draft_001_against_000_002_004():
    findings = check("001", ["000", "002", "004"])
    # "dislodge" (lines 1 and 13), Bielieskov (12), "sow discord" (13), the anonymous official (15)
    assert found(findings) == {("NL301", 1), ("NL301", 12), ("NL301", 13), ("NL301", 15)}
    excerpts = sorted((f.line, f.excerpt) for f in findings)
    assert excerpts[0] == (1, "“dislodge”")
    assert (13, "“dislodge”") in excerpts and (13, "“sow discord”") in excerpts


def test_draft_003_against_000_002_004():
    findings = check("003", ["000", "002", "004"])
    assert found(findings) == {("NL301", 25)}


def test_draft_002_against_000_004():
    findings = check("002", ["000", "004"])
    rest = {(c, line) for c, line in found(findings) if line != 19}
    assert rest == {("NL301", 1), ("NL301", 5), ("NL301", 9), ("NL301", 11)}
    # line 19: the defence ministry's words differ from 000 line 19 (NL303 or NL301 both acceptable)
    line19 = [f for f in findings if f.line == 19]
    assert len(line19) == 1 and line19[0].code in ("NL301", "NL303")
    assert [(e.path, e.line) for e in line19[0].evidence] == [(_file("000").name, 19)]


def test_tykhy_quote_with_a_comma_for_the_ellipsis():
    # 001 line 7 writes 000's "peace...the sooner" as "peace, the sooner": not a change of words.
    # Against 000 alone the one change reported is 000's "defences forces" -> "defence forces".
    findings = [f for f in check("001", ["000"]) if f.line == 7]
    assert [f.code for f in findings] == ["NL303"]
    assert "[-defences-]{+defence+}" in findings[0].message
    assert findings[0].message.count("[-") == 1 and "{+," not in findings[0].message
    assert findings[0].evidence[0].note == "said by Georgiy Tykhy"
    # against 004 ("defense", American spelling) it is sourced, and by the same person
    assert not [f for f in check("001", ["004"]) if f.line in (7, 8)]
