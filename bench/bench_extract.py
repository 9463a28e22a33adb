"""Extraction throughput: documents per second per core through ALL registered extractors.

    python bench/bench_extract.py [--docs 500] [--size 3000] [--repeat 3] [--seed 7] [--dense]

Generates --docs distinct synthetic wire stories of about --size characters (fictional: figures with
units, currencies, percentages, ranges, word numbers, quotes with speakers, weekdays and dates, between
sentences of plain prose, at about twice the figure density of the reference corpus; --dense puts a
figure every ~40 characters as a stress test), parses them once, then times every registered extractor over all
of them in this one process (one core), best of --repeat runs.  Parsing is timed separately.
Extraction is the hot path of indexing sources; the target is 500 documents per second per core.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import time

from newslint.extraction import extract_facts, load_document
from newslint.registry import PluginHost

PLACES = ["Marrow Vale", "Castelford", "Oundle Reach", "Pelham Cross", "Tarnbury", "Wexley", "Dunmore"]
PEOPLE = ["Ana Ferreira", "Tomas Lindqvist", "Priya Raman", "Owen Caddick", "Marta Kowal", "Jun Okafor"]
ROLES = ["regional governor", "police spokesman", "mayor", "fire brigade officer", "minister"]
UNITS = [
    "km",
    "kilometres",
    "square kilometres",
    "sq km",
    "sqkm",
    "miles",
    "hectares",
    "metres",
    "tonnes",
    "per cent",
    "%",
    "litres",
    "mph",
    "km/h",
]
NOUNS = ["people", "homes", "villages", "vehicles", "firefighters", "residents", "schools", "drones"]
QUALS = ["", "", "about ", "at least ", "more than ", "up to ", "nearly ", "some ", "over "]
WORDS = ["two dozen", "a dozen", "one thousand", "twenty-five", "half a million", "three hundred"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "March", "May", "August", "October", "December"]


def _figure(r: random.Random) -> str:
    kind = r.random()
    if kind < 0.35:
        return f"{r.choice(QUALS)}{r.randint(2, 9999):,} {r.choice(UNITS)}"
    if kind < 0.55:
        return f"{r.choice(QUALS)}{r.randint(10, 250000):,} {r.choice(NOUNS)}"
    if kind < 0.65:
        return f"{r.choice(['£', '$', '€'])}{r.randint(1, 900)}{r.choice(['m', 'bn', ' million'])}"
    if kind < 0.75:
        a = r.randint(1, 40)
        return f"between {a} and {a + r.randint(1, 9)} {r.choice(NOUNS)}"
    if kind < 0.85:
        km = r.randint(2, 900)
        return f"{km} km ({km * 0.621:.0f} miles)"
    return f"{r.choice(WORDS)} {r.choice(NOUNS)}"


FILLER = [
    "The authorities have not said when the restrictions will be lifted.",
    "Residents described scenes of confusion as emergency crews arrived from neighbouring districts.",
    "The regional council met in an emergency session and promised an inquiry into the response.",
    "Opposition politicians accused the government of ignoring repeated warnings from engineers.",
    "Forecasters said the weather was expected to improve later in the week.",
    "Aid agencies said they were working with local officials to reach those still cut off.",
    "The minister, who visited the area, praised the volunteers who had worked through the night.",
    "Schools and several main roads remained closed, and trains were running with delays.",
]


def wire_story(r: random.Random, size: int) -> str:
    """Realistic density: about one figure per 250 characters (twice the reference corpus)."""
    place = r.choice(PLACES)
    parts = [
        f" date 2024-08-{r.randint(10, 28)} {place.upper()}: Officials said on {r.choice(DAYS)} that "
        f"{_figure(r)} were affected.\n"
    ]
    while sum(len(p) for p in parts) < size:
        roll = r.random()
        if roll < 0.25:
            parts.append(
                f"\n{r.choice(PEOPLE)}, the {r.choice(ROLES)}, said {_figure(r)} had been counted by "
                f"{r.choice(DAYS)}. {r.choice(FILLER)}\n"
            )
        elif roll < 0.45:
            parts.append(
                f"\n\u201cWe have moved {_figure(r)} since last {r.choice(DAYS)},\u201d "
                f"{r.choice(PEOPLE)} told reporters in {place}. {r.choice(FILLER)}\n"
            )
        else:
            parts.append(f"\n{r.choice(FILLER)} {r.choice(FILLER)}\n")
    return "".join(parts)


def story(r: random.Random, size: int) -> str:
    """Stress density: a figure every 40 characters or so."""
    place = r.choice(PLACES)
    parts = [
        f" date 2024-08-{r.randint(10, 28)} {place.upper()}: Officials said on {r.choice(DAYS)} that "
        f"{_figure(r)} were affected across {_figure(r)} of the district.\n"
    ]
    while sum(len(p) for p in parts) < size:
        roll = r.random()
        if roll < 0.4:
            parts.append(
                f"\n{r.choice(PEOPLE)}, the {r.choice(ROLES)}, said {_figure(r)} had been counted by "
                f"{r.choice(DAYS)}, up from {_figure(r)} on {r.choice(MONTHS)} {r.randint(1, 28)}.\n"
            )
        elif roll < 0.7:
            parts.append(
                f"\n\u201cWe have moved {_figure(r)} since last {r.choice(DAYS)}, and we need "
                f"{_figure(r)} more,\u201d {r.choice(PEOPLE)} told reporters in {place}.\n"
            )
        else:
            parts.append(
                f"\nAn analysis of data from {r.randint(2015, 2023)} found {_figure(r)} in "
                f"{r.choice(PLACES)}, {_figure(r)} in {r.choice(PLACES)} and {_figure(r)} "
                f"elsewhere, a rise of {r.randint(2, 60)} per cent.\n"
            )
    return "".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--size", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--dense",
        action="store_true",
        help="stress documents with a figure every ~40 characters instead of wire-like density",
    )
    args = ap.parse_args()

    host = PluginHost()
    r = random.Random(args.seed)
    make = story if args.dense else wire_story
    texts = [make(r, args.size) for _ in range(args.docs)]
    avg = sum(len(t) for t in texts) / len(texts)

    # warm up: pint's registry and every compiled table are built once per process
    warm = load_document(texts[0], "warm.txt", host)
    extract_facts(warm, host)

    started = time.perf_counter()
    docs = [load_document(t, f"wire/{i}.txt", host) for i, t in enumerate(texts)]
    parse_s = time.perf_counter() - started

    extractors = host.ordered_extractors()
    best = float("inf")
    per_kind = {e.kind: float("inf") for e in extractors}
    facts = 0
    for _ in range(args.repeat):
        for d in docs:
            d.facts.clear()
        t_total = 0.0
        kinds = dict.fromkeys(per_kind, 0.0)
        for d in docs:
            for ex in extractors:
                t0 = time.perf_counter()
                d.facts[ex.kind] = tuple(ex.extract(d, host.packs))
                dt = time.perf_counter() - t0
                kinds[ex.kind] += dt
                t_total += dt
        best = min(best, t_total)
        per_kind = {k: min(per_kind[k], v) for k, v in kinds.items()}
        facts = sum(len(v) for d in docs for v in d.facts.values())

    print(
        f"{args.docs} synthetic {'dense' if args.dense else 'wire-like'} documents, {avg:,.0f} characters "
        f"on average, {facts} facts"
    )
    print(f"extractors: {', '.join(per_kind)}")
    print(f"parsing:    {args.docs / parse_s:8.0f} docs/s per core ({parse_s * 1000 / args.docs:.2f} ms/doc)")
    for kind, secs in per_kind.items():
        print(f"  {kind:<12}{args.docs / secs:8.0f} docs/s per core ({secs * 1000 / args.docs:.2f} ms/doc)")
    print(
        f"extraction: {args.docs / best:8.0f} docs/s per core, all extractors "
        f"({best * 1000 / args.docs:.2f} ms/doc; best of {args.repeat})"
    )
    both = parse_s + best
    print(f"parse + extract: {args.docs / both:8.0f} docs/s per core")


if __name__ == "__main__":
    main()
