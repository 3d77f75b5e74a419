"""conventions.regularization_checks' L-layer checks rule by rule, each message in full: the keep
probabilities (one per hidden layer, the entry and layer named), the masks (a dict of exactly
D1 .. D{L-1}, each (n_l, m) in X's dtype, 0.0 / 1.0 only), the masks' seed (None, a RandomState
or an int in 0 .. 2**32 - 1) and gradient checking's refusal of dropout. Each boundary is
tested on both sides, so that a moved boundary (< for <=), a dropped rule or a wrong number in
a message fails here. NumPy only; every test well under a second."""

import re

import numpy as np
import pytest

from conventions import regularization_checks as reg

SIZES = [3, 4, 2, 1]            # n_0 .. n_3: L = 3, hidden layers 1 and 2
DEEP = [3, 4, 2, 2, 1]          # L = 4, hidden layers 1 .. 3


def _exactly(message):
    return f"^{re.escape(message)}$"


def _masks(m=5, sizes=SIZES, dtype=np.float64):
    """Every unit kept: D{l} = ones((n_l, m)) for l = 1 .. L-1."""
    return {f"D{l}": np.ones((sizes[l], m), dtype) for l in range(1, len(sizes) - 1)}


# --- check_keep_probs -------------------------------------------------------------------------------
def test_keep_probs_from_a_scalar_one_per_hidden_layer():
    assert reg.check_keep_probs(0.8, 3) == [0.8, 0.8]
    assert reg.check_keep_probs(1, 2) == [1.0]
    assert reg.check_keep_probs(0.5, 1) == []


@pytest.mark.parametrize("keep_prob", [[0.8, 0.5], (0.8, 0.5), np.array([0.8, 0.5]),
                                       np.array([[0.8, 0.5]]), np.array([[0.8], [0.5]])])
def test_keep_probs_from_a_sequence_or_an_array_in_layer_order(keep_prob):
    """A (1, 2) or (2, 1) array counts its entries, not its rows."""
    checked = reg.check_keep_probs(keep_prob, 3)
    assert checked == [0.8, 0.5] and all(type(k) is float for k in checked)


@pytest.mark.parametrize("keep_prob, L, message", [
    ([0.8, 0.5, 0.9], 3, "keep_prob: expected one value or 2 (one per hidden layer; the output "
                         "layer 3 is never dropped), got 3: [0.8, 0.5, 0.9]"),
    ((0.8,), 3, "keep_prob: expected one value or 2 (one per hidden layer; the output layer 3 is "
                "never dropped), got 1: [0.8]"),
    ([0.8, 0.5], 4, "keep_prob: expected one value or 3 (one per hidden layer; the output layer 4 "
                    "is never dropped), got 2: [0.8, 0.5]"),
])
def test_keep_probs_of_the_wrong_length_name_the_count_and_the_output_layer(keep_prob, L, message):
    with pytest.raises(ValueError, match=_exactly(message)):
        reg.check_keep_probs(keep_prob, L)


@pytest.mark.parametrize("keep_prob, message", [
    ([0, 0.5, 0.5], "keep_prob[0] (layer 1): expected a probability in (0, 1], got 0"),
    ([0.5, 1.5, 0.5], "keep_prob[1] (layer 2): expected a probability in (0, 1], got 1.5"),
    ([0.5, 0.5, -0.2], "keep_prob[2] (layer 3): expected a probability in (0, 1], got -0.2"),
    ([0.5, True, 0.5], "keep_prob[1] (layer 2): expected a probability in (0, 1], got True"),
    ([0.5, 0.5, "1"], "keep_prob[2] (layer 3): expected a probability in (0, 1], got '1'"),
    ([0.5, 1, 2], "keep_prob[2] (layer 3): expected a probability in (0, 1], got 2"),
])
def test_a_bad_keep_prob_entry_is_named_by_index_and_layer(keep_prob, message):
    """Entries are judged as given (a bool or a string is no probability, even inside a list of
    floats, and an int is shown as the int written)."""
    with pytest.raises(ValueError, match=_exactly(message)):
        reg.check_keep_probs(keep_prob, 4)


def test_keep_prob_edges_one_kept_zero_and_above_one_refused():
    assert reg.check_keep_probs([1, 1.0], 3) == [1.0, 1.0]
    with pytest.raises(ValueError, match=_exactly("keep_prob: expected a probability in (0, 1], got 0")):
        reg.check_keep_probs(0, 3)
    with pytest.raises(ValueError, match=_exactly("keep_prob[0] (layer 1): expected a probability in "
                                                  "(0, 1], got 1.0000001")):
        reg.check_keep_probs([1.0000001, 1], 3)


# --- check_masks ------------------------------------------------------------------------------------
def test_masks_accepted_are_returned_by_name_in_layer_order():
    masks = {"D2": np.array([[0.0, 1.0]] * 2), "D1": np.array([[1.0, 0.0]] * 4)}
    checked = reg.check_masks(masks, SIZES, 2, np.float64)
    assert list(checked) == ["D1", "D2"]
    assert np.array_equal(checked["D1"], masks["D1"]) and np.array_equal(checked["D2"], masks["D2"])
    assert reg.check_masks({}, [3, 1], 5, np.float64) == {}


@pytest.mark.parametrize("masks, name", [([np.ones((4, 5))], "list"), (None, "NoneType"),
                                         (np.ones((4, 5)), "ndarray")])
def test_masks_must_be_a_dict_of_the_hidden_layers(masks, name):
    with pytest.raises(TypeError, match=_exactly(f"masks: expected a dict D1 .. D2, got {name}")):
        reg.check_masks(masks, SIZES, 5, np.float64)
    with pytest.raises(TypeError, match=_exactly(f"masks: expected a dict D1 .. D3, got {name}")):
        reg.check_masks(masks, DEEP, 5, np.float64)


@pytest.mark.parametrize("sizes, L", [(SIZES, 3), (DEEP, 4)])
def test_a_mask_for_the_output_layer_is_refused_by_name(sizes, L):
    masks = {**_masks(sizes=sizes), f"D{L}": np.ones((1, 5))}
    message = (f"masks: D{L} would drop units of the output layer {L}; dropout applies to the "
               f"hidden layers 1 .. {L - 1} only")
    with pytest.raises(ValueError, match=_exactly(message)):
        reg.check_masks(masks, sizes, 5, np.float64)


@pytest.mark.parametrize("names, got", [(["D1"], "['D1']"), (["D1", "D2", "D4"], "['D1', 'D2', 'D4']"),
                                        (["D0", "D1", "D2"], "['D0', 'D1', 'D2']"),
                                        (["D2", "d1"], "['D2', 'd1']")])
def test_masks_must_be_exactly_one_per_hidden_layer(names, got):
    masks = {name: np.ones((4, 5)) for name in names}
    message = f"masks: expected exactly ['D1', 'D2'] (one per hidden layer), got {got}"
    with pytest.raises(ValueError, match=_exactly(message)):
        reg.check_masks(masks, SIZES, 5, np.float64)


@pytest.mark.parametrize("name, shape, message", [
    ("D1", (3, 5), "masks['D1']: expected 4 rows, got shape (3, 5)"),
    ("D2", (4, 5), "masks['D2']: expected 2 rows, got shape (4, 5)"),
    ("D2", (2, 6), "masks['D2']: expected 5 columns, got shape (2, 6)"),
    ("D1", (4,), "masks['D1']: expected a 2-D array, got shape (4,) (reshape to (4, 1) or (1, 4))"),
])
def test_each_mask_has_its_layers_rows_and_m_columns(name, shape, message):
    """D{l} is (n_l, m): n_1 = 4 rows for D1, n_2 = 2 for D2 (a mask of the wrong layer's size
    would broadcast or fail far from the argument)."""
    masks = {**_masks(), name: np.ones(shape)}
    with pytest.raises(ValueError, match=_exactly(message)):
        reg.check_masks(masks, SIZES, 5, np.float64)


@pytest.mark.parametrize("mask_dtype, dtype, message", [
    (np.float64, np.float32, "masks['D2']: expected float32 (the dtype of X), got float64"),
    (np.float32, np.float64, "masks['D2']: expected float64 (the dtype of X), got float32"),
])
def test_masks_are_in_the_dtype_of_X(mask_dtype, dtype, message):
    masks = {"D1": np.ones((4, 5), dtype), "D2": np.ones((2, 5), mask_dtype)}
    with pytest.raises(ValueError, match=_exactly(message)):
        reg.check_masks(masks, SIZES, 5, dtype)
    checked = reg.check_masks(_masks(dtype=dtype), SIZES, 5, np.dtype(dtype))
    assert all(D.dtype == dtype for D in checked.values())


@pytest.mark.parametrize("name, entry, index, shown", [("D1", 0.5, (0, 1), "0.5"), ("D2", 2.0, (1, 3), "2.0"),
                                                       ("D2", -1.0, (0, 0), "-1.0")])
def test_a_mask_entry_other_than_0_or_1_is_named_with_its_index(name, entry, index, shown):
    masks = _masks()
    masks[name][index] = entry
    message = (f"masks['{name}'] holds {shown} at index {index}: a mask holds 0.0 (dropped) or 1.0 "
               f"(kept) only")
    with pytest.raises(ValueError, match=_exactly(message)):
        reg.check_masks(masks, SIZES, 5, np.float64)


# --- check_mask_seed --------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 1, 64, 2**32 - 1, np.int64(7), np.uint32(2**32 - 1)])
def test_mask_seed_ints_from_0_to_2_32_minus_1_come_back_as_int(seed):
    checked = reg.check_mask_seed(seed)
    assert checked == int(seed) and type(checked) is int


def test_mask_seed_none_and_a_random_state_come_back_unchanged():
    stream = np.random.RandomState(3)
    assert reg.check_mask_seed(None) is None and reg.check_mask_seed(stream) is stream


@pytest.mark.parametrize("seed, shown", [(-1, "-1"), (2**32, "4294967296"), (2**33 - 1, "8589934591"),
                                         (3**32 - 1, "1853020188851840"), (True, "True"), (False, "False"),
                                         (1.0, "1.0"), ("1", "'1'"), ([1], "[1]")])
def test_a_bad_mask_seed_is_refused_by_name(seed, shown):
    message = (f"mask_seed: expected None, an int in 0 .. 2**32 - 1 or a np.random.RandomState, "
               f"got {shown}")
    with pytest.raises(ValueError, match=_exactly(message)):
        reg.check_mask_seed(seed)


# --- check_no_dropout -------------------------------------------------------------------------------
@pytest.mark.parametrize("keep_prob", [1, 1.0, np.float32(1), [1, 1.0], (1.0,), np.ones(3),
                                       np.ones((1, 2)), np.ones((2, 1)), []])
def test_gradient_checking_accepts_dropout_off_everywhere(keep_prob):
    result = reg.check_no_dropout(keep_prob)
    assert result == 1.0 and type(result) is float


@pytest.mark.parametrize("keep_prob, shown", [
    (0.5, "0.5"), (0, "0"), (1.5, "1.5"), (0.9999999, "0.9999999"), ([1, 0.8], "[1, 0.8]"),
    ((0.8, 1), "(0.8, 1)"), (np.array([[1.0, 0.5]]), "array([[1. , 0.5]])"),
    (np.array([[1.0], [0.5]]), "array([[1. ],\n       [0.5]])"), (["1", "1"], "['1', '1']"),
    (None, "None"), ([1, None], "[1, None]"),
])
def test_gradient_checking_refuses_dropout_naming_keep_prob(keep_prob, shown):
    message = (f"keep_prob: gradient checking needs dropout off (keep_prob=1), got {shown}: with "
               f"dropout every evaluation of J drops other units, so the central differences do not "
               f"approximate one gradient; check with keep_prob=1, then turn dropout back on")
    with pytest.raises(ValueError, match=_exactly(message)):
        reg.check_no_dropout(keep_prob)
