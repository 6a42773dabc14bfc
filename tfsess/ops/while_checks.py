"""The checks tf.while_loop makes on its loop variables: shape invariants against the initial values,
the body's result structure, and its results' dtypes and shapes after one iteration (TF's texts)."""
from tfsess.framework.tensor_shape import TensorShape, as_shape
from tfsess.framework import nest


def invariant_shapes(loop_vars, inits, shape_invariants):
    """Each loop variable's shape invariant (its initial shape when none is given).

    Raises:
        ValueError: a structure unlike loop_vars', or an invariant the initial value does not meet.
    """
    if shape_invariants is None:
        return [t.shape for t in inits]
    shapes = [as_shape(s) for s in _flatten_shapes(shape_invariants)]
    if len(shapes) != len(inits):
        raise ValueError("'shape_invariants' must have the same structure as 'loop_vars'.")
    for t, shape in zip(inits, shapes):
        if not shape_less_equal(t.shape, shape):
            raise ValueError(f"The shape invariant specified for {t.name} is not compatible with the initial "
                             f"shape of the loop variable. It enters the loop with shape {t.shape}, but the "
                             f"specified shape invariant is {shape}.")
    return shapes


def _flatten_shapes(structure):
    if isinstance(structure, TensorShape):
        return [structure]
    if isinstance(structure, dict):
        return [s for key in sorted(structure) for s in _flatten_shapes(structure[key])]
    if isinstance(structure, (list, tuple)) and not all(isinstance(d, (int, type(None))) for d in structure):
        return [s for item in structure for s in _flatten_shapes(item)]
    return [structure]


def shape_less_equal(shape, invariant):
    """TF's _ShapeLessThanOrEqual: `shape` is at least as specific as `invariant`."""
    if invariant.ndims is None:
        return True
    if shape.ndims != invariant.ndims:
        return False
    return all(b is None or a == b for a, b in zip(shape.as_tuple_or_none(), invariant.as_tuple_or_none()))


def check_body_structure(loop_vars, result):
    # TF forces the top level of both sides to a list (list(namedtuple) gives its fields, list(dict) its keys)
    top = list(loop_vars) if isinstance(loop_vars, (list, tuple, dict)) else [loop_vars]
    body = list(result) if isinstance(result, (list, tuple, dict)) else [result]
    nest.assert_same_structure(top, body, expand_composites=True)


def check_body_outputs(inits, invariants, outs):
    """The run-time error of a body result of another dtype (TF builds such a loop), or None.

    Raises:
        ValueError: a result shape beyond its shape invariant.
    """
    error = None
    for init, shape, out in zip(inits, invariants, outs):
        if out.dtype.base_dtype != init.dtype.base_dtype and error is None:
            short = {"float32": "float", "float64": "double", "float16": "half"}
            got, want = (short.get(t.dtype.base_dtype.name, t.dtype.base_dtype.name) for t in (out, init))
            error = f"Input 1 of node while/Merge was passed {got} from {out.name} incompatible with expected {want}."
        if out.dtype.base_dtype == init.dtype.base_dtype and not shape_less_equal(out.shape, shape):
            raise ValueError(f"Input tensor '{init.name}' enters the loop with shape {shape}, but has shape "
                             f"{out.shape} after one iteration. To allow the shape to vary across "
                             "iterations, use the `shape_invariants` argument of tf.while_loop to specify "
                             "a less-specific shape.")
    return error
