"""How a check scales with the number of sources: cold (extract + write cache) and warm (cache hits).

    python bench/bench_sources_scale.py --sources 2000

Generates a fictional newsroom of N wire stories (~3 KB each) in a temporary folder, then times
`newslint check` on one draft: once with an empty cache, then again with the cache filled.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from newslint.runner import CheckOptions, run_check

SYLLABLES = [
    "mar",
    "tel",
    "os",
    "brin",
    "ka",
    "dor",
    "vel",
    "lin",
    "sar",
    "tom",
    "ri",
    "gan",
    "hol",
    "ber",
    "ul",
    "nes",
    "fen",
    "cas",
    "pry",
    "wen",
    "do",
    "lek",
    "ai",
    "morr",
    "is",
    "tav",
    "quin",
    "ze",
]
TOPICS = ["homes", "buses", "schools", "beds", "trees", "bridges", "turbines", "nurses", "wells", "roads"]
BODIES = ["council", "water board", "health trust", "port authority", "transport agency", "school board"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def story(i: int, rng: random.Random) -> str:
    """A fictional wire story of ~3 KB: each story has its own town, people, topic and figures, as a
    real archive does (a draft relates to a few stories, not to all of them)."""
    town, body, topic = name(rng, 3), rng.choice(BODIES), rng.choice(TOPICS)
    person = f"{name(rng)} {name(rng, 3)}"
    other = f"{name(rng)} {name(rng, 3)}"
    paragraphs = [
        f" date 2025-{rng.randint(1, 12):02}-{rng.randint(1, 28):02} {town.upper()} (Northwire) — "
        f"The {body} of {town} said on {rng.choice(DAYS)} it would spend £{rng.randint(2, 90)}m on "
        f"{rng.randint(100, 5000):,} new {topic} over {rng.randint(2, 10)} years."
    ]
    while sum(len(p) for p in paragraphs) < 3000:
        word = name(rng, 2).lower()
        paragraphs.append(
            f'"The {word} plan for {town} has waited {rng.randint(2, 30)} years," said {person}, who leads '
            f"the {name(rng)} residents' association. About {rng.randint(10, 900)} people attended a meeting "
            f"in {name(rng, 3)} last {rng.choice(DAYS)}, and {other} said at least {rng.randint(1, 40)}% of them "
            f"opposed a {rng.randint(1, 25)}-kilometre {word} road across {rng.randint(1, 90)} square kilometres."
        )
    return "\n\n".join(paragraphs) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "wire").mkdir()
        for i in range(args.sources):
            (root / "wire" / f"{i:06}.txt").write_text(story(i, rng), encoding="utf-8")
        draft = root / "draft.md"
        # the draft rewrites story 0 (its first paragraphs), dated a day after it
        first = (root / "wire" / f"{0:06}.txt").read_text(encoding="utf-8")
        day = dt.date.fromisoformat(first[6:16]) + dt.timedelta(days=1)
        body = "\n\n".join(first[17:].split("\n\n")[:4])
        draft.write_text(f"---\ndate: {day.isoformat()}\n---\n{body}\n", encoding="utf-8")
        options = CheckOptions(sources=(str(root / "wire"),), cache_dir=root / "cache", isolated=True)
        for label in ("cold (empty cache)", "warm (cache filled)"):
            started = time.perf_counter()
            report = run_check([str(draft)], options)
            elapsed = time.perf_counter() - started
            print(
                f"{args.sources} sources, {label}: {elapsed:.2f} s "
                f"({elapsed / args.sources * 1000:.2f} ms per source), {len(report.findings)} findings"
            )


if __name__ == "__main__":
    main()
