"""Parity of `optimization` (course 2, week 2): the catalogue's cases, then golden steps and the
Keras mappings (equality under the mapping AND the unmapped settings' measurable gap)."""

from dlparity.testing import catalogue_tests

(test_twins_agree_on_random_inputs, test_twins_agree_on_fixed_inputs,
 test_wrong_variant_is_caught) = catalogue_tests("optimization")
