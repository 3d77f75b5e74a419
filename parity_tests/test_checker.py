"""The instrument itself: the checker's rows, the tolerance table, the report's views."""

import json

import numpy as np
import pytest

from dlparity import checker, report, tolerances
from dlparity.cases import Mutant, ParityCase, all_cases, run_case
from dlparity.cases import deep as deep_cases


def rows_for(a, b, tol=1e-12):
    return checker.compare(a, b, component="c", check="forward", dtype="float64", tolerance=tol)


def test_nested_results_are_named_leaf_by_leaf():
    a = ({"dw": np.ones((2, 1)), "db": np.float64(0.5)}, [np.zeros(3), np.ones(1)])
    rows = rows_for(a, a)
    assert [r.leaf for r in rows] == ["[0].dw", "[0].db", "[1][0]", "[1][1]"]
    assert all(r.passed and r.max_abs == 0 for r in rows)


def test_differences_are_measured_normwise():
    a = np.array([[1.0, 2.0, -4.0]])
    b = a + np.array([[0.0, 1e-6, 0.0]])
    (row,) = rows_for(a, b, tol=1e-6)
    assert row.max_abs == pytest.approx(1e-6, rel=1e-9)
    assert row.max_rel == pytest.approx(1e-6 / 4, rel=1e-9)
    assert row.passed
    (row,) = rows_for(a, b, tol=1e-7)
    assert not row.passed and row.status == "FAIL"


def test_shape_dtype_missing_leaf_and_nan_are_failures_with_a_reason():
    (row,) = rows_for(np.zeros((3, 1)), np.zeros((3,)))
    assert not row.passed and "shape (3, 1) vs (3,)" in row.note
    (row,) = rows_for(np.zeros(2, np.float32), np.zeros(2))
    assert not row.passed and "dtype float32 vs float64" in row.note
    rows = rows_for({"a": np.zeros(1)}, {"a": np.zeros(1), "b": np.zeros(1)})
    assert [r.passed for r in rows] == [True, False] and "only tfimpl" in rows[1].note
    (row,) = rows_for(np.array([np.nan, 1.0]), np.array([0.0, 1.0]))
    assert not row.passed and "non-finite" in row.note
    (row,) = rows_for(np.array([np.inf, 1.0]), np.array([np.inf, 1.0]))
    assert row.passed and "identical non-finite" in row.note


def test_failure_message_names_leaf_and_numbers():
    rows = rows_for({"dW2": np.ones((2, 2))}, {"dW2": np.ones((2, 2)) * 2})
    with pytest.raises(AssertionError) as err:
        checker.assert_pass(rows)
    text = str(err.value)
    assert "dW2" in text and "1.00e+00" in text and "5.00e-01" in text and "FAIL" in text


def test_tolerances_scale_with_dtype_reduction_and_steps():
    f64 = tolerances.tolerance("float64", "reduction", n=100)
    assert f64 == 16 * np.finfo(np.float64).eps * 10
    assert tolerances.tolerance("float32", "reduction", n=100) > 1e8 * f64
    assert tolerances.tolerance("float64", "trajectory", n=100, steps=10) == 10 * f64
    assert tolerances.tolerance("float64", "elementwise", n=10**6) == 16 * np.finfo(float).eps
    assert all(reason for _, reason in tolerances.TABLE.values())
    with pytest.raises(KeyError, match="no tolerance for dtype 'float16'"):
        tolerances.tolerance("float16", "reduction")


def test_every_case_is_well_formed_and_names_are_unique():
    cases = all_cases()
    names = [c.name for c in cases]
    assert len(names) == len(set(names))
    for c in cases:
        assert c.check in ("forward", "gradient", "step", "trajectory"), c.name
        assert c.kind in tolerances.KINDS, c.name
        assert set(c.dtypes) <= {"float64", "float32"}, c.name


def test_every_twin_module_has_cases_and_every_case_module_has_wrong_variants():
    by_module = {}
    for c in all_cases():
        by_module.setdefault(c.module, []).append(c)
    for module, cases in by_module.items():
        assert sum(len(c.mutants) for c in cases) >= 1, module


def _always_wrong(Z):
    return Z + 1


BROKEN = ParityCase("activations.relu", "forward", "activations",
                    lambda rng, dtype: {"Z": np.ones((2, 2), dtype)}, lambda m, i: m.relu(i["Z"]),
                    randomized=False, mutants=(Mutant("plus one", "adds 1", "relu", _always_wrong),))


def test_a_mutant_run_changes_only_the_scratch_side():
    rows = run_case(BROKEN, "float64", mutant=BROKEN.mutants[0])
    assert rows[0].component == "activations.relu~plus one"
    assert not rows[0].passed and rows[0].max_abs == 1.0


def test_report_exit_code_and_json_views(monkeypatch, capsys):
    """The views of a catalogue patched in this process: --jobs 1 (a worker process would load
    the real catalogue, and refuses a case it does not find there: see the next test)."""
    from dlparity import cli

    monkeypatch.setattr(report, "all_cases", lambda: [BROKEN])
    assert cli.main(["report", "--mutants", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "CAUGHT" in out and "all PASS" in out
    assert cli.main(["report", "--json", "--mutants", "--jobs", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"component", "check", "dtype", "max_abs", "max_rel", "tolerance", "status"} <= set(
        data["rows"][0])
    assert [r["status"] for r in data["rows"]] == ["PASS", "PASS", "PASS", "PASS"]

    wrong = ParityCase("activations.relu", "forward", "activations",
                       lambda rng, dtype: {"Z": np.ones((2, 2), dtype)},
                       lambda m, i: m.relu(i["Z"]) if m.__name__ == "scratch.activations"
                       else m.relu(i["Z"]) * 2, randomized=False)
    monkeypatch.setattr(report, "all_cases", lambda: [wrong])
    assert cli.main(["report", "--json", "--jobs", "1"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["rows"][0]["status"] == "FAIL" and data["rows"][0]["max_abs"] == 1.0


# --- wrong variants installed by name -------------------------------------------------------------
def _raising_kernel(*args, **kwargs):
    raise KeyError("boom")


def test_a_wrong_kernel_is_seen_through_every_public_function_and_then_restored():
    from dlparity.cases import installed
    from scratch import deep

    original = deep._linear_backward
    wrong = Mutant("dW no 1/m", "", "_linear_backward", deep_cases._linear_backward_dW_no_mean)
    rng = np.random.default_rng(0)
    X, W, b = rng.standard_normal((3, 4)), rng.standard_normal((2, 3)), np.zeros((2, 1))
    Z, cache = deep.linear_activation_forward(X, W, b, "tanh")
    right = deep.linear_activation_backward(np.ones_like(Z), cache, "tanh")
    with installed(deep, wrong):
        assert deep._linear_backward is wrong.function
        seen = deep.linear_activation_backward(np.ones_like(Z), cache, "tanh")
    assert np.allclose(seen[1], 4 * right[1])                 # m = 4: the public path sees it
    assert deep._linear_backward is original
    with pytest.raises(KeyError, match="boom"):
        with installed(deep, Mutant("raises", "", "_linear_backward", _raising_kernel)):
            deep.linear_backward(np.ones((2, 4)), (X, W, b))
    assert deep._linear_backward is original                  # restored on the exception too
    with pytest.raises(AttributeError, match="has no '_no_such_kernel'"):
        with installed(deep, Mutant("typo", "", "_no_such_kernel", _raising_kernel)):
            pass


def test_the_plain_W_dZ_bug_is_caught_on_the_square_layer_the_mutant_seed_draws():
    from dlparity.cases import MUTANT_SEED, case_named, draw_inputs

    case = case_named("deep.linear_backward:gradient")
    mutant = next(m for m in case.mutants if m.name == "W not W.T")
    assert mutant.raises is None                              # caught by comparison, not a crash
    for dtype in ("float64", "float32"):
        W = draw_inputs(case, dtype, MUTANT_SEED)["W"]
        assert W.shape[0] == W.shape[1]
        rows = run_case(case, dtype, MUTANT_SEED, mutant=mutant)
        assert any(not r.passed and np.isfinite(r.max_rel) and r.leaf == "dA_prev" for r in rows)


def test_random_shapes_include_square_layers_single_units_and_single_examples():
    from dlparity.cases import case_named

    case = case_named("deep.L_model_forward[mixed]:forward")
    draws = [case.make_inputs(np.random.default_rng(s), np.dtype("float64")) for s in range(60)]
    sizes = [d["sizes"] for d in draws]
    assert any(any(a == b for a, b in zip(s[:-1], s[1:-1])) for s in sizes)   # square W
    assert any(1 in s[1:-1] for s in sizes)                                    # a single unit
    assert any(d["X"].shape[1] == 1 for d in draws)                            # m = 1


# --- the conditioning rule ------------------------------------------------------------------------
def test_nudges_are_mirrored_and_leave_labels_and_settings_alone():
    from dlparity import conditioning

    x = np.linspace(0.5, 2.0, 50).reshape(5, 10)
    inputs = {"X": x, "Y": np.array([[0.0, 1.0, 1.0]]), "lr": 0.1, "p": {"b": np.float32(3.3)}}
    up, down = conditioning.nudges(inputs, np.random.default_rng(0))
    for nudged in (up, down):
        assert np.array_equal(nudged["Y"], inputs["Y"]) and nudged["lr"] == 0.1
        assert nudged["p"]["b"].dtype == np.float32 and nudged["p"]["b"] != inputs["p"]["b"]
        moved = np.abs(nudged["X"] - x) / x
        assert 0 < moved.max() <= 1.01 * conditioning.step(np.float64)
    assert np.array_equal(up["X"] - x, x - down["X"])          # exact mirror images


def test_the_second_difference_cancels_the_linear_response_and_sees_rounding_noise():
    from dlparity import conditioning

    rng = np.random.default_rng(0)
    inputs = {"a": rng.uniform(1, 2, (4, 6)), "b": rng.uniform(1, 2, (4, 6))}
    linear = conditioning.noise(lambda m, i: 3 * i["a"] - 2 * i["b"], None, inputs, rng)
    assert linear <= 8 * np.finfo(float).eps                  # no first-order response left
    # sigmoid(z) - 1 for z in [5, 10]: a well-conditioned function of z, computed through an
    # intermediate (~1) whose rounding the subtraction magnifies; the nudges re-round it
    cancelling = conditioning.noise(lambda m, i: 1 / (1 + np.exp(-5 * i["a"])) - 1, None,
                                    inputs, rng)
    assert cancelling > 100 * np.finfo(float).eps


def test_a_kink_within_rounding_moves_scratch_and_is_redrawn_until_the_draws_run_out():
    from dlparity import conditioning

    def on_the_kink(rng, dtype):                 # Z computed as a - a: exactly 0 or a few ulps
        a = rng.uniform(1, 2, (1, 32)).astype(dtype)
        return {"a": a, "b": a.copy(), "dA": np.ones((1, 32), dtype)}

    case = ParityCase("activations.relu_backward", "gradient", "activations", on_the_kink,
                      lambda m, i: m.relu_backward(i["dA"], i["a"] - i["b"]))
    from scratch import activations
    moved = conditioning.noise(case.call, activations, on_the_kink(
        np.random.default_rng(0), np.dtype("float64")), np.random.default_rng(1))
    assert moved == 1.0                          # a mask entry flipped: the whole dA entry
    with pytest.raises(RuntimeError, match=r"activations.relu_backward:gradient \(float64, "
                                           r"seed 7\): no well-conditioned draw in 50"):
        run_case(case, "float64", seed=7)


def test_fixed_input_cases_are_never_redrawn():
    from dlparity.cases import draw_inputs

    assert draw_inputs(BROKEN, "float64", 3)["Z"].sum() == 4


def test_float32_rounding_no_small_nudge_reaches_is_seen_by_widening():
    """A (1, 1) tanh layer at Z = 2.6 (seed 142's first draw): the twins differ by 1.4 x the
    bound through 1 - A^2 with A ~ 1, which the nudges alone barely see."""
    from dlparity import conditioning
    from dlparity.cases import case_named, case_tolerance
    from scratch import deep

    case = case_named("deep.linear_activation_backward[tanh]:gradient")
    inputs = case.make_inputs(np.random.default_rng(142), np.dtype("float32"))
    assert inputs["Z"].shape == (1, 1)
    tol = case_tolerance(case, inputs, np.dtype("float32"))
    base = case.call(deep, inputs)
    wide = conditioning.deviation(lambda a, w: a - w, base, case.call(deep, conditioning.widened(
        inputs)))
    assert wide > tol / conditioning.SAFETY
    assert conditioning.noise(case.call, deep, inputs, np.random.default_rng(0)) >= wide


def test_a_prediction_at_the_threshold_is_a_kink_too():
    """sigmoid(w x + b) at 0.5 within rounding: one of the mirrored nudges flips the 0/1."""
    from dlparity import conditioning
    from scratch import logistic

    X = np.random.default_rng(0).uniform(1, 2, (1, 8))
    inputs = {"w": np.array([[0.7]]), "b": np.asarray(-0.7 * X[0, 0]), "X": X}
    noise = conditioning.noise(lambda m, i: m.predict(i["w"], i["b"], i["X"]), logistic, inputs,
                               np.random.default_rng(0))
    assert noise == 1.0
