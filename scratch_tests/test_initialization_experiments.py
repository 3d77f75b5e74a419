"""The assignment's three initialisation experiments on its circles (course 2, week 1), scratch:
model(X, Y, learning_rate=0.01, num_iterations=15000, initialization=...) on the 3-layer
[2, 10, 5, 1] network, with the course's published figures as goldens:
    zeros   train 50 %    / test 50 %   (cost ln 2 throughout; every hidden unit of a layer equal)
    random  train 83 %    / test 86 %   (first cost printed as inf)
    he      train 99.33 % / test 96 %   (first cost printed as 0.8830537463419761)
The data is conventions.planar_datasets.load_circles_dataset() (the course's points bit for bit),
so these are the course's own runs; each takes a few seconds.
"""

import math

import numpy as np
import pytest

from conventions.planar_datasets import load_circles_dataset
from scratch import deep
from scratch import initialization as scratch

# (train correct of 300, test correct of 100): the course's 50 / 50, 83 / 86, 99.33 / 96 %.
PUBLISHED = {"zeros": (150, 50), "random": (249, 86), "he": (298, 96)}
HE_FIRST_COST = 0.8830537463419761          # the assignment's printed "Cost after iteration 0"


@pytest.fixture(scope="module")
def circles():
    return load_circles_dataset()


def correct(X, Y, parameters):
    p = deep.predict(X, Y, {k: np.asarray(v) for k, v in parameters.items()})
    return int(np.sum(p == Y))


def run(module, scheme, circles, **kwargs):
    train_X, train_Y, test_X, test_Y = circles
    costs = []
    parameters = module.model(train_X, train_Y, initialization=scheme, print_cost=False,
                              progress=lambda i, cost: costs.append((i, float(cost))), **kwargs)
    return parameters, costs, (correct(train_X, train_Y, parameters),
                               correct(test_X, test_Y, parameters))


@pytest.mark.slow
@pytest.mark.parametrize("scheme", list(PUBLISHED))
def test_the_course_figures(scheme, circles):
    parameters, costs, figures = run(scratch, scheme, circles)
    assert figures == PUBLISHED[scheme]
    assert [i for i, _ in costs] == list(range(0, 15000, 1000))
    first = costs[0][1]
    if scheme == "zeros":
        # zero weights: A3 = sigmoid(b3) with b3 moving only by the class balance (150 / 150)
        assert all(cost == pytest.approx(math.log(2), rel=1e-15) for _, cost in costs)
        for l in (1, 2, 3):             # symmetry never broken: every row (unit) equal
            W, b = parameters[f"W{l}"], parameters[f"b{l}"]
            assert (W == W[:1]).all() and (b == b[:1]).all(), l
    elif scheme == "random":
        assert first == math.inf and costs[-1][1] < 0.5
    else:
        assert first == pytest.approx(HE_FIRST_COST, rel=1e-14) and costs[-1][1] < 0.1


def test_model_checks_its_arguments(circles):
    train_X, train_Y = circles[:2]
    with pytest.raises(ValueError, match="initialization"):
        scratch.model(train_X, train_Y, initialization="xavier")
    with pytest.raises(ValueError, match="initial_parameters"):
        scratch.model(train_X, train_Y, initial_parameters=scratch.initialize_parameters_he(
            [2, 4, 1]))
    with pytest.raises(TypeError, match="progress"):
        scratch.model(train_X, train_Y, num_iterations=1, progress=3)


def test_print_cost_prints_every_thousand(circles, capsys):
    scratch.model(*circles[:2], num_iterations=1001, print_cost=True)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Cost after iteration 0: {HE_FIRST_COST}"
    assert len(lines) == 2 and lines[1].startswith("Cost after iteration 1000: ")
