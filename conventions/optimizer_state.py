"""Optimizer state as plain data, in the course's functional style.

    state = {"v": v, "s": s, "t": t}     v and s optional (which ones an optimizer keeps is its own
                                         business: momentum keeps v, Adam v and s), t always
    v, s: dicts keyed like the grads     {"dW1": (n_1, n_0), "db1": (n_1, 1), ..., "dWL", "dbL"}:
                                         every entry the shape and dtype of its parameter, finite
                                         (v: first moment / velocity, s: second moment)
    t: int >= 0                          the number of updates already applied (the course
                                         increments t before each Adam update: a fresh state has 0;
                                         momentum does not use it, the state records it anyway)

In the weights file the state is the group /optimizer: arrays named by prefixing the grads' names,
`v_dW1`, `v_db1`, ..., `s_dW1`, ... (course layout) and the attribute `t`. The same prefixed names
are what `conventions.layout` converts: `v_dW1` and `s_dW1` follow the rule of W (transpose to the
Keras kernel (n_{l-1}, n_l)), `v_db1` the rule of b (ravel to the bias (n_l,)). Keras's own Adam
calls v its "momentums" and s its "velocities".

    check_optimizer_state(state, parameters)   -> the state, checked (ValueError in words)
    flatten(state) / unflatten(arrays, t)       <-> {"v_dW1": ..., "s_db2": ...} (+ t)
    to_keras_layout(state) / from_keras_layout  every array in Keras layout and back, exact
    validate_group / store                      registered with conventions.weights_file
"""

import numpy as np

from conventions import layout, weights_file

GROUP = "optimizer"
MOMENTS = ("v", "s")
KEYS = (*MOMENTS, "t")


def grad_names(L):
    """['dW1', 'db1', ..., 'dWL', 'dbL'] for an L-layer network."""
    return [f"d{kind}{l}" for l in range(1, L + 1) for kind in ("W", "b")]


def _check_keys(state):
    if not isinstance(state, dict):
        raise TypeError(f"optimizer state: expected a dict with keys among {', '.join(KEYS)}, "
                        f"got {type(state).__name__}")
    unknown = [k for k in state if k not in KEYS]
    if unknown:
        raise ValueError(f"optimizer state: unexpected key {unknown[0]!r} (expected keys among "
                         f"{', '.join(KEYS)})")
    if "t" not in state:
        raise ValueError("optimizer state: missing the step count 't' (the number of updates "
                         "applied, 0 for a fresh state)")
    for moment in MOMENTS:
        if moment in state and not isinstance(state[moment], dict):
            raise TypeError(f"optimizer state: {moment!r} must be a dict keyed like the grads "
                            f"(dW1, db1, ...), got {type(state[moment]).__name__}")


def flatten(state):
    """{"v": {"dW1": a, ...}, "s": {...}} -> {"v_dW1": a, ..., "s_dW1": ...} (t left out)."""
    _check_keys(state)
    return {f"{moment}_{name}": value for moment in MOMENTS if moment in state
            for name, value in state[moment].items()}


def unflatten(arrays, t=None):
    """Inverse of `flatten`: {"v_dW1": a, ...} (+ t) -> {"v": {"dW1": a, ...}, ..., "t": t}."""
    state = {}
    for name, value in arrays.items():
        moment, _, grad = name.partition("_")
        if moment not in MOMENTS or not grad:
            raise ValueError(f"optimizer state: {name!r} is not a v_/s_ prefixed gradient name")
        state.setdefault(moment, {})[grad] = value
    if t is not None:
        state["t"] = t
    return state


def store(state):
    """For the weights file: (arrays {"v_dW1": ...}, attributes {"t": t})."""
    arrays = flatten(state)
    return arrays, {"t": state["t"]}


def validate_group(group, parameters):
    """Read /optimizer through a weights_file.GroupView: every moment present must have all of
    dW1 ... dbL with its parameter's shape; t (required) an integer >= 0. Returns the state."""
    L = layout.num_layers(parameters)
    present = {name.partition("_")[0] for name in group.arrays()}
    state = {}
    for moment in MOMENTS:
        if moment in present:
            state[moment] = {
                grad: group.array(f"{moment}_{grad}", parameters[grad[1:]].shape,
                                  f" (the shape of {grad[1:]})")
                for grad in grad_names(L)}
    state["t"] = group.integer("t", minimum=0)
    return state


def check_optimizer_state(state, parameters):
    """The state checked against `parameters` (W1, b1, ...): the same checks the weights file
    applies. Returns it unchanged; raises ValueError (TypeError for a non-dict) in words."""
    arrays, attributes = store(state)
    dtype = np.asarray(parameters["W1"]).dtype
    view = weights_file.memory_group(GROUP, dtype, arrays, attributes)
    try:
        checked = validate_group(view, parameters)
        unread = view.unread()
    except weights_file.Problem as problem:
        raise ValueError(str(problem)) from None
    if unread:
        moment, _, grad = unread[0].partition("_")
        L = layout.num_layers(parameters)
        raise ValueError(f"optimizer state: unexpected entry {moment}[{grad!r}] (v and s are keyed "
                         f"like the grads of the {L}-layer network: {', '.join(grad_names(L))})")
    return checked


def to_keras_layout(state):
    """Every array of the state in Keras layout (v['dW1'] -> (n_0, n_1), v['db1'] -> (n_1,));
    t unchanged. Exact (a transpose or a reshape)."""
    return _convert(state, layout.to_keras_layout)


def from_keras_layout(state):
    """Inverse of `to_keras_layout`: every array back in the course layout."""
    return _convert(state, layout.from_keras_layout)


def _convert(state, rule):
    flat = flatten(state)
    converted = unflatten({name: rule(name, value) for name, value in flat.items()})
    if "t" in state:
        converted["t"] = state["t"]
    return converted


weights_file.register_group(GROUP, validate_group, store)
