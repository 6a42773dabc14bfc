"""The tf.linalg.experimental namespace: conjugate_gradient."""
from tfsess.ops.linalg.matrix_logarithm import conjugate_gradient  # noqa: F401

__all__ = ["conjugate_gradient"]
