"""TF2's summary API in graph mode (tf.compat.v2.summary): writers, write, scalar, text, record_if.

As TF's summary_ops_v2 in a TF1 graph: `create_file_writer` adds a SummaryWriter resource op and a
CreateSummaryFileWriter init op (in the `_SUMMARY_WRITER_V2` collection, run by `writer.init()` or
`tf.summary.initialize`); inside `writer.as_default()` each summary call adds a WriteSummary op under
the recording condition and returns a bool tensor (True when written) that joins the `_SUMMARY_V2`
collection. Without a default writer a summary call returns a constant False. The default writer,
step and recording condition belong to the calling thread, as TF's `_summary_state`.

histogram, image and audio live in v2_plugins.
"""
from __future__ import annotations

import contextlib
import re
import threading

from tfsess.framework import dtypes
from tfsess.framework.default_session import get_default_session
from tfsess.framework.graph import get_default_graph
from tfsess.framework.graph_api import add_to_collection, control_dependencies, get_collection
from tfsess.framework.graph_def import graph_to_graph_def
from tfsess.framework.op_builder import apply1, apply_op, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.tensor_util import constant_value
from tfsess.ops.array_ops import identity
from tfsess.ops.check_ops import assert_scalar, assert_type
from tfsess.ops.cond_ops import cond
from tfsess.ops.constant_op import constant
from tfsess.ops.control_flow_ops import no_op
from tfsess.ops.logic_ops import logical_and
from tfsess.ops.math_ops import cast
from tfsess.summary import v2_kernels

SUMMARY_COLLECTION = "_SUMMARY_V2"  # TF's GraphKeys._SUMMARY_COLLECTION
WRITER_INIT_COLLECTION = "_SUMMARY_WRITER_V2"  # TF's _SUMMARY_WRITER_INIT_COLLECTION_NAME
_INVALID_SCOPE_CHARACTERS = re.compile(r"[^-_/.A-Za-z0-9]")


class _State(threading.local):
    def __init__(self):
        self.writer, self.step, self.is_recording = None, None, True


_state = _State()
_KERNELS = v2_kernels  # importing it registers the writer ops' kernels


def _pb2():
    from tfsess.protos import summary_pb2  # optional dependency: protobuf
    return summary_pb2


class SummaryWriter:
    """A summary writer in a graph: its resource handle and the ops that open, flush and close it."""

    def __init__(self, resource, init_op):
        self._resource, self._init_op = resource, init_op

    def set_as_default(self, step=None):
        """Makes this writer the thread's default (and `step` the default step, when given)."""
        _state.writer = self
        if step is not None:
            _state.step = step

    @contextlib.contextmanager
    def as_default(self, step=None):
        """Makes this writer (and `step`) the default inside the block; adds a flush op on leaving."""
        old_writer, old_step = _state.writer, _state.step
        _state.writer = self
        if step is not None:
            _state.step = step
        try:
            yield self
        finally:
            self.flush()  # as TF: in a graph this only adds a FlushSummaryWriter op
            _state.writer, _state.step = old_writer, old_step

    def init(self):
        """The op that opens the writer's event file (CreateSummaryFileWriter)."""
        return self._init_op

    def flush(self):
        """An op writing what the writer queued to its file."""
        return apply_op("FlushSummaryWriter", [self._resource])

    def close(self):
        """An op that flushes and closes the writer (a later init opens a new file)."""
        with control_dependencies([self.flush()]):
            return apply_op("CloseSummaryWriter", [self._resource])


class _NoopSummaryWriter(SummaryWriter):
    """tf.summary.create_noop_writer: a writer that does nothing, not even becoming the default."""

    def __init__(self):
        super().__init__(None, None)

    def set_as_default(self, step=None):
        del step

    @contextlib.contextmanager
    def as_default(self, step=None):
        del step
        yield self

    def init(self):
        return None

    def flush(self):
        return None

    def close(self):
        return None


def create_file_writer(logdir, max_queue=None, flush_millis=None, filename_suffix=None, name=None,
                       experimental_trackable=False, experimental_mesh=None):
    """A SummaryWriter writing event files into `logdir` (tf.summary.create_file_writer, graph mode).

    Defaults as TF's: max_queue 10, flush_millis 120000, filename_suffix ".v2". Returns None when
    `logdir` is None (TF's no-op writer case).
    """
    del experimental_trackable, experimental_mesh
    if logdir is None:
        return None
    with op_scope(name, "create_file_writer", []) as scope:
        logdir = convert_to_tensor(logdir, dtype=dtypes.string)
        max_queue = convert_to_tensor(10 if max_queue is None else max_queue, dtype=dtypes.int32)
        flush_millis = convert_to_tensor(120000 if flush_millis is None else flush_millis, dtype=dtypes.int32)
        filename_suffix = convert_to_tensor(".v2" if filename_suffix is None else filename_suffix,
                                            dtype=dtypes.string)
        resource = apply1("SummaryWriter", [], {"shared_name": scope.rstrip("/"), "container": ""}, name=name)
        init_op = apply_op("CreateSummaryFileWriter", [resource, logdir, max_queue, flush_millis, filename_suffix])
        add_to_collection(WRITER_INIT_COLLECTION, init_op)
    return SummaryWriter(resource, init_op)


def create_noop_writer():
    """A writer that writes nothing (tf.summary.create_noop_writer)."""
    return _NoopSummaryWriter()


@contextlib.contextmanager
def record_if(condition):
    """Records summaries only where `condition` (a bool, a bool tensor or a callable) holds."""
    old = _state.is_recording
    _state.is_recording = condition
    try:
        yield
    finally:
        _state.is_recording = old


def should_record_summaries():
    """A bool tensor: whether summaries would be recorded here (a default writer and the condition)."""
    if _state.writer is None:
        return constant(False)
    condition = _state.is_recording
    if not callable(condition) and _static_bool(condition) is False:
        return constant(False)
    condition = condition() if callable(condition) else condition
    return logical_and(True, condition)  # TF's distribution-strategy condition (always True here) first


def get_step():
    """The default step (tf.summary.experimental.get_step)."""
    return _state.step


def set_step(step):
    """Sets the default step (tf.summary.experimental.set_step)."""
    _state.step = step


@contextlib.contextmanager
def summary_scope(name, default_name=None, values=None):
    """A name scope for a summary; yields (tag, scope). The tag is not uniquified (TF2's rule)."""
    name = name or default_name
    current = get_default_graph().get_name_scope()
    tag = current + "/" + name if current else name
    name = _INVALID_SCOPE_CHARACTERS.sub("", name) or "summary"
    with op_scope(name, default_name, values) as scope:
        yield tag, scope


def _static_bool(pred):
    if isinstance(pred, bool):
        return pred
    value = constant_value(pred) if isinstance(pred, Tensor) else None
    return None if value is None else bool(value)


def write(tag, tensor, step=None, metadata=None, name=None):
    """Writes `tensor` under `tag` at `step` to the default writer (tf.summary.write).

    Returns a bool tensor, True when the summary was written. Raises ValueError when recording
    and no step is given or set.
    """
    with op_scope(name, "write_summary", []) as scope:
        if _state.writer is None:
            return constant(False)
        serialized = b"" if metadata is None else (
            metadata.SerializeToString() if hasattr(metadata, "SerializeToString") else metadata)
        writer = _state.writer

        def write_op(step_tensor):
            summary_tensor = tensor() if callable(tensor) else identity(tensor)
            return apply_op("WriteSummary", [writer._resource, step_tensor, summary_tensor,
                                             constant(tag, name="tag"), constant(serialized, name="summary_metadata")],
                            {"T": summary_tensor.dtype.base_dtype}, name=scope)  # the scope's own name
        return _when_recording("WriteSummary", step, write_op)


def write_raw_pb(tensor, step=None, name=None):
    """Writes serialized Summary protos (a string tensor of any shape) as one event at `step`
    (tf.summary.experimental.write_raw_pb); a bool tensor, True when written."""
    with op_scope(name, "write_raw_pb", []) as scope:
        if _state.writer is None:
            return constant(False)
        writer = _state.writer

        def write_op(step_tensor):
            return apply_op("WriteRawProtoSummary", [writer._resource, step_tensor, identity(tensor)], name=scope)
        return _when_recording("WriteRawProtoSummary", step, write_op)


def _when_recording(op_type, step, write_op):
    """True after `write_op(step tensor)` runs where summaries are recorded, else False (a cond when
    the condition is not static); the result joins the `_SUMMARY_V2` collection."""
    if step is None:
        step = get_step()

    def record():
        if step is None:
            raise ValueError("No step set. Please specify one either through the `step` argument or through "
                             "tf.summary.experimental.set_step()")
        step_tensor = convert_to_tensor(step, name="step", preferred_dtype=dtypes.int64)
        if step_tensor.dtype.base_dtype != dtypes.int64:
            raise TypeError(f"Input 'step' of '{op_type}' Op has type {step_tensor.dtype.base_dtype.name} "
                            "that does not match expected type of int64.")
        with control_dependencies([write_op(step_tensor)]):
            return constant(True)

    def nothing():
        return constant(False)

    pred = should_record_summaries()
    static = _static_bool(pred)
    out = (record() if static else nothing()) if static is not None else cond(pred, record, nothing)
    add_to_collection(SUMMARY_COLLECTION, out)
    return out


def _metadata(plugin_name, description):
    pb = _pb2()
    metadata = pb.SummaryMetadata(plugin_data=pb.SummaryMetadata.PluginData(plugin_name=plugin_name))
    if description is not None:
        metadata.summary_description = description
    return metadata


def scalar(name, data, step=None, description=None):
    """Writes a float32 scalar for TensorBoard's scalars plugin (tf.compat.v2.summary.scalar)."""
    with summary_scope(name, "scalar_summary", values=[data, step]) as (tag, _):
        assert_scalar(data)
        return write(tag=tag, tensor=cast(data, dtypes.float32), step=step,
                     metadata=_metadata("scalars", description))


def text(name, data, step=None, description=None):
    """Writes a string tensor for TensorBoard's text plugin (tf.compat.v2.summary.text)."""
    with summary_scope(name, "text_summary", values=[data, step]) as (tag, _):
        assert_type(data, dtypes.string)
        return write(tag=tag, tensor=data, step=step,
                     metadata=_metadata("text", description))


def import_event(tensor, name=None):
    """An op writing a serialized Event (a scalar string tensor) as it is to the default writer."""
    return apply_op("ImportEvent", [_state.writer._resource, convert_to_tensor(tensor, dtype=dtypes.string)],
                    name=name)


def flush(writer=None, name=None):
    """An op flushing `writer` (default: the default writer); a no-op without one."""
    del name
    if writer is None:
        writer = _state.writer
        if writer is None:
            return no_op()
    if isinstance(writer, SummaryWriter):
        return writer.flush()
    raise ValueError(f"Invalid argument to flush(): {writer!r}")


def initialize(graph=None, session=None):
    """Runs the writers' init ops in `session` (and writes `graph`'s GraphDef) (tf.summary.initialize).

    Raises:
      RuntimeError: there is no default writer.
      ValueError: no session is given and none is the default.
    """
    if _state.writer is None:
        raise RuntimeError("No default tf.contrib.summary.SummaryWriter found")
    if session is None:
        session = get_default_session()
        if session is None:
            raise ValueError("Argument `session must be passed if no default session exists")
    session.run(get_collection(WRITER_INIT_COLLECTION))
    if graph is not None:
        from tfsess.ops.constant_op import placeholder
        data = graph_to_graph_def(graph, add_shapes=True).SerializeToString()
        fed = placeholder(dtypes.string)
        op = apply_op("WriteGraphSummary", [_state.writer._resource, convert_to_tensor(0, dtype=dtypes.int64), fed])
        session.run(op, feed_dict={fed: data})


def all_v2_summary_ops():
    """The TF2 summary ops of the default graph (tf.summary.all_v2_summary_ops)."""
    return get_default_graph().get_collection(SUMMARY_COLLECTION)
