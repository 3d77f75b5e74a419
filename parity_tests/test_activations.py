"""Parity of `scratch.activations` and `tfimpl.activations`: every case of `dlparity.cases.activations`."""

import pytest
from hypothesis import given

from dlparity.testing import (
    SEEDS,
    check_case,
    check_mutant_caught,
    fixed_params,
    mutant_params,
    random_params,
)


@pytest.mark.parametrize("case,dtype", random_params("activations"))
@given(seed=SEEDS)
def test_twins_agree_on_random_inputs(case, dtype, seed):
    check_case(case, dtype, seed)


@pytest.mark.parametrize("case,dtype", fixed_params("activations"))
def test_twins_agree_on_fixed_inputs(case, dtype):
    check_case(case, dtype)


@pytest.mark.parametrize("case,mutant,dtype", mutant_params("activations"))
def test_wrong_variant_is_caught(case, mutant, dtype):
    check_mutant_caught(case, mutant, dtype)
