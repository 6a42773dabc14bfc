"""tf.raw_ops: keyword-only functions named and checked as TF's, one per op type tfsess builds.

The sweep rebuilds the op of every plain op example through tf.raw_ops (its inputs grouped by TF's
arguments, its attrs passed by their keywords) and checks the rebuilt op against the original:
same type, output dtypes, compatible shapes, and, for ops that are not stateful, the same values.
"""
import inspect

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import raw_op_calls
from tfsess.framework.graph_def import implicit_attrs
from tfsess.framework.registry import REGISTRY

from test_op_contract import EXAMPLES


def _error(fn):
    with pytest.raises(Exception) as info:
        fn()
    return type(info.value), str(info.value)


def test_listing_and_signatures():
    names = dir(tf.raw_ops)
    assert {"Add", "ConcatV2", "Conv2D", "QueueDequeueV2"} <= set(names)
    assert all(n in REGISTRY for n in names)
    assert str(inspect.signature(tf.raw_ops.Sum)) == "(input, axis, keep_dims=False, name=None)"
    assert str(inspect.signature(tf.raw_ops.Squeeze)) == "(input, axis=[], name=None)"
    assert tf.raw_ops.Add.__name__ == "add" and tf.raw_ops.ConcatV2.__name__ == "concat_v2"
    assert tf.compat.v1.raw_ops is tf.raw_ops
    with pytest.raises(AttributeError, match="has no attribute 'NotAnOp'"):
        tf.raw_ops.NotAnOp


def test_builds_names_and_converts_like_tf():
    with tf.Graph().as_default() as g:
        x = tf.constant([1.0, 2.0, 3.0])
        y = tf.raw_ops.Add(x=x, y=2)
        assert y.name == "Add:0" and y.dtype == tf.float32
        assert g.get_tensor_by_name("Add/y:0").dtype == tf.float32  # the Python value took x's dtype
        with tf.name_scope("scope"):
            assert tf.raw_ops.Mul(x=x, y=x, name="product").name == "scope/product:0"
        unique = tf.raw_ops.Unique(x=x)
        assert type(unique).__name__ == "Unique" and unique._fields == ("y", "idx")
        parts = tf.raw_ops.Split(axis=0, value=x, num_split=3)
        assert isinstance(parts, list) and len(parts) == 3
        assert isinstance(tf.raw_ops.NoOp(), tf.Operation)
        total = tf.raw_ops.Sum(input=x, axis=0, keep_dims=True)
        joined = tf.raw_ops.ConcatV2(values=[x, [4.0]], axis=0)
        with tf.Session() as sess:
            assert sess.run(y).tolist() == [3.0, 4.0, 5.0]
            assert sess.run(unique.idx).tolist() == [0, 1, 2]
            assert sess.run(total).tolist() == [6.0]
            assert sess.run(joined).tolist() == [1.0, 2.0, 3.0, 4.0]
        assert total.op.get_attr("keep_dims") is True and total.op.get_attr("Tidx") == tf.int32


def test_variables_and_refs():
    with tf.Graph().as_default():
        v = tf.Variable([1.0, 2.0])
        assigned = tf.raw_ops.Assign(ref=v, value=[5, 6.0])
        assert assigned.dtype == tf.float32_ref
        kind, message = _error(lambda: tf.raw_ops.Assign(ref=tf.constant([1.0, 2.0]), value=[1.0, 2.0]))
        assert kind is TypeError and message == ("'Assign' Op requires that input 'ref' be a mutable tensor "
                                                 "(e.g.: a tf.Variable)")
        with tf.Session() as sess:
            sess.run(v.initializer)
            assert sess.run(assigned).tolist() == [5.0, 6.0]


@pytest.mark.parametrize("call, kind, message", [
    (lambda x: tf.raw_ops.Add(x, 2), TypeError,
     "add only takes keyword args (possible keys: ['x', 'y', 'name']). Please pass these args as kwargs instead."),
    (lambda x: tf.raw_ops.Add(x=x), TypeError, "add() missing 1 required positional argument: 'y'"),
    (lambda x: tf.raw_ops.Conv2D(input=x), TypeError,
     "conv2d() missing 3 required positional arguments: 'filter', 'strides', and 'padding'"),
    (lambda x: tf.raw_ops.Add(x=x, y=x, T=tf.float32), TypeError, "add() got an unexpected keyword argument 'T'"),
    (lambda x: tf.raw_ops.Add(x=x, y=tf.constant([1, 2, 3])), TypeError,
     "Input 'y' of 'Add' Op has type int32 that does not match type float32 of argument 'x'."),
    (lambda x: tf.raw_ops.Add(x=1, y=2.5), TypeError,
     "Expected int32 passed to parameter 'y' of op 'Add', got 2.5 of type 'float' instead. Error: "),
    (lambda x: tf.raw_ops.MatMul(a=[[True]], b=[[True]]), TypeError,
     "Value passed to parameter 'a' has DataType bool not in list of allowed values: bfloat16, float16, "),
    (lambda x: tf.raw_ops.Sum(input=x, axis=0.5), TypeError,
     "Value passed to parameter 'reduction_indices' has DataType float32 not in list of allowed values: int32, "
     "int64"),
    (lambda x: tf.raw_ops.ConcatV2(values=x, axis=0), TypeError,
     "Expected list for 'values' argument to 'concat_v2' Op, not <tf.Tensor 'Const:0' shape=(3,) dtype=float32>."),
    (lambda x: tf.raw_ops.AddN(inputs=[]), ValueError,
     "List argument 'inputs' to 'AddN' Op with length 0 shorter than minimum length 1."),
    (lambda x: tf.raw_ops.AddN(inputs=[x, tf.constant([1, 2, 3])]), TypeError,
     "Tensors in list passed to 'inputs' of 'AddN' Op have types [float32, int32] that don't all match."),
    (lambda x: tf.raw_ops.Conv2D(input=x, filter=x, strides=2, padding="SAME"), TypeError,
     "Expected list for 'strides' argument to 'conv2d' Op, not 2."),
    (lambda x: tf.raw_ops.Conv2D(input=x, filter=x, strides=[1, 1, 1, 1], padding="BAD"), ValueError,
     "Attr 'padding' of 'Conv2D' Op passed string 'BAD' not in: \"SAME\", \"VALID\", \"EXPLICIT\"."),
    (lambda x: tf.raw_ops.Unpack(value=x, num="3"), TypeError, "Expected int for argument 'num' not '3'."),
    (lambda x: tf.raw_ops.Sum(input=x, axis=0, keep_dims="yes"), TypeError,
     "Expected bool for argument 'keep_dims' not 'yes'."),
    (lambda x: tf.raw_ops.Split(axis=0, value=x, num_split=0), ValueError,
     "Attr 'num_split' of 'Split' Op passed 0 less than minimum 1."),
    (lambda x: tf.raw_ops.QueueSizeV2(handle=x), TypeError,
     "Input 'handle' of 'QueueSizeV2' Op has type float32 that does not match expected type of resource."),
])
def test_errors_as_tf(call, kind, message):
    """The messages were checked against TF 2.21's tf.raw_ops; a failed call leaves no op of its type."""
    with tf.Graph().as_default() as g:
        x = tf.constant([1.0, 2.0, 3.0])
        before = len(g.get_operations())
        raised, text = _error(lambda: call(x))
        assert raised is kind and text.startswith(message)
        assert len([o for o in g.get_operations()[before:] if o.type not in ("Const",)]) == 0


def _plain_examples():
    return sorted(op_type for op_type, example in EXAMPLES.items()
                  if example.kind == "plain" and raw_op_calls.function(op_type) is not None)


def _keywords(spec, op):
    """The keyword arguments that rebuild `op` through tf.raw_ops."""
    attrs = {**op._attrs, **implicit_attrs(op, op._attrs)}
    kwargs, pos = {}, 0
    for py, _, count_attr, _, list_attr, _, _ in spec.inputs:
        if list_attr:
            n = len(attrs[list_attr])
        elif count_attr:
            n = attrs[count_attr]
        else:
            kwargs[py] = op.inputs[pos]
            pos += 1
            continue
        kwargs[py] = list(op.inputs[pos:pos + n])
        pos += n
    for py, attr in spec.attrs:
        if attr in attrs and attrs[attr] is not None or attr not in spec.defaults:
            kwargs[py] = attrs[attr]
    return kwargs


@pytest.mark.parametrize("op_type", _plain_examples())
def test_every_plain_example_rebuilds_through_raw_ops(op_type):
    example = EXAMPLES[op_type]
    spec = raw_op_calls._Spec(op_type, raw_op_calls._table()[op_type])
    with tf.Graph().as_default() as g:
        example.build(tf, *[tf.constant(a) for a in example.arrays])
        originals = [o for o in g.get_operations() if o.type == op_type]
        rebuilt = []
        for op in originals:
            out = getattr(tf.raw_ops, op_type)(**_keywords(spec, op))
            rebuilt.append(out if isinstance(out, tf.Operation) else g.get_operation_by_name(
                tf.nest.flatten(out)[0].op.name))
        for old, new in zip(originals, rebuilt):
            assert new.type == old.type and [t.dtype for t in new.outputs] == [t.dtype for t in old.outputs]
            # the public wrappers may know more of a shape than the op's inference (set_shape afterwards)
            assert all(a.shape.is_compatible_with(b.shape) for a, b in zip(new.outputs, old.outputs))
        if REGISTRY[op_type].stateful:
            return
        pairs = [(a, b) for old, new in zip(originals, rebuilt) for a, b in zip(old.outputs, new.outputs)
                 if a.dtype.base_dtype not in (tf.resource, tf.variant)]
        with tf.Session() as sess:
            values = sess.run([[a, b] for a, b in pairs])
        for (a, _), (va, vb) in zip(pairs, values):
            np.testing.assert_array_equal(np.asarray(va), np.asarray(vb), err_msg=a.name)


# tfsess builds these with a Python-side form of some TF attr or input (a dataset's element structure, a
# function, a format string made at run time), so the test cannot read TF's keywords back from the op
NOT_READ_BACK = {"While", "SnapshotDatasetV2", "RandomDataset", "PrintV2", "ParseSingleSequenceExample",
                 "ParseSequenceExampleV2", "ListDataset", "GeneratorDataset",
                 "DirectedInterleaveDataset", "ConcatenateDataset", "CSVDatasetV2"}


def _builder_examples():
    return sorted(op_type for op_type, example in EXAMPLES.items() if example.kind == "builder"
                  and raw_op_calls.function(op_type) is not None and op_type not in NOT_READ_BACK)


@pytest.mark.parametrize("op_type", _builder_examples())
def test_every_builder_example_rebuilds_through_raw_ops(op_type, tmp_path):
    """Ops that need state or context: the rebuilt op (beside the original) has its output dtypes and shapes."""
    spec = raw_op_calls._Spec(op_type, raw_op_calls._table()[op_type])
    with tf.Graph().as_default() as g:
        EXAMPLES[op_type].build(tf, tmp_path)
        originals = [o for o in g.get_operations() if o.type == op_type]
        for op in originals[:3]:
            out = getattr(tf.raw_ops, op_type)(**_keywords(spec, op))
            new = out if isinstance(out, tf.Operation) else tf.nest.flatten(out)[0].op
            assert new.type == op_type and [t.dtype for t in new.outputs] == [t.dtype for t in op.outputs]
            assert all(a.shape.is_compatible_with(b.shape) for a, b in zip(new.outputs, op.outputs))
