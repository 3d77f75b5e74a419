"""Input checks shared by both twins: every error names the argument, what was expected
and what was given.

This module holds the basic checks (float arrays and dtypes, matrices, finite values, labels, one
dtype per call, positive/non-negative numbers, choices, keys, seeds, progress callbacks) and
course 1's: logistic regression, the one-hidden-layer network, the L-layer network's parameters,
caches and grads. Course 2's topic checks build on them in their own modules:
regularization_checks, optimization_checks, batchnorm_checks, softmax_checks, practical_checks,
tuning_checks, tf_tutorial_checks and network_training_checks (none of them imported here).

The course's layout is assumed throughout: examples in columns, X: (n_x, m), Y: (1, m).
These helpers are NumPy-only; `tfimpl` calls them on its inputs before converting to tensors.
"""

import numpy as np

from conventions import layout
from conventions.vocabulary import SHALLOW_PARAMETERS

FLOAT_DTYPES = (np.float32, np.float64)


def as_float_array(name, a):
    """Return `a` as a float32/float64 ndarray (ints and bools become float64)."""
    arr = np.asarray(a)
    if arr.dtype.kind in "biu":  # pragma: no mutate (no dtype kind is X)
        arr = arr.astype(np.float64)  # pragma: no mutate (astype(None) is float64)
    if arr.dtype not in FLOAT_DTYPES:
        raise TypeError(f"{name}: expected a float32 or float64 array, got dtype {arr.dtype}")
    return arr


def check_float_dtype(dtype):
    """A float32 or float64 dtype given as NumPy's, TensorFlow's or a name; returns np.dtype
    (both twins' initialisers: the TF twin turns it into its own dtype)."""
    try:
        checked = np.dtype(getattr(dtype, "as_numpy_dtype", dtype))
    except TypeError:
        raise TypeError(f"dtype: expected float32 or float64, got {dtype!r}") from None
    if checked not in FLOAT_DTYPES:
        raise TypeError(f"dtype: expected float32 or float64, got {checked}")
    return checked


def check_matrix(name, a, rows=None, cols=None, finite=True):
    """Check that `a` is a 2-D float array, optionally with a given number of rows/columns.

    A rank-1 array is refused: the course's shapes are (n, m) or (n, 1), never (n,).
    """
    arr = as_float_array(name, a)
    if arr.ndim != 2:
        hint = f" (reshape to ({arr.shape[0]}, 1) or (1, {arr.shape[0]}))" if arr.ndim == 1 else ""
        raise ValueError(f"{name}: expected a 2-D array, got shape {arr.shape}{hint}")
    if rows is not None and arr.shape[0] != rows:
        raise ValueError(f"{name}: expected {rows} rows, got shape {arr.shape}")
    if cols is not None and arr.shape[1] != cols:
        raise ValueError(f"{name}: expected {cols} columns, got shape {arr.shape}")
    if finite:
        check_finite(name, arr)
    return arr


def check_finite(name, a):
    """Refuse NaN and +/-inf, reporting how many and where the first one is."""
    arr = np.asarray(a)
    bad = ~np.isfinite(arr)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name}: expected finite values, got {int(bad.sum())} NaN/inf "
            f"(first at index {first}: {arr[first]})"
        )
    return arr


def check_labels(name, Y, m=None, classes=(0, 1), dtype=None):
    """Check Y: (1, m) holding only the values in `classes` (default {0, 1}); with `dtype`, returned
    as that float dtype (the network's, so that a cost or dZ = AL - Y does not upcast)."""
    arr = check_matrix(name, Y, rows=1, cols=m)
    outside = ~np.isin(arr, classes)
    if outside.any():
        bad = np.unique(arr[outside])[:5]
        raise ValueError(f"{name}: expected labels in {set(classes)}, got values {bad.tolist()}")
    if dtype is None:
        return arr
    return arr.astype(
        dtype,
        copy=False,  # pragma: no mutate - copy=True or None: the same values, one more copy
    )


def check_same_dtype(**arrays):
    """Refuse mixing float32 and float64 arrays in one call (it would silently upcast)."""
    dtypes = {name: np.asarray(a).dtype for name, a in arrays.items()}
    if len(set(dtypes.values())) > 1:
        listing = ", ".join(f"{n}: {d}" for n, d in dtypes.items())
        raise TypeError(f"expected one float dtype for all arrays, got {listing}")


def check_positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name}: expected a positive integer, got {value!r}")
    return int(value)


def check_non_negative_int(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"{name}: expected a non-negative integer, got {value!r}")
    return int(value)


def check_positive_float(name, value):
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name}: expected a positive finite number, got {value!r}")
    return float(value)


def check_choice(name, value, choices):
    if value not in choices:
        raise ValueError(f"{name}: expected one of {sorted(choices)}, got {value!r}")
    return value


def check_logistic_inputs(w, b, X, Y=None):
    """Logistic regression's inputs: X: (n_x, m), w: (n_x, 1), b a scalar, Y: (1, m) in {0, 1}.

    Returns NumPy (w, b as a 0-d array, X, Y cast to X's dtype or None).
    """
    X = check_matrix("X", X)
    w = check_matrix("w", w, rows=X.shape[0], cols=1)
    b = np.asarray(b, dtype=w.dtype)
    if b.size != 1:
        raise ValueError(f"b: expected a scalar, got shape {b.shape}")
    check_same_dtype(w=w, X=X)
    if Y is not None:
        Y = check_labels("Y", Y, m=X.shape[1]).astype(X.dtype, copy=False)  # pragma: no mutate (copy only)
    return w, b.reshape(()), X, Y


# --- L-layer networks (course 1 week 4 and after) -----------------------------------------------
def check_layer_dims(layer_dims):
    """[n_0, n_1, ..., n_L] with L >= 1, every entry a positive integer."""
    sizes = list(layer_dims)
    if len(sizes) < 2:
        raise ValueError(f"layer_dims: expected [n_0, n_1, ..., n_L] with L >= 1, got {sizes}")
    return [check_positive_int(f"layer_dims[{i}]", n) for i, n in enumerate(sizes)]


def check_init_scale(scale, named_scales):
    """A positive number, or one of the named schemes (e.g. "xavier", "he")."""
    if isinstance(scale, str):
        return check_choice("scale", scale, named_scales)
    return check_positive_float("scale", scale)


def check_activations(activations, L, choices):
    """One activation name per layer, each among `choices`."""
    activations = list(activations)
    if len(activations) != L:
        raise ValueError(f"activations: expected {L} names (one per layer), got {activations}")
    for l, name in enumerate(activations, start=1):
        check_choice(f"activations[{l - 1}] (layer {l})", name, choices)
    return activations


def check_network_parameters(parameters):
    """W1..WL, b1..bL: 2-D, finite, shapes chaining (W{l}: (n_l, n_{l-1}), b{l}: (n_l, 1)), one
    dtype. Returns (checked NumPy parameters, [n_0, ..., n_L])."""
    checked = {}
    for l in range(1, layout.num_layers(parameters) + 1):
        checked[f"W{l}"] = check_matrix(f"parameters['W{l}']", parameters[f"W{l}"])
        checked[f"b{l}"] = check_matrix(f"parameters['b{l}']", parameters[f"b{l}"])
    sizes = layout.layer_sizes(checked)
    check_same_dtype(**{f"parameters['{k}']": v for k, v in checked.items()})
    return checked, sizes


def check_network_inputs(X, parameters, layers=None):
    """X: (n_0, m) matching W1, with the parameters checked (`layers`: the number of layers the
    network must have, e.g. 3 for course 2's 3-layer networks). Returns (X, parameters, sizes)."""
    parameters, sizes = check_network_parameters(parameters)
    if layers is not None and len(sizes) != layers + 1:
        names = ", ".join(f"W{l}, b{l}" for l in range(1, layers + 1))
        raise ValueError(f"parameters: expected the {layers}-layer network's {names}, got "
                         f"{len(sizes) - 1} layers")
    X = check_matrix("X", X, rows=sizes[0])
    check_same_dtype(X=X, W1=parameters["W1"])
    return X, parameters, sizes


def check_linear_cache(cache, name="cache"):
    """The course's linear cache (A_prev: (n_{l-1}, m), W: (n_l, n_{l-1}), b: (n_l, 1))."""
    try:
        A_prev, W, b = cache
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected the linear cache (A_prev, W, b)") from None
    W = check_matrix(f"{name}: W", W)
    A_prev = check_matrix(f"{name}: A_prev", A_prev, rows=W.shape[1])
    b = check_matrix(f"{name}: b", b, rows=W.shape[0], cols=1)
    check_same_dtype(A_prev=A_prev, W=W, b=b)
    return A_prev, W, b


def check_layer_cache(cache, name="cache"):
    """The course's layer cache (linear_cache, Z) with Z: (n_l, m) of the same dtype."""
    try:
        linear_cache, Z = cache
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected the layer cache (linear_cache, Z)") from None
    A_prev, W, b = check_linear_cache(linear_cache, f"{name}[0]")
    Z = check_matrix(f"{name}[1] (Z)", Z, rows=W.shape[0], cols=A_prev.shape[1])
    check_same_dtype(Z=Z, W=W)
    return (A_prev, W, b), Z


# --- the one-hidden-layer network (course 1 week 3) ---------------------------------------------


def check_keys(name, d, keys):
    """`d` is a dict holding at least `keys`."""
    if not isinstance(d, dict):
        raise TypeError(f"{name}: expected a dict with keys {list(keys)}, got {type(d).__name__}")
    missing = [k for k in keys if k not in d]
    if missing:
        raise KeyError(f"{name}: missing {missing} (expected keys {list(keys)}, got {sorted(d)})")


def check_shallow_parameters(parameters, n_x=None):
    """W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1), one float dtype (NumPy copies)."""
    check_keys("parameters", parameters, SHALLOW_PARAMETERS)
    W1 = check_matrix("parameters['W1']", parameters["W1"], cols=n_x)
    n_h = W1.shape[0]
    b1 = check_matrix("parameters['b1']", parameters["b1"], rows=n_h, cols=1)
    W2 = check_matrix("parameters['W2']", parameters["W2"], cols=n_h)
    b2 = check_matrix("parameters['b2']", parameters["b2"], rows=W2.shape[0], cols=1)
    check_same_dtype(W1=W1, b1=b1, W2=W2, b2=b2)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def check_shallow_inputs(X, parameters):
    """X: (n_x, m) with parameters whose W1 takes n_x inputs; returns (X, parameters)."""
    X = check_matrix("X", X)
    parameters = check_shallow_parameters(parameters, n_x=X.shape[0])
    check_same_dtype(X=X, W1=parameters["W1"])
    return X, parameters


def check_single_output_labels(Y, m, dtype, n_y=1):
    """Y: (1, m) in {0, 1} for a network with one sigmoid output unit, cast to `dtype`."""
    if n_y != 1:
        raise ValueError(f"parameters['W2']: expected 1 output unit (labels Y: (1, m)), "
                         f"got n_y = {n_y}")
    return check_labels("Y", Y, m=m).astype(dtype, copy=False)  # pragma: no mutate (copy: same values)


def check_shallow_grads(grads, parameters):
    """dW1, db1, dW2, db2 with their parameters' shapes and dtype."""
    check_keys("grads", grads, [f"d{n}" for n in SHALLOW_PARAMETERS])
    checked = {}
    for name in SHALLOW_PARAMETERS:
        shape = parameters[name].shape
        checked["d" + name] = check_matrix(f"grads['d{name}']", grads["d" + name],
                                           rows=shape[0], cols=shape[1])
    check_same_dtype(W1=parameters["W1"], **checked)
    return checked


def check_shallow_training(X, Y, n_h, num_iterations, learning_rate, initial_parameters=None):
    """`nn_model`'s arguments: X: (n_x, m), Y: (1, m) in {0, 1}, hyperparameters, and optional
    initial parameters that must be W1 (n_h, n_x), W2 (1, n_h).

    Returns (X, Y cast to X's dtype, n_h, num_iterations, learning_rate, NumPy copies of the
    initial parameters or None).
    """
    X = check_matrix("X", X)
    Y = check_matrix("Y", Y, cols=X.shape[1])  # pragma: no mutate (columns: checked again below)
    n_x, n_y = X.shape[0], Y.shape[0]
    Y = check_single_output_labels(Y, X.shape[1], X.dtype, n_y)  # pragma: no mutate (columns: checked above)
    n_h = check_positive_int("n_h", n_h)
    num_iterations = check_non_negative_int("num_iterations", num_iterations)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    parameters = None
    if initial_parameters is not None:
        _, parameters = check_shallow_inputs(X, initial_parameters)
        if parameters["W1"].shape[0] != n_h or parameters["W2"].shape[0] != n_y:
            raise ValueError(f"initial_parameters: expected W1 ({n_h}, {n_x}) and W2 ({n_y}, "
                             f"{n_h}), got {parameters['W1'].shape} and "
                             f"{parameters['W2'].shape}")
        parameters = {name: np.array(value, copy=True)  # pragma: no mutate (copy=True: the default)
                      for name, value in parameters.items()}
    return X, Y, n_h, num_iterations, learning_rate, parameters


# --- seeds and training callbacks (shared by both twins' initialisers and training loops) --------
def check_seed(seed):
    """A seed for the course's draws, as the random state to draw from.

    An int gives a fresh np.random.RandomState(seed): the legacy stream that the course's
    np.random.seed(seed) starts (NumPy's global state is never touched). A RandomState or a
    np.random.Generator is returned as given (drawing advances it). Both twins draw with its
    `standard_normal(shape)`, which for a RandomState is the stream of `randn(*shape)`.
    """
    if isinstance(seed, (np.random.RandomState, np.random.Generator)):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed: expected an int, a RandomState or a Generator, got {seed!r}")
    return np.random.RandomState(int(seed))


def check_progress(progress):
    """A training loop's `progress` callback: None or a callable progress(i, cost)."""
    if progress is not None and not callable(progress):
        raise TypeError(f"progress: expected None or a callable progress(i, cost), "
                        f"got {progress!r}")
    return progress


# --- L-layer networks: the backward pass's caches and the update's grads (both deep twins) -------
def check_layer_caches(caches):
    """The list L_model_forward returns: one layer cache per layer (check_layer_cache), chaining
    as a forward pass's would (layer l's A_prev has the shape of layer l-1's Z) in one dtype.
    Only shapes and dtypes are checked: the values may come from anywhere (the course's test
    cells draw them independently). Returns the list of checked NumPy caches."""
    caches = list(caches)
    if not caches:
        raise ValueError("caches: expected one cache per layer, got an empty list")
    checked = [check_layer_cache(c, f"caches[{l}]") for l, c in enumerate(caches)]
    for l in range(1, len(checked)):
        A_prev, Z_before = checked[l][0][0], checked[l - 1][1]
        if A_prev.shape != Z_before.shape:
            raise ValueError(f"caches[{l}][0]: A_prev: expected shape {Z_before.shape} (the shape "
                             f"of caches[{l - 1}]'s Z), got {A_prev.shape}")
    check_same_dtype(**{f"caches[{l}]": c[1] for l, c in enumerate(checked)})
    return checked


def check_network_grads(grads, parameters):
    """grads dW{l}, db{l} for every W{l}, b{l} of `parameters` (checked NumPy arrays), each with
    its parameter's shape and dtype. Returns {"dW1": ..., "db1": ..., ...} as NumPy arrays."""
    if not isinstance(grads, dict):
        raise TypeError(f"grads: expected a dict with keys dW1, db1, ..., got "
                        f"{type(grads).__name__}")
    checked = {}
    for name, value in parameters.items():
        key = f"d{name}"
        if key not in grads:
            raise KeyError(f"grads: missing {key!r} (has {sorted(grads)})")
        checked[key] = check_matrix(f"grads[{key!r}]", grads[key], *value.shape)
        check_same_dtype(**{f"grads[{key!r}]": checked[key], f"parameters[{name!r}]": value})
    return checked


# --- logistic regression's model (both logistic twins) ------------------------------------------
def check_logistic_model(X_train, Y_train, X_test, num_iterations, learning_rate, progress):
    """`model`'s inputs, checked as initialize_with_zeros, optimize and predict check theirs:
    X_train: (n_x, m), Y_train: (1, m) labels, X_test: (n_x, m_test) in X_train's dtype.
    Returns NumPy (X_train, Y_train, X_test, num_iterations, learning_rate, progress)."""
    X_train = check_matrix("X_train", X_train)
    check_positive_int("dim", X_train.shape[0])
    num_iterations = check_non_negative_int("num_iterations", num_iterations)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    w = np.zeros((X_train.shape[0], 1), X_train.dtype)
    _, _, X_train, Y_train = check_logistic_inputs(w, 0, X_train, Y_train)  # pragma: no mutate (b discarded)
    _, _, X_test, _ = check_logistic_inputs(w, 0, X_test)  # pragma: no mutate (b discarded)
    return X_train, Y_train, X_test, num_iterations, learning_rate, check_progress(progress)
