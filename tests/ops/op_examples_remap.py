"""Op examples: vocabulary remapping of checkpointed matrices (GenerateVocabRemapping, LoadAndRemapMatrix)."""
import os

import numpy as np

from op_examples import Built, builder, op

EXAMPLES = {}


def _files(tf, tmp):
    """Old vocab a..d, new vocab c, x, a, y, b, and a checkpoint holding emb = 0..11 as [4, 3]."""
    old, new = os.path.join(tmp, "old.txt"), os.path.join(tmp, "new.txt")
    with open(old, "w") as f:
        f.write("a\nb\nc\nd\n")
    with open(new, "w") as f:
        f.write("c\nx\na\ny\nb\n")
    prefix = os.path.join(tmp, "ckpt")
    with tf.Graph().as_default():
        v = tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3), name="emb")
        with tf.Session() as sess:
            sess.run(v.initializer)
            tf.train.Saver().save(sess, prefix, write_meta_graph=False)
    return old, new, prefix


def _remapping(tf, tmp):
    old, new, _ = _files(tf, tmp)
    remap = op("GenerateVocabRemapping", [tf.constant(new), tf.constant(old)],
               {"new_vocab_offset": 0, "num_new_vocab": 5, "old_vocab_size": -1})
    return Built(fetch=list(remap.outputs))


def _load(tf, tmp):
    old, new, prefix = _files(tf, tmp)
    rows = tf.constant(np.array([2, -1, 0, -1, 1], np.int64))
    matrix = op("LoadAndRemapMatrix", [tf.constant(prefix), tf.constant("emb"), rows,
                                       tf.constant(np.zeros([0], np.int64)), tf.constant(np.zeros(6, np.float32))],
                {"num_rows": 5, "num_cols": 3, "max_rows_in_memory": -1})
    return Built(fetch=[matrix.outputs[0]])


EXAMPLES["GenerateVocabRemapping"] = builder(_remapping)
EXAMPLES["LoadAndRemapMatrix"] = builder(_load)
