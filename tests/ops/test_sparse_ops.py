"""SparseTensor, sparse_placeholder and the sparse ops: values, static shapes, validation, gradients."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors


pytestmark = pytest.mark.usefixtures("reset_graph")


def run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def test_sparse_tensor_components_and_static_shape():
    st = tf.SparseTensor([[0, 0], [1, 2]], [1.5, 2.5], [3, 4])
    assert [st.dtype, st.indices.dtype, st.dense_shape.dtype] == [tf.float32, tf.int64, tf.int64]
    assert st.shape.as_list() == [3, 4] and str(st.get_shape()) == "(3, 4)"
    assert st.indices.op.name == "SparseTensor/indices"
    value = run(st)
    assert isinstance(value, tf.SparseTensorValue)
    assert value.indices.dtype == np.int64 and value.dense_shape.tolist() == [3, 4]
    with pytest.raises(ValueError):
        tf.SparseTensor([[0, 0]], [1.0, 2.0], [3, 4])  # two values for one index
    with pytest.raises(ValueError):
        tf.SparseTensor([[0, 0, 0]], [1.0], [3, 4])  # index rank 3, dense rank 2
    back = tf.SparseTensor.from_value(value)
    assert run(tf.sparse.to_dense(back)).tolist() == [[1.5, 0, 0, 0], [0, 0, 2.5, 0], [0, 0, 0, 0]]


def test_sparse_placeholder_shapes_and_feeds():
    unknown = tf.sparse_placeholder(tf.float32)
    known = tf.sparse_placeholder(tf.float32, shape=[2, None], name="sp")
    assert str(unknown.shape) == "<unknown>"
    assert str(known.shape) == "(2, ?)"
    assert known.values.op.name == "sp/values" and known.indices.op.name == "sp/indices"
    dense = tf.sparse_tensor_to_dense(unknown, default_value=-1.0)
    with tf.Session() as sess:
        value = tf.SparseTensorValue([[0, 0], [1, 2]], [4.0, 5.0], [2, 3])
        assert sess.run(dense, {unknown: value}).tolist() == [[4, -1, -1], [-1, -1, 5]]
        assert sess.run(dense, {unknown: ([[0, 1]], [7.0], [1, 2])}).tolist() == [[-1, 7]]
        fed_known = sess.run(tf.sparse.to_dense(known), {known: ([[1, 1]], [3.0], [2, 2])})
        assert fed_known.tolist() == [[0, 0], [0, 3]]


@pytest.mark.parametrize("indices,values,shape,message", [
    ([[1, 0], [0, 0]], [1.0, 2.0], [2, 2], "out of order"),
    ([[3, 0]], [1.0], [2, 2], "out of bounds"),
    ([[0, 1], [0, 1]], [1.0, 2.0], [2, 2], "repeated"),
    ([[0, 0], [1, 1]], [1.0], [2, 2], "incorrect shape"),
])
def test_to_dense_validates_indices(indices, values, shape, message):
    sp = tf.sparse_placeholder(tf.float32)
    dense = tf.sparse_tensor_to_dense(sp)
    with tf.Session() as sess:
        with pytest.raises(errors.InvalidArgumentError, match=message) as info:
            sess.run(dense, {sp: (indices, values, shape)})
        assert "SparseToDense" in str(info.value)


def test_to_dense_without_validation_and_gradient():
    st = tf.SparseTensor([[1, 0], [0, 0]], [1.0, 2.0], [2, 2])
    assert run(tf.sparse_tensor_to_dense(st, validate_indices=False)).tolist() == [[2, 0], [1, 0]]
    values = tf.constant([1.0, 2.0])
    dense = tf.sparse_tensor_to_dense(tf.SparseTensor([[0, 0], [1, 1]], values, [2, 2]))
    grad = tf.gradients(tf.reduce_sum(dense * tf.constant([[3.0, 4.0], [5.0, 6.0]])), values)[0]
    assert run(grad).tolist() == [3.0, 6.0]


def test_sparse_add():
    a = tf.SparseTensor([[0, 0], [1, 2]], [1.0, 2.0], [2, 3])
    b = tf.SparseTensor([[0, 0], [0, 1], [1, 1]], [10.0, 20.0, 30.0], [2, 3])
    total = tf.sparse_add(a, b)
    assert total.shape.as_list() == [2, 3]
    value = run(total)
    assert value.indices.tolist() == [[0, 0], [0, 1], [1, 1], [1, 2]]
    assert value.values.tolist() == [11.0, 20.0, 30.0, 2.0]
    small = tf.sparse_add(tf.SparseTensor([[0, 0], [1, 1]], [1.0, 0.25], [2, 2]),
                          tf.SparseTensor([[0, 0], [1, 1]], [-0.9, 1.0], [2, 2]), threshold=0.2)
    assert run(small).indices.tolist() == [[1, 1]]
    dense = tf.constant([[1, 1], [1, 1]])
    sd = tf.SparseTensor([[0, 1], [1, 0]], [5, 6], [2, 2])
    assert run(tf.sparse_add(sd, dense)).tolist() == [[1, 6], [7, 1]]
    assert run(tf.sparse_add(dense, sd)).tolist() == [[1, 6], [7, 1]]
    with pytest.raises(TypeError):
        tf.sparse_add(dense, dense)
    bad = tf.sparse_add(a, tf.SparseTensor([[0, 0]], [1.0], tf.placeholder_with_default(
        np.array([2, 4], np.int64), [2])))
    with pytest.raises(errors.InvalidArgumentError, match="shapes do not match"):
        run(bad)


def test_sparse_add_gradient():
    av = tf.constant([1.0, 2.0])
    bv = tf.constant([3.0, 4.0])
    total = tf.sparse_add(tf.SparseTensor([[0, 0], [1, 1]], av, [2, 2]), tf.SparseTensor([[0, 0], [0, 1]], bv, [2, 2]))
    weights = tf.constant([10.0, 100.0, 1000.0])  # sum entries: [0,0], [0,1], [1,1]
    ga, gb = tf.gradients(tf.reduce_sum(total.values * weights), [av, bv])
    got_a, got_b = run([ga, gb])
    assert got_a.tolist() == [10.0, 1000.0] and got_b.tolist() == [10.0, 100.0]


def test_sparse_reduce_sum_and_max():
    st = tf.SparseTensor([[0, 0], [0, 2], [1, 1], [2, 2]], [1.0, 2.0, 3.0, 4.0], [3, 3])
    out = run({"all": tf.sparse_reduce_sum(st), "axis0": tf.sparse_reduce_sum(st, axis=0),
               "keep": tf.sparse_reduce_sum(st, axis=1, keepdims=True), "neg": tf.sparse_reduce_sum(st, axis=-1),
               "max": tf.sparse.reduce_max(st, axis=1)})
    assert out["all"] == 10.0 and out["axis0"].tolist() == [1.0, 3.0, 6.0]
    assert out["keep"].tolist() == [[3.0], [3.0], [4.0]] and out["neg"].tolist() == [3.0, 3.0, 4.0]
    assert out["max"].tolist() == [2.0, 3.0, 4.0]
    assert tf.sparse_reduce_sum(tf.SparseTensor([[0, 0]], [1.0], [4, 5]), axis=1).shape.as_list() == [4]
    values = tf.constant([1.0, 2.0, 3.0, 4.0])
    reduced = tf.sparse_reduce_sum(tf.SparseTensor(st.indices, values, st.dense_shape), axis=1)
    grad = tf.gradients(tf.reduce_sum(reduced * tf.constant([1.0, 10.0, 100.0])), values)[0]
    assert run(grad).tolist() == [1.0, 1.0, 10.0, 100.0]
    with pytest.raises(errors.InvalidArgumentError):
        run(tf.sparse_reduce_sum(st, axis=tf.placeholder_with_default(5, [])))


def test_sparse_dense_matmul():
    st = tf.SparseTensor([[0, 0], [1, 2], [2, 1]], [2.0, 3.0, 4.0], [3, 3])
    m = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], np.float32)
    dense = np.array([[2.0, 0, 0], [0, 0, 3.0], [0, 4.0, 0]], np.float32)
    plain, adj, adj_b = run([tf.sparse_tensor_dense_matmul(st, m), tf.sparse_tensor_dense_matmul(st, m, adjoint_a=True),
                             tf.sparse.sparse_dense_matmul(st, m.T, adjoint_b=True)])
    np.testing.assert_allclose(plain, dense @ m)
    np.testing.assert_allclose(adj, dense.T @ m)
    np.testing.assert_allclose(adj_b, dense @ m)
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        tf.sparse_tensor_dense_matmul(st, tf.ones([2, 2]))
    values = tf.constant([2.0, 3.0, 4.0])
    b = tf.constant(m)
    prod = tf.sparse_tensor_dense_matmul(tf.SparseTensor(st.indices, values, [3, 3]), b)
    gv, gb = tf.gradients(tf.reduce_sum(prod), [values, b])
    got_v, got_b = run([gv, gb])
    np.testing.assert_allclose(got_v, [m[0].sum(), m[2].sum(), m[1].sum()])
    np.testing.assert_allclose(got_b, dense.T @ np.ones((3, 2)))
    bad = tf.sparse_tensor_dense_matmul(tf.SparseTensor([[0, 5]], [1.0], [3, 3]), m)
    with pytest.raises(errors.InvalidArgumentError, match="out of bounds"):
        run(bad)


def test_reorder_retain_reshape_transpose():
    st = tf.SparseTensor([[1, 0], [0, 1], [0, 0]], [1.0, 2.0, 3.0], [2, 2])
    ordered = run(tf.sparse_reorder(st))
    assert ordered.indices.tolist() == [[0, 0], [0, 1], [1, 0]] and ordered.values.tolist() == [3.0, 2.0, 1.0]
    kept = run(tf.sparse_retain(st, [True, False, True]))
    assert kept.indices.tolist() == [[1, 0], [0, 0]] and kept.values.tolist() == [1.0, 3.0]
    reshaped = tf.sparse_reshape(tf.SparseTensor([[0, 1], [1, 2]], [1.0, 2.0], [2, 3]), [3, -1])
    assert reshaped.shape.as_list() == [3, 2]
    value = run(reshaped)
    assert value.indices.tolist() == [[0, 1], [2, 1]] and value.dense_shape.tolist() == [3, 2]
    transposed = run(tf.sparse.to_dense(tf.sparse_transpose(tf.SparseTensor([[0, 1], [1, 2]], [1.0, 2.0], [2, 3]))))
    assert transposed.tolist() == [[0, 0], [1, 0], [0, 2]]
    values = tf.constant([1.0, 2.0, 3.0])
    grad = tf.gradients(tf.reduce_sum(tf.sparse_reorder(tf.SparseTensor(st.indices, values, [2, 2])).values
                                      * tf.constant([1.0, 10.0, 100.0])), values)[0]
    assert run(grad).tolist() == [100.0, 10.0, 1.0]


def test_sparse_dense_elementwise_and_namespace():
    st = tf.SparseTensor([[0, 0], [1, 1]], [2.0, 3.0], [2, 2])
    product = st * tf.constant([10.0, 100.0])
    assert isinstance(product, tf.SparseTensor)
    assert run(product).values.tolist() == [20.0, 300.0]
    assert run(st / tf.constant(2.0)).values.tolist() == [1.0, 1.5]
    assert run(tf.sparse.add(st, st)).values.tolist() == [4.0, 6.0]
    assert run(tf.sparse.reduce_sum(st, axis=0)).tolist() == [2.0, 3.0]
    assert run(tf.sparse.to_dense(tf.sparse.from_dense(tf.constant([[0, 5], [6, 0]])))).tolist() == [[0, 5], [6, 0]]
    with pytest.raises(TypeError):
        tf.sparse_tensor_to_dense(tf.constant([1.0]))


def test_sparse_concat():
    a = tf.SparseTensor([[0, 2], [1, 0], [1, 1]], [1.0, 2.0, 3.0], [2, 3])
    b = tf.SparseTensor([[0, 1], [0, 2]], [4.0, 5.0], [2, 4])
    both = tf.sparse_concat(1, [a, b])
    assert both.shape.as_list() == [2, 7]
    value = run(both)
    assert value.indices.tolist() == [[0, 2], [0, 4], [0, 5], [1, 0], [1, 1]]
    assert value.values.tolist() == [1.0, 4.0, 5.0, 2.0, 3.0] and value.dense_shape.tolist() == [2, 7]
    rows = run(tf.sparse.concat(0, [a, tf.SparseTensor([[0, 0]], [9.0], [1, 3])]))
    assert rows.dense_shape.tolist() == [3, 3] and rows.indices.tolist()[-1] == [2, 0]
    with pytest.raises(errors.InvalidArgumentError, match="Input shapes must match"):
        run(tf.sparse_concat(0, [a, b]))
    expanded = run(tf.sparse_concat(0, [a, b], expand_nonconcat_dim=True))
    assert expanded.dense_shape.tolist() == [4, 4]


def test_sparse_reshape_checks_as_tf_while_building_and_running():
    st = tf.SparseTensor([[1, 0]], [3], [2, 3])
    with pytest.raises(ValueError, match=r"At most one dimension can be inferred \(-1\). Found: \[-1 -1\]"):
        tf.sparse_reshape(st, [-1, -1])
    with pytest.raises(ValueError, match=r"6 elements to shape \[4, None\] \(4 elements\)"):
        tf.sparse_reshape(st, [4, -1])
    assert tf.sparse_reshape(st, [3, -1]).dense_shape.op.type == "Const"  # TF makes the known shape a constant
    assert tf.sparse_reshape(st, [0, -1]).shape.as_list() == [None, None]  # a 0 leaves the -1 to the run
    sp = tf.sparse_placeholder(tf.int64)
    value = ([[0, 0]], [1], [2, 2])
    for shape, message in (([3, -1], r"requires a multiple of 3. input_shape=\[2,2\] output_shape=\[3,1\]"),
                           ([3, 3], r"requested shape has 9. input_shape=\[2,2\] output_shape=\[3,3\]"),
                           ([0, -1], "cannot infer the missing input size for an empty tensor"),
                           ([-2, 2], "size 0 must be non-negative, not -2"),
                           ([-1, -1], "only one output dimension may be -1, not both 0 and 1")):
        with pytest.raises(errors.InvalidArgumentError, match=message):
            run(tf.sparse_reshape(sp, shape), {sp: value})
    assert run(tf.sparse_reshape(sp, [4]), {sp: value}).dense_shape.tolist() == [4]
