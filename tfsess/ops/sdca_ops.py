"""TF's SDCA ops (tf.train.sdca_*): SdcaFprint (example ids to FarmHash Fingerprint128 pairs) and
SdcaShrinkL1 (the proximal L1 step on weight variables, in place).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.lib.fingerprint128 import fingerprint128
from tfsess.ops._infer import apply_gen, check_dtype, check_rank, host, no_outputs

_MAX_WEIGHTS = 1024  # SdcaShrinkL1's inputs are all refs: ref_inputs names that many list positions
_NOT_SENTINELS = (1 << 64) - 2  # TF adds ~1 to a low word of 0 or 1, keeping those free as sentinel keys


# ------------------------------------------------------------------ SdcaFprint
def _sdca_fprint_infer(inputs, attrs):
    check_dtype(inputs[0], (dtypes.string,), "input")
    check_rank(inputs[0], 1, "SdcaFprint", "input")
    return [(dtypes.int64, TensorShape([inputs[0].shape[0] if inputs[0].shape.ndims else None, 2]))]


@register_op("SdcaFprint", infer=_sdca_fprint_infer, gpu=False)
def _sdca_fprint(xp, strings):
    values = host(strings)
    if values.ndim != 1:
        raise errors.InvalidArgumentError(None, None, f"Input must be a vector, got shape "
                                                      f"[{','.join(str(d) for d in values.shape)}]")
    out = np.empty((values.size, 2), dtype=np.uint64)
    for i, s in enumerate(values):
        low, high = fingerprint128(s if isinstance(s, bytes) else str(s).encode("utf-8"))
        out[i] = (low if low >= 2 else (low + _NOT_SENTINELS) & ((1 << 64) - 1), high)
    return out.view(np.int64)


def sdca_fprint(input, name=None):  # noqa: A002 - TF's name
    """Fingerprints of a vector of strings as an [N, 2] int64 matrix of (low, high) words (tf.train.sdca_fprint).

    Raises:
        ValueError: `input` is not a vector.
    """
    return apply_gen("SdcaFprint", [("input", input, dtypes.string)], name=name)


# ------------------------------------------------------------------ SdcaShrinkL1
def _shrink_l1_infer(inputs, attrs):
    for t in inputs:
        check_dtype(t, (dtypes.float32,), "weights")
    return no_outputs(inputs, attrs)


@register_op("SdcaShrinkL1", infer=_shrink_l1_infer, stateful=True, gpu=False, ref_inputs=tuple(range(_MAX_WEIGHTS)))
def _sdca_shrink_l1(xp, *weights, l1, l2, num_features=None):
    shrinkage = np.float32(np.float32(l1) / np.float32(l2))  # TF's float division, applied in float
    for ref in weights:
        with ref.lock:
            w = ref.read()
            shrunk = xp.sign(w) * xp.maximum(xp.abs(w) - shrinkage, np.float32(0))
            ref.assign(xp.asarray(shrunk, dtype=np.float32), owned=True)


def sdca_shrink_l1(weights, l1, l2, name=None):
    """Shrinks each float32 weight variable in place toward 0 by l1 / l2: sign(w) * max(|w| - l1/l2, 0)
    (tf.train.sdca_shrink_l1). Returns the Operation.

    Raises:
        TypeError: a weight that is not a mutable (variable) tensor.
    """
    refs = []
    for w in weights:
        ref = w._ref() if hasattr(w, "_ref") else w
        if not getattr(ref.dtype, "is_ref_dtype", False):
            raise TypeError("'SdcaShrinkL1' Op requires that input 'weights' be a mutable tensor (e.g.: a tf.Variable)")
        refs.append(ref)
    if len(refs) > _MAX_WEIGHTS:
        raise ValueError(f"sdca_shrink_l1 takes at most {_MAX_WEIGHTS} weight variables, got {len(refs)}")
    with op_scope(name, "SdcaShrinkL1", refs) as scope:
        return apply_op("SdcaShrinkL1", refs, {"num_features": len(refs), "l1": float(l1), "l2": float(l2)},
                        name=scope)


__all__ = ["sdca_fprint", "sdca_shrink_l1"]
