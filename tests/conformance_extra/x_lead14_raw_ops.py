"""tf.raw_ops: ops built by type with TF's keyword arguments (values, names, outputs, errors)."""
import inspect

from _harness import catch, message_has


def _node(op):
    return {"type": op.type, "name": op.name, "inputs": [t.name for t in op.inputs],
            "outputs": [[t.dtype.name, str(t.shape)] for t in op.outputs]}


def case_raw_ops_values_and_conversion(tf):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    added = tf.raw_ops.Add(x=x, y=1)
    with tf.name_scope("outer"):
        product = tf.raw_ops.MatMul(a=x, b=x, transpose_b=True, name="mm")
    mean = tf.raw_ops.Mean(input=x, axis=[0, 1], keep_dims=False)
    cast = tf.raw_ops.Cast(x=x, DstT=tf.int64)
    joined = tf.raw_ops.ConcatV2(values=[x, [[5.0, 6.0]]], axis=0)
    filled = tf.raw_ops.Fill(dims=[2, 3], value=7, name="seven")
    rng = tf.raw_ops.Range(start=0, limit=10, delta=3)
    sess = tf.Session()
    return {"values": sess.run([added, product, mean, cast, joined, filled, rng]),
            "nodes": [_node(t.op) for t in (added, product, mean, cast, joined, filled, rng)],
            "attrs": [product.op.get_attr("transpose_b"), mean.op.get_attr("keep_dims"),
                      cast.op.get_attr("DstT").name, filled.op.get_attr("T").name]}


def case_raw_ops_output_structures(tf):
    x = tf.constant([3, 1, 3, 2, 1])
    unique = tf.raw_ops.Unique(x=x, out_idx=tf.int64)
    top = tf.raw_ops.TopKV2(input=tf.cast(x, tf.float32), k=2)
    parts = tf.raw_ops.Split(axis=0, value=tf.reshape(x[:4], [4, 1]), num_split=2)
    unpacked = tf.raw_ops.Unpack(value=tf.reshape(x[:4], [2, 2]), num=2, axis=1)
    ident = tf.raw_ops.IdentityN(input=[x, tf.constant("s")])
    noop = tf.raw_ops.NoOp(name="nothing")
    sess = tf.Session()
    return {"kinds": [type(unique).__name__, list(unique._fields), type(top).__name__, list(top._fields),
                      type(parts).__name__, len(parts), type(unpacked).__name__, type(ident).__name__,
                      type(noop).__name__, noop.name],
            "unique": sess.run(unique), "top": sess.run(top), "parts": sess.run(parts),
            "unpacked": sess.run(unpacked), "ident": sess.run(ident),
            "idx_dtype": unique.idx.dtype.name}


def case_raw_ops_variables_queues_and_grads(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    assign = tf.raw_ops.AssignAdd(ref=v, value=[10, 20.0])
    q = tf.raw_ops.FIFOQueueV2(component_types=[tf.float32, tf.int32], shapes=[[], []], capacity=3)
    enq = tf.raw_ops.QueueEnqueueV2(handle=q, components=[1.5, 7])
    deq = tf.raw_ops.QueueDequeueV2(handle=q, component_types=[tf.float32, tf.int32])
    size = tf.raw_ops.QueueSizeV2(handle=q)
    w = tf.constant([2.0, 3.0])
    y = tf.raw_ops.Sum(input=tf.raw_ops.Square(x=w) * 2.0, axis=0)
    grad = tf.gradients(y, w)[0]
    sess = tf.Session()
    sess.run(v.initializer)
    sess.run(enq)
    return {"assign": sess.run(assign), "assign_dtype": assign.dtype.name, "size": sess.run(size),
            "deq": sess.run(deq), "deq_kind": type(deq).__name__, "grad": sess.run(grad),
            "enq_kind": type(enq).__name__, "q_dtype": q.dtype.name}


def case_raw_ops_argument_errors(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    return {"positional": message_has(lambda: tf.raw_ops.Add(x, 2), "only takes keyword args",
                                      "['x', 'y', 'name']"),
            "missing": message_has(lambda: tf.raw_ops.Add(x=x), "missing 1 required positional argument: 'y'"),
            "missing_many": message_has(lambda: tf.raw_ops.Conv2D(input=x), "'filter', 'strides', and 'padding'"),
            "unexpected": message_has(lambda: tf.raw_ops.Add(x=x, y=x, T=tf.float32),
                                      "unexpected keyword argument 'T'"),
            "mismatch": message_has(lambda: tf.raw_ops.Add(x=x, y=tf.constant([1, 2, 3])),
                                    "Input 'y' of 'Add' Op has type int32 that does not match type float32 of "
                                    "argument 'x'."),
            "mismatch_first_python": message_has(lambda: tf.raw_ops.Add(x=1, y=x),
                                                 "has type float32 that does not match type int32"),
            "bad_python": message_has(lambda: tf.raw_ops.Sub(x=x, y="a"),
                                      "Expected float32 passed to parameter 'y' of op 'Sub'"),
            "not_allowed": message_has(lambda: tf.raw_ops.MatMul(a=[[True]], b=[[False]]),
                                       "Value passed to parameter 'a' has DataType bool not in list"),
            "axis_type": message_has(lambda: tf.raw_ops.Sum(input=x, axis=0.5), "'reduction_indices'"),
            "not_list": message_has(lambda: tf.raw_ops.ConcatV2(values=x, axis=0),
                                    "Expected list for 'values' argument to 'concat_v2' Op"),
            "short_list": message_has(lambda: tf.raw_ops.AddN(inputs=[]), "shorter than minimum length 1"),
            "mixed_list": catch(lambda: tf.raw_ops.AddN(inputs=[x, tf.constant([1, 2, 3])])),
            "strides": message_has(lambda: tf.raw_ops.Conv2D(input=x, filter=x, strides=2, padding="SAME"),
                                   "Expected list for 'strides' argument to 'conv2d' Op, not 2."),
            "padding": message_has(lambda: tf.raw_ops.Conv2D(input=x, filter=x, strides=[1] * 4, padding="X"),
                                   "Attr 'padding' of 'Conv2D' Op passed string 'X' not in"),
            "int_attr": message_has(lambda: tf.raw_ops.Unpack(value=x, num="3"),
                                    "Expected int for argument 'num' not '3'."),
            "bool_attr": message_has(lambda: tf.raw_ops.Sum(input=x, axis=0, keep_dims=1),
                                     "Expected bool for argument 'keep_dims' not 1."),
            "minimum": message_has(lambda: tf.raw_ops.Split(axis=0, value=x, num_split=0),
                                   "passed 0 less than minimum 1"),
            "not_ref": message_has(lambda: tf.raw_ops.Assign(ref=x, value=x),
                                   "'Assign' Op requires that input 'ref' be a mutable tensor"),
            "still_usable": tf.Session().run(tf.raw_ops.Add(x=x, y=x))}


def case_raw_ops_signatures_and_shape_errors(tf):
    x = tf.constant([[1.0, 2.0]])
    return {"signatures": [str(inspect.signature(getattr(tf.raw_ops, n)))
                           for n in ("Add", "Sum", "Squeeze", "Conv2D", "Placeholder", "QueueDequeueV2")],
            "names": [getattr(tf.raw_ops, n).__name__ for n in ("Add", "ConcatV2", "TopKV2", "BiasAdd", "Conv2D")],
            "listed": [n in dir(tf.raw_ops) for n in ("Add", "MatMul", "NoOp")],
            "shape_error": catch(lambda: tf.raw_ops.MatMul(a=x, b=x)),
            "placeholder": [str(tf.raw_ops.Placeholder(dtype=tf.float32)),
                            str(tf.raw_ops.Placeholder(dtype=tf.int32, shape=[None, 2], name="p"))],
            "squeeze": tf.raw_ops.Squeeze(input=tf.zeros([1, 2, 1]), axis=[2]).shape.as_list(),
            "reshape": tf.raw_ops.Reshape(tensor=x, shape=[2, 1]).shape.as_list()}
