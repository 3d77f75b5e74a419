"""Shared conventions, NumPy-only (importable without TensorFlow), used by both twins, the
instrument and the tests: the course vocabulary (`vocabulary`), course <-> Keras layout
(`layout`), the weights file (`weights_file`, written atomically by `atomic`), the datasets
(`datasets`: cat-format images; `planar_datasets`: the 2-D sets) and the input checks
(`validation`: the basic ones and course 1's; each course-2 topic's in its own `*_checks` module).
"""
