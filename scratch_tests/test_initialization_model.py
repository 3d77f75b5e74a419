"""initialization.model's defaults and argument messages in full (the assignment's experiment).
NumPy only."""

import inspect
import re

import numpy as np
import pytest

from scratch import initialization

X, Y = np.ones((2, 3)), np.array([[1.0, 0.0, 1.0]])


def test_defaults_are_the_assignments():
    defaults = {k: p.default for k, p in inspect.signature(initialization.model).parameters.items()}
    assert (defaults["learning_rate"], defaults["num_iterations"], defaults["print_cost"],
            defaults["initialization"]) == (0.01, 15000, True, "he")


@pytest.mark.parametrize("call, message", [
    (lambda: initialization.model(np.ones(3), Y),
     "X: expected a 2-D array, got shape (3,) (reshape to (3, 1) or (1, 3))"),
    (lambda: initialization.model(X, Y[:, :2]), "Y: expected 3 columns, got shape (1, 2)"),
    (lambda: initialization.model(X, Y, learning_rate=-1),
     "learning_rate: expected a positive finite number, got -1"),
])
def test_messages_in_full(call, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        call()


def test_float32_labels_follow_X():
    parameters = initialization.model(X.astype(np.float32), Y.astype(bool), num_iterations=2,
                                      print_cost=False)
    assert all(v.dtype == np.float32 for v in parameters.values())
