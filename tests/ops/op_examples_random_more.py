"""Op examples: gamma and Poisson samplers, their stateless forms and stateless multinomial."""
import numpy as np

from op_examples import builder, plain

ALPHA = np.array([[0.5, 2.0, 7.5]], np.float32)


def _gamma_grad(tf, tmp):
    alpha = tf.constant([0.5, 3.0])
    sample = tf.random_gamma([4], alpha, seed=3)
    tf.gradients(tf.reduce_sum(sample), alpha)
    return None  # every RandomGammaGrad op of the graph


EXAMPLES = {
    "RandomGamma": plain(lambda tf, alpha: tf.random_gamma([2], alpha, dtype=alpha.dtype, seed=1), ALPHA),
    "RandomGammaGrad": builder(_gamma_grad),
    "RandomPoissonV2": plain(lambda tf, lam: tf.random_poisson(lam, [3], seed=2), ALPHA * 4),
    "StatelessRandomGammaV3": plain(
        lambda tf, alpha: tf.random.stateless_gamma([2, 1, 3], [1, 2], alpha, dtype=alpha.dtype), ALPHA,
        partial=False),
    "StatelessRandomPoisson": plain(lambda tf, lam: tf.random.stateless_poisson([4, 1, 3], [3, 4], lam), ALPHA * 4,
                                    partial=False),
    "StatelessRandomUniformFullIntV2": plain(
        lambda tf: tf.random.stateless_uniform([2, 3], [1, 2], minval=None, maxval=None, dtype=tf.int64)),
    "StatelessRandomBinomial": plain(
        lambda tf, probs: tf.random.stateless_binomial([2, 1, 3], [3, 4], counts=40.0, probs=probs), ALPHA / 8,
        partial=False),
    "StatelessMultinomial": plain(lambda tf, logits: tf.random.stateless_categorical(logits, 5, [5, 6]), ALPHA),
}
