"""Load the DEFINITIONS of a learner's file — a `.py` script, a notebook's `.py` export or an
`.ipynb` notebook — without running its top-level work.

What is kept, statement by statement at the top level of the file (or of each notebook cell):
imports, `def`, `class`, and assignments whose right-hand side calls nothing (constants such as
`layers_dims = [12288, 20, 7, 5, 1]`). Everything else — loading data, training, plotting,
printing, `np.random.seed(...)`, the course's test cells — is left out, and so is everything under
`if __name__ == "__main__":`.

Tolerated as learners keep their files:
- IPython magics and shell lines (`%matplotlib inline`, `!ls`) and `get_ipython()` calls (the
  name is defined as a do-nothing stand-in);
- a stray leading space before a top-level statement (a notebook export's artefact);
- imports of the course's helper modules that are not beside the file (`dnn_utils_v2`,
  `lr_utils`, `testCases_v2`, ...): the file's own directory comes first on the import path,
  and a module that is still missing is replaced by this project's stand-in
  (`dlparity.learner.standins`), which is said in the notes;
- an import of a package that is not installed here (matplotlib, scipy, PIL, ...): a placeholder
  module that fails only when used, said in the notes; matplotlib's draws nothing instead (the
  course's training functions plot their costs before returning).

A file that still cannot be read (a syntax error, a notebook that is not JSON) raises
`LearnerFileError` whose message names the file, the line and the reason.
"""

import ast
import importlib.abc
import importlib.machinery
import importlib.util
import json
import re
import sys
import types
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from dlparity.learner import standins


class LearnerFileError(Exception):
    """The learner's file cannot be loaded at all (exit status 2 of `dl-parity check`)."""


@dataclass
class LoadedFile:
    module: types.ModuleType
    notes: list = field(default_factory=list)       # what was tolerated, said to the learner
    skipped: int = 0                                # top-level statements not run


# --- reading the source ------------------------------------------------------------------------
_MAGIC = re.compile(r"^(\s*)([%!].*)$")


def _cells(path):
    """[(first line number, source)] — one chunk for a .py file, one per code cell of a notebook."""
    text = _read_text(path)
    if path.suffix != ".ipynb":
        return [(1, text)]
    try:
        notebook = _read_notebook(text)
    except ValueError as error:
        raise LearnerFileError(f"{path}: not a readable Jupyter notebook ({error})") from None
    return [(0, source) for source in notebook]


def _read_text(path):
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LearnerFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise LearnerFileError(f"{path}: is a directory, expected a .py or .ipynb file") from None
    except UnicodeDecodeError as error:
        raise LearnerFileError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") \
            from None
    except OSError as error:
        raise LearnerFileError(f"{path}: cannot be read ({error.strerror})") from None


def _read_notebook(text):
    """The code cells' sources of a notebook (nbformat 3 or 4; read with nbformat when installed)."""
    try:
        import nbformat
    except ImportError:
        nbformat = None
    if nbformat is not None:
        try:
            notebook = nbformat.reads(text, as_version=4)
        except Exception as error:          # nbformat raises several kinds for a damaged file
            raise ValueError(str(error).splitlines()[0] if str(error) else type(error).__name__) \
                from None
        return [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON at line {error.lineno}: {error.msg}") from None
    cells = data.get("cells")
    if cells is None:                       # nbformat 3 keeps cells in worksheets
        cells = [c for ws in data.get("worksheets", []) for c in ws.get("cells", [])]
    sources = []
    for cell in cells:
        if cell.get("cell_type") == "code":
            source = cell.get("source", cell.get("input", ""))
            sources.append("".join(source) if isinstance(source, list) else source)
    return sources


def _without_magics(source):
    """Magic and shell lines become `pass` at the same indentation (line numbers are kept)."""
    return "\n".join(_MAGIC.sub(r"\1pass", line) for line in source.split("\n"))


def _parse(source, filename, first_line):
    """ast.Module of `source`; stray leading spaces before top-level statements are removed."""
    lines = source.split("\n")
    for _ in range(len(lines) + 1):
        try:
            tree = ast.parse("\n".join(lines), filename=filename)
        except IndentationError as error:
            k = (error.lineno or 0) - 1
            if error.msg == "unexpected indent" and 0 <= k < len(lines) and _top_level_before(lines, k):
                lines[k] = lines[k].lstrip()
                continue
            raise _syntax_error(filename, error, first_line) from None
        except SyntaxError as error:
            raise _syntax_error(filename, error, first_line) from None
        if first_line > 1:
            ast.increment_lineno(tree, first_line - 1)
        return tree
    raise LearnerFileError(f"{filename}: cannot be parsed")


def _top_level_before(lines, k):
    """True when the statement before line k sits at column 0 and opens no block."""
    for previous in reversed(lines[:k]):
        stripped = previous.strip()
        if not stripped or stripped.startswith("#"):
            continue
        return previous[:1] not in (" ", "\t") and not stripped.endswith((":", "\\", ",", "(", "["))
    return True


def _syntax_error(filename, error, first_line):
    line = (error.lineno or 0) + max(first_line - 1, 0)
    text = (error.text or "").strip()
    where = f" line {line}" if error.lineno else ""
    return LearnerFileError(f"{filename}:{where}: {error.msg}" + (f": {text}" if text else ""))


# --- which statements run ----------------------------------------------------------------------
def _calls_nothing(node):
    return not any(isinstance(n, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr))
                   for n in ast.walk(node))


def is_definition(statement):
    """Imports, def, class, and assignments of call-free values (constants)."""
    if isinstance(statement, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef,
                              ast.ClassDef)):
        return True
    if isinstance(statement, (ast.Assign, ast.AnnAssign)):
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        names_only = all(isinstance(n, (ast.Name, ast.Tuple, ast.List, ast.Store))
                         for t in targets for n in ast.walk(t))
        return names_only and statement.value is not None and _calls_nothing(statement.value)
    if isinstance(statement, ast.Try):       # try: import x / except ImportError: ...
        body = statement.body + statement.orelse + statement.finalbody + [
            s for handler in statement.handlers for s in handler.body]
        return all(is_definition(s) or isinstance(s, ast.Pass) for s in body)
    return False


# --- imports: the file's folder first, stand-ins for the course's helpers ------------------------
class _StandInFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Last on sys.meta_path: serves a stand-in for a course helper module that nothing else
    found, and records that it did."""

    def __init__(self):
        self.used = []

    def find_spec(self, fullname, path=None, target=None):
        if "." in fullname or standins.stand_in_for(fullname) is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        name = module.__name__
        source = standins.stand_in_for(name)
        if isinstance(source, standins.Unavailable):
            module.__class__ = standins.Unavailable
        else:
            module.__dict__.update({k: v for k, v in vars(source).items()
                                    if not k.startswith("__")})
        module.__doc__ = source.__doc__
        self.used.append(name)


class _Placeholder(types.ModuleType):
    """A package that is not installed here: importing it works, using it says why it fails."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise ModuleNotFoundError(f"{self.__name__} is not installed here (your file imports it; "
                                  f"it was replaced by a placeholder to read your definitions)")


class _Nothing:
    """Any name of matplotlib's, and what calling or indexing it gives: does nothing."""

    def __call__(self, *args, **kwargs):
        return None

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __getitem__(self, key):
        return self

    def __setitem__(self, key, value):
        pass


class _DrawsNothing(_Placeholder):
    """matplotlib where it is not installed: the course's training functions plot their costs
    inside the function (plt.plot, plt.ylabel, plt.show), which the check must get past; every
    name does nothing (the check draws nothing)."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Nothing()


@contextmanager
def import_context(folder):
    """The learner's folder first on sys.path, the stand-in finder last on sys.meta_path.

    Modules imported meanwhile (the learner's own helpers, stand-ins) are removed from
    sys.modules afterwards, so that two files checked in one process do not see each other's.
    """
    finder = _StandInFinder()
    before = set(sys.modules)
    sys.path.insert(0, str(folder))
    sys.meta_path.append(finder)
    try:
        yield finder
    finally:
        sys.meta_path.remove(finder)
        if sys.path and sys.path[0] == str(folder):
            sys.path.pop(0)
        for name in set(sys.modules) - before:
            module = sys.modules.get(name)
            origin = getattr(module, "__file__", None) or ""
            if name in finder.used or origin.startswith(str(folder)) or isinstance(module, _Placeholder):
                del sys.modules[name]


def _placeholder(name):
    """Placeholders for `name` and each of its parent packages (`matplotlib.pyplot`)."""
    parts = name.split(".")
    for k in range(1, len(parts) + 1):
        full = ".".join(parts[:k])
        if full not in sys.modules:
            module = (_DrawsNothing if parts[0] == "matplotlib" else _Placeholder)(full)
            module.__path__ = []
            sys.modules[full] = module
            if k > 1:
                setattr(sys.modules[".".join(parts[:k - 1])], parts[k - 1], module)


def _run_import(statement, namespace, filename, notes):
    """Run one import statement; a package missing here becomes a placeholder."""
    code = compile(ast.Module(body=[statement], type_ignores=[]), filename, "exec")
    for _ in range(8):                       # `from a import b, c`: each missing module once
        try:
            exec(code, namespace)
            return
        except ModuleNotFoundError as error:
            missing = error.name or ""
            if not missing or missing in sys.modules:
                break
            _placeholder(missing)
            top = missing.split(".")[0]
            if not any(top in note for note in notes):
                stand_in = ("a placeholder that draws nothing stands in" if top == "matplotlib"
                            else "a placeholder stands in (using it fails)")
                notes.append(f"line {statement.lineno}: your file imports {top!r}, which is not "
                             f"installed here; {stand_in}")
        except ImportError as error:         # a name the module (or stand-in) does not have
            notes.append(f"line {statement.lineno}: import failed ({error}); skipped")
            return
    notes.append(f"line {statement.lineno}: import failed; skipped")


class _IPython:
    """`get_ipython()` in a notebook export: every method does nothing."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def load_definitions(path):
    """LoadedFile(module, notes, skipped) with the file's definitions, run in import_context.

    Call inside `with import_context(path.parent):` when the functions import at call time too;
    this function opens its own context for the loading itself.
    """
    path = Path(path)
    if path.suffix not in (".py", ".ipynb"):
        raise LearnerFileError(f"{path}: expected a .py file or an .ipynb notebook, "
                               f"got {path.suffix or 'no extension'!r}")
    module = types.ModuleType("learner_" + re.sub(r"\W", "_", path.stem))
    module.__file__ = str(path)
    namespace = module.__dict__
    namespace["get_ipython"] = lambda: _IPython()
    namespace["display"] = lambda *args, **kwargs: None
    loaded = LoadedFile(module)
    magics = 0
    with import_context(path.resolve().parent) as finder:
        for first_line, source in _cells(path):
            cleaned = _without_magics(source)
            magics += cleaned != source
            tree = _parse(cleaned, str(path), first_line)
            for statement in tree.body:
                if not is_definition(statement):
                    loaded.skipped += 1
                    continue
                if isinstance(statement, (ast.Import, ast.ImportFrom, ast.Try)):
                    _run_import(statement, namespace, str(path), loaded.notes)
                    continue
                try:
                    exec(compile(ast.Module(body=[statement], type_ignores=[]), str(path), "exec"),
                         namespace)
                except (NameError, AttributeError):  # computed from data the file loads
                    loaded.skipped += 1
                except Exception as error:
                    loaded.notes.append(f"line {statement.lineno}: not run "
                                        f"({type(error).__name__}: {error})")
        for name in finder.used:
            loaded.notes.append(f"your file imports {name!r}, which is not beside it: this "
                                f"project's stand-in was used ({standins.describe(name)})")
    if magics:
        loaded.notes.append("IPython magics and shell lines were ignored")
    return loaded
