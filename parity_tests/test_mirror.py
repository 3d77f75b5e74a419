"""The twins mirror each other: the same public functions with the same signatures, and the same
answers to the same calls.

(a) Names and signatures. For every module of conventions.vocabulary.COURSE_MODULES, scratch.<m>
    and tfimpl.<m> define the same public functions, with the same parameter names, kinds and
    defaults (a dtype default compares by its name: np.float64 and tf.float64 are both
    "float64"). What only the TF twin has is listed, with its reason, in TF_ONLY and
    TF_ONLY_KEYWORDS.
(b) Behaviour. Every public function of every scratch course module has inputs in MIRROR (keyed
    "module.function"); a function without them FAILS ("no mirror inputs for module.function"),
    so a new module or function is picked up by itself. Its tfimpl twin is called with the very
    same arguments, drawn as the course's test cells draw them: independently of each other
    (L_model_backward gets an AL and caches that no forward pass links), square layers, single
    units and m = 1 among the shapes, the same seeds (the same global NumPy state where the
    course seeds globally). Results must agree within the float64 bound of dlparity.tolerances
    for the work involved, and bit for bit (bound 0) for initialisers and seeded functions.
    Random draws go through dlparity.conditioning.draw, the catalogue's one rule for
    ill-conditioned draws (redrawn, boundedly, when scratch's own result is not stable to a few
    ulps at the scale of the bound).
(c) Negative twins: an initialiser drawing from TensorFlow's generator, and a backward pass that
    recomputes the forward pass from the caches instead of using the given AL, are installed by
    kernel name and must both be caught.

`python parity_tests/test_mirror.py` prints the worst difference of every function and module.
"""

import contextlib
import copy
import importlib
import inspect
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

if __name__ == "__main__":                          # run as a script from the repository
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conventions.vocabulary import ACTIVATIONS, COURSE_MODULES  # noqa: E402
from dlparity import checker, conditioning, tolerances  # noqa: E402

tf = pytest.importorskip("tensorflow")

DTYPE = "float64"
MIRROR_SEED = 12        # draw n's generator: default_rng(MIRROR_SEED * 1000 + n)
DRAWS = 4               # draws per mirror variant: draw n takes the n-th shapes of each table

# --- (a) names and signatures --------------------------------------------------------------------
TF_ONLY = {
    # (The Keras bridge of the L-layer network, to_keras / from_keras / fit_keras and the course's
    # leaky ReLU as a Keras activation, lives in tfimpl.keras_bridge, no course module: scratch
    # has no Keras model. tfimpl.deep re-exports it; re-exports are not deep's own functions.)
    # Keras's initialisers (TF's generator): judged distributionally in test_initialization.py.
    "initialization.keras_initializer", "initialization.initialize_parameters_keras",
    # Keras's L2 regulariser and Dropout layer at the course's settings (test_regularization.py).
    "regularization.keras_l2", "regularization.keras_dropout",
    # Keras's Normalization, EarlyStopping and RandomFlip at the toolkit's settings
    # (test_practical.py).
    "practical.keras_normalization", "practical.keras_early_stopping",
    "practical.keras_random_flip",
    # The tutorial's network trained by Keras's model.fit (its parity: dlparity/cases/tf_tutorial.py).
    "tf_tutorial.fit_keras",
    # The Keras models of course 2's mini-batch networks trained by model.fit.
    "batchnorm.fit_keras_bn", "softmax.fit_keras",
}
TF_ONLY_KEYWORDS = {
    # The TF loops choose between eager steps and one tf.function step; scratch runs one way.
    "deep.L_layer_model": {"compiled"},
    "shallow.nn_model": {"compiled"},
    "logistic.optimize": {"compiled"},
    "initialization.model": {"compiled"},
    "batchnorm.L_layer_model_bn": {"compiled"},
    "softmax.L_layer_model": {"compiled"},
    "optimization.model": {"compiled"},
}


def _twins(name):
    """(scratch.<name>, tfimpl.<name>); a course module without both twins fails by name."""
    twins = []
    for package in ("scratch", "tfimpl"):
        try:
            twins.append(importlib.import_module(f"{package}.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"{package}.{name}":
                raise
            pytest.fail(f"course module {name!r} (conventions.vocabulary.COURSE_MODULES) has no "
                        f"{package}.{name}")
    return tuple(twins)


def public_functions(module):
    """{name: function} defined in `module` itself (not imported), not starting with "_"."""
    return {name: value for name, value in vars(module).items()
            if inspect.isfunction(value) and not name.startswith("_")
            and value.__module__ == module.__name__}


def _default(value):
    """A parameter default in comparable form: dtypes by name, anything else as itself."""
    if isinstance(value, tf.DType):
        return ("dtype", value.name)
    if isinstance(value, np.dtype) or (isinstance(value, type) and issubclass(value, np.generic)):
        return ("dtype", np.dtype(value).name)
    return value


def signature_of(function, skip=()):
    return [(p.name, p.kind.name, _default(p.default))
            for p in inspect.signature(function).parameters.values() if p.name not in skip]


@pytest.mark.parametrize("name", COURSE_MODULES)
def test_twins_define_the_same_public_functions_with_the_same_signatures(name):
    scratch, tfimpl = _twins(name)
    ours, theirs = public_functions(scratch), public_functions(tfimpl)
    allowed = {q.split(".", 1)[1] for q in TF_ONLY if q.startswith(f"{name}.")}
    assert allowed <= set(theirs), f"TF_ONLY lists {sorted(allowed - set(theirs))}: gone"
    assert sorted(ours) == sorted(set(theirs) - allowed), (
        f"{name}: only scratch: {sorted(set(ours) - set(theirs))}; only tfimpl (not in TF_ONLY): "
        f"{sorted(set(theirs) - allowed - set(ours))}")
    for function in ours:
        extra = TF_ONLY_KEYWORDS.get(f"{name}.{function}", set())
        tf_parameters = inspect.signature(theirs[function]).parameters
        assert extra <= set(tf_parameters), f"TF_ONLY_KEYWORDS lists {name}.{function}: {extra}"
        assert signature_of(ours[function]) == signature_of(theirs[function], skip=extra), (
            f"{name}.{function}: scratch {inspect.signature(ours[function])} vs tfimpl "
            f"{inspect.signature(theirs[function])}")


def test_a_dtype_default_compares_by_name_and_a_different_default_does_not_pass():
    def a(x, dtype=np.float64, seed=2):
        pass

    def b(x, dtype=tf.float64, seed=2):
        pass

    def c(x, dtype=tf.float32, seed=2):
        pass

    def d(x, dtype=np.float64, *, seed=2):
        pass

    assert signature_of(a) == signature_of(b)
    assert signature_of(a) != signature_of(c)        # another dtype
    assert signature_of(a) != signature_of(d)        # seed became keyword-only


# --- (b) inputs: drawn independently, as the course's test cells draw them -----------------------
# (sizes, m) in turn for the draws of a variant: square layers with one example, a single input
# unit and a single hidden unit, and a general stack.
SHAPES = (([3, 3, 3, 1], 1), ([1, 4, 4, 1], 5), ([5, 2, 1, 1], 7), ([4, 6, 3, 1], 2))
HIDDEN = {0: "relu", 1: "tanh", 2: "leaky_relu", 3: "sigmoid"}


_DRAW = [0]             # the number of the draw being made (set by `draw`): it picks the shapes


def _in_turn(table):
    """The entry of `table` for the draw being made: draws 0, 1, 2, ... take them in turn, and a
    redraw (conditioning) keeps its draw's shapes."""
    return table[_DRAW[0] % len(table)]


def _shape(rng):
    return _in_turn(SHAPES)


def _normal(rng, *shape, scale=1.0):
    return scale * rng.standard_normal(shape)


def _labels(rng, m):
    """(1, m) labels in {0, 1}, both classes present whenever m > 1."""
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    if m > 1:
        Y[0, 0] = 1.0 - Y[0, -1]
    return Y


def _with_grads(draw):
    """draw(rng) plus grads dW1, db1, ... drawn independently of the parameters."""
    def with_grads(rng):
        i = draw(rng)
        i["grads"] = {f"d{k}": _normal(rng, *v.shape) for k, v in i["parameters"].items()}
        return i
    return with_grads


def _probabilities(rng, rows, m):
    return rng.uniform(0.05, 0.95, (rows, m))


def _parameters(rng, sizes):
    return {k: v for l in range(1, len(sizes)) for k, v in (
        (f"W{l}", _normal(rng, sizes[l], sizes[l - 1])), (f"b{l}", _normal(rng, sizes[l], 1)))}


def _activations(rng, L):
    hidden = [HIDDEN[int(i)] for i in rng.integers(0, len(HIDDEN), L - 1)]
    return hidden + ["sigmoid"]


def _layer_cache(rng, n_prev, n, m):
    """((A_prev, W, b), Z) drawn independently: Z is not W A_prev + b."""
    return ((_normal(rng, n_prev, m), _normal(rng, n, n_prev), _normal(rng, n, 1)),
            _normal(rng, n, m))


def _network(rng):
    sizes, m = _shape(rng)
    L = len(sizes) - 1
    return {"sizes": sizes, "m": m, "X": _normal(rng, sizes[0], m), "Y": _labels(rng, m),
            "parameters": _parameters(rng, sizes), "activations": _activations(rng, L)}


def _independent_backward(rng):
    """AL, Y and caches drawn independently of each other (the course's L_model_backward cell)."""
    sizes, m = _shape(rng)
    L = len(sizes) - 1
    return {"sizes": sizes, "m": m, "AL": _probabilities(rng, 1, m), "Y": _labels(rng, m),
            "caches": [_layer_cache(rng, sizes[l - 1], sizes[l], m) for l in range(1, L + 1)],
            "activations": _activations(rng, L)}


def _shallow_network(rng):
    n_x, n_h, m = _in_turn(((3, 3, 1), (1, 1, 5), (2, 4, 8), (4, 2, 2)))
    sizes = [n_x, n_h, 1]
    return {"sizes": sizes, "m": m, "n_x": n_x, "n_h": n_h, "X": _normal(rng, n_x, m),
            "Y": _labels(rng, m), "parameters": _parameters(rng, sizes)}


def _shallow_backward(rng):
    """parameters, cache, X, Y drawn independently (the course's backward_propagation cell)."""
    i = _shallow_network(rng)
    n_h, m = i["n_h"], i["m"]
    i["cache"] = {"Z1": _normal(rng, n_h, m), "A1": rng.uniform(-1, 1, (n_h, m)),
                  "Z2": _normal(rng, 1, m), "A2": _probabilities(rng, 1, m)}
    return i


def _logistic(rng):
    n, m = _in_turn(((2, 3), (1, 1), (4, 6), (3, 1)))
    return {"n": n, "m": m, "w": _normal(rng, n, 1, scale=0.5), "b": float(rng.standard_normal()),
            "X": _normal(rng, n, m), "Y": _labels(rng, m), "X_test": _normal(rng, n, 4),
            "Y_test": _labels(rng, 4)}


def _recording(train):
    """train(progress) with a fresh recorder: (train's result, [(i, cost), ...] recorded)."""
    calls = []
    result = train(lambda i, cost: calls.append((i, cost)))
    return {"result": result, "progress": calls}


@contextlib.contextmanager
def _global_seed(seed):
    """NumPy's global stream seeded as the course does (np.random.seed), restored afterwards."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def _seeded_globally(seed, function, *args, **kwargs):
    with _global_seed(seed):
        return function(*args, **kwargs)


# --- bounds -----------------------------------------------------------------------------------------
EXACT = 0.0


def _elementwise(i):
    return tolerances.tolerance(DTYPE, "elementwise")


def _exact(i):
    return EXACT


def _reduction(n_of):
    return lambda i: tolerances.tolerance(DTYPE, "reduction", n_of(i))


def _trajectory(n_of, steps):
    return lambda i: tolerances.tolerance(DTYPE, "trajectory", n_of(i), steps)


def _network_n(i):
    """The longest chain of sums in a pass through the network: every layer's width, and m."""
    return sum(i["sizes"]) + i["m"]


@dataclass(frozen=True)
class Mirror:
    """One way of calling a function: draw(rng) -> inputs, call(module, inputs) -> result,
    bound(inputs) -> the tolerance (0.0: bit for bit)."""
    label: str
    draw: object
    call: object
    bound: object


M = Mirror
TRAIN_STEPS = 101          # two recorded costs (iterations 0 and 100) in logistic and deep
SHALLOW_STEPS = 1001       # two recorded costs (iterations 0 and 1000) in shallow


def _activation_mirrors(name):
    reduction = name == "softmax"                 # softmax sums over the classes (rows)
    bound = _reduction(lambda i: i["Z"].shape[0]) if reduction else _elementwise

    def draw(rng):
        sizes, m = _shape(rng)
        n = max(sizes[1], 2) if reduction else sizes[1]
        return {"Z": _normal(rng, n, m, scale=2.0), "dA": _normal(rng, n, m)}

    forward = [M("Z", draw, lambda m, i: getattr(m, name)(i["Z"]), bound)]
    backward = [M("dA, Z", draw, lambda m, i: getattr(m, f"{name}_backward")(i["dA"], i["Z"]),
                  bound)]
    if name == "leaky_relu":
        forward.append(M("slope=0.2", draw, lambda m, i: m.leaky_relu(i["Z"], slope=0.2), bound))
        backward.append(M("slope=0.2", draw,
                          lambda m, i: m.leaky_relu_backward(i["dA"], i["Z"], slope=0.2), bound))
    return {f"activations.{name}": forward, f"activations.{name}_backward": backward}


def _loss_draw(rng):
    _, m = _shape(rng)
    return {"m": m, "A": _probabilities(rng, 1, m), "Z": _normal(rng, 1, m, scale=3.0),
            "Y": _labels(rng, m)}


def _deep_initialisers():
    sizes = lambda rng: _shape(rng)[0]                                   # noqa: E731
    mirrors = [M(f"scale={scale!r}, seed=int", lambda rng: {"sizes": sizes(rng),
                                                            "seed": int(rng.integers(2**31))},
                 lambda m, i, s=scale: m.initialize_parameters_deep(i["sizes"], s, seed=i["seed"]),
                 _exact) for scale in (0.01, "xavier", "he")]
    mirrors += [
        M("float32", lambda rng: {"sizes": sizes(rng), "seed": int(rng.integers(2**31))},
          lambda m, i: m.initialize_parameters_deep(i["sizes"], "he", np.float32, i["seed"]),
          _exact),
        M("seed=None after np.random.seed", lambda rng: {"sizes": sizes(rng),
                                                         "global": int(rng.integers(2**31))},
          lambda m, i: _seeded_globally(i["global"], m.initialize_parameters_deep, i["sizes"]),
          _exact),
    ]
    return mirrors


def _deep_layer(rng):
    sizes, m = _shape(rng)
    (A_prev, W, b), Z = _layer_cache(rng, sizes[1], sizes[2], m)
    return {"n": max(sizes[1], m), "A_prev": A_prev, "W": W, "b": b, "Z": Z,
            "dA": _normal(rng, *Z.shape), "dZ": _normal(rng, *Z.shape)}


def _deep_training(rng):
    i = _network(rng)
    i["learning_rate"] = 0.05
    return i


MIRROR = {}
for _name in ("sigmoid", "tanh", "relu", "leaky_relu", "softmax"):
    MIRROR.update(_activation_mirrors(_name))

MIRROR.update({
    "losses.binary_cross_entropy": [
        M("A, Y", _loss_draw, lambda m, i: m.binary_cross_entropy(i["A"], i["Y"]),
          _reduction(lambda i: i["m"]))],
    "losses.binary_cross_entropy_backward": [
        M("A, Y", _loss_draw, lambda m, i: m.binary_cross_entropy_backward(i["A"], i["Y"]),
          _elementwise)],
    "losses.binary_cross_entropy_from_logits": [
        M("Z, Y", _loss_draw, lambda m, i: m.binary_cross_entropy_from_logits(i["Z"], i["Y"]),
          _reduction(lambda i: i["m"]))],
    "losses.binary_cross_entropy_from_logits_backward": [
        M("Z, Y", _loss_draw,
          lambda m, i: m.binary_cross_entropy_from_logits_backward(i["Z"], i["Y"]),
          _elementwise)],
})

_logistic_n = lambda i: max(i["n"], i["m"], 4)                           # noqa: E731
MIRROR.update({
    "logistic.sigmoid": [
        M("z", lambda rng: {"z": _normal(rng, 3, 4, scale=3.0)},
          lambda m, i: m.sigmoid(i["z"]), _elementwise),
        M("the course's np.array([0, 2])", lambda rng: {"z": np.array([0.0, 2.0])},
          lambda m, i: m.sigmoid(i["z"]), _elementwise)],
    "logistic.initialize_with_zeros": [
        M("dim", lambda rng: {"dim": int(rng.integers(1, 6))},
          lambda m, i: m.initialize_with_zeros(i["dim"]), _exact),
        M("float32", lambda rng: {"dim": int(rng.integers(1, 6))},
          lambda m, i: m.initialize_with_zeros(i["dim"], np.float32), _exact)],
    "logistic.propagate": [
        M("w, b, X, Y", _logistic, lambda m, i: m.propagate(i["w"], i["b"], i["X"], i["Y"]),
          _reduction(_logistic_n))],
    "logistic.optimize": [
        M("101 steps, progress", _logistic, lambda m, i: _recording(lambda progress: m.optimize(
            i["w"], i["b"], i["X"], i["Y"], TRAIN_STEPS, 0.009, progress=progress)),
          _trajectory(_logistic_n, TRAIN_STEPS))],
    "logistic.predict": [
        M("w, b, X", _logistic, lambda m, i: m.predict(i["w"], i["b"], i["X"]), _elementwise)],
    "logistic.model": [
        M("101 steps, progress", _logistic, lambda m, i: _recording(lambda progress: m.model(
            i["X"], i["Y"], i["X_test"], i["Y_test"], TRAIN_STEPS, 0.5, progress=progress)),
          _trajectory(_logistic_n, TRAIN_STEPS))],
    "logistic.accuracy": [
        M("predictions, Y", lambda rng: {"p": _labels(rng, 7), "Y": _labels(rng, 7)},
          lambda m, i: m.accuracy(i["p"], i["Y"]), _elementwise)],
})

_shallow_n = lambda i: max(i["n_x"], i["n_h"], i["m"])                   # noqa: E731
MIRROR.update({
    "shallow.layer_sizes": [
        M("X, Y", _shallow_network, lambda m, i: m.layer_sizes(i["X"], i["Y"]), _exact)],
    "shallow.initialize_parameters": [
        M("the course's seed", _shallow_network,
          lambda m, i: m.initialize_parameters(i["n_x"], i["n_h"], 1), _exact),
        M("seed=int, float32", lambda rng: {**_shallow_network(rng),
                                            "seed": int(rng.integers(2**31))},
          lambda m, i: m.initialize_parameters(i["n_x"], i["n_h"], 1, np.float32, i["seed"]),
          _exact)],
    "shallow.forward_propagation": [
        M("X, parameters", _shallow_network,
          lambda m, i: m.forward_propagation(i["X"], i["parameters"]), _reduction(_shallow_n))],
    "shallow.compute_cost": [
        M("A2, Y", _loss_draw, lambda m, i: m.compute_cost(i["A"], i["Y"]),
          _reduction(lambda i: i["m"]))],
    "shallow.backward_propagation": [
        M("independent parameters, cache, X, Y", _shallow_backward,
          lambda m, i: m.backward_propagation(i["parameters"], i["cache"], i["X"], i["Y"]),
          _reduction(_shallow_n))],
    "shallow.update_parameters": [
        M("default rate", _with_grads(_shallow_network),
          lambda m, i: m.update_parameters(i["parameters"], i["grads"]), _elementwise),
        M("rate 0.3", _with_grads(_shallow_network),
          lambda m, i: m.update_parameters(i["parameters"], i["grads"], 0.3), _elementwise)],
    "shallow.nn_model": [
        M("the course's initialisation, 1001 steps, progress", _shallow_network,
          lambda m, i: _recording(lambda progress: m.nn_model(
              i["X"], i["Y"], i["n_h"], SHALLOW_STEPS, learning_rate=0.5, return_costs=True,
              progress=progress)), _trajectory(_shallow_n, SHALLOW_STEPS))],
    "shallow.predict": [
        M("parameters, X", _shallow_network,
          lambda m, i: m.predict(i["parameters"], i["X"]), _elementwise)],
    "shallow.accuracy": [
        M("predictions, Y", lambda rng: {"p": _labels(rng, 9) > 0.5, "Y": _labels(rng, 9)},
          lambda m, i: m.accuracy(i["p"], i["Y"]), _elementwise)],
})

_layer_n = lambda i: i["n"]                                              # noqa: E731
MIRROR.update({
    "deep.initialize_parameters_deep": _deep_initialisers(),
    "deep.linear_forward": [
        M("A, W, b", _deep_layer, lambda m, i: m.linear_forward(i["A_prev"], i["W"], i["b"]),
          _reduction(_layer_n))],
    "deep.linear_activation_forward": [
        M(name, _deep_layer, lambda m, i, a=name: m.linear_activation_forward(
            i["A_prev"], i["W"], i["b"], a), _reduction(_layer_n)) for name in ACTIVATIONS],
    "deep.L_model_forward": [
        M("X, parameters, activations", _network,
          lambda m, i: m.L_model_forward(i["X"], i["parameters"], i["activations"]),
          _reduction(_network_n)),
        M("the default stack", _network,
          lambda m, i: m.L_model_forward(i["X"], i["parameters"]), _reduction(_network_n))],
    "deep.compute_cost": [
        M("AL, Y", _loss_draw, lambda m, i: m.compute_cost(i["A"], i["Y"]),
          _reduction(lambda i: i["m"]))],
    "deep.linear_backward": [
        M("independent dZ, cache", _deep_layer,
          lambda m, i: m.linear_backward(i["dZ"], (i["A_prev"], i["W"], i["b"])),
          _reduction(_layer_n))],
    "deep.linear_activation_backward": [
        M(name, _deep_layer, lambda m, i, a=name: m.linear_activation_backward(
            i["dA"], ((i["A_prev"], i["W"], i["b"]), i["Z"]), a), _reduction(_layer_n))
        for name in ACTIVATIONS],
    "deep.L_model_backward": [
        M("independent AL, Y, caches", _independent_backward,
          lambda m, i: m.L_model_backward(i["AL"], i["Y"], i["caches"], i["activations"]),
          _reduction(_network_n)),
        M("AL and caches of one forward pass", _network,
          lambda m, i: m.L_model_backward(*_forward_of(m, i), i["activations"]),
          _reduction(_network_n))],
    "deep.update_parameters": [
        M("parameters, grads, rate", _with_grads(_network),
          lambda m, i: m.update_parameters(i["parameters"], i["grads"], 0.05), _elementwise)],
    "deep.L_layer_model": [
        M("the course's initialisation (seed 1, xavier), 101 steps, progress", _deep_training,
          lambda m, i: _recording(lambda progress: m.L_layer_model(
              i["X"], i["Y"], i["sizes"], i["learning_rate"], TRAIN_STEPS,
              activations=i["activations"], progress=progress)),
          _trajectory(_network_n, TRAIN_STEPS)),
        M("initial_parameters, 101 steps", _deep_training,
          lambda m, i: m.L_layer_model(i["X"], i["Y"], None, i["learning_rate"], TRAIN_STEPS,
                                       initial_parameters=i["parameters"],
                                       activations=i["activations"]),
          _trajectory(_network_n, TRAIN_STEPS))],
    "deep.predict": [
        M("X, y, parameters, activations", _network,
          lambda m, i: m.predict(i["X"], i["Y"], i["parameters"], i["activations"]),
          _elementwise)],
    "deep.accuracy": [
        M("p, y", lambda rng: {"p": _labels(rng, 9), "Y": _labels(rng, 9)},
          lambda m, i: m.accuracy(i["p"], i["Y"]), _elementwise)],
})


def _initialization_mirrors():
    """Every scheme seeded by an int (its own RandomState), in float64 and float32, and by None
    after np.random.seed (the course's global stream): bit for bit."""
    sizes = lambda rng: {"sizes": _shape(rng)[0], "seed": int(rng.integers(2**31))}  # noqa: E731
    schemes = {"zeros": [{}], "random": [{}, {"scale": 0.01}], "he": [{}], "xavier": [{}],
               "glorot_normal": [{}], "glorot_uniform": [{}],
               "variance_scaling": [{}, {"scale": 2.0, "mode": "fan_out",
                                         "distribution": "uniform"},
                                    {"mode": "fan_avg", "distribution": "untruncated_normal"}]}
    mirrors = {}
    for scheme, settings in schemes.items():
        name = f"initialize_parameters_{scheme}"
        seeded = {} if scheme == "zeros" else None
        entries = []
        for kwargs in settings:
            for dtype in ("float64", "float32"):
                entries.append(M(f"{kwargs or 'defaults'}, {dtype}", sizes,
                                 lambda m, i, n=name, k=kwargs, d=dtype, z=seeded: getattr(m, n)(
                                     i["sizes"], dtype=d, **(k if z is not None else
                                                              {**k, "seed": i["seed"]})),
                                 _exact))
        if scheme != "zeros":
            entries.append(M("seed=None after np.random.seed", sizes,
                             lambda m, i, n=name: _seeded_globally(
                                 i["seed"], lambda sizes: getattr(m, n)(sizes, seed=None),
                                 i["sizes"]),
                             _exact))
        mirrors[f"initialization.{name}"] = entries
    return mirrors


MIRROR.update(_initialization_mirrors())
_model_n = lambda i: i["sizes"][0] + 16 + i["m"]                         # noqa: E731
MIRROR["initialization.model"] = [
    M(f"{scheme}, 101 steps, progress", _network,
      lambda m, i, s=scheme: _recording(lambda progress: m.model(
          i["X"], i["Y"], 0.01, TRAIN_STEPS, False, s, progress=progress)),
      _trajectory(_model_n, TRAIN_STEPS)) for scheme in ("zeros", "random", "he")]


def _regularization_draw(dropout=False):
    """The 3-layer network of SHAPES with a cache from scratch's forward pass (the course's test
    cells print a forward pass's cache; the TF twin's tape starts from the cached Z3 where the
    course starts from A3 = sigmoid(Z3)), a lambd, a keep_prob and a mask seed."""
    def regularization_draw(rng):
        i = _network(rng)
        i.update(lambd=float(rng.uniform(0.1, 1.0)), keep_prob=float(rng.uniform(0.5, 0.95)),
                 seed=int(rng.integers(2**31)))
        from scratch import regularization as ref
        if dropout:
            i["A3"], i["cache"] = ref.forward_propagation_with_dropout(
                i["X"], i["parameters"], i["keep_prob"], seed=i["seed"])
        else:
            i["A3"], i["cache"] = ref.forward_propagation(i["X"], i["parameters"])
        return i
    return regularization_draw


def _penalty_n(i):
    return _network_n(i) + sum(a * b for a, b in zip(i["sizes"], i["sizes"][1:]))


MIRROR.update({
    "regularization.forward_propagation": [
        M("X, parameters", _network, lambda m, i: m.forward_propagation(i["X"], i["parameters"]),
          _reduction(_network_n))],
    "regularization.compute_cost": [
        M("A3, Y", _regularization_draw(), lambda m, i: m.compute_cost(i["A3"], i["Y"]),
          _reduction(_network_n))],
    "regularization.compute_cost_with_regularization": [
        M("A3, Y, parameters, lambd", _regularization_draw(),
          lambda m, i: m.compute_cost_with_regularization(i["A3"], i["Y"], i["parameters"],
                                                          i["lambd"]),
          _reduction(_penalty_n))],
    "regularization.backward_propagation_with_regularization": [
        M("X, Y, cache, lambd", _regularization_draw(),
          lambda m, i: m.backward_propagation_with_regularization(i["X"], i["Y"], i["cache"],
                                                                  i["lambd"]),
          _reduction(_network_n))],
    "regularization.forward_propagation_with_dropout": [
        M("keep_prob, seed=int", _regularization_draw(),
          lambda m, i: m.forward_propagation_with_dropout(i["X"], i["parameters"], i["keep_prob"],
                                                          seed=i["seed"]),
          _reduction(_network_n)),
        M("defaults after np.random.seed: the global stream", _regularization_draw(),
          lambda m, i: _seeded_globally(i["seed"], lambda: m.forward_propagation_with_dropout(
              i["X"], i["parameters"], seed=None)),
          _reduction(_network_n))],
    "regularization.backward_propagation_with_dropout": [
        M("X, Y, cache, keep_prob", _regularization_draw(dropout=True),
          lambda m, i: m.backward_propagation_with_dropout(i["X"], i["Y"], i["cache"],
                                                           i["keep_prob"]),
          _reduction(_network_n))],
})


def _regularization_layers_draw(rng):
    """deep's network of SHAPES with AL, caches and masks drawn independently of each other (as
    the course's test cells draw them), a lambd, a keep_prob (one value, or one per hidden layer
    in draws 1 and 3) and a mask seed; the masks are the course's draw at that seed."""
    i = _network(rng)
    sizes, m, L = i["sizes"], i["m"], len(i["sizes"]) - 1
    i.update(lambd=float(rng.uniform(0.1, 1.0)), seed=int(rng.integers(2**31)),
             AL=_probabilities(rng, 1, m),
             caches=[_layer_cache(rng, sizes[l - 1], sizes[l], m) for l in range(1, L + 1)])
    i["keep_prob"] = (float(rng.uniform(0.5, 0.95)) if _DRAW[0] % 2 == 0
                      else [float(k) for k in rng.uniform(0.5, 0.95, L - 1)])
    from scratch import regularization as ref
    i["masks"] = ref.dropout_masks(sizes, m, i["keep_prob"], seed=i["seed"])
    i["learning_rate"] = 0.05
    return i


REGULARIZATION_STEPS = 1001    # two recorded costs (iterations 0 and 1000) in regularization.model

MIRROR.update({
    "regularization.compute_cost_with_L1_regularization": [
        M("AL, Y, parameters, lambd", _regularization_layers_draw,
          lambda m, i: m.compute_cost_with_L1_regularization(i["AL"], i["Y"], i["parameters"],
                                                             i["lambd"]),
          _reduction(_penalty_n))],
    "regularization.L_model_backward_with_regularization": [
        M("AL, Y, caches, lambd, activations", _regularization_layers_draw,
          lambda m, i: m.L_model_backward_with_regularization(i["AL"], i["Y"], i["caches"],
                                                              i["lambd"], i["activations"]),
          _reduction(_network_n)),
        M("defaults (relu hidden layers)", _regularization_layers_draw,
          lambda m, i: m.L_model_backward_with_regularization(i["AL"], i["Y"], i["caches"],
                                                              i["lambd"]),
          _reduction(_network_n))],
    "regularization.L_model_backward_with_L1_regularization": [
        M("AL, Y, caches, lambd, activations", _regularization_layers_draw,
          lambda m, i: m.L_model_backward_with_L1_regularization(i["AL"], i["Y"], i["caches"],
                                                                 i["lambd"], i["activations"]),
          _reduction(_network_n))],
    "regularization.dropout_masks": [
        M("layer_dims, m, keep_prob, seed=int", _regularization_layers_draw,
          lambda m, i: m.dropout_masks(i["sizes"], i["m"], i["keep_prob"], seed=i["seed"]), _exact),
        M("float32", _regularization_layers_draw,
          lambda m, i: m.dropout_masks(i["sizes"], i["m"], i["keep_prob"], "float32",
                                       seed=i["seed"]), _exact),
        M("defaults after np.random.seed: the global stream", _regularization_layers_draw,
          lambda m, i: _seeded_globally(i["seed"], lambda: m.dropout_masks(i["sizes"], i["m"],
                                                                           seed=None)), _exact)],
    "regularization.L_model_forward_with_dropout": [
        M("masks given", _regularization_layers_draw,
          lambda m, i: m.L_model_forward_with_dropout(i["X"], i["parameters"], i["keep_prob"],
                                                      i["activations"], i["masks"]),
          _reduction(_network_n)),
        M("masks drawn, seed=int", _regularization_layers_draw,
          lambda m, i: m.L_model_forward_with_dropout(i["X"], i["parameters"], i["keep_prob"],
                                                      i["activations"], seed=i["seed"]),
          _reduction(_network_n)),
        M("defaults (keep_prob 0.5, seed 1)", _regularization_layers_draw,
          lambda m, i: m.L_model_forward_with_dropout(i["X"], i["parameters"]),
          _reduction(_network_n))],
    "regularization.L_model_backward_with_dropout": [
        M("AL, Y, caches, masks, keep_prob, activations", _regularization_layers_draw,
          lambda m, i: m.L_model_backward_with_dropout(i["AL"], i["Y"], i["caches"], i["masks"],
                                                       i["keep_prob"], i["activations"]),
          _reduction(_network_n))],
    "regularization.model": [
        M("lambd, initial_parameters, 1001 steps, progress", _regularization_layers_draw,
          lambda m, i: _recording(lambda progress: m.model(
              i["X"], i["Y"], i["learning_rate"], REGULARIZATION_STEPS, False, i["lambd"],
              initial_parameters=i["parameters"], activations=i["activations"],
              progress=progress)),
          _trajectory(_network_n, REGULARIZATION_STEPS)),
        M("keep_prob, the course's initialisation and reseeded masks, 21 steps",
          _regularization_layers_draw,
          lambda m, i: m.model(i["X"], i["Y"], i["learning_rate"], 21, False,
                               keep_prob=i["keep_prob"], layers_dims=i["sizes"],
                               activations=i["activations"]),
          _trajectory(_network_n, 21)),
        M("lambd and keep_prob, fresh masks from a RandomState, 21 steps",
          _regularization_layers_draw,
          lambda m, i: m.model(i["X"], i["Y"], i["learning_rate"], 21, False, i["lambd"],
                               i["keep_prob"], initial_parameters=i["parameters"],
                               activations=i["activations"],
                               mask_seed=np.random.RandomState(i["seed"])),
          _trajectory(_network_n, 21))],
})


def _gradient_check_draw(rng):
    """The 3-layer network of SHAPES, a cache from scratch's forward pass, gradients drawn
    independently (a wrong backward pass: the check's difference is O(1), not noise), a theta of
    the assignment's 47 entries, and a scalar x, theta for the 1-D check."""
    i = _network(rng)
    from scratch import gradient_check as ref
    i["cache"] = ref.forward_propagation_n(i["X"], i["Y"], i["parameters"])[1]
    i["gradients"] = {f"d{k}": _normal(rng, *v.shape) for k, v in i["parameters"].items()}
    i["theta"] = _normal(rng, 47, 1)
    i["x"], i["theta_1d"] = (float(v) for v in 3 * rng.standard_normal(2))
    return i


def _check_noise(i):
    """The bound of test_gradient_check.py on the twins' difference values: each cost's rounding
    (64 u |J|) over 2 eps, times sqrt(N), times 2 / ||grad||; relative to a difference >= 0.05."""
    from scratch import gradient_check as ref
    J = abs(float(ref.forward_propagation_n(i["X"], i["Y"], i["parameters"])[0]))
    N = sum(v.size for v in i["parameters"].values())
    grad = np.sqrt(sum(float(np.sum(g ** 2)) for g in i["gradients"].values()))
    return 2 * np.sqrt(N) * 4 * 32 * np.finfo(float).eps * J / (2 * 1e-7) / grad / 0.05


MIRROR.update({
    "gradient_check.forward_propagation": [
        M("x, theta", _gradient_check_draw, lambda m, i: m.forward_propagation(i["x"], i["theta_1d"]),
          _exact)],
    "gradient_check.backward_propagation": [
        M("x, theta", _gradient_check_draw,
          lambda m, i: m.backward_propagation(i["x"], i["theta_1d"]), _exact)],
    "gradient_check.gradient_check": [
        M("x, theta (the same IEEE operations: bit for bit)", _gradient_check_draw,
          lambda m, i: m.gradient_check(i["x"], i["theta_1d"]), _exact)],
    "gradient_check.dictionary_to_vector": [
        M("parameters", _gradient_check_draw, lambda m, i: m.dictionary_to_vector(i["parameters"]),
          _exact)],
    "gradient_check.vector_to_dictionary": [
        M("theta (47, 1)", _gradient_check_draw, lambda m, i: m.vector_to_dictionary(i["theta"]),
          _exact),
        M("theta, layers_dims", _gradient_check_draw,
          lambda m, i: m.vector_to_dictionary(m.dictionary_to_vector(i["parameters"])[0],
                                              i["sizes"]), _exact)],
    "gradient_check.gradients_to_vector": [
        M("gradients", _gradient_check_draw, lambda m, i: m.gradients_to_vector(i["gradients"]),
          _exact)],
    "gradient_check.forward_propagation_n": [
        M("X, Y, parameters", _gradient_check_draw,
          lambda m, i: m.forward_propagation_n(i["X"], i["Y"], i["parameters"]),
          _reduction(_network_n))],
    "gradient_check.backward_propagation_n": [
        M("X, Y, cache", _gradient_check_draw,
          lambda m, i: m.backward_propagation_n(i["X"], i["Y"], i["cache"]), _reduction(_network_n))],
    "gradient_check.gradient_check_n": [
        M("independent gradients", _gradient_check_draw,
          lambda m, i: m.gradient_check_n(i["parameters"], i["gradients"], i["X"], i["Y"]),
          _check_noise),
        M("lambd = 0.7 (the L2-regularised cost)", _gradient_check_draw,
          lambda m, i: m.gradient_check_n(i["parameters"], i["gradients"], i["X"], i["Y"],
                                          lambd=0.7), _check_noise)],
    "gradient_check.gradient_check_blocks": [
        M("independent gradients", _gradient_check_draw,
          lambda m, i: m.gradient_check_blocks(i["parameters"], i["gradients"], i["X"], i["Y"]),
          _check_noise),
        M("lambd = 0.7, keep_prob = 1", _gradient_check_draw,
          lambda m, i: m.gradient_check_blocks(i["parameters"], i["gradients"], i["X"], i["Y"],
                                               lambd=0.7, keep_prob=1), _check_noise)],
})


def _optimizer_draw(rng):
    """The course's optimizer test cells: parameters, grads and a state drawn independently
    (s as squares: a second moment is never negative), t = 2."""
    i = _with_grads(_network)(rng)
    i["v"] = {k: _normal(rng, *g.shape) for k, g in i["grads"].items()}
    i["s"] = {k: _normal(rng, *g.shape) ** 2 for k, g in i["grads"].items()}
    return i


def _mini_batch_draw(rng):
    """The course's cell: m = 148 examples, mini-batches of 64 (two complete, one of 20)."""
    n = _in_turn((3, 1, 5, 2))
    return {"X": _normal(rng, n, 148), "Y": _labels(rng, 148), "seed": int(rng.integers(2**31))}


def _model_draw(rng):
    """X (2, 70), Y (1, 70) labels, and a [2, 3, 1] network's weights."""
    return {"X": _normal(rng, 2, 70), "Y": _labels(rng, 70),
            "parameters": {"W1": _normal(rng, 3, 2), "b1": _normal(rng, 3, 1),
                           "W2": _normal(rng, 1, 3), "b2": _normal(rng, 1, 1)}}

MIRROR.update({
    "optimization.random_mini_batches": [
        M("m = 148, size 64, seed", _mini_batch_draw,
          lambda m, i: m.random_mini_batches(i["X"], i["Y"], 64, i["seed"]), _exact),
        M("defaults (size 64, seed 0)", _mini_batch_draw,
          lambda m, i: m.random_mini_batches(i["X"], i["Y"]), _exact),
        M("size 1", _mini_batch_draw,
          lambda m, i: m.random_mini_batches(i["X"][:, :5], i["Y"][:, :5], 1, i["seed"]), _exact)],
    "optimization.update_parameters_with_gd": [
        M("parameters, grads, rate", _with_grads(_network),
          lambda m, i: m.update_parameters_with_gd(i["parameters"], i["grads"], 0.01),
          _elementwise)],
    "optimization.initialize_velocity": [
        M("parameters", _network, lambda m, i: m.initialize_velocity(i["parameters"]), _exact)],
    "optimization.update_parameters_with_momentum": [
        M("beta 0.9, rate 0.01", _optimizer_draw,
          lambda m, i: m.update_parameters_with_momentum(i["parameters"], i["grads"], i["v"], 0.9,
                                                         0.01), _elementwise)],
    "optimization.initialize_rmsprop": [
        M("parameters", _network, lambda m, i: m.initialize_rmsprop(i["parameters"]), _exact)],
    "optimization.update_parameters_with_rmsprop": [
        M("defaults", _optimizer_draw,
          lambda m, i: m.update_parameters_with_rmsprop(i["parameters"], i["grads"], i["s"]),
          _elementwise),
        M("epsilon inside the root", _optimizer_draw,
          lambda m, i: m.update_parameters_with_rmsprop(i["parameters"], i["grads"], i["s"],
                                                        epsilon_inside=True), _elementwise)],
    "optimization.initialize_adam": [
        M("parameters", _network, lambda m, i: m.initialize_adam(i["parameters"]), _exact)],
    "optimization.update_parameters_with_adam": [
        M("t = 2, defaults", _optimizer_draw,
          lambda m, i: m.update_parameters_with_adam(i["parameters"], i["grads"], i["v"], i["s"],
                                                     2), _elementwise),
        M("t = 1, the course's cell settings", _optimizer_draw,
          lambda m, i: m.update_parameters_with_adam(i["parameters"], i["grads"], i["v"], i["s"],
                                                     1, 0.01, 0.9, 0.999, 1e-8), _elementwise)],
    "optimization.exponentially_weighted_averages": [
        M("the notes' temperatures", lambda rng: {"theta": 20 + 5 * _normal(rng, 1, 30)},
          lambda m, i: m.exponentially_weighted_averages(i["theta"], 0.9),
          _trajectory(lambda i: 1, 30)),
        M("bias-corrected, beta 0.98", lambda rng: {"theta": 20 + 5 * _normal(rng, 2, 30)},
          lambda m, i: m.exponentially_weighted_averages(i["theta"], 0.98, True),
          _trajectory(lambda i: 1, 30))],
    "optimization.update_lr": [
        M("the course's cell", lambda rng: {"epoch": int(rng.integers(0, 100))},
          lambda m, i: m.update_lr(0.5, i["epoch"], 1), _elementwise)],
    "optimization.schedule_lr_decay": [
        M("the course's cell", lambda rng: {"epoch": int(rng.integers(0, 3000))},
          lambda m, i: m.schedule_lr_decay(0.5, i["epoch"], 0.3, 100), _elementwise),
        M("default interval", lambda rng: {"epoch": int(rng.integers(0, 3000))},
          lambda m, i: m.schedule_lr_decay(0.5, i["epoch"], 0.3), _elementwise)],
    "optimization.exponential_lr_decay": [
        M("0.95^epoch", lambda rng: {"epoch": int(rng.integers(0, 300))},
          lambda m, i: m.exponential_lr_decay(0.5, i["epoch"], 0.95), _elementwise)],
    "optimization.model": [
        M("adam, 3 epochs of m = 70 (batches 64 + 6), the course's init", _model_draw,
          lambda m, i: m.model(i["X"], i["Y"], [2, 3, 1], "adam", 0.01, num_epochs=3,
                               print_cost=False), _trajectory(lambda i: 64, 6)),
        M("momentum with update_lr, from given weights, checkpoint", _model_draw,
          lambda m, i: m.model(i["X"], i["Y"], None, "momentum", 0.05, 32, num_epochs=2,
                               print_cost=False, decay="update_lr",
                               initial_parameters=i["parameters"], return_checkpoint=True),
          _trajectory(lambda i: 32, 6))],
})



def _batchnorm_draw(rng):
    """One layer's Z (n, m), each unit mu_unit + sigma_unit N(0, 1) (|mu| / sigma of order 1: Z - mu
    does not cancel), gamma, beta, an independent dZ_tilde, running statistics and batch
    statistics (variances positive)."""
    sizes, m = _shape(rng)
    n = sizes[1]
    return {"m": m, "Z": _normal(rng, n, 1) + rng.uniform(0.7, 3.0, (n, 1)) * _normal(rng, n, m),
            "gamma": _normal(rng, n, 1, scale=1.5), "beta": _normal(rng, n, 1),
            "dZ_tilde": _normal(rng, n, m), "running_mean": _normal(rng, n, 1),
            "running_var": rng.uniform(0.5, 4.0, (n, 1)), "mu": _normal(rng, n, 1),
            "var": rng.uniform(0.5, 9.0, (n, 1))}


_m = lambda i: i["m"]                                                    # noqa: E731
MIRROR.update({
    "batchnorm.batch_statistics": [
        M("Z", _batchnorm_draw, lambda m, i: m.batch_statistics(i["Z"]), _reduction(_m))],
    "batchnorm.batchnorm_forward": [
        M("Z, gamma, beta, epsilon=1e-3", _batchnorm_draw,
          lambda m, i: m.batchnorm_forward(i["Z"], i["gamma"], i["beta"], 1e-3), _reduction(_m)),
        M("default epsilon", _batchnorm_draw,
          lambda m, i: m.batchnorm_forward(i["Z"], i["gamma"], i["beta"]), _reduction(_m))],
    "batchnorm.batchnorm_backward": [
        M("independent dZ_tilde, cache", _batchnorm_draw,
          lambda m, i: m.batchnorm_backward(i["dZ_tilde"], (i["Z"], i["gamma"], i["beta"], 1e-3)),
          _reduction(_m))],
    "batchnorm.update_running_stats": [
        M("default momentum", _batchnorm_draw, lambda m, i: m.update_running_stats(
            i["running_mean"], i["running_var"], i["mu"], i["var"]), _elementwise),
        M("momentum=0.75", _batchnorm_draw, lambda m, i: m.update_running_stats(
            i["running_mean"], i["running_var"], i["mu"], i["var"], 0.75), _elementwise)],
    "batchnorm.batchnorm_inference": [
        M("running statistics, default epsilon", _batchnorm_draw,
          lambda m, i: m.batchnorm_inference(i["Z"], i["gamma"], i["beta"], i["running_mean"],
                                             i["running_var"]), _reduction(_m))],
})


def _bn_network(rng):
    """A batch-normalised network from the shapes table (sizes[1:-1] hidden, b only at L), its
    running statistics, hidden activations, m >= 3 examples (m = 1 and 2: the edges of
    dlparity.cases.batchnorm), both labels present, n_0 >= 2: batch norm makes each row of dW{l}
    orthogonal to its row of W{l} up to epsilon / (var + epsilon), so a single input gives a dW1
    of 1e-8 of its scale, a cancelled difference no relative bound judges
    (scratch_tests/test_batchnorm_network.py)."""
    sizes, m = _shape(rng)
    sizes, m, L = [max(sizes[0], 2), *sizes[1:]], max(m, 3), len(sizes) - 1
    parameters, running = {}, {}
    for l in range(1, L + 1):
        parameters[f"W{l}"] = _normal(rng, sizes[l], sizes[l - 1])
        if l < L:
            parameters[f"gamma{l}"] = 1 + 0.3 * _normal(rng, sizes[l], 1)
            parameters[f"beta{l}"] = _normal(rng, sizes[l], 1, scale=0.5)
            running[f"running_mean{l}"] = _normal(rng, sizes[l], 1)
            running[f"running_var{l}"] = rng.uniform(0.5, 4.0, (sizes[l], 1))
    parameters[f"b{L}"] = _normal(rng, sizes[L], 1)
    return {"sizes": sizes, "m": m, "X": _normal(rng, sizes[0], m), "Y": _labels(rng, m),
            "parameters": parameters, "running": running,
            "activations": [HIDDEN[(_DRAW[0] + l) % 4] for l in range(L - 1)]}


def _bn_training(rng):
    """_bn_network with m = 12 examples: mini-batches of 6 (2 per epoch; a mini-batch of 1 or 2
    is the edge of dlparity.cases.batchnorm, where rounding decides)."""
    i = _bn_network(rng)
    i["m"] = 12
    i["X"], i["Y"] = _normal(rng, i["sizes"][0], 12), _labels(rng, 12)
    return i


def _bn_backward(m, i):
    AL, caches, _ = m.L_model_forward_bn(i["X"], i["parameters"], i["running"], i["activations"])
    return m.L_model_backward_bn(AL, i["Y"], caches, i["activations"])


BN_EPOCHS = 101            # two recorded costs (epochs 0 and 100)
_bn_n = lambda i: max(max(i["sizes"]), i["m"])                           # noqa: E731
MIRROR.update({
    "batchnorm.initialize_parameters_bn": [
        M("layer_dims, defaults (he), seed", _bn_network,
          lambda m, i: m.initialize_parameters_bn(i["sizes"], seed=3), _exact),
        M("xavier, float32, the global stream", _bn_network,
          lambda m, i: _seeded_globally(1, m.initialize_parameters_bn, i["sizes"], "xavier",
                                        np.float32), _exact)],
    "batchnorm.initialize_running_stats": [
        M("parameters", _bn_network, lambda m, i: m.initialize_running_stats(i["parameters"]),
          _exact)],
    "batchnorm.L_model_forward_bn": [
        M("defaults (epsilon 1e-8, momentum 0.9)", _bn_network,
          lambda m, i: m.L_model_forward_bn(i["X"], i["parameters"], i["running"],
                                            i["activations"]), _reduction(_bn_n)),
        M("relu hidden layers, epsilon 1e-3, momentum 0.99", _bn_network,
          lambda m, i: m.L_model_forward_bn(i["X"], i["parameters"], i["running"], None, 1e-3,
                                            0.99), _reduction(_bn_n))],
    "batchnorm.L_model_backward_bn": [
        M("AL and caches of one forward pass", _bn_network, _bn_backward, _reduction(_bn_n))],
    "batchnorm.L_model_inference_bn": [
        M("running statistics", _bn_network,
          lambda m, i: m.L_model_inference_bn(i["X"], i["parameters"], i["running"],
                                              i["activations"]), _reduction(_bn_n))],
    "batchnorm.predict_bn": [
        M("running statistics", _bn_network,
          lambda m, i: m.predict_bn(i["X"], i["parameters"], i["running"], i["activations"]),
          _elementwise)],
    "batchnorm.L_layer_model_bn": [
        M("gd, one mini-batch of 12, 101 epochs, progress", _bn_training,
          lambda m, i: _recording(lambda progress: m.L_layer_model_bn(
              i["X"], i["Y"], None, "gd", 0.05, 12, BN_EPOCHS,
              initial_parameters=i["parameters"], activations=i["activations"],
              progress=progress)),
          _trajectory(_bn_n, BN_EPOCHS)),
        M("adam, the course's initialisation (he, seed 1), mini-batches of 6, 11 epochs",
          _bn_training,
          lambda m, i: m.L_layer_model_bn(i["X"], i["Y"], i["sizes"], "adam", 0.01, 6,
                                          num_epochs=11, activations=i["activations"]),
          _trajectory(_bn_n, 22))],
})


def _softmax_classes(rng):
    """C classes (>= 2), logits ZL, probabilities AL = softmax(ZL), one-hot Y and its indices y."""
    sizes, m = _shape(rng)
    C = max(sizes[2], 2)
    y = rng.integers(0, C, (1, m))
    ZL = _normal(rng, C, m, scale=2.0)
    e = np.exp(ZL - ZL.max(axis=0, keepdims=True))
    return {"C": C, "m": m, "y": y, "Y": np.eye(C)[y.reshape(-1)].T, "ZL": ZL,
            "AL": e / e.sum(axis=0, keepdims=True)}


def _softmax_network(rng):
    """A network from the shapes table with a C-class softmax output (C >= 2), one-hot Y."""
    sizes, m = _shape(rng)
    sizes = [*sizes[:-1], max(sizes[-2], 2)]
    L = len(sizes) - 1
    y = rng.integers(0, sizes[-1], (1, m))
    return {"sizes": sizes, "m": m, "X": _normal(rng, sizes[0], m),
            "parameters": _parameters(rng, sizes), "Y": np.eye(sizes[-1])[y.reshape(-1)].T,
            "activations": [HIDDEN[(_DRAW[0] + l) % 4] for l in range(L - 1)]}


def _softmax_backward(m, i):
    AL, caches = m.L_model_forward(i["X"], i["parameters"], i["activations"])
    return m.L_model_backward(AL, i["Y"], caches, i["activations"])


_classes_n = lambda i: max(i["C"], i["m"])                               # noqa: E731
MIRROR.update({
    "softmax.convert_to_one_hot": [
        M("y, C", _softmax_classes, lambda m, i: m.convert_to_one_hot(i["y"], i["C"]), _exact),
        M("float32", _softmax_classes,
          lambda m, i: m.convert_to_one_hot(i["y"], i["C"], np.float32), _exact)],
    "softmax.compute_cost": [
        M("AL, Y", _softmax_classes, lambda m, i: m.compute_cost(i["AL"], i["Y"]),
          _reduction(_classes_n))],
    "softmax.compute_cost_from_logits": [
        M("ZL, Y", _softmax_classes, lambda m, i: m.compute_cost_from_logits(i["ZL"], i["Y"]),
          _reduction(_classes_n))],
    "softmax.softmax_cross_entropy_backward": [
        M("AL, Y", _softmax_classes,
          lambda m, i: m.softmax_cross_entropy_backward(i["AL"], i["Y"]), _reduction(_classes_n))],
    "softmax.L_model_forward": [
        M("X, parameters, activations", _softmax_network,
          lambda m, i: m.L_model_forward(i["X"], i["parameters"], i["activations"]),
          _reduction(_network_n)),
        M("relu hidden layers", _softmax_network,
          lambda m, i: m.L_model_forward(i["X"], i["parameters"]), _reduction(_network_n))],
    "softmax.L_model_backward": [
        M("AL and caches of one forward pass", _softmax_network, _softmax_backward,
          _reduction(_network_n))],
    "softmax.predict": [
        M("X, parameters, activations", _softmax_network,
          lambda m, i: m.predict(i["X"], i["parameters"], i["activations"]), _elementwise)],
})


def _practical_draw(rng):
    i = _network(rng)
    sizes, m = i["sizes"], i["m"]
    i["m"] = m = m + 4                                   # m >= 5: every part of a split non-empty
    i["X"], i["Y"] = _normal(rng, sizes[0], m, scale=3.0), _labels(rng, m)
    i["X_dev"], i["Y_dev"] = _normal(rng, sizes[0], 6), _labels(rng, 6)
    i["X_test"] = _normal(rng, sizes[0], 3)
    i["images"] = _normal(rng, 2, 3, max(sizes[1], 2), 3)
    i["seed"] = int(rng.integers(2**31))
    return i


def _stopping_draw(rng):
    """As _practical_draw, with X of scale 1 and W{l} of scale 1/sqrt(n_{l-1}): AL away from 0
    and 1, where the twins' sigmoids (1/(1+e^-z) and Keras's) would round log(1 - AL) apart."""
    i = _practical_draw(rng)
    i["X"] = i["X"] / 3
    i["parameters"] = {k: v / np.sqrt(v.shape[1]) if k.startswith("W") else v
                       for k, v in i["parameters"].items()}
    return i


def _softmax_training(rng):
    """_softmax_network with m = 12 examples (mini-batches of 6 or one of 12)."""
    i = _softmax_network(rng)
    i["m"] = 12
    i["X"] = _normal(rng, i["sizes"][0], 12)
    i["Y"] = np.eye(i["sizes"][-1])[rng.integers(0, i["sizes"][-1], 12)].T
    return i


MIRROR.update({
    "practical.default_split_ratios": [
        M(f"m={m}", lambda rng: {}, lambda mod, i, m=m: mod.default_split_ratios(m), _exact)
        for m in (10, 50_000, 200_000, 1_000_000)],
    "practical.train_dev_test_split": [
        M("seed=int", _practical_draw,
          lambda m, i: m.train_dev_test_split(i["X"], i["Y"], seed=i["seed"]), _exact),
        M("ratios, seed=None after np.random.seed", _practical_draw,
          lambda m, i: _seeded_globally(i["seed"], m.train_dev_test_split, i["X"], i["Y"],
                                        (0.5, 0.25, 0.25), None), _exact)],
    "practical.normalization_statistics": [
        M("X_train", _practical_draw, lambda m, i: m.normalization_statistics(i["X"]),
          _reduction(lambda i: i["m"]))],
    "practical.normalize_inputs": [
        M("X, mu, sigma2", _practical_draw,
          lambda m, i: m.normalize_inputs(i["X_dev"], i["X"][:, :1], np.abs(i["X"][:, 1:2])),
          _elementwise)],
    "practical.normalize_train_dev_test": [
        M("train, dev, test", _practical_draw,
          lambda m, i: m.normalize_train_dev_test(i["X"], i["X_dev"], i["X_test"]),
          _reduction(lambda i: i["m"]))],
    "practical.diagnose_bias_variance": [
        M("the notes' examples", lambda rng: {},
          lambda m, i: [m.diagnose_bias_variance(*e) for e in (
              (0.01, 0.11), (0.15, 0.16), (0.15, 0.30), (0.005, 0.01), (0.15, 0.16, 0.15))],
          _exact)],
    "practical.train_with_early_stopping": [
        M("20 epochs, patience 2", _stopping_draw,
          lambda m, i: _recording(lambda progress: m.train_with_early_stopping(
              i["X"], i["Y"], i["X_dev"], i["Y_dev"], None, 0.05, 20, 2, 0.0,
              initial_parameters=i["parameters"], progress=progress)),
          _trajectory(_network_n, 20))],
    "practical.flip_horizontal": [
        M("images", _practical_draw, lambda m, i: m.flip_horizontal(i["images"]), _exact)],
    "practical.augment_with_flips": [
        M("images, labels", _practical_draw,
          lambda m, i: m.augment_with_flips(i["images"], i["Y"][:, :2]), _exact)],
})


def _tuning_draw(rng):
    """A space on every scale (the notes' ranges moved by the draw), trials, a seed, a split."""
    low = 10.0 ** -float(rng.integers(3, 6))
    m = _in_turn((2, 5, 9, 3))
    space = {"learning_rate": ("log", low, 1.0), "beta1": ("log_one_minus", 0.9, 0.999),
             "n_h": ("integer", 1, _in_turn((1, 4, 7, 3))), "keep_prob": ("linear", 0.5, 1.0)}
    return {"space": space, "low": low, "n": _in_turn((1, 3, 8, 2)),
            "seed": int(rng.integers(2**31)), "X": _normal(rng, 2, m), "Y": _labels(rng, m),
            "table": [{"learning_rate": low * 10.0 ** k, "beta1": 0.9 + 0.01 * k, "n_h": 1,
                       "keep_prob": 0.75, "dev_accuracy": float(rng.uniform())} for k in range(3)]}


def _tuning_bound(i):
    """10^r amplifies the exponent's few-ulp rounding by ln 10 * |r|: sqrt(n) = ln 10 * r_max
    (see dlparity/cases/tuning.py)."""
    return tolerances.tolerance(DTYPE, "reduction", int(np.ceil((np.log(10) * -np.log10(i["low"]))
                                                                 ** 2)))


def _tuning_train(h, X_train, Y_train, X_dev, Y_dev):
    """A metric of relative condition <= 1 in each hyperparameter (a product of them)."""
    return {"dev_accuracy": h["learning_rate"] * h["beta1"] * h["keep_prob"] / h["n_h"],
            "m_dev": X_dev.shape[1]}


def _tuning_split(i):
    return i["X"], i["Y"], i["X"][:, :1], i["Y"][:, :1]


MIRROR.update({
    "tuning.sample_learning_rate": [
        M("low, 1, size, seed", _tuning_draw,
          lambda m, i: m.sample_learning_rate(i["low"], 1.0, i["n"], i["seed"]), _tuning_bound),
        M("defaults after np.random.seed", _tuning_draw,
          lambda m, i: _seeded_globally(i["seed"], m.sample_learning_rate), _tuning_bound)],
    "tuning.sample_beta": [
        M("0.9, 0.999, size, seed", _tuning_draw,
          lambda m, i: m.sample_beta(0.9, 0.999, i["n"], i["seed"]), _tuning_bound),
        M("defaults after np.random.seed", _tuning_draw,
          lambda m, i: _seeded_globally(i["seed"], m.sample_beta), _tuning_bound)],
    "tuning.sample_hyperparameters": [
        M("every scale", _tuning_draw,
          lambda m, i: m.sample_hyperparameters(i["space"], i["n"], i["seed"]), _tuning_bound)],
    "tuning.train_dev_split": [
        M("dev_fraction 0.3, seed", _tuning_draw,
          lambda m, i: m.train_dev_split(i["X"], i["Y"], 0.3, i["seed"]), _exact)],
    "tuning.random_search": [
        M("n trials, seed", _tuning_draw,
          lambda m, i: m.random_search(_tuning_train, i["space"], *_tuning_split(i),
                                       n_trials=i["n"], seed=i["seed"]), _tuning_bound)],
    "tuning.zoom": [
        M("default shrink", _tuning_draw, lambda m, i: m.zoom(i["space"], i["table"]),
          _tuning_bound),
        M("shrink 0.25", _tuning_draw, lambda m, i: m.zoom(i["space"], i["table"], 0.25),
          _tuning_bound)],
    "tuning.coarse_to_fine": [
        M("3 rounds, seed", _tuning_draw,
          lambda m, i: m.coarse_to_fine(_tuning_train, i["space"], *_tuning_split(i),
                                        n_trials=i["n"], rounds=3, seed=i["seed"]),
          _tuning_bound)],
})


def _quadratic_draw(rng):
    """A convex quadratic's coefficients [c0, c1, c2] (c0 > 0), a weight, a stable rate."""
    c0 = float(rng.uniform(0.5, 3.0))
    return {"c": np.array([c0, float(rng.normal(0, 5)), float(rng.normal(0, 5))]),
            "w": np.float64(rng.uniform(-10, 10)), "learning_rate": float(rng.uniform(0.001, 0.4 / c0)),
            "steps": _in_turn((0, 1, 7, 30))}


MIRROR.update({
    "tf_tutorial.quadratic_cost": [
        M("w, coefficients", _quadratic_draw, lambda m, i: m.quadratic_cost(i["w"], i["c"]),
          _reduction(lambda i: 3)),
        M("the lecture's cost, a Python number (float32)", _quadratic_draw,
          lambda m, i: m.quadratic_cost(float(i["w"])), _exact)],
    "tf_tutorial.train_step": [
        M("w, coefficients, rate", _quadratic_draw,
          lambda m, i: m.train_step(i["w"], i["c"], i["learning_rate"]), _reduction(lambda i: 3)),
        M("defaults from a Python number", _quadratic_draw,
          lambda m, i: m.train_step(float(i["w"])), _exact)],
    "tf_tutorial.minimize_cost": [
        M("coefficients, rate, steps, w0, float64", _quadratic_draw,
          lambda m, i: m.minimize_cost(i["c"], i["learning_rate"], i["steps"], i["w"], np.float64),
          lambda i: tolerances.tolerance(DTYPE, "trajectory", 3, max(i["steps"], 1))),
        M("the lecture's defaults (float32)", _quadratic_draw, lambda m, i: m.minimize_cost(),
          _exact)],
})


def _signs_network_draw(rng):
    """The tutorial's 3-layer network on a few inputs (widths from the shapes table), C = 6."""
    sizes, m = _shape(rng)
    sizes = [sizes[0], sizes[1], sizes[2], 6]
    y = rng.integers(0, 6, (1, m))
    return {"sizes": sizes, "m": m, "X": _normal(rng, sizes[0], m),
            "parameters": _parameters(rng, sizes), "logits": _normal(rng, 6, m, scale=2.0),
            "labels": np.eye(6)[y[0]].T, "seed": int(rng.integers(2**31))}


def _signs_training_draw(rng):
    i = _signs_network_draw(rng)
    i["X"] = rng.uniform(0, 1, (i["sizes"][0], 37))
    i["Y"] = np.eye(6)[rng.integers(0, 6, 37)].T
    return i


MIRROR.update({
    "tf_tutorial.initialize_parameters": [
        M("layers, seed", _signs_network_draw,
          lambda m, i: m.initialize_parameters(i["sizes"], i["seed"]),
          _reduction(lambda i: 1))],
    "tf_tutorial.forward_propagation": [
        M("X, parameters", _signs_network_draw,
          lambda m, i: m.forward_propagation(i["X"], i["parameters"]), _reduction(_network_n))],
    "tf_tutorial.compute_total_loss": [
        M("logits, labels", _signs_network_draw,
          lambda m, i: m.compute_total_loss(i["logits"], i["labels"]),
          _reduction(lambda i: 6 + i["m"]))],
    "tf_tutorial.compute_cost": [
        M("logits, labels", _signs_network_draw,
          lambda m, i: m.compute_cost(i["logits"], i["labels"]), _reduction(lambda i: 6 + i["m"]))],
    "tf_tutorial.predict": [
        M("X, parameters", _signs_network_draw,
          lambda m, i: m.predict(i["X"], i["parameters"]), _exact)],
    "tf_tutorial.model": [
        M("2 epochs, mini-batches of 8, lr 0.01", _signs_training_draw,
          lambda m, i: m.model(i["X"], i["Y"], i["X"], i["Y"], 0.01, 2, 8,
                               initial_parameters=i["parameters"]),
          _trajectory(lambda i: sum(i["sizes"]) + 37, 10))],
    "softmax.L_layer_model": [
        M("adam, one mini-batch of 12, 101 epochs, progress", _softmax_training,
          lambda m, i: _recording(lambda progress: m.L_layer_model(
              i["X"], i["Y"], None, "adam", 0.01, 12, BN_EPOCHS,
              initial_parameters=i["parameters"], activations=i["activations"],
              progress=progress)),
          _trajectory(_network_n, BN_EPOCHS)),
        M("rmsprop, the course's initialisation (he, seed 1), mini-batches of 6, 11 epochs",
          _softmax_training,
          lambda m, i: m.L_layer_model(i["X"], i["Y"], i["sizes"], "rmsprop", 0.01, 6,
                                       num_epochs=11, activations=i["activations"]),
          _trajectory(_network_n, 22))],
})


def _forward_of(m, i):
    AL, caches = m.L_model_forward(i["X"], i["parameters"], i["activations"])
    return AL, i["Y"], caches


# --- (b) the mirror ------------------------------------------------------------------------------
def scratch_functions():
    """"module.function" for every public function of every scratch course module."""
    return [f"{name}.{function}" for name in COURSE_MODULES
            for function in public_functions(importlib.import_module(f"scratch.{name}"))]


def mirror_inputs(qualname):
    if qualname not in MIRROR:
        raise LookupError(f"no mirror inputs for {qualname}: add its calls to MIRROR in "
                          f"parity_tests/test_mirror.py")
    return MIRROR[qualname]


@dataclass(frozen=True)
class _Case:
    """A mirror variant in the shape dlparity.conditioning.draw takes."""
    name: str
    mirror: Mirror
    number: int
    randomized: bool = True

    def make_inputs(self, rng, dtype):
        _DRAW[0] = self.number
        return self.mirror.draw(rng)

    def call(self, module, inputs):
        return self.mirror.call(module, inputs)


def draw(mirror, scratch, number):
    """The inputs of draw `number` of a variant (generator seed MIRROR_SEED * 1000 + number),
    conditioned by dlparity.conditioning's rule unless the bound is exact (nothing to nudge
    against: initialisers and seeded functions must agree bit for bit on any draw)."""
    case = _Case(mirror.label, mirror, number)
    seed = MIRROR_SEED * 1000 + number
    _DRAW[0] = number
    if mirror.bound(mirror.draw(np.random.default_rng(seed))) == EXACT:
        return case.make_inputs(np.random.default_rng(seed), DTYPE)
    return conditioning.draw(case, DTYPE, seed, scratch, mirror.bound)


def mirror_rows(qualname, draws=DRAWS):
    """Checker rows of scratch vs tfimpl for every variant and draw of `qualname`."""
    name, function = qualname.split(".", 1)
    scratch, tfimpl = _twins(name)
    if not hasattr(tfimpl, function):
        raise AssertionError(f"tfimpl.{name} has no {function}")
    rows = []
    for mirror in mirror_inputs(qualname):
        for number in range(draws):
            inputs = draw(mirror, scratch, number)
            with np.errstate(all="ignore"):
                ours = mirror.call(scratch, copy.deepcopy(inputs))
            theirs = mirror.call(tfimpl, copy.deepcopy(inputs))
            rows += checker.compare(ours, theirs, component=f"{qualname}[{mirror.label}] #{number}",
                                    check="mirror", dtype=DTYPE, tolerance=mirror.bound(inputs))
    return rows


@pytest.mark.parametrize("qualname", scratch_functions())
def test_tfimpl_answers_every_scratch_call_with_the_same_values(qualname):
    try:
        mirror_inputs(qualname)
    except LookupError as error:
        pytest.fail(str(error))
    checker.assert_pass(mirror_rows(qualname))


def test_a_function_without_mirror_inputs_fails_by_name():
    with pytest.raises(LookupError, match=r"no mirror inputs for deep\.L_model_sideways"):
        mirror_inputs("deep.L_model_sideways")


def test_the_table_names_only_functions_that_exist():
    assert sorted(set(MIRROR) - set(scratch_functions())) == []


def test_the_draws_cover_square_layers_a_single_unit_and_a_single_example():
    seen = []
    for number in range(DRAWS):
        _DRAW[0] = number
        seen.append(_shape(None))
    assert any(s[l] == s[l - 1] for s, _ in seen for l in range(2, len(s) - 1)), seen
    assert any(m == 1 for _, m in seen) and any(1 in s[:-1] for s, _ in seen), seen


# --- (c) negative twins: each must be caught by the mirror -----------------------------------------
def _initialize_from_tf_generator(sizes, scale, dtype, seed):
    """Draws from TensorFlow's generator (stateless, keyed by the seed): the same distribution,
    other numbers."""
    parameters = {}
    for l in range(1, len(sizes)):
        draws = tf.random.stateless_normal((sizes[l], sizes[l - 1]), seed=[seed or 0, l],
                                           dtype=tf.float64)
        factor = {"xavier": 1 / np.sqrt(sizes[l - 1]), "he": np.sqrt(2 / sizes[l - 1])}.get(
            scale, scale)
        parameters[f"W{l}"] = tf.cast(draws * factor, dtype)
        parameters[f"b{l}"] = tf.zeros((sizes[l], 1), dtype=dtype)
    return parameters


def _backward_recomputing_the_forward_pass(AL, Y, caches, activations):
    """One tape over the forward pass re-run from the caches' X, W, b: ignores the given AL."""
    from tfimpl import activations as tf_activations
    from tfimpl import losses as tf_losses
    X, Ws, bs = caches[0][0][0], [c[0][1] for c in caches], [c[0][2] for c in caches]
    L = len(caches)
    with tf.GradientTape() as tape:
        tape.watch([X] + Ws + bs)
        As = [X]
        for l in range(L):
            As.append(tf_activations.FORWARD[activations[l]](tf.matmul(Ws[l], As[-1]) + bs[l]))
        cost = tf_losses.binary_cross_entropy(As[-1], Y)
    dAs, dWs, dbs = tape.gradient(cost, [As[:L], Ws, bs])
    m = tf.cast(tf.shape(X)[1], X.dtype)
    grads = {}
    for l in reversed(range(1, L + 1)):
        grads.update({f"dA{l - 1}": m * dAs[l - 1], f"dW{l}": dWs[l - 1], f"db{l}": dbs[l - 1]})
    return grads


NEGATIVE_TWINS = {
    "initialiser drawing from TensorFlow's generator":
        ("_initialize_parameters_deep", _initialize_from_tf_generator,
         "deep.initialize_parameters_deep"),
    "backward pass recomputing the forward pass from the caches":
        ("_L_model_backward", _backward_recomputing_the_forward_pass, "deep.L_model_backward"),
}


@pytest.mark.parametrize("name", list(NEGATIVE_TWINS))
def test_negative_twin_is_caught(name, monkeypatch):
    kernel, wrong, qualname = NEGATIVE_TWINS[name]
    from tfimpl import deep
    assert hasattr(deep, kernel), f"tfimpl.deep has no kernel {kernel}"
    monkeypatch.setattr(deep, kernel, wrong)
    rows = mirror_rows(qualname)
    assert any(not r.passed for r in rows), f"{name} passed the mirror:\n" + checker.format_table(
        rows)


def test_the_backward_negative_twin_agrees_when_AL_comes_from_the_caches(monkeypatch):
    """It is wrong only where the course's cell differs from training: on AL and caches of one
    forward pass it gives the right gradients, so only the independent draw catches it."""
    from tfimpl import deep
    monkeypatch.setattr(deep, "_L_model_backward", _backward_recomputing_the_forward_pass)
    linked = [r for r in mirror_rows("deep.L_model_backward") if "one forward pass" in r.component]
    checker.assert_pass(linked)


# --- the worst difference per function and module (python parity_tests/test_mirror.py) --------
def worst_by_function():
    table = {}
    for qualname in scratch_functions():
        rows = mirror_rows(qualname)
        worst = max(rows, key=lambda r: (r.max_rel / r.tolerance) if r.tolerance else (
            np.inf if r.max_rel else 0.0))
        table[qualname] = (worst, all(r.passed for r in rows), len(rows))
    return table


if __name__ == "__main__":
    table = worst_by_function()
    for qualname, (row, passed, n) in table.items():
        ratio = row.max_rel / row.tolerance if row.tolerance else (0.0 if not row.max_rel
                                                                     else np.inf)
        print(f"{qualname:<48} {n:>4} leaves  worst {row.max_rel:.2e}  bound {row.tolerance:.2e}"
              f"  ratio {ratio:.3f}  {'PASS' if passed else 'FAIL'}")
    for module in COURSE_MODULES:
        entries = [(q, r) for q, (r, _, _) in table.items() if q.startswith(f"{module}.")]
        q, r = max(entries, key=lambda e: e[1].max_rel)
        print(f"module {module:<12} worst max_rel {r.max_rel:.2e} ({q}, bound {r.tolerance:.2e})")
