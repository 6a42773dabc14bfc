"""tf.random.Generator in graph mode: a resource variable holding a Philox state, RngReadAndSkip, the
stateless V2 ops it feeds, StatefulRandomBinomial, NonDeterministicInts; tf.random.Algorithm,
create_rng_state and the global generator.

A Philox state is three int64s: the 128-bit counter (low word first) and the 64-bit key. Each draw of
n values reads the state and advances the counter by n * 256 (RngReadAndSkip), then runs the stateless
op on (key, counter): the values are TF's bit for bit. Binomial draws read the state directly and
advance it by num_batches * 200 * (samples_per_batch + 3) // 4 * 256, as TF's kernel. ThreeFry states
can be made, but as on TF's CPU no kernel draws from them.
"""
from __future__ import annotations

import enum

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.graph_api import get_default_graph
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.lib.xp import to_host
from tfsess.ops import (array_ops, constant_op, distributions_samplers, extra_math_ops, math_ops,
                        reduction_ops, stack_ops, variables)
from tfsess.ops._infer import INDEX, apply_gen, check_dtype, host, shape_from_tensor
from tfsess.ops.resource_variable_ops import ResourceVariable


class Algorithm(enum.Enum):
    """The RNG algorithms (tf.random.Algorithm)."""

    PHILOX = 1
    THREEFRY = 2
    AUTO_SELECT = 3


_STATE_SIZE = {1: 3, 2: 2, 3: 3}
_COUNTER_SIZE = {1: 2, 2: 1, 3: 2}
_MASK64 = 2**64 - 1


def _unsupported(alg):
    return (f"Argument `alg` got unsupported value {alg}. Supported values are {Algorithm.PHILOX.value} for the "
            f"Philox algorithm, {Algorithm.THREEFRY.value} for the ThreeFry algorithm, and "
            f"{Algorithm.AUTO_SELECT.value} for auto-selection.")


def convert_alg_to_int(alg):
    """An algorithm given as an Algorithm, a name ("philox", "threefry", "auto_select") or an int, as an int."""
    if isinstance(alg, Algorithm):
        return alg.value
    if isinstance(alg, (int, np.integer)):
        return int(alg)
    if isinstance(alg, str):
        names = {"philox": 1, "threefry": 2, "auto_select": 3}
        if alg in names:
            return names[alg]
        raise ValueError(f"Argument `alg` got unsupported value {alg}. Supported values are philox for the Philox "
                         f"algorithm, threefry for the ThreeFry algorithm, and auto_select for auto-selection.")
    if isinstance(alg, Tensor):
        return alg
    raise TypeError(f"Can't convert argument `alg` (of value {alg} and type {type(alg)}) to int.")


def _state_size(alg):
    if alg not in _STATE_SIZE:
        raise ValueError(_unsupported(alg))
    return _STATE_SIZE[alg]


def _seed_words(seed, size):
    """TF's _make_1d_state for a Python seed: 64-bit words, low first, cut or zero-padded on the left."""
    if isinstance(seed, (int, np.integer)):
        seed = int(seed)
        words = []
        for _ in range(size):
            words.append(seed & _MASK64)
            seed >>= 64
    else:
        words = [int(w) for w in np.asarray(seed).reshape(-1)]
    words = [w - 2**64 if w > 2**63 - 1 else w for w in words][:size]
    return np.asarray([0] * (size - len(words)) + words, np.int64)


def create_rng_state(seed, alg):
    """The RNG state a seed makes for `alg` (tf.random.create_rng_state): an int64 tensor of the state size,
    built with TF's ops (cast, reshape, slice, left zero padding)."""
    alg = convert_alg_to_int(alg)
    size = _state_size(alg)
    if not isinstance(seed, Tensor):
        seed = _seed_words(seed, size) if isinstance(seed, (int, np.integer)) else \
            _seed_words(seed, len(np.asarray(seed).reshape(-1)))
    seed = array_ops.reshape(math_ops.cast(seed, dtypes.int64), [-1])[:size]
    if seed.shape.ndims != 1 or seed.shape[0].value is None:  # TF1's Dimension(None) fails its arithmetic
        raise ValueError("Tried to convert 'x' to a tensor and failed. Error: Cannot convert unknown Dimension ? "
                         "to a Tensor.")
    seed_size = seed.shape[0].value
    pad = constant_op.zeros(stack_ops.stack([math_ops.maximum(size - seed_size, 0)]), dtypes.int64)
    state = stack_ops.concat([pad, seed], axis=0)
    state.set_shape([size])
    return state


# ------------------------------------------------------------------ ops
def _philox_state(state, op_type):
    if state.size < 3:
        raise errors.InvalidArgumentError(None, None, f"The size of the state must be at least 3; got {state.size}")
    words = state.astype(np.int64).view(np.uint64)
    return int(words[2]), int(words[0]) | int(words[1]) << 64


def _locked_state(resource, alg, op_type):
    if not isinstance(resource, ResourceVariable):
        raise errors.InvalidArgumentError(None, None, f"{op_type} expects a resource variable handle")
    alg = int(np.asarray(to_host(alg)))
    if alg == Algorithm.THREEFRY.value:
        raise errors.UnimplementedError(None, None, "Non-XLA devices don't support the ThreeFry algorithm.")
    if alg not in (Algorithm.PHILOX.value, Algorithm.AUTO_SELECT.value):
        raise errors.InvalidArgumentError(None, None, f"Unsupported algorithm id: {alg}")
    if resource.value is None:  # TF looks the resource up, and an uninitialized one is not there yet
        raise errors.NotFoundError(None, None, f"Container localhost does not exist. (Could not find resource: "
                                               f"localhost/{resource.name})")
    if resource.dtype != dtypes.int64:
        raise errors.InvalidArgumentError(None, None, f"Trying to read variable with wrong dtype. Expected int64 got "
                                                      f"{resource.dtype.name}")
    return np.asarray(to_host(resource.value))


def _advance(resource, state, key, counter, outputs):
    """Writes the state with its counter moved on by `outputs` * 256 (TF's UpdateMemWithPhiloxRandom)."""
    counter = (counter + ((outputs * 256) & _MASK64)) & (2**128 - 1)
    new = state.astype(np.int64).copy()
    new[:3] = np.asarray([counter & _MASK64, counter >> 64, key], np.uint64).view(np.int64)
    resource.assign(new)


def _read_and_skip_infer(inputs, attrs):
    return [(dtypes.int64, TensorShape([3]))]


@register_op("RngReadAndSkip", infer=_read_and_skip_infer, stateful=True, gpu=False, no_gradient=True)
def _rng_read_and_skip(xp, resource, alg, delta):
    with resource.lock if isinstance(resource, ResourceVariable) else _NO_LOCK:
        state = _locked_state(resource, alg, "RngReadAndSkip")
        key, counter = _philox_state(state, "RngReadAndSkip")
        _advance(resource, state, key, counter, int(np.asarray(to_host(delta))))
    return state[:3].astype(np.int64).copy()


class _NoLock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


_NO_LOCK = _NoLock()


def _binomial_infer(inputs, attrs):
    check_dtype(inputs[2], INDEX, "shape")
    return [(attrs["dtype"], shape_from_tensor(inputs[2]))]


@register_op("StatefulRandomBinomial", infer=_binomial_infer, stateful=True, gpu=False, no_gradient=True)
def _stateful_random_binomial(xp, resource, algorithm, shape, counts, probs, *, dtype):
    dims = [int(d) for d in host(shape).reshape(-1)]
    counts, probs = host(counts), host(probs)
    batch_shape = np.broadcast_shapes(counts.shape, probs.shape)
    if len(batch_shape) > len(dims) or list(dims[len(dims) - len(batch_shape):]) != list(batch_shape):
        raise errors.InvalidArgumentError(None, None, "Shape passed in must end with broadcasted shape.")
    num_batches = int(np.prod(batch_shape, dtype=np.int64))
    per_batch = int(np.prod(dims, dtype=np.int64)) // max(1, num_batches)
    with resource.lock if isinstance(resource, ResourceVariable) else _NO_LOCK:
        state = _locked_state(resource, algorithm, "StatefulRandomBinomial")
        key, counter = _philox_state(state, "StatefulRandomBinomial")
        _advance(resource, state, key, counter, num_batches * 2 * 100 * (per_batch + 3) // 4)
    if per_batch * num_batches == 0:
        return xp.zeros(dims, dtypes.as_dtype(dtype).as_numpy_dtype)
    values = distributions_samplers.binomial(key, counter, np.broadcast_to(counts, batch_shape),
                                             np.broadcast_to(probs, batch_shape), per_batch)
    return xp.asarray(values.astype(dtypes.as_dtype(dtype).as_numpy_dtype).reshape(dims))


def _non_deterministic_infer(inputs, attrs):
    return [(attrs["dtype"], shape_from_tensor(inputs[0]))]


@register_op("NonDeterministicInts", infer=_non_deterministic_infer, stateful=True, gpu=False, no_gradient=True)
def _non_deterministic_ints(xp, shape, *, dtype):
    dims = [int(d) for d in host(shape).reshape(-1)]
    np_dtype = np.dtype(dtypes.as_dtype(dtype).as_numpy_dtype)
    raw = np.random.default_rng().integers(0, 2**64, size=dims, dtype=np.uint64)  # fresh entropy, as TF's New64
    return xp.asarray(raw.astype(np_dtype) if np_dtype.kind == "f" else raw.view(np.int64).astype(np_dtype))


def non_deterministic_ints(shape, dtype=dtypes.int64):
    """Random integers from a non-deterministic source (the NonDeterministicInts op)."""
    return apply_gen("NonDeterministicInts", [("shape", shape, None)], {"dtype": dtypes.as_dtype(dtype)})


# ------------------------------------------------------------------ the state variable
class _StateVariableDef:
    """The fields of a VariableDef that RefVariable reads to wrap a resource variable's ops."""

    def __init__(self, handle, initializer, snapshot, initial_value):
        self.variable_name, self.initializer_name = handle.name, initializer.name
        self.snapshot_name, self.initial_value_name = snapshot.name, initial_value.name
        self.synchronization, self.aggregation, self.trainable = 0, 0, False

    @staticmethod
    def HasField(field):  # noqa: N802 - the protobuf message's method name
        return False


def _state_variable(initial):
    """A non-trainable int64 resource variable named random_generator/StateVar, in GLOBAL_VARIABLES."""
    graph = get_default_graph()
    with graph.control_dependencies(None), op_scope(None, "random_generator"):
        with op_scope("StateVar", None) as scope:
            initial = convert_to_tensor(initial, dtypes.int64, name="initial_value")
            handle = apply_op("VarHandleOp", [], {"dtype": dtypes.int64, "shape": initial.shape.as_list(),
                                                  "container": "", "shared_name": scope.rstrip("/")},
                              name=scope).outputs[0]
            with op_scope("IsInitialized", None):
                apply_op("VarIsInitializedOp", [handle], {}, name="VarIsInitializedOp")
            assign = apply_op("AssignVariableOp", [handle, initial], {"dtype": dtypes.int64}, name="Assign")
            with op_scope("Read", None):
                snapshot = apply_op("ReadVariableOp", [handle], {"dtype": dtypes.int64},
                                    name="ReadVariableOp").outputs[0]
    var = variables.RefVariable(variable_def=_StateVariableDef(handle, assign, snapshot, initial))
    graph.add_to_collections([variables.GraphKeys.GLOBAL_VARIABLES], var)
    return var


def _shape_tensor(shape):
    if isinstance(shape, (list, tuple)) and not any(isinstance(s, Tensor) for s in shape):
        return convert_to_tensor(np.asarray(shape, np.int32 if all(abs(int(s)) < 2**31 for s in shape) else np.int64),
                                 name="shape")
    return convert_to_tensor(shape, name="shape")


class Generator:
    """A random-number generator whose Philox state lives in a resource variable (tf.random.Generator).

    Every draw reads the state and moves it on, so successive runs give new values; the values are
    TF's for the same state. The variable is in GLOBAL_VARIABLES: run its initializer first.
    """

    @classmethod
    def from_state(cls, state, alg):
        return cls(state=state, alg=alg)

    @classmethod
    def from_seed(cls, seed, alg=None):
        """A generator whose state is create_rng_state(seed, alg) (Philox by default)."""
        alg = convert_alg_to_int(Algorithm.PHILOX if alg is None else alg)
        return cls(state=create_rng_state(seed, alg), alg=alg)

    @classmethod
    def from_non_deterministic_state(cls, alg=None):
        """A generator seeded from a non-deterministic source (NonDeterministicInts)."""
        alg = convert_alg_to_int(Algorithm.PHILOX if alg is None else alg)
        return cls(state=non_deterministic_ints([_state_size(alg)], dtypes.int64), alg=alg)

    @classmethod
    def from_key_counter(cls, key, counter, alg):
        """A generator from a scalar `key` and a `counter` of the algorithm's counter size."""
        alg = convert_alg_to_int(alg)
        counter = convert_to_tensor(counter, dtypes.int64)
        key = convert_to_tensor(key, dtypes.int64)
        counter.shape.assert_is_compatible_with([_state_size(alg) - 1])
        key.shape.assert_is_compatible_with([])
        return cls(state=stack_ops.concat([counter, array_ops.reshape(key, [1])], 0), alg=alg)

    def __init__(self, copy_from=None, state=None, alg=None):
        if copy_from is not None:
            if alg is not None or state is not None:
                raise ValueError("`copy_from` cannot be given with `state` or `alg`.")
            self._state_var = _state_variable(copy_from.state)
            self._alg = copy_from.algorithm
            return
        if alg is None or state is None:
            raise ValueError("`state` and `alg` must be given together.")
        alg = convert_alg_to_int(alg)
        if isinstance(state, variables.RefVariable):
            self._state_var = state
        else:
            state = convert_to_tensor(state, dtypes.int64) if not isinstance(state, Tensor) else \
                math_ops.cast(state, dtypes.int64)
            state.shape.assert_is_compatible_with([_state_size(alg)])
            self._state_var = _state_variable(state)
        self._alg = alg

    state = property(lambda self: self._state_var, doc="The state variable (int64).")
    algorithm = property(lambda self: self._alg, doc="The algorithm, an int.")

    @property
    def key(self):
        """The key part of the state (its last element)."""
        return self._state_var.value()[-1]

    def reset(self, state):
        """Builds an AssignVariableOp setting the state to `state`; returns None, as TF's does in graph mode
        (run the op by its name, or make a new generator)."""
        state = convert_to_tensor(state, dtypes.int64)
        state.shape.assert_is_compatible_with([_state_size(self._alg)])
        apply_op("AssignVariableOp", [self._state_var._ref(), state], {"dtype": dtypes.int64},
                 name="AssignVariableOp")

    def reset_from_seed(self, seed):
        self.reset(create_rng_state(seed, self._alg))

    def reset_from_key_counter(self, key, counter):
        counter = convert_to_tensor(counter, dtypes.int64)
        key = array_ops.reshape(convert_to_tensor(key, dtypes.int64), [1])
        self.reset(stack_ops.concat([counter, key], 0))

    def skip(self, delta):
        """The state before moving it on by `delta` draws (RngReadAndSkip): an int64 [3] tensor."""
        return apply_op("RngReadAndSkip", [self._state_var._ref(), convert_to_tensor(np.int32(self._alg)),
                                           math_ops.cast(delta, dtypes.uint64)], name="RngReadAndSkip").outputs[0]

    def _prepare_key_counter(self, shape):
        delta = reduction_ops.reduce_prod(shape)
        counter_key = self.skip(delta)
        size = _COUNTER_SIZE.get(self._alg, 2)
        counter = extra_math_ops.bitcast(counter_key[:size], dtypes.uint64)
        key = extra_math_ops.bitcast(counter_key[size:size + 1], dtypes.uint64)
        return key, counter

    def _stateless(self, op_type, shape, dtype, extra=(), name=None, attrs=True):
        key, counter = self._prepare_key_counter(shape)
        alg = convert_to_tensor(np.int32(self._alg), name="alg")
        args = [("shape", shape, None), ("key", key, None), ("counter", counter, None), ("alg", alg, None)]
        return apply_gen(op_type, args + list(extra), {"dtype": dtypes.as_dtype(dtype)} if attrs else {}, name=name)

    def normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
        """Normal values (StatelessRandomNormalV2 on the generator's key and counter)."""
        with op_scope(name, "stateful_normal", [shape, mean, stddev]) as scope:
            shape = _shape_tensor(shape)
            mean = convert_to_tensor(mean, dtype=dtype, name="mean")
            stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
            rnd = self._stateless("StatelessRandomNormalV2", shape, dtype)
            return math_ops.add(rnd * stddev, mean, name=scope)

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
        """Normal values within two standard deviations (StatelessTruncatedNormalV2)."""
        with op_scope(name, "truncated_normal", [shape, mean, stddev]) as scope:
            shape = _shape_tensor(shape)
            mean = convert_to_tensor(mean, dtype=dtype, name="mean")
            stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
            rnd = self._stateless("StatelessTruncatedNormalV2", shape, dtype)
            return math_ops.add(rnd * stddev, mean, name=scope)

    def uniform(self, shape, minval=0, maxval=None, dtype=dtypes.float32, name=None):
        """Uniform values in [minval, maxval); integers over the dtype's range when both bounds are None."""
        dtype = dtypes.as_dtype(dtype)
        if dtype.is_integer:
            if (minval is None) != (maxval is None):
                raise ValueError(f"For integer dtype {dtype}, minval and maxval must be both `None` or both "
                                 f"non-`None`; got minval={minval} and maxval={maxval}")
        elif maxval is None:
            maxval = 1
        with op_scope(name, "stateful_uniform", [shape, minval, maxval]) as scope:
            shape = _shape_tensor(shape)
            if dtype.is_integer and minval is None:
                return self._stateless("StatelessRandomUniformFullIntV2", shape, dtype, name=scope)
            minval = convert_to_tensor(minval, dtype=dtype, name="min")
            maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
            if dtype.is_integer:
                return self._stateless("StatelessRandomUniformIntV2", shape, dtype,
                                       [("minval", minval, "dtype"), ("maxval", maxval, "dtype")], name=scope,
                                       attrs=False)
            rnd = self._stateless("StatelessRandomUniformV2", shape, dtype)
            return math_ops.add(rnd * (maxval - minval), minval, name=scope)

    def uniform_full_int(self, shape, dtype=dtypes.uint64, name=None):
        """Integers over the whole range of `dtype`."""
        with op_scope(name, "stateful_uniform_full_int", [shape]) as scope:
            return self._stateless("StatelessRandomUniformFullIntV2", _shape_tensor(shape), dtype, name=scope)

    def binomial(self, shape, counts, probs, dtype=dtypes.int32, name=None):
        """Binomial(counts, probs) draws of `shape` (StatefulRandomBinomial)."""
        dtype = dtypes.as_dtype(dtype)
        with op_scope(name, "binomial", [shape, counts, probs]) as scope:
            counts = convert_to_tensor(counts, name="counts")
            probs = convert_to_tensor(probs, name="probs")
            shape = _shape_tensor(shape)
            alg = convert_to_tensor(np.int64(self._alg), name="algorithm")
            return apply_op("StatefulRandomBinomial", [self._state_var._ref(), alg, shape, counts, probs],
                            {"dtype": dtype}, name=scope).outputs[0]

    def make_seeds(self, count=1):
        """A [2, count] int64 tensor of seeds for the stateless ops."""
        keys = self.uniform_full_int(shape=[count], dtype=dtypes.int64)
        return stack_ops.stack([keys, array_ops.zeros_like(keys)])

    def split(self, count=1):
        """TF builds each new generator's variable from this one's draws, which graph mode cannot initialize:
        TF raises NotImplementedError, and so does this."""
        raise NotImplementedError("Generator.split needs eager execution: in graph mode a variable cannot be "
                                  "initialized from another variable's draws.")


_GLOBAL = {}


def get_global_generator():
    """The global generator of the default graph, made from a non-deterministic state on first use."""
    graph = get_default_graph()
    if _GLOBAL.get("graph") is not graph:
        _GLOBAL.update(graph=graph, generator=Generator.from_non_deterministic_state())
    return _GLOBAL["generator"]


def set_global_generator(generator):
    """Replaces the global generator."""
    _GLOBAL.update(graph=generator.state.graph, generator=generator)


__all__ = []
