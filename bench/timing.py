"""The median time of a step, for the standalone workload scripts (bench/run.py has its own adaptive timer)."""
from __future__ import annotations

import statistics
import time


def median_time(step, runs: int = 10) -> float:
    """Seconds per call of `step`: the median of `runs` calls after one warm-up call."""
    step()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)
