"""tf.signal and tf.math.special: framing, windows, STFT, DCT/MDCT, mel features, n-D FFTs (graph only: TF's CPU
build has no FFTND kernel), RFFT gradients, Bessel functions and special integrals."""
import numpy as np

from _harness import catch, message_has

_SIGNAL = np.sin(np.arange(40) * 0.37) + 0.25 * np.cos(np.arange(40) * 1.3)


def _run(tf, fetches):
    return tf.Session().run(fetches)


def _parts(tf, z):
    """A complex result as its float parts (compared within float tolerance)."""
    return [tf.real(z), tf.imag(z)]


def case_x_ops_signal_frame_basic(tf):
    x = tf.constant(np.arange(10, dtype=np.float32))
    framed = tf.signal.frame(x, 4, 3)
    padded = tf.signal.frame(x, 4, 3, pad_end=True, pad_value=-1.0)
    return {"shapes": [framed.shape.as_list(), padded.shape.as_list()], "name": framed.op.name.split("/")[0],
            "values": _run(tf, [framed, padded])}


def case_x_ops_signal_frame_axis_and_batch(tf):
    x = tf.constant(np.arange(2 * 7 * 3, dtype=np.float64).reshape(2, 7, 3))
    f0 = tf.signal.frame(x, 3, 2, axis=1)
    f1 = tf.signal.frame(x, 2, 1, axis=-1, pad_end=True)
    f2 = tf.signal.frame(x, 5, 5, axis=0, pad_end=True)
    return {"shapes": [t.shape.as_list() for t in (f0, f1, f2)], "values": _run(tf, [f0, f1, f2])}


def case_x_ops_signal_frame_short_and_dynamic(tf):
    x = tf.placeholder(tf.float32, [None])
    short = tf.signal.frame(tf.constant([1.0, 2.0]), 4, 1)
    dyn = tf.signal.frame(x, 3, 2, pad_end=True)
    sess = tf.Session()
    return {"short": [short.shape.as_list(), sess.run(short).shape], "dyn_shape": dyn.shape.as_list(),
            "dyn": sess.run(dyn, {x: np.arange(6, dtype=np.float32)}),
            "rank0": catch(lambda: tf.signal.frame(tf.constant(1.0), 2, 1))}


def case_x_ops_signal_overlap_and_add(tf):
    frames = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
    out = [tf.signal.overlap_and_add(frames, 1), tf.signal.overlap_and_add(frames, 3),
           tf.signal.overlap_and_add(frames, 4), tf.signal.overlap_and_add(frames[0], 6)]
    return {"shapes": [t.shape.as_list() for t in out], "values": _run(tf, out),
            "float_step": catch(lambda: tf.signal.overlap_and_add(frames, 1.5)),
            "rank1": catch(lambda: tf.signal.overlap_and_add(tf.constant([1.0]), 1))}


def case_x_ops_signal_frame_overlap_gradients(tf):
    x = tf.constant(_SIGNAL[:12])
    framed = tf.signal.frame(x, 5, 2, pad_end=True)
    w = tf.constant(np.linspace(-1.0, 1.0, int(np.prod(framed.shape.as_list()))).reshape(framed.shape.as_list()))
    g_frame = tf.gradients(tf.reduce_sum(framed * w), x)[0]
    frames = tf.constant(np.cos(np.arange(12.0)).reshape(3, 4))
    ola = tf.signal.overlap_and_add(frames, 3)
    g_ola = tf.gradients(tf.reduce_sum(ola * tf.range(1.0, 11.0, dtype=tf.float64)), frames)[0]
    return _run(tf, {"frame": g_frame, "ola": g_ola})


def case_x_ops_signal_windows_hann_hamming(tf):
    out = {}
    for n in (1, 2, 5, 8):
        out[f"hann_{n}"] = tf.signal.hann_window(n)
        out[f"hann_sym_{n}"] = tf.signal.hann_window(n, periodic=False)
        out[f"hamming_{n}"] = tf.signal.hamming_window(n, dtype=tf.float64)
        out[f"hamming_sym_{n}"] = tf.signal.hamming_window(n, periodic=False, dtype=tf.float64)
    values = _run(tf, out)
    values["int_dtype"] = catch(lambda: tf.signal.hann_window(4, dtype=tf.int32))
    return values


def case_x_ops_signal_windows_dynamic_length(tf):
    n = tf.placeholder(tf.int32, [])
    hann = tf.signal.hann_window(n)
    sess = tf.Session()
    return {"shape": hann.shape.as_list(), "one": sess.run(hann, {n: 1}), "six": sess.run(hann, {n: 6})}


def case_x_ops_signal_windows_kaiser_vorbis(tf):
    return _run(tf, {
        "kaiser": tf.signal.kaiser_window(7), "kaiser_beta": tf.signal.kaiser_window(8, beta=3.5, dtype=tf.float64),
        "kaiser_1": tf.signal.kaiser_window(1), "kbd": tf.signal.kaiser_bessel_derived_window(8),
        "kbd_64": tf.signal.kaiser_bessel_derived_window(10, beta=6.0, dtype=tf.float64),
        "vorbis": tf.signal.vorbis_window(8), "vorbis_64": tf.signal.vorbis_window(5, dtype=tf.float64)})


def case_x_ops_signal_stft_default(tf):
    x = tf.constant(_SIGNAL.astype(np.float32))
    s = tf.signal.stft(x, frame_length=10, frame_step=4)
    return {"shape": s.shape.as_list(), "dtype": s.dtype.name, "value": _run(tf, _parts(tf, s))}


def case_x_ops_signal_stft_options(tf):
    x = tf.constant(np.stack([_SIGNAL, _SIGNAL[::-1]]))
    a = tf.signal.stft(x, 8, 3, fft_length=16, pad_end=True)
    b = tf.signal.stft(x, 9, 5, window_fn=None)
    c = tf.signal.stft(x, 6, 2, window_fn=tf.signal.hamming_window)
    return {"shapes": [t.shape.as_list() for t in (a, b, c)], "values": _run(tf, [_parts(tf, t) for t in (a, b, c)])}


def case_x_ops_signal_inverse_stft_roundtrip(tf):
    x = tf.constant(_SIGNAL)
    s = tf.signal.stft(x, 16, 4)
    plain = tf.signal.inverse_stft(s, 16, 4)
    exact = tf.signal.inverse_stft(s, 16, 4, window_fn=tf.signal.inverse_stft_window_fn(4))
    return {"shapes": [plain.shape.as_list(), exact.shape.as_list()], "values": _run(tf, [plain, exact])}


def case_x_ops_signal_inverse_stft_lengths(tf):
    s = tf.constant((np.arange(3 * 5).reshape(3, 5) * 0.1 + 0.2j * np.ones((3, 5))).astype(np.complex64))
    short = tf.signal.inverse_stft(s, 6, 3, fft_length=8)
    longer = tf.signal.inverse_stft(s, 10, 3, fft_length=8, window_fn=None)
    return {"shapes": [short.shape.as_list(), longer.shape.as_list()], "values": _run(tf, [short, longer])}


def case_x_ops_signal_inverse_stft_window_fn(tf):
    fn = tf.signal.inverse_stft_window_fn(3)
    other = tf.signal.inverse_stft_window_fn(2, forward_window_fn=tf.signal.vorbis_window)
    return _run(tf, {"hann": fn(8, tf.float32), "vorbis": other(6, tf.float64)})


def case_x_ops_signal_stft_gradient(tf):
    x = tf.constant(_SIGNAL[:20])
    mag = tf.abs(tf.signal.stft(x, 8, 4))
    return _run(tf, tf.gradients(tf.reduce_sum(mag), x)[0])


def case_x_ops_signal_dct_types(tf):
    x = tf.constant(np.stack([_SIGNAL[:8], _SIGNAL[8:16]]).astype(np.float32))
    out = {f"dct{t}": tf.signal.dct(x, type=t) for t in (1, 2, 3, 4)}
    out.update({f"idct{t}": tf.signal.idct(x, type=t) for t in (1, 2, 3, 4)})
    return _run(tf, out)


def case_x_ops_signal_dct_ortho_and_n(tf):
    x = tf.constant(_SIGNAL[:6])
    out = {f"ortho{t}": tf.signal.dct(x, type=t, norm="ortho") for t in (2, 3, 4)}
    out["roundtrip"] = tf.signal.idct(tf.signal.dct(x, norm="ortho"), norm="ortho")
    out["n_crop"] = tf.signal.dct(x, n=4)
    out["n_pad"] = tf.signal.dct(x, n=9, type=3)
    out["spectral"] = tf.spectral.dct(x)
    out["spectral_i"] = tf.spectral.idct(x, type=4)
    return _run(tf, out)


def case_x_ops_signal_dct_errors(tf):
    x = tf.constant([[1.0, 2.0, 3.0]])
    return {
        "axis": catch(lambda: tf.signal.dct(x, axis=0)),
        "type": message_has(lambda: tf.signal.dct(x, type=5), "Types I, II, III and IV"),
        "ortho1": message_has(lambda: tf.signal.dct(x, type=1, norm="ortho"), "Type-I"),
        "short1": catch(lambda: tf.signal.dct(tf.constant([[1.0]]), type=1)),
        "norm": catch(lambda: tf.signal.dct(x, norm="forward")),
        "n0": catch(lambda: tf.signal.dct(x, n=0)),
    }


def case_x_ops_signal_dct_gradient(tf):
    x = tf.constant(_SIGNAL[:7])
    y = tf.signal.dct(x, type=2, norm="ortho") * tf.range(1.0, 8.0, dtype=tf.float64)
    z = tf.signal.dct(x, type=4)
    return _run(tf, tf.gradients([tf.reduce_sum(y), tf.reduce_sum(z * z)], x)[0])


def case_x_ops_signal_mdct_roundtrip(tf):
    x = tf.constant(_SIGNAL[:32].astype(np.float32))
    m = tf.signal.mdct(x, 8)
    back = tf.signal.inverse_mdct(m)
    m2 = tf.signal.mdct(x, 12, pad_end=True, norm="ortho", window_fn=tf.signal.kaiser_bessel_derived_window)
    back2 = tf.signal.inverse_mdct(m2, norm="ortho", window_fn=tf.signal.kaiser_bessel_derived_window)
    m3 = tf.signal.mdct(x, 8, window_fn=None)
    return {"shapes": [t.shape.as_list() for t in (m, back, m2, back2)],
            "values": _run(tf, [m, back, m2, back2, m3, tf.signal.inverse_mdct(m3, window_fn=None)]),
            "bad_length": message_has(lambda: tf.signal.mdct(x, 6), "multiple of 4")}


def case_x_ops_signal_mel_matrix(tf):
    default = tf.signal.linear_to_mel_weight_matrix()
    small = tf.signal.linear_to_mel_weight_matrix(4, 9, 16000, 100.0, 7000.0, dtype=tf.float64)
    return {"shape": default.shape.as_list(), "name": default.op.name, "values": _run(tf, [default, small])}


def case_x_ops_signal_mel_errors(tf):
    m = tf.signal.linear_to_mel_weight_matrix
    return {
        "bins": message_has(lambda: m(0), "num_mel_bins must be positive"),
        "lower": message_has(lambda: m(lower_edge_hertz=-1.0), "lower_edge_hertz must be non-negative"),
        "order": message_has(lambda: m(lower_edge_hertz=500.0, upper_edge_hertz=400.0), ">= upper_edge_hertz"),
        "nyquist": message_has(lambda: m(sample_rate=4000), "Nyquist"),
        "dtype": catch(lambda: m(dtype=tf.int32)),
        "tensor_rate": tf.Session().run(m(3, 5, tf.constant(8000.0), 100.0, 3000.0)),
    }


def case_x_ops_signal_mfccs(tf):
    x = tf.constant(np.log1p(np.abs(np.stack([_SIGNAL[:10], _SIGNAL[10:20]]))).astype(np.float32))
    return _run(tf, {"mfcc": tf.signal.mfccs_from_log_mel_spectrograms(x),
                     "mfcc64": tf.signal.mfccs_from_log_mel_spectrograms(tf.cast(x, tf.float64)[:, :7])})


def case_x_ops_signal_log_mel_pipeline(tf):
    x = tf.constant(_SIGNAL.astype(np.float32))
    spec = tf.abs(tf.signal.stft(x, 16, 8))
    mel = tf.tensordot(spec, tf.signal.linear_to_mel_weight_matrix(6, 9, 8000, 50.0, 4000.0), 1)
    return _run(tf, tf.signal.mfccs_from_log_mel_spectrograms(tf.log(mel + 1e-6))[..., :4])


def case_x_ops_signal_fftshift(tf):
    x = tf.constant(np.arange(12.0).reshape(3, 4))
    return _run(tf, {"all": tf.signal.fftshift(x), "axis0": tf.signal.fftshift(x, axes=0),
                     "neg": tf.signal.ifftshift(x, axes=[-1]), "inv_all": tf.signal.ifftshift(x),
                     "odd": tf.signal.ifftshift(tf.constant([0.0, 1.0, 2.0, 3.0, 4.0]))})


def case_x_ops_signal_fftnd_graph(tf):
    with tf.Graph().as_default():  # graph only: TF's CPU build has no kernel for these ops
        xc = tf.constant((np.arange(24.0).reshape(2, 3, 4) + 1j).astype(np.complex64))
        xr = tf.constant(np.arange(24.0, dtype=np.float32).reshape(2, 3, 4))
        out = {"fftnd": tf.signal.fftnd(xc), "ifftnd": tf.signal.ifftnd(xc), "rfftnd": tf.signal.rfftnd(xr),
               "irfftnd": tf.signal.irfftnd(xc), "top": tf.fftnd(xc, [2, 3], [0, 1]),
               "top_r": tf.rfftnd(tf.cast(xr, tf.float64), [3, 4], [1, 2]),
               "top_ir": tf.irfftnd(xc, [3, 6], [1, 2], Treal=tf.float64)}
        result = {k: [v.op.type, v.dtype.name, v.op.name, len(v.op.inputs)] for k, v in out.items()}
        result["wrapper_attrs"] = [out["rfftnd"].op.get_attr("Tcomplex").name, out["irfftnd"].op.get_attr("Treal").name]
        result["ortho_input"] = tf.signal.fftnd(xc, fft_length=[2, 3, 4], norm="ortho").op.inputs[0].op.type
        result["top_missing"] = catch(lambda: tf.fftnd(xc))
        return result


def case_x_ops_signal_rfft_gradients(tf):
    x = tf.constant(_SIGNAL[:6].reshape(2, 3))
    w = tf.constant(np.array([[1.0 + 2.0j, -0.5j], [0.3, 2.0 - 1.0j]]))
    y = tf.reduce_sum(tf.real(tf.signal.rfft(x) * w))
    z = tf.constant(np.array([[1.0 + 1.0j, 2.0, -1.0j], [0.5, 0.25j, 3.0]]))
    u = tf.reduce_sum(tf.signal.irfft(z) * tf.constant(np.arange(8.0).reshape(2, 4)))
    x2 = tf.constant(_SIGNAL[:12].reshape(3, 4))
    v = tf.reduce_sum(tf.abs(tf.signal.rfft2d(x2)))
    z2 = tf.constant(np.cos(np.arange(6.0)).reshape(2, 3) + 1j * np.sin(np.arange(6.0)).reshape(2, 3))
    q = tf.reduce_sum(tf.signal.irfft2d(z2, [2, 5]) ** 2)
    grads = [tf.gradients(y, x)[0], tf.gradients(u, z)[0], tf.gradients(v, x2)[0], tf.gradients(q, z2)[0]]
    return _run(tf, grads)


def case_x_ops_signal_rfft_wrapper(tf):
    x = tf.constant(np.arange(5.0, dtype=np.float32))
    padded = tf.signal.rfft(x, [8])
    cropped = tf.signal.rfft(x, [3])
    return {"ops": [padded.op.name, padded.op.inputs[0].op.type, padded.shape.as_list(), cropped.shape.as_list()],
            "values": _run(tf, [_parts(tf, padded), _parts(tf, cropped), tf.signal.irfft(padded),
                                tf.signal.irfft(padded, [5])]),
            "int": message_has(lambda: tf.signal.rfft(tf.constant([1, 2])), "RFFT requires tf.float32"),
            "complex_in": catch(lambda: tf.signal.irfft(tf.constant([1.0, 2.0])))}


def _special_points():
    return np.array([0.0, 0.1, 0.5, 1.0, 1.9, 2.1, 3.0, 4.9, 5.1, 7.5, 8.5, 12.0, 30.0])


def case_x_ops_signal_bessel_float64(tf):
    x = tf.constant(np.concatenate([-_special_points()[::-1], _special_points()]))
    names = ["bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e", "bessel_j0", "bessel_j1"]
    pos = tf.constant(_special_points()[1:])
    pos_names = ["bessel_k0", "bessel_k0e", "bessel_k1", "bessel_k1e", "bessel_y0", "bessel_y1"]
    fetch = {n: getattr(tf.math.special, n)(x) for n in names}
    fetch.update({n: getattr(tf.math.special, n)(pos) for n in pos_names})
    fetch["math_i0"] = tf.math.bessel_i0(x)
    return _run(tf, fetch)


def case_x_ops_signal_bessel_float32(tf):
    x = tf.constant(np.array([0.05, 0.7, 1.5, 2.5, 4.0, 6.0, 9.0, 15.0], np.float32))
    names = ["bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e", "bessel_j0", "bessel_j1", "bessel_k0",
             "bessel_k0e", "bessel_k1", "bessel_k1e", "bessel_y0", "bessel_y1"]
    return _run(tf, {n: getattr(tf.math.special, n)(x) for n in names})


def case_x_ops_signal_bessel_edges(tf):
    x = tf.constant([0.0, -0.0, -2.0, np.inf, -np.inf, np.nan])
    names = ["bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e", "bessel_j0", "bessel_j1", "bessel_k0",
             "bessel_k0e", "bessel_k1", "bessel_k1e", "bessel_y0", "bessel_y1"]
    out = _run(tf, {n: getattr(tf.math.special, n)(x) for n in names})
    out["overflow"] = _run(tf, tf.math.bessel_i0(tf.constant([88.0, 90.0, 720.0])))
    return out


def case_x_ops_signal_special_integrals(tf):
    x = tf.constant(np.concatenate([-_special_points()[::-1], _special_points(), [1e3, 5e4]]))
    pos = tf.constant(np.concatenate([_special_points(), [50.0, 70.0, 100.0, 1.5, 0.75, 2.0]]))
    return _run(tf, {"dawsn": tf.math.special.dawsn(x), "fresnel_cos": tf.math.special.fresnel_cos(x),
                     "fresnel_sin": tf.math.special.fresnel_sin(x), "expint": tf.math.special.expint(pos),
                     "spence": tf.math.special.spence(pos)})


def case_x_ops_signal_special_float32_and_edges(tf):
    x = tf.constant(np.array([0.0, 0.3, 1.0, 2.6, 4.0, 6.5, 20.0], np.float32))
    edges = tf.constant([-1.0, 0.0, 1.0, np.inf, -np.inf, np.nan])
    names = ["dawsn", "expint", "fresnel_cos", "fresnel_sin", "spence"]
    out = _run(tf, {n: getattr(tf.math.special, n)(x) for n in names})
    out["edges"] = _run(tf, {n: getattr(tf.math.special, n)(edges) for n in names})
    return out


def case_x_ops_signal_special_gradients(tf):
    x = tf.constant([0.0, 0.5, 1.0, 2.5, 6.0])
    p = tf.constant([0.5, 1.0, 2.5, 6.0])
    fns = [tf.math.bessel_i0, tf.math.bessel_i0e, tf.math.bessel_i1, tf.math.bessel_i1e,
           tf.math.special.bessel_j0, tf.math.special.bessel_j1, tf.math.special.dawsn,
           tf.math.special.fresnel_cos, tf.math.special.fresnel_sin]
    pos_fns = [tf.math.special.bessel_k0, tf.math.special.bessel_k0e, tf.math.special.bessel_k1,
               tf.math.special.bessel_k1e, tf.math.special.bessel_y0, tf.math.special.bessel_y1,
               tf.math.special.expint, tf.math.special.spence]
    grads = [tf.gradients(f(x), x)[0] for f in fns] + [tf.gradients(f(p), p)[0] for f in pos_fns]
    return _run(tf, grads)


def case_x_ops_signal_special_names_and_errors(tf):
    x = tf.constant([1.0], tf.float64)
    h = tf.constant([0.5, 2.0], tf.float16)
    out = {"names": [tf.math.special.bessel_k1e(x).op.name, tf.math.special.spence(x, name="sp").op.name,
                     tf.math.bessel_i1(x).op.type],
           "half": [tf.math.special.bessel_y0(h).dtype.name, tf.math.special.bessel_i1e(h).dtype.name],
           "half_values": _run(tf, [tf.math.special.bessel_y0(h), tf.math.special.bessel_k1(h)]),
           "int": catch(lambda: tf.math.special.dawsn(tf.constant([1, 2]))),
           "complex": catch(lambda: tf.math.bessel_i0e(tf.constant([1j])))}
    with tf.Graph().as_default():  # TF has float and double kernels only for the integrals
        half_dawsn = tf.math.special.dawsn(tf.constant([0.5], tf.float16))
        out["half_integral"] = [half_dawsn.dtype.name, catch(lambda: tf.Session().run(half_dawsn))]
    return out
