"""tf.nn's rank-generic convolution and pooling front ends: convolution, conv_transpose,
conv1d_transpose, pool, with_space_to_batch, avg_pool1d / max_pool1d, and the
depthwise_conv2d_native_backprop_input / _filter wrappers.

They pick the 1-, 2- or 3-D op from the filter's (or window's) rank, as TF's nn_ops does. A dilated
channels-last `convolution` with a known window goes through with_space_to_batch, as TF's Convolution
helper does (SpaceToBatchND, the undilated op, BatchToSpaceND); channels-first or an unknown window runs
the dilated op directly. Dilated `pool` goes through with_space_to_batch, as TF's does (only VALID
padding, as TF).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.ops import array_ops, batch_space_ops, conv3d_ops, conv_ops, math_ops, pool3d_ops, pool_ops, stack_ops
from tfsess.ops._infer import renamed_arg
from tfsess.ops.window_geometry import convert_padding, get_sequence

_CHANNELS_LAST = ("NWC", "NHC", "NHWC", "NDHWC")


# ================================================================== convolution
def convolution(input, filter=None, padding=None, strides=None, dilation_rate=None,  # noqa: A002 - TF's names
                name=None, data_format=None, filters=None, dilations=None):
    """N-D convolution (N = 1, 2, 3 from the filter's rank) (tf.nn.convolution).

    Args:
        strides, dilation_rate: N ints (or N + 2); padding: "SAME" or "VALID".

    Raises:
        ValueError: neither rank known, N not 1-3, or strides > 1 with dilation > 1.
    """
    filters = renamed_arg("filters", filters, "filter", filter)
    dilations = renamed_arg("dilations", dilations, "dilation_rate", dilation_rate)
    if not hasattr(filters, "shape") or not hasattr(filters, "op"):
        with op_scope("convolution_internal", None, [filters, input]):
            filters = convert_to_tensor(filters, name="filters")
    if not hasattr(input, "op"):
        with op_scope("convolution_internal", None, [filters, input]):
            input = convert_to_tensor(input, name="input")  # noqa: A001
    n = _spatial_dims(input, filters)
    channel_index = n + 1 if data_format is None or data_format in _CHANNELS_LAST else 1
    dilations = get_sequence(dilations, n, channel_index, "dilations")
    strides = get_sequence(strides, n, channel_index, "strides")
    if any(d != 1 for d in dilations) and any(s != 1 for s in strides):
        raise ValueError(f"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
                         f"strides={strides} and dilation_rate={dilations}")
    with op_scope(name, None if name else "convolution", [input, filters]) as scope:
        window = filters.shape.as_tuple_or_none()[:n] if filters.shape.ndims else (None,)
        if any(d != 1 for d in dilations) and channel_index != 1 and None not in window:
            return _dilated_convolution(input, filters, padding, dilations[1:-1], window, scope)
        if n == 2:
            return conv_ops.conv2d(input, filters, strides, padding, data_format=data_format or "NHWC",
                                   dilations=dilations, name=scope)
        if n == 3:
            return conv3d_ops.conv3d(input, filters, strides, padding, data_format=data_format or "NDHWC",
                                     dilations=dilations, name=scope)
        spatial = slice(2, 3) if channel_index == 1 else slice(1, 2)
        return conv_ops.conv1d(input, filters, strides[spatial], padding, data_format=data_format,
                               dilations=dilations[spatial], name=scope)


def _dilated_convolution(input, filters, padding, rate, window, scope):  # noqa: A002 - TF's names
    """A channels-last dilated convolution as TF's Convolution helper builds it: the undilated op on
    space_to_batch_nd's blocks, then batch_to_space_nd."""
    ops = {1: lambda x, pad: conv_ops.conv1d(x, filters, 1, pad, name=scope),
           2: lambda x, pad: conv_ops.conv2d(x, filters, [1, 1, 1, 1], pad, name=scope),
           3: lambda x, pad: conv3d_ops.conv3d(x, filters, [1] * 5, pad, name=scope)}
    build = ops[len(rate)]
    return with_space_to_batch(input, rate, padding, lambda x, _n, pad: build(x, pad), filter_shape=list(window))


def _spatial_dims(input, filters):  # noqa: A002 - TF's names
    if filters.shape.ndims:
        n = filters.shape.ndims - 2
    elif input.shape.ndims:
        n = input.shape.ndims - 2
    else:
        raise ValueError("When `num_spatial_dims` is not set, one of `input.shape.rank` or `filters.shape.rank` must "
                         f"be known. Received: input.shape={input.shape} of rank {input.shape.ndims} and "
                         f"filters.shape={filters.shape} of rank {filters.shape.ndims}")
    if n not in (1, 2, 3):
        raise ValueError(f"`num_spatial_dims` must be 1, 2, or 3. Received: num_spatial_dims={n}.")
    return n


# ================================================================== transposed convolutions
def conv1d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NWC",  # noqa: A002
                     dilations=None, name=None):
    """The transpose of conv1d: Conv2DBackpropInput over a unit height (tf.nn.conv1d_transpose).

    Raises:
        ValueError: a data_format other than "NWC" or "NCW".
    """
    with op_scope(name, "conv1d_transpose", [input, filters, output_shape]) as scope:
        if data_format is None or data_format == "NWC":
            data_format, spatial, channel_index = "NHWC", 1, 2
        elif data_format == "NCW":
            data_format, spatial, channel_index = "NCHW", 2, 1
        else:
            raise ValueError(f"`data_format` must be 'NWC' or 'NCW'. Received: data_format={data_format}")
        strides = [1] + get_sequence(strides, 1, channel_index, "stride")
        dilations = [1] + get_sequence(dilations, 1, channel_index, "dilations")
        value = array_ops.expand_dims(convert_to_tensor(input, name="input"), spatial)
        filters = array_ops.expand_dims(convert_to_tensor(filters, name="filters"), 0)
        if hasattr(output_shape, "op"):
            output_shape = math_ops.cast(output_shape, dtypes.int32)
            sizes = stack_ops.concat([output_shape[:spatial], [1], output_shape[spatial:]], 0)
        else:
            output_shape = list(output_shape)
            sizes = stack_ops.concat([output_shape[:spatial], [1], output_shape[spatial:]], 0)
        result = conv_ops.conv2d_backprop_input(sizes, filters, value, strides, padding, data_format=data_format,
                                                dilations=dilations, name=scope)
        return array_ops.squeeze(result, [spatial])


def conv_transpose(input, filters, output_shape, strides, padding="SAME", data_format=None,  # noqa: A002
                   dilations=None, name=None):
    """The transpose of an N-D convolution, N from len(output_shape) - 2 (tf.nn.conv_transpose).

    Raises:
        ValueError: an output_shape not of length 3, 4 or 5.
    """
    with op_scope(name, "conv_transpose", [input, filters, output_shape]) as scope:
        if hasattr(output_shape, "op"):
            n = output_shape.shape[0].value - 2
        elif hasattr(output_shape, "__len__"):
            n = len(output_shape) - 2
        else:
            raise ValueError("`output_shape` must be a tensor or sized collection")
        if not 1 <= n <= 3:
            raise ValueError(f"`output_shape` must be of length 3, 4 or 5. Received: output_shape={output_shape} of "
                             f"length {n + 2}.")
        if n == 1:
            return conv1d_transpose(input, filters, output_shape, strides, padding=padding,
                                    data_format=data_format or "NWC", dilations=dilations, name=scope)
        transpose = conv_ops.conv2d_transpose if n == 2 else conv3d_ops.conv3d_transpose
        channel_index = 1 if (data_format or "").startswith("NC") else n + 1
        return transpose(input, filters, output_shape, get_sequence(strides, n, channel_index, "strides"),
                         padding=padding, data_format=data_format or ("NHWC" if n == 2 else "NDHWC"),
                         dilations=get_sequence(dilations, n, channel_index, "dilations"), name=scope)


# ================================================================== depthwise backprops
def depthwise_conv2d_native_backprop_input(input_sizes, filter, out_backprop, strides, padding,  # noqa: A002
                                           data_format="NHWC", dilations=(1, 1, 1, 1), name=None):
    """The gradient of depthwise_conv2d_native for its input (tf.nn.depthwise_conv2d_native_backprop_input)."""
    padding, explicit = convert_padding(padding)
    attrs = {"strides": [int(s) for s in strides], "padding": padding, "explicit_paddings": explicit,
             "data_format": data_format, "dilations": [int(d) for d in dilations]}
    with op_scope(name, "DepthwiseConv2dNativeBackpropInput", [input_sizes, filter, out_backprop]) as scope:
        sizes = convert_to_tensor(input_sizes, dtype=dtypes.int32, name="input_sizes")
        f = convert_to_tensor(filter, name="filter")
        dy = convert_to_tensor(out_backprop, name="out_backprop")
        return apply_op("DepthwiseConv2dNativeBackpropInput", [sizes, f, dy], attrs, name=scope).outputs[0]


def depthwise_conv2d_native_backprop_filter(input, filter_sizes, out_backprop, strides, padding,  # noqa: A002
                                            data_format="NHWC", dilations=(1, 1, 1, 1), name=None):
    """The gradient of depthwise_conv2d_native for its filter (tf.nn.depthwise_conv2d_native_backprop_filter)."""
    padding, explicit = convert_padding(padding)
    attrs = {"strides": [int(s) for s in strides], "padding": padding, "explicit_paddings": explicit,
             "data_format": data_format, "dilations": [int(d) for d in dilations]}
    with op_scope(name, "DepthwiseConv2dNativeBackpropFilter", [input, filter_sizes, out_backprop]) as scope:
        x = convert_to_tensor(input, name="input")
        sizes = convert_to_tensor(filter_sizes, dtype=dtypes.int32, name="filter_sizes")
        dy = convert_to_tensor(out_backprop, name="out_backprop")
        return apply_op("DepthwiseConv2dNativeBackpropFilter", [x, sizes, dy], attrs, name=scope).outputs[0]


# ================================================================== pooling
def _pool1d(pool_fn, default_name, input, ksize, strides, padding, data_format, name):  # noqa: A002
    with op_scope(name, default_name, [input]) as scope:
        data_format = data_format or "NWC"
        channel_index = 1 if data_format.startswith("NC") else 2
        ksize = [1] + get_sequence(ksize, 1, channel_index, "ksize")
        strides = [1] + get_sequence(strides, 1, channel_index, "strides")
        axis = 1 if data_format == "NWC" else 2
        x = array_ops.expand_dims(convert_to_tensor(input, name="input"), axis)
        result = pool_fn(x, ksize, strides, padding, data_format="NHWC" if data_format == "NWC" else "NCHW",
                         name=scope)
        return array_ops.squeeze(result, [axis])


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002 - TF's names
    """Average pooling over [batch, width, channels] (tf.nn.avg_pool1d)."""
    return _pool1d(pool_ops.avg_pool, "AvgPool1D", input, ksize, strides, padding, data_format, name)


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002 - TF's names
    """Max pooling over [batch, width, channels] (tf.nn.max_pool1d)."""
    return _pool1d(pool_ops.max_pool, "MaxPool1d", input, ksize, strides, padding, data_format, name)


def _pool_nd(ops, input, ksize, strides, padding, data_format, name):  # noqa: A002 - TF's names
    input = convert_to_tensor(input, name="input")  # noqa: A001
    if input.shape.ndims is not None:
        n = input.shape.ndims - 2
    elif data_format is not None:
        n = len(data_format) - 2
    else:
        raise ValueError("`input` must have a static shape or a data format. Received: input.shape=<unknown> and "
                         f"data_format={data_format}")
    if not 1 <= n <= 3:
        raise ValueError(f"`input.shape.rank` must be 3, 4 or 5. Received: input.shape={input.shape} of rank "
                         f"{n + 2}.")
    if n == 1:
        return _pool1d(ops[0], ops[3], input, ksize, strides, padding, data_format, name)
    channel_index = 1 if data_format is not None and data_format.startswith("NC") else n + 1
    ksize = get_sequence(ksize, n, channel_index, "ksize")
    strides = get_sequence(strides, n, channel_index, "strides")
    return ops[n - 1](input, ksize, strides, padding, data_format=data_format or ("NHWC" if n == 2 else "NDHWC"),
                      name=name)


def max_pool_nd(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002 - TF's names
    """Max pooling of rank 1, 2 or 3, from the input's rank (tf.nn.max_pool_v2)."""
    return _pool_nd((pool_ops.max_pool, pool_ops.max_pool, pool3d_ops.max_pool3d, "MaxPool1d"), input, ksize,
                    strides, padding, data_format, name)


def avg_pool_nd(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002 - TF's names
    """Average pooling of rank 1, 2 or 3, from the input's rank (tf.nn.avg_pool_v2)."""
    return _pool_nd((pool_ops.avg_pool, pool_ops.avg_pool, pool3d_ops.avg_pool3d, "AvgPool1D"), input, ksize,
                    strides, padding, data_format, name)


def _strides_and_dilation_rate(n, strides, dilation_rate):
    dilation_rate = np.array([1] * n if dilation_rate is None else _checked_len(dilation_rate, n, "dilation_rate"))
    if np.any(dilation_rate < 1):
        raise ValueError(f"all values of `dilation_rate` must be positive. Received: dilation_rate={dilation_rate}")
    strides = np.array([1] * n if strides is None else _checked_len(strides, n, "strides"))
    if np.any(strides < 1):
        raise ValueError(f"all values of `strides` must be positive. Received: strides={strides}")
    if np.any(strides > 1) and np.any(dilation_rate > 1):
        raise ValueError(f"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
                         f"strides={strides} and dilation_rate={dilation_rate}")
    return strides, dilation_rate


def _checked_len(values, n, what):
    values = [int(v) for v in values]
    if len(values) != n:
        raise ValueError(f"`len({what})` should be {n}. Received: {what}={values} of length {len(values)}")
    return values


def pool(input, window_shape, pooling_type, padding, dilation_rate=None, strides=None, name=None,  # noqa: A002
         data_format=None, dilations=None):
    """N-D max or average pooling, N = len(window_shape), optionally dilated (tf.nn.pool).

    Raises:
        ValueError: N not 1-3, a pooling_type other than "MAX"/"AVG", SAME padding with dilation,
            strides larger than the window, or strides > 1 with dilation > 1.
    """
    dilation_rate = renamed_arg("dilations", dilations, "dilation_rate", dilation_rate)
    with op_scope(name, f"{pooling_type.lower()}_pool", [input]) as scope:
        input = convert_to_tensor(input, name="input")  # noqa: A001
        n = len(window_shape)
        if n < 1 or n > 3:
            raise ValueError(f"`len(window_shape)` must be 1, 2, or 3. Received: window_shape={window_shape} of "
                             f"length {len(window_shape)}")
        input.shape.with_rank(n + 2)
        strides, dilation_rate = _strides_and_dilation_rate(n, strides, dilation_rate)
        if padding == "SAME" and np.any(dilation_rate > 1):
            raise ValueError(f"pooling with 'SAME' padding is not implemented for `dilation_rate` > 1. Received: "
                             f"padding={padding} and dilation_rate={dilation_rate}")
        if np.any(strides > np.array(window_shape)):
            raise ValueError("`strides` > `window_shape` not supported due to inconsistency between CPU and GPU "
                             f"implementations. Received: strides={strides} and window_shape={window_shape}")
        ops = {"MAX": (pool_ops.max_pool, pool3d_ops.max_pool3d), "AVG": (pool_ops.avg_pool, pool3d_ops.avg_pool3d)}
        if pooling_type not in ops:
            raise ValueError(f"{n}-D {pooling_type} pooling is not supported.")
        pool_fn = ops[pooling_type][1 if n == 3 else 0]
        channels_first = data_format is not None and data_format.startswith("NC")
        window, steps = [int(k) for k in window_shape], [int(s) for s in strides]

        def op(converted, _, converted_padding):
            # channels last here: a channels-first input is transposed around the call (the same values)
            x = array_ops.expand_dims(converted, 1) if n == 1 else converted
            one = [1] if n == 1 else []
            result = pool_fn(x, [1] + one + window + [1], [1] + one + steps + [1], converted_padding,
                             data_format="NDHWC" if n == 3 else "NHWC", name=scope)
            return array_ops.squeeze(result, [1]) if n == 1 else result

        if n == 1 and data_format not in (None, "NWC", "NCW"):
            raise ValueError(f"data_format must be either 'NWC' or 'NCW'. Received: data_format={data_format}")
        if channels_first:
            input = array_ops.transpose(input, [0] + list(range(2, n + 2)) + [1])  # noqa: A001
        result = with_space_to_batch(input, dilation_rate, padding, op, filter_shape=window_shape)
        return array_ops.transpose(result, [0, n + 1] + list(range(1, n + 1))) if channels_first else result


def with_space_to_batch(input, dilation_rate, padding, op, filter_shape=None, spatial_dims=None,  # noqa: A002
                        data_format=None):
    """`op(input, num_spatial_dims, padding)` dilated by `dilation_rate`, through space_to_batch_nd and
    batch_to_space_nd over the channels-last spatial dims (tf.nn.with_space_to_batch).

    Raises:
        ValueError: a padding other than "SAME"/"VALID", or SAME without `filter_shape`.
    """
    input = convert_to_tensor(input, name="input")  # noqa: A001
    rate = np.asarray(dilation_rate, dtype=np.int64).reshape(-1)
    n = rate.size
    if spatial_dims is not None and list(spatial_dims) != list(range(1, n + 1)):
        raise ValueError(f"spatial_dims must be {list(range(1, n + 1))} here (channels last). Received: "
                         f"spatial_dims={list(spatial_dims)}")
    if np.all(rate == 1):
        return op(input, n, padding)
    if padding == "SAME":
        if filter_shape is None:
            raise ValueError("`filter_shape` must be specified for `padding='SAME'`. Received: filter_shape=None")
        extra = (np.asarray(filter_shape, np.int64) - 1) * rate
        base = np.stack([extra // 2, extra - extra // 2], axis=1)
    elif padding == "VALID":
        base = np.zeros((n, 2), np.int64)
    else:
        raise ValueError(f"Invalid padding method {padding!r}")
    spatial = input.shape.as_tuple_or_none()[1:n + 1] if input.shape.ndims is not None else (None,) * n
    if any(s is None for s in spatial):  # int32 from the run's shape, as TF's required_space_to_batch_paddings
        sizes = array_ops.shape(input)[1:n + 1]
        end_extra = (_int32(rate) - (sizes + _int32(base[:, 0] + base[:, 1])) % _int32(rate)) % _int32(rate)
        paddings = stack_ops.stack([_int32(base[:, 0]), _int32(base[:, 1]) + end_extra], axis=1)
        crops = stack_ops.stack([array_ops.zeros_like(end_extra), end_extra], axis=1)
        # TF concatenates them with the (here empty) zero blocks around the spatial dims: an Identity each
        paddings = array_ops.identity(paddings, name="concat/concat")
        crops = array_ops.identity(crops, name="concat_1/concat")
    else:
        end_extra = (rate - (np.asarray(spatial) + base[:, 0] + base[:, 1]) % rate) % rate
        paddings = np.stack([base[:, 0], base[:, 1] + end_extra], axis=1)
        crops = np.stack([np.zeros_like(end_extra), end_extra], axis=1)
    converted = batch_space_ops.space_to_batch_nd(input, rate, paddings)
    result = op(converted, n, "VALID")
    return batch_space_ops.batch_to_space_nd(result, rate, crops)


def _int32(values):
    return convert_to_tensor(np.asarray(values, np.int32))


__all__ = []
