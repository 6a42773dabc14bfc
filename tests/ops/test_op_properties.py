"""Property tests: elementwise, broadcasting, reduction and slicing ops agree with NumPy on random
shapes and dtypes, and every result's static shape is compatible with the shape of its value.

Shapes are fed through placeholders with some dimensions left unknown, so partial shape
inference is exercised too.
"""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tfsess as tf

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FLOATS = [np.float32, np.float64]
INTS = [np.int32, np.int64]


def _run(build, *arrays, hide=None):
    """Builds `build(*placeholders)` in a fresh graph, feeding `arrays`; returns (tensor, value).

    `hide` picks, per input, which dims the placeholder leaves unknown (all known when None).
    """
    with tf.Graph().as_default():
        holders = []
        for i, a in enumerate(arrays):
            dims = list(a.shape)
            if hide is not None:
                dims = [None if hide[i] >> k & 1 else d for k, d in enumerate(dims)]
            holders.append(tf.placeholder(tf.as_dtype(a.dtype), dims))
        out = build(*holders)
        value = tf.Session().run(out, dict(zip(holders, arrays)))
    assert out.shape.is_compatible_with(np.shape(value)), (out.shape, np.shape(value))
    return out, value


def _values(dtype, shape, lo=-10, hi=10):
    if np.dtype(dtype).kind == "f":
        return hnp.arrays(dtype, shape, elements=st.floats(lo, hi, width=32).map(lambda v: round(v, 3)))
    return hnp.arrays(dtype, shape, elements=st.integers(lo, hi))


# ------------------------------------------------------------------ elementwise unary
UNARY = {
    "negative": (tf.negative, np.negative, FLOATS + INTS, None),
    "abs": (tf.abs, np.abs, FLOATS + INTS, None),
    "sign": (tf.sign, np.sign, FLOATS + INTS, None),
    "square": (tf.square, np.square, FLOATS + INTS, None),
    "sqrt": (tf.sqrt, np.sqrt, FLOATS, (0, 10)),
    "rsqrt": (tf.rsqrt, lambda x: 1 / np.sqrt(x), FLOATS, (0.5, 10)),
    "exp": (tf.exp, np.exp, FLOATS, (-5, 5)),
    "log": (tf.log, np.log, FLOATS, (0.5, 10)),
    "log1p": (tf.log1p, np.log1p, FLOATS, (0, 10)),
    "sin": (tf.sin, np.sin, FLOATS, None),
    "cos": (tf.cos, np.cos, FLOATS, None),
    "tanh": (tf.tanh, np.tanh, FLOATS, None),
    "sigmoid": (tf.sigmoid, lambda x: 1 / (1 + np.exp(-x)), FLOATS, None),
    "floor": (tf.floor, np.floor, FLOATS, None),
    "logical_not": (tf.logical_not, np.logical_not, [np.bool_], None),
}


@SETTINGS
@given(name=st.sampled_from(sorted(UNARY)), data=st.data())
def test_unary_matches_numpy(name, data):
    tf_fn, np_fn, types, domain = UNARY[name]
    dtype = data.draw(st.sampled_from(types))
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=3, max_side=4))
    if dtype is np.bool_:
        x = data.draw(hnp.arrays(np.bool_, shape))
    else:
        x = data.draw(_values(dtype, shape, *(domain or (-10, 10))))
    hide = [data.draw(st.integers(0, 7))]
    out, value = _run(tf_fn, x, hide=hide)
    expected = np_fn(x)
    assert value.dtype == expected.astype(dtype).dtype
    np.testing.assert_allclose(value, expected.astype(dtype), rtol=1e-5, atol=1e-6)


# ------------------------------------------------------------------ broadcasting binary
BINARY = {
    "add": (lambda a, b: a + b, np.add, FLOATS + INTS),
    "subtract": (tf.subtract, np.subtract, FLOATS + INTS),
    "multiply": (tf.multiply, np.multiply, FLOATS + INTS),
    "maximum": (tf.maximum, np.maximum, FLOATS + INTS),
    "minimum": (tf.minimum, np.minimum, FLOATS + INTS),
    "squared_difference": (tf.squared_difference, lambda a, b: (a - b) ** 2, FLOATS + INTS),
    "less": (tf.less, np.less, FLOATS + INTS),
    "greater_equal": (lambda a, b: a >= b, np.greater_equal, FLOATS + INTS),
    "equal": (tf.equal, np.equal, FLOATS + INTS),
    "not_equal": (tf.not_equal, np.not_equal, FLOATS + INTS),
    "floordiv": (lambda a, b: a // b, np.floor_divide, FLOATS + INTS),
    "floormod": (lambda a, b: a % b, np.mod, FLOATS + INTS),
    "truediv": (lambda a, b: a / b, None, FLOATS + INTS),
}


@SETTINGS
@given(name=st.sampled_from(sorted(BINARY)), data=st.data())
def test_broadcasting_binary_matches_numpy(name, data):
    tf_fn, np_fn, types = BINARY[name]
    dtype = data.draw(st.sampled_from(types))
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=4))
    x = data.draw(_values(dtype, shapes.input_shapes[0]))
    y = data.draw(_values(dtype, shapes.input_shapes[1], 1, 9))  # nonzero divisors
    hide = [data.draw(st.integers(0, 7)), data.draw(st.integers(0, 7))]
    out, value = _run(tf_fn, x, y, hide=hide)
    if name == "truediv":
        target = np.float64 if dtype in INTS else dtype
        expected = (x.astype(target) / y.astype(target)).astype(target)
    else:
        expected = np_fn(x, y)
        if expected.dtype != np.bool_:
            expected = expected.astype(dtype)
    assert value.shape == expected.shape
    assert value.dtype == expected.dtype
    np.testing.assert_allclose(value, expected, rtol=1e-5, atol=1e-5)
    if hide == [0, 0]:
        assert out.shape.as_list() == list(expected.shape)


# ------------------------------------------------------------------ reductions
REDUCTIONS = {
    "reduce_sum": (tf.reduce_sum, np.sum, FLOATS + INTS),
    "reduce_prod": (tf.reduce_prod, np.prod, FLOATS + INTS),
    "reduce_max": (tf.reduce_max, np.max, FLOATS + INTS),
    "reduce_min": (tf.reduce_min, np.min, FLOATS + INTS),
    "reduce_mean": (tf.reduce_mean, np.mean, FLOATS),
    "reduce_any": (tf.reduce_any, np.any, [np.bool_]),
    "reduce_all": (tf.reduce_all, np.all, [np.bool_]),
}


@SETTINGS
@given(name=st.sampled_from(sorted(REDUCTIONS)), data=st.data())
def test_reductions_match_numpy(name, data):
    tf_fn, np_fn, types = REDUCTIONS[name]
    dtype = data.draw(st.sampled_from(types))
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4))
    x = data.draw(hnp.arrays(np.bool_, shape) if dtype is np.bool_ else _values(dtype, shape, -3, 3))
    rank = len(shape)
    axes = data.draw(st.none() | st.lists(st.integers(-rank, rank - 1), min_size=1, max_size=rank,
                                          unique_by=lambda a: a % rank))
    keepdims = data.draw(st.booleans())
    hide = [data.draw(st.integers(0, 7))]
    out, value = _run(lambda t: tf_fn(t, axis=axes, keepdims=keepdims), x, hide=hide)
    expected = np.asarray(np_fn(x, axis=None if axes is None else tuple(axes), keepdims=keepdims))
    if dtype is not np.bool_:
        expected = expected.astype(dtype)
    assert value.shape == expected.shape
    np.testing.assert_allclose(value, expected, rtol=1e-5, atol=1e-5)
    if axes is not None and hide == [0]:
        assert out.shape.as_list() == list(expected.shape)


# ------------------------------------------------------------------ slicing
def _index_strategy(rank):
    """A NumPy basic index: ints, slices with steps, Ellipsis and None, valid for some shape."""
    entry = st.one_of(
        st.integers(-2, 1),
        st.builds(slice, st.none() | st.integers(-5, 5), st.none() | st.integers(-5, 5),
                  st.none() | st.sampled_from([-2, -1, 1, 2, 3])),
        st.just(None),
    )
    return st.lists(entry, max_size=rank + 1).flatmap(
        lambda items: st.integers(0, len(items)).map(
            lambda pos: tuple(items[:pos]) + (Ellipsis,) + tuple(items[pos:])) | st.just(tuple(items)))


@SETTINGS
@given(data=st.data())
def test_getitem_matches_numpy(data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=2, max_side=4))
    x = np.arange(int(np.prod(shape)), dtype=np.int32).reshape(shape)
    index = data.draw(_index_strategy(len(shape)))
    ints = sum(1 for i in index if isinstance(i, int))
    slices = sum(1 for i in index if isinstance(i, slice))
    if ints + slices > len(shape):
        return
    try:
        expected = x[index]
    except IndexError:
        return
    hide = [data.draw(st.integers(0, 7))]
    out, value = _run(lambda t: t[index], x, hide=hide)
    np.testing.assert_array_equal(value, expected)
    if hide == [0]:
        assert out.shape.as_list() == list(np.shape(expected))


# ------------------------------------------------------------------ shape ops: static shape vs value
SHAPE_OPS = {
    "transpose": lambda t: tf.transpose(t),
    "reshape_flat": lambda t: tf.reshape(t, [-1]),
    "expand_last": lambda t: tf.expand_dims(t, -1),
    "concat_self": lambda t: tf.concat([t, t], 0),
    "stack_self": lambda t: tf.stack([t, t], axis=1),
    "tile_2": lambda t: tf.tile(t, [2] + [1] * (t.shape.ndims - 1)),
    "pad_1": lambda t: tf.pad(t, [[1, 0]] + [[0, 1]] * (t.shape.ndims - 1)),
    "reverse_0": lambda t: tf.reverse(t, [0]),
    "gather_rows": lambda t: tf.gather(t, [0, 0]),
    "cumsum_0": lambda t: tf.cumsum(t, 0),
    "argmax_0": lambda t: tf.argmax(t, 0),
    "squeeze": lambda t: tf.squeeze(tf.expand_dims(t, 0), [0]),
    "slice_from_1": lambda t: tf.slice(t, [1] + [0] * (t.shape.ndims - 1), [-1] * t.shape.ndims),
    "where_select": lambda t: tf.where(t > 0, t, -t),
    "one_hot": lambda t: tf.one_hot(tf.cast(t, tf.int32) % 3, 3),
}
NP_SHAPE_OPS = {
    "transpose": lambda a: a.T,
    "reshape_flat": lambda a: a.reshape(-1),
    "expand_last": lambda a: a[..., None],
    "concat_self": lambda a: np.concatenate([a, a], 0),
    "stack_self": lambda a: np.stack([a, a], axis=1),
    "tile_2": lambda a: np.tile(a, [2] + [1] * (a.ndim - 1)),
    "pad_1": lambda a: np.pad(a, [(1, 0)] + [(0, 1)] * (a.ndim - 1)),
    "reverse_0": lambda a: a[::-1],
    "gather_rows": lambda a: a[[0, 0]],
    "cumsum_0": lambda a: np.cumsum(a, 0, dtype=a.dtype),
    "argmax_0": lambda a: np.argmax(a, 0),
    "squeeze": lambda a: a,
    "slice_from_1": lambda a: a[1:],
    "where_select": lambda a: np.where(a > 0, a, -a),
    "one_hot": lambda a: np.eye(3, dtype=np.float32)[a.astype(np.int32) % 3],
}


@SETTINGS
@given(name=st.sampled_from(sorted(SHAPE_OPS)), data=st.data())
def test_shape_ops_static_shape_and_values(name, data):
    dtype = data.draw(st.sampled_from(FLOATS + INTS))
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=2, max_side=4))
    x = data.draw(_values(dtype, shape, 0, 5))
    hide = [data.draw(st.integers(0, 7))]
    out, value = _run(SHAPE_OPS[name], x, hide=hide)
    np.testing.assert_allclose(value, NP_SHAPE_OPS[name](x), rtol=1e-6)
    if hide == [0] and name != "gather_rows":
        assert out.shape.as_list() == list(value.shape)


def test_partially_known_dims_propagate():
    p = tf.placeholder(tf.float32, [None, 3])
    assert (p + tf.ones([3])).shape.as_list() == [None, 3]
    assert tf.matmul(p, tf.ones([3, 5])).shape.as_list() == [None, 5]
    assert tf.reduce_sum(p, 0).shape.as_list() == [3]
    assert tf.reshape(p, [-1, 1, 3]).shape.as_list() == [None, 1, 3]
    assert tf.concat([p, p], 1).shape.as_list() == [None, 6]
    assert p[:, 1:].shape.as_list() == [None, 2]


@pytest.mark.parametrize("dtype", [tf.float16, tf.float32, tf.float64])
def test_float_dtype_is_kept(dtype):
    x = tf.constant([0.25, 4.0], dtype)
    with tf.Session() as sess:
        for t in (tf.sqrt(x), tf.exp(x), x * 2, tf.reduce_mean(x), tf.sigmoid(x), tf.cumsum(x)):
            assert t.dtype == dtype
            assert sess.run(t).dtype == dtype.as_numpy_dtype
