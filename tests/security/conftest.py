"""Hypothesis settings for the fuzz tests: a bounded number of examples (the whole fuzz suite
stays under a minute on SQLite), no deadline (a database round trip varies on a loaded
machine), and no example database written into the shared working tree.
`FUZZ_EXAMPLES=500 pytest tests/security` digs deeper."""
import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")), deadline=None,
    database=None, derandomize=False,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large, HealthCheck.large_base_example])
FUZZ = settings.get_profile("fuzz")
