"""conventions.validation and the course-2 checks built on it (regularization_checks,
optimization_checks, batchnorm_checks, softmax_checks) rule by rule: each check's boundary
(accepted on one side, refused on the other) and its message in full (the argument, what was
expected, what was given), so that a boundary moved (< for <=), a rule dropped or a name replaced
fails here."""

import numpy as np
import pytest

from conventions import batchnorm_checks as bn
from conventions import optimization_checks as opt
from conventions import regularization_checks as reg
from conventions import softmax_checks as sm
from conventions import validation as v


def test_as_float_array_converts_integers_and_bools_and_refuses_the_rest():
    assert v.as_float_array("x", [1, 2]).dtype == np.float64
    assert v.as_float_array("x", [True]).dtype == np.float64
    assert v.as_float_array("x", np.ones(2, np.float32)).dtype == np.float32
    with pytest.raises(TypeError, match=r"^x: expected a float32 or float64 array, got dtype float16$"):
        v.as_float_array("x", np.ones(2, np.float16))


def test_check_matrix_rules_and_messages():
    a = np.ones((2, 3))
    assert v.check_matrix("A", a, rows=2, cols=3) is not None
    with pytest.raises(ValueError, match=r"^A: expected a 2-D array, got shape \(3,\) \(reshape to \(3, 1\) "
                                         r"or \(1, 3\)\)$"):
        v.check_matrix("A", np.ones(3))
    with pytest.raises(ValueError, match=r"^A: expected a 2-D array, got shape \(1, 1, 1\)$"):
        v.check_matrix("A", np.ones((1, 1, 1)))
    with pytest.raises(ValueError, match=r"^A: expected 3 rows, got shape \(2, 3\)$"):
        v.check_matrix("A", a, rows=3)
    with pytest.raises(ValueError, match=r"^A: expected 2 columns, got shape \(2, 3\)$"):
        v.check_matrix("A", a, cols=2)
    bad = np.array([[1.0, np.nan], [np.inf, 0.0]])
    with pytest.raises(ValueError, match=r"^A: expected finite values, got 2 NaN/inf \(first at index "
                                         r"\(0, 1\): nan\)$"):
        v.check_matrix("A", bad)
    assert np.isnan(v.check_matrix("A", bad, finite=False)[0, 1])


def test_check_labels_and_same_dtype():
    assert v.check_labels("Y", np.array([[0, 1, 1]]), m=3).dtype == np.float64
    with pytest.raises(ValueError, match=r"^Y: expected labels in \{0, 1\}, got values \[-1.0, 2.0\]$"):
        v.check_labels("Y", np.array([[2, -1, 1]]))
    v.check_same_dtype(a=np.ones(1), b=np.ones(1))
    with pytest.raises(TypeError, match=r"^expected one float dtype for all arrays, got a: float64, "
                                        r"b: float32, c: float64$"):
        v.check_same_dtype(a=np.ones(1), b=np.ones(1, np.float32), c=np.ones(1))


@pytest.mark.parametrize("check,good,bad,message", [
    (v.check_positive_int, [1, np.int64(7)], [0, True, 1.0, -3], "n: expected a positive integer, got "),
    (v.check_non_negative_int, [0, 5], [-1, False, 0.5], "n: expected a non-negative integer, got "),
    (v.check_positive_float, [1e-300, 2], [0, -1.0, np.inf, np.nan],
        "n: expected a positive finite number, got "),
    (opt.check_non_negative_float, [0, 0.5], [-1e-12, np.inf, True],
        "n: expected a finite number >= 0, got "),
    (opt.check_decay_rate, [0, 0.999], [1, 1.0, -0.1, np.nan, True, False],
        "n: expected a number with 0 <= n < 1, got "),
])
def test_number_checks_at_their_boundaries(check, good, bad, message):
    for value in good:
        assert check("n", value) == value
    for value in bad:
        with pytest.raises(ValueError) as err:
            check("n", value)
        assert str(err.value) == message + repr(value)


def test_number_checks_of_named_hyperparameters():
    assert reg.check_lambd(0) == 0.0 and reg.check_lambd(np.float32(0.5)) == 0.5
    for bad in (-0.1, np.inf, True, "0.1"):
        with pytest.raises(ValueError, match=r"^lambd: expected a finite number >= 0, got "):
            reg.check_lambd(bad)
    assert reg.check_keep_prob(1) == 1.0 and reg.check_keep_prob(1e-9) == 1e-9
    for bad in (0, 1.01, True, None):
        with pytest.raises(ValueError, match=rf"^keep_prob: expected a probability in \(0, 1\], got"
                                             rf" {bad!r}$"):
            reg.check_keep_prob(bad)
    assert opt.check_adam_step(1) == 1
    for bad in (0, True, 2.0):
        with pytest.raises(ValueError, match=rf"^t: expected a positive integer, .*got {bad!r}$"):
            opt.check_adam_step(bad)
    assert bn.check_momentum(0) == 0.0 and bn.check_momentum(0.99) == 0.99
    for bad in (1, -0.5, True, "0.9"):
        with pytest.raises(ValueError, match=r"^momentum: expected a number in \[0, 1\)"):
            bn.check_momentum(bad)
    assert bn.check_epsilon(1e-8) == 1e-8
    with pytest.raises(TypeError, match=r"^epsilon: expected a positive number, got True$"):
        bn.check_epsilon(True)


def test_choices_seeds_and_callbacks():
    assert v.check_choice("mode", "b", ("a", "b")) == "b"
    with pytest.raises(ValueError, match=r"^mode: expected one of \['a', 'b'\], got 'c'$"):
        v.check_choice("mode", "c", ("b", "a"))
    state = np.random.RandomState(0)
    assert v.check_seed(state) is state
    assert v.check_seed(np.int64(3)).randn() == np.random.RandomState(3).randn()
    with pytest.raises(TypeError, match=r"^seed: expected an int, a RandomState or a Generator, got True$"):
        v.check_seed(True)
    assert v.check_progress(None) is None and v.check_progress(print) is print
    with pytest.raises(TypeError, match=r"^progress: expected None or a callable progress\(i, cost\),"
                                        r" got 3$"):
        v.check_progress(3)


def test_softmax_label_checks():
    np.testing.assert_array_equal(sm.check_class_labels(np.array([[0.0, 2.0]]), 3), [[0, 2]])
    assert sm.check_class_labels(np.array([[0, 2]]), 3).dtype == np.int64
    cases = [
        (np.array([0, 1]), ValueError, r"^Y: expected class indices of shape \(1, m\), got shape \(2,\)$"),
        (np.array([[0], [1]]), ValueError,
            r"^Y: expected class indices of shape \(1, m\), got shape \(2, 1\)$"),
        (np.array([["a"]]), TypeError, r"^Y: expected integer class indices, got dtype <U1$"),
        (np.array([[np.nan]]), TypeError, r"^Y: expected integer class indices, got dtype float64$"),
        (np.array([[0.5, 1.0]]), ValueError, r"^Y: expected whole class indices, got \[0.5\]$"),
        (np.array([[-1, 3, 1]]), ValueError,
            r"^Y: expected class indices in 0 ... 2 \(C = 3\), got \[-1, 3\]$"),
    ]
    for Y, error, message in cases:
        with pytest.raises(error, match=message):
            sm.check_class_labels(Y, 3)
    one_hot = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert sm.check_one_hot("Y", one_hot, 2, 2, np.float32).dtype == np.float32
    with pytest.raises(ValueError, match=r"^Y: expected one-hot columns \(one 1, the rest 0\), column 1 is "
                                         r"\[0.5, 0.5\]$"):
        sm.check_one_hot("Y", np.array([[1.0, 0.5], [0.0, 0.5]]))
    with pytest.raises(ValueError, match=r"^Y: expected one-hot columns .*column 0 is \[0.0, 0.0\]$"):
        sm.check_one_hot("Y", np.zeros((2, 2)))
    assert sm.check_probabilities("A", np.array([[0.0, 1.0]])) is not None
    with pytest.raises(ValueError, match=r"^A: expected probabilities in \[0, 1\], got values from -0.5"
                                         r" to 1.0$"):
        sm.check_probabilities("A", np.array([[-0.5, 1.0]]))
    with pytest.raises(ValueError, match=r"^A: expected 2 rows"):
        sm.check_probabilities("A", np.array([[0.5, 0.5]]), rows=2)


def test_named_caches_and_layer_caches():
    names = ("Z", "A")
    checked = reg.check_named_cache([np.ones((1, 2)), np.zeros((1, 2))], names)
    assert isinstance(checked, tuple) and len(checked) == 2
    with pytest.raises(ValueError, match=r"^cache: expected the tuple \(Z, A\), got tuple of length 1$"):
        reg.check_named_cache((np.ones((1, 2)),), names)
    with pytest.raises(ValueError, match=r"^cache: expected the tuple \(Z, A\), got int of length \?$"):
        reg.check_named_cache(3, names)
    with pytest.raises(ValueError, match=r"^cache\[1\] \(A\): expected a 2-D array"):
        reg.check_named_cache((np.ones((1, 2)), np.ones(2)), names)
    with pytest.raises(TypeError, match=r"^expected one float dtype for all arrays, got Z: float64, A:"
                                        r" float32$"):
        reg.check_named_cache((np.ones((1, 2)), np.ones((1, 2), np.float32)), names)
    layer = ((np.ones((2, 4)), np.ones((3, 2)), np.ones((3, 1))), np.ones((3, 4)))
    second = ((np.ones((2, 4)), np.ones((1, 2)), np.ones((1, 1))), np.ones((1, 4)))
    with pytest.raises(ValueError, match=r"^caches: expected one cache per layer, got an empty list$"):
        v.check_layer_caches([])
    with pytest.raises(ValueError, match=r"^caches\[1\]\[0\]: A_prev: expected shape \(3, 4\) \(the shape of "
                                         r"caches\[0\]'s Z\), got \(2, 4\)$"):
        v.check_layer_caches([layer, second])
    with pytest.raises(ValueError, match=r"^caches\[0\]\[1\] \(Z\): expected 3 rows, got shape \(2, 4\)$"):
        v.check_layer_caches([(layer[0], np.ones((2, 4)))])
