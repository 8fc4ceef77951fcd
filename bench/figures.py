"""What every bench script measures and prints, in one place.

The development machine is shared, so wall time alone says little: each figure comes with
the CPU time of this process (resource.getrusage: user + system, the database's work
included for SQLite, which runs inside the process) and the load average at the time.

    from figures import machine_load, peak_memory_mb, print_figures, timer

    with timer() as settle:
        ...
    print_figures({"claims": n, "seconds": settle.seconds, "cpu_seconds": settle.cpu_seconds,
                   "peak_mb": peak_memory_mb(), "load": machine_load()})
"""
from __future__ import annotations

import os
import resource
import time


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class timer:  # noqa: N801 - used as a context manager, like a function
    """Wall and process CPU seconds of a `with` block (`seconds`, `cpu_seconds`)."""

    def __enter__(self) -> "timer":
        self._wall, self._cpu = time.perf_counter(), _cpu_seconds()
        return self

    def __exit__(self, *_exc) -> None:
        self.seconds = time.perf_counter() - self._wall
        self.cpu_seconds = _cpu_seconds() - self._cpu


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine_load() -> float:
    """The one-minute load average: above the number of cores, others share the CPU."""
    return os.getloadavg()[0]


def print_figures(figures: dict, title: str = "") -> None:
    """One `name: value` line per figure, numbers grouped and rounded for reading."""
    if title:
        print(title)
    for name, value in figures.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            shown = value
        elif isinstance(value, int):
            shown = f"{value:,}"
        else:
            shown = f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"
        print(f"  {name}: {shown}")
