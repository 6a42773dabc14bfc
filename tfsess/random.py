"""The tf.random namespace (filled in by its issue)."""
