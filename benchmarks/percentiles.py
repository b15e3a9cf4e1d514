"""True percentiles for the benchmarks, and the median of repeated runs.

`sorted(times)[int(len(times) * 0.95) - 1]` is not the 95th percentile: with 40 requests it is
the 38th of 40, about the 93rd. Every benchmark that prints a percentile takes it from here:
`statistics.quantiles(n=100)` (the default, exclusive method, which interpolates between the two
neighbouring requests), and a figure of several runs is the median of the runs' figures."""

import math
import statistics


def percentile(values, p: int) -> float:
    """The p-th percentile (1 to 99) of `values`."""
    values = list(values)
    if not values:
        return math.nan
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100)[p - 1]


def p95(values) -> float:
    return percentile(values, 95)


def median(values) -> float:
    values = list(values)
    return statistics.median(values) if values else math.nan


def median_of_runs(runs) -> float:
    """One figure for several runs (each run's p95, say): their median, so one disturbed run on a
    shared machine does not decide."""
    return median(runs)
