"""tf.data.experimental's Example and lookup-table helpers: parse_example_dataset,
make_batched_features_dataset, DatasetInitializer, table_from_dataset and index_table_from_dataset.

A DatasetInitializer fills a table from a dataset of (key, value) scalars with the
InitializeTableFromDataset op, which walks the dataset inside the run that initializes the table.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import apply_op, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.operation import Tensor
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.ops import lookup_kernels, lookup_ops, parsing_ops
from tfsess.ops.feature_column.lookups import IndexTable
from tfsess.ops.variables import GraphKeys
from tfsess.data import reduction, structure
from tfsess.data.dataset_kernels import AUTOTUNE
from tfsess.data.dataset_ops import Dataset
from tfsess.data.readers import TFRecordDataset
from tfsess.data.transforms import assert_cardinality


# ------------------------------------------------------------------ parsing Examples
def parse_example_dataset(features, num_parallel_calls=1, deterministic=None):
    """A transformation parsing a dataset of string vectors (serialized Examples) into dicts of
    tensors and SparseTensors, as tf.io.parse_example does."""
    if features is None:
        raise ValueError("Argument `features` is required, but not specified.")

    def apply(dataset):
        spec = dataset.element_spec
        if not isinstance(spec, structure.Spec) or spec.dtype != dtypes.string or spec.cls is not Tensor:
            raise TypeError("Input dataset should be a dataset of vectors of strings. Instead it is "
                            f"`{spec}`.")
        parsed = dataset.map(lambda serialized: parsing_ops.parse_example(serialized, features),
                             num_parallel_calls=None if num_parallel_calls in (None, 1) else num_parallel_calls)
        batch = spec.shape  # a SparseTensor's spec keeps the static batch size, as TF's does
        specs = {k: structure.Spec(s.dtype, batch.concatenate([None] * (s.shape.ndims - batch.ndims)), s.cls)
                 if s.cls is SparseTensor and batch.ndims is not None and s.shape.ndims is not None else s
                 for k, s in parsed.element_spec.items()}
        out = Dataset(parsed._variant, specs)
        out._options = parsed._options
        return out
    return apply


def make_batched_features_dataset(file_pattern, batch_size, features, reader=None, label_key=None, reader_args=None,
                                  num_epochs=None, shuffle=True, shuffle_buffer_size=10000, shuffle_seed=None,
                                  prefetch_buffer_size=None, reader_num_threads=None, parser_num_threads=None,
                                  sloppy_ordering=False, drop_final_batch=False):
    """Batches of parsed Examples read from the files matching `file_pattern` (TFRecord files unless
    `reader` says otherwise): dicts of features, or (features, label) with `label_key`.

    Files are listed (shuffled with `shuffle_seed` when `shuffle`), read in turn (interleaved when
    reader_num_threads > 1), records shuffled, repeated `num_epochs` times (forever when None, and
    then every batch is full: its size is static), batched and parsed.
    """
    reader = TFRecordDataset if reader is None else reader
    if isinstance(reader, type) and not issubclass(reader, Dataset):
        raise TypeError("The `reader` argument must return a `Dataset` object. `tf.ReaderBase` subclasses are not "
                        "supported. For example, pass `tf.data.TFRecordDataset` instead of `tf.TFRecordReader`.")
    if label_key is not None and label_key not in features:
        raise ValueError(f"The `label_key` provided ({label_key}) must be one of the `features` keys: "
                         f"{features.keys()}.")
    args = list(reader_args or [])
    dataset = Dataset.list_files(file_pattern, shuffle=shuffle, seed=shuffle_seed)
    threads = 1 if reader_num_threads in (None, AUTOTUNE) else int(reader_num_threads)
    dataset = dataset.interleave(lambda filename: reader(filename, *args), cycle_length=threads, block_length=1)
    if structure.types_of(dataset.element_spec) == (dtypes.string, dtypes.string):
        dataset = dataset.map(lambda _, value: value)  # a (key, value) reader: the values are the Examples
    if shuffle:
        dataset = dataset.shuffle(shuffle_buffer_size, shuffle_seed)
    if num_epochs != 1:
        dataset = dataset.repeat(num_epochs)
    dataset = dataset.batch(batch_size, drop_remainder=drop_final_batch or num_epochs is None)
    dataset = dataset.apply(parse_example_dataset(features, num_parallel_calls=parser_num_threads))
    if label_key:
        dataset = dataset.map(lambda x: (x, x.pop(label_key)))
    return dataset.prefetch(AUTOTUNE if prefetch_buffer_size is None else prefetch_buffer_size)


# ------------------------------------------------------------------ lookup tables
@register_op("InitializeTableFromDataset", infer=lambda inputs, attrs: [], stateful=True, gpu=False,
             no_gradient=True, needs_ctx=True)
def _initialize_table_from_dataset(xp, handle, pipe, *, ctx):
    table = lookup_kernels._as_table(handle)
    if table.initialized and table.static:
        return ()  # TF leaves an initialized table as it is
    keys, values = [], []
    for key, value in reduction.elements(pipe, ctx):
        keys.append(np.asarray(key).item())
        values.append(np.asarray(value).item())
    as_array = lambda items, dtype: np.array(items, dtype=object if dtype == dtypes.string  # noqa: E731
                                             else dtype.as_numpy_dtype).reshape(len(items))
    table.insert(as_array(keys, table.key_dtype), as_array(values, table.value_dtype), check_same=table.static)
    table.initialized = True
    return ()


def _check_element_spec(spec):
    base = ("The given dataset must contain elements in the form (key, value), where the keys and values are "
            "scalar tensors. ")
    if not isinstance(spec, (tuple, list, dict)):  # TF takes len() of the spec
        raise TypeError(f"object of type '{type(spec).__name__}' has no len()")
    if not isinstance(spec, tuple) or len(spec) != 2:
        count = len(spec)
        raise ValueError(base + f"However, the given dataset produces {count} components instead of two (key, "
                         f"value) components. Full dataset element spec: {spec}.")
    for what, s in zip(("keys", "values"), spec):
        if not isinstance(s, structure.Spec) or s.cls is not Tensor or isinstance(s, structure.DatasetSpec):
            raise ValueError(base + f"However, the given dataset produces non-Tensor {what} of type {type(s)}.")
    for what, s in zip(("key", "value"), spec):
        if s.shape.ndims not in (None, 0):
            raise ValueError(base + f"However, the given dataset produces non-scalar {what} Tensors of rank "
                             f"{s.shape.ndims}.")


class DatasetInitializer(lookup_ops.TableInitializerBase):
    """Fills a table from a dataset of (key, value) scalar pairs (tf.data.experimental.DatasetInitializer)."""

    def __init__(self, dataset):
        self.dataset = dataset
        spec = dataset.element_spec
        _check_element_spec(spec)
        super().__init__(spec[0].dtype, spec[1].dtype)

    def initialize(self, table):
        """The op filling `table` (also listed in TABLE_INITIALIZERS)."""
        lookup_ops._check_table_dtypes(table, self.key_dtype, self.value_dtype)
        init = apply_op("InitializeTableFromDataset", [table.resource_handle, self.dataset._variant],
                        name="InitializeTableFromDataset")
        get_default_graph().add_to_collection(GraphKeys.TABLE_INITIALIZERS, init)
        return init


def table_from_dataset(dataset=None, num_oov_buckets=0, vocab_size=None, default_value=None, hasher_spec=None,
                       key_dtype=dtypes.string, name=None):
    """A static table from a dataset of (key, value) pairs; with `num_oov_buckets`, unknown keys get
    one of that many hash buckets after the vocabulary."""
    spec = dataset.element_spec
    _check_element_spec(spec)
    if default_value is None:
        default_value = -1
        if not (spec[1].dtype.is_integer or spec[1].dtype.is_floating):
            raise ValueError("`default_value` must be specified when creating a table from a dataset that produces "
                             f"values of type {spec[1].dtype}.")
    if num_oov_buckets < 0:
        raise ValueError(f"`num_oov_buckets` must be greater than or equal to 0, got {num_oov_buckets}.")
    if not isinstance(vocab_size, Tensor) and vocab_size is not None and vocab_size < 1:
        raise ValueError(f"`vocab_size` must be greater than 0, got {vocab_size}.")
    key_dtype = dtypes.as_dtype(key_dtype)
    if not key_dtype.is_integer and key_dtype.base_dtype != dtypes.string:
        raise TypeError(f"`key_dtype` must be either an integer or string type, but got {key_dtype}")
    if vocab_size is not None:
        dataset = assert_cardinality(dataset.take(vocab_size), vocab_size)
    with op_scope(name, "string_to_index"):
        initializer = DatasetInitializer(dataset)
        with op_scope(None, "hash_table"):
            table = lookup_ops.StaticHashTable(initializer, default_value)
            return IndexTable(table, num_oov_buckets, default_value) if num_oov_buckets else table


def index_table_from_dataset(dataset=None, num_oov_buckets=0, vocab_size=None, default_value=-1, hasher_spec=None,
                             key_dtype=dtypes.string, name=None):
    """A table mapping each element of `dataset` (scalar keys) to its position in it (int64)."""
    return table_from_dataset(dataset.enumerate().map(lambda v, k: (k, v)), num_oov_buckets, vocab_size,
                              default_value, hasher_spec, key_dtype, name)


__all__ = ["DatasetInitializer", "index_table_from_dataset", "make_batched_features_dataset",
           "parse_example_dataset", "table_from_dataset"]
