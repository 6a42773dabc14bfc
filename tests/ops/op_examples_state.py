"""Op examples: variables, optimizer updates, queues, readers, files, checkpoints, control flow, logging."""
import sys

import numpy as np

from op_examples import F3, F23, I23, Built, builder, grads, infer_only, listed, op

EXAMPLES = {}


# ------------------------------------------------------------------ variables and assignments
def _with_variable(use, value=F23):
    """A builder over an initialised variable: `use(tf, v)` builds the ops to check."""
    def build(tf, tmp):
        v = tf.Variable(value, name="v")
        return Built(setup=[v.initializer], fetch=listed(use(tf, v)))
    return build


EXAMPLES["VariableV2"] = builder(_with_variable(lambda tf, v: None))
EXAMPLES["Assign"] = builder(_with_variable(lambda tf, v: [tf.assign(v, F23 * 2)]))
EXAMPLES["AssignAdd"] = builder(_with_variable(lambda tf, v: [tf.assign_add(v, F23)]))
EXAMPLES["AssignSub"] = builder(_with_variable(lambda tf, v: [tf.assign_sub(v, F23)]))
EXAMPLES["CountUpTo"] = builder(_with_variable(lambda tf, v: [tf.count_up_to(v, 5)], np.int64(0)))
EXAMPLES["IsVariableInitialized"] = builder(_with_variable(lambda tf, v: [tf.is_variable_initialized(v)]))
EXAMPLES["StridedSliceAssign"] = builder(_with_variable(lambda tf, v: [v[1:, ::2].assign([[7.0, 8.0]]).op.outputs[0]]))


def _uninitialized_names(tf, tmp):
    tf.Variable(F3, name="a")
    tf.Variable(I23, name="b")
    tf.report_uninitialized_variables()


EXAMPLES["UninitializedVariableNames"] = builder(_uninitialized_names)

_SCATTER = {"ScatterAdd": "scatter_add", "ScatterSub": "scatter_sub", "ScatterMul": "scatter_mul",
            "ScatterDiv": "scatter_div", "ScatterMax": "scatter_max", "ScatterMin": "scatter_min",
            "ScatterUpdate": "scatter_update"}
for _type, _fn in _SCATTER.items():
    EXAMPLES[_type] = builder(_with_variable(
        lambda tf, v, fn=_fn: [getattr(tf, fn)(v, [1, 0], np.ones((2, 3), np.float32) * 2)]))

_SCATTER_ND = {"ScatterNdAdd": "scatter_nd_add", "ScatterNdSub": "scatter_nd_sub",
               "ScatterNdUpdate": "scatter_nd_update"}
for _type, _fn in _SCATTER_ND.items():
    EXAMPLES[_type] = builder(_with_variable(lambda tf, v, fn=_fn: [getattr(tf, fn)(v, [[1, 2], [0, 0]], [5.0, 6.0])]))
# no public wrapper: built by type over the variable's ref tensor
for _type in ("ScatterNdMax", "ScatterNdMin"):
    EXAMPLES[_type] = builder(_with_variable(
        lambda tf, v, t=_type: op(t, [v.op.outputs[0], tf.constant([[1], [0]]), tf.constant(F23 * 3)]).outputs))


# ------------------------------------------------------------------ optimizer updates (dense and sparse)
def _optimizer(make, sparse=False):
    """A builder running one minimize step of `make(tf)` on a loss of a variable (gathered when sparse)."""
    def build(tf, tmp):
        v = tf.Variable(F23, name="v")
        used = tf.gather(v, [1, 1]) if sparse else v
        make(tf).minimize(tf.reduce_sum(used * used))
        return Built(setup=[tf.global_variables_initializer()])
    return build


_OPTIMIZERS = {
    "GradientDescent": lambda tf: tf.train.GradientDescentOptimizer(0.1),
    "Momentum": lambda tf: tf.train.MomentumOptimizer(0.1, 0.9),
    "Adagrad": lambda tf: tf.train.AdagradOptimizer(0.1),
    "Adadelta": lambda tf: tf.train.AdadeltaOptimizer(0.1),
    "RMSProp": lambda tf: tf.train.RMSPropOptimizer(0.1),
    "CenteredRMSProp": lambda tf: tf.train.RMSPropOptimizer(0.1, centered=True),
    "Adam": lambda tf: tf.train.AdamOptimizer(0.1),
}
for _name, _make in _OPTIMIZERS.items():
    EXAMPLES["Apply" + _name] = builder(_optimizer(_make))
    if _name not in ("GradientDescent", "Adam"):  # these two update sparse gradients with scatter ops
        EXAMPLES["SparseApply" + _name] = builder(_optimizer(_make, sparse=True))


# ------------------------------------------------------------------ queues
def _queue(make, use):
    """A builder over a queue holding some elements: `use(tf, q)` builds the ops to check."""
    def build(tf, tmp):
        q = make(tf)
        fill = q.enqueue_many([np.arange(6, dtype=np.float32).reshape(6, 1)])
        return Built(setup=[fill], fetch=listed(use(tf, q)))
    return build


def _fifo(tf):
    return tf.FIFOQueue(20, [tf.float32], shapes=[[1]])


EXAMPLES["FIFOQueueV2"] = builder(_queue(_fifo, lambda tf, q: [q.queue_ref]))
EXAMPLES["PaddingFIFOQueueV2"] = builder(_queue(lambda tf: tf.PaddingFIFOQueue(10, [tf.float32], shapes=[[None]]),
                                                lambda tf, q: [q.queue_ref]))
EXAMPLES["RandomShuffleQueueV2"] = builder(_queue(lambda tf: tf.RandomShuffleQueue(10, 0, [tf.float32], shapes=[[1]]),
                                                  lambda tf, q: [q.queue_ref]))


def _priority_queue(tf, tmp):
    q = tf.PriorityQueue(5, [tf.string], shapes=[[]])
    fill = q.enqueue_many([[3, 1], ["c", "a"]])
    return Built(setup=[fill], fetch=[q.queue_ref])


EXAMPLES["PriorityQueueV2"] = builder(_priority_queue)
EXAMPLES["QueueEnqueueV2"] = builder(_queue(_fifo, lambda tf, q: q.enqueue([[9.0]])))
EXAMPLES["QueueEnqueueManyV2"] = builder(_queue(_fifo, lambda tf, q: None))
EXAMPLES["QueueDequeueV2"] = builder(_queue(_fifo, lambda tf, q: [q.dequeue()]))
EXAMPLES["QueueDequeueManyV2"] = builder(_queue(_fifo, lambda tf, q: [q.dequeue_many(4)]))
EXAMPLES["QueueDequeueUpToV2"] = builder(_queue(_fifo, lambda tf, q: [q.dequeue_up_to(3)]))
EXAMPLES["QueueSizeV2"] = builder(_queue(_fifo, lambda tf, q: [q.size()]))
EXAMPLES["QueueIsClosedV2"] = builder(_queue(_fifo, lambda tf, q: [q.is_closed()]))
EXAMPLES["QueueCloseV2"] = builder(_queue(_fifo, lambda tf, q: q.close()))


# ------------------------------------------------------------------ readers and files
def _files(tmp, n=2):
    tmp.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = tmp / f"f{i}.txt"
        path.write_bytes(b"line one\nline two\n")
        paths.append(str(path))
    return paths


def _reader(make, use=lambda tf, r, q: [*r.read(q)]):
    """A builder: a reader of `make(tf)` over a queue of two small files; `use` builds the ops to check."""
    def build(tf, tmp):
        q = tf.FIFOQueue(5, [tf.string], shapes=[[]])
        fill = q.enqueue_many([_files(tmp)])
        reader = make(tf)
        return Built(setup=[fill], fetch=listed(use(tf, reader, q)))
    return build


EXAMPLES["TextLineReaderV2"] = builder(_reader(lambda tf: tf.TextLineReader(skip_header_lines=1),
                                               lambda tf, r, q: [r.reader_ref]))
EXAMPLES["WholeFileReaderV2"] = builder(_reader(lambda tf: tf.WholeFileReader(), lambda tf, r, q: [r.reader_ref]))
EXAMPLES["IdentityReaderV2"] = builder(_reader(lambda tf: tf.IdentityReader(), lambda tf, r, q: [r.reader_ref]))
EXAMPLES["FixedLengthRecordReaderV2"] = builder(_reader(lambda tf: tf.FixedLengthRecordReader(3),
                                                        lambda tf, r, q: [r.reader_ref]))
EXAMPLES["TFRecordReaderV2"] = builder(_reader(lambda tf: tf.TFRecordReader(), lambda tf, r, q: [r.reader_ref]))
EXAMPLES["ReaderReadV2"] = builder(_reader(lambda tf: tf.TextLineReader()))
EXAMPLES["ReaderReadUpToV2"] = builder(_reader(lambda tf: tf.WholeFileReader(),
                                               lambda tf, r, q: [*r.read_up_to(q, 2)]))
EXAMPLES["ReaderNumRecordsProducedV2"] = builder(_reader(lambda tf: tf.TextLineReader(),
                                                         lambda tf, r, q: [r.num_records_produced()]))
EXAMPLES["ReaderNumWorkUnitsCompletedV2"] = builder(_reader(lambda tf: tf.TextLineReader(),
                                                            lambda tf, r, q: [r.num_work_units_completed()]))
EXAMPLES["ReaderSerializeStateV2"] = builder(_reader(lambda tf: tf.IdentityReader(),
                                                     lambda tf, r, q: [r.serialize_state()]))
EXAMPLES["ReaderResetV2"] = builder(_reader(lambda tf: tf.TextLineReader(), lambda tf, r, q: r.reset()))
EXAMPLES["ReaderRestoreStateV2"] = builder(_reader(
    lambda tf: tf.IdentityReader(), lambda tf, r, q: r.restore_state(r.serialize_state())))


def _write_then(use):
    def build(tf, tmp):
        tmp.mkdir(parents=True, exist_ok=True)
        path = str(tmp / "out.txt")
        write = tf.write_file(path, "contents")
        return Built(setup=[write], fetch=listed(use(tf, path, str(tmp / "*.txt"))))
    return build


EXAMPLES["WriteFile"] = builder(_write_then(lambda tf, path, pattern: None))
EXAMPLES["ReadFile"] = builder(_write_then(lambda tf, path, pattern: [tf.read_file(path)]))
EXAMPLES["MatchingFiles"] = builder(_write_then(lambda tf, path, pattern: [tf.matching_files(pattern)]))


def _checkpoint(fetch_restored):
    """A builder saving two variables with a Saver (SaveV2), then restoring them (RestoreV2)."""
    def build(tf, tmp):
        tmp.mkdir(parents=True, exist_ok=True)
        a, b = tf.Variable(F23, name="a"), tf.Variable(I23, name="b")
        saver = tf.train.Saver()
        graph = tf.get_default_graph()
        filename = graph.get_tensor_by_name(saver.saver_def.filename_tensor_name)
        save = graph.get_tensor_by_name(saver.saver_def.save_tensor_name)
        restored = [t for o in graph.get_operations() if o.type == "RestoreV2" for t in o.outputs]
        setup = [a.initializer, b.initializer] + ([save] if fetch_restored else [])
        return Built(setup=setup, feed={filename: str(tmp / "model")}, fetch=restored if fetch_restored else None)
    return build


EXAMPLES["SaveV2"] = builder(_checkpoint(False))
EXAMPLES["RestoreV2"] = builder(_checkpoint(True))


# ------------------------------------------------------------------ control flow
def _switch(tf, tmp):
    x = tf.constant(F23)
    switch = op("Switch", [x, tf.constant(True)])
    return Built(fetch=[switch.outputs[1]])  # output 0 is dead when the predicate is true


def _ref_switch(tf, tmp):
    v = tf.Variable(F23, name="v")
    switch = op("RefSwitch", [v.op.outputs[0], tf.constant(False)])
    return Built(setup=[v.initializer], fetch=[switch.outputs[0]])


def _merge(tf, tmp):
    x = tf.placeholder(tf.float32, [None, 3])
    op("Merge", [x, tf.constant(F23)])
    return Built(feed={x: F23})


def _while(tf, tmp):
    i0 = tf.constant(0)
    tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x * 2.0), [i0, tf.constant(F23)])


def _while_grad(tf, tmp):
    x = tf.placeholder(tf.float32, [2, 3])
    _, y = tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x * x), [tf.constant(0), x])
    grads(tf, y, [x])
    return Built(feed={x: F23 / 4})


EXAMPLES["Switch"] = builder(_switch)
EXAMPLES["RefSwitch"] = builder(_ref_switch)
EXAMPLES["Merge"] = builder(_merge)
EXAMPLES["While"] = builder(_while)
EXAMPLES["Exit"] = builder(_while)  # a loop's results are its Exit ops
EXAMPLES["WhileGrad"] = builder(_while_grad)
# a partition's receive stub: its kernel reads the values a remote partition sent (ctx.recv), which only a
# distributed run provides, so its inference alone is checked here (distributed runs use it between tasks)
EXAMPLES["_DaskRecv"] = infer_only(
    lambda tf, tmp: op("_DaskRecv", [], {"tensor_names": ("x:0", "y:0"),
                                         "output_specs": [(tf.float32, tf.TensorShape([2, None])),
                                                          (tf.int64, tf.TensorShape([]))]}, name="recv"),
    "its values come from another partition of a distributed run")
EXAMPLES["NoOp"] = builder(lambda tf, tmp: tf.no_op())  # no outputs: running it is the whole check

# ------------------------------------------------------------------ logging and Python functions
EXAMPLES["Assert"] = builder(lambda tf, tmp: tf.Assert(tf.constant(True), [tf.constant(F3)]))
EXAMPLES["Print"] = builder(
    lambda tf, tmp: Built(fetch=[tf.Print(tf.constant(F23), [tf.constant("x")], message="m: ")]))
EXAMPLES["PrintV2"] = builder(lambda tf, tmp: tf.print(tf.constant(F3), output_stream=sys.stdout))


def _py_func(stateful):
    def build(tf, tmp):
        x = tf.placeholder(tf.float32, [None, 3])
        out = tf.py_func(lambda a: (a * 2, np.int64(a.shape[0])), [x], [tf.float32, tf.int64], stateful=stateful)
        out[0].set_shape([None, 3])
        return Built(feed={x: F23})
    return build


EXAMPLES["PyFunc"] = builder(_py_func(True))
EXAMPLES["PyFuncStateless"] = builder(_py_func(False))
