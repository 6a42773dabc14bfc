"""ParseExample (v1), the op tf.parse_example built up to TF 1.14, for imported GraphDefs.

Its feature keys are string tensor inputs (one scalar per key) where tfsess's ParseExampleV2 takes them
as attrs: the kernel reads the keys' values and runs that kernel; the outputs are the same (sparse
indices, values and shapes per sparse key, then one dense tensor per dense key).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.registry import lookup, register_op
from tfsess.ops import parsing_ops

__all__ = []

_REGISTERING = (parsing_ops,)  # ParseExampleV2's kernel and inference exist before this op runs them


def _counts(attrs):
    return int(attrs.get("Nsparse", 0)), int(attrs.get("Ndense", 0))


def _parse_example_infer(inputs, attrs):
    n_sparse, n_dense = _counts(attrs)
    for t in inputs[:2 + n_sparse + n_dense]:
        if t.dtype.base_dtype != dtypes.string:
            raise TypeError(f"Input '{t.op.name}' of 'ParseExample' Op has type {t.dtype.base_dtype.name} that does "
                            "not match expected type of string.")
    v2_attrs = {"sparse_keys": [None] * n_sparse, "sparse_types": list(attrs.get("sparse_types", [])),
                "Tdense": list(attrs.get("Tdense", [])), "dense_shapes": list(attrs.get("dense_shapes", []))}
    return lookup("ParseExampleV2").infer(inputs[:1], v2_attrs)


def _key(value):
    key = np.asarray(value).reshape(-1)[0]
    return key.decode() if isinstance(key, bytes) else str(key)


@register_op("ParseExample", infer=_parse_example_infer, gpu=False, no_gradient=True)
def _parse_example(xp, serialized, names, *keys_and_defaults, Nsparse=0, Ndense=0, sparse_types=(), Tdense=(),
                   dense_shapes=()):
    sparse_keys = [_key(k) for k in keys_and_defaults[:Nsparse]]
    dense_keys = [_key(k) for k in keys_and_defaults[Nsparse:Nsparse + Ndense]]
    defaults = keys_and_defaults[Nsparse + Ndense:]
    return lookup("ParseExampleV2").kernel(xp, serialized, *defaults, sparse_keys=sparse_keys,
                                           sparse_types=sparse_types, dense_keys=dense_keys, Tdense=Tdense,
                                           dense_shapes=[list(s) for s in dense_shapes])
