"""The learner's code runs in worker processes with limits: no hang, exit, crash, output or side
effect of theirs can stop the check, fake a pass, change another function's verdict or touch the
user's folder.

Each case replaces the body of `propagate` in a correct logistic-regression file by a misbehaving
one (fixtures written for this project) and asserts the row of every function.
"""

import os
from pathlib import Path

import pytest

from dlparity.learner.checking import check_file
from dlparity.learner.worker import OUTPUT_TAIL, Limits

FIXTURES = Path(__file__).parent / "fixtures"
LOGISTIC = (FIXTURES / "logistic_export.py").read_text()
PROPAGATE_HEAD = "def propagate(w, b, X, Y):\n"
OTHERS = ("sigmoid", "initialize_with_zeros", "predict")     # do not call propagate
CALLERS = ("optimize", "model")                                 # call propagate

# (name, lines put at the top of propagate's body, propagate's status, words of its cause,
#  status of optimize and model)
MISBEHAVIOURS = [
    ("hangs", "    while True:\n        pass\n", "ERROR", "did not return within 1 s", "ERROR"),
    ("sleeps", "    import time\n    time.sleep(60)\n", "ERROR", "did not return within 1 s",
     "ERROR"),
    ("sys.exit(0)", "    import sys\n    sys.exit(0)\n", "ERROR", "called sys.exit(0)", "ERROR"),
    ("os._exit(0)", "    import os\n    os._exit(0)\n", "ERROR",
     "ended the process with exit status 0", "ERROR"),
    ("segfault", "    import ctypes\n    ctypes.string_at(0)\n", "ERROR", "crashed: SIGSEGV",
     "ERROR"),
    ("huge allocation", "    big = np.ones((10**6, 10**6))\n", "ERROR", "MemoryError", "ERROR"),
    ("infinite recursion", "    return propagate(w, b, X, Y)\n", "FAIL",
     "raised RecursionError", "FAIL"),
    ("reads stdin", "    input('your name? ')\n", "FAIL", "raised EOFError", "FAIL"),
    ("writes and deletes files",
     "    open('victim.txt', 'w').write('x')\n    import os\n    os.remove('victim.txt')\n"
     "    open('left_behind.txt', 'w').write('y')\n", "PASS", "", "PASS"),
    ("prints megabytes", "    print('x' * 30_000)\n", "PASS", "", "PASS"),   # 3 MB in optimize
    ("seeds numpy", "    np.random.seed(0)\n", "PASS", "", "PASS"),
    ("np.seterr(all='raise')", "    np.seterr(all='raise')\n", "PASS", "", "PASS"),
    ("replaces np.dot", "    np.dot = lambda a, b: 0 * (a @ b)\n", "FAIL", "", "FAIL"),
]


@pytest.mark.parametrize("name,body,status,cause,callers", MISBEHAVIOURS,
                         ids=[m[0] for m in MISBEHAVIOURS])
def test_a_misbehaving_function_gets_its_row_and_the_others_still_pass(
        tmp_path, monkeypatch, name, body, status, cause, callers):
    user_folder = tmp_path / "user"
    user_folder.mkdir()
    (user_folder / "victim.txt").write_text("the user's own file")
    path = user_folder / "mine.py"
    path.write_text(LOGISTIC.replace(PROPAGATE_HEAD, PROPAGATE_HEAD + body))
    monkeypatch.chdir(user_folder)
    before = sorted(os.listdir(user_folder))
    # 1 s where the limit is the point (a hang, a sleep); elsewhere a limit a loaded machine
    # cannot reach (the recursion takes ~0.1 s alone, seconds beside other suites)
    timeout = 1.0 if "did not return" in cause else 30.0
    result = check_file(path, "logistic", limits=Limits(timeout=timeout, memory_mb=2048))
    rows = {r.function: r for r in result.rows}
    assert rows["propagate"].status == status, rows["propagate"]
    assert cause in rows["propagate"].cause
    for function in OTHERS:
        assert rows[function].status == "PASS", rows[function]
    for function in CALLERS:
        assert rows[function].status == callers, rows[function]
    assert result.status == (0 if status == "PASS" and callers == "PASS" else 1)
    assert sorted(os.listdir(user_folder)) == before
    assert (user_folder / "victim.txt").read_text() == "the user's own file"


def test_the_printed_output_comes_back_as_a_bounded_tail(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text(LOGISTIC.replace(PROPAGATE_HEAD, PROPAGATE_HEAD
                                     + "    print('start')\n    print('y' * 100000)\n"
                                       "    print('the end')\n    raise ValueError('oops')\n"))
    result = check_file(path, "logistic", only=["propagate"])
    row = result.rows[0]
    assert row.status == "FAIL" and row.cause.startswith("raised ValueError: oops (your file, line")
    assert row.output.rstrip().endswith("the end") and "start" not in row.output
    assert len(row.output) <= OUTPUT_TAIL + 4


def test_the_checkers_own_numpy_is_untouched_by_the_learners_code(tmp_path):
    import numpy as np
    path = tmp_path / "mine.py"
    path.write_text(LOGISTIC.replace(PROPAGATE_HEAD, PROPAGATE_HEAD
                                     + "    np.dot = None\n    np.random.seed(0)\n"
                                       "    np.seterr(all='raise')\n"))
    np.random.seed(123)
    expected = np.random.random()
    np.random.seed(123)
    settings = np.geterr()
    check_file(path, "logistic")
    assert np.dot is not None and np.geterr() == settings
    assert np.random.random() == expected
