"""Feedable and reinitializable iterators check what they are pointed at as TF does: a fed string handle
of an iterator with other dtypes, shapes or component counts fails the run with TF's InvalidArgumentError
text (and the session goes on), make_initializer's TypeErrors print dtypes and shapes as TF's reprs."""
import numpy as np

from _harness import catch, message_has


_TEXTS = ("Data type mismatch at component 0: expected int64 but got double.",
          "Incompatible shapes at component 0: expected [2] but got [3].",
          "Number of components does not match: expected 2 types but got 1.")


def _run_handle(tf, declared_types, declared_shapes, dataset):
    h = tf.placeholder(tf.string, [])
    feedable = tf.data.Iterator.from_string_handle(h, declared_types, declared_shapes)
    nxt = feedable.get_next()
    other = tf.data.make_one_shot_iterator(dataset)
    good = tf.data.make_one_shot_iterator(tf.data.Dataset.from_tensors(
        tf.nest.map_structure(lambda t, s: tf.zeros([d or 1 for d in s.as_list()], t), declared_types,
                              declared_shapes)))
    with tf.Session() as sess:
        fed = {h: sess.run(other.string_handle())}
        result = message_has(lambda: sess.run(nxt, fed), *_TEXTS)
        after = sess.run(nxt, {h: sess.run(good.string_handle())})
    return {"result": result, "after": tf.nest.map_structure(lambda a: np.asarray(a).tolist(), after)}


def case_x_dhandle_checks_dtype(tf):
    return _run_handle(tf, tf.int64, tf.TensorShape([]), tf.data.Dataset.range(3).map(lambda x: tf.cast(x, tf.float64)))


def case_x_dhandle_checks_shape(tf):
    return _run_handle(tf, tf.int64, tf.TensorShape([2]), tf.data.Dataset.range(5).batch(3))


def case_x_dhandle_checks_count(tf):
    return _run_handle(tf, (tf.int64, tf.int64), (tf.TensorShape([]), tf.TensorShape([])), tf.data.Dataset.range(3))


def case_x_dhandle_checks_compatible(tf):
    return _run_handle(tf, tf.int64, tf.TensorShape([None]), tf.data.Dataset.range(5).batch(2))


def case_x_dhandle_checks_make_initializer(tf):
    it = tf.data.Iterator.from_structure((tf.int64, tf.float32), (tf.TensorShape([]), tf.TensorShape([2])))
    good = tf.data.Dataset.from_tensors((np.int64(1), np.zeros(2, np.float32)))
    bad_type = tf.data.Dataset.from_tensors((np.int32(1), np.zeros(2, np.float32)))
    bad_shape = tf.data.Dataset.from_tensors((np.int64(1), np.zeros(3, np.float32)))
    return {"types": message_has(lambda: it.make_initializer(bad_type),
                                 "Expected output types (tf.int64, tf.float32) but got dataset with output types "
                                 "(tf.int32, tf.float32)."),
            "shapes": message_has(lambda: it.make_initializer(bad_shape),
                                  "Expected output shapes compatible with (TensorShape([]), TensorShape([Dimension(2)])) "
                                  "but got dataset with output shapes (TensorShape([]), TensorShape([Dimension(3)]))."),
            "nesting": catch(it.make_initializer, tf.data.Dataset.range(2)),
            "ok": it.make_initializer(good).type}
