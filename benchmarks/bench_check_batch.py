"""Wall time of `dl-parity check FOLDER --as logistic` on a folder of N learner-style submissions,
at --jobs 1 and at the default (the number of cores), side by side in one run.

    python benchmarks/bench_check_batch.py [N]     (default 20)

The submissions are copies of learner_tests/fixtures/logistic_export.py, every fourth one with a
missing 1/m in propagate, every seventh one with a propagate that ends its process.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "learner_tests" / "fixtures" / "logistic_export.py"


def make_submissions(folder, n):
    source = FIXTURE.read_text()
    for k in range(n):
        text = source
        if k % 4 == 3:
            text = text.replace("dw = np.dot(X, (A - Y).T) / m", "dw = np.dot(X, (A - Y).T)")
        if k % 7 == 6:
            text = text.replace("def propagate(w, b, X, Y):\n",
                                "def propagate(w, b, X, Y):\n    import os\n    os._exit(0)\n")
        (folder / f"student_{k:03d}.py").write_text(text)


def wall_time(folder, jobs):
    command = [sys.executable, "-m", "dlparity.cli", "check", str(folder), "--as", "logistic",
               "--json"] + (["--jobs", str(jobs)] if jobs else [])
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False, cwd=ROOT)
    return time.perf_counter() - start


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    folder = Path(tempfile.mkdtemp(prefix="dlparity-batch-"))
    try:
        make_submissions(folder, n)
        one = wall_time(folder, 1)
        default = wall_time(folder, None)
    finally:
        shutil.rmtree(folder)
    print(f"{n} submissions, logistic assignment, {os.cpu_count()} cores")
    print(f"  --jobs 1        {one:7.1f} s   ({one / n:.2f} s per submission)")
    print(f"  default jobs    {default:7.1f} s   ({one / default:.2f}x faster)")


if __name__ == "__main__":
    main()
