"""The tf.layers namespace (filled in by its issue)."""
