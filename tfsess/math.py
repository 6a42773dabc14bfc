"""The tf.math namespace (filled in by its issue)."""
