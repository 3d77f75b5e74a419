"""`check_file`: one verdict per function of the assignment, for a learner's file.

For each Task of `assignments.MODULES[module]` (the extended ones only with extended=True, or only
the names in `only`):
- SKIP when the file does not define the function;
- the editions whose parameter list fits the learner's function are run (each on fresh inputs
  built by the reference, with np.random seeded as that edition's notebook seeds it); the first
  edition that passes gives PASS, otherwise the first that ran gives FAIL with its worst leaf,
  by how much, the tolerance and the probable cause;
- an exception inside the learner's function is a FAIL naming the exception and the line of
  the file it came from.
Everything the learner's code prints goes to stderr (a `--json` report stays valid JSON), and
NumPy's global random state is restored afterwards.

Exit status of the command: 0 every checked function passes, 1 a FAIL, 2 the file could not be
loaded (`loading.LearnerFileError`).
"""

import contextlib
import copy
import inspect
import sys
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from dlparity import tolerances
from dlparity.learner import assignments, verdicts
from dlparity.learner.loading import import_context, load_definitions


@dataclass
class FunctionRow:
    function: str
    status: str                  # PASS | FAIL | SKIP
    edition: str = ""
    leaf: str = ""
    max_abs: float | None = None
    max_rel: float | None = None
    tolerance: float | None = None
    cause: str = ""
    notes: list = field(default_factory=list)

    def as_dict(self):
        return asdict(self)


@dataclass
class CheckResult:
    file: str
    module: str
    dtype: str
    rows: list
    notes: list

    @property
    def status(self):
        return 1 if any(r.status == "FAIL" for r in self.rows) else 0

    def as_dict(self):
        return {"file": self.file, "module": self.module, "dtype": self.dtype,
                "status": "FAIL" if self.status else "PASS", "notes": self.notes,
                "rows": [r.as_dict() for r in self.rows]}


def _function_name(task):
    return task.name.split("[")[0]


def _required_params(function):
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return None
    return [p.name for p in parameters
            if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def _fitting_editions(task, function):
    """The editions whose course signature has as many required arguments as the learner's."""
    required = _required_params(function)
    if required is None:
        return list(task.editions)
    fits = [e for e in task.editions if len(e.params) == len(required)]
    return fits or [e for e in task.editions if len(e.params) >= len(required)] or \
        list(task.editions)


def _tolerance(task, inputs, dtype):
    if task.kind == "exact":
        return 0.0
    return tolerances.tolerance(dtype, task.kind, n=task.reduction(inputs), steps=task.steps)


def _m(inputs):
    Y = inputs.get("Y")
    return int(Y.shape[1]) if isinstance(Y, np.ndarray) and Y.ndim == 2 else None


def _where(error, path):
    """' (your file, line N)' for the innermost frame of the learner's file, if any."""
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if Path(f.filename).resolve() == path.resolve()]
    return f" (your file, line {frames[-1].lineno})" if frames else ""


def _seeded(seed):
    if seed is not None:
        np.random.seed(seed)


def run_edition(task, edition, function, dtype, path):
    """FunctionRow for one edition of `task` on the learner's `function`."""
    inputs = task.inputs(dtype)
    tolerance = _tolerance(task, inputs, dtype)
    row = FunctionRow(_function_name(task) if task.name == _function_name(task) else task.name,
                      "FAIL", edition.label, tolerance=tolerance)
    _seeded(edition.seed)
    with np.errstate(all="ignore"):
        expected = edition.named(edition.reference(copy.deepcopy(inputs)))
    _seeded(edition.seed)
    try:
        with contextlib.redirect_stdout(sys.stderr), np.errstate(all="ignore"):
            result = edition.call(function, copy.deepcopy(inputs))
    except Exception as error:
        row.cause = f"raised {type(error).__name__}: {error}{_where(error, path)}"
        return row
    try:
        mine = edition.named(result)
    except Exception:
        row.cause = (f"returned {type(result).__name__}; the course's {_function_name(task)} "
                     f"returns {_describe(expected)}")
        return row
    passed, worst, notes = verdicts.compare(mine, expected, tolerance, _m(inputs))
    row.status = "PASS" if passed else "FAIL"
    row.leaf, row.max_abs, row.max_rel, row.cause = worst.name, worst.max_abs, worst.max_rel, \
        worst.cause
    row.notes = notes
    return row


def _describe(named):
    return "(" + ", ".join(named) + ")" if len(named) > 1 else next(iter(named), "a value")


def check_task(task, module, dtype, path):
    function = getattr(module, _function_name(task), None)
    name = task.name
    if function is None or not callable(function):
        return FunctionRow(name, "SKIP", cause="not defined in your file")
    rows = [run_edition(task, e, function, dtype, path) for e in _fitting_editions(task, function)]
    best = next((r for r in rows if r.status == "PASS"), rows[0])
    best.function = name
    if len(task.editions) == 1:
        best.edition = task.editions[0].label
    return best


def check_file(path, module_name, dtype="float64", only=None, extended=False):
    """CheckResult for the learner's file `path` checked as the course module `module_name`.

    Raises loading.LearnerFileError when the file cannot be loaded at all.
    """
    path = Path(path)
    dtype = np.dtype(dtype)
    tasks = assignments.MODULES[module_name]
    if only:
        wanted = set(only)
        unknown = wanted - {_function_name(t) for t in tasks} - {t.name for t in tasks}
        if unknown:
            known = ", ".join(dict.fromkeys(_function_name(t) for t in tasks))
            raise ValueError(f"--only: {', '.join(sorted(unknown))} not in the {module_name} "
                             f"assignment ({known})")
        tasks = [t for t in tasks if t.name in wanted or _function_name(t) in wanted]
    elif not extended:
        tasks = [t for t in tasks if not t.extended]
    state = np.random.get_state()
    try:
        loaded = load_definitions(path)
        with import_context(path.resolve().parent):
            rows = [check_task(task, loaded.module, dtype, path) for task in tasks]
    finally:
        np.random.set_state(state)
    return CheckResult(str(path), module_name, dtype.name, rows, loaded.notes)


def format_result(result):
    """The terminal table: one line per function, then the notes."""
    lines = [f"{result.file} checked as the {result.module} assignment ({result.dtype}):"]
    width = max([len(r.function) for r in result.rows] + [8])
    for r in result.rows:
        if r.status == "SKIP":
            lines.append(f"  {r.function:<{width}}  SKIP  {r.cause}")
            continue
        size = ("" if r.max_rel is None or r.status != "PASS" and not r.leaf
                else f"  worst {r.leaf or '-'}: rel {_num(r.max_rel)} (tolerance {_num(r.tolerance)})")
        line = f"  {r.function:<{width}}  {r.status}{size}"
        if r.edition:
            line += f"  [{r.edition}]"
        lines.append(line)
        if r.status == "FAIL" and r.cause:
            lines.append(f"  {'':<{width}}  -> {r.cause}")
        for note in r.notes:
            lines.append(f"  {'':<{width}}  note: {note}")
    for note in result.notes:
        lines.append(f"note: {note}")
    passed = sum(r.status == "PASS" for r in result.rows)
    failed = sum(r.status == "FAIL" for r in result.rows)
    skipped = sum(r.status == "SKIP" for r in result.rows)
    lines.append(f"{passed} PASS, {failed} FAIL, {skipped} SKIP")
    return "\n".join(lines)


def _num(x):
    return "-" if x is None else f"{x:.2g}"
