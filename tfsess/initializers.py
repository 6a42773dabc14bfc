"""The tf.initializers namespace (filled in by its issue)."""
