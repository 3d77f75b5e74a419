"""`check_file`: one verdict per function of the assignment, for a learner's file.

For each Task of `assignments.MODULES[module]` (the extended ones only with extended=True, or only
the names in `only`):
- SKIP when the file does not define the function;
- the editions whose parameter list fits the learner's function are run, each in a fresh worker
  process (`worker.call_in_worker`) on inputs built here by the reference, with np.random seeded
  as that edition's notebook seeds it; the first edition that passes gives PASS, otherwise the
  first that ran gives FAIL with its worst leaf, by how much, the tolerance and the probable cause;
- an exception inside the learner's function is a FAIL naming the exception and the line of the
  file; a call that does not return in time, ends or crashes the worker or runs out of memory is
  an ERROR with the cause in words. Either way every other function is still checked.
The reference values, the inputs and the comparison never leave this process. What the learner's
code prints is kept (a bounded tail) with its row, never on this process's stdout.

Exit status of the command: 0 only when every checked function passes, 1 a FAIL or an ERROR,
2 the file could not be loaded (`loading.LearnerFileError`).
"""

import copy
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from dlparity import tolerances
from dlparity.learner import assignments, verdicts
from dlparity.learner.loading import LearnerFileError
from dlparity.learner.worker import TRAJECTORY_FACTOR, Limits, Unsupported, call_in_worker

STATUSES = ("PASS", "FAIL", "ERROR", "SKIP")


@dataclass
class FunctionRow:
    function: str
    status: str                  # one of STATUSES
    edition: str = ""
    leaf: str = ""
    max_abs: float | None = None
    max_rel: float | None = None
    tolerance: float | None = None
    cause: str = ""
    notes: list = field(default_factory=list)
    output: str = ""             # the tail of what the learner's function printed

    def as_dict(self):
        d = asdict(self)
        for key in ("max_abs", "max_rel", "tolerance"):       # JSON has no NaN / inf
            if d[key] is not None and not np.isfinite(d[key]):
                d[key] = None
        return d


@dataclass
class CheckResult:
    file: str
    module: str
    dtype: str
    rows: list
    notes: list

    @property
    def status(self):
        return 1 if any(r.status in ("FAIL", "ERROR") for r in self.rows) else 0

    def as_dict(self):
        return {"file": self.file, "module": self.module, "dtype": self.dtype,
                "status": "FAIL" if self.status else "PASS", "notes": self.notes,
                "rows": [r.as_dict() for r in self.rows]}


def _function_name(task):
    return task.name.split("[")[0]


def _fitting_editions(task, required):
    """Indices of the editions whose course signature has as many required arguments as the
    learner's function (all of them when that is unknown or none fits)."""
    indices = list(range(len(task.editions)))
    if required is None:
        return indices
    fits = [k for k in indices if len(task.editions[k].params) == len(required)]
    return fits or [k for k in indices if len(task.editions[k].params) >= len(required)] or indices


def _tolerance(task, inputs, dtype):
    if task.kind == "exact":
        return 0.0
    return tolerances.tolerance(dtype, task.kind, n=task.reduction(inputs), steps=task.steps)


def _m(inputs):
    Y = inputs.get("Y")
    return int(Y.shape[1]) if isinstance(Y, np.ndarray) and Y.ndim == 2 else None


def _unsupported(named):
    for value in verdicts.flatten(named):
        if isinstance(value[1], Unsupported):
            return value
    return None


def run_edition(path, module, task_index, edition_index, dtype, limits):
    """FunctionRow for one edition of a task, the learner's call made in a worker."""
    task = assignments.MODULES[module][task_index]
    edition = task.editions[edition_index]
    inputs = task.inputs(dtype)
    tolerance = _tolerance(task, inputs, dtype)
    row = FunctionRow(task.name, "FAIL", edition.label, tolerance=tolerance)
    if edition.seed is not None:
        np.random.seed(edition.seed)
    with np.errstate(all="ignore"):
        expected = edition.named(edition.reference(copy.deepcopy(inputs)))
    timeout = limits.timeout * (TRAJECTORY_FACTOR if task.kind == "trajectory" else 1)
    outcome = call_in_worker(path, module, task_index, edition_index, inputs, edition.seed,
                             limits, timeout)
    row.output = outcome.output
    if outcome.kind != "result":
        row.status = "ERROR" if outcome.kind == "error" else "FAIL"
        row.cause = outcome.cause
        return row
    try:
        mine = edition.named(outcome.value)
    except Exception:
        row.cause = (f"returned {_shape_of(outcome.value)}; the course's {_function_name(task)} "
                     f"returns {_describe(expected)}")
        return row
    bad = _unsupported(mine)
    if bad is not None:
        row.leaf, row.cause = bad[0], f"{bad[0]} is {bad[1].type_name}, not a number or array"
        return row
    passed, worst, notes = verdicts.compare(mine, expected, tolerance, _m(inputs))
    row.status = "PASS" if passed else "FAIL"
    row.leaf, row.max_abs, row.max_rel, row.cause = worst.name, worst.max_abs, worst.max_rel, \
        worst.cause
    row.notes = notes
    return row


def _shape_of(value):
    if isinstance(value, tuple):
        return f"a tuple of {len(value)}"
    if isinstance(value, dict):
        return "a dict with keys " + ", ".join(value)
    return type(value).__name__


def _describe(named):
    return "(" + ", ".join(named) + ")" if len(named) > 1 else next(iter(named), "a value")


def check_task(path, module, task_index, signatures, dtype, limits):
    task = assignments.MODULES[module][task_index]
    name = _function_name(task)
    if name not in signatures:
        return FunctionRow(task.name, "SKIP", cause="not defined in your file")
    rows = [run_edition(path, module, task_index, k, dtype, limits)
            for k in _fitting_editions(task, signatures[name])]
    best = next((r for r in rows if r.status == "PASS"), rows[0])
    if len(task.editions) == 1:
        best.edition = task.editions[0].label
    return best


def selected_tasks(module_name, only=None, extended=False):
    """Indices of the tasks to check: `only` names (function or task names), else the
    assignment's own (the extended ones too with extended=True)."""
    tasks = assignments.MODULES[module_name]
    if only:
        wanted = set(only)
        unknown = wanted - {_function_name(t) for t in tasks} - {t.name for t in tasks}
        if unknown:
            known = ", ".join(dict.fromkeys(_function_name(t) for t in tasks))
            raise ValueError(f"--only: {', '.join(sorted(unknown))} not in the {module_name} "
                             f"assignment ({known})")
        return [k for k, t in enumerate(tasks) if t.name in wanted or _function_name(t) in wanted]
    return [k for k, t in enumerate(tasks) if extended or not t.extended]


def load_in_worker(path, limits):
    """(notes, {function name: required parameters}) of the learner's file, read in a worker.

    Raises LearnerFileError when the file cannot be loaded or its loading misbehaves."""
    outcome = call_in_worker(path, None, None, None, None, None, limits)
    if outcome.kind == "loaded":
        return outcome.value["notes"], outcome.value["signatures"]
    if outcome.kind == "unreadable":
        raise LearnerFileError(outcome.cause)
    raise LearnerFileError(f"{path}: loading its definitions failed: {outcome.cause}")


def check_file(path, module_name, dtype="float64", only=None, extended=False, limits=None):
    """CheckResult for the learner's file `path` checked as the course module `module_name`.

    Raises loading.LearnerFileError when the file cannot be loaded at all.
    """
    path = Path(path)
    dtype = np.dtype(dtype)
    limits = limits or Limits()
    indices = selected_tasks(module_name, only, extended)
    if not path.is_file():
        kind = "a directory" if path.is_dir() else "no such file"
        raise LearnerFileError(f"{path}: {kind}, expected a .py file or an .ipynb notebook")
    state = np.random.get_state()
    absolute = path.resolve()
    try:
        notes, signatures = load_in_worker(absolute, limits)
        rows = [check_task(absolute, module_name, k, signatures, dtype, limits) for k in indices]
    finally:
        np.random.set_state(state)
    return CheckResult(str(path), module_name, dtype.name, rows, notes)


def format_result(result):
    """The terminal table: one line per function, its cause, notes and printed output, a summary."""
    lines = [f"{result.file} checked as the {result.module} assignment ({result.dtype}):"]
    width = max([len(r.function) for r in result.rows] + [8])
    pad = " " * (width + 4)
    for r in result.rows:
        if r.status == "SKIP":
            lines.append(f"  {r.function:<{width}}  SKIP   {r.cause}")
            continue
        line = f"  {r.function:<{width}}  {r.status:<5}"
        if r.leaf and r.max_rel is not None and np.isfinite(r.max_rel):
            line += f"  worst {r.leaf}: rel {_num(r.max_rel)} (tolerance {_num(r.tolerance)})"
        elif r.leaf:
            line += f"  at {r.leaf}"
        if r.edition:
            line += f"  [{r.edition}]"
        lines.append(line)
        if r.status in ("FAIL", "ERROR") and r.cause:
            lines.append(f"{pad}-> {r.cause}")
        lines += [f"{pad}note: {note}" for note in r.notes]
        if r.output and r.status in ("FAIL", "ERROR"):
            shown = r.output.rstrip().splitlines()[-5:]
            lines.append(f"{pad}your function printed (last lines):")
            lines += [f"{pad}  | {text[:200]}" for text in shown]
    lines += [f"note: {note}" for note in result.notes]
    counts = {s: sum(r.status == s for r in result.rows) for s in STATUSES}
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items() if n or s in ("PASS", "FAIL")))
    return "\n".join(lines)


def _num(x):
    return "-" if x is None else f"{x:.2g}"
