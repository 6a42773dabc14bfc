"""tf.distributions (TF1): the Distribution base, twelve distributions and their KL divergences."""
