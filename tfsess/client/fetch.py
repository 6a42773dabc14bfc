"""Fetch mappers, feed normalisation and the FetchHandler of Session.run.

TF's design: for_fetch dispatches on structure; each mapper lists its unique_fetches() and rebuilds
results from their values. A FetchHandler is one run signature compiled once: its mapper, the
tensors the runtime computes and is fed, and the conversion of raw values into what run returns.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from tfsess.client.session_handles import HANDLE_OP_TYPES, TensorHandle, wrap_handles
from tfsess.framework import dtypes, errors
from tfsess.framework.operation import Operation, Tensor
from tfsess.framework.indexed_slices import IndexedSlices, IndexedSlicesValue
from tfsess.framework.op_builder import to_numpy
from tfsess.framework.sparse_tensor import SparseTensor, SparseTensorValue
from tfsess.lib.xp import to_host
from tfsess.runtime.runtime import RunSignature, run_signature


class FetchMapper:
    """Maps a fetch structure to a flat list of graph elements and back."""

    def unique_fetches(self):
        raise NotImplementedError

    def build_results(self, values):
        raise NotImplementedError


def for_fetch(fetch, graph) -> FetchMapper:
    """The mapper for any fetch structure; raises TypeError/ValueError for bad fetches."""
    if fetch is None:
        raise TypeError(f'Argument `fetch` = {fetch} has invalid type "{type(fetch).__name__}". Cannot be None')
    if isinstance(fetch, SparseTensor):
        return SparseFetchMapper(fetch, graph)
    if isinstance(fetch, IndexedSlices):
        return IndexedSlicesFetchMapper(fetch, graph)
    if hasattr(type(fetch), "_session_fetch"):
        return CompositeFetchMapper(fetch, graph)
    if isinstance(fetch, (list, tuple)):
        return ListFetchMapper(fetch, graph)
    if isinstance(fetch, dict):
        return DictFetchMapper(fetch, graph)
    if hasattr(type(fetch), "__attrs_attrs__"):
        return AttrsFetchMapper(fetch, graph)
    return ElementFetchMapper(fetch, graph)


class ElementFetchMapper(FetchMapper):
    """A single Tensor, Operation, name or object with `_as_graph_element`."""

    def __init__(self, fetch, graph):
        try:
            element = graph.as_graph_element(fetch, allow_tensor=True, allow_operation=True)
        except TypeError as exc:
            raise TypeError(f'Argument `fetch` = {fetch} has invalid type "{type(fetch).__name__}" '
                            f"must be a string or Tensor. ({exc})") from None
        except (ValueError, KeyError) as exc:
            raise ValueError(f"Argument `fetch` = {fetch} cannot be interpreted as a Tensor. ({exc})") from None
        if not graph.is_fetchable(element):
            op = element if isinstance(element, Operation) else element.op
            raise errors.InaccessibleTensorError(
                f"Operation {op.name} has been marked as not fetchable. Typically this happens when it "
                "is defined in another function or code block. Use return values, explicit Python "
                "locals or TensorFlow collections to access it.")
        self.element = element
        self.is_op = isinstance(element, Operation)

    def unique_fetches(self):
        return [self.element]

    def build_results(self, values):
        return None if self.is_op else values[0]


class SparseFetchMapper(FetchMapper):
    def __init__(self, fetch, graph):
        self.parts = [ElementFetchMapper(t, graph) for t in (fetch.indices, fetch.values, fetch.dense_shape)]

    def unique_fetches(self):
        return [m.element for m in self.parts]

    def build_results(self, values):
        return SparseTensorValue(*values)


class CompositeFetchMapper(FetchMapper):
    """A composite (e.g. RaggedTensor) whose `_session_fetch()` gives (component tensors, value builder),
    as TF's register_session_run_conversion_functions."""

    def __init__(self, fetch, graph):
        components, self.rebuild = fetch._session_fetch()
        self.parts = [ElementFetchMapper(t, graph) for t in components]

    def unique_fetches(self):
        return [m.element for m in self.parts]

    def build_results(self, values):
        return self.rebuild(values)


class IndexedSlicesFetchMapper(FetchMapper):
    """An IndexedSlices fetch: values, indices and (when known) dense_shape."""

    def __init__(self, fetch, graph):
        parts = [fetch.values, fetch.indices] + ([fetch.dense_shape] if fetch.dense_shape is not None else [])
        self.parts = [ElementFetchMapper(t, graph) for t in parts]

    def unique_fetches(self):
        return [m.element for m in self.parts]

    def build_results(self, values):
        return IndexedSlicesValue(values[0], values[1], values[2] if len(values) == 3 else None)


class _NestedMapper(FetchMapper):
    """Shared logic for containers: children's fetches deduplicated, values routed back."""

    def _init_children(self, items, graph):
        self.mappers = [for_fetch(item, graph) for item in items]
        self.fetches, self.value_indices = uniquify([m.unique_fetches() for m in self.mappers])

    def unique_fetches(self):
        return self.fetches

    def _child_results(self, values):
        return [m.build_results([values[j] for j in idx]) for m, idx in zip(self.mappers, self.value_indices)]


class ListFetchMapper(_NestedMapper):
    def __init__(self, fetches, graph):
        self.kind = type(fetches)
        self._init_children(fetches, graph)

    def build_results(self, values):
        results = self._child_results(values)
        if issubclass(self.kind, list):
            return results  # TF: a list subclass comes back as a plain list
        if self.kind is tuple:
            return tuple(results)
        return self.kind(*results)  # namedtuple


class DictFetchMapper(_NestedMapper):
    def __init__(self, fetches, graph):
        self.kind = type(fetches)
        self.default_factory = getattr(fetches, "default_factory", None)
        self.keys = list(fetches.keys())
        self._init_children(fetches.values(), graph)

    def build_results(self, values):
        results = self.kind()
        if self.default_factory is not None:
            results.default_factory = self.default_factory  # as TF: a defaultdict keeps its factory
        for key, value in zip(self.keys, self._child_results(values)):
            results[key] = value
        return results


class AttrsFetchMapper(_NestedMapper):
    def __init__(self, fetches, graph):
        self.kind = type(fetches)
        names = [a.name for a in self.kind.__attrs_attrs__]
        self._init_children([getattr(fetches, n) for n in names], graph)

    def build_results(self, values):
        return self.kind(*self._child_results(values))


def uniquify(fetch_lists):
    """Flattens lists of fetches without repeats; returns them and each list's value indices."""
    unique, position, indices = [], {}, []
    for fetches in fetch_lists:
        idx = []
        for f in fetches:
            j = position.get(f)
            if j is None:
                j = position[f] = len(unique)
                unique.append(f)
            idx.append(j)
        indices.append(idx)
    return unique, indices


# ------------------------------------------------------------------------- the handler
class FetchHandler:
    """One run signature (fetches, feed keys) compiled once for a graph.

    `feeds(feed_dict)` normalises the fed values, `signature` is what the runtime compiles and
    runs, and `build_results(values, feeds)` turns the runtime's raw values into run's result.
    """

    def __init__(self, graph, fetches, feed_keys=()):
        # plain keys (tensors, names) resolve once; nested or sparse keys are flattened per run.
        # Keys resolve before fetches, as TF reads feed_dict first: a bad key is the error a run reports.
        self.simple_keys = all(isinstance(k, (Tensor, str)) for k in feed_keys)
        self.feed_pairs = tuple((k, resolve_feed_key(graph, k)) for k in feed_keys) if self.simple_keys else None
        self.string_pairs = [(k, t) for k, t in self.feed_pairs or () if t.dtype.base_dtype == dtypes.string]
        self.mapper = for_fetch(fetches, graph)
        self.elements = self.mapper.unique_fetches()
        tensors = [e for e in self.elements if not isinstance(e, Operation)]
        self.targets = [e for e in self.elements if isinstance(e, Operation)]
        self.graph, self.version = graph, graph.version
        feed_tensors = list(dict.fromkeys(t for _, t in self.feed_pairs)) if self.simple_keys else None
        self.signature = run_signature(tensors, self.targets, feed_tensors) if feed_tensors is not None else None
        self.fetch_tensors = tensors
        # where each element's value sits among the runtime's values (None for an operation)
        position = {t: i for i, t in enumerate(tensors)}
        self.positions = [None if isinstance(e, Operation) else position[e] for e in self.elements]
        # fetches of GetSessionHandle ops come back as TensorHandles: {element index: the stored value's dtype}
        self.handle_dtypes = {i: e.op.inputs[0].dtype.base_dtype for i, e in enumerate(self.elements)
                              if isinstance(e, Tensor) and e.op.type in HANDLE_OP_TYPES}
        # a variant (a TensorList, a dataset, an optional) has no NumPy form: TF runs the step, then fails
        self.has_variant = any(t.dtype.base_dtype == dtypes.variant for t in tensors)
        single = len(self.elements) == 1 and tensors and not self.handle_dtypes and not self.has_variant
        self.single = self.elements[0] if single else None  # the common case

    def feeds(self, feed_dict) -> dict:
        """{tensor: ndarray} for `feed_dict`, checked against each tensor's dtype and shape."""
        if not feed_dict:
            return {}
        if self.feed_pairs is not None:
            feeds = {t: feed_value(t, feed_dict[k]) for k, t in self.feed_pairs}
            if self.string_pairs:
                return Feeds(feeds, ((t, feed_dict[k]) for k, t in self.string_pairs))
            return feeds
        feeds, strings = {}, []
        for key, value in flatten_feed_items(feed_dict):
            tensor = resolve_feed_key(self.graph, key)
            feeds[tensor] = feed_value(tensor, value)
            if tensor.dtype.base_dtype == dtypes.string:
                strings.append((tensor, value))
        return Feeds(feeds, strings) if strings else feeds

    def signature_for(self, feeds) -> RunSignature:
        """The RunSignature of a run fed `feeds` (the handler's own unless more or other tensors are fed)."""
        signature = self.signature
        if signature is not None and len(feeds) == len(signature.feed_tensors):
            return signature  # feeds hold exactly the handler's feed tensors
        return run_signature(self.fetch_tensors, self.targets, feeds)

    def build_results(self, values, feeds, session=None):
        """run's result from the runtime's `values` of fetch_tensors (fed tensors come back as fed); handle
        fetches become TensorHandles of `session`."""
        if self.single is not None:
            return self.mapper.build_results([self._value_of(self.single, values[0], feeds)])
        results = self.element_values(values, feeds)
        if self.handle_dtypes:
            results = wrap_handles(results, self.handle_dtypes, session)
        return self.mapper.build_results(results)

    def element_values(self, values, feeds) -> list:
        """One value per unique fetch: NumPy values as run returns them, None for operations."""
        if self.single is not None:
            return [self._value_of(self.single, values[0], feeds)]
        if self.has_variant:
            raise errors.InternalError(None, None, _VARIANT_FETCH)
        results, seen = [], set()
        for e, pos in zip(self.elements, self.positions):
            value = None if pos is None else self._value_of(e, values[pos], feeds)
            if isinstance(value, np.ndarray):
                if id(value) in seen:
                    value = value.copy()  # twins merged by CSE still come back as distinct arrays
                seen.add(id(value))
            results.append(value)
        return results

    @staticmethod
    def _value_of(element, value, feeds):
        if element in feeds:
            as_fed = getattr(feeds, "as_fed", None)
            if as_fed is not None and element in as_fed:
                return as_fed[element]
            return fetched_value(value, True)
        return fetched_value(value, False)


class Feeds(dict):
    """{tensor: ndarray} of a run that feeds strings: `as_fed` holds each string feed as run returns it
    when the fed tensor is fetched too, TF's np.asarray(value, object) (a str element stays str)."""
    __slots__ = ("as_fed",)

    def __init__(self, feeds, string_feeds):
        super().__init__(feeds)
        self.as_fed = {t: np.asarray(v, dtype=object) for t, v in string_feeds if not isinstance(v, TensorHandle)}


_VARIANT_FETCH = f"Tensorflow type {dtypes.variant.as_datatype_enum} not convertible to numpy dtype."


def fetched_value(value, fed: bool):
    """A run result as TF returns it: NumPy scalars for rank 0 (a fed value comes back as fed)."""
    if isinstance(value, np.ndarray):
        if fed:
            return value
        if value.ndim == 0:
            return value[()]
        if not value.flags.writeable:
            return value.copy()  # never hand out a constant's or a variable's own buffer
        return value
    if isinstance(value, np.generic) or fed:
        return value
    if hasattr(value, "get") and not isinstance(value, dict):  # a device (CuPy) array
        return fetched_value(to_host(value), fed)
    return value


# ------------------------------------------------------------------------- feeds
def flatten_feed_items(feed_dict):
    """(key, value) pairs with nested tuple keys expanded, SparseTensor and IndexedSlices keys split.

    As TF's nest.flatten_dict_items: a nested key and its value are flattened (lists, tuples and
    dicts are nested; arrays are not) and must have as many leaves; keys must be unique.
    """
    if not isinstance(feed_dict, Mapping):
        raise TypeError(f"FlattenDictItems: 'dict' must be a dictionary or collection.Mapping type "
                        f"object, instead of '{type(feed_dict).__name__}'.")
    flat = {}
    for key, value in feed_dict.items():
        if isinstance(key, tuple) and not isinstance(key, SparseTensorValue):
            keys, values = _nest_flatten(key), _nest_flatten(value)
            if len(keys) != len(values):
                raise ValueError(f"Could not flatten dictionary. Key had {len(keys)} elements, but value "
                                 f"had {len(values)} elements. Key: {keys}, value: {values}.")
            pairs = zip(keys, values)
        else:
            pairs = [(key, value)]
        for k, v in pairs:
            if k in flat:
                raise ValueError(f"Cannot flatten dict because this key is not unique: {k}")
            flat[k] = v
    for key, value in flat.items():
        yield from _expand(key, value)


def _nest_flatten(value):
    if isinstance(value, (list, tuple)) and not isinstance(value, SparseTensorValue):
        return [leaf for item in value for leaf in _nest_flatten(item)]
    if isinstance(value, Mapping):
        return [leaf for k in sorted(value) for leaf in _nest_flatten(value[k])]
    return [value]


def _expand(key, value):
    if isinstance(key, SparseTensor):
        if isinstance(value, SparseTensor):
            raise TypeError("The value of a feed cannot be a tf.SparseTensor object.")
        # TF zips the components with the value: a 2-tuple leaves dense_shape unfed (an
        # InvalidArgumentError when run); a dense array feeds its rows (a ValueError on shape).
        yield from zip((key.indices, key.values, key.dense_shape), value)
        return
    if isinstance(key, IndexedSlices):
        if isinstance(value, IndexedSlices):
            raise TypeError("The value of a feed cannot be a tf.IndexedSlices object.")
        # as TF: the components are zipped with the value (an IndexedSlicesValue or a tuple)
        components = (key.values, key.indices) if key.dense_shape is None else \
            (key.values, key.indices, key.dense_shape)
        yield from zip(components, value)
        return
    if hasattr(type(key), "_session_feed"):  # a composite: (component, value) pairs, as TF
        yield from key._session_feed(value)
        return
    yield key, value


def resolve_feed_key(graph, key) -> Tensor:
    try:
        return graph.as_graph_element(key, allow_tensor=True, allow_operation=False)
    except Exception as exc:  # every lookup failure is a bad key, as in TF
        raise TypeError(f"Cannot interpret feed_dict key as Tensor: {exc}") from None


def feed_value(tensor: Tensor, value):
    """`value` as an ndarray for `tensor`, with TF's checks; raises TypeError/ValueError.

    A TensorHandle stands for the value its session stores (InvalidArgumentError when none, or of
    another dtype).
    """
    if isinstance(value, TensorHandle):
        return value.fed_value(tensor)
    if hasattr(value, "_as_graph_element") and hasattr(value, "initializer"):
        # TF checks Tensor only: a variable reaches np.asarray, which a ref variable fails with NumPy's
        # ValueError and a resource variable (asked for numpy()) with NotImplementedError
        if hasattr(value, "handle"):
            raise NotImplementedError("numpy() is only available when eager execution is enabled.")
        raise ValueError("setting an array element with a sequence.")
    if isinstance(value, (Tensor, Operation)) or hasattr(value, "_as_graph_element"):
        raise TypeError(f"The value of a feed cannot be a tf.Tensor object. Acceptable feed values "
                        f"include Python scalars, strings, lists, numpy ndarrays, or TensorHandles. "
                        f"For reference, the tensor object was {value} which was passed to the feed "
                        f"with key {tensor}.")
    dtype = tensor.dtype.base_dtype
    array = _convert(value, dtype, tensor)
    if not tensor.shape.is_compatible_with(array.shape):
        raise ValueError(f"Cannot feed value of shape {array.shape!r} for Tensor {tensor.name}, "
                         f"which has shape {tensor.shape}")
    if not tensor.graph.is_feedable(tensor):
        raise ValueError(f"Tensor {tensor.name} may not be fed.")
    return array


def _string_feed(value, tensor):
    """A string feed as TF takes it: bytes and str become bytes; other elements (a float, say) pass as
    objects, which only the ops reading them refuse (InternalError), as TF's runtime does."""
    if isinstance(value, (int, bool)):  # TF's feed check: a Python int or bool never fits an object tensor
        raise TypeError(f"Type of feed value {value} with type {type(value)} is not compatible with Tensor type "
                        f"<class 'object'>. Try explicitly setting the type of the feed tensor to a larger type "
                        f"(e.g. int64). (Feeding {tensor.name}.)")
    try:
        return to_numpy(value, dtypes.string)
    except TypeError:
        array = np.asarray(value, dtype=object)
        for index, x in np.ndenumerate(array):
            if isinstance(x, str):
                array[index] = x.encode("utf-8")
        return array


def _python_int_feed(value, np_type, tensor):
    """A Python int (or bool) fed as `np_type`: TF refuses one its dtype does not hold exactly (TF's text,
    then the tensor's name)."""
    with np.errstate(over="ignore"):  # a wrapped or infinite value is the refusal below
        converted = np.asarray(np.array(value).astype(np_type))  # beyond 64 bits: NumPy's OverflowError, as TF
        exact = bool(np_type(converted) == value)
    if not exact:
        raise TypeError(f"Type of feed value {value} with type {type(value)} is not compatible with Tensor type "
                        f"{np_type}. Try explicitly setting the type of the feed tensor to a larger type "
                        f"(e.g. int64). (Feeding {tensor.name}.)")
    return converted


def _convert(value, dtype, tensor):
    np_type = dtype.as_numpy_dtype
    if dtype == dtypes.string:
        return _string_feed(value, tensor)
    if isinstance(value, int):
        return _python_int_feed(value, np_type, tensor)
    try:
        if isinstance(value, np.ndarray):
            return value.astype(np_type, copy=False)
        return np.asarray(np.asarray(value), dtype=np_type)
    except (TypeError, ValueError) as exc:  # NumPy's class, as TF's np.asarray(value, dtype) raises it
        raise type(exc)(f"Cannot feed value {value!r} to Tensor {tensor.name} of type {dtype.name}: "
                        f"{exc}") from None
