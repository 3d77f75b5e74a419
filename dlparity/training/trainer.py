"""The generic trainer: every implementation of every model is trained by ONE call of its
training entry point (dlparity.training.implementations), whose `progress(i, cost)` callback draws the
progress bar and records the cost curve.

The curve holds the cost at every iteration the course records for the model (i % COST_EVERY ==
0: 0, 100, 200, ... or 0, 1000, 2000, ...; the cost before that iteration's update) and, as its
last point, the cost at the trained parameters (iteration `config.iterations`).

A diverging run is refused once the entry point returns: trained parameters holding NaN/inf are
never evaluated, the run ends in TrainingFailed naming the last finite cost. (A NaN or inf cost
alone does not stop training: the course's cost is NaN or inf as soon as one output rounds to
exactly 0 or 1, while the parameters and gradients stay finite.) NumPy's floating-point warnings
(overflow in exp, log of 0, inf - inf) are silenced for the training call only (np.errstate,
restored on exit): the CLI's own message says what happened.
"""

import math
import sys
import time
from dataclasses import dataclass

import numpy as np

from conventions import vocabulary
from conventions.validation import check_finite
from dlparity.training import implementations
from dlparity.training.progress import Progress


class TrainingFailed(RuntimeError):
    """An implementation could not go on (typically: the parameters overflowed to inf/NaN)."""


@dataclass
class Run:
    impl: str
    implementation: implementations.Implementation
    iterations: list
    costs: list
    seconds: float
    parameters: dict
    train_accuracy: float
    test_accuracy: float | None

    def predict(self, X):
        """(1, m) of 0/1 at the trained parameters, by the implementation's own predict."""
        return self.implementation.predict(self.parameters, X)


def train_all(config, progress_stream=None):
    return [train_one(config, impl, progress_stream) for impl in config.impls]


def train_one(config, impl, progress_stream=None):
    """Train `impl` from `config.initial` by one entry-point call; returns a Run."""
    implementation = implementations.implementation(config, impl)
    bar = Progress(impl, config.iterations, progress_stream or sys.stderr)
    iterations, costs = [], []

    def progress(i, cost):
        """The training contract's callback: the cost before iteration i's update."""
        i, cost = int(i), float(cost)
        if vocabulary.records_cost(config.model, i):   # the Keras path reports every 100
            iterations.append(i)
            costs.append(cost)
        bar.update(i, cost)

    start = time.perf_counter()
    bar.update(0, None)
    with np.errstate(all="ignore"):
        try:
            parameters = implementation.fit(progress)
            for name, value in parameters.items():
                check_finite(f"parameters[{name!r}] after {config.iterations} iterations", value)
            final_cost = implementation.cost(parameters)
        except ValueError as error:       # parameters overflowed, or a twin refused them
            finite = [(i, cost) for i, cost in zip(iterations, costs) if math.isfinite(cost)]
            last = (f" (last finite cost {finite[-1][1]:.6g} at iteration {finite[-1][0]})"
                    if finite else "")
            raise TrainingFailed(f"{impl}: training stopped{last}: {error}; if the cost was "
                                 f"growing, try a smaller --lr") from error
        seconds = time.perf_counter() - start
        iterations.append(config.iterations)
        costs.append(final_cost)
        bar.close(config.iterations, final_cost, seconds)
        task = config.task
        train_accuracy = accuracy(implementation.predict(parameters, task.X_train), task.Y_train)
        test_accuracy = None if task.X_test is None else accuracy(
            implementation.predict(parameters, task.X_test), task.Y_test)
    return Run(impl, implementation, iterations, costs, seconds, parameters, train_accuracy,
               test_accuracy)


def accuracy(predictions, Y):
    """Percentage of predictions (1, m) of 0/1 equal to the labels Y (1, m)."""
    predictions = np.asarray(predictions).astype(np.float64).reshape(np.shape(Y))
    return float(np.mean(predictions == np.asarray(Y, dtype=np.float64)) * 100)
