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
  intervals: every 100 iterations (logistic, deep), every 1000 (shallow, initialization's and
  regularization's models).
- REGULARIZATION_HIDDEN, REGULARIZATION_SEED: the regularisation assignment's [n_x, 20, 3, 1] and
  reg_utils' np.random.seed(3) initialisation.
- SHALLOW_INIT_SCALE, SHALLOW_SEED: the week-3 initialiser's randn * 0.01 after np.random.seed(2).
- DEEP_SEED: the week-4 application's np.random.seed(1).
- INITIALIZATION_SEED, RANDOM_INIT_SCALE: course 2's initialisation assignment (np.random.seed(3),
  "large" random weights randn * 10); INIT_MODES, INIT_DISTRIBUTIONS: Keras's VarianceScaling
  options; TRUNCATED_NORMAL_STD: the std of a standard normal truncated at +-2 (Keras's correction).
- MINI_BATCH_SIZE, ADAM_DEFAULTS: course 2's random_mini_batches size 64 and Adam's defaults
  (learning_rate 0.01, beta1 0.9, beta2 0.999, epsilon 1e-8), the twins' signature defaults.
- BATCHNORM_EPSILON, BATCHNORM_MOMENTUM: batch norm's defaults in both twins (1e-8, 0.9; Keras's
  are 1e-3, 0.99), momentum being the weight of the OLD running value.
- TUNING_SCALES, LEARNING_RATE_RANGE, BETA_RANGE, TUNING_TRIALS, TUNING_SHRINK, TUNING_METRIC: the
  hyperparameter search's sampling scales, the notes' ranges and the search's defaults.
- QUADRATIC_*, SIGNS_*: the TensorFlow tutorial's quadratic cost and its SIGNS network's settings.

NumPy-free on purpose: importing it costs nothing and needs neither twin.
"""

COURSE_MODULES = ("activations", "losses", "logistic", "shallow", "deep", "initialization",
                  "regularization", "gradient_check", "optimization", "batchnorm", "softmax",
                  "practical", "tuning", "tf_tutorial")

# The course modules with a training loop (what `dl-parity train` trains).
TRAINABLE_MODULES = ("logistic", "shallow", "deep", "softmax")

ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu")
HIDDEN_ACTIVATION = "relu"
OUTPUT_ACTIVATION = "sigmoid"
LEAKY_RELU_SLOPE = 0.01

INIT_SCALES = ("xavier", "he")

COST_EVERY = {"logistic": 100, "shallow": 1000, "deep": 100, "initialization": 1000,
              "regularization": 1000,
              "batchnorm": 100, "softmax": 100}     # mini-batch loops: every 100 epochs

SHALLOW_PARAMETERS = ("W1", "b1", "W2", "b2")     # the week-3 network's parameters, in order
SHALLOW_CACHE = ("Z1", "A1", "Z2", "A2")          # and its forward cache
# Course 2, optimisation: the assignment's defaults (mini-batch size, Adam's hyperparameters).
MINI_BATCH_SIZE = 64
ADAM_DEFAULTS = {"learning_rate": 0.01, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}

SHALLOW_INIT_SCALE = 0.01
SHALLOW_SEED = 2
DEEP_SEED = 1

# --- course 2, week 1: initialisation (scratch/tfimpl `initialization`) ----------------------------
# The assignment's np.random.seed(3) (random and he) and its "large random" scale randn * 10.
INITIALIZATION_SEED = 3
RANDOM_INIT_SCALE = 10
# Keras's VarianceScaling modes and distributions.
INIT_MODES = ("fan_in", "fan_out", "fan_avg")
INIT_DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")
# The standard deviation of a standard normal truncated to [-2, 2]: sqrt(1 - 4 phi(2) / (2 Phi(2) - 1))
# (Keras divides its truncated normals' stddev by it, so their variance is the one asked for).
TRUNCATED_NORMAL_STD = 0.87962566103423978
# The assignment's experiments: model(X, Y, ...) on its circles, the 3-layer [n_x, 10, 5, 1] network,
# the course's schemes (its `initialization` argument).
INITIALIZATION_HIDDEN = (10, 5)
INITIALIZATION_SCHEMES = ("zeros", "random", "he")

# --- course 2, week 1: regularisation (scratch/tfimpl `regularization`) ----------------------------
# The assignment's 3-layer caches, named in order, and its np.random.seed(1) before the masks.
REGULARIZATION_CACHE = ("Z1", "A1", "W1", "b1", "Z2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")
DROPOUT_CACHE = ("Z1", "D1", "A1", "W1", "b1", "Z2", "D2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")
DROPOUT_SEED = 1
# The assignment's model: [n_x, 20, 3, 1], reg_utils' initialisation after np.random.seed(3).
REGULARIZATION_HIDDEN = (20, 3)
REGULARIZATION_SEED = 3

# --- course 2, week 1: gradient checking (scratch/tfimpl `gradient_check`) --------------------------
# The assignment's 3-layer network [4, 5, 3, 1] (47 parameters) and the notes' verdict threshold.
GRADIENT_CHECK_DIMS = (4, 5, 3, 1)
GRADIENT_CHECK_THRESHOLD = 2e-7
# Batch normalisation (course 2, week 3). The notes write sqrt(sigma^2 + epsilon) without a value;
# 1e-8 is the course's other epsilon (Adam's). Keras's BatchNormalization defaults to 1e-3.
# Momentum is the weight of the OLD running value, as in the notes' exponentially weighted
# averages v = beta v + (1 - beta) theta with their usual beta = 0.9 (Keras: same meaning,
# default 0.99; PyTorch's momentum is the weight of the NEW value).
BATCHNORM_EPSILON = 1e-8
BATCHNORM_MOMENTUM = 0.9
# Course 2's mini-batch `model`: the optimizers it chooses among, and its seed (seed = 10, then
# seed = seed + 1 before each epoch's random_mini_batches); the batch-normalised and softmax
# networks train with it.
OPTIMIZERS = ("gd", "momentum", "rmsprop", "adam")
MINI_BATCH_SEED = 10

# --- course 2, week 3: hyperparameter search (scratch/tfimpl `tuning`) ---------------------------
# The scales a hyperparameter is sampled on (conventions/tuning_checks.py): a learning rate on a log
# scale, an averaging weight beta through log10(1 - beta), widths on a linear or integer scale.
# The notes' ranges: alpha in [1e-4, 1], beta in [0.9, 0.999].
TUNING_SCALES = ("log", "log_one_minus", "linear", "integer")
LEARNING_RATE_RANGE = (1e-4, 1.0)
BETA_RANGE = (0.9, 0.999)
TUNING_TRIALS = 20
TUNING_SHRINK = 0.5          # coarse to fine: each round's range is this fraction of the last
TUNING_METRIC = "dev_accuracy"

# --- course 2, week 3: the TensorFlow tutorial (scratch/tfimpl `tf_tutorial`) ---------------------
# The lecture's cost J(w) = w^2 - 10 w + 25 = (w - 5)^2 as the coefficient array [1, -10, 25],
# minimised from w = 0 by gradient descent at 0.01 for 1000 steps (w_k = 5 - 5 * 0.98^k).
QUADRATIC_COEFFICIENTS = (1.0, -10.0, 25.0)
QUADRATIC_LEARNING_RATE = 0.01
QUADRATIC_STEPS = 1000
# The assignment's network: 12288 inputs (64 x 64 x 3), LINEAR -> RELU -> LINEAR -> RELU -> LINEAR
# -> SOFTMAX with 25, 12 and 6 units, Glorot initialisation, Adam at 0.0001, mini-batches of 32;
# its mini-batches reshuffled with seed 3 + 1, 3 + 2, ... (seed = seed + 1 before each epoch).
SIGNS_LAYERS = (12288, 25, 12, 6)
SIGNS_CLASSES = 6
SIGNS_LEARNING_RATE = 0.0001
SIGNS_MINI_BATCH_SIZE = 32
SIGNS_SEED = 3
SIGNS_INIT_SEED = 1


def default_activations(L):
    """The course's stack for an L-layer network: ["relu"] * (L - 1) + ["sigmoid"]."""
    return [HIDDEN_ACTIVATION] * (L - 1) + [OUTPUT_ACTIVATION]


def records_cost(module, i):
    """True when the course's loop of `module` records the cost of iteration i (before its update)."""
    return i % COST_EVERY[module] == 0


# --- the names of what the course's functions return ---------------------------------------------
# A tuple returned by a course function, named as the course's notebooks name its parts; caches
# are named by their fields: a linear cache (A_prev, W, b), a layer cache ((A_prev, W, b), Z).
RETURNS = {
    "initialize_with_zeros": ("w", "b"),
    "propagate": ("grads", "cost"),
    "optimize": ("params", "grads", "costs"),
    "forward_propagation": ("A2", "cache"),
    "nn_model": ("parameters", "costs"),
    "linear_forward": ("Z", "cache"),
    "linear_activation_forward": ("A", "cache"),
    "L_model_forward": ("AL", "caches"),
    "linear_backward": ("dA_prev", "dW", "db"),
    "linear_activation_backward": ("dA_prev", "dW", "db"),
    "L_layer_model": ("parameters", "costs"),
    "two_layer_model": ("parameters", "costs"),
    "fit_keras": ("parameters", "costs"),
    # one value, named as the course names it
    "compute_cost": "cost", "update_parameters": "parameters",
    "initialize_parameters": "parameters", "initialize_parameters_deep": "parameters",
    "backward_propagation": "grads", "L_model_backward": "grads",
    "logistic.predict": "Y_prediction", "shallow.predict": "predictions", "deep.predict": "p",
    "layer_sizes": ("n_x", "n_h", "n_y"),
    **{g: "A" for g in ("sigmoid", "tanh", "relu", "leaky_relu", "softmax")},
    **{f"{g}_backward": "dZ" for g in ("sigmoid", "tanh", "relu", "leaky_relu", "softmax")},
    "binary_cross_entropy": "cost", "binary_cross_entropy_from_logits": "cost",
    "binary_cross_entropy_backward": "dA", "binary_cross_entropy_from_logits_backward": "dZ",
    "initialization.model": "parameters",
    **{f"initialize_parameters_{s}": "parameters" for s in (
        "zeros", "random", "he", "xavier", "glorot_normal", "glorot_uniform", "variance_scaling")},
    "compute_cost_with_regularization": "cost",
    "backward_propagation_with_regularization": "gradients",
    "backward_propagation_with_dropout": "gradients",
    "forward_propagation_with_dropout": ("A3", "cache"),
    "regularization.forward_propagation": ("A3", "cache"),
    "compute_cost_with_L1_regularization": "cost",
    "L_model_backward_with_regularization": "grads", "L_model_backward_with_L1_regularization": "grads",
    "L_model_forward_with_dropout": ("AL", "caches", "masks"),
    "L_model_backward_with_dropout": "grads", "dropout_masks": "masks",
    "regularization.model": "parameters",
    "gradient_check.forward_propagation": "J", "gradient_check.backward_propagation": "dtheta",
    "gradient_check": "difference", "gradient_check_n": "difference",
    "dictionary_to_vector": ("theta", "keys"), "vector_to_dictionary": "parameters",
    "gradients_to_vector": "theta", "forward_propagation_n": ("cost", "cache"),
    "backward_propagation_n": "gradients", "gradient_check_blocks": "difference",
    # course 2, optimisation
    "random_mini_batches": "mini_batches", "update_parameters_with_gd": "parameters",
    "initialize_velocity": "v", "update_parameters_with_momentum": ("parameters", "v"),
    "initialize_rmsprop": "s", "update_parameters_with_rmsprop": ("parameters", "s"),
    "initialize_adam": ("v", "s"), "update_parameters_with_adam": ("parameters", "v", "s"),
    "exponentially_weighted_averages": "v", "update_lr": "learning_rate",
    "schedule_lr_decay": "learning_rate",
    # batchnorm: the cache is (Z, gamma, beta, epsilon)
    "batch_statistics": ("mu", "var"),
    "batchnorm_forward": ("Z_tilde", "cache"),
    "batchnorm_backward": ("dZ", "dgamma", "dbeta"),
    "update_running_stats": ("running_mean", "running_var"),
    "batchnorm_inference": "Z_tilde",
    # softmax networks
    "convert_to_one_hot": "Y", "compute_cost_from_logits": "cost",
    "softmax_cross_entropy_backward": "dZ", "softmax.predict": "predictions",
    # the practical toolkit
    "default_split_ratios": ("train", "dev", "test"),
    "train_dev_test_split": ("X_train", "Y_train", "X_dev", "Y_dev", "X_test", "Y_test"),
    "normalization_statistics": ("mu", "sigma2"), "normalize_inputs": "X_norm",
    "normalize_train_dev_test": ("X_train_norm", "X_dev_norm", "X_test_norm", "mu", "sigma2"),
    "diagnose_bias_variance": "diagnosis",
    "train_with_early_stopping": ("parameters", "history"),
    "flip_horizontal": "images", "augment_with_flips": ("images", "labels"),
    # hyperparameter search
    "sample_learning_rate": "alpha", "sample_beta": "beta",
    "sample_hyperparameters": "trials", "train_dev_split": ("X_train", "Y_train", "X_dev", "Y_dev"),
    "random_search": "table", "zoom": "space", "coarse_to_fine": ("table", "spaces"),
    # the TensorFlow tutorial
    "quadratic_cost": "J", "train_step": "w", "minimize_cost": "ws",
    "tf_tutorial.forward_propagation": "Z3", "compute_total_loss": "total_loss",
    "tf_tutorial.model": ("parameters", "costs", "train_acc", "test_acc"),
    # batch-normalised networks and the mini-batch training loops
    "initialize_parameters_bn": "parameters", "initialize_running_stats": "running",
    "L_model_forward_bn": ("AL", "caches", "running"), "L_model_backward_bn": "grads",
    "L_model_inference_bn": "AL", "predict_bn": "p",
    "L_layer_model_bn": ("parameters", "running", "costs"),
    "softmax.L_layer_model": ("parameters", "costs"),
}
LINEAR_CACHE = ("A_prev", "W", "b")
BATCHNORM_CACHE = ("Z", "gamma", "beta", "epsilon")


def name_cache(cache):
    """{"A_prev", "W", "b"} for a linear cache, {"A_prev", "W", "b", "Z"} for a layer cache,
    {"Z", "gamma", "beta", "epsilon"} for a batch-norm cache, {"A_prev", "W", "Z", "gamma", "beta",
    "epsilon", "Z_tilde"} for a batch-normalised layer's; anything else unchanged."""
    if isinstance(cache, tuple) and len(cache) == 3 and isinstance(cache[0], tuple) \
            and len(cache[0]) == 2:         # a batch-normalised layer: ((A_prev, W), bn, Z_tilde)
        return {"A_prev": cache[0][0], "W": cache[0][1], **name_cache(tuple(cache[1])),
                "Z_tilde": cache[2]}
    if isinstance(cache, tuple) and len(cache) == 3:
        return dict(zip(LINEAR_CACHE, cache))
    if isinstance(cache, tuple) and len(cache) == 4:
        return dict(zip(BATCHNORM_CACHE, cache))
    if isinstance(cache, tuple) and len(cache) == 2 and isinstance(cache[0], tuple) \
            and len(cache[0]) == 3:
        return {**dict(zip(LINEAR_CACHE, cache[0])), "Z": cache[1]}
    return cache


def named_result(function, result):
    """`result` of the course function `function` ("predict" or "deep.predict") with its parts
    named (RETURNS) and its caches by their fields, so that a leaf reads `grads.dW2`, `cost` or
    `caches[1].Z`; a result of another shape is returned unchanged."""
    names = RETURNS.get(function, RETURNS.get(function.split(".")[-1]))
    if isinstance(names, str):
        return {names: result}
    if not (names and isinstance(result, tuple) and len(result) == len(names)):
        return result
    named = dict(zip(names, result))
    if "cache" in named:
        named["cache"] = name_cache(named["cache"])
        if isinstance(named["cache"], tuple) and len(named["cache"]) in (12, 14):
            fields = REGULARIZATION_CACHE if len(named["cache"]) == 12 else DROPOUT_CACHE
            named["cache"] = dict(zip(fields, named["cache"]))
    if isinstance(named.get("caches"), list):
        named["caches"] = [name_cache(c) for c in named["caches"]]
    return named
