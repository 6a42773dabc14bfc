"""tf.linalg.diag / diag_part / set_diag on diagonals other than the main one: single diagonals and bands
k=(k0, k1), the four alignments, padding, inferred and given num_rows/num_cols, static shapes, gradients and
TF's errors."""
import numpy as np

from _harness import catch

_RNG = np.random.RandomState(7)
_X = _RNG.randint(1, 9, size=(2, 3, 5)).astype(np.float32)
_TALL = _RNG.randn(4, 3)


def case_x_ops_matrix_band_diag_part_each_alignment(tf):
    x = tf.constant(_X)
    return tf.Session().run({a: tf.linalg.diag_part(x, k=(-1, 2), padding_value=-1, align=a)
                             for a in ["RIGHT_LEFT", "LEFT_RIGHT", "LEFT_LEFT", "RIGHT_RIGHT"]})


def case_x_ops_matrix_band_single_off_diagonals(tf):
    x = tf.constant(_X)
    parts = [tf.linalg.diag_part(x, k=k) for k in (1, -1, 3, -2)]
    return tf.Session().run(parts + [tf.linalg.diag(p, k=k) for p, k in zip(parts, (1, -1, 3, -2))])


def case_x_ops_matrix_band_diag_from_band(tf):
    d = tf.constant(_RNG.randint(1, 9, size=(2, 3, 3)).astype(np.float64))
    return tf.Session().run([tf.linalg.diag(d, k=(-1, 1)), tf.linalg.diag(d, k=(0, 2), padding_value=9),
                             tf.linalg.diag(d, k=(0, 2), num_rows=3), tf.linalg.diag(d, k=(-2, 0), num_cols=3),
                             tf.linalg.diag(d, k=(-1, 1), num_rows=4, num_cols=3, align="LEFT_RIGHT")])


def case_x_ops_matrix_band_set_diag(tf):
    x = tf.constant(_X)
    band = tf.linalg.diag_part(x, k=(0, 1), align="LEFT_LEFT") * 10
    return tf.Session().run([tf.linalg.set_diag(x, band, k=(0, 1), align="LEFT_LEFT"),
                             tf.linalg.set_diag(x, tf.ones([2, 3]) * -1, k=-0),
                             tf.linalg.set_diag(x, tf.zeros([2, 2]), k=-1)])


def case_x_ops_matrix_band_static_shapes(tf):
    p = tf.placeholder(tf.float32, [2, 3, 4])
    k = tf.placeholder(tf.int32)
    return [str(t.shape) for t in [tf.linalg.diag_part(p, k=(-1, 1)), tf.linalg.diag_part(p, k=2),
                                   tf.linalg.diag(p, k=(-1, 1)), tf.linalg.diag(p, k=2),
                                   tf.linalg.diag(p, k=(0, 2), num_rows=5), tf.linalg.diag_part(p, k=k),
                                   tf.linalg.set_diag(p, tf.zeros([2, 2, 3]), k=(1, 2))]]


def case_x_ops_matrix_band_gradients(tf):
    a = tf.constant(_TALL)
    d = tf.constant(_RNG.randn(2, 3))
    w = tf.constant(_RNG.randn(2, 3))
    ys = [tf.reduce_sum(tf.linalg.diag_part(a, k=(-1, 0), padding_value=5.0) * w),
          tf.reduce_sum(tf.linalg.diag(d, k=(1, 2)) ** 2),
          tf.reduce_sum(tf.linalg.set_diag(a, d, k=(-1, 0), align="LEFT_LEFT") * tf.reshape(tf.range(12.0,
                                                                                              dtype=tf.float64), [4, 3]))]
    return tf.Session().run([tf.gradients(ys[0], a), tf.gradients(ys[1], d), tf.gradients(ys[2], [a, d])])


def case_x_ops_matrix_band_errors(tf):
    x = np.ones((3, 4), np.float32)
    k = tf.placeholder(tf.int32)
    sess = tf.Session()
    out = []
    for build in (lambda: tf.linalg.diag_part(x, k=k), lambda: tf.linalg.diag(np.ones((2, 3), np.float32), k=k),
                  lambda: tf.linalg.set_diag(x, np.ones((2, 3), np.float32), k=k)):
        t = build()
        out.append([catch(lambda: sess.run(t, {k: v})) for v in ([2, 1], [-3, 0], [0, 4], [1, 2, 3])])
    out.append(catch(lambda: tf.linalg.diag(np.ones((2, 3), np.float32), k=(0, 1), num_rows=7, num_cols=9)))
    out.append(catch(lambda: tf.linalg.diag_part(x, k=(0, 1), align="FOO")))
    out.append(catch(lambda: sess.run(tf.linalg.set_diag(x, np.ones((5,), np.float32)))))
    return out
