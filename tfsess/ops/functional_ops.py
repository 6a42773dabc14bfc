"""Higher-order functions over the first axis: map_fn, scan, foldl, foldr.

Built as TF builds them: the elements are unstacked into TensorArrays, one while_loop reads
element i, calls `fn` and writes its result into output TensorArrays, which are stacked at the
end; so their gradients are the while loop's and the TensorArrays'.
"""
from __future__ import annotations

import functools

from tfsess.framework import dtypes, nest
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.tensor_shape import Dimension, TensorShape, dimension_value
from tfsess.framework.tensor_spec import TensorSpec, TypeSpec
from tfsess.ops import array_ops
from tfsess.ops.tensor_array_ops import TensorArray
from tfsess.ops.while_ops import while_loop

# As TF's functional ops do: SparseTensors and TensorArrays count as their component tensors.
_flatten = functools.partial(nest.flatten, expand_composites=True)
_pack = functools.partial(nest.pack_sequence_as, expand_composites=True)
_assert_same_structure = functools.partial(nest.assert_same_structure, expand_composites=True)
_is_sequence = nest.is_nested


def _leading_dim(elems_flat):
    """The static number of elements (a Dimension); ValueError when the inputs disagree."""
    n_static = Dimension(dimension_value(elems_flat[0].shape.with_rank_at_least(1)[0]))
    for t in elems_flat[1:]:
        other = Dimension(dimension_value(t.shape.with_rank_at_least(1)[0]))
        if not n_static.is_compatible_with(other):
            raise ValueError(f"Dimensions {n_static} and {other} are not compatible")
        n_static = n_static.merge_with(other)
    return n_static


def _count(elems_flat):
    # as TF: a scalar's shape[0] raises IndexError; a static 0 is asked of the shape at run time
    return dimension_value(elems_flat[0].shape[0]) or array_ops.shape(elems_flat[0])[0]


def _unstacked(elems_flat, n, element_shapes=False):
    return [TensorArray(t.dtype, size=n, dynamic_size=False, infer_shape=True,
                        element_shape=t.shape[1:] if element_shapes else None).unstack(t) for t in elems_flat]


def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False,
           infer_shape=True, name=None, fn_output_signature=None):
    """Applies `fn` to each element of `elems` along axis 0 and stacks the results (tf.map_fn).

    Args:
        fn: callable taking one element (the structure of `elems`, first axis removed).
        elems: a tensor or (nested) structure of tensors sharing their first dimension.
        dtype / fn_output_signature: the (nested) dtypes of `fn`'s result when they differ from `elems`.
        parallel_iterations, swap_memory: passed to while_loop.
        back_prop: whether gradients flow through the loop.
        infer_shape: whether all results must have one shape.
        name: name scope ("map").

    Returns:
        The stacked results, structured as `dtype` (or `elems` when no dtype is given).

    Raises:
        TypeError: `fn` not callable, or a result of another structure than `dtype`.
        ValueError: no tensors in `elems`, scalar elements, or first dimensions that differ.
    """
    if fn_output_signature is None:
        fn_output_signature = dtype
    if not callable(fn):  # TF's message reads fn.__name__: AttributeError where there is none
        raise TypeError(f"The provided function {fn.__name__} is not callable."
                        "fn must be callable.")
    parallel_iterations = parallel_iterations or 10
    for elem in nest.flatten(elems):  # an ExtensionType must be batchable to be unstacked, as TF's
        if hasattr(type(elem), "_tf_extension_type_fields") and not hasattr(elem._type_spec, "_batch"):
            raise TypeError(f"map_fn can not consume {elem._type_spec!r} inputs: got {elem!r}")
    elems_flat = _flatten(elems)
    if not elems_flat:
        raise ValueError("elems must be a Tensor or (possibly nested) sequence of Tensors. "
                         f"Got {elems}, which does not contain any Tensors.")
    with op_scope(name, "map", elems_flat):
        elems_flat = [convert_to_tensor(t, name="elem") for t in elems_flat]
        if elems_flat[0].shape.ndims is not None and elems_flat[0].shape.ndims < 1:
            raise ValueError("Elements in elems must be 1+ dimensional Tensors, not scalars")
        n_static = _leading_dim(elems_flat)
        n = n_static.value if n_static.value is not None else array_ops.shape(elems_flat[0])[0]
        if fn_output_signature is None:
            specs = [(t.dtype.base_dtype, TensorShape(None)) for t in elems_flat]  # TF's most general spec
        else:
            specs = [(_signature_dtype(d), TensorShape(None)) for d in _flatten(fn_output_signature)]
        elems_ta = _unstacked(elems_flat, n)
        results_ta = [TensorArray(d, size=n, dynamic_size=False, infer_shape=infer_shape, element_shape=shape)
                      for d, shape in specs]

        def compute(i, tas):
            elem = _pack(elems, [ta.read(i) for ta in elems_ta])
            result = fn(elem)
            _assert_same_structure(fn_output_signature if fn_output_signature is not None else elems, result)
            return i + 1, [ta.write(i, v) for ta, v in zip(tas, _flatten(result))]

        _, results_ta = while_loop(lambda i, _: i < n, compute, (convert_to_tensor(0), results_ta),
                                   parallel_iterations=parallel_iterations, back_prop=back_prop,
                                   swap_memory=swap_memory, maximum_iterations=n)
        results = [r.stack() for r in results_ta]
        for r in results:
            r.set_shape(TensorShape([n_static.value]).concatenate(r.shape[1:]))
        if fn_output_signature is None:
            return _pack(elems, results)
        return _pack(fn_output_signature, results) if _is_sequence(fn_output_signature) else results[0]


def _signature_dtype(signature):
    """The dtype of one leaf of map_fn's fn_output_signature: a DType (or its name) or a TensorSpec.

    A TensorSpec's shape is dropped, as TF keeps only the most general spec of its dtype."""
    if isinstance(signature, TensorSpec):
        return signature.dtype
    if isinstance(signature, TypeSpec):
        raise NotImplementedError(f"map_fn with fn_output_signature {signature!r}: only dtypes and "
                                  "TensorSpecs are supported")
    return dtypes.as_dtype(signature)


def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
         infer_shape=True, reverse=False, name=None):
    """Running `fn(accumulator, element)` over axis 0, keeping every accumulator (tf.scan).

    Args:
        fn: callable (accumulator, element) -> new accumulator, structured as `initializer`
            (or as `elems` when no initializer is given).
        elems: a tensor or (nested) structure of tensors sharing their first dimension.
        initializer: the first accumulator; without it the first element is.
        reverse: scan from the last element to the first.
        parallel_iterations, back_prop, swap_memory: passed to while_loop.
        infer_shape: whether all accumulators must have one shape.
        name: name scope ("scan").

    Returns:
        The stacked accumulators, structured as the accumulator.

    Raises:
        TypeError: `fn` not callable, or kinds of structure that differ.
        ValueError: an accumulator of another structure, or first dimensions that differ.
    """
    if not callable(fn):  # TF's message reads fn.__name__: AttributeError where there is none
        raise TypeError(f"{fn.__name__} is not callable. Please provide a callable function.")
    out_structure = elems if initializer is None else initializer
    elems_flat = _flatten(elems)
    with op_scope(name, "scan", elems_flat):
        elems_flat = [convert_to_tensor(t, name="elem") for t in elems_flat]
        n = _count(elems_flat)
        elems_ta = _unstacked(elems_flat, n, element_shapes=True)
        if initializer is None:
            a_flat = [ta.read(n - 1 if reverse else 0) for ta in elems_ta]
            start = 1
        else:
            a_flat = [convert_to_tensor(v) for v in _flatten(initializer)]
            start = 0
        accs_ta = [TensorArray(a.dtype, size=n, element_shape=a.shape if infer_shape else None,
                               dynamic_size=False, infer_shape=infer_shape) for a in a_flat]
        if initializer is None:
            accs_ta = [ta.write(n - 1 if reverse else 0, a) for ta, a in zip(accs_ta, a_flat)]

        def compute(i, a_flat, tas):
            a_out = fn(_pack(out_structure, a_flat), _pack(elems, [ta.read(i) for ta in elems_ta]))
            _assert_same_structure(out_structure, a_out)
            flat_out = [convert_to_tensor(v) for v in _flatten(a_out)]
            return (i - 1 if reverse else i + 1), flat_out, [ta.write(i, v) for ta, v in zip(tas, flat_out)]

        if reverse:
            initial_i, condition = n - 1 - start, (lambda i, _1, _2: i >= 0)
        else:
            initial_i, condition = start, (lambda i, _1, _2: i < n)
        _, _, results_ta = while_loop(condition, compute, (convert_to_tensor(initial_i), a_flat, accs_ta),
                                      parallel_iterations=parallel_iterations, back_prop=back_prop,
                                      swap_memory=swap_memory, maximum_iterations=n)
        results = [r.stack() for r in results_ta]
        n_static = _leading_dim(elems_flat)
        for r in results:
            r.set_shape(TensorShape([n_static.value]).concatenate(r.shape[1:]))
        return _pack(out_structure, results)


def _fold(fn, elems, initializer, parallel_iterations, back_prop, swap_memory, name, default_name, reverse):
    if not callable(fn):  # TF's message reads fn.__name__: AttributeError where there is none
        raise TypeError(f"{fn.__name__} is not callable. Please provide a callable function.")
    with op_scope(name, default_name, _flatten(elems)):
        elems_flat = [convert_to_tensor(t, name="elem") for t in _flatten(elems)]
        n = _count(elems_flat)
        elems_ta = _unstacked(elems_flat, n)

        def element(i):
            return _pack(elems, [ta.read(i) for ta in elems_ta])

        last = n - 1
        if initializer is None:
            a, i = element(last if reverse else 0), (last if reverse else 1)
        else:
            a, i = initializer, (n if reverse else 0)

        def compute(i, a):
            if reverse:
                i = i - 1
                return [i, fn(a, element(i))]
            return [i + 1, fn(a, element(i))]

        condition = (lambda i, a: i > 0) if reverse else (lambda i, a: i < n)
        _, result = while_loop(condition, compute, [convert_to_tensor(i), a], parallel_iterations=parallel_iterations,
                               back_prop=back_prop, swap_memory=swap_memory, maximum_iterations=n)
        return result


def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, name=None):
    """Folds `fn(accumulator, element)` over axis 0 from the first element (tf.foldl).

    Args:
        fn: callable (accumulator, element) -> new accumulator of the same structure.
        elems: a tensor or (nested) structure of tensors sharing their first dimension.
        initializer: the first accumulator; without it the first element is.
        parallel_iterations, back_prop, swap_memory: passed to while_loop.
        name: name scope ("foldl").

    Returns:
        The last accumulator.
    """
    return _fold(fn, elems, initializer, parallel_iterations, back_prop, swap_memory, name, "foldl", False)


def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, name=None):
    """Folds `fn(accumulator, element)` over axis 0 from the last element (tf.foldr).

    Args:
        fn: callable (accumulator, element) -> new accumulator of the same structure.
        elems: a tensor or (nested) structure of tensors sharing their first dimension.
        initializer: the first accumulator; without it the last element is.
        parallel_iterations, back_prop, swap_memory: passed to while_loop.
        name: name scope ("foldr").

    Returns:
        The last accumulator.
    """
    return _fold(fn, elems, initializer, parallel_iterations, back_prop, swap_memory, name, "foldr", True)


__all__ = ["map_fn", "scan", "foldl", "foldr"]
