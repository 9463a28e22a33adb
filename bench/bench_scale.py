"""The source index at newsroom scale: cold build, warm check, one changed source, size, memory.

    python bench/bench_scale.py --sizes 1000,10000,100000
    python bench/bench_scale.py --sizes 300 --keep /tmp/archive      # keep the generated archive
    python bench/bench_scale.py --sizes 10000 --index postgresql://bench@localhost/postgres

With ``--index URL`` the index is the shared one on that PostgreSQL server: for each size the
benchmark creates a fresh database ``newslint_bench_<size>`` there (the role needs CREATEDB), and
adds a column: the fill rate of two ``newslint index`` processes filling halves of the archive into
one more fresh database at once, as two machines of a newsroom would.  The index size is the
server's (tables and indexes); peak RSS is newslint's, not the server's.

For each size, generates a fictional wire archive (~3 KB stories, dated, with figures, quotes and
weekdays; people, towns, bodies and round figures recur across stories as in a real archive; about
40% of figures are round), plus a cluster of stories about one event that the benchmark draft
(~850 words) really rewrites, with a few planted errors.  Then, each as a separate process (start-up
included), measures:

- cold build: ``newslint index`` on an empty index (sources per second, peak RSS of any process),
- warm check: ``newslint check`` of the draft against the whole archive (best of 3; the draft
  unchanged since the run before, so its facts come from the draft cache),
- draft edited: the same check with a new sentence in the draft before each run (best of 3): the
  draft is parsed and extracted, the sources come from the index,
- one changed source: the same check right after one archive story was edited,
- with ``freshness = "directories"`` (SQLite only; the opt-in mode for append-only archives): the
  warm check (best of 3, after one check that records the walk) and the check right after a new
  story arrived in one folder,
- the index size against the bytes of the archive,
- proselint (the ``bench`` extra) on the same draft, in the same run.

Timings are printed, never asserted.  The machine's load average is printed with the table: on a
shared machine, re-run when it is quiet.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SYLLABLES = "mar tel os brin ka dor vel lin sar tom ri gan hol ber ul nes fen cas pry wen do lek ai morr is tav quin ze".split()
TOPICS = ["homes", "buses", "schools", "beds", "trees", "bridges", "turbines", "nurses", "wells", "roads"]
BODIES = ["council", "water board", "health trust", "port authority", "transport agency", "school board"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ROUND = [50, 100, 200, 250, 300, 400, 500, 600, 750, 1000, 1200, 1500, 2000, 2500, 5000, 10000]

# the event of the cluster the draft rewrites (fictional)
EVENT_TOWN = "Brackwater"
EVENT_DAY = dt.date(2025, 3, 4)  # a Tuesday


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


class Archive:
    """A fictional archive: recurring people and towns, round figures, weekdays."""

    def __init__(self, seed: int = 7):
        rng = random.Random(seed)
        self.towns = [_name(rng, 3) for _ in range(400)]
        self.people = [f"{_name(rng)} {_name(rng, 3)}" for _ in range(1500)]

    def figure(self, rng: random.Random, lo: int, hi: int) -> int:
        if rng.random() < 0.4:
            return rng.choice([r for r in ROUND if lo <= r <= hi] or [lo])
        return rng.randint(lo, hi)

    def story(self, i: int) -> str:
        """A ~3 KB wire story."""
        rng = random.Random(i * 7919 + 1)
        town, body, topic = rng.choice(self.towns), rng.choice(BODIES), rng.choice(TOPICS)
        person, other = rng.choice(self.people), rng.choice(self.people)
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
        paragraphs = [
            f" date {day.isoformat()} {town.upper()} (Northwire) — "
            f"The {body} of {town} said on {rng.choice(DAYS)} it would spend £{self.figure(rng, 2, 90)}m on "
            f"{self.figure(rng, 100, 5000):,} new {topic} over {rng.randint(2, 10)} years."
        ]
        while sum(len(p) for p in paragraphs) < 3000:
            word = rng.choice(TOPICS)
            paragraphs.append(
                f'"The {word} plan for {town} has waited {rng.randint(2, 30)} years," said {person}, who '
                f"leads the {rng.choice(self.towns)} residents' association. About {self.figure(rng, 10, 900)} "
                f"people attended a meeting in {rng.choice(self.towns)} last {rng.choice(DAYS)}, and {other} "
                f"said at least {self.figure(rng, 1, 40)}% of them opposed a {self.figure(rng, 1, 25)}-kilometre "
                f"road across {self.figure(rng, 1, 90)} square kilometres."
            )
        return "\n\n".join(paragraphs) + "\n"


CLUSTER = [
    (
        EVENT_DAY,
        f"BRACKWATER (Northwire) — The River Sallow burst its banks on Monday, flooding about 35 square "
        f"kilometres of farmland around {EVENT_TOWN}, officials said on Tuesday.\n\n"
        "More than 2,400 residents were moved to shelters in three schools overnight, the county said.\n\n"
        '"The water rose faster than any of our models predicted," said Helen Varga, who leads the '
        "county's flood team.\n\n"
        "The river peaked at 4.5 metres on Monday evening, its highest level since 1998.\n",
    ),
    (
        EVENT_DAY + dt.timedelta(days=1),
        "BRACKWATER (Northwire) — Engineers said on Wednesday that the Sallow dam held through the night.\n\n"
        '"There is no risk of the dam failing, but we will not take chances," said Priya Okafor, the '
        "dam's chief engineer.\n\n"
        "The county council approved at least £12m in emergency aid for 1,300 households.\n",
    ),
    (
        EVENT_DAY + dt.timedelta(days=2),
        "BRACKWATER (Northwire) — Relief crews handed out 18,000 litres of drinking water on Thursday.\n\n"
        "About 600 volunteers joined the clean-up, the Red Lantern charity said, and 42 roads stayed closed.\n",
    ),
]

# The draft rewrites the cluster; planted errors: 3,400 residents (2,400), "forecasts" for "models",
# Wednesday for the Tuesday of the announcement, £15m for £12m.  The rest is faithful, padded with
# the newsroom's own background paragraphs (no figures) to ~850 words.
DRAFT_HEAD = f"""---
date: {(EVENT_DAY + dt.timedelta(days=3)).isoformat()}
---
# Sallow floods: {EVENT_TOWN} counts the cost

The River Sallow burst its banks on Monday, flooding about 35 square kilometres of farmland around
{EVENT_TOWN}, officials said on Wednesday.

More than 3,400 residents were moved to shelters in three schools overnight.

"The water rose faster than any of our forecasts predicted," said Helen Varga, who leads the county's
flood team.

The river peaked at 4.5 metres on Monday evening. Engineers said on Wednesday that the dam held.
"There is no risk of the dam failing, but we will not take chances," said Priya Okafor.

The county council approved £15m in emergency aid for 1,300 households. Relief crews handed out
18,000 litres of drinking water, and about 600 volunteers joined the clean-up.
"""

BACKGROUND = (
    "Residents along the lower valley have long argued that the embankments were built for another "
    "century, and that the county has put off the work for as long as anyone can remember. Farmers "
    "describe fields that turn to lakes each spring, lanes that vanish under brown water and cattle "
    "moved to higher ground in the dark. The shopkeepers on the market square say they know the "
    "routine by heart: sandbags at the door, stock on the top shelves, and a long wait for the "
    "insurers. Some of them now talk openly about leaving the town for good."
)


def draft_text() -> str:
    body = DRAFT_HEAD
    while len(body.split()) < 850:
        body += "\n" + BACKGROUND + "\n"
    return body


def generate(root: Path, n: int) -> int:
    """Write an archive of ``n`` stories (the cluster among them) under root/wire; returns its bytes."""
    archive = Archive()
    wire = root / "wire"
    total = 0
    for i in range(n):
        folder = wire / f"{i // 1000:03}"
        if i % 1000 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        if i < len(CLUSTER):
            day, text = CLUSTER[i]
            text = f" date {day.isoformat()} {text}"
        else:
            text = archive.story(i)
        data = text.encode("utf-8")
        (folder / f"{i:06}.txt").write_bytes(data)
        total += len(data)
    (root / "draft.md").write_text(draft_text(), encoding="utf-8")
    (root / "newslint.toml").write_text('sources = ["wire"]\n', encoding="utf-8")
    return total


# Python may write its bytecode caches, as an installed newslint (and proselint) has them: a run
# must not pay for compiling the package's sources because the environment forbids caching.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(cmd: list[str], cwd: Path) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB of the process and its children, stdout) of one command."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    out, err = proc.communicate()
    elapsed = time.perf_counter() - started
    usage = _children_maxrss()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return elapsed, usage, out.decode()


_maxrss_seen = 0.0


def _children_maxrss() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def newslint(*args: str) -> list[str]:
    return [sys.executable, "-m", "newslint", *args]


def fresh_database(url: str, name: str) -> str:
    """Create (again) the database ``name`` on the server of ``url``; the URL of it."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def server_size(url: str) -> int:
    from newslint.store_postgres import PostgresStore

    store = PostgresStore(url, readonly=True)
    try:
        return store.stats()["bytes"]
    finally:
        store.close()


def two_fillers(root: Path, url: str) -> float:
    """Seconds for two `newslint index` processes (one worker each) filling halves of the archive."""
    folders = sorted(p.name for p in (root / "wire").iterdir())
    halves = [folders[0::2], folders[1::2]] if len(folders) > 1 else [folders, []]
    if not halves[1]:  # one folder: split its files by name instead
        files = sorted(p.name for p in (root / "wire" / folders[0]).iterdir())
        mid = len(files) // 2
        specs = [[f"wire/{folders[0]}/{f}" for f in part] for part in (files[:mid], files[mid:])]
    else:
        specs = [[f"wire/{f}" for f in half] for half in halves]
    started = time.perf_counter()
    procs = []
    for spec in specs:
        cmd = newslint("index", "--isolated", "--no-progress", "-j", "1", "--index", url)
        for s in spec:
            cmd += ["-s", s]
        procs.append(subprocess.Popen(cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"a filler failed ({proc.returncode}): {err.decode()[-2000:]}")
    return time.perf_counter() - started


def measure(n: int, workdir: Path, jobs: int | None, reuse: bool = False, server: str | None = None) -> dict:
    if server is not None and not server.startswith(("postgresql://", "postgres://")):
        raise SystemExit("--index takes a postgresql:// URL")
    root = workdir / f"archive-{n}"
    cache = root / ".newslint_cache"
    if reuse and (root / "draft.md").is_file():  # the same archive, generated by an earlier run
        corpus_bytes = sum(p.stat().st_size for p in (root / "wire").rglob("*.txt"))
        shutil.rmtree(cache, ignore_errors=True)
    else:
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        corpus_bytes = generate(root, n)
    where: list[str] = []
    if server is not None:
        where = ["--index", fresh_database(server, f"newslint_bench_{n}")]
    index_cmd = newslint("index", "--no-progress", *where) + (["-j", str(jobs)] if jobs else [])
    # the cold build, measured in a child so that its peak RSS is its own
    cold_s, _, summary = run([sys.executable, __file__, "--rss-of", *index_cmd], root)
    cold_rss = float(summary.strip().splitlines()[-1])
    time.sleep(2.1)  # let the racy-timestamp window close, as it does in real use
    run(newslint("check", *where, "draft.md"), root)  # re-hashes files written within the racy window
    check = newslint("check", "--format", "json", *where, "draft.md")
    warm = min(run(check, root)[0] for _ in range(3))
    _, _, report = run(check, root)
    # the draft edited before each check: the sources come from the index, the draft is read anew
    # (the warm check above finds it in the draft cache)
    draft = root / "draft.md"
    original = draft.read_text(encoding="utf-8")
    edited = []
    for k in range(3):
        draft.write_text(original + f"\nThe desk revised this story {k + 1} times.\n", encoding="utf-8")
        edited.append(run(check, root)[0])
    draft.write_text(original, encoding="utf-8")
    warm_edited = min(edited)
    # one source changes (not one the draft uses)
    victim = root / "wire" / "000" / f"{min(n - 1, 10):06}.txt"
    victim.write_text(
        victim.read_text(encoding="utf-8") + "\nA correction was added on Friday.\n", encoding="utf-8"
    )
    changed = run(check, root)[0]
    warm_dirs = new_dirs = None
    if server is None:  # freshness = "directories" (append-only archives): no stat per file
        config = root / "newslint.toml"
        plain = config.read_text(encoding="utf-8")
        config.write_text(plain + 'freshness = "directories"\n', encoding="utf-8")
        try:
            run(check, root)  # records the walk (every folder listed, every file stat'ed)
            time.sleep(2.1)  # (a folder modified within the racy window is listed again)
            run(check, root)
            warm_dirs = min(run(check, root)[0] for _ in range(3))
            arrived = root / "wire" / "000" / "arrived.txt"  # a new story arrives in the feed
            arrived.write_text(victim.read_text(encoding="utf-8"), encoding="utf-8")
            new_dirs = run(check, root)[0]
            arrived.unlink()
        finally:
            config.write_text(plain, encoding="utf-8")
    if server is not None:  # (checks only read a shared index: "one changed" extracts that source in memory)
        size = server_size(where[1])
    else:
        size = sum(p.stat().st_size for p in cache.iterdir() if p.name.startswith("index.sqlite"))
    prose = (
        min(run(["proselint", "check", "draft.md"], root)[0] for _ in range(3))
        if shutil.which("proselint")
        else None
    )
    import json

    findings = len(json.loads(report)["findings"])
    two = None
    if server is not None:
        two = n / two_fillers(root, fresh_database(server, f"newslint_bench_{n}_two"))
    return {
        "two_fillers": two,
        "n": n,
        "corpus_mb": corpus_bytes / 1e6,
        "cold_s": cold_s,
        "rate": n / cold_s,
        "cold_rss": cold_rss,
        "warm": warm,
        "warm_edited": warm_edited,
        "changed": changed,
        "warm_dirs": warm_dirs,
        "new_dirs": new_dirs,
        "size_mb": size / 1e6,
        "ratio": size / corpus_bytes,
        "proselint": prose,
        "findings": findings,
    }


def rss_of(cmd: list[str]) -> None:
    """Run ``cmd``; print the peak RSS (MB) of it and its children (for the cold build)."""
    import resource

    proc = subprocess.run(cmd, stdout=sys.stderr, env=ENV)
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.returncode)
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--rss-of":
        rss_of(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--keep", type=Path, help="generate the archives here and keep them")
    parser.add_argument("-j", "--jobs", type=int, help="worker processes for the cold build")
    parser.add_argument("--reuse", action="store_true", help="reuse archives kept by --keep (index rebuilt)")
    parser.add_argument("--generate-only", action="store_true", help="write the archives and stop")
    parser.add_argument(
        "--index",
        metavar="URL",
        help="measure the shared index on this PostgreSQL server (postgresql://...; the role needs CREATEDB)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="newslint-scale-"))
    rows = []
    if args.generate_only:
        for n in sizes:
            (workdir / f"archive-{n}").mkdir(parents=True, exist_ok=True)
            print(f"{n}: {generate(workdir / f'archive-{n}', n) / 1e6:.1f} MB in {workdir / f'archive-{n}'}")
        return
    try:
        for n in sizes:
            load = os.getloadavg()[0]
            r = measure(n, workdir, args.jobs, args.reuse, args.index)
            r["load"] = load
            rows.append(r)
            print(_row(r), flush=True) if len(rows) == 1 else print(_row(r, header=False), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    base = rows[0]["warm"]
    print(
        f"\n{os.cpu_count()} cores; warm check at the largest size is {rows[-1]['warm'] / base:.2f}x the smallest"
    )


def _s(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds:.2f}"


def _row(r: dict, header: bool = True) -> str:
    two = r.get("two_fillers")
    head = (
        "| sources | corpus MB | cold build s | sources/s | peak RSS MB | warm check s | draft edited s "
        "| one changed s "
        "| warm, directories s | one new, directories s "
        "| index MB | index/corpus | proselint s | findings | load |"
        + (" 2 fillers sources/s |" if two is not None else "")
        + "\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        + (" ---: |" if two is not None else "")
        + "\n"
    )
    prose = f"{r['proselint']:.2f}" if r["proselint"] is not None else "n/a"
    line = (
        f"| {r['n']:,} | {r['corpus_mb']:.1f} | {r['cold_s']:.1f} | {r['rate']:.0f} | {r['cold_rss']:.0f} "
        f"| {r['warm']:.2f} | {_s(r.get('warm_edited'))} | {r['changed']:.2f} | {_s(r.get('warm_dirs'))} | {_s(r.get('new_dirs'))} "
        f"| {r['size_mb']:.1f} | {r['ratio']:.2f} | {prose} "
        f"| {r['findings']} | {r['load']:.1f} |" + (f" {two:.0f} |" if two is not None else "")
    )
    return (head if header else "") + line


if __name__ == "__main__":
    main()
