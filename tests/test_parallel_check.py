"""Many drafts at once (as pre-commit passes them): the process pool gives the same report as -j 1."""

from __future__ import annotations

import json

from ci_helpers import DRAFT, make_project, run_newslint

from newslint.runner import PARALLEL_MIN_DRAFTS


def test_parallel_check_matches_serial_check(tmp_path):
    make_project(tmp_path)
    drafts = tmp_path / "drafts"
    count = PARALLEL_MIN_DRAFTS + 4
    for i in range(count):
        (drafts / f"d{i:03}.md").write_text(DRAFT if i % 2 else "Nothing unusual today.\n", encoding="utf-8")
    (drafts / "broken.md").write_bytes(b"\xff\xfe not text")
    names = sorted(p.name for p in drafts.iterdir())
    serial = run_newslint(["check", "drafts", "-j", "1", "--format", "json"], cwd=tmp_path)
    parallel = run_newslint(["check", "drafts", "-j", "2", "--format", "json"], cwd=tmp_path)
    assert serial.returncode == parallel.returncode == 1, parallel.stderr.decode()
    s, p = json.loads(serial.stdout), json.loads(parallel.stdout)
    assert p == s
    assert p["files"] == [f"drafts/{n}" for n in names]
    by_file = {}
    for f in p["findings"]:
        by_file.setdefault(f["path"], []).append((f["line"], f["column"], f["code"]))
    odd = [f"drafts/d{i:03}.md" for i in range(count) if i % 2] + ["drafts/story.md"]
    assert {k: v for k, v in by_file.items() if k in odd} == {
        k: [(5, 19, "TST101"), (5, 65, "TST101")] for k in odd
    }
    assert [c for _, _, c in by_file["drafts/broken.md"]] == ["NL001"]
    assert set(by_file) == set(odd) | {"drafts/broken.md"}
