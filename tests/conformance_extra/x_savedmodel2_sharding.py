"""Checkpoint sharding in TF1 graph mode: tf.train.experimental's ShardingCallback, ShardByTaskPolicy,
MaxShardSizePolicy and tf.train.CheckpointOptions(experimental_sharding_callback=...). Results hold the
files written (names and sizes: each data file is one shard), keys, shapes and values read back."""
import os

import numpy as np

from _harness import catch, message_has
from _casekit import in_tmp as _in_tmp


def _files(d):
    """{file name: size} of a directory, the `checkpoint` state file's size left out (it holds the path)."""
    return {name: (None if name == "checkpoint" else os.path.getsize(os.path.join(d, name)))
            for name in sorted(os.listdir(d))}


def _contents(tf, path):
    reader = tf.train.load_checkpoint(path)
    return {name: (shape, reader.get_tensor(name)) for name, shape in tf.train.list_variables(path)
            if name != "_CHECKPOINTABLE_OBJECT_GRAPH"}


def _options(tf, policy):
    return tf.train.CheckpointOptions(experimental_sharding_callback=policy)


def _vars(tf):
    v = tf.Variable(np.arange(100, dtype=np.float32), name="v", use_resource=True)
    m = tf.Variable(np.arange(60, dtype=np.float32).reshape(6, 10), name="m", use_resource=True)
    s = tf.Variable(np.int64(7), name="s", use_resource=True)
    return v, m, s


def _saved(tf, policy, save=True, ref=False, sub="ck", vector_only=False):
    def run(d):
        with tf.Graph().as_default():
            if ref:
                v = tf.Variable(np.arange(30, dtype=np.float32).reshape(3, 10), name="r")
                ck = tf.train.Checkpoint(r=v, w=tf.Variable([1.0, 2.0, 3.0], name="w"))
            else:
                v, m, s = _vars(tf)
                ck = tf.train.Checkpoint(v=v, s=s) if vector_only else tf.train.Checkpoint(v=v, m=m, s=s)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                target = os.path.join(d, sub, "c")
                path = (ck.save if save else ck.write)(target, options=_options(tf, policy))
        return {"path": os.path.relpath(path, d), "files": _files(os.path.join(d, sub)),
                "contents": _contents(tf, path)}
    return _in_tmp(run)


def case_max_shard_size_100_bytes(tf):
    return _saved(tf, tf.train.experimental.MaxShardSizePolicy(100))


def case_max_shard_size_64_bytes_write(tf):
    return _saved(tf, tf.train.experimental.MaxShardSizePolicy(64), save=False)


def case_max_shard_size_large_one_shard(tf):
    return _saved(tf, tf.train.experimental.MaxShardSizePolicy(1 << 20))


def case_max_shard_size_below_scalar(tf):
    """An int64 scalar over the limit gets a shard of its own (m is left out: no slice of it fits 6 bytes,
    and TF's partitioner then loops forever)."""
    return _saved(tf, tf.train.experimental.MaxShardSizePolicy(6), vector_only=True)


def case_max_shard_size_ref_variables(tf):
    return _saved(tf, tf.train.experimental.MaxShardSizePolicy(48), ref=True)


def case_shard_by_task(tf):
    return _saved(tf, tf.train.experimental.ShardByTaskPolicy(), sub="a/b")


def case_custom_callback_one_shard_per_key(tf):
    class PerKey(tf.train.experimental.ShardingCallback):
        @property
        def description(self):
            return "one shard per key"

        def __call__(self, shardable_tensors):
            return [{t.checkpoint_key: {t.slice_spec: t.tensor}} for t in shardable_tensors]
    return _saved(tf, PerKey())


def case_shardable_tensor_fields(tf):
    seen = []

    class Spy(tf.train.experimental.ShardingCallback):
        @property
        def description(self):
            return "spy"

        def __call__(self, shardable_tensors):
            for t in shardable_tensors:
                seen.append((t.checkpoint_key, t.slice_spec, t.dtype.name, t.shape.as_list() if t.shape.rank is not None
                             else None, t.trackable is not None, type(t).__name__))
            return tf.train.experimental.ShardByTaskPolicy()(shardable_tensors)
    result = _saved(tf, Spy())
    result["seen"] = seen
    return result


def case_sharded_restore_into_fresh_variables(tf):
    def run(d):
        with tf.Graph().as_default():
            v, m, s = _vars(tf)
            ck = tf.train.Checkpoint(v=v, m=m, s=s)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                path = ck.save(os.path.join(d, "c"), options=_options(tf, tf.train.experimental.MaxShardSizePolicy(72)))
        with tf.Graph().as_default():
            v = tf.Variable(np.zeros(100, np.float32), name="v", use_resource=True)
            m = tf.Variable(np.zeros([6, 10], np.float32), name="m", use_resource=True)
            s = tf.Variable(np.int64(0), name="s", use_resource=True)
            ck = tf.train.Checkpoint(v=v, m=m, s=s)
            with tf.Session() as sess:
                status = ck.restore(path)
                status.run_restore_ops()
                return {"values": sess.run([v, m, s]), "counter": sess.run(ck.save_counter)}
    return _in_tmp(run)


def case_save_op_cached_with_first_options(tf):
    """TF builds a Checkpoint's save op once per object graph: a later write with other options reuses it."""
    def run(d):
        with tf.Graph().as_default():
            v, m, s = _vars(tf)
            ck = tf.train.Checkpoint(v=v, m=m, s=s)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                ck.write(os.path.join(d, "one", "c"), options=_options(tf, tf.train.experimental.MaxShardSizePolicy(200)))
                ck.write(os.path.join(d, "two", "c"), options=_options(tf, tf.train.experimental.ShardByTaskPolicy()))
        return {"one": _files(os.path.join(d, "one")), "two": _files(os.path.join(d, "two"))}
    return _in_tmp(run)


def case_policy_descriptions(tf):
    e = tf.train.experimental
    return {"task": e.ShardByTaskPolicy().description, "max": e.MaxShardSizePolicy(10).description,
            "max_attr": e.MaxShardSizePolicy(10).max_shard_size,
            "subclass": [issubclass(e.ShardByTaskPolicy, e.ShardingCallback),
                         issubclass(e.MaxShardSizePolicy, e.ShardingCallback)]}


def case_abstract_callback_raises(tf):
    return catch(lambda: tf.train.experimental.ShardingCallback())


def case_options_reject_non_callback(tf):
    make = lambda: tf.train.CheckpointOptions(experimental_sharding_callback=3)  # noqa: E731
    return {"error": catch(make), "message": message_has(make, "ShardingCallback", "<class 'int'>")}


def case_options_keep_callback(tf):
    policy = tf.train.experimental.MaxShardSizePolicy(5)
    return tf.train.CheckpointOptions(experimental_sharding_callback=policy).experimental_sharding_callback is policy
