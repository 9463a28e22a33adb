"""``newslint server``: a Language Server (LSP over stdio) for editors, built on pygls.

- Diagnostics for an open draft on open and save, and on change after a pause (debounced), each with
  the rule code, a ``codeDescription`` link to the rule's explanation, the severity and the evidence
  as ``relatedInformation`` pointing at the source file.  The text checked is the editor's buffer.
- Hover over a rule code (``NL201`` in a suppression comment, say) shows the rule's explanation;
  hover over a flagged span shows its findings with their evidence.
- A code action per finding inserts ``<!-- newslint-disable-next-line CODE -- -->`` above the line,
  for the editor to complete with a reason.
- Configuration and sources as for ``check`` (the nearest config above each draft, its ``sources``,
  the draft's front matter), plus ``initializationOptions``: ``sources`` (list), ``config`` (path),
  ``isolated`` (bool), ``ruleDocsUrl`` (a template such as ``https://example.org/rules/{code}``).
- The source index stays warm: one ``runner.Session`` serves every request (sources loaded and
  indexed once); it is replaced when a configuration file or a known source is saved.
- Positions are negotiated (``general.positionEncodings``; UTF-16 when the client names none), and
  converted from newslint's Unicode-character columns.

Without ``ruleDocsUrl``, ``codeDescription`` links to a Markdown file with the text of
``newslint rule CODE``, written once per newslint version in the system's temporary folder.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from newslint import __version__
from newslint.errors import DocumentError, NewslintError
from newslint.finding import Finding
from newslint.rule import render_rule_doc as rule_doc
from newslint.runner import CheckOptions, DraftInput, Session, check_draft
from newslint.sources import display_path

log = logging.getLogger("newslint.server")

DEBOUNCE_SECONDS = 0.4
CONFIG_NAMES = {"newslint.toml", ".newslint.toml", "pyproject.toml"}
CODE_AT = re.compile(r"[A-Z]{1,4}[0-9]{3}")
NOT_SUPPRESSIBLE = {"NL001", "NL002", "NL003", "NL004"}  # about the draft or the comments themselves


# -- positions: newslint counts Unicode characters; LSP counts the negotiated code units ---------------


def units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def to_client(lines: list[str], line: int, column: int, encoding: str) -> tuple[int, int]:
    """1-based (line, character column) -> 0-based LSP (line, code-unit character)."""
    if line < 1:
        return 0, 0
    if line > len(lines):
        return len(lines), 0
    text = lines[line - 1]
    return line - 1, units(text[: max(column - 1, 0)], encoding)


def from_client(lines: list[str], line: int, character: int, encoding: str) -> tuple[int, int]:
    """0-based LSP position -> 1-based (line, character column)."""
    if not 0 <= line < len(lines):
        return line + 1, 1
    text, seen = lines[line], 0
    for i, char in enumerate(text):
        if seen >= character:
            return line + 1, i + 1
        seen += units(char, encoding)
    return line + 1, len(text) + 1


def split_lines(text: str) -> list[str]:
    return [line.removesuffix("\r") for line in text.split("\n")]


# -- the server ------------------------------------------------------------------------------------


class NewslintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("newslint", __version__)
        self.root = Path.cwd()
        self.options = CheckOptions()
        self.rule_docs_url = ""
        self._session: Session | None = None
        self.results: dict[str, list[Finding]] = {}  # uri -> findings of the last check
        self.known_sources: set[Path] = set()
        self._pending: dict[str, asyncio.Task] = {}
        self._rule_files: dict[str, str] = {}

    # The session is the warm part: plugin hosts, configs, loaded sources and their index.
    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = Session(self.options, self.root)
        return self._session

    def reset(self) -> None:
        if self._session is not None:
            self._session.close()
        self._session = None

    @property
    def encoding(self) -> str:
        encoding = self.workspace.position_encoding
        return str(getattr(encoding, "value", encoding) or "utf-16")

    def rules(self) -> dict:
        session = self.session
        return session.host(session.configs.for_path(self.root)).rules

    def rule_href(self, code: str) -> str | None:
        if self.rule_docs_url:
            return self.rule_docs_url.replace("{code}", code)
        if code not in self._rule_files:
            rule = self.rules().get(code)
            if rule is None:
                return None
            folder = Path(tempfile.gettempdir()) / f"newslint-rules-{__version__}"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / f"{code}.md"
                path.write_text(rule_doc(rule) + "\n", encoding="utf-8")
            except OSError:
                return None
            self._rule_files[code] = path.as_uri()
        return self._rule_files[code]

    # -- checking ------------------------------------------------------------------------------

    def check(self, uri: str) -> None:
        document = self.workspace.get_text_document(uri)
        fs_path = to_fs_path(uri) if uri.startswith("file:") else None
        path = Path(fs_path) if fs_path else self.root / "untitled.md"
        self.options.stdin_filename = str(path)  # the buffer is checked as if it were this file
        draft = DraftInput(None, display_path(path), document.source.encode("utf-8"))
        try:
            result = check_draft(draft, self.session)
        except NewslintError as exc:
            self.results[uri] = []
            message = str(exc)
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=f"newslint: {message}")
            )
            line = max((exc.line or 1) - 1, 0) if isinstance(exc, DocumentError) else 0
            diagnostic = types.Diagnostic(
                range=types.Range(
                    start=types.Position(line=line, character=0), end=types.Position(line=line, character=0)
                ),
                message=message,
                severity=types.DiagnosticSeverity.Error,
                source="newslint",
                code="NL001" if isinstance(exc, DocumentError) else None,  # else: a configuration problem
            )
            self.publish(uri, document.version, [diagnostic])
            return
        finally:
            self.options.stdin_filename = None
        self.known_sources.update((self.root / s).resolve() for s in result.sources)
        self.results[uri] = result.findings
        lines = split_lines(document.source)
        self.publish(uri, document.version, [self.diagnostic(f, lines) for f in result.findings])

    def publish(self, uri: str, version: int | None, diagnostics: list) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    def span(self, lines: list[str], line: int, column: int, end_line: int | None, end_column: int | None):
        start = to_client(lines, line, column, self.encoding)
        end = (
            start
            if end_line is None or end_column is None
            else to_client(lines, end_line, end_column, self.encoding)
        )
        if end < start:
            end = start
        return types.Range(
            start=types.Position(line=start[0], character=start[1]),
            end=types.Position(line=end[0], character=end[1]),
        )

    def diagnostic(self, f: Finding, lines: list[str]):
        related = []
        for e in f.evidence:
            source = Path(e.path) if os.path.isabs(e.path) else self.root / e.path
            note = f" ({e.note})" if e.note else ""
            related.append(
                types.DiagnosticRelatedInformation(
                    location=types.Location(
                        uri=from_fs_path(str(source)) or source.as_uri(),
                        range=self.span(source_lines(source), e.line, e.column, e.end_line, e.end_column),
                    ),
                    message=f'source: "{e.excerpt}"{note}',
                )
            )
        href = self.rule_href(f.code)
        return types.Diagnostic(
            range=self.span(lines, f.line, f.column, f.end_line, f.end_column),
            message=f.message,
            severity=SEVERITY[f.severity],
            code=f.code,
            code_description=types.CodeDescription(href=href) if href else None,
            source="newslint",
            related_information=related or None,
            data={"rule": f.rule},
        )

    def schedule(self, uri: str, delay: float) -> None:
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()

        async def later() -> None:
            await asyncio.sleep(delay)
            self._pending.pop(uri, None)
            self.safe_check(uri)

        self._pending[uri] = asyncio.ensure_future(later())

    def safe_check(self, uri: str) -> None:
        try:
            self.check(uri)
        except Exception as exc:  # a bug must not take the editor's server down
            log.exception("newslint: checking %s failed", uri)
            self.window_log_message(
                types.LogMessageParams(
                    type=types.MessageType.Error, message=f"newslint: internal error: {exc!r}"
                )
            )

    # -- hover and code actions ------------------------------------------------------------------

    def hover(self, uri: str, position) -> str | None:
        document = self.workspace.get_text_document(uri)
        lines = split_lines(document.source)
        line, column = from_client(lines, position.line, position.character, self.encoding)
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        rules = self.rules()
        for m in CODE_AT.finditer(text):
            if m.start() < column <= m.end() + 1 and m.group() in rules:
                return rule_doc(rules[m.group()])
        parts = []
        for f in self.results.get(uri, []):
            if (f.line, f.column) <= (line, column) <= (f.end_line, f.end_column) and f.end_column > 0:
                evidence = "".join(
                    f'\n- source `{e.path}:{e.line}:{e.column}`: "{e.excerpt}"'
                    + (f" ({e.note})" if e.note else "")
                    for e in f.evidence
                )
                summary = rules[f.code].summary if f.code in rules else ""
                parts.append(f"**{f.code} {f.rule}** ({f.severity}): {f.message}{evidence}\n\n{summary}")
        return "\n\n---\n\n".join(parts) or None

    def code_actions(self, uri: str, params) -> list:
        document = self.workspace.get_text_document(uri)
        lines = split_lines(document.source)
        codes_by_line: dict[int, list[str]] = {}
        for d in params.context.diagnostics:
            if d.source == "newslint" and d.code and str(d.code) not in NOT_SUPPRESSIBLE:
                codes_by_line.setdefault(d.range.start.line, []).append(str(d.code))
        start, end = params.range.start.line, params.range.end.line
        for f in self.results.get(uri, []):  # findings on the requested lines, when the client sent none
            if start <= f.line - 1 <= end and f.code not in NOT_SUPPRESSIBLE:
                if f.code not in codes_by_line.setdefault(f.line - 1, []):
                    codes_by_line[f.line - 1].append(f.code)
        actions = []
        for line, codes in sorted(codes_by_line.items()):
            target = lines[line] if line < len(lines) else ""
            indent = target[: len(target) - len(target.lstrip(" \t"))]
            for code in dict.fromkeys(codes):
                comment = f"{indent}<!-- newslint-disable-next-line {code} -- -->\n"
                edit = types.TextEdit(
                    range=types.Range(
                        start=types.Position(line=line, character=0),
                        end=types.Position(line=line, character=0),
                    ),
                    new_text=comment,
                )
                actions.append(
                    types.CodeAction(
                        title=f"Suppress {code} on this line (newslint-disable-next-line, add a reason)",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[
                            d
                            for d in params.context.diagnostics
                            if d.range.start.line == line and d.code == code
                        ]
                        or None,
                        edit=types.WorkspaceEdit(changes={uri: [edit]}),
                    )
                )
        return actions


def source_lines(path: Path) -> list[str]:
    try:
        return split_lines(path.read_text(encoding="utf-8").removeprefix("\ufeff"))
    except (OSError, UnicodeDecodeError):
        return []


SEVERITY: dict[str, Any] = {}


def create_server() -> NewslintServer:
    SEVERITY.update(
        error=types.DiagnosticSeverity.Error,
        warning=types.DiagnosticSeverity.Warning,
        info=types.DiagnosticSeverity.Information,
    )
    server = NewslintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: NewslintServer, params) -> None:
        root = params.root_uri and to_fs_path(params.root_uri)
        if not root and params.workspace_folders:
            root = to_fs_path(params.workspace_folders[0].uri)
        if root:
            ls.root = Path(root).resolve()
            os.chdir(ls.root)  # paths in findings are reported relative to the workspace
        options = params.initialization_options or {}
        if isinstance(options, dict):
            sources = options.get("sources") or []
            ls.options.sources = tuple(str(s) for s in sources) if isinstance(sources, list) else ()
            if options.get("config"):
                ls.options.config = (ls.root / str(options["config"])).resolve()
            ls.options.isolated = bool(options.get("isolated", False))
            ls.rule_docs_url = str(options.get("ruleDocsUrl") or "")

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: NewslintServer, params) -> None:
        ls.safe_check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: NewslintServer, params) -> None:
        ls.schedule(params.text_document.uri, DEBOUNCE_SECONDS)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: NewslintServer, params) -> None:
        uri = params.text_document.uri
        path = Path(to_fs_path(uri) or "").resolve() if uri.startswith("file:") else None
        if path is not None and (path.name in CONFIG_NAMES or path in ls.known_sources):
            ls.reset()  # a changed configuration or source: build the session again
            ls.known_sources.clear()
            for open_uri in list(ls.results):
                if open_uri != uri:
                    ls.safe_check(open_uri)
        if uri in ls.workspace.text_documents:
            ls.safe_check(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: NewslintServer, params) -> None:
        uri = params.text_document.uri
        ls.results.pop(uri, None)
        pending = ls._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        ls.publish(uri, None, [])

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: NewslintServer, params):
        text = ls.hover(params.text_document.uri, params.position)
        if text is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls: NewslintServer, params):
        return ls.code_actions(params.text_document.uri, params)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: NewslintServer, *args) -> None:
        ls.reset()

    return server


def main() -> None:
    create_server().start_io()
