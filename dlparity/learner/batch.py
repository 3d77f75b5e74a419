"""Batch mode: many submissions, each checked on its own.

A submission is one independent task — a file and a module in, rows out — run as its own
`dl-parity check FILE --as MODULE --json` process (which itself calls the learner's functions in
worker processes). A local thread pool runs `jobs` of them at once; one broken submission never
affects another's verdicts. The same task could be handed to a distributed engine (Ray, Dask)
unchanged: `check_one` is a plain function of (path, module, options) returning plain data.
"""

import csv
import io
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from conventions import atomic

SUFFIXES = (".py", ".ipynb")
SUMMARY_FIELDS = ("file", "function", "status", "edition", "leaf", "max_rel", "tolerance", "cause")


def submissions(paths):
    """The .py and .ipynb files named or found (recursively) in folders, sorted; hidden folders,
    __pycache__ and notebook checkpoints are left out."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                parts = file.relative_to(path).parts
                if (file.suffix in SUFFIXES and file.is_file() and not any(
                        p.startswith(".") or p == "__pycache__" for p in parts)):
                    found.append(file)
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def check_one(path, module, options=()):
    """The JSON result of `dl-parity check path --as module --json [options]` run as its own
    process: {"file", "module", "status", "rows", "notes"} or, when the file could not be
    checked, {"file", "status": "UNREADABLE", "error"}."""
    command = [sys.executable, "-m", "dlparity.cli", "check", str(path), "--as", module, "--json",
               *options]
    completed = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                               env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    try:
        result = json.loads(completed.stdout)
    except json.JSONDecodeError:
        lines = (completed.stderr or completed.stdout).strip().splitlines()
        result = {"file": str(path), "module": module, "status": "UNREADABLE",
                  "error": lines[-1] if lines else f"exit status {completed.returncode}",
                  "rows": [], "notes": []}
    result["exit_status"] = completed.returncode
    return result


def check_batch(paths, module, options=(), jobs=None, progress=None):
    """[result of check_one] for every submission, in the order of `paths`; `jobs` at once
    (default: the number of cores). progress(done, total, path) after each one."""
    files = submissions(paths)
    jobs = jobs or os.cpu_count() or 1
    results = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(check_one, path, module, options): path for path in files}
        for done, future in enumerate(as_completed(futures), start=1):
            results[futures[future]] = future.result()
            if progress is not None:
                progress(done, len(files), futures[future])
    return [results[path] for path in files]


def summary_rows(results):
    """One dict per submission and function (one per unreadable submission)."""
    rows = []
    for result in results:
        if result["status"] == "UNREADABLE":
            rows.append({"file": result["file"], "function": "", "status": "UNREADABLE",
                         "cause": result.get("error", "")})
            continue
        for row in result["rows"]:
            rows.append({"file": result["file"], **{k: row.get(k) for k in SUMMARY_FIELDS[1:]}})
    return rows


def write_summary(results, path):
    """Write the summary atomically: CSV for a .csv path, else the JSON form."""
    path = Path(path)
    if path.suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=SUMMARY_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for row in summary_rows(results):
            writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in SUMMARY_FIELDS})
        text = buffer.getvalue()
    else:
        text = json.dumps({"submissions": results}, indent=1)
    atomic.write_text(path, text)


def batch_status(results):
    """0 when every submission passed, 2 when one could not be checked at all, else 1."""
    if any(r["status"] == "UNREADABLE" for r in results):
        return 2
    return 1 if any(r["status"] != "PASS" for r in results) else 0
