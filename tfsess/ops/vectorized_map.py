"""tf.vectorized_map through a loop: `fn` applied to each row of `elems` by map_fn, results stacked.

TF vectorizes `fn` with pfor and falls back to a while loop for what pfor cannot convert
(`fallback_to_while_loop=True`); here every call takes that loop, with equal results. `fn` is
traced once on the first rows to learn its result's structure and dtypes (those ops are never run).
"""
from __future__ import annotations

from tfsess.framework import nest
from tfsess.framework.graph_api import name_scope
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.ops.functional_ops import map_fn


def vectorized_map(fn, elems, fallback_to_while_loop=True, warn=True):
    """fn(row) for each row of `elems` (a tensor or a nest of tensors sharing their first dimension), stacked.

    Returns the nest of `fn`'s result with a leading dimension, as tf.vectorized_map.
    """
    flat = [convert_to_tensor(e) for e in nest.flatten(elems)]
    packed = nest.pack_sequence_as(elems, flat)
    with name_scope("loop_body_signature"):
        probe = fn(nest.pack_sequence_as(elems, [e[0] for e in flat]))
    signature = nest.map_structure(lambda t: convert_to_tensor(t).dtype.base_dtype, probe)
    return map_fn(fn, packed, fn_output_signature=signature, name="loop_body")


__all__ = ["vectorized_map"]
