"""The `dl-parity` command.

    dl-parity report [--json] [--fast] [--mutants] [--dtype float64|float32]
    dl-parity train {logistic,shallow,deep} --impl {scratch,tf,keras,both} ...
    dl-parity check FILE --as MODULE   your own NumPy file or notebook against the course's math
    dl-parity make-data DIR        write the built-in synthetic cat set in the course's format
"""

import argparse
import os
import sys

from dlparity.learner import command as check_command
from dlparity.training import options

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")   # keep TensorFlow's start-up chatter quiet


def _report(args):
    from dlparity.report import print_table, run_report, to_json, verdict

    progress = None
    if not args.json and sys.stderr.isatty():
        def progress(label):
            print(f"\r\033[K  running {label}", end="", file=sys.stderr, flush=True)
    rows = run_report(include_slow=not args.fast, dtypes=args.dtype, mutants=args.mutants,
                      progress=progress)
    if progress:
        print("\r\033[K", end="", file=sys.stderr)
    if args.json:
        print(to_json(rows))
    else:
        print_table(rows)
    return 1 if any(verdict(r) == "FAIL" for r in rows) else 0


def _make_data(args):
    from conventions.datasets import write_synthetic_cat_files

    for path in write_synthetic_cat_files(args.directory, seed=args.seed):
        print(path)
    return 0


def build_parser():
    parser = argparse.ArgumentParser(prog="dl-parity", description=(
        "NumPy-from-scratch and TensorFlow/Keras twins of the course's components, and the "
        "checks that they agree."))
    sub = parser.add_subparsers(dest="command", required=True)

    report = sub.add_parser("report", help="run every parity check on built-in data and print a table")
    report.add_argument("--json", action="store_true", help="print {\"rows\": [...]} as JSON")
    report.add_argument("--fast", action="store_true", help="skip the long trajectories")
    report.add_argument("--mutants", action="store_true",
                        help="also run each deliberately wrong scratch variant and show it is caught")
    report.add_argument("--dtype", action="append", choices=["float64", "float32"],
                        help="only this dtype (repeatable)")
    report.set_defaults(run=_report)

    options.add_parser(sub)

    check_command.add_parser(sub)

    make_data = sub.add_parser("make-data", help="write the synthetic cat set as course-format HDF5")
    make_data.add_argument("directory")
    make_data.add_argument("--seed", type=options.seed, default=0, metavar="N",
                           help=f"seed of the synthetic images, 0 .. {options.SEED_MAX}")
    make_data.set_defaults(run=_make_data)

    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
