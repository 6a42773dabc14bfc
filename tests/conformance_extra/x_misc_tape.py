"""tf.GradientTape in TF1 graph mode (resource variables, as TF's tape needs them), and tf.vectorized_map."""
from _harness import catch, message_has


def _vars(tf):
    v = tf.Variable([2.0, 3.0, 4.0], use_resource=True, name="v")
    w = tf.Variable(5.0, trainable=False, use_resource=True, name="w")
    return v, w


def _run(tf, fetches):
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return sess.run(fetches)


def case_x_misc_tape_basic(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    v, w = _vars(tf)
    before = x * 3.0
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(x * x * v) + w + tf.reduce_sum(before)
        with tape.stop_recording():
            z = x * 10.0
        y2 = y + tf.reduce_sum(z)
    grads = tape.gradient(y2, [x, v, w, before])
    return {"watched": [u.name for u in tape.watched_variables()], "none": [g is None for g in grads],
            "values": _run(tf, [g for g in grads if g is not None]),
            "again": message_has(lambda: tape.gradient(y, x), "A non-persistent GradientTape can only be used")}


def case_x_misc_tape_persistent(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    v, w = _vars(tf)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        q = tf.reduce_sum(y * v)
    first = tape.gradient(q, [x, v])
    second = tape.gradient(q, {"x": x, "v": v}, output_gradients=tf.constant(2.0))
    zero = tape.gradient(q, w, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return {"first": _run(tf, first), "second": _run(tf, second), "zero": _run(tf, zero),
            "zero_name": zero.op.type, "none": tape.gradient(q, w) is None}


def case_x_misc_tape_jacobian(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        m = tf.reshape(tf.concat([x, x * 2.0], 0), [2, 3]) * tf.reduce_sum(x)
    jy, jm = tape.jacobian(y, x), tape.jacobian(m, x)
    return {"shapes": [jy.shape.as_list(), jm.shape.as_list()], "values": _run(tf, [jy, jm])}


def case_x_misc_tape_batch_jacobian(tf):
    with tf.GradientTape() as tape:
        xb = tf.reshape(tf.range(6.0), [2, 3])
        tape.watch(xb)
        yb = tf.stack([xb * xb * 2.0, tf.sin(xb)], axis=1)
    bj = tape.batch_jacobian(yb, xb)
    return {"shape": bj.shape.as_list(), "value": _run(tf, bj)}


def case_x_misc_tape_watch_accessed(tf):
    v, w = _vars(tf)
    with tf.GradientTape(watch_accessed_variables=False) as off:
        y = v * 2.0
    with tf.GradientTape() as on:
        z = tf.reduce_sum(v * w)
    with tf.GradientTape() as explicit:
        explicit.watch(w)
        u = v * w
    return {"off": [off.gradient(y, v) is None, list(off.watched_variables())],
            "on": [u_.name for u_ in on.watched_variables()], "on_grad": _run(tf, on.gradient(z, [v])),
            "explicit": [u_.name for u_ in explicit.watched_variables()],
            "explicit_grad": _run(tf, explicit.gradient(u, w))}


def case_x_misc_tape_unwatched_and_chain(tf):
    x = tf.constant(3.0)
    outside = x * x
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = outside * x
        t = tf.sin(y)
    return {"outside": tape.gradient(t, outside) is None,
            "x": _run(tf, tape.gradient(t, x)),
            "both": _run(tf, tape.gradient([t, y], x)),
            "int": tape.gradient(t, tf.constant(1)) is None}


def case_x_misc_tape_reset_and_nested(tf):
    x = tf.constant(2.0)
    with tf.GradientTape(persistent=True) as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = x * x * x
        dy = inner.gradient(y, x)
    d2 = outer.gradient(dy, x)
    with tf.GradientTape() as t2:
        t2.watch(x)
        a = x * 5.0
        t2.reset()
        t2.watch(x)
        b = x * 7.0
        total = a + b
    with tf.GradientTape() as t3:
        t3.watch(x)
        c = x * 5.0
    after_exit = c * 2.0
    return {"dy": _run(tf, dy), "d2": _run(tf, d2), "reset": _run(tf, t2.gradient(total, x)),
            "after_exit": t3.gradient(after_exit, x) is None}


def case_x_misc_tape_stop_recording_errors(tf):
    tape = tf.GradientTape()
    out = {"not_recording": catch(lambda: tape.stop_recording().__enter__())}
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as t:
        t.watch(x)
        y = x * 2.0
    out["jacobian_after_gradient"] = (t.gradient(y, x) is not None,
                                      message_has(lambda: t.jacobian(y, x), "non-persistent GradientTape"))
    return out


def case_x_misc_tape_vectorized_map(tf):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    ids = tf.constant([1, 2, 3])
    a = tf.vectorized_map(lambda r: r * 2.0 + tf.reduce_sum(r), x)
    b = tf.vectorized_map(lambda p: (tf.cast(p[0], tf.int32), p[1] * 2), (x, ids))
    c = tf.vectorized_map(lambda d: {"n": tf.norm(d["x"]), "s": d["x"][::-1]}, {"x": x})
    return {"a": _run(tf, a), "b": _run(tf, b), "c": _run(tf, c), "shape": a.shape.as_list()}


def case_x_misc_tape_vectorized_map_matmul(tf):
    m = tf.reshape(tf.range(12.0), [3, 2, 2])
    v = tf.constant([[1.0], [2.0]])
    out = tf.vectorized_map(lambda mat: tf.matmul(mat, v), m)
    grad = tf.gradients(tf.reduce_sum(out), m)[0]
    return {"out": _run(tf, out), "grad": _run(tf, grad)}


def case_x_misc_tape_critical_section(tf):
    v = tf.Variable(0, use_resource=True, name="counter")
    section = tf.CriticalSection(name="section")

    def bump():
        with tf.control_dependencies([v.read_value()]):
            return v.assign_add(1)
    bumped = section.execute(bump)
    scaled = section.execute(lambda: v.read_value() * 10)
    pair = section.execute(lambda: (tf.constant(1.0), {"b": tf.constant([2, 3])}))
    sess = tf.Session()
    sess.run(v.initializer)
    return {"first": sess.run(bumped), "second": sess.run(bumped), "scaled": sess.run(scaled), "pair": sess.run(pair),
            "types": sorted({o.type for o in tf.get_default_graph().get_operations()
                             if o.type in ("MutexV2", "MutexLock", "ConsumeMutexLock")}),
            "dtype": bumped.dtype.name, "final": sess.run(v.read_value())}


def case_x_misc_tape_critical_section_errors(tf):
    v = tf.Variable(1.0, use_resource=True)
    section, other = tf.CriticalSection(name="a"), tf.CriticalSection(name="b")
    out = {"nested": message_has(lambda: section.execute(lambda: section.execute(lambda: tf.constant(1.0))),
                                 "Attempting to lock a CriticalSection", "in which we are already running")}
    section.execute(lambda: v.assign_add(1.0))
    out["shared"] = message_has(lambda: other.execute(lambda: v.assign_add(2.0)),
                                "This execution would access resources", "requested exclusive resource access",
                                "exclusive_resource_access=False?")
    out["shared_not_exclusive"] = catch(lambda: other.execute(lambda: v.read_value(), exclusive_resource_access=False))
    x = tf.placeholder(tf.float32, [])
    checked = section.execute(lambda: tf.debugging.check_numerics(tf.math.log(x), "log"))
    sess = tf.Session()
    out["fails"] = catch(sess.run, checked, {x: -1.0})
    out["again"] = sess.run(checked, {x: 1.0})
    return out


def case_x_misc_tape_gather_and_structures(tf):
    params = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(params)
        rows = tf.gather(params, [0, 2, 0])
        targets = {"sum": tf.reduce_sum(rows), "sq": tf.reduce_sum(rows * rows)}
    grads = tape.gradient(targets, {"p": params})
    pair = tape.gradient(targets["sq"], [params, [params]])
    return {"dense": _run(tf, tf.convert_to_tensor(grads["p"])), "pair": _run(tf, [tf.convert_to_tensor(pair[0]),
                                                                                    tf.convert_to_tensor(pair[1][0])]),
            "types": [type(grads["p"]).__name__]}


def case_x_misc_tape_jacobian_unconnected(tf):
    x = tf.constant([1.0, 2.0])
    other = tf.constant([3.0, 4.0, 5.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, other])
        y = tf.stack([x[0] * x[1], x[0] + x[1], x[1] ** 2])
    zero = tape.jacobian(y, other, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return {"none": tape.jacobian(y, other) is None, "zero": _run(tf, zero), "zero_shape": zero.shape.as_list(),
            "list": _run(tf, tape.jacobian(y, [x]))}


def case_x_misc_tape_vectorized_map_range(tf):
    squares = tf.vectorized_map(lambda i: i * i, tf.range(5), fallback_to_while_loop=True)
    windows = tf.vectorized_map(lambda row: tf.reduce_max(row) - tf.reduce_min(row),
                                tf.reshape(tf.range(12.0), [4, 3]))
    return {"squares": _run(tf, squares), "windows": _run(tf, windows), "dtype": squares.dtype.name}
