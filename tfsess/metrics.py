"""The tf.metrics namespace: streaming metrics."""
from tfsess.ops.metrics_impl import *  # noqa: F401,F403
from tfsess.ops.metrics_thresholds import *  # noqa: F401,F403
from tfsess.ops.metrics_at_k import *  # noqa: F401,F403
