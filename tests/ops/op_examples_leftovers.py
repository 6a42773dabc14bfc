"""Op examples: SqlDataset, SdcaFprint and SdcaShrinkL1, SobolSample (needs the optional SciPy), and the GPU-only
Conv2DBackpropInputV2 / Conv2DBackpropFilterV2."""
import importlib.util
import os
import sqlite3

import numpy as np

from op_examples import Built, builder, infer_only, plain

HAS_SCIPY = importlib.util.find_spec("scipy") is not None
X = np.arange(2 * 5 * 5 * 3, dtype=np.float32).reshape(2, 5, 5, 3) / 50
F = np.linspace(-1, 1, 3 * 3 * 3 * 4, dtype=np.float32).reshape(3, 3, 3, 4)
DY = np.linspace(-2, 2, 2 * 3 * 3 * 4, dtype=np.float32).reshape(2, 3, 3, 4)


def _shrink(tf, tmp):
    a, b = tf.Variable([1.0, -0.2, 0.5]), tf.Variable([[0.05, 2.0]])
    tf.train.sdca_shrink_l1([a, b], l1=0.4, l2=2.0)
    return Built(setup=[a.initializer, b.initializer])


def _conv_v2(tf, op_type):
    if op_type == "Conv2DBackpropInputV2":
        return tf.conv2d_backprop_input_v2(X, F, DY, strides=[1, 2, 2, 1], padding="SAME")
    return tf.conv2d_backprop_filter_v2(X, F, DY, strides=[1, 2, 2, 1], padding="SAME")


def _sql(tf, tmp):
    path = os.path.join(str(tmp), "rows.db")
    with sqlite3.connect(path) as connection:
        connection.execute("create table t (a integer, b text)")
        connection.execute("insert into t values (3, 'x')")
    tf.data.experimental.SqlDataset("sqlite", path, "select a, b from t", (tf.int64, tf.string))


def _iterator_position(restore):
    def build(tf, tmp):
        iterator = tf.data.make_initializable_iterator(tf.data.Dataset.range(4))
        saveable = tf.data.experimental.make_saveable_from_iterator(iterator)
        position = saveable.saved_tensor()
        if restore:
            saveable.restore_from(tf.constant(2, tf.int64))
            return Built(setup=[iterator.initializer])
        return Built(setup=[iterator.initializer], fetch=[position])
    return build


EXAMPLES = {
    "StatelessParameterizedTruncatedNormal": plain(
        lambda tf, means: tf.random.stateless_parameterized_truncated_normal([4, 3], [1, 2], means=means,
                                                                              minvals=means - 1, maxvals=means + 2),
        np.array([0.0, 1.0, 2.0], np.float32), partial=False),
    "_IteratorPosition": builder(_iterator_position(False)),
    "_RestoreIteratorPosition": builder(_iterator_position(True)),
    "SqlDataset": builder(_sql),
    "SdcaFprint": plain(lambda tf, s: tf.train.sdca_fprint(s), np.array([b"", b"a", b"example-17"], dtype=object),
                        variants=False),
    "SdcaShrinkL1": builder(_shrink),
    "SobolSample": (plain(lambda tf: tf.math.sobol_sample(3, 5, skip=2)) if HAS_SCIPY else
                    infer_only(lambda tf, tmp: tf.math.sobol_sample(3, 5, skip=2),
                               "its direction numbers come from the optional SciPy, not installed here")),
    "Conv2DBackpropInputV2": infer_only(lambda tf, tmp: _conv_v2(tf, "Conv2DBackpropInputV2"),
                                        "TF registers only GPU kernels: on a CPU it raises TF's error"),
    "Conv2DBackpropFilterV2": infer_only(lambda tf, tmp: _conv_v2(tf, "Conv2DBackpropFilterV2"),
                                         "TF registers only GPU kernels: on a CPU it raises TF's error"),
}
