"""The tf.types.experimental namespace: TensorLike, the annotation for values that convert to a tensor, and
FunctionType, the base type of a callable's signature."""
import abc
import inspect
import typing

import numpy as np

from tfsess.framework.operation import Tensor

# As TF's: a Tensor, or a Python/NumPy value that tf.convert_to_tensor takes
TensorLike = typing.Union[Tensor, int, float, bool, str, bytes, complex, tuple, list, np.ndarray, np.generic]



class FunctionType(inspect.Signature, metaclass=abc.ABCMeta):
    """The type of a TensorFlow callable: an inspect.Signature whose parameters and return annotation may
    carry TF types (tf.types.experimental.FunctionType, the abstract base TF's function types derive from)."""

    @classmethod
    def from_callable(cls, obj, *, follow_wrapped=True):
        """The FunctionType of a Python callable's signature (keyword-only `follow_wrapped`, as TF enforces)."""
        return super().from_callable(obj, follow_wrapped=follow_wrapped)


__all__ = ["FunctionType", "TensorLike"]
