"""Printing: Print, tf.print (PrintV2) and the value summaries they (and Assert) show.

Printing writes to Python's `sys.stderr` (looked up when the op runs), so notebooks show it.
Values are summarised as TF's `Tensor::SummarizeValue` does: Assert and Print use the TF1
flat form (`[1 2 3...]`), tf.print the nested form (`[[1 2] [3 4]]`).
"""
from __future__ import annotations

import sys

import numpy as np

from tfsess.framework.op_builder import apply1, apply_op, convert_to_tensor
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.lib.xp import to_host
from tfsess.ops._infer import no_outputs

DEFAULT_SUMMARIZE = 3  # entries of each tensor shown by Assert, Print and tf.print


# ================================================================== value summaries
def _float_str(value, dtype) -> str:
    """TF's FloatToBuffer/DoubleToBuffer: the shortest %g form that reads back exactly."""
    if np.isnan(value):
        return "nan"
    if np.isinf(value):
        return "inf" if value > 0 else "-inf"
    digits, more = (6, 9) if dtype in (np.float32, np.float16) else (15, 17)
    text = "%.*g" % (digits, value)
    if dtype(float(text)) != value:
        text = "%.*g" % (more, value)
    return text


def _escape(raw: bytes) -> str:
    """absl's Utf8SafeCEscape: printable UTF-8 stays, quotes, backslashes and controls escape."""
    out = []
    for ch in raw.decode("utf-8", errors="surrogateescape"):
        code = ord(ch)
        special = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\"": "\\\"", "'": "\\'", "\\": "\\\\"}
        if ch in special:
            out.append(special[ch])
        elif code < 0x20 or code == 0x7F or 0xDC80 <= code <= 0xDCFF:
            out.append("\\%03o" % (code - 0xDC00 if code >= 0xDC80 else code))
        else:
            out.append(ch)
    return "".join(out)


def _element(value, print_v2=False) -> str:
    if isinstance(value, (bytes, np.bytes_)):
        text = _escape(bytes(value))
        return f'"{text}"' if print_v2 else text
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return "1" if value else "0"
    if isinstance(value, (np.floating, float)):
        return _float_str(value, type(value) if isinstance(value, np.floating) else np.float64)
    if isinstance(value, (np.complexfloating, complex)):
        kind = np.float32 if isinstance(value, np.complex64) else np.float64
        return f"({_float_str(kind(value.real), kind)},{_float_str(kind(value.imag), kind)})"
    return str(int(value)) if isinstance(value, (np.integer, int)) else str(value)


def summarize_value(value, limit=DEFAULT_SUMMARIZE) -> str:
    """TF's SummarizeValue(limit, print_v2=false): the first `limit` elements, '...' after."""
    arr = np.asarray(value)
    flat = arr.reshape(-1)
    limit = flat.size if limit is None or limit < 0 else min(int(limit), flat.size)
    if arr.ndim == 0:
        text = " ".join(_element(flat[i]) for i in range(limit))
        return text + ("..." if flat.size > limit else "")
    out, index = [], [0]

    def dim(d):
        if index[0] >= limit:
            return
        if d == arr.ndim - 1:
            for i in range(arr.shape[d]):
                if index[0] >= limit:
                    if d != 0:
                        out.append("...")
                    return
                if i > 0:
                    out.append(" ")
                out.append(_element(flat[index[0]]))
                index[0] += 1
            return
        for _ in range(arr.shape[d]):
            opened = index[0] < limit
            if opened:
                out.append("[")
            dim(d + 1)
            if index[0] < limit or opened:
                out.append("]")

    dim(0)
    return "".join(out) + ("..." if flat.size > limit else "")


def summarize_v2(value, limit=DEFAULT_SUMMARIZE) -> str:
    """TF's SummarizeValue(limit, print_v2=true): nested brackets, `limit` items at each end."""
    arr = np.asarray(value)
    if arr.ndim == 0:
        return _element(arr[()], print_v2=arr.dtype.kind not in "SO")
    edge = arr.size if limit is None or limit < 0 else int(limit)
    out = []

    def spacing(d):
        if d == arr.ndim - 1:
            out.append(" ")
        else:
            out.append("\n" * (arr.ndim - d - 1) + " " * (d + 1))

    def dim(d, sub):
        if d == arr.ndim:
            out.append(_element(sub[()] if isinstance(sub, np.ndarray) else sub, print_v2=True))  # a string element comes out bare
            return
        out.append("[")
        count = arr.shape[d]
        for i in range(min(edge, count)):
            if i > 0:
                spacing(d)
            dim(d + 1, sub[i])
        if count > 2 * edge:
            spacing(d)
            out.append("...")
        for i in range(max(edge, count - edge), count):
            spacing(d)
            dim(d + 1, sub[i])
        out.append("]")

    dim(0, arr)
    return "".join(out)


# ================================================================== Print and tf.print
def _print_infer(inputs, attrs):
    return [(inputs[0].dtype.base_dtype, inputs[0].shape)]


@register_op("Print", infer=_print_infer, stateful=True, needs_ctx=True, gpu=False)
def _print(xp, value, *data, ctx, message="", first_n=-1, summarize=DEFAULT_SUMMARIZE):
    if first_n >= 0:
        counter = ctx.resources.get_or_create(f"_print_count:{ctx.op.name}", lambda: [0])
        if counter[0] >= first_n:
            return value
        counter[0] += 1
    text = message + "".join(f"[{summarize_value(to_host(d), summarize)}]" for d in data)
    stream = sys.stderr
    stream.write(text + "\n")
    stream.flush()
    return value


@_print.gradient
def _print_grad(op, grad):
    return [grad] + [None] * (len(op.inputs) - 1)


def Print(input_, data, message=None, first_n=None, summarize=None, name=None):  # noqa: N802 - TF's name
    """Passes `input_` through, printing `message` and `data` to stderr when run (tf.Print).

    Args:
        input_: the tensor passed through.
        data: tensors to print.
        message: a prefix string.
        first_n: print only the first `first_n` times the op runs (per session).
        summarize: how many entries of each tensor to print (3).
    """
    x = convert_to_tensor(input_)
    xs = [convert_to_tensor(d) for d in data]
    attrs = {"message": "" if message is None else str(message), "first_n": -1 if first_n is None else int(first_n),
             "summarize": DEFAULT_SUMMARIZE if summarize is None else int(summarize),
             "U": [t.dtype.base_dtype for t in xs]}
    return apply1("Print", [x] + xs, attrs, name=name or "Print")


@register_op("PrintV2", infer=no_outputs, stateful=True, gpu=False, no_gradient=True)
def _print_v2(xp, *tensors, template, summarize=DEFAULT_SUMMARIZE, output_stream="stderr", end="\n"):
    pieces = iter(summarize_v2(to_host(t), summarize) for t in tensors)
    text = "".join(part if part is not None else next(pieces) for part in template)
    stream = {"stderr": sys.stderr, "stdout": sys.stdout}.get(output_stream)
    if stream is None:
        stream = sys.stderr
    stream.write(text + end)
    stream.flush()
    return ()


def print_v2(*inputs, output_stream=sys.stderr, summarize=DEFAULT_SUMMARIZE, sep=" ", end="\n", name=None):
    """Prints `inputs` (tensors and Python values) when the returned op runs (tf.print)."""
    template, tensors = [], []
    for i, item in enumerate(inputs):
        if i:
            template.append(sep)
        if isinstance(item, (Tensor, SparseTensor)) or (hasattr(item, "dtype") and hasattr(item, "op")):
            if isinstance(item, SparseTensor):
                template += ["'SparseTensor(indices=", None, ", values=", None, ", shape=", None, ")'"]
                tensors += [item.indices, item.values, item.dense_shape]
            else:
                template.append(None)
                tensors.append(convert_to_tensor(item))
        else:
            template.append(str(item))
    stream = output_stream
    if stream is sys.stdout:
        stream = "stdout"
    elif not isinstance(stream, str):
        stream = "stderr"
    attrs = {"template": template, "summarize": -1 if summarize is None else int(summarize),
             "output_stream": stream, "end": end}
    return apply_op("PrintV2", tensors, attrs, name=name or "PrintV2")


__all__ = ["Print"]  # print_v2 is exported as tf.print
