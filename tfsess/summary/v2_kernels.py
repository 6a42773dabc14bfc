"""Kernels of TF2's summary-writer ops in a session: SummaryWriter, CreateSummaryFileWriter,
WriteSummary, WriteGraphSummary, ImportEvent, FlushSummaryWriter and CloseSummaryWriter.

A `SummaryWriter` op outputs a handle to the session's writer resource (keyed by its shared name);
CreateSummaryFileWriter opens the resource's event file the first time it runs (again after a
close), as TF's LookupOrCreateResource does. The file is named
`events.out.tfevents.<seconds>.<host>.<pid>.<n>.<suffix>`, n counting the process's file writers.
Writing to a writer that is not open fails with NotFoundError, as TF's resource lookup does.
Events queue in memory and go to the file when the queue grows past max_queue or flush_millis
passed since the last flush, as TF's SummaryFileWriter.
"""
from __future__ import annotations

import itertools
import os
import threading
import time

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.registry import NotDifferentiable, register_op
from tfsess.framework.tensor_proto import make_tensor_proto
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops._infer import host
from tfsess.summary.event_file_writer import EventsFile, make_logdir


def _pb2():
    from tfsess.protos import event_pb2  # optional dependency: protobuf
    return event_pb2


_FILE_COUNTER = itertools.count()


class SummaryWriterResource:
    """One session's writer resource: an EventsFile while open, None before init and after close."""

    def __init__(self, name: str):
        self.name = name
        self._lock = threading.Lock()
        self._file = None
        self._queue, self._max_queue, self._flush_millis, self._last_flush = [], 10, 120000, 0.0

    def open(self, logdir: str, max_queue: int, flush_millis: int, suffix: str) -> None:
        with self._lock:
            if self._file is not None:  # TF creates the resource once: a second init does nothing
                return
            make_logdir(logdir)
            # as TF's SummaryFileWriter: the process id and a process-wide count keep names apart
            suffix = suffix[1:] if suffix.startswith(".") else suffix  # one dot joins it: ".v2" and "v2" alike
            self._file = EventsFile(logdir, f".{os.getpid()}.{next(_FILE_COUNTER)}.{suffix}")
            self._file.open_if_needed()  # TF's InitWithSuffix: the file and its version event at once
            self._max_queue, self._flush_millis = max_queue, flush_millis
            self._queue, self._last_flush = [], time.time()

    def write(self, event) -> None:
        with self._lock:
            self._check_open()
            self._queue.append(event)
            if len(self._queue) > self._max_queue or (time.time() - self._last_flush) * 1000 > self._flush_millis:
                self._flush_locked()

    def flush(self) -> None:
        with self._lock:
            self._check_open()
            self._flush_locked()

    def close(self) -> None:
        with self._lock:
            self._check_open()
            self._flush_locked()
            self._file.close()
            self._file = None

    def cancel(self) -> None:
        """The session closes: what is queued is written and the file closed (TF's resource destructor)."""
        with self._lock:
            if self._file is not None:
                self._flush_locked()
                self._file.close()
                self._file = None

    def _flush_locked(self):
        for event in self._queue:
            self._file.write(event)
        self._queue = []
        self._file.flush()
        self._last_flush = time.time()

    def _check_open(self):
        if self._file is None:
            raise errors.NotFoundError(None, None, f"Resource localhost/{self.name}/N10tensorflow22Summary"
                                       "WriterInterfaceE does not exist.")


def _writer(handle) -> SummaryWriterResource:
    if not isinstance(handle, SummaryWriterResource):
        raise errors.InvalidArgumentError(None, None, "The handle is not a summary writer resource")
    return handle


def _scalar(value, what, kind=None, raw=False):
    """The one value of a scalar input; strings as text, or as bytes when `raw`."""
    array = host(value, kind)
    if array.ndim != 0:
        raise errors.InvalidArgumentError(None, None, f"{what} must be a scalar, got shape "
                                          f"[{','.join(str(d) for d in array.shape)}]")
    item = array.item()
    if raw:
        return item if isinstance(item, bytes) else str(item).encode("utf-8")
    return item.decode("utf-8", "replace") if isinstance(item, bytes) else item


def _event(step):
    event = _pb2().Event(step=int(_scalar(step, "step")), wall_time=time.time())
    return event


@register_op("SummaryWriter", infer=lambda inputs, attrs: [(dtypes.resource, TensorShape([]))], needs_ctx=True,
             stateful=True, gpu=False)
def _summary_writer(xp, *, ctx, shared_name="", container=""):
    name = shared_name or ctx.op.name
    return ctx.resources.get_or_create(("summary_writer", container, name), lambda: SummaryWriterResource(name))


@register_op("CreateSummaryFileWriter", infer=lambda inputs, attrs: [], stateful=True, gpu=False)
def _create_summary_file_writer(xp, writer, logdir, max_queue, flush_millis, filename_suffix):
    _writer(writer).open(str(_scalar(logdir, "logdir", object)), int(_scalar(max_queue, "max_queue")),
                         int(_scalar(flush_millis, "flush_millis")), str(_scalar(filename_suffix, "suffix", object)))
    return ()


@register_op("WriteSummary", infer=lambda inputs, attrs: [], stateful=True, gpu=False)
def _write_summary(xp, writer, step, tensor, tag, summary_metadata, *, T=None):
    value = host(tensor) if not isinstance(tensor, np.ndarray) else tensor
    event = _event(step)
    summary_value = event.summary.value.add(tag=str(_scalar(tag, "tag", object)))
    dtype = dtypes.string if value.dtype == object else dtypes.as_dtype(value.dtype)
    summary_value.tensor.CopyFrom(make_tensor_proto(value, dtype, content=dtype != dtypes.string))
    metadata = _scalar(summary_metadata, "summary_metadata", object, raw=True)
    if metadata:
        summary_value.metadata.ParseFromString(metadata)
    _writer(writer).write(event)
    return ()


@register_op("WriteRawProtoSummary", infer=lambda inputs, attrs: [], stateful=True, gpu=False)
def _write_raw_proto_summary(xp, writer, step, tensor):
    from google.protobuf.message import DecodeError  # optional dependency: protobuf
    event = _event(step)
    for i, serialized in enumerate(host(tensor, object).ravel()):  # every proto merges into one Summary
        try:
            event.summary.MergeFromString(serialized if isinstance(serialized, bytes) else str(serialized).encode())
        except DecodeError:
            raise errors.DataLossError(None, None, "Bad tf.compat.v1.Summary binary proto tensor string at "
                                       f"index {i}") from None
    _writer(writer).write(event)
    return ()


@register_op("WriteGraphSummary", infer=lambda inputs, attrs: [], stateful=True, gpu=False)
def _write_graph_summary(xp, writer, step, tensor):
    event = _event(step)
    event.graph_def = _scalar(tensor, "graph", object, raw=True)
    _writer(writer).write(event)
    return ()


@register_op("ImportEvent", infer=lambda inputs, attrs: [], stateful=True, gpu=False)
def _import_event(xp, writer, event):
    from google.protobuf.message import DecodeError  # optional dependency: protobuf
    try:
        parsed = _pb2().Event.FromString(_scalar(event, "event", object, raw=True))
    except DecodeError:
        raise errors.InvalidArgumentError(None, None, "Bad Event proto") from None
    _writer(writer).write(parsed)  # as it is: its wall_time and step are the caller's
    return ()


@register_op("FlushSummaryWriter", infer=lambda inputs, attrs: [], stateful=True, gpu=False)
def _flush_summary_writer(xp, writer):
    _writer(writer).flush()
    return ()


@register_op("CloseSummaryWriter", infer=lambda inputs, attrs: [], stateful=True, gpu=False)
def _close_summary_writer(xp, writer):
    _writer(writer).close()
    return ()


for _op_type in ("SummaryWriter", "CreateSummaryFileWriter", "WriteSummary", "WriteRawProtoSummary",
                 "WriteGraphSummary", "ImportEvent", "FlushSummaryWriter", "CloseSummaryWriter"):
    NotDifferentiable(_op_type)
