"""tf.nondifferentiable_batch_function over TF's BatchFunction op, for one session's runs.

TF's kernel gathers the calls that concurrent Session.run steps make into one batch along dimension 0, pads
it to an allowed batch size with copies of its first row, runs the function once and hands each call its
rows. In tfsess each run is its own batch: the inputs are checked as TF checks them, padded the same way
(split into pieces of the largest allowed size when larger, as large-batch splitting does), the function
runs on each piece, and the rows of the call come back. Calls of concurrent runs are not merged.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors, function_library, nest
from tfsess.framework.op_builder import apply_op, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_spec import TensorSpec
from tfsess.ops.def_function import function as tf_function
from tfsess.ops.functional_call_ops import function_of, packed, run_function


def _batch_function_infer(inputs, attrs):
    return [(dtypes.as_dtype(d), None) for d in attrs["Tout"]]  # TF's shape function: unknown shapes


def _check_allowed_sizes(allowed, max_batch_size, splitting):
    if any(b <= a for a, b in zip(allowed, allowed[1:])):
        raise errors.InvalidArgumentError(None, None, "allowed_batch_sizes entries must be monotonically increasing")
    if allowed and not splitting and allowed[-1] != max_batch_size:
        raise errors.InvalidArgumentError(None, None, "final entry in allowed_batch_sizes must equal max_batch_size "
                                                      "when enable_large_batch_splitting is False")


def _batch_inputs(op, batched):
    """The batch size of the call's batched inputs, checked as TF checks them."""
    listing = "".join(f" - {t.op.name} has shape [{','.join(str(d) for d in np.shape(v))}]\n"
                      for t, v in zip(op.inputs, batched))
    if any(np.ndim(v) == 0 for v in batched):
        raise errors.InvalidArgumentError(None, None, "Batching input tensors must have at least one dimension.\n"
                                                      f"Below are the input tensors: \n{listing}")
    sizes = {np.shape(v)[0] for v in batched}
    if len(sizes) > 1:
        raise errors.InvalidArgumentError(None, None, "Batching input tensors supplied in a given op invocation "
                                                      f"must have equal 0th-dimension size.\nBelow are the input "
                                                      f"tensors: \n{listing}")
    return sizes.pop()


def _pieces(size, allowed, splitting):
    """[(rows, padded size)] the call's rows run in: one padded batch, or pieces of the largest allowed size."""
    if not allowed:
        return [(size, size)]
    largest = allowed[-1]
    if size > largest and splitting:
        counts = [largest] * (size // largest) + ([size % largest] if size % largest else [])
    else:
        counts = [size]
    return [(n, next((a for a in allowed if a >= n), n)) for n in counts]


def _padded(value, rows, padded):
    if padded == rows:
        return value
    filler = np.repeat(value[:1], padded - rows, axis=0)  # TF pads with copies of the batch's first row
    return np.concatenate([value, filler], axis=0)


@register_op("BatchFunction", infer=_batch_function_infer, needs_ctx=True, stateful=True, gpu=False)
def _batch_function(xp, *args, ctx, max_batch_size, allowed_batch_sizes, enable_large_batch_splitting, Tin):
    allowed = [int(a) for a in allowed_batch_sizes]
    _check_allowed_sizes(allowed, max_batch_size, enable_large_batch_splitting)
    batched, captured = [np.asarray(a) for a in args[:len(Tin)]], list(args[len(Tin):])
    size = _batch_inputs(ctx.op, batched)
    if size > max_batch_size:
        raise errors.InvalidArgumentError(None, None, f"Task size {size} is larger than maximum input batch size "
                                                      f"{max_batch_size}")
    function, start, results = function_of(ctx.op), 0, []
    for rows, padded in _pieces(size, allowed, enable_large_batch_splitting):
        piece = [_padded(v[start:start + rows], rows, padded) for v in batched]
        outputs = run_function(ctx, function, piece + captured)
        results.append([_unpadded(np.asarray(o), rows, padded) for o in outputs])
        start += rows
    outputs = [r[0] if len(results) == 1 else np.concatenate(r, axis=0) for r in zip(*results)]
    return packed(outputs)


def _unpadded(value, rows, padded):
    if value.ndim == 0:
        raise errors.FailedPreconditionError(None, None, "Batched output tensor has 0 dimensions")
    if value.shape[0] != padded:
        raise errors.FailedPreconditionError(
            None, None, f"Batched output tensor's 0th dimension does not equal the sum of the 0th dimension sizes "
                        f"of the input tensors. 0th dimension size: {value.shape[0]}; batch size: {padded}; "
                        f"unbatched tasks size: 0; padding size: {padded - rows}")
    return value[:rows]


def nondifferentiable_batch_function(num_batch_threads, max_batch_size, batch_timeout_micros,
                                     allowed_batch_sizes=None, max_enqueued_batches=10, autograph=True,
                                     enable_large_batch_splitting=True):
    """A decorator whose function runs as one BatchFunction op on its tensor arguments' batch (dimension 0)
    (tf.nondifferentiable_batch_function). The op has no gradient.

    Args:
        num_batch_threads, batch_timeout_micros, max_enqueued_batches: TF's batching knobs, kept as the op's
            attrs (each run of a tfsess session is its own batch).
        max_batch_size: the largest batch a call may bring.
        allowed_batch_sizes: sizes a batch is padded up to (increasing), or None.
        autograph: whether the function is converted by AutoGraph.
        enable_large_batch_splitting: a batch larger than the largest allowed size runs in pieces.

    Raises (at call):
        ValueError: an argument that is not a Tensor.
    """
    def decorator(fn):
        def decorated(*args):
            specs = [TensorSpec(dtype=x.dtype, shape=x.shape, name=f"batch_{i}") for i, x in enumerate(args)]
            concrete = tf_function(fn, autograph=autograph).get_concrete_function(*specs)
            graph_function = concrete._function
            with op_scope(None, "batch", []) as name:
                for a in args:
                    if not hasattr(a, "op"):
                        raise ValueError("All arguments to functions decorated with `batch_function`  are "
                                         f"supposed to be Tensors; found {a!r}")
                captured = list(graph_function.captures)
                attrs = {"f": graph_function, "num_batch_threads": int(num_batch_threads),
                         "max_batch_size": int(max_batch_size), "batch_timeout_micros": int(batch_timeout_micros),
                         "allowed_batch_sizes": [int(s) for s in allowed_batch_sizes or []],
                         "max_enqueued_batches": int(max_enqueued_batches), "container": "", "shared_name": name,
                         "batching_queue": "", "enable_large_batch_splitting": bool(enable_large_batch_splitting),
                         "Tin": [a.dtype.base_dtype for a in args],
                         "Tcaptured": [c.dtype.base_dtype for c in captured],
                         "Tout": [o.dtype.base_dtype for o in graph_function.outputs]}
                op = apply_op("BatchFunction", list(args) + captured, attrs, name=None)
                function_library.add_function(op.graph, graph_function)
            return nest.pack_sequence_as(concrete.structured_outputs, list(op.outputs), expand_composites=True)
        return decorated
    return decorator


__all__ = ["nondifferentiable_batch_function"]
