"""tf.edit_distance: the Levenshtein distance between the sequences of two SparseTensors (EditDistance).

Both sparse tensors are grouped by all but their last index dimension; each group is one sequence
(its values in last-index order). The output is dense over the grouped dims, each of the larger of
the two dense shapes; with `normalize` a distance is divided by the truth's length (inf where the
truth is empty and the hypothesis is not, 0 where both are empty).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.framework.tensor_util import constant_value
from tfsess.ops._infer import check_same_dtype, host


def _edit_distance_infer(inputs, attrs):
    hyp_indices, hyp_values, hyp_shape, truth_indices, truth_values, truth_shape = inputs
    check_same_dtype([hyp_values, truth_values], "EditDistance", ("hypothesis_values", "truth_values"))
    h_len, t_len = hyp_shape.shape.num_elements(), truth_shape.shape.num_elements()
    if h_len is not None and t_len is not None and h_len != t_len:
        raise ValueError(f"Num elements of hypothesis_shape does not match truth_shape: {h_len} vs. {t_len} for "
                         f"'EditDistance'")
    h_dims, t_dims = constant_value(hyp_shape), constant_value(truth_shape)
    if h_dims is not None and t_dims is not None:
        dims = [max(int(a), int(b)) for a, b in zip(h_dims[:-1], t_dims[:-1])]
        return [(dtypes.float32, TensorShape(dims))]
    rank = h_len if h_len is not None else t_len
    return [(dtypes.float32, unknown_shape() if rank is None else TensorShape([None] * (rank - 1)))]


def _levenshtein(a, b):
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _sequences(indices, values, shape, which):
    """[(group index tuple, [values])]: runs of entries sharing all but the last index, in the given order
    (as TF's SparseTensor grouping, which does not sort)."""
    indices, values = host(indices, np.int64), host(values).tolist()
    if indices.ndim != 2 or indices.shape[1] != shape.size or len(values) != len(indices):
        raise errors.InvalidArgumentError(None, None, f"{which} indices should be a matrix of shape "
                                                      f"[{len(values)}, {shape.size}], got {list(indices.shape)}")
    groups = []
    for index, value in zip(indices.tolist(), values):
        if any(not 0 <= i < d for i, d in zip(index, shape.tolist())):
            raise errors.InvalidArgumentError(None, None, f"{which} index {index} is out of bounds of its shape "
                                                          f"{shape.tolist()}")
        key = tuple(index[:-1])
        if groups and groups[-1][0] == key:
            groups[-1][1].append(value)
        else:
            groups.append((key, [value]))
    return groups


@register_op("EditDistance", infer=_edit_distance_infer, gpu=False, no_gradient=True)
def _edit_distance(xp, hypothesis_indices, hypothesis_values, hypothesis_shape, truth_indices, truth_values,
                   truth_shape, *, normalize=True):
    h_shape, t_shape = host(hypothesis_shape, np.int64), host(truth_shape, np.int64)
    if h_shape.shape != t_shape.shape:
        raise errors.InvalidArgumentError(None, None, f"hypothesis_shape and truth_shape must have the same "
                                                      f"size: {h_shape.size} vs. {t_shape.size}")
    hypotheses = _sequences(hypothesis_indices, hypothesis_values, h_shape, "hypothesis")
    truths = _sequences(truth_indices, truth_values, t_shape, "truth")
    out = np.zeros(np.maximum(h_shape, t_shape)[:-1], np.float32)
    h = t = 0
    # TF walks both group lists in step, as sorted sequences of group indices
    while h < len(hypotheses) or t < len(truths):
        h_key = hypotheses[h][0] if h < len(hypotheses) else None
        t_key = truths[t][0] if t < len(truths) else None
        if h_key is not None and h_key == t_key:
            hyp, truth = hypotheses[h][1], truths[t][1]
            out[h_key] = _levenshtein(hyp, truth) / (len(truth) if normalize else 1)
            h, t = h + 1, t + 1
        elif t_key is None or (h_key is not None and h_key < t_key):
            out[h_key] = np.inf if normalize else len(hypotheses[h][1])
            h += 1
        else:
            out[t_key] = 1.0 if normalize else len(truths[t][1])
            t += 1
    return xp.asarray(out)


def edit_distance(hypothesis, truth, normalize=True, name="edit_distance"):
    """The Levenshtein distance of each hypothesis sequence to its truth (tf.edit_distance).

    Args:
      hypothesis, truth: SparseTensors of sequences (grouped by all index dims but the last).
      normalize: divide each distance by the length of its truth.

    Returns:
      A float32 tensor over the grouped dims.

    Raises:
      TypeError: an argument that is not a SparseTensor, or values of different dtypes.
    """
    if not isinstance(hypothesis, SparseTensor):
        raise TypeError("Hypothesis must be a SparseTensor.")
    if not isinstance(truth, SparseTensor):
        raise TypeError("Truth must be a SparseTensor.")
    inputs = [convert_to_tensor(t, dtypes.int64) if i % 3 != 1 else convert_to_tensor(t)
              for i, t in enumerate([hypothesis.indices, hypothesis.values, hypothesis.dense_shape,
                                     truth.indices, truth.values, truth.dense_shape])]
    return apply_op("EditDistance", inputs, {"normalize": bool(normalize)}, name=name).outputs[0]


__all__ = ["edit_distance"]
