"""Session-run hooks and MonitoredSession sweep: StopAtStepHook errors, CheckpointSaverHook with
listeners, LoggingTensorHook arguments, NanTensorHook without failing, StepCounterHook,
SummarySaverHook, GlobalStepWaiterHook, FinalOpsHook, FeedFnHook, run_context, recoverable
errors, close, Scaffold finalize and ready ops."""
import os
import shutil
import tempfile

from _harness import catch, message_has


def case_x_msweep_stop_at_step_errors(tf):
    out = {"both": message_has(lambda: tf.train.StopAtStepHook(num_steps=1, last_step=2), "One of", "num_steps", "last_step"),
           "neither": message_has(lambda: tf.train.StopAtStepHook(), "One of", "num_steps", "last_step"),
           "zero_steps": catch(lambda: type(tf.train.StopAtStepHook(num_steps=0)).__name__)}
    hook = tf.train.StopAtStepHook(num_steps=2)
    out["no_global_step"] = message_has(hook.begin, "Global step should be created")
    gs = tf.train.get_or_create_global_step()
    inc = tf.assign_add(gs, 1)
    seen = []
    with tf.train.MonitoredSession(hooks=[tf.train.StopAtStepHook(last_step=0)]) as sess:
        out["stop_before"] = sess.should_stop()
    with tf.train.MonitoredSession(hooks=[tf.train.StopAtStepHook(num_steps=0)]) as sess:
        while not sess.should_stop():
            seen.append(sess.run(inc))
    out["num_steps_zero_seen"] = seen
    return out


def case_x_msweep_checkpoint_saver_hook_listeners(tf):
    d = tempfile.mkdtemp()
    try:
        log = []

        class Listener(tf.train.CheckpointSaverListener):
            def begin(self):
                log.append("begin")

            def before_save(self, session, global_step_value):
                log.append(("before", int(global_step_value)))

            def after_save(self, session, global_step_value):
                log.append(("after", int(global_step_value)))
                return global_step_value >= 4

            def end(self, session, global_step_value):
                log.append(("end", int(global_step_value)))

        gs = tf.train.get_or_create_global_step()
        inc = tf.assign_add(gs, 1)
        tf.Variable(1.0, name="w")
        hook = tf.train.CheckpointSaverHook(d, save_steps=2, listeners=[Listener()])
        runs = 0
        with tf.train.SingularMonitoredSession(hooks=[hook]) as sess:
            while not sess.should_stop() and runs < 10:
                sess.run(inc)
                runs += 1
        files = sorted(n for n in os.listdir(d) if not n.startswith("events"))
        return {"log": log, "runs": runs, "files": files,
                "both": catch(tf.train.CheckpointSaverHook, d, save_steps=1, save_secs=1),
                "neither": catch(tf.train.CheckpointSaverHook, d)}
    finally:
        shutil.rmtree(d)


def case_x_msweep_checkpoint_saver_hook_saver_and_scaffold(tf):
    d = tempfile.mkdtemp()
    try:
        gs = tf.train.get_or_create_global_step()
        inc = tf.assign_add(gs, 1)
        tf.Variable(1.0, name="w")
        saver = tf.train.Saver(max_to_keep=2)
        hook = tf.train.CheckpointSaverHook(d, save_steps=1, saver=saver, checkpoint_basename="my.ckpt")
        with tf.train.SingularMonitoredSession(hooks=[hook]) as sess:
            for _ in range(4):
                sess.run(inc)
        files = sorted(n for n in os.listdir(d) if not n.startswith("events"))
        state = tf.train.get_checkpoint_state(d)
        both = catch(tf.train.CheckpointSaverHook, d, save_steps=1, saver=saver, scaffold=tf.train.Scaffold())
        return {"files": files, "latest": os.path.basename(state.model_checkpoint_path),
                "all": [os.path.basename(p) for p in state.all_model_checkpoint_paths], "both": both}
    finally:
        shutil.rmtree(d)


def case_x_msweep_logging_tensor_hook_args(tf):
    x = tf.Variable(0, name="x")
    inc = tf.assign_add(x, 1)
    out = {"no_trigger": catch(tf.train.LoggingTensorHook, {"x": x}),
           "both_triggers": catch(tf.train.LoggingTensorHook, {"x": x}, every_n_iter=1, every_n_secs=1),
           "at_end_only": type(tf.train.LoggingTensorHook({"x": x}, at_end=True)).__name__,
           "bad_iter": catch(tf.train.LoggingTensorHook, [x], every_n_iter=0),
           "bad_secs": catch(tf.train.LoggingTensorHook, [x], every_n_secs=-1)}
    formatted = []
    hook = tf.train.LoggingTensorHook({"x": x, "y": "x:0"}, every_n_iter=2, at_end=True,
                                      formatter=lambda d: formatted.append(sorted((k, int(v)) for k, v in d.items())) or "f")
    names = []
    h2 = tf.train.LoggingTensorHook(["x"], every_n_iter=3, formatter=lambda d: names.append(sorted(d)) or "g")
    with tf.train.MonitoredSession(hooks=[hook, h2]) as sess:
        for _ in range(5):
            sess.run(inc)
    out["formatted"] = formatted
    out["names"] = names
    return out


def case_x_msweep_nan_tensor_hook_no_fail(tf):
    loss = tf.placeholder(tf.float32, [])
    hook = tf.train.NanTensorHook(loss, fail_on_nan_loss=False)
    got = []
    with tf.train.MonitoredSession(hooks=[hook]) as sess:
        got.append(sess.run(loss * 2, {loss: 1.0}))
        got.append(sess.should_stop())
        sess.run(loss, {loss: float("nan")})
        got.append(sess.should_stop())
    hook2 = tf.train.NanTensorHook(loss)
    with tf.train.MonitoredSession(hooks=[hook2]) as sess:
        err = message_has(lambda: sess.run(loss, {loss: float("inf")}), "NaN loss during training")
        err2 = message_has(lambda: sess.run(loss, {loss: float("nan")}), "NaN loss during training")
    return {"got": got, "inf": err, "nan": err2}


def case_x_msweep_step_counter_and_summary_saver_hooks(tf):
    d = tempfile.mkdtemp()
    try:
        gs = tf.train.get_or_create_global_step()
        inc = tf.assign_add(gs, 1)
        tf.summary.scalar("gs_value", tf.constant(2.5))  # not gs: its read races the increment in TF
        out = {"summary_both": catch(tf.train.SummarySaverHook, save_steps=1, save_secs=1, output_dir=d,
                                     summary_op=tf.summary.merge_all()),
               "summary_none": catch(tf.train.SummarySaverHook, save_steps=1, output_dir=d),
               "summary_neither_trigger": catch(tf.train.SummarySaverHook, output_dir=d, summary_op=tf.summary.merge_all()),
               "counter_both": catch(tf.train.StepCounterHook, every_n_steps=1, every_n_secs=1)}
        hooks = [tf.train.SummarySaverHook(save_steps=2, output_dir=d, summary_op=tf.summary.merge_all()),
                 tf.train.StepCounterHook(every_n_steps=2, output_dir=d)]
        with tf.train.SingularMonitoredSession(hooks=hooks) as sess:
            for _ in range(5):
                sess.run(inc)
        steps = []
        tags = []
        for name in sorted(os.listdir(d)):
            for ev in tf.train.summary_iterator(os.path.join(d, name)):
                for v in ev.summary.value:
                    tags.append(v.tag)
                    if v.tag == "gs_value":
                        steps.append((int(ev.step), float(v.simple_value)))
        out["steps"] = steps
        out["tags"] = sorted(set(tags))
        return out
    finally:
        shutil.rmtree(d)


def case_x_msweep_global_step_waiter_final_ops_feed_fn(tf):
    gs = tf.train.get_or_create_global_step()
    inc = tf.assign_add(gs, 1)
    p = tf.placeholder(tf.int32, [])
    v = tf.Variable(5, name="v")
    final = tf.train.FinalOpsHook({"v": v * 2, "gs": gs}, final_ops_feed_dict=None)
    feeds = iter([1, 2, 3])
    feed = tf.train.FeedFnHook(lambda: {p: next(feeds)})
    waiter = tf.train.GlobalStepWaiterHook(wait_until_step=0)
    got = []
    with tf.train.SingularMonitoredSession(hooks=[final, feed, waiter]) as sess:
        for _ in range(3):
            got.append(sess.run([p * 10, inc]))
    bad_final = tf.train.FinalOpsHook(p)
    with tf.train.MonitoredSession(hooks=[bad_final]) as sess:
        sess.run(v)
        err = catch(sess.close)
    return {"got": got, "final": final.final_ops_values, "bad_final_close": err,
            "after_err": bad_final.final_ops_values}


def case_x_msweep_run_context_and_original_args(tf):
    a = tf.constant(1)
    b = tf.constant(2)
    seen = []

    class Hook(tf.train.SessionRunHook):
        def before_run(self, run_context):
            args = run_context.original_args
            seen.append((type(args).__name__, args.fetches is not None, args.feed_dict is None,
                         args.options is None, run_context.stop_requested))
            return tf.train.SessionRunArgs([b], options=tf.RunOptions(trace_level=tf.RunOptions.NO_TRACE))

        def after_run(self, run_context, run_values):
            seen.append(("after", run_values.results, run_values.options is not None,
                         type(run_values.run_metadata).__name__))
            run_context.request_stop()
            seen.append(run_context.stop_requested)

    with tf.train.MonitoredSession(hooks=[Hook()]) as sess:
        out = sess.run({"a": a, "t": (a, b)})
        stop = sess.should_stop()
    return {"out": out, "seen": seen, "stop": stop,
            "args_fields": list(tf.train.SessionRunArgs._fields),
            "values_fields": list(tf.train.SessionRunValues._fields)}


def case_x_msweep_monitored_errors_and_close(tf):
    q = tf.FIFOQueue(2, tf.int32)
    enq = q.enqueue_many([[1, 2]])
    deq = q.dequeue()
    got = []
    sess = tf.train.MonitoredSession()
    sess.run(enq)
    got.append(sess.run(deq))
    got.append(sess.run(deq))
    sess.run(q.close())
    stopped = catch(sess.run, deq)
    got.append(sess.should_stop())
    sess.close()
    p = tf.placeholder(tf.float32, [])
    with tf.train.MonitoredSession() as s2:
        bad_feed = catch(s2.run, p)
        still = s2.run(p, {p: 3.0})
    closed_run = catch(s2.run, tf.constant(1))
    return {"got": got, "stopped": stopped, "bad_feed": bad_feed, "still": still, "closed_run": closed_run,
            "closed_twice": catch(s2.close)}


def case_x_msweep_scaffold_finalize_and_ready(tf):
    v = tf.Variable(3.0, name="v")
    loc = tf.Variable(1.0, name="loc", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    scaffold = tf.train.Scaffold()
    scaffold.finalize()
    out = {"init_op": scaffold.init_op.type, "ready": scaffold.ready_op.op.type if hasattr(scaffold.ready_op, "op") else scaffold.ready_op.type,
           "ready_dtype": scaffold.ready_op.dtype.name,
           "ready_for_local": scaffold.ready_for_local_init_op.dtype.name,
           "local_init": scaffold.local_init_op.type, "saver": type(scaffold.saver).__name__,
           "summary_op": scaffold.summary_op, "finalized": tf.get_default_graph().finalized,
           "collections": [len(tf.get_collection(k)) for k in (tf.GraphKeys.INIT_OP, tf.GraphKeys.READY_OP,
                                                              tf.GraphKeys.LOCAL_INIT_OP, tf.GraphKeys.SAVERS)]}
    sess = tf.Session()
    out["ready_before"] = sess.run(scaffold.ready_op)
    sess.run(scaffold.init_op)
    out["ready_for_local_before"] = sess.run(scaffold.ready_for_local_init_op)
    sess.run(scaffold.local_init_op)
    out["ready_after"] = sess.run(scaffold.ready_op)
    out["values"] = sess.run([v, loc])
    return out


def case_x_msweep_scaffold_init_fn_and_feed(tf):
    p = tf.placeholder(tf.float32, [])
    v = tf.Variable(p, name="v")
    calls = []
    scaffold = tf.train.Scaffold(init_feed_dict={p: 7.0},
                                 init_fn=lambda sc, sess: calls.append(type(sc).__name__))
    with tf.train.MonitoredSession(session_creator=tf.train.ChiefSessionCreator(scaffold=scaffold)) as sess:
        val = sess.run(v)
    return {"val": val, "calls": calls,
            "bad_kw": catch(tf.train.Scaffold, init_op=tf.no_op(), ready_op=None, bogus=1) if False else None}


def case_x_msweep_mts_arguments_and_chief_hooks(tf):
    d = tempfile.mkdtemp()
    try:
        gs = tf.train.get_or_create_global_step()
        inc = tf.assign_add(gs, 1)
        tf.Variable(1.0, name="w")
        log = []

        class Mark(tf.train.SessionRunHook):
            def __init__(self, tag):
                self.tag = tag

            def begin(self):
                log.append(("begin", self.tag))

            def end(self, session):
                log.append(("end", self.tag))

        with tf.train.MonitoredTrainingSession(checkpoint_dir=d, save_checkpoint_steps=2, save_summaries_steps=None,
                                               save_summaries_secs=None, log_step_count_steps=None,
                                               hooks=[Mark("hook")], chief_only_hooks=[Mark("chief")]) as sess:
            for _ in range(5):
                sess.run(inc)
        files = sorted(n for n in os.listdir(d) if n.startswith("model.ckpt") and n.endswith(".index"))
        out = {"log": log, "files": files,
               "both_save": catch(tf.train.MonitoredTrainingSession, checkpoint_dir=d, save_checkpoint_steps=1,
                                  save_checkpoint_secs=1),
               "latest": os.path.basename(tf.train.latest_checkpoint(d))}
        return out
    finally:
        shutil.rmtree(d)


def case_x_msweep_recoverable_error_recreates_session(tf):
    v = tf.Variable(0, name="v")
    inc = tf.assign_add(v, 1)
    calls = {"n": 0}

    def flaky():
        calls["n"] += 1
        if calls["n"] == 2:
            raise tf.errors.AbortedError(None, None, "preempted")
        return 1

    bump = tf.py_func(flaky, [], tf.int64)
    creates = []

    class Hook(tf.train.SessionRunHook):
        def after_create_session(self, session, coord):
            creates.append(int(session.run(v)))

    with tf.train.MonitoredSession(hooks=[Hook()]) as sess:
        sess.run([inc, bump])
        got = sess.run([inc, bump])
        third = sess.run(v)
    return {"creates": creates, "got": got, "third": third, "calls": calls["n"]}


def case_x_msweep_hook_aborted_error_recreates_session(tf):
    v = tf.Variable(0, name="v")
    inc = tf.assign_add(v, 1)
    log = []

    class Flaky(tf.train.SessionRunHook):
        def __init__(self):
            self.calls = 0

        def after_create_session(self, session, coord):
            log.append(("created", int(session.run(v))))

        def before_run(self, run_context):
            self.calls += 1
            log.append(("before", self.calls))
            if self.calls == 2:
                raise tf.errors.AbortedError(None, None, "preempted")

    with tf.train.MonitoredSession(hooks=[Flaky()]) as sess:
        first = sess.run(inc)
        second = sess.run(inc)
        third = sess.run(v)
    return {"log": log, "vals": [first, second, third]}
