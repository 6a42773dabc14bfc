"""ParseExample (v1), the op tf.parse_example built up to TF 1.14, for imported GraphDefs.

Its feature keys are string tensor inputs, one scalar per key (ParseExampleV2 takes one 1-D tensor of
keys per kind): the kernel reads the keys' values and parses as ParseExampleV2 does; the outputs are the
same (sparse indices, values and shapes per sparse key, then one dense tensor per dense key).
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.registry import register_op
from tfsess.ops import parsing_ops

__all__ = []

def _counts(attrs):
    return int(attrs.get("Nsparse", 0)), int(attrs.get("Ndense", 0))


def _parse_example_infer(inputs, attrs):
    n_sparse, n_dense = _counts(attrs)
    for t in inputs[:2 + n_sparse + n_dense]:
        if t.dtype.base_dtype != dtypes.string:
            raise TypeError(f"Input '{t.op.name}' of 'ParseExample' Op has type {t.dtype.base_dtype.name} that does "
                            "not match expected type of string.")
    return parsing_ops.parse_example_outputs(inputs[0].shape, n_sparse, attrs.get("sparse_types", ()),
                                             attrs.get("Tdense", ()), attrs.get("dense_shapes", ()))


@register_op("ParseExample", infer=_parse_example_infer, gpu=False, no_gradient=True)
def _parse_example(xp, serialized, names, *keys_and_defaults, Nsparse=0, Ndense=0, sparse_types=(), Tdense=(),
                   dense_shapes=()):
    sparse_keys = [parsing_ops.string_values(k)[0] for k in keys_and_defaults[:Nsparse]]  # one scalar per key
    dense_keys = [parsing_ops.string_values(k)[0] for k in keys_and_defaults[Nsparse:Nsparse + Ndense]]
    defaults = keys_and_defaults[Nsparse + Ndense:]
    return parsing_ops.parse_examples(serialized, parsing_ops.string_values(names), sparse_keys, sparse_types, dense_keys,
                                      Tdense, [list(s) for s in dense_shapes], defaults)
