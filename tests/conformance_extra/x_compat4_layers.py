"""tf.layers.InputSpec (its attributes, config and the checks a layer with an input_spec runs) and Keras-style legacy
layers (tf.layers.experimental.keras_style_scope / set_keras_style: no variable-scope reuse, names from the
graph's layer counter). Record with TF_USE_LEGACY_KERAS=1."""
from _harness import message_has


def case_x_compat4_input_spec_attributes(tf):
    S = tf.layers.InputSpec
    s = S(dtype="float32", shape=(None, 3), axes={-1: 3})
    return {"repr": [repr(s), repr(S(ndim=2)), repr(S(min_ndim=2, max_ndim=4)), repr(S()), repr(S(axes={1: 4})),
                     repr(S(dtype=tf.int32, ndim=0))],
            "attrs": [s.ndim, s.shape, s.dtype, s.axes, s.min_ndim, s.max_ndim, s.allow_last_axis_squeeze, s.name],
            "config": s.get_config(), "from_config": repr(S.from_config(s.get_config())),
            "shape_wins": S(shape=(2,), ndim=3).ndim, "tensor_shape": S(shape=tf.TensorShape([None, 3])).shape,
            "unknown_shape": [S(shape=tf.TensorShape(None), ndim=2).shape, S(shape=tf.TensorShape(None), ndim=2).ndim],
            "bad_axis": message_has(lambda: S(ndim=2, axes={3: 4}), "Axis 3 is greater than the maximum allowed value: 1"),
            "bad_axis_max": message_has(lambda: S(max_ndim=3, axes={5: 1}), "maximum allowed value: 2"),
            "bad_axes": message_has(lambda: S(axes={"a": 1}), "Argument `axes` must be a dict with integer keys")}


def _checked_layer(tf, spec):
    class Checked(tf.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.input_spec = spec

        def call(self, inputs):
            return inputs * 2.0
    return Checked(name="checked")


def case_x_compat4_input_spec_checks(tf):
    S = tf.layers.InputSpec
    x = tf.placeholder(tf.float32, [None, 3], name="x")

    def run(spec, value=x):
        return message_has(lambda: _checked_layer(tf, spec)(value), "Input 0 of layer", "expected ndim=3",
                           "found ndim=2", "Full shape received: (None, 3)", "expected max_ndim=1",
                           "expected min_ndim=3", "expected dtype=int32", "found dtype=<dtype: 'float32'>",
                           "expected axis -1 of input shape to have value 4", "but received input with shape (None, 3)",
                           "expected shape=(None, 4)", "found shape=(None, 3)")
    ok = _checked_layer(tf, S(ndim=2, axes={-1: 3}, dtype="float32"))(x)
    squeezed = _checked_layer(tf, S(shape=(None, 3, 1), allow_last_axis_squeeze=True))(x)
    return {"ok": [ok.name, str(ok.shape)], "squeezed": str(squeezed.shape),
            "ndim": run(S(ndim=3)), "max_ndim": run(S(max_ndim=1)), "min_ndim": run(S(min_ndim=3)),
            "dtype": run(S(dtype="int32")), "axes": run(S(axes={-1: 4})), "shape": run(S(shape=(None, 4))),
            "unknown_rank": str(_checked_layer(tf, S(ndim=3))(tf.placeholder(tf.float32)).shape),
            "count": message_has(lambda: _checked_layer(tf, [S(ndim=2), S(ndim=2)])(x), "expects 2 input(s)",
                                 "but it received 1 input tensors")}


def case_x_compat4_keras_style_scope(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    with tf.layers.experimental.keras_style_scope():
        d1, d2 = tf.layers.Dense(4), tf.layers.Dense(4)
        with tf.variable_scope("outer"):
            first, again, second = d1(x), d1(x), d2(x)
            named = tf.layers.Dense(2, name="mine")
            mine = named(x)
        reuse = message_has(lambda: tf.layers.Dense(4, _reuse=True), "reuse argument not allowed when keras style "
                                                                     "layers are enabled, but saw: True")
        functional = [tf.layers.dense(x, 2).name, tf.layers.dense(x, 2).name]
        conv = tf.layers.conv2d(tf.placeholder(tf.float32, [None, 4, 4, 1]), 2, 3)
    legacy = tf.layers.Dense(4)
    legacy_out = legacy(x)
    return {"names": [d1.name, d2.name, named.name], "outputs": [first.name, again.name, second.name, mine.name],
            "reuse": reuse, "functional": functional, "conv": conv.name,
            "variables": [v.name for v in tf.global_variables()], "weights": [v.name for v in d1.weights],
            "legacy": [legacy_out.name, [v.name for v in legacy.weights]]}


def case_x_compat4_set_keras_style(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    before = tf.layers.dense(x, 2)
    tf.layers.experimental.set_keras_style()
    layer = tf.layers.Dense(3)
    out1, out2 = layer(x), layer(x)
    bn = tf.layers.BatchNormalization()
    normed = bn(out1, training=True)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        same = sess.run(tf.reduce_all(tf.equal(out1, out2)), {x: [[1.0, 2.0, 3.0]]})
    return {"names": [before.name, layer.name, out1.name, out2.name, bn.name, normed.name],
            "variables": [v.name for v in tf.global_variables()], "same_weights": bool(same),
            "updates": len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))}


def case_x_compat4_input_spec_v2_message(tf):
    tf.enable_v2_tensorshape()
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    return message_has(lambda: _checked_layer(tf, tf.layers.InputSpec(ndim=3))(x), "Full shape received: (None, 3)",
                       "Dimension")
