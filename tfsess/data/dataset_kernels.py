"""The kernels of tf.data's core dataset ops: each returns the bound pipeline (tfsess/data/pipeline.py)
an iterator walks. Functions named by an op's attrs (`f`, `predicate`) run through data/function.py's
runners, whether traced here or imported from a GraphDef's library."""
from __future__ import annotations

import functools

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.runtime.thread_pools import cpu_count
from tfsess.runtime.variable_store import detached
from tfsess.data import background, batching, caching, pipeline, windows
from tfsess.data.element_leaves import leaf_count
from tfsess.data.function import runner
from tfsess.data.generated_elements import convert_generated

AUTOTUNE = -1


def _variant_infer(inputs, attrs):
    return [(dtypes.variant, TensorShape([]))]


def dataset_op(op_type, **options):
    """Registers a dataset op: its kernel returns a bound pipeline (never folded: it is stateful).

    The pipeline keeps its inputs beyond the step, so one that is a variable's buffer is copied:
    a later write to the variable does not reach an initialized iterator, as in TF.
    """
    register = register_op(op_type, infer=_variant_infer, stateful=True, gpu=False, no_gradient=True, **options)

    def decorate(kernel):
        @functools.wraps(kernel)
        def kernel_on_copies(xp, *inputs, **attrs):
            return kernel(xp, *(detached(value) for value in inputs), **attrs)
        return register(kernel_on_copies)
    return decorate


def _fn_of(ctx, attr="f"):
    return runner(ctx.op._attrs.get(attr), ctx.op.name)


def _arrays(values):
    return [np.asarray(v) for v in values]


def layout_of(op, count):
    """The layout of an op's components: as tfsess built it, or all dense (an op imported from TF)."""
    return op._attrs.get("_layout") or [1] * count


@dataset_op("TensorSliceDataset", needs_ctx=True)
def _tensor_slice_dataset(xp, *components, ctx):
    arrays = _arrays(components)
    layout = layout_of(ctx.op, len(arrays))
    groups = pipeline.leaf_groups(arrays, layout)
    lengths = {leaf_count(group, entry) for group, entry in zip(groups, layout)}
    if len(lengths) > 1:
        raise errors.InvalidArgumentError(None, None, "All components must have the same size in the 0th "
                                          f"dimension, got {sorted(lengths)}")
    return pipeline.Slices(arrays, layout)


@dataset_op("TensorDataset")
def _tensor_dataset(xp, *components):
    return pipeline.Tensors(_arrays(components))


@dataset_op("RangeDataset")
def _range_dataset(xp, start, stop, step, *, output_types=(dtypes.int64,)):
    if int(step) == 0:
        raise errors.InvalidArgumentError(None, None, "step must be a non-zero integer.")
    return pipeline.Range(start, stop, step, np.dtype(output_types[0].as_numpy_dtype))


@dataset_op("GeneratorDataset", needs_ctx=True)
def _generator_dataset(xp, *args, ctx):
    generator, specs = ctx.op._attrs["_generator"], ctx.op._attrs["_specs"]
    values = [a.item() if isinstance(a, np.ndarray) and a.ndim == 0 else a for a in args]
    numpy_conversion = ctx.op._attrs.get("_numpy_conversion", False)
    source = pipeline.Generator(lambda: generator(*values),
                                lambda item: convert_generated(item, specs, numpy_conversion))
    return background.BackgroundGenerator(source)


def _with_fn(cls, attr="f"):
    def kernel(xp, source, *captured, ctx):
        return cls(source, _fn_of(ctx, attr), list(captured))
    return kernel


dataset_op("MapDataset", needs_ctx=True)(_with_fn(pipeline.Map))


@dataset_op("ParallelMapDatasetV2", needs_ctx=True)
def _parallel_map_dataset(xp, source, *captured_and_calls, ctx):
    *captured, calls = captured_and_calls
    if int(calls) <= 0 and int(calls) != AUTOTUNE:
        raise errors.InvalidArgumentError(None, None, "num_parallel_calls must be greater than zero.")
    return background.ParallelMap(source, _fn_of(ctx), captured, calls)


dataset_op("FilterDataset", needs_ctx=True)(_with_fn(pipeline.Filter, "predicate"))
dataset_op("FlatMapDataset", needs_ctx=True)(_with_fn(pipeline.FlatMap))


def _interleave(source, fn, captured, cycle_length, block_length):
    cycle, block = int(cycle_length), int(block_length)
    if cycle == AUTOTUNE:
        cycle = cpu_count()  # as TF's kernel: the host's schedulable cores, so the order depends on the machine
    if cycle <= 0:
        raise errors.InvalidArgumentError(None, None, "cycle_length must be greater than zero.")
    if block <= 0:
        raise errors.InvalidArgumentError(None, None, "block_length must be greater than zero.")
    return pipeline.FlatMap(source, fn, list(captured), cycle, block)


@dataset_op("InterleaveDataset", needs_ctx=True)
def _interleave_dataset(xp, source, *captured_cycle_block, ctx):
    *captured, cycle_length, block_length = captured_cycle_block
    return _interleave(source, _fn_of(ctx), captured, cycle_length, block_length)


@dataset_op("ParallelInterleaveDatasetV4", needs_ctx=True)
def _parallel_interleave_dataset(xp, source, *inputs, ctx):
    *captured, cycle_length, block_length, _buffered, _prefetched, calls = inputs
    if int(calls) <= 0 and int(calls) != AUTOTUNE:
        raise errors.InvalidArgumentError(None, None, "num_parallel_calls must be greater than zero.")
    return _interleave(source, _fn_of(ctx), captured, cycle_length, block_length)  # a deterministic order


@dataset_op("BatchDatasetV2", needs_ctx=True)
def _batch_dataset(xp, source, batch_size, drop_remainder, ctx):
    if int(batch_size) <= 0:
        raise errors.InvalidArgumentError(None, None, "Batch size must be greater than zero.")
    return batching.Batch(source, batch_size, drop_remainder, layout=ctx.op._attrs.get("_layout"))


@dataset_op("PaddedBatchDatasetV2")
def _padded_batch_dataset(xp, source, batch_size, *shapes_values_drop, N):
    """TF's inputs: the dataset, batch_size, N padded shapes (int64 vectors, -1: the longest), N padding
    values, drop_remainder."""
    if int(batch_size) <= 0:
        raise errors.InvalidArgumentError(None, None, "Batch size must be greater than zero.")
    shapes, values, drop_remainder = shapes_values_drop[:N], shapes_values_drop[N:2 * N], shapes_values_drop[-1]
    pads = []
    for i, (shape, value) in enumerate(zip(shapes, values)):
        shape = np.asarray(shape)
        if shape.ndim != 1:
            raise errors.InvalidArgumentError(None, None, f"All padded shapes must be vectors, but component {i} "
                                              f"had shape {list(shape.shape)}.")
        if np.ndim(value) != 0:
            raise errors.InvalidArgumentError(None, None, f"All padding values must be scalars, but component {i} "
                                              f"had shape {list(np.shape(value))}.")
        pads.append((tuple(None if d < 0 else int(d) for d in shape.tolist()), value))
    return batching.Batch(source, batch_size, drop_remainder, pad=pads)


@dataset_op("UnbatchDataset", needs_ctx=True)
def _unbatch_dataset(xp, source, ctx):
    return pipeline.Unbatch(source, layout_of(ctx.op, len(ctx.op._attrs["output_types"])))


@dataset_op("ShuffleDataset")
def _shuffle_dataset(xp, source, buffer_size, seed, seed2, *, reshuffle_each_iteration=True):
    if int(buffer_size) <= 0:
        raise errors.InvalidArgumentError(None, None, "buffer_size must be greater than zero.")
    return pipeline.Shuffle(source, buffer_size, (int(seed), int(seed2)), bool(reshuffle_each_iteration))


dataset_op("RepeatDataset")(lambda xp, source, count: pipeline.Repeat(source, count))
dataset_op("TakeDataset")(lambda xp, source, count: pipeline.Take(source, count))
dataset_op("SkipDataset")(lambda xp, source, count: pipeline.Skip(source, count))
dataset_op("ZipDataset")(lambda xp, *sources: pipeline.Zip(list(sources)))
dataset_op("ConcatenateDataset")(lambda xp, first, second: pipeline.Concatenate(first, second))
@dataset_op("PrefetchDataset")
def _prefetch_dataset(xp, source, buffer_size):
    if int(buffer_size) < 0 and int(buffer_size) != AUTOTUNE:
        raise errors.InvalidArgumentError(None, None, "buffer_size must be >= 0 or set buffer_size to be -1 for "
                                          "auto-tuning")
    return background.Prefetch(source, buffer_size)


@dataset_op("CacheDataset")
def _cache_dataset(xp, source, filename):
    name = filename.item() if isinstance(filename, np.ndarray) else filename
    name = name.decode() if isinstance(name, bytes) else str(name)
    return caching.FileCache(source, name) if name else caching.Cache(source)


@dataset_op("WindowDataset", needs_ctx=True)
def _window_dataset(xp, source, size, shift, stride, drop_remainder, ctx):
    for value, what in ((size, "Window size"), (shift, "Window shift"), (stride, "Window stride")):
        if int(value) <= 0:
            raise errors.InvalidArgumentError(None, None, f"{what} must be greater than zero, but got {int(value)}.")
    return windows.Window(source, size, shift, stride, drop_remainder, layout_of(ctx.op, len(ctx.op._attrs["output_types"])))


@dataset_op("ShardDataset")
def _shard_dataset(xp, source, num_shards, index):
    n, i = int(num_shards), int(index)
    if n <= 0 or not 0 <= i < n:
        raise errors.InvalidArgumentError(None, None, f"Index must be in [0, {n}) and num_shards > 0; "
                                          f"got index {i}, num_shards {n}.")
    return pipeline.Shard(source, n, i)
