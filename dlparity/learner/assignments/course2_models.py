"""The course-2 experiments' `model(...)` as tables: the initialisation notebook's full-batch
training of the 3-layer network on the circles (week 1) and the optimisation notebook's
mini-batch training on the moons (week 2). A learner's `model` calls the course's helper module
(init_utils, opt_utils*; the project's stand-ins when the course's is not beside the file) and
the learner's own functions (initialize_parameters_he, random_mini_batches, the updates), so a
slip in any of these fails `model` too.

Runs are short (the course's 15000 iterations and 5000 epochs would take minutes): the referee's
loop and seeds are the course's, so a short run already holds every step's convention. The
tolerance is a trajectory's (dlparity.tolerances): per-step rounding of the longest reduction
(the examples of a step: 300, or a mini-batch of 64) added over the steps.
"""

from conventions.planar_datasets import load_circles_dataset, load_moons_dataset
from conventions.vocabulary import INITIALIZATION_HIDDEN, MINI_BATCH_SIZE
from dlparity.learner.assignments.tasks import Edition, Task
from scratch import initialization as ref_initialization
from scratch import optimization as ref_optimization

# --- initialisation (course 2, week 1): model(X, Y, learning_rate, num_iterations, print_cost,
# initialization), layers_dims [n_x, 10, 5, 1]; the learner's initialiser seeds np.random.seed(3)
INITIALIZATION_ITERATIONS = 200


def _circles(dtype):
    X, Y = load_circles_dataset()[:2]
    return {"X": X.astype(dtype), "Y": Y.astype(dtype)}


def _initialization_model(scheme, label):
    def call(f, i):
        return f(i["X"], i["Y"], learning_rate=0.01, num_iterations=INITIALIZATION_ITERATIONS,
                 print_cost=False, initialization=scheme)

    def reference(i):
        return ref_initialization.model(i["X"], i["Y"], 0.01, INITIALIZATION_ITERATIONS, False,
                                        scheme)
    return Task(f"model[{scheme}]", _circles,
                (Edition(label, ("X", "Y"), call, reference, lambda r: {"parameters": r}),),
                kind="trajectory", reduction=lambda i: max(*INITIALIZATION_HIDDEN, i["X"].shape[1]),
                steps=INITIALIZATION_ITERATIONS,
                note=f"the course's circles (300 examples), initialization=\"{scheme}\", "
                     f"learning_rate 0.01, {INITIALIZATION_ITERATIONS} iterations")


# He only (the parity suite's initialization.model[he, circles]): "random" (x 10) saturates the
# sigmoid, where A3 - Y cancels and two correct implementations (scratch and the TF twin) part by
# 1e-6 relative in 200 iterations, far above any rounding bound; "zeros" leaves b3 alone to move,
# by db3 = mean(A3 - Y) = 0 up to rounding (5e-18 against exactly 0), no value to compare. A slip
# in initialize_parameters_random or _zeros is caught by their own rows.
INITIALIZATION_MODEL = [
    _initialization_model("he", "init_utils' 3-layer network, initialize_parameters_he"),
]

# --- optimisation (course 2, week 2): model(X, Y, layers_dims, optimizer, ...) on the moons,
# [2, 5, 2, 1], opt_utils' initialize_parameters (He, seed 3), seed 10 + 1 before each epoch's
# random_mini_batches; some notebooks add decay=None, decay_rate=1 (not passed: no decay)
OPTIMIZATION_EPOCHS = 10                      # x 5 mini-batches (4 x 64 + 44) = 50 updates
OPTIMIZATION_BATCHES = 5


def _moons(dtype):
    X, Y = load_moons_dataset()
    return {"X": X.astype(dtype), "Y": Y.astype(dtype), "layers_dims": [X.shape[0], 5, 2, 1]}


def _optimization_model(optimizer):
    settings = {"learning_rate": 0.0007, "mini_batch_size": MINI_BATCH_SIZE,
                "num_epochs": OPTIMIZATION_EPOCHS, "print_cost": False}

    def call(f, i):
        return f(i["X"], i["Y"], list(i["layers_dims"]), optimizer, **settings)

    def reference(i):
        return ref_optimization.model(i["X"], i["Y"], list(i["layers_dims"]), optimizer,
                                      **settings)
    return Task(f"model[{optimizer}]", _moons,
                (Edition(f'optimizer = "{optimizer}"', ("X", "Y", "layers_dims", "optimizer"),
                         call, reference, lambda r: {"parameters": r}),),
                kind="trajectory", reduction=lambda i: MINI_BATCH_SIZE,
                steps=OPTIMIZATION_EPOCHS * OPTIMIZATION_BATCHES,
                note=f"the course's moons, [2, 5, 2, 1], learning_rate 0.0007, "
                     f"{OPTIMIZATION_EPOCHS} epochs of 5 mini-batches")


OPTIMIZATION_MODEL = [_optimization_model(o) for o in ("gd", "momentum", "adam")]
