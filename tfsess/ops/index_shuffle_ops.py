"""RandomIndexShuffle (tf.random.experimental.index_shuffle) and StatelessShuffle
(tf.random.experimental.stateless_shuffle).

index_shuffle maps `index` to its place in a seeded permutation of [0, max_index]: TF's cycle-walking
Simon cipher with a 96-bit key (the three seed words), words of half the block size, the block size
ceil(log2(max_index)) rounded up to even and at least 16 bits. stateless_shuffle permutes the first
axis with TF's RandomShuffle order on the Philox stream of the (key, counter) its seed makes.
"""
from __future__ import annotations

import math

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.lib import philox
from tfsess.ops import broadcast_ops, random_generator
from tfsess.ops._infer import check_dtype, fmt_shape, host

_INDEX_TYPES = (dtypes.int32, dtypes.int64, dtypes.uint32, dtypes.uint64)
_SIMON_Z = 0x7369F885192C0EF5
_SHUFFLE_SEED_PAD = 498247692  # TF pads the user's [2] seed on the left with this word


def _rotl(x, r, w, mask):
    return ((x << r) | (x >> (w - r))) & mask


def _rotr(x, r, w, mask):
    return ((x >> r) | (x << (w - r))) & mask


def _simon_f(x, w, mask):
    return (_rotl(x, 1, w, mask) & _rotl(x, 8, w, mask)) ^ _rotl(x, 2, w, mask)


def _key_schedule(key, rounds, w):
    """Simon round keys of `w` bits (TF's std::bitset<W> arithmetic: constants cut to w bits)."""
    mask = (1 << w) - 1
    c, z = 0xFFFFFFFC & mask, _SIMON_Z & mask
    keys = [k & mask for k in key]
    for i in range(3, rounds):
        keys.append(c ^ (z & 1) ^ keys[i - 3] ^ _rotr(keys[i - 1], 3, w, mask) ^ _rotr(keys[i - 1], 4, w, mask))
        z >>= 1
    return keys


def _encrypt(value, keys, w):
    mask = (1 << w) - 1
    left, right = (value >> w) & mask, value & mask
    for i in range(0, len(keys), 2):
        left ^= _simon_f(right, w, mask)
        left ^= keys[i]
        right ^= _simon_f(left, w, mask)
        right ^= keys[i + 1]
    return (left << w) | right


def shuffled_index(index, key, max_index, rounds):
    """TF's random::index_shuffle: the place of `index` in the keyed permutation of [0, max_index]."""
    if max_index == 0:
        return 0
    block = int(math.ceil(math.log2(float(max_index))))
    block = max(block + block % 2, 16)
    block = block if block < 64 else 64
    keys = _key_schedule(key, rounds, block // 2)
    value = index
    while True:  # cycle walking: encrypt again until the value falls in range
        value = _encrypt(value, keys, block // 2)
        if value <= max_index:
            return value


def _index_shuffle_infer(inputs, attrs):
    index, seed, max_index = inputs
    check_dtype(index, _INDEX_TYPES, "index")
    check_dtype(seed, _INDEX_TYPES, "seed")
    if index.dtype.base_dtype != max_index.dtype.base_dtype:
        raise TypeError(f"Input 'max_index' of 'RandomIndexShuffle' Op has type {max_index.dtype.base_dtype.name} "
                        f"that does not match type {index.dtype.base_dtype.name} of argument 'index'.")
    seed_dims = seed.shape.as_tuple_or_none() if seed.shape.ndims is not None else None
    if seed_dims is not None and not (len(seed_dims) in (1, 2) and seed_dims[-1] in (None, 3)):
        raise ValueError(f"Seed must have shape [3] or [n, 3] but got {fmt_shape(seed.shape)}. for "
                         f"'RandomIndexShuffle' with input shapes: {fmt_shape(index.shape)}, {fmt_shape(seed.shape)}, "
                         f"{fmt_shape(max_index.shape)}.")
    ranks = (index.shape.ndims, seed.shape.ndims, max_index.shape.ndims)
    if ranks == (0, 1, 0):
        return [(index.dtype.base_dtype, TensorShape([]))]
    if None in ranks:
        return [(index.dtype.base_dtype, unknown_shape())]
    sizes = [t.shape[0].value for t in (index, max_index) if t.shape.ndims == 1]
    sizes += [seed.shape[0].value] if seed.shape.ndims == 2 else []
    known = [n for n in sizes if n is not None]
    return [(index.dtype.base_dtype, TensorShape([max(known) if known else None]))]


@register_op("RandomIndexShuffle", infer=_index_shuffle_infer, no_gradient=True, gpu=False)
def _random_index_shuffle(xp, index, seed, max_index, *, rounds=4):
    index_h, seed_h, max_h = host(index), host(seed), host(max_index)
    num = max(index_h.size, max_h.size, seed_h.size // 3)
    if not (index_h.ndim == 0 or (index_h.ndim == 1 and index_h.shape[0] == num)):
        raise errors.InvalidArgumentError(None, None, "Index bust be a scalar or vector.")
    if not (seed_h.shape == (3,) or seed_h.shape == (num, 3)):
        raise errors.InvalidArgumentError(None, None, f"Seed must be a vector of size [3] or a matrix of size "
                                                      f"[{num}, 3] but got [{','.join(map(str, seed_h.shape))}].")
    if not (max_h.ndim == 0 or (max_h.ndim == 1 and max_h.shape[0] == num)):
        raise errors.InvalidArgumentError(None, None, f"Maxval must be a scalar or a vector of the same size as "
                                                      f"index but got [{','.join(map(str, max_h.shape))}]")
    if rounds < 4 or rounds % 2:
        raise errors.InvalidArgumentError(None, None, f"Rounds must be an even integer >= 4, got {rounds}")
    as_u64 = (lambda a: a.astype(np.int64).astype(np.uint64)) if index_h.dtype.kind == "i" else \
        (lambda a: a.astype(np.uint64))
    idx, top = as_u64(index_h.reshape(-1)), as_u64(max_h.reshape(-1))
    seeds = (seed_h.astype(np.int64) if seed_h.dtype.kind == "i" else seed_h.astype(np.uint64)).reshape(-1, 3)
    out = np.empty(num, dtype=index_h.dtype)
    for i in range(num):
        key = [int(v) & 0xFFFFFFFF for v in seeds[0 if seed_h.ndim == 1 else i]]
        value = shuffled_index(int(idx[i if idx.size > 1 else 0]), key, int(top[i if top.size > 1 else 0]), rounds)
        out[i] = np.asarray(value, np.uint64).astype(index_h.dtype)
    shape = () if (index_h.ndim, seed_h.ndim, max_h.ndim) == (0, 1, 0) else (num,)
    return xp.asarray(out.reshape(shape))


def index_shuffle(index, seed, max_index):
    """The position of `index` in a seeded random permutation of [0, max_index]
    (tf.random.experimental.index_shuffle; `seed` of shape [2] or [n, 2])."""
    seed = convert_to_tensor(seed)
    paddings = [[1, 0]] if seed.shape.ndims is None else [[1, 0]] + (seed.shape.ndims - 1) * [[0, 0]]
    return random_index_shuffle(index, broadcast_ops.pad(seed, paddings, constant_values=_SHUFFLE_SEED_PAD),
                                max_index, rounds=4)


def random_index_shuffle(index, seed, max_index, rounds=4, name=None):
    """The RandomIndexShuffle op itself (tf.random_index_shuffle): `seed` of three words ([3] or [n, 3])."""
    with op_scope(name, "RandomIndexShuffle") as scope:
        index = convert_to_tensor(index, name="index")
        seed = convert_to_tensor(seed, name="seed")
        max_index = convert_to_tensor(max_index, dtype=index.dtype.base_dtype, name="max_index")
        return apply_op("RandomIndexShuffle", [index, seed, max_index], {"rounds": int(rounds)},
                        name=scope).outputs[0]


# ------------------------------------------------------------------ StatelessShuffle
def _shuffle_infer(inputs, attrs):
    return [(inputs[0].dtype.base_dtype, inputs[0].shape)]


@register_op("StatelessShuffle", infer=_shuffle_infer, no_gradient=True, gpu=False)
def _stateless_shuffle(xp, value, key, counter, alg):
    alg = int(host(alg))
    if alg == 2:
        raise errors.UnimplementedError(None, None, "Non-XLA devices don't support the ThreeFry algorithm.")
    if alg not in (1, 3):
        raise errors.InvalidArgumentError(None, None, f"Unsupported algorithm id: {alg}")
    if value.ndim == 0:
        raise errors.InvalidArgumentError(None, None, "value must be at least 1-D")
    rows = value.shape[0]
    if rows <= 1:
        return xp.asarray(value).copy()
    key_h, counter_h = host(key).astype(np.uint64), host(counter).astype(np.uint64)
    order = philox.shuffle_permutation(int(key_h[0]), int(counter_h[0]) | int(counter_h[1]) << 64, rows)
    return xp.asarray(value)[xp.asarray(order)]


def stateless_shuffle(value, seed, alg="auto_select", name=None):
    """`value` with its first axis permuted, the order depending only on the [2] `seed`
    (tf.random.experimental.stateless_shuffle)."""
    with op_scope(name, "stateless_shuffle", [value, seed]):
        seed = convert_to_tensor(seed, name="seed")
        key, counter = apply_op("StatelessRandomGetKeyCounter", [seed], name="StatelessRandomGetKeyCounter").outputs
        alg_t = convert_to_tensor(np.int32(random_generator.convert_alg_to_int(alg)), name="alg")
        value = convert_to_tensor(value, name="value")
        return apply_op("StatelessShuffle", [value, key, counter, alg_t], name="StatelessShuffle").outputs[0]


__all__ = ["random_index_shuffle"]
