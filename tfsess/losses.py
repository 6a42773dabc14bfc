"""The tf.losses namespace (filled in by its issue)."""
