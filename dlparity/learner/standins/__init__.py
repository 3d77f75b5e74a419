"""Stand-ins for the course's helper modules, used when a learner's file imports one that is not
beside it. Written for this project: they follow the course's return conventions (for example
`relu(Z) -> (A, cache)`), not its code.

- dnn_utils (dnn_utils, dnn_utils_v2, ...): sigmoid, relu, sigmoid_backward, relu_backward;
- dnn_app_utils (dnn_app_utils_v2, _v3, ...): the same plus load_data and the L-layer functions;
- lr_utils: load_dataset (the cat data: the course's files when found, else the built-in set);
- planar_utils: sigmoid, load_planar_dataset, load_extra_datasets, plot_decision_boundary;
- reg_utils: sigmoid, relu, compute_cost, forward_propagation (the 3-layer network); its data,
  plotting and training helpers fail when called;
- gc_utils: sigmoid, relu, dictionary_to_vector, vector_to_dictionary, gradients_to_vector;
- init_utils: the initialisation notebook's 3-layer network (forward_propagation, compute_loss,
  backward_propagation, update_parameters), predict and the circles;
- opt_utils (opt_utils, opt_utils_v1a, ...): the optimisation notebook's initialize_parameters
  (He, seed 3), the same 3-layer network with compute_cost summed over the examples, and the
  moons; in both, plotting helpers fail when called;
- test and grading modules (testCases*, public_tests, test_utils) and tf_utils: every name
  exists and fails only when called — the learner's test cells are not run by the check.
"""

import importlib
import re
import types

_SPECIFIC = (
    (re.compile(r"^dnn_app_utils(_v\d+)?$"), "dnn_app_utils"),
    (re.compile(r"^dnn_utils(_v\d+)?$"), "dnn_utils"),
    (re.compile(r"^lr_utils$"), "lr_utils"),
    (re.compile(r"^planar_utils$"), "planar_utils"),
    (re.compile(r"^reg_utils$"), "reg_utils"),
    (re.compile(r"^gc_utils$"), "gc_utils"),
    (re.compile(r"^init_utils$"), "init_utils"),
    (re.compile(r"^opt_utils\w*$"), "opt_utils"),
)
_PLACEHOLDERS = re.compile(
    r"^(testCases\w*|test_cases\w*|public_tests|test_utils|tf_utils)$")


def unavailable(module, name):
    """A stand-in for the function `module.name` that fails, saying why, when it is called."""
    def function(*args, **kwargs):
        raise RuntimeError(f"{module}.{name} is a stand-in: the course's module is not beside your "
                           "file (the check runs neither test nor plotting cells)")
    function.__name__ = name
    return function


class Unavailable(types.ModuleType):
    """A course module whose functions only the notebook's own cells call."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return unavailable(self.__name__, name)


def stand_in_for(name):
    """The stand-in module for a course helper module `name`, or None when it is not one."""
    for pattern, module in _SPECIFIC:
        if pattern.match(name):
            return importlib.import_module(f"dlparity.learner.standins.{module}")
    if _PLACEHOLDERS.match(name):
        placeholder = Unavailable(name)
        placeholder.__doc__ = "a placeholder: every name exists and fails when called"
        return placeholder
    return None


def describe(name):
    """One line saying what the stand-in for `name` provides."""
    module = stand_in_for(name)
    if isinstance(module, Unavailable):
        return "its names exist but fail when called"
    public = getattr(module, "__all__", None) or [
        k for k, v in vars(module).items()
        if callable(v) and not k.startswith("_") and getattr(v, "__module__", "") == module.__name__]
    return ", ".join(sorted(public))
