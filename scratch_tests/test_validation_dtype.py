"""validation.check_float_dtype: the one dtype rule of every initialiser in both twins."""

import numpy as np
import pytest

from conventions.validation import check_float_dtype


@pytest.mark.parametrize("given", ["float32", np.float32, np.dtype("float64"), "float64"])
def test_float32_and_float64_are_accepted_as_numpy_dtypes(given):
    assert check_float_dtype(given) in (np.float32, np.float64)
    assert isinstance(check_float_dtype(given), np.dtype)


@pytest.mark.parametrize("given,words", [("int32", "got int32"), (np.float16, "got float16"),
                                         ("foo", "got 'foo'")])
def test_other_dtypes_are_refused_naming_the_argument(given, words):
    with pytest.raises(TypeError, match=f"dtype: expected float32 or float64, {words}"):
        check_float_dtype(given)
