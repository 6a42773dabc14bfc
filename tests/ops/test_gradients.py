"""tf.gradients: the walk itself (paths, aggregation, stopping, naming, errors), not each op's rule."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework.registry import REGISTRY, NotDifferentiable, register_op
from tfsess.framework.tensor_shape import TensorShape

# --------------------------------------------------------------- ops only these tests declare
RECEIVED = []


def _same(inputs, attrs):
    return [(inputs[0].dtype.base_dtype, inputs[0].shape)]


def _three_outputs(inputs, attrs):
    x = inputs[0]
    return [(x.dtype.base_dtype, x.shape), (x.dtype.base_dtype, x.shape), (tf.int32, x.shape)]


if "TestNoGradient" not in REGISTRY:
    register_op("TestNoGradient", infer=_same)(lambda xp, x: x)
    register_op("TestNotDifferentiable", infer=_same)(lambda xp, x: x)
    NotDifferentiable("TestNotDifferentiable")
    register_op("TestBadGradient", infer=_same)(lambda xp, x: x)

    @register_op("TestThreeOutputs", infer=_three_outputs)
    def _test_three_outputs(xp, x):
        return x * 2, x * 3, x.astype(np.int32)

    @_test_three_outputs.gradient
    def _test_three_outputs_grad(op, g0, g1, g2):
        RECEIVED.append((g0, g1, g2))
        return [g0 * 2.0 + g1 * 3.0]

    @tf.RegisterGradient("TestBadGradientShape")
    def _bad_shape(op, grad):
        return [tf.reshape(grad, [-1])[:1]]

    @tf.RegisterGradient("TestTooManyGrads")
    def _too_many(op, grad):
        return [grad, grad]

    @tf.RegisterGradient("TestTripleGrad")
    def _triple(op, grad):
        return [grad * 3.0]


def _apply(op_type, x, n_outputs=1):
    from tfsess.framework.op_builder import apply_op
    op = apply_op(op_type, [tf.convert_to_tensor(x)], name=op_type)
    return op.outputs if n_outputs > 1 else op.outputs[0]


pytestmark = pytest.mark.usefixtures("fresh_graph")


def run(*fetches):
    return tf.Session().run(list(fetches) if len(fetches) > 1 else fetches[0])


# --------------------------------------------------------------- structure
def test_unconnected_is_none_or_zeros():
    x, z = tf.constant([1.0, 2.0]), tf.constant([[5.0, 6.0]])
    y = x * x
    gx, gz = tf.gradients(y, [x, z])
    assert gz is None
    np.testing.assert_allclose(run(gx), [2.0, 4.0])
    zero = tf.gradients(y, [x, z], unconnected_gradients="zero")[1]
    np.testing.assert_array_equal(run(zero), [[0.0, 0.0]])
    zero_enum = tf.gradients(y, z, unconnected_gradients=tf.UnconnectedGradients.ZERO)[0]
    assert zero_enum.shape.as_list() == [1, 2]
    with pytest.raises(ValueError, match="unconnected_gradients"):
        tf.gradients(y, x, unconnected_gradients="sometimes")


def test_multiple_paths_are_summed_with_add_n(fresh_graph):
    x = tf.constant([1.0, 2.0, 3.0])
    y = x * x + 3.0 * x
    g = tf.gradients(y, x)[0]
    np.testing.assert_allclose(run(g), [5.0, 7.0, 9.0])
    assert g.op.type == "AddN" and g.op.name.startswith("gradients/")
    names = {op.name for op in fresh_graph.get_operations()}
    assert {"gradients/Shape", "gradients/grad_ys_0/Const", "gradients/grad_ys_0", "gradients/mul_grad/Mul"} <= names
    assert fresh_graph.get_operation_by_name("gradients/grad_ys_0").type == "Fill"  # TF's tf.ones naming
    again = tf.gradients(y, x)[0]
    assert again.op.name.startswith("gradients_1/")


def test_several_ys_and_grad_ys():
    x = tf.constant([1.0, 2.0, 3.0])
    y = x * x
    np.testing.assert_allclose(run(tf.gradients([y, 3.0 * x], x)[0]), [5.0, 7.0, 9.0])
    weighted = tf.gradients(y, x, grad_ys=tf.constant([1.0, 0.0, 2.0]))[0]
    np.testing.assert_allclose(run(weighted), [2.0, 0.0, 12.0])
    both = tf.gradients([y, 3.0 * x], x, grad_ys=[tf.ones([3]), tf.constant([2.0, 2.0, 2.0])])[0]
    np.testing.assert_allclose(run(both), [8.0, 10.0, 12.0])
    np.testing.assert_allclose(run(tf.gradients(x, x)[0]), [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="Length mismatch"):
        tf.gradients([y, y], x, grad_ys=[tf.ones([3])])


def test_stop_gradients_argument_and_op():
    x = tf.constant([1.0, 2.0, 3.0])
    w = x * 2.0
    np.testing.assert_allclose(run(tf.gradients(tf.reduce_sum(w * x), x, stop_gradients=[w])[0]), [2.0, 4.0, 6.0])
    np.testing.assert_allclose(run(tf.gradients(tf.reduce_sum(w * x), x)[0]), [4.0, 8.0, 12.0])
    if hasattr(tf, "stop_gradient"):
        np.testing.assert_allclose(run(tf.gradients(tf.reduce_sum(x * tf.stop_gradient(x)), x)[0]), [1.0, 2.0, 3.0])
        assert tf.gradients(tf.reduce_sum(tf.stop_gradient(x) * 2.0), x)[0] is None


def test_second_derivative():
    x = tf.constant([0.5, 1.0, 2.0])
    dy = tf.gradients(tf.reduce_sum(x * x * x), x)[0]
    d2y = tf.gradients(dy, x)[0]
    np.testing.assert_allclose(run(d2y), [3.0, 6.0, 12.0])


def test_hessians():
    x = tf.constant([1.0, 2.0])
    y = tf.reduce_sum(x * x * x) + x[0] * x[1]
    h = tf.hessians(y, x)[0]
    np.testing.assert_allclose(run(h), [[6.0, 1.0], [1.0, 12.0]])


# --------------------------------------------------------------- what flows where
def test_missing_gradient_raises_lookup_error_naming_the_op_type():
    x = tf.constant([1.0])
    y = _apply("TestNoGradient", x)
    with pytest.raises(LookupError, match=r"op type: TestNoGradient"):
        tf.gradients(y, x)


def test_not_differentiable_gives_none():
    x = tf.constant([1.0])
    assert tf.gradients(_apply("TestNotDifferentiable", x) * 2.0, x)[0] is None


def test_unused_float_outputs_get_zeros_and_integer_outputs_none():
    RECEIVED.clear()
    x = tf.constant([1.0, 2.0])
    first, _, _ = _apply("TestThreeOutputs", x, n_outputs=3)
    g = tf.gradients(first, x)[0]
    np.testing.assert_allclose(run(g), [2.0, 2.0])
    (g0, g1, g2), = RECEIVED
    assert g2 is None
    np.testing.assert_array_equal(run(g1), [0.0, 0.0])


def test_integer_paths_carry_no_gradient():
    x = tf.constant([1.0, 2.0])
    i = tf.constant([1, 2])
    assert tf.gradients(tf.reduce_sum(i * 3), i)[0] is None
    assert tf.gradients(tf.cast(tf.cast(x, tf.int32), tf.float32), x)[0] is None


def test_gradient_with_respect_to_variables():
    w = tf.Variable([1.0, -2.0])
    loss = tf.reduce_sum(w * w)
    g_var, g_read = tf.gradients(loss, [w, w.value()])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    np.testing.assert_allclose(sess.run(g_var), [2.0, -4.0])
    np.testing.assert_allclose(sess.run(g_read), [2.0, -4.0])


def test_gradient_override_map(fresh_graph):
    x = tf.constant([1.0, 2.0])
    with fresh_graph.gradient_override_map({"Identity": "TestTripleGrad"}):
        y = tf.identity(x)
    np.testing.assert_allclose(run(tf.gradients(y * 2.0, x)[0]), [6.0, 6.0])


def test_bad_gradient_functions_are_reported(fresh_graph):
    x = tf.constant([1.0, 2.0])
    with fresh_graph.gradient_override_map({"Identity": "TestBadGradientShape"}):
        y = tf.identity(x)
    with pytest.raises(ValueError, match="Incompatible shapes"):
        tf.gradients(y, x)
    with fresh_graph.gradient_override_map({"Identity": "TestTooManyGrads"}):
        z = tf.identity(x)
    with pytest.raises(ValueError, match="Num gradients 2"):
        tf.gradients(z, x)


def test_indexed_slices_from_gather():
    params = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    y = tf.reduce_sum(tf.gather(params, [2, 0, 2]))
    g = tf.gradients(y, params)[0]
    assert isinstance(g, tf.IndexedSlices)
    np.testing.assert_allclose(run(tf.convert_to_tensor(g)), [[1, 1], [0, 0], [2, 2]])
    two = tf.gradients(tf.reduce_sum(tf.gather(params, [1])) + tf.reduce_sum(tf.gather(params, [1, 2])), params)[0]
    assert isinstance(two, tf.IndexedSlices)
    np.testing.assert_allclose(run(tf.convert_to_tensor(two)), [[0, 0], [2, 2], [1, 1]])
    mixed = tf.gradients(tf.reduce_sum(tf.gather(params, [0])) + tf.reduce_sum(params), params)[0]
    assert isinstance(mixed, tf.Tensor)
    np.testing.assert_allclose(run(mixed), [[2, 2], [1, 1], [1, 1]])


def test_indexed_slices_shape_and_conversion_errors():
    values = tf.constant([[1.0, 2.0]])
    s = tf.IndexedSlices(values, tf.constant([1]), tf.constant([3, 2]))
    assert s.shape == TensorShape([3, 2]) and s.dtype == tf.float32 and s.op is values.op
    assert tf.IndexedSlices(values, tf.constant([1])).shape.as_list() == [None, 2]
    with pytest.raises(ValueError, match="without dense_shape"):
        tf.convert_to_tensor(tf.IndexedSlices(values, tf.constant([1])))


def test_gate_gradients_and_aggregation_methods():
    a, b = tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0])
    y = a * b + a
    gated = tf.gradients(y, [a, b], gate_gradients=True)
    np.testing.assert_allclose(run(gated), [[4.0, 5.0], [1.0, 2.0]])
    tree = tf.gradients(y, a, aggregation_method=tf.AggregationMethod.EXPERIMENTAL_TREE)[0]
    np.testing.assert_allclose(run(tree), [4.0, 5.0])
    with pytest.raises(ValueError, match="aggregation_method"):
        tf.gradients(y, a, aggregation_method=7)
