"""tf.linalg's LinearOperator family (matrices known by their structure) and the tridiagonal, logm and
conjugate-gradient helpers; tfsess/linalg.py exports their public names."""
