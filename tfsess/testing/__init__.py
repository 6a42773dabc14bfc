"""What tf.test holds: TestCase, the gradient checker, device queries and Benchmark (tfsess/test.py aggregates)."""
