"""tf.train.Checkpoint (TF's CheckpointV1, as tf.compat.v1 has it) and tf.train.CheckpointOptions.

A Checkpoint saves the values of the objects it depends on under their object paths (see
trackable), with the object graph under ``_CHECKPOINTABLE_OBJECT_GRAPH``, in TF's V2 format, so
TF restores what it writes and it restores what TF writes. As in TF's graph mode, `save` and
`write` run a SaveV2 op in a session; `restore` returns a status whose `run_restore_ops` runs
RestoreV2 ops for the objects matched so far (objects created after `restore` are matched on the
next `run_restore_ops`, TF's deferred restoration). Checkpoints written by tf.train.Saver are
restored by variable name.
"""
from __future__ import annotations

import os

from tfsess.framework import dtypes
from tfsess.framework.default_session import get_default_session
from tfsess.framework.graph import get_default_graph
from tfsess.framework.graph_mode import init_scope
from tfsess.ops import constant_op
from tfsess.ops.variables import Variable
from tfsess.train import checkpoint_sharding, saver as saver_lib, trackable
from tfsess.train.checkpoint_format import CheckpointReader
from tfsess.train.checkpoint_management import _update_checkpoint_state
from tfsess.train.optimizer import Optimizer


class CheckpointOptions:
    """Options for saving and restoring checkpoints (tf.train.CheckpointOptions).

    `experimental_io_device` places the save and restore ops on that device; `experimental_write_callbacks`
    are called with the checkpoint's path after each write; `experimental_sharding_callback` (a
    tf.train.experimental.ShardingCallback) splits the checkpoint into shards when its save op is built. Asynchronous checkpointing is accepted and
    runs synchronously (each write finishes before `save` returns).
    """

    __slots__ = ("experimental_io_device", "experimental_enable_async_checkpoint", "experimental_write_callbacks",
                 "enable_async", "experimental_sharding_callback", "experimental_skip_slot_variables")

    def __init__(self, experimental_io_device=None, experimental_enable_async_checkpoint=False,
                 experimental_write_callbacks=None, enable_async=False, experimental_skip_slot_variables=False,
                 experimental_sharding_callback=None):
        self.experimental_io_device = experimental_io_device
        self.experimental_enable_async_checkpoint = experimental_enable_async_checkpoint or enable_async
        self.enable_async = self.experimental_enable_async_checkpoint
        self.experimental_write_callbacks = experimental_write_callbacks
        if experimental_sharding_callback is not None and not isinstance(experimental_sharding_callback,
                                                                          checkpoint_sharding.ShardingCallback):
            raise ValueError("The experimental_sharding_callback checkpoint optionmust be of type ShardingCallback. "
                             f"The option providedwas of type {type(experimental_sharding_callback)}.")
        self.experimental_sharding_callback = experimental_sharding_callback
        self.experimental_skip_slot_variables = experimental_skip_slot_variables

    def __copy__(self):
        copy = CheckpointOptions.__new__(CheckpointOptions)
        for name in self.__slots__:
            setattr(copy, name, getattr(self, name))
        if copy.experimental_write_callbacks is not None:
            copy.experimental_write_callbacks = list(copy.experimental_write_callbacks)
        return copy


def _sharded_save(prefix, values, states, object_graph, callback):
    """The save of `values` split by a sharding callback, in TF's order: objects as numbered, the object graph last."""
    items = []
    for key, var in values.items():
        if var is None:
            items.append((key, states[key], None))
        else:
            with var.graph.device(var.device):
                items.append((key, saver_lib._saved_tensor(var._ref()), var))
    items.append((trackable.OBJECT_GRAPH_PROTO_KEY, object_graph, None))
    return checkpoint_sharding.sharded_save(prefix, items, callback)


def session_or_default(session, what):
    """`session`, else the default session (RuntimeError naming `what` when there is none)."""
    session = session or get_default_session()
    if session is None:
        raise RuntimeError(f"{what} builds its ops in a graph and needs a session to run them: pass session= "
                           "or call it inside `with tf.Session():`")
    return session


class Checkpoint(trackable.AutoTrackable):
    """Groups trackable objects, saving and restoring them by object path (tf.compat.v1.train.Checkpoint).

    Raises:
        ValueError: a keyword argument is not trackable (a Variable, optimizer, tf.Module, Checkpoint,
            list, dict or other trackable object).
    """

    def __init__(self, **kwargs):
        super().__init__()
        self._self_save_counter = None
        self._self_counter_position = None
        self._self_save_assign_op = None
        self._self_save_ops = {}
        for name, value in sorted(kwargs.items(), key=lambda item: item[0]):
            if not trackable.is_trackable(value):
                raise ValueError("`Checkpoint` was expecting a trackable object (an object derived from "
                                 f"`Trackable`), got {value}. If you believe this object should be trackable "
                                 "(i.e. it is part of the TensorFlow Python API and manages state), please open "
                                 "an issue.")
            setattr(self, name, value)

    def _trackable_children(self):
        found = super()._trackable_children()
        if self._self_save_counter is not None:
            found.insert(self._self_counter_position, ("save_counter", self._self_save_counter))
        return found

    def _maybe_create_save_counter(self):
        if self._self_save_counter is None:
            graph = get_default_graph()
            with init_scope(), graph.device("/cpu:0"):
                self._self_save_counter = Variable(0, dtype=dtypes.int64, name="save_counter", trainable=False)
            self._self_counter_position = len(super()._trackable_children())

    @property
    def save_counter(self):
        """The int64 variable counting `save` calls (created on first use); it numbers the checkpoints."""
        self._maybe_create_save_counter()
        return self._self_save_counter

    def write(self, file_prefix, session=None, options=None):
        """Writes the checkpoint `file_prefix` (no numbering, no `checkpoint` state file); returns its path."""
        options = options or CheckpointOptions()
        session = session_or_default(session, "Checkpoint.write")
        file_prefix = os.fspath(file_prefix)
        if os.path.dirname(file_prefix):
            os.makedirs(os.path.dirname(file_prefix), exist_ok=True)  # TF's TrackableSaver creates it recursively
        graph = get_default_graph()
        objects = trackable.ObjectGraph(self, graph)
        values, feeds = self._save_values(objects)
        prefix, graph_tensor, state_tensors, save_op = self._save_op(graph, values, options)
        feed_dict = {prefix: file_prefix, graph_tensor: objects.to_proto().SerializeToString()}
        feed_dict.update({state_tensors[key]: value for key, value in feeds.items()})
        session.run(save_op, feed_dict=feed_dict)
        for callback in options.experimental_write_callbacks or ():
            callback(file_prefix)
        return file_prefix

    @staticmethod
    def _save_values(objects):
        """({checkpoint key: variable or None for a Python state}, {Python state key: its serialized bytes})."""
        values, feeds = {}, {}
        for node_id, obj in enumerate(objects.nodes):
            for _, _, key in objects.attributes(node_id):
                values[key] = obj if isinstance(obj, Variable) else None
                if isinstance(obj, trackable.PythonState):
                    state = obj.serialize()
                    feeds[key] = state.encode("utf-8") if isinstance(state, str) else bytes(state)
        return values, feeds

    def _save_op(self, graph, values, options):
        """The (prefix, object graph, {key: Python state} placeholders, SaveV2) for these values, built once."""
        cache_key = (id(graph), options.experimental_io_device,
                     tuple((key, None if v is None else v.op.name) for key, v in sorted(values.items())))
        if cache_key not in self._self_save_ops:
            with graph.as_default(), graph.control_dependencies(None), graph.device(options.experimental_io_device):
                prefix = constant_op.placeholder_with_default(constant_op.constant("model", dtypes.string), [])
                object_graph = constant_op.placeholder_with_default(constant_op.constant("", dtypes.string), [])
                states = {key: constant_op.placeholder(dtypes.string, []) for key, v in values.items() if v is None}
                if options.experimental_sharding_callback is not None:
                    save = _sharded_save(prefix, values, states, object_graph, options.experimental_sharding_callback)
                else:
                    refs = {trackable.OBJECT_GRAPH_PROTO_KEY: object_graph}
                    for key, var in sorted(values.items()):
                        refs[key] = states[key] if var is None else var._ref()
                    refs = dict(sorted(refs.items()))
                    save = saver_lib._save_v2_op(prefix, refs)
            self._self_save_ops[cache_key] = (prefix, object_graph, states, save)
        return self._self_save_ops[cache_key]

    def save(self, file_prefix, session=None, options=None):
        """Increments `save_counter`, writes `<file_prefix>-<counter>` and records it in the directory's
        `checkpoint` file; returns the checkpoint's path."""
        session = session_or_default(session, "Checkpoint.save")
        file_prefix = os.fspath(file_prefix)
        if self._self_save_counter is None:
            session.run(self.save_counter.initializer)
        if self._self_save_assign_op is None:
            with get_default_graph().colocate_with(self.save_counter.op):
                self._self_save_assign_op = self.save_counter.assign_add(1, read_value=True)
        number = session.run(self._self_save_assign_op)
        path = self.write(f"{file_prefix}-{int(number)}", session=session, options=options)
        _update_checkpoint_state(os.path.dirname(file_prefix), path, [path], save_relative_paths=True)
        return path

    def restore(self, save_path, options=None):
        """A status object for restoring `save_path` (None: nothing to restore, initialization only).

        Raises:
            errors.NotFoundError: no checkpoint at `save_path`.
        """
        if save_path is None:
            self._maybe_create_save_counter()
            return InitializationOnlyStatus(self)
        save_path = os.fspath(save_path)
        reader = CheckpointReader(save_path)
        self._maybe_create_save_counter()
        if not reader.has_tensor(trackable.OBJECT_GRAPH_PROTO_KEY):
            return NameBasedSaverStatus(self, reader, save_path, options)
        from tfsess.protos import trackable_object_graph_pb2  # optional dependency: protobuf
        proto = trackable_object_graph_pb2.TrackableObjectGraph()
        proto.ParseFromString(reader.get_tensor(trackable.OBJECT_GRAPH_PROTO_KEY))
        return CheckpointLoadStatus(self, reader, save_path, proto, options)


# ------------------------------------------------------------------ what a restore returns
def _run_initializers(session, variables):
    if variables:
        session.run([v.initializer for v in variables])


class _Status:
    """What every restore status has: the root, and the variables reachable from it now."""

    def __init__(self, root):
        self._root = root

    def _live_objects(self):
        return trackable.ObjectGraph(self._root, get_default_graph())

    def expect_partial(self):
        """Silences warnings about unmatched objects (tfsess gives none); returns self."""
        return self


class CheckpointLoadStatus(_Status):
    """The status of restoring an object-based checkpoint: matching, assertions, and the restore ops."""

    def __init__(self, root, reader, save_path, proto, options):
        super().__init__(root)
        self._reader, self._save_path, self._proto = reader, save_path, proto
        self._io_device = options.experimental_io_device if options else None
        self._restore_ops = {}      # variable op name -> its assign op
        self._restored_states = {}  # id -> the PythonState objects restored (kept, so that ids stay theirs)
        self._restore_python_states()  # as TF in graph mode: Python state is restored at once, not by an op

    def _match(self):
        """{checkpoint node id: live object} for the objects of the checkpoint that exist now."""
        matched = {0: self._root}
        queue = [0]
        while queue:
            node_id = queue.pop(0)
            live = dict(trackable.children(matched[node_id], get_default_graph()))
            for child in self._proto.nodes[node_id].children:
                obj = live.get(child.local_name)
                if obj is not None and child.node_id not in matched:
                    matched[child.node_id] = obj
                    queue.append(child.node_id)
        for node_id, obj in list(matched.items()):
            if not isinstance(obj, Optimizer):
                continue
            for ref in self._proto.nodes[node_id].slot_variables:
                var = matched.get(ref.original_variable_node_id)
                slot = obj.get_slot(var, ref.slot_name) if isinstance(var, Variable) else None
                if slot is not None:
                    matched[ref.slot_variable_node_id] = slot
        return matched

    def _values(self, matched):
        """[(checkpoint key, live variable or Python state)] of the matched nodes' saved values."""
        out = []
        for node_id, obj in matched.items():
            for attribute in self._proto.nodes[node_id].attributes:
                if attribute.name == trackable.VARIABLE_VALUE_KEY and isinstance(obj, Variable):
                    out.append((attribute.checkpoint_key, obj))
                elif attribute.name == trackable.PYTHON_STATE_KEY and isinstance(obj, trackable.PythonState):
                    out.append((attribute.checkpoint_key, obj))
        return out

    def _build_restore_ops(self):
        new = [(key, var) for key, var in self._values(self._match())
               if isinstance(var, Variable) and var.op.name not in self._restore_ops]
        if new:
            graph = get_default_graph()
            with graph.as_default(), graph.control_dependencies(None), graph.device(self._io_device):
                restored = saver_lib.restore_v2_ops(self._save_path, [k for k, _ in new],
                                                    [v._ref() for _, v in new])
            for (_, var), value in zip(new, restored):
                with graph.control_dependencies(None), graph.colocate_with(var.op):
                    self._restore_ops[var.op.name] = saver_lib._assign(var._ref(), value)
        return list(self._restore_ops.values())

    def run_restore_ops(self, session=None):
        """Runs the restore ops of every object matched so far (building those of newly created objects)."""
        session = session_or_default(session, "run_restore_ops")
        ops = self._build_restore_ops()
        if ops:
            session.run(ops)
        self._restore_python_states()

    def _restore_python_states(self):
        for key, obj in self._values(self._match()):
            if isinstance(obj, trackable.PythonState) and id(obj) not in self._restored_states:
                obj.deserialize(self._reader.get_tensor(key))
                self._restored_states[id(obj)] = obj

    def initialize_or_restore(self, session=None):
        """Restores the matched variables and initializes the other variables reachable from the root."""
        session = session_or_default(session, "initialize_or_restore")
        matched = {id(obj) for obj in self._match().values()}
        others = [obj for obj in self._live_objects().nodes if isinstance(obj, Variable) and id(obj) not in matched]
        self.run_restore_ops(session)
        _run_initializers(session, others)

    def assert_consumed(self):
        """Raises AssertionError unless every saved value has an object and every live object a saved value."""
        matched = self._match()
        for node_id, node in enumerate(self._proto.nodes):
            if node_id not in matched and (node.attributes or node.slot_variables):
                raise AssertionError(f"Unresolved object in checkpoint {self._save_path}: {_describe(node)}")
        self._assert_live_matched(matched)
        return self

    def assert_existing_objects_matched(self):
        """Raises AssertionError unless every object reachable from the root now was found in the checkpoint."""
        self._assert_live_matched(self._match())
        return self

    def assert_nontrivial_match(self):
        """Raises AssertionError unless something besides the root (and its save counter) was matched."""
        matched = self._match()
        counter = self._root._self_save_counter if isinstance(self._root, Checkpoint) else None
        if not any(obj is not counter for node_id, obj in matched.items() if node_id):
            raise AssertionError(f"Nothing except the root object matched a checkpointed value. Typically "
                                 f"this means that the checkpoint does not match the Python program. The "
                                 f"following objects have no matching checkpointed value: "
                                 f"{[type(o).__name__ for o in self._live_objects().nodes]}")
        return self

    def _assert_live_matched(self, matched):
        matched_ids = {id(obj) for obj in matched.values()}
        for obj in self._live_objects().nodes:
            if id(obj) in matched_ids:
                continue
            if isinstance(obj, (list, tuple, dict)) and not trackable.children(obj, get_default_graph()):
                continue  # an empty data structure saves nothing
            raise AssertionError(f"Object not assigned a value from checkpoint: {_describe_object(obj)}")


class InitializationOnlyStatus(_Status):
    """The status of `restore(None)`: nothing to restore; `initialize_or_restore` initializes."""

    def _nothing(self):
        raise AssertionError("No checkpoint specified (save_path=None); nothing is being restored.")

    def assert_consumed(self):
        self._nothing()

    def assert_existing_objects_matched(self):
        self._nothing()

    def assert_nontrivial_match(self):
        self._nothing()

    def run_restore_ops(self, session=None):
        self._nothing()

    def initialize_or_restore(self, session=None):
        """Runs the initializers of every variable reachable from the root (slot variables included)."""
        session = session_or_default(session, "initialize_or_restore")
        _run_initializers(session, [obj for obj in self._live_objects().nodes if isinstance(obj, Variable)])


class NameBasedSaverStatus(_Status):
    """The status of restoring a tf.train.Saver checkpoint: every reachable variable is restored by its name.

    As TF in graph mode, `run_restore_ops` restores all of them, the save counter included (a name the
    checkpoint lacks fails the restore with NotFoundError); the assertions pass once every reachable
    object has been through `run_restore_ops`.
    """

    def __init__(self, root, reader, save_path, options):
        super().__init__(root)
        self._reader, self._save_path = reader, save_path
        self._handled = {}  # id -> the objects run_restore_ops has taken up (kept, so that ids stay theirs)

    def assert_consumed(self):
        for obj in self._live_objects().nodes:
            if id(obj) not in self._handled:
                raise AssertionError(f"Object not restored: {_describe_object(obj)}")
        return self

    def assert_existing_objects_matched(self):
        return self.assert_consumed()

    def assert_nontrivial_match(self):
        return self.assert_consumed()

    def run_restore_ops(self, session=None):
        """Restores the reachable variables not restored before, each from the tensor saved under its name."""
        session = session_or_default(session, "run_restore_ops")
        new = [obj for obj in self._live_objects().nodes if id(obj) not in self._handled]
        self._handled.update((id(obj), obj) for obj in new)
        variables = [v for v in new if isinstance(v, Variable)]
        if not variables:
            return
        graph = get_default_graph()
        with graph.control_dependencies(None), graph.device("/cpu:0"):
            restored = saver_lib.restore_v2_ops(self._save_path, [v.op.name for v in variables],
                                                [v._ref() for v in variables])
            assigns = [saver_lib._assign(v._ref(), value) for v, value in zip(variables, restored)]
        session.run(assigns)

    def initialize_or_restore(self, session=None):
        self.run_restore_ops(session)


def _describe(node):
    keys = [a.checkpoint_key for a in node.attributes] or [f"slot {s.slot_name}" for s in node.slot_variables]
    return ", ".join(keys)


def _describe_object(obj):
    if isinstance(obj, Variable):
        return f"<tf.Variable '{obj.name}' shape={obj.shape} dtype={obj.dtype.base_dtype.name}>"
    return f"<{type(obj).__module__}.{type(obj).__name__} object at {hex(id(obj))}>"


__all__ = ["Checkpoint", "CheckpointOptions"]
