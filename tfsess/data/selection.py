"""Datasets that pick among other datasets (choose_from_datasets, sample_from_datasets) and the
random int64 dataset that sample_from_datasets draws from."""
from __future__ import annotations

import random

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.graph_api import get_seed
from tfsess.framework.op_builder import apply1, convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.operation import Tensor
from tfsess.ops import array_ops, stateless_random_ops, unary_ops
from tfsess.data import pipeline, structure
from tfsess.lib import philox


def _dataset_op(op_type, **options):
    return register_op(op_type, infer=lambda inputs, attrs: [(dtypes.variant, TensorShape([]))], stateful=True,
                       gpu=False, no_gradient=True, **options)


def random_variant(seed=None):
    """The variant of a RandomDataset op seeded from `seed` and the graph seed."""
    first, second = get_seed(seed)
    inputs = [convert_to_tensor(0 if s is None else s, dtypes.int64, name=n)
              for s, n in ((first, "seed"), (second, "seed2"))]
    return apply1("RandomDataset", inputs, name="RandomDataset")


class _RandomInts(pipeline.Pipeline):
    """TF's RandomDataset: Philox(seed, seed2)'s uint32 draws as int64 elements, forever, the same each pass."""

    def __init__(self, seed, seed2):
        if seed == 0 and seed2 == 0:  # unseeded: fresh seeds for each run of the dataset op
            seed, seed2 = random.getrandbits(64), random.getrandbits(64)
        self.seeds = seed, seed2

    def iterate(self, env):
        for word in philox.words(*self.seeds):
            yield [np.int64(word)]

    def cardinality(self):
        return pipeline.INFINITE


@_dataset_op("RandomDataset")
def _random_dataset(xp, seed, seed2):
    return _RandomInts(int(seed), int(seed2))


class _DirectedInterleave(pipeline.Pipeline):
    """The next element of the input the selector names; an ended input is skipped (or ends it all)."""

    def __init__(self, selector, inputs, stop_on_empty):
        self.selector, self.inputs, self.stop_on_empty = selector, inputs, stop_on_empty

    def iterate(self, env):
        walks = [source.iterate(env) for source in self.inputs]
        alive = [True] * len(walks)
        for choice in self.selector.iterate(env):
            if isinstance(choice, pipeline.ElementError):
                yield choice
                continue
            index = int(choice[0])
            if not 0 <= index < len(walks):
                yield pipeline.ElementError(errors.InvalidArgumentError(
                    None, None, f"Selector index out of range: {index} >= {len(walks)}"))
                continue
            if not alive[index]:
                continue
            elem = next(walks[index], None)
            if elem is None:
                alive[index] = False
                if self.stop_on_empty or not any(alive):
                    return
                continue
            yield elem


@_dataset_op("DirectedInterleaveDataset")
def _directed_interleave_dataset(xp, selector, *inputs, stop_on_empty_dataset=False):
    return _DirectedInterleave(selector, list(inputs), bool(stop_on_empty_dataset))


def _directed(selector, datasets, stop_on_empty):
    datasets = list(datasets)
    first = datasets[0]
    for other in datasets[1:]:
        if not structure.same_structure(first._specs, other._specs) or \
                structure.leaves(structure.types_of(first._specs)) != \
                structure.leaves(structure.types_of(other._specs)):
            raise TypeError(f"Incompatible dataset elements:\n  {structure.types_of(first._specs)} vs.\n  "
                            f"{structure.types_of(other._specs)}")
    per_input = [structure.leaves(d._specs) for d in datasets]
    merged = []
    for k, spec in enumerate(per_input[0]):
        shape = spec.shape
        for other in per_input[1:]:
            shape = shape.most_specific_compatible_shape(other[k].shape)
        merged.append(structure.Spec(spec.dtype, shape, spec.cls))
    specs = structure.pack(first._specs, merged)
    variant = apply1("DirectedInterleaveDataset", [selector._variant] + [d._variant for d in datasets],
                     {"stop_on_empty_dataset": bool(stop_on_empty)}, name="DirectedInterleaveDataset")
    return type(first)(variant, specs)


def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=False):
    """The element of `datasets[i]` for each int64 `i` of `choice_dataset`."""
    if not datasets:
        raise ValueError("Invalid `datasets`. `datasets` should not be empty.")
    if structure.types_of(choice_dataset._specs) != dtypes.int64 or \
            structure.shapes_of(choice_dataset._specs).ndims not in (None, 0):
        raise TypeError("Invalid `choice_dataset`. Elements of `choice_dataset` must be scalar of `tf.int64` type, "
                        f"but got {choice_dataset.element_spec}.")
    return _directed(choice_dataset, datasets, stop_on_empty_dataset)


def sample_from_datasets(datasets, weights=None, seed=None, stop_on_empty_dataset=False):
    """Elements drawn at random from `datasets`, input `i` with probability `weights[i]` (uniform by default).

    As TF draws them: pairs of RandomDataset words seed a stateless multinomial over log(weights), so a
    seeded pipeline yields TF's order; inputs of weight 0 are left out and a single input is itself."""
    if not datasets:
        raise ValueError("Invalid `datasets`. `datasets` should not be empty.")
    datasets = list(datasets)
    if hasattr(weights, "_variant"):  # a dataset of weights: one vector for each draw
        logits = weights.map(lambda *p: unary_ops.log(p, name="logits"))
        pairs = type(datasets[0]).zip((logits, _seed_pairs(datasets[0], seed)))
        return _directed(pairs.map(_draw), datasets, stop_on_empty_dataset)
    if weights is None:
        logits = [[1.0] * len(datasets)]
    else:
        if isinstance(weights, Tensor):
            if not weights.shape.is_compatible_with([len(datasets)]):
                raise ValueError("Invalid `weights`. The shape of `weights` should be compatible with "
                                 f"`[len(datasets)]` but is {weights.shape}.")
        else:
            weights = list(weights)
            if len(datasets) != len(weights):
                raise ValueError("Invalid `weights`. `weights` should have the same length as `datasets` but got "
                                 f"`len(weights)={len(weights)}` vs. `len(datasets)={len(datasets)}`.")
            kept = [(d, w) for d, w in zip(datasets, weights) if w > 0]
            datasets, weights = ([d for d, _ in kept], [w for _, w in kept]) if kept else \
                ([datasets[0].take(0)], [1.0])
        weights = convert_to_tensor(weights, name="weights")
        if weights.dtype not in (dtypes.float32, dtypes.float64):
            raise TypeError("Invalid `weights`. `weights` type must be either `tf.float32` or `tf.float64` but is "
                            f"{weights.dtype}.")
        logits = array_ops.expand_dims(unary_ops.log(weights, name="logits"), 0)
    if len(datasets) == 1:
        return datasets[0]
    selector = _seed_pairs(datasets[0], seed).map(lambda pair: _draw(logits, pair))
    return _directed(selector, datasets, stop_on_empty_dataset)


def _seed_pairs(like, seed):
    """A dataset of int64 pairs from RandomDataset(seed): the seeds of successive draws."""
    return type(like)(random_variant(seed), structure.Spec(dtypes.int64, [])).batch(2)


def _draw(logits, pair):
    """One input index drawn from [1, n] logits with a stateless multinomial seeded by `pair`."""
    return array_ops.squeeze(stateless_random_ops.stateless_multinomial(logits, 1, seed=pair), axis=[0, 1])
