"""TF1's hooks into TF2's summary writers: tf.summary.initialize and tf.summary.all_v2_summary_ops.

tfsess writes summaries the TF1 way only (summary ops, FileWriter); it has no TF2 default summary writer
(tf.summary.create_file_writer) and builds no TF2 summary ops. So `initialize` refuses as TF does when no
default writer was set, and the collection TF2 summary ops join stays empty.
"""
from __future__ import annotations

from tfsess.framework.graph import get_default_graph

_SUMMARY_V2_COLLECTION = "_SUMMARY_V2"  # TF's GraphKeys._SUMMARY_COLLECTION


def initialize(graph=None, session=None):
    """Would initialize the default TF2 summary writer; raises RuntimeError, as TF does without one
    (tf.summary.initialize)."""
    del graph, session
    raise RuntimeError("No default tf.contrib.summary.SummaryWriter found")


def all_v2_summary_ops():
    """The TF2 summary ops of the default graph (TF's _SUMMARY_V2 collection) (tf.summary.all_v2_summary_ops)."""
    return get_default_graph().get_collection(_SUMMARY_V2_COLLECTION)


__all__ = ["all_v2_summary_ops", "initialize"]
