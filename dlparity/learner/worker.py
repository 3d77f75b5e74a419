"""The learner's code runs in a worker process, one per call, with limits.

`call_in_worker(path, module, task_index, edition_index, inputs, seed, limits)` starts a fresh
process that loads the learner's definitions, seeds NumPy's global stream as the edition's
notebook does, calls the learner's function with `inputs`, and sends back the result as plain
arrays (nested dicts, lists and tuples of NumPy arrays), never as live objects. The reference,
the inputs and the comparison stay in the checker's process, so nothing the learner's code does
to NumPy (`np.random.seed`, `np.seterr`, replacing `np.dot`), to `sys`, to the working directory
or to the process reaches them or another function's check.

In the worker:
- the working directory is a fresh temporary directory (removed afterwards); stdin is
  /dev/null; file descriptors 1 and 2 go to a file of that directory, of which only a bounded
  tail (`OUTPUT_TAIL` characters) comes back, to be shown with the function's row;
- no bytecode is written (importing a helper beside the learner's file leaves no __pycache__);
- the address space is limited to `limits.memory_mb` (Linux, RLIMIT_AS), so a huge allocation
  ends in MemoryError inside the worker.
The checker waits at most `limits.timeout` seconds for the result; then the worker is killed.

Outcome.kind: "result" (value), "raised" (cause: the exception and the line of the learner's file),
"error" (cause: "did not return within 5 s", "ended the process with exit status 0",
"crashed: SIGSEGV", "MemoryError"). This is a process with limits, not a security sandbox.
"""

import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

OUTPUT_TAIL = 2000
OUTPUT_FILE = "output.txt"


@dataclass(frozen=True)
class Limits:
    timeout: float = 5.0            # seconds per call (trajectories get TRAJECTORY_FACTOR times)
    memory_mb: int | None = 4096    # address-space limit of the worker (Linux); None: no limit


TRAJECTORY_FACTOR = 4


@dataclass
class Outcome:
    kind: str                       # "result" | "raised" | "error"
    value: object = None
    cause: str = ""
    output: str = ""                # the tail of what the learner's code printed
    notes: list = field(default_factory=list)


class Unsupported:
    """A value of the learner's that is no number, array or container: kept as its type name."""

    def __init__(self, type_name):
        self.type_name = type_name

    def __repr__(self):
        return f"<{self.type_name}>"


def plain(value, depth=0):
    """The learner's result as plain data: arrays, numbers, dicts, lists, tuples."""
    if depth > 20:
        return Unsupported("deeply nested value")
    if isinstance(value, dict):
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        items = [plain(v, depth + 1) for v in value]
        return tuple(items) if isinstance(value, tuple) else items
    if isinstance(value, (bool, int, float, complex, np.generic)):
        return np.asarray(value)
    if isinstance(value, np.ndarray):
        return np.array(value, copy=True) if value.dtype != object else Unsupported("object array")
    return Unsupported(type(value).__name__)


def _context():
    """fork (fast) while TensorFlow is not loaded; once it is (the TF referee ran first, a test
    session imported it), a fork would copy a process whose TensorFlow threads may hold locks the
    child then waits on or finds broken (an occasional SIGSEGV while loading the learner's file):
    workers then start from a fresh forkserver process instead, which imports what a learner's
    file usually does once (dlparity.learner.preload) rather than in every worker."""
    methods = multiprocessing.get_all_start_methods()
    if "tensorflow" in sys.modules and "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["dlparity.learner.preload"])
        return context
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _isolate(workdir, memory_mb):
    """Inside the worker: its own directory, no stdin, output to a file, a memory limit."""
    os.chdir(workdir)
    sys.dont_write_bytecode = True
    import faulthandler
    faulthandler.disable()              # a crash is reported by the checker, not dumped here
    os.environ["MPLBACKEND"] = "Agg"    # a learner's plt.show() opens no window
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    out = os.open(os.path.join(workdir, OUTPUT_FILE), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    sys.stdin = open(os.devnull)
    sys.stdout = os.fdopen(1, "w", buffering=1, closefd=False)
    sys.stderr = os.fdopen(2, "w", buffering=1, closefd=False)
    if memory_mb is not None:
        try:
            import resource
            limit = int(memory_mb) * 2**20
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ImportError, ValueError, OSError):
            pass


def _where(error, path):
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if Path(f.filename).resolve() == Path(path).resolve()]
    return f" (your file, line {frames[-1].lineno})" if frames else ""


def _required(function):
    """The names of a function's required positional parameters (None when unknown)."""
    import inspect
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return None
    return [p.name for p in parameters
            if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def _run(connection, workdir, memory_mb, path, module, task_index, edition_index, inputs, seed):
    """The worker's body: load, seed, call, send (kind, value, cause)."""
    _isolate(workdir, memory_mb)
    from dlparity.learner import assignments
    from dlparity.learner.loading import LearnerFileError, import_context, load_definitions

    try:
        loaded = load_definitions(path)
        if task_index is None:              # only load: what the file defines, and the notes
            names = sorted(k for k, v in vars(loaded.module).items()
                           if callable(v) and not k.startswith("_"))
            signatures = {k: _required(getattr(loaded.module, k)) for k in names}
            message = ("loaded", {"notes": loaded.notes, "signatures": signatures,
                                  "skipped": loaded.skipped}, "")
            connection.send(message)
            connection.close()
            os._exit(0)
        task = assignments.MODULES[module][task_index]
        edition = task.editions[edition_index]
        function = getattr(loaded.module, task.name.split("[")[0])
        connection.send(("ready", None, ""))     # the time limit counts from here
        with import_context(Path(path).resolve().parent):
            if edition.seed is not None:
                np.random.seed(edition.seed)
            with np.errstate(all="ignore"):
                result = edition.call(function, inputs)
        message = ("result", plain(result), "")
    except LearnerFileError as error:
        message = ("unreadable", None, str(error))
    except MemoryError:
        message = ("error", None, "MemoryError: the call ran out of memory")
    except RecursionError as error:
        message = ("raised", None, f"raised RecursionError: {error}{_where(error, path)}")
    except BaseException as error:      # SystemExit and KeyboardInterrupt are the learner's too
        if isinstance(error, SystemExit):
            message = ("error", None, f"called sys.exit({error.code!r}){_where(error, path)}")
        else:
            message = ("raised", None,
                       f"raised {type(error).__name__}: {error}{_where(error, path)}")
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    try:
        connection.send(message)
    except Exception as error:          # a result that cannot be sent
        connection.send(("error", None, f"its result could not be returned ({error})"))
    connection.close()
    os._exit(0)


def _tail(workdir):
    path = os.path.join(workdir, OUTPUT_FILE)
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            f.seek(max(size - OUTPUT_TAIL, 0))
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return ("... " if size > OUTPUT_TAIL else "") + text


def _ended(exitcode):
    if exitcode is None:
        return "did not end"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"crashed: {name}"
    return f"ended the process with exit status {exitcode}"


LOAD_TIMEOUT = 60.0                 # seconds for the worker to start and read the file


def _receive(receiver, timeout):
    """The next message, or None when none came within `timeout` or the worker ended."""
    if not receiver.poll(timeout):
        return None
    try:
        return receiver.recv()
    except (EOFError, OSError):
        return None


def _stopped(process, timeout):
    """Words for a worker that sent nothing: timed out (killed) or ended by itself."""
    process.join(0.5)                   # a worker that just ended may still be exiting
    if process.is_alive():
        process.kill()
        process.join()
        return f"did not return within {timeout:g} s"
    return _ended(process.exitcode)


def call_in_worker(path, module, task_index, edition_index, inputs, seed, limits, timeout=None):
    """Outcome of one call of the learner's function in a fresh worker process.

    The worker first reads the file (up to LOAD_TIMEOUT seconds), says it is ready, then calls;
    `timeout` (default limits.timeout) counts from that moment.
    """
    timeout = limits.timeout if timeout is None else timeout
    context = _context()
    workdir = tempfile.mkdtemp(prefix="dlparity-check-")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_run, args=(sender, workdir, limits.memory_mb, str(path), module, task_index,
                           edition_index, inputs, seed), daemon=True)
    try:
        process.start()
        sender.close()
        message = _receive(receiver, LOAD_TIMEOUT)
        if message is not None and message[0] == "ready":
            message = _receive(receiver, timeout)
            if message is None:
                return Outcome("error", cause=_stopped(process, timeout), output=_tail(workdir))
        elif message is None:
            return Outcome("error", cause=_stopped(process, LOAD_TIMEOUT), output=_tail(workdir))
        process.join(1.0)
        if process.is_alive():
            process.kill()
            process.join()
        kind, value, cause = message
        return Outcome(kind, value, cause, _tail(workdir))
    finally:
        receiver.close()
        shutil.rmtree(workdir, ignore_errors=True)
