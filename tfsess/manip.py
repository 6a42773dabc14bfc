"""The tf.manip namespace (TF1): tensor rearrangements also found at the top level."""
from tfsess.ops.array_ops import reshape  # noqa: F401
from tfsess.ops.batch_space_ops import batch_to_space_nd, space_to_batch_nd  # noqa: F401
from tfsess.ops.broadcast_ops import reverse, roll, tile  # noqa: F401
from tfsess.ops.gather_ops import gather_nd, scatter_nd  # noqa: F401

__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
