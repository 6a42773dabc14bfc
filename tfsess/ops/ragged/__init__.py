"""Ragged tensors (tf.RaggedTensor, tf.ragged): values plus nested row partitions, and their ops."""
