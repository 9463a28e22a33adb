"""The command line through click's CliRunner, and as a real subprocess of the installed entry point."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, needs_corpus

from newslint import __version__
from newslint.cli import main


def run(*args, input=None):
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result


def draft(newsroom, name, text):
    path = newsroom / "drafts" / name
    path.write_text(text, encoding="utf-8")
    return f"drafts/{name}"


# -- exit codes and the text report ------------------------------------------------------------------


def test_clean_draft_exits_0(newsroom):
    d = draft(newsroom, "clean.md", "The council approved the budget.\n")
    r = run("check", d)
    assert r.exit_code == 0, r.output
    assert "All clear: no findings in 1 file, checked against 1 source." in r.output


def test_findings_exit_1_with_exact_positions(newsroom):
    d = draft(newsroom, "tk.md", "---\ntitle: x\n---\nThe mayor said TK.\n\nAlso TK here.\n")
    r = run("check", d)
    assert r.exit_code == 1
    lines = r.output.splitlines()
    assert lines[0] == "drafts/tk.md:4:16: TK001 TK marker left in the draft"
    assert lines[1] == "drafts/tk.md:6:6: TK001 TK marker left in the draft"
    assert lines[-1] == "Found 2 findings (2 errors) in 1 file, checked against 1 source."
    assert "\x1b[" not in r.output  # no colour when not a terminal


def test_exit_zero_and_fail_level(newsroom):
    d = draft(newsroom, "tk.md", "TK.\n")
    assert run("check", "--exit-zero", d).exit_code == 0
    assert run("check", "--ignore", "TK", d).exit_code == 0
    assert run("check", "--select", "NL", d).exit_code == 0
    assert run("check", "--select", "TK001", d).exit_code == 1
    (newsroom / "newslint.toml").write_text('plugins = ["tk_plugin.py"]\nignore = ["TK001"]\n')
    assert run("check", d).exit_code == 0
    assert run("check", "--select", "TK001", d).exit_code == 1  # more specific select wins


def test_fail_level_error_ignores_warnings(newsroom, tmp_path):
    d = draft(newsroom, "tk.md", "TK.\n")
    assert run("check", "--fail-level", "error", d).exit_code == 1
    (newsroom / "newslint.toml").write_text('plugins = ["tk_plugin.py"]\n')
    # TK001 is an error; NL003 (info) must not fail at the default level
    d2 = draft(newsroom, "s.md", "<!-- newslint-disable-next-line TK001 -- checked -->\nNothing to come.\n")
    r = run("check", d2)
    assert r.exit_code == 0 and "NL003" in r.output
    assert run("check", "--fail-level", "info", d2).exit_code == 1


def test_exit_zero_never_hides_exit_2(newsroom):
    r = run("check", "--exit-zero", "drafts/missing.md")
    assert r.exit_code == 2


def test_json_report_schema(newsroom):
    d = draft(newsroom, "tk.md", "The mayor said TK.\n")
    r = run("check", "--format", "json", d)
    data = json.loads(r.stdout)
    assert list(data) == ["version", "tool", "files", "sources", "findings", "suppressed", "summary"]
    assert data["version"] == 1 and data["tool"] == {"name": "newslint", "version": __version__}
    assert data["files"] == ["drafts/tk.md"] and data["sources"] == ["wire/council.txt"]
    f = data["findings"][0]
    assert list(f) == [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "rule",
        "severity",
        "message",
        "excerpt",
        "evidence",
    ]
    assert (f["line"], f["column"], f["end_line"], f["end_column"]) == (1, 16, 1, 18)
    assert f["excerpt"] == "TK" and f["rule"] == "to-come-marker" and f["severity"] == "error"
    assert data["summary"] == {"files": 1, "findings": 1, "error": 1, "warning": 0, "info": 0}


def test_output_file_and_refusal_to_overwrite_a_draft(newsroom):
    d = draft(newsroom, "tk.md", "TK.\n")
    r = run("check", "--format", "json", "-o", "report.json", d)
    assert r.exit_code == 1 and json.loads((newsroom / "report.json").read_text())["summary"]["findings"] == 1
    r = run("check", "-o", d, d)
    assert r.exit_code == 2 and "refusing" in r.output
    assert (newsroom / d).read_text() == "TK.\n"


# -- plugin isolation -------------------------------------------------------------------------------


def test_crashing_check_becomes_nl002_and_others_still_run(newsroom):
    d = draft(newsroom, "crash.md", "CRASH and TK.\n")
    r = run("check", "--format", "json", d)
    codes = sorted(f["code"] for f in json.loads(r.stdout)["findings"])
    assert codes == ["NL002", "TK001"]
    assert "RuntimeError: boom" in r.output and "crash" in r.output


def test_nl002_survives_a_select_of_another_family(newsroom):
    """`--select TK` keeps the NL002 of a crashed TK check: a failed check is not "All clear"."""
    d = draft(newsroom, "crash.md", "CRASH and TK.\n")
    r = run("check", "--format", "json", "--select", "TK002", d)
    assert r.exit_code == 1
    assert [f["code"] for f in json.loads(r.stdout)["findings"]] == ["NL002"]
    r = run("check", "--format", "json", "--select", "TK002", "--ignore", "NL002", d)
    assert json.loads(r.stdout)["findings"] == []


# -- suppressions -----------------------------------------------------------------------------------


def test_suppressions(newsroom):
    text = (
        "<!-- newslint-disable-next-line TK001 -- the desk fills this in -->\n"
        "One TK.\n"
        "<!-- newslint-disable TK -->\n"
        "Two TK.\n"
        "Three TK.\n"
        "<!-- newslint-enable TK -->\n"
        "Four TK.\n"
    )
    d = draft(newsroom, "sup.md", text)
    data = json.loads(run("check", "--format", "json", d).stdout)
    assert [(f["code"], f["line"]) for f in data["findings"]] == [("TK001", 7)]


def test_disable_file_and_unused_suppression(newsroom):
    d = draft(newsroom, "f.md", "<!-- newslint-disable-file TK001 -->\nTK.\n\nTK again.\n")
    assert json.loads(run("check", "--format", "json", d).stdout)["findings"] == []
    d = draft(newsroom, "u.md", "<!-- newslint-disable-next-line TK001 -- was fixed -->\nAll done.\n")
    data = json.loads(run("check", "--format", "json", d).stdout)
    assert [(f["code"], f["line"], f["column"]) for f in data["findings"]] == [("NL003", 1, 1)]
    assert "TK001" in data["findings"][0]["message"]


def test_suppression_of_a_rule_that_did_not_run_is_not_unused(newsroom):
    d = draft(newsroom, "u.md", "<!-- newslint-disable-next-line TK001 -- fixed -->\nAll done.\n")
    assert json.loads(run("check", "--format", "json", "--ignore", "TK", d).stdout)["findings"] == []


def test_required_reason(newsroom):
    (newsroom / "newslint.toml").write_text('plugins = ["tk_plugin.py"]\nrequire-suppression-reason = true\n')
    d = draft(newsroom, "r.md", "<!-- newslint-disable-next-line TK001 -->\nTK.\n")
    data = json.loads(run("check", "--format", "json", d).stdout)
    assert [(f["code"], f["line"]) for f in data["findings"]] == [("NL004", 1)]


def test_suppressions_in_plain_text(newsroom):
    d = draft(newsroom, "t.txt", "<!-- newslint-disable-next-line TK001 -- ok -->\nTK.\n")
    assert json.loads(run("check", "--format", "json", d).stdout)["findings"] == []


# -- bad input: one line, exit 2, or NL001 among several drafts -------------------------------------


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"\xfa\xfb bad bytes", "is not valid UTF-8"),
        (b"\xff\xfe\x00\xd8 bad", "is not valid UTF-16"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "is a binary file"),
        (b"", "is empty"),
        (b"  \n\n", "is empty"),
        (b"---\ntitle: [x\n---\nBody.\n", "malformed front matter"),
    ],
)
def test_bad_draft_is_one_line_exit_2(newsroom, content, expected):
    (newsroom / "drafts" / "bad.md").write_bytes(content)
    r = run("check", "drafts/bad.md")
    assert r.exit_code == 2
    assert r.output.count("\n") == 1 and r.output.startswith("newslint: error: drafts/bad.md")
    assert expected in r.output and "Traceback" not in r.output


def test_broken_draft_among_several_is_nl001_others_checked(newsroom):
    (newsroom / "drafts" / "bad.md").write_bytes(b"\xfa\xfb bad")
    draft(newsroom, "good.md", "TK.\n")
    data = json.loads(run("check", "--format", "json", "drafts").stdout)
    assert [(f["path"], f["code"]) for f in data["findings"]] == [
        ("drafts/bad.md", "NL001"),
        ("drafts/good.md", "TK001"),
    ]
    assert data["summary"]["files"] == 2


@pytest.mark.parametrize(
    "args, expected",
    [
        (["drafts/none.md"], "drafts/none.md: path does not exist"),
        (["--source", "nowhere", "drafts/ok.md"], "source 'nowhere' does not exist"),
        (["--source", "wire/*.xml", "drafts/ok.md"], "matches no file"),
        (["--config", "missing.toml", "drafts/ok.md"], "missing.toml: configuration file does not exist"),
        (["--format", "yaml", "drafts/ok.md"], "unknown format 'yaml'"),
        ([], "no drafts given"),
    ],
)
def test_usage_errors(newsroom, args, expected):
    draft(newsroom, "ok.md", "Fine.\n")
    r = run("check", *args)
    assert r.exit_code == 2 and expected in r.output and "Traceback" not in r.output
    assert r.output.count("\n") == 1


def test_bad_source_file_is_exit_2(newsroom):
    (newsroom / "wire" / "photo.txt").write_bytes(b"\x00\x01\x02binary")
    d = draft(newsroom, "ok.md", "Fine.\n")
    r = run("check", d)
    assert r.exit_code == 2 and "wire/photo.txt: is a binary file" in r.output


@pytest.mark.parametrize(
    "config, expected",
    [
        ('sources = ["wire"\n', "newslint.toml:1: invalid TOML"),
        ('sources = ["wire"]\nfail-level = "fatal"\n', "newslint.toml:2: key 'fail-level' must be one of"),
        ('\n\nsourcs = ["wire"]\n', "newslint.toml:3: unknown key 'sourcs'"),
        ('select = ["NL1", "bogus"]\n', "newslint.toml:1: key 'select' must be rule codes"),
        ("stale-after-days = -1\n", "key 'stale-after-days' must be a whole number"),
        ('plugins = ["nope.py"]\n', "plugin module 'nope.py' does not exist"),
    ],
)
def test_bad_config_names_file_line_and_key(newsroom, config, expected):
    (newsroom / "newslint.toml").write_text(config)
    d = draft(newsroom, "ok.md", "Fine.\n")
    r = run("check", d)
    assert r.exit_code == 2 and expected in r.output, r.output
    assert r.output.count("\n") == 1


def test_pyproject_config_and_line_numbers(newsroom):
    (newsroom / "newslint.toml").unlink()
    (newsroom / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.newslint]\nfail-level = 3\n')
    d = draft(newsroom, "ok.md", "Fine.\n")
    r = run("check", d)
    assert r.exit_code == 2 and "pyproject.toml:5: key 'fail-level'" in r.output


def test_front_matter_sources_must_stay_inside_the_project(newsroom, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    outside.write_text("The password is 1234.\n")
    d = draft(newsroom, "leak.md", f"---\nsources: [{outside}]\n---\nStory.\n")
    r = run("check", d)
    assert r.exit_code == 2 and "resolves outside the project" in r.output
    d = draft(newsroom, "leak2.md", "---\nsources: [../../../../../../etc/passwd]\n---\nStory.\n")
    r = run("check", d)
    assert r.exit_code == 2 and ("outside the project" in r.output or "does not exist" in r.output)
    (newsroom / "wire" / "link.txt").symlink_to(outside)
    d = draft(newsroom, "leak3.md", "---\nsources: [../wire/link.txt]\n---\nStory.\n")
    r = run("check", d)
    assert r.exit_code == 2 and "outside the project" in r.output


def test_front_matter_sources_inside_are_used(newsroom):
    (newsroom / "newslint.toml").write_text('plugins = ["tk_plugin.py"]\n')
    d = draft(newsroom, "ok.md", "---\nsources: [../wire/council.txt]\n---\nStory.\n")
    data = json.loads(run("check", "--format", "json", d).stdout)
    assert data["sources"] == ["wire/council.txt"]


# -- config discovery ---------------------------------------------------------------------------------


def test_nearest_config_applies(newsroom):
    sub = newsroom / "drafts" / "sport"
    sub.mkdir()
    (sub / ".newslint.toml").write_text('ignore = ["NL3"]\n')
    (sub / "match.md").write_text("TK.\n")
    draft(newsroom, "main.md", "TK.\n")
    data = json.loads(run("check", "--format", "json", "drafts").stdout)
    assert [f["path"] for f in data["findings"]] == ["drafts/main.md"]
    # the sport config has no plugins and no sources: nothing to say about sport/match.md
    assert "drafts/sport/match.md" in data["files"]
    # it is not merged with its parent: ignoring the parent's plugin code there is a typo-like no-op
    (sub / ".newslint.toml").write_text('ignore = ["TK"]\n')
    r = run("check", "drafts")
    assert r.exit_code == 2 and ".newslint.toml:1: key 'ignore' names 'TK'" in r.output, r.output


def test_isolated_ignores_config(newsroom):
    d = draft(newsroom, "tk.md", "TK.\n")
    r = run("check", "--isolated", "--format", "json", d)
    data = json.loads(r.stdout)
    assert data["findings"] == [] and data["sources"] == []


def test_per_file_ignores(newsroom):
    (newsroom / "newslint.toml").write_text(
        'plugins = ["tk_plugin.py"]\n[per-file-ignores]\n"drafts/briefs/*" = ["TK"]\n'
    )
    (newsroom / "drafts" / "briefs").mkdir()
    (newsroom / "drafts" / "briefs" / "b.md").write_text("TK.\n")
    assert run("check", "drafts/briefs/b.md").exit_code == 0


# -- other commands -----------------------------------------------------------------------------------


def test_version():
    assert run("--version").output.strip() == f"newslint {__version__}"


def test_rules_and_rule_docs():
    out = run("rules").output
    assert "NL001  parse-error" in out and "NL003" in out
    doc = run("rule", "NL003").output
    for section in ("## What it does", "## Why is this bad?", "## Example"):
        assert section in doc
    r = run("rule", "NL999")
    assert r.exit_code == 2 and "no rule 'NL999'" in r.output


def test_plugins_lists_builtins_and_local(newsroom):
    out = run("plugins").output
    assert f"newslint {__version__}" in out and "local:tk_plugin.py local: rules TK001, TK002" in out
    assert f"readers {__version__}: document reader" in out  # a plugin that only reads formats


def test_index_then_check_uses_cache(newsroom):
    r = run("index")
    assert r.exit_code == 0 and "Indexed 1 sources" in r.output
    assert (newsroom / ".newslint_cache" / "index.sqlite").is_file()
    assert (newsroom / ".newslint_cache" / ".gitignore").read_text().strip().endswith("*")


@needs_corpus
def test_extract_corpus_000():
    r = run("extract", str(CORPUS / "000_cb13fee20b4b9ecc.txt"))
    assert r.exit_code == 0
    assert "date 2024-08-13 (from header)" in r.output
    assert "    7:172-7:234  Russia said on Tuesday it had fended off new attacks in Kursk." in r.output
    data = json.loads(run("extract", "--format", "json", str(CORPUS / "000_cb13fee20b4b9ecc.txt")).stdout)
    assert data["date"] == "2024-08-13"
    assert data["sentences"][1]["line"] == 5 and data["sentences"][1]["column"] == 1


@needs_corpus
def test_check_corpus_json_schema(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run(
        "check",
        "--format",
        "json",
        "--isolated",
        "--source",
        str(CORPUS / "000_cb13fee20b4b9ecc.txt"),
        str(CORPUS / "001_2b3c9c5aee47423a.txt"),
    )
    assert r.exit_code in (0, 1)
    data = json.loads(r.stdout)
    assert data["version"] == 1 and len(data["files"]) == 1 and len(data["sources"]) == 1
    assert set(data["summary"]) == {"files", "findings", "error", "warning", "info"}
    for f in data["findings"]:
        assert f["path"].endswith("001_2b3c9c5aee47423a.txt")


# -- the installed entry point as a real subprocess -----------------------------------------------------


def _entry_point():
    beside = Path(sys.executable).parent / "newslint"
    exe = str(beside) if beside.is_file() else shutil.which("newslint")
    if exe is None:
        pytest.skip("the newslint entry point is not installed (pip install -e '.[test]')")
    return exe


def test_subprocess_check_and_errors(newsroom):
    exe = _entry_point()
    d = draft(newsroom, "tk.md", "The mayor said TK.\n")
    p = subprocess.run([exe, "check", d], capture_output=True, text=True)
    assert p.returncode == 1 and "drafts/tk.md:1:16: TK001" in p.stdout
    p = subprocess.run([exe, "check", "drafts/none.md"], capture_output=True, text=True)
    assert (
        p.returncode == 2
        and p.stderr.strip() == "newslint: error: drafts/none.md: path does not exist; check the name"
    )
    p = subprocess.run(
        [exe, "check", "-", "--stdin-filename", "drafts/in.md"],
        input="TK here.\n",
        capture_output=True,
        text=True,
    )
    assert p.returncode == 1 and "drafts/in.md:1:1: TK001" in p.stdout


def test_python_dash_m():
    p = subprocess.run([sys.executable, "-m", "newslint", "--version"], capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout.strip() == f"newslint {__version__}"
