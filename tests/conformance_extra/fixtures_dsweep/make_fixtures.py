"""Writes the GraphDefs the x_dsweep interop cases import, with TensorFlow 2.21 (run with its Python):

    /path/to/tf-venv/bin/python make_fixtures.py

padded_batch.pb: a padded_batch pipeline (padded shapes with -1, a fixed dim, a fed batch size, padding
values of each component's dtype) and its one-shot iterator's get_next as `tokens`, `lengths`, `words`."""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow.compat.v1 as tf  # noqa: E402

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))

with tf.Graph().as_default() as graph:
    size = tf.placeholder_with_default(tf.constant(2, tf.int64), [], name="size")
    ds = tf.data.Dataset.range(1, 6).map(lambda x: (tf.fill([x], x), x, tf.fill([2, x], tf.strings.as_string(x))))
    ds = ds.padded_batch(size, padded_shapes=([-1], [], [None, 6]),
                         padding_values=(tf.constant(-1, tf.int64), tf.constant(0, tf.int64), "pad"))
    tokens, lengths, words = tf.data.make_one_shot_iterator(ds).get_next()
    for tensor, name in ((tokens, "tokens"), (lengths, "lengths"), (words, "words")):
        tf.identity(tensor, name=name)
    with open(os.path.join(HERE, "padded_batch.pb"), "wb") as f:
        f.write(graph.as_graph_def().SerializeToString())
