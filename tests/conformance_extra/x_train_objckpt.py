"""Object-based checkpoints (tf.train.Checkpoint, CheckpointManager), tf.Module, loss scaling and
SyncReplicasOptimizer, in TF1 graph mode with sessions. Checkpoints go to temporary directories; results
hold only file names relative to them, keys, values and the serialized object graph."""
import os
import threading

import numpy as np

from _harness import catch, message_has
from _casekit import in_tmp as _in_tmp


def _contents(tf, path):
    """Every key of the checkpoint at `path` with its value (the object graph as bytes)."""
    reader = tf.train.load_checkpoint(path)
    return {name: reader.get_tensor(name) for name, _ in tf.train.list_variables(path)}


def _model(tf, fill=None):
    """A tf.Module holding a variable, a list and a dict of variables (zeros when `fill` is 0)."""
    class Model(tf.Module):
        def __init__(self):
            super().__init__(name="model")
            self.w = tf.Variable(np.float32([[1, 2], [3, 4]]) if fill is None else np.zeros([2, 2], np.float32),
                                 name="w")
            self.layers = [tf.Variable(3.0 if fill is None else 0.0, name="b")]
            self.d = {"x": tf.Variable(5 if fill is None else 0, name="x")}
    return Model()


def _trained(tf, opt_factory, fill=None):
    """(model, optimizer, v, train op) of a small loss over the model's variables."""
    m = _model(tf, fill)
    v = tf.Variable(7.0 if fill is None else 0.0, name="v")
    loss = tf.reduce_sum(m.w) * v + m.layers[0]
    opt = opt_factory()
    return m, opt, v, opt.minimize(loss)


def case_save_adam_keys_values_and_object_graph(tf):
    def run(d):
        m, opt, v, train = _trained(tf, lambda: tf.train.AdamOptimizer(0.1))
        ck = tf.train.Checkpoint(model=m, opt=opt, v=v)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(train)
            path = ck.save(os.path.join(d, "ckpt"), session=sess)
        return {"path": os.path.basename(path), "contents": _contents(tf, path),
                "latest": os.path.basename(tf.train.latest_checkpoint(d)), "files": sorted(os.listdir(d))}
    return _in_tmp(run)


def case_save_momentum_twice_counter_and_state_file(tf):
    def run(d):
        m, opt, v, train = _trained(tf, lambda: tf.train.MomentumOptimizer(0.1, 0.9))
        ck = tf.train.Checkpoint(model=m, opt=opt, v=v)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            first = ck.save(os.path.join(d, "c"), session=sess)
            sess.run(train)
            second = ck.save(os.path.join(d, "c"), session=sess)
            counter = sess.run(ck.save_counter)
        with open(os.path.join(d, "checkpoint")) as f:
            state = f.read()
        return {"paths": [os.path.basename(first), os.path.basename(second)], "counter": counter,
                "state": state, "contents": _contents(tf, second)}
    return _in_tmp(run)


def case_write_without_counter_or_state_file(tf):
    def run(d):
        v = tf.Variable([1.5, 2.5], name="v")
        ck = tf.train.Checkpoint(v=v, nested=tf.train.Checkpoint(u=tf.Variable(3, name="u")))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            path = ck.write(os.path.join(d, "plain"), session=sess)
        return {"path": os.path.basename(path), "files": sorted(os.listdir(d)), "contents": _contents(tf, path)}
    return _in_tmp(run)


def case_restore_roundtrip_assert_consumed(tf):
    def run(d):
        with tf.Graph().as_default():
            m, opt, v, train = _trained(tf, lambda: tf.train.AdamOptimizer(0.1))
            ck = tf.train.Checkpoint(model=m, opt=opt, v=v)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run([train, train])
                path = ck.save(os.path.join(d, "c"), session=sess)
        with tf.Graph().as_default():
            m, opt, v, train = _trained(tf, lambda: tf.train.AdamOptimizer(0.1), fill=0)
            ck = tf.train.Checkpoint(model=m, opt=opt, v=v)
            status = ck.restore(path).assert_consumed()
            with tf.Session() as sess:
                status.run_restore_ops(sess)
                values = sess.run({"w": m.w, "b": m.layers[0], "x": m.d["x"], "v": v, "counter": ck.save_counter,
                                   "m": opt.get_slot(m.w, "m"), "vs": opt.get_slot(v, "v"),
                                   "beta1": [x for x in opt.variables() if "beta1_power" in x.name][0]})
                sess.run(train)
                values["after"] = sess.run(m.w)
        return values
    return _in_tmp(run)


def case_restore_before_slots_exist_is_deferred(tf):
    def run(d):
        with tf.Graph().as_default():
            m, opt, v, train = _trained(tf, lambda: tf.train.AdagradOptimizer(0.5))
            ck = tf.train.Checkpoint(model=m, opt=opt, v=v)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run(train)
                path = ck.save(os.path.join(d, "c"), session=sess)
        with tf.Graph().as_default():
            m = _model(tf, fill=0)
            v = tf.Variable(0.0, name="v")
            opt = tf.train.AdagradOptimizer(0.5)
            ck = tf.train.Checkpoint(model=m, opt=opt, v=v)
            status = ck.restore(path)
            before = catch(status.assert_consumed)
            existing = catch(lambda: status.assert_existing_objects_matched() is status)
            opt.minimize(tf.reduce_sum(m.w) * v + m.layers[0])
            with tf.Session() as sess:
                status.assert_consumed().run_restore_ops(sess)
                return {"before": before, "existing": existing,
                        "slot": sess.run(opt.get_slot(m.w, "accumulator")), "w": sess.run(m.w)}
    return _in_tmp(run)


def case_assert_consumed_unmatched_checkpoint_value(tf):
    def run(d):
        with tf.Graph().as_default():
            ck = tf.train.Checkpoint(a=tf.Variable(1.0, name="a"), b=tf.Variable(2.0, name="b"))
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                path = ck.save(os.path.join(d, "c"), session=sess)
        with tf.Graph().as_default():
            a = tf.Variable(0.0, name="a")
            status = tf.train.Checkpoint(a=a).restore(path)
            result = {"consumed": catch(status.assert_consumed),
                      "existing": catch(lambda: status.assert_existing_objects_matched() is status),
                      "nontrivial": catch(lambda: status.assert_nontrivial_match() is status),
                      "partial": status.expect_partial() is status}
            with tf.Session() as sess:
                status.run_restore_ops(sess)
                result["a"] = sess.run(a)
        return result
    return _in_tmp(run)


def case_assert_existing_objects_unmatched_live_variable(tf):
    def run(d):
        with tf.Graph().as_default():
            ck = tf.train.Checkpoint(a=tf.Variable(1.0, name="a"))
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                path = ck.save(os.path.join(d, "c"), session=sess)
        with tf.Graph().as_default():
            status = tf.train.Checkpoint(a=tf.Variable(0.0), extra=tf.Variable(9.0)).restore(path)
            return {"existing": catch(status.assert_existing_objects_matched),
                    "consumed": catch(status.assert_consumed)}
    return _in_tmp(run)


def case_initialize_or_restore_initializes_the_rest(tf):
    def run(d):
        with tf.Graph().as_default():
            ck = tf.train.Checkpoint(a=tf.Variable(1.0, name="a"))
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run(ck.a.assign(4.0))
                path = ck.save(os.path.join(d, "c"), session=sess)
        with tf.Graph().as_default():
            a, extra = tf.Variable(0.0, name="a"), tf.Variable([9.0, 8.0], name="extra")
            status = tf.train.Checkpoint(a=a, extra=extra).restore(path)
            with tf.Session() as sess:
                status.initialize_or_restore(sess)
                return sess.run({"a": a, "extra": extra})
    return _in_tmp(run)


def case_restore_none_initialization_only(tf):
    a = tf.Variable(3.0, name="a")
    ck = tf.train.Checkpoint(a=a)
    status = ck.restore(None)
    with tf.Session() as sess:
        status.initialize_or_restore(sess)
        return {"a": sess.run(a), "consumed": catch(status.assert_consumed),
                "existing": catch(status.assert_existing_objects_matched),
                "run": catch(lambda: status.run_restore_ops(sess))}


def case_restore_name_based_saver_checkpoint(tf):
    def saved(d, name, with_counter):
        with tf.Graph().as_default():
            tf.Variable([1.0, 2.0], name="a"), tf.Variable(5, name="b")
            if with_counter:
                tf.Variable(3, dtype=tf.int64, name="save_counter")
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                return tf.train.Saver().save(sess, os.path.join(d, name))

    def restore(path):
        with tf.Graph().as_default():
            a, b = tf.Variable([0.0, 0.0], name="a"), tf.Variable(0, name="b")
            ck = tf.train.Checkpoint(x=a, y=b)
            status = ck.restore(path)
            result = {"consumed_before": catch(status.assert_consumed)}
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                result["restore"] = catch(lambda: status.initialize_or_restore(sess))
                result["existing_after"] = catch(lambda: status.assert_existing_objects_matched() is status)
                result.update(sess.run({"a": a, "b": b, "counter": ck.save_counter}))
            return result

    def run(d):
        return {"without_counter": restore(saved(d, "plain", False)),
                "with_counter": restore(saved(d, "counted", True))}
    return _in_tmp(run)


def case_restore_missing_checkpoint_raises(tf):
    return _in_tmp(lambda d: catch(tf.train.Checkpoint(a=tf.Variable(1.0)).restore, os.path.join(d, "nothing-1")))


def case_escaped_names_and_shared_variable(tf):
    def run(d):
        shared = tf.Variable(1.0, name="shared")
        holder = tf.Module(name="holder")
        holder.first = shared
        holder.second = shared
        holder.table = {"a/b": tf.Variable(2.0, name="ab"), "c.d": tf.Variable(3.0, name="cd")}
        holder.items = [tf.Variable(4.0, name="i0"), 17, [tf.Variable(5.0, name="i2")]]
        ck = tf.train.Checkpoint(holder=holder)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return _contents(tf, ck.write(os.path.join(d, "c"), session=sess))
    return _in_tmp(run)


def case_checkpoint_rejects_untrackable(tf):
    return {"int": catch(tf.train.Checkpoint, x=3),
            "message": message_has(lambda: tf.train.Checkpoint(x="s"), "trackable object")}


def case_checkpoint_attribute_assigned_later(tf):
    def run(d):
        ck = tf.train.Checkpoint(z=tf.Variable(1.0, name="z"))
        ck.a = tf.Variable(2.0, name="a")
        ck.items = [tf.Variable(3.0, name="i")]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            first = ck.save(os.path.join(d, "c"), session=sess)
            ck.later = tf.Variable(4.0, name="later")
            sess.run(ck.later.initializer)
            second = ck.save(os.path.join(d, "c"), session=sess)
        return {"first": _contents(tf, first), "second": _contents(tf, second)}
    return _in_tmp(run)


def case_python_state(tf):
    class Counter(tf.train.experimental.PythonState):
        def __init__(self, text):
            self.text = text

        def serialize(self):
            return self.text

        def deserialize(self, string_value):
            self.text = string_value

    def run(d):
        with tf.Graph().as_default():
            ck = tf.train.Checkpoint(state=Counter("hello"), v=tf.Variable(1.0, name="v"))
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                path = ck.save(os.path.join(d, "c"), session=sess)
        with tf.Graph().as_default():
            state = Counter("other")
            status = tf.train.Checkpoint(state=state, v=tf.Variable(0.0, name="v")).restore(path)
            at_restore = state.text
            with tf.Session() as sess:
                status.run_restore_ops(sess)
            return {"contents": _contents(tf, path), "at_restore": at_restore, "after": state.text}
    return _in_tmp(run)


def case_manager_max_to_keep(tf):
    def run(d):
        v = tf.Variable(1.0, name="v")
        step = v.assign_add(1.0)
        manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=v), d, max_to_keep=2)
        paths = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(4):
                sess.run(step)
                paths.append(os.path.basename(manager.save()))
        return {"paths": paths, "kept": [os.path.basename(p) for p in manager.checkpoints],
                "latest": os.path.basename(manager.latest_checkpoint), "files": sorted(os.listdir(d)),
                "state_latest": os.path.basename(tf.train.latest_checkpoint(d)),
                "value": tf.train.load_variable(d, "v/.ATTRIBUTES/VARIABLE_VALUE"),
                "list": tf.train.list_variables(d)}
    return _in_tmp(run)


def case_manager_checkpoint_number_and_name(tf):
    def run(d):
        gs = tf.train.get_or_create_global_step()
        inc = tf.assign_add(gs, 5)
        manager = tf.train.CheckpointManager(tf.train.Checkpoint(step=gs), d, max_to_keep=None,
                                             checkpoint_name="model")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(inc)
            by_step = manager.save(checkpoint_number=gs)
            by_int = manager.save(checkpoint_number=42)
            by_counter = manager.save()
        return {"paths": [os.path.basename(p) for p in (by_step, by_int, by_counter)],
                "kept": [os.path.basename(p) for p in manager.checkpoints], "files": sorted(os.listdir(d))}
    return _in_tmp(run)


def case_manager_recovers_previous_state(tf):
    def run(d):
        v = tf.Variable(1.0, name="v")
        ck = tf.train.Checkpoint(v=v)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            first = tf.train.CheckpointManager(ck, d, max_to_keep=3)
            for _ in range(2):
                first.save()
            second = tf.train.CheckpointManager(ck, d, max_to_keep=3)
            recovered = [os.path.basename(p) for p in second.checkpoints]
            for _ in range(3):
                second.save()
        return {"recovered": recovered, "latest": os.path.basename(second.latest_checkpoint),
                "kept": [os.path.basename(p) for p in second.checkpoints], "files": sorted(os.listdir(d))}
    return _in_tmp(run)


def case_manager_bad_arguments(tf):
    ck = tf.train.Checkpoint(v=tf.Variable(1.0))
    return _in_tmp(lambda d: {
        "zero": message_has(lambda: tf.train.CheckpointManager(ck, d, max_to_keep=0), "max_to_keep"),
        "interval": message_has(lambda: tf.train.CheckpointManager(ck, d, 2, checkpoint_interval=5),
                                "step_counter"),
        "none_latest": tf.train.CheckpointManager(ck, d, max_to_keep=1).latest_checkpoint})


def case_manager_checkpoint_interval(tf):
    def run(d):
        gs = tf.train.get_or_create_global_step()
        inc = tf.assign_add(gs, 1)
        manager = tf.train.CheckpointManager(tf.train.Checkpoint(step=gs), d, max_to_keep=5, step_counter=gs,
                                             checkpoint_interval=3)
        saved = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(8):
                path = manager.save()
                saved.append(None if path is None else os.path.basename(path))
                sess.run(inc)
            forced = os.path.basename(manager.save(check_interval=False))
        return {"saved": saved, "forced": forced, "interval": manager.checkpoint_interval}
    return _in_tmp(run)


def case_checkpoint_options_write_callbacks(tf):
    def run(d):
        seen = []
        options = tf.train.CheckpointOptions(experimental_write_callbacks=[lambda p: seen.append(os.path.basename(p))])
        ck = tf.train.Checkpoint(v=tf.Variable(1.0, name="v"))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            ck.save(os.path.join(d, "c"), session=sess, options=options)
            ck.write(os.path.join(d, "w"), session=sess, options=options)
        return {"seen": seen, "io_device": tf.train.CheckpointOptions().experimental_io_device}
    return _in_tmp(run)


def case_module_names_scopes_and_variables(tf):
    class Dense(tf.Module):
        def __init__(self, n, name=None):
            super().__init__(name=name)
            self.n = n
            self.built = False

        @tf.Module.with_name_scope
        def __call__(self, x):
            if not self.built:
                self.w = tf.Variable(tf.ones([int(x.shape[-1]), self.n]), name="w")
                self.b = tf.Variable(tf.zeros([self.n]), name="b", trainable=False)
                self.built = True
            return tf.matmul(x, self.w) + self.b

    class MLP(tf.Module):
        def __init__(self):
            super().__init__()
            self.layers = [Dense(3), Dense(2, name="out")]
            self.extra = {"z": tf.Variable(1.0, name="z"), "a": tf.Variable(2.0, name="a")}

        def __call__(self, x):
            for layer in self.layers:
                x = layer(x)
            return x

    m = MLP()
    y = m(tf.constant([[1.0, 2.0]]))
    with m.name_scope:
        c = tf.constant(1.0, name="c")
    again = MLP()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(y)
    return {"names": [m.name, m.layers[0].name, m.layers[1].name, again.name],
            "variables": [v.name for v in m.variables], "trainable": [v.name for v in m.trainable_variables],
            "non_trainable": [v.name for v in m.non_trainable_variables],
            "submodules": [s.name for s in m.submodules], "scoped": [c.name, y.name], "y": out}


def case_module_bad_name_and_default_names(tf):
    class HTTPServerModule(tf.Module):
        pass

    class ABC2d(tf.Module):
        pass

    return {"bad": message_has(lambda: tf.Module(name="bad name"), "not a valid module name"),
            "digit": catch(tf.Module, name="1x"),
            "defaults": [HTTPServerModule().name, ABC2d().name, tf.Module().name]}


def case_module_cycles_and_nesting(tf):
    outer = tf.Module(name="outer")
    inner = tf.Module(name="inner")
    inner.back = outer
    inner.v = tf.Variable(1.0, name="iv")
    outer.children = (inner, {"k": [tf.Variable(2.0, name="deep")]})
    outer.same = inner
    return {"vars": [v.name for v in outer.variables], "subs": [s.name for s in outer.submodules],
            "inner_vars": [v.name for v in inner.variables], "inner_subs": [s.name for s in inner.submodules]}


def _loss_scale_run(tf, loss_scale, feeds, base=None):
    x = tf.placeholder(tf.float32, [])
    w = tf.Variable([1.0, 2.0], name="w")
    loss = tf.reduce_sum(w * w) * x
    opt = tf.train.experimental.MixedPrecisionLossScaleOptimizer(base or tf.train.GradientDescentOptimizer(0.1),
                                                                 loss_scale)
    gs = tf.train.get_or_create_global_step()
    grads_and_vars = opt.compute_gradients(loss)
    train = opt.apply_gradients(grads_and_vars, global_step=gs)
    scale = opt._loss_scale()
    out = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for value in feeds:
            grads = sess.run([g for g, _ in grads_and_vars], {x: value})
            sess.run(train, {x: value})
            out.append({"grads": grads, "w": sess.run(w), "scale": sess.run(scale), "step": sess.run(gs)})
    return {"steps": out, "variables": [v.name for v in opt.variables()]}


def case_dynamic_loss_scale_skips_and_grows(tf):
    ls = tf.mixed_precision.experimental.DynamicLossScale(initial_loss_scale=8.0, increment_period=2)
    result = _loss_scale_run(tf, ls, [1.0, np.inf, 1.0, 1.0, 1.0, np.nan, 2.0])
    result.update(repr=repr(ls), config=ls.get_config())
    return result


def case_dynamic_loss_scale_floor_and_adam(tf):
    ls = tf.train.experimental.DynamicLossScale(initial_loss_scale=2.0, increment_period=1, multiplier=4.0)
    return _loss_scale_run(tf, ls, [np.inf, np.inf, 1.0, 1.0, np.inf], base=tf.train.AdamOptimizer(0.1))


def case_fixed_loss_scale_optimizer(tf):
    result = _loss_scale_run(tf, 128, [1.0, 3.0])
    fixed = tf.mixed_precision.FixedLossScale(4)
    result.update(repr=repr(fixed), config=fixed.get_config(), value=tf.Session().run(fixed()))
    return result


def case_loss_scale_bad_arguments(tf):
    opt = tf.train.GradientDescentOptimizer(0.1)
    lso = tf.mixed_precision.MixedPrecisionLossScaleOptimizer
    return {"below_one": message_has(lambda: tf.train.experimental.FixedLossScale(0.5), "at least 1"),
            "string": message_has(lambda: tf.train.experimental.FixedLossScale("x"), "int or float"),
            "not_optimizer": message_has(lambda: lso(3, 2), "must be an instance of Optimizer"),
            "none": message_has(lambda: lso(opt, None), "cannot be None"),
            "unknown": message_has(lambda: lso(opt, "static"), "Could not interpret"),
            "dynamic": type(lso(opt, "dynamic")._loss_scale).__name__}


def case_loss_scale_optimizer_checkpoint(tf):
    def run(d):
        w = tf.Variable([1.0, -1.0], name="w")
        opt = tf.train.experimental.MixedPrecisionLossScaleOptimizer(
            tf.train.AdamOptimizer(0.1), tf.train.experimental.DynamicLossScale(4.0, 3))
        train = opt.minimize(tf.reduce_sum(w * w))
        ck = tf.train.Checkpoint(w=w, opt=opt)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run([train])
            sess.run([train])
            return _contents(tf, ck.save(os.path.join(d, "c"), session=sess))
    return _in_tmp(run)


def _sync_graph(tf, replicas, total=None):
    x = tf.placeholder(tf.float32, [2])
    w = tf.Variable([1.0, 2.0], name="w")
    gs = tf.train.get_or_create_global_step()
    opt = tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.1), replicas_to_aggregate=replicas,
                                         total_num_replicas=total)
    train = opt.minimize(tf.reduce_sum(w * w * x), global_step=gs)
    return x, w, gs, opt, train


def case_sync_replicas_two_worker_threads(tf):
    x, w, gs, opt, train = _sync_graph(tf, 2)
    sess = tf.Session()
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    sess.run([opt.chief_init_op, opt.get_init_tokens_op(num_tokens=0)])
    coord = tf.train.Coordinator()
    opt.get_chief_queue_runner().create_threads(sess, coord=coord, daemon=True, start=True)
    barrier = threading.Barrier(2)

    def worker(feed):
        for _ in range(3):
            barrier.wait()
            sess.run(train, {x: feed})
    workers = [threading.Thread(target=worker, args=(f,)) for f in ([1.0, 1.0], [3.0, 0.0])]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    while sess.run(gs) < 3:
        threading.Event().wait(0.01)
    result = {"w": sess.run(w), "step": sess.run(gs),
              "queue": opt.get_chief_queue_runner().queue.name, "local_step": sess.run(opt._local_step)}
    coord.request_stop()
    sess.close()
    return result


def case_sync_replicas_hook_one_replica(tf):
    x, w, gs, opt, train = _sync_graph(tf, 1)
    hook = opt.make_session_run_hook(is_chief=True, num_tokens=0)
    hook.begin()
    sess = tf.Session()
    not_ready = catch(hook.after_create_session, sess, None)  # variables not initialized yet
    sess.run(tf.global_variables_initializer())
    coord = tf.train.Coordinator()
    hook.after_create_session(sess, coord)
    for feed in ([1.0, 1.0], [2.0, 0.5], [0.0, 1.0]):
        sess.run(train, {x: feed})
    while sess.run(gs) < 3:
        threading.Event().wait(0.01)
    result = {"w": sess.run(w), "step": sess.run(gs), "not_ready": not_ready}
    coord.request_stop()
    sess.close()
    return result


def case_sync_replicas_errors(tf):
    x = tf.placeholder(tf.float32, [2])
    w = tf.Variable([1.0, 2.0], name="w")
    opt = tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.1), replicas_to_aggregate=3,
                                         total_num_replicas=2)
    before = {"runner": message_has(opt.get_chief_queue_runner, "after apply_gradients"),
              "tokens": message_has(opt.get_init_tokens_op, "after apply_gradients"),
              "hook": message_has(lambda: opt.make_session_run_hook(True).begin(), "apply_gradient")}
    grads = opt.compute_gradients(tf.reduce_sum(w * x))
    no_step = message_has(lambda: opt.apply_gradients(grads), "Global step")
    empty = message_has(lambda: opt.apply_gradients([], global_step=tf.train.get_or_create_global_step()),
                        "at least one")
    opt.apply_gradients(grads, global_step=tf.train.get_or_create_global_step())
    return {"before": before, "no_step": no_step, "empty": empty,
            "too_few": message_has(lambda: opt.get_init_tokens_op(0), "Too few tokens"),
            "names": opt.get_slot_names(), "init_tokens": opt.get_init_tokens_op(1).type}


def case_variable_creator_scope(tf):
    calls = []

    def outer(next_creator, **kwargs):
        calls.append(["outer", kwargs["name"], sorted(kwargs)])
        kwargs["name"] = "renamed"
        return next_creator(**kwargs)

    def inner(next_creator, **kwargs):
        calls.append(["inner", kwargs["name"]])
        kwargs["trainable"] = False
        return next_creator(**kwargs)

    with tf.variable_creator_scope(outer):
        with tf.variable_creator_scope(inner):
            v = tf.Variable(1.0, name="v")
            g = tf.get_variable("g", [2])
    u = tf.Variable(2.0, name="u")
    with tf.variable_creator_scope(lambda next_creator, **kwargs: "not a variable"):
        replaced = tf.Variable(1.0)
    return {"calls": calls, "names": [v.name, g.name, u.name], "trainable": [x.name for x in tf.trainable_variables()],
            "replaced": replaced, "type": type(v).__name__}


def case_enable_mixed_precision_graph_rewrite(tf):
    w = tf.Variable([1.0, 2.0], name="w")
    opt = tf.train.experimental.enable_mixed_precision_graph_rewrite(tf.train.GradientDescentOptimizer(0.5))
    train = opt.minimize(tf.reduce_sum(w * w))
    twice = message_has(lambda: tf.mixed_precision.enable_mixed_precision_graph_rewrite(opt), "already")
    not_opt = catch(tf.train.experimental.enable_mixed_precision_graph_rewrite, "sgd")
    tf.train.experimental.disable_mixed_precision_graph_rewrite()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        return {"type": type(opt).__name__, "scale": type(opt._loss_scale).__name__, "w": sess.run(w),
                "twice": twice, "not_opt": not_opt, "vars": sorted(v.name for v in tf.global_variables())}


def case_tf_layers_are_checkpointed_by_weight_name(tf):
    def run(d):
        with tf.Graph().as_default():
            dense, norm = tf.layers.Dense(4, name="dense"), tf.layers.BatchNormalization()
            model = tf.Module(name="model")
            model.stack = [dense, norm]
            y = norm(dense(tf.ones([2, 3])), training=True)
            opt = tf.train.AdamOptimizer(0.1)
            train = opt.minimize(tf.reduce_sum(y * y))
            ck = tf.train.Checkpoint(model=model, opt=opt)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run(train)
                path = ck.write(os.path.join(d, "c"), session=sess)
                kernel = sess.run(dense.kernel)
        with tf.Graph().as_default():
            dense = tf.layers.Dense(4, name="dense")
            dense(tf.zeros([1, 3]))
            status = tf.train.Checkpoint(model={"stack": [dense]}).restore(path)
            existing = catch(lambda: status.assert_existing_objects_matched() is status)
            with tf.Session() as sess:
                status.run_restore_ops(sess)
                same = bool(np.array_equal(sess.run(dense.kernel), kernel))
        return {"keys": [name for name, _ in tf.train.list_variables(path)], "existing": existing, "same": same,
                "graph": tf.train.load_variable(path, "_CHECKPOINTABLE_OBJECT_GRAPH")}
    return _in_tmp(run)


def case_sync_replicas_sparse_gradients(tf):
    ids = tf.placeholder(tf.int32, [2])
    table = tf.Variable(np.arange(8, dtype=np.float32).reshape(4, 2), name="table")
    gs = tf.train.get_or_create_global_step()
    opt = tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.5), replicas_to_aggregate=2)
    train = opt.minimize(tf.reduce_sum(tf.gather(table, ids)), global_step=gs)
    sess = tf.Session()
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    sess.run([opt.chief_init_op, opt.get_init_tokens_op(num_tokens=0)])
    coord = tf.train.Coordinator()
    opt.get_chief_queue_runner().create_threads(sess, coord=coord, daemon=True, start=True)
    barrier = threading.Barrier(2)

    def worker(feed):
        for _ in range(2):
            barrier.wait()
            sess.run(train, {ids: feed})
    workers = [threading.Thread(target=worker, args=(f,)) for f in ([0, 1], [1, 3])]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    while sess.run(gs) < 2:
        threading.Event().wait(0.01)
    result = {"table": sess.run(table), "step": sess.run(gs)}
    coord.request_stop()
    sess.close()
    return result
