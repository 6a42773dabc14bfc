"""The tf.strings namespace (filled in by its issue)."""
