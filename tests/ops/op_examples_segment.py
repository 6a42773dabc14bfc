"""Op examples: segment reductions, tensor scatters, and moving blocks between space, depth and batch."""
import numpy as np

from op_examples import F23, plain
from tfsess.ops import raw_ops

EXAMPLES = {}

F43 = np.array([[1.0, 2.0, -1.0], [3.0, 0.5, 4.0], [5.0, 0.0, -2.0], [-1.0, 7.0, 0.25]], np.float32)
IMG = np.arange(2 * 4 * 6 * 3, dtype=np.float32).reshape(2, 4, 6, 3) / 10.0

for _type, _fn in (("SegmentMean", "segment_mean"), ("SegmentMax", "segment_max"), ("SegmentMin", "segment_min"),
                   ("SegmentProd", "segment_prod")):
    EXAMPLES[_type] = plain(lambda tf, x, fn=_fn: getattr(tf, fn)(x, tf.constant([0, 0, 2, 2])), F43)
for _type, _fn in (("UnsortedSegmentMax", "unsorted_segment_max"), ("UnsortedSegmentMin", "unsorted_segment_min"),
                   ("UnsortedSegmentProd", "unsorted_segment_prod")):
    EXAMPLES[_type] = plain(lambda tf, x, fn=_fn: getattr(tf, fn)(x, tf.constant([1, -1, 1, 0]), 3), F43)
for _type, _fn in (("SparseSegmentSum", "sparse_segment_sum"), ("SparseSegmentMean", "sparse_segment_mean"),
                   ("SparseSegmentSqrtN", "sparse_segment_sqrt_n")):
    EXAMPLES[_type] = plain(lambda tf, x, fn=_fn: getattr(tf, fn)(x, [0, 1, 3], [0, 0, 1]), F43)
    EXAMPLES[_type + "WithNumSegments"] = plain(
        lambda tf, x, fn=_fn: getattr(tf, fn)(x, [0, 1, 3], [0, 0, 2], num_segments=4), F43)

for _type, _fn in (("TensorScatterUpdate", "tensor_scatter_nd_update"), ("TensorScatterAdd", "tensor_scatter_nd_add"),
                   ("TensorScatterSub", "tensor_scatter_nd_sub"), ("TensorScatterMax", "tensor_scatter_nd_max"),
                   ("TensorScatterMin", "tensor_scatter_nd_min")):
    EXAMPLES[_type] = plain(lambda tf, t, u, fn=_fn: getattr(tf, fn)(t, [[1], [3]], u), F43, F23)

EXAMPLES["SpaceToDepth"] = plain(lambda tf, x: tf.space_to_depth(x, 2), IMG)
EXAMPLES["DepthToSpace"] = plain(lambda tf, x: tf.depth_to_space(x, 2), IMG.reshape(2, 2, 3, 12))
EXAMPLES["SpaceToBatchND"] = plain(lambda tf, x: tf.space_to_batch_nd(x, [2, 3], [[1, 1], [0, 3]]), IMG)
EXAMPLES["BatchToSpaceND"] = plain(lambda tf, x: tf.batch_to_space_nd(x, [2, 1], [[1, 2], [0, 1]]), IMG)

# searching and counting
SORTED = np.array([[0.0, 1.0, 3.0, 3.0, 7.0], [-1.0, 0.0, 0.0, 2.0, 5.0]], np.float32)
EXAMPLES["LowerBound"] = plain(lambda tf, s, v: tf.searchsorted(s, v), SORTED, F23)
EXAMPLES["UpperBound"] = plain(lambda tf, s, v: tf.searchsorted(s, v, side="right", out_type=tf.int64), SORTED, F23)
EXAMPLES["UniqueWithCounts"] = plain(lambda tf, x: list(tf.unique_with_counts(x)), np.array([4, 1, 4, 9, 1], np.int32))
EXAMPLES["Bincount"] = plain(lambda tf, x: raw_ops.Bincount(x, 3, np.zeros(0, np.float32)),
                             np.array([1, 1, 5, 0], np.int32), variants=False)
EXAMPLES["UnravelIndex"] = plain(lambda tf, i: tf.unravel_index(i, tf.constant([3, 4], i.dtype)),
                                 np.array([5, 0, 11], np.int32))
EXAMPLES["HistogramFixedWidth"] = plain(lambda tf, v: tf.histogram_fixed_width(v, tf.constant([-1.0, 2.0], v.dtype),
                                                                             nbins=4), F23)
EXAMPLES["Cross"] = plain(lambda tf, a, b: tf.cross(a, b), F23, F23[::-1])
EXAMPLES["EnsureShape"] = plain(lambda tf, x: tf.ensure_shape(x, [None, 3]), F23)
