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
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np

from dlparity import tolerances
from dlparity.learner import assignments, referees, verdicts
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
    # {"scratch": status, "tf": status of the learner against the TF twin, "agree": whether the
    #  two referees agree, "max_rel": their difference, "disagreement": in words} (see referees)
    referees: dict = field(default_factory=dict)
    # (task index, edition index, inputs, the learner's named result or None, scratch's named
    # result): what the second referee needs; never leaves this process
    evidence: tuple | None = field(default=None, repr=False, compare=False)

    def as_dict(self):
        d = {f.name: copy.copy(getattr(self, f.name)) for f in fields(self) if f.name != "evidence"}
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
    referees: tuple = ("scratch",)
    referee_note: str = ""

    @property
    def disagreements(self):
        """The rows on which the two referees disagree (a dl-parity bug, not the learner's)."""
        return [r for r in self.rows if r.referees.get("agree") is False]

    @property
    def status(self):
        return 1 if any(r.status in ("FAIL", "ERROR") for r in self.rows) else 0

    def as_dict(self):
        return {"file": self.file, "module": self.module, "dtype": self.dtype,
                "status": "FAIL" if self.status else "PASS", "notes": self.notes,
                "referees": list(self.referees), "referee_note": self.referee_note,
                "referee_disagreements": len(self.disagreements),
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
    row.evidence = (task_index, edition_index, inputs, None, expected)
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
    row.evidence = (task_index, edition_index, inputs, None if bad else mine, expected)
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


def second_opinion(row, module_name, dtype):
    """Fill row.referees with the TF twin's view of the row's edition: the learner's status
    against the TF twin, and whether scratch and the TF twin agree within the row's tolerance."""
    row.referees = {"scratch": row.status}
    if row.evidence is None:                    # SKIP: nothing was computed
        return
    task_index, edition_index, inputs, mine, expected = row.evidence
    edition = assignments.MODULES[module_name][task_index].editions[edition_index]
    try:
        theirs = referees.tf_reference(edition, inputs)
    except Exception as error:                  # the project's TF twin failed: its bug
        row.referees.update(tf=None, agree=False, max_rel=None, disagreement=(
            f"the TensorFlow referee raised {type(error).__name__}: {error}"))
        return
    agree, worst, _ = verdicts.compare(theirs, expected, row.tolerance, _m(inputs))
    row.referees.update(agree=bool(agree), max_rel=_finite(worst.max_rel), disagreement="")
    if not agree:
        row.referees["disagreement"] = (
            f"{worst.name}: scratch and TensorFlow differ by rel {_num(worst.max_rel)} "
            f"(tolerance {_num(row.tolerance)})" if np.isfinite(worst.max_rel) else worst.cause)
    if mine is None:                            # the learner's call gave no comparable value
        row.referees["tf"] = row.status
        return
    passed, _, _ = verdicts.compare(mine, theirs, row.tolerance, _m(inputs))
    row.referees["tf"] = "PASS" if passed else "FAIL"


def _finite(x):
    return None if x is None or not np.isfinite(x) else float(x)


def referee_summary(result):
    """The line under the table: which referees ran and whether they agreed."""
    if result.referees == ("scratch",):
        return result.referee_note or referees.SCRATCH_ONLY
    judged = [r for r in result.rows if "agree" in r.referees]
    differ = result.disagreements
    confirmed = sum(r.referees.get("tf") == r.status for r in judged)
    line = (f"referees: scratch (NumPy) decides, tfimpl (TensorFlow) confirms: same verdict on "
            f"{confirmed} of {len(judged)} functions")
    if differ:
        line += (f"; the referees DISAGREE on {len(differ)} ("
                 + ", ".join(r.function for r in differ)
                 + "): a dl-parity bug, not yours, please report it")
    return line


def check_file(path, module_name, dtype="float64", only=None, extended=False, limits=None,
               referee=None):
    """CheckResult for the learner's file `path` checked as the course module `module_name`.

    referee: "scratch" (NumPy alone), "both" (scratch decides, the TF twin confirms) or None
    (both when TensorFlow is installed): see dlparity.learner.referees.
    Raises loading.LearnerFileError when the file cannot be loaded at all, and
    referees.RefereeUnavailable for "both" without TensorFlow.
    """
    ran = referees.resolve(referee)
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
        for row in rows:                        # after every worker: TensorFlow comes in last
            if "tf" in ran:
                second_opinion(row, module_name, dtype)
            else:
                row.referees = {"scratch": row.status}
    finally:
        np.random.set_state(state)
    note = "" if "tf" in ran else (
        "referee: scratch (NumPy) only (--referee scratch)" if referee == referees.SCRATCH
        else referees.SCRATCH_ONLY)
    return CheckResult(str(path), module_name, dtype.name, rows, notes, ran, note)


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
        if r.referees.get("agree") is False:
            lines.append(f"{pad}!! the referees disagree: {r.referees['disagreement']} "
                         "(a dl-parity bug, not yours; the verdict is scratch's)")
        elif r.referees.get("tf") not in (None, r.status):
            lines.append(f"{pad}note: against the TensorFlow referee this is "
                         f"{r.referees['tf']} (the verdict is scratch's)")
        if r.output and r.status in ("FAIL", "ERROR"):
            shown = r.output.rstrip().splitlines()[-5:]
            lines.append(f"{pad}your function printed (last lines):")
            lines += [f"{pad}  | {text[:200]}" for text in shown]
    lines += [f"note: {note}" for note in result.notes]
    lines.append(referee_summary(result))
    counts = {s: sum(r.status == s for r in result.rows) for s in STATUSES}
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items() if n or s in ("PASS", "FAIL")))
    return "\n".join(lines)


def _num(x):
    return "-" if x is None else f"{x:.2g}"
