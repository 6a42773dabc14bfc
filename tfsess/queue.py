"""The tf.queue namespace."""
from tfsess.ops.data_flow_ops import (FIFOQueue, PaddingFIFOQueue, PriorityQueue, QueueBase,  # noqa: F401
                                      RandomShuffleQueue)
