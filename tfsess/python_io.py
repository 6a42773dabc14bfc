"""The tf.python_io namespace (filled in by its issue)."""
