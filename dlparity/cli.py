"""The `dl-parity` command.

    dl-parity report [--json] [--full] [--mutants] [--dtype float64|float32] [--jobs N]
    dl-parity train {logistic,shallow,deep} --impl {scratch,tf,keras,both} ...
    dl-parity check FILE --as MODULE   your own NumPy file or notebook against the course's math
    dl-parity make-data DIR [--set cat|signs]   write a built-in synthetic set in the course's format
    dl-parity tune [--trials N] [--rounds R] [--plot FILE]   random search, coarse to fine
"""

import argparse
import os
import sys

# One BLAS thread unless the user says otherwise (set before NumPy is imported). The course's
# first layer, W1 (n_1, 12288) @ X (12288, m), has a small result and a long sum: OpenBLAS's
# threads each pack all of X, and on 2 cores shared with TensorFlow's thread pools that product
# took 65-150 ms of CPU instead of 5.6 ms single-threaded; the full report spent 86 % of its time
# there (same results: the threads split the result, not the sums).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")   # keep TensorFlow's start-up chatter quiet

from dlparity import tuning_command  # noqa: E402  (after the environment)
from dlparity.learner import command as check_command  # noqa: E402
from dlparity.training import options  # noqa: E402


def _report_progress(full):
    """progress(done, total, label) on stderr when it is a terminal (silent otherwise); with the
    long trajectories, an estimate of the time left from the cases so far."""
    if not sys.stderr.isatty():
        return None
    import time
    start = time.perf_counter()

    def progress(done, total, label):
        elapsed = time.perf_counter() - start
        left = f", about {elapsed / done * (total - done):.0f} s left" if full and done else ""
        print(f"\r\033[K  [{done + 1}/{total}{left}] {label}", end="", file=sys.stderr,
              flush=True)
    return progress


def _report(args):
    from dlparity.learner.referees import tf_installed

    if not tf_installed():
        return _report_without_tf(args)
    from dlparity.report import default_jobs, print_table, run_report, to_json, verdict

    progress = None if args.json else _report_progress(args.full)
    jobs = args.jobs if args.jobs is not None else default_jobs()
    rows = run_report(full=args.full, dtypes=args.dtype, mutants=args.mutants, progress=progress,
                      jobs=jobs)
    if progress:
        print("\r\033[K", end="", file=sys.stderr)
    if args.json:
        print(to_json(rows))
    else:
        print_table(rows)
    return 1 if any(verdict(r) == "FAIL" for r in rows) else 0


def _report_without_tf(args):
    """The wrong variants against scratch alone, and one line saying what was not run."""
    from dlparity.report import planned, to_json, verdict
    from dlparity.scratch_only import NOT_RUN, print_scratch_only, run_scratch_only

    print(NOT_RUN, file=sys.stderr)
    progress = None if args.json else _report_progress(args.full)
    rows = run_scratch_only(planned(args.full, args.dtype), progress)
    if progress:
        print("\r\033[K", end="", file=sys.stderr)
    if args.json:
        print(to_json(rows, tensorflow=False))
    else:
        print_scratch_only(rows, sys.stdout)
    return 1 if any(verdict(r) == "FAIL" for r in rows) else 0


def _make_data(args):
    from conventions.datasets import write_synthetic_cat_files
    from conventions.signs_datasets import write_synthetic_signs_files

    write = write_synthetic_signs_files if args.set == "signs" else write_synthetic_cat_files
    for path in write(args.directory, seed=args.seed):
        print(path)
    return 0


def build_parser():
    parser = argparse.ArgumentParser(prog="dl-parity", description=(
        "NumPy-from-scratch and TensorFlow/Keras twins of the course's components, and the "
        "checks that they agree."))
    sub = parser.add_subparsers(dest="command", required=True)

    report = sub.add_parser(
        "report", help="show every component's parity on built-in data (seconds)",
        description=(
            "Run every parity case on built-in data: the NumPy twin and the TensorFlow twin get "
            "identical inputs and weights, and each row shows the worst leaf's difference "
            "against its tolerance. Example: dl-parity report --mutants"),
        epilog="Exit status: 0 all PASS (and every wrong variant caught), 1 otherwise. Without "
               "TensorFlow one line says so and what to install, and the wrong variants are "
               "run against scratch alone (exit 0 when every one is caught).")
    report.add_argument("--json", action="store_true",
                        help='print {"rows": [...]} as JSON instead of the table '
                             "(example: dl-parity report --json > rows.json)")
    report.add_argument("--full", action="store_true",
                        help="also the long training trajectories (minutes; shows progress and "
                             "an estimate)")
    report.add_argument("--fast", action="store_true",
                        help="the quick cases only: the default (kept for scripts)")
    report.add_argument("--mutants", action="store_true",
                        help="also run each deliberately wrong scratch variant and show it is caught")
    report.add_argument("--dtype", action="append", choices=["float64", "float32"],
                        help="only this dtype (repeatable; example: --dtype float64)")
    report.add_argument("--jobs", type=options.positive_int, metavar="N",
                        help="worker processes sharing out the cases (default: the machine's "
                             "cores, at most 4; 1: all in this process); the rows are the same")
    report.set_defaults(run=_report)

    options.add_parser(sub)

    check_command.add_parser(sub)

    make_data = sub.add_parser(
        "make-data", help="write a built-in synthetic set (cat or SIGNS) as course-format HDF5 files",
        description=("Write train_catvnoncat.h5 and test_catvnoncat.h5 in the course's format "
                     "(209 + 50 images, 64x64x3 uint8) from the built-in generator, or with "
                     "--set signs train_signs.h5 and test_signs.h5 (1080 + 120 images of six "
                     "classes, hand-like shapes showing 0 ... 5 fingers). "
                     "Example: dl-parity make-data data/ --set signs"))
    make_data.add_argument("directory", help="an existing folder to write the two files into")
    make_data.add_argument("--set", choices=("cat", "signs"), default="cat",
                           help="which set: the cat/non-cat images (default) or SIGNS")
    make_data.add_argument("--seed", type=options.seed, default=0, metavar="N",
                           help=f"seed of the synthetic images, 0 .. {options.SEED_MAX}")
    make_data.set_defaults(run=_make_data)

    tuning_command.add_parser(sub)

    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
