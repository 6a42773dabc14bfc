"""tf.summary.FileWriter and FileWriterCache: summaries, graphs and session logs into event files."""
from __future__ import annotations

import threading
import time

from tfsess.framework.graph import Graph, get_default_graph
from tfsess.framework.graph_def import graph_to_graph_def, graph_to_meta_graph_def
from tfsess.summary.event_file_writer import EventFileWriter
from tfsess.summary.event_file_writer_v2 import EventFileWriterV2


def _protos():
    from tfsess.protos import event_pb2, summary_pb2  # optional dependency: protobuf
    return event_pb2, summary_pb2


def _full_name(message) -> str:
    """The message's type name under TF's package: TensorBoard's copies (tensorboard.X) count as tensorflow.X."""
    name = getattr(getattr(message, "DESCRIPTOR", None), "full_name", "")
    return "tensorflow." + name[len("tensorboard."):] if name.startswith("tensorboard.") else name


def _as_message(value, cls):
    """`value` as a `cls` message: from bytes, from `cls` itself, or from any message of the same full name."""
    if isinstance(value, cls):
        return value
    if isinstance(value, (bytes, bytearray)):
        return cls.FromString(bytes(value))
    if _full_name(value) == cls.DESCRIPTOR.full_name:  # e.g. TensorFlow's or TensorBoard's own class
        return cls.FromString(value.SerializeToString())
    raise TypeError(f"Expected a {cls.DESCRIPTOR.full_name} message or its serialized bytes, got "
                    f"{type(value).__name__}")


def _message_field(value, cls):
    """`value` as protobuf's constructor takes a message field: None (left unset), a dict of its fields,
    or a `cls` message (TensorFlow's or TensorBoard's class too); anything else is protobuf's TypeError."""
    if value is None or isinstance(value, dict):
        return value
    if _full_name(value) != cls.DESCRIPTOR.full_name:
        raise TypeError("Parameter to initialize message field must be dict or instance of same class: "
                        f"expected {cls} got {type(value)}.")
    return _as_message(value, cls)


def _run_metadata_bytes(run_metadata) -> bytes:
    """The wire-format bytes of a RunMetadata: a protobuf message, or tfsess's client RunMetadata."""
    if _full_name(run_metadata) == "tensorflow.RunMetadata":
        return run_metadata.SerializeToString()
    from google.protobuf import json_format  # optional dependency: protobuf
    from tfsess.protos import config_pb2  # optional dependency: protobuf
    proto = config_pb2.RunMetadata()
    if run_metadata.HasField("step_stats"):  # tfsess's config messages serialize to JSON
        json_format.Parse(run_metadata.step_stats.SerializeToString() or b"{}", proto.step_stats,
                          ignore_unknown_fields=True)
    return proto.SerializeToString()


class FileWriter:
    """Writes Summary protos, graphs and session logs to an event file in `logdir` (tf.summary.FileWriter).

    Args:
      logdir: the directory of the event file (created if missing).
      graph: a Graph whose GraphDef and MetaGraphDef are written first (e.g. `sess.graph`).
      max_queue: events waiting to be written before `add_*` blocks.
      flush_secs: how often the background thread flushes the file.
      graph_def: deprecated: a GraphDef to write instead of `graph`.
      filename_suffix: appended to the event file name.
      session: when given, events go through a TF2 summary writer of this session (TF's
        EventFileWriterV2): its ops join the session's graph and its file is named as TF2's.
    """

    def __init__(self, logdir, graph=None, max_queue=10, flush_secs=120, graph_def=None,
                 filename_suffix=None, session=None):
        if session is not None:
            self.event_writer = EventFileWriterV2(session, logdir, max_queue, flush_secs, filename_suffix)
        else:
            self.event_writer = EventFileWriter(logdir, max_queue, flush_secs, filename_suffix)
        self._session_run_tags = {}
        self._seen_summary_tags = set()  # only a tag's first value keeps its metadata, to save space
        if graph is not None or graph_def is not None:
            self.add_graph(graph=graph, graph_def=graph_def)
            source = graph if isinstance(graph, Graph) else get_default_graph()
            written = graph_def or (None if isinstance(graph, Graph) else graph)
            self.add_meta_graph(graph_to_meta_graph_def(source, graph_def=written))

    # ------------------------------------------------------------- what goes in
    def add_summary(self, summary, global_step=None):
        """Adds a Summary (a message or its serialized bytes, e.g. a summary op's output) at `global_step`."""
        event_pb2, summary_pb2 = _protos()
        if not isinstance(summary, bytes) and not hasattr(summary, "value"):
            # TF reads `summary.value` of anything that is not bytes (a bytearray too)
            raise AttributeError(f"'{type(summary).__name__}' object has no attribute 'value'")
        copy = summary_pb2.Summary()
        copy.CopyFrom(_as_message(summary, summary_pb2.Summary))  # metadata is stripped from the copy only
        summary = copy
        for value in summary.value:
            if not value.HasField("metadata"):
                continue
            if value.tag in self._seen_summary_tags:
                value.ClearField("metadata")
            else:
                self._seen_summary_tags.add(value.tag)
        self._add_event(event_pb2.Event(summary=summary), global_step)

    def add_session_log(self, session_log, global_step=None):
        """Adds a SessionLog (START, STOP or CHECKPOINT) at `global_step`."""
        event_pb2, _ = _protos()
        self._add_event(event_pb2.Event(session_log=_message_field(session_log, event_pb2.SessionLog)), global_step)

    def add_graph(self, graph, global_step=None, graph_def=None):
        """Adds a Graph (written as its GraphDef with output shapes) or, deprecated, a GraphDef.

        Raises:
          ValueError: both `graph` and `graph_def` are given.
          TypeError: `graph` is neither a Graph nor a GraphDef.
        """
        if graph is not None and graph_def is not None:
            raise ValueError("Please pass only graph, or graph_def (deprecated), but not both.")
        graph = graph if graph is not None else graph_def
        if isinstance(graph, Graph):
            true_graph_def = graph_to_graph_def(graph, add_shapes=True)
        elif _full_name(graph) == "tensorflow.GraphDef":
            true_graph_def = graph
        else:
            raise TypeError("The passed graph must be an instance of `Graph` or the deprecated `GraphDef`")
        event_pb2, _ = _protos()
        self._add_event(event_pb2.Event(graph_def=true_graph_def.SerializeToString()), global_step)

    def add_meta_graph(self, meta_graph_def, global_step=None):
        """Adds a MetaGraphDef message at `global_step`.

        Raises:
          TypeError: `meta_graph_def` is not a MetaGraphDef.
        """
        if _full_name(meta_graph_def) != "tensorflow.MetaGraphDef":
            raise TypeError(f"meta_graph_def must be type MetaGraphDef, saw type: {type(meta_graph_def)}")
        event_pb2, _ = _protos()
        self._add_event(event_pb2.Event(meta_graph_def=meta_graph_def.SerializeToString()), global_step)

    def add_run_metadata(self, run_metadata, tag, global_step=None):
        """Adds the RunMetadata of one traced Session.run under `tag` (each tag once per writer).

        Raises:
          ValueError: `tag` was used before.
        """
        if tag in self._session_run_tags:
            raise ValueError("The provided tag was already used for this event type")
        self._session_run_tags[tag] = True
        event_pb2, _ = _protos()
        tagged = event_pb2.TaggedRunMetadata(tag=tag, run_metadata=_run_metadata_bytes(run_metadata))
        self._add_event(event_pb2.Event(tagged_run_metadata=tagged), global_step)

    def add_event(self, event):
        """Adds an Event message as it is (its wall_time and step untouched)."""
        event_pb2, _ = _protos()
        self.event_writer.add_event(_as_message(event, event_pb2.Event))

    def _add_event(self, event, step):
        event.wall_time = time.time()
        if step is not None:
            event.step = int(step)
        self.event_writer.add_event(event)

    # ------------------------------------------------------------- the file
    def get_logdir(self):
        """The directory the event files go into."""
        return self.event_writer.get_logdir()

    def flush(self):
        """Writes every queued event to disk."""
        self.event_writer.flush()

    def close(self):
        """Flushes and closes the event file; `reopen()` starts a new one."""
        self.event_writer.close()

    def reopen(self):
        """Opens a new event file in the same logdir after `close()`."""
        self.event_writer.reopen()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class FileWriterCache:
    """One FileWriter per logdir, shared across a process (tf.summary.FileWriterCache)."""

    _cache = {}
    _lock = threading.RLock()

    @staticmethod
    def get(logdir):
        """The FileWriter for `logdir`, created with the default graph on first use."""
        with FileWriterCache._lock:
            if logdir not in FileWriterCache._cache:
                FileWriterCache._cache[logdir] = FileWriter(logdir, graph=get_default_graph())
            return FileWriterCache._cache[logdir]

    @staticmethod
    def clear():
        """Closes and forgets every cached FileWriter."""
        with FileWriterCache._lock:
            for writer in FileWriterCache._cache.values():
                writer.close()
            FileWriterCache._cache.clear()
