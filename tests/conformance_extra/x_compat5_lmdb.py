"""tf.LMDBReader in TF 2.21: the reader builds (a string_ref handle of shape (2,)), running it raises
UnimplementedError (LMDB support removed), and the session goes on."""
from _harness import message_has


def case_x_compat5_lmdb_reader_removed(tf):
    reader = tf.LMDBReader(name="lmdb")
    queue = tf.FIFOQueue(2, tf.string)
    key, value = reader.read(queue)
    with tf.Session() as sess:
        sess.run(queue.enqueue(["/tmp/data.mdb"]))
        removed = message_has(lambda: sess.run([key, value]), "LMDB support is removed from TensorFlow")
        after = sess.run(queue.size())
    return {"handle": [reader.reader_ref.name, reader.reader_ref.dtype.name, str(reader.reader_ref.shape)],
            "type": reader.reader_ref.op.type, "serialize": reader.supports_serialize, "removed": removed,
            "queue_left": after}
