"""Summary ops (tf.summary.scalar, histogram, image, audio, text, tensor_summary, merge, merge_all).

Each op's kernel returns a serialized `tensorflow.Summary` (a scalar string tensor), byte-compatible
with TensorFlow's, so FileWriter and TensorBoard read it. Building the Summary messages needs the
optional `protobuf` package, imported when a kernel first runs.

Names follow TF's summary_scope: the op is named after the name scope it opens (`train/acc`,
`train/acc_1` for a repeated name), the tag is that scope name, and `family` prefixes both
(`fam/fam/f` is the tag of scalar('f', family='fam')).
"""
from __future__ import annotations

import re

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.graph_api import add_to_collection, get_collection
from tfsess.framework.op_builder import apply1, convert_to_tensor, op_scope
from tfsess.framework.registry import NotDifferentiable, register_op
from tfsess.framework.tensor_proto import make_tensor_proto
from tfsess.framework.operation import Tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.lib import histogram as histogram_lib
from tfsess.lib.media import encode_png, encode_wav
from tfsess.ops._infer import REAL, check_dtype, host
from tfsess.ops.constant_op import constant
from tfsess.ops.variables import GraphKeys

_INVALID_TAG_CHARACTERS = re.compile(r"[^-/\w\.]")
_IMAGE_TYPES = (dtypes.uint8, dtypes.float32, dtypes.float16, dtypes.float64)
_DEFAULT_BAD_COLOR = np.array([255, 0, 0, 255], np.uint8)  # opaque red, TF's default


def _summary_pb2():
    from tfsess.protos import summary_pb2  # optional dependency: protobuf
    return summary_pb2


def _serialized(summary) -> np.ndarray:
    return np.array(summary.SerializeToString(), dtype=object)


def _text(value) -> str:
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else str(value)


def _shape_str(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _scalar_string_infer(inputs, attrs):
    return [(dtypes.string, TensorShape([]))]


def _scalar_tag(tag, what="tag") -> str:
    tag = host(tag, object)
    if tag.ndim != 0:
        raise errors.InvalidArgumentError(None, None, f"{what} must be scalar, got {_shape_str(tag.shape)}")
    return _text(tag.item())


# ================================================================== kernels
@register_op("ScalarSummary", infer=_scalar_string_infer, gpu=False)
def _scalar_summary(xp, tags, values, *, T=None):
    tags, values = host(tags, object), host(values)
    if tags.shape != values.shape:
        single = f" (tag '{_text(tags.ravel()[0])}')" if tags.size == 1 else ""
        raise errors.InvalidArgumentError(None, None, "tags and values are not the same shape: "
                                          f"{_shape_str(tags.shape)} != {_shape_str(values.shape)}{single}")
    pb = _summary_pb2()
    summary = pb.Summary()
    for tag, value in zip(tags.ravel(), values.ravel()):
        summary.value.add(tag=_text(tag), simple_value=float(np.float32(value)))
    return _serialized(summary)


@register_op("HistogramSummary", infer=_scalar_string_infer, gpu=False, needs_ctx=True)
def _histogram_summary(xp, tag, values, *, ctx, T=None):
    tag, values = _scalar_tag(tag), host(values).astype(np.float64)
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:  # TF reports the first non-finite value in flat order
        what = "Nan in summary histogram" if np.isnan(values.flat[bad[0]]) else "Infinity in Histogram"
        raise errors.InvalidArgumentError(None, None, f"{what} for: {ctx.op.name}")
    pb = _summary_pb2()
    summary = pb.Summary()
    summary.value.add(tag=tag, histo=pb.HistogramProto(**histogram_lib.histogram_fields(values)))
    return _serialized(summary)


def _normalize_float_image(values, bad_color):
    """TF's NormalizeFloatImage: [pixels, depth] floats -> uint8, nonfinite pixels -> bad_color.

    All-nonnegative images scale by 255/max; others by 127/max|v| around 128. The min and max
    are taken in float32 over finite pixels; the affine map runs in the image's own dtype.
    """
    finite = np.isfinite(values).all(axis=1)
    kept = values[finite].astype(np.float32)
    low = kept.min() if kept.size else np.float32(np.inf)
    high = kept.max() if kept.size else np.float32(-np.inf)
    if low < 0:
        max_val = max(abs(low), abs(high))
        scale, offset = (0.0 if max_val < 1e-6 else np.float32(127.0) / np.float32(max_val)), 128.0
    else:
        scale, offset = (0.0 if high < 1e-6 else np.float32(255.0) / np.float32(high)), 0.0
    kind = values.dtype.type
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = values * kind(scale) + kind(offset)
        out = np.where(finite[:, None], scaled, 0).astype(np.uint8)
    out[~finite] = bad_color[:values.shape[1]]
    return out


@register_op("ImageSummary", infer=_scalar_string_infer, gpu=False)
def _image_summary(xp, tag, tensor, *, max_images=3, bad_color=None, T=None):
    tag, tensor = _scalar_tag(tag), host(tensor)
    if tensor.ndim != 4 or tensor.shape[3] not in (1, 3, 4):
        raise errors.InvalidArgumentError(
            None, None, f"Tensor must be 4-D with last dim 1, 3, or 4, not {_shape_str(tensor.shape)}")
    batch, height, width, depth = tensor.shape
    bad = np.asarray(_DEFAULT_BAD_COLOR if bad_color is None else bad_color, np.uint8).ravel()
    if bad.size < depth:
        raise errors.InvalidArgumentError(
            None, None, f"The size of bad_color ({bad.size}) must be at least the last dimension ({depth})")
    pb = _summary_pb2()
    summary = pb.Summary()
    for i in range(min(max_images, batch)):
        pixels = tensor[i].reshape(height * width, depth)
        if tensor.dtype != np.uint8:
            pixels = _normalize_float_image(pixels, bad)
        image = pb.Summary.Image(height=height, width=width, colorspace=depth,
                                 encoded_image_string=encode_png(pixels.reshape(height, width, depth)))
        # the tag counts requested images, not produced ones
        summary.value.add(tag=f"{tag}/image/{i}" if max_images > 1 else f"{tag}/image", image=image)
    return _serialized(summary)


@register_op("AudioSummaryV2", infer=_scalar_string_infer, gpu=False)
def _audio_summary(xp, tag, tensor, sample_rate, *, max_outputs=3):
    tag, tensor, rate = _scalar_tag(tag), host(tensor, np.float32), host(sample_rate, np.float32)
    if rate.size != 1:
        raise errors.InvalidArgumentError(None, None, "sample_rate must be rank-0 or contain a single value")
    rate = rate.reshape(())
    if tensor.ndim not in (2, 3):
        raise errors.InvalidArgumentError(None, None, f"Tensor must be 3-D or 2-D, got: {_shape_str(tensor.shape)}")
    if not rate > 0:  # NaN fails too, as in TF
        raise errors.InvalidArgumentError(None, None, "sample_rate must be > 0")
    batch, frames = tensor.shape[:2]
    channels = 1 if tensor.ndim == 2 else tensor.shape[2]
    samples = tensor.reshape(batch, frames, channels)
    wav_rate = int(np.rint(rate)) or 1  # TF's lrintf, and at least 1 Hz in the WAV header
    pb = _summary_pb2()
    summary = pb.Summary()
    for i in range(min(max_outputs, batch)):
        audio = pb.Summary.Audio(sample_rate=float(rate), num_channels=channels, length_frames=frames,
                                 content_type="audio/wav", encoded_audio_string=encode_wav(samples[i], wav_rate))
        summary.value.add(tag=f"{tag}/audio/{i}" if max_outputs > 1 else f"{tag}/audio", audio=audio)
    return _serialized(summary)


@register_op("TensorSummaryV2", infer=_scalar_string_infer, gpu=False)
def _tensor_summary(xp, tag, tensor, serialized_summary_metadata, *, T=None):
    tag, tensor = _scalar_tag(tag), host(tensor)
    metadata = host(serialized_summary_metadata, object).item()
    pb = _summary_pb2()
    summary = pb.Summary()
    value = summary.value.add(tag=tag)
    dtype = dtypes.string if tensor.dtype == object else dtypes.as_dtype(tensor.dtype)
    value.tensor.CopyFrom(make_tensor_proto(tensor, dtype, content=True))
    value.metadata.ParseFromString(metadata if isinstance(metadata, bytes) else _text(metadata).encode())
    return _serialized(summary)


@register_op("MergeSummary", infer=_scalar_string_infer, gpu=False)
def _merge_summary(xp, *inputs, N=None):
    pb = _summary_pb2()
    merged, seen = pb.Summary(), set()
    for serialized in (s for array in inputs for s in host(array, object).ravel()):
        summary = pb.Summary()
        try:
            summary.ParseFromString(serialized if isinstance(serialized, bytes) else _text(serialized).encode())
        except Exception:  # protobuf's DecodeError differs between its implementations
            raise errors.InvalidArgumentError(None, None, "Could not parse one of the summary inputs") from None
        for value in summary.value:
            if value.tag and value.tag in seen:  # untagged values cannot collide
                raise errors.InvalidArgumentError(None, None, f"Duplicate tag {value.tag} found in summary inputs ")
            seen.add(value.tag)
            merged.value.add().CopyFrom(value)
    return _serialized(merged)


for _op_type in ("ScalarSummary", "HistogramSummary", "ImageSummary", "AudioSummaryV2", "TensorSummaryV2",
                 "MergeSummary"):
    NotDifferentiable(_op_type)


# ================================================================== public wrappers
def clean_tag(name):
    """TF's clean_tag: characters outside [-/\\w.] become '_', leading slashes go."""
    if name is None:
        return None
    return _INVALID_TAG_CHARACTERS.sub("_", name).lstrip("/")


class _SummaryScope:
    """TF's summary_scope: a name scope named `name` (or `family/name`); yields (tag, scope)."""

    def __init__(self, name, family, default_name, values):
        name, family = clean_tag(name), clean_tag(family)
        if name is None and default_name is None:  # TF's name_scope refuses this when given values
            raise ValueError("At least one of name (None) and default_name (None) must be provided.")
        self._base = name if family is None or name is None else f"{family}/{name}"
        self._family, self._default, self._values = family, default_name, values

    def __enter__(self):
        # an empty name opens the root scope, as TF's name_scope(""); None falls back to default_name
        self._cm = op_scope(self._base if self._base is not None else self._default, None, self._values)
        scope = self._cm.__enter__()
        tag = scope.rstrip("/")
        return (tag if self._family is None else f"{self._family}/{tag}"), scope

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)


def _collect(value, collections, default):
    for key in default if collections is None else collections:
        add_to_collection(key, value)


_TAG = object()  # stands for the tag constant among a summary op's inputs


def _summary(op_type, name, family, inputs, attrs, collections, default_name=None, early=None, preferred=None):
    """Builds one summary op in its summary scope.

    `inputs` are (arg name, value) pairs in the op's input order, `_TAG` standing for the tag
    constant; `early` maps an arg name to a function making its tensor ahead of the others;
    `preferred` maps an arg name to the dtype a non-tensor value converts to (the op's only type).
    """
    with _SummaryScope(name, family, default_name, [v for _, v in inputs]) as (tag, scope):
        made = {arg: make() for arg, make in (early or {}).items()}
        tensors = [made[arg] if arg in made else constant(tag, name=arg) if value is _TAG
                   else convert_to_tensor(value, name=arg, preferred_dtype=(preferred or {}).get(arg))
                   for arg, value in inputs]
        # at the root scope (an empty name) the op takes its type's default name, as in TF
        out = apply1(op_type, tensors, attrs(tensors) if callable(attrs) else attrs, name=scope or None)
        _collect(out, collections, [GraphKeys.SUMMARIES])
    return out


def scalar(name, tensor, collections=None, family=None):
    """A summary op holding one scalar value (tf.summary.scalar): a serialized Summary string.

    Args:
      name: the op name and the tag (after cleaning and name scopes).
      tensor: a real numeric tensor holding one value.
      collections: graph collections to add the op to (default [GraphKeys.SUMMARIES]).
      family: an optional tag prefix, shown as a tab in TensorBoard.
    """
    def attrs(tensors):
        return {"T": check_dtype(tensors[1], REAL, "values")}
    return _summary("ScalarSummary", name, family, [("tags", _TAG), ("values", tensor)], attrs, collections)


def histogram(name, values, collections=None, family=None):
    """A summary op holding a histogram of `values` in TF's default buckets (tf.summary.histogram)."""
    def attrs(tensors):
        return {"T": check_dtype(tensors[1], REAL, "values")}
    return _summary("HistogramSummary", name, family, [("tag", _TAG), ("values", values)], attrs, collections,
                    default_name="HistogramSummary")


def _at_least_one(attr, op_type, value):
    if int(value) < 1:  # TF's OpDef gives these attrs a minimum of 1
        raise ValueError(f"Attr '{attr}' of '{op_type}' Op passed {int(value)} less than minimum 1.")


def image(name, tensor, max_outputs=3, collections=None, family=None):
    """A summary op holding up to `max_outputs` PNG images of a [batch, h, w, 1|3|4] tensor.

    uint8 pixels are written as they are; floats are scaled into [0, 255] per image as TF does.
    """
    def attrs(tensors):
        _at_least_one("max_images", "ImageSummary", max_outputs)
        return {"T": check_dtype(tensors[1], _IMAGE_TYPES, "tensor"), "max_images": int(max_outputs),
                "bad_color": _DEFAULT_BAD_COLOR}
    return _summary("ImageSummary", name, family, [("tag", _TAG), ("tensor", tensor)], attrs, collections)


def audio(name, tensor, sample_rate, max_outputs=3, collections=None, family=None):
    """A summary op holding up to `max_outputs` 16-bit WAV clips of a [batch, frames(, channels)] float tensor."""
    def rate():
        try:
            return convert_to_tensor(sample_rate, dtype=dtypes.float32, name="sample_rate")
        except ValueError as e:  # TF's op builder names the input
            raise ValueError(f"sample_rate: {e}") from None
    _at_least_one("max_outputs", "AudioSummaryV2", max_outputs)
    def attrs(tensors):
        if tensors[1].dtype.base_dtype != dtypes.float32:  # the op's `tensor` input is float32 only
            raise TypeError(f"Input 'tensor' of 'AudioSummaryV2' Op has type {tensors[1].dtype.base_dtype.name} "
                            "that does not match expected type of float32.")
        return {"max_outputs": int(max_outputs)}
    return _summary("AudioSummaryV2", name, family,
                    [("tag", _TAG), ("tensor", tensor), ("sample_rate", None)],
                    attrs, collections, early={"sample_rate": rate}, preferred={"tensor": dtypes.float32})


def _metadata_bytes(summary_metadata, summary_description=None, display_name=None) -> bytes:
    pb = _summary_pb2()
    metadata = pb.SummaryMetadata()
    if summary_metadata is not None:
        metadata.ParseFromString(summary_metadata.SerializeToString())
    if summary_description is not None:
        metadata.summary_description = summary_description
    if display_name is not None:
        metadata.display_name = display_name
    return metadata.SerializeToString()


def tensor_summary(name, tensor, summary_description=None, collections=None, summary_metadata=None,
                   family=None, display_name=None):
    """A summary op holding a whole tensor as a TensorProto (tf.summary.tensor_summary)."""
    serialized = _metadata_bytes(summary_metadata, summary_description, display_name)

    def attrs(tensors):
        return {"T": tensors[1].dtype.base_dtype}
    return _summary("TensorSummaryV2", name, family,
                    [("tag", _TAG), ("tensor", tensor), ("serialized_summary_metadata", serialized)],
                    attrs, collections)


def text(name, tensor, collections=None):
    """A summary op holding a string tensor for TensorBoard's text plugin (tf.summary.text).

    Raises:
      ValueError: `tensor` is not a string tensor.
    """
    if tensor.dtype != dtypes.string:
        raise ValueError(f"Expected tensor {tensor.name} to have dtype string, got {tensor.dtype!r}")
    pb = _summary_pb2()
    metadata = pb.SummaryMetadata(plugin_data=pb.SummaryMetadata.PluginData(plugin_name="text"))
    return tensor_summary(name, tensor, summary_metadata=metadata, collections=collections)


def merge(inputs, collections=None, name=None):
    """One Summary holding every value of `inputs`, in order (tf.summary.merge).

    Raises:
      ValueError: `inputs` is empty.
      OperatorNotAllowedInGraphError: `inputs` is one Tensor, not a list of them.
      InvalidArgumentError (at run time): two inputs share a tag.
    """
    name = clean_tag(name)
    if isinstance(inputs, Tensor):
        iter(inputs)  # TF's name_scope iterates `inputs` first: OperatorNotAllowedInGraphError
    if not isinstance(inputs, (list, tuple)):  # TF's op builder takes no other sequence
        raise TypeError(f"Expected list for 'inputs' argument to 'merge_summary' Op, not {inputs!r}.")
    inputs = list(inputs)
    with op_scope(name, "Merge", inputs):
        if not inputs:
            raise ValueError("List argument 'inputs' to 'MergeSummary' Op with length 0 shorter than "
                             "minimum length 1.")
        tensors = [convert_to_tensor(t) for t in inputs]
        if any(t.dtype.base_dtype != dtypes.string for t in tensors):
            kinds = ", ".join(t.dtype.base_dtype.name for t in tensors)
            raise TypeError(f"Tensors in list passed to 'inputs' of 'MergeSummary' Op have types [{kinds}] that "
                            "do not match expected type string.")
        out = apply1("MergeSummary", tensors, {"N": len(tensors)}, name=name or "MergeSummary")
        _collect(out, collections, [])
    return out


def merge_all(key=GraphKeys.SUMMARIES, scope=None, name=None):
    """Merges every summary in the collection `key` (optionally under `scope`); None when there is none."""
    summary_ops = get_collection(key, scope=scope)
    return merge(summary_ops, name=name) if summary_ops else None


def get_summary_description(node_def):
    """The SummaryDescription of a v1 TensorSummary node's `description` attr.

    Raises:
      ValueError: the node is not a TensorSummary.
    """
    if node_def.op != "TensorSummary":
        raise ValueError(f"Can't get_summary_description on {node_def.op}")
    from google.protobuf import json_format  # optional dependency: protobuf
    description = node_def.attr["description"].s
    return json_format.Parse(_text(description), _summary_pb2().SummaryDescription())


__all__ = []  # tf.summary.* lives in tfsess.summary
