"""scratch.softmax on its own (NumPy only), every number worked out by hand here: one-hot
conversion, the cross-entropy from probabilities and from logits (finite at +-1000), dZL = AL - Y,
a one-layer network forward, backward and predict, and refused arguments named in full."""

import math

import numpy as np
import pytest
from gradcheck import THRESHOLD, numerical_gradient, relative_difference

from scratch import softmax

X = np.array([[1.0, 2.0], [3.0, 4.0]])                          # (n_0 = 2, m = 2)
B = np.array([[0.0], [math.log(2.0)], [0.0]])                   # softmax([0, ln 2, 0]) = [1/4, 1/2, 1/4]
PARAMETERS = {"W1": np.zeros((3, 2)), "b1": B}
Y = np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])              # classes 0 and 2


def test_convert_to_one_hot_puts_each_columns_1_at_its_class():
    one_hot = softmax.convert_to_one_hot(np.array([[1, 0, 2, 1]]), 3)
    np.testing.assert_array_equal(one_hot, [[0, 1, 0, 0], [1, 0, 0, 1], [0, 0, 1, 0]])
    assert one_hot.dtype == np.float64
    assert softmax.convert_to_one_hot(np.array([[0.0, 1.0]]), 2, dtype=np.float32).dtype == np.float32


def test_compute_cost_is_the_mean_log_probability_of_the_true_class():
    AL = np.array([[0.7, 0.2], [0.2, 0.5], [0.1, 0.3]])
    cost = softmax.compute_cost(AL, np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]))
    assert cost.shape == () and float(cost) == pytest.approx(-(math.log(0.7) + math.log(0.5)) / 2,
                                                             rel=1e-15)


def test_compute_cost_from_logits_by_hand_and_at_plus_minus_1000():
    """Columns [1, 0, 0] (class 0) and [0, 0, 0] (class 2): J = ((log(e + 2) - 1) + log 3) / 2.
    Logits [1000, 0] and [-1000, 0] with classes 1 and 0: each column's logsumexp is its max
    (exp(-1000) vanishes), so J = ((1000 - 0) + (0 + 1000)) / 2 = 1000, finite."""
    ZL = np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 0.0]])
    expected = ((math.log(math.e + 2) - 1) + math.log(3)) / 2
    assert float(softmax.compute_cost_from_logits(ZL, Y)) == pytest.approx(expected, rel=1e-15)
    big = np.array([[1000.0, -1000.0], [0.0, 0.0]])
    assert float(softmax.compute_cost_from_logits(big, np.array([[0.0, 1.0], [1.0, 0.0]]))) == 1000.0


def test_softmax_cross_entropy_backward_is_AL_minus_Y():
    AL = np.array([[0.25, 0.25], [0.5, 0.5], [0.25, 0.25]])
    np.testing.assert_array_equal(softmax.softmax_cross_entropy_backward(AL, Y),
                                  [[-0.75, 0.25], [0.5, 0.5], [0.25, -0.75]])


def test_one_layer_forward_backward_and_predict_by_hand():
    """W1 = 0: ZL = b1 in every column, AL = [1/4, 1/2, 1/4]. dZL = AL - Y (above), m = 2:
    dW1 = 1/2 dZL X.T = [[-0.125, -0.625], [0.75, 1.75], [-0.625, -1.125]], db1 = [-1/4, 1/2, -1/4],
    dA0 = W1.T dZL = 0. Every example's most probable class is 1."""
    AL, caches = softmax.L_model_forward(X, PARAMETERS)
    np.testing.assert_allclose(AL, [[0.25, 0.25], [0.5, 0.5], [0.25, 0.25]], rtol=1e-15)
    assert len(caches) == 1
    np.testing.assert_array_equal(caches[0][1], np.hstack([B, B]))
    grads = softmax.L_model_backward(AL, Y, caches)
    np.testing.assert_allclose(grads["dW1"], [[-0.125, -0.625], [0.75, 1.75], [-0.625, -1.125]],
                               rtol=1e-15)
    np.testing.assert_allclose(grads["db1"], [[-0.25], [0.5], [-0.25]], rtol=1e-15)
    np.testing.assert_array_equal(grads["dA0"], np.zeros((2, 2)))
    prediction = softmax.predict(X, PARAMETERS)
    assert prediction.dtype == np.int64 and prediction.tolist() == [[1, 1]]


def test_a_hidden_layer_uses_its_named_activation():
    """Hidden W1 = I, b1 = [-2, 0]: Z1 = [[-1, 0], [3, 4]]; relu (the default) gives
    [[0, 0], [3, 4]], tanh gives tanh(Z1); W2 = I passes A1 on as the logits, class 1 wins."""
    p = {"W1": np.eye(2), "b1": np.array([[-2.0], [0.0]]), "W2": np.eye(2), "b2": np.zeros((2, 1))}
    _, caches = softmax.L_model_forward(X, p)                     # relu by default
    np.testing.assert_array_equal(caches[1][0][0], [[0.0, 0.0], [3.0, 4.0]])
    _, caches = softmax.L_model_forward(X, p, ["tanh"])
    np.testing.assert_allclose(caches[1][0][0], np.tanh([[-1.0, 0.0], [3.0, 4.0]]), rtol=1e-15)
    assert softmax.predict(X, p, ["tanh"]).tolist() == [[1, 1]]


def test_a_three_layer_backward_pass_passes_the_gradient_check():
    """Hidden tanh then relu (different, so that a layer given the other's activation or cache is
    seen), softmax over 3 classes; the course's keys dA0 ... dA2, dW1 ... dW3, db1 ... db3."""
    rng = np.random.default_rng(7)
    sizes = [4, 5, 3, 3]
    p = {k: v for l in range(1, 4) for k, v in ((f"W{l}", rng.standard_normal((sizes[l], sizes[l - 1]))),
                                                 (f"b{l}", rng.standard_normal((sizes[l], 1)) * 0.1))}
    X4 = rng.standard_normal((4, 6))
    Y3 = softmax.convert_to_one_hot(np.array([[0, 1, 2, 2, 1, 0]]), 3)
    hidden = ["tanh", "relu"]
    AL, caches = softmax.L_model_forward(X4, p, hidden)
    grads = softmax.L_model_backward(AL, Y3, caches, hidden)
    assert sorted(grads) == ["dA0", "dA1", "dA2", "dW1", "dW2", "dW3", "db1", "db2", "db3"]
    for name in p:
        def cost(value, name=name):
            return softmax.compute_cost(softmax.L_model_forward(X4, {**p, name: value}, hidden)[0], Y3)
        assert relative_difference(grads[f"d{name}"], numerical_gradient(cost, p[name])) < THRESHOLD, name


def test_float32_probabilities_with_float64_or_integer_labels_stay_float32():
    AL = np.array([[0.25, 0.25], [0.5, 0.5], [0.25, 0.25]], np.float32)
    for labels in (Y, Y.astype(np.int64)):
        assert softmax.compute_cost(AL, labels).dtype == np.float32
        assert softmax.compute_cost_from_logits(np.log(AL), labels).dtype == np.float32
        assert softmax.softmax_cross_entropy_backward(AL, labels).dtype == np.float32
    p32 = {k: v.astype(np.float32) for k, v in PARAMETERS.items()}
    AL32, caches = softmax.L_model_forward(X.astype(np.float32), p32)
    assert {g.dtype for g in softmax.L_model_backward(AL32, Y, caches).values()} == {np.dtype(np.float32)}


def test_predict_uses_the_given_hidden_activations():
    """W1 = I, b1 = [-2, 0]: Z1's first column is [-1, 3]. W2 = [[1, 0], [0, 0]] makes the logits
    [A1[0], 0]: relu gives [0, 0] (a tie, argmax takes class 0), tanh gives [tanh(-1), 0] = [-0.76, 0]
    (class 1)."""
    p = {"W1": np.eye(2), "b1": np.array([[-2.0], [0.0]]), "W2": np.array([[1.0, 0.0], [0.0, 0.0]]),
         "b2": np.zeros((2, 1))}
    assert softmax.predict(X, p).tolist()[0][0] == 0
    assert softmax.predict(X, p, ["tanh"]).tolist()[0][0] == 1


F32 = np.float32
_AL, _CACHES = softmax.L_model_forward(X, PARAMETERS)


@pytest.mark.parametrize("call,error,message", [
    (lambda: softmax.convert_to_one_hot(np.array([[0, 3]]), 3), ValueError,
     r"^Y: expected class indices in 0 ... 2 \(C = 3\), got \[3\]$"),
    (lambda: softmax.convert_to_one_hot(np.array([[0, 1]]), 0), ValueError,
     r"^C: expected a positive integer, got 0$"),
    (lambda: softmax.compute_cost(np.full((3, 2), 1.5), Y), ValueError,
     r"^AL: expected probabilities in \[0, 1\], got values from 1.5 to 1.5$"),
    (lambda: softmax.compute_cost(_AL, np.ones((3, 2))), ValueError,
     r"^Y: expected one-hot columns \(one 1, the rest 0\), column 0 is \[1.0, 1.0, 1.0\]$"),
    (lambda: softmax.compute_cost(_AL, Y[:2]), ValueError, r"^Y: expected 3 rows, got shape \(2, 2\)$"),
    (lambda: softmax.compute_cost(_AL, Y[:, :1]), ValueError, r"^Y: expected 2 columns, got shape \(3, 1\)$"),
    (lambda: softmax.compute_cost_from_logits(np.ones(3), Y), ValueError, r"^ZL: expected a 2-D array"),
    (lambda: softmax.compute_cost_from_logits(np.ones((3, 2)), Y[:2]), ValueError,
     r"^Y: expected 3 rows, got shape \(2, 2\)$"),
    (lambda: softmax.softmax_cross_entropy_backward(-_AL, Y), ValueError,
     r"^AL: expected probabilities in \[0, 1\]"),
    (lambda: softmax.softmax_cross_entropy_backward(_AL, np.eye(3)), ValueError,
     r"^Y: expected 2 columns, got shape \(3, 3\)$"),
    (lambda: softmax.L_model_backward(_AL, np.eye(3), _CACHES), ValueError,
     r"^Y: expected 2 columns, got shape \(3, 3\)$"),
    (lambda: softmax.L_model_backward(_AL, 2 * Y, _CACHES), ValueError,
     r"^Y: expected one-hot columns \(one 1, the rest 0\), column 0 is \[2.0, 0.0, 0.0\]$"),
    (lambda: softmax.softmax_cross_entropy_backward(_AL, 2 * Y), ValueError, r"^Y: expected one-hot columns"),
    (lambda: softmax.L_model_backward(_AL[:2], Y, _CACHES), ValueError,
     r"^AL: expected 3 rows, got shape \(2, 2\)$"),
    (lambda: softmax.L_model_backward(_AL[:, :1], Y, _CACHES), ValueError,
     r"^AL: expected 2 columns, got shape \(3, 1\)$"),
    (lambda: softmax.L_model_backward(_AL.astype(F32), Y, _CACHES), TypeError,
     r"^expected one float dtype for all arrays, got AL: float32, Z: float64$"),
    (lambda: softmax.L_model_backward(_AL, Y, _CACHES, ["relu"]), ValueError,
     r"^activations: expected 0 names \(one per layer\), got \['relu'\]$"),
    (lambda: softmax.L_model_forward(X, PARAMETERS, ["relu"]), ValueError,
     r"^activations: expected 0 names \(one per layer\), got \['relu'\]$"),
    (lambda: softmax.L_model_forward(np.ones((3, 2)), PARAMETERS), ValueError,
     r"^X: expected 2 rows, got shape \(3, 2\)$"),
    (lambda: softmax.predict(X.astype(F32), PARAMETERS), TypeError,
     r"^expected one float dtype for all arrays, got X: float32, W1: float64$"),
])
def test_refused_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
