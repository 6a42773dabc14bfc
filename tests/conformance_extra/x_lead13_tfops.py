"""Op types TF fuses (SqrtGrad, RsqrtGrad, ReciprocalGrad, Xlogy, Xdivy, Xlog1py, EuclideanNorm,
SparseSegment*Grad, DenseBincount, PreventGradient): a training meta graph TF wrote, imported and trained;
the op types and second-order gradients of graphs built here."""
import os

import numpy as np

from _harness import catch

HERE = os.path.dirname(os.path.abspath(__file__))
META = os.path.join(HERE, "fixtures_tfops", "fused_ops_training.meta")


def case_tf_written_training_graph_with_fused_ops(tf):
    tf.train.import_meta_graph(META)
    graph = tf.get_default_graph()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    losses = []
    for _ in range(3):  # the loss in a run of its own: a forward op the update does not wait for may see either
        losses.append(sess.run("loss:0"))
        sess.run("train")
    wanted = {"SqrtGrad", "RsqrtGrad", "ReciprocalGrad", "Xlogy", "Xdivy", "Xlog1py", "EuclideanNorm",
              "SparseSegmentSumGrad", "SparseSegmentMeanGrad", "SparseSegmentSqrtNGrad", "DenseBincount",
              "PreventGradient"}
    return {"losses": losses, "w": sess.run("w:0"), "emb": sess.run("emb:0"),
            "present": sorted(wanted & {op.type for op in graph.get_operations()})}


def case_gradient_op_types_and_second_order(tf):
    x = tf.constant([0.5, 1.0, 2.0, 4.0])
    y = tf.constant([1.5, 0.0, 2.0, 0.25])
    pieces = {"sqrt": tf.sqrt(x), "rsqrt": tf.rsqrt(x), "reciprocal": tf.reciprocal(x),
              "xlogy": tf.math.xlogy(x - 0.5, y + 1.0), "xdivy": tf.math.xdivy(x - 1.0, y + 0.5),
              "xlog1py": tf.math.xlog1py(x - 0.5, y)}
    out = {}
    sess = tf.Session()
    for name, value in sorted(pieces.items()):
        g = tf.gradients(tf.reduce_sum(value), x)[0]
        h = tf.gradients(tf.reduce_sum(g * g), x)[0]
        out[name] = {"type": value.op.type, "grad_type": g.op.type, "values": sess.run([value, g]),
                     "second": None if h is None else sess.run(h)}
    norm = tf.math.reduce_euclidean_norm(tf.reshape(x, [2, 2]), axis=1, keepdims=True)
    out["norm"] = {"type": norm.op.type, "values": sess.run([norm, tf.gradients(norm, x)[0]])}
    return out


def case_euclidean_norm_and_bincount_forms(tf):
    m = tf.constant([[3.0, 4.0], [0.0, 0.0]])
    c = tf.constant([[1 + 1j, 2.0]], tf.complex64)
    sess = tf.Session()
    counts = tf.math.bincount(tf.constant([[1, 1], [4, 0]]), minlength=2, maxlength=4)
    weighted = tf.math.bincount(tf.constant([1, 3, 3]), weights=tf.constant([0.5, 1.0, 2.0]))
    return {"all": sess.run(tf.math.reduce_euclidean_norm(m)), "axis0": sess.run(tf.math.reduce_euclidean_norm(m, 0)),
            "complex": sess.run(tf.math.reduce_euclidean_norm(c)), "zero_grad": sess.run(
                tf.gradients(tf.math.reduce_euclidean_norm(m, 1), m)[0]),
            "counts": sess.run(counts), "weighted": sess.run(weighted), "types": [counts.op.type, counts.dtype.name],
            "bad_axis": catch(lambda: sess.run(tf.math.reduce_euclidean_norm(m, tf.constant(3)))),
            "bad_fed_axis": catch(sess.run, tf.math.reduce_euclidean_norm(m, tf.placeholder_with_default(3, []))),
            "after": sess.run(tf.math.reduce_euclidean_norm(m, -1))}
