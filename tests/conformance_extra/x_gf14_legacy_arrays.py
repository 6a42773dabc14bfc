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
