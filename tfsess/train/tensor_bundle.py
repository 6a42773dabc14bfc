"""TensorFlow's V2 checkpoint files (a "tensor bundle"), read and written byte for byte as TF does.

A checkpoint with prefix ``P`` is:

``P.index``  a sorted string table (see sstable) mapping each tensor name to a serialized
    BundleEntryProto (dtype, shape, shard_id, offset, size, masked CRC32C of the bytes), and the
    empty key to a BundleHeaderProto (num_shards, endianness, version).
``P.data-00000-of-00001`` (one file per shard) the tensors' bytes back to back at their offsets.
    Numbers and bools are raw little-endian C-order bytes. A string tensor of n elements is n
    varint64 lengths, a uint32 masked CRC32C, then the n byte strings. That CRC (like the entry's,
    which covers it) checksums each length as a little-endian uint32 (uint64 past 2**32-1), not
    the varints: TF's backward-compatible quirk.

The messages come from tfsess.protos (the optional `protobuf` package) and the checksums from
google-crc32c (optional too); both are imported on first use. Every length and offset read from a
file is checked against the file's size before anything is allocated; a file that does not follow
this description raises DataLossError naming it.
"""
from __future__ import annotations

import os
import struct

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.tensor_proto import shape_proto
from tfsess.runtime.tfrecord import masked_crc32c
from tfsess.train import sstable

_BUNDLE_VERSION = 1  # TF's kTensorBundleVersion
_MAX_INDEX_BYTES = 1 << 30
_MAX_SHARDS = 1 << 16


def _pb():
    from tfsess.protos import tensor_bundle_pb2  # optional dependency: protobuf
    return tensor_bundle_pb2


def data_filename(prefix, shard=0, num_shards=1):
    return "%s.data-%05d-of-%05d" % (prefix, shard, num_shards)


def index_filename(prefix):
    return f"{prefix}.index"


def is_bundle_index(head_and_tail: bytes) -> bool:
    """Whether an index file's bytes (or at least its last 48) are a table, i.e. TF's format."""
    return sstable.is_table(head_and_tail)


# ------------------------------------------------------------------ encoding
def encode_tensor(value):
    """(DType, shape, bytes as TF lays them out in a data file) of one tensor value."""
    array = np.asarray(value)
    if array.dtype.kind in "OSU":
        items = [x if isinstance(x, bytes) else str(x).encode("utf-8") for x in array.reshape(-1).tolist()]
        lengths = b"".join(sstable.varint(len(x)) for x in items)
        length_crc = struct.pack("<I", masked_crc32c(_fixed_lengths(len(x) for x in items)))
        return dtypes.string, list(array.shape), lengths + length_crc + b"".join(items)
    dtype = dtypes.as_dtype(array.dtype)
    little = array.dtype.newbyteorder("<")
    return dtype, list(array.shape), np.ascontiguousarray(array, dtype=little).tobytes()


def _fixed_lengths(lengths) -> bytes:
    return b"".join(struct.pack("<I", n) if n <= 0xFFFFFFFF else struct.pack("<Q", n) for n in lengths)


def _checksum(dtype, raw, shape):
    """The masked CRC32C TF records for a tensor's bytes `raw` in the data file."""
    if dtype != dtypes.string:
        return masked_crc32c(raw)
    lengths, pos = _read_varints(raw, _count(shape))
    return masked_crc32c(_fixed_lengths(lengths) + raw[pos:])


def bundle_files(names, values, slice_specs=None):
    """(index bytes, [data chunks]) of a one-shard bundle of `values` under `names`: index entries in key order,
    data in the order given (as TF's BundleWriter).

    `slice_specs` (one per value, "" for a whole tensor) marks values that are slices of a larger
    tensor ("<full shape> <start>,<length>:..."): as TF's BundleWriter::AddSlice, each is stored under
    its encoded slice key and the whole tensor's entry lists the slices, holding no bytes itself.
    """
    pb = _pb()
    specs = slice_specs or [""] * len(names)
    data, offset, items, sliced = [], 0, [], {}
    order = range(len(names))  # data in the order given, as TF's BundleWriter (the index is sorted below)
    for i in order:
        name, value, spec = names[i], values[i], specs[i]
        dtype, shape, raw = encode_tensor(value)
        entry = pb.BundleEntryProto(dtype=dtype.as_datatype_enum, shard_id=0, offset=offset, size=len(raw),
                                    crc32c=_checksum(dtype, raw, shape))
        entry.shape.CopyFrom(shape_proto(shape))
        key = name.encode("utf-8")
        if spec:
            full_shape, extents = parse_slice_spec(spec, name)
            _check_slice_shape(name, spec, full_shape, extents, shape)
        if spec and not _is_full_slice(full_shape, extents):  # a slice covering the tensor is stored whole, as TF's
            key = _slice_key(name, extents)
            whole = sliced.get(name)
            if whole is None:
                whole = sliced[name] = pb.BundleEntryProto(dtype=dtype.as_datatype_enum)
                whole.shape.CopyFrom(shape_proto(full_shape))
            elif list(d.size for d in whole.shape.dim) != full_shape or whole.dtype != dtype.as_datatype_enum:
                raise errors.InvalidArgumentError(None, None, f"Inconsistent slices of tensor {name}: shape or dtype "
                                                              f"differs from its other slices")
            extent_list = whole.slices.add()
            for start, length in extents:
                extent = extent_list.extent.add()
                extent.start = start
                if length >= 0:
                    extent.length = length
        items.append((key, entry.SerializeToString()))
        data.append(raw)
        offset += len(raw)
    items += [(name.encode("utf-8"), whole.SerializeToString()) for name, whole in sliced.items()]
    items.sort(key=lambda kv: kv[0])
    header = pb.BundleHeaderProto(num_shards=1, endianness=pb.BundleHeaderProto.LITTLE)
    header.version.producer = _BUNDLE_VERSION
    items.insert(0, (b"", header.SerializeToString()))
    return sstable.build_table(items), data


def _is_full_slice(full_shape, extents):
    return all(start == 0 and length in (-1, dim) for (start, length), dim in zip(extents, full_shape))


def parse_slice_spec(spec: str, name: str):
    """(full shape, [(start, length)]) of a slice spec "7 2 0,3:-" ('-' is a whole axis: length -1);
    InvalidArgumentError naming tensor `name` for a malformed spec."""
    def bad():
        return errors.InvalidArgumentError(None, None, f"Expected slice spec of the form \"<dims> <start>,<length>:..."
                                                       f"\" for tensor {name}, got {spec!r}")
    parts = spec.split(" ")
    try:
        full_shape = [int(d) for d in parts[:-1]]
        extents = []
        for extent in parts[-1].split(":"):
            if extent == "-":
                extents.append((0, -1))
            else:
                start, length = (int(x) for x in extent.split(","))
                extents.append((start, length))
    except ValueError:
        raise bad() from None
    if len(extents) != len(full_shape) or any(d < 0 for d in full_shape) or any(
            s < 0 or (n >= 0 and s + n > d) or n < -1 for (s, n), d in zip(extents, full_shape)):
        raise bad()
    return full_shape, extents


def slice_index(extents):
    """The NumPy index of a slice's extents."""
    return tuple(slice(s, s + n) if n >= 0 else slice(None) for s, n in extents)


def _check_slice_shape(name, spec, full_shape, extents, shape):
    wanted = [n if n >= 0 else d for (s, n), d in zip(extents, full_shape)]
    if list(shape) != wanted:
        raise errors.InvalidArgumentError(None, None, f"Shape {list(shape)} of the slice of tensor {name} does not "
                                                      f"match its slice spec \"{spec}\" (shape {wanted})")


# ------------------------------------------------------------------ reading
class BundleReader:
    """The index of one V2 checkpoint and reads of its tensors.

    Raises:
        errors.DataLossError: the index is not a well-formed bundle index.
    """

    def __init__(self, prefix: str, index_bytes: bytes, data_suffix=None):
        self.prefix = prefix
        # a shard's file is `data_filename(...) + data_suffix` where that exists (set aside by an interrupted save)
        self._data_suffix = data_suffix
        self._index_path = index_filename(prefix)
        pb = _pb()
        items = sstable.read_table(index_bytes, self._index_path)
        if not items or items[0][0] != b"":
            raise self._corrupt("no bundle header under the empty key")
        header = self._parse(pb.BundleHeaderProto, items[0][1], "the bundle header")
        if header.endianness != pb.BundleHeaderProto.LITTLE:
            raise errors.UnimplementedError(None, None, f"Reading big-endian checkpoint {prefix} is not supported")
        if not 0 < header.num_shards <= _MAX_SHARDS:
            raise self._corrupt(f"bad shard count {header.num_shards}")
        if header.version.producer > _BUNDLE_VERSION and header.version.min_consumer > _BUNDLE_VERSION:
            raise errors.InvalidArgumentError(None, None, f"Checkpoint {prefix} needs a newer reader (min_consumer "
                                                          f"{header.version.min_consumer})")
        self.num_shards = header.num_shards
        self.entries = {}
        self._slice_entries = {}  # the entries of a partitioned variable's slices, by their encoded keys
        for key, value in items[1:]:
            if key.startswith(b"\0"):
                self._slice_entries[key] = value
                continue
            try:
                name = key.decode("utf-8")
            except UnicodeDecodeError:
                raise self._corrupt(f"tensor name {key!r} is not UTF-8") from None
            self.entries[name] = self._check_entry(name, self._parse(pb.BundleEntryProto, value, f"entry {name}"))

    def _corrupt(self, why):
        return errors.DataLossError(None, None, f"Checkpoint index {self._index_path} is corrupted: {why}")

    def _parse(self, message_class, raw, what):
        from google.protobuf.message import DecodeError  # optional dependency: protobuf
        try:
            return message_class.FromString(raw)
        except DecodeError:
            raise self._corrupt(f"cannot parse {what}") from None

    def _check_entry(self, name, entry):
        try:
            dtype = dtypes.as_dtype(entry.dtype)
        except TypeError:
            dtype = None
        if dtype is not None and (dtype.is_ref_dtype or dtype in (dtypes.resource, dtypes.variant)):
            dtype = None  # resource, variant, a reference type, ...: listed, not readable
        dims = [d.size for d in entry.shape.dim]
        if entry.shape.unknown_rank or any(d < 0 for d in dims):
            raise self._corrupt(f"tensor {name} has an unknown or negative shape")
        if entry.offset < 0 or entry.size < 0 or not 0 <= entry.shard_id < self.num_shards:
            raise self._corrupt(f"tensor {name} has a bad offset, size or shard")
        slices = [[(x.start, x.length if x.WhichOneof("has_length_hack") else -1) for x in s.extent]
                  for s in entry.slices]
        return {"dtype": dtype, "enum": entry.dtype, "shape": dims, "shard": entry.shard_id,
                "offset": entry.offset, "size": entry.size, "crc": entry.crc32c, "slices": slices}

    def read(self, name):
        """The value of the tensor `name` (whose entry exists) as a NumPy array."""
        e = self.entries[name]
        if e["dtype"] is None:
            raise errors.UnimplementedError(None, None, f"Tensor {name} in checkpoint {self.prefix} has DataType "
                                                        f"{e['enum']}, which cannot be read here")
        if e["slices"]:
            return self._read_sliced(name, e)
        return self._read_entry(name, e)

    def _read_sliced(self, name, e):
        """A partitioned variable's full value, put together from its slices' entries."""
        shape, parts, count = e["shape"], [], 0
        for extents in e["slices"]:
            if len(extents) != len(shape) or any(s < 0 or (n >= 0 and s + n > d) or (n < -1)
                                                 for (s, n), d in zip(extents, shape)):
                raise self._corrupt(f"a slice of tensor {name} lies outside its shape {shape}")
            raw = self._slice_entries.get(_slice_key(name, extents))
            if raw is None:
                raise self._corrupt(f"the slice {extents} of tensor {name} has no entry")
            part = self._read_entry(name, self._check_entry(name, self._parse(_pb().BundleEntryProto, raw, name)))
            wanted = [n if n >= 0 else d for (s, n), d in zip(extents, shape)]
            if list(part.shape) != wanted or np.dtype(part.dtype) != np.dtype(e["dtype"].as_numpy_dtype):
                raise self._corrupt(f"a slice of tensor {name} holds {part.dtype}{list(part.shape)}, not {wanted}")
            parts.append((slice_index(extents), part))
            count += part.size
        if count != _count(shape):  # read before allocating: the slices' bytes exist, so the whole fits
            raise self._corrupt(f"the slices of tensor {name} do not cover its shape {shape} exactly once")
        full = np.empty(shape, dtype=parts[0][1].dtype)
        for index, part in parts:
            full[index] = part
        return full

    def _read_entry(self, name, e):
        path = data_filename(self.prefix, e["shard"], self.num_shards)
        if self._data_suffix and os.path.exists(path + self._data_suffix):
            path += self._data_suffix
        raw = _read_range(path, e["offset"], e["size"])
        if e["dtype"] == dtypes.string:
            return _decode_strings(raw, e["shape"], e["crc"], name, path)
        if masked_crc32c(raw) != e["crc"]:
            raise _checksum_error(e["crc"], masked_crc32c(raw), name, path)
        return _decode_numbers(raw, e["dtype"], e["shape"], name, path)


def _slice_key(name, extents):
    """The table key of one slice of tensor `name`: TF's EncodeTensorNameSlice, in its OrderedCode encoding."""
    key = [_ordered_number(0), _ordered_string(name.encode("utf-8")), _ordered_number(len(extents))]
    for start, length in extents:
        key += [_ordered_signed(start), _ordered_signed(length)]
    return b"".join(key)


def _ordered_number(value):
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return bytes([len(raw)]) + raw


def _ordered_string(raw):
    escaped = {0: b"\0\xff", 0xFF: b"\xff\0"}
    return b"".join(escaped.get(b, bytes([b])) for b in raw) + b"\0\x01"


_SIGNED_HEADER = [(0, 0), (0x80, 0), (0xC0, 0), (0xE0, 0), (0xF0, 0), (0xF8, 0), (0xFC, 0), (0xFE, 0), (0xFF, 0),
                  (0xFF, 0x80), (0xFF, 0xC0)]


def _ordered_signed(value):
    """OrderedCode's WriteSignedNumIncreasing: a length-prefixed, sign-extended big-endian number."""
    magnitude = ~value if value < 0 else value
    length = magnitude.bit_length() // 7 + 1
    if length == 1:
        return bytes([(0x80 ^ value) & 0xFF])
    out = bytearray((value & ((1 << 80) - 1)).to_bytes(10, "big")[10 - length:])
    out[0] ^= _SIGNED_HEADER[length][0]
    out[1] ^= _SIGNED_HEADER[length][1]
    return bytes(out)


def _checksum_error(stored, calculated, name, path):
    return errors.DataLossError(None, None, f"Checksum does not match: stored {stored} vs. calculated on the "
                                            f"restored bytes {calculated} (tensor {name} in {path})")


def _read_range(path, offset, size):
    try:
        with open(path, "rb") as f:
            file_size = os.fstat(f.fileno()).st_size
            if offset > file_size or size > file_size - offset:
                raise errors.DataLossError(None, None, f"Checkpoint data file {path} is too short: a tensor at "
                                                       f"offset {offset} of {size} bytes, the file has {file_size}")
            f.seek(offset)
            return f.read(size)
    except FileNotFoundError:
        raise errors.NotFoundError(None, None, f"{path}; No such file or directory") from None


def _count(shape):
    count = 1
    for d in shape:
        count *= d
    return count


def _decode_numbers(raw, dtype, shape, name, path):
    np_dtype = np.dtype(dtype.as_numpy_dtype).newbyteorder("<")
    if _count(shape) * np_dtype.itemsize != len(raw):
        raise errors.DataLossError(None, None, f"Tensor {name} in {path}: {len(raw)} bytes do not hold shape "
                                               f"{shape} of {dtype.name}")
    return np.frombuffer(raw, dtype=np_dtype).astype(np_dtype.newbyteorder("="), copy=True).reshape(shape)


def _read_varints(raw, count):
    """(count varint64 values from the start of `raw`, the position after them); ValueError if malformed."""
    if count > len(raw):  # every element takes at least one length byte
        raise ValueError(f"{count} elements cannot fit in {len(raw)} bytes")
    lengths, pos = [], 0
    for _ in range(count):
        value = shift = 0
        while True:
            if pos >= len(raw) or shift > 63:
                raise ValueError("bad length varint")
            byte = raw[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        lengths.append(value)
    return lengths, pos


def _decode_strings(raw, shape, stored_crc, name, path):
    def fail(why):
        return errors.DataLossError(None, None, f"String tensor {name} in {path} is corrupted: {why}")

    try:
        lengths, pos = _read_varints(raw, _count(shape))
    except ValueError as exc:
        raise fail(str(exc)) from None
    fixed = _fixed_lengths(lengths)
    if pos + 4 > len(raw) or struct.unpack("<I", raw[pos:pos + 4])[0] != masked_crc32c(fixed):
        raise fail("checksum of the lengths does not match")
    if pos + 4 + sum(lengths) != len(raw):
        raise fail("string lengths do not add up to the tensor's size")
    calculated = masked_crc32c(fixed + raw[pos:])
    if calculated != stored_crc:
        raise _checksum_error(stored_crc, calculated, name, path)
    pos += 4
    out = np.empty(len(lengths), dtype=object)
    for i, n in enumerate(lengths):
        out[i] = raw[pos:pos + n]
        pos += n
    return out.reshape(shape)
