"""Atomic writes: the target appears whole or not at all, and with an ordinary file's mode."""

import os

import pytest

from conventions import atomic
from conventions.datasets import write_synthetic_cat_files


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path):
    return os.stat(path).st_mode & 0o777


def test_written_files_honour_the_umask_like_an_ordinary_file(tmp_path, umask_022):
    atomic.write_text(tmp_path / "summary.csv", "a,b\n")
    with atomic.atomic_h5(tmp_path / "w.h5") as f:
        f["x"] = [1.0]
    assert mode(tmp_path / "summary.csv") == 0o644
    assert mode(tmp_path / "w.h5") == 0o644
    for path in write_synthetic_cat_files(tmp_path):
        assert mode(path) == 0o644


def test_a_stricter_umask_is_honoured_too(tmp_path):
    previous = os.umask(0o077)
    try:
        atomic.write_text(tmp_path / "private.txt", "x")
    finally:
        os.umask(previous)
    assert mode(tmp_path / "private.txt") == 0o600


def test_a_failed_write_leaves_nothing_and_names_the_target(tmp_path):
    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        with atomic.atomic_h5(tmp_path / "w.h5") as f:
            f["x"] = [1.0]
            raise Boom
    assert os.listdir(tmp_path) == []
    with pytest.raises(FileNotFoundError, match="missing/out.csv: not written: the folder"):
        atomic.write_text(tmp_path / "missing" / "out.csv", "x")
    atomic.write_text(tmp_path / "out.csv", "old")
    with pytest.raises(TypeError):
        atomic.write_text(tmp_path / "out.csv", None)
    assert (tmp_path / "out.csv").read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["out.csv"]
