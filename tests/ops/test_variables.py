"""tf.Variable, assign ops, scatter ops, initialisation helpers: values live per session, errors write nothing."""
import numpy as np
import pytest

import tfsess as tf


def test_dtype_is_the_ref_dtype_with_its_base_and_names_are_tf_s(g):
    a = tf.Variable([1.0, 2.0])
    b = tf.Variable(3, name="w")
    with tf.name_scope("outer"):
        c = tf.Variable(np.zeros([2, 3]))
    assert a.dtype == tf.float32._as_ref() and a.dtype.name == "float32_ref" and a.dtype.base_dtype == tf.float32
    assert a.name == "Variable:0" and b.name == "w:0" and c.name == "outer/Variable:0"
    assert c.dtype.base_dtype == tf.float64 and c.shape.as_list() == [2, 3]
    ops = [op.name for op in g.get_operations()]
    assert ops[:4] == ["Variable/initial_value", "Variable", "Variable/Assign", "Variable/read"]
    assert a.initializer.type == "Assign" and a.value().name == "Variable/read:0"
    assert repr(a) == "<tf.Variable 'Variable:0' shape=(2,) dtype=float32_ref>"


def test_initial_value_forms_dtype_conversion_and_shape_options(g):
    from_fn = tf.Variable(lambda: tf.ones([2]) * 3.0, name="fn")
    cast = tf.Variable([1, 2], dtype=tf.float64)
    loose = tf.Variable([1.0], validate_shape=False)
    declared = tf.Variable([1.0, 2.0], shape=tf.TensorShape([None]))
    assert [op.name for op in g.get_operations() if op.name.startswith("fn/Initializer")]
    assert loose.shape.ndims is None and declared.shape.as_list() == [None]
    with pytest.raises(ValueError, match="shape specified"):
        tf.Variable(tf.placeholder(tf.float32))
    with pytest.raises(ValueError, match="initial_value must be specified"):
        tf.Variable()
    sess = tf.Session()
    sess.run(tf.variables_initializer([from_fn, cast, loose]))
    np.testing.assert_array_equal(sess.run(from_fn), [3.0, 3.0])
    assert sess.run(cast).dtype == np.float64
    sess.run(tf.assign(loose, [1.0, 2.0, 3.0], validate_shape=False))
    np.testing.assert_array_equal(sess.run(loose), [1.0, 2.0, 3.0])
    # TF's VariableV2 kernel refuses a partially known shape whenever the variable op runs
    for fetch in (declared.initializer, declared.assign([5.0, 6.0]), tf.is_variable_initialized(declared)):
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"Shape \[\?\] is not fully defined"):
            sess.run(fetch)


def test_variable_of_unknown_rank_takes_only_scalars_through_a_validating_assign(g):
    v = tf.Variable([[1.0]], shape=tf.TensorShape(None))
    sess = tf.Session()
    assert not sess.run(tf.is_variable_initialized(v))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"lhs shape= \[\] rhs shape= \[1, 1\]"):
        sess.run(v.initializer)
    sess.run(tf.assign(v, 2.5))
    assert sess.run(v) == 2.5


def test_uninitialized_read_names_the_variable_directly_and_through_ops(g):
    v = tf.Variable([1.0, 2.0], name="weights")
    doubled = v * 2.0
    sess = tf.Session()
    for fetch in (v, doubled, v.read_value()):
        with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value weights"):
            sess.run(fetch)
    assert not sess.run(tf.is_variable_initialized(v))
    sess.run(v.initializer)
    assert sess.run(tf.is_variable_initialized(v))


def test_two_sessions_over_one_graph_hold_separate_values(g):
    counter = tf.Variable(0)
    inc = tf.assign_add(counter, 1)
    s1, s2 = tf.Session(), tf.Session()
    s1.run(counter.initializer)
    s2.run(counter.initializer)
    for _ in range(3):
        s1.run(inc)
    s2.run(inc)
    assert s1.run(counter) == 3 and s2.run(counter) == 1
    s1.close()
    assert s2.run(counter) == 1
    with pytest.raises(tf.errors.FailedPreconditionError):
        tf.Session().run(counter)


def test_assign_family_returns_new_values_and_variable_methods_match(g):
    v = tf.Variable([10.0, 20.0])
    sess = tf.Session()
    sess.run(v.initializer)
    np.testing.assert_array_equal(sess.run(tf.assign(v, [1.0, 2.0])), [1.0, 2.0])
    np.testing.assert_array_equal(sess.run(tf.assign_add(v, [0.5, 0.5])), [1.5, 2.5])
    np.testing.assert_array_equal(sess.run(v.assign_sub([1.5, 2.5])), [0.0, 0.0])
    op = v.assign([4.0, 4.0], read_value=False)
    assert isinstance(op, tf.Operation) and sess.run(op) is None
    fetched = sess.run(v)
    fetched[0] = 99.0  # a fetched value is the caller's copy
    np.testing.assert_array_equal(sess.run(v), [4.0, 4.0])


def test_static_shape_and_dtype_errors_are_raised_while_building(g):
    v = tf.Variable([1.0, 2.0])
    with pytest.raises(ValueError):
        v.assign([1.0, 2.0, 3.0])
    with pytest.raises(TypeError):
        v.assign(tf.constant([1, 2]))
    with pytest.raises(TypeError):
        tf.assign_add(v, tf.constant([1, 2]))
    with pytest.raises(ValueError):
        tf.assign_add(v, [1.0])
    with pytest.raises(TypeError):
        tf.assign_add(tf.Variable(["a"]), ["b"])
    with pytest.raises(AttributeError):
        tf.assign(tf.constant(1.0), 2.0)  # a plain tensor has no assign, as in TF


def test_failed_writes_leave_values_and_the_session_usable(g):
    v = tf.Variable([1.0, 2.0], name="v")
    p = tf.placeholder(tf.float32)
    checked = tf.assign(v, p)  # shape known only when run
    rows = tf.Variable([[1, 1], [2, 2]], name="rows")
    bad_scatter = tf.scatter_update(rows, [1, 7], [[5, 5], [6, 6]])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    with pytest.raises(tf.errors.InvalidArgumentError, match="variable v"):
        sess.run(checked, {p: [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match="Cannot feed value of shape"):
        v.load([1.0, 2.0, 3.0], sess)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[1\] = 7 is not in \[0, 2\)"):
        sess.run(bad_scatter)
    np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])
    np.testing.assert_array_equal(sess.run(rows), [[1, 1], [2, 2]])
    np.testing.assert_array_equal(sess.run(checked, {p: [7.0, 8.0]}), [7.0, 8.0])


def test_load_and_eval_use_the_given_or_default_session(g):
    v = tf.Variable([0.0, 0.0])
    n = tf.Variable(7)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    v.load(np.array([4, 5]), sess)
    n.load(42, sess)
    np.testing.assert_array_equal(v.eval(session=sess), [4.0, 5.0])
    with sess.as_default():
        assert n.eval() == 42
        v.load([1.5, 2.5])
        np.testing.assert_array_equal(v.eval(), [1.5, 2.5])
    with pytest.raises(ValueError, match="session"):
        v.load([1.0, 1.0])


def test_initial_value_reading_a_variable_initialises_in_any_order(g):
    w = tf.Variable(2.0, name="w")
    v = tf.Variable(w + 1.0, name="v")
    assert v.initial_value.op.name == "add"  # the user's tensor; the initializer reads a guarded copy
    assert v.initializer.inputs[1].op.name == "add_v"
    sess = tf.Session()
    sess.run(v.initializer)  # w is still uninitialised: its initial value is used
    assert sess.run(v) == 3.0
    sess.run(w.initializer)
    sess.run(w.assign(10.0))
    sess.run(v.initializer)  # now w's current value is read
    assert sess.run(v) == 11.0


def test_initialized_value_reads_or_falls_back_to_the_initial_value(g):
    w = tf.Variable([1.0, 2.0])
    iv = w.initialized_value()
    sess = tf.Session()
    np.testing.assert_array_equal(sess.run(iv), [1.0, 2.0])
    assert not sess.run(tf.is_variable_initialized(w))
    sess.run(w.initializer)
    sess.run(w.assign([5.0, 6.0]))
    np.testing.assert_array_equal(sess.run(iv), [5.0, 6.0])


def test_variable_ops_ignore_the_callers_control_dependencies(g):
    gate = tf.no_op(name="gate")
    with tf.control_dependencies([gate]):
        v = tf.Variable(1.0)
        after = v.read_value()
    assert all(not op.control_inputs for op in (v.op, v.initializer, v.value().op))
    assert after.op.control_inputs == [gate]


def test_report_uninitialized_variables_and_initializer_helpers(g):
    with tf.name_scope("layer1"):
        w1 = tf.Variable(tf.ones([2, 2]), name="w")
        b1 = tf.Variable(tf.zeros([2]), name="b")
    local = tf.Variable(0, name="steps", trainable=False, collections=[tf.GraphKeys.LOCAL_VARIABLES])
    report = tf.report_uninitialized_variables()
    sess = tf.Session()
    assert sess.run(report).tolist() == [b"layer1/w", b"layer1/b", b"steps"]
    sess.run(tf.variables_initializer([w1]))
    assert sess.run(report).tolist() == [b"layer1/b", b"steps"]
    assert sess.run(tf.local_variables_initializer()) is None
    assert sess.run(report).tolist() == [b"layer1/b"]
    sess.run(tf.initialize_all_variables())
    out = sess.run(report)
    assert out.shape == (0,) and out.dtype == object
    assert sess.run(tf.report_uninitialized_variables([b1])).shape == (0,)
    assert tf.variables_initializer([]).type == "NoOp"
    assert [v.name for v in tf.global_variables()] == [w1.name, b1.name]
    assert tf.local_variables() == [local] and tf.trainable_variables() == [w1, b1]


def test_report_on_an_empty_graph_and_assert_variables_initialized(g):
    assert tf.assert_variables_initialized() is None
    empty = tf.report_uninitialized_variables()
    assert tf.Session().run(empty).shape == (0,)
    v = tf.Variable([1.0, 2.0, 3.0], name="only")
    check = tf.assert_variables_initialized([v])
    sess = tf.Session()
    with pytest.raises(tf.errors.FailedPreconditionError, match="only"):
        sess.run(check)
    sess.run(v.initializer)
    assert sess.run(check) == 1
    w = tf.Variable(0, name="w")
    both = tf.assert_variables_initialized([v, w])
    with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value w"):
        sess.run(both)
    sess.run(w.initializer)
    assert sess.run(both).tolist() == [1, 0]


def test_collections_trainable_and_argument_checks(g):
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b", trainable=False)
    c = tf.Variable(3.0, name="c", collections=["mine"])
    assert tf.global_variables() == [a, b] and tf.trainable_variables() == [a, c]
    assert tf.get_collection("mine") == [c] and tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES)[-1] is c
    assert tf.global_variables(scope="b") == [b]
    assert not b.trainable and c.trainable
    with pytest.raises(ValueError, match="collections"):
        tf.Variable(1.0, collections="mine")
    with pytest.raises(ValueError, match="constraint"):
        tf.Variable(1.0, constraint=3)


def test_variables_act_as_tensors_but_not_as_bools_or_iterables(g):
    v = tf.Variable([1.0, 2.0])
    sess = tf.Session()
    sess.run(v.initializer)
    np.testing.assert_array_equal(sess.run(v + 1.0), [2.0, 3.0])
    np.testing.assert_array_equal(sess.run(2.0 * v), [2.0, 4.0])
    np.testing.assert_array_equal(sess.run(v - 1.0), [0.0, 1.0])
    assert tf.convert_to_tensor(v).name == "Variable/read:0"
    assert bool(v)  # TF's RefVariable has no __bool__; a resource variable refuses, as a tensor
    with pytest.raises(tf.errors.OperatorNotAllowedInGraphError, match="as a Python `bool`"):
        bool(tf.get_variable("res", [1], use_resource=True))
    with pytest.raises(tf.errors.OperatorNotAllowedInGraphError, match="Iterating over a symbolic"):
        iter(v)


def test_scatter_family_with_repeated_indices_and_scalar_updates(g):
    v = tf.Variable([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
    sess = tf.Session()

    def run(op):
        sess.run(v.initializer)
        return sess.run(op).tolist()

    assert run(tf.scatter_update(v, [2, 0], [[9.0, 9.0], [8.0, 8.0]])) == [[8, 8], [2, 2], [9, 9]]
    assert run(tf.scatter_add(v, [0, 0], [[1.0, 2.0], [1.0, 2.0]])) == [[3, 5], [2, 2], [3, 3]]
    assert run(tf.scatter_sub(v, [1], 1.0)) == [[1, 1], [1, 1], [3, 3]]
    assert run(tf.scatter_mul(v, [2], [[2.0, 3.0]])) == [[1, 1], [2, 2], [6, 9]]
    assert run(tf.scatter_div(v, [1], [[2.0, 4.0]])) == [[1, 1], [1, 0.5], [3, 3]]
    assert run(tf.scatter_max(v, [0], [[0.0, 5.0]])) == [[1, 5], [2, 2], [3, 3]]
    assert run(tf.scatter_min(v, [2], [[0.0, 5.0]])) == [[1, 1], [2, 2], [0, 3]]
    assert run(tf.scatter_nd_update(v, [[1, 1], [0, 0]], [7.0, 6.0])) == [[6, 1], [2, 7], [3, 3]]
    assert run(tf.scatter_nd_add(v, [[2]], [[1.0, 1.0]])) == [[1, 1], [2, 2], [4, 4]]
    with pytest.raises(ValueError):
        tf.scatter_update(v, [0, 1], [[1.0, 1.0]])
    with pytest.raises(TypeError):
        tf.scatter_update(v, [0.5], [[1.0, 1.0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="does not index"):
        run(tf.scatter_nd_update(v, [[3, 0]], [1.0]))


def test_integer_scatter_div_truncates_toward_zero(g):
    v = tf.Variable([-7, 7])
    sess = tf.Session()
    sess.run(v.initializer)
    assert sess.run(tf.scatter_div(v, [0, 1], [2, 2])).tolist() == [-3, 3]


def test_count_up_to_returns_the_old_value_until_the_limit(g):
    n = tf.Variable(0)
    up = n.count_up_to(2)
    sess = tf.Session()
    sess.run(n.initializer)
    assert [sess.run(up), sess.run(up)] == [0, 1]
    with pytest.raises(tf.errors.OutOfRangeError, match="Reached limit of 2"):
        sess.run(up)
    assert sess.run(n) == 2
    with pytest.raises(TypeError):
        tf.Variable(0.0).count_up_to(3)


def test_variables_placed_on_a_simulated_gpu_update_there(tmp_path):
    from tfsess.runtime.devices import set_simulated_gpus
    set_simulated_gpus(1)
    try:
        with tf.Graph().as_default():
            with tf.device("/gpu:0"):
                v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="v")
            scatter = tf.scatter_add(v, [0, 0], [[1.0, 1.0], [1.0, 1.0]])
            add = v.assign_add(tf.ones([2, 2]))
            report = tf.report_uninitialized_variables()
            sess = tf.Session()
            assert sess.run(report).tolist() == [b"v"]
            sess.run(v.initializer)
            assert sess.run(scatter).tolist() == [[3.0, 4.0], [3.0, 4.0]]
            assert sess.run(add).tolist() == [[4.0, 5.0], [4.0, 5.0]]
            path = tf.train.Saver().save(sess, str(tmp_path / "gpu"))
            fresh = tf.Session()
            tf.train.Saver().restore(fresh, path)
            assert fresh.run(v).tolist() == [[4.0, 5.0], [4.0, 5.0]]
            assert v.op.device.endswith("GPU:0")
    finally:
        set_simulated_gpus(None)


def test_slices_of_a_variable_assign_into_it(g):
    v = tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    row = v[0].assign([9.0, 9.0, 9.0])
    block = v[:, 1:].assign([[0.0, 0.0], [7.0, 7.0]])
    bad = v[0].assign([1.0, 2.0])
    assert row.op.type == "StridedSliceAssign" and row.op.name == "strided_slice/_assign"
    sess = tf.Session()
    sess.run(v.initializer)
    assert sess.run(row).tolist() == [[9, 9, 9], [4, 5, 6]]
    assert sess.run(block).tolist() == [[9, 0, 0], [4, 7, 7]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="does not match r-value shape"):
        sess.run(bad)
    assert sess.run(v).tolist() == [[9, 0, 0], [4, 7, 7]]


def test_variable_ops_are_known_by_their_opdef(g):
    from tfsess.framework.registry import lookup
    from tfsess.ops.state_ops import is_variable_op
    v = tf.Variable([1.0, 2.0], name="v")
    assert lookup("VariableV2").is_variable and lookup("VariableV2").no_gradient
    assert is_variable_op(v.op) and not is_variable_op(v.initializer) and not is_variable_op(v.value().op)

    class Unregistered:  # an op whose type the registry does not know, as in a foreign graph
        _opdef = None
        type = "VariableV2"

    assert not is_variable_op(Unregistered())
    # the Saver and report_uninitialized_variables find variable ops through the OpDef
    with g.as_default():
        g.clear_collection(tf.GraphKeys.GLOBAL_VARIABLES)
    sess = tf.Session()
    assert sess.run(tf.report_uninitialized_variables()).tolist() == [b"v"]
    tf.train.Saver({"v": v.op.outputs[0]})  # a variable op's ref tensor is saveable
    with pytest.raises(TypeError, match="Not a variable"):
        tf.train.Saver({"v": v.value()})
