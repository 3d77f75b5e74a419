"""Atomic file writing: write a temporary file beside the target, then rename it into place.

Every error names the TARGET path (never the temporary file), and on any failure the temporary
file is removed and the target is left as it was. The file written gets the mode an ordinary
`open(path, "w")` would give (0666 minus the user's umask: 0644 under umask 022), not
mkstemp's private 0600, so files written for a class folder can be shared.
"""

import contextlib
import os
import tempfile


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def replacing(path, suffix):
    """Yields a temporary path beside `path`; on success it is fsynced, given the ordinary mode and
    renamed over `path` (os.replace is atomic on one filesystem)."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"{path}: not written: the folder {directory!r} does not exist")
    if os.path.isdir(path):
        raise IsADirectoryError(f"{path}: not written: the target is a directory")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=suffix, dir=directory)
        os.close(fd)
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as error:
        _remove(tmp)
        reason = error.strerror if error.strerror and error.filename == tmp else error
        raise OSError(f"{path}: not written: {reason}") from error
    except BaseException:
        _remove(tmp)
        raise


@contextlib.contextmanager
def atomic_h5(path, **options):
    """`with atomic_h5(path) as f:` yields a writable h5py.File (`options` go to h5py.File, e.g.
    libver), renamed over `path` on success. A missing folder, or a target that is a directory,
    is a FileNotFoundError / IsADirectoryError naming `path`; any other OSError is re-raised as
    OSError naming `path`."""
    import h5py

    with replacing(path, ".h5") as tmp, h5py.File(tmp, "w", **options) as f:
        yield f


def write_text(path, text, encoding="utf-8"):
    """Write `text` to `path` atomically (same guarantees and errors as atomic_h5)."""
    with replacing(path, ".tmp") as tmp, open(tmp, "w", encoding=encoding) as f:
        f.write(text)


def _remove(tmp):
    if tmp is not None and os.path.exists(tmp):
        os.remove(tmp)
