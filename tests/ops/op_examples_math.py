"""Op examples: elementwise math, reductions, linear algebra, neural-network and random ops."""
import numpy as np

from op_examples import (B23, C23, D23, F3, F23, FILTER, I3, I23, IMG, POS23, SQ, UNIT23, Built, builder, grads,
                         op, plain)

EXAMPLES = {}

# ------------------------------------------------------------------ unary elementwise
_UNARY = {
    "Abs": ("abs", F23), "Acos": ("acos", UNIT23), "Asin": ("asin", UNIT23), "Atan": ("atan", F23),
    "Ceil": ("ceil", F23), "Cos": ("cos", F23), "Cosh": ("cosh", F23), "Erf": ("erf", F23),
    "Exp": ("exp", F23), "Expm1": ("expm1", F23), "Floor": ("floor", F23), "IsFinite": ("is_finite", F23),
    "IsInf": ("is_inf", F23), "IsNan": ("is_nan", F23), "Log": ("log", POS23), "Log1p": ("log1p", POS23),
    "Neg": ("negative", I23), "Reciprocal": ("reciprocal", POS23), "Rint": ("rint", F23),
    "Round": ("round", D23), "Rsqrt": ("rsqrt", POS23), "Sigmoid": ("sigmoid", F23), "Sign": ("sign", I23),
    "Sin": ("sin", F23), "Sinh": ("sinh", F23), "Sqrt": ("sqrt", POS23), "Square": ("square", I23),
    "Tan": ("tan", UNIT23), "Tanh": ("tanh", D23), "LogicalNot": ("logical_not", B23), "Cast": ("to_int64", F23),
    "StopGradient": ("stop_gradient", F23), "Identity": ("identity", B23), "Real": ("real", C23),
    "Imag": ("imag", C23), "Conj": ("conj", C23), "ComplexAbs": ("abs", C23),
    "Asinh": ("asinh", F23), "Acosh": ("acosh", POS23 + 1), "Atanh": ("atanh", UNIT23), "Erfc": ("erfc", F23),
}
for _type, (_fn, _x) in _UNARY.items():
    EXAMPLES[_type] = plain(lambda tf, x, fn=_fn: getattr(tf, fn)(x), _x)


def _grad_of(build_forward, x_value):
    """A builder for a gradient-only op: differentiates `build_forward(tf, x)` at a placeholder."""
    def build(tf, tmp):
        x = tf.placeholder(tf.as_dtype(x_value.dtype), [None] + list(x_value.shape[1:]))
        grads(tf, build_forward(tf, x), [x])
        return Built(feed={x: x_value})
    return build


_NN_UNARY = {"Elu": "elu", "Relu": "relu", "Relu6": "relu6", "Selu": "selu", "Softplus": "softplus",
             "Softsign": "softsign", "LeakyRelu": "leaky_relu", "Softmax": "softmax", "LogSoftmax": "log_softmax"}
for _type, _fn in _NN_UNARY.items():
    EXAMPLES[_type] = plain(lambda tf, x, fn=_fn: getattr(tf.nn, fn)(x), F23)
    if _type not in ("Softmax", "LogSoftmax", "Softplus"):  # the activation's gradient-only op, from tf.gradients
        EXAMPLES[_type + "Grad"] = builder(_grad_of(lambda tf, x, fn=_fn: getattr(tf.nn, fn)(x), F23))
EXAMPLES["SoftplusGrad"] = plain(lambda tf, g, x: op("SoftplusGrad", [g, x]), F23, F23)  # Softplus's grad is a Mul


# tf.ones_like / tf.zeros_like fold to constants when the shape is known: built by type
EXAMPLES["OnesLike"] = plain(lambda tf, x: op("OnesLike", [x]), I23)
EXAMPLES["ZerosLike"] = plain(lambda tf, x: op("ZerosLike", [x]), F23)
EXAMPLES["Invert"] = plain(lambda tf, x: op("Invert", [x]), I23)

# ------------------------------------------------------------------ binary elementwise (broadcasting)
_BINARY = {
    "AddV2": ("add", F23, F3), "Sub": ("subtract", I23, I3), "Mul": ("multiply", F23, F3),
    "RealDiv": ("realdiv", F23, POS23), "DivNoNan": ("div_no_nan", F23, F3), "FloorDiv": ("floordiv", I23, I3),
    "FloorMod": ("floormod", D23, D23[0]), "TruncateDiv": ("truncatediv", I23, I3),
    "TruncateMod": ("truncatemod", I23, I3), "Pow": ("pow", POS23, F3), "Maximum": ("maximum", F23, F3),
    "Minimum": ("minimum", I23, I3), "SquaredDifference": ("squared_difference", F23, F3),
    "Atan2": ("atan2", F23, F3), "Equal": ("equal", I23, I3), "NotEqual": ("not_equal", F23, F3),
    "Less": ("less", F23, F3), "LessEqual": ("less_equal", I23, I3), "Greater": ("greater", F23, F3),
    "GreaterEqual": ("greater_equal", I23, I3), "LogicalAnd": ("logical_and", B23, B23[1]),
    "LogicalOr": ("logical_or", B23, B23[0]), "Complex": ("complex", F23, POS23),
}
for _type, (_fn, _x, _y) in _BINARY.items():
    EXAMPLES[_type] = plain(lambda tf, x, y, fn=_fn: getattr(tf, fn)(x, y), _x, _y)

for _type in ("BitwiseAnd", "BitwiseOr", "BitwiseXor"):
    EXAMPLES[_type] = plain(lambda tf, x, y, t=_type: op(t, [x, y]), I23, I3)
# "Add" is the string-capable add (tf.add on strings); numbers go through AddV2
EXAMPLES["Add"] = plain(lambda tf, x, y: op("Add", [x, y]),
                        np.array([b"a", b"bc"], dtype=object), np.array(b"!", dtype=object))
EXAMPLES["AddN"] = plain(lambda tf, x, y: tf.add_n([x, y, x]), F23, F23)

# ------------------------------------------------------------------ reductions and scans
_REDUCE = {"Sum": ("reduce_sum", I23), "Mean": ("reduce_mean", F23), "Max": ("reduce_max", F23),
           "Min": ("reduce_min", I23), "Prod": ("reduce_prod", F23), "All": ("reduce_all", B23),
           "Any": ("reduce_any", B23)}
for _type, (_fn, _x) in _REDUCE.items():
    EXAMPLES[_type] = plain(lambda tf, x, fn=_fn: [getattr(tf, fn)(x, axis=1), getattr(tf, fn)(x, 0, keepdims=True),
                                                  getattr(tf, fn)(x)], _x)
EXAMPLES["ArgMax"] = plain(lambda tf, x: [tf.argmax(x, 1), tf.argmax(x, 0, output_type=tf.int32)], F23)
EXAMPLES["ArgMin"] = plain(lambda tf, x: tf.argmin(x, 0), I23)
EXAMPLES["Cumsum"] = plain(lambda tf, x: tf.cumsum(x, 1, exclusive=True), F23)
EXAMPLES["Cumprod"] = plain(lambda tf, x: tf.cumprod(x, 0, reverse=True), I23)
EXAMPLES["L2Loss"] = plain(lambda tf, x: tf.nn.l2_loss(x), F23)
EXAMPLES["SegmentSum"] = plain(lambda tf, x: tf.segment_sum(x, tf.constant([0, 0])), F23)
EXAMPLES["UnsortedSegmentSum"] = plain(lambda tf, x: tf.unsorted_segment_sum(x, tf.constant([2, 0]), 3), F23)

# ------------------------------------------------------------------ linear algebra
EXAMPLES["MatMul"] = plain(lambda tf, a, b: tf.matmul(a, b, transpose_b=True), F23, POS23)
EXAMPLES["BatchMatMulV2"] = plain(lambda tf, a, b: tf.matmul(a, b), np.stack([SQ, SQ]), SQ)
EXAMPLES["Einsum"] = plain(lambda tf, a, b: tf.einsum("ij,kj->ik", a, b), F23, POS23)
# like TF's, the determinant kernel takes no float16 (inference accepts it; TF has no CPU/GPU half kernel)
EXAMPLES["MatrixDeterminant"] = plain(lambda tf, a: tf.matrix_determinant(a), np.stack([SQ, SQ * 2]), variants=False)
EXAMPLES["MatrixInverse"] = plain(lambda tf, a: tf.matrix_inverse(a), SQ.astype(np.float64))
EXAMPLES["MatrixBandPart"] = plain(lambda tf, a: tf.matrix_band_part(a, 0, 1), SQ)
EXAMPLES["MatrixDiagV3"] = plain(lambda tf, d: tf.matrix_diag(d), F23)
EXAMPLES["MatrixDiagPartV3"] = plain(lambda tf, a: tf.matrix_diag_part(a), F23)
EXAMPLES["MatrixSetDiagV3"] = plain(lambda tf, a, d: tf.matrix_set_diag(a, d), F23, F23[0, :2])
EXAMPLES["Diag"] = plain(lambda tf, d: tf.diag(d), I23)
EXAMPLES["DiagPart"] = plain(lambda tf, a: tf.diag_part(a), np.ones((2, 3, 2, 3), np.float32), partial=False)
EXAMPLES["ConjugateTranspose"] = plain(lambda tf, a: tf.linalg.adjoint(a), C23)
EXAMPLES["Transpose"] = plain(lambda tf, a: [tf.transpose(a), tf.transpose(a, [1, 0])], I23)

# ------------------------------------------------------------------ neural networks
EXAMPLES["BiasAdd"] = plain(lambda tf, x, b: tf.nn.bias_add(x, b), F23, F3)
EXAMPLES["Conv2D"] = plain(lambda tf, x, w: tf.nn.conv2d(x, w, [1, 2, 1, 1], "SAME"), IMG, FILTER)
EXAMPLES["Conv2DBackpropInput"] = plain(
    lambda tf, w, dy: tf.nn.conv2d_backprop_input([2, 4, 4, 3], w, dy, [1, 1, 1, 1], "VALID"),
    FILTER, np.ones((2, 3, 3, 2), np.float32))
EXAMPLES["Conv2DBackpropFilter"] = plain(
    lambda tf, x, dy: tf.nn.conv2d_backprop_filter(x, [2, 2, 3, 2], dy, [1, 1, 1, 1], "VALID"),
    IMG, np.ones((2, 3, 3, 2), np.float32))
EXAMPLES["AvgPool"] = plain(lambda tf, x: tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"), IMG)
EXAMPLES["MaxPool"] = plain(lambda tf, x: tf.nn.max_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"), IMG)
EXAMPLES["SoftmaxCrossEntropyWithLogits"] = plain(
    lambda tf, logits, labels: tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits),
    F23, np.array([[0, 1, 0], [0.5, 0, 0.5]], np.float32))
EXAMPLES["SparseSoftmaxCrossEntropyWithLogits"] = plain(
    lambda tf, logits, labels: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits),
    F23, np.array([2, 0], np.int64))
EXAMPLES["TopKV2"] = plain(lambda tf, x: tf.nn.top_k(x, 2), F23)
EXAMPLES["InTopKV2"] = plain(lambda tf, p, t: tf.nn.in_top_k(p, t, 2), F23, np.array([2, 0], np.int32))




def _bias_add_grad(tf, tmp):
    b = tf.placeholder(tf.float32, [3])
    grads(tf, tf.nn.bias_add(tf.constant(F23), b), [b])
    return Built(feed={b: F3})


EXAMPLES["BiasAddGrad"] = builder(_bias_add_grad)
EXAMPLES["AvgPoolGrad"] = builder(_grad_of(lambda tf, x: tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 1, 1, 1], "SAME"), IMG))
EXAMPLES["MaxPoolGrad"] = builder(_grad_of(lambda tf, x: tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"),
                                           IMG))


def _max_pool_grad_grad(tf, tmp):
    x = tf.constant(IMG)
    (g,) = grads(tf, tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID") ** 2, [x])
    grads(tf, g * g, [x])  # differentiating MaxPoolGrad builds MaxPoolGradGrad


EXAMPLES["MaxPoolGradGrad"] = builder(_max_pool_grad_grad)
EXAMPLES["TanhGrad"] = builder(_grad_of(lambda tf, x: tf.tanh(x), F23))
EXAMPLES["SigmoidGrad"] = builder(_grad_of(lambda tf, x: tf.sigmoid(x), F23))
EXAMPLES["TopKGrad"] = builder(_grad_of(lambda tf, x: tf.nn.top_k(x, 2).values, F23))

# ------------------------------------------------------------------ random (values vary; dtype and shape do not)
EXAMPLES["RandomUniform"] = plain(lambda tf: tf.random_uniform([2, 3], dtype=tf.float64, seed=1))
EXAMPLES["RandomStandardNormal"] = plain(lambda tf: tf.random_normal([4], seed=2))
EXAMPLES["TruncatedNormal"] = plain(lambda tf: tf.truncated_normal([2, 2], dtype=tf.float16))
EXAMPLES["RandomUniformInt"] = plain(lambda tf: tf.random_uniform([3], 0, 10, dtype=tf.int64))
EXAMPLES["Multinomial"] = plain(lambda tf, logits: tf.multinomial(logits, 4), F23)
EXAMPLES["RandomShuffle"] = plain(lambda tf, x: tf.random_shuffle(x), I23)

EXAMPLES["OrthogonalFromNormal"] = builder(
    lambda tf, tmp: tf.get_variable("v", [3, 3], tf.float32, initializer=tf.orthogonal_initializer(seed=4)))
