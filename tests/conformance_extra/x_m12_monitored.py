"""Second-pass variations of the public misc_monitored cases: run_step_fn and step contexts,
Scaffold arguments (init_fn, local_init_op, ready ops, init_feed_dict), session creators with a
checkpoint file, hooks that add ops in begin(), ProfilerHook files, hooks' run_values carrying
options/metadata, StopAtStepHook inside while_loop-driven training, and stopping/closing paths."""
import os

from _harness import catch, message_has
from _casekit import in_tmp


def _files(d):
    return sorted(n for n in os.listdir(d) if not n.startswith("events.out.tfevents"))


# ---- monitored_stop_at_step_with_checkpoints
def case_x_m12_mts_checkpoint_steps_and_stop(tf):
    def body(d):
        gs = tf.train.get_or_create_global_step()
        w = tf.Variable(1.0, name="w")
        train = tf.group(tf.assign(w, w * 2.0), tf.assign_add(gs, 2))
        runs = []
        with tf.train.MonitoredTrainingSession(checkpoint_dir=d, save_checkpoint_steps=3, save_checkpoint_secs=None,
                                               hooks=[tf.train.StopAtStepHook(last_step=9)],
                                               save_summaries_steps=None, log_step_count_steps=None) as sess:
            while not sess.should_stop():
                runs.append(sess.run([train, gs])[1])
        state = tf.train.get_checkpoint_state(d)
        return {"runs": runs, "files": _files(d),
                "paths": [os.path.basename(p) for p in state.all_model_checkpoint_paths],
                "w": tf.train.load_variable(d, "w")}
    return in_tmp(body)


def case_x_m12_mts_both_save_args_error_and_no_hooks(tf):
    def body(d):
        gs = tf.train.get_or_create_global_step()
        inc = tf.assign_add(gs, 1)
        both = message_has(lambda: tf.train.MonitoredTrainingSession(
            checkpoint_dir=d, save_checkpoint_steps=2, save_checkpoint_secs=5), "save_checkpoint")
        with tf.train.MonitoredTrainingSession(checkpoint_dir=d, save_checkpoint_secs=None,
                                               save_checkpoint_steps=None, save_summaries_steps=None,
                                               log_step_count_steps=None) as sess:
            for _ in range(3):
                sess.run(inc)
        return {"both": both, "files": _files(d)}
    return in_tmp(body)


def case_x_m12_mts_not_chief_without_checkpoint(tf):
    def body(d):
        gs = tf.train.get_or_create_global_step()
        w = tf.Variable(3.0, name="w")
        inc = tf.assign_add(gs, 1)
        with tf.train.MonitoredTrainingSession(is_chief=True, checkpoint_dir=d,
                                               save_summaries_steps=None, log_step_count_steps=None) as sess:
            sess.run(inc)
        # a worker never restores nor initializes: it waits for the model to be ready, then gives up
        worker = catch(tf.train.MonitoredTrainingSession, is_chief=False, checkpoint_dir=d, max_wait_secs=1,
                       save_summaries_steps=None, log_step_count_steps=None)
        return {"worker": worker, "w": w.name, "files": _files(d),
                "latest": os.path.basename(tf.train.latest_checkpoint(d))}
    return in_tmp(body)


# ---- monitored_resumes_from_checkpoint_dir
def case_x_m12_chief_session_creator_checkpoint_file(tf):
    def body(d):
        gs = tf.train.get_or_create_global_step()
        w = tf.Variable(0.0, name="w")
        train = tf.group(tf.assign_add(w, 1.5), tf.assign_add(gs, 1))
        saver = tf.train.Saver()
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            s.run(train)
            s.run(train)
            first = saver.save(s, os.path.join(d, "model"), global_step=gs)
            s.run(train)
            saver.save(s, os.path.join(d, "model"), global_step=gs)
        creator = tf.train.ChiefSessionCreator(checkpoint_filename_with_path=first)
        with tf.train.MonitoredSession(session_creator=creator) as sess:
            from_file = sess.run([gs, w])
        creator2 = tf.train.ChiefSessionCreator(checkpoint_dir=d)
        with tf.train.MonitoredSession(session_creator=creator2) as sess:
            from_dir = sess.run([gs, w])
        missing = catch(lambda: tf.train.MonitoredSession(session_creator=tf.train.ChiefSessionCreator(
            checkpoint_filename_with_path=os.path.join(d, "nope-1"))))
        return {"from_file": from_file, "from_dir": from_dir, "missing": missing,
                "first": os.path.basename(first)}
    return in_tmp(body)


def case_x_m12_resume_with_scaffold_saver_and_new_variable(tf):
    def body(d):
        gs = tf.train.get_or_create_global_step()
        w = tf.Variable(1.0, name="w")
        train = tf.group(tf.assign_add(w, 1.0), tf.assign_add(gs, 1))
        with tf.train.MonitoredTrainingSession(checkpoint_dir=d, hooks=[tf.train.StopAtStepHook(num_steps=2)],
                                               save_summaries_steps=None, log_step_count_steps=None) as sess:
            while not sess.should_stop():
                sess.run(train)
        # a saver that saves only w: the second session restores w but starts gs from its initializer
        scaffold = tf.train.Scaffold(saver=tf.train.Saver([w]))
        with tf.train.MonitoredTrainingSession(checkpoint_dir=d, scaffold=scaffold,
                                               save_summaries_steps=None, log_step_count_steps=None) as sess:
            start = sess.run([gs, w])
        return {"start": start, "files": _files(d)}
    return in_tmp(body)


# ---- stop_at_step_num_steps
def case_x_m12_stop_at_step_with_bigger_increments(tf):
    gs = tf.train.get_or_create_global_step()
    inc = tf.assign_add(gs, 3)
    seen = []
    with tf.train.MonitoredSession(hooks=[tf.train.StopAtStepHook(last_step=7)]) as sess:
        while not sess.should_stop():
            seen.append(sess.run(inc))
    seen2 = []
    with tf.train.SingularMonitoredSession(hooks=[tf.train.StopAtStepHook(num_steps=4)]) as sess:
        while not sess.should_stop():
            seen2.append(sess.run(inc))
    return {"seen": seen, "seen2": seen2,
            "negative": catch(lambda: tf.train.StopAtStepHook(num_steps=-1)),
            "float": catch(lambda: tf.train.StopAtStepHook(last_step=2.5) is not None)}


def case_x_m12_stop_hook_without_global_step_and_with_int32(tf):
    x = tf.Variable(0, name="x")
    hook = tf.train.StopAtStepHook(last_step=2)
    no_gs = message_has(lambda: tf.train.MonitoredSession(hooks=[hook]), "Global step should be created")
    g = tf.Graph()
    with g.as_default():
        gs = tf.Variable(0, dtype=tf.int32, name="global_step", trainable=False,
                         collections=[tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.GLOBAL_STEP])
        inc = tf.assign_add(gs, 1)
        seen = []
        with tf.train.MonitoredSession(hooks=[tf.train.StopAtStepHook(last_step=2)]) as sess:
            while not sess.should_stop():
                seen.append(sess.run(inc))
    return {"no_gs": no_gs, "int32": seen, "x": x.name}


# ---- session_run_hook_order
def case_x_m12_run_step_fn_and_step_context(tf):
    log = []
    x = tf.Variable(0, name="x")
    inc = tf.assign_add(x, 1)

    class Hook(tf.train.SessionRunHook):
        def before_run(self, run_context):
            log.append("before")

        def after_run(self, run_context, run_values):
            log.append(("after", int(run_values.results is None)))

    def step_fn(step_context):
        raw = step_context.session.run(x)
        value = step_context.run_with_hooks(inc)
        if value >= 2:
            step_context.request_stop()
        return (raw, value)

    results = []
    with tf.train.MonitoredSession(hooks=[Hook()]) as sess:
        while not sess.should_stop():
            results.append(sess.run_step_fn(step_fn))
    return {"results": results, "log": log}


def case_x_m12_hook_adds_ops_in_begin(tf):
    x = tf.Variable(1.0, name="x")
    seen = []

    class Adder(tf.train.SessionRunHook):
        def begin(self):
            self.doubled = tf.multiply(x, 2.0, name="hook_doubled")
            seen.append(tf.get_default_graph().finalized)

        def after_create_session(self, session, coord):
            seen.append(("created", tf.get_default_graph().finalized, session.run(self.doubled)))
            self.late = catch(tf.constant, 1.0)

        def before_run(self, run_context):
            return tf.train.SessionRunArgs([self.doubled, x])

        def after_run(self, run_context, run_values):
            seen.append(("after", run_values.results))

    hook = Adder()
    with tf.train.MonitoredSession(hooks=[hook]) as sess:
        sess.run(tf.assign_add(x, 1.0)) if False else None
        main = sess.run(x)
    return {"seen": seen, "main": main, "late": hook.late, "name": hook.doubled.name}


def case_x_m12_run_context_stop_requested_and_session(tf):
    log = []
    c = tf.constant(5)

    class Stopper(tf.train.SessionRunHook):
        def before_run(self, run_context):
            log.append(("before", run_context.stop_requested))
            run_context.request_stop()
            log.append(("requested", run_context.stop_requested, run_context.session.run(c)))

        def after_run(self, run_context, run_values):
            log.append(("after", run_context.stop_requested))

    with tf.train.MonitoredSession(hooks=[Stopper()]) as sess:
        got = sess.run(c)
        stopped = sess.should_stop()
    return {"log": log, "got": got, "stopped": stopped}


# ---- hooks_run_in_order_and_feed
def case_x_m12_hook_feeds_merge_and_options(tf):
    p = tf.placeholder(tf.int32, [], name="p")
    q = tf.placeholder(tf.int32, [], name="q")
    out = p + q
    got = []

    class Feeder(tf.train.SessionRunHook):
        def before_run(self, run_context):
            opts = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
            return tf.train.SessionRunArgs(fetches={"sum": out}, feed_dict={q: 100}, options=opts)

        def after_run(self, run_context, run_values):
            got.append((run_values.results, run_values.options.trace_level,
                        type(run_values.run_metadata).__name__))

    with tf.train.SingularMonitoredSession(hooks=[Feeder()]) as sess:
        a = sess.run(out, feed_dict={p: 1})
        b = sess.run({"o": out, "p": p}, feed_dict={p: 7})
        missing = catch(sess.run, out)
        after = sess.run(out, feed_dict={p: 2})
    return {"a": a, "b": b, "got": got, "missing": missing, "after": after}


def case_x_m12_raw_session_bypasses_hooks(tf):
    calls = []
    v = tf.Variable(2, name="v")

    class Count(tf.train.SessionRunHook):
        def before_run(self, run_context):
            calls.append("b")

    sess = tf.train.SingularMonitoredSession(hooks=[Count()])
    raw = sess.raw_session()
    raw.run(tf.assign_add(v, 3)) if False else None
    vals = [raw.run(v), sess.run(v)]
    raw_type = type(raw).__name__
    graph_same = sess.graph is tf.get_default_graph()
    sess.close()
    return {"vals": vals, "calls": calls, "raw_type": raw_type, "graph_same": graph_same,
            "closed_raw": catch(raw.run, v)}


# ---- session_run_args_fetches_dict
def case_x_m12_run_args_tuple_and_string_fetches(tf):
    x = tf.constant(3, name="x")
    y = tf.constant([1.0, 2.0], name="y")
    got = []

    class Peek(tf.train.SessionRunHook):
        def before_run(self, run_context):
            return tf.train.SessionRunArgs(("x:0", [y, {"z": x}]))

        def after_run(self, run_context, run_values):
            got.append(run_values.results)

    with tf.train.MonitoredSession(hooks=[Peek()]) as sess:
        m1 = sess.run("y:0")
        m2 = sess.run([x, (y,)])
        bad = catch(sess.run, "nope:0")
    return {"m1": m1, "m2": m2, "got": got, "bad": bad,
            "args_fields": list(tf.train.SessionRunArgs(x)._fields),
            "values_fields": list(tf.train.SessionRunValues(1, 2, 3)._fields)}


# ---- monitored_graph_finalized_and_closed
def case_x_m12_scaffold_arguments(tf):
    v = tf.Variable(1.0, name="v")
    lv = tf.Variable(0.0, name="lv", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    p = tf.placeholder(tf.float32, [])
    set_v = tf.assign(v, p)
    log = []

    def init_fn(scaffold, session):
        log.append(("init_fn", session.run(v), scaffold.init_feed_dict is not None))

    scaffold = tf.train.Scaffold(init_op=set_v, init_feed_dict={p: 42.0}, init_fn=init_fn,
                                 local_init_op=tf.assign(lv, 7.0))
    with tf.train.MonitoredSession(session_creator=tf.train.ChiefSessionCreator(scaffold=scaffold)) as sess:
        vals = sess.run([v, lv])
    return {"vals": vals, "log": log, "ready_op": scaffold.ready_op.op.type if hasattr(scaffold.ready_op, "op")
            else scaffold.ready_op.type, "saver": type(scaffold.saver).__name__,
            "summary_op": scaffold.summary_op}


def case_x_m12_scaffold_not_ready_message(tf):
    v = tf.Variable(1.0, name="v_never")
    w = tf.Variable(2.0, name="w_ok")
    scaffold = tf.train.Scaffold(init_op=tf.variables_initializer([w]))
    out = message_has(lambda: tf.train.MonitoredSession(
        session_creator=tf.train.ChiefSessionCreator(scaffold=scaffold)), "v_never", "Init operations did not make model ready")
    g2 = tf.Graph()
    with g2.as_default():
        x = tf.Variable(3.0, name="x")
        sc = tf.train.Scaffold(ready_op=tf.constant([], tf.string), init_op=tf.no_op())
        with tf.train.MonitoredSession(session_creator=tf.train.ChiefSessionCreator(scaffold=sc)) as sess:
            uninit = catch(sess.run, x)
    return {"not_ready": out, "uninit_ok_ready": uninit, "v": v.name}


def case_x_m12_closed_and_finalized_state(tf):
    v = tf.Variable(1.0, name="v")
    sess = tf.train.SingularMonitoredSession()
    finalized = tf.get_default_graph().finalized
    first = sess.run(v)
    sess.close()
    closed_run = catch(sess.run, v)
    ctx = tf.train.MonitoredSession()
    with ctx:
        inside = ctx.run(v)
    return {"finalized": finalized, "first": first, "closed_run": closed_run, "inside": inside,
            "stop": [sess.should_stop(), ctx.should_stop()],
            "add_after": catch(tf.Variable, 2.0)}
