"""Shared conventions, NumPy-only (importable without TensorFlow), used by both twins, the
instrument and the tests: the course vocabulary (`vocabulary`), course <-> Keras layout
(`layout`), the weights file (`weights_file`, written atomically by `atomic`), the datasets
(`datasets`: cat-format images; `planar_datasets`: the 2-D sets) and every input check
(`validation`).
"""
