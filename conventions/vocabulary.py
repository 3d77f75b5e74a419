"""The course's vocabulary, defined once: both twins, the parity cases, the CLI and the tests import
these names instead of writing them again.

- COURSE_MODULES: the course modules that exist in both twins (`scratch.<name>`, `tfimpl.<name>`),
  in the order the catalogue, the report and the CLI list them.
- ACTIVATIONS: the hidden/output activations a layer of `deep` may use (softmax is a multi-class
  output and lives in `activations` only).
- default_activations(L): the course's stack [LINEAR -> RELU] x (L - 1) -> LINEAR -> SIGMOID.
- LEAKY_RELU_SLOPE: the course's leaky ReLU slope 0.01 (Keras's LeakyReLU defaults to 0.3).
- INIT_SCALES: the named initialisation scales of `initialize_parameters_deep`
  ("xavier": randn / sqrt(n_{l-1}), "he": randn * sqrt(2 / n_{l-1})); a number s means randn * s.
- COST_EVERY: how often each training loop records (and prints) its cost — the course's own
  intervals: every 100 iterations (logistic, deep), every 1000 (shallow).
- SHALLOW_INIT_SCALE, SHALLOW_SEED: the week-3 initialiser's randn * 0.01 after np.random.seed(2).
- DEEP_SEED: the week-4 application's np.random.seed(1).

NumPy-free on purpose: importing it costs nothing and needs neither twin.
"""

COURSE_MODULES = ("activations", "losses", "logistic", "shallow", "deep")

# The course modules with a training loop (what `dl-parity train` trains).
TRAINABLE_MODULES = ("logistic", "shallow", "deep")

ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu")
HIDDEN_ACTIVATION = "relu"
OUTPUT_ACTIVATION = "sigmoid"
LEAKY_RELU_SLOPE = 0.01

INIT_SCALES = ("xavier", "he")

COST_EVERY = {"logistic": 100, "shallow": 1000, "deep": 100}

SHALLOW_INIT_SCALE = 0.01
SHALLOW_SEED = 2
DEEP_SEED = 1


def default_activations(L):
    """The course's stack for an L-layer network: ["relu"] * (L - 1) + ["sigmoid"]."""
    return [HIDDEN_ACTIVATION] * (L - 1) + [OUTPUT_ACTIVATION]


def records_cost(module, i):
    """True when the course's loop of `module` records the cost of iteration i (before its update)."""
    return i % COST_EVERY[module] == 0
