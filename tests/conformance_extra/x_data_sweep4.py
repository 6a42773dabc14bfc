"""tf.data as TF1 programs list it, fourth sweep: the ops dataset sources and iterators put in the
graph (normalize_element components, the string handle every iterator makes), feedable and
reinitializable iterators switching through string handles."""
import numpy as np

from _harness import catch


def _listing(tf):
    return [(op.name, op.type) for op in tf.get_default_graph().get_operations()]


def case_x_data_sweep4_one_shot_iterator_listing(tf):
    dataset = tf.data.Dataset.from_tensor_slices(np.arange(4)).batch(3)
    iterator = dataset.make_one_shot_iterator()
    batch = iterator.get_next()
    handle = iterator.string_handle()
    return batch.name, batch.shape.as_list(), handle.name, _listing(tf)


def case_x_data_sweep4_nested_sources_component_names(tf):
    tf.data.Dataset.from_tensor_slices({"y": [1, 2], "x": [[1.0], [2.0]]})
    tf.data.Dataset.from_tensor_slices(([1, 2], ["a", "b"]))
    tf.data.Dataset.from_tensors((np.zeros([2, 2]), {"k": 3}))
    ph = tf.placeholder(tf.float32, [None, 2], name="features")
    tf.data.Dataset.from_tensor_slices((ph, [0, 1]))
    with tf.name_scope("input"):
        tf.data.Dataset.from_tensor_slices([1.0, 2.0]).repeat(2).batch(2).prefetch(1).take(3).skip(1)
    return _listing(tf), [(t.name, t.dtype.name) for op in tf.get_default_graph().get_operations()
                          if op.type == "Const" for t in op.outputs]


def case_x_data_sweep4_initializable_and_reinitializable_listing(tf):
    ph = tf.placeholder(tf.int64, [None], name="values")
    first = tf.data.Dataset.from_tensor_slices(ph).batch(2)
    iterator = first.make_initializable_iterator(shared_name="shared")
    batch = iterator.get_next(name="next_batch")
    reinit = tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([None]))
    init_a = reinit.make_initializer(first, name="init_first")
    init_b = reinit.make_initializer(tf.data.Dataset.range(5).batch(3))
    element = reinit.get_next()
    out = []
    with tf.Session() as sess:
        sess.run(iterator.initializer, {ph: [1, 2, 3]})
        out.append(sess.run(batch))
        for init, feed in ((init_a, {ph: [7, 8, 9]}), (init_b, None)):
            sess.run(init, feed)
            while True:
                try:
                    out.append(sess.run(element))
                except tf.errors.OutOfRangeError:
                    break
    return (_listing(tf), out, iterator.initializer.name, init_a.name, init_b.name, batch.name,
            [t.name for t in (iterator.string_handle(), reinit.string_handle())])


def case_x_data_sweep4_feedable_iterator_train_and_eval(tf):
    train = tf.data.Dataset.from_tensor_slices((np.arange(10, dtype=np.float32), np.arange(10) % 2)).batch(4).repeat()
    evaluate = tf.data.Dataset.from_tensor_slices((np.ones(3, np.float32), np.zeros(3, np.int64))).batch(2)
    handle = tf.placeholder(tf.string, shape=[])
    iterator = tf.data.Iterator.from_string_handle(handle, train.output_types, train.output_shapes)
    x, y = iterator.get_next()
    total = tf.reduce_sum(x) + tf.cast(tf.reduce_sum(y), tf.float32)
    train_it = train.make_one_shot_iterator()
    eval_it = evaluate.make_initializable_iterator()
    with tf.Session() as sess:
        train_handle, eval_handle = sess.run([train_it.string_handle(), eval_it.string_handle()])
        seen = [sess.run(total, {handle: train_handle}) for _ in range(2)]
        for _ in range(2):
            sess.run(eval_it.initializer)
            while True:
                try:
                    seen.append(sess.run(total, {handle: eval_handle}))
                except tf.errors.OutOfRangeError:
                    seen.append("end")
                    break
        seen.append(sess.run(total, {handle: train_handle}))
        wrong = catch(sess.run, total, {handle: b"garbage"})
        seen.append(sess.run(total, {handle: train_handle}))
    return seen, wrong, x.shape.as_list(), y.dtype.name, [op.type for op in tf.get_default_graph().get_operations()
                                                         if "Handle" in op.type]


def case_x_data_sweep4_initializer_for_other_structures(tf):
    first = tf.data.Dataset.from_tensor_slices({"x": [[1.0, 2.0]], "y": [1]})
    iterator = tf.data.Iterator.from_structure(tf.data.get_output_types(first), tf.data.get_output_shapes(first))
    return [catch(lambda: iterator.make_initializer(d).type) for d in (
        tf.data.Dataset.range(3), tf.data.Dataset.from_tensor_slices({"x": [[1, 2]], "y": [1]}),
        tf.data.Dataset.from_tensor_slices({"x": [[1.0, 2.0, 3.0]], "y": [1]}),
        tf.data.Dataset.from_tensor_slices({"x": [[1.0, 2.0]]}),
        tf.data.Dataset.from_tensor_slices(({"x": [[1.0, 2.0]]}, [1])),
        tf.data.Dataset.from_tensor_slices({"x": [[5.0, 6.0]], "y": [3]}))]
