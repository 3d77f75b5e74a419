"""Parity of `scratch.activations` and `tfimpl.activations`: every case of `dlparity.cases.activations`."""

from dlparity.testing import catalogue_tests

(test_twins_agree_on_random_inputs, test_twins_agree_on_fixed_inputs,
 test_wrong_variant_is_caught) = catalogue_tests("activations")
