"""Shared pytest configuration: seeded hypothesis profiles.

"default": derandomized (the same examples on every run, so CI cannot flake); set
DLPARITY_HYPOTHESIS=explore for a fresh random search with more examples.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=12, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.register_profile("explore", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("DLPARITY_HYPOTHESIS", "default"))
