"""Parity of `scratch.losses` and `tfimpl.losses`: every case of `dlparity.cases.losses`."""

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


@pytest.mark.parametrize("case,dtype", random_params("losses"))
@given(seed=SEEDS)
def test_twins_agree_on_random_inputs(case, dtype, seed):
    check_case(case, dtype, seed)


@pytest.mark.parametrize("case,dtype", fixed_params("losses"))
def test_twins_agree_on_fixed_inputs(case, dtype):
    check_case(case, dtype)


@pytest.mark.parametrize("case,mutant,dtype", mutant_params("losses"))
def test_wrong_variant_is_caught(case, mutant, dtype):
    check_mutant_caught(case, mutant, dtype)
