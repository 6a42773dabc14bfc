"""Helpers shared by the extra case files: ``from _casekit import wave, drain``.

The runner puts this folder on sys.path and skips files whose name starts with "_", so this module
is importable from every case (under TensorFlow when recording, under tfsess when checking) and is
never collected as cases itself. Everything here must run unchanged on both.
"""
import os
import shutil
import tempfile

import numpy as np


def wave(shape, scale=0.5, phase=0.0, step=0.9):
    """Deterministic float32 values of `shape`: scale * sin(step * k + phase) for k = 1, 2, ..."""
    n = int(np.prod(shape)) if shape else 1
    return (np.sin(np.arange(1, n + 1) * step + phase) * scale).reshape(shape).astype(np.float32)


def variable_names(variables, with_dtypes=False):
    """[(name, shape)] of `variables`, in their order ([(name, shape, dtype name)] `with_dtypes`)."""
    if with_dtypes:
        return [(v.name, v.shape.as_list(), v.dtype.base_dtype.name) for v in variables]
    return [(v.name, v.shape.as_list()) for v in variables]


def initialized_session(tf):
    """A new session of the default graph with its global variables initialized."""
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return sess


def session_with_values(tf, variables, values):
    """An initialized session in which variable i of `variables` holds values(shape, phase=i).

    Fixed weights make cells and layers comparable with TF whatever their initializers draw."""
    sess = initialized_session(tf)
    for i, v in enumerate(variables):
        sess.run(v.assign(values(v.shape.as_list(), phase=float(i)).astype(v.dtype.base_dtype.as_numpy_dtype)))
    return sess


def drain(tf, dataset, limit=100):
    """Up to `limit` elements of `dataset`, fetched one by one through a one-shot iterator."""
    nxt = tf.data.make_one_shot_iterator(dataset).get_next()
    with tf.Session() as sess:
        return drain_next(tf, sess, nxt, limit)


def in_tmp(fn):
    """fn(directory) run in a fresh temporary directory, removed afterwards."""
    d = tempfile.mkdtemp()
    try:
        return fn(d)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def drain_next(tf, sess, nxt, limit=100, errors_too=False):
    """Up to `limit` values of the get_next tensor(s) `nxt`, run one by one in `sess` until the end; with
    `errors_too` another OpError ends them too, with {"error": its class name} last."""
    out = []
    for _ in range(limit):
        try:
            out.append(sess.run(nxt))
        except tf.errors.OutOfRangeError:
            break
        except tf.errors.OpError as exc:
            if not errors_too:
                raise
            out.append({"error": type(exc).__name__})
            break
    return out


def drain_or_error(tf, dataset, limit=100):
    """drain(tf, dataset), but an OpError other than the end stops it with {"error": its class name} last."""
    nxt = tf.data.make_one_shot_iterator(dataset).get_next()
    with tf.Session() as sess:
        return drain_next(tf, sess, nxt, limit, errors_too=True)


def fixed(shape, scale=0.3, phase=0.0, dtype=np.float32):
    """Deterministic values of `shape` in `dtype`: scale * sin(0.7 * k + phase) for k = 1, 2, ...

    Cast straight from float64, so a float64 request keeps every digit (wave goes through float32)."""
    n = int(np.prod(shape)) if shape else 1
    return (np.sin(np.arange(1, n + 1) * 0.7 + phase) * scale).reshape(shape).astype(dtype)


def load_fixed(tf, sess):
    """Assign fixed(shape, phase=i) in each variable's own dtype to trainable variable i."""
    for i, v in enumerate(tf.trainable_variables()):
        dtype = v.dtype.base_dtype.as_numpy_dtype
        sess.run(v.assign(fixed(v.shape.as_list(), phase=float(i), dtype=dtype)))


def write_file(directory, name, data):
    """`data` (bytes) written to directory/name; the path."""
    path = os.path.join(directory, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def closed_queue_of(tf, sess, paths):
    """A closed FIFOQueue of the string `paths` (a reader's work queue), filled in `sess`."""
    q = tf.FIFOQueue(10, tf.string, shapes=[[]])
    sess.run(q.enqueue_many([paths]))
    sess.run(q.close())
    return q


def fixed_session(tf):
    """A new session of the default graph, its global variables initialized, then given load_fixed's values."""
    sess = initialized_session(tf)
    load_fixed(tf, sess)
    return sess
