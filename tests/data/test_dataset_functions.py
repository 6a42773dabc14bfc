"""Dataset functions as library functions, TF's dataset op types, and GraphDefs moving both ways.

The fixtures in fixtures_datafunc/ were written by TF 2.21 (tf_pipelines.*) and by tfsess
(tfsess_pipelines.*, which TF imports and runs with equal values: `tf_interop.py check`);
expected.json holds TF's values.
"""
import json
import os
import sys

import numpy as np
import pytest

import tfsess as tf
from tfsess.data.function import runner
from tfsess.framework.function_library import GraphFunction

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures_datafunc")
sys.path.insert(0, FIXTURES)
import pipelines  # noqa: E402

with open(os.path.join(FIXTURES, "expected.json")) as _f:
    EXPECTED = json.load(_f)


def _import(kind, prefix):
    if kind == "pb":
        graph_def = tf.GraphDef()
        with open(os.path.join(FIXTURES, prefix + ".pb"), "rb") as f:
            graph_def.ParseFromString(f.read())
        tf.import_graph_def(graph_def, name="")
    else:
        tf.train.import_meta_graph(os.path.join(FIXTURES, prefix + ".meta"))


@pytest.mark.parametrize("kind", ["pb", "meta"])
@pytest.mark.parametrize("prefix", ["tf_pipelines", "tfsess_pipelines"])
def test_written_pipelines_import_and_run_with_tfs_values(g, kind, prefix):
    _import(kind, prefix)
    with tf.Session() as sess:
        assert pipelines.read(tf, sess, EXPECTED["initializer"]) == EXPECTED["values"]


def test_pipelines_built_here_give_tfs_values_and_survive_a_round_trip(g):
    initializer = pipelines.build(tf)
    with tf.Session() as sess:
        assert pipelines.read(tf, sess, initializer) == EXPECTED["values"]
    graph_def = g.as_graph_def()
    with tf.Graph().as_default():
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            assert pipelines.read(tf, sess, initializer) == EXPECTED["values"]


def test_map_function_is_a_library_function_named_as_tf(g):
    c = tf.constant(3.0, name="c")
    ds = tf.data.Dataset.range(4).map(lambda x: tf.cast(x, tf.float32) * c)
    op = ds._variant.op
    fn = op._attrs["f"]
    assert isinstance(fn, GraphFunction) and fn.name in g._functions
    assert fn.name.startswith("__inference_Dataset_map_lambda_")
    assert [t.name for t in op.inputs[1:]] == ["c:0"]  # the capture is an input (Targuments)
    graph_def = g.as_graph_def()
    assert [n.op for n in graph_def.node] == ["Const", "Const", "Const", "Const", "RangeDataset", "MapDataset"]
    node = graph_def.node[-1]
    assert node.attr["f"].func.name == fn.name and list(node.attr["Targuments"].list.type) == [1]
    (fdef,) = graph_def.library.function
    assert [a.name for a in fdef.signature.input_arg] == ["args_0", "mul_c"]
    assert [a.name for a in fdef.signature.output_arg] == ["identity"]
    assert dict(fdef.ret) == {"identity": "Identity:output:0"}
    assert sorted(n.op for n in fdef.node_def) == ["Cast", "Identity", "Mul"]


def test_functions_of_every_transformation_are_named_as_tf(g):
    def named(x):
        return x < 3
    ds = tf.data.Dataset.range(6).filter(named).flat_map(lambda x: tf.data.Dataset.from_tensors(x))
    ds = ds.take_while(lambda x: x < 2).scan(tf.constant(0, tf.int64), lambda s, x: (s + x, s))
    tf.data.Dataset.range(3).reduce(tf.constant(0, tf.int64), lambda s, x: s + x)
    names = sorted(f.signature.name.rsplit("_", 1)[0] for f in g.as_graph_def().library.function)
    assert names == ["__inference_Dataset_filter_named", "__inference_Dataset_flat_map_lambda",
                     "__inference_Dataset_scan_lambda", "__inference_Dataset_take_while_lambda",
                     "__inference_reduce_lambda"]


def test_shuffle_builds_tfs_shuffle_dataset_with_seed_tensors(g):
    unseeded = tf.data.Dataset.range(5).shuffle(2)
    seeded = tf.data.Dataset.range(5).shuffle(2, seed=5, reshuffle_each_iteration=False)
    assert unseeded._variant.op.type == seeded._variant.op.type == "ShuffleDataset"
    assert [t.op.name for t in unseeded._variant.op.inputs[2:]] == ["seed", "seed2"]
    assert seeded._variant.op.inputs[3].op.type == "SelectV2"
    assert seeded._variant.op.get_attr("reshuffle_each_iteration") is False
    with tf.Session() as sess:
        assert list(sess.run(list(seeded._variant.op.inputs[2:]))) == [87654321, 5]


def test_parallel_interleave_is_tfs_v4_op_and_gives_the_interleaved_order(g):
    ds = tf.data.Dataset.range(3).interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(2), cycle_length=2,
                                             num_parallel_calls=2)
    assert ds._variant.op.type == "ParallelInterleaveDatasetV4"
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    with tf.Session() as sess:
        assert [sess.run(nxt) for _ in range(6)] == [0, 1, 0, 1, 2, 2]


def test_one_shot_iterator_names_a_dataset_factory_in_the_library(g):
    ds = tf.data.Dataset.range(3).map(lambda x: x + 1)
    tf.data.make_one_shot_iterator(ds)
    graph_def = g.as_graph_def()
    (node,) = [n for n in graph_def.node if n.op == "OneShotIterator"]
    factory = node.attr["dataset_factory"].func.name
    (fdef,) = [f for f in graph_def.library.function if f.signature.name == factory]
    assert [a.name for a in fdef.signature.output_arg] == ["mapdataset"]
    assert "MapDataset" in [n.op for n in fdef.node_def]
    assert "MapDataset" in [n.op for n in graph_def.node]  # the pipeline stays in the graph too


def test_an_error_inside_a_function_names_the_node_as_tf_and_the_iterator_goes_on(g):
    ds = tf.data.Dataset.from_tensor_slices(np.array([1, 0, 2], np.int32)).map(lambda x: tf.floordiv(4, x))
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    with tf.Session() as sess:
        assert sess.run(nxt) == 4
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"\{\{node floordiv\}\}"):
            sess.run(nxt)
        assert sess.run(nxt) == 2


def test_a_function_the_library_lacks_fails_naming_the_op():
    with pytest.raises(tf.errors.NotFoundError, match="MapDataset"):
        runner("missing_function", "MapDataset")


def test_random_ops_in_a_map_function_draw_per_element_and_repeat_with_seeds(g):
    tf.set_random_seed(4)
    ds = tf.data.Dataset.range(3).map(lambda x: tf.random.uniform([], seed=9))
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    with tf.Session() as sess:
        sess.run(it.initializer)
        first = [sess.run(nxt) for _ in range(3)]
        sess.run(it.initializer)
        again = [sess.run(nxt) for _ in range(3)]
    assert len(set(first)) == 3 and first == again


def test_interleave_without_cycle_length_cycles_over_the_hosts_cores_as_tf(g):
    from tfsess.runtime.thread_pools import cpu_count
    n = cpu_count() + 1
    dataset = tf.data.Dataset.range(n).interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(2))
    element = tf.data.make_one_shot_iterator(dataset).get_next()
    with tf.Session() as sess:
        got = [int(sess.run(element)) for _ in range(2 * n)]
    cycle = list(range(cpu_count()))
    assert got == cycle + cycle + [n - 1, n - 1]  # TF's AUTOTUNE cycle length: its schedulable cores


def test_a_stateful_op_in_a_cond_branch_not_taken_leaves_the_results_alive(g):
    # from_row_lengths validates with tf.Assert, which guards itself with a cond: its Assert sits in a branch
    dataset = tf.data.Dataset.range(3).map(lambda x: tf.RaggedTensor.from_row_lengths(tf.range(x), [x]))
    element = tf.data.make_one_shot_iterator(dataset.batch(3)).get_next()
    with tf.Session() as sess:
        value = sess.run(element)
    assert value.to_list() == [[[]], [[0]], [[0, 1]]]
    flagged = tf.data.Dataset.range(2).map(
        lambda x: tf.cond(x > 0, lambda: tf.identity(x), lambda: tf.Print(x, [x], "zero: ")) + 1)
    element = tf.data.make_one_shot_iterator(flagged).get_next()
    with tf.Session() as sess:
        assert [int(sess.run(element)) for _ in range(2)] == [1, 2]
