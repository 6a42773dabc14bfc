"""tf.losses weights under TF's weights_broadcast_ops: static shapes checked when the graph is built
(TF's ValueError texts), unknown shapes by a run-time Assert (InvalidArgumentError, session usable)."""
import numpy as np

from _harness import catch, message_has


def case_x_lossw_broadcast_static(tf):
    labels = tf.constant(np.ones((2, 3), np.float32))
    preds = tf.constant(np.full((2, 3), 0.5, np.float32))
    return {"rank": message_has(lambda: tf.losses.mean_squared_error(labels, preds, weights=tf.ones([3])),
                                "weights can not be broadcast to values.", "values.rank=2. weights.rank=1."),
            "dim": message_has(lambda: tf.losses.absolute_difference(labels, preds, weights=tf.ones([2, 2])),
                               "Mismatch at dim 1.", "values.shape=[2 3], weights.shape=[2 2]."),
            "ok_column": catch(lambda: tf.losses.mean_squared_error(labels, preds, weights=tf.ones([2, 1])).name),
            "ops": sorted({op.type for op in tf.get_default_graph().get_operations()
                           if "assert_broadcastable" in op.name})}


def case_x_lossw_broadcast_runtime(tf):
    labels = tf.placeholder(tf.float32, [None, 3])
    preds = tf.placeholder(tf.float32, [None, 3])
    w = tf.placeholder(tf.float32, None)
    loss = tf.losses.mean_squared_error(labels, preds, weights=w)
    feed = {labels: np.ones((2, 3), np.float32), preds: np.zeros((2, 3), np.float32)}
    with tf.Session() as sess:
        good = [float(sess.run(loss, {**feed, w: v})) for v in
                (np.float32(2.0), np.ones((2, 1), np.float32), np.arange(6, dtype=np.float32).reshape(2, 3))]
        bad = [catch(sess.run, loss, {**feed, w: v}) for v in
               (np.ones((3, 3), np.float32), np.ones(3, np.float32))]
        after = float(sess.run(loss, {**feed, w: np.float32(1.0)}))
    return {"good": good, "bad": bad, "after": after,
            "assert_ops": sorted(op.name for op in tf.get_default_graph().get_operations() if op.type == "Assert")}
