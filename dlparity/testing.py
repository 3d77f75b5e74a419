"""pytest helpers over the case catalogue (imported by the test suites only).

Each `parity_tests/test_<module>.py` binds the three tests of `catalogue_tests(module)`: random
inputs under hypothesis, fixed inputs (edges, trajectories), and every wrong variant, which must
be caught. Module-specific tests follow them in the same file.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlparity import checker
from dlparity.cases import MUTANT_SEED, all_cases, run_case

SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


def cases_of(module):
    return [c for c in all_cases() if c.module == module]


def _marks(case):
    """slow cases: also `full_report` — `dl-parity report --full --mutants` runs exactly these
    checks (same inputs, same wrong variants), so tox's parity env leaves them to its report env
    (`-m "not full_report"`) instead of running every long trajectory twice."""
    return [pytest.mark.slow, pytest.mark.full_report] if case.slow else []


def random_params(module):
    """pytest.param(case, dtype) for every seed-dependent case of `module`."""
    return [pytest.param(c, d, id=f"{c.name}-{d}", marks=_marks(c))
            for c in cases_of(module) if c.randomized for d in c.dtypes]


def fixed_params(module):
    """pytest.param(case, dtype) for every fixed-input case of `module` (edges, trajectories)."""
    return [pytest.param(c, d, id=f"{c.name}-{d}", marks=_marks(c))
            for c in cases_of(module) if not c.randomized for d in c.dtypes]


def mutant_params(module):
    """pytest.param(case, mutant, dtype) for every wrong variant attached to a case of `module`."""
    return [pytest.param(c, mu, d, id=f"{c.name}~{mu.name}-{d}", marks=_marks(c))
            for c in cases_of(module) for mu in c.mutants for d in c.dtypes]


def check_case(case, dtype, seed=0):
    """Assert that the twins agree on `case` (the failure message lists every failing leaf)."""
    checker.assert_pass(run_case(case, dtype, seed))


def check_mutant_caught(case, mutant, dtype):
    """Assert that replacing scratch's function by `mutant` makes the case FAIL."""
    with np.errstate(all="ignore"):
        rows = run_case(case, dtype, MUTANT_SEED, mutant=mutant)
    assert any(not r.passed for r in rows), (
        f"wrong variant {mutant.name!r} ({mutant.description}) was NOT caught:\n"
        + checker.format_table(rows))


def catalogue_tests(module):
    """The three catalogue tests for `module`; a test file binds them to its own test_* names:

        test_random_inputs, test_fixed_inputs, test_wrong_variants = catalogue_tests("deep")
    """
    @pytest.mark.parametrize("case,dtype", random_params(module))
    @given(seed=SEEDS)
    def test_twins_agree_on_random_inputs(case, dtype, seed):
        check_case(case, dtype, seed)

    @pytest.mark.parametrize("case,dtype", fixed_params(module))
    def test_twins_agree_on_fixed_inputs(case, dtype):
        check_case(case, dtype)

    @pytest.mark.parametrize("case,mutant,dtype", mutant_params(module))
    def test_wrong_variant_is_caught(case, mutant, dtype):
        check_mutant_caught(case, mutant, dtype)

    return (test_twins_agree_on_random_inputs, test_twins_agree_on_fixed_inputs,
            test_wrong_variant_is_caught)
