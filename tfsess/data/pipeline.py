"""The run-time side of datasets: bound pipelines (a dataset with its input values) and their iteration.

A dataset op's kernel returns a Pipeline; `iterate(env)` yields elements as flat lists of arrays.
`env.ctx` is the RunContext of the run asking for the next element (function plans run in it).
An element whose computation failed is yielded as an ElementError: the iterator raises it for
that get_next and the pipeline goes on, as TF's iterators do. `env.caches` is the iterator's
memory for its pipelines (cached elements, shuffle epochs), keyed by pipeline.

Columnar pipelines (`columnar` true) can also yield their elements in chunks: `chunks(env, size)`
yields lists of arrays holding about `size` consecutive elements stacked along a new first
dimension (or an ElementError in a failed element's place). A batch over a columnar source
slices and joins chunks instead of stacking elements one by one (tfsess/data/batching.py), and a map
whose function is batch-safe runs it once per chunk: TF's map-and-batch fusion and map vectorisation.
"""
from __future__ import annotations

import collections
import random

import numpy as np

from tfsess.data.element_leaves import leaf_count, leaf_groups, rows, unbatch_problem
from tfsess.framework import errors
from tfsess.lib import philox
from tfsess.ops import script_ops


INFINITE = -1  # tf.data.experimental.INFINITE_CARDINALITY
UNKNOWN = -2   # tf.data.experimental.UNKNOWN_CARDINALITY


class ElementError:
    """An element that failed: `get_next` raises `error`."""

    __slots__ = ("error",)

    def __init__(self, error):
        self.error = error


class MapFunctionError(ElementError):
    """An element whose map function failed (not its input): under TF's map-and-batch fusion the whole
    batch it falls in fails (see batching). `rows`: how many elements it stands for (a failed chunk)."""

    __slots__ = ("rows",)

    def __init__(self, error, rows=1):
        super().__init__(error)
        self.rows = rows


def map_call(fn, env, flat, captured):
    """`fn` of a map on one element: its outputs, or a MapFunctionError."""
    out = call_fn(fn, env, flat, captured)
    return MapFunctionError(out.error) if isinstance(out, ElementError) else out


def call_fn(fn, env, flat, captured):
    """`fn` on one element: its outputs, or an ElementError when it failed."""
    try:
        return fn.call(env.ctx, flat, captured)
    except errors.OpError as exc:
        return ElementError(exc)


class Pipeline:
    """Base of bound pipelines: `iterate(env)` is a generator of flat elements."""

    columnar = False

    def iterate(self, env):
        raise NotImplementedError

    def chunks(self, env, size):
        """Chunks of consecutive elements stacked (only where `columnar`)."""
        raise NotImplementedError

    def cardinality(self):
        """How many elements a pass yields: a count, INFINITE or UNKNOWN (TF's static rules)."""
        source = getattr(self, "source", None)
        return source.cardinality() if source is not None and self.keeps_count else UNKNOWN

    keeps_count = False  # one output element per input element


class Slices(Pipeline):
    """The rows of an element (`layout`: its leaves' entries, see element_leaves)."""

    def __init__(self, arrays, layout=None):
        self.arrays, self.layout = arrays, layout or [1] * len(arrays)
        self.columnar = all(entry == 1 for entry in self.layout)  # dense components only

    def iterate(self, env):
        yield from rows(self.arrays, self.layout)

    def __len__(self):
        return len(self.arrays[0]) if self.arrays else 0

    def chunks(self, env, size):
        for start in range(0, len(self), size):
            yield [a[start:start + size] for a in self.arrays]

    def gather(self, positions):
        """The elements at `positions`, stacked (a columnar chunk)."""
        index = np.array(positions, dtype=np.intp)
        return [a[index] for a in self.arrays]

    def cardinality(self):
        return leaf_count(leaf_groups(self.arrays, self.layout)[0], self.layout[0])


class Tensors(Pipeline):
    def __init__(self, arrays):
        self.arrays = arrays

    def cardinality(self):
        return 1

    def iterate(self, env):
        yield list(self.arrays)


class Range(Pipeline):
    def __init__(self, start, stop, step, dtype=np.int64):
        self.start, self.stop, self.step, self.dtype = int(start), int(stop), int(step), np.dtype(dtype)

    def cardinality(self):
        return len(range(self.start, self.stop, self.step))

    def iterate(self, env):
        for v in range(self.start, self.stop, self.step):
            yield [np.asarray(v, self.dtype)]


class Generator(Pipeline):
    def __init__(self, make, convert):
        self.make, self.convert = make, convert

    def iterate(self, env):
        items = iter(self.make())
        while True:
            try:
                item = next(items)
            except StopIteration:
                return
            except errors.OpError:
                raise
            except Exception as exc:  # noqa: BLE001 - the generator's error, as TF's py_func reports it
                yield ElementError(script_ops.op_error_for(exc))
                return
            try:
                yield self.convert(item)
            except errors.OpError as exc:
                yield ElementError(exc)


class Map(Pipeline):
    keeps_count = True

    def __init__(self, source, fn, captured):
        self.source, self.fn, self.captured = source, fn, captured
        self.columnar = source.columnar and fn.batch_safe

    def iterate(self, env):
        for elem in self.source.iterate(env):
            yield elem if isinstance(elem, ElementError) else map_call(self.fn, env, elem, self.captured)

    def chunks(self, env, size, whole=False):
        """The function once per chunk; a chunk that fails is redone element by element (errors in place),
        or with `whole` stands as one MapFunctionError (its first element's error) for all its rows."""
        for chunk in self.source.chunks(env, size):
            if isinstance(chunk, ElementError):
                yield chunk
                continue
            try:
                yield self.fn.call(env.ctx, chunk, self.captured)
            except errors.OpError:
                outs = [map_call(self.fn, env, elem, self.captured) for elem in rows(chunk, [1] * len(chunk))]
                failed = next((out for out in outs if isinstance(out, ElementError)), None)
                if whole and failed is not None:
                    yield MapFunctionError(failed.error, len(chunk[0]))
                    continue
                for out in outs:
                    yield out if isinstance(out, ElementError) else [np.asarray(c)[None] for c in out]


class Filter(Pipeline):
    def __init__(self, source, fn, captured):
        self.source, self.fn, self.captured = source, fn, captured

    def iterate(self, env):
        for elem in self.source.iterate(env):
            if isinstance(elem, ElementError):
                yield elem
                continue
            keep = call_fn(self.fn, env, elem, self.captured)
            if isinstance(keep, ElementError):
                yield keep
            elif bool(np.asarray(keep[0])):
                yield elem


class FlatMap(Pipeline):
    """flat_map, and interleave with `cycle_length` inner pipelines open at once."""

    def __init__(self, source, fn, captured, cycle_length=1, block_length=1):
        self.source, self.fn, self.captured = source, fn, captured
        self.cycle_length, self.block_length = max(1, int(cycle_length)), max(1, int(block_length))

    def _inner(self, env):
        for elem in self.source.iterate(env):
            if isinstance(elem, ElementError):
                yield elem
                continue
            inner = call_fn(self.fn, env, elem, self.captured)
            yield inner if isinstance(inner, ElementError) else inner[0].iterate(env)

    def iterate(self, env):
        opened = self._inner(env)
        active = collections.deque()
        exhausted = False
        while True:
            while not exhausted and len(active) < self.cycle_length:
                nxt = next(opened, None)
                if nxt is None:
                    exhausted = True
                elif isinstance(nxt, ElementError):
                    yield nxt
                else:
                    active.append(nxt)
            if not active:
                return
            current = active.popleft()
            alive = True
            for _ in range(self.block_length):
                elem = next(current, None)
                if elem is None:
                    alive = False
                    break
                yield elem
            if alive:
                active.append(current)


def stack_dense(arrays):
    """np.stack, keeping string (object) elements as bytes rather than nested 0-d arrays."""
    if arrays[0].dtype != object:
        return np.stack(arrays)
    out = np.empty((len(arrays),) + arrays[0].shape, dtype=object)
    for k, a in enumerate(arrays):
        out[k] = a if a.ndim else a[()]
    return out


class Unbatch(Pipeline):
    def __init__(self, source, layout=None):
        self.source, self.layout = source, layout

    def iterate(self, env):
        for elem in self.source.iterate(env):
            if isinstance(elem, ElementError):
                yield elem
                continue
            layout = self.layout or [1] * len(elem)
            problem = unbatch_problem(elem, layout)
            if problem is not None:
                yield ElementError(errors.InvalidArgumentError(None, None, problem))
                continue
            yield from rows(elem, layout)


class Shuffle(Pipeline):
    """TF's shuffle buffer: take a random element of the buffer, refill its place from the input.

    The draws are TF's: each pass (a new iterator over the shuffle, a repeat's epoch) reads
    Philox(s1, s2), where (s1, s2) are the next two words of Philox(seed, seed2) when reshuffling
    each iteration, and (seed, seed2) themselves otherwise; (0, 0) means fresh random seeds.
    """

    keeps_count = True

    def __init__(self, source, buffer_size, seeds, reshuffle):
        self.source, self.buffer_size, self.reshuffle = source, int(buffer_size), reshuffle
        seed, seed2 = seeds
        if seed == 0 and seed2 == 0:  # drawn once per run of the dataset op, as TF's RandomSeeds
            seed, seed2 = random.getrandbits(64), random.getrandbits(64)
        self.seeds = seed, seed2
        self.columnar = isinstance(source, Slices) and source.columnar

    def _draws(self, env):
        if not self.reshuffle:
            return philox.words(*self.seeds)
        seeds = env.caches.get(("seeds", id(self)))
        if seeds is None:  # one generator of per-pass seeds for each start of the iterator
            seeds = env.caches[("seeds", id(self))] = philox.words(*self.seeds)
        return philox.words(next(seeds), next(seeds))

    def iterate(self, env):
        yield from buffer_shuffle(self.source.iterate(env), self.buffer_size, self._draws(env))

    def chunks(self, env, size):
        """The same order as `iterate`, drawn over positions, then gathered from the source's arrays."""
        order = shuffled_positions(len(self.source), self.buffer_size, self._draws(env))
        for start in range(0, len(order), size):
            yield self.source.gather(order[start:start + size])


def shuffled_positions(n, buffer_size, draws):
    """`buffer_shuffle` of positions 0..n-1, in one tight loop (a full buffer takes one position per step)."""
    size = min(buffer_size, n)  # a buffer larger than the input never wraps: the same slots either way
    ring, out = list(range(size)), [0] * n
    end = size
    for step in range(n):
        if step and end < n:
            ring[end % size] = end
            end += 1
        index = (step + next(draws) % (end - step)) % size
        first = step % size
        out[step] = ring[index]
        ring[index] = ring[first]
    return out


def buffer_shuffle(items, buffer_size, draws):
    """TF's ShuffleDataset order: a ring buffer; each output is a random slot, refilled by swapping."""
    ring, start, end = {}, 0, 0
    done = False
    while True:
        while not done and end - start < buffer_size:
            item = next(items, _END)
            if item is _END:
                done = True
                break
            ring[end % buffer_size] = item
            end += 1
        if start == end:
            return
        index = (start + next(draws) % (end - start)) % buffer_size
        first = start % buffer_size
        out = ring[index]
        ring[index] = ring[first]
        del ring[first]
        start += 1
        yield out


_END = object()


class Repeat(Pipeline):
    def __init__(self, source, count):
        self.source, self.count = source, int(count)

    def cardinality(self):
        n = self.source.cardinality()
        if self.count == 0 or n == 0:
            return 0
        if self.count < 0:  # TF: forever is infinite even over an input of unknown size
            return INFINITE
        return n if n in (UNKNOWN, INFINITE) else n * self.count

    def iterate(self, env):
        epoch = 0
        while self.count < 0 or epoch < self.count:
            produced = False
            for elem in self.source.iterate(env):
                produced = True
                yield elem
            if not produced:  # an empty dataset repeated forever is empty
                return
            epoch += 1

    @property
    def columnar(self):
        return self.source.columnar

    def chunks(self, env, size):
        epoch = 0
        while self.count < 0 or epoch < self.count:
            produced = False
            for chunk in self.source.chunks(env, size):
                produced = True
                yield chunk
            if not produced:
                return
            epoch += 1


class Take(Pipeline):
    def __init__(self, source, count):
        self.source, self.count = source, int(count)

    def cardinality(self):
        n = self.source.cardinality()
        if self.count < 0 or n == UNKNOWN:
            return n
        return self.count if n == INFINITE else min(n, self.count)

    def iterate(self, env):
        if self.count == 0:
            return
        for i, elem in enumerate(self.source.iterate(env)):
            yield elem
            if 0 <= self.count <= i + 1:
                return


class Skip(Pipeline):
    def __init__(self, source, count):
        self.source, self.count = source, int(count)

    def cardinality(self):
        n = self.source.cardinality()
        if self.count < 0:
            return 0
        return n if n < 0 else max(0, n - self.count)

    def iterate(self, env):
        for i, elem in enumerate(self.source.iterate(env)):
            if self.count < 0:
                continue
            if i >= self.count:
                yield elem


class Zip(Pipeline):
    def __init__(self, sources):
        self.sources = sources

    def cardinality(self):
        counts = [s.cardinality() for s in self.sources]
        if UNKNOWN in counts:
            return UNKNOWN
        finite = [n for n in counts if n != INFINITE]
        return min(finite) if finite else INFINITE

    def iterate(self, env):
        for elems in zip(*[s.iterate(env) for s in self.sources]):
            bad = next((e for e in elems if isinstance(e, ElementError)), None)
            yield bad if bad is not None else [c for e in elems for c in e]


class Concatenate(Pipeline):
    def __init__(self, first, second):
        self.first, self.second = first, second

    def cardinality(self):
        counts = (self.first.cardinality(), self.second.cardinality())
        if UNKNOWN in counts:
            return UNKNOWN
        return INFINITE if INFINITE in counts else sum(counts)

    def iterate(self, env):
        yield from self.first.iterate(env)
        yield from self.second.iterate(env)


class Enumerate(Pipeline):
    def __init__(self, source, start):
        self.source, self.start = source, int(start)

    keeps_count = True

    def iterate(self, env):
        for i, elem in enumerate(self.source.iterate(env)):
            yield elem if isinstance(elem, ElementError) else [np.int64(self.start + i)] + list(elem)


class Shard(Pipeline):
    def __init__(self, source, num_shards, index):
        self.source, self.num_shards, self.index = source, num_shards, index

    def cardinality(self):
        n = self.source.cardinality()
        return n if n < 0 else n // self.num_shards + (1 if self.index < n % self.num_shards else 0)

    def iterate(self, env):
        for i, elem in enumerate(self.source.iterate(env)):
            if i % self.num_shards == self.index:
                yield elem


class IgnoreErrors(Pipeline):
    def __init__(self, source):
        self.source = source

    def iterate(self, env):
        for elem in self.source.iterate(env):
            if not isinstance(elem, ElementError):
                yield elem
