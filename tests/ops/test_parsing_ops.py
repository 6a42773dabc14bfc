"""parse_example, parse_single_example, parse_single_sequence_example over real Example protos."""
import numpy as np
import pytest

import tfsess as tf

pytest.importorskip("google.protobuf")


def _example(**features):
    feats = {}
    for key, values in features.items():
        if isinstance(values[0], bytes):
            feats[key] = tf.train.Feature(bytes_list=tf.train.BytesList(value=values))
        elif isinstance(values[0], float):
            feats[key] = tf.train.Feature(float_list=tf.train.FloatList(value=values))
        else:
            feats[key] = tf.train.Feature(int64_list=tf.train.Int64List(value=values))
    return tf.train.Example(features=tf.train.Features(feature=feats)).SerializeToString()


FEATURES = {"a": tf.FixedLenFeature([2], tf.float32), "b": tf.VarLenFeature(tf.int64),
            "c": tf.FixedLenFeature([], tf.int64, default_value=7), "s": tf.FixedLenFeature([], tf.string)}


def test_parse_single_example(g):
    parsed = tf.parse_single_example(_example(a=[1.0, 2.0], b=[-3, 4], s=[b"x"]), FEATURES)
    assert parsed["a"].shape.as_list() == [2] and parsed["b"].indices.shape.as_list() == [None, 1]
    out = tf.Session().run(parsed)
    np.testing.assert_array_equal(out["a"], [1.0, 2.0])
    np.testing.assert_array_equal(out["b"].values, [-3, 4])
    np.testing.assert_array_equal(out["b"].dense_shape, [2])
    assert out["c"] == 7 and out["s"] == b"x"


def test_parse_example_batches_and_pads(g):
    batch = [_example(a=[1.0, 2.0], b=[1, 2, 3], s=[b"x"]), _example(a=[3.0, 4.0], s=[b"y"], c=[1])]
    out = tf.Session().run(tf.io.parse_example(batch, FEATURES))
    np.testing.assert_array_equal(out["c"], [7, 1])
    np.testing.assert_array_equal(out["b"].indices, [[0, 0], [0, 1], [0, 2]])
    np.testing.assert_array_equal(out["b"].dense_shape, [2, 3])
    seq = tf.parse_example(batch, {"a": tf.FixedLenSequenceFeature([1], tf.float32, allow_missing=True)})
    assert seq["a"].shape.as_list() == [2, None, 1]


@pytest.mark.parametrize("features,match", [
    ({"a": tf.FixedLenFeature([3], tf.float32)}, "Values size"),
    ({"a": tf.FixedLenFeature([2], tf.int64)}, "Data types don't match"),
    ({"z": tf.FixedLenFeature([], tf.int64)}, "required"),
])
def test_bad_examples_name_the_feature(g, features, match):
    parsed = tf.parse_example([_example(a=[1.0, 2.0])], features)
    with pytest.raises(tf.errors.InvalidArgumentError, match=match):
        tf.Session().run(parsed)


@pytest.mark.parametrize("features,message", [
    ({"a": tf.FixedLenFeature([3], tf.float32)}, "Key: a.  Can't parse serialized Example: Some float_list slice was not parsed."),
    ({"a": tf.FixedLenFeature([], tf.string)}, "Key: a.  Data types don't match. Data type: float but expected type: string"),
    ({"a": tf.VarLenFeature(tf.int64)}, "Key: a.  Data types don't match. Expected type: int64, Actual type: float"),
    ({"z": tf.FixedLenFeature([], tf.float32)}, "Feature: z (data type: float) is required but could not be found."),
    ({"a": tf.FixedLenSequenceFeature([3], tf.float32, allow_missing=True)},
     "Error while parsing feature with key a: number of elements should be divisible by 3, found 2 instead"),
])
def test_single_example_errors_use_the_single_parser_messages(g, features, message):
    parsed = tf.parse_single_example(_example(a=[1.0, 2.0]), features)
    sess = tf.Session()
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        sess.run(parsed)
    assert info.value.message.startswith(message)


def test_parse_single_sequence_example(g):
    se = tf.train.SequenceExample()
    se.context.feature["n"].int64_list.value.append(2)
    for v in ([1, 2], [3, 4]):
        se.feature_lists.feature_list["tok"].feature.add().int64_list.value.extend(v)
    context, lists = tf.parse_single_sequence_example(
        se.SerializeToString(), {"n": tf.FixedLenFeature([], tf.int64)},
        {"tok": tf.FixedLenSequenceFeature([2], tf.int64), "gone": tf.VarLenFeature(tf.float32)})
    c, fl = tf.Session().run([context, lists])
    assert c["n"] == 2
    np.testing.assert_array_equal(fl["tok"], [[1, 2], [3, 4]])
    assert fl["gone"].values.size == 0


def test_parse_inside_a_dataset_map(g):
    ds = tf.data.Dataset.from_tensor_slices([_example(a=[1.0, 2.0], s=[b"p"])]).map(
        lambda r: tf.parse_single_example(r, FEATURES))
    assert ds.output_classes["b"] is tf.SparseTensor
    out = tf.Session().run(tf.data.make_one_shot_iterator(ds).get_next())
    assert out["s"] == b"p"


def test_build_time_errors_in_tf_words(g):
    ex = _example(a=[1.0, 2.0])
    with pytest.raises(TypeError, match="parameter 'dense_defaults' has DataType float64 not in list of allowed "
                                        "values: float32, int64, string"):
        tf.parse_single_example(ex, {"a": tf.FixedLenFeature([2], tf.float64)})
    with pytest.raises(TypeError, match="parameter 'sparse_types' has DataType int32"):
        tf.parse_single_example(ex, {"a": tf.VarLenFeature(tf.int32)})
    with pytest.raises(ValueError, match=r"Cannot reshape a tensor with 1 elements to shape \[2\] \(2 elements\)"):
        tf.parse_single_example(ex, {"z": tf.FixedLenFeature([2], tf.float32, default_value=1.5)})
    with pytest.raises(ValueError, match="First dimension of shape for feature a unknown"):
        tf.parse_single_example(ex, {"a": tf.FixedLenFeature([None], tf.float32)})
    with pytest.raises(ValueError, match="^Unsupported str float for key 'a'$"):
        tf.parse_single_example(ex, {"a": "float"})
    with pytest.raises(ValueError, match="^Input serialized must be a scalar$"):
        tf.parse_single_example([ex, ex], {"a": tf.FixedLenFeature([2], tf.float32)})
    with pytest.raises(TypeError, match="Input 'serialized' of 'ParseExampleV2' Op has type int32"):
        tf.parse_single_example(tf.constant(1), {"a": tf.FixedLenFeature([2], tf.float32)})


def test_named_parse_example_names_its_op_after_the_scope(g):
    assert tf.parse_example([_example(a=[1.0, 2.0])], {"a": tf.FixedLenFeature([2], tf.float32)},
                            name="pe")["a"].name == "pe/pe:0"
    assert tf.parse_single_example(_example(a=[1.0, 2.0]), {"a": tf.FixedLenFeature([2], tf.float32)},
                                   name="one")["a"].name == "one/one/one:0"


def test_example_names_appear_in_batch_errors(g):
    parsed = tf.parse_example([_example(a=[1.0, 2.0]), _example(a=[1.0])], {"a": tf.FixedLenFeature([2], tf.float32)},
                              example_names=["first", b"second"])
    with pytest.raises(tf.errors.InvalidArgumentError, match="^Name: second, Key: a, Index: 1.  Number of float"):
        tf.Session().run(parsed)


def test_parse_example_is_tfs_op_and_round_trips_through_a_graph_def():
    """ParseExampleV2 has TF's inputs (keys as string tensors) and attrs, so its GraphDef imports (TF's too)."""
    features = {"a": tf.io.FixedLenFeature([2], tf.float32), "b": tf.io.VarLenFeature(tf.int64),
                "c": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True),
                "d": tf.io.FixedLenSequenceFeature([2], tf.string, allow_missing=True, default_value="x"),
                "e": tf.io.FixedLenFeature([], tf.int64, default_value=3)}
    feature = tf.train.Feature
    ex = tf.train.Example(features=tf.train.Features(feature={
        "a": feature(float_list=tf.train.FloatList(value=[1, 2])),
        "b": feature(int64_list=tf.train.Int64List(value=[5, 6])),
        "c": feature(int64_list=tf.train.Int64List(value=[9, 8])),
        "d": feature(bytes_list=tf.train.BytesList(value=[b"p", b"q"]))})).SerializeToString()
    with tf.Graph().as_default() as g:
        s = tf.placeholder(tf.string, [None], name="s")
        parsed = tf.io.parse_example(s, features)
        op = g.get_operation_by_name("ParseExample/ParseExampleV2")
        assert [t.op.name for t in op.inputs[:5]] == ["s", "ParseExample/ParseExampleV2/names",
                                                      "ParseExample/ParseExampleV2/sparse_keys",
                                                      "ParseExample/ParseExampleV2/dense_keys",
                                                      "ParseExample/ParseExampleV2/ragged_keys"]
        node = [n for n in g.as_graph_def().node if n.op == "ParseExampleV2"][0]
        assert node.attr["num_sparse"].i == 1
        assert [[d.size for d in shape.dim] for shape in node.attr["dense_shapes"].list.shape] == \
            [[2], [-1], [-1, 2], []]
        want = tf.Session().run(parsed, {s: [ex, ex]})
        graph_def = g.as_graph_def()
    with tf.Graph().as_default():
        tf.import_graph_def(graph_def, name="")
        got = tf.Session().run([f"ParseExample/ParseExampleV2:{i}" for i in range(3, 7)], {"s:0": [ex, ex]})
    for key, value in zip("acde", got):
        np.testing.assert_array_equal(value, want[key])
    assert want["d"][0].tolist() == [[b"p", b"q"]] and want["e"].tolist() == [3, 3]
