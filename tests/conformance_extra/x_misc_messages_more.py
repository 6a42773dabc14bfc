"""Error messages of the newer areas: the class and the words a user reads (layers, metrics, image,
tf.data, summaries, checkpoints, import_graph_def), and that the session stays usable after a failed run."""
import os
import tempfile

import numpy as np

from _harness import message_has


def case_x_msg_layers(tf):
    x = tf.ones([1, 4, 4, 2])
    return {
        "padding": message_has(lambda: tf.layers.conv2d(x, 2, 3, padding="full"), "padding", "full"),
        "rank": message_has(lambda: tf.layers.conv2d(tf.ones([4, 4, 2]), 2, 3), "ndim=4", "found ndim=3"),
        "dense_unknown_last": message_has(lambda: tf.layers.dense(tf.placeholder(tf.float32, [None, None]), 2),
                                          "last dimension", "Dense"),
        "dense_int": message_has(lambda: tf.layers.dense(tf.ones([2, 2], tf.int32), 2), "floating", "int32"),
        "reuse_missing": message_has(lambda: tf.layers.dense(tf.ones([1, 2]), 2, name="nothere", reuse=True),
                                     "nothere/kernel", "does not exist"),
    }


def case_x_msg_metrics_and_image(tf):
    return {
        "auc_curve": message_has(lambda: tf.metrics.auc(tf.constant([True]), tf.constant([0.5]), curve="XYZ"),
                                 "XYZ"),
        "shape": message_has(lambda: tf.metrics.accuracy(tf.constant([1, 2]), tf.constant([1, 2, 3])),
                             "(2,)", "(3,)"),
        "crop_box": message_has(lambda: tf.image.crop_to_bounding_box(tf.ones([5, 6, 3]), 4, 0, 3, 2),
                                "height must be >= target + offset"),
        "central": message_has(lambda: tf.image.central_crop(tf.ones([5, 6, 3]), 1.5), "central_fraction"),
        "flip_rank": message_has(lambda: tf.image.flip_left_right(tf.ones([2, 2])), "must be at least three-dimensional"),
        "resize_size": message_has(lambda: tf.image.resize_images(tf.ones([1, 2, 2, 1]), [2]), "size", "2"),
    }


def case_x_msg_data(tf):
    sess = tf.Session()

    def run(ds):
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
        return sess.run(nxt)

    return {
        "batch_zero": message_has(lambda: run(tf.data.Dataset.range(3).batch(0)), "Batch size must be greater than zero"),
        "slices_mismatch": message_has(lambda: tf.data.Dataset.from_tensor_slices((np.zeros(2), np.zeros(3))),
                                       "Dimension", "2", "3"),
        "filter_pred": message_has(lambda: tf.data.Dataset.range(3).filter(lambda x: x), "predicate", "bool"),
        "gen_shape": message_has(lambda: run(tf.data.Dataset.from_generator(lambda: iter([[1, 2, 3]]), tf.int32,
                                                                          tf.TensorShape([2]))),
                                 "generator", "shape"),
        "end": message_has(lambda: [run(tf.data.Dataset.range(0))], "End of sequence"),
        "uninit": message_has(lambda: sess.run(tf.data.make_initializable_iterator(tf.data.Dataset.range(2)).get_next()),
                              "GetNext() failed because the iterator has not been initialized"),
        "usable": sess.run(tf.constant(1)),
    }


def case_x_msg_checkpoints_and_import(tf):
    d = tempfile.mkdtemp()
    v = tf.Variable(1.0, name="v")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out = {
        "restore_missing_file": message_has(lambda: tf.train.Saver().restore(sess, os.path.join(d, "none")),
                                            "checkpoint"),
        "reader_missing": message_has(lambda: tf.train.NewCheckpointReader(os.path.join(d, "none")),
                                      "Unsuccessful TensorSliceReader constructor"),
        "import_return": message_has(lambda: tf.import_graph_def(tf.GraphDef(), return_elements=["zz:0"]),
                                     "zz:0"),
        "import_input_map": message_has(lambda: tf.import_graph_def(tf.GraphDef(), input_map={"q:0": v}),
                                        "q:0", "not found"),
        "usable": sess.run(v),
    }
    os.rmdir(d)
    return out


def case_x_msg_summary_and_tensor_array(tf):
    sess = tf.Session()
    ta = tf.TensorArray(tf.float32, size=1, name="arr")
    return {
        "scalar_shape": message_has(lambda: sess.run(tf.summary.scalar("vec", tf.constant([1.0, 2.0]))),
                                    "tags and values", "shape"),
        "image_channels": message_has(lambda: tf.summary.image("x", tf.zeros([1, 2, 2, 2])), "channels", "2"),
        "ta_out_of_range": message_has(lambda: sess.run(ta.write(3, 1.0).flow), "arr", "index 3", "size"),
        "usable": sess.run(tf.constant(2)),
    }
