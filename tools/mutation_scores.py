"""The mutation score per module, read from mutmut's results (mutants/**/*.py.meta).

    python tools/mutation_scores.py [--survivors] [--mutants DIR]
    python tools/mutation_scores.py --not-killed scratch/losses.py [...]   # names, one a line

One row per mutated module: mutants, killed, survived, timeout, no tests (no test of the
selection calls the function), not checked (the run stopped before them), other, and the score
killed / (mutants - not checked), timeouts counted as killed as mutmut counts them. --survivors
lists each surviving mutant's name (`mutmut show NAME` prints its diff). --not-killed MODULE...
prints the names of the given modules' mutants that survived, had no test or were not checked:
the ones to re-run (by name) after adding tests, since mutmut keeps a cached verdict until the
function's own source changes. Reads only; NumPy-free.
"""

import argparse
import json
import sys
import time
from pathlib import Path

# mutmut 3's exit codes (mutmut/stats.py): the worker's pytest exit status or its own markers.
KILLED = {1, 3}
SURVIVED = {0}
TIMEOUT = {36, 24, -24, 152, 255}
NO_TESTS = {5, 33}
COLUMNS = ("mutants", "killed", "survived", "timeout", "no tests", "not checked", "other")


def classify(code):
    if code is None:
        return "not checked"
    for name, codes in (("killed", KILLED), ("survived", SURVIVED), ("timeout", TIMEOUT),
                        ("no tests", NO_TESTS)):
        if code in codes:
            return name
    return "other"


def _read_meta(meta, tries=5):
    """mutmut rewrites a module's .meta file after every mutant, not atomically: a reader during a
    run may find it empty or half-written, so read again after a moment."""
    for attempt in range(tries):
        try:
            return json.loads(meta.read_text())
        except json.JSONDecodeError:
            if attempt == tries - 1:
                raise
            time.sleep(0.2)


def read_results(mutants_dir):
    """{module path: {mutant name: status}} for every .meta file under mutants_dir."""
    results = {}
    for meta in sorted(Path(mutants_dir).rglob("*.py.meta")):
        module = meta.relative_to(mutants_dir).as_posix()[: -len(".meta")]
        codes = _read_meta(meta)["exit_code_by_key"]
        results[module] = {name: classify(code) for name, code in codes.items()}
    return results


def score_rows(results):
    rows = []
    for module, statuses in results.items():
        counts = {c: 0 for c in COLUMNS}
        counts["mutants"] = len(statuses)
        for status in statuses.values():
            counts[status] += 1
        ran = counts["mutants"] - counts["not checked"]
        counts["score"] = (counts["killed"] + counts["timeout"]) / ran if ran else float("nan")
        rows.append((module, counts))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", default="mutants", help="mutmut's folder (default: mutants)")
    parser.add_argument("--survivors", action="store_true", help="list the surviving mutants")
    parser.add_argument("--not-killed", nargs="+", metavar="MODULE",
                        help="print these modules' mutants not killed yet (to re-run by name)")
    args = parser.parse_args(argv)
    results = read_results(args.mutants)
    if not results:
        print(f"no mutmut results under {args.mutants}/: run `tox -e mutation` first", file=sys.stderr)
        return 2
    if args.not_killed:
        for module in args.not_killed:
            for name, status in results.get(module, {}).items():
                if status not in ("killed", "timeout"):
                    print(name)
        return 0
    rows = score_rows(results)
    width = max(len(m) for m, _ in rows)
    print(f"{'module':<{width}}  " + "  ".join(f"{c:>11}" for c in COLUMNS) + "  score")
    totals = {c: 0 for c in COLUMNS}
    for module, counts in rows:
        print(f"{module:<{width}}  " + "  ".join(f"{counts[c]:>11}" for c in COLUMNS)
              + f"  {counts['score']:6.1%}")
        for c in COLUMNS:
            totals[c] += counts[c]
    ran = totals["mutants"] - totals["not checked"]
    total_score = (totals["killed"] + totals["timeout"]) / ran if ran else float("nan")
    print(f"{'total':<{width}}  " + "  ".join(f"{totals[c]:>11}" for c in COLUMNS) + f"  {total_score:6.1%}")
    if args.survivors:
        for module, statuses in results.items():
            names = sorted(n for n, s in statuses.items() if s == "survived")
            if names:
                print(f"\n{module}: {len(names)} surviving")
                print("\n".join(f"  {n}" for n in names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
