"""TF 1.x op types of array and random ops that old GraphDefs hold (InplaceAdd/Sub/Update, DataFormatDimMap,
DataFormatVecPermute, Empty, the v1 stateless random ops, Copy/CopyHost, the V1 ops of reductions that
TF can no longer build): each GraphDef written node by node, imported, run, and fed bad input."""
import numpy as np

from _harness import catch
from x_gf14_legacy_ops import _const, _imported, _node


def case_x_gf14_inplace_ops(tf):
    # each op its own x: TF's kernels write into x's buffer, so ops sharing one x would see each other
    gd = tf.GraphDef()
    _const(tf, gd, "rows", np.array([2, 0, 2], np.int32))
    _const(tf, gd, "v", np.array([[10, 10], [20, 20], [1, 1]], np.int64))
    for name, op in (("add", "InplaceAdd"), ("sub", "InplaceSub"), ("upd", "InplaceUpdate")):
        _const(tf, gd, "x_" + name, np.arange(6, dtype=np.int64).reshape(3, 2))
        _node(tf, gd, name, op, ["x_" + name, "rows", "v"], T=tf.int64)
    return _imported(tf, gd, ["add", "sub", "upd"])


def case_x_gf14_inplace_update_bad_v(tf):
    gd = tf.GraphDef()
    _const(tf, gd, "x", np.zeros((3, 2), np.float32))
    _const(tf, gd, "rows", np.array([1], np.int32))
    _node(tf, gd, "v", "Placeholder", dtype=tf.float32)
    _node(tf, gd, "upd", "InplaceUpdate", ["x", "rows", "v"], T=tf.float32)
    tf.import_graph_def(gd, name="")
    graph = tf.get_default_graph()
    upd, v = graph.get_tensor_by_name("upd:0"), graph.get_tensor_by_name("v:0")
    with tf.Session() as sess:
        return {"wide": catch(lambda: sess.run(upd, {v: np.ones((1, 3), np.float32)})),
                "two_rows": catch(lambda: sess.run(upd, {v: np.ones((2, 2), np.float32)})),
                "ok": sess.run(upd, {v: np.full((1, 2), 4.0, np.float32)}).tolist()}


def case_x_gf14_data_format_ops(tf):
    gd = tf.GraphDef()
    _const(tf, gd, "dims", np.array([0, 1, 2, 3, -1, -4], np.int32))
    _const(tf, gd, "dims64", np.array([[0, 1], [2, 3]], np.int64))
    _const(tf, gd, "vec", np.array([1, 2, 3, 4], np.int32))
    _const(tf, gd, "pairs", np.array([[1, 2], [3, 4], [5, 6], [7, 8]], np.int64))
    _const(tf, gd, "spatial", np.array([5, 6], np.int32))
    _node(tf, gd, "map", "DataFormatDimMap", ["dims"], T=tf.int32)
    _node(tf, gd, "map_back", "DataFormatDimMap", ["dims64"], T=tf.int64, src_format="NCHW", dst_format="NHWC")
    _node(tf, gd, "perm", "DataFormatVecPermute", ["vec"], T=tf.int32)
    _node(tf, gd, "perm_pairs", "DataFormatVecPermute", ["pairs"], T=tf.int64, src_format="NCHW",
          dst_format="NHWC")
    _node(tf, gd, "perm_spatial", "DataFormatVecPermute", ["spatial"], T=tf.int32)
    return _imported(tf, gd, ["map", "map_back", "perm", "perm_pairs", "perm_spatial"])


def case_x_gf14_data_format_vec_permute_bad_size(tf):
    gd = tf.GraphDef()
    _node(tf, gd, "x", "Placeholder", dtype=tf.int32)
    _node(tf, gd, "perm", "DataFormatVecPermute", ["x"], T=tf.int32)
    tf.import_graph_def(gd, name="")
    graph = tf.get_default_graph()
    perm, x = graph.get_tensor_by_name("perm:0"), graph.get_tensor_by_name("x:0")
    with tf.Session() as sess:
        return {"three": catch(lambda: sess.run(perm, {x: [1, 2, 3]})),
                "ok": sess.run(perm, {x: [9, 8, 7, 6]}).tolist()}


def case_x_gf14_empty_and_copies(tf):
    gd = tf.GraphDef()
    _const(tf, gd, "shape", np.array([2, 0, 3], np.int32))
    _const(tf, gd, "shape2", np.array([2, 2], np.int32))
    _node(tf, gd, "none", "Empty", ["shape"], dtype=tf.float32)
    _node(tf, gd, "zeros", "Empty", ["shape2"], dtype=tf.int64, init=True)
    _const(tf, gd, "s", np.array([b"x", b"yz"], object))
    _node(tf, gd, "copy", "Copy", ["s"], T=tf.string, tensor_name="s")
    _node(tf, gd, "host", "CopyHost", ["copy"], T=tf.string)
    return _imported(tf, gd, ["none", "zeros", "host"])


def case_x_gf14_stateless_random_v1(tf):
    gd = tf.GraphDef()
    _const(tf, gd, "shape", np.array([2, 3], np.int32))
    _const(tf, gd, "seed", np.array([7, 11], np.int64))
    _const(tf, gd, "lo", np.array(-5, np.int64))
    _const(tf, gd, "hi", np.array(5, np.int64))
    _node(tf, gd, "normal", "StatelessRandomNormal", ["shape", "seed"], dtype=tf.float64, T=tf.int32,
          Tseed=tf.int64)
    _node(tf, gd, "uniform", "StatelessRandomUniform", ["shape", "seed"], dtype=tf.float32, T=tf.int32,
          Tseed=tf.int64)
    _node(tf, gd, "trunc", "StatelessTruncatedNormal", ["shape", "seed"], dtype=tf.float32, T=tf.int32,
          Tseed=tf.int64)
    _node(tf, gd, "ints", "StatelessRandomUniformInt", ["shape", "seed", "lo", "hi"], dtype=tf.int64, T=tf.int32,
          Tseed=tf.int64)
    _node(tf, gd, "full", "StatelessRandomUniformFullInt", ["shape", "seed"], dtype=tf.uint32, T=tf.int32,
          Tseed=tf.int64)
    out = _imported(tf, gd, ["normal", "uniform", "trunc", "ints", "full"])
    for value in out.values():
        value["value"] = np.round(np.asarray(value["value"], np.float64), 5).tolist()
    return out


def case_x_gf14_stateless_random_v1_bad_seed(tf):
    gd = tf.GraphDef()
    _const(tf, gd, "shape", np.array([2], np.int32))
    _node(tf, gd, "seed", "Placeholder", dtype=tf.int32)
    _node(tf, gd, "normal", "StatelessRandomNormal", ["shape", "seed"], dtype=tf.float32, T=tf.int32,
          Tseed=tf.int32)
    tf.import_graph_def(gd, name="")
    graph = tf.get_default_graph()
    normal, seed = graph.get_tensor_by_name("normal:0"), graph.get_tensor_by_name("seed:0")
    with tf.Session() as sess:
        return {"three": catch(lambda: sess.run(normal, {seed: [1, 2, 3]})),
                "same_twice": sess.run(normal, {seed: [3, 4]}).tolist() == sess.run(normal, {seed: [3, 4]}).tolist()}


def _example(tf, features):
    """A serialized tf.train.Example of {key: list of ints, floats or bytes}."""
    feature = {}
    for key, values in features.items():
        if isinstance(values[0], bytes):
            feature[key] = tf.train.Feature(bytes_list=tf.train.BytesList(value=values))
        elif isinstance(values[0], float):
            feature[key] = tf.train.Feature(float_list=tf.train.FloatList(value=values))
        else:
            feature[key] = tf.train.Feature(int64_list=tf.train.Int64List(value=values))
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()


def _parse_example_graph(tf, serialized_node):
    gd = tf.GraphDef()
    _const(tf, gd, "names", np.array([], object))
    _const(tf, gd, "sk", np.array(b"tags", object))
    _const(tf, gd, "dk0", np.array(b"score", object))
    _const(tf, gd, "dk1", np.array(b"word", object))
    _const(tf, gd, "d0", np.array([-1.0, -1.0], np.float32))
    _const(tf, gd, "d1", np.array([b"none"], object))
    serialized_node(gd)
    node = _node(tf, gd, "parsed", "ParseExample", ["serialized", "names", "sk", "dk0", "dk1", "d0", "d1"],
                 Nsparse=1, Ndense=2)
    node.attr["sparse_types"].list.type.append(tf.int64.as_datatype_enum)
    node.attr["Tdense"].list.type.extend([tf.float32.as_datatype_enum, tf.string.as_datatype_enum])
    node.attr["dense_shapes"].list.shape.add().dim.add(size=2)
    node.attr["dense_shapes"].list.shape.add().dim.add(size=1)
    return gd


def case_x_gf14_parse_example_v1(tf):
    batch = np.array([_example(tf, {"tags": [3, 1, 4], "score": [0.5, 1.5]}),
                      _example(tf, {"word": [b"hi"]}),
                      _example(tf, {"tags": [9]})], object)
    gd = _parse_example_graph(tf, lambda gd: _const(tf, gd, "serialized", batch))
    return _imported(tf, gd, [f"parsed:{i}" for i in range(5)])


def case_x_gf14_parse_example_v1_bad_input(tf):
    gd = _parse_example_graph(tf, lambda gd: _node(tf, gd, "serialized", "Placeholder", dtype=tf.string,
                                                   shape=(None,)))
    tf.import_graph_def(gd, name="")
    graph = tf.get_default_graph()
    parsed = [graph.get_tensor_by_name(f"parsed:{i}") for i in range(5)]
    serialized = graph.get_tensor_by_name("serialized:0")
    good = np.array([_example(tf, {"score": [2.0, 3.0], "word": [b"w"]})], object)
    with tf.Session() as sess:
        return {"shapes": [None if t.shape.ndims is None else t.shape.as_list() for t in parsed],
                "garbage": catch(lambda: sess.run(parsed, {serialized: [b"\x0a\x09\x0a\x07trunc"]})),
                "wrong_length": catch(lambda: sess.run(parsed, {serialized: [_example(tf, {"score": [1.0]})]})),
                "good": [np.asarray(v).tolist() for v in sess.run(parsed, {serialized: good})]}
