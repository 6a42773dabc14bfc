"""Contract examples of the sharded-checkpoint ops (tfsess/train/checkpoint_ops.py)."""
import numpy as np

from op_examples import Built, builder

from tfsess.train import checkpoint_ops

EXAMPLES = {}


def _filename(make):
    def build(tf, tmp):
        base = tf.placeholder(tf.string, [], name="base")
        return Built(fetch=[make(base)], feed={base: str(tmp / "model")})
    return build


def _merge(tf, tmp):
    """Two one-variable checkpoints saved as shards under model_temp/, merged into the prefix `model`."""
    tmp.mkdir(parents=True, exist_ok=True)
    graph = tf.get_default_graph()
    variables = [tf.Variable(np.float32([1.0, 2.0]), name="a"), tf.Variable(np.int32([3]), name="b")]
    shards = [str(tmp / "model_temp" / ("part-%05d-of-00002" % i)) for i in range(2)]
    setup, feed = [v.initializer for v in variables], {}
    for v, shard in zip(variables, shards):
        saver_def = tf.train.Saver([v], name=f"save_{v.op.name}").saver_def
        setup.append(graph.get_tensor_by_name(saver_def.save_tensor_name))
        feed[graph.get_tensor_by_name(saver_def.filename_tensor_name)] = shard
    checkpoint_ops.merge_v2_checkpoints(shards, str(tmp / "model"))
    return Built(setup=setup, feed=feed)


EXAMPLES["ShardedFilename"] = builder(_filename(lambda base: checkpoint_ops.sharded_filename(base, 2, 7)))
EXAMPLES["ShardedFilespec"] = builder(_filename(lambda base: checkpoint_ops.sharded_filespec(base, 7)))
EXAMPLES["MergeV2Checkpoints"] = builder(_merge)
