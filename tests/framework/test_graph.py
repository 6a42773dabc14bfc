"""Graph model: naming, scopes, collections, finalize, lookups, default graphs per thread."""
import threading

import pytest

import tfsess as tf


def test_unique_names_are_case_insensitive(g):
    c = tf.constant(1.0)
    names = [c.name, tf.constant(2.0).name, tf.constant(1.0, name="x").name, tf.constant(1.0, name="x").name,
             tf.constant(1.0, name="x_1").name, (c + c).name, tf.add(c, c).name]
    assert names == ["Const:0", "Const_1:0", "x:0", "x_1:0", "x_1_1:0", "add:0", "Add_1:0"]


def test_name_scopes_nest_reuse_and_reset(g):
    with tf.name_scope("s"):
        a = tf.constant(1.0)
        with tf.name_scope("inner"):
            b = tf.identity(a)
    with tf.name_scope("s"):
        c = tf.constant(1.0)
    with tf.name_scope("s/"):
        d = tf.constant(1.0)
    with tf.name_scope("s"), tf.name_scope(None):
        e = tf.constant(1.0)
    with g.name_scope("gs") as scope:
        pass
    assert [t.name for t in (a, b, c, d, e)] == ["s/Const:0", "s/inner/Identity:0", "s_1/Const:0",
                                                  "s/Const_1:0", "Const:0"]
    assert scope == "gs/"


def test_invalid_names_raise_value_error(g):
    with pytest.raises(ValueError):
        tf.constant(1.0, name="bad name!")
    with pytest.raises(ValueError):
        with tf.name_scope("bad scope!"):
            pass


def test_lookups_and_their_errors(g):
    with tf.name_scope("outer"):
        a = tf.constant(1.0, name="a")
    assert g.get_tensor_by_name("outer/a:0") is a
    assert g.get_operation_by_name("outer/a") is a.op
    assert g.as_graph_element("outer/a") is a.op
    with pytest.raises(ValueError):
        g.get_tensor_by_name("outer/a")
    with pytest.raises(ValueError):
        g.get_operation_by_name("outer/a:0")
    with pytest.raises(KeyError, match="does not exist"):
        g.get_tensor_by_name("nope:0")
    with pytest.raises(KeyError, match="only has 1 outputs"):
        g.get_tensor_by_name("outer/a:1")
    with pytest.raises(TypeError):
        g.as_graph_element(3)
    other = tf.Graph()
    with other.as_default():
        foreign = tf.constant(1.0)
    with pytest.raises(ValueError, match="not an element of this graph"):
        g.as_graph_element(foreign)


def test_finalize_blocks_new_ops_but_runs(g):
    c = tf.constant(2.0) * 3.0
    g.finalize()
    assert g.finalized
    with pytest.raises(RuntimeError, match="finalized"):
        tf.constant(1.0)
    with tf.Session(graph=g) as sess:
        assert sess.run(c) == 6.0


def test_collections(g):
    g.add_to_collection("things", 1)
    tf.add_to_collections(["a", "b"], 2)
    assert tf.get_collection("things") == [1]
    assert tf.get_collection("a") == tf.get_collection("b") == [2]
    ref = g.get_collection_ref("things")
    ref.append(3)
    assert g.get_collection("things") == [1, 3]
    v = tf.constant(1.0, name="scoped/v")
    g.add_to_collection("tensors", v)
    assert g.get_collection("tensors", scope="scoped") == [v]
    assert g.get_collection("tensors", scope="other") == []


def test_control_dependencies_recorded_and_cleared(g):
    a = tf.constant(1.0)
    with tf.control_dependencies([a]):
        b = tf.constant(2.0)
        with tf.control_dependencies(None):
            c = tf.constant(3.0)
        d = b + 1.0  # b was made inside the block: no duplicate control edge
    assert b.op.control_inputs == [a.op]
    assert c.op.control_inputs == []
    assert d.op.control_inputs == []


def test_device_scopes_are_recorded_and_merged(g):
    with tf.device("/job:localhost/replica:0/task:0"):
        with tf.device("/gpu:1"):
            a = tf.constant(1.0)
        with tf.device(None):
            b = tf.constant(1.0)
    assert a.device == "/job:localhost/replica:0/task:0/device:GPU:1"
    assert b.device == ""


def test_each_thread_has_its_own_default_graph():
    main = tf.get_default_graph()
    seen = {}

    def worker():
        seen["graph"] = tf.get_default_graph()
        seen["stable"] = seen["graph"] is tf.get_default_graph()

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert seen["graph"] is not main and seen["stable"]


def test_reset_default_graph_inside_nested_graph_raises():
    with tf.Graph().as_default():
        with pytest.raises(AssertionError):
            tf.reset_default_graph()


def test_tensor_properties_and_bool(g):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = x * 2.0
    assert (x.name, x.dtype, x.shape.as_list(), x.op.type, x.value_index) == ("x:0", tf.float32, [None, 3],
                                                                             "Placeholder", 0)
    assert x.consumers() == [y.op]
    assert str(x.shape) == "(?, 3)"
    with pytest.raises(TypeError, match="as a Python `bool`"):
        bool(x)
    with pytest.raises(ValueError):
        x.set_shape([2, 4])
    x.set_shape([2, 3])
    assert x.shape.as_list() == [2, 3]
    assert x == x and x != y


def test_dtype_mismatch_is_a_type_error(g):
    a = tf.constant(1.0)
    b = tf.constant(1.0, dtype=tf.float64)
    with pytest.raises(TypeError):
        a + b
    with pytest.raises(TypeError):
        tf.constant(1) * 2.5


def test_static_shape_mismatch_is_a_value_error(g):
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        tf.constant([1.0, 2.0]) + tf.constant([1.0, 2.0, 3.0])
    with pytest.raises(ValueError):
        tf.matmul(tf.zeros([2, 3]), tf.zeros([2, 3]))


def test_graph_def_lists_nodes(g):
    a = tf.constant(1.0, name="first")
    tf.identity(a, name="second")
    nodes = g.as_graph_def().node
    assert [(n.name, n.op, n.input) for n in nodes] == [("first", "Const", []), ("second", "Identity", ["first"])]


def test_tensor_str_leaves_an_unknown_rank_out():
    with tf.Graph().as_default():
        unknown = tf.placeholder(tf.float32, name="u")
        known = tf.placeholder(tf.int32, [None, 2], name="k")
        assert str(unknown) == 'Tensor("u:0", dtype=float32)'
        assert str(known) == 'Tensor("k:0", shape=(?, 2), dtype=int32)'
