"""Time per megabyte of hostile and pathological drafts, stage by stage.

    python bench/bench_pathological.py [--mb 1.0] [--timeout 60] [--only NAME[,NAME...]]

Each input is built to about --mb megabytes (fictional text) and run through the whole pipeline in
this one process: parsing (Markdown or plain text), every registered extractor, then every check
against a small fictional source (the same path ``newslint check`` takes, without the cache).  The
table prints the seconds each stage took and the total in seconds per megabyte.  Issue 11 asks for
a 1 MB one-line draft in <= 2 s, a 5 MB draft in <= 10 s, and no input over 2 s per MB.  A stage
that runs past --timeout seconds is stopped and printed as ">T" (counted as T in the total, which
is then a lower bound, shown with ">"); the next stages still run.  A stage that raises prints the
exception on the line above and shows "error" (its time until then is counted).
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import signal
import time
from collections.abc import Callable

from newslint.cli import tune_gc
from newslint.config import Config
from newslint.extraction import extract_facts, load_document
from newslint.index import SourceIndex
from newslint.registry import PluginHost
from newslint.runner import run_checks

SENTENCE = (
    "Firefighters in Marrow Vale said on Monday that 1,200 hectares had burned, "
    '"We have never seen it move this fast," said Ana Ferreira, the regional governor. '
    "About 40 km of road, or 25 miles, stayed closed until 14 March. "
)
SOURCE = (
    "Published: 12 March 2031\n\nAna Ferreira, the regional governor, said on Monday: "
    '"We have never seen it move this fast." The fire covered 1,200 hectares; 40 km of road closed.\n'
)


def _repeat(piece: str, size: int) -> str:
    return piece * max(1, size // len(piece))


# name -> (suffix, builder(size in characters))
INPUTS: dict[str, tuple[str, Callable[[int], str]]] = {
    "one-line wire story": ("txt", lambda n: _repeat(SENTENCE, n) + "\n"),
    "one-line wire story (md)": ("md", lambda n: _repeat(SENTENCE, n) + "\n"),
    "draft of paragraphs": ("md", lambda n: _repeat(SENTENCE * 3 + "\n\n", n)),
    "one huge paragraph": ("md", lambda n: _repeat(SENTENCE.replace(". ", ".\n"), n)),
    'quote marks """': ("md", lambda n: '"' * n + "\n"),
    "curly quotes “”«»": ("md", lambda n: _repeat("“”«»‘’„‹›", n) + "\n"),
    "quote then said": ("md", lambda n: _repeat('"a" said ', n) + "\n"),
    "quote said, varied": ("md", lambda n: "".join(f'"a" said Ward {k}, ' for k in range(n // 20)) + "\n"),
    "heading single marks ‘a": ("md", lambda n: "# " + _repeat("‘a ", n) + "\n"),
    "unclosed <!--": ("md", lambda n: _repeat("<!-- ", n) + "\n"),
    "unclosed <!-- (txt)": ("txt", lambda n: _repeat("<!-- ", n) + "\n"),
    "'Monday ' words": ("md", lambda n: _repeat("Monday ", n) + "\n"),
    "'1 ' numbers": ("md", lambda n: _repeat("1 ", n) + "\n"),
    "'- 1 km' lines": ("md", lambda n: _repeat("- 1 km\n", n)),
    "number words 'hundred '": ("md", lambda n: _repeat("hundred ", n) + "\n"),
    "'1' + ',000' * n": ("md", lambda n: "1" + _repeat(",000", n) + "\n"),
    "full stops '.'": ("md", lambda n: "." * n + "\n"),
    "initials 'A. '": ("md", lambda n: _repeat("A. ", n) + "\n"),
    "backticks '`'": ("md", lambda n: _repeat("` ", n) + "\n"),
    "link brackets '[a]('": ("md", lambda n: _repeat("[a](", n) + "\n"),
    "table rows": ("md", lambda n: "| a | b |\n|---|---|\n" + _repeat("| 99 km | 99 km |\n", n)),
    "CRLF paragraphs": ("md", lambda n: _repeat((SENTENCE + "\n\n").replace("\n", "\r\n"), n)),
    "CR-only lines": ("md", lambda n: _repeat(SENTENCE + "\r\r", n)),
}


class Timeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise Timeout


def _timed(func: Callable[[], object], timeout: int) -> tuple[float | None, object]:
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(timeout)
    started = time.perf_counter()
    try:
        result = func()
    except Timeout:
        return None, None
    except Exception as exc:  # a crash is a finding of this benchmark too: print it, go on
        print(f"    ({type(exc).__name__}: {str(exc)[:60]})")
        return -(time.perf_counter() - started), None
    finally:
        signal.alarm(0)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=1.0, help="size of each input in megabytes")
    parser.add_argument("--timeout", type=int, default=60, help="seconds before a stage is stopped")
    parser.add_argument("--only", default="", help="comma list of input names (substring match)")
    args = parser.parse_args()

    tune_gc()  # as `newslint` does
    host = PluginHost()
    load_document("# Warm-up\n\nImports markdown-it once, before the timed rows.\n", "warm.md", host)
    source = load_document(SOURCE, "wire/source.txt", host)
    extract_facts(source, host)
    index = SourceIndex([source])
    config = Config(root=__import__("pathlib").Path.cwd())
    size = int(args.mb * 1_000_000)
    wanted = [w.strip() for w in args.only.split(",") if w.strip()]

    kinds = [e.kind for e in host.ordered_extractors()]
    header = f"{'input':<26} {'MB':>5} {'parse':>7} " + " ".join(f"{k:>9}" for k in kinds)
    header += f" {'checks':>7} {'total':>7} {'s/MB':>6}"
    print(header)
    print("-" * len(header))
    for name, (suffix, build) in INPUTS.items():
        if wanted and not any(w in name for w in wanted):
            continue
        text = build(size)
        print(_row(name, text, suffix, host, index, config, args.timeout))


def _row(name: str, text: str, suffix: str, host, index, config, timeout: int) -> str:
    """One input: parse, then each extractor and the checks, each stage timed on its own.  A stage
    that times out (or raises) is shown as ">T" and the next stages still run on what there is
    (an extractor that timed out leaves no facts of its kind)."""
    mb = len(text.encode("utf-8")) / 1_000_000
    stopped = False

    def cell(took: float | None, width: int) -> str:
        if took is None:
            return f"{'>' + str(timeout):>{width}}"
        return f"{took:{width}.2f}" if took >= 0 else f"{'error':>{width}}"

    took, doc = _timed(lambda: load_document(text, f"drafts/input.{suffix}", host), timeout)
    cells = [cell(took, 7)]
    total = abs(took or 0.0)
    if took is None or took < 0:
        return f"{name:<26} {mb:5.2f} {cells[0]}  (parse stopped)"
    for ex in host.ordered_extractors():

        def run(ex=ex):
            doc.facts[ex.kind] = tuple(ex.extract(doc, host.packs))

        took, _ = _timed(run, timeout)
        stopped = stopped or took is None
        cells.append(cell(took, 9))
        total += abs(took) if took is not None else timeout
    took, _ = _timed(lambda: run_checks(doc, index, config, host), timeout)
    stopped = stopped or took is None
    cells.append(cell(took, 7))
    total += abs(took) if took is not None else timeout
    rate = f"{'>' if stopped else ''}{total / mb:.2f}"
    shown_total = f"{'>' if stopped else ''}{total:.2f}"
    return f"{name:<26} {mb:5.2f} {cells[0]} {' '.join(cells[1:-1])} {cells[-1]} {shown_total:>7} {rate:>6}"


if __name__ == "__main__":
    main()
