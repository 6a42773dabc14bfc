"""Round-14 variations of the public misc_train_utils cases: EMA zero_debias on ref variables and
on a tensor, apply() with a name and a second var list, average of a slot-free var, restoring shadows
into a fresh graph with a partial map; exponential_decay with float64 tensors, int32 fed steps and
decay_rate > 1; decays at restart boundaries; piecewise_constant with float steps, tensor boundaries
and bool values; clip_by_global_norm with None and IndexedSlices; global-step helpers and SyncReplicas."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch, message_has


# ---- ema_apply_and_average
def case_x_gc14_ema_zero_debias_ref_and_named_apply(tf):
    v = tf.Variable(4.0, name="v")
    w = tf.Variable([1.0, 2.0], name="w")
    ema = tf.train.ExponentialMovingAverage(0.8, zero_debias=True, name="smooth")
    first = ema.apply([v])
    second = ema.apply([w])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    trail = []
    for nv in (2.0, 10.0):
        sess.run([v.assign(nv), w.assign_add([1.0, 1.0])])
        sess.run([first, second])
        trail.append(sess.run([ema.average(v), ema.average(w)]))
    return {"trail": trail, "globals": sorted(x.op.name for x in tf.global_variables()),
            "apply_names": [first.name, second.name], "ema_name": ema.name,
            "zero_debias_locals": [x.op.name for x in tf.local_variables()]}


# ---- ema_num_updates
def case_x_gc14_ema_num_updates_fed_and_int64(tf):
    v = tf.Variable(0.0, name="v")
    n = tf.placeholder(tf.int64, [])
    ema = tf.train.ExponentialMovingAverage(0.99, num_updates=n)
    apply = ema.apply([v])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out = []
    for step, value in ((0, 10.0), (100, 20.0), (10 ** 6, 30.0)):
        sess.run(v.assign(value))
        sess.run(apply, {n: step})
        out.append(sess.run(ema.average(v)))
    return {"trail": out, "unfed": catch(sess.run, apply),
            "float_updates": catch(lambda: tf.train.ExponentialMovingAverage(0.9, num_updates=tf.constant(2.5)).apply(
                [tf.Variable(1.0, name="z")]))}


# ---- ema_variables_to_restore / ema_restore_shadow_values
def case_x_gc14_ema_restore_partial_map_into_new_graph(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            a = tf.Variable(1.0, name="a")
            b = tf.Variable(2.0, name="b")
            ema = tf.train.ExponentialMovingAverage(0.5)
            apply = ema.apply([a])
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            sess.run([a.assign(9.0), b.assign(7.0)])
            sess.run(apply)
            path = tf.train.Saver().save(sess, os.path.join(d, "m"))
        with tf.Graph().as_default():
            a = tf.Variable(0.0, name="a")
            b = tf.Variable(0.0, name="b")
            ema = tf.train.ExponentialMovingAverage(0.5)
            mapping = ema.variables_to_restore()
            sess = tf.Session()
            missing = message_has(lambda: tf.train.Saver(mapping).restore(sess, path), "b/ExponentialMovingAverage",
                                  "not found in checkpoint")
            listed = [n for n, _ in tf.train.list_variables(path)]
            tf.train.Saver({k: v for k, v in mapping.items() if k in listed}).restore(sess, path)
            return {"keys": sorted(mapping), "missing": missing, "a": sess.run(a), "listed": listed,
                    "b_uninitialized": sess.run(tf.report_uninitialized_variables())}
    finally:
        shutil.rmtree(d)


# ---- ema_errors
def case_x_gc14_ema_error_paths(tf):
    v = tf.Variable(1.0, name="v")
    return {"string_var": catch(tf.train.ExponentialMovingAverage(0.9).apply, [tf.Variable("s", name="s")]),
            "half_ok": isinstance(tf.train.ExponentialMovingAverage(0.9).apply([tf.Variable(1.0, dtype=tf.float16,
                                                                                            name="h")]), tf.Operation),
            "not_list": message_has(lambda: tf.train.ExponentialMovingAverage(0.9).apply(v), "iterable", "not"),
            "decay_string": catch(lambda: tf.train.ExponentialMovingAverage("x").apply([v]))}


# ---- exponential_decay
def case_x_gc14_exponential_decay_tensors_and_growth(tf):
    step = tf.placeholder(tf.int32, [])
    lr64 = tf.train.exponential_decay(tf.constant(0.5, tf.float64), step, tf.constant(4), 0.25)
    grow = tf.train.exponential_decay(1.0, step, 3, 2.0, staircase=True, name="grow")
    sess = tf.Session()
    return {"lr64": [sess.run(lr64, {step: s}) for s in (0, 2, 8)], "dtype": lr64.dtype.name,
            "grow": [sess.run(grow, {step: s}) for s in (2, 3, 7)], "name": grow.op.name,
            "type": lr64.op.type, "zero_steps": catch(sess.run, tf.train.exponential_decay(1.0, step, 0, 0.5),
                                                      {step: 3})}


def case_x_gc14_decays_at_restart_boundaries(tf):
    step = tf.placeholder(tf.int64, [])
    restarts = tf.train.cosine_decay_restarts(1.0, step, 4, t_mul=2.0, m_mul=0.5, alpha=0.1)
    poly = tf.train.polynomial_decay(1.0, step, 4, end_learning_rate=0.2, power=2.0, cycle=True)
    inv = tf.train.inverse_time_decay(1.0, step, 3, 0.5, staircase=True)
    nat = tf.train.natural_exp_decay(1.0, step, 3, 0.5, staircase=True)
    sess = tf.Session()
    return {k: [sess.run(t, {step: s}) for s in (0, 3, 4, 5, 12)] for k, t in
            (("restarts", restarts), ("poly", poly), ("inv", inv), ("nat", nat))}


# ---- piecewise_constant
def case_x_gc14_piecewise_float_step_tensor_boundaries_bool_values(tf):
    x = tf.placeholder(tf.float32, [])
    lr = tf.train.piecewise_constant(x, [0.5, 1.5], [1.0, 2.0, 3.0])
    flags = tf.train.piecewise_constant(x, [tf.constant(1.0)], [True, False])
    step = tf.placeholder(tf.int64, [])
    by_int = tf.train.piecewise_constant(step, [5], [0.1, 0.01])
    sess = tf.Session()
    return {"lr": [sess.run(lr, {x: v}) for v in (0.5, 0.51, 1.5, 9.0)],
            "flags": [sess.run(flags, {x: v}) for v in (1.0, 1.01)], "flags_dtype": flags.dtype.name,
            "by_int": [sess.run(by_int, {step: s}) for s in (5, 6)],
            "mixed_values": catch(tf.train.piecewise_constant, x, [1.0], [1, 2.0]),
            "int_boundaries_float_x": catch(tf.train.piecewise_constant, x, [1], [1.0, 2.0])}


# ---- exponential_decay_drives_optimizer
def case_x_gc14_clip_by_global_norm_none_and_indexed_slices(tf):
    a = tf.constant([3.0, 4.0])
    rows = tf.IndexedSlices(tf.constant([[6.0, 8.0]]), tf.constant([1]), tf.constant([3, 2]))
    clipped, norm = tf.clip_by_global_norm([a, None, rows], 5.0)
    emb = tf.Variable(tf.ones([3, 2]), name="emb")
    loss = tf.reduce_sum(tf.gather(emb, [0, 0, 2]) * 3.0)
    grads = tf.gradients(loss, [emb])
    gclipped, gnorm = tf.clip_by_global_norm(grads, 1.0)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"norm": sess.run(norm), "dense": sess.run(clipped[0]), "none": clipped[1] is None,
            "rows": sess.run(clipped[2].values), "rows_type": type(clipped[2]).__name__,
            "grad_norm": sess.run(gnorm), "grad_values": sess.run(gclipped[0].values),
            "names": [clipped[0].op.name, norm.op.name],
            "all_none": catch(tf.clip_by_global_norm, [None, None], 1.0),
            "not_list": catch(tf.clip_by_global_norm, a, 1.0),
            "inf": sess.run(tf.clip_by_global_norm([tf.constant([np.inf, 1.0])], 1.0)[0][0])}


# ---- global step helpers
def case_x_gc14_global_step_helpers_and_sync_replicas(tf):
    out = {"before": tf.train.get_global_step()}
    gs = tf.train.create_global_step()
    out["again"] = catch(tf.train.create_global_step)
    out["assert_ok"] = catch(tf.train.assert_global_step, gs)
    out["assert_float"] = catch(tf.train.assert_global_step, tf.Variable(1.0, name="f"))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(tf.assign_add(gs, 7))
    out["value"] = tf.train.global_step(sess, gs)
    out["by_name"] = tf.train.global_step(sess, "global_step:0")
    sync = tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.1), replicas_to_aggregate=2)
    out["sync_slot_names"] = sync.get_slot_names()
    out["sync_hook_early"] = catch(sync.make_session_run_hook, True)
    out["sync_no_grads"] = catch(sync.apply_gradients, [])
    return out
