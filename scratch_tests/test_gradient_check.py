"""scratch.gradient_check on its own (NumPy only): the assignment's 1-D check and its published
difference, the vector <-> dictionary layout by hand, the N-D check passing a right backward pass
and flagging (and naming) a wrong block, the printed verdicts, the defaults, and refused arguments
named in full."""

import numpy as np
import pytest

from scratch import gradient_check as gc

DIMS = [4, 5, 3, 1]


def _network(seed=0):
    rng = np.random.default_rng(seed)
    return {k: v for l in range(1, 4) for k, v in (
        (f"W{l}", rng.standard_normal((DIMS[l], DIMS[l - 1]))),
        (f"b{l}", rng.standard_normal((DIMS[l], 1)) * 0.1))}


def _data(seed=1, m=3):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((4, m)), np.array([[1, 0, 1]])


def test_the_1d_check_of_the_assignment(capsys):
    """J = theta x: J(4; 2) = 8, dJ/dtheta = x = 2. The assignment prints, for x = 2, theta = 4 and
    epsilon = 1e-7, "Your backward propagation works perfectly fine! difference = 2.919335883291695e-10"."""
    assert gc.forward_propagation(2, 4) == 8.0 and gc.backward_propagation(2, 4) == 2.0
    assert gc.gradient_check(2, 4) == 2.919335883291695e-10
    assert capsys.readouterr().out == ""                                       # print_msg=False
    gc.gradient_check(2, 4, print_msg=True)
    assert capsys.readouterr().out == ("Your backward propagation works perfectly fine! "
                                       "difference = 2.919335883291695e-10\n")
    assert gc.gradient_check(2, 4, epsilon=1e-3) != 2.919335883291695e-10


def test_a_difference_at_the_threshold_is_not_a_mistake(capsys):
    """The notes' rule: a mistake is likely when the difference exceeds 2e-7 (strictly)."""
    gc._verdict(2e-7, True)
    assert capsys.readouterr().out == "Your backward propagation works perfectly fine! difference = 2e-07\n"


def test_dictionary_to_vector_stacks_the_blocks_row_major_and_names_each_entry():
    p = {"W1": np.array([[1.0, 2.0], [3.0, 4.0]]), "b1": np.array([[5.0], [6.0]]),
         "W2": np.array([[7.0, 8.0]]), "b2": np.array([[9.0]]), "W3": np.array([[10.0]]),
         "b3": np.array([[11.0]]), "extra": np.array([[99.0]])}
    theta, keys = gc.dictionary_to_vector(p)
    np.testing.assert_array_equal(theta, np.arange(1.0, 12.0).reshape(11, 1))
    assert keys == ["W1"] * 4 + ["b1"] * 2 + ["W2"] * 2 + ["b2", "W3", "b3"]
    grads = {f"d{k}": -v for k, v in p.items()} | {"dA1": np.ones((3, 3))}
    np.testing.assert_array_equal(gc.gradients_to_vector(grads), -theta)
    back = gc.vector_to_dictionary(theta, [2, 2, 1, 1])
    assert sorted(back) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    for k in back:
        np.testing.assert_array_equal(back[k], p[k])


def test_vector_to_dictionary_defaults_to_the_assignments_4_5_3_1():
    """47 parameters: W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1)."""
    p = gc.vector_to_dictionary(np.arange(47.0).reshape(47, 1))
    assert {k: v.shape for k, v in p.items()} == {"W1": (5, 4), "b1": (5, 1), "W2": (3, 5),
                                                   "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
    assert p["b1"][0, 0] == 20.0 and p["b3"][0, 0] == 46.0


def test_forward_propagation_n_is_the_mean_cross_entropy_of_the_network():
    X, Y = _data()
    cost, cache = gc.forward_propagation_n(X, Y, _network())
    A3 = cache[9]
    assert len(cache) == 12 and A3.shape == (1, 3)
    assert float(cost) == pytest.approx(-np.mean(Y * np.log(A3) + (1 - Y) * np.log(1 - A3)), rel=1e-14)


def test_a_right_backward_pass_passes_and_a_wrong_block_is_flagged_and_named(capsys):
    X, Y = _data()
    parameters = _network()
    _, cache = gc.forward_propagation_n(X, Y, parameters)
    gradients = gc.backward_propagation_n(X, Y, cache)
    assert gc.gradient_check_n(parameters, gradients, X, Y) < 2e-7
    assert capsys.readouterr().out == ""
    assert all(d < 2e-7 for d in gc.gradient_check_blocks(parameters, gradients, X, Y).values())
    wrong = {**gradients, "dW2": 2 * gradients["dW2"]}
    difference = gc.gradient_check_n(parameters, wrong, X, Y, print_msg=True)
    assert difference > 2e-7
    assert capsys.readouterr().out == ("There is a mistake in the backward propagation! "
                                       f"difference = {difference}\n")
    blocks = gc.gradient_check_blocks(parameters, wrong, X, Y)
    assert list(blocks) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert blocks["W2"] == pytest.approx(1 / 3, rel=1e-6)               # |2g - g| / (|2g| + |g|)
    assert all(blocks[k] < 2e-7 for k in blocks if k != "W2")


def test_a_block_with_zero_gradient_has_difference_zero():
    """A dead ReLU layer: b1 = -100 makes every Z1 negative, so dW1, db1 and their central
    differences are all exactly 0: the difference of an all-zero block is 0, not 0 / 0."""
    X, Y = _data()
    parameters = {**_network(), "b1": np.full((5, 1), -100.0)}
    _, cache = gc.forward_propagation_n(X, Y, parameters)
    blocks = gc.gradient_check_blocks(parameters, gc.backward_propagation_n(X, Y, cache), X, Y)
    assert blocks["W1"] == 0.0 and blocks["b1"] == 0.0


def test_float32_stays_float32_with_integer_labels():
    X, Y = _data()
    X = X.astype(np.float32)
    parameters = {k: v.astype(np.float32) for k, v in _network().items()}
    cost, cache = gc.forward_propagation_n(X, Y, parameters)
    assert cost.dtype == np.float32
    grads = gc.backward_propagation_n(X, Y, cache)
    assert {g.dtype for g in grads.values()} == {np.dtype(np.float32)}
    theta, _ = gc.dictionary_to_vector(parameters)
    assert theta.dtype == np.float32 and gc.gradients_to_vector(grads).dtype == np.float32


_P = _network()
_X, _Y = _data()
_G = gc.backward_propagation_n(_X, _Y, gc.forward_propagation_n(_X, _Y, _P)[1])


@pytest.mark.parametrize("call,error,message", [
    (lambda: gc.forward_propagation("2", 4), TypeError, r"^x: expected a finite number, got '2'$"),
    (lambda: gc.forward_propagation(2, None), TypeError, r"^theta: expected a finite number, got None$"),
    (lambda: gc.backward_propagation(np.nan, 4), TypeError, r"^x: expected a finite number, got nan$"),
    (lambda: gc.gradient_check(2, "4"), TypeError, r"^theta: expected a finite number, got '4'$"),
    (lambda: gc.backward_propagation(2, float("inf")), TypeError,
     r"^theta: expected a finite number, got inf$"),
    (lambda: gc.gradient_check(True, 4), TypeError, r"^x: expected a finite number, got True$"),
    (lambda: gc.gradient_check(2, 4, epsilon=0), ValueError,
     r"^epsilon: expected a positive finite number, got 0$"),
    (lambda: gc.dictionary_to_vector({k: v for k, v in _P.items() if k != "b3"}), KeyError,
     r"parameters: missing \['b3'\]"),
    (lambda: gc.dictionary_to_vector({**_P, "W1": np.ones(3)}), ValueError, r"^W1: expected a 2-D array"),
    (lambda: gc.gradients_to_vector({k: v for k, v in _G.items() if k != "db3"}), KeyError,
     r"gradients: missing \['db3'\]"),
    (lambda: gc.vector_to_dictionary(np.zeros((47, 1)), [4, 5, 1]), ValueError,
     r"^layers_dims: expected the 3-layer \[n_x, n_1, n_2, n_3\], got \[4, 5, 1\]$"),
    (lambda: gc.vector_to_dictionary(np.zeros((46, 1))), ValueError,
     r"^theta: expected 47 rows, got shape \(46, 1\)$"),
    (lambda: gc.vector_to_dictionary(np.zeros((47, 2))), ValueError,
     r"^theta: expected 1 columns, got shape \(47, 2\)$"),
    (lambda: gc.forward_propagation_n(_X, _Y, {k: _P[k] for k in ("W1", "b1")}), ValueError,
     r"^parameters: expected the 3-layer network's W1, b1, W2, b2, W3, b3, got 1 layers$"),
    (lambda: gc.forward_propagation_n(_X, np.array([[1, 0]]), _P), ValueError, r"^Y: expected 3 columns"),
    (lambda: gc.backward_propagation_n(_X, np.array([[1, 2, 0]]), gc.forward_propagation_n(_X, _Y, _P)[1]),
     ValueError, r"^Y: expected labels in \{0, 1\}, got values \[2.0\]$"),
    (lambda: gc.backward_propagation_n(_X, _Y, ()), ValueError, r"^cache: expected the tuple \(Z1, A1"),
    (lambda: gc.backward_propagation_n(_X.ravel(), _Y, ()), ValueError, r"^X: expected a 2-D array"),
    (lambda: gc.backward_propagation_n(_X, np.array([[1, 0]]), ()), ValueError,
     r"^Y: expected 3 columns, got shape \(1, 2\)$"),
    (lambda: gc.gradient_check_n(_P, {**_G, "dW1": _G["dW1"].T}, _X, _Y), ValueError,
     r"^gradients\['dW1'\]: expected shape \(5, 4\), got \(4, 5\)$"),
    (lambda: gc.gradient_check_n(_P, _G, _X, _Y, epsilon=-1e-7), ValueError,
     r"^epsilon: expected a positive"),
    (lambda: gc.gradient_check_blocks(_P, _G, _X, np.array([[1, 0]])), ValueError, r"^Y: expected 3 columns"),
])
def test_refused_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
