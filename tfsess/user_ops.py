"""The tf.user_ops namespace: my_fact, TF's example of a user-defined op."""
from tfsess.ops.user_ops import my_fact  # noqa: F401

__all__ = ["my_fact"]
