"""Document readers: parse time per format and size, to see that each stays linear in its input.

    python bench/bench_readers.py [--sizes 100000,1000000,4000000] [--repeat 3]

For each size, builds the same synthetic (fictional) story as Markdown, NITF, NewsML-G2, HTML (with
navigation, scripts, inline markup and character references) and DOCX, then times
``newslint_parse_document`` / the Markdown parser on it (best of --repeat, one core) and prints
milliseconds and millions of story characters per second (the file's bytes
differ by format: markup, or a zip for DOCX).  Extraction is not included (bench_extract.py times it).  Figures
are printed, never asserted.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newslint.extraction import load_document  # noqa: E402
from newslint.registry import PluginHost  # noqa: E402

SENTENCE = (
    "The council of Harle said on Tuesday that 1,250 homes in the valley would get new flood "
    "barriers, and the work would cost about £4.2m over two years. "
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def paragraphs(size: int) -> list[str]:
    para = SENTENCE * 3
    return [para.strip()] * max(1, size // len(para))


def markdown(ps: list[str]) -> bytes:
    return ("# Flood barriers for Harle\n\n" + "\n\n".join(ps) + "\n").encode()


def nitf(ps: list[str]) -> bytes:
    body = "\n".join(f"      <p>{p.replace('£', '&#163;')}</p>" for p in ps)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<nitf><head><docdata><date.issue norm="20250304"/>'
        "</docdata></head><body><body.head><hedline><hl1>Flood barriers</hl1></hedline></body.head>"
        f"<body.content>\n{body}\n</body.content></body></nitf>\n"
    ).encode()


def newsml(ps: list[str]) -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in ps)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/">'
        "<itemMeta><versionCreated>2025-03-04T10:00:00Z</versionCreated></itemMeta>"
        "<contentMeta><headline>Flood barriers</headline></contentMeta><contentSet>"
        '<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>'
        f"{body}</body></html></inlineXML></contentSet></newsItem>\n"
    ).encode()


def html(ps: list[str]) -> bytes:
    body = "\n".join(
        f"<p>{p.replace('1,250', '<strong>1,250</strong>').replace('£', '&pound;')}</p>" for p in ps
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><script>var a = 1;</script></head><body>'
        '<nav><a href="/">Home</a></nav><article><h1>Flood barriers</h1>'
        f"{body}</article><footer>Harle Courier</footer></body></html>\n"
    ).encode()


def docx(ps: list[str]) -> bytes:
    xml = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in ps)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{xml}</w:body></w:document>')
    return out.getvalue()


FORMATS = {"md": markdown, "xml": nitf, "newsml.xml": newsml, "html": html, "docx": docx}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000,4000000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    host = PluginHost()
    print(f"{'format':<11} {'text chars':>11} {'file bytes':>11} {'ms':>9} {'Mchar/s':>8} {'sentences':>10}")
    for size in (int(s) for s in args.sizes.split(",")):
        ps = paragraphs(size)
        for suffix, make in FORMATS.items():
            data = make(ps)
            best = float("inf")
            doc = None
            for _ in range(args.repeat):
                started = time.perf_counter()
                doc = load_document(data, f"story.{suffix}", host)
                best = min(best, time.perf_counter() - started)
            print(
                f"{suffix:<11} {sum(map(len, ps)):>11} {len(data):>11} {best * 1000:>9.1f} "
                f"{sum(map(len, ps)) / best / 1e6:>8.2f} {len(doc.sentences):>10}"
            )


if __name__ == "__main__":
    main()
