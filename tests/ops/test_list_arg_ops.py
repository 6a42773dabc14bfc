"""tf.shape_n / tf.identity_n build one ShapeN / IdentityN op; fetching a variant raises TF's InternalError."""
import numpy as np
import pytest

import tfsess as tf


def test_shape_n_is_one_op_with_n_outputs():
    with tf.Graph().as_default() as g:
        a = tf.placeholder(tf.float32, [None, 3])
        shapes = tf.shape_n([a, tf.zeros([4, 5, 6])], out_type=tf.int64)
        assert [o.type for o in g.get_operations()].count("ShapeN") == 1
        assert [t.name for t in shapes] == ["ShapeN:0", "ShapeN:1"]
        assert [t.dtype for t in shapes] == [tf.int64, tf.int64]
        assert [t.shape.as_list() for t in shapes] == [[2], [3]]
        with tf.Session() as sess:
            got = sess.run(shapes, {a: np.zeros((7, 3), np.float32)})
        assert [v.tolist() for v in got] == [[7, 3], [4, 5, 6]]
        assert tf.gradients(tf.cast(shapes[0], tf.float32), a) == [None]


def test_shape_n_errors():
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match="don't all match"):
            tf.shape_n([tf.constant(1.0), tf.constant(1)])
        with pytest.raises(ValueError, match="shorter than minimum length 1"):
            tf.shape_n([])
        with pytest.raises(TypeError, match="not in list of allowed values: int32, int64"):
            tf.shape_n([tf.constant(1.0)], out_type=tf.float32)


def test_identity_n_passes_values_and_gradients():
    with tf.Graph().as_default() as g:
        x, y = tf.constant([1.0, 2.0]), tf.constant(3.0)
        ix, iy = tf.identity_n([x, y], name="both")
        assert [o.type for o in g.get_operations()].count("IdentityN") == 1 and ix.name == "both:0"
        gx, gy = tf.gradients(tf.reduce_sum(ix * iy), [x, y])
        with tf.Session() as sess:
            assert sess.run(gx).tolist() == [3.0, 3.0] and sess.run(gy) == 3.0
        with pytest.raises(TypeError, match="Expected list for 'input'"):
            tf.identity_n(x)


def test_fetching_a_variant_raises_after_the_step_and_the_session_goes_on():
    with tf.Graph().as_default():
        variant = tf.data.experimental.to_variant(tf.data.Dataset.range(3))
        counter = tf.Variable(0)
        bump = tf.assign_add(counter, 1)
        with tf.Session() as sess:
            sess.run(counter.initializer)
            with pytest.raises(tf.errors.InternalError, match="type 21 not convertible to numpy dtype"):
                sess.run([variant, bump])
            with pytest.raises(tf.errors.InternalError):
                sess.make_callable(variant)()
            assert sess.run(counter) == 1  # the step ran before its results were converted
            sess.run(variant.op)  # as a target it runs
