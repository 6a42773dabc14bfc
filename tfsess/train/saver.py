"""tf.train.Saver and its graph ops, SaveV2 and RestoreV2.

The files a save writes are described and implemented in checkpoint_format; the directory's
`checkpoint` state file and the max_to_keep bookkeeping are in checkpoint_management.
"""
from __future__ import annotations

import os
import warnings

import numpy as np

from tfsess.client.session import BaseSession
from tfsess.framework import device_spec, dtypes, errors, nest
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import apply_op
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import (array_ops, constant_op, control_flow_ops, logic_ops, regex_ops, stack_ops, state_ops,
                        string_ops)
from tfsess.ops.variables import GraphKeys, Variable
from tfsess.train.checkpoint_format import CheckpointReader, _atomic_write, write_checkpoint
from tfsess.train import saver_slices
from tfsess.train.tensor_bundle import parse_slice_spec, slice_index
from tfsess.train import checkpoint_ops, checkpoint_v1, meta_graph  # noqa: F401  checkpoint_ops registers ops
from tfsess.train.checkpoint_management import (_RecentCheckpoints, _update_checkpoint_state, checkpoint_exists,
                                                get_checkpoint_mtimes, meta_graph_filename)


# ------------------------------------------------------------------ the save / restore ops
def _as_str(value):
    value = np.asarray(value).reshape(-1)[0] if np.ndim(value) else np.asarray(value).item()
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _names(array):
    return [x.decode("utf-8") if isinstance(x, bytes) else str(x) for x in np.asarray(array).reshape(-1).tolist()]


@register_op("SaveV2", infer=lambda inputs, attrs: [], stateful=True, gpu=False, no_gradient=True)
def _save_v2(xp, prefix, tensor_names, shape_and_slices, *tensors, dtypes=()):
    try:
        # every file a save writes goes through this module's `_atomic_write` (looked up at run time), the
        # one hook a test patches to kill a save midway
        write_checkpoint(_as_str(prefix), _names(tensor_names), tensors, atomic_write=_atomic_write,
                         slice_specs=_names(shape_and_slices))
    except FileNotFoundError as exc:
        raise errors.NotFoundError(None, None, f"{exc.filename}; No such file or directory") from None
    except PermissionError as exc:
        raise errors.PermissionDeniedError(None, None, f"{exc.filename}; Permission denied") from None


@register_op("SaveSlices", infer=lambda inputs, attrs: [], stateful=True, gpu=False, no_gradient=True)
def _save_slices(xp, filename, tensor_names, shapes_and_slices, *data, T=()):  # noqa: N803 - TF's attr name
    """A V1 checkpoint: one table file at `filename` (whole tensors only: every shape_and_slice is "")."""
    if any(_names(shapes_and_slices)):
        raise errors.UnimplementedError(None, None, "SaveSlices of partial slices is not supported: save whole "
                                                    "tensors, or write the V2 format")
    path = _as_str(filename)
    try:
        _atomic_write(path, [checkpoint_v1.v1_table(_names(tensor_names), [np.asarray(d) for d in data])])
    except FileNotFoundError as exc:
        raise errors.NotFoundError(None, None, f"{exc.filename}; No such file or directory") from None
    except PermissionError as exc:
        raise errors.PermissionDeniedError(None, None, f"{exc.filename}; Permission denied") from None


def _restore_infer(inputs, attrs):
    return [(dtypes.as_dtype(dt), unknown_shape()) for dt in attrs["dtypes"]]


@register_op("RestoreV2", infer=_restore_infer, stateful=True, gpu=False, no_gradient=True)
def _restore_v2(xp, prefix, tensor_names, shape_and_slices, *, dtypes, expected_shapes=None, variables=None):
    reader = CheckpointReader(_as_str(prefix))
    names, specs = _names(tensor_names), _names(shape_and_slices)
    expected_shapes = expected_shapes or [None] * len(names)
    variables = variables or names
    slices = [_restored_slice(reader, name, spec) for name, spec in zip(names, specs)]
    for name, dtype, shape, var, (stored_shape, _) in zip(names, dtypes, expected_shapes, variables, slices):
        entry = reader.entry(name)
        if entry["dtype"] != dtype.name:  # everything is checked before any variable is written
            raise errors.InvalidArgumentError(
                None, None, f"tensor_name = {name}; expected dtype {dtype.name} does not equal original dtype "
                            f"{entry['dtype']} (variable {var})")
        if shape is not None and list(shape) != stored_shape:
            raise errors.InvalidArgumentError(
                None, None, f"Assign requires shapes of both tensors to match. lhs shape= {_dims(shape)} "
                            f"rhs shape= {_dims(stored_shape)}")  # TF's text names no variable
    values = [v if index is None else v[index] for v, (_, index) in zip(reader.get_tensors(names), slices)]
    return values[0] if len(values) == 1 else tuple(values)  # one output is returned bare


def _dims(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"  # TF's TensorShape::DebugString: "[2,3]"


def _restored_slice(reader, name, spec):
    """(shape restored, NumPy index into the stored tensor or None) of key `name` read with slice `spec`."""
    stored = list(reader.entry(name)["shape"])
    if not spec:
        return stored, None
    full_shape, extents = parse_slice_spec(spec, name)
    if full_shape != stored:
        raise errors.InvalidArgumentError(None, None, f"tensor_name = {name}; shape in shape_and_slice spec "
                                                      f"{full_shape} does not match the shape stored in checkpoint: "
                                                      f"{stored}")
    return [n if n >= 0 else d for (s, n), d in zip(extents, full_shape)], slice_index(extents)


# ------------------------------------------------------------------ which variables a Saver saves
def _variable_tensor(v, dict_form):
    if hasattr(v, "restore_from"):  # a saveable that is not a variable (an iterator's position)
        return v
    if isinstance(v, Variable):
        return v._ref()
    if isinstance(v, Tensor) and (state_ops.is_variable_op(v.op) or v.op.type == "VarHandleOp"):
        return v
    if dict_form:
        raise TypeError(f"names_to_saveables must be a dict mapping string names to Tensors/Variables. "
                        f"Not a variable: {v}")
    raise TypeError(f"Variable to save is not a Variable: {v}")


def _names_to_refs(var_list):
    """{checkpoint key: variable ref tensor}, sorted by key, with TF's checks."""
    if isinstance(var_list, dict):
        pairs = []
        for k, v in var_list.items():
            parts = saver_slices.dict_value_slices(str(k), v)
            pairs += [(key, _variable_tensor(p, True)) for key, p in parts] if parts is not None \
                else [(str(k), _variable_tensor(v, True))]
    elif isinstance(var_list, (list, tuple, set)):
        flat = nest.flatten(list(var_list))
        pairs = []
        seen = set()
        for v in sorted(flat, key=lambda x: x.name):
            parts = saver_slices.list_element_slices(v)
            if parts is not None:  # saved as slices of the whole variable's entry
                pairs += [(key, _variable_tensor(p, False)) for key, p in parts]
                continue
            ref = _variable_tensor(v, False)
            if ref.op.name in seen:
                raise ValueError(f"At least two variables have the same name: {ref.op.name}")
            seen.add(ref.op.name)
            pairs.append((ref.op.name, ref))
    else:
        raise TypeError(f"Variables to save should be passed in a dict or a list: {var_list}")
    saver_slices.check_no_mixing(pairs)
    refs = set()
    for name, ref in pairs:
        if ref in refs:
            raise ValueError(f"The same saveable will be restored with two names: {name}")
        refs.add(ref)
    return dict(sorted(pairs, key=lambda kv: kv[0]))


class SaverDef:
    """The names a Saver's graph ops go by (TF's SaverDef message, as a plain record; to_proto gives the message)."""

    V1, V2 = 1, 2
    _FIELDS = ("filename_tensor_name", "save_tensor_name", "restore_op_name", "max_to_keep", "sharded",
               "keep_checkpoint_every_n_hours", "version")

    def __init__(self, filename_tensor_name="", save_tensor_name="", restore_op_name="", max_to_keep=5,
                 sharded=False, keep_checkpoint_every_n_hours=10000.0, version=2):
        self.filename_tensor_name = filename_tensor_name
        self.save_tensor_name = save_tensor_name
        self.restore_op_name = restore_op_name
        self.max_to_keep = max_to_keep
        self.sharded = sharded
        self.keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self.version = version

    @classmethod
    def from_proto(cls, proto):
        """The record of a SaverDef message (or of another record)."""
        return cls(*(getattr(proto, f) for f in cls._FIELDS))

    def to_proto(self):
        """TF's SaverDef message (needs the optional protobuf package)."""
        from tfsess.protos import saver_pb2  # optional dependency: protobuf
        return saver_pb2.SaverDef(**{f: getattr(self, f) for f in self._FIELDS})

    def __eq__(self, other):
        # as TF's message equality: field by field, against a record or a SaverDef message
        return all(hasattr(other, f) for f in self._FIELDS) and \
            all(getattr(self, f) == getattr(other, f) for f in self._FIELDS)

    __hash__ = None

    def __repr__(self):
        return "\n".join(f"{k}: {v!r}" for k, v in vars(self).items())


def _build_saver_ops(refs, name, filename, sharded=False, version=SaverDef.V2, reshape=False):
    """The save and restore ops for `refs` ({key: ref}); returns (filename, save, restore_op) names and the scope.

    As TF's Saver: one SaveV2 of every variable, or with `sharded` one SaveV2 per device (each to a
    temporary `<prefix>_temp/part-SSSSS-of-NNNNN`) and a MergeV2Checkpoints into the prefix. With
    `version` V1 (unsharded), one SaveSlices writing TF's V1 file. With `reshape`, a restored value of
    the same size is reshaped to its variable's shape.
    """
    graph = next(iter(refs.values())).graph
    with graph.as_default(), graph.control_dependencies(None), graph.name_scope(name or "save") as scope:
        default = constant_op.constant(filename or "model", dtype=dtypes.string, name="filename/input")
        fname = constant_op.placeholder_with_default(default, shape=[], name="filename")
        fname = constant_op.placeholder_with_default(fname, shape=[], name="Const")
        if sharded:
            shards = _group_by_device(refs)
            save_tensor = _sharded_save(fname, shards)
            restore_op = control_flow_ops.group(*[_restore_shard(fname, shard, reshape) for shard in shards],
                                                name="restore_all")
        else:
            save = _save_slices_op(fname, refs) if version == SaverDef.V1 else _save_v2_op(fname, refs)
            save_tensor = control_flow_ops.with_dependencies([save], fname, name="control_dependency")
            restore_op = control_flow_ops.group(*_assigns(fname, refs, reshape=reshape), name="restore_all")
    return fname.name, save_tensor.name, restore_op.name, scope


def _save_v2_op(prefix, refs):
    return _save_op("SaveV2", "SaveV2", "shape_and_slices", "dtypes", prefix, refs)


def _save_slices_op(filename, refs):
    return _save_op("SaveSlices", "save", "shapes_and_slices", "T", filename, refs)


def _save_op(op_type, scope, specs_name, dtypes_attr, target, refs):
    """TF's save op of one kind: `target` (prefix or file name), names, empty slice specs, the tensors."""
    with target.graph.name_scope(scope) as op_scope:
        names = constant_op.constant(list(refs), dtype=dtypes.string, name="tensor_names")
        specs = constant_op.constant(saver_slices.slice_specs(refs), dtype=dtypes.string, name=specs_name)
        tensors = [_saved_tensor(ref) for ref in refs.values()]
        return apply_op(op_type, [target, names, specs] + tensors,
                        {dtypes_attr: [t.dtype.base_dtype for t in tensors]}, name=op_scope)


def _assigns(fname, refs, device=None, reshape=False):
    """Assigns of the values a RestoreV2 reads for `refs`; with `device`, restored on its CPU:0 as TF does."""
    graph = fname.graph
    with graph.device(_cpu0(device) if device is not None else None):
        restored = restore_v2_ops(fname, list(refs), list(refs.values()), check_shapes=not reshape)
        if reshape:  # TF's reshape=True: a Reshape to the variable's shape (its size must match) before the Assign
            restored = [_reshaped(value, ref) for value, ref in zip(restored, refs.values())]
    with graph.device(device):
        return [_assign(ref, value) for ref, value in zip(refs.values(), restored)]


def _reshaped(value, ref):
    shape = _value_spec(ref)[1]
    return array_ops.reshape(value, shape.as_list()) if shape.is_fully_defined() else value


def _assign(ref, value):
    if hasattr(ref, "restore_from"):
        return ref.restore_from(value)
    if _is_resource(ref):  # a resource variable: as TF, an Identity (on the variable's device) before the assign
        value = array_ops.identity(value)
        return apply_op("AssignVariableOp", [ref, value], {"dtype": value.dtype, "validate_shape": False},
                        name="AssignVariableOp")
    return state_ops.assign(ref, value, validate_shape=ref.shape.is_fully_defined(), name="Assign")


def _is_resource(ref):
    return ref.dtype.base_dtype == dtypes.resource


def _value_spec(ref):
    """(dtype, static shape) of a variable's value: a ref tensor's own, or what a resource's VarHandleOp declares."""
    if not _is_resource(ref):
        return ref.dtype.base_dtype, ref.shape
    if ref.op.type != "VarHandleOp":
        raise TypeError(f"Cannot save or restore the resource {ref.name}: it is not a VarHandleOp's handle")
    shape = ref.op.get_attr("shape")
    return dtypes.as_dtype(ref.op.get_attr("dtype")), unknown_shape() if shape is None else TensorShape(shape)


def _saved_tensor(ref):
    """What SaveV2 writes for a variable: the ref tensor, or a read of a resource variable."""
    if hasattr(ref, "saved_tensor"):
        return ref.saved_tensor()
    if not _is_resource(ref):
        return ref
    dtype, _ = _value_spec(ref)
    own_read = _creation_read(ref)
    if own_read is not None:  # as TF: SaveV2 takes the read the variable made when created ("<var>/Read/...")
        return own_read
    return apply_op("ReadVariableOp", [ref], {"dtype": dtype}, name="ReadVariableOp").outputs[0]


def _creation_read(handle):
    """The `<var>/Read/ReadVariableOp` output a resource variable made of `handle` when created, or None."""
    try:
        op = handle.graph.get_operation_by_name(handle.op.name + "/Read/ReadVariableOp")
    except KeyError:
        return None
    return op.outputs[0] if op.type == "ReadVariableOp" and op.inputs and op.inputs[0] is handle else None


def _group_by_device(refs):
    """[(canonical device, {key: ref})] sorted by device, as TF's Saver shards (one shard per device)."""
    groups = {}
    for key, ref in refs.items():
        groups.setdefault(device_spec.canonical_name(ref.device or None), {})[key] = ref
    return sorted(groups.items())


def _cpu0(device):
    """The CPU:0 of a device's job and task, where TF places a shard's save (set_cpu0)."""
    spec = device_spec.DeviceSpecV2.from_string(device or "")
    return spec.replace(device_type="CPU", device_index=0).to_string()


def _sharded_save(fname, shards):
    """TF's sharded save graph: each shard's SaveV2 to a temporary prefix, merged into `fname`; the save tensor."""
    graph = fname.graph
    with graph.device("/device:CPU:*"):
        is_s3 = regex_ops.regex_full_match(fname, "^s3://.*", name="StaticRegexFullMatch")
        suffix = logic_ops.select(is_s3, constant_op.constant(".part", name="Const"),
                                  constant_op.constant("_temp/part", name="Const"))
        tmp_base = string_ops.string_join([fname, suffix])
    num_shards = constant_op.constant(len(shards), dtype=dtypes.int32, name="num_shards")
    shard_files, saved = [], []
    for k, (device, shard) in enumerate(shards):
        with graph.device(_cpu0(device)):
            with graph.name_scope("ShardedFilename") as op_scope:
                index = constant_op.constant(k, dtype=dtypes.int32, name="shard")
                shard_file = checkpoint_ops.sharded_filename(tmp_base, index, num_shards, name=op_scope)
            save = _save_v2_op(shard_file, shard)
            shard_files.append(shard_file)
            saved.append(control_flow_ops.with_dependencies([save], shard_file, name="control_dependency"))
    with graph.device(_cpu0(shards[-1][0])):
        with graph.control_dependencies(saved):
            prefixes = stack_ops.stack(shard_files, name="MergeV2Checkpoints/checkpoint_prefixes")
        merge = checkpoint_ops.merge_v2_checkpoints(prefixes, fname, name="MergeV2Checkpoints")
        return control_flow_ops.with_dependencies([merge] + saved, fname, name="Identity")


def _restore_shard(fname, device_and_refs, reshape=False):
    device, shard = device_and_refs
    assigns = _assigns(fname, shard, device, reshape)
    with fname.graph.device(device):
        return control_flow_ops.group(*assigns, name="restore_shard")


def restore_v2_ops(fname, keys, tensors, name="RestoreV2", check_shapes=True):
    """The outputs of a RestoreV2 op reading the keys `keys` from the prefix `fname` (a string tensor or a str).

    `tensors` are the variable ref tensors the values are for: their dtypes (and known shapes, with
    `check_shapes`) are checked against the checkpoint's when the op runs.
    """
    graph = tensors[0].graph
    with graph.as_default(), graph.name_scope(name) as op_scope:
        if isinstance(fname, str):
            fname = constant_op.constant(fname, dtype=dtypes.string, name="prefix")
        names = constant_op.constant(keys, dtype=dtypes.string, name="tensor_names")
        slice_specs = constant_op.constant(saver_slices.slice_specs(keys), dtype=dtypes.string,
                                           name="shape_and_slices")
        specs = [_value_spec(t) for t in tensors]
        attrs = {"dtypes": [dtype for dtype, _ in specs],
                 "expected_shapes": [shape.as_list() if shape.is_fully_defined() and check_shapes else None
                                     for _, shape in specs],
                 "variables": [t.op.name for t in tensors]}
        return apply_op("RestoreV2", [fname, names, slice_specs], attrs, name=op_scope).outputs


# ------------------------------------------------------------------ Saver
class Saver:
    """Saves and restores variables (tf.train.Saver).

    Args:
        var_list: None (all global variables and saveable objects), a list of variables (saved
            under their op names) or a dict {checkpoint key: variable}.
        max_to_keep: how many recent checkpoints to keep; older ones are deleted. None or 0
            keeps all (and records none).
        keep_checkpoint_every_n_hours: additionally keep one checkpoint per this many hours.
        sharded: one data shard per device (`.data-0000k-of-0000n`), as TF saves them.
        write_version: SaverDef.V2 (default), or V1: TF's older single-file format (unsharded only;
            with sharded=True the V2 format is written).
        reshape: restore a value into a variable of another shape of the same size.
        restore_sequentially: accepted, no effect.
        allow_empty: with no variables, build nothing instead of raising.
        filename: the default checkpoint path of the save/restore ops.

    Raises:
        ValueError: no variables to save, or two variables with one name.
        TypeError: var_list is not a list or dict of variables.
    """

    def __init__(self, var_list=None, reshape=False, sharded=False, max_to_keep=5,
                 keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False, saver_def=None,
                 builder=None, defer_build=False, allow_empty=False, write_version=2, pad_step_number=False,
                 save_relative_paths=False, filename=None):
        if saver_def is not None:
            if not all(hasattr(saver_def, f) for f in SaverDef._FIELDS):
                raise TypeError(f"saver_def must be a SaverDef, got {type(saver_def).__name__}")
            saver_def = SaverDef.from_proto(saver_def)
            if name:  # the import scope of a saver_def read from a MetaGraphDef (TF overloads `name` so)
                for field in ("filename_tensor_name", "save_tensor_name", "restore_op_name"):
                    setattr(saver_def, field, f"{name}/{getattr(saver_def, field)}")
        self._var_list = var_list
        self._name = name
        self._allow_empty = allow_empty
        self._pad_step_number = pad_step_number
        self._save_relative_paths = save_relative_paths
        self._filename = filename
        self._sharded = sharded
        self._reshape = reshape
        self._write_version = SaverDef.V1 if write_version == SaverDef.V1 and not sharded else SaverDef.V2
        self.saver_def = saver_def
        self._is_built = saver_def is not None
        self._is_empty = False
        self._recent = _RecentCheckpoints(max_to_keep, keep_checkpoint_every_n_hours)
        if not defer_build:
            self.build()

    def build(self):
        """Builds the save and restore ops (done by the constructor unless defer_build)."""
        if self._is_built:
            return
        self._is_built = True
        var_list = self._var_list
        if var_list is None:
            graph = get_default_graph()
            var_list = graph.get_collection(GraphKeys.GLOBAL_VARIABLES) + \
                graph.get_collection(GraphKeys.SAVEABLE_OBJECTS)
        if not var_list:
            if self._allow_empty:
                self._is_empty = True
                return
            raise ValueError("No variables to save")
        refs = _names_to_refs(var_list)
        fname, save, restore, _ = _build_saver_ops(refs, self._name, self._filename, self._sharded,
                                                   self._write_version, self._reshape)
        self.saver_def = SaverDef(fname, save, restore, self._recent.max_to_keep, self._sharded,
                                  self._recent.keep_hours, self._write_version)
        self._keys = list(refs)

    def as_saver_def(self):
        return self.saver_def

    def to_proto(self, export_scope=None):
        """TF's SaverDef message of this Saver, its names relative to `export_scope` (None: outside the scope)."""
        proto = self.saver_def.to_proto()
        if export_scope:
            names = ("filename_tensor_name", "save_tensor_name", "restore_op_name")
            if not all(getattr(proto, n).startswith(export_scope + "/") for n in names):
                return None
            for n in names:
                setattr(proto, n, getattr(proto, n)[len(export_scope) + 1:])
        return proto

    @staticmethod
    def from_proto(saver_def, import_scope=None):
        """A Saver running the ops a SaverDef names, under `import_scope` (TF's Saver.from_proto)."""
        return Saver(saver_def=saver_def, name=import_scope)

    # -------------------------------------------------------------- bookkeeping of recent checkpoints
    @property
    def last_checkpoints(self):
        """The paths of the checkpoints not deleted yet, oldest first."""
        return [p for p, _ in self._recent.kept]

    def set_last_checkpoints(self, last_checkpoints):
        if not isinstance(last_checkpoints, list):  # TF asserts, so its callers see AssertionError
            raise AssertionError("last_checkpoints must be a list")
        self._recent.kept = [(p, np.inf) for p in last_checkpoints]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time):
        if not isinstance(last_checkpoints_with_time, list):
            raise AssertionError("last_checkpoints_with_time must be a list")
        self._recent.kept = list(last_checkpoints_with_time)

    def recover_last_checkpoints(self, checkpoint_paths):
        """Adopts existing checkpoints (e.g. after a restart) so max_to_keep counts them."""
        found = []
        for path in checkpoint_paths:
            mtimes = get_checkpoint_mtimes([path])
            if mtimes:
                found.append((path, mtimes[0]))
        self.set_last_checkpoints_with_time(found)

    # -------------------------------------------------------------- save / restore
    def save(self, sess, save_path, global_step=None, latest_filename=None, meta_graph_suffix="meta",
             write_meta_graph=True, write_state=True, strip_default_attrs=False, save_debug_info=False):
        """Saves the variables' values in `sess` to `save_path` (+ "-STEP" with global_step).

        Returns:
            The checkpoint prefix written (None for a Saver with no variables).
        Raises:
            TypeError: `sess` is not a Session.
            ValueError: the parent directory is missing, or latest_filename is a bad name.
            errors.FailedPreconditionError: a variable is not initialised.
        """
        if not self._is_built:
            raise RuntimeError("`build()` should be called before save if defer_build==True")
        latest_filename = latest_filename or "checkpoint"
        if os.path.split(latest_filename)[0]:
            raise ValueError("'latest_filename' must not contain path components")
        save_path = os.fspath(save_path)
        if global_step is not None:
            if not isinstance(global_step, (int, np.integer)):
                global_step = int(sess.run(global_step))
            fmt = "%s-%08d" if self._pad_step_number else "%s-%d"
            checkpoint_file = fmt % (save_path, global_step)
        else:
            checkpoint_file = save_path
            if os.path.basename(save_path) == latest_filename and not self._sharded:
                raise ValueError(f"'latest_filename' collides with 'save_path': '{latest_filename}' and "
                                 f"'{save_path}'")
        if not isinstance(sess, BaseSession):
            raise TypeError(f"'sess' must be a Session; {sess}")
        parent = os.path.dirname(save_path)
        model_checkpoint_path = None
        if not self._is_empty:
            try:
                out = sess.run(self.saver_def.save_tensor_name, {self.saver_def.filename_tensor_name: checkpoint_file})
                model_checkpoint_path = out.decode("utf-8") if isinstance(out, bytes) else str(out)
            except (errors.FailedPreconditionError, errors.NotFoundError) as exc:
                if parent and not os.path.isdir(parent):
                    raise ValueError(f"Parent directory of {save_path} doesn't exist, can't save.") from exc
                raise
            if write_state:
                self._recent.record(model_checkpoint_path)
                _update_checkpoint_state(parent, model_checkpoint_path, self.last_checkpoints, latest_filename,
                                         self._save_relative_paths, atomic_write=_atomic_write)
                self._recent.delete_oldest(meta_graph_suffix)
        if write_meta_graph:
            if meta_graph.protobuf_available():
                self.export_meta_graph(meta_graph_filename(checkpoint_file, meta_graph_suffix), graph=sess.graph,
                                       strip_default_attrs=strip_default_attrs)
            else:
                warnings.warn("Not writing the .meta file: MetaGraphDefs need pip install 'tfsess[io]' (protobuf)",
                              stacklevel=2)
        return model_checkpoint_path

    def restore(self, sess, save_path):
        """Restores the saved variables from the checkpoint `save_path` into `sess`. Returns None.

        Raises:
            ValueError: save_path is None or names no checkpoint.
            errors.NotFoundError: the checkpoint lacks a variable.
            errors.InvalidArgumentError: a variable's shape or dtype differs from the checkpoint's.
        """
        if self._is_empty:
            return None
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        prefix = os.fspath(save_path)
        if not checkpoint_exists(prefix):
            raise ValueError("The passed save_path is not a valid checkpoint: " + prefix)
        try:
            sess.run(self.saver_def.restore_op_name, {self.saver_def.filename_tensor_name: prefix})
        except errors.NotFoundError as err:
            raise _wrap_restore_error(err, "a Variable name or other graph key that is missing") from None
        except errors.InvalidArgumentError as err:
            raise _wrap_restore_error(err, "a mismatch between the current graph and the graph") from None
        return None

    def export_meta_graph(self, filename=None, collection_list=None, as_text=False, export_scope=None,
                          clear_devices=False, clear_extraneous_savers=False, strip_default_attrs=False,
                          save_debug_info=False, graph=None):
        """The MetaGraphDef of the graph with this Saver's SaverDef; written to `filename` if given."""
        return meta_graph.export_meta_graph(
            filename=filename, graph=graph or get_default_graph(), saver_def=self.saver_def,
            collection_list=collection_list, as_text=as_text, export_scope=export_scope,
            clear_devices=clear_devices, clear_extraneous_savers=clear_extraneous_savers,
            strip_default_attrs=strip_default_attrs, save_debug_info=save_debug_info)


def _saver_from_bytes(raw, import_scope):
    """A Saver of an imported graph's `savers` collection, from its serialized SaverDef (TF's Saver.from_proto)."""
    from tfsess.protos import saver_pb2  # optional dependency: protobuf
    return Saver.from_proto(saver_pb2.SaverDef.FromString(raw), import_scope)


meta_graph.register_from_proto(GraphKeys.SAVERS, _saver_from_bytes)


def _wrap_restore_error(err, what):
    message = (f"Restoring from checkpoint failed. This is most likely due to {what} from the checkpoint. "
               f"Please ensure that you have not altered the graph expected based on the checkpoint. "
               f"Original error:\n\n{err.message}")
    return type(err)(err.node_def, err.op, message)


__all__ = ["Saver", "SaverDef"]
