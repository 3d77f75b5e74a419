"""Guarded reading of HDF5 files: every HDF5 file the project reads (the weights file, the course's
datasets, the football set) goes through here, so a damaged or hostile file ends in one clear
message naming the file and the problem, never in h5py's internals, and no link is followed.

- `opened(path)`: looks at the bytes before HDF5 does and refuses a missing path, a directory, an
  empty file, a text file, a zip archive (a Keras `.keras` file), a file without the HDF5 signature
  and a truncated file: the superblock stores the address of the file's end, so a half-copied file
  is reported as "truncated: it holds 4172 of its 8344 bytes".
- `member(group, name, label)`: one member of a group, found by its LINK first
  (`group.id.links.get_info`, the same information as `group.get(name, getlink=True)`): soft,
  external and user-defined links are refused without being followed, and so is an object stored
  under more than one name (a hard-linked duplicate: its reference count is above 1).
- `check_storage(dataset, label)`: before anything is read, refuses data kept outside the file
  (external raw storage, virtual datasets), filters other than the allowed ones, and a dataset
  whose stored bytes fall short of its shape (so no read can allocate more than the file holds).
- `attribute(obj, name, label)`: an attribute, its size checked before it is read.
- `dataset(group, name, label, kinds, expected)`: all of the above for one dataset, then its kind
  and number of dimensions, then the read.

Problems are raised as `Problem(message)` without the file's name; each reader turns them into its
own error type (e.g. `weights_file.WeightsFileError`) with the path in front.
"""

import contextlib
import os

import h5py
import numpy as np

SIGNATURE = b"\x89HDF\r\n\x1a\n"
SIGNATURE_OFFSETS_MAX = 1 << 30              # HDF5 looks at 0, 512, 1024, 2048, ... (a user block)
FLETCHER32 = h5py.h5z.FILTER_FLETCHER32
SHUFFLE = h5py.h5z.FILTER_SHUFFLE
DATA_FILTERS = (FLETCHER32, SHUFFLE, h5py.h5z.FILTER_DEFLATE, 32000)   # + gzip, lzf: data files
_LINK_KINDS = {h5py.h5l.TYPE_SOFT: "a soft link", h5py.h5l.TYPE_EXTERNAL: "an external link"}
# What h5py raises on damaged internals (it maps HDF5's error stack onto these).
H5PY_ERRORS = (OSError, KeyError, ValueError, TypeError, RuntimeError, IndexError)


class FileFormatError(ValueError):
    """A file the project reads is missing, damaged or not in the expected format; the message
    starts with the file's path and says the problem in words."""


class Problem(Exception):
    """One problem found in a file, in words, without the file's name (the caller adds it)."""


@contextlib.contextmanager
def opened(path):
    """`with opened(path) as f:` an h5py.File opened read-only after the byte-level checks above."""
    check_bytes(path)
    try:
        f = h5py.File(path, "r")
    except H5PY_ERRORS as error:
        raise Problem(f"HDF5 cannot open it ({error})") from error
    with f:
        yield f


def check_bytes(path):
    """Refuse, in words, what is not a complete HDF5 file (see the module docstring)."""
    if not os.path.lexists(path):
        raise Problem("does not exist")
    if os.path.isdir(path):
        raise Problem("is a directory, not a file")
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(4096)
            at = _signature_offset(fh, head, size)
            if at is not None and at + 64 > len(head):
                fh.seek(at)
                head, at = fh.read(64), 0
    except OSError as error:
        raise Problem(f"cannot be read ({error.strerror or error})") from None
    if size == 0:
        raise Problem("is empty (0 bytes), not an HDF5 file")
    if at is None:
        if SIGNATURE.startswith(head):
            raise Problem(f"is truncated: it holds {size} bytes, less than its HDF5 superblock")
        if head.startswith(b"PK\x03\x04"):
            raise Problem("is a zip archive (a Keras .keras file?), not an HDF5 file")
        text = _text_start(head)
        if text is not None:
            raise Problem(f"is a text file, not an HDF5 file (it starts with {text!r})")
        raise Problem(f"is not an HDF5 file (no HDF5 signature; {size} bytes starting {head[:8]!r})")
    needed = _stored_end(head, at, size)
    if needed is not None and size < needed:
        raise Problem(f"is truncated: it holds {size} of its {needed} bytes (a half-copied file?)")


def _signature_offset(fh, head, size):
    if head.startswith(SIGNATURE):
        return 0
    offset = 512
    while offset + len(SIGNATURE) <= size and offset <= SIGNATURE_OFFSETS_MAX:
        fh.seek(offset)
        if fh.read(len(SIGNATURE)) == SIGNATURE:
            return offset
        offset *= 2
    return None


# superblock version -> (where the base address starts, where "size of offsets" is), in bytes
# from the signature (HDF5 file format specification, "Superblock", versions 0-3)
_SUPERBLOCK = {0: (24, 13), 1: (28, 13), 2: (12, 9), 3: (12, 9)}
_SUPERBLOCK_MIN = 48          # the smallest superblock (version 2/3 with 8-byte offsets) in bytes


def _stored_end(head, at, size):
    """The file size the superblock promises (base address + end-of-file address, which follows
    the base address and one more address), or None when the superblock cannot be parsed here
    (HDF5 then judges); a file cut inside its superblock is a Problem."""
    sb = head[at:]
    layout = _SUPERBLOCK.get(sb[8]) if len(sb) > 8 else None
    if layout is not None and len(sb) > layout[1]:
        start, width = layout[0], sb[layout[1]]
        if width not in (2, 4, 8, 16):
            return None
        if len(sb) >= start + 3 * width:
            base = int.from_bytes(sb[start:start + width], "little")
            end = int.from_bytes(sb[start + 2 * width:start + 3 * width], "little")
            return None if end == (1 << (8 * width)) - 1 else base + end   # all ones: undefined
    if size < at + _SUPERBLOCK_MIN:
        raise Problem(f"is truncated: it holds {size} bytes, less than its HDF5 superblock")
    return None


def _text_start(head):
    sample = head[:512]
    if b"\0" in sample:
        return None
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        # the sample may end inside a multi-byte character
        try:
            text = sample[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return None
    printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
    if not text or printable < 0.95 * len(text):
        return None
    return text.splitlines()[0][:40] if text.strip() else text[:40]


def link_names(group):
    """The names of a group's links (nothing is opened or followed)."""
    return sorted(group.keys())


def member(group, name, label):
    """The object behind the HARD link `name` of `group`; any other link kind, or an object stored
    under more than one name, is a Problem. The link is inspected, never followed."""
    key = name.encode()
    info = group.id.links.get_info(key)
    if info.type != h5py.h5l.TYPE_HARD:
        kind = _LINK_KINDS.get(info.type, "a user-defined link")
        target = ""
        if info.type == h5py.h5l.TYPE_SOFT:
            target = f" to {group.id.links.get_val(key).decode(errors='replace')!r}"
        elif info.type == h5py.h5l.TYPE_EXTERNAL:
            file_name, obj = group.id.links.get_val(key)
            target = (f" to {obj.decode(errors='replace')!r} in the file "
                      f"{file_name.decode(errors='replace')!r}")
        raise Problem(f"{label} is {kind}{target}; links are refused, never followed")
    obj = group[name]
    references = h5py.h5o.get_info(obj.id).rc
    if references != 1:
        raise Problem(f"{label} is stored under {references} names (hard-linked); "
                      f"each entry must be stored once")
    return obj


def kind_in_words(dtype):
    """'strings', 'integers (int64)', 'float64 numbers', ... for messages."""
    dtype = np.dtype(dtype)
    if h5py.check_string_dtype(dtype) is not None or dtype.kind in "SUO":
        return "strings"
    if h5py.check_ref_dtype(dtype) is not None:
        return "object references"
    if dtype.kind == "V" or dtype.fields:
        return "compound records"
    if dtype.kind == "b":
        return "booleans"
    if dtype.kind in "iu":
        return f"integers ({dtype.name})"
    if dtype.kind == "f":
        return f"{dtype.name} numbers"
    if dtype.kind == "c":
        return f"complex numbers ({dtype.name})"
    return f"values of type {dtype}"


def check_storage(dataset, label, allowed_filters=(FLETCHER32, SHUFFLE)):
    """Refuse, before reading, data kept outside the file, unexpected filters, and stored bytes that
    fall short of the dataset's shape. Compressing filters are refused unless `allowed_filters`
    lists them (then the shape alone bounds the read)."""
    if dataset.is_virtual:
        raise Problem(f"{label} is a virtual dataset (its data lives in other files); refused")
    plist = dataset.id.get_create_plist()
    if plist.get_external_count():
        raise Problem(f"{label} keeps its data in an external file; refused")
    filters = [plist.get_filter(i) for i in range(plist.get_nfilters())]
    for code, _, _, name in filters:
        if code not in allowed_filters:
            raise Problem(f"{label} is stored with the filter {name.decode(errors='replace')!r} "
                          f"(code {code}); this file may use only "
                          f"{', '.join(_FILTER_NAMES.get(c, str(c)) for c in allowed_filters)}")
    compressed = any(code not in (FLETCHER32, SHUFFLE) for code, *_ in filters)
    needed = int(np.prod(dataset.shape, dtype=np.int64)) * dataset.dtype.itemsize
    stored = dataset.id.get_storage_size()
    if not compressed and stored < needed:
        raise Problem(f"{label} has {stored} of its {needed} bytes stored (shape {dataset.shape})")


_FILTER_NAMES = {FLETCHER32: "fletcher32 checksums", SHUFFLE: "shuffle",
                 h5py.h5z.FILTER_DEFLATE: "gzip", h5py.h5z.FILTER_SZIP: "szip", 32000: "lzf"}


def attribute(obj, name, label, max_size=10_000):
    """Read attribute `name` of `obj` after checking it is small (at most `max_size` entries)."""
    if name not in obj.attrs:
        raise Problem(f"attribute {name!r} of {label} is missing")
    info = obj.attrs.get_id(name)
    size = int(np.prod(info.shape, dtype=np.int64)) if info.shape else 1
    if size > max_size:
        raise Problem(f"attribute {name!r} of {label} has {size} entries (at most {max_size} expected)")
    return obj.attrs[name]


def as_text(value):
    """A scalar string attribute (fixed-length bytes or variable-length str) as str, else None."""
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value[()]
    if isinstance(value, (bytes, np.bytes_)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return None
    if isinstance(value, str):
        return value
    return None


def dataset(group, name, label, kinds, expected, ndim=None, shape_words=None,
            allowed_filters=(FLETCHER32, SHUFFLE), max_bytes=1 << 32):
    """Read the dataset `name` of `group` with every check first: a hard link (`member`), a
    dataset, of a dtype kind in `kinds` (NumPy kind letters, "S" for strings; `expected` says it
    in words), with `ndim` dimensions if given (`shape_words` describes them), stored inside the
    file (`check_storage`), at most `max_bytes`."""
    if name not in group:
        raise Problem(f"missing dataset {name!r} (it has {', '.join(link_names(group)) or 'none'})")
    obj = member(group, name, label)
    if not isinstance(obj, h5py.Dataset):
        raise Problem(f"{label} is a group, expected a dataset of {expected}")
    is_text = h5py.check_string_dtype(obj.dtype) is not None
    if ("S" if is_text else obj.dtype.kind) not in kinds or (obj.dtype.fields and not is_text):
        raise Problem(f"{label} holds {kind_in_words(obj.dtype)}, expected {expected}")
    if ndim is not None and len(obj.shape) != ndim:
        raise Problem(f"{label} has shape {obj.shape}, expected {shape_words or f'{ndim} dimensions'}")
    check_storage(obj, label, allowed_filters)
    needed = int(np.prod(obj.shape, dtype=np.int64)) * obj.dtype.itemsize
    if needed > max_bytes:
        raise Problem(f"{label} declares {needed} bytes, more than the {max_bytes} this reader reads")
    return obj[()]
