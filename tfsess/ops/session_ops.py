"""Tensor handles: keep a value in the session between runs (TF1's session_ops.py and its kernels).

`get_session_handle(t)` makes an op whose run stores t's value in the session and returns its
handle, the string `"<op name>;<id>;<device>"` (ids count up per session). `get_session_tensor`
reads a stored value back through a fed handle; `delete_session_tensor` removes one. The store is
the session's own (its ResourceManager), so handles are per session and die with it.

A stored value is a copy: it never changes after its run. (TF stores the tensor itself, so a handle
of a ref variable's read follows later in-place assigns to that variable; tfsess's kernels may
reuse a dying buffer in place, which a kept alias would not survive.)
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import device_spec, dtypes, errors
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import apply_op
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import scalar, unknown_shape
from tfsess.runtime import session_tensors
from tfsess.runtime.memory import tf_type_name

def _handle_str(handle) -> str:
    value = np.asarray(handle).reshape(-1)[0] if np.ndim(handle) else np.asarray(handle).item()
    if not isinstance(value, (bytes, str)):
        raise errors.InvalidArgumentError(None, None, f"A tensor handle must be a string, got {value!r}")
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _type_name(dtype) -> str:
    """TF's DataTypeString of a dtype ('float' for float32)."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    return "string" if dtype == dtypes.string else tf_type_name(dtype.as_numpy_dtype)


# ------------------------------------------------------------------ kernels
def _store(xp, value, ctx):
    device = ctx.placer_for(ctx.op.graph)(ctx.op)
    handle = session_tensors.new_handle(ctx.resources, ctx.op.name, device.name)
    # a copy: the stored value must not follow later in-place updates of its source (a variable's buffer)
    ctx.resources.set(session_tensors.store_key(handle), value.copy() if hasattr(value, "copy") else value)
    return handle


@register_op("GetSessionHandle", infer=lambda inputs, attrs: [(dtypes.string, scalar())], stateful=True,
             needs_ctx=True, gpu=False, no_gradient=True)
def _get_session_handle(xp, value, *, ctx, T=None):  # noqa: N803 - TF's attr name
    return np.asarray(_store(xp, value, ctx).encode("utf-8"), dtype=object)


@register_op("GetSessionHandleV2", infer=lambda inputs, attrs: [(dtypes.resource, scalar())], stateful=True,
             needs_ctx=True, gpu=False, no_gradient=True)
def _get_session_handle_v2(xp, value, *, ctx, T=None):  # noqa: N803 - TF's attr name
    return np.asarray(_store(xp, value, ctx).encode("utf-8"), dtype=object)


@register_op("GetSessionTensor", infer=lambda inputs, attrs: [(dtypes.as_dtype(attrs["dtype"]), unknown_shape())],
             stateful=True, needs_ctx=True, gpu=False, no_gradient=True)
def _get_session_tensor(xp, handle, *, ctx, dtype):
    value = session_tensors.lookup(ctx.resources.get, _handle_str(handle))
    found = dtypes.as_dtype(np.asarray(value).dtype if not hasattr(value, "get") else value.dtype)
    if found.base_dtype != dtypes.as_dtype(dtype).base_dtype:
        raise errors.InternalError(None, None, f"Output 0 of type {_type_name(found)} does not match declared "
                                               f"output type {_type_name(dtype)} for node {{{{node {ctx.op.name}}}}}")
    return value


@register_op("DeleteSessionTensor", infer=lambda inputs, attrs: [], stateful=True, needs_ctx=True, gpu=False,
             no_gradient=True)
def _delete_session_tensor(xp, handle, *, ctx):
    name = _handle_str(handle)
    if ctx.resources.pop(session_tensors.store_key(name)) is None:
        raise errors.InvalidArgumentError(None, None, f"Failed to delete a tensor with handle '{name}' in the "
                                                      f"session store.")
    return ()


# ------------------------------------------------------------------ public API
def handle_device(handle) -> str:
    """The canonical device name a handle string ends with."""
    text = handle.decode("utf-8") if isinstance(handle, bytes) else str(handle)
    return device_spec.canonical_name(text.split(";")[-1])


def get_session_handle(data, name=None):
    """The handle of `data`: running it keeps `data`'s value in the session (tf.get_session_handle).

    Fetching the returned scalar string tensor gives a TensorHandle; its `handle` feeds
    get_session_tensor's placeholder in later runs of the same session.

    Raises:
        TypeError: `data` is not a Tensor.
    """
    if not isinstance(data, Tensor):
        raise TypeError("`data` must be of type Tensor.")
    with data.graph.colocate_with(data.op):
        return apply_op("GetSessionHandle", [data], {"T": data.dtype.base_dtype}, name=name).outputs[0]


def _string_placeholder():
    return apply_op("Placeholder", [], {"dtype": dtypes.string, "shape": None}, name="Placeholder",
                    graph=get_default_graph()).outputs[0]


def get_session_tensor(handle, dtype, name=None):
    """(placeholder, tensor): feeding a handle string to the placeholder makes `tensor` the value the session
    stores under it (tf.get_session_tensor). Placed on the device the handle names."""
    graph = get_default_graph()
    with graph.device(handle_device(handle)):
        holder = _string_placeholder()
        tensor = apply_op("GetSessionTensor", [holder], {"dtype": dtypes.as_dtype(dtype).base_dtype},
                          name=name).outputs[0]
    return holder, tensor


def delete_session_tensor(handle, name=None):
    """(placeholder, op): running the op with a handle string fed deletes the value stored under it
    (tf.delete_session_tensor)."""
    graph = get_default_graph()
    with graph.device(handle_device(handle)):
        holder = _string_placeholder()
        deleter = apply_op("DeleteSessionTensor", [holder], {}, name=name)
    return holder, deleter


__all__ = ["delete_session_tensor", "get_session_handle", "get_session_tensor"]
