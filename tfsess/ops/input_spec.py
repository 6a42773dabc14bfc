"""What a layer accepts as inputs (tf.layers.InputSpec) and the check a layer runs on each call, as TF's
legacy Keras (tf_keras's engine.input_spec) defines them."""
from __future__ import annotations

from tfsess.framework import dtypes, nest
from tfsess.framework.tensor_shape import TensorShape, v2_tensorshape_enabled


class InputSpec:
    """The rank, dtype and shape a layer's input must have (tf.layers.InputSpec).

    Args:
        dtype: the expected dtype. shape: the expected shape (None entries unchecked); gives `ndim`.
        ndim / max_ndim / min_ndim: the expected, largest or smallest rank.
        axes: {axis: size} the input must have.
        allow_last_axis_squeeze: accept a rank one more (last axis 1) or one less (the spec's last axis 1).
        name: the key of this input in a dict of inputs. optional: whether the input may be None.

    Raises:
        TypeError: `axes` with keys that are not integers.
        ValueError: an axis beyond the rank the spec allows.
    """

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None, axes=None,
                 allow_last_axis_squeeze=False, name=None, optional=False):
        self.dtype = dtypes.as_dtype(dtype).name if dtype is not None else None
        shape = TensorShape(shape)
        shape = None if shape.ndims is None else tuple(shape.as_list())
        self.ndim = len(shape) if shape is not None else ndim
        self.shape = shape
        self.max_ndim, self.min_ndim = max_ndim, min_ndim
        self.name, self.allow_last_axis_squeeze, self.optional = name, allow_last_axis_squeeze, optional
        try:
            axes = axes or {}
            self.axes = {int(k): axes[k] for k in axes}
        except (ValueError, TypeError):
            raise TypeError(f"Argument `axes` must be a dict with integer keys. Received: axes={axes}") from None
        if self.axes and (self.ndim is not None or self.max_ndim is not None):
            max_dim = (self.ndim if self.ndim else self.max_ndim) - 1
            if max(self.axes) > max_dim:
                raise ValueError(f"Axis {max(self.axes)} is greater than the maximum allowed value: {max_dim}")

    def __repr__(self):
        spec = [f"dtype={self.dtype}" if self.dtype else "", f"shape={self.shape}" if self.shape else "",
                f"ndim={self.ndim}" if self.ndim else "", f"max_ndim={self.max_ndim}" if self.max_ndim else "",
                f"min_ndim={self.min_ndim}" if self.min_ndim else "", f"axes={self.axes}" if self.axes else ""]
        return f"InputSpec({', '.join(x for x in spec if x)})"

    def get_config(self):
        return {"dtype": self.dtype, "shape": self.shape, "ndim": self.ndim, "max_ndim": self.max_ndim,
                "min_ndim": self.min_ndim, "axes": self.axes}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _shape_text(shape):
    return "(" + ", ".join("None" if d is None else str(d) for d in shape.as_list()) + \
        ("," if shape.ndims == 1 else "") + ")"


def assert_input_compatibility(input_spec, inputs, layer_name):
    """Raises ValueError (TypeError for a non-tensor input) where `inputs` do not meet `input_spec` (a spec,
    a nest of specs, or None), with Keras's messages naming the layer and the input."""
    if not input_spec:
        return
    specs = nest.flatten(input_spec)
    if isinstance(inputs, dict):
        names = [spec.name for spec in specs]
        if all(names):
            for name in names:
                if name not in inputs:
                    raise ValueError(f'Missing data for input "{name}". You passed a data dictionary with keys '
                                     f"{list(inputs.keys())}. Expected the following keys: {names}")
            inputs = [inputs[name] for name in names]
    inputs = nest.flatten(inputs)
    for x, spec in zip(inputs, specs):
        if spec is not None and not (x is None and spec.optional) and not hasattr(x, "shape"):
            raise TypeError(f"Inputs to a layer should be tensors. Got '{x}' (of type {type(x)}) as input for "
                            f"layer '{layer_name}'.")
    if len(inputs) != len(specs):
        raise ValueError(f'Layer "{layer_name}" expects {len(specs)} input(s), but it received {len(inputs)} input '
                         f"tensors. Inputs received: {inputs}")
    for index, (x, spec) in enumerate(zip(inputs, specs)):
        if spec is None or (x is None and spec.optional):
            continue
        if TensorShape(x.shape).ndims is None:
            return
        _check_one(spec, x, index, layer_name)


def _check_one(spec, x, index, layer_name):
    shape = TensorShape(x.shape)
    ndim, dims = shape.ndims, shape.as_list()
    prefix = f'Input {index} of layer "{layer_name}" is incompatible with the layer: '
    received = tuple(dims) if v2_tensorshape_enabled() else tuple(shape.dims)  # Keras prints tuple(shape)
    if spec.ndim is not None and not spec.allow_last_axis_squeeze and ndim != spec.ndim:
        raise ValueError(f"{prefix}expected ndim={spec.ndim}, found ndim={ndim}. Full shape received: {received}")
    if spec.max_ndim is not None and ndim > spec.max_ndim:
        raise ValueError(f"{prefix}expected max_ndim={spec.max_ndim}, found ndim={ndim}")
    if spec.min_ndim is not None and ndim < spec.min_ndim:
        raise ValueError(f"{prefix}expected min_ndim={spec.min_ndim}, found ndim={ndim}. Full shape received: "
                         f"{received}")
    if spec.dtype is not None and x.dtype.base_dtype.name != spec.dtype:
        raise ValueError(f"{prefix}expected dtype={spec.dtype}, found dtype={x.dtype}")
    for axis, value in spec.axes.items():
        value = getattr(value, "value", value)
        if value is not None and dims[int(axis)] not in {value, None}:
            raise ValueError(f'Input {index} of layer "{layer_name}" is incompatible with the layer: expected axis '
                             f"{axis} of input shape to have value {value}, but received input with shape "
                             f"{_shape_text(shape)}")
    if spec.shape is not None:
        spec_shape, got = spec.shape, dims
        if spec.allow_last_axis_squeeze:
            got = got[:-1] if got and got[-1] == 1 else got
            spec_shape = spec_shape[:-1] if spec_shape and spec_shape[-1] == 1 else spec_shape
        for spec_dim, dim in zip(spec_shape, got):
            if spec_dim is not None and dim is not None and spec_dim != dim:
                raise ValueError(f"{prefix}expected shape={spec.shape}, found shape={_shape_text(shape)}")


__all__ = ["InputSpec"]
