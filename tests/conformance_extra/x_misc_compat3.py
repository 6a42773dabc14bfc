"""The remaining tf.compat.v1 names: IndexedSlicesSpec, NoneTensorSpec, TensorArraySpec, OptionalSpec and
tf.experimental.Optional; tf.experimental's type-based dispatch decorators; the float8/int4/... dtypes of
tf.experimental; the TF2 switches in graph mode (tensor equality, eager execution, check_numerics);
small namespaces (saved_model constants and MethodNameUpdater, tf.test helpers, tf.summary's TF2 hooks)."""
import os
import shutil
import tempfile
import typing
import unittest

import numpy as np

from _harness import catch, message_has


def _specs_reprs(specs):
    return [repr(s) for s in specs]


# ----------------------------------------------------------------------------- type specs
def case_x_misc_compat3_indexed_slices_spec_compat(tf):
    s = tf.IndexedSlicesSpec([None, 3], tf.float32)
    exact = tf.IndexedSlicesSpec([5, 3])
    int_indices = tf.IndexedSlicesSpec([5, 3], tf.float32, tf.int32)
    return {"reprs": _specs_reprs([s, tf.IndexedSlicesSpec(), tf.IndexedSlicesSpec([2], tf.int32, tf.int32, tf.int64,
                                                                                 [7])]),
            "compatible": [s.is_compatible_with(exact), s.is_compatible_with(int_indices),
                           s.is_compatible_with(tf.IndexedSlicesSpec([5, 4])), exact.is_compatible_with(s),
                           s.is_compatible_with(tf.TensorSpec([5, 3]))],
            "merged": repr(s.most_specific_compatible_type(exact)),
            "merged_dense": repr(tf.IndexedSlicesSpec([None, 3], dense_shape_dtype=tf.int64)
                                 .most_specific_compatible_type(tf.IndexedSlicesSpec([4, None],
                                                                                     dense_shape_dtype=tf.int64))),
            "bad_merge": catch(s.most_specific_compatible_type, tf.IndexedSlicesSpec([5, 3], tf.int32)),
            "bad_merge_type": catch(s.most_specific_compatible_type, tf.TensorSpec([5, 3])),
            "value_type": s.value_type.__name__}


def case_x_misc_compat3_indexed_slices_spec_equality(tf):
    a, b = tf.IndexedSlicesSpec([None, 3]), tf.IndexedSlicesSpec([None, 3])
    c = tf.IndexedSlicesSpec([None, 3], indices_shape=[4])
    return {"eq": [a == b, a != b, a == c, a == tf.TensorSpec([None, 3])], "hash": hash(a) == hash(b),
            "in_set": len({a, b, c}), "bad_indices_shape": catch(tf.IndexedSlicesSpec, [2], indices_shape=[2, 2])}


def case_x_misc_compat3_none_tensor_spec(tf):
    s = tf.NoneTensorSpec()
    return {"repr": repr(s), "eq": [s == tf.NoneTensorSpec(), s != tf.NoneTensorSpec(), s == tf.TensorSpec([])],
            "hash": hash(s) == hash(tf.NoneTensorSpec()), "compatible": s.is_compatible_with(tf.NoneTensorSpec()),
            "merged": repr(s.most_specific_compatible_type(tf.NoneTensorSpec())),
            "bad_merge": catch(s.most_specific_compatible_type, tf.TensorSpec([])),
            "value_type": s.value_type.__name__}


def case_x_misc_compat3_tensor_array_spec(tf):
    s = tf.TensorArraySpec([None, 2], tf.int32)
    no_infer = tf.TensorArraySpec([3, 2], tf.int32, infer_shape=False)
    dynamic = tf.TensorArraySpec([3, 2], tf.int32, dynamic_size=True)
    return {"reprs": _specs_reprs([s, tf.TensorArraySpec(), no_infer, dynamic]),
            "compatible": [s.is_compatible_with(no_infer), s.is_compatible_with(dynamic),
                           s.is_compatible_with(tf.TensorArraySpec([3, 3], tf.int32)),
                           s.is_compatible_with(tf.TensorArraySpec([3, 2], tf.float32))],
            "merged": repr(s.most_specific_compatible_type(no_infer)),
            "bad_merge": catch(s.most_specific_compatible_type, dynamic),
            "eq": [s == tf.TensorArraySpec([None, 2], tf.int32), s == no_infer],
            "value_type": s.value_type.__name__}


def case_x_misc_compat3_tensor_array_spec_from_value(tf):
    ta = tf.TensorArray(tf.float32, size=2, element_shape=[3])
    grown = tf.TensorArray(tf.int64, size=0, dynamic_size=True, infer_shape=False)
    return {"specs": _specs_reprs([tf.TensorArraySpec.from_value(ta), tf.TensorArraySpec.from_value(grown)]),
            "compatible": tf.TensorArraySpec([None], tf.float32).is_compatible_with(ta),
            "not_ta": catch(tf.TensorArraySpec.from_value, tf.constant(1))}


def case_x_misc_compat3_optional_spec(tf):
    s = tf.OptionalSpec(tf.TensorSpec([2], tf.float32))
    loose = tf.OptionalSpec(tf.TensorSpec([None], tf.float32))
    nested = tf.OptionalSpec({"a": tf.TensorSpec([], tf.int32), "b": tf.TensorSpec([None, 2], tf.float32)})
    return {"reprs": _specs_reprs([s, nested]), "value_type": issubclass(s.value_type, tf.experimental.Optional),
            "compatible": [s.is_compatible_with(loose), loose.is_compatible_with(s),
                           s.is_compatible_with(tf.OptionalSpec(tf.TensorSpec([2], tf.int32))),
                           s.is_compatible_with(nested)],
            "merged": repr(s.most_specific_compatible_type(tf.OptionalSpec(tf.TensorSpec([3], tf.float32)))),
            "eq": [s == tf.OptionalSpec(tf.TensorSpec([2], tf.float32)), s == loose],
            "hash": hash(s) == hash(tf.OptionalSpec(tf.TensorSpec([2], tf.float32))),
            "structure_alias": tf.data.experimental.OptionalStructure is tf.OptionalSpec}


# ----------------------------------------------------------------------------- Optional
def case_x_misc_compat3_optional_from_value(tf):
    opt = tf.experimental.Optional.from_value({"a": tf.constant(1.5), "b": tf.constant([1, 2])})
    has, value = opt.has_value(), opt.get_value()
    with tf.Session() as sess:
        got = sess.run([has, value])
    return {"got": got, "element_spec": repr(opt.element_spec), "spec": repr(tf.OptionalSpec.from_value(opt)),
            "type_spec_from_value": repr(tf.type_spec_from_value(opt)),
            "ops": [op.type for op in tf.get_default_graph().get_operations()],
            "names": [opt._variant_tensor.name, has.name, value["a"].name, value["b"].name],
            "same_class": tf.experimental.Optional is tf.data.experimental.Optional,
            "instance": isinstance(opt, tf.experimental.Optional)}


def case_x_misc_compat3_optional_empty(tf):
    empty = tf.experimental.Optional.empty(tf.TensorSpec([None], tf.int32))
    get = empty.get_value()
    with tf.Session() as sess:
        has = sess.run(empty.has_value())
        failed = catch(sess.run, get)
        again = sess.run(empty.has_value())
    return {"has": has, "failed": failed, "again": again, "spec": repr(empty.element_spec),
            "shape": get.shape.as_list(), "name": empty._variant_tensor.name,
            "message": message_has(lambda: tf.Session().run(get), "The given optional does not have a value")}


def case_x_misc_compat3_optional_tuple_and_python_values(tf):
    opt = tf.experimental.Optional.from_value((np.arange(6, dtype=np.float64).reshape(2, 3), 7, b"seven"))
    with tf.Session() as sess:
        got = sess.run(opt.get_value())
    return {"got": got, "spec": repr(opt.element_spec),
            "ops": sorted({op.type for op in tf.get_default_graph().get_operations()}),
            "variant": opt._variant_tensor.name}


def case_x_misc_compat3_optional_from_iterator(tf):
    ds = tf.data.Dataset.range(2)
    it = tf.data.make_initializable_iterator(ds)
    opt = tf.data.experimental.get_next_as_optional(it)
    has, value = opt.has_value(), opt.get_value()
    results = []
    with tf.Session() as sess:
        sess.run(it.initializer)
        for _ in range(3):
            results.append(sess.run(has))
    return {"has": results, "spec": repr(opt.element_spec), "value_dtype": value.dtype.name,
            "instance": isinstance(opt, tf.experimental.Optional)}


# ----------------------------------------------------------------------------- dispatch
def _sparse(tf, values, shape=(4,)):
    values = np.asarray(values)
    return tf.SparseTensor([[i] for i in range(len(values))], tf.constant(values), list(shape))


def case_x_misc_compat3_dispatch_for_api_annotations(tf):
    @tf.experimental.dispatch_for_api(tf.math.abs)
    def sparse_abs(x: tf.SparseTensor, name=None):
        return tf.SparseTensor(x.indices, tf.math.abs(x.values, name=name), x.dense_shape)
    try:
        result = tf.math.abs(_sparse(tf, [-1.0, 2.0, -3.0]), name="absolute")
        dense = tf.math.abs(tf.constant([-2.0]))
        with tf.Session() as sess:
            got = sess.run(result)
        return {"values": got.values, "type": type(result).__name__, "name": result.values.name,
                "dense": dense.op.type}
    finally:
        tf.experimental.unregister_dispatch_for(sparse_abs)


def case_x_misc_compat3_dispatch_for_api_signatures(tf):
    def handler(x, y, name=None):
        return tf.constant("dispatched")
    tf.experimental.dispatch_for_api(tf.math.maximum, {"x": typing.Union[tf.SparseTensor, int], "y": tf.SparseTensor},
                                     {0: tf.SparseTensor, 1: None})(handler)
    sp = _sparse(tf, [1.0])
    try:
        results = [tf.math.maximum(3, sp), tf.math.maximum(sp, sp), catch(tf.math.maximum, sp, None),
                   tf.math.maximum(tf.constant(1.0), tf.constant(2.0))]
        with tf.Session() as sess:
            got = [sess.run(r) if isinstance(r, tf.Tensor) else r for r in results]
        return {"got": got, "dense_op": results[-1].op.type}
    finally:
        tf.experimental.unregister_dispatch_for(handler)


def case_x_misc_compat3_dispatch_for_api_lists(tf):
    @tf.experimental.dispatch_for_api(tf.concat)
    def concat_sparse(values: typing.List[tf.SparseTensor], axis, name="concat"):
        return tf.constant(len(values))
    try:
        sp = _sparse(tf, [1, 2])
        mixed = catch(tf.concat, [sp, tf.constant([1, 2])], 0)
        with tf.Session() as sess:
            return {"all_sparse": sess.run(tf.concat([sp, sp, sp], 0)), "mixed": mixed,
                    "dense": sess.run(tf.concat([tf.constant([1]), tf.constant([2])], 0))}
    finally:
        tf.experimental.unregister_dispatch_for(concat_sparse)


def case_x_misc_compat3_dispatch_for_api_errors(tf):
    def mismatched(y, name=None):
        return y

    def unannotated(x, name=None):
        return x

    def plain_function(x):
        return x
    return {"signature": message_has(lambda: tf.experimental.dispatch_for_api(tf.math.abs)(mismatched),
                                     "Dispatch function's signature", "does not match API's signature"),
            "no_annotations": message_has(lambda: tf.experimental.dispatch_for_api(tf.math.abs)(unannotated),
                                          "must be called with at least one signature"),
            "unknown_param": message_has(lambda: tf.experimental.dispatch_for_api(tf.math.abs, {"z": tf.SparseTensor}),
                                         "signature includes annotation for unknown parameter 'z'."),
            "not_a_dict": message_has(lambda: tf.experimental.dispatch_for_api(tf.math.abs, tf.SparseTensor),
                                      "signatures must be dictionaries mapping parameter names to type annotations."),
            "bad_annotation": message_has(lambda: tf.experimental.dispatch_for_api(tf.math.abs, {"x": "Sparse"}),
                                          "is not currently supported by dispatch"),
            "keyword_param": catch(tf.experimental.dispatch_for_api, tf.math.abs, {"name": tf.SparseTensor}),
            "not_callable": message_has(lambda: tf.experimental.dispatch_for_api(tf.math.abs,
                                                                                 {"x": tf.SparseTensor})(3),
                                        "Expected dispatch_target to be callable"),
            "not_dispatchable": message_has(lambda: tf.experimental.dispatch_for_api(plain_function, {"x": int}),
                                            "does not support dispatch"),
            "unregister": message_has(lambda: tf.experimental.unregister_dispatch_for(plain_function),
                                      "was not registered using a `@dispatch_for_*` decorator.")}


def case_x_misc_compat3_dispatch_name_scope_for_handlers_without_name(tf):
    @tf.experimental.dispatch_for_api(tf.math.negative)
    def sparse_negative(x: tf.SparseTensor):
        return tf.SparseTensor(x.indices, tf.math.negative(x.values), x.dense_shape)
    try:
        named = tf.math.negative(_sparse(tf, [1.0, 2.0]), name="flip")
        unnamed = tf.math.negative(_sparse(tf, [3.0]))
        with tf.Session() as sess:
            got = sess.run([named.values, unnamed.values])
        return {"got": got, "names": [named.values.name, unnamed.values.name]}
    finally:
        tf.experimental.unregister_dispatch_for(sparse_negative)


def case_x_misc_compat3_dispatch_unary_elementwise(tf):
    calls = []

    @tf.experimental.dispatch_for_unary_elementwise_apis(tf.SparseTensor)
    def sparse_unary(api_func, x):
        calls.append(1)
        return tf.SparseTensor(x.indices, api_func(x.values), x.dense_shape)
    try:
        sp = _sparse(tf, [0.25, 1.0])
        results = [tf.math.exp(sp, name="e"), tf.math.sqrt(sp), tf.math.log1p(sp), tf.math.square(sp),
                   tf.math.logical_not(_sparse(tf, [True, False]))]
        with tf.Session() as sess:
            got = sess.run([r.values for r in results])
        return {"got": got, "names": [r.values.name for r in results], "calls": len(calls),
                "again": message_has(lambda: tf.experimental.dispatch_for_unary_elementwise_apis(tf.SparseTensor)(
                    sparse_unary), "A unary elementwise dispatch handler", "has already been registered for")}
    finally:
        tf.experimental.unregister_dispatch_for(sparse_unary)


def case_x_misc_compat3_dispatch_binary_elementwise(tf):
    @tf.experimental.dispatch_for_binary_elementwise_apis(tf.SparseTensor, tf.SparseTensor)
    def sparse_binary(api_func, x, y):
        return tf.SparseTensor(x.indices, api_func(x.values, y.values), x.dense_shape)
    try:
        a, b = _sparse(tf, [1.0, 4.0]), _sparse(tf, [2.0, 3.0])
        results = [tf.add(a, b, name="plus"), tf.math.multiply(a, b), tf.math.maximum(a, b), tf.math.pow(a, b),
                   tf.math.squared_difference(a, b), tf.math.greater(a, b)]
        with tf.Session() as sess:
            got = sess.run([r.values for r in results])
        again = message_has(lambda: tf.experimental.dispatch_for_binary_elementwise_apis(
            tf.SparseTensor, tf.SparseTensor)(sparse_binary), "A binary elementwise dispatch handler",
            "has already been registered for")
        return {"got": got, "types": [r.values.op.type for r in results], "again": again}
    finally:
        tf.experimental.unregister_dispatch_for(sparse_binary)


def case_x_misc_compat3_dispatch_binary_elementwise_assert(tf):
    seen = []

    # (not unregistered: TF's unregister_dispatch_for raises KeyError for assert handlers)
    @tf.experimental.dispatch_for_binary_elementwise_assert_apis(tf.SparseTensor, tf.SparseTensor)
    def sparse_assert(assert_func, x, y):
        seen.append(1)
        return assert_func(x.values, y.values)
    x, y = tf.placeholder(tf.int32, [2]), tf.placeholder(tf.int32, [2])
    a, b = tf.SparseTensor([[0], [1]], x, [2]), tf.SparseTensor([[0], [1]], y, [2])
    ok = tf.debugging.assert_equal(a, a)
    bad = tf.debugging.assert_less(b, a)
    near = tf.debugging.assert_near(tf.SparseTensor([[0]], [1.0], [1]), tf.SparseTensor([[0]], [1.0], [1]))
    with tf.Session() as sess:
        sess.run(ok, {x: [1, 2]})
        failed = catch(sess.run, bad, {x: [1, 2], y: [1, 3]})
        passed = sess.run(bad, {x: [2, 4], y: [1, 3]})
    return {"calls": len(seen), "failed": failed, "passed": passed, "types": [ok.type, bad.type, near.type]}


def case_x_misc_compat3_dispatch_unregister_restores(tf):
    @tf.experimental.dispatch_for_binary_elementwise_apis(tf.SparseTensor, tf.SparseTensor)
    def sparse_binary(api_func, x, y):
        return tf.SparseTensor(x.indices, api_func(x.values, y.values), x.dense_shape)
    a = _sparse(tf, [1.0])
    before = type(tf.math.subtract(a, a)).__name__
    tf.experimental.unregister_dispatch_for(sparse_binary)
    after = catch(tf.math.subtract, a, a)
    return {"before": before, "after": after if isinstance(after, dict) else type(after).__name__,
            "twice": catch(tf.experimental.unregister_dispatch_for, sparse_binary)}


def case_x_misc_compat3_dispatch_on_optional(tf):
    @tf.experimental.dispatch_for_api(tf.math.abs)
    def optional_abs(x: tf.experimental.Optional, name=None):
        return tf.math.abs(x.get_value(), name=name)
    try:
        opt = tf.experimental.Optional.from_value(tf.constant([4, -5]))
        with tf.Session() as sess:
            return {"got": sess.run(tf.math.abs(opt)), "plain": sess.run(tf.math.abs(tf.constant(-3)))}
    finally:
        tf.experimental.unregister_dispatch_for(optional_abs)


# ----------------------------------------------------------------------------- dtypes
def case_x_misc_compat3_experimental_dtypes(tf):
    names = ["float8_e4m3fn", "float8_e4m3fnuz", "float8_e4m3b11fnuz", "float8_e5m2", "float8_e5m2fnuz",
             "float4_e2m1fn", "int4", "uint4", "int2", "uint2"]
    dts = [getattr(tf.experimental, n) for n in names]
    return {"names": [d.name for d in dts],
            "same": [getattr(tf.dtypes.experimental, n) is d for n, d in zip(names, dts)],
            "as_dtype": [tf.as_dtype(n) is d for n, d in zip(names, dts)],
            "floating": [d.is_floating for d in dts], "integer": [d.is_integer for d in dts],
            "sizes": [d.size for d in dts], "enum": [d.as_datatype_enum for d in dts]}


def case_x_misc_compat3_experimental_dtype_casts(tf):
    x = tf.constant([0.3, -1.7, 2.5, 448.0, 1000.0])
    casts = [tf.cast(tf.cast(x, tf.experimental.float8_e4m3fn), tf.float32),
             tf.cast(tf.cast(x, tf.experimental.float8_e5m2), tf.float32),
             tf.cast(tf.cast(tf.constant([-9, -8, 3, 7, 9]), tf.experimental.int4), tf.int32),
             tf.cast(tf.cast(tf.constant([0, 3, 15, 16]), tf.experimental.uint4), tf.int32)]
    with tf.Session() as sess:
        return {"casts": sess.run(casts), "dtypes": [c.op.inputs[0].dtype.name for c in casts]}


# ----------------------------------------------------------------------------- switches
def case_x_misc_compat3_tensor_equality_in_graph_mode(tf):
    a, b = tf.constant([1, 2]), tf.constant([1, 2])
    before = [a == b, a != b, a == a, hash(a) == hash(a)]
    tf.enable_tensor_equality()
    enabled = [a == b, a != b, a == a, a == 1, a != None, hash(a) == id(a), len({a, b}),  # noqa: E711
               tf.Tensor._USE_EQUALITY]
    tf.disable_tensor_equality()
    return {"before": before, "enabled": enabled, "after": [a == b, tf.Tensor._USE_EQUALITY],
            "variable": catch(lambda: {tf.Variable(1.0): 1} and True)}


def case_x_misc_compat3_eager_switches_after_graph_building(tf):
    tf.constant(1.0)
    eager = message_has(tf.enable_eager_execution, "tf.enable_eager_execution must be called at program startup.")
    v2 = message_has(tf.enable_v2_behavior, "tf.enable_eager_execution must be called at program startup.")
    return {"eager": eager, "v2": v2, "still_graph": tf.executing_eagerly(),
            "bad_config": catch(tf.enable_eager_execution, config="not a config"),
            "bad_policy": catch(tf.enable_eager_execution, device_policy="strict"),
            "bad_mode": catch(tf.enable_eager_execution, execution_mode="fast"),
            "builds": tf.constant(2.0).op.type}


def case_x_misc_compat3_check_numerics_graph(tf):
    tf.debugging.enable_check_numerics()
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.log(x, name="mylog")
    z = y * 2.0
    i = tf.constant([1, 2]) + 1
    ops = [op.type for op in tf.get_default_graph().get_operations()]
    with tf.Session() as sess:
        good = sess.run(z, {x: [1.0, np.e]})
        bad = message_has(lambda: sess.run(z, {x: [-1.0, 2.0]}), "Detected Infinity or NaN in output 0 of graph op "
                          "\"Log\" (# of outputs: 1)", "dtype: <dtype: 'float32'>", "shape: (2,)",
                          "Input tensor: Tensor(\"x:0\", shape=(2,), dtype=float32)", "Tensor had NaN values",
                          "mylog/CheckNumericsV2")
        after = sess.run(z, {x: [1.0, 1.0]})
        ints = sess.run(i)
    tf.debugging.disable_check_numerics()
    tf.log(x)
    # (TF hands back the CheckNumericsV2 output in place of y and z; tfsess keeps y and z and runs the checks
    # before their consumers)
    return {"ops": ops, "good": good, "bad": bad, "after": after, "ints": ints,
            "later": [op.type for op in tf.get_default_graph().get_operations()][-3:]}


def case_x_misc_compat3_check_numerics_infinities(tf):
    tf.debugging.enable_check_numerics()
    a = tf.placeholder(tf.float32, [None], name="a")
    b = tf.placeholder(tf.float32, [None], name="b")
    q = tf.math.divide(a, b, name="ratio")
    out = q + 0.0
    with tf.Session() as sess:
        pos = message_has(lambda: sess.run(out, {a: [1.0], b: [0.0]}), "Tensor had +Inf values",
                          "Input tensors (2):", "0: Tensor(\"a:0\"", "1: Tensor(\"b:0\"", "graph op \"RealDiv\"")
        neg = message_has(lambda: sess.run(out, {a: [-1.0], b: [0.0]}), "Tensor had -Inf values")
        nan = message_has(lambda: sess.run(out, {a: [0.0], b: [0.0]}), "Tensor had NaN values")
        fine = sess.run(out, {a: [3.0], b: [2.0]})
    return {"pos": pos, "neg": neg, "nan": nan, "fine": fine}


def case_x_misc_compat3_check_numerics_skips_safe_ops(tf):
    tf.debugging.enable_check_numerics()
    x = tf.constant([[1.0, 2.0]])
    r = tf.reshape(x, [2])
    t = tf.transpose(x)
    m = tf.maximum(x, 0.0)
    idn = tf.identity(x)
    counts = {}
    for op in tf.get_default_graph().get_operations():
        counts[op.type] = counts.get(op.type, 0) + 1
    return {"counts": counts, "checked": [len([c for c in o.op.outputs[0].consumers()]) for o in (r, t, m, idn)]}


# ----------------------------------------------------------------------------- small namespaces
def case_x_misc_compat3_saved_model_constants(tf):
    return {"debug": [tf.saved_model.DEBUG_INFO_FILENAME_PB, tf.saved_model.constants.DEBUG_INFO_FILENAME_PB],
            "schemes_have_local": "" in tf.io.gfile.get_registered_schemes(),
            "schemes_type": type(tf.io.gfile.get_registered_schemes()).__name__}


def _saved_model(tf, export_dir, as_text=False):
    x = tf.placeholder(tf.float32, [None], name="x")
    y = tf.identity(x * 2.0, name="y")
    with tf.Session() as sess:
        builder = tf.saved_model.builder.SavedModelBuilder(export_dir)
        sig = tf.saved_model.signature_def_utils.predict_signature_def({"x": x}, {"y": y})
        builder.add_meta_graph_and_variables(sess, ["serve"], signature_def_map={"double": sig, "other": sig})
        builder.add_meta_graph(["train"], signature_def_map={"double": sig})
        builder.save(as_text=as_text)


def _method_names(tf, export_dir):
    names = {}
    for tags in (["serve"], ["train"]):
        with tf.Graph().as_default(), tf.Session() as sess:
            meta = tf.saved_model.loader.load(sess, tags, export_dir)
            names[tags[0]] = {k: v.method_name for k, v in sorted(meta.signature_def.items())}
    return names


def case_x_misc_compat3_method_name_updater(tf):
    root = tempfile.mkdtemp()
    try:
        src, dst = os.path.join(root, "model"), os.path.join(root, "updated")
        with tf.Graph().as_default():
            _saved_model(tf, src)
        os.makedirs(dst)
        updater = tf.saved_model.signature_def_utils.MethodNameUpdater(src)
        updater.replace_method_name("double", "tensorflow/serving/regress")
        updater.replace_method_name("other", "tensorflow/serving/classify", tags="serve")
        errors = [message_has(lambda: updater.replace_method_name("missing", "m"), "does not have a signature_def "
                              "with key: 'missing'"),
                  message_has(lambda: updater.replace_method_name("double", "m", tags=["gpu"]),
                              "could not be found in SavedModel"),
                  message_has(lambda: updater.replace_method_name("", "m"), "`signature_key` must be defined."),
                  message_has(lambda: updater.replace_method_name("double", None), "`method_name` must be defined.")]
        updater.save(dst)
        shutil.copytree(os.path.join(src, "variables"), os.path.join(dst, "variables"))
        return {"updated": _method_names(tf, dst), "original": _method_names(tf, src), "errors": errors,
                "files": sorted(os.listdir(dst)), "missing": catch(tf.saved_model.signature_def_utils.MethodNameUpdater,
                                                                  os.path.join(root, "nothing"))}
    finally:
        shutil.rmtree(root)


def case_x_misc_compat3_method_name_updater_text_in_place(tf):
    root = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            _saved_model(tf, os.path.join(root, "m"), as_text=True)
        updater = tf.saved_model.signature_def_utils.MethodNameUpdater(os.path.join(root, "m"))
        updater.replace_method_name("double", "renamed", tags=["train"])
        updater.save()
        return {"names": _method_names(tf, os.path.join(root, "m")),
                "files": sorted(os.listdir(os.path.join(root, "m")))}
    finally:
        shutil.rmtree(root)


class _Holder:
    value = 1

    @staticmethod
    def static():
        return "static"

    def method(self):
        return "method"


def case_x_misc_compat3_stub_out_for_testing(tf):
    stubs = tf.test.StubOutForTesting()
    holder = _Holder()
    stubs.Set(_Holder, "value", 2)
    stubs.Set(_Holder, "static", staticmethod(lambda: "stubbed"))
    stubs.SmartSet(holder, "method", lambda self: "smart")
    during = [_Holder.value, _Holder.static(), holder.method(), _Holder().method()]
    stubs.CleanUp()
    after = [_Holder.value, _Holder.static(), holder.method(), isinstance(_Holder.__dict__["static"], staticmethod)]
    with tf.test.StubOutForTesting() as inner:
        inner.SmartSet(os.path, "sep", "|")
        inside = os.path.sep
    return {"during": during, "after": after, "inside": inside, "outside": os.path.sep == "/",
            "missing": catch(stubs.SmartSet, holder, "nope", 1), "missing_set": catch(stubs.Set, holder, "nope", 1)}


def case_x_misc_compat3_test_decorators(tf):
    class Sample(unittest.TestCase):
        @tf.test.disable_with_predicate(lambda: True, "always off")
        def test_off(self):
            raise AssertionError("ran")

        @tf.test.disable_with_predicate(lambda: False, "never off")
        def test_on(self):
            pass
    decorated = tf.test.with_eager_op_as_function(Sample)
    factory = tf.test.with_eager_op_as_function(only_as_function=True)
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Sample).run(result)
    return {"same": [decorated is Sample, factory(Sample) is Sample], "run": result.testsRun,
            "skipped": [reason for _, reason in result.skipped], "failures": len(result.failures),
            "name": Sample.test_off.__name__}


def case_x_misc_compat3_summary_v2_hooks(tf):
    tf.summary.scalar("s", tf.constant(1.0))
    return {"ops": tf.summary.all_v2_summary_ops(),
            "initialize": message_has(tf.summary.initialize, "No default tf.contrib.summary.SummaryWriter found"),
            "with_session": catch(tf.summary.initialize, session=tf.Session())}


def case_x_misc_compat3_tensor_like(tf):
    like = tf.types.experimental.TensorLike
    args = typing.get_args(like)
    return {"builtins": [t in args for t in (int, float, bool, str, bytes, complex, tuple, list, np.ndarray,
                                              np.generic, dict)],
            "tensor": tf.Tensor in args or any(isinstance(t, type) and issubclass(tf.Tensor, t) for t in args),
            "origin": typing.get_origin(like) is typing.Union}


def case_x_misc_compat3_user_ops_and_check_pinned(tf):
    fact = tf.user_ops.my_fact()
    pinned = tf.check_pinned(tf.constant([1.0, 2.0]), name="pin")
    with tf.Session() as sess:
        return {"fact": sess.run(fact), "fact_op": [fact.op.type, fact.name, fact.dtype.name, fact.shape.ndims],
                "pinned_op": [pinned.op.type, pinned.name, pinned.dtype.name, pinned.shape.as_list()],
                "run": message_has(lambda: sess.run(pinned), "not pinned"), "after": sess.run(fact)}


def case_x_misc_compat3_profiler_write_op_log(tf):
    x = tf.placeholder(tf.float32, [8, 4], name="x")
    w = tf.Variable(tf.ones([4, 3]), name="w")
    frozen = tf.Variable(tf.ones([3]), trainable=False, name="frozen")
    y = tf.nn.relu(tf.matmul(x, w) + frozen, name="y")
    del y
    root = tempfile.mkdtemp()
    try:
        tf.profiler.write_op_log(tf.get_default_graph(), root, add_trace=False)
        with open(os.path.join(root, "tfprof_log"), "rb") as f:
            plain = f.read()
        return {"plain": plain, "files": os.listdir(root),
                "missing_dir": catch(tf.profiler.write_op_log, tf.get_default_graph(), os.path.join(root, "no", "dir"),
                                     add_trace=False)}
    finally:
        shutil.rmtree(root)


def case_x_misc_compat3_profiler_advise(tf):
    x = tf.placeholder(tf.float32, [4, 4])
    w = tf.Variable(tf.ones([4, 4]))
    tf.identity(tf.matmul(x, w), name="BatchNorm/out")
    advice = tf.profiler.advise(tf.get_default_graph())
    only = tf.profiler.advise(tf.get_default_graph(), options={"OperationChecker": {}})
    return {"checkers": sorted((k, list(v.reports)) for k, v in advice.checkers.items()),
            "only": sorted(only.checkers), "type": type(advice).__name__,
            "same_class": isinstance(advice, tf.profiler.AdviceProto)}


def case_x_misc_compat3_connect_to_cluster_in_graph_mode(tf):
    cluster = tf.train.ClusterSpec({"worker": ["localhost:2222"]})
    return {"cluster": message_has(lambda: tf.config.experimental_connect_to_cluster(cluster),
                                   "can only be called in eager mode"),
            "host": message_has(lambda: tf.config.experimental_connect_to_host("localhost:2222"),
                                "can only be called in eager mode"),
            "no_host": message_has(tf.config.experimental_connect_to_host, "Must provide at least one remote_host")}


def case_x_misc_compat3_tensor_array_structure_and_async(tf):
    spec = tf.data.experimental.TensorArrayStructure(tf.float32, [2], False, True)

    def enter_async_scope():
        with tf.experimental.async_scope():
            tf.constant(1)
    return {"spec": repr(spec), "is_spec": isinstance(spec, tf.TensorArraySpec),
            "clear": message_has(tf.experimental.async_clear_error, "Context is not initialized."),
            "scope": message_has(enter_async_scope, "Context is not initialized.")}
