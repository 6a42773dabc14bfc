"""Graph function libraries: tf.function in graph mode (PartitionedCall / StatefulPartitionedCall), captures,
retracing, input signatures, concrete functions, wrap_function and prune, FunctionDefs in GraphDefs and meta
graphs, control flow v2 (If / While from tf.cond / tf.while_loop), gradients through calls, hostile libraries,
and GraphDefs / a SavedModel written by TF 2.21 (tests/framework/fixtures/functions, made by write_fixtures.py).
Function names carry TF's trace counters, which differ between runs: no case returns them."""
import copy
import os
import shutil
import tempfile

import numpy as np

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "framework", "fixtures",
                        "functions")
X3 = np.array([1.5, -2.0, 3.25], np.float32)


def _error(fn, function_name=None):
    """The class of the error fn raises, and the first line of its message (node lines left out; a function's
    name, which holds TF's trace counter, written <f>)."""
    try:
        fn()
    except Exception as exc:  # the error is the result
        text = getattr(exc, "message", str(exc))
        if function_name:
            text = text.replace(function_name, "<f>")
        skip = ("{{node", "Graph execution", "Node:", "Detected at", "File ")
        lines = [line for line in text.splitlines() if line.strip() and not any(k in line for k in skip)]
        return {"raised": type(exc).__name__, "first": lines[0].strip()[:60] if lines else ""}
    return "no error"


def _fixture(tf, name):
    gd = tf.GraphDef()
    with open(os.path.join(FIXTURES, name + ".pb"), "rb") as f:
        gd.ParseFromString(f.read())
    return gd


def _run_fixture(tf, case):
    expected = np.load(os.path.join(FIXTURES, "expected.npz"))
    gd = _fixture(tf, case)
    with tf.Graph().as_default() as g:
        tf.import_graph_def(gd, name="")
        feeds = {k.split("/")[-1] + ":0": expected[k] for k in expected.files if k.startswith(case + "/feed/")}
        fetches = sorted(k.split("/fetch/")[1] for k in expected.files if k.startswith(case + "/fetch/"))
        values = tf.Session().run(fetches, feeds)
        ops = sorted({op.type for op in g.get_operations()} & {"PartitionedCall", "StatefulPartitionedCall", "If",
                                                                "StatelessIf", "While", "StatelessWhile", "Case",
                                                                "StatelessCase", "For"})
    return {"values": dict(zip(fetches, values)), "library": len(gd.library.function), "call_ops": ops}


def _two_outputs(tf):
    @tf.function
    def f(x, y):
        return x * y + 1.0, tf.nn.top_k(x, 2)
    return f


# ------------------------------------------------------------------ tf.function in a graph
def case_x_interop_functions_call_values(tf):
    x = tf.placeholder(tf.float32, [3], name="x")
    out, (values, indices) = _two_outputs(tf)(x, tf.constant(2.0))
    return {"values": tf.Session().run([out, values, indices], {x: X3}), "op": out.op.type, "names": out.name,
            "shapes": [t.shape.as_list() for t in (out, values, indices)], "n_outputs": len(out.op.outputs)}


def case_x_interop_functions_stateful_body_makes_a_stateful_call(tf):
    @tf.function
    def f(a):
        with tf.control_dependencies([tf.Assert(tf.reduce_all(a > -10.0), [a])]):
            return tf.identity(a * 2.0)
    x = tf.placeholder(tf.float32, [3], name="x")
    y = f(x)
    sess = tf.Session()
    return {"op": y.op.type, "ok": sess.run(y, {x: X3}), "failed": _error(lambda: sess.run(y, {x: X3 - 20.0}))}


def case_x_interop_functions_nested_calls(tf):
    @tf.function
    def inner(a):
        return tf.square(a) - a

    @tf.function
    def outer(a, b):
        return inner(a) * b + inner(b)
    x = tf.placeholder(tf.float32, [3], name="x")
    y = outer(x, tf.constant([1.0, 2.0, 3.0]))
    return tf.Session().run([y, tf.gradients(y, x)[0]], {x: X3})


def case_x_interop_functions_gradient_through_call(tf):
    x = tf.placeholder(tf.float32, [3], name="x")
    out, (values, _) = _two_outputs(tf)(x, tf.constant(2.0))
    loss = tf.reduce_sum(out * out) + tf.reduce_sum(values)
    return tf.Session().run(tf.gradients(loss, x), {x: X3})


def case_x_interop_functions_gradient_of_captured_tensor(tf):
    x = tf.placeholder(tf.float32, [3], name="x")
    w = tf.constant([0.5, 1.0, -1.0]) * 2.0

    @tf.function
    def f(a):
        return tf.reduce_sum(tf.sin(a) * w)
    y = f(x)
    return tf.Session().run(tf.gradients(y, [x, w]), {x: X3})


def case_x_interop_functions_captures_a_placeholder(tf):
    x = tf.placeholder(tf.float32, [3], name="x")
    scale = tf.placeholder(tf.float32, [], name="scale")

    @tf.function
    def f(a):
        return a * scale + 1.0
    y = f(x)
    sess = tf.Session()
    return {"inputs": len(y.op.inputs), "values": [sess.run(y, {x: X3, scale: s}) for s in (1.0, -2.0)]}


def case_x_interop_functions_reads_a_variable(tf):
    v = tf.Variable([1.0, 2.0, 3.0], name="v")

    @tf.function
    def f(a):
        return a * v
    x = tf.placeholder(tf.float32, [3], name="x")
    y = f(x)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    first = sess.run(y, {x: X3})
    sess.run(tf.assign(v, [3.0, 2.0, 1.0]))
    return {"first": first, "after_assign": sess.run(y, {x: X3})}


def case_x_interop_functions_retraces_per_shape_and_python_value(tf):
    @tf.function
    def f(a, k):
        return a * k
    f(tf.constant([1.0, 2.0]), 2)
    f(tf.constant([3.0, 4.0]), 2)
    f(tf.constant([1.0, 2.0, 3.0]), 2)
    r = f(tf.constant([1.0, 2.0]), 3)
    return {"traces": f.experimental_get_tracing_count(), "value": tf.Session().run(r)}


def case_x_interop_functions_input_signature(tf):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(a):
        return tf.reduce_sum(a) * a
    x2, x4 = f(tf.constant([1.0, 2.0])), f(tf.constant([1.0, 2.0, 3.0, 4.0]))
    return {"traces": f.experimental_get_tracing_count(), "values": tf.Session().run([x2, x4])}


def case_x_interop_functions_input_signature_refuses_another_dtype(tf):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(a):
        return a
    return _error(lambda: f(tf.constant([1, 2])))["raised"]


def case_x_interop_functions_concrete_function(tf):
    @tf.function
    def f(a, b):
        return {"sum": a + b, "pair": (a * b, a - b)}
    concrete = f.get_concrete_function(tf.TensorSpec([2], tf.float32), tf.TensorSpec([2], tf.float32))
    out = concrete(tf.constant([1.0, 2.0]), tf.constant([3.0, 5.0]))
    return {"inputs": len(concrete.inputs), "outputs": len(concrete.outputs),
            "dtypes": [t.dtype.name for t in concrete.outputs], "keys": sorted(out),
            "values": tf.Session().run(out), "structured": sorted(concrete.structured_outputs)}


def case_x_interop_functions_python_arguments_are_fixed(tf):
    @tf.function
    def f(a, power, offset=0.0):
        return a ** power + offset
    x = tf.constant([1.0, 2.0, 3.0])
    return tf.Session().run([f(x, 2), f(x, 3, offset=1.0), f(x, power=2)])


def case_x_interop_functions_returns_nested_structure(tf):
    @tf.function
    def f(a):
        return {"b": [a + 1.0, a * 2.0], "a": (tf.reduce_sum(a), None)}
    out = f(tf.constant([1.0, 2.0]))
    return {"none": out["a"][1] is None, "values": tf.Session().run({"b": out["b"], "a0": out["a"][0]})}


def case_x_interop_functions_method_of_a_class(tf):
    class Scaler:
        def __init__(self, k):
            self.k = k

        @tf.function
        def __call__(self, a):
            return a * self.k
    return tf.Session().run([Scaler(2.0)(tf.constant([1.0, 2.0])), Scaler(-1.0)(tf.constant([1.0, 2.0]))])


def case_x_interop_functions_python_if_on_a_tensor_without_autograph(tf):
    @tf.function(autograph=False)
    def f(a):
        if tf.reduce_sum(a) > 0:
            return a
        return -a
    return _error(lambda: f(tf.constant([1.0, 2.0])))["raised"]


def case_x_interop_functions_graph_def_library(tf):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [3], name="x")
        _two_outputs(tf)(x, tf.constant(2.0))
    gd = g.as_graph_def()
    fdef = gd.library.function[0]
    call = [n for n in gd.node if n.op == "PartitionedCall"][0]
    return {"nodes": [(n.name, n.op, list(n.input)) for n in gd.node], "functions": len(gd.library.function),
            "args": [(a.name, a.type) for a in fdef.signature.input_arg],
            "outs": [(a.name, a.type) for a in fdef.signature.output_arg],
            "body": sorted((n.name, n.op, tuple(n.input)) for n in fdef.node_def),
            "ret": sorted(fdef.ret.items()), "call_f": call.attr["f"].func.name == fdef.signature.name,
            "Tin": list(call.attr["Tin"].list.type), "Tout": list(call.attr["Tout"].list.type)}


def case_x_interop_functions_graph_def_round_trip(tf):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [3], name="x")
        out, (values, _) = _two_outputs(tf)(x, tf.constant(2.0))
        tf.identity(out + tf.reduce_sum(values), name="result")
    gd = g.as_graph_def()
    with tf.Graph().as_default() as g2:
        result, = tf.import_graph_def(gd, return_elements=["result:0"], name="again")
        value = tf.Session().run(result, {"again/x:0": X3})
    again = g2.as_graph_def()
    return {"value": value, "library": len(again.library.function), "ops": sorted(n.op for n in again.node)}


def case_x_interop_functions_meta_graph_round_trip(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32, [3], name="x")
            out, _ = _two_outputs(tf)(x, tf.constant(2.0))
            tf.add_to_collection("outs", out)
            tf.train.export_meta_graph(os.path.join(d, "m.meta"))
        with tf.Graph().as_default():
            tf.train.import_meta_graph(os.path.join(d, "m.meta"))
            out = tf.get_collection("outs")[0]
            return {"op": out.op.type, "value": tf.Session().run(out, {"x:0": X3})}
    finally:
        shutil.rmtree(d)


def case_x_interop_functions_tf_function_over_a_stateful_random_op(tf):
    @tf.function
    def f(a):
        return a + tf.random_uniform([3], seed=7) * 0.0
    y = f(tf.constant(X3))
    return {"op": y.op.type, "value": tf.Session().run(y)}


# ------------------------------------------------------------------ wrap_function, autograph names
def case_x_interop_functions_wrap_function_and_prune(tf):
    def fn(a):
        b = tf.multiply(a, 2.0, name="doubled")
        return tf.add(b, 1.0, name="result")
    wrapped = tf.wrap_function(fn, [tf.TensorSpec([3], tf.float32)])
    out = wrapped(tf.constant(X3))
    g = wrapped.graph
    doubled = [op for op in g.get_operations() if op.name.endswith("doubled")][0].outputs[0]
    result = [op for op in g.get_operations() if op.name.endswith("result")][0].outputs[0]
    pruned = wrapped.prune(feeds=[doubled], fetches=result)
    return tf.Session().run([out, pruned(tf.constant([1.0, 2.0, 3.0]))])


def case_x_interop_functions_autograph_names_outside_autograph(tf):
    @tf.autograph.experimental.do_not_convert
    def plain(a):
        return a * 3.0
    tf.autograph.experimental.set_loop_options(parallel_iterations=4)
    f = tf.function(plain)
    return {"name": plain.__name__, "value": tf.Session().run(f(tf.constant([1.0, 2.0])))}


# ------------------------------------------------------------------ control flow v2
def case_x_interop_functions_control_flow_v2_switch(tf):
    before = tf.control_flow_v2_enabled()
    tf.enable_control_flow_v2()
    during = tf.control_flow_v2_enabled()
    tf.disable_control_flow_v2()
    return [before, during, tf.control_flow_v2_enabled()]


def _with_v2(tf, build):
    tf.enable_control_flow_v2()
    try:
        return build()
    finally:
        tf.disable_control_flow_v2()


def case_x_interop_functions_cond_v2_builds_if(tf):
    x = tf.placeholder(tf.float32, [3], name="x")
    p = tf.placeholder(tf.bool, [], name="p")
    y = _with_v2(tf, lambda: tf.cond(p, lambda: tf.reduce_sum(x * x), lambda: tf.reduce_prod(x)))
    g = tf.gradients(y, x)[0]
    sess = tf.Session()
    types = sorted({op.type for op in tf.get_default_graph().get_operations()} & {"If", "StatelessIf", "Switch"})
    return {"types": types, "true": sess.run([y, g], {x: X3, p: True}), "false": sess.run([y, g], {x: X3, p: False})}


def case_x_interop_functions_cond_v2_stateful_branch_builds_stateful_if(tf):
    x = tf.placeholder(tf.float32, [3], name="x")

    def checked():
        with tf.control_dependencies([tf.Assert(tf.reduce_all(x > -10.0), [x])]):
            return x * 2.0
    y = _with_v2(tf, lambda: tf.cond(tf.reduce_sum(x) > 0, checked, lambda: x - 1.0))
    types = sorted({op.type for op in tf.get_default_graph().get_operations()} & {"If", "StatelessIf"})
    return {"types": types, "value": tf.Session().run(y, {x: X3})}


def case_x_interop_functions_cond_v2_structures(tf):
    x = tf.constant([1.0, 2.0])
    out = _with_v2(tf, lambda: tf.cond(tf.constant(False), lambda: {"a": x, "b": (x * 2.0, x * 3.0)},
                                       lambda: {"a": -x, "b": (x + 1.0, x + 2.0)}))
    single = _with_v2(tf, lambda: tf.cond(tf.constant(True), lambda: [x], lambda: [x * 0.0]))
    return tf.Session().run({"out": out, "single": single})


def case_x_interop_functions_cond_v2_equals_v1(tf):
    x = tf.placeholder(tf.float32, [3], name="x")

    def build():
        y = tf.cond(x[0] > 0, lambda: tf.sin(x) * x, lambda: tf.exp(x))
        return y, tf.gradients(tf.reduce_sum(y), x)[0]
    v1 = build()
    v2 = _with_v2(tf, build)
    sess = tf.Session()
    return [sess.run([v1, v2], {x: s * X3}) for s in (1.0, -1.0)]


def case_x_interop_functions_while_v2_builds_while(tf):
    x = tf.placeholder(tf.float32, [3], name="x")
    n = tf.placeholder(tf.int32, [], name="n")
    i, acc = _with_v2(tf, lambda: tf.while_loop(lambda i, a: i < n, lambda i, a: (i + 1, a * 0.5 + x),
                                                [0, tf.zeros([3])]))
    types = sorted({op.type for op in tf.get_default_graph().get_operations()}
                   & {"While", "StatelessWhile", "Enter", "Exit"})
    return {"types": types, "values": tf.Session().run([i, acc], {x: X3, n: 5})}


def case_x_interop_functions_while_v2_maximum_iterations(tf):
    r = _with_v2(tf, lambda: tf.while_loop(lambda i: i < 1000, lambda i: i * 2, [1], maximum_iterations=6))
    return tf.Session().run(r)


def case_x_interop_functions_while_v2_gradient_equals_v1(tf):
    x = tf.placeholder(tf.float32, [3], name="x")

    def build():
        _, acc = tf.while_loop(lambda i, a: i < 4, lambda i, a: (i + 1, tf.sin(a) * x + a), [0, tf.ones([3])])
        return acc, tf.gradients(tf.reduce_sum(acc), x)[0]
    v1 = build()
    v2 = _with_v2(tf, build)
    return tf.Session().run([v1, v2], {x: X3})


def case_x_interop_functions_v2_control_flow_round_trips(tf):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [3], name="x")

        def build():
            c = tf.cond(tf.reduce_sum(x) > 0, lambda: x * 2.0, lambda: x * 3.0)
            _, w = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a + c), [0, c])
            return tf.identity(w, name="result")
        _with_v2(tf, build)
    gd = g.as_graph_def()
    with tf.Graph().as_default():
        result, = tf.import_graph_def(gd, return_elements=["result:0"], name="")
        sess = tf.Session()
        return [sess.run(result, {"x:0": s * X3}) for s in (1.0, -1.0)]


# ------------------------------------------------------------------ hostile libraries
def _call_graph_def(tf):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [3], name="x")
        tf.identity(_two_outputs(tf)(x, tf.constant(2.0))[0], name="result")
    return g.as_graph_def()


def _import(tf, gd):
    with tf.Graph().as_default():
        tf.import_graph_def(gd, name="")


def case_x_interop_functions_unknown_function_fails_when_run(tf):
    gd = _call_graph_def(tf)
    for node in gd.node:
        if node.op == "PartitionedCall":
            node.attr["f"].func.name = "no_such_function"
    with tf.Graph().as_default():
        tf.import_graph_def(gd, name="")
        sess = tf.Session()
        return _error(lambda: sess.run("result:0", {"x:0": X3}))


def case_x_interop_functions_call_with_wrong_arity(tf):
    gd = _call_graph_def(tf)
    for node in gd.node:
        if node.op == "PartitionedCall":
            del node.input[1]
    return _error(lambda: _import(tf, gd))["raised"]


def case_x_interop_functions_body_input_naming_no_node(tf):
    gd = _call_graph_def(tf)
    gd.library.function[0].node_def[0].input[0] = "missing:output:0"
    return _error(lambda: _import(tf, gd))


def case_x_interop_functions_return_naming_no_node(tf):
    gd = _call_graph_def(tf)
    fdef = gd.library.function[0]
    key = sorted(fdef.ret)[0]
    fdef.ret[key] = "missing:output:0"
    return _error(lambda: _import(tf, gd))["raised"]


def case_x_interop_functions_two_functions_of_one_name(tf):
    gd = _call_graph_def(tf)
    other = copy.deepcopy(gd.library.function[0])
    other.node_def[0].name = other.node_def[0].name + "_other"
    gd.library.function.add().CopyFrom(other)
    return _error(lambda: _import(tf, gd), other.signature.name)


def case_x_interop_functions_failed_import_leaves_graph_usable(tf):
    gd = _call_graph_def(tf)
    gd.library.function[0].node_def[0].input[0] = "missing:output:0"
    with tf.Graph().as_default() as g:
        c = tf.constant(2.0, name="c")
        try:
            tf.import_graph_def(gd, name="")
        except ValueError:
            pass
        return {"ops": [op.name for op in g.get_operations()], "value": tf.Session().run(c * 3.0)}


# ------------------------------------------------------------------ written by TF 2.21
def case_x_interop_functions_fixture_call(tf):
    return _run_fixture(tf, "call")


def case_x_interop_functions_fixture_nested(tf):
    return _run_fixture(tf, "nested")


def case_x_interop_functions_fixture_cond_v2(tf):
    return [_run_fixture(tf, "cond_v2"), _run_fixture(tf, "cond_v2_false")]


def case_x_interop_functions_fixture_while_v2(tf):
    return _run_fixture(tf, "while_v2")


def case_x_interop_functions_fixture_case_v2(tf):
    return [_run_fixture(tf, "case_v2"), _run_fixture(tf, "case_v2_default")]


def case_x_interop_functions_fixture_defun_direct_call(tf):
    result = _run_fixture(tf, "defun")
    gd = _fixture(tf, "defun")
    result["direct_call"] = [n.op == gd.library.function[0].signature.name for n in gd.node]
    return result


def case_x_interop_functions_fixture_for(tf):
    return _run_fixture(tf, "for_loop")


def case_x_interop_functions_fixture_saved_model(tf):
    expected = np.load(os.path.join(FIXTURES, "expected.npz"))
    with tf.Graph().as_default() as g:
        sess = tf.Session()
        meta = tf.saved_model.loader.load(sess, ["serve"], os.path.join(FIXTURES, "saved_model"))
        signature = meta.signature_def["serving_default"]
        y = sess.run(signature.outputs["y"].name, {signature.inputs["x"].name: expected["saved_model/feed/x"]})
        calls = sorted(op.type for op in g.get_operations() if "PartitionedCall" in op.type)
    return {"y": y, "calls": calls}


def case_x_interop_functions_switch_case_v2_builds_case(tf):
    x = tf.placeholder(tf.float32, [3], name="x")
    k = tf.placeholder(tf.int32, [], name="k")

    def build():
        y = tf.switch_case(k, [lambda: x + 1.0, lambda: x * x, lambda: -x])
        z = tf.switch_case(k, [lambda: x + 1.0, lambda: x * x], default=lambda: x * 0.0)
        return y, z
    y, z = _with_v2(tf, build)
    types = sorted({op.type for op in tf.get_default_graph().get_operations()} & {"Case", "StatelessCase"})
    sess = tf.Session()
    return {"types": types, "name": y.name, "values": [sess.run([y, z], {x: X3, k: i}) for i in (0, 1, 2, 7, -1)]}


def case_x_interop_functions_assigning_a_captured_variable_is_refused(tf):
    v = tf.Variable([1.0, 2.0], name="v")

    @tf.function
    def bump(a):
        tf.assign_add(v, [1.0, 1.0])
        return a
    try:
        bump(tf.constant(1.0))
    except Exception as exc:  # the error is the result
        return {"raised": type(exc).__name__,
                "text": "In op 'AssignAdd', input types ([tf.float32, tf.float32]) are not compatible with expected "
                        "types ([tf.float32_ref, tf.float32])" in str(exc)}
    return "no error"
