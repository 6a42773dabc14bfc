"""tf.train.Saver and the checkpoint files it writes (TF's file names, a documented format, no pickle).

Checkpoint format (tfsess checkpoint, version 1)
================================================
A checkpoint with prefix ``P`` (what ``Saver.save`` returns, e.g. ``/ckpts/model-1000``) is:

``P.data-00000-of-00001``  the tensor bytes:
    8 bytes magic ``b"TFSCKPT1"``, 32 ASCII hex digits (the save's *generation*), then each
    tensor's bytes at its ``offset`` (counted from byte 40). Numbers and bools are stored raw,
    little-endian, C order (``bool`` one byte each). A ``string`` tensor of n elements is n
    unsigned 64-bit little-endian lengths followed by the n byte strings back to back.
``P.index``  a UTF-8 JSON object::

    {"format": "tfsess-checkpoint", "version": 1, "generation": "<32 hex>",
     "data_size": <bytes after the 40-byte header>,
     "tensors": {"<name>": {"dtype": "float32", "shape": [2, 3],
                            "offset": 0, "length": 24, "crc32": <zlib.crc32 of the bytes>}, ...}}

    ``dtype`` is one of float16/32/64, int8/16/32/64, uint8/16/32/64, bool, complex64/128, string.
``P.meta``  (optional, informational) a UTF-8 JSON description of the graph: its nodes (name,
    op, inputs, device), the variable collections and the saver's op names. It cannot be imported.
``checkpoint``  (in the directory) TF's CheckpointState in protobuf text format, e.g.::

    model_checkpoint_path: "model-1000"
    all_model_checkpoint_paths: "model-900"
    all_model_checkpoint_paths: "model-1000"

Loading never unpickles: the index is parsed as JSON and checked field by field, tensors are
rebuilt with ``numpy.frombuffer`` from non-object dtypes, and every tensor's CRC is verified.
A file that does not follow this description raises ``errors.DataLossError``.

Atomicity: a save writes each file under a temporary name in the same directory
(``<final name>.tempstate<random>``), flushes and fsyncs it, then renames it over the final
name with ``os.replace``; the data file goes first and the index last, so the index is the
commit point. When a save overwrites a prefix, the previous data file is first renamed to
``P.data-00000-of-00001.gen-<its generation>`` and removed after the new index is in place;
a reader whose index names another generation than the data file falls back to that file. So
a crash at any moment leaves the previous checkpoint readable, never a half-written file under
a final name. The ``checkpoint`` state file is replaced the same way, after the checkpoint.
"""
from __future__ import annotations

import glob
import json
import os
import re
import secrets
import time
import zlib

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import apply_op
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import NotDifferentiable, register_op
from tfsess.framework.tensor_shape import unknown_shape
from tfsess.ops import constant_op, control_flow_ops, state_ops
from tfsess.ops.variables import GraphKeys, Variable

_MAGIC = b"TFSCKPT1"
_HEADER = len(_MAGIC) + 32
_FORMAT = "tfsess-checkpoint"
_DTYPES = frozenset(["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16",
                     "uint32", "uint64", "bool", "complex64", "complex128", "string"])
_MAX_INDEX_BYTES = 1 << 28
_GENERATION = re.compile(r"[0-9a-f]{32}")
_VARIABLE_OPS = ("Variable", "VariableV2", "AutoReloadVariable")


def data_filename(prefix):
    return f"{prefix}.data-00000-of-00001"


def index_filename(prefix):
    return f"{prefix}.index"


# ------------------------------------------------------------------ atomic files
def _fsync_dir(path):
    try:
        fd = os.open(os.path.dirname(os.path.abspath(path)) or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _atomic_write(path, chunks):
    """Writes the byte strings `chunks` to `path` through a synced temporary file and a rename."""
    tmp = f"{path}.tempstate{secrets.token_hex(8)}"
    try:
        with open(tmp, "wb") as f:
            for chunk in chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    _fsync_dir(path)


# ------------------------------------------------------------------ encoding
def _encode(array):
    """(dtype name, shape, bytes) of one tensor value."""
    array = np.asarray(array)
    if array.dtype.kind in "OSU":
        items = [x if isinstance(x, bytes) else str(x).encode("utf-8") for x in array.reshape(-1).tolist()]
        lengths = np.asarray([len(x) for x in items], dtype="<u8")
        return "string", list(array.shape), lengths.tobytes() + b"".join(items)
    name = dtypes.as_dtype(array.dtype).name
    return name, list(array.shape), np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<")).tobytes()


def _decode(entry, raw, where):
    shape = tuple(entry["shape"])
    count = int(np.prod(shape, dtype=np.int64))
    if entry["dtype"] == "string":
        if len(raw) < 8 * count:
            raise _corrupt(where, "string tensor too short")
        lengths = np.frombuffer(raw, dtype="<u8", count=count)
        if 8 * count + int(lengths.sum(dtype=np.uint64)) != len(raw):
            raise _corrupt(where, "string lengths do not add up")
        out = np.empty(count, dtype=object)
        pos = 8 * count
        for i, n in enumerate(lengths.tolist()):
            out[i] = raw[pos:pos + n]
            pos += n
        return out.reshape(shape)
    np_dtype = np.dtype(dtypes.as_dtype(entry["dtype"]).as_numpy_dtype).newbyteorder("<")
    if count * np_dtype.itemsize != len(raw):
        raise _corrupt(where, "byte length does not match shape and dtype")
    return np.frombuffer(raw, dtype=np_dtype).astype(np_dtype.newbyteorder("="), copy=True).reshape(shape)


def _corrupt(where, why):
    return errors.DataLossError(None, None, f"Checkpoint {where} is not a valid tfsess checkpoint: {why}")


# ------------------------------------------------------------------ writing
def write_checkpoint(prefix, names, values):
    """Writes the tensors `values` under `names` as the checkpoint `prefix`, atomically."""
    generation = secrets.token_hex(16)
    entries, blobs, offset = {}, [], 0
    for name, value in zip(names, values):
        dtype, shape, raw = _encode(value)
        entries[name] = {"dtype": dtype, "shape": shape, "offset": offset, "length": len(raw),
                         "crc32": zlib.crc32(raw)}
        blobs.append(raw)
        offset += len(raw)
    index = {"format": _FORMAT, "version": 1, "generation": generation, "data_size": offset, "tensors": entries}
    data_path = data_filename(prefix)
    _make_parent(prefix)
    _set_aside(data_path)
    _atomic_write(data_path, [_MAGIC, generation.encode("ascii")] + blobs)
    _atomic_write(index_filename(prefix), [json.dumps(index, sort_keys=True).encode("utf-8")])
    for stale in glob.glob(glob.escape(data_path) + ".gen-*"):
        _remove(stale)


def _make_parent(prefix):
    """Creates the checkpoint's directory if only its last level is missing (as TF's BundleWriter)."""
    parent = os.path.dirname(prefix)
    if parent and not os.path.isdir(parent):
        try:
            os.mkdir(parent)
        except FileExistsError:
            pass
        except FileNotFoundError:
            raise errors.NotFoundError(None, None, f"Failed to create a directory: {parent}; "
                                                   "No such file or directory") from None
        except PermissionError:
            raise errors.PermissionDeniedError(None, None, f"Failed to create a directory: {parent}; "
                                                           "Permission denied") from None


def _set_aside(data_path):
    """Renames the data file a save will replace to `.gen-<its generation>`, so its index stays readable."""
    try:
        with open(data_path, "rb") as f:
            head = f.read(_HEADER)
    except OSError:
        return None
    generation = head[len(_MAGIC):].decode("ascii", "replace")
    if not head.startswith(_MAGIC) or not _GENERATION.fullmatch(generation):
        return None  # not a data file of ours: nothing readable to keep
    os.replace(data_path, f"{data_path}.gen-{generation}")
    _fsync_dir(data_path)


def _remove(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


# ------------------------------------------------------------------ reading
class CheckpointReader:
    """Reads one checkpoint (tf.train.load_checkpoint / NewCheckpointReader).

    Raises:
        errors.NotFoundError: no checkpoint at `prefix`.
        errors.DataLossError: the files do not follow the documented format.
    """

    def __init__(self, prefix):
        self._prefix = os.fspath(prefix)
        self._index = _read_index(self._prefix)
        self._data_path = self._find_data()

    def _find_data(self):
        generation = self._index["generation"]
        path = data_filename(self._prefix)
        for candidate in (path, f"{path}.gen-{generation}"):
            try:
                with open(candidate, "rb") as f:
                    head = f.read(_HEADER)
                    size = os.fstat(f.fileno()).st_size
            except OSError:
                continue
            if head == _MAGIC + generation.encode("ascii"):
                if size != _HEADER + self._index["data_size"]:
                    raise _corrupt(self._prefix, "data file size does not match the index")
                return candidate
        raise _corrupt(self._prefix, f"no data file of generation {generation} ({path})")

    def has_tensor(self, name):
        return name in self._index["tensors"]

    def get_variable_to_shape_map(self):
        return {n: list(e["shape"]) for n, e in self._index["tensors"].items()}

    def get_variable_to_dtype_map(self):
        return {n: dtypes.as_dtype(e["dtype"]) for n, e in self._index["tensors"].items()}

    def entry(self, name):
        try:
            return self._index["tensors"][name]
        except KeyError:
            raise errors.NotFoundError(None, None, f"Key {name} not found in checkpoint") from None

    def get_tensor(self, name):
        """The value saved under `name` (NotFoundError if absent)."""
        return self.get_tensors([name])[0]

    def get_tensors(self, names):
        entries = [self.entry(n) for n in names]
        out = []
        with open(self._data_path, "rb") as f:
            for name, e in zip(names, entries):
                f.seek(_HEADER + e["offset"])
                raw = f.read(e["length"])
                if len(raw) != e["length"] or zlib.crc32(raw) != e["crc32"]:
                    raise _corrupt(self._prefix, f"checksum mismatch for tensor {name}")
                out.append(_decode(e, raw, self._prefix))
        return out

    def debug_string(self):
        return "".join(f"{n} ({e['dtype']}) {e['shape']}\n" for n, e in sorted(self._index["tensors"].items()))


def _read_index(prefix):
    path = index_filename(prefix)
    try:
        with open(path, "rb") as f:
            raw = f.read(_MAX_INDEX_BYTES + 1)
    except FileNotFoundError:
        raise errors.NotFoundError(None, None, f"Unsuccessful TensorSliceReader constructor: Failed to find any "
                                               f"matching files for {prefix}") from None
    if len(raw) > _MAX_INDEX_BYTES:
        raise _corrupt(prefix, "index file too large")
    try:
        index = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _corrupt(prefix, "index is not JSON") from None
    _check_index(index, prefix)
    return index


def _is_int(x):
    return isinstance(x, int) and not isinstance(x, bool) and x >= 0


def _check_index(index, where):
    if not isinstance(index, dict) or index.get("format") != _FORMAT or index.get("version") != 1:
        raise _corrupt(where, "unknown format or version")
    generation = index.get("generation")
    if not isinstance(generation, str) or not _GENERATION.fullmatch(generation):
        raise _corrupt(where, "bad generation")
    size, tensors = index.get("data_size"), index.get("tensors")
    if not _is_int(size) or not isinstance(tensors, dict):
        raise _corrupt(where, "bad data_size or tensors")
    for name, e in tensors.items():
        ok = (isinstance(e, dict) and e.get("dtype") in _DTYPES and isinstance(e.get("shape"), list)
              and all(_is_int(d) for d in e["shape"]) and _is_int(e.get("offset")) and _is_int(e.get("length"))
              and _is_int(e.get("crc32")) and e["offset"] + e["length"] <= size)
        if not ok:
            raise _corrupt(where, f"bad entry for tensor {name!r}")


# ------------------------------------------------------------------ the save / restore ops
def _as_str(value):
    value = np.asarray(value).reshape(-1)[0] if np.ndim(value) else np.asarray(value).item()
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _names(array):
    return [x.decode("utf-8") if isinstance(x, bytes) else str(x) for x in np.asarray(array).reshape(-1).tolist()]


@register_op("SaveV2", infer=lambda inputs, attrs: [], stateful=True, gpu=False)
def _save_v2(xp, prefix, tensor_names, shape_and_slices, *tensors, dtypes=()):
    try:
        write_checkpoint(_as_str(prefix), _names(tensor_names), tensors)
    except FileNotFoundError as exc:
        raise errors.NotFoundError(None, None, f"{exc.filename}; No such file or directory") from None
    except PermissionError as exc:
        raise errors.PermissionDeniedError(None, None, f"{exc.filename}; Permission denied") from None


def _restore_infer(inputs, attrs):
    return [(dtypes.as_dtype(dt), unknown_shape()) for dt in attrs["dtypes"]]


@register_op("RestoreV2", infer=_restore_infer, stateful=True, gpu=False)
def _restore_v2(xp, prefix, tensor_names, shape_and_slices, *, dtypes, expected_shapes=None, variables=None):
    reader = CheckpointReader(_as_str(prefix))
    names = _names(tensor_names)
    expected_shapes = expected_shapes or [None] * len(names)
    variables = variables or names
    for name, dtype, shape, var in zip(names, dtypes, expected_shapes, variables):
        entry = reader.entry(name)
        if entry["dtype"] != dtype.name:  # everything is checked before any variable is written
            raise errors.InvalidArgumentError(
                None, None, f"tensor_name = {name}; expected dtype {dtype.name} does not equal original dtype "
                            f"{entry['dtype']} (variable {var})")
        if shape is not None and list(shape) != list(entry["shape"]):
            raise errors.InvalidArgumentError(
                None, None, f"Assign requires shapes of both tensors to match. lhs shape= {list(shape)} "
                            f"rhs shape= {list(entry['shape'])} (variable {var}, checkpoint key {name})")
    values = reader.get_tensors(names)
    return values[0] if len(values) == 1 else tuple(values)  # one output is returned bare


NotDifferentiable("SaveV2")
NotDifferentiable("RestoreV2")


# ------------------------------------------------------------------ which variables a Saver saves
def _variable_tensor(v, dict_form):
    if isinstance(v, Variable):
        return v._ref()
    if isinstance(v, Tensor) and v.op.type in _VARIABLE_OPS:
        return v
    if dict_form:
        raise TypeError(f"names_to_saveables must be a dict mapping string names to Tensors/Variables. "
                        f"Not a variable: {v}")
    raise TypeError(f"Variable to save is not a Variable: {v}")


def _names_to_refs(var_list):
    """{checkpoint key: variable ref tensor}, sorted by key, with TF's checks."""
    if isinstance(var_list, dict):
        pairs = [(str(k), _variable_tensor(v, True)) for k, v in var_list.items()]
    elif isinstance(var_list, (list, tuple, set)):
        flat = list(_flatten(list(var_list)))
        pairs = []
        seen = set()
        for v in sorted(flat, key=lambda x: x.name):
            ref = _variable_tensor(v, False)
            if ref.op.name in seen:
                raise ValueError(f"At least two variables have the same name: {ref.op.name}")
            seen.add(ref.op.name)
            pairs.append((ref.op.name, ref))
    else:
        raise TypeError(f"Variables to save should be passed in a dict or a list: {var_list}")
    refs = set()
    for name, ref in pairs:
        if ref in refs:
            raise ValueError(f"The same saveable will be restored with two names: {name}")
        refs.add(ref)
    return dict(sorted(pairs, key=lambda kv: kv[0]))


def _flatten(items):
    for x in items:
        if isinstance(x, (list, tuple)):
            yield from _flatten(x)
        else:
            yield x


class SaverDef:
    """The names a Saver's graph ops go by (TF's SaverDef proto, as a plain record)."""

    V1, V2 = 1, 2

    def __init__(self, filename_tensor_name="", save_tensor_name="", restore_op_name="", max_to_keep=5,
                 sharded=False, keep_checkpoint_every_n_hours=10000.0, version=2):
        self.filename_tensor_name = filename_tensor_name
        self.save_tensor_name = save_tensor_name
        self.restore_op_name = restore_op_name
        self.max_to_keep = max_to_keep
        self.sharded = sharded
        self.keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self.version = version

    def __repr__(self):
        return "\n".join(f"{k}: {v!r}" for k, v in vars(self).items())


def _build_saver_ops(refs, name, filename):
    """The save and restore ops for `refs` ({key: ref}); returns (filename, save, restore_op) names."""
    graph = next(iter(refs.values())).graph
    keys, tensors = list(refs), list(refs.values())
    with graph.as_default(), graph.control_dependencies(None), graph.name_scope(name or "save") as scope:
        default = constant_op.constant(filename or "model", dtype=dtypes.string, name="filename/input")
        fname = constant_op.placeholder_with_default(default, shape=[], name="filename")
        fname = constant_op.placeholder_with_default(fname, shape=[], name="Const")
        slices = [""] * len(keys)
        with graph.name_scope("SaveV2") as op_scope:
            save_names = constant_op.constant(keys, dtype=dtypes.string, name="tensor_names")
            save_slices = constant_op.constant(slices, dtype=dtypes.string, name="shape_and_slices")
            save = apply_op("SaveV2", [fname, save_names, save_slices] + tensors,
                            {"dtypes": [t.dtype.base_dtype for t in tensors]}, name=op_scope)
        save_tensor = control_flow_ops.with_dependencies([save], fname, name="control_dependency")
        restored = _restore_ops(graph, fname, keys, tensors, slices)
        assigns = []
        for ref, value in zip(tensors, restored):
            full = ref.shape.is_fully_defined()
            assigns.append(state_ops.assign(ref, value, validate_shape=full, name="Assign"))
        restore_op = control_flow_ops.group(*assigns, name="restore_all")
    return fname.name, save_tensor.name, restore_op.name, scope


def _restore_ops(graph, fname, keys, tensors, slices):
    with graph.name_scope("RestoreV2") as op_scope:
        names = constant_op.constant(keys, dtype=dtypes.string, name="tensor_names")
        slice_specs = constant_op.constant(slices, dtype=dtypes.string, name="shape_and_slices")
        attrs = {"dtypes": [t.dtype.base_dtype for t in tensors],
                 "expected_shapes": [t.shape.as_list() if t.shape.is_fully_defined() else None for t in tensors],
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
        sharded, reshape, restore_sequentially, write_version: accepted, no effect (one shard).
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
        if saver_def is not None and not isinstance(saver_def, SaverDef):
            raise TypeError(f"saver_def must be a SaverDef, got {type(saver_def).__name__}")
        self._var_list = var_list
        self._max_to_keep = max_to_keep
        self._keep_hours = keep_checkpoint_every_n_hours
        self._name = name
        self._allow_empty = allow_empty
        self._pad_step_number = pad_step_number
        self._save_relative_paths = save_relative_paths
        self._filename = filename
        self._sharded = sharded
        self.saver_def = saver_def
        self._is_built = saver_def is not None
        self._is_empty = False
        self._last_checkpoints = []
        self._checkpoints_to_be_deleted = []
        self._next_checkpoint_time = time.time() + keep_checkpoint_every_n_hours * 3600
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
        fname, save, restore, _ = _build_saver_ops(refs, self._name, self._filename)
        self.saver_def = SaverDef(fname, save, restore, self._max_to_keep, self._sharded, self._keep_hours)
        self._keys = list(refs)

    def as_saver_def(self):
        return self.saver_def

    # -------------------------------------------------------------- bookkeeping of recent checkpoints
    @property
    def last_checkpoints(self):
        """The paths of the checkpoints not deleted yet, oldest first."""
        return [p for p, _ in self._last_checkpoints]

    def set_last_checkpoints(self, last_checkpoints):
        if not isinstance(last_checkpoints, list):
            raise TypeError("last_checkpoints must be a list")
        self._last_checkpoints = [(p, np.inf) for p in last_checkpoints]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time):
        if not isinstance(last_checkpoints_with_time, list):
            raise TypeError("last_checkpoints_with_time must be a list")
        self._last_checkpoints = list(last_checkpoints_with_time)

    def recover_last_checkpoints(self, checkpoint_paths):
        """Adopts existing checkpoints (e.g. after a restart) so max_to_keep counts them."""
        found = []
        for path in checkpoint_paths:
            mtimes = get_checkpoint_mtimes([path])
            if mtimes:
                found.append((path, mtimes[0]))
        self.set_last_checkpoints_with_time(found)

    def _record_last_checkpoint(self, path):
        if not self._max_to_keep:
            return
        self._last_checkpoints = [p for p in self._last_checkpoints if p[0] != path]
        self._last_checkpoints.append((path, time.time()))
        if len(self._last_checkpoints) > self._max_to_keep:
            self._checkpoints_to_be_deleted.append(self._last_checkpoints.pop(0))

    def _maybe_delete_old_checkpoints(self, meta_graph_suffix="meta"):
        if self._checkpoints_to_be_deleted:
            path, saved_at = self._checkpoints_to_be_deleted.pop(0)
            if saved_at > self._next_checkpoint_time:  # keep one per keep_checkpoint_every_n_hours
                self._next_checkpoint_time += self._keep_hours * 3600
                return
            remove_checkpoint(path, meta_graph_suffix=meta_graph_suffix)

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
        from tfsess.client.session import BaseSession
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
                self._record_last_checkpoint(model_checkpoint_path)
                _update_checkpoint_state(parent, model_checkpoint_path, self.last_checkpoints, latest_filename,
                                         self._save_relative_paths)
                self._maybe_delete_old_checkpoints(meta_graph_suffix)
        if write_meta_graph:
            self.export_meta_graph(meta_graph_filename(checkpoint_file, meta_graph_suffix), graph=sess.graph)
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
        """A JSON-able description of the graph (nodes, collections, saver); written to `filename` if given."""
        graph = graph or get_default_graph()
        meta = _meta_graph(graph, self.saver_def, clear_devices)
        if filename:
            _atomic_write(filename, [json.dumps(meta, indent=1, sort_keys=True).encode("utf-8")])
        return meta


def _wrap_restore_error(err, what):
    message = (f"Restoring from checkpoint failed. This is most likely due to {what} from the checkpoint. "
               f"Please ensure that you have not altered the graph expected based on the checkpoint. "
               f"Original error:\n\n{err.message}")
    return type(err)(err.node_def, err.op, message)


def _meta_graph(graph, saver_def, clear_devices=False):
    nodes = [{"name": op.name, "op": op.type, "input": list(op.node_def.input),
              "device": "" if clear_devices else op.device} for op in graph.get_operations()]
    collections = {key: [getattr(v, "name", str(v)) for v in graph.get_collection(key)]
                   for key in (GraphKeys.GLOBAL_VARIABLES, GraphKeys.TRAINABLE_VARIABLES, GraphKeys.LOCAL_VARIABLES)}
    meta = {"format": "tfsess-meta-graph", "version": 1, "nodes": nodes, "collections": collections}
    if saver_def is not None:
        meta["saver_def"] = {"filename_tensor_name": saver_def.filename_tensor_name,
                             "save_tensor_name": saver_def.save_tensor_name,
                             "restore_op_name": saver_def.restore_op_name}
    return meta


def meta_graph_filename(checkpoint_filename, meta_graph_suffix="meta"):
    """`ckpt-123.meta` for `ckpt-123` (shard suffixes dropped)."""
    base = re.sub(r"-[\d\?]+-of-\d+$", "", checkpoint_filename)
    return ".".join([base, meta_graph_suffix])


# ------------------------------------------------------------------ the `checkpoint` state file
class CheckpointState:
    """The contents of a directory's `checkpoint` file (TF's CheckpointState proto)."""

    def __init__(self, model_checkpoint_path="", all_model_checkpoint_paths=None,
                 all_model_checkpoint_timestamps=None, last_preserved_timestamp=0.0):
        self.model_checkpoint_path = model_checkpoint_path
        self.all_model_checkpoint_paths = list(all_model_checkpoint_paths or [])
        self.all_model_checkpoint_timestamps = list(all_model_checkpoint_timestamps or [])
        self.last_preserved_timestamp = last_preserved_timestamp

    def __str__(self):
        lines = []
        if self.model_checkpoint_path:
            lines.append(f"model_checkpoint_path: {_quote(self.model_checkpoint_path)}")
        lines += [f"all_model_checkpoint_paths: {_quote(p)}" for p in self.all_model_checkpoint_paths]
        lines += [f"all_model_checkpoint_timestamps: {t!r}" for t in self.all_model_checkpoint_timestamps]
        if self.last_preserved_timestamp:
            lines.append(f"last_preserved_timestamp: {self.last_preserved_timestamp!r}")
        return "".join(line + "\n" for line in lines)

    def __repr__(self):
        return str(self)

    def __eq__(self, other):
        return isinstance(other, CheckpointState) and str(self) == str(other)


_ESCAPES = {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", ord('"'): '\\"', ord("'"): "\\'",
            ord("\\"): "\\\\"}


def _quote(text):
    """A string in protobuf text format: C escapes, non-ASCII bytes as octal."""
    out = []
    for b in text.encode("utf-8"):
        out.append(_ESCAPES.get(b) or (chr(b) if 0x20 <= b < 0x7f else f"\\{b:03o}"))
    return '"' + "".join(out) + '"'


_UNESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))", re.S)
_SIMPLE = {"n": b"\n", "r": b"\r", "t": b"\t", '"': b'"', "'": b"'", "\\": b"\\", "a": b"\a", "b": b"\b",
           "f": b"\f", "v": b"\v", "?": b"?"}


def _unquote(token):
    if len(token) < 2 or token[0] not in "\"'" or token[-1] != token[0]:
        raise ValueError(f"expected a quoted string, got {token!r}")
    body = token[1:-1].encode("utf-8")

    def sub(m):
        if m.group(1):
            return bytes([int(m.group(1), 8) & 0xFF])
        if m.group(2):
            return bytes([int(m.group(2), 16)])
        return _SIMPLE.get(m.group(3).decode("latin-1"), m.group(0))
    return re.sub(_UNESCAPE.pattern.encode(), sub, body, flags=re.S).decode("utf-8")


def parse_checkpoint_state(text):
    """A CheckpointState from protobuf text; raises ValueError on anything else."""
    state = CheckpointState()
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        field, sep, value = line.partition(":")
        field, value = field.strip(), value.strip()
        if not sep:
            raise ValueError(f"cannot parse {line!r}")
        if field == "model_checkpoint_path":
            state.model_checkpoint_path = _unquote(value)
        elif field == "all_model_checkpoint_paths":
            state.all_model_checkpoint_paths.append(_unquote(value))
        elif field == "all_model_checkpoint_timestamps":
            state.all_model_checkpoint_timestamps.append(float(value))
        elif field == "last_preserved_timestamp":
            state.last_preserved_timestamp = float(value)
        else:
            raise ValueError(f"unknown field {field!r}")
    return state


def _checkpoint_filename(save_dir, latest_filename):
    return os.path.join(save_dir, latest_filename or "checkpoint")


def generate_checkpoint_state_proto(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                                    all_model_checkpoint_timestamps=None, last_preserved_timestamp=None):
    """The CheckpointState for these paths; relative paths are made relative to a relative save_dir."""
    paths = list(all_model_checkpoint_paths or [])
    if not paths or paths[-1] != model_checkpoint_path:
        paths.append(model_checkpoint_path)
    if all_model_checkpoint_timestamps and len(all_model_checkpoint_timestamps) != len(paths):
        raise ValueError(f"Checkpoint timestamps, if provided, must match checkpoint paths (got paths {paths} "
                         f"and timestamps {all_model_checkpoint_timestamps})")
    if not os.path.isabs(save_dir):
        if not os.path.isabs(model_checkpoint_path):
            model_checkpoint_path = os.path.relpath(model_checkpoint_path, save_dir)
        paths = [p if os.path.isabs(p) else os.path.relpath(p, save_dir) for p in paths]
    return CheckpointState(model_checkpoint_path, paths, all_model_checkpoint_timestamps,
                           last_preserved_timestamp or 0.0)


def _update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                             latest_filename=None, save_relative_paths=False, all_model_checkpoint_timestamps=None,
                             last_preserved_timestamp=None):
    filename = _checkpoint_filename(save_dir, latest_filename)
    paths = list(all_model_checkpoint_paths or [])
    if save_relative_paths:
        model_checkpoint_path = os.path.relpath(model_checkpoint_path, save_dir) \
            if os.path.isabs(model_checkpoint_path) else model_checkpoint_path
        paths = [os.path.relpath(p, save_dir) if os.path.isabs(p) else p for p in paths]
    state = generate_checkpoint_state_proto(save_dir, model_checkpoint_path, paths,
                                            all_model_checkpoint_timestamps, last_preserved_timestamp)
    if filename == state.model_checkpoint_path:
        raise RuntimeError(f"Save path '{model_checkpoint_path}' conflicts with path used for checkpoint state.  "
                           f"Please use a different save path.")
    _atomic_write(filename, [str(state).encode("utf-8")])


def update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None, latest_filename=None,
                            all_model_checkpoint_timestamps=None, last_preserved_timestamp=None):
    """Writes the directory's `checkpoint` state file atomically (tf.train.update_checkpoint_state)."""
    _update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths, latest_filename,
                             False, all_model_checkpoint_timestamps, last_preserved_timestamp)


def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    """The CheckpointState of `checkpoint_dir`, with paths made absolute-or-joined; None if absent.

    Raises:
        ValueError: the state file names no model_checkpoint_path.
    """
    checkpoint_dir = os.fspath(checkpoint_dir)
    filename = _checkpoint_filename(checkpoint_dir, latest_filename)
    if not os.path.isfile(filename):
        return None
    try:
        with open(filename, encoding="utf-8") as f:
            state = parse_checkpoint_state(f.read())
    except (OSError, ValueError, UnicodeDecodeError):
        return None  # TF logs the parse error and ignores the file
    if not state.model_checkpoint_path:
        raise ValueError("Invalid checkpoint state loaded from " + checkpoint_dir)
    if not os.path.isabs(state.model_checkpoint_path):
        state.model_checkpoint_path = os.path.join(checkpoint_dir, state.model_checkpoint_path)
    state.all_model_checkpoint_paths = [p if os.path.isabs(p) else os.path.join(checkpoint_dir, p)
                                        for p in state.all_model_checkpoint_paths]
    return state


def checkpoint_exists(checkpoint_prefix):
    """Whether a checkpoint (its index file, or a file at the prefix itself) exists."""
    prefix = os.fspath(checkpoint_prefix)
    return bool(glob.glob(index_filename(prefix)) or glob.glob(prefix))


def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The prefix of the newest checkpoint recorded in `checkpoint_dir`, or None (tf.train.latest_checkpoint)."""
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state and state.model_checkpoint_path:
        path = state.model_checkpoint_path
        if glob.glob(index_filename(path)) or glob.glob(path):
            return path
    return None


def get_checkpoint_mtimes(checkpoint_prefixes):
    """The modification times (seconds) of the checkpoints that exist among `checkpoint_prefixes`."""
    mtimes = []
    for prefix in checkpoint_prefixes:
        for pattern in (index_filename(prefix), prefix):
            found = glob.glob(pattern)
            if found:
                mtimes.append(os.stat(found[0]).st_mtime_ns / 1e9)
                break
    return mtimes


def remove_checkpoint(checkpoint_prefix, checkpoint_format_version=2, meta_graph_suffix="meta"):
    """Deletes a checkpoint's files (index, data shards, meta graph)."""
    prefix = glob.escape(checkpoint_prefix)
    patterns = [index_filename(prefix), prefix + ".data-?????-of-?????", prefix + ".data-?????-of-?????.gen-*",
                meta_graph_filename(prefix, meta_graph_suffix)]
    for pattern in patterns:
        for path in glob.glob(pattern):
            _remove(path)


def _checkpoint_path(ckpt_dir_or_file):
    path = os.fspath(ckpt_dir_or_file)
    if os.path.isdir(path):
        found = latest_checkpoint(path)
        if found is None:
            raise ValueError(f"Couldn't find 'checkpoint' file or checkpoints in given directory {path}")
        return found
    return path


def load_checkpoint(ckpt_dir_or_file):
    """A CheckpointReader for a checkpoint prefix or the latest one in a directory."""
    return CheckpointReader(_checkpoint_path(ckpt_dir_or_file))


def NewCheckpointReader(filepattern):  # noqa: N802 - TF's name
    return CheckpointReader(filepattern)


def list_variables(ckpt_dir_or_file):
    """[(name, shape)] of the tensors in a checkpoint, sorted by name."""
    reader = load_checkpoint(ckpt_dir_or_file)
    return sorted(reader.get_variable_to_shape_map().items())


def load_variable(ckpt_dir_or_file, name):
    """The value of the tensor `name` in a checkpoint (a trailing ':0' is ignored)."""
    if name.endswith(":0"):
        name = name[:-2]
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name)


__all__ = [
    "CheckpointState",
    "NewCheckpointReader",
    "Saver",
    "SaverDef",
    "checkpoint_exists",
    "generate_checkpoint_state_proto",
    "get_checkpoint_mtimes",
    "get_checkpoint_state",
    "latest_checkpoint",
    "list_variables",
    "load_checkpoint",
    "load_variable",
    "remove_checkpoint",
    "update_checkpoint_state",
]
