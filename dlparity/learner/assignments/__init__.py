"""What each course assignment asks for, as a table: for every function, how the course calls it
in each edition, on which inputs, and what the NumPy reference (`scratch`) answers.

A `Task` is one function of an assignment. Its `editions` are the ways the course's notebooks
call it (older and newer signatures, seeds, gradient-key conventions); the check picks the
editions whose parameter list fits the learner's function and keeps the first that passes. Every
input is built by the reference — a backward pass gets caches from scratch's forward pass — so
each function is judged on its own. `extended=True` marks what the course never asks for (other
activations, mixed stacks): checked only with `dl-parity check --extended`.

Results are named for the learner: `named(result)` turns the course's return value into a dict
{"cost": ..., "grads": {...}, "caches": [{"A_prev", "W", "b", "Z"}, ...]} whose leaves the
verdict names (`grads.dW2`, `caches[1].Z`).

A new module's assignment is a new list of Tasks in MODULES, not new code.
"""

from dlparity.learner.assignments.course1 import ACTIVATIONS, DEEP, LOGISTIC, LOSSES, SHALLOW
from dlparity.learner.assignments.course2 import (
    BATCHNORM,
    GRADIENT_CHECK,
    INITIALIZATION,
    OPTIMIZATION,
    REGULARIZATION,
    SOFTMAX,
)
from dlparity.learner.assignments.course2_models import INITIALIZATION_MODEL, OPTIMIZATION_MODEL
from dlparity.learner.assignments.practical import PRACTICAL
from dlparity.learner.assignments.tasks import Edition, Task

__all__ = ["Edition", "Task", "MODULES"]

MODULES = {"activations": ACTIVATIONS, "losses": LOSSES, "logistic": LOGISTIC,
           "shallow": SHALLOW, "deep": DEEP,
           "initialization": INITIALIZATION + INITIALIZATION_MODEL,
           "regularization": REGULARIZATION, "gradient_check": GRADIENT_CHECK,
           "optimization": OPTIMIZATION + OPTIMIZATION_MODEL, "batchnorm": BATCHNORM,
           "softmax": SOFTMAX,
           "practical": PRACTICAL,
           # The course has no NumPy assignment for these: hyperparameter search is the lectures'
           # (scratch.tuning is this project's), and `check` says so instead of checking nothing.
           "tuning": [], "tf_tutorial": []}
