"""The tf.distributions namespace (TF1): distributions, KL divergence and reparameterization markers."""
from tfsess.ops.distributions.continuous import Laplace, Normal, StudentT, Uniform
from tfsess.ops.distributions.discrete import Bernoulli, Categorical, DirichletMultinomial, Multinomial
from tfsess.ops.distributions.distribution import (FULLY_REPARAMETERIZED, NOT_REPARAMETERIZED, Distribution,
                                                   ReparameterizationType)
from tfsess.ops.distributions.gamma_family import Beta, Dirichlet, Exponential, Gamma
from tfsess.ops.distributions.kullback_leibler import RegisterKL, kl_divergence

__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
