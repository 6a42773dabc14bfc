"""tf.signal: framing, windows, STFT, DCT/MDCT, mel features and n-D FFTs against NumPy formulas."""
import numpy as np
import pytest

import tfsess as tf

RNG = np.random.default_rng(7)
SIGNAL = RNG.standard_normal(50)


def _run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


@pytest.fixture(autouse=True)
def _fresh_graph():
    with tf.Graph().as_default():
        yield


def _frames_np(x, length, step):
    count = max(0, 1 + (len(x) - length) // step)
    return np.stack([x[i * step:i * step + length] for i in range(count)]) if count else np.zeros((0, length))


@pytest.mark.parametrize("length, step", [(4, 2), (5, 3), (6, 6), (7, 1), (60, 5)])
def test_frame_matches_slicing(length, step):
    out = _run(tf.signal.frame(SIGNAL, length, step))
    np.testing.assert_array_equal(out, _frames_np(SIGNAL, length, step))


def test_frame_pad_end_axis_and_dynamic_lengths():
    x = np.arange(2 * 9 * 3, dtype=np.float32).reshape(2, 9, 3)
    padded = tf.signal.frame(x, 4, 4, pad_end=True, pad_value=-1.0, axis=1)
    assert padded.shape.as_list() == [2, 3, 4, 3]
    want = np.concatenate([x, -np.ones((2, 3, 3), np.float32)], axis=1).reshape(2, 3, 4, 3)
    np.testing.assert_array_equal(_run(padded), want)
    length, step = tf.placeholder(tf.int32, []), tf.placeholder(tf.int32, [])
    dyn = tf.signal.frame(SIGNAL, length, step)
    assert dyn.shape.as_list() == [None, None]
    np.testing.assert_array_equal(_run(dyn, {length: 6, step: 4}), _frames_np(SIGNAL, 6, 4))


def test_overlap_and_add_inverts_frame_counts():
    frames = RNG.standard_normal((2, 5, 6))
    for step in (1, 2, 4, 6):
        out = _run(tf.signal.overlap_and_add(frames, step))
        want = np.zeros((2, 6 + step * 4))
        for i in range(5):
            want[:, i * step:i * step + 6] += frames[:, i]
        np.testing.assert_allclose(out, want, rtol=1e-12)


def test_frame_and_overlap_add_gradients_are_dense_adjoints():
    x = tf.constant(SIGNAL[:11])
    framed = tf.signal.frame(x, 4, 3)
    (g,) = tf.gradients(tf.reduce_sum(framed), x)
    counts = np.zeros(11)
    for i in range(3):
        counts[i * 3:i * 3 + 4] += 1
    np.testing.assert_array_equal(_run(g), counts)
    frames = tf.constant(RNG.standard_normal((3, 4)))
    (g2,) = tf.gradients(tf.reduce_sum(tf.signal.overlap_and_add(frames, 2) * tf.range(1.0, 9.0, dtype=tf.float64)),
                         frames)
    np.testing.assert_array_equal(_run(g2), np.array([[1, 2, 3, 4], [3, 4, 5, 6], [5, 6, 7, 8]], float))


def test_windows_match_their_formulas():
    n = np.arange(8)
    hann, hamming_sym, vorbis = _run([tf.signal.hann_window(8, dtype=tf.float64),
                                      tf.signal.hamming_window(8, periodic=False, dtype=tf.float64),
                                      tf.signal.vorbis_window(8, dtype=tf.float64)])
    np.testing.assert_allclose(hann, 0.5 - 0.5 * np.cos(2 * np.pi * n / 8), atol=1e-15)
    np.testing.assert_allclose(hamming_sym, np.hamming(8), atol=1e-15)
    np.testing.assert_allclose(vorbis, np.sin(np.pi / 2 * np.sin(np.pi * (n + 0.5) / 8) ** 2), atol=1e-15)
    kaiser, kbd = _run([tf.signal.kaiser_window(9, beta=5.0, dtype=tf.float64),
                        tf.signal.kaiser_bessel_derived_window(8, beta=4.0, dtype=tf.float64)])
    np.testing.assert_allclose(kaiser, np.kaiser(9, 5.0), rtol=1e-12)
    np.testing.assert_allclose(kbd[:4] ** 2 + kbd[4:] ** 2, np.ones(4), rtol=1e-12)  # Princen-Bradley
    with pytest.raises(ValueError, match="floating point"):
        tf.signal.hann_window(4, dtype=tf.int32)


def _dct2(x):
    n = x.shape[-1]
    k, m = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    return 2 * x @ np.cos(np.pi * k * (2 * m + 1) / (2 * n)).T


def test_dct_types_match_their_definitions():
    x = RNG.standard_normal((3, 8))
    n = 8
    k, m = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    dct1 = x[:, :1] + (-1.0) ** np.arange(n) * x[:, -1:] + 2 * x[:, 1:-1] @ np.cos(
        np.pi * np.arange(n)[:, None] * np.arange(1, n - 1)[None] / (n - 1)).T
    dct3 = x[:, :1] + 2 * x[:, 1:] @ np.cos(np.pi * np.arange(1, n)[None, :] * (2 * np.arange(n)[:, None] + 1)
                                            / (2 * n)).T
    dct4 = 2 * x @ np.cos(np.pi * (2 * k + 1) * (2 * m + 1) / (4 * n)).T
    out = _run([tf.signal.dct(x, type=t) for t in (1, 2, 3, 4)])
    for got, want in zip(out, [dct1, _dct2(x), dct3, dct4]):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-10)


def test_dct_ortho_roundtrips_and_n():
    x = RNG.standard_normal((2, 7))
    back = [tf.signal.idct(tf.signal.dct(x, type=t, norm="ortho"), type=t, norm="ortho") for t in (2, 3, 4)]
    for got in _run(back):
        np.testing.assert_allclose(got, x, atol=1e-12)
    cropped, padded = _run([tf.signal.dct(x, n=5), tf.signal.dct(x, n=9)])
    np.testing.assert_allclose(cropped, _dct2(x[:, :5]), atol=1e-10)
    np.testing.assert_allclose(padded, _dct2(np.pad(x, [[0, 0], [0, 2]])), atol=1e-10)
    with pytest.raises(ValueError, match="Type-I"):
        tf.signal.dct(x, type=1, norm="ortho")


def test_stft_matches_numpy_and_inverse_reconstructs():
    x = SIGNAL.astype(np.float64)
    stft = tf.signal.stft(x, 12, 4)
    assert stft.shape.as_list() == [10, 9] and stft.dtype == tf.complex128
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(12) / 12)
    want = np.fft.rfft(_frames_np(x, 12, 4) * window, 16)
    np.testing.assert_allclose(_run(stft), want, atol=1e-12)
    back = tf.signal.inverse_stft(stft, 12, 4, window_fn=tf.signal.inverse_stft_window_fn(4))
    assert back.shape.as_list() == [12 + 4 * 9]
    np.testing.assert_allclose(_run(back)[12:-12], x[12:36], atol=1e-12)  # away from the ends the windows overlap


def test_mdct_perfect_reconstruction():
    x = np.concatenate([np.zeros(8), SIGNAL[:32], np.zeros(8)])
    for window, norm in ((tf.signal.vorbis_window, None), (tf.signal.kaiser_bessel_derived_window, "ortho")):
        m = tf.signal.mdct(x, 16, window_fn=window, norm=norm)
        assert m.shape.as_list() == [5, 8]
        back = _run(tf.signal.inverse_mdct(m, window_fn=window, norm=norm))
        np.testing.assert_allclose(back[8:-8], x[8:-8], atol=1e-10)
    with pytest.raises(ValueError, match="multiple of 4"):
        tf.signal.mdct(x, 10)


def test_mel_matrix_and_mfccs():
    m = _run(tf.signal.linear_to_mel_weight_matrix(8, 33, 16000, 100.0, 6000.0, dtype=tf.float64))
    assert m.shape == (33, 8) and np.all(m[0] == 0) and np.all((m >= 0) & (m <= 1))
    freqs = np.linspace(0, 8000, 33)
    mels = 1127.0 * np.log1p(freqs / 700.0)
    edges = np.linspace(1127.0 * np.log1p(100 / 700), 1127.0 * np.log1p(6000 / 700), 10)
    lower = (mels[1:, None] - edges[None, :-2]) / (edges[1:-1] - edges[:-2])
    upper = (edges[None, 2:] - mels[1:, None]) / (edges[2:] - edges[1:-1])
    np.testing.assert_allclose(m[1:], np.maximum(0, np.minimum(lower, upper)), atol=1e-12)
    logmel = RNG.standard_normal((4, 6))
    np.testing.assert_allclose(_run(tf.signal.mfccs_from_log_mel_spectrograms(logmel)),
                               _dct2(logmel) / np.sqrt(12.0), atol=1e-12)
    with pytest.raises(ValueError, match="Nyquist"):
        tf.signal.linear_to_mel_weight_matrix(sample_rate=4000)


def test_fftshift_and_nd_transforms_match_numpy():
    x = RNG.standard_normal((3, 4, 5))
    z_np = x + 1j * RNG.standard_normal((3, 4, 5))
    z = tf.constant(z_np)  # complex128 (a NumPy array would convert to the complex64 TF prefers)
    got = _run({"shift": tf.signal.fftshift(x), "ishift": tf.signal.ifftshift(x, axes=[0, -1]),
                "fftnd": tf.signal.fftnd(z), "ifftnd": tf.signal.ifftnd(z, axes=[1]),
                "rfftnd": tf.signal.rfftnd(x, axes=[0, 2]), "irfftnd": tf.signal.irfftnd(z, fft_length=[4, 8],
                                                                                          axes=[1, 2]),
                "ortho": tf.signal.fftnd(z, norm="ortho"), "top": tf.fftnd(z, [3, 2], [0, 2])})
    np.testing.assert_array_equal(got["shift"], np.fft.fftshift(x))
    np.testing.assert_array_equal(got["ishift"], np.fft.ifftshift(x, axes=[0, -1]))
    np.testing.assert_allclose(got["fftnd"], np.fft.fftn(z_np), atol=1e-10)
    np.testing.assert_allclose(got["ifftnd"], np.fft.ifftn(z_np, axes=[1]), atol=1e-12)
    np.testing.assert_allclose(got["rfftnd"], np.fft.rfftn(x.astype(np.float32), axes=[0, 2]), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got["irfftnd"], np.fft.irfftn(z_np, s=[4, 8], axes=[1, 2]), atol=1e-12)
    np.testing.assert_allclose(got["ortho"], np.fft.fftn(z_np, norm="ortho"), atol=1e-10)
    np.testing.assert_allclose(got["top"], np.fft.fftn(z_np, s=[3, 2], axes=[0, 2]), atol=1e-10)
    with pytest.raises(ValueError, match="same length"):
        tf.fftnd(z, [3, 2], [0])
