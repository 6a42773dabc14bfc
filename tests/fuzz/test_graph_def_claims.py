"""GraphDef tensors and shapes that claim more than they hold: TF's ValueError at import, never the allocation claimed."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import tensor_proto

pytest.importorskip("google.protobuf")
from tfsess.protos import graph_pb2, types_pb2  # noqa: E402  (after the importorskip)


def _const(dims, dtype=types_pb2.DT_FLOAT, **fields):
    graph_def = graph_pb2.GraphDef()
    node = graph_def.node.add(name="c", op="Const")
    node.attr["dtype"].type = dtype
    tensor = node.attr["value"].tensor
    tensor.dtype = dtype
    for d in dims:
        tensor.tensor_shape.dim.add(size=d)
    for name, value in fields.items():
        if isinstance(value, list):
            getattr(tensor, name).extend(value)
        else:
            setattr(tensor, name, value)
    return graph_def


def _import(graph_def):
    graph = tf.Graph()
    with graph.as_default():
        tf.import_graph_def(graph_def, name="")
    return graph


def test_a_constant_of_one_value_over_a_huge_shape_costs_nothing_to_import_and_export():
    graph = _import(_const([10**12], float_val=[1.5]))
    c = graph.get_tensor_by_name("c:0")
    assert c.shape.as_list() == [10**12]
    with graph.as_default(), tf.Session() as sess:
        assert sess.run(tf.reduce_sum(c[:4])) == 6.0
    exported = graph.as_graph_def().node[0].attr["value"].tensor  # still TF's compact form
    assert list(exported.float_val) == [1.5] and not exported.tensor_content


def test_string_constant_of_one_value_over_a_shape_exports_compact():
    graph = _import(_const([1000, 1000], types_pb2.DT_STRING, string_val=[b"ab"]))
    exported = graph.as_graph_def().node[0].attr["value"].tensor
    assert list(exported.string_val) == [b"ab"]
    with graph.as_default(), tf.Session() as sess:
        assert sess.run(graph.get_tensor_by_name("c:0")[999, 999]) == b"ab"


@pytest.mark.parametrize("dims", [[2**40, 2**40], [2**63 - 1, 2], [0, 2**62, 4]])
def test_a_shape_past_int64_is_value_error(dims):
    with pytest.raises(ValueError, match="'c'.*too (large|big)"):  # NumPy's own limit on the empty one
        _import(_const(dims, float_val=[1.0]))


def test_tensor_content_that_does_not_hold_the_shape_is_value_error():
    with pytest.raises(ValueError, match="'c'.*12 bytes"):
        _import(_const([10], tensor_content=b"\0" * 12))


def test_a_dimension_below_minus_one_is_value_error():
    graph_def = graph_pb2.GraphDef()
    node = graph_def.node.add(name="p", op="Placeholder")
    node.attr["dtype"].type = types_pb2.DT_FLOAT
    node.attr["shape"].shape.dim.add(size=-5)
    with pytest.raises(ValueError, match="'p'.*below -1"):
        _import(graph_def)


def test_an_unknown_dtype_number_is_value_error():
    with pytest.raises(ValueError, match="'c'"):
        _import(_const([], dtype=77, float_val=[1.0]))


@pytest.mark.parametrize("name", ["x:-1", "x:abc", "x:\u00b2"])
def test_an_input_index_that_is_not_a_number_is_value_error(name):
    graph_def = _const([], float_val=[1.0])
    graph_def.node[0].name = "x"
    node = graph_def.node.add(name="y", op="Identity", input=[name])
    node.attr["T"].type = types_pb2.DT_FLOAT
    with pytest.raises(ValueError, match="not a valid input name"):
        _import(graph_def)


def test_make_ndarray_stays_writable_and_full_by_default():
    proto = _const([3], float_val=[2.0]).node[0].attr["value"].tensor
    array = tensor_proto.make_ndarray(proto)
    array[0] = 1.0
    assert array.tolist() == [1.0, 2.0, 2.0]
    view = tensor_proto.make_ndarray(proto, read_only=True)
    assert view.tolist() == [2.0, 2.0, 2.0] and not view.flags.writeable
