"""More Saver behaviour after TF's saver_test.py: defer_build, pad_step_number, Saver.export_meta_graph,
a text meta graph read back, restoring a sharded checkpoint of a partitioned variable into another
partitioning, and save/restore ops named as TF names them."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch


def case_x_isweep_defer_build_and_pad_step(tf):
    d = tempfile.mkdtemp()
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver(defer_build=True, pad_step_number=True)
    sess = tf.Session()
    sess.run(v.initializer)
    before = catch(saver.save, sess, os.path.join(d, "m"))
    saver.build()
    saver.build()
    path = saver.save(sess, os.path.join(d, "m"), global_step=7)
    out = {"before": before, "path": os.path.basename(path), "files": sorted(os.listdir(d))}
    shutil.rmtree(d)
    return out


def case_x_isweep_saver_export_meta_graph_text(tf):
    d = tempfile.mkdtemp()
    with tf.Graph().as_default():
        v = tf.Variable([1.0, 2.0], name="v")
        tf.add_to_collection("keep", v)
        tf.add_to_collection("drop", tf.constant(1, name="c"))
        saver = tf.train.Saver()
        mg = saver.export_meta_graph(os.path.join(d, "g.meta"), collection_list=["keep"], as_text=True)
        text = open(os.path.join(d, "g.meta")).read()
    with tf.Graph().as_default():
        s2 = tf.train.import_meta_graph(os.path.join(d, "g.meta"))
        out = {"keys": sorted(mg.collection_def.keys()), "saver": mg.saver_def.restore_op_name,
               "text_has": ["saver_def" in text, "collection_def" in text],
               "restored_keep": [x.name for x in tf.get_collection("keep")],
               "s2": s2.as_saver_def().save_tensor_name, "vars": [x.name for x in tf.global_variables()]}
    shutil.rmtree(d)
    return out


def case_x_isweep_sharded_partitioned_repartition(tf):
    d = tempfile.mkdtemp()
    with tf.Graph().as_default():
        p = tf.get_variable("p", [6, 2], initializer=tf.constant_initializer(0.0),
                            partitioner=tf.fixed_size_partitioner(3))
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run([part.assign(np.full(part.shape.as_list(), i + 1.0, np.float32)) for i, part in enumerate(p)])
        path = tf.train.Saver(sharded=True).save(sess, os.path.join(d, "m"))
        listed = tf.train.list_variables(path)
    with tf.Graph().as_default():
        q = tf.get_variable("p", [6, 2], initializer=tf.zeros_initializer(),
                            partitioner=tf.fixed_size_partitioner(2))
        sess = tf.Session()
        tf.train.Saver().restore(sess, path)
        two = sess.run(q.as_tensor())
    with tf.Graph().as_default():
        r = tf.get_variable("p", [6, 2], initializer=tf.zeros_initializer())
        sess = tf.Session()
        tf.train.Saver().restore(sess, path)
        whole = sess.run(r)
    reader = tf.train.load_checkpoint(path)
    out = {"listed": listed, "two": two, "whole": whole, "read": reader.get_tensor("p"),
           "files": sorted(f for f in os.listdir(d) if not f.endswith(".meta"))}
    shutil.rmtree(d)
    return out


def case_x_isweep_saver_op_names(tf):
    with tf.Graph().as_default() as g:
        tf.Variable(1.0, name="v")
        tf.train.Saver()
        tf.train.Saver(sharded=True)
        return sorted((o.name, o.type) for o in g.get_operations()
                      if o.type in ("SaveV2", "RestoreV2", "MergeV2Checkpoints", "StringJoin", "ShardedFilename"))
