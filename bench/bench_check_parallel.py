"""Does checking many drafts in parallel pay?  `newslint check -j 1` against `-j N` on D drafts.

    python bench/bench_check_parallel.py --drafts 8 16 40 --sources 50 --jobs 2

Generates a fictional newsroom (N wire stories, D drafts of ~3 KB, the generator of
bench_sources_scale.py) in a temporary folder, fills the source cache once, then times the installed
`newslint check` end to end (process start-up included, as pre-commit and CI run it), best of
--repeat runs.  The runner's threshold (PARALLEL_MIN_DRAFTS) decides whether `-j N` really forks:
--force-parallel lowers it to 2 to time the process pool below it too.  Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_sources_scale import story  # noqa: E402


def newslint() -> str:
    candidate = Path(sys.executable).parent / "newslint"
    return str(candidate) if candidate.exists() else "newslint"


def best_of(cmd: list[str], cwd: Path, repeat: int, env: dict) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):
            raise SystemExit(f"newslint failed: {done.stderr.decode()}")
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--drafts", type=int, nargs="+", default=[8, 16, 40, 100])
    parser.add_argument("--sources", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--force-parallel",
        action="store_true",
        help="lower the runner's PARALLEL_MIN_DRAFTS to 2 so -j N forks below the threshold",
    )
    args = parser.parse_args()
    env = dict(os.environ, NO_COLOR="1")
    command = [newslint()]
    if args.force_parallel:
        command = [
            sys.executable,
            "-c",
            "import sys, newslint.runner as r; r.PARALLEL_MIN_DRAFTS = 2; "
            "from newslint.cli import main; sys.argv[0] = 'newslint'; main()",
        ]
    rng = random.Random(11)
    print(f"{os.cpu_count()} cores; {args.sources} sources; best of {args.repeat}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "wire").mkdir()
        for i in range(args.sources):
            (root / "wire" / f"{i:05}.txt").write_text(story(i, rng), encoding="utf-8")
        (root / "newslint.toml").write_text('sources = ["wire"]\n', encoding="utf-8")
        for count in args.drafts:
            drafts = root / f"drafts{count}"
            drafts.mkdir()
            for i in range(count):
                text = story(10_000 + i, rng)
                (drafts / f"d{i:04}.md").write_text(
                    f"---\ndate: 2025-06-02\n---\n{text[17:]}", encoding="utf-8"
                )
            base = [*command, "check", drafts.name, "--exit-zero"]
            best_of(base + ["-j", "1"], root, 1, env)  # fill the source cache
            serial = best_of(base + ["-j", "1"], root, args.repeat, env)
            parallel = best_of(base + ["-j", str(args.jobs)], root, args.repeat, env)
            print(
                f"{count:4} drafts: -j 1 {serial:6.2f} s ({serial / count * 1000:6.1f} ms/draft)   "
                f"-j {args.jobs} {parallel:6.2f} s ({parallel / count * 1000:6.1f} ms/draft)   "
                f"speed-up x{serial / parallel:.2f}"
            )


if __name__ == "__main__":
    main()
