"""Parity of `scratch.deep` and `tfimpl.deep`: every case of `dlparity.cases.deep`, then the Keras
model round trip, the weights file, the naive Keras setups `fit_keras` avoids, and the course's
real-data reproduction."""

import numpy as np
import pytest

from conventions import datasets, layout, weights_file
from dlparity import checker, tolerances
from dlparity.cases import case_named, draw_inputs
from dlparity.cases import deep as deep_cases
from dlparity.testing import catalogue_tests
from scratch import deep as scratch_deep

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")
tf_deep = pytest.importorskip("tfimpl.deep")


(test_twins_agree_on_random_inputs, test_twins_agree_on_fixed_inputs,
 test_wrong_variant_is_caught) = catalogue_tests("deep")


# --- helpers ------------------------------------------------------------------------------------
DTYPES = ("float64", "float32")


def _network(seed, dtype, activations="mixed"):
    """A random network (sigmoid output) as the backward cases draw it, conditioning included."""
    suffix = "[mixed]" if activations == "mixed" else ""
    return draw_inputs(case_named(f"deep.L_model_backward{suffix}:gradient"), dtype, seed)


def _as_numpy(tree):
    return {k: np.asarray(v) for k, v in tree.items()}


def _assert_within(scratch_result, tf_result, dtype, kind, n, steps=1, what=""):
    rows = checker.compare(scratch_result, tf_result, component=f"deep.{what}", check="forward",
                           dtype=dtype, tolerance=tolerances.tolerance(dtype, kind, n, steps))
    checker.assert_pass(rows)
    return rows


# --- the Keras model ------------------------------------------------------------------------------
def test_the_keras_bridge_stays_importable_from_tfimpl_deep():
    from tfimpl import keras_bridge

    for name in ("to_keras", "from_keras", "fit_keras", "course_leaky_relu",
                 "CourseBinaryCrossentropy"):
        assert getattr(tf_deep, name) is getattr(keras_bridge, name), name


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", range(4))
def test_to_keras_from_keras_round_trip_is_bit_exact(seed, dtype):
    net = _network(seed, dtype)
    activations = net["activations"]
    model = tf_deep.to_keras(net["parameters"], activations)
    kernels = model.get_weights()
    expected = layout.parameters_to_keras_weights(net["parameters"])
    assert len(kernels) == len(expected)
    for got, want in zip(kernels, expected):
        assert got.dtype == want.dtype and got.shape == want.shape and np.array_equal(got, want)
    back = tf_deep.from_keras(model)
    assert list(back) == list(net["parameters"])
    for name, value in net["parameters"].items():
        assert back[name].dtype == value.dtype and np.array_equal(back[name], value), name
    assert [layer.units for layer in model.layers] == net["sizes"][1:]
    assert all(layer.use_bias for layer in model.layers)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", range(6))
def test_keras_model_of_X_T_is_L_model_forward_AL_T(seed, dtype):
    """model(X.T) == L_model_forward(X)[0].T, every activation (leaky_relu's slope 0.01 included)."""
    net = _network(seed, dtype)
    model = tf_deep.to_keras(net["parameters"], net["activations"])
    keras_out = model(layout.examples_to_rows(net["X"])).numpy()
    AL, _ = scratch_deep.L_model_forward(net["X"], net["parameters"], net["activations"])
    assert keras_out.dtype == AL.dtype
    _assert_within(AL.T, keras_out, dtype, "reduction", deep_cases._network_reduction(net),
                   what="to_keras(X.T)")


def test_keras_leaky_relu_keeps_the_course_slope_in_float64():
    parameters = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    model = tf_deep.to_keras(parameters, ["leaky_relu"])
    out = model(np.array([[-3.0]])).numpy()
    assert out[0, 0] == -3.0 * 0.01                     # not the float32 0.009999999776482582


@pytest.mark.parametrize("dtype", DTYPES)
def test_weights_file_round_trip_into_keras_is_bit_identical(tmp_path, dtype):
    net = _network(7, dtype)
    activations = net["activations"]
    path = tmp_path / "deep.h5"
    weights_file.save_parameters(path, net["parameters"], activations)
    loaded = weights_file.load_parameters(path, layer_sizes=net["sizes"], activations=activations)
    assert loaded.dtype == np.dtype(dtype)
    model = tf_deep.to_keras(loaded.parameters, loaded.activations)
    for got, want in zip(model.get_weights(),
                         layout.parameters_to_keras_weights(net["parameters"])):
        assert got.dtype == want.dtype and np.array_equal(got, want)
    for name, value in tf_deep.from_keras(model).items():
        assert np.array_equal(value, net["parameters"][name])


# --- fit_keras: the exact mapping, and what the naive setup does instead -------------------------
ITERATIONS = 200


def _small_problem():
    net = _network(3, "float64", activations="default")
    while net["X"].shape[1] < 10:                                   # a few more examples
        net = _network(int(net["X"].shape[1]) + 100, "float64", activations="default")
    return net


def test_fit_keras_follows_the_scratch_trajectory_and_records_costs_before_each_update():
    net = _small_problem()
    parameters, costs = scratch_deep.L_layer_model(
        net["X"], net["Y"], None, 0.05, ITERATIONS, initial_parameters=net["parameters"])
    k_parameters, k_costs = tf_deep.fit_keras(net["X"], net["Y"], net["parameters"], None,
                                              0.05, ITERATIONS)
    AL, _ = scratch_deep.L_model_forward(net["X"], net["parameters"])
    assert len(k_costs) == len(costs) == 2
    initial = float(scratch_deep.compute_cost(AL, net["Y"]))
    assert abs(float(k_costs[0]) - initial) <= 4 * np.finfo(float).eps * initial
    _assert_within({"parameters": parameters, "costs": costs},
                   {"parameters": k_parameters, "costs": k_costs}, "float64", "trajectory",
                   deep_cases._network_reduction(net), ITERATIONS, what="fit_keras")


def _printed_costs(out):
    """{iteration: cost} from "Cost after iteration i: J" lines."""
    pairs = (line.removeprefix("Cost after iteration ").split(": ") for line in out.splitlines())
    return {int(i): float(J) for i, J in pairs}


def test_fit_keras_prints_at_the_iterations_scratch_prints_and_takes_every_step(capsys):
    """fit runs in epochs between printed costs: 250 iterations print at 0, 100, 200 and 249
    (the last), as scratch does, and the epochs add up to 250 steps (the parameters agree)."""
    net = _small_problem()
    parameters, _ = scratch_deep.L_layer_model(net["X"], net["Y"], None, 0.05, 250,
                                               print_cost=True, initial_parameters=net["parameters"])
    printed = _printed_costs(capsys.readouterr().out)
    k_parameters, _ = tf_deep.fit_keras(net["X"], net["Y"], net["parameters"], None, 0.05, 250,
                                        print_cost=True)
    k_printed = _printed_costs(capsys.readouterr().out)
    assert list(k_printed) == list(printed) == [0, 100, 200, 249]
    bound = tolerances.tolerance("float64", "trajectory", deep_cases._network_reduction(net), 250)
    np.testing.assert_allclose(list(k_printed.values()), list(printed.values()), rtol=bound)
    _assert_within({"parameters": parameters}, {"parameters": k_parameters}, "float64",
                   "trajectory", deep_cases._network_reduction(net), 250, what="fit_keras 250")


def test_naive_keras_fit_leaves_the_float64_trajectory():
    """model.fit(X.T, Y.T, batch_size=m) with BinaryCrossentropy and SGD(lr): the array adapter
    casts the float64 data to float32 and the loss computes in float32 — the result is off the
    course's trajectory by ~1e-8, far outside the float64 bound fit_keras meets."""
    net = _small_problem()
    m = net["X"].shape[1]
    parameters, _ = scratch_deep.L_layer_model(
        net["X"], net["Y"], None, 0.05, ITERATIONS, initial_parameters=net["parameters"])
    model = tf_deep.to_keras(net["parameters"])
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss=keras.losses.BinaryCrossentropy())
    model.fit(net["X"].T, net["Y"].T, batch_size=m, epochs=ITERATIONS, shuffle=False, verbose=0)
    naive = tf_deep.from_keras(model)
    tol = tolerances.tolerance("float64", "trajectory", deep_cases._network_reduction(net),
                               ITERATIONS)
    rows = checker.compare(parameters, naive, component="naive fit", check="trajectory",
                           dtype="float64", tolerance=tol)
    assert any(not r.passed for r in rows), checker.format_table(rows)
    assert max(r.max_rel for r in rows) > 1e-9


def test_fit_keras_with_the_keras_loss_follows_the_same_trajectory():
    """keras.losses.BinaryCrossentropy(dtype=float64) on the sigmoid output: the logits formula,
    the same function as the course's J away from saturation."""
    net = _small_problem()
    parameters, costs = scratch_deep.L_layer_model(
        net["X"], net["Y"], None, 0.05, ITERATIONS, initial_parameters=net["parameters"])
    k_parameters, k_costs = tf_deep.fit_keras(net["X"], net["Y"], net["parameters"], None,
                                              0.05, ITERATIONS, loss="keras")
    _assert_within({"parameters": parameters, "costs": costs},
                   {"parameters": k_parameters, "costs": k_costs}, "float64", "trajectory",
                   deep_cases._network_reduction(net), ITERATIONS, what="fit_keras[keras loss]")


def test_keras_loss_is_not_the_course_formula_at_saturation():
    """AL = sigmoid(40) rounds to 1.0: the course's J is inf for y = 0; Keras's loss, switched
    to the logits formula, gives the exact 40 (not its clipped -log(1e-7) = 16.1)."""
    parameters = {"W1": np.array([[40.0]]), "b1": np.array([[0.0]])}
    x, y = tf.constant([[1.0]], tf.float64), tf.constant([[0.0]], tf.float64)
    model = tf_deep.to_keras(parameters, ["sigmoid"])
    dataset = tf.data.Dataset.from_tensors((x, y))
    results = {}
    for name, loss in (("course", tf_deep.CourseBinaryCrossentropy(dtype="float64")),
                       ("keras", keras.losses.BinaryCrossentropy(dtype="float64"))):
        model.compile(loss=loss, jit_compile=False)
        results[name] = model.evaluate(dataset, verbose=0)
    AL, _ = scratch_deep.L_model_forward(np.array([[1.0]]), parameters)
    with np.errstate(divide="ignore"):
        assert results["course"] == np.inf == scratch_deep.compute_cost(AL, np.array([[0.0]]))
    assert results["keras"] == pytest.approx(40.0, rel=1e-15)


def test_compiled_and_eager_tf_loops_agree():
    net = _small_problem()
    eager, eager_costs = tf_deep.L_layer_model(net["X"], net["Y"], None, 0.05, 150,
                                               initial_parameters=net["parameters"],
                                               compiled=False)
    graph, graph_costs = tf_deep.L_layer_model(net["X"], net["Y"], None, 0.05, 150,
                                               initial_parameters=net["parameters"],
                                               compiled=True)
    _assert_within({"parameters": _as_numpy(eager), "costs": eager_costs},
                   {"parameters": _as_numpy(graph), "costs": graph_costs}, "float64",
                   "trajectory", deep_cases._network_reduction(net), 150, what="tf.function")


def test_both_twins_initialise_identically_and_refuse_the_same_bad_inputs():
    for scale in (0.01, "xavier", "he"):
        a = scratch_deep.initialize_parameters_deep([9, 4, 3, 1], scale, seed=5)
        b = tf_deep.initialize_parameters_deep([9, 4, 3, 1], scale, dtype=np.float64, seed=5)
        assert all(np.array_equal(a[k], b[k].numpy()) for k in a)
    X = np.ones((3, 2))
    bad = {"W1": np.ones((2, 4)), "b1": np.zeros((2, 1))}
    for module in (scratch_deep, tf_deep):
        with pytest.raises(ValueError, match=r"X: expected 4 rows, got shape \(3, 2\)"):
            module.L_model_forward(X, bad)
        with pytest.raises(ValueError, match=r"Y: expected labels in \{0, 1\}"):
            module.compute_cost(np.full((1, 2), 0.5), np.array([[0.0, 3.0]]))


def test_both_twins_take_AL_as_given_not_recomputed_from_the_caches():
    """L_model_backward starts from the AL it is given (here not the caches' forward output)."""
    net = _network(0, "float64")
    AL, caches = scratch_deep.L_model_forward(net["X"], net["parameters"], net["activations"])
    other = 1 - AL
    tf_caches = tf_deep.L_model_forward(net["X"], net["parameters"], net["activations"])[1]
    _assert_within(scratch_deep.L_model_backward(other, net["Y"], caches, net["activations"]),
                   _as_numpy(tf_deep.L_model_backward(other, net["Y"], tf_caches,
                                                      net["activations"])),
                   "float64", "reduction", deep_cases._network_reduction(net), what="AL given")


# --- the course's results on the real cat data ------------------------------------------------------
def _data_dir():
    try:
        return datasets.find_data_dir()
    except FileNotFoundError:
        return None


COURSE_RUNS = {
    # name: (layers_dims, initialisation scale, course's train %, test %)
    "2-layer": ([12288, 7, 1], 0.01, 100.0, 72.0),
    "4-layer": ([12288, 20, 7, 5, 1], "xavier", 98.56459330143541, 80.0),
}


@pytest.mark.real_data
@pytest.mark.slow
@pytest.mark.skipif(_data_dir() is None,
                    reason="the course's train_catvnoncat.h5/test_catvnoncat.h5 were not found "
                           "(set DLPARITY_DATA to their directory)")
@pytest.mark.parametrize("name", list(COURSE_RUNS))
def test_course_cat_results_in_both_twins(name):
    """np.random.seed(1) initialisation (seed=1), lr 0.0075, 2500 iterations, as the course."""
    dims, scale, train_expected, test_expected = COURSE_RUNS[name]
    X, Y, X_test, Y_test, _ = datasets.cat_data(source="real")
    results = {}
    for twin in (scratch_deep, tf_deep):
        parameters, costs = twin.L_layer_model(X, Y, dims, 0.0075, 2500, scale=scale, seed=1)
        parameters = _as_numpy(parameters)
        p_train = np.asarray(twin.predict(X, Y, parameters))
        p_test = np.asarray(twin.predict(X_test, Y_test, parameters))
        results[twin.__name__] = (parameters, [float(c) for c in costs], p_train, p_test)
    (s_params, s_costs, s_train, s_test), (t_params, t_costs, t_train, t_test) = results.values()
    assert np.array_equal(s_train, t_train) and np.array_equal(s_test, t_test)
    assert scratch_deep.accuracy(s_train, Y) == pytest.approx(train_expected)
    assert scratch_deep.accuracy(s_test, Y_test) == pytest.approx(test_expected)
    tol = tolerances.tolerance("float64", "trajectory", 12288, 2500)
    checker.assert_pass(checker.compare({"parameters": s_params, "costs": s_costs},
                                        {"parameters": t_params, "costs": t_costs},
                                        component=f"deep.L_layer_model[real {name}]",
                                        check="trajectory", dtype="float64", tolerance=tol))
