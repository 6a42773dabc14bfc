"""TF's summary histogram (tensorflow/core/lib/histogram): default buckets and proto fields.

Buckets grow by 10% from 1e-12 to 1e20 on both sides of zero, ending at +-DBL_MAX; a value v
goes into the first bucket whose limit is greater than v. Runs of empty buckets are merged
into one when encoded, keeping the limit of the run's last bucket.
"""
import functools
import sys

import numpy as np

_DBL_MAX = sys.float_info.max


@functools.lru_cache(maxsize=1)
def default_bucket_limits() -> np.ndarray:
    positive = []
    v = 1.0e-12
    while v < 1.0e20:
        positive.append(v)
        v *= 1.1
    positive.append(_DBL_MAX)
    negative = [-x for x in reversed(positive)]
    return np.array(negative + [0.0] + positive, np.float64)


def histogram_fields(values) -> dict:
    """The HistogramProto fields (min, max, num, sum, sum_squares, bucket_limit, bucket) of `values`.

    Values must be finite; they are added in flat order as doubles, like TF's Histogram::Add.
    """
    flat = np.asarray(values, np.float64).ravel()
    limits = default_bucket_limits()
    counts = np.bincount(np.searchsorted(limits, flat, side="right"), minlength=len(limits))[:len(limits)]
    bucket_limit, bucket = [], []
    i = 0
    while i < len(counts):
        end, count = limits[i], counts[i]
        i += 1
        if count <= 0:
            while i < len(counts) and counts[i] <= 0:
                end, count = limits[i], counts[i]
                i += 1
        bucket_limit.append(float(end))
        bucket.append(float(count))
    if flat.size:
        total = float(np.cumsum(flat)[-1])  # sequential sums, as TF adds one value at a time
        squares = float(np.cumsum(flat * flat)[-1])
        low, high = float(flat.min()), float(flat.max())
    else:
        total = squares = 0.0
        low, high = _DBL_MAX, -_DBL_MAX
    return {"min": low, "max": high, "num": float(flat.size), "sum": total, "sum_squares": squares,
            "bucket_limit": bucket_limit, "bucket": bucket}
