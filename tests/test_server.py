"""``newslint server`` driven over stdio by a real LSP client (pygls's LanguageClient), on a copy of
the example newsroom: diagnostics on open, change (debounced) and save, with codes, links to the
rule's explanation, severities and the evidence as relatedInformation; hover; the suppression code
action; position encodings negotiated."""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
from pathlib import Path

import pytest
from ci_helpers import REPO_ROOT, make_project, run_newslint

pytest.importorskip("pygls", reason="the language server needs the lsp extra (pygls)")
from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

pytestmark = pytest.mark.slow
TIMEOUT = 60


@pytest.fixture
def newsroom(tmp_path):
    root = tmp_path / "examples"
    shutil.copytree(REPO_ROOT / "examples", root, ignore=shutil.ignore_patterns(".newslint_cache"))
    return root


class Editor:
    """A scripted editor: an LSP client that records the diagnostics the server publishes."""

    def __init__(self, root: Path, encodings: list[str] | None = None):
        self.root = root
        self.encodings = encodings
        self.client = LanguageClient("newslint-test", "1")
        self.published: asyncio.Queue = asyncio.Queue()
        self.versions: dict[str, int] = {}
        self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(
            lambda params: self.published.put_nowait(params)
        )

    async def __aenter__(self):
        await self.client.start_io(sys.executable, "-m", "newslint", "server", cwd=str(self.root))
        general = (
            types.GeneralClientCapabilities(position_encodings=self.encodings) if self.encodings else None
        )
        self.init = await asyncio.wait_for(
            self.client.initialize_async(
                types.InitializeParams(
                    capabilities=types.ClientCapabilities(general=general),
                    root_uri=self.root.as_uri(),
                )
            ),
            TIMEOUT,
        )
        self.client.initialized(types.InitializedParams())
        return self

    async def __aexit__(self, *exc):
        await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
        self.client.exit(None)
        await self.client.stop()

    def uri(self, name: str) -> str:
        return (self.root / name).as_uri()

    async def diagnostics(self, uri: str) -> list:
        return (await self.publication(uri)).diagnostics

    async def publication(self, uri: str):
        while True:
            params = await asyncio.wait_for(self.published.get(), TIMEOUT)
            if params.uri == uri:
                return params

    async def open(self, name: str, text: str | None = None) -> list:
        uri = self.uri(name)
        text = (self.root / name).read_text(encoding="utf-8") if text is None else text
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
            )
        )
        return await self.diagnostics(uri)

    def change(self, name: str, text: str) -> None:
        uri = self.uri(name)
        self.versions[uri] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )


def run(coro):
    return asyncio.run(coro)


def _expected(root: Path, draft: str) -> list[dict]:
    result = run_newslint(["check", draft, "--format", "json"], cwd=root)
    return json.loads(result.stdout)["findings"]


def test_diagnostics_on_open_match_check_with_evidence_and_links(newsroom):
    expected = _expected(newsroom, "drafts/ambel-rewrite.md")
    lines = (newsroom / "drafts" / "ambel-rewrite.md").read_text(encoding="utf-8").split("\n")

    async def scenario():
        async with Editor(newsroom) as editor:
            assert editor.init.capabilities.position_encoding == types.PositionEncodingKind.Utf16
            return await editor.open("drafts/ambel-rewrite.md")

    diagnostics = run(scenario())
    assert len(diagnostics) == len(expected) > 10
    got = sorted((d.range.start.line, d.range.start.character, d.code) for d in diagnostics)
    assert got == sorted((f["line"] - 1, f["column"] - 1, f["code"]) for f in expected)
    by_code = {d.code: d for d in diagnostics}
    unit = by_code["NL101"]
    line = lines[unit.range.start.line]
    assert line[unit.range.start.character : unit.range.end.character] == "35 kilometres"
    assert unit.severity == types.DiagnosticSeverity.Warning and unit.source == "newslint"
    assert by_code["NL302"].severity == types.DiagnosticSeverity.Error
    assert by_code["NL405"].severity == types.DiagnosticSeverity.Information
    (related,) = unit.related_information
    assert related.location.uri == (newsroom / "wire" / "ambel-dam-2025-03-05.md").as_uri()
    source_line = (newsroom / "wire" / "ambel-dam-2025-03-05.md").read_text(encoding="utf-8").split("\n")
    r = related.location.range
    assert source_line[r.start.line][r.start.character : r.end.character] == "35 sq km"
    assert related.message == 'source: "35 sq km"'
    href = unit.code_description.href
    assert href.startswith("file:")
    doc = Path(href.removeprefix("file://")).read_text(encoding="utf-8")
    assert "unit-mismatch (NL101)" in doc and "## What it does" in doc


def test_faithful_draft_has_no_diagnostics(newsroom):
    async def scenario():
        async with Editor(newsroom) as editor:
            return await editor.open("drafts/ambel-faithful.md")

    assert list(run(scenario())) == []


def test_hover_code_action_and_debounced_change(newsroom):
    name = "drafts/ambel-rewrite.md"
    text = (newsroom / name).read_text(encoding="utf-8")

    async def scenario():
        async with Editor(newsroom) as editor:
            diagnostics = await editor.open(name)
            uri = editor.uri(name)
            unit = next(d for d in diagnostics if d.code == "NL101")
            hover_on_span = await editor.client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=uri), position=unit.range.start
                )
            )
            actions = await editor.client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    range=unit.range,
                    context=types.CodeActionContext(diagnostics=[unit]),
                )
            )
            (action,) = [a for a in actions if "NL101" in a.title]
            (edit,) = action.edit.changes[uri]
            lines = text.split("\n")
            line = edit.range.start.line
            lines[line] = edit.new_text + lines[line]
            reason = "\n".join(lines).replace("NL101 -- -->", "NL101 -- the desk confirmed the length -->")
            editor.change(name, reason)  # a burst of changes: one check after the pause
            editor.change(name, reason + "\n")
            published = await editor.publication(uri)
            after = published.diagnostics
            await asyncio.sleep(1.0)  # time enough for a second check, had there been one
            code_line = edit.range.start.line
            hover_on_code = await editor.client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    position=types.Position(
                        line=code_line, character=len("<!-- newslint-disable-next-line NL1")
                    ),
                )
            )
            return (
                unit,
                hover_on_span,
                edit,
                after,
                hover_on_code,
                editor.published.qsize(),
                published.version,
            )

    unit, hover_on_span, edit, after, hover_on_code, queued, version = run(scenario())
    assert "NL101 unit-mismatch" in hover_on_span.contents.value
    assert "ambel-dam-2025-03-05.md:13" in hover_on_span.contents.value
    assert edit.range.start == types.Position(line=unit.range.start.line, character=0)
    assert edit.new_text == "<!-- newslint-disable-next-line NL101 -- -->\n"
    codes = [d.code for d in after]
    assert "NL101" not in codes and "NL003" not in codes  # suppressed, and the suppression was used
    assert len(after) == 12
    assert version == 3 and queued == 0  # the two quick changes gave one check, of the latest text
    assert "## What it does" in hover_on_code.contents.value and "NL101" in hover_on_code.contents.value


EMOJI_DRAFT = "# Sightings\n\nThe 🌊🌊 agency said a Zorblax was seen.\n"


@pytest.mark.parametrize(("offered", "chosen", "column"), [(None, "utf-16", 23), (["utf-32"], "utf-32", 21)])
def test_position_encoding_is_negotiated(tmp_path, offered, chosen, column):
    root = tmp_path / "newsroom"
    make_project(root, EMOJI_DRAFT)

    async def scenario():
        async with Editor(root, offered) as editor:
            assert editor.init.capabilities.position_encoding == chosen
            return await editor.open("drafts/story.md")

    (diagnostic,) = run(scenario())
    assert diagnostic.code == "TST101"
    assert (diagnostic.range.start.line, diagnostic.range.start.character) == (2, column)
    assert diagnostic.range.end.character == column + len("Zorblax")


def test_save_of_a_source_refreshes_the_warm_index(newsroom):
    name = "drafts/ambel-rewrite.md"
    wire = newsroom / "wire" / "ambel-floods-2025-03-04.txt"

    async def scenario():
        async with Editor(newsroom) as editor:
            before = await editor.open(name)
            wire.write_text(wire.read_text(encoding="utf-8").replace("2,400", "3,400"), encoding="utf-8")
            editor.client.text_document_did_save(
                types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=wire.as_uri()))
            )
            after = await editor.diagnostics(editor.uri(name))
            return before, after

    before, after = run(scenario())
    assert "NL201" in [d.code for d in before]
    assert "NL201" not in [d.code for d in after]


def test_missing_pygls_names_the_extra(tmp_path):
    script = (
        "import sys; sys.modules['pygls'] = None; sys.modules['lsprotocol'] = None\n"
        "from newslint.cli import main; main(['server'])\n"
    )
    import subprocess

    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "pip install 'newslint[lsp]'" in result.stderr and "Traceback" not in result.stderr


def test_bad_configuration_is_one_diagnostic_and_the_server_goes_on(newsroom):
    config = newsroom / "newslint.toml"
    config.write_text('sourcs = ["wire"]\n' + config.read_text(encoding="utf-8"), encoding="utf-8")

    async def scenario():
        async with Editor(newsroom) as editor:
            broken = await editor.open("drafts/ambel-rewrite.md")
            config.write_text(config.read_text(encoding="utf-8").replace('sourcs = ["wire"]\n', ""), "utf-8")
            editor.client.text_document_did_save(
                types.DidSaveTextDocumentParams(
                    text_document=types.TextDocumentIdentifier(uri=config.as_uri())
                )
            )
            fixed = await editor.diagnostics(editor.uri("drafts/ambel-rewrite.md"))
            return broken, fixed

    broken, fixed = run(scenario())
    (problem,) = broken
    assert "newslint.toml" in problem.message and "sourcs" in problem.message
    assert problem.severity == types.DiagnosticSeverity.Error and problem.code is None
    assert len(fixed) > 10 and {d.code for d in fixed} >= {"NL101", "NL302"}
