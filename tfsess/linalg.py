"""The tf.linalg namespace (filled in by its issue)."""
