"""The tf.types.experimental namespace: TensorLike, the annotation for values that convert to a tensor."""
import typing

import numpy as np

from tfsess.framework.operation import Tensor

# As TF's: a Tensor, or a Python/NumPy value that tf.convert_to_tensor takes
TensorLike = typing.Union[Tensor, int, float, bool, str, bytes, complex, tuple, list, np.ndarray, np.generic]

__all__ = ["TensorLike"]
