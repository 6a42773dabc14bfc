"""Op examples: TF 1.x op types of imported GraphDefs (ops/legacy_math_ops.py, ops/legacy_nn_ops.py)."""
import numpy as np

from op_examples import F3, F23, I3, I23, IMG, POS23, SQ, Built, builder, grads, op, plain

EXAMPLES = {}


def _first(o):
    return o.outputs[0]


_DIMS = np.array([True, False])
_INTS = np.array([0, -1, 7, 255, 1 << 20], np.int32)
_KSIZE, _STRIDES = np.array([1, 2, 2, 1], np.int32), np.array([1, 2, 2, 1], np.int32)

EXAMPLES.update({
    "Div": plain(lambda tf, x, y: _first(op("Div", [x, y])), I23, I23 + 10),
    "Mod": plain(lambda tf, x, y: _first(op("Mod", [x, y])), I23, I23 + 10),
    "Inv": plain(lambda tf, x: _first(op("Inv", [x])), POS23),
    "Concat": plain(lambda tf, x, y: _first(op("Concat", [tf.constant(1), x, y], {"N": 2})), F23, F23),
    "Gather": plain(lambda tf, x, i: _first(op("Gather", [x, i])), F23, np.array([1, 0, 1], np.int32)),
    "Reverse": plain(lambda tf, x: _first(op("Reverse", [x, tf.constant(_DIMS)])), F23),
    "BatchMatMul": plain(lambda tf, x, y: _first(op("BatchMatMul", [x, y], {"adj_y": True})), F23[None], F23[None]),
    "BiasAddV1": plain(lambda tf, x, b: _first(op("BiasAddV1", [x, b])), F23, F3),
    "Snapshot": plain(lambda tf, x: _first(op("Snapshot", [x])), F23),
    "DeepCopy": plain(lambda tf, x: _first(op("DeepCopy", [x])), I23),
    "Copy": plain(lambda tf, x: _first(op("Copy", [x])), F23),
    "CopyHost": plain(lambda tf, x: _first(op("CopyHost", [x])), F23),
    "MatrixDiag": plain(lambda tf, x: _first(op("MatrixDiag", [x])), F23),
    "MatrixDiagPart": plain(lambda tf, x: _first(op("MatrixDiagPart", [x])), F23),
    "MatrixSetDiag": plain(lambda tf, x, d: _first(op("MatrixSetDiag", [x, d])), F23[None], F3[None, :2]),
    "MatrixDiagV2": plain(lambda tf, x: _first(op("MatrixDiagV2", [x, tf.constant([-1, 0]), tf.constant(-1),
                                                                    tf.constant(-1), tf.constant(0.0, x.dtype)])),
                          F23, partial=False),
    "MatrixDiagPartV2": plain(lambda tf, x: _first(op("MatrixDiagPartV2", [x, tf.constant([0, 1]),
                                                                            tf.constant(9.0, x.dtype)])), SQ),
    "MatrixSetDiagV2": plain(lambda tf, x, d: _first(op("MatrixSetDiagV2", [x, d, tf.constant(1)])), SQ, F3[:2]),
    "MaxPoolV2": plain(lambda tf, x: _first(op("MaxPoolV2", [x, tf.constant(_KSIZE), tf.constant(_STRIDES)],
                                                 {"padding": "VALID"})), IMG),
    "InTopK": plain(lambda tf, p, t: _first(op("InTopK", [p, t], {"k": 2})), F23, np.array([2, 0], np.int32),
                    variants=False),
    "TopK": plain(lambda tf, x: op("TopK", [x], {"k": 2}).outputs, F23),
    "NonMaxSuppression": plain(lambda tf, b, s: _first(op("NonMaxSuppression", [b, s, tf.constant(2)],
                                                          {"iou_threshold": 0.5})),
                               np.array([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, 2, 1, 3]], np.float32),
                               np.array([0.9, 0.8, 0.7], np.float32), variants=False),
    "NonMaxSuppressionV2": plain(lambda tf, b, s: _first(op("NonMaxSuppressionV2", [b, s, tf.constant(3),
                                                                                     tf.constant(0.95)])),
                                 np.array([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, 2, 1, 3]], np.float32),
                                 np.array([0.9, 0.8, 0.7], np.float32), variants=False),
    "ClipByValue": plain(lambda tf, x: _first(op("ClipByValue", [x, tf.constant(-0.5, x.dtype),
                                                                   tf.constant(1.0, x.dtype)])), F23),
    "MulNoNan": plain(lambda tf, x, y: _first(op("MulNoNan", [x, y])), F23, F23 * 0),
    "ApproximateEqual": plain(lambda tf, x, y: _first(op("ApproximateEqual", [x, y], {"tolerance": 0.5})),
                              F23, POS23),
    "AccumulateNV2": plain(lambda tf, x, y: _first(op("AccumulateNV2", [x, y, x], {"shape": [2, 3]})), F23, F23),
    "PopulationCount": plain(lambda tf, x: _first(op("PopulationCount", [x])), _INTS),
    "NthElement": plain(lambda tf, x: _first(op("NthElement", [x, tf.constant(1)], {"reverse": True})), I23),
})


def _pool_grads(tf, tmp):
    x = tf.constant(IMG)
    pooled = _first(op("MaxPoolV2", [x, tf.constant(_KSIZE), tf.constant(_STRIDES)], {"padding": "VALID"}))
    (dx,) = grads(tf, pooled, [x])
    tf.gradients(tf.reduce_sum(dx * x), [x])
    return None  # every op of the type: the gradient ops it needs were built above


EXAMPLES["MaxPoolGradV2"] = builder(_pool_grads)
EXAMPLES["MaxPoolGradGradV2"] = builder(_pool_grads)


def _placeholder_v2(tf, tmp):
    p = _first(op("PlaceholderV2", [], {"dtype": tf.float32, "shape": [None, 3]}))
    return Built(fetch=[p], feed={p: F23})


def _variable_v1(tf, tmp):
    v = _first(op("Variable", [], {"dtype": tf.int32, "shape": [3]}))
    init = tf.assign(v, tf.constant(I3))
    return Built(fetch=[v], setup=[init])


EXAMPLES["PlaceholderV2"] = builder(_placeholder_v2)
EXAMPLES["Variable"] = builder(_variable_v1)
