"""How fast does `newslint server` answer an editor?  The first check of a draft (sources read and
indexed, cold cache) against the checks that follow on each change (the session kept warm).

    python bench/bench_server.py --sources 200 --changes 10

Generates a fictional newsroom (N wire stories of ~3 KB, the generator of bench_sources_scale.py,
and an ~800-word draft built from four of them) in a temporary folder, starts the installed server over
stdio with pygls's client, opens the draft, then sends --changes edits (each waited for: one check
per edit, so the debounce pause is subtracted from the time).  Times are from the notification sent
to the diagnostics received, client and JSON-RPC included.  Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_sources_scale import story  # noqa: E402
from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from newslint.server import DEBOUNCE_SECONDS  # noqa: E402


async def measure(root: Path, draft: Path, changes: int) -> tuple[float, list[float]]:
    client = LanguageClient("bench", "1")
    published: asyncio.Queue = asyncio.Queue()
    client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(lambda params: published.put_nowait(params))
    await client.start_io(sys.executable, "-m", "newslint", "server", cwd=str(root))
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=root.as_uri())
    )
    client.initialized(types.InitializedParams())
    uri, text = draft.as_uri(), draft.read_text(encoding="utf-8")
    started = time.perf_counter()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
        )
    )
    await published.get()
    first = time.perf_counter() - started
    warm = []
    for version in range(2, changes + 2):
        text += f"\nOne more line, number {version}.\n"
        started = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        await published.get()
        warm.append(time.perf_counter() - started - DEBOUNCE_SECONDS)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return first, warm


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--changes", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "wire").mkdir()
        stories = [story(i, rng) for i in range(args.sources)]
        for i, text in enumerate(stories):
            (root / "wire" / f"s{i:05}.txt").write_text(text, encoding="utf-8")
        (root / "newslint.toml").write_text('sources = ["wire"]\n', encoding="utf-8")
        (root / "drafts").mkdir()
        draft = root / "drafts" / "draft.md"
        body = "\n\n".join(p for s in stories[:4] for p in s.split("\n\n")[1:4])  # ~800 words
        draft.write_text("---\ndate: 2025-06-01\n---\n# Draft\n\n" + body + "\n", encoding="utf-8")
        first, warm = asyncio.run(measure(root, draft, args.changes))
    print(f"{args.sources} sources, a draft of {len(body.split())} words:")
    print(f"  first check on open (cold cache, sources read and indexed): {first * 1000:8.0f} ms")
    print(
        f"  checks on change (warm session), {len(warm)} edits: median {statistics.median(warm) * 1000:6.0f} ms, "
        f"max {max(warm) * 1000:6.0f} ms (debounce pause of {DEBOUNCE_SECONDS * 1000:.0f} ms excluded)"
    )


if __name__ == "__main__":
    main()
