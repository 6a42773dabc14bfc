"""Array ops: slicing with TF's masks, gathers, joins and splits, padding, shapes, and their errors."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors


pytestmark = pytest.mark.usefixtures("fresh_graph")


def run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


X = np.arange(24, dtype=np.int32).reshape(2, 3, 4)


# ------------------------------------------------------------------ slicing
def test_getitem_builds_one_strided_slice_named_like_tf():
    x = tf.constant(X)
    t = x[1, ::2, tf.newaxis, ...]
    assert t.op.type == "StridedSlice" and t.op.name == "strided_slice"
    assert [i.op.name for i in t.op.inputs[1:]] == ["strided_slice/stack", "strided_slice/stack_1",
                                                    "strided_slice/stack_2"]
    assert t.op.get_attr("shrink_axis_mask") == 1 and t.op.get_attr("new_axis_mask") == 4
    assert t.op.get_attr("ellipsis_mask") == 8 and t.op.get_attr("begin_mask") == 2
    np.testing.assert_array_equal(run(t), X[1, ::2, None, ...])


def test_getitem_with_tensor_indices_and_negative_steps():
    x = tf.constant(X)
    i = tf.placeholder(tf.int32, [])
    got = run([x[i, -1], x[:, ::-1, -2:], x[..., i], x[tf.constant(1):, 0]], {i: 1})
    expected = [X[1, -1], X[:, ::-1, -2:], X[..., 1], X[1:, 0]]
    for g, e in zip(got, expected):
        np.testing.assert_array_equal(g, e)
    assert x[i].shape.as_list() == [3, 4]


def test_getitem_type_and_range_errors():
    x = tf.zeros([3, 5])
    with pytest.raises(TypeError, match="Only integers, slices"):
        x[1.5]
    with pytest.raises(TypeError):
        x[tf.constant([0, 1])]
    with pytest.raises(ValueError, match="out of bounds"):
        x[3]
    p = tf.placeholder(tf.float32, [None, 2])
    with pytest.raises(errors.InvalidArgumentError, match="out of bounds") as info:
        run(p[5], {p: np.zeros((2, 2))})
    assert "strided_slice" in str(info.value)


def test_getitem_with_bool_mask_uses_boolean_mask():
    x = tf.constant([1, 2, 3])
    assert run(x[tf.constant([True, False, True])]).tolist() == [1, 3]


def test_strided_slice_masks_match_tf():
    x = tf.constant(X)
    got = run([tf.strided_slice(x, [0, 0, 3], [0, 0, 0], [1, 1, -1], begin_mask=3, end_mask=7),
               tf.strided_slice(x, [1, 1], [2, 2], ellipsis_mask=1),
               tf.strided_slice(x, [0, 1], [0, 2], [1, 1], new_axis_mask=1, shrink_axis_mask=2),
               tf.slice(x, [1, 0, 2], [-1, 2, -1])])
    np.testing.assert_array_equal(got[0], X[:, :, ::-1])
    np.testing.assert_array_equal(got[1], X[..., 1:2])
    np.testing.assert_array_equal(got[2], X[None, 1])
    np.testing.assert_array_equal(got[3], X[1:, 0:2, 2:])


def test_slice_errors():
    # TF's shape function does not check begin + size against the input: the run fails
    too_long = tf.slice(tf.zeros([3]), [1], [3])
    assert too_long.shape.as_list() == [3]
    with pytest.raises(errors.InvalidArgumentError, match="Expected size"):
        run(too_long)
    with pytest.raises(ValueError, match="Negative dimension size"):
        tf.slice(tf.zeros([3]), [4], [-1])
    b = tf.placeholder(tf.int32, [1])
    with pytest.raises(errors.InvalidArgumentError):
        run(tf.slice(tf.zeros([3]), b, [2]), {b: [2]})


# ------------------------------------------------------------------ gather family
def test_gather_axis_batch_dims_and_out_of_range_index_is_named():
    params = tf.constant([[1, 2, 3], [4, 5, 6]])
    got = run([tf.gather(params, [[2, 0]], axis=1), tf.gather(params, [[0], [2]], batch_dims=1)])
    assert got[0].tolist() == [[[3, 1]], [[6, 4]]] and got[1].tolist() == [[1], [6]]
    idx = tf.placeholder(tf.int32, [None])
    g = tf.gather(params, idx)
    assert g.shape.as_list() == [None, 3]
    with pytest.raises(errors.InvalidArgumentError, match=r"indices\[1\] = 7 is not in \[0, 2\)"):
        run(g, {idx: [0, 7]})


def test_gather_nd_and_scatter_nd():
    params = tf.constant([[1, 2], [3, 4]])
    assert run(tf.gather_nd(params, [[[1, 0]], [[0, 1]]])).tolist() == [[3], [2]]
    assert run(tf.scatter_nd([[1], [1]], [5, 6], [3])).tolist() == [0, 11, 0]
    with pytest.raises(errors.InvalidArgumentError, match=r"indices\[0\] = \[2, 0\] does not index"):
        run(tf.gather_nd(params, [[2, 0]]))


def test_gather_gradient_is_indexed_slices_that_densify():
    params = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    g = tf.gradients(tf.reduce_sum(tf.gather(params, [2, 0, 2])), params)[0]
    assert type(g).__name__ == "IndexedSlices"
    assert run(tf.convert_to_tensor(g)).tolist() == [[1, 1], [0, 0], [2, 2]]
    g1 = tf.gradients(tf.reduce_sum(tf.gather(params, [1, 1], axis=1)), params)[0]
    assert run(g1).tolist() == [[0, 2], [0, 2], [0, 2]]


def test_where_forms():
    cond = tf.constant([[True, False], [False, True]])
    w = tf.where(cond)
    assert w.dtype == tf.int64 and w.shape.as_list() == [None, 2]
    assert run(w).tolist() == [[0, 0], [1, 1]]
    assert tf.where(cond, tf.ones([2, 2]), tf.zeros([2, 2])).op.type == "Select"
    with pytest.raises(ValueError, match="both"):
        tf.where(cond, tf.ones([2, 2]))
    with pytest.raises(ValueError):
        tf.where(tf.constant([True, False, True]), tf.ones([2, 2]), tf.ones([2, 2]))
    assert run(tf.where_v2(tf.constant([True, False]), 1, tf.constant([[5, 6]]))).tolist() == [[1, 6]]


def test_one_hot_boolean_mask_and_unique():
    got = run([tf.one_hot([0, 3], 3, axis=0, dtype=tf.int32),
               tf.one_hot(tf.constant([1], tf.int64), 2, 1.0, -1.0)])
    assert got[0].tolist() == [[1, 0], [0, 0], [0, 0]] and got[1].tolist() == [[-1, 1]]
    with pytest.raises(TypeError, match="on_value"):
        tf.one_hot([0], 2, on_value=1.5, dtype=tf.int32)
    x = tf.constant([[1, 2], [3, 4]])
    assert run(tf.boolean_mask(x, [False, True], axis=1)).tolist() == [[2], [4]]
    with pytest.raises(ValueError, match="scalar"):
        tf.boolean_mask(x, True)
    u = tf.unique(tf.constant([5, 5, 2]), out_idx=tf.int64)
    assert u._fields == ("y", "idx") and u.idx.dtype == tf.int64
    y, idx = run(u)
    assert y.tolist() == [5, 2] and idx.tolist() == [0, 0, 1]
    with pytest.raises(ValueError):
        tf.unique(tf.zeros([2, 2]))


# ------------------------------------------------------------------ reshape and friends
def test_reshape_inference_and_errors():
    p = tf.placeholder(tf.float32, [None, 6])
    assert tf.reshape(p, [-1, 2, 3]).shape.as_list() == [None, 2, 3]
    assert tf.reshape(p, tf.stack([tf.shape(p)[0], 3, 2])).shape.as_list() == [None, 3, 2]
    assert tf.reshape(tf.zeros([1, 1]), []).shape.as_list() == []
    with pytest.raises(ValueError, match="Dimension size must be evenly divisible by 4 but is 6"):  # TF's words
        tf.reshape(tf.zeros([2, 3]), [4, -1])
    with pytest.raises(ValueError, match=r"Cannot reshape a tensor with 6 elements to shape \[4,2\] \(8 elements\)"):
        tf.reshape(tf.zeros([2, 3]), [4, 2])
    two_unknown = tf.reshape(tf.zeros([6]), [-1, -1])  # TF builds it, with unknown dims; the run fails
    assert two_unknown.shape.as_list() == [None, None]
    with pytest.raises(errors.InvalidArgumentError, match="Only one input size may be -1"):
        run(two_unknown)
    with pytest.raises(ValueError, match="Invalid value in tensor used for shape: -2"):
        tf.reshape(tf.zeros([6]), [-2, 3])
    with pytest.raises(errors.InvalidArgumentError, match="Input to reshape is a tensor with 6 values"):
        run(tf.reshape(p, [4, -1]), {p: np.zeros((1, 6))})


def test_shape_size_rank_are_consts_when_static():
    x = tf.zeros([2, 3])
    assert tf.shape(x).op.type == "Const" and tf.size(x).op.type == "Const" and tf.rank(x).op.type == "Const"
    p = tf.placeholder(tf.float32, [None, 3])
    assert tf.shape(p).op.type == "Shape" and tf.size(p).op.type == "Size"
    assert tf.shape(p, out_type=tf.int64).dtype == tf.int64
    assert run([tf.shape(p), tf.size(p), tf.rank(tf.placeholder(tf.float32))],
               {p: np.zeros((4, 3)), "Placeholder_1:0": np.zeros((1, 1, 1))})[1] == 12


def test_expand_dims_squeeze_transpose():
    x = tf.zeros([1, 2, 1])
    assert tf.squeeze(x).shape.as_list() == [2]
    assert tf.squeeze(x, axis=-1).shape.as_list() == [1, 2]
    assert tf.squeeze(tf.placeholder(tf.float32, [None, 2])).shape.ndims is None
    with pytest.raises(ValueError, match=r"Can not squeeze dim\[1\]"):
        tf.squeeze(x, [1])
    with pytest.raises(ValueError):
        tf.expand_dims(x, 5)
    with pytest.raises(ValueError, match="Must specify an axis"):
        tf.expand_dims(x)
    assert tf.expand_dims(x, -1).shape.as_list() == [1, 2, 1, 1]
    assert tf.transpose(tf.zeros([2, 3, 4]), [2, 0, 1]).shape.as_list() == [4, 2, 3]
    repeated = tf.transpose(tf.zeros([2, 3]), [0, 0])  # TF checks only the range while building
    assert repeated.shape.as_list() == [2, 2]
    with pytest.raises(errors.InvalidArgumentError, match=r"1 is missing from \{0,0\}"):
        run(repeated)
    with pytest.raises(ValueError, match="perm dim 2 is out of range"):
        tf.transpose(tf.zeros([2, 3]), [0, 2])
    assert run(tf.invert_permutation([2, 0, 1])).tolist() == [1, 2, 0]


# ------------------------------------------------------------------ joins and splits
def test_concat_stack_unstack_split():
    a = tf.constant([[1, 2]])
    assert tf.concat([a], 0).op.type == "Identity"
    assert run(tf.concat([a, [[3, 4]]], -1)).tolist() == [[1, 2, 3, 4]]
    with pytest.raises(ValueError):
        tf.concat([a, tf.constant([1, 2])], 0)
    with pytest.raises(ValueError):
        tf.concat([a, a], 2)
    with pytest.raises(ValueError, match="axis"):
        tf.stack([a, a], axis=3)
    assert run(tf.stack([1, tf.constant(2)])).tolist() == [1, 2]
    with pytest.raises(ValueError, match="Cannot infer argument `num`"):
        tf.unstack(tf.placeholder(tf.float32, [None]))
    parts = tf.split(tf.reshape(tf.range(10), [2, 5]), [2, -1], axis=1)
    assert [p.shape.as_list() for p in parts] == [[2, 2], [2, 3]]
    assert run(parts[1]).tolist() == [[2, 3, 4], [7, 8, 9]]
    with pytest.raises(ValueError, match="evenly divisible"):
        tf.split(tf.range(7), 2)


def test_one_way_split_and_unstack_give_the_array():
    x = tf.placeholder(tf.float32, [3, 1, 2])
    pieces = [tf.split(x, 1, axis=2)[0], tf.split(x, [2], axis=2)[0], tf.unstack(x, axis=1)[0]]
    value = np.arange(6, dtype=np.float32).reshape(3, 1, 2)
    with tf.Session() as sess:
        got = sess.run(pieces, {x: value})
    np.testing.assert_array_equal(got[0], value)
    np.testing.assert_array_equal(got[1], value)
    np.testing.assert_array_equal(got[2], value[:, 0])


def test_autopacking_of_lists_holding_tensors():
    n = tf.constant(3)
    shape = tf.zeros([2, 3]).shape
    t = tf.reshape(tf.range(6), [2, n])
    assert t.shape.as_list() == [2, 3] and shape.as_list() == [2, 3]
    assert run(tf.convert_to_tensor([[n, 1], [2, n]])).tolist() == [[3, 1], [2, 3]]
    with pytest.raises(TypeError):
        tf.convert_to_tensor([n, 1.5])


def test_autopacking_casts_tensors_to_a_requested_dtype():
    wide = tf.placeholder(tf.int64, [])
    packed = tf.convert_to_tensor([wide, 2], dtype=tf.int32)  # TF casts the int64 tensor (a Cast op)
    assert packed.dtype == tf.int32 and packed.op.inputs[0].op.type == "Cast"
    assert tf.zeros([2, wide]).shape.as_list() == [2, None]
    with tf.Session() as sess:
        assert sess.run(packed, {wide: 5}).tolist() == [5, 2]
        assert sess.run(tf.fill([wide, 2], True), {wide: 1}).tolist() == [[True, True]]
    with pytest.raises(TypeError):  # no dtype asked: the first tensor's dtype, and a different one is refused
        tf.convert_to_tensor([wide, tf.constant(1)])


# ------------------------------------------------------------------ tile, pad, reverse, broadcast
def test_tile_pad_reverse_broadcast():
    x = np.array([[1, 2, 3], [4, 5, 6]], np.int32)
    got = run([tf.tile(x, [1, 2]), tf.pad(x, [[1, 1], [2, 2]], "REFLECT"),
               tf.pad(x, [[1, 0], [3, 0]], "symmetric"), tf.reverse(x, [-1]), tf.broadcast_to([1, 2, 3], [2, 3])])
    np.testing.assert_array_equal(got[0], np.tile(x, [1, 2]))
    np.testing.assert_array_equal(got[1], np.pad(x, [[1, 1], [2, 2]], "reflect"))
    np.testing.assert_array_equal(got[2], np.pad(x, [[1, 0], [3, 0]], "symmetric"))
    np.testing.assert_array_equal(got[3], x[:, ::-1])
    assert got[4].tolist() == [[1, 2, 3]] * 2
    with pytest.raises(ValueError, match="mode"):
        tf.pad(x, [[0, 0], [0, 0]], "WRAP")
    with pytest.raises(errors.InvalidArgumentError):
        run(tf.pad(x, [[2, 0], [0, 0]], "REFLECT"))
    with pytest.raises(ValueError, match="more than once"):
        tf.reverse(x, [0, -2])
    assert tf.broadcast_static_shape(tf.TensorShape([None, 1]), tf.TensorShape([3])).as_list() == [None, 3]


def test_mirror_pad_gradient_folds_borders_back():
    x = tf.constant([[1.0, 2.0, 3.0]])
    for mode in ("REFLECT", "SYMMETRIC"):
        g = tf.gradients(tf.reduce_sum(tf.pad(x, [[0, 0], [2, 1]], mode)), x)[0]
        np_grad = np.zeros(3)
        idx = np.pad(np.arange(3), [(2, 1)], mode.lower())
        np.add.at(np_grad, idx, 1.0)
        assert run(g)[0].tolist() == np_grad.tolist()


# ------------------------------------------------------------------ creation ops
def test_range_linspace_and_like_ops():
    got = run([tf.range(5, 0, -2), tf.range(0.0, 1.0, 0.3), tf.range(3, dtype=tf.int64),
               tf.linspace(1.0, 2.0, 3), tf.zeros_like(tf.constant([1.5]), dtype=tf.int32), tf.ones_like([[1, 2]]),
               tf.sequence_mask([1, 3], 4), tf.setdiff1d([1, 2, 3, 4], [2, 4])])
    assert got[0].tolist() == [5, 3, 1] and got[1].dtype == np.float32 and len(got[1]) == 4
    assert got[2].dtype == np.int64 and got[3].tolist() == [1.0, 1.5, 2.0]
    assert got[4].dtype == np.int32 and got[5].tolist() == [[1, 1]]
    assert got[6].tolist() == [[True, False, False, False], [True, True, True, False]]
    assert got[7].out.tolist() == [1, 3] and got[7].idx.tolist() == [0, 2]
    with pytest.raises(ValueError, match="delta != 0"):
        tf.range(0, 5, 0)
    d = tf.placeholder(tf.int32, [])
    with pytest.raises(errors.InvalidArgumentError):
        run(tf.range(0, 5, d), {d: 0})


def test_zeros_and_ones_become_fill_when_large_or_dynamic():
    assert tf.zeros([10, 10]).op.type == "Const"
    big = tf.ones([100, 100], tf.int32)
    assert big.op.type == "Fill" and big.shape.as_list() == [100, 100]
    n = tf.placeholder(tf.int32, [])
    z = tf.zeros(tf.stack([n, 2]))
    assert z.shape.as_list() == [None, 2]
    assert run(z, {n: 3}).shape == (3, 2)
    assert run(tf.fill([2], True)).tolist() == [True, True]
    with pytest.raises(ValueError):
        tf.fill([2], [1, 2])
