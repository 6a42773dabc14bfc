"""custom_gradient, recompute_grad, make_template, partitioners, type specs, base64/reduce_join/timestamp:
values and names recorded from TensorFlow 2.21 (tensorflow.compat.v1) running the same code."""
import time

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors


def test_custom_gradient_replaces_the_gradient():
    with tf.Graph().as_default():
        @tf.custom_gradient
        def log1pexp(x):
            e = tf.exp(x)
            return tf.log(1 + e), lambda dy: dy * (1 - 1 / (1 + e))

        @tf.custom_gradient
        def clip_grad(x, y):
            return x * y, lambda dy: (tf.clip_by_value(dy, -0.1, 0.1), dy * 3.0)

        x = tf.constant([0.0, 100.0, -3.0])
        a, b = tf.constant([1.0, 2.0]), tf.constant([4.0, 5.0])
        g = tf.gradients(tf.reduce_sum(log1pexp(x)), x)[0]  # finite at 100, where the plain gradient is nan
        z = clip_grad(a, b)
        ga, gb = tf.gradients(tf.reduce_sum(z * 10), [a, b])
        with tf.Session() as sess:
            g, z, ga, gb = sess.run([g, z, ga, gb])
        np.testing.assert_allclose(g, [0.5, 1.0, 0.04742586612701416])
        assert z.tolist() == [4.0, 10.0] and gb.tolist() == [30.0, 30.0]
        np.testing.assert_allclose(ga, [0.1, 0.1])


def test_custom_gradient_with_variables():
    with tf.Graph().as_default():
        v = tf.Variable([2.0, 3.0])
        a = tf.constant([1.0, 2.0])

        @tf.custom_gradient
        def uses_var(x):
            return x * v, lambda dy, variables=None: (dy * 7.0, [dy * 0.0 + 11.0])
        w = uses_var(a)
        grads = tf.gradients(tf.reduce_sum(w), [a, v])

        @tf.custom_gradient
        def forgets_variables(x):
            return x * v, lambda dy: dy
        with pytest.raises(TypeError, match="must accept keyword argument 'variables'"):
            forgets_variables(a)
        with tf.Session() as sess:
            sess.run(v.initializer)
            w, g_a, g_v = sess.run([w] + grads)
        assert w.tolist() == [2.0, 6.0] and g_a.tolist() == [7.0, 7.0] and g_v.tolist() == [11.0, 11.0]


def test_custom_gradient_checks_the_number_of_gradients():
    with tf.Graph().as_default():
        @tf.custom_gradient
        def two_inputs(x, y):
            return x + y, lambda dy: dy
        x = tf.constant(1.0)
        with pytest.raises(ValueError, match="expected to return 2 gradients, but returned 1"):
            tf.gradients(two_inputs(x, x), x)


def test_recompute_grad_rebuilds_the_forward_pass():
    with tf.Graph().as_default():
        x = tf.constant([0.0, 100.0, -3.0])
        block = tf.recompute_grad(lambda t: tf.sin(t) * t)
        r = block(x)
        before = len(tf.get_default_graph().get_operations())
        g = tf.gradients(tf.reduce_sum(r), x)[0]
        sin_ops = [op for op in tf.get_default_graph().get_operations()[before:] if op.type == "Sin"]
        assert sin_ops, "the backward pass recomputes sin"
        with tf.Session() as sess:
            r, g = sess.run([r, g])
        np.testing.assert_allclose(r, [0.0, -50.636566162109375, 0.4233599901199341], rtol=1e-6)
        np.testing.assert_allclose(g, [0.0, 85.72552490234375, 2.828857421875], rtol=1e-5)


def test_make_template_shares_variables():
    with tf.Graph().as_default():
        def net(x):
            w = tf.get_variable("w", [3, 2], initializer=tf.ones_initializer())
            return tf.matmul(x, w)
        t = tf.make_template("net", net)
        a, b = t(tf.ones([1, 3])), t(tf.ones([2, 3]))
        t2 = tf.make_template("net", net, create_scope_now_=True)
        c = t2(tf.ones([1, 3]))
        assert [v.name for v in tf.global_variables()] == ["net/w:0", "net_1/w:0"]
        assert t.variable_scope_name == "net/" and t2.variable_scope_name == "net_1/"
        assert [v.name for v in t.trainable_variables] == ["net/w:0"]
        assert (a.name, b.name, c.name) == ("net/MatMul:0", "net_1/MatMul:0", "net_1_1/MatMul:0")
        t3 = tf.make_template("bad", lambda: tf.Variable(1.0))
        t3()
        with pytest.raises(ValueError, match="Trainable variable created when calling a template after the"):
            t3()


def test_partitioners_as_tf():
    fixed = tf.fixed_size_partitioner(3)
    assert fixed(tf.TensorShape([10, 4]), dtype=tf.float32) == [3, 1]
    assert fixed(tf.TensorShape([2, 4]), dtype=tf.float32) == [2, 1]
    assert tf.min_max_variable_partitioner(8, min_slice_size=1024)(tf.TensorShape([100, 10]), tf.float32) == [4, 1]
    assert tf.min_max_variable_partitioner(3)(tf.TensorShape([100000, 10]), tf.float32) == [3, 1]
    assert tf.variable_axis_size_partitioner(1000)(tf.TensorShape([100, 10]), tf.float32) == [4, 1]
    assert tf.variable_axis_size_partitioner(64, axis=1, max_shards=3)(tf.TensorShape([4, 10]), tf.string) == [1, 3]
    with pytest.raises(ValueError, match="axis=0"):
        tf.min_max_variable_partitioner(axis=1)


def test_type_specs():
    with tf.Graph().as_default():
        spec = tf.TensorSpec([None, 3], tf.float32, "x")
        assert spec.is_compatible_with(tf.zeros([2, 3])) and not spec.is_compatible_with(tf.zeros([2, 4]))
        assert not spec.is_compatible_with(tf.zeros([2, 3], tf.int32))
        assert spec == tf.TensorSpec([None, 3], name="x") and spec != tf.TensorSpec([None, 3])
        assert tf.TensorSpec.from_tensor(tf.zeros([2, 3], name="z")).name == "z"
        assert spec.most_specific_compatible_type(tf.TensorSpec([2, 3])).shape.as_list() == [None, 3]
        sparse = tf.SparseTensor([[0, 0]], [1.0], [2, 3])
        assert tf.type_spec_from_value(sparse) == tf.SparseTensorSpec([2, 3], tf.float32)
        assert tf.type_spec_from_value(np.int64(3)) == tf.TensorSpec([], tf.int64)
        converted = tf.convert_to_tensor_or_sparse_tensor(tf.SparseTensorValue([[0]], [1], [3]))
        assert isinstance(converted, tf.SparseTensor)
        assert isinstance(tf.convert_to_tensor_or_sparse_tensor([1, 2]), tf.Tensor)


def test_base64_reduce_join_and_timestamp():
    with tf.Graph().as_default():
        s = tf.constant([[b"a", b"bc", b"?>~"], [b"hello world", b"", b"\xff\xfe"]])
        start = time.time()
        with tf.Session() as sess:
            enc, padded, dec, all_, col, kept, none, stamp = sess.run([
                tf.encode_base64(s), tf.io.encode_base64(s, pad=True), tf.decode_base64(tf.encode_base64(s, pad=True)),
                tf.reduce_join(s), tf.strings.reduce_join(s, 0, separator=","),
                tf.reduce_join(s, [1], keep_dims=True, separator="|"), tf.reduce_join(s, []), tf.timestamp()])
            with pytest.raises(errors.InvalidArgumentError, match="Invalid character found in base64"):
                sess.run(tf.decode_base64(tf.constant(["ab$c"])))
        assert enc.tolist() == [[b"YQ", b"YmM", b"Pz5-"], [b"aGVsbG8gd29ybGQ", b"", b"__4"]]
        assert padded.tolist() == [[b"YQ==", b"YmM=", b"Pz5-"], [b"aGVsbG8gd29ybGQ=", b"", b"__4="]]
        assert dec.tolist() == s_value()
        assert all_ == b"abc?>~hello world\xff\xfe"
        assert col.tolist() == [b"a,hello world", b"bc,", b"?>~,\xff\xfe"]
        assert kept.tolist() == [[b"a|bc|?>~"], [b"hello world||\xff\xfe"]]
        assert none.tolist() == s_value()  # an empty list of axes joins nothing
        assert start - 1 <= stamp <= time.time() + 1


def s_value():
    return [[b"a", b"bc", b"?>~"], [b"hello world", b"", b"\xff\xfe"]]
