"""TF 1.x op types of imported GraphDefs (ops/legacy_*.py): kernels, shapes, gradients and errors."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework.op_builder import apply_op


def _op(op_type, inputs, attrs=None):
    return apply_op(op_type, list(inputs), attrs or {}).outputs


def test_div_truncates_integers_and_refuses_a_zero_divisor():
    x, y = tf.constant([-7, 7, 9]), tf.constant([2, -2, 0])
    (div,) = _op("Div", [x, tf.constant([2, -2, 4])])
    (bad,) = _op("Div", [x, y])
    (mod,) = _op("Mod", [x, tf.constant([2, -2, 4])])
    (fmod,) = _op("Mod", [tf.constant([-7.5, 7.5]), tf.constant([2.0, -2.0])])
    with tf.Session() as sess:
        assert sess.run(div).tolist() == [-3, -3, 2]
        assert sess.run(mod).tolist() == [-1, 1, 1]
        assert sess.run(fmod).tolist() == [-1.5, 1.5]
        with pytest.raises(tf.errors.InvalidArgumentError, match="Integer division by zero"):
            sess.run(bad)
        assert sess.run(div).tolist() == [-3, -3, 2]  # the session stays usable


def test_mod_refuses_int8_as_tf():
    with pytest.raises(TypeError):
        _op("Mod", [tf.constant([1], tf.int8), tf.constant([1], tf.int8)])


def test_concat_takes_its_dimension_first_and_differentiates():
    a, b = tf.constant([[1.0, 2.0]]), tf.constant([[3.0]])
    (cat,) = _op("Concat", [tf.constant(1), a, b], {"N": 2})
    ga, gb = tf.gradients(cat * tf.constant([[1.0, 2.0, 3.0]]), [a, b])
    assert cat.shape.as_list() == [1, 3]
    with tf.Session() as sess:
        assert sess.run(cat).tolist() == [[1.0, 2.0, 3.0]]
        assert sess.run([ga, gb])[0].tolist() == [[1.0, 2.0]]


def test_reverse_flips_the_flagged_dims_and_checks_their_count():
    x = tf.constant(np.arange(6.0).reshape(2, 3))
    (rev,) = _op("Reverse", [x, tf.constant([False, True])])
    with tf.Session() as sess:
        assert sess.run(rev).tolist() == [[2.0, 1.0, 0.0], [5.0, 4.0, 3.0]]
    with pytest.raises(ValueError, match="Dimension must be 2 but is 1"):
        _op("Reverse", [x, tf.constant([True])])
    with pytest.raises(TypeError):
        _op("Reverse", [x, tf.constant([1, 0])])


def test_max_pool_v2_same_padding_gradients():
    img = tf.constant((np.arange(50, dtype=np.float32).reshape(1, 5, 5, 2) * 7) % 11)
    (pool,) = _op("MaxPoolV2", [img, tf.constant([1, 3, 3, 1]), tf.constant([1, 2, 2, 1])], {"padding": "SAME"})
    (g,) = tf.gradients(tf.reduce_sum(pool), img)
    (gg,) = tf.gradients(tf.reduce_sum(g * img), img)
    ref = tf.nn.max_pool(img, [1, 3, 3, 1], [1, 2, 2, 1], "SAME")
    (ref_g,) = tf.gradients(tf.reduce_sum(ref), img)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(pool), sess.run(ref))
        np.testing.assert_array_equal(sess.run(g), sess.run(ref_g))
        assert sess.run(gg).shape == (1, 5, 5, 2)


def test_max_pool_v2_with_a_fed_window_has_unknown_rank():
    k = tf.placeholder(tf.int32, [4])
    (pool,) = _op("MaxPoolV2", [tf.zeros([1, 4, 4, 1]), k, tf.constant([1, 1, 1, 1])], {"padding": "VALID"})
    assert pool.shape.ndims is None
    with tf.Session() as sess:
        assert sess.run(pool, {k: [1, 2, 2, 1]}).shape == (1, 3, 3, 1)


def test_clip_by_value_bounds_must_be_scalars_or_the_input_shape():
    x, low = tf.placeholder(tf.float32), tf.placeholder(tf.float32)
    (clip,) = _op("ClipByValue", [x, low, tf.constant(1.0)])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="either of the same shape as input, or a scalar"):
            sess.run(clip, {x: np.zeros((2, 2)), low: np.zeros(2)})
        assert sess.run(clip, {x: [[-3.0, 3.0]], low: -1.0}).tolist() == [[-1.0, 1.0]]


def test_mul_no_nan_zero_wins_over_nan_and_inf():
    (out,) = _op("MulNoNan", [tf.constant([np.nan, np.inf, 2.0]), tf.constant([0.0, 0.0, 3.0])])
    with tf.Session() as sess:
        assert sess.run(out).tolist() == [0.0, 0.0, 6.0]


def test_population_count_counts_the_bits_of_each_width():
    (count,) = _op("PopulationCount", [tf.constant(np.array([-1, 0, 5], np.int16))])
    assert count.dtype == tf.uint8
    with tf.Session() as sess:
        assert sess.run(count).tolist() == [16, 0, 2]


def test_nth_element_gradient_splits_over_ties():
    x = tf.constant([[1.0, 3.0, 3.0, 2.0]])
    (nth,) = _op("NthElement", [x, tf.constant(2)])
    (g,) = tf.gradients(nth, x)
    with tf.Session() as sess:
        assert sess.run(nth).tolist() == [3.0]
        assert sess.run(g).tolist() == [[0.0, 0.5, 0.5, 0.0]]
    with pytest.raises(ValueError, match="last dimension > n = 4"):
        _op("NthElement", [x, tf.constant(4)])


def test_aliases_import_from_a_graph_def():
    gd = tf.GraphDef()
    for name, op, inputs in (("a", "Const", []), ("bmm", "BatchMatMul", ["a", "a"]), ("inv", "Inv", ["bmm"])):
        node = gd.node.add()
        node.name, node.op = name, op
        node.input.extend(inputs)
        node.attr["T" if op != "Const" else "dtype"].type = tf.float32.as_datatype_enum
        if op == "Const":
            node.attr["value"].tensor.CopyFrom(tf.make_tensor_proto(np.eye(2, dtype=np.float32)[None] * 2))
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(gd, name="")
        inv = graph.get_tensor_by_name("inv:0")
        assert inv.op.type == "Inv" and inv.shape.as_list() == [1, 2, 2]
        assert graph.get_operation_by_name("bmm").get_attr("adj_x") is False  # the OpDef's default filled in
        with tf.Session() as sess:
            assert sess.run(inv).tolist() == [[[0.25, np.inf], [np.inf, 0.25]]]


def _queue_v1(capacity=5):
    return apply_op("FIFOQueue", [], {"component_types": [tf.int32], "shapes": [[]],
                                      "capacity": capacity}).outputs[0]


def test_v1_queue_handle_is_a_string_ref_read_as_container_and_name():
    q = _queue_v1()
    assert q.dtype == tf.string_ref and q.shape.as_list() == [2]
    enqueue = apply_op("QueueEnqueueMany", [q, tf.constant([4, 5])], {"Tcomponents": [tf.int32]})
    (size,) = _op("QueueSize", [q])
    with tf.Session() as sess:
        sess.run(enqueue)
        assert sess.run(size) == 2
        assert sess.run(q).tolist() == [b"localhost", b"_0_FIFOQueue"]


def test_temporary_variable_lives_for_one_step():
    var = apply_op("TemporaryVariable", [], {"shape": [2], "dtype": tf.float32, "var_name": "t"}).outputs[0]
    add = apply_op("AssignAdd", [var, tf.constant([1.0, 2.0])], {}).outputs[0]
    with tf.control_dependencies([add]):
        (done,) = _op("DestroyTemporaryVariable", [var], {"var_name": "t"})
    with tf.Session() as sess:
        assert sess.run(done).tolist() == [1.0, 2.0]
        assert sess.run(done).tolist() == [1.0, 2.0]  # made anew, from zeros, in the next step


def test_ref_select_picks_a_ref_and_checks_the_index():
    v, w = tf.Variable([1, 2]), tf.Variable([3, 4])
    index = tf.placeholder(tf.int32, [])
    (chosen,) = _op("RefSelect", [index, v._ref(), w._ref()])
    bump = tf.assign_add(chosen, [10, 10])
    assert chosen.dtype == tf.int32_ref
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(bump, {index: 1})
        assert [x.tolist() for x in sess.run([v, w])] == [[1, 2], [13, 14]]
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"Index must be in the range \[0, 2\)"):
            sess.run(bump, {index: 2})


def test_apply_add_sign_moves_against_the_gradient_and_updates_m():
    var, m = tf.Variable([1.0, -2.0]), tf.Variable([0.1, 0.1])
    scalars = [tf.constant(v) for v in (0.1, 1.0, 0.5, 0.9)]  # lr, alpha, sign_decay, beta
    (out,) = _op("ApplyAddSign", [var._ref(), m._ref()] + scalars + [tf.constant([0.3, -0.1])])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        new = sess.run(out)
        np.testing.assert_allclose(sess.run(m), [0.12, 0.08], rtol=1e-6)
        # sign(g) * sign(m): +1, then -1 (m stays positive): var -= lr * (alpha +- sign_decay) * g
        np.testing.assert_allclose(new, [1.0 - 0.1 * 1.5 * 0.3, -2.0 + 0.1 * 0.5 * 0.1], rtol=1e-6)


def test_resource_keras_momentum_exists_only_as_a_resource_op():
    from tfsess.framework.registry import REGISTRY
    assert "ResourceApplyKerasMomentum" in REGISTRY and "ApplyKerasMomentum" not in REGISTRY
    assert "ResourceApplyAdamWithAmsgrad" in REGISTRY and "ApplyAdamWithAmsgrad" not in REGISTRY


def test_apply_ada_max_refuses_a_grad_of_another_shape_and_writes_nothing():
    var, m, v = tf.Variable([1.0, 2.0]), tf.Variable([0.0, 0.0]), tf.Variable([0.0, 0.0])
    grad = tf.placeholder(tf.float32)
    scalars = [tf.constant(s) for s in (0.9, 0.1, 0.9, 0.999, 1e-7)]
    (out,) = _op("ApplyAdaMax", [var._ref(), m._ref(), v._ref()] + scalars + [grad])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(out, {grad: [1.0, 2.0, 3.0]})
        assert sess.run(var).tolist() == [1.0, 2.0]
        sess.run(out, {grad: [1.0, -1.0]})
        np.testing.assert_allclose(sess.run(v), [1.0, 1.0])


def test_parse_example_v1_reads_its_keys_from_inputs():
    example = tf.train.Example(features=tf.train.Features(feature={
        "n": tf.train.Feature(int64_list=tf.train.Int64List(value=[7]))})).SerializeToString()
    outs = apply_op("ParseExample", [tf.constant([example, b""]), tf.constant([], tf.string), tf.constant("n"),
                                     tf.constant([-1], tf.int64)],
                    {"Nsparse": 0, "Ndense": 1, "sparse_types": [], "Tdense": [tf.int64], "dense_shapes": [[1]]}).outputs
    assert len(outs) == 1 and outs[0].shape.as_list() == [2, 1]
    with tf.Session() as sess:
        assert sess.run(outs[0]).tolist() == [[7], [-1]]
    with pytest.raises(TypeError):
        apply_op("ParseExample", [tf.constant([example]), tf.constant([], tf.string), tf.constant(1),
                                  tf.constant([-1], tf.int64)],
                 {"Nsparse": 0, "Ndense": 1, "sparse_types": [], "Tdense": [tf.int64], "dense_shapes": [[1]]})


def test_igamma_differentiates_in_a_through_igamma_grad_a():
    a = tf.constant([0.5, 2.0, 5.0], tf.float64)
    x = tf.constant([0.3, 2.5, 4.0], tf.float64)
    (ga,) = tf.gradients(tf.igamma(a, x), a)
    (gca,) = tf.gradients(tf.igammac(a, x), a)
    assert ga.op.type == "Mul" and any(op.type == "IgammaGradA" for op in ga.graph.get_operations())
    h = 1e-6
    with tf.Session() as sess:
        got, got_c = sess.run([ga, gca])
        up = sess.run(tf.igamma(a + h, x))
        down = sess.run(tf.igamma(a - h, x))
    np.testing.assert_allclose(got, (up - down) / (2 * h), rtol=1e-6)
    np.testing.assert_allclose(got_c, -got, rtol=1e-12)
