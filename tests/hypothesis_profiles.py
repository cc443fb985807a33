"""Hypothesis profiles: ``ci`` (the default: few examples, derandomized, no database)
and ``fuzz`` (thousands of examples), chosen by ``HYPOTHESIS_PROFILE``.

Import this module from a property-test module before using ``@given``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

settings.register_profile(
    "ci", max_examples=40, deadline=None, derandomize=True, database=None, suppress_health_check=_QUIET
)
settings.register_profile(
    "fuzz", max_examples=5000, deadline=None, database=None, suppress_health_check=_QUIET
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
