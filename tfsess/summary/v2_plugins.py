"""TF2 histogram, image and audio summaries in graph mode (tf.compat.v2.summary.histogram/image/audio).

TensorBoard builds their data in-graph with TF ops and writes it with tf.summary.write; these
build the same tensors with tfsess's ops: a histogram is a float64 [buckets, 3] tensor of
(left edge, right edge, count) rows, equal-width over [min, max] (30 buckets by default); an
image summary is a string vector [width, height, png...] of at most max_outputs images; an audio
summary is a string matrix [clips, 2] of (WAV file, label "") rows.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.graph_api import name_scope
from tfsess.ops.array_ops import reshape, shape, size, stop_gradient, transpose
from tfsess.ops.audio_ops import encode_wav
from tfsess.ops.broadcast_ops import tile
from tfsess.ops.check_ops import assert_non_negative, assert_rank, assert_scalar, assert_type
from tfsess.ops.cond_ops import cond
from tfsess.ops.constant_op import constant, fill, zeros
from tfsess.ops.functional_ops import map_fn
from tfsess.ops.image_codec import encode_png
from tfsess.ops.image_ops import convert_image_dtype
from tfsess.ops.indexing_ops import one_hot
from tfsess.ops.logic_ops import equal, greater, less_equal, logical_or
from tfsess.ops.math_ops import cast, maximum, minimum
from tfsess.ops.reduction_ops import reduce_max, reduce_min, reduce_sum
from tfsess.ops.sequence_ops import linspace
from tfsess.ops.stack_ops import concat, stack
from tfsess.ops.string_ops import as_string
from tfsess.ops.unary_ops import floor
from tfsess.summary.v2_api import summary_scope, write

DEFAULT_BUCKET_COUNT = 30  # TensorBoard's
_AUDIO_WAV_CONTENT = b"\x10\x0b"  # TensorBoard's AudioPluginData(version=0, encoding=WAV), serialized


def _metadata(plugin_name, description, content=b""):
    from tfsess.protos import summary_pb2  # optional dependency: protobuf
    metadata = summary_pb2.SummaryMetadata(plugin_data=summary_pb2.SummaryMetadata.PluginData(
        plugin_name=plugin_name, content=content))
    if description is not None:
        metadata.summary_description = description
    return metadata


def _buckets(data, bucket_count=None):
    """TensorBoard's histogram buckets: [k, 3] float64 rows (left, right, count), k = bucket_count
    (all zeros for empty data; one value puts every count in the last bucket of width 0)."""
    bucket_count = DEFAULT_BUCKET_COUNT if bucket_count is None else bucket_count
    with name_scope("buckets"):
        assert_scalar(bucket_count)
        assert_type(bucket_count, dtypes.int32)
        bucket_count = maximum(0, bucket_count)
        data = cast(reshape(data, [-1]), dtypes.float64)
        data_size = size(data)
        is_empty = logical_or(equal(data_size, 0), less_equal(bucket_count, 0))

        def when_empty():
            return zeros(stack([bucket_count, 3]), dtype=dtypes.float64)

        def when_nonempty():
            min_, max_ = reduce_min(data), reduce_max(data)
            range_ = max_ - min_

            def when_multiple_values():
                bucket_width = range_ / cast(bucket_count, dtypes.float64)
                indices = cast(floor((data - min_) / bucket_width), dtypes.int32)
                counts = reduce_sum(one_hot(minimum(indices, bucket_count - 1), depth=bucket_count,
                                            dtype=dtypes.float64), axis=0)
                edges = linspace(min_, max_, bucket_count + 1)
                edges = concat([edges[:-1], reshape(max_, [1])], 0)  # the last edge is max exactly
                return transpose(stack([edges[:-1], edges[1:], counts]))

            def when_single_value():
                edges = fill(reshape(bucket_count, [1]), max_)
                zeroes = fill(reshape(bucket_count, [1]), 0)
                counts = cast(concat([zeroes[:-1], reshape(data_size, [1])], 0)[:bucket_count], dtypes.float64)
                return transpose(stack([edges, edges, counts]))

            return cond(equal(range_, 0), when_single_value, when_multiple_values)

        return cond(is_empty, when_empty, when_nonempty)


def histogram(name, data, step=None, buckets=None, description=None):
    """Writes a histogram of `data` for TensorBoard's histograms plugin (tf.compat.v2.summary.histogram)."""
    data = stop_gradient(data)
    with summary_scope(name, "histogram_summary", values=[data, buckets, step]) as (tag, _):
        return write(tag=tag, tensor=lambda: _buckets(data, buckets), step=step,
                     metadata=_metadata("histograms", description))


def image(name, data, step=None, max_outputs=3, description=None):
    """Writes up to `max_outputs` PNG images of a [k, h, w, c] tensor (floats in [0, 1] or uint8)
    for TensorBoard's images plugin (tf.compat.v2.summary.image)."""
    with summary_scope(name, "image_summary", values=[data, max_outputs, step]) as (tag, _):
        def lazy_tensor():
            assert_rank(data, 4)
            assert_non_negative(max_outputs)
            images = convert_image_dtype(data, dtypes.uint8, saturate=True)
            encoded = map_fn(encode_png, images[:max_outputs], dtype=dtypes.string)
            image_shape = shape(images)
            dimensions = stack([as_string(image_shape[2], name="width"), as_string(image_shape[1], name="height")],
                               name="dimensions")
            return concat([dimensions, encoded], axis=0)
        return write(tag=tag, tensor=lazy_tensor, step=step, metadata=_metadata("images", description))


def audio(name, data, sample_rate, step=None, max_outputs=3, encoding=None, description=None):
    """Writes up to `max_outputs` WAV clips of a [k, frames, channels] float tensor in [-1, 1] for
    TensorBoard's audio plugin (tf.compat.v2.summary.audio).

    Raises:
      ValueError: `encoding` is not "wav".
    """
    encoding = "wav" if encoding is None else encoding
    if encoding != "wav":
        raise ValueError(f"Unknown encoding: {encoding!r}")
    with summary_scope(name, "audio_summary", values=[data, sample_rate, max_outputs, step]) as (tag, _):
        def lazy_tensor():
            assert_rank(data, 3)
            assert_non_negative(max_outputs)
            limited = data[:max_outputs]
            encoded = map_fn(lambda clip: encode_wav(clip, sample_rate=sample_rate), limited, dtype=dtypes.string,
                             name="encode_each_audio")
            encoded = cond(greater(shape(encoded)[0], 0), lambda: encoded, lambda: constant([], dtypes.string))
            labels = tile([""], shape(limited)[:1])
            return transpose(stack([encoded, labels]))
        return write(tag=tag, tensor=lazy_tensor, step=step,
                     metadata=_metadata("audio", description, _AUDIO_WAV_CONTENT))


__all__ = ["audio", "histogram", "image"]
