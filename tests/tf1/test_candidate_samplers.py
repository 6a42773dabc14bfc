"""The candidate samplers of tf.nn / tf.random, checked against the numbers TF 2.21 gives."""
import numpy as np
import pytest

import tfsess as tf

TRUE = np.array([[1, 3], [2, 0]], np.int64)


def test_all_candidate_sampler(g):
    out = tf.nn.all_candidate_sampler(TRUE, 2, 5, unique=True, seed=1)
    assert type(out).__name__ == "AllCandidateSampler" and out.sampled_candidates.shape == [5]
    with tf.Session() as sess:
        sampled, true_expected, sampled_expected = sess.run(out)
    np.testing.assert_array_equal(sampled, np.arange(5))
    np.testing.assert_array_equal(true_expected, np.ones((2, 2)))
    np.testing.assert_array_equal(sampled_expected, np.ones(5))


def test_fixed_unigram_from_unigrams_with_reserved_ids_and_distortion(g):
    out = tf.nn.fixed_unigram_candidate_sampler(TRUE, 2, 3, unique=False, range_max=6, unigrams=[1, 2, 3, 4],
                                                num_reserved_ids=2, distortion=0.5, seed=1)
    with tf.Session() as sess:
        sampled, true_expected, sampled_expected = sess.run(out)
    weights = np.array([0, 0, 1, 2 ** 0.5, 3 ** 0.5, 2])
    p = weights / weights.sum()
    np.testing.assert_allclose(true_expected, p[TRUE] * 3, rtol=1e-6)  # TF: [[0, .6903], [.4881, 0]]
    np.testing.assert_allclose(sampled_expected, p[sampled] * 3, rtol=1e-6)
    assert set(sampled.tolist()) <= {2, 3, 4, 5}  # reserved ids are never drawn


def test_fixed_unigram_from_a_vocab_file(g, tmp_path):
    vocab = tmp_path / "vocab.csv"
    vocab.write_text("a,1\nb,4\nc,9\nd,16\n")
    out = tf.random.fixed_unigram_candidate_sampler(TRUE, 2, 3, unique=False, range_max=4, vocab_file=str(vocab),
                                                    distortion=0.5, seed=1)
    with tf.Session() as sess:
        true_expected = sess.run(out.true_expected_count)
    np.testing.assert_allclose(true_expected, [[0.6, 1.2], [0.9, 0.3]], rtol=1e-6)


def test_fixed_unigram_shards(g):
    out = tf.nn.fixed_unigram_candidate_sampler([[1, 0], [1, 0]], 2, 3, unique=False, range_max=2,
                                                unigrams=[1, 2, 3, 4], num_shards=2, shard=1, seed=1)
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(out.true_expected_count), [[2, 1], [2, 1]])


def test_fixed_unigram_errors(g):
    bad_range = tf.nn.fixed_unigram_candidate_sampler(TRUE, 2, 3, unique=False, range_max=7, unigrams=[1, 2, 3, 4])
    outside = tf.nn.fixed_unigram_candidate_sampler([[5, 0]], 2, 3, unique=False, range_max=4, unigrams=[1, 2, 3, 4])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="range is 7 must be equal to weights size"):
            sess.run(bad_range)
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"out of range \[0, 4\), received 5"):
            sess.run(outside)


def test_learned_unigram_learns_the_true_classes_after_each_run(g):
    out = tf.nn.learned_unigram_candidate_sampler(TRUE, 2, 3, unique=False, range_max=5, seed=1)
    with tf.Session() as sess:
        first = sess.run(out.true_expected_count)
        second = sess.run(out.true_expected_count)
    np.testing.assert_allclose(first, np.full((2, 2), 0.6))        # uniform: 3 * 1/5
    np.testing.assert_allclose(second, np.full((2, 2), 2 / 3))     # each true class now 2 of 9


def test_unique_samples_are_distinct_and_seeded(g):
    out = tf.nn.learned_unigram_candidate_sampler(TRUE, 2, 4, unique=True, range_max=6, seed=7)
    runs = []
    for _ in range(2):
        with tf.Session() as sess:
            runs.append(sess.run(out.sampled_candidates))
    assert len(set(runs[0].tolist())) == 4
    np.testing.assert_array_equal(runs[0], runs[1])


def test_compute_accidental_hits(g):
    hits = tf.nn.compute_accidental_hits(TRUE, [3, 7, 0, 3], num_true=2)
    with tf.Session() as sess:
        rows, positions, weights = sess.run(hits)
    assert sorted(zip(rows.tolist(), positions.tolist())) == [(0, 3), (1, 2)]
    assert (weights < -1e37).all()


def test_int32_true_classes_are_a_type_error_as_tf(g):
    for sampler in (tf.nn.uniform_candidate_sampler, tf.nn.log_uniform_candidate_sampler,
                    tf.nn.learned_unigram_candidate_sampler):
        with pytest.raises(TypeError, match="Input 'true_classes' of '.*CandidateSampler' Op has type int32 that "
                                            "does not match expected type of int64"):
            sampler(tf.constant([[1]], tf.int32), 1, 2, True, 5)
    with pytest.raises(TypeError, match="'ComputeAccidentalHits' Op has type int32"):
        tf.nn.compute_accidental_hits(tf.constant([[1]], tf.int32), tf.constant([1], tf.int64), 1)


def test_sampler_checks_as_tf_static_and_when_run(g):
    labels = tf.constant([[1, 3], [0, 2]], tf.int64)
    with pytest.raises(ValueError, match=r"^Shape must be rank 2 but is rank 1 for '\{\{node UniformCandidateSampler"):
        tf.nn.uniform_candidate_sampler(tf.constant([1], tf.int64), 1, 2, True, 5)
    too_many = tf.nn.uniform_candidate_sampler(labels, 2, 6, unique=True, range_max=4)  # built: TF checks when run
    wrong_true = tf.nn.uniform_candidate_sampler(labels, 3, 2, True, 5)
    sess = tf.Session()
    with pytest.raises(tf.errors.InvalidArgumentError, match="Sampler's range is too small."):
        sess.run(too_many[0])
    with pytest.raises(tf.errors.InvalidArgumentError, match="num_true columns, expected: 2 was: 3"):
        sess.run(wrong_true[0])
    assert sess.run(tf.nn.uniform_candidate_sampler(labels, 2, 4, True, 4, seed=1)[0]).shape == (4,)
    with pytest.raises(ValueError, match="Value of range_max:2147483648 is too large to handle"):
        tf.nn.learned_unigram_candidate_sampler(labels, 2, 2, True, 2 ** 31)


def test_accidental_hits_static_checks(g):
    labels = tf.constant([[1, 3], [0, 2]], tf.int64)
    with pytest.raises(ValueError, match=r"^Dimension must be 3 but is 2 for '\{\{node ComputeAccidentalHits\}\}"):
        tf.nn.compute_accidental_hits(labels, tf.constant([1], tf.int64), num_true=3)
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.nn.compute_accidental_hits(labels, tf.constant([[1]], tf.int64), num_true=2)
    p = tf.placeholder(tf.int64)
    hits = tf.nn.compute_accidental_hits(p, tf.constant([1], tf.int64), num_true=2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="true_candidates must be a batch_size \\* num_true"):
        tf.Session().run(hits[0], {p: [[1, 2, 3]]})
