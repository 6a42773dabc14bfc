"""tf.enable_v2_tensorshape / disable_v2_tensorshape: shape[i] and iteration give ints and None, shapes and specs
print None, and the library (layers, rnn, image and nn ops) builds the same graphs in either mode.
Record with TF_USE_LEGACY_KERAS=1 (tf.layers)."""
from _harness import catch, message_has


def _describe(tf, shape):
    return {"item": [repr(shape[0]), repr(shape[-1])], "iter": [repr(d) for d in shape], "repr": repr(shape),
            "str": str(shape), "dims": [repr(d) for d in shape.dims], "as_list": shape.as_list(),
            "slice": repr(shape[1:]), "value": [tf.dimension_value(shape[0]), tf.dimension_value(shape[1])],
            "at_index": repr(tf.dimension_at_index(shape, 0))}


def case_x_compat4_tensorshape_modes(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    v1 = _describe(tf, x.shape)
    tf.enable_v2_tensorshape()
    v2 = _describe(tf, x.shape)
    unknown = tf.placeholder(tf.float32, name="u").shape
    v2_texts = [str(x), repr(tf.TensorSpec([None, 2])), str(tf.TensorShape([None])), repr(tf.TensorShape(None)),
                repr(unknown[0]), str(unknown), repr(tf.TensorShape([]))]
    tf.disable_v2_tensorshape()
    back = [repr(x.shape[0]), str(x)]
    tf.enable_v2_tensorshape()
    tf.disable_v2_behavior()
    after_behavior = repr(x.shape[0])
    return {"v1": v1, "v2": v2, "v2_texts": v2_texts, "back": back, "after_disable_v2_behavior": after_behavior}


def case_x_compat4_tensorshape_v2_library(tf):
    tf.enable_v2_tensorshape()
    x = tf.placeholder(tf.float32, [None, 8, 8, 3], name="images")
    conv = tf.layers.conv2d(x, 4, 3, name="conv")
    pooled = tf.layers.max_pooling2d(conv, 2, 2)
    flat = tf.layers.flatten(pooled)
    dense = tf.layers.dense(flat, 5, name="dense")
    normed = tf.layers.batch_normalization(dense, training=True)
    seq = tf.placeholder(tf.float32, [None, 6, 3], name="seq")
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(4), tf.nn.rnn_cell.GRUCell(2)])
    outputs, state = tf.nn.dynamic_rnn(cell, seq, dtype=tf.float32)
    static_out, _ = tf.nn.static_rnn(tf.nn.rnn_cell.BasicRNNCell(3), tf.unstack(seq, axis=1), dtype=tf.float32)
    resized = tf.image.resize_images(x, [4, 4])
    cropped = tf.image.resize_image_with_crop_or_pad(x, 6, 10)
    flipped = tf.image.random_flip_left_right(x, seed=1)
    soft = tf.nn.softmax_cross_entropy_with_logits_v2(labels=dense, logits=dense)
    moments = tf.nn.moments(dense, [0])
    tensors = [conv, pooled, flat, dense, normed, outputs, state[0].c, state[1], static_out[-1], resized, cropped,
               flipped, soft, moments[1]]
    return {"shapes": [str(t.shape) for t in tensors],
            "variables": [(v.name, v.shape.as_list()) for v in tf.global_variables()],
            "items": [conv.shape[1], dense.shape[-1], outputs.shape[0]],
            "bad_matmul": message_has(lambda: tf.matmul(dense, tf.ones([4, 2])), "(None, 5)", "Dimensions must be equal"),
            "bad_dense": catch(tf.layers.dense, tf.placeholder(tf.float32, [None, None]), 3)}
