"""What does one `newslint check` of one draft cost, start-up included, next to proselint's check of
the same draft?  (Issue 9: a warm check against a few sources must not cost more than proselint's.)

    python bench/bench_startup.py --repeats 10

Runs, each in a fresh process, N times and side by side:

* ``newslint check`` on the example newsroom's draft (examples/, its three wire sources), with a
  cold cache (a new empty --cache-dir each run: sources and draft read), with a warm one and the
  draft edited before each run (a new sentence in a copy of the newsroom: the sources come from the
  index, the draft is read), and with a warm one and the draft unchanged (a --cache-dir filled by
  one run beforehand: the draft's facts come from the draft cache too);
* ``proselint check`` on the same draft (skipped when proselint is not installed: ``pip install -e
  '.[bench]'``).

Times are wall-clock seconds of the whole process (interpreter start, imports, the check, the
report), printed as min / median / max; nothing is asserted.  Python is allowed to write bytecode
caches (PYTHONDONTWRITEBYTECODE is removed from the children's environment), as an installed tool
has them, and one unmeasured run of each command comes first so that they exist.  The unit cache of
pint (~/.cache/newslint) is left as it is: "cold" means the source index only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DRAFT = "drafts/ambel-rewrite.md"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _time(cmd: list[str], before=None) -> float:
    if before is not None:
        before()
    start = time.perf_counter()
    subprocess.run(cmd, cwd=EXAMPLES, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _exe(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=10, help="runs of each command (default 10)")
    args = parser.parse_args()

    newslint = _exe("newslint") or sys.exit("newslint is not installed: pip install -e .")
    proselint = _exe("proselint")
    names = ["newslint check, cold cache", "newslint check, draft edited", "newslint check, warm cache"]
    rows: dict[str, list[float]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory(prefix="nl-startup-") as tmp:
        warm_dir = Path(tmp) / "warm"
        cold_dir = Path(tmp) / "cold"
        # the edited draft is a copy inside a copy of the newsroom (its sources, its configuration)
        newsroom = Path(tmp) / "newsroom"
        shutil.copytree(EXAMPLES, newsroom, ignore=shutil.ignore_patterns(".newslint_cache"))
        edited = newsroom / DRAFT
        original = edited.read_text(encoding="utf-8")
        warm = [newslint, "check", "--cache-dir", str(warm_dir), DRAFT]
        cold = [newslint, "check", "--cache-dir", str(cold_dir), DRAFT]
        edit_cmd = [newslint, "check", "--cache-dir", str(warm_dir), str(edited)]
        runs = iter(range(10**6))

        def empty_cold() -> None:
            shutil.rmtree(cold_dir, ignore_errors=True)

        def edit() -> None:  # a new sentence each run: the draft cache never has it
            edited.write_text(
                original + f"\nThe desk updated this story {next(runs)} times.\n", encoding="utf-8"
            )

        _time(warm)  # fills the warm cache (index and draft) and writes bytecode caches
        _time(edit_cmd, edit)
        if proselint:
            _time([proselint, "check", DRAFT])
            rows["proselint check"] = []
        else:
            print("proselint is not installed (pip install -e '.[bench]'); its row is skipped")
        # one run of each command in turn, so that a busy moment of the machine falls on all of them
        for _ in range(args.repeats):
            rows[names[0]].append(_time(cold, empty_cold))
            rows[names[1]].append(_time(edit_cmd, edit))
            rows[names[2]].append(_time(warm))
            if proselint:
                rows["proselint check"].append(_time([proselint, "check", DRAFT]))

    print(
        f"draft: examples/{DRAFT} (3 sources); {args.repeats} runs each in a fresh process; bytecode caches on"
    )
    base = statistics.median(rows["proselint check"]) if proselint else None
    print(f"{'command':<30} {'min s':>7} {'median s':>9} {'max s':>7} {'x proselint':>12}")
    for name, times in rows.items():
        med = statistics.median(times)
        ratio = f"{med / base:.2f}" if base else "-"
        print(f"{name:<30} {min(times):>7.3f} {med:>9.3f} {max(times):>7.3f} {ratio:>12}")


if __name__ == "__main__":
    main()
