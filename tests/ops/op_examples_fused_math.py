"""Op examples: the op types TF fuses and writes into graphs (fused_math_ops, the unary gradient ops,
the sparse segment gradient ops, DenseBincount)."""
import numpy as np

from op_examples import F23, I3, POS23, plain
from tfsess.ops import activation_grad_ops, fused_math_ops, raw_ops, sparse_segment_grad_ops

ROWS = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], np.float32)
IDS = np.array([0, 1, 1], np.int32)


def _segment_grad(kind, v2=False):
    def build(tf, grad):
        if v2:
            return list(getattr(raw_ops, f"SparseSegment{kind}GradV2")(grad, [0, 2, 2], IDS, 4))
        return sparse_segment_grad_ops.sparse_segment_grad(kind.lower().replace("sqrtn", "sqrt_n"), grad,
                                                           [0, 2, 2], IDS, 4)
    return plain(build, ROWS[:2], partial=False)


EXAMPLES = {
    "SqrtGrad": plain(lambda tf, y, dy: activation_grad_ops.sqrt_grad(y, dy), POS23, F23),
    "RsqrtGrad": plain(lambda tf, y, dy: activation_grad_ops.rsqrt_grad(y, dy), POS23, F23),
    "ReciprocalGrad": plain(lambda tf, y, dy: activation_grad_ops.reciprocal_grad(y, dy), POS23, F23),
    "InvGrad": plain(lambda tf, y, dy: raw_ops.InvGrad(y, dy), POS23, F23),
    "Xlogy": plain(lambda tf, x, y: tf.math.xlogy(x, y), F23, POS23),
    "Xlog1py": plain(lambda tf, x, y: tf.math.xlog1py(x, y), F23, POS23),
    "Xdivy": plain(lambda tf, x, y: tf.math.xdivy(x, y), F23, POS23),
    "EuclideanNorm": plain(lambda tf, x: tf.math.reduce_euclidean_norm(x, 1), F23),
    "PreventGradient": plain(lambda tf, x: fused_math_ops.prevent_gradient(x, "no"), F23),
    "DenseBincount": plain(lambda tf, x: tf.math.bincount(x, minlength=4), I3, variants=False),
    "SparseSegmentSumGrad": _segment_grad("Sum"),
    "SparseSegmentMeanGrad": _segment_grad("Mean"),
    "SparseSegmentSqrtNGrad": _segment_grad("SqrtN"),
    "SparseSegmentSumGradV2": _segment_grad("Sum", True),
    "SparseSegmentMeanGradV2": _segment_grad("Mean", True),
    "SparseSegmentSqrtNGradV2": _segment_grad("SqrtN", True),
}
