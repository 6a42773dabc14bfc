"""The checkpoint files tf.train.Saver writes and reads: TF's V2 format, and tfsess's older own format (no pickle).

TF's V1 format (one table file per shard, see checkpoint_v1) is read too.

What a save writes
==================
TensorFlow's V2 checkpoint (see tensor_bundle), so that TF restores what tfsess saved, whenever
the optional packages it needs are installed (protobuf and google-crc32c: pip install
'tfsess[io]'); without them, tfsess's own format below, with a warning. Reading accepts both,
told apart by the index file (TF's is a table ending in its magic number, tfsess's is JSON).
A checkpoint with prefix ``P`` (what ``Saver.save`` returns, e.g. ``/ckpts/model-1000``) is
``P.index`` plus ``P.data-00000-of-00001``; beside it the Saver writes ``P.meta`` (a
MetaGraphDef, see meta_graph) and the directory's ``checkpoint`` file, TF's CheckpointState in
protobuf text format, e.g.::

    model_checkpoint_path: "model-1000"
    all_model_checkpoint_paths: "model-900"
    all_model_checkpoint_paths: "model-1000"

tfsess checkpoint format, version 1 (read, and written only without the optional packages)
==========================================================================================
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

Loading never unpickles: indexes are parsed field by field (JSON, or TF's table and protobuf
messages), tensors are rebuilt with ``numpy.frombuffer`` from non-object dtypes, every tensor's
checksum is verified, and every length and offset is checked before use. A file that follows
neither description raises ``errors.DataLossError``.

Atomicity: a save writes each file under a temporary name in the same directory
(``<final name>.tempstate<random>``), flushes and fsyncs it, then renames it over the final
name with ``os.replace``; the data file goes first and the index last, so the index is the
commit point. When a save overwrites a prefix, the previous data file is first renamed to
``P.data-00000-of-00001.gen-<generation>`` and removed after the new index is in place; the
generation of a tfsess data file is in its header, that of a TF-format one is a hash of the
index it belongs to. A reader finding a set-aside data file of its index's generation reads it.
So a crash at any moment leaves the previous checkpoint readable, never a half-written file under
a final name. The ``checkpoint`` state file is replaced the same way, after the checkpoint.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import secrets
import warnings
import zlib

import numpy as np

from tfsess.framework import bounded_io, dtypes, errors
from tfsess.train import checkpoint_v1, sstable, tensor_bundle

_MAGIC = b"TFSCKPT1"
_HEADER = len(_MAGIC) + 32
_FORMAT = "tfsess-checkpoint"
_DTYPES = frozenset(["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16",
                     "uint32", "uint64", "bool", "complex64", "complex128", "string"])
_MAX_INDEX_BYTES = 1 << 28
_GENERATION = re.compile(r"[0-9a-f]{32}")


def data_filename(prefix):
    return tensor_bundle.data_filename(prefix)


def index_filename(prefix):
    return tensor_bundle.index_filename(prefix)


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
    count = bounded_io.element_count(shape)  # _check_index made sure it is an int64 count
    if entry["dtype"] == "string":
        if len(raw) < 8 * count:
            raise _corrupt(where, "string tensor too short")
        lengths = np.frombuffer(raw, dtype="<u8", count=count).tolist()
        if 8 * count + sum(lengths) != len(raw):  # Python ints: a sum past 2**64 does not wrap
            raise _corrupt(where, "string lengths do not add up")
        out = np.empty(count, dtype=object)
        pos = 8 * count
        for i, n in enumerate(lengths):
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
def tf_format_available():
    """Whether TF's V2 format can be written: it needs the optional protobuf and google-crc32c packages."""
    try:
        import google.protobuf  # noqa: F401  optional dependency: protobuf
        import google_crc32c  # noqa: F401  optional dependency: google-crc32c
    except ImportError:
        return False
    return True


def write_checkpoint(prefix, names, values, atomic_write=None, tf_format=None, slice_specs=None):
    """Writes the tensors `values` under `names` as the checkpoint `prefix`, atomically.

    `slice_specs` (one per value; "" for a whole tensor) marks slices of a partitioned variable, which
    TF's format stores as slices of one entry; tfsess's own format stores the whole tensor they make up.

    `tf_format`: True writes TF's V2 format, False tfsess's own; None (default) TF's when its
    optional packages are installed, else tfsess's own with a warning. `atomic_write(path, chunks)`
    writes each file (default `_atomic_write`); SaveV2 passes the one the saver module holds, which
    tests patch to kill a save midway.
    """
    atomic_write = atomic_write or _atomic_write
    if tf_format is None:
        tf_format = tf_format_available()
        if not tf_format:
            warnings.warn("Writing the checkpoint in tfsess's own format, which TensorFlow cannot read: TF's "
                          "format needs pip install 'tfsess[io]' (protobuf and google-crc32c)", stacklevel=2)
    if tf_format:
        index, data_chunks = tensor_bundle.bundle_files(names, values, slice_specs)
        index_chunks = [index]
    else:
        if slice_specs and any(slice_specs):
            names, values = _assemble_slices(names, values, slice_specs)
        generation = secrets.token_hex(16)
        index_chunks, data_chunks = _json_files(names, values, generation)
        data_chunks = [_MAGIC, generation.encode("ascii")] + data_chunks
    data_path = data_filename(prefix)
    _make_parent(prefix)
    _set_aside(prefix)
    atomic_write(data_path, data_chunks)
    atomic_write(index_filename(prefix), index_chunks)
    _remove_stale_data(prefix, [data_path])


def _assemble_slices(names, values, slice_specs):
    """(names, values) with each sliced tensor put together from its slices (which must cover it)."""
    wholes, out_names, out_values = {}, [], []
    for name, value, spec in zip(names, values, slice_specs):
        if not spec:
            out_names.append(name)
            out_values.append(value)
            continue
        full_shape, extents = tensor_bundle.parse_slice_spec(spec, name)
        if name not in wholes:
            wholes[name] = [np.empty(full_shape, dtype=np.asarray(value).dtype), 0]
            out_names.append(name)
            out_values.append(wholes[name][0])
        whole = wholes[name]
        whole[0][tensor_bundle.slice_index(extents)] = value
        whole[1] += np.asarray(value).size
    for name, (whole, count) in wholes.items():
        if count != whole.size:
            raise errors.UnimplementedError(None, None, f"The slices of {name} saved together do not cover it: "
                                                        f"tfsess's own checkpoint format stores whole tensors only")
    return out_names, out_values


def _remove_stale_data(prefix, kept):
    """After an index is in place: removes the set-aside data files and any shard not among `kept` (left by
    an earlier save with more shards, or by one that died before its index)."""
    pattern = glob.escape(prefix) + ".data-?????-of-?????"
    for stale in glob.glob(pattern + ".gen-*") + [p for p in glob.glob(pattern) if p not in kept]:
        _remove(stale)


def merge_checkpoints(sources, destination, atomic_write=None):
    """Merges the TF-format checkpoints `sources` into one at `destination`, keeping their data files as its shards.

    As TF's MergeV2Checkpoints: source i's data files become the destination's shards (renamed,
    not copied) and their index entries are rewritten to point there; the merged index is written
    last, after the destination's previous data files were set aside, so a crash leaves the
    previous checkpoint readable. The sources' index files are removed.

    Raises:
        errors.InvalidArgumentError: two sources hold one tensor name.
        errors.DataLossError: a source's index is malformed.
    """
    pb = tensor_bundle._pb()
    atomic_write = atomic_write or _atomic_write
    entries, renames, shard_base = {}, [], 0
    for source in sources:
        raw = _read_index_bytes(source)
        reader = tensor_bundle.BundleReader(source, raw)  # validates the index and its header
        for key, value in sstable.read_table(raw, index_filename(source))[1:]:
            entry = pb.BundleEntryProto.FromString(value)
            if key in entries:
                found = pb.BundleEntryProto.FromString(entries[key])
                if not (entry.slices and found.slices):  # the parts of one partitioned variable merge their slices
                    raise errors.InvalidArgumentError(
                        None, None, f"Duplicate tensor key {key.decode('utf-8', 'replace')} across checkpoint shards "
                                    f"merged into {destination}")
                found.slices.extend(entry.slices)
                entries[key] = found.SerializeToString()
                continue
            entry.shard_id += shard_base
            entries[key] = entry.SerializeToString()
        renames += [(tensor_bundle.data_filename(source, k, reader.num_shards), shard_base + k)
                    for k in range(reader.num_shards)]
        shard_base += reader.num_shards
    header = pb.BundleHeaderProto(num_shards=max(shard_base, 1), endianness=pb.BundleHeaderProto.LITTLE)
    header.version.producer = tensor_bundle._BUNDLE_VERSION
    index = sstable.build_table([(b"", header.SerializeToString())] + sorted(entries.items()))
    _make_parent(destination)
    _set_aside(destination)
    kept = [tensor_bundle.data_filename(destination, shard, shard_base) for _, shard in renames]
    for (path, _), target in zip(renames, kept):
        os.replace(path, target)
    atomic_write(index_filename(destination), [index])
    _remove_stale_data(destination, kept)
    for source in sources:
        _remove(index_filename(source))


def _json_files(names, values, generation):
    entries, blobs, offset = {}, [], 0
    for name, value in zip(names, values):
        dtype, shape, raw = _encode(value)
        entries[name] = {"dtype": dtype, "shape": shape, "offset": offset, "length": len(raw),
                         "crc32": zlib.crc32(raw)}
        blobs.append(raw)
        offset += len(raw)
    index = {"format": _FORMAT, "version": 1, "generation": generation, "data_size": offset, "tensors": entries}
    return [json.dumps(index, sort_keys=True).encode("utf-8")], blobs


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


def _set_aside(prefix):
    """Renames the data files a save will replace to `.gen-<generation>`, so the index now in place stays readable.

    The generation of a tfsess-format data file is in its header; that of a TF-format one (every
    shard) is a hash of the index it belongs to (_index_generation). An existing set-aside file is
    never replaced: it is the one that matches the index, the data file beside it is from an
    interrupted save.
    """
    data_path = data_filename(prefix)
    try:
        with open(data_path, "rb") as f:
            head = f.read(_HEADER)
    except OSError:
        head = b""
    generation = head[len(_MAGIC):].decode("ascii", "replace")
    if head.startswith(_MAGIC) and _GENERATION.fullmatch(generation):
        paths = [data_path]
    else:
        try:
            raw = _read_index_bytes(prefix)
        except errors.OpError:
            return
        if not tensor_bundle.is_bundle_index(raw):
            return  # not a data file of either format: nothing readable to keep
        generation = _index_generation(raw)
        paths = glob.glob(glob.escape(prefix) + ".data-?????-of-?????")
    for path in paths:
        target = f"{path}.gen-{generation}"
        if not os.path.exists(target):
            os.replace(path, target)
    if paths:
        _fsync_dir(data_path)


def _index_generation(index_bytes):
    return hashlib.sha256(index_bytes).hexdigest()[:32]


def _set_aside_suffix(index_bytes):
    """The suffix of the set-aside data files that belong to this TF-format index (used where they exist)."""
    return f".gen-{_index_generation(index_bytes)}"


def _remove(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


# ------------------------------------------------------------------ reading
class CheckpointReader:
    """Reads one checkpoint in TF's V2 format or tfsess's own (tf.train.load_checkpoint / NewCheckpointReader).

    Raises:
        errors.NotFoundError: no checkpoint at `prefix`.
        errors.DataLossError: the files follow neither format.
    """

    def __init__(self, prefix):
        self._prefix = os.fspath(prefix)
        v1_files = _v1_files(self._prefix)
        if v1_files:
            self._bundle = checkpoint_v1.V1Reader(self._prefix, v1_files)
            self._entries = {n: {"dtype": e["dtype"].name if e["dtype"] else f"DataType {e['enum']}",
                                 "shape": e["shape"]} for n, e in self._bundle.entries.items()}
            return
        raw = _read_index_bytes(self._prefix)
        if tensor_bundle.is_bundle_index(raw):
            self._bundle = tensor_bundle.BundleReader(self._prefix, raw, data_suffix=_set_aside_suffix(raw))
            self._entries = {n: {"dtype": e["dtype"].name if e["dtype"] else f"DataType {e['enum']}",
                                 "shape": e["shape"]} for n, e in self._bundle.entries.items()}
        else:
            self._bundle = None
            self._index = _parse_json_index(raw, self._prefix)
            self._entries = self._index["tensors"]
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
        return name in self._entries

    def get_variable_to_shape_map(self):
        return {n: list(e["shape"]) for n, e in self._entries.items()}

    def get_variable_to_dtype_map(self):
        if self._bundle is not None:
            return {n: e["dtype"] for n, e in self._bundle.entries.items() if e["dtype"] is not None}
        return {n: dtypes.as_dtype(e["dtype"]) for n, e in self._entries.items()}

    def entry(self, name):
        """{"dtype": dtype name, "shape": [dims]} of the tensor `name` (NotFoundError if absent)."""
        try:
            return self._entries[name]
        except KeyError:
            raise errors.NotFoundError(None, None, f"Key {name} not found in checkpoint") from None

    def get_tensor(self, name):
        """The value saved under `name` (NotFoundError if absent); a scalar comes back as TF's
        reader gives it, a NumPy scalar or bytes."""
        value = self.get_tensors([name])[0]
        return value[()] if value.ndim == 0 else value

    def get_tensors(self, names):
        for n in names:
            self.entry(n)
        if self._bundle is not None:
            return [self._bundle.read(n) for n in names]
        out = []
        with open(self._data_path, "rb") as f:
            for name in names:
                e = self._entries[name]
                f.seek(_HEADER + e["offset"])
                raw = f.read(e["length"])
                if len(raw) != e["length"] or zlib.crc32(raw) != e["crc32"]:
                    raise _corrupt(self._prefix, f"checksum mismatch for tensor {name}")
                out.append(_decode(e, raw, self._prefix))
        return out

    def debug_string(self):
        """One line per tensor, "name (DT_FLOAT) [2,3]", as bytes (as TF's reader returns it)."""
        return "".join(f"{n} ({dtypes.datatype_enum_name(e['dtype'])}) [{','.join(str(d) for d in e['shape'])}]\n"
                       for n, e in sorted(self._entries.items())).encode()


def NewCheckpointReader(filepattern):  # noqa: N802 - TF's name
    return CheckpointReader(filepattern)


def _v1_files(prefix):
    """The files of a V1 checkpoint at `prefix` (the file itself, or the shards a glob names); [] if none.

    Only where no V2 index exists, and only files that end in a table's magic number: any other file
    at the prefix gets TF's error for a V2 prefix without its index.
    """
    if os.path.exists(index_filename(prefix)):
        return []
    files = sorted(p for p in glob.glob(prefix) if os.path.isfile(p))
    for path in files:
        with open(path, "rb") as f:
            f.seek(max(os.fstat(f.fileno()).st_size - sstable.FOOTER_SIZE, 0))
            if not sstable.is_table(f.read()):
                return []
    return files


def _read_index_bytes(prefix):
    path = index_filename(prefix)
    try:
        with open(path, "rb") as f:
            raw = bounded_io.read_at_most(f, _MAX_INDEX_BYTES + 1)  # f.read(n) would allocate n bytes first
    except FileNotFoundError:
        if os.path.exists(prefix):
            raise _not_a_table(prefix) from None
        raise errors.NotFoundError(None, None, f"Unsuccessful TensorSliceReader constructor: Failed to find any "
                                               f"matching files for {prefix}") from None
    if len(raw) > _MAX_INDEX_BYTES:
        raise _corrupt(prefix, "index file too large")
    return raw


def _parse_json_index(raw, prefix):
    try:
        bounded_io.check_json_nesting(raw)  # before json.loads recurses into it
        index = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _corrupt(prefix, "the index is neither TF's table nor tfsess's JSON") from None
    _check_index(index, prefix)
    return index


def _not_a_table(prefix):
    """TF's error when no index exists but a file does at the prefix (read as a V1 table)."""
    if os.path.isdir(prefix):
        why = f"FAILED_PRECONDITION: {prefix}; Is a directory"
    elif os.path.getsize(prefix) < 48:  # a table's footer is 48 bytes
        why = "DATA_LOSS: file is too short to be an sstable"
    else:
        why = "DATA_LOSS: not an sstable (bad magic number)"
    return errors.DataLossError(None, None, f"Unable to open table file {prefix}: {why}: perhaps your file is in "
                                            f"a different file format and you need to use a different restore "
                                            f"operator?")


def _is_int(x):
    return isinstance(x, int) and not isinstance(x, bool) and 0 <= x <= bounded_io.MAX_INT64


def _is_shape(dims):
    try:
        return isinstance(dims, list) and bounded_io.element_count(dims) >= 0
    except ValueError:
        return False


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
        ok = (isinstance(e, dict) and isinstance(e.get("dtype"), str) and e["dtype"] in _DTYPES and _is_shape(e.get("shape"))
              and _is_int(e.get("offset")) and _is_int(e.get("length"))
              and _is_int(e.get("crc32")) and e["offset"] + e["length"] <= size)
        if not ok:
            raise _corrupt(where, f"bad entry for tensor {name!r}")


__all__ = ["NewCheckpointReader"]
