"""tf.test.Benchmark: timing graph runs and reporting them as TF's benchmarks do (to the log)."""
from __future__ import annotations

import time

import numpy as np

from tfsess.framework.config_pb import ConfigProto, RewriterConfig
from tfsess.framework.default_session import get_default_session
from tfsess.platform import tf_logging


class Benchmark:
    """Base class for benchmarks: `run_op_benchmark` times a fetch; `report_benchmark` records one result."""

    def __init__(self):
        self.reports = []  # beyond TF: what report_benchmark recorded, in order

    def _get_name(self, overwrite_name=None):
        return f"{type(self).__name__}.{overwrite_name}" if overwrite_name else type(self).__name__

    def report_benchmark(self, iters=None, cpu_time=None, wall_time=None, throughput=None, extras=None, name=None,
                         metrics=None):
        """Records one benchmark entry and logs it."""
        entry = {"name": self._get_name(name), "iters": iters, "cpu_time": cpu_time, "wall_time": wall_time,
                 "throughput": throughput, "extras": dict(extras or {}), "metrics": list(metrics or [])}
        self.reports.append(entry)
        tf_logging.info("Benchmark [%s] iters: %s, wall_time: %s", entry["name"], iters, wall_time)

    def run_op_benchmark(self, sess, op_or_tensor, feed_dict=None, burn_iters=2, min_iters=10, store_trace=False,
                         store_memory_usage=True, name=None, extras=None, mbs=0):
        """Runs `op_or_tensor` burn_iters times, then times min_iters runs: returns the median wall time."""
        for _ in range(burn_iters):
            sess.run(op_or_tensor, feed_dict=feed_dict)
        deltas = []
        for _ in range(min_iters):
            start = time.perf_counter()
            sess.run(op_or_tensor, feed_dict=feed_dict)
            deltas.append(time.perf_counter() - start)
        median = float(np.median(deltas))
        values = {"iters": min_iters, "wall_time": median, "extras": dict(extras or {}), "name": name}
        if mbs:
            values["throughput"] = mbs / median
        self.report_benchmark(iters=min_iters, wall_time=median, extras=extras, name=name,
                              throughput=values.get("throughput"))
        return values

    def evaluate(self, tensors):
        """Runs `tensors` in the default session."""
        sess = get_default_session()
        if sess is None:
            raise ValueError("Benchmark.evaluate needs a default session")
        return sess.run(tensors)


def benchmark_config():
    """The ConfigProto TF's benchmarks use: grappler's dependency optimization turned off."""
    config = ConfigProto()
    config.graph_options.rewrite_options.dependency_optimization = RewriterConfig.OFF
    return config


__all__ = ["Benchmark", "benchmark_config"]
