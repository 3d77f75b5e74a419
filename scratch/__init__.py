"""NumPy twin: the course's components written from scratch (NumPy and h5py only).

Modules mirror `tfimpl` one for one: activations, losses, logistic, shallow, deep.
Shared conventions used by both twins live here too: `layout` (course <-> Keras),
`weights_file`, `datasets` (cat-format images), `planar_datasets` (2-D sets),
`validation`, `atomic`.
"""
