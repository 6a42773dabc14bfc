"""The tf.nn namespace (filled in by its issue)."""
