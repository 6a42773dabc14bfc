"""tf's `timeline` module (`from tensorflow.python.client import timeline`): Chrome traces of step stats.

    run_metadata = tf.RunMetadata()
    sess.run(y, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=run_metadata)
    trace = timeline.Timeline(run_metadata.step_stats).generate_chrome_trace_format()
"""
from tfsess.runtime.timeline import AllocationMaximum, StepStatsAnalysis, Timeline  # noqa: F401

__all__ = ["Timeline", "AllocationMaximum", "StepStatsAnalysis"]
