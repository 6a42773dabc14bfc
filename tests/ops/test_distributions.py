"""tf.distributions: densities against closed forms, sample statistics, fallbacks, KL and errors."""
import math

import numpy as np
import pytest

import tfsess as tf

D = tf.distributions


def run(*fetches):
    with tf.Session() as sess:
        return sess.run(list(fetches))


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default():
        yield


def test_normal_density_cdf_and_quantile_against_closed_forms():
    x = np.array([-3.0, 0.2, 1.7])
    d = D.Normal(tf.constant(0.5, tf.float64), tf.constant(2.0, tf.float64))
    lp, cdf, q = run(d.log_prob(x), d.cdf(x), d.quantile(cdf_of(x)))
    np.testing.assert_allclose(lp, -0.5 * ((x - 0.5) / 2) ** 2 - math.log(2 * math.sqrt(2 * math.pi)))
    np.testing.assert_allclose(cdf, cdf_of(x))
    np.testing.assert_allclose(q, x)


def cdf_of(x):
    return np.array([0.5 * math.erfc(-(v - 0.5) / 2 / math.sqrt(2)) for v in x])


def test_log_cdf_is_accurate_far_in_the_left_tail():
    d = D.Normal(tf.constant(0.0, tf.float64), tf.constant(1.0, tf.float64))
    (value,) = run(d.log_cdf(tf.constant(-40.0, tf.float64)))
    # log Phi(x) ~ -x^2/2 - log(-x) - log(2 pi)/2 + log(1 - 1/x^2 + 3/x^4)
    expected = -800 - math.log(40) - 0.5 * math.log(2 * math.pi) + math.log(1 - 1 / 1600 + 3 / 40 ** 4)
    assert value == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("make, mean, var", [
    (lambda: D.Gamma(3.0, 2.0), 1.5, 0.75),
    (lambda: D.Beta(2.0, 5.0), 2 / 7, 10 / (49 * 8)),
    (lambda: D.Laplace(1.0, 0.5), 1.0, 0.5),
    (lambda: D.Uniform(-1.0, 3.0), 1.0, 16 / 12),
    (lambda: D.Exponential(4.0), 0.25, 1 / 16),
    (lambda: D.StudentT(5.0, 0.0, 1.0), 0.0, 5 / 3),
])
def test_sample_moments_match_the_stated_mean_and_variance(make, mean, var):
    d = make()
    samples, m, v = run(tf.cast(d.sample(40000, seed=7), tf.float64), d.mean(), d.variance())
    assert m == pytest.approx(mean, rel=1e-5, abs=1e-7) and v == pytest.approx(var, rel=1e-5)
    assert samples.mean() == pytest.approx(mean, abs=0.04 * math.sqrt(var) + 0.01 * abs(mean))
    assert samples.var() == pytest.approx(var, rel=0.08)


def test_dirichlet_samples_lie_on_the_simplex_and_log_prob_integrates():
    d = D.Dirichlet([2.0, 3.0])
    samples, density = run(d.sample(1000, seed=1), d.prob(np.stack([np.linspace(0.0005, 0.9995, 1000),
                                                                     1 - np.linspace(0.0005, 0.9995, 1000)], 1)))
    np.testing.assert_allclose(samples.sum(-1), 1.0, rtol=1e-6)
    assert density.sum() * 0.001 == pytest.approx(1.0, rel=1e-3)


def test_categorical_frequencies_and_discrete_log_probs():
    probs = [0.1, 0.6, 0.3]
    c = D.Categorical(probs=probs)
    m = D.Multinomial(3.0, probs=probs)
    samples, lp_cat, lp_multi = run(c.sample(20000, seed=2), c.log_prob([0, 1, 2]), m.log_prob([1.0, 2.0, 0.0]))
    np.testing.assert_allclose(np.bincount(samples, minlength=3) / 20000, probs, atol=0.015)
    np.testing.assert_allclose(lp_cat, np.log(probs), rtol=1e-6)
    assert lp_multi == pytest.approx(math.log(3 * 0.1 * 0.6 ** 2), rel=1e-6)


def test_bernoulli_probs_logits_and_log_prob():
    b = D.Bernoulli(logits=[0.0, 2.0])
    probs, lp = run(b.probs, b.log_prob([1, 0]))
    np.testing.assert_allclose(probs, [0.5, 1 / (1 + math.exp(-2))], rtol=1e-6)
    np.testing.assert_allclose(lp, [math.log(0.5), math.log(1 - probs[1])], rtol=1e-5)


def test_kl_normal_normal_equals_the_closed_form_and_missing_pairs_raise():
    kl, = run(D.kl_divergence(D.Normal(0.0, 1.0), D.Normal(1.0, 2.0)))
    assert kl == pytest.approx(math.log(2) + (1 + 1) / 8 - 0.5, rel=1e-6)
    with pytest.raises(NotImplementedError, match="Normal.*Gamma"):
        D.kl_divergence(D.Normal(0.0, 1.0), D.Gamma(1.0, 1.0))


def test_missing_methods_raise_not_implemented_and_fallbacks_work():
    u = D.Uniform(0.0, 2.0)
    with pytest.raises(NotImplementedError):
        u.mode()
    log_prob, sf, log_sf = run(u.log_prob(0.5), u.survival_function(0.5), u.log_survival_function(0.5))
    assert log_prob == pytest.approx(math.log(0.5)) and sf == pytest.approx(0.75)
    assert log_sf == pytest.approx(math.log(0.75))


def test_scopes_parameters_and_copy():
    n = D.Normal(0.0, 1.0, name="Prior")
    assert n.name == "Prior/" and n.sample(seed=1).op.name.startswith("Prior/sample/")
    assert sorted(n.parameters) == ["allow_nan_stats", "loc", "name", "scale", "validate_args"]
    other = n.copy(scale=3.0)
    assert isinstance(other, D.Normal) and run(other.stddev()) == [3.0]
    assert D.Normal.param_shapes([2, 3])["loc"].dtype == tf.int32


def test_validate_args_checks_run_and_leave_the_session_usable():
    with pytest.raises(tf.errors.InvalidArgumentError):  # known at build time, as in TF
        D.Normal(0.0, [-1.0, 1.0], validate_args=True)
    scale = tf.placeholder(tf.float32, [2])
    n = D.Normal(0.0, scale, validate_args=True)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="assert_positive"):
            sess.run(n.mean(), {scale: [-1.0, 1.0]})
        assert sess.run(tf.constant(1.0)) == 1.0


def test_reparameterized_sample_gradients():
    loc = tf.constant(0.5, tf.float64)
    scale = tf.constant(2.0, tf.float64)
    s = D.Normal(loc, scale).sample(4, seed=3)
    grads, standard = run(tf.gradients(tf.reduce_sum(s), [loc, scale]), (s - loc) / scale)
    np.testing.assert_allclose(grads, [4.0, standard.sum()])
