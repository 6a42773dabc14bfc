"""TF1's hooks into TF2's summary writers: tf.summary.initialize and tf.summary.all_v2_summary_ops.

The writers themselves (tf.compat.v2.summary.create_file_writer) live in v2_api; `initialize`
runs their init ops, and TF2 summary calls join the collection `all_v2_summary_ops` reads.
"""
from tfsess.summary.v2_api import all_v2_summary_ops, initialize

__all__ = ["all_v2_summary_ops", "initialize"]
