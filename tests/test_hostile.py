"""Hostile and broken input (issue 11) and loud plugin failures (issue 10 item 5): one test or more
per defect.  Fictional newsroom text throughout.  No timing assertion here: speed is measured by
bench/bench_pathological.py."""

from __future__ import annotations

import json
import os
import re
import textwrap

import pytest
from click.testing import CliRunner

from newslint.cli import main
from newslint.document import decode_text, html_comments, parse_document, split_sentences
from newslint.rulepacks import RulePacks, builtin_packs


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def write(path, text, encoding="utf-8"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)
    return path


def plugin(newsroom, body: str, name: str = "odd_plugin.py") -> None:
    """A second local plugin in the newsroom's configuration."""
    write(newsroom / name, textwrap.dedent(body))
    (newsroom / "newslint.toml").write_text(
        f'sources = ["wire"]\nplugins = ["tk_plugin.py", "{name}"]\n', encoding="utf-8"
    )


PLUGIN_HEAD = """
    import sys
    from newslint import hookimpl
    from newslint.finding import Finding
    from newslint.api import Check, Reporter, Rule, Severity

    @hookimpl
    def newslint_register_rules(register):
        register(Rule(code="ODD001", name="odd-rule", severity=Severity.WARNING, summary="Odd.",
                      what="Odd.", why="Odd.", example="Odd."))
"""


# -- 1. a bad source is blamed on the source, exit 2 ---------------------------------------------


def test_unreadable_source_is_exit_2_naming_it_with_several_drafts(newsroom):
    (newsroom / "wire" / "latin1.txt").write_bytes("Caf\xe9 owners said 40 km.\n".encode("latin-1"))
    write(newsroom / "drafts" / "a.md", "First draft.\n")
    write(newsroom / "drafts" / "b.md", "Second draft.\n")
    r = run("check", "drafts/a.md", "drafts/b.md", "-s", "wire/latin1.txt")
    assert r.exit_code == 2, r.output
    assert r.output.startswith("newslint: error: wire/latin1.txt: is not valid UTF-8")
    assert "NL001" not in r.output and r.output.count("\n") == 1


# -- 2. one sentence splitter, linear, vocabulary in a rule pack ---------------------------------


def test_splitter_reads_abbreviations_from_the_pack_and_a_pack_removes_them():
    text = "Gov. Ana Ferreira spoke. No. 4 road closed. J. Smith said so."
    abbreviations = builtin_packs().derived(lambda p: frozenset(p.get("sentences")["abbreviations"]))
    assert [text[a:b].strip() for a, b in split_sentences(text, abbreviations)] == [
        "Gov. Ana Ferreira spoke.",
        "No. 4 road closed.",
        "J. Smith said so.",
    ]
    packs = RulePacks()
    packs.add({"sentences": {"abbreviations": ["gov", "no"]}}, "base")
    packs.add({"remove": {"sentences": {"abbreviations": ["no"]}}}, "newsroom")
    assert packs.get("sentences") == {"abbreviations": ["gov"]}
    doc = parse_document(text + "\n", "x.txt", packs=packs)
    assert [s.text for s in doc.sentences] == [
        "Gov. Ana Ferreira spoke.",
        "No.",
        "4 road closed.",
        "J. Smith said so.",
    ]


def test_pack_remove_deletes_keys_and_whole_entries():
    packs = RulePacks()
    packs.add(
        {"units": {"km": {"pint": "kilometer"}, "mi": {"pint": "mile"}}, "words": {"grey": "gray"}}, "a"
    )
    packs.add({"remove": {"units": {"km": True}, "words": ["grey"], "absent": True}}, "b")
    assert packs.get("units") == {"mi": {"pint": "mile"}} and packs.get("words") == {}


def test_splitter_handles_runs_of_end_marks_and_long_words():
    text = "." * 5000 + " Next " + "A." * 3000 + " The end."
    spans = split_sentences(text, frozenset())
    assert spans[0] == (0, 5000) and spans[-1][1] == len(text)


@pytest.mark.parametrize(
    "text",
    ["<!-- a --> b <!-- c", "<!-- <!-- -->", "<!-->x-->", "x" * 3 + "<!--" * 50, "<!--a\n-->-->", ""],
)
def test_html_comments_match_the_regex_they_replace(text):
    expected = [(m.start(), m.end()) for m in re.finditer(r"<!--.*?-->", text, re.S)]
    assert list(html_comments(text)) == expected


def test_unclosed_comment_openers_are_parsed(newsroom):
    write(newsroom / "drafts" / "c.md", "<!-- " * 2000 + "\n\nThe bridge reopened on 12 March.\n")
    r = run("check", "--isolated", "--format", "json", "drafts/c.md")
    assert r.exit_code in (0, 1) and json.loads(r.stdout)["files"] == ["drafts/c.md"]


# -- 3. impossible dates in front matter ----------------------------------------------------------


@pytest.mark.parametrize(
    "front, key, line",
    [("date: 2024-02-30", "date", 2), ("title: Flood\n0: 0000-00-00", "0", 3)],
)
def test_impossible_date_names_file_and_key(newsroom, front, key, line):
    write(newsroom / "drafts" / "bad.md", f"---\n{front}\n---\nThe river rose.\n")
    r = run("check", "drafts/bad.md")
    assert r.exit_code == 2 and r.output.count("\n") == 1
    assert r.output.startswith(f"newslint: error: drafts/bad.md:{line}: malformed front matter: key {key!r}")
    write(newsroom / "drafts" / "good.md", "The river fell.\n")
    r = run("check", "--format", "json", "drafts")
    codes = [(f["path"], f["code"]) for f in json.loads(r.stdout)["findings"]]
    assert ("drafts/bad.md", "NL001") in codes


def test_impossible_date_in_a_source_is_exit_2_naming_the_source(newsroom):
    write(newsroom / "wire" / "bad.md", "---\ndate: 2024-02-30\n---\nThe river rose.\n")
    write(newsroom / "drafts" / "a.md", "One.\n")
    write(newsroom / "drafts" / "b.md", "Two.\n")
    r = run("check", "drafts")
    assert r.exit_code == 2 and "wire/bad.md:2: malformed front matter: key 'date'" in r.output


# -- 4. front-matter source patterns are refused before anything is expanded -----------------------


@pytest.mark.parametrize("spec", ["/**/*.txt", "~/**/*.txt", "../../../**/*.txt"])
def test_front_matter_patterns_outside_the_project_are_refused_unexpanded(newsroom, monkeypatch, spec):
    import glob

    def no_glob(*args, **kwargs):
        raise AssertionError("expanded a pattern that should have been refused")

    monkeypatch.setattr(glob, "glob", no_glob)
    write(newsroom / "drafts" / "leak.md", f'---\nsources: ["{spec}"]\n---\nStory.\n')
    r = run("check", "drafts/leak.md")
    assert r.exit_code == 2 and "outside the project" in r.output, r.output


def test_front_matter_sibling_folder_without_config(tmp_path, monkeypatch):
    """No config file: the project is the git work tree holding the draft, else the working folder
    when the draft is inside it.  ``drafts/`` naming ``../wire/`` is the common layout; it works
    from the newsroom folder, and from inside drafts/ in a git repository, and is refused only when
    nothing says the sibling folder belongs to the project."""
    write(tmp_path / "wire" / "pier.txt", " date 2025-06-02 The port hired 1,400 workers on Monday.\n")
    write(
        tmp_path / "drafts" / "pier.md",
        "---\ndate: 2025-06-02\nsources: [../wire/pier.txt]\n---\nThe port hired 1,500 workers.\n",
    )
    monkeypatch.chdir(tmp_path)
    r = run("check", "--no-cache", "--format", "json", "drafts/pier.md")
    assert r.exit_code == 1, r.output
    report = json.loads(r.stdout)
    assert report["sources"] == ["wire/pier.txt"]
    assert [f["code"] for f in report["findings"]] == ["NL201"]
    monkeypatch.chdir(tmp_path / "drafts")
    r = run("check", "--no-cache", "pier.md")
    assert r.exit_code == 2 and "outside the project" in r.output
    (tmp_path / ".git").mkdir()
    r = run("check", "--no-cache", "--format", "json", "pier.md")
    assert r.exit_code == 1 and json.loads(r.stdout)["findings"][0]["code"] == "NL201", r.output


# -- 5. -o never destroys a file that is not a report --------------------------------------------


def test_output_refuses_config_unchecked_draft_and_hard_link(newsroom):
    d = write(newsroom / "drafts" / "a.md", "TK.\n")
    other = write(newsroom / "drafts" / "unchecked.md", "Keep me.\n")
    os.link(d, newsroom / "linked.md")
    for target in ("newslint.toml", "drafts/unchecked.md", "linked.md"):
        before = (newsroom / target).read_bytes()
        r = run("check", "drafts/a.md", "-o", target)
        assert r.exit_code == 2 and "refusing" in r.output, (target, r.output)
        assert (newsroom / target).read_bytes() == before
    assert other.read_text() == "Keep me.\n"
    r = run("check", "drafts/a.md", "-o", "linked.md", "--force")
    assert r.exit_code == 2 and "over a draft or source" in r.output


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "rdjsonl", "html"])
def test_output_overwrites_a_previous_report(newsroom, fmt):
    write(newsroom / "drafts" / "a.md", "TK.\n")
    assert run("check", "drafts/a.md", "--format", fmt, "-o", "report.out").exit_code == 1
    assert run("check", "drafts/a.md", "--format", fmt, "-o", "report.out").exit_code == 1
    write(newsroom / "notes.txt", "My notes.\n")
    assert run("check", "drafts/a.md", "--format", fmt, "-o", "notes.txt").exit_code == 2
    assert run("check", "drafts/a.md", "--format", fmt, "-o", "notes.txt", "--force").exit_code == 1


# -- 6. unknown codes -------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--select", "--ignore"])
def test_unknown_code_on_the_command_line_is_exit_2(newsroom, flag):
    write(newsroom / "drafts" / "a.md", "TK.\n")
    r = run("check", flag, "NL9", "drafts/a.md")
    assert r.exit_code == 2 and "'NL9' is not a rule code or prefix of any rule" in r.output


def test_unknown_code_in_config_select_is_exit_2(newsroom):
    (newsroom / "newslint.toml").write_text('plugins = ["tk_plugin.py"]\nselect = ["NL9"]\n')
    write(newsroom / "drafts" / "a.md", "TK.\n")
    r = run("check", "drafts/a.md")
    assert r.exit_code == 2 and "newslint.toml" in r.output and "'NL9'" in r.output


@pytest.mark.parametrize(
    "body, key, line",
    [
        ('plugins = ["tk_plugin.py"]\nselect = ["NL9"]\n', "select", 2),
        ('plugins = ["tk_plugin.py"]\n\nignore = ["NL999"]\n', "ignore", 3),
        ('plugins = ["tk_plugin.py"]\n[per-file-ignores]\n"drafts/*.md" = ["XYZ1"]\n', "per-file-ignores", 2),
    ],
)
def test_unknown_code_in_config_names_key_and_line(newsroom, body, key, line):
    (newsroom / "newslint.toml").write_text(body)
    write(newsroom / "drafts" / "a.md", "TK.\n")
    r = run("check", "drafts/a.md")
    assert r.exit_code == 2 and r.output.count("\n") == 1, r.output
    assert r.output.startswith(f"newslint: error: newslint.toml:{line}: key {key!r} names "), r.output


def test_unimportable_plugin_names_the_plugins_line(newsroom):
    (newsroom / "newslint.toml").write_text('sources = ["wire"]\nplugins = ["missing_plugin.py"]\n')
    write(newsroom / "drafts" / "a.md", "TK.\n")
    r = run("check", "drafts/a.md")
    assert r.exit_code == 2 and "newslint.toml:2: plugin module" in r.output, r.output


@pytest.mark.parametrize(
    "style, bad", [('furlongz = "furlongs"', "furlongz"), ('km = "kilometrez"', "kilometrez")]
)
def test_house_style_unit_no_pack_knows_is_exit_2(newsroom, style, bad):
    (newsroom / "newslint.toml").write_text(f'plugins = ["tk_plugin.py"]\n[house-style]\n{style}\n')
    write(newsroom / "drafts" / "a.md", "The road is 4 km long.\n")
    r = run("check", "drafts/a.md")
    assert r.exit_code == 2 and r.output.startswith("newslint: error: newslint.toml:2: key 'house-style'")
    assert repr(bad) in r.output
    (newsroom / "newslint.toml").write_text('plugins = ["tk_plugin.py"]\n[house-style]\nkm = "kilometres"\n')
    assert run("check", "drafts/a.md").exit_code in (0, 1)


def test_unknown_code_in_a_suppression_is_nl003(newsroom):
    write(
        newsroom / "drafts" / "a.md",
        "<!-- newslint-disable-next-line NL999 XYZ -->\nTK.\n<!-- newslint-disable-next-line TK001 NL998 -->\nTK.\n",
    )
    data = json.loads(run("check", "--format", "json", "drafts/a.md").stdout)
    found = [(f["code"], f["line"], "unknown code" in f["message"]) for f in data["findings"]]
    assert ("TK001", 2, False) in found  # the unknown codes suppress nothing
    assert found.count(("NL003", 1, True)) == 2 and ("NL003", 3, True) in found
    assert ("TK001", 4, False) not in found  # the known code of a mixed suppression still applies


# -- 8. plugins returning garbage, exiting, failing to load ------------------------------------------


@pytest.mark.parametrize(
    "body, expected",
    [
        ("return ['a string']", "returned str 'a string', not a Finding"),
        (
            "return [Finding(ctx.draft.path, 'one', 1, 1, 2, 'ODD001', 'odd-rule', 'warning', 'm', '')]",
            "whose line is 'one', not a whole number",
        ),
        ("return [ctx.finding('ODD001', -200, -187, 'm')]", "outside the draft"),
        ("return [ctx.finding('ODD001', 0, 10**6, 'm')]", "outside the draft"),
        # a finding the context built, then changed: checked in full like any other
        (
            "return [__import__('dataclasses').replace(ctx.finding('ODD001', 0, 2, 'm'), line=99)]",
            "outside the draft",
        ),
        ("return [ctx.finding('ODD001', 0, 2, 42)]", "whose message is 42, not text"),
        ("return [ctx.finding('NL201', 0, 2, 'm')]", "which the check does not declare"),
        ("sys.exit(0)", "called sys.exit(0)"),
    ],
)
def test_garbage_from_a_check_is_nl002_naming_the_plugin(newsroom, body, expected):
    plugin(
        newsroom,
        PLUGIN_HEAD
        + f"""
    def _run(ctx):
        {body}

    @hookimpl
    def newslint_register_checks(register):
        register(Check(name="odd", codes=("ODD001",), run=_run))
    """,
    )
    write(newsroom / "drafts" / "a.md", "TK is here.\n")
    r = run("check", "--format", "json", "drafts/a.md")
    data = json.loads(r.stdout)
    nl002 = [f for f in data["findings"] if f["code"] == "NL002"]
    assert r.exit_code == 1 and len(nl002) == 1
    assert "check 'odd' of plugin 'local:odd_plugin.py'" in nl002[0]["message"]
    assert expected in nl002[0]["message"], nl002[0]["message"]
    assert any(f["code"] == "TK001" for f in data["findings"])  # the other checks still ran


def test_wrapper_hookimpl_is_refused_with_a_clear_message(newsroom):
    plugin(
        newsroom,
        """
    from newslint import hookimpl

    @hookimpl(wrapper=True)
    def newslint_register_rules(register):
        return (yield)
    """,
    )
    write(newsroom / "drafts" / "a.md", "TK.\n")
    r = run("check", "drafts/a.md")
    assert r.exit_code == 2 and "'local:odd_plugin.py'" in r.output and "wrapper" in r.output
    assert "internal error" not in r.output


def test_misnamed_hookimpl_argument_names_the_plugin(newsroom):
    plugin(
        newsroom,
        """
    from newslint import hookimpl

    @hookimpl
    def newslint_register_rules(regster):
        pass
    """,
    )
    write(newsroom / "drafts" / "a.md", "TK.\n")
    r = run("check", "drafts/a.md")
    assert r.exit_code == 2 and "'local:odd_plugin.py'" in r.output and "regster" in r.output
    assert "internal error" not in r.output


def test_misnamed_hook_names_the_plugin(newsroom):
    plugin(
        newsroom,
        "from newslint import hookimpl\n\n@hookimpl\ndef newslint_register_rule(register):\n    pass\n",
    )
    write(newsroom / "drafts" / "a.md", "TK.\n")
    r = run("check", "drafts/a.md")
    assert r.exit_code == 2 and "newslint_register_rule" in r.output and "odd_plugin" in r.output


def test_installed_plugin_that_fails_to_load_stops_check(newsroom, monkeypatch):
    import newslint.registry as registry

    class BrokenEntryPoint:
        name = "broken"
        dist = None

        def load(self):
            raise ImportError("No module named 'newsroom_extras'")

    real = registry.entry_points
    monkeypatch.setattr(registry, "entry_points", lambda group: [*real(group=group), BrokenEntryPoint()])
    write(newsroom / "drafts" / "a.md", "TK.\n")
    r = run("check", "drafts/a.md")
    assert r.exit_code == 2 and "plugin 'broken' failed to load" in r.output
    r = run("plugins")
    assert r.exit_code == 0 and "plugin 'broken' failed to load" in r.output


def test_local_plugin_report_format_is_accepted(newsroom):
    plugin(
        newsroom,
        """
    from newslint import hookimpl
    from newslint.api import Reporter

    def _render(report, out):
        out.write(f"{len(report.findings)} findings\\n")

    @hookimpl
    def newslint_register_reporters(register):
        register(Reporter(name="count", render=_render))
    """,
    )
    write(newsroom / "drafts" / "a.md", "TK.\n")
    r = run("check", "--format", "count", "drafts/a.md")
    assert r.exit_code == 1 and r.stdout == "1 findings\n"


# -- 9. line endings, tables, UTF-16 ------------------------------------------------------------------


def test_cr_only_markdown_has_paragraphs_and_lines():
    doc = parse_document("The dam held.\rIt rained 40 mm.\r\rThe road reopened.\r", "x.md")
    assert len(doc.paragraphs) == 2 and len(doc.sentences) == 3
    assert doc.position(doc.sentences[2].start) == (4, 1)


def test_repeated_table_cells_are_each_found():
    doc = parse_document("| a | b |\n|---|---|\n| 99 km | 99 km |\n", "x.md")
    cells = [(doc.position(s.start), s.text) for s in doc.sentences if s.text == "99 km"]
    assert cells == [((3, 3), "99 km"), ((3, 11), "99 km")]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_text_with_a_bom_is_decoded(encoding):
    text = "The ferry carried 120 people.\r\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    assert decode_text(data, "x.txt") == text


def test_utf16_without_bom_says_convert():
    with pytest.raises(Exception, match="UTF-16 without a byte-order mark: convert it to UTF-8"):
        decode_text("Hello".encode("utf-16-le"), "x.txt")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_nl405_points_at_the_dates_in_every_line_ending(newsroom, newline):
    draft_text = "---\ndate: 2025-03-13\n---\nThe council met.\n".replace("\n", newline)
    (newsroom / "drafts" / "a.md").write_bytes(draft_text.encode())
    data = json.loads(run("check", "--format", "json", "--select", "NL405", "drafts/a.md").stdout)
    [f] = data["findings"]
    assert (f["line"], f["column"], f["excerpt"]) == (2, 7, "2025-03-13")
    [e] = f["evidence"]
    assert (e["path"], e["line"], e["column"], e["excerpt"]) == ("wire/council.txt", 1, 7, "2025-03-04")


# -- 10. paths and warnings ---------------------------------------------------------------------------


def test_paths_outside_the_working_folder_are_absolute(newsroom, tmp_path_factory, monkeypatch):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    write(newsroom / "drafts" / "a.md", "TK.\n")
    monkeypatch.chdir(elsewhere)
    r = run("check", "--config", str(newsroom / "newslint.toml"), str(newsroom / "drafts" / "a.md"))
    assert r.stdout.startswith(f"{(newsroom / 'drafts' / 'a.md').as_posix()}:1:1: TK001")
    assert "../" not in r.stdout


def test_stdin_without_a_name_is_sniffed_and_said(newsroom):
    r = run("check", "--isolated", "-", input="# Flood\n\nThe river rose by 2 m.\n")
    assert "read as Markdown" in r.stderr and "--stdin-filename" in r.stderr
    r = run("check", "--isolated", "-", input="The river rose by 2 m.\n")
    assert "read as plain text" in r.stderr


def test_a_check_with_no_sources_warns_once(newsroom):
    for name in ("a.md", "b.md"):
        write(newsroom / "drafts" / name, "The mayor said: \u201cWe will rebuild.\u201d\n")
    r = run("check", "--isolated", "drafts")
    assert r.stderr.count("no sources to check against") == 1


def test_diff_with_nothing_changed_says_so(newsroom):
    import subprocess

    write(newsroom / "drafts" / "a.md", "TK.\n")
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@x", GIT_COMMITTER_NAME="t")
    env["GIT_COMMITTER_EMAIL"] = "t@x"
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=newsroom, env=env, check=True)
    r = run("check", "--diff", "HEAD", "drafts/a.md")
    assert r.exit_code == 0 and "nothing was checked" in r.stderr


def test_findings_built_fast_are_the_same_frozen_hashable_findings():
    import dataclasses

    from newslint.finding import Evidence, Finding, make_finding

    values = (
        "d.md",
        3,
        1,
        3,
        9,
        "NL201",
        "unsourced-figure",
        "warning",
        "m",
        "40 km",
        (Evidence("s.txt", 1, 1, "x"),),
    )
    fast, plain = make_finding(*values), Finding(*values)
    assert type(fast) is Finding and fast == plain and hash(fast) == hash(plain)
    assert [getattr(fast, f.name) for f in dataclasses.fields(Finding)] == list(values)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.line = 4  # type: ignore[misc]
