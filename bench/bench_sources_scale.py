"""How a check scales with the number of sources: cold (extract + write cache) and warm (cache hits).

    python bench/bench_sources_scale.py --sources 2000

Generates a fictional newsroom of N wire stories (~3 KB each) in a temporary folder, then times
`newslint check` on one draft: once with an empty cache, then again with the cache filled.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from newslint.runner import CheckOptions, run_check

TOWNS = ["Corrow", "Havel", "Marsby", "Tilling", "Oskar Bay", "Wendham", "Pell", "Arnsey"]
PEOPLE = ["Helen Marsh", "Tomas Reyes", "Priya Nair", "Daniel Okafor", "Ines Kovac", "Ravi Senn"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def story(i: int, rng: random.Random) -> str:
    town, person, day = rng.choice(TOWNS), rng.choice(PEOPLE), rng.choice(DAYS)
    paragraphs = [f" date 2025-{rng.randint(1, 12):02}-{rng.randint(1, 28):02} {town.upper()} (Northwire) — "
                  f"The council of {town} said on {day} it would spend £{rng.randint(2, 90)}m on "
                  f"{rng.randint(100, 5000):,} new homes over {rng.randint(2, 10)} years."]
    while sum(len(p) for p in paragraphs) < 3000:
        n = rng.randint(10, 900)
        paragraphs.append(
            f"\"We have waited {rng.randint(2, 30)} years for this,\" said {person}, who leads the "
            f"residents' association. About {n} people attended a meeting last {rng.choice(DAYS)}, "
            f"and at least {rng.randint(1, 40)}% of them opposed the plan for a {rng.randint(1, 25)}-kilometre "
            f"road covering {rng.randint(1, 90)} square kilometres."
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
        draft.write_text("---\ndate: 2025-06-02\n---\n" + story(0, rng)[17:], encoding="utf-8")
        options = CheckOptions(sources=(str(root / "wire"),), cache_dir=root / "cache", isolated=True)
        for label in ("cold (empty cache)", "warm (cache filled)"):
            started = time.perf_counter()
            report = run_check([str(draft)], options)
            elapsed = time.perf_counter() - started
            print(f"{args.sources} sources, {label}: {elapsed:.2f} s "
                  f"({elapsed / args.sources * 1000:.2f} ms per source), {len(report.findings)} findings")


if __name__ == "__main__":
    main()
