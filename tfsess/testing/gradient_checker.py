"""tf.test.compute_gradient / compute_gradient_error: symbolic against finite-difference Jacobians.

As TF's gradient_checker (v1): the theoretical Jacobian runs tf.gradients once per output element
with a one-hot `grad_ys`; the numeric one perturbs each input element by +-delta. Both are
(x_size, y_size) arrays (complex values count as two real ones). Runs in the default session.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.default_session import get_default_session
from tfsess.framework.indexed_slices import IndexedSlices
from tfsess.ops import array_ops, constant_op, gradients

_ALLOWED = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.complex64, dtypes.complex128)


def _product(shape):
    return int(np.prod(shape, dtype=np.int64)) if not isinstance(shape, int) else shape


def _feeds(extra, new):
    merged = dict(extra or {})
    merged.update(new)
    return merged


def _session():
    sess = get_default_session()
    if sess is None:
        raise ValueError("compute_gradient needs a default session: run it inside `with tf.Session():` "
                         "or a test's session")
    return sess


def _theoretical_jacobian(x, x_shape, x_data, dy, dy_shape, dx, extra_feed_dict):
    if x.dtype.is_complex:
        x_shape = tuple(x_shape) + (2,)
    dy_factor = 2 if dy.dtype.is_complex else 1
    x_size, x_val_size = _product(x_shape), _product(x_shape[1:])
    dy_size = _product(dy_shape) * dy_factor
    jacobian = np.zeros((x_size, dy_size), dtype=x.dtype.real_dtype.as_numpy_dtype)
    dy_data = np.zeros(dy_shape, dtype=dy.dtype.as_numpy_dtype)
    dy_flat = dy_data.ravel().view(dy.dtype.real_dtype.as_numpy_dtype)
    sess = _session()
    for col in range(dy_size):
        dy_flat[col] = 1
        if isinstance(dx, IndexedSlices):
            indices, values = sess.run([dx.indices, dx.values], feed_dict=_feeds(extra_feed_dict, {x: x_data,
                                                                                                  dy: dy_data}))
            for i, v in zip(indices, values):
                jacobian[i * x_val_size:(i + 1) * x_val_size, col] += v.flat
        else:
            backprop = sess.run(dx, feed_dict=_feeds(extra_feed_dict, {x: x_data, dy: dy_data}))
            jacobian[:, col] = np.asarray(backprop).ravel().view(jacobian.dtype)
        dy_flat[col] = 0
    if not dy_size:  # an empty y: the gradient must be zeros shaped like x
        backprop = np.asarray(sess.run(dx, feed_dict=_feeds(extra_feed_dict, {x: x_data, dy: dy_data})))
        if backprop.shape != x_data.shape:
            raise ValueError(f"Empty gradient has wrong shape: expected {x_data.shape}, got {backprop.shape}")
        if np.any(backprop):
            raise ValueError("Empty tensor with nonzero gradients")
    return jacobian


def _numeric_jacobian(x, x_shape, x_data, y, y_shape, delta, extra_feed_dict):
    x_size = _product(x_shape) * (2 if x.dtype.is_complex else 1)
    y_size = _product(y_shape) * (2 if y.dtype.is_complex else 1)
    x_dtype, y_dtype = x.dtype.real_dtype.as_numpy_dtype, y.dtype.real_dtype.as_numpy_dtype
    x_data = np.asarray(x_data, dtype=x.dtype.as_numpy_dtype)
    scale = np.asarray(2 * delta, dtype=y_dtype)[()]
    jacobian = np.zeros((x_size, y_size), dtype=x_dtype)
    sess = _session()
    for row in range(x_size):
        x_pos, x_neg = x_data.copy(), x_data.copy()
        x_pos.ravel().view(x_dtype)[row] += delta
        y_pos = np.asarray(sess.run(y, feed_dict=_feeds(extra_feed_dict, {x: x_pos})))
        x_neg.ravel().view(x_dtype)[row] -= delta
        y_neg = np.asarray(sess.run(y, feed_dict=_feeds(extra_feed_dict, {x: x_neg})))
        jacobian[row, :] = ((y_pos - y_neg) / scale).ravel().view(y_dtype)
    return jacobian


def _dx_and_dy(x, y, y_shape):
    with x.graph.as_default():
        dy_orig = constant_op.constant(1.0, shape=y_shape, dtype=y.dtype)
        dy = array_ops.identity(dy_orig)
    grads = gradients.gradients(y, x, dy)
    if grads[0] is None:
        raise ValueError(f"No gradient from {y.name} to {x.name}: y does not depend on x")
    return grads[0], dy_orig


def _check_dtype(t, what):
    if t.dtype.base_dtype not in _ALLOWED:
        raise TypeError(f"Don't support type {t.dtype.base_dtype.name} for {what}")


def _one(x, x_shape, dx, y, y_shape, dy, x_init_value, delta, extra_feed_dict):
    t = x.dtype.base_dtype
    if x_init_value is not None:
        x_data = np.asarray(x_init_value)
        if list(x_shape) != list(x_data.shape):
            raise ValueError(f"x_shape = {list(x_shape)}, init_data shape = {list(x_data.shape)}")
    else:
        x_data = np.random.random_sample(x_shape).astype(t.as_numpy_dtype)
        if t.is_complex:
            x_data.imag = np.random.random_sample(x_shape)
    jacob_t = _theoretical_jacobian(x, x_shape, x_data, dy, y_shape, dx, extra_feed_dict)
    jacob_n = _numeric_jacobian(x, x_shape, x_data, y, y_shape, delta, extra_feed_dict)
    return jacob_t, jacob_n


def compute_gradient(x, x_shape, y, y_shape, x_init_value=None, delta=1e-3, init_targets=None,
                     extra_feed_dict=None):
    """The theoretical and numeric Jacobians of y with respect to x (a list of pairs when x is a list).

    Each Jacobian has one row per element of x and one column per element of y.
    """
    for target in init_targets or ():
        _session().run(target)
    if isinstance(x, (list, tuple)):
        inits = x_init_value if x_init_value is not None else [None] * len(x)
        for xi in x:
            _check_dtype(xi, "x")
        _check_dtype(y, "y")
        out = []
        for xi, shape, init in zip(x, x_shape, inits):
            dx, dy = _dx_and_dy(xi, y, y_shape)
            out.append(_one(xi, shape, dx, y, y_shape, dy, init, delta, extra_feed_dict))
        return out
    _check_dtype(x, "x")
    _check_dtype(y, "y")
    dx, dy = _dx_and_dy(x, y, y_shape)
    return _one(x, x_shape, dx, y, y_shape, dy, x_init_value, delta, extra_feed_dict)


def compute_gradient_error(x, x_shape, y, y_shape, x_init_value=None, delta=1e-3, init_targets=None,
                           extra_feed_dict=None):
    """The largest absolute difference between the theoretical and numeric Jacobians of y with respect to x."""
    grad = compute_gradient(x, x_shape, y, y_shape, x_init_value, delta, init_targets, extra_feed_dict)
    pairs = [grad] if isinstance(grad, tuple) else grad
    error = 0
    for jacob_t, jacob_n in pairs:
        if jacob_t.size or jacob_n.size:
            error = np.maximum(error, np.fabs(jacob_t - jacob_n).max())
    return error


__all__ = ["compute_gradient", "compute_gradient_error"]
