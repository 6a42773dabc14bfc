"""tf.distributions (TF1): densities, CDFs, statistics, samples from seeds, shapes, names and KL pairs."""
import numpy as np

METHODS = ("log_prob", "prob", "cdf", "log_cdf", "survival_function", "log_survival_function")
STATS = ("mean", "mode", "stddev", "variance", "entropy", "covariance")


def _evaluate(tf, dist, value, seed=3, sample_shape=(2,)):
    fetches, errors = {}, {}
    for m in METHODS:
        try:
            fetches[m] = getattr(dist, m)(value)
        except Exception as e:  # noqa: BLE001 - which methods a class lacks is part of the result
            errors[m] = type(e).__name__
    for m in STATS:
        try:
            fetches[m] = getattr(dist, m)()
        except Exception as e:  # noqa: BLE001
            errors[m] = type(e).__name__
    fetches["sample"] = dist.sample(sample_shape, seed=seed)
    with tf.Session() as sess:
        values = sess.run(fetches)
    return {"values": values, "errors": errors, "batch_shape": dist.batch_shape.as_list(),
            "event_shape": dist.event_shape.as_list(), "sample_shape": fetches["sample"].shape.as_list(),
            "dtype": dist.dtype.name, "reparameterized": dist.reparameterization_type == tf.distributions.FULLY_REPARAMETERIZED}


def case_x_misc_distributions_normal(tf):
    return _evaluate(tf, tf.distributions.Normal(loc=[0.0, 1.0, -2.0], scale=[1.0, 0.5, 3.0]), [0.3, -40.0, 9.0])


def case_x_misc_distributions_normal_f64_tails(tf):
    d = tf.distributions.Normal(tf.constant(0.0, tf.float64), 1.0)
    x = tf.constant([-50.0, -21.0, -9.0, -1.0, 0.0, 3.0, 8.5, 30.0], tf.float64)
    with tf.Session() as sess:
        return sess.run({"log_cdf": d.log_cdf(x), "cdf": d.cdf(x), "log_sf": d.log_survival_function(x),
                         "quantile": d.quantile([0.01, 0.5, 0.975])})


def case_x_misc_distributions_laplace(tf):
    return _evaluate(tf, tf.distributions.Laplace(loc=[0.0, 2.0], scale=[1.0, 3.0]), [[-1.5], [2.5]])


def case_x_misc_distributions_uniform(tf):
    return _evaluate(tf, tf.distributions.Uniform(low=[-1.0, 0.0, 2.0], high=3.0), [0.5, -0.5, 3.0])


def case_x_misc_distributions_student_t(tf):
    return _evaluate(tf, tf.distributions.StudentT(df=[0.8, 1.5, 3.0, 30.0], loc=1.0, scale=2.0), 0.25)


def case_x_misc_distributions_gamma(tf):
    return _evaluate(tf, tf.distributions.Gamma(concentration=[0.5, 1.0, 3.0], rate=[2.0, 1.0, 0.5]), 1.5)


def case_x_misc_distributions_exponential(tf):
    return _evaluate(tf, tf.distributions.Exponential(rate=[0.5, 1.0, 4.0]), [0.2, 1.0, 3.0])


def case_x_misc_distributions_beta(tf):
    return _evaluate(tf, tf.distributions.Beta(concentration1=[0.5, 2.0, 5.0], concentration0=[0.5, 3.0, 1.0]), 0.3)


def case_x_misc_distributions_dirichlet(tf):
    return _evaluate(tf, tf.distributions.Dirichlet([[1.0, 2.0, 3.0], [2.0, 2.0, 4.0]]), [0.2, 0.3, 0.5])


def case_x_misc_distributions_bernoulli(tf):
    out = _evaluate(tf, tf.distributions.Bernoulli(probs=[0.2, 0.7, 0.5]), [1, 0, 1])
    out["logits"] = _evaluate(tf, tf.distributions.Bernoulli(logits=[[-1.0, 2.0]], dtype=tf.float32), [[1.0, 1.0]])
    return out


def case_x_misc_distributions_categorical(tf):
    out = _evaluate(tf, tf.distributions.Categorical(logits=[[0.0, 1.0, 2.0], [1.0, 1.0, 1.0]]), [2, 0])
    out["probs"] = _evaluate(tf, tf.distributions.Categorical(probs=[0.1, 0.6, 0.3], dtype=tf.int64), [[0], [2]])
    return out


def case_x_misc_distributions_multinomial(tf):
    d = tf.distributions.Multinomial(total_count=5.0, probs=[[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]])
    out = _evaluate(tf, d, [1.0, 1.0, 3.0])
    out["values"].pop("sample")  # TF draws the batch members in concurrent loop iterations: no fixed order
    one_row = tf.distributions.Multinomial(total_count=[4.0], logits=[[0.0, 1.0, -1.0]])
    out["one_row"] = _evaluate(tf, one_row, [[2.0, 2.0, 0.0]])
    return out


def case_x_misc_distributions_dirichlet_multinomial(tf):
    d = tf.distributions.DirichletMultinomial(total_count=4.0, concentration=[[1.0, 2.0, 3.0], [0.5, 0.5, 2.0]])
    return _evaluate(tf, d, [1.0, 0.0, 3.0])


def case_x_misc_distributions_kl_pairs(tf):
    d = tf.distributions
    pairs = {
        "normal": (d.Normal([0.0, 1.0], 1.0), d.Normal(1.0, [2.0, 0.5])),
        "gamma": (d.Gamma([1.0, 3.0], 2.0), d.Gamma(2.0, [1.0, 0.5])),
        "exponential_gamma": (d.Exponential(1.5), d.Gamma(2.0, 1.0)),
        "beta": (d.Beta([1.0, 2.0], 2.0), d.Beta(2.0, [1.0, 4.0])),
        "dirichlet": (d.Dirichlet([1.0, 2.0, 3.0]), d.Dirichlet([[2.0, 1.0, 1.0], [1.0, 1.0, 1.0]])),
        "bernoulli": (d.Bernoulli(probs=[0.3, 0.9]), d.Bernoulli(logits=0.2)),
        "categorical": (d.Categorical(logits=[1.0, 2.0, 0.0]), d.Categorical(probs=[0.2, 0.2, 0.6])),
    }
    kls = {k: d.kl_divergence(a, b) for k, (a, b) in pairs.items()}
    with tf.Session() as sess:
        values = sess.run(kls)
    try:
        d.kl_divergence(d.Normal(0.0, 1.0), d.Gamma(1.0, 1.0))
        missing = None
    except NotImplementedError:
        missing = "NotImplementedError"
    return {"values": values, "missing": missing, "name": kls["normal"].op.name}


def case_x_misc_distributions_register_kl(tf):
    d = tf.distributions

    class MyNormal(d.Normal):
        pass

    @d.RegisterKL(MyNormal, d.Normal)
    def _kl(a, b, name=None):
        return tf.constant(42.0)

    try:
        d.RegisterKL(MyNormal, d.Normal)(_kl)
        twice = None
    except ValueError:
        twice = "ValueError"
    with tf.Session() as sess:
        return {"mine": sess.run(d.kl_divergence(MyNormal(0.0, 1.0), d.Normal(1.0, 1.0))),
                "inherited": sess.run(d.kl_divergence(d.Normal(0.0, 1.0), MyNormal(1.0, 1.0))), "twice": twice}


def case_x_misc_distributions_names_and_parameters(tf):
    d = tf.distributions
    n = d.Normal(0.0, 1.0)
    n2 = d.Normal(0.0, 1.0, name="Prior")
    g = d.Gamma(2.0, 1.0)
    return {
        "names": [n.name, n2.name, g.name],
        "ops": [n.sample(seed=1).op.name, n.log_prob(0.5).op.name, n2.entropy().op.name,
                g.mean().op.name, n.batch_shape_tensor().op.name],
        "params": sorted(n.parameters), "gamma_params": sorted(g.parameters),
        "allow_nan": n.allow_nan_stats, "validate": n.validate_args,
        "reparam": [str(x.reparameterization_type) for x in (n, g, d.Uniform(), d.Bernoulli(probs=0.5))],
        "repr": repr(d.FULLY_REPARAMETERIZED),
    }


def case_x_misc_distributions_reparameterized_gradients(tf):
    d = tf.distributions
    loc = tf.constant([0.5, -1.0], tf.float64)
    scale = tf.constant([1.0, 2.0], tf.float64)
    out = {}
    for k, dist in (("normal", d.Normal(loc, scale)), ("laplace", d.Laplace(loc, scale)),
                    ("uniform", d.Uniform(loc, loc + scale))):
        s = dist.sample(3, seed=5)
        out[k] = tf.gradients(tf.reduce_sum(s * s), [loc, scale])
        out[k + "_log_prob"] = tf.gradients(tf.reduce_sum(dist.log_prob(tf.constant(0.25, tf.float64))),
                                            [loc, scale])
    conc = tf.constant([0.8, 3.0], tf.float64)
    gamma = d.Gamma(conc, tf.constant(1.5, tf.float64))
    out["gamma_log_prob"] = tf.gradients(gamma.log_prob(tf.constant(1.2, tf.float64)), conc)
    with tf.Session() as sess:
        return sess.run(out)


def case_x_misc_distributions_nan_stats(tf):
    d = tf.distributions
    out = {}
    with tf.Session() as sess:
        out["t_nan"] = sess.run([d.StudentT([0.5, 1.5, 3.0], 0.0, 1.0).mean(),
                                 d.StudentT([0.5, 1.5, 3.0], 0.0, 1.0).variance()])
        for k, stat in (("t_mean", lambda: d.StudentT([0.5, 3.0], 0.0, 1.0, allow_nan_stats=False).mean()),
                        ("gamma_mode", lambda: d.Gamma([0.5, 3.0], 1.0, allow_nan_stats=False).mode()),
                        ("beta_mode", lambda: d.Beta(0.5, 3.0, allow_nan_stats=False).mode())):
            try:
                out[k] = sess.run(stat())
            except tf.errors.InvalidArgumentError:
                out[k] = "InvalidArgumentError"
    return out


def case_x_misc_distributions_validate_args(tf):
    d = tf.distributions
    out = {}
    with tf.Session() as sess:
        for k, build in (("normal", lambda: d.Normal(0.0, [-1.0, 1.0], validate_args=True).mean()),
                         ("uniform", lambda: d.Uniform(2.0, 1.0, validate_args=True).mean()),
                         ("gamma", lambda: d.Gamma(-1.0, 1.0, validate_args=True).mean()),
                         ("ok", lambda: d.Normal(0.0, 2.0, validate_args=True).stddev())):
            try:
                out[k] = sess.run(build())
            except tf.errors.InvalidArgumentError:
                out[k] = "InvalidArgumentError"
    for k, build in (("both", lambda: d.Bernoulli(logits=1.0, probs=0.5)),
                     ("mixed", lambda: d.Normal(tf.constant(0.0, tf.float64), tf.constant(1.0)))):
        try:
            build()
            out[k] = None
        except (ValueError, TypeError) as e:
            out[k] = type(e).__name__
    return out


def case_x_misc_distributions_sample_shapes(tf):
    d = tf.distributions
    n = d.Normal(tf.zeros([2, 3]), 1.0)
    dirichlet = d.Dirichlet(tf.ones([4, 3]))
    shapes = {
        "scalar": n.sample(seed=1).shape.as_list(),
        "vector": n.sample(5, seed=1).shape.as_list(),
        "matrix": n.sample([2, 4], seed=1).shape.as_list(),
        "dirichlet": dirichlet.sample([2], seed=2).shape.as_list(),
        "batch_tensor": n.batch_shape_tensor(), "event_tensor": dirichlet.event_shape_tensor(),
        "scalar_batch": n.is_scalar_batch(), "scalar_event": dirichlet.is_scalar_event(),
    }
    with tf.Session() as sess:
        tensors = {k: v for k, v in shapes.items() if hasattr(v, "op")}
        shapes.update(sess.run(tensors))
    return shapes


def case_x_misc_distributions_samples_with_graph_seed(tf):
    tf.set_random_seed(11)
    d = tf.distributions
    fetches = {"normal": d.Normal(0.0, [1.0, 2.0]).sample(3), "beta": d.Beta(2.0, 3.0).sample(4),
               "student": d.StudentT(4.0, 0.0, 1.0).sample(3, seed=7),
               "categorical": d.Categorical(logits=[0.0, 1.0, 2.0]).sample(6)}
    with tf.Session() as sess:
        return [sess.run(fetches), sess.run(fetches)]
