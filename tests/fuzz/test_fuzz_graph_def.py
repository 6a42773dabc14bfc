"""Damaged and hostile GraphDefs, meta graphs and SavedModels: import ends with TF's error class, never a crash, hang or huge allocation.

import_graph_def raises ValueError for a graph it cannot import (TF's class), NotFoundError for an
unregistered op type; reading a damaged `.meta` file is DataLossError naming it; loading a SavedModel
whose saved_model.pb cannot be parsed is IOError naming it (TF's loader).
"""
import os

import numpy as np
import pytest
from hypothesis import given, strategies as st

import tfsess as tf
from tfsess.framework import errors

from mutations import FUZZ, FUZZ_SLOW, HUGE, check_class, check_raised, damaged, hostile_load

pytest.importorskip("google.protobuf")
from google.protobuf.message import DecodeError  # noqa: E402  (after the importorskip)
from tfsess.protos import graph_pb2, saved_model_pb2  # noqa: E402

IMPORT_ERRORS = (ValueError, OSError, errors.NotFoundError, errors.InvalidArgumentError)  # OSError: TF's text


def _model():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.Variable(np.arange(6.0, dtype=np.float32).reshape(3, 2), name="w")
    b = tf.constant([0.5, -0.5], name="b")
    with tf.control_dependencies([tf.no_op(name="first")]):
        y = tf.identity(tf.nn.relu(tf.matmul(x, w) + b), name="y")
    tf.add_to_collection("outputs", y)
    tf.constant(["a", "bc"], name="words")
    tf.cast(tf.shape(x), tf.int64, name="size")
    return x, w, y


@pytest.fixture(scope="module")
def graph_def_bytes():
    with tf.Graph().as_default() as graph:
        _model()
    return graph.as_graph_def().SerializeToString()


def _import(graph_def):
    with tf.Graph().as_default():
        tf.import_graph_def(graph_def, name="")


def _parse(cls, raw):
    try:
        return cls.FromString(raw)
    except DecodeError:
        return None  # protobuf's own refusal, before any tfsess code


@FUZZ
@given(data=st.data())
def test_import_of_a_damaged_graph_def(graph_def_bytes, data):
    graph_def = _parse(graph_pb2.GraphDef, data.draw(damaged(graph_def_bytes)))
    if graph_def is not None:
        raised = hostile_load(lambda: _import(graph_def), len(graph_def_bytes))
        check_class(raised, IMPORT_ERRORS)


_INT64 = st.sampled_from([n for n in HUGE if n < 2**63]) | st.integers(-2**63, 2**63 - 1) | st.integers(-3, 8)


def _hostile_tensor(draw, tensor):
    field = draw(st.sampled_from(["shape", "content", "dtype", "values"]))
    if field == "shape":
        del tensor.tensor_shape.dim[:]
        for d in draw(st.lists(_INT64, max_size=4)):
            tensor.tensor_shape.dim.add(size=d)
    elif field == "content":
        tensor.tensor_content = draw(st.binary(max_size=64))
    elif field == "dtype":
        tensor.dtype = draw(st.integers(0, 130))
    else:
        tensor.float_val.extend(draw(st.lists(st.floats(width=32), max_size=3)))
        tensor.int_val.extend(draw(st.lists(st.integers(-2**31, 2**31 - 1), max_size=3)))
        tensor.string_val.extend(draw(st.lists(st.binary(max_size=8), max_size=3)))


def _hostile_attr(draw, attr):
    kind = draw(st.sampled_from(["type", "shape", "tensor", "list", "i", "s", "func"]))
    if kind == "type":
        attr.type = draw(st.integers(0, 130))
    elif kind == "shape":
        attr.shape.Clear()
        attr.shape.unknown_rank = draw(st.booleans())
        for d in draw(st.lists(_INT64, max_size=4)):
            attr.shape.dim.add(size=d)
    elif kind == "tensor":
        _hostile_tensor(draw, attr.tensor)
    elif kind == "list":
        attr.list.i.extend(draw(st.lists(_INT64, max_size=3)))
        attr.list.type.extend(draw(st.lists(st.integers(0, 130), max_size=3)))
        attr.list.s.extend(draw(st.lists(st.binary(max_size=6), max_size=3)))
    elif kind == "i":
        attr.i = draw(_INT64)
    elif kind == "s":
        attr.s = draw(st.binary(max_size=12))
    else:
        attr.func.name = draw(st.text(max_size=6))


_INPUTS = st.sampled_from(["x", "x:0", "x:1", "x:-1", "x:abc", "x:99999999999999999999", "^x", "^y", "nothing",
                           "nothing:0", "", ":", "^", "w", "b:0", "y"])


@st.composite
def hostile_graph_def(draw, raw):
    """The model's GraphDef with one to three nodes changed: attrs, inputs, op types."""
    graph_def = graph_pb2.GraphDef.FromString(raw)
    for _ in range(draw(st.integers(1, 3))):
        node = graph_def.node[draw(st.integers(0, len(graph_def.node) - 1))]
        change = draw(st.sampled_from(["attr", "attr", "new attr", "input", "op", "name"]))
        if change == "attr" and node.attr:
            _hostile_attr(draw, node.attr[draw(st.sampled_from(sorted(node.attr)))])
        elif change in ("attr", "new attr"):
            _hostile_attr(draw, node.attr[draw(st.sampled_from(["T", "dtype", "shape", "value", "N", "_class"]))])
        elif change == "input":
            node.input.append(draw(_INPUTS))
        elif change == "op":
            node.op = draw(st.sampled_from(["Identity", "Const", "NoSuchOp", "", "MatMul", "AddN", "Placeholder"]))
        else:
            node.name = draw(st.sampled_from(["x", "", "y", "a/b", "x:0", "^z"]))
    return graph_def


@FUZZ
@given(data=st.data())
def test_import_of_a_graph_def_with_hostile_nodes(graph_def_bytes, data):
    graph_def = data.draw(hostile_graph_def(graph_def_bytes))
    raised = hostile_load(lambda: _import(graph_def), len(graph_def_bytes))
    check_class(raised, IMPORT_ERRORS)


@pytest.fixture(scope="module")
def meta_graph_bytes(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("meta") / "model.meta")
    with tf.Graph().as_default():
        _model()
        tf.train.export_meta_graph(path)
    with open(path, "rb") as f:
        return f.read()


def _import_meta(path):
    with tf.Graph().as_default():
        tf.train.import_meta_graph(path)


@FUZZ
@given(data=st.data())
def test_import_of_a_damaged_meta_graph_file(tmp_path, meta_graph_bytes, data):
    path = os.path.join(str(tmp_path), "damaged.meta")
    with open(path, "wb") as f:
        f.write(data.draw(damaged(meta_graph_bytes)))
    raised = hostile_load(lambda: _import_meta(path), len(meta_graph_bytes))
    if isinstance(raised, errors.DataLossError):
        check_raised(raised, errors.DataLossError, "damaged.meta")
    else:
        check_class(raised, IMPORT_ERRORS)


@pytest.fixture(scope="module")
def saved_model_dir(tmp_path_factory):
    export_dir = str(tmp_path_factory.mktemp("saved") / "export")
    with tf.Graph().as_default():
        x, _, y = _model()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.saved_model.simple_save(sess, export_dir, inputs={"x": x}, outputs={"y": y})
    return export_dir


def _load_saved_model(export_dir):
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.saved_model.loader.load(sess, ["serve"], export_dir)


@FUZZ_SLOW
@given(data=st.data())
def test_load_of_a_damaged_saved_model(tmp_path, saved_model_dir, data):
    export_dir = os.path.join(str(tmp_path), "damaged_export")
    if not os.path.isdir(export_dir):
        import shutil
        shutil.copytree(saved_model_dir, export_dir)
    with open(os.path.join(saved_model_dir, "saved_model.pb"), "rb") as f:
        valid = f.read()
    with open(os.path.join(export_dir, "saved_model.pb"), "wb") as f:
        f.write(data.draw(damaged(valid)))
    raised = hostile_load(lambda: _load_saved_model(export_dir), len(valid))
    if isinstance(raised, (IOError, errors.DataLossError)):
        check_raised(raised, (IOError, errors.DataLossError), "damaged_export")
    else:
        check_class(raised, IMPORT_ERRORS + (RuntimeError,))


def _nested_text(depth):
    """A SavedModel in protobuf text whose function attrs nest `depth` levels deep."""
    return ("saved_model_schema_version: 1 meta_graphs { graph_def { library { function { signature { name: 'f' } "
            "attr { key: 'a' value { " + "func { name: 'g' attr { key: 'b' value { " * depth + "}}}" * depth
            + "}}}}}}")


@pytest.mark.parametrize("depth", [400, 100000])
def test_deeply_nested_text_saved_model_is_io_error(tmp_path, depth):
    export_dir = str(tmp_path / "nested")
    os.makedirs(export_dir)
    with open(os.path.join(export_dir, "saved_model.pbtxt"), "w") as f:
        f.write(_nested_text(depth))
    with pytest.raises(IOError, match="saved_model.pbtxt.*nested more than 100 levels"):
        tf.saved_model.loader.load(tf.Session(graph=tf.Graph()), ["serve"], export_dir)


def test_deeply_nested_text_meta_graph_is_data_loss(tmp_path):
    path = str(tmp_path / "nested.meta")
    with open(path, "w") as f:
        f.write("graph_def { library { function { signature { name: 'f' } attr { key: 'a' value { "
                + "func { name: 'g' attr { key: 'b' value { " * 400 + "}}}" * 400 + "}}}}}")
    with pytest.raises(errors.DataLossError, match="nested.meta.*nested more than 100 levels"):
        tf.train.import_meta_graph(path)


def test_shallow_text_saved_model_still_loads_its_tags(tmp_path):
    export_dir = str(tmp_path / "shallow")
    os.makedirs(export_dir)
    with open(os.path.join(export_dir, "saved_model.pbtxt"), "w") as f:
        f.write(_nested_text(5).replace("signature { name: 'f' }", "signature { name: 'f' } # {{{{ a comment\n"))
    with pytest.raises(RuntimeError, match="could not be found"):  # parsed: it just has no 'serve' meta graph
        tf.saved_model.loader.load(tf.Session(graph=tf.Graph()), ["serve"], export_dir)


@st.composite
def hostile_meta_graph(draw, raw):
    """The model's MetaGraphDef with hostile collections, saver def or signature names."""
    from tfsess.protos import meta_graph_pb2  # optional dependency: protobuf
    meta = meta_graph_pb2.MetaGraphDef.FromString(raw)
    names = st.sampled_from(["x:0", "y:0", "w:0", "nothing:0", "y", "x:7", "", ":", "^y", "w/Assign", "w/read:0"])
    for _ in range(draw(st.integers(1, 3))):
        change = draw(st.sampled_from(["variables", "trainable_variables", "nodes", "ints", "saver"]))
        if change in ("variables", "trainable_variables"):
            collection = meta.collection_def[change]
            collection.bytes_list.value.append(draw(st.binary(max_size=24)))
        elif change == "nodes":
            meta.collection_def[draw(st.sampled_from(["outputs", "train_op", "cond_context"]))] \
                .node_list.value.append(draw(names))
        elif change == "ints":
            meta.collection_def["global_step"].int64_list.value.append(draw(_INT64))
        else:
            field = draw(st.sampled_from(["filename_tensor_name", "save_tensor_name", "restore_op_name"]))
            setattr(meta.saver_def, field, draw(names))
            meta.saver_def.max_to_keep = draw(st.integers(-2**31, 2**31 - 1))
    return meta


@pytest.fixture(scope="module")
def saver_meta_graph_bytes(tmp_path_factory):
    with tf.Graph().as_default():
        _model()
        saver = tf.train.Saver()
        return tf.train.export_meta_graph(saver_def=saver.as_saver_def()).SerializeToString()


@FUZZ
@given(data=st.data())
def test_import_of_a_meta_graph_with_hostile_collections_and_saver(saver_meta_graph_bytes, data):
    meta = data.draw(hostile_meta_graph(saver_meta_graph_bytes))

    def load():
        with tf.Graph().as_default():
            tf.train.import_meta_graph(meta)
    check_class(hostile_load(load, len(saver_meta_graph_bytes)), IMPORT_ERRORS)


@FUZZ_SLOW
@given(data=st.data())
def test_load_of_a_saved_model_with_a_hostile_meta_graph(tmp_path, saved_model_dir, data):
    export_dir = os.path.join(str(tmp_path), "hostile_export")
    if not os.path.isdir(export_dir):
        import shutil
        shutil.copytree(saved_model_dir, export_dir)
    saved = saved_model_pb2.SavedModel.FromString(open(os.path.join(saved_model_dir, "saved_model.pb"), "rb").read())
    hostile = data.draw(hostile_meta_graph(saved.meta_graphs[0].SerializeToString()))
    saved.meta_graphs[0].CopyFrom(hostile)
    signature = saved.meta_graphs[0].signature_def["serving_default"]
    signature.inputs["x"].name = data.draw(st.sampled_from(["x:0", "nothing:0", "x:5", ""]))
    raw = saved.SerializeToString()
    with open(os.path.join(export_dir, "saved_model.pb"), "wb") as f:
        f.write(raw)
    raised = hostile_load(lambda: _load_saved_model(export_dir), len(raw))
    # a saver or init op naming no tensor fails in Session.run as TF's does (KeyError/ValueError/TypeError)
    check_class(raised, IMPORT_ERRORS + (RuntimeError, KeyError, TypeError, errors.OpError))
