"""`dl-parity check`: a learner's file (or a folder of submissions) against the course's math.

    dl-parity check FILE --as MODULE [--json] [--only NAME[,NAME]] [--extended]
                    [--dtype float64|float32] [--timeout S] [--memory MB]
    dl-parity check PATH... --as MODULE [--jobs N] [--summary results.csv|results.json]

Exit status: 0 every checked function passed; 1 a function failed or errored; 2 the file could
not be checked (one line on stderr names the file, the line and the reason).
"""

import argparse
import json
import sys

from conventions.vocabulary import COURSE_MODULES
from dlparity.learner.worker import Limits


def _positive(kind, name):
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name}: expected a positive number, got {text!r}") \
                from None
        if not value > 0 or value != value or value == float("inf"):
            raise argparse.ArgumentTypeError(f"{name}: expected a positive number, got {text!r}")
        return value
    return parse


def add_parser(subparsers):
    check = subparsers.add_parser(
        "check", help="check your own NumPy implementation of a course assignment",
        description=(
            "Load the functions of your .py file or .ipynb notebook as you wrote them (top-level "
            "cells that load data, train or plot are not run), call each function the "
            "assignment asks for with the course's own signatures, and compare with the "
            "course's math: PASS / FAIL / ERROR / SKIP per function, where and by how much, "
            "and the likely cause. Your functions run in separate worker processes with a "
            "time and memory limit; several files or a folder are checked in parallel."),
        epilog="Exit status: 0 all checked functions pass, 1 some FAIL or ERROR, 2 a file could "
               "not be checked.")
    check.add_argument("files", nargs="+", metavar="FILE",
                       help="your .py or .ipynb file; several files or folders for a batch")
    check.add_argument("--as", dest="module", required=True, choices=COURSE_MODULES,
                       help="which assignment the file implements")
    check.add_argument("--json", action="store_true",
                       help="print one JSON document (your code's own output never enters it)")
    check.add_argument("--only", metavar="NAME[,NAME]",
                       help="check just these functions")
    check.add_argument("--extended", action="store_true",
                       help="also what the course does not ask for (tanh and leaky ReLU layers, "
                            "softmax)")
    check.add_argument("--dtype", choices=("float64", "float32"), default="float64",
                       help="the inputs' dtype (default float64, as the course)")
    check.add_argument("--timeout", type=_positive(float, "--timeout"), default=Limits.timeout,
                       metavar="SECONDS", help=f"time limit per call (default {Limits.timeout:g}; "
                       "training functions get 4 times as much)")
    check.add_argument("--memory", type=_positive(int, "--memory"), default=Limits.memory_mb,
                       metavar="MB", help=f"memory limit of the worker (default {Limits.memory_mb})")
    check.add_argument("--jobs", type=_positive(int, "--jobs"), metavar="N",
                       help="batch: submissions checked at once (default: the number of cores)")
    check.add_argument("--summary", metavar="FILE",
                       help="batch: write one line per submission and function (.csv, or .json)")
    check.set_defaults(run=run)
    return check


# Course modules whose assignment table is empty, and why.
NO_ASSIGNMENT = {
    "tuning": "hyperparameter search is taught in the lectures, without a graded notebook",
    "tf_tutorial": "the TensorFlow tutorial's functions are TensorFlow code, run by the course's "
                   "own notebook; the NumPy twin of every one is scratch.tf_tutorial",
}


def _options(args):
    options = ["--dtype", args.dtype, "--timeout", str(args.timeout), "--memory", str(args.memory)]
    if args.only:
        options += ["--only", args.only]
    if args.extended:
        options.append("--extended")
    return options


def run(args):
    from dlparity.learner import batch
    from dlparity.learner.assignments import MODULES
    from dlparity.learner.checking import check_file, format_result
    from dlparity.learner.loading import LearnerFileError

    if not MODULES[args.module]:
        print(f"dl-parity check: the course has no NumPy assignment for {args.module!r} "
              f"({NO_ASSIGNMENT.get(args.module, 'nothing to check')}); its parity is in "
              f"`dl-parity report`", file=sys.stderr)
        return 2
    files = batch.submissions(args.files)
    if len(files) != 1 or args.summary or files[0].is_dir():
        return _run_batch(args, batch)
    only = [n.strip() for n in args.only.split(",") if n.strip()] if args.only else None
    try:
        result = check_file(files[0], args.module, dtype=args.dtype, only=only,
                            extended=args.extended, limits=Limits(args.timeout, args.memory))
    except LearnerFileError as error:
        if args.json:
            print(json.dumps({"file": str(files[0]), "module": args.module,
                              "status": "UNREADABLE", "error": str(error), "rows": [],
                              "notes": []}))
        print(f"dl-parity check: {error}", file=sys.stderr)
        return 2
    except ValueError as error:             # --only naming no function of the assignment
        print(f"dl-parity check: error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.as_dict()))
    else:
        print(format_result(result))
    return result.status


def _run_batch(args, batch):
    files = batch.submissions(args.files)
    if not files:
        print("dl-parity check: no .py or .ipynb file in " + ", ".join(args.files), file=sys.stderr)
        return 2
    show = sys.stderr.isatty()

    def progress(done, total, path):
        if show:
            width = 30
            bar = "#" * (width * done // total)
            print(f"\r\033[K  [{bar:<{width}}] {done}/{total} {path.name}", end="",
                  file=sys.stderr, flush=True)

    results = batch.check_batch(files, args.module, _options(args), jobs=args.jobs,
                                progress=progress)
    if show:
        print("\r\033[K", end="", file=sys.stderr)
    if args.summary:
        batch.write_summary(results, args.summary)
    if args.json:
        print(json.dumps({"submissions": results}))
    else:
        for result in results:
            counts = {}
            for row in result.get("rows", []):
                counts[row["status"]] = counts.get(row["status"], 0) + 1
            said = ", ".join(f"{n} {s}" for s, n in counts.items())
            verdict = result["status"]
            print(f"{verdict:<10} {result['file']}  {said or result.get('error', '')}")
        if args.summary:
            print(f"summary: {args.summary}")
    return batch.batch_status(results)
