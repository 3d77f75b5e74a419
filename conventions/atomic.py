"""Atomic file writing: write a temporary file beside the target, then rename it into place."""

import contextlib
import os
import tempfile

import h5py


@contextlib.contextmanager
def atomic_h5(path):
    """`with atomic_h5(path) as f:` yields a writable h5py.File. On success the data is flushed to
    disk and renamed over `path` (os.replace is atomic on one filesystem); on any error the
    temporary file is removed and `path` is left as it was."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".h5", dir=directory)
    os.close(fd)
    try:
        with h5py.File(tmp, "w") as f:
            yield f
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
