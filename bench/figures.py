"""What every bench script measures and prints, in one place.

The development machine is shared, so wall time alone says little: each figure comes with
the CPU time of this process (resource.getrusage: user + system, the database's work
included for SQLite, which runs inside the process) and the load average at the time.

    from figures import machine_load, peak_memory_mb, print_figures, timer

    with timer() as settle:
        ...
    print_figures({"claims": n, "seconds": settle.seconds, "cpu_seconds": settle.cpu_seconds,
                   "peak_mb": peak_memory_mb(), "load": machine_load()})

Page timings (bench/casework.py, referrals.py, load.py) are one table of the same columns:

    print_page_times([time_page(client, url, renders, "queue"), PageTimes("login", seconds)])
"""
from __future__ import annotations

import math
import os
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


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


@dataclass
class PageTimes:
    """The measured times of one page (seconds), with what else was seen of it."""

    label: str
    seconds: list[float]
    queries: int | None = None  # SQL queries of one render, when counted in this process
    notes: str = ""


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.95: the time 95% of the requests kept within)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def time_page(client, url: str, renders: int, label: str, data: dict | None = None,
              notes: Callable[[bytes], str] | None = None) -> PageTimes:
    """GET `url` `renders` times through a Django test client, reading the whole body (a
    streamed export too); stops the bench on any answer but 200. `notes` describes the body
    (default: its size)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(renders):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, data)
            body = (b"".join(response.streaming_content) if response.streaming
                    else response.content)
            times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return PageTimes(label, times, len(captured), notes(body) if notes else
                     f"{len(body):,} bytes")


def print_page_times(pages: list[PageTimes], title: str = "") -> None:
    """One row per page: requests, p50, p95 and p99 in ms, SQL queries, notes."""
    if title:
        print(title)
    width = max([len(page.label) for page in pages] + [4])
    print(f"  {'page':<{width}} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'SQL':>5}  notes")
    for page in pages:
        if not page.seconds:
            continue
        queries = "-" if page.queries is None else str(page.queries)
        print(f"  {page.label:<{width}} {len(page.seconds):>9,} "
              f"{statistics.median(page.seconds) * 1000:>8.0f} "
              f"{percentile(page.seconds, 0.95) * 1000:>8.0f} "
              f"{percentile(page.seconds, 0.99) * 1000:>8.0f} {queries:>5}  {page.notes}")
