"""Atomic file writing: write a temporary file beside the target, then rename it into place.

Every error names the TARGET path (never the temporary file), and on any failure the temporary
file is removed and the target is left as it was.
"""

import contextlib
import os
import tempfile

import h5py


@contextlib.contextmanager
def atomic_h5(path, **options):
    """`with atomic_h5(path) as f:` yields a writable h5py.File (`options` go to h5py.File, e.g.
    libver). On success the data is flushed to disk and renamed over `path` (os.replace is atomic
    on one filesystem); on any error the temporary file is removed and `path` is left as it was.
    A missing folder, or a target that is a directory, is a FileNotFoundError / IsADirectoryError
    naming `path`; any other OSError is re-raised as OSError naming `path`."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"{path}: not written: the folder {directory!r} does not exist")
    if os.path.isdir(path):
        raise IsADirectoryError(f"{path}: not written: the target is a directory")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".h5", dir=directory)
        os.close(fd)
        with h5py.File(tmp, "w", **options) as f:
            yield f
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as error:
        _remove(tmp)
        reason = error.strerror if error.strerror and error.filename == tmp else error
        raise OSError(f"{path}: not written: {reason}") from error
    except BaseException:
        _remove(tmp)
        raise


def _remove(tmp):
    if tmp is not None and os.path.exists(tmp):
        os.remove(tmp)
