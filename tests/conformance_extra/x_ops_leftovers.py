"""Leftover ops: Cast from the float types to the narrow integer types (TF's packet loops), dropout's
rate checks, sdca_fprint / sdca_shrink_l1, the GPU-only conv2d backprop V2 ops, sobol_sample's graph
side, static_state_saving_rnn and the SequenceExample parsers."""
import numpy as np

from _harness import catch, message_has

_VALUES = np.array([300.7, -300.2, 1e10, -1e10, np.nan, np.inf, -np.inf, 70000.5, -129.9, 255.9, 4e9, -5e9])


def _casts(tf, src, dsts, lengths, values=_VALUES):
    out = {}
    with tf.Session() as sess:
        for dst in dsts:
            for n in lengths:
                with np.errstate(all="ignore"):
                    x = np.resize(values, n).astype(src)
                out[f"{dst}_{n}"] = sess.run(tf.cast(tf.constant(x), getattr(tf, dst))).tolist()
    return out


def case_x_ops_leftovers_cast_double_to_narrow(tf):
    return _casts(tf, "float64", ["int8", "uint8", "int16", "uint16"], [12, 16, 20, 33])


def case_x_ops_leftovers_cast_float_to_narrow(tf):
    return _casts(tf, "float32", ["int8", "uint8", "int16", "uint16"], [20, 31, 32, 48, 65])


def case_x_ops_leftovers_cast_half_to_narrow(tf):
    return _casts(tf, "float16", ["int8", "uint8", "int16", "uint16", "uint32"], [12, 16, 17, 24])


def case_x_ops_leftovers_cast_to_uint32(tf):
    edges = np.array([-2147483904.0, 4294967040.0, 4294967296.0, np.nan, -1.0, 1e10, -5e9, 70000.0, -0.5])
    return {"f64": _casts(tf, "float64", ["uint32"], [5, 8, 9, 15, 16, 17], edges),
            "f32": _casts(tf, "float32", ["uint32"], [5, 8, 12, 20], edges)}


def case_x_ops_leftovers_cast_to_uint64_and_wide(tf):
    edges = np.array([1.5e19, -1.0, np.nan, 1.9e19, -9.3e18, 9.3e18, 4294967296.0, -0.5, np.inf])
    return _casts(tf, "float64", ["uint64", "int64", "int32"], [3, 9, 16], edges)


def case_x_ops_leftovers_cast_double_to_uint8_through_int16(tf):
    values = np.array([40000., 70000., -40000., -70000., 32767.5, 32768., 65535., 65536., 1e10, np.nan])
    return _casts(tf, "float64", ["uint8", "int8"], [10, 16, 32], values)


def case_x_ops_leftovers_cast_packets_over_the_flat_tensor(tf):
    x = np.full([3, 7], 300.7)
    with tf.Session() as sess:
        return {"f64_2d": sess.run(tf.cast(tf.constant(x), tf.int8)).tolist(),
                "f32_4d": sess.run(tf.cast(tf.constant(np.full([2, 4, 3, 2], 300.7, np.float32)), tf.uint8)).tolist(),
                "in_range": sess.run(tf.cast(tf.constant(np.linspace(-100, 100, 37)), tf.int8)).tolist()}


def case_x_ops_leftovers_dropout_rate_checks(tf):
    x = tf.ones([4])
    return {"bool": message_has(lambda: tf.nn.dropout(x, rate=True), "in the range [0, 1)", "rate=True"),
            "np_array": message_has(lambda: tf.nn.dropout(x, rate=np.array(0.5)), "must be a scalar or scalar tensor"),
            "list": message_has(lambda: tf.nn.dropout(x, rate=[0.5]), "must be a scalar or scalar tensor"),
            "string": message_has(lambda: tf.nn.dropout(x, rate="a"), "must be a scalar or scalar tensor"),
            "vector": message_has(lambda: tf.nn.dropout(x, rate=tf.constant([0.5, 0.5])), "must have rank 0"),
            "negative": message_has(lambda: tf.nn.dropout(x, rate=-0.1), "in the range [0, 1)"),
            "int_x": message_has(lambda: tf.nn.dropout(tf.ones([2], tf.int32), rate=0.5), "floating point tensor")}


def case_x_ops_leftovers_dropout_rate_dtypes(tf):
    x = tf.ones([4])
    return {"f64": message_has(lambda: tf.nn.dropout(x, rate=tf.constant(0.5, tf.float64)), "must be compatible"),
            "int": message_has(lambda: tf.nn.dropout(x, rate=tf.constant(0, tf.int32)), "must be compatible"),
            "f16": message_has(lambda: tf.nn.dropout(x, rate=tf.constant(0.5, tf.float16)), "must be compatible"),
            "stateless_f64": message_has(lambda: tf.nn.experimental.stateless_dropout(
                x, rate=tf.constant(0.5, tf.float64), seed=[1, 2]), "must be compatible"),
            "stateless_bool": message_has(lambda: tf.nn.experimental.stateless_dropout(x, rate=True, seed=[1, 2]),
                                          "in the range [0, 1)")}


def case_x_ops_leftovers_dropout_graphs(tf):
    x = tf.ones([4])
    zero, false = tf.nn.dropout(x, rate=0.0), tf.nn.dropout(x, rate=False)
    number = tf.nn.dropout(x, rate=np.float64(0.5), seed=1)
    tensor = tf.nn.dropout(x, keep_prob=tf.constant(0.5), seed=2)
    return {"zero_is_x": zero is x, "false_is_x": false is x,
            "number": [number.op.type, [i.op.type for i in number.op.inputs]],
            "tensor": [tensor.op.type, [i.op.type for i in tensor.op.inputs]]}


def case_x_ops_leftovers_stateless_dropout_values(tf):
    x = tf.reshape(tf.range(1.0, 13.0), [3, 4])
    with tf.Session() as sess:
        return sess.run({
            "plain": tf.nn.experimental.stateless_dropout(x, rate=0.5, seed=[1, 2]),
            "noise_shape": tf.nn.experimental.stateless_dropout(x, rate=0.25, seed=[3, 4], noise_shape=[3, 1]),
            "tensor_rate": tf.nn.experimental.stateless_dropout(x, rate=tf.constant(0.4), seed=[5, 6]),
            "zero": tf.nn.experimental.stateless_dropout(x, rate=0.0, seed=[5, 6])})


def case_x_ops_leftovers_sdca_fprint(tf):
    strings = [b"", b"a", b"ab", b"hello", b"0123456789abcdef", b"x" * 17, b"y" * 64, b"z" * 127, b"w" * 128,
               b"v" * 200, bytes(range(256))]
    t = tf.train.sdca_fprint(tf.constant(strings))
    p = tf.placeholder(tf.string)
    unknown = tf.train.sdca_fprint(p)
    with tf.Session() as sess:
        return {"value": sess.run(t), "shape": t.shape.as_list(), "unknown": unknown.shape.as_list(),
                "type": t.op.type, "name": t.op.name, "empty": sess.run(unknown, {p: np.zeros([0], object)}).shape}


def case_x_ops_leftovers_sdca_fprint_errors(tf):
    p = tf.placeholder(tf.string)
    f = tf.train.sdca_fprint(p)
    with tf.Session() as sess:
        run = catch(sess.run, f, {p: [[b"x"]]})
    return {"scalar": message_has(lambda: tf.train.sdca_fprint(tf.constant("a")), "Shape must be rank 1 but is rank 0"),
            "matrix": message_has(lambda: tf.train.sdca_fprint(tf.constant([[b"a"]])), "but is rank 2"),
            "run": run, "int": catch(tf.train.sdca_fprint, tf.constant([1]))}


def case_x_ops_leftovers_sdca_shrink_l1(tf):
    a = tf.Variable([1.0, -0.2, 0.5, -3.0, 0.2, -0.21])
    b = tf.Variable([[0.05, 2.0], [-7.5, 0.0]])
    op = tf.train.sdca_shrink_l1([a, b], l1=0.4, l2=2.0)
    again = tf.train.sdca_shrink_l1([b], l1=3.0, l2=0.5)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(op)
        first = sess.run([a, b])
        sess.run(again)
        return {"first": first, "second": sess.run(b), "type": op.type, "outputs": len(op.outputs),
                "inputs": [str(i.dtype) for i in op.inputs], "num": op.get_attr("num_features")}


def case_x_ops_leftovers_sdca_shrink_l1_errors(tf):
    return {"constant": message_has(lambda: tf.train.sdca_shrink_l1([tf.constant([1.0])], l1=0.4, l2=2.0),
                                    "requires that input 'weights' be a mutable tensor"),
            "empty": catch(lambda: tf.train.sdca_shrink_l1([], l1=0.4, l2=2.0).type)}


def case_x_ops_leftovers_conv2d_backprop_v2_graph(tf):
    x = np.ones([2, 5, 5, 3], np.float32)
    f = np.ones([3, 3, 3, 4], np.float32)
    dy = np.ones([2, 3, 3, 4], np.float32)
    dx = tf.conv2d_backprop_input_v2(x, f, dy, strides=[1, 2, 2, 1], padding="SAME")
    df = tf.conv2d_backprop_filter_v2(x, f, dy, [1, 2, 2, 1], "VALID", data_format="NHWC")
    unknown = tf.conv2d_backprop_input_v2(tf.placeholder(tf.float32), f, dy, [1, 2, 2, 1], "SAME")
    return {"dx": [dx.op.type, dx.op.name, dx.shape.as_list(), [t.name for t in dx.op.inputs]],
            "df": [df.op.type, df.op.name, df.shape.as_list()], "unknown": str(unknown.shape),
            "attrs": [dx.op.get_attr("padding"), dx.op.get_attr("strides"), dx.op.get_attr("data_format")]}


def case_x_ops_leftovers_conv2d_backprop_v2_no_cpu_kernel_no_gradient(tf):
    f = tf.constant(np.ones([3, 3, 3, 4], np.float32))
    dx = tf.conv2d_backprop_input_v2(np.ones([2, 5, 5, 3], np.float32), f, np.ones([2, 3, 3, 4], np.float32),
                                     strides=[1, 2, 2, 1], padding="SAME")
    with tf.Session() as sess:
        ran = message_has(lambda: sess.run(dx), "No OpKernel was registered to support Op 'Conv2DBackpropInputV2'")
    return {"run": ran, "grad": catch(tf.gradients, dx, [f])}


def case_x_ops_leftovers_sobol_sample_graph(tf):
    t = tf.math.sobol_sample(3, 4)
    t64 = tf.math.sobol_sample(5, 2, skip=7, dtype=tf.float64, name="mine")
    unknown = tf.math.sobol_sample(tf.placeholder(tf.int32, []), 4)
    return {"t": [t.op.type, t.op.name, t.shape.as_list(), str(t.dtype), [i.op.name for i in t.op.inputs]],
            "t64": [t64.op.name, str(t64.dtype), t64.shape.as_list()], "unknown": str(unknown.shape),
            "int_dtype": message_has(lambda: tf.math.sobol_sample(2, 2, dtype=tf.int32), "not in list of allowed"),
            "vector_dim": message_has(lambda: tf.math.sobol_sample([2], 2), "Shape must be rank 0 but is rank 1")}


class _VariableSaver:
    def __init__(self, tf, sizes):
        self.tf = tf
        self.variables = {n: tf.Variable(tf.zeros([2, s]), trainable=False, name="saved_" + n)
                          for n, s in sizes.items()}

    def state(self, name):
        return self.variables[name].value()

    def save_state(self, name, value):
        return self.tf.assign(self.variables[name], value).op


def _rnn_inputs(tf):
    return [tf.constant(np.linspace(-1, 1, 8).reshape(2, 4).astype(np.float32) * (i + 1)) for i in range(3)]


def case_x_ops_leftovers_state_saving_rnn_lstm(tf):
    cell = tf.nn.rnn_cell.LSTMCell(3, initializer=tf.constant_initializer(0.1))
    outputs, state = tf.nn.static_state_saving_rnn(cell, _rnn_inputs(tf), _VariableSaver(tf, {"c": 3, "h": 3}),
                                                   ("c", "h"))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        runs = [sess.run([outputs, state]) for _ in range(2)]
    return {"runs": runs, "types": [o.op.type for o in outputs],
            "deps": sorted(op.type for op in outputs[-1].op.control_inputs)}


def case_x_ops_leftovers_state_saving_rnn_gru_and_errors(tf):
    cell = tf.nn.rnn_cell.GRUCell(3, kernel_initializer=tf.constant_initializer(0.1))
    saver = _VariableSaver(tf, {"s": 3, "c": 3, "h": 3})
    outputs, state = tf.nn.static_state_saving_rnn(cell, _rnn_inputs(tf), saver, "s", sequence_length=[2, 3])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        runs = [sess.run([outputs[-1], state]) for _ in range(2)]
    lstm = tf.nn.rnn_cell.LSTMCell(3)
    return {"runs": runs,
            "flat_name": message_has(lambda: tf.nn.static_state_saving_rnn(lstm, _rnn_inputs(tf), saver, "c"),
                                     "should be the same type as `cell.state_size`"),
            "count": message_has(lambda: tf.nn.static_state_saving_rnn(lstm, _rnn_inputs(tf), saver, ("c", "h", "s")),
                                 "are mismatched", "with 3 elements")}


def case_x_ops_leftovers_sequence_example_parsers_agree(tf):
    ctx = {"c": tf.io.FixedLenFeature([], tf.int64, default_value=7), "v": tf.io.VarLenFeature(tf.string)}
    seq = {"s": tf.io.FixedLenSequenceFeature([], tf.float32, allow_missing=True), "w": tf.io.VarLenFeature(tf.int64)}
    batch = tf.io.parse_sequence_example(tf.constant([b"", b""]), context_features=ctx, sequence_features=seq)
    single = tf.io.parse_single_sequence_example(tf.constant(b""), context_features=ctx, sequence_features=seq)
    with tf.Session() as sess:
        (context, lists, lengths), (one_context, one_lists) = sess.run([batch, single])
    return {"c": context["c"], "v": context["v"].dense_shape, "s": lists["s"].shape, "w": lists["w"].dense_shape,
            "len": lengths["s"], "one_c": one_context["c"], "one_s": one_lists["s"].shape,
            "one_w": one_lists["w"].dense_shape}


def case_x_ops_leftovers_parameterized_truncated_normal_samplers(tf):
    f = tf.random.stateless_parameterized_truncated_normal
    with tf.Session() as sess:
        return sess.run({
            "default": f([7], [1, 2]),
            "randn": f([3, 4], [3, 4], means=[0.0, 1.0, 2.0, 3.0], minvals=-3.0, maxvals=[3.0, 4.0, 5.0, 6.0]),
            "uniform": f([5, 2], [5, 6], minvals=[0.1, 1.0], maxvals=[0.3, 1.2]),
            "exponential": f([6], [7, 8], minvals=2.5, maxvals=np.inf),
            "flipped": f([6], [7, 8], stddevs=2.0, minvals=-np.inf, maxvals=-3.0),
            "batch2d": f([2, 2, 3], [4, 4], means=[[0.0], [5.0]], stddevs=[1.0, 2.0, 3.0], minvals=-1.0, maxvals=1.0)})


def case_x_ops_leftovers_parameterized_truncated_normal_types_and_shards(tf):
    f = tf.random.stateless_parameterized_truncated_normal
    f64 = [tf.constant(v, tf.float64) for v in (1.0, 0.5, 0.0, 10.0)]
    f16 = [tf.constant(v, tf.float16) for v in (0.0, 1.0, -1.0, 1.0)]
    with tf.Session() as sess:
        out = sess.run({"f64": f([4, 3], [9, 10], *f64), "f16": f([6], [1, 3], *f16),
                        "sharded": f([2000], [2, 2], minvals=-0.5, maxvals=0.5),
                        "sharded_f64": f([1000], [2, 3], *[tf.constant(v, tf.float64) for v in (0.0, 1.0, -0.5, 0.5)]),
                        "int64_shape": f(tf.constant([2, 2], tf.int64), tf.constant([1, 2], tf.int32))})
    out["sharded"] = out["sharded"][::97]
    out["sharded_f64"] = out["sharded_f64"][::41]
    return out


def case_x_ops_leftovers_parameterized_truncated_normal_errors(tf):
    f = tf.random.stateless_parameterized_truncated_normal
    t = f([2, 3], [1, 2])
    with tf.Session() as sess:
        return {"graph": [t.op.type, t.op.name, t.shape.as_list(), str(t.dtype), str(f(tf.placeholder(tf.int32, [2]),
                                                                                       [1, 2]).shape)],
                "seed": message_has(lambda: f([3], [1, 2, 3]), "Dimension must be 2 but is 3"),
                "stddev": catch(sess.run, f([3], [1, 2], stddevs=0.0)),
                "bounds": catch(sess.run, f([3], [1, 2], minvals=1.0, maxvals=0.0)),
                "infinite": catch(sess.run, f([3], [1, 2], minvals=-np.inf, maxvals=np.inf)),
                "shape": catch(sess.run, f([3, 2], [1, 2], means=[1.0, 2.0, 3.0])),
                "bcast": message_has(lambda: f([3, 2], [1, 2], means=[1.0, 2.0], stddevs=[1.0, 2.0, 3.0]),
                                     "Dimensions must be equal, but are"),
                "seed_type": t.op.get_attr("Tseed").name}
