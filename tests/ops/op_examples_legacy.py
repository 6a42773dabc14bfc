"""Op examples: TF 1.x op types of imported GraphDefs (ops/legacy_math_ops.py, ops/legacy_nn_ops.py)."""
import numpy as np

from op_examples import F3, F23, I3, I23, IMG, POS23, SQ, Built, builder, grads, listed, op, plain

EXAMPLES = {}


def _first(o):
    return o.outputs[0]


_DIMS = np.array([True, False])
_INTS = np.array([0, -1, 7, 255, 1 << 20], np.int32)
_KSIZE, _STRIDES = np.array([1, 2, 2, 1], np.int32), np.array([1, 2, 2, 1], np.int32)

EXAMPLES.update({
    "Div": plain(lambda tf, x, y: _first(op("Div", [x, y])), I23, I23 + 10),
    "Mod": plain(lambda tf, x, y: _first(op("Mod", [x, y])), I23, I23 + 10),
    "Inv": plain(lambda tf, x: _first(op("Inv", [x])), POS23),
    "Concat": plain(lambda tf, x, y: _first(op("Concat", [tf.constant(1), x, y], {"N": 2})), F23, F23),
    "Gather": plain(lambda tf, x, i: _first(op("Gather", [x, i])), F23, np.array([1, 0, 1], np.int32)),
    "Reverse": plain(lambda tf, x: _first(op("Reverse", [x, tf.constant(_DIMS)])), F23),
    "BatchMatMul": plain(lambda tf, x, y: _first(op("BatchMatMul", [x, y], {"adj_y": True})), F23[None], F23[None]),
    "BiasAddV1": plain(lambda tf, x, b: _first(op("BiasAddV1", [x, b])), F23, F3),
    "Snapshot": plain(lambda tf, x: _first(op("Snapshot", [x])), F23),
    "DeepCopy": plain(lambda tf, x: _first(op("DeepCopy", [x])), I23),
    "Copy": plain(lambda tf, x: _first(op("Copy", [x])), F23),
    "CopyHost": plain(lambda tf, x: _first(op("CopyHost", [x])), F23),
    "MatrixDiag": plain(lambda tf, x: _first(op("MatrixDiag", [x])), F23),
    "MatrixDiagPart": plain(lambda tf, x: _first(op("MatrixDiagPart", [x])), F23),
    "MatrixSetDiag": plain(lambda tf, x, d: _first(op("MatrixSetDiag", [x, d])), F23[None], F3[None, :2]),
    "MatrixDiagV2": plain(lambda tf, x: _first(op("MatrixDiagV2", [x, tf.constant([-1, 0]), tf.constant(-1),
                                                                    tf.constant(-1), tf.constant(0.0, x.dtype)])),
                          F23, partial=False),
    "MatrixDiagPartV2": plain(lambda tf, x: _first(op("MatrixDiagPartV2", [x, tf.constant([0, 1]),
                                                                            tf.constant(9.0, x.dtype)])), SQ),
    "MatrixSetDiagV2": plain(lambda tf, x, d: _first(op("MatrixSetDiagV2", [x, d, tf.constant(1)])), SQ, F3[:2]),
    "MaxPoolV2": plain(lambda tf, x: _first(op("MaxPoolV2", [x, tf.constant(_KSIZE), tf.constant(_STRIDES)],
                                                 {"padding": "VALID"})), IMG),
    "InTopK": plain(lambda tf, p, t: _first(op("InTopK", [p, t], {"k": 2})), F23, np.array([2, 0], np.int32),
                    variants=False),
    "TopK": plain(lambda tf, x: op("TopK", [x], {"k": 2}).outputs, F23),
    "NonMaxSuppression": plain(lambda tf, b, s: _first(op("NonMaxSuppression", [b, s, tf.constant(2)],
                                                          {"iou_threshold": 0.5})),
                               np.array([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, 2, 1, 3]], np.float32),
                               np.array([0.9, 0.8, 0.7], np.float32), variants=False),
    "NonMaxSuppressionV2": plain(lambda tf, b, s: _first(op("NonMaxSuppressionV2", [b, s, tf.constant(3),
                                                                                     tf.constant(0.95)])),
                                 np.array([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, 2, 1, 3]], np.float32),
                                 np.array([0.9, 0.8, 0.7], np.float32), variants=False),
    "ClipByValue": plain(lambda tf, x: _first(op("ClipByValue", [x, tf.constant(-0.5, x.dtype),
                                                                   tf.constant(1.0, x.dtype)])), F23),
    "MulNoNan": plain(lambda tf, x, y: _first(op("MulNoNan", [x, y])), F23, F23 * 0),
    "ApproximateEqual": plain(lambda tf, x, y: _first(op("ApproximateEqual", [x, y], {"tolerance": 0.5})),
                              F23, POS23),
    "AccumulateNV2": plain(lambda tf, x, y: _first(op("AccumulateNV2", [x, y, x], {"shape": [2, 3]})), F23, F23),
    "PopulationCount": plain(lambda tf, x: _first(op("PopulationCount", [x])), _INTS),
    "NthElement": plain(lambda tf, x: _first(op("NthElement", [x, tf.constant(1)], {"reverse": True})), I23),
})


def _pool_grads(tf, tmp):
    x = tf.constant(IMG)
    pooled = _first(op("MaxPoolV2", [x, tf.constant(_KSIZE), tf.constant(_STRIDES)], {"padding": "VALID"}))
    (dx,) = grads(tf, pooled, [x])
    tf.gradients(tf.reduce_sum(dx * x), [x])
    return None  # every op of the type: the gradient ops it needs were built above


EXAMPLES["MaxPoolGradV2"] = builder(_pool_grads)
EXAMPLES["MaxPoolGradGradV2"] = builder(_pool_grads)


def _placeholder_v2(tf, tmp):
    p = _first(op("PlaceholderV2", [], {"dtype": tf.float32, "shape": [None, 3]}))
    return Built(fetch=[p], feed={p: F23})


def _variable_v1(tf, tmp):
    v = _first(op("Variable", [], {"dtype": tf.int32, "shape": [3]}))
    init = tf.assign(v, tf.constant(I3))
    return Built(fetch=[v], setup=[init])


EXAMPLES["PlaceholderV2"] = builder(_placeholder_v2)
EXAMPLES["Variable"] = builder(_variable_v1)


# ------------------------------------------------------------------ v1 handles (ops/legacy_ref_ops.py)
def _types(attr_types):
    return {"component_types": attr_types}


def _queue_v1(op_type, attrs, fetch_of):
    """A builder: a v1 queue of float32 scalars filled with F3, and `fetch_of(tf, queue_handle)`."""
    def build(tf, tmp):
        q = op(op_type, [], {"component_types": [tf.float32], "shapes": [[]], "capacity": 10, **attrs}).outputs[0]
        fill = op("QueueEnqueueMany", [q, tf.constant(F3)], {"Tcomponents": [tf.float32]})
        return Built(fetch=listed(fetch_of(tf, q)), setup=[fill])
    return builder(build)


def _n(tf):
    return tf.constant(2)


EXAMPLES.update({
    "FIFOQueue": _queue_v1("FIFOQueue", {}, lambda tf, q: [q]),
    "PaddingFIFOQueue": _queue_v1("PaddingFIFOQueue", {}, lambda tf, q: [q]),
    "RandomShuffleQueue": _queue_v1("RandomShuffleQueue", {"seed": 1}, lambda tf, q: [q]),
    "QueueEnqueue": _queue_v1("FIFOQueue", {}, lambda tf, q: op("QueueEnqueue", [q, tf.constant(1.0)],
                                                                   {"Tcomponents": [tf.float32]})),
    "QueueEnqueueMany": _queue_v1("FIFOQueue", {}, lambda tf, q: None),
    "QueueDequeue": _queue_v1("FIFOQueue", {}, lambda tf, q: op("QueueDequeue", [q], _types([tf.float32])).outputs),
    "QueueDequeueMany": _queue_v1("FIFOQueue", {}, lambda tf, q: op("QueueDequeueMany", [q, _n(tf)],
                                                                    _types([tf.float32])).outputs),
    "QueueDequeueUpTo": _queue_v1("FIFOQueue", {}, lambda tf, q: op("QueueDequeueUpTo", [q, _n(tf)],
                                                                    _types([tf.float32])).outputs),
    "QueueSize": _queue_v1("FIFOQueue", {}, lambda tf, q: op("QueueSize", [q]).outputs),
    "QueueIsClosed": _queue_v1("FIFOQueue", {}, lambda tf, q: op("QueueIsClosed", [q]).outputs),
    "QueueClose": _queue_v1("FIFOQueue", {}, lambda tf, q: op("QueueClose", [q])),
})


def _priority_queue(tf, tmp):
    q = op("PriorityQueue", [], {"component_types": [tf.string], "shapes": [[]], "capacity": 5}).outputs[0]
    fill = op("QueueEnqueueMany", [q, tf.constant([2, 1], tf.int64), tf.constant(["b", "a"])],
              {"Tcomponents": [tf.int64, tf.string]})
    return Built(fetch=[q], setup=[fill, op("QueueDequeue", [q], _types([tf.int64, tf.string]))])


EXAMPLES["PriorityQueue"] = builder(_priority_queue)


def _reader_v1(op_type, fetch_of, attrs=None):
    """A builder: a v1 `op_type` reader over a closed v1 queue holding one two-line text file."""
    def build(tf, tmp):
        path = tmp / "lines.txt"
        path.write_bytes(b"one\ntwo\n")
        q = op("FIFOQueue", [], {"component_types": [tf.string], "shapes": [[]], "capacity": 5}).outputs[0]
        fill = op("QueueEnqueueMany", [q, tf.constant([str(path)])], {"Tcomponents": [tf.string]})
        close = op("QueueClose", [q])
        reader = op(op_type, [], attrs or {}).outputs[0]
        return Built(fetch=listed(fetch_of(tf, reader, q)), setup=[fill, close])
    return builder(build)


EXAMPLES.update({
    "TextLineReader": _reader_v1("TextLineReader", lambda tf, r, q: [r]),
    "TFRecordReader": _reader_v1("TFRecordReader", lambda tf, r, q: [r]),
    "IdentityReader": _reader_v1("IdentityReader", lambda tf, r, q: [r]),
    "WholeFileReader": _reader_v1("WholeFileReader", lambda tf, r, q: [r]),
    "FixedLengthRecordReader": _reader_v1("FixedLengthRecordReader", lambda tf, r, q: [r], {"record_bytes": 4}),
    "ReaderRead": _reader_v1("TextLineReader", lambda tf, r, q: op("ReaderRead", [r, q]).outputs),
    "ReaderReadUpTo": _reader_v1("TextLineReader", lambda tf, r, q: op("ReaderReadUpTo", [r, q, tf.constant(
        2, tf.int64)]).outputs),
    "ReaderNumRecordsProduced": _reader_v1("TextLineReader", lambda tf, r, q: op("ReaderNumRecordsProduced",
                                                                                [r]).outputs),
    "ReaderNumWorkUnitsCompleted": _reader_v1("TextLineReader", lambda tf, r, q: op("ReaderNumWorkUnitsCompleted",
                                                                                   [r]).outputs),
    "ReaderReset": _reader_v1("TextLineReader", lambda tf, r, q: op("ReaderReset", [r])),
    "ReaderSerializeState": _reader_v1("IdentityReader", lambda tf, r, q: op("ReaderSerializeState", [r]).outputs),
    "ReaderRestoreState": _reader_v1("IdentityReader", lambda tf, r, q: op("ReaderRestoreState", [
        r, op("ReaderSerializeState", [r]).outputs[0]])),
})


def _stack_v1(tf, fetch_of):
    handle = op("Stack", [], {"elem_type": tf.float32, "stack_name": "s"}).outputs[0]
    pushed = op("StackPush", [handle, tf.constant(F3)]).outputs[0]
    with tf.control_dependencies([pushed]):
        popped = op("StackPop", [handle], {"elem_type": tf.float32}).outputs[0]
    return fetch_of(handle, pushed, popped)


EXAMPLES.update({
    "Stack": builder(lambda tf, tmp: Built(fetch=_stack_v1(tf, lambda h, pushed, popped: [h]))),
    "StackPush": builder(lambda tf, tmp: Built(fetch=_stack_v1(tf, lambda h, pushed, popped: [pushed]))),
    "StackPop": builder(lambda tf, tmp: Built(fetch=_stack_v1(tf, lambda h, pushed, popped: [popped]))),
    "StackClose": builder(lambda tf, tmp: _stack_v1(tf, lambda h, pushed, popped: op(
        "StackClose", [h], name="close"))),
})


def _ref_ops(pick):
    """A builder over two ref variables: `pick(ident, chosen, merged)` names what to fetch."""
    def build(tf, tmp):
        v, w = tf.Variable(F3), tf.Variable(F3 * 2)
        ident = op("RefIdentity", [v._ref()]).outputs[0]
        chosen = op("RefSelect", [tf.constant(1), v._ref(), w._ref()]).outputs[0]
        merged = op("RefMerge", [v._ref(), w._ref()]).outputs
        return Built(fetch=pick(ident, chosen, merged), setup=[tf.global_variables_initializer()])
    return builder(build)


def _temporary_variable(pick):
    def build(tf, tmp):
        var = op("TemporaryVariable", [], {"shape": [3], "dtype": tf.float32, "var_name": "t"}).outputs[0]
        init = op("Assign", [var, tf.constant(F3)]).outputs[0]
        with tf.control_dependencies([init]):
            done = op("DestroyTemporaryVariable", [var], {"var_name": "t"}).outputs[0]
        return Built(fetch=pick(var, done), setup=[done])  # a second step makes the variable anew
    return builder(build)


EXAMPLES.update({
    "RefIdentity": _ref_ops(lambda ident, chosen, merged: [ident]),
    "RefSelect": _ref_ops(lambda ident, chosen, merged: [chosen]),
    "RefMerge": _ref_ops(lambda ident, chosen, merged: merged),
    "TemporaryVariable": _temporary_variable(lambda var, done: [var]),
    "DestroyTemporaryVariable": _temporary_variable(lambda var, done: [done]),
})


# ------------------------------------------------------------------ optimizer updates (ops/legacy_training_ops.py)
_UPDATES = {  # op type: (slots besides var, scalar inputs before grad, scalar inputs after grad)
    "ApplyAdaMax": (2, [0.9, 0.1, 0.9, 0.999, 1e-7], []),
    "ApplyAdagradV2": (1, [0.1, 1e-7], []),
    "ApplyAddSign": (1, [0.1, 1.0, 0.5, 0.9], []),
    "ApplyPowerSign": (1, [0.1, 0.693, 0.5, 0.9], []),
    "ApplyKerasMomentum": (1, [0.1], [0.9]),
    "ApplyAdamWithAmsgrad": (3, [0.9, 0.999, 0.1, 0.9, 0.999, 1e-7], []),
}


def _update_example(op_type, resource):
    slots, before, after = _UPDATES[op_type]

    def build(tf, tmp):
        scalars = [tf.constant(np.float32(s)) for s in before]
        grad = [tf.constant(F23)]
        tail = [tf.constant(np.float32(s)) for s in after]
        if resource:
            handles, inits = [], []
            for i in range(slots + 1):
                h = op("VarHandleOp", [], {"dtype": tf.float32, "shape": [2, 3], "shared_name": f"s{i}"}).outputs[0]
                inits.append(op("AssignVariableOp", [h, tf.constant(F23 * 0 + 0.5)], {"dtype": tf.float32}))
                handles.append(h)
            op("Resource" + op_type, handles + scalars + grad + tail)
            return Built(setup=inits, fetch=None)
        refs = [tf.Variable(F23 * 0 + 0.5) for _ in range(slots + 1)]
        out = op(op_type, [r._ref() for r in refs] + scalars + grad + tail).outputs[0]
        return Built(setup=[tf.global_variables_initializer()], fetch=[out])
    return builder(build)


for _type in _UPDATES:
    if _type not in ("ApplyKerasMomentum", "ApplyAdamWithAmsgrad"):
        EXAMPLES[_type] = _update_example(_type, resource=False)
    EXAMPLES["Resource" + _type] = _update_example(_type, resource=True)


# ------------------------------------------------------------------ array and stateless random (ops/legacy_array_ops.py)
_ROWS = np.array([0, 1], np.int32)
EXAMPLES.update({
    "InplaceAdd": plain(lambda tf, x, v: _first(op("InplaceAdd", [x, tf.constant(_ROWS), v])), F23, F23 * 2,
                        partial=False),
    "InplaceSub": plain(lambda tf, x, v: _first(op("InplaceSub", [x, tf.constant(_ROWS), v])), F23, F23,
                        partial=False),
    "InplaceUpdate": plain(lambda tf, x, v: _first(op("InplaceUpdate", [x, tf.constant(_ROWS[:1]), v])), F23,
                           F23[:1], partial=False),
    "DataFormatDimMap": plain(lambda tf, x: _first(op("DataFormatDimMap", [x])), np.array([0, 1, -1, 3], np.int32)),
    "DataFormatVecPermute": plain(lambda tf, x: _first(op("DataFormatVecPermute", [x])),
                                  np.array([1, 2, 3, 4], np.int32), partial=False),
    "Empty": plain(lambda tf, s: _first(op("Empty", [s], {"dtype": tf.float32, "init": True})),
                   np.array([2, 3], np.int32), variants=False),
    "StatelessRandomNormal": plain(lambda tf, s: _first(op("StatelessRandomNormal", [s, tf.constant([1, 2])])),
                                   np.array([2, 3], np.int32), partial=False),
    "StatelessRandomUniform": plain(lambda tf, s: _first(op("StatelessRandomUniform", [s, tf.constant([1, 2])],
                                                            {"dtype": tf.float64})),
                                    np.array([2, 3], np.int32), partial=False),
    "StatelessTruncatedNormal": plain(lambda tf, s: _first(op("StatelessTruncatedNormal", [s, tf.constant([1, 2])])),
                                      np.array([2, 3], np.int32), partial=False),
    "StatelessRandomUniformFullInt": plain(lambda tf, s: _first(op("StatelessRandomUniformFullInt", [
        s, tf.constant([1, 2])], {"dtype": tf.int64})), np.array([2, 3], np.int32), partial=False),
    "StatelessRandomUniformInt": plain(lambda tf, s: _first(op("StatelessRandomUniformInt", [
        s, tf.constant([1, 2]), tf.constant(-3), tf.constant(7)])), np.array([2, 3], np.int32), partial=False),
})


# ------------------------------------------------------------------ ParseExample v1 (ops/legacy_parsing_ops.py)


def _parse_example(tf, tmp):
    example = tf.train.Example(features=tf.train.Features(feature={
        "tags": tf.train.Feature(int64_list=tf.train.Int64List(value=[3, 1])),
        "score": tf.train.Feature(float_list=tf.train.FloatList(value=[0.5, 1.5]))})).SerializeToString()
    keys = [tf.constant(k) for k in ("tags", "score")]
    parsed = op("ParseExample", [tf.constant([example, example]), tf.constant([], tf.string)] + keys
                + [tf.constant([0.0, 0.0])],
                {"Nsparse": 1, "Ndense": 1, "sparse_types": [tf.int64], "Tdense": [tf.float32],
                 "dense_shapes": [[2]]})
    return Built(fetch=list(parsed.outputs))


EXAMPLES["ParseExample"] = builder(_parse_example)


# IgammaGradA (ops/special_math_ops.py): Igamma's gradient in a
EXAMPLES["IgammaGradA"] = plain(lambda tf, a, x: _first(op("IgammaGradA", [a, x])), POS23, POS23[::-1])
