"""The tf.sparse namespace (filled in by its issue)."""
