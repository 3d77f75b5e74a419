"""NumPy twin: the course's components written from scratch (NumPy and h5py only).

Modules mirror `tfimpl` one for one: activations, losses, logistic, shallow, deep. The shared
conventions both twins use (vocabulary, layout, weights file, datasets, validation) live in the
`conventions` package.
"""
