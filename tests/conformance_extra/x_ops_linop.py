"""tf.linalg's LinearOperator family (shapes, hints, products, solves, determinants, derived operators, names,
errors, run-time asserts), the tridiagonal ops and their gradients, eigh_tridiagonal, logm and
conjugate_gradient. float64 mostly, so comparisons are tight."""
import numpy as np

from _harness import catch, message_has

_RNG = np.random.RandomState(20261207)
_A = _RNG.randn(3, 3) + 4.0 * np.eye(3)
_B = _RNG.randn(2, 2) + 3.0 * np.eye(2)
_SPD = _A @ _A.T + np.eye(3)
_X = _RNG.randn(3, 2)
_X5 = _RNG.randn(5, 2)
_X6 = _RNG.randn(6, 2)
_BATCH = _RNG.randn(2, 3, 3) + 4.0 * np.eye(3)
_DIAGS = _RNG.randn(3, 4)
_DIAGS[1] += 5.0
_RHS4 = _RNG.randn(4, 2)


def _run(tf, fetches, feed=None):
    return tf.Session().run(fetches, feed)


def _probe(tf, op, x, square=True):
    """What every operator answers: its static facts, then products, solves and reductions, run."""
    facts = {"shape": op.shape.as_list(), "batch": op.batch_shape.as_list(), "rank": op.tensor_rank,
             "domain": op.domain_dimension.value, "range": op.range_dimension.value, "square": op.is_square,
             "self_adjoint": op.is_self_adjoint, "non_singular": op.is_non_singular,
             "positive_definite": op.is_positive_definite, "dtype": op.dtype.name}
    t = {"matmul": op.matmul(x), "matmul_adj": op.matmul(x, adjoint=True),
         "matmul_adj_arg": op.matmul(tf.linalg.adjoint(x), adjoint_arg=True), "matvec": op.matvec(x[..., 0]),
         "dense": op.to_dense(), "diag_part": op.diag_part(), "trace": op.trace(), "shape_t": op.shape_tensor()}
    if square:
        t.update(solve=op.solve(x), solve_adj=op.solve(x, adjoint=True), solvevec=op.solvevec(x[..., 0]),
                 det=op.determinant(), logdet=op.log_abs_determinant())
    facts["values"] = _run(tf, t)
    return facts


# ------------------------------------------------------------------ FullMatrix, Diag, LowerTriangular
def case_x_ops_linop_full_matrix(tf):
    op = tf.linalg.LinearOperatorFullMatrix(tf.constant(_A))
    return _probe(tf, op, tf.constant(_X))


def case_x_ops_linop_full_matrix_batch_broadcast(tf):
    op = tf.linalg.LinearOperatorFullMatrix(tf.constant(_BATCH))
    x = tf.constant(_X)
    return {"shape": op.shape.as_list(), "values": _run(tf, [op.matmul(x), op.solve(x), op.log_abs_determinant(),
                                                           op.batch_shape_tensor(), op.tensor_rank_tensor()])}


def case_x_ops_linop_full_matrix_spd_cholesky_path(tf):
    op = tf.linalg.LinearOperatorFullMatrix(tf.constant(_SPD), is_self_adjoint=True, is_positive_definite=True)
    chol = op.cholesky()
    return {"hints": [op.is_non_singular, op.is_square], "chol_type": type(chol).__name__,
            "values": _run(tf, [op.solve(tf.constant(_X)), op.log_abs_determinant(), op.determinant(),
                                chol.to_dense(), op.eigvals(), op.cond()])}


def case_x_ops_linop_diag(tf):
    op = tf.linalg.LinearOperatorDiag(tf.constant([2.0, -3.0, 0.5]))
    out = _probe(tf, op, tf.constant(_X))
    out["more"] = _run(tf, [op.add_to_tensor(tf.constant(_A)), op.eigvals(), op.cond(),
                            op.inverse().to_dense(), op.adjoint().to_dense()])
    out["derived"] = [type(op.inverse()).__name__, op.adjoint() is op]
    return out


def case_x_ops_linop_diag_complex(tf):
    d = tf.constant([1.0 + 2.0j, 3.0 - 1.0j])
    op = tf.linalg.LinearOperatorDiag(d)
    x = tf.constant(np.array([[1.0 + 1.0j], [2.0 - 0.5j]]))
    return {"self_adjoint": op.is_self_adjoint, "adjoint_type": type(op.H).__name__,
            "values": _run(tf, [op.matmul(x), op.matmul(x, adjoint=True), op.solve(x, adjoint=True),
                                op.log_abs_determinant(), op.determinant(), op.H.to_dense()])}


def case_x_ops_linop_lower_triangular(tf):
    tril = np.tril(_A) + np.triu(np.full((3, 3), 99.0), 1)  # the strict upper part is ignored
    op = tf.linalg.LinearOperatorLowerTriangular(tf.constant(tril))
    out = _probe(tf, op, tf.constant(_X))
    out["eigvals"] = catch(lambda: _run(tf, op.eigvals()))
    return out


# ------------------------------------------------------------------ Identity, ScaledIdentity, Zeros
def case_x_ops_linop_identity(tf):
    op = tf.linalg.LinearOperatorIdentity(3, batch_shape=[2], dtype=tf.float64)
    out = _probe(tf, op, tf.constant(_X))
    out["more"] = _run(tf, [op.add_to_tensor(tf.constant(_A)), op.cholesky().to_dense()])
    out["derived"] = [op.inverse() is op, op.adjoint() is op]
    return out


def case_x_ops_linop_scaled_identity(tf):
    op = tf.linalg.LinearOperatorScaledIdentity(3, tf.constant([2.0, -0.5]))
    out = _probe(tf, op, tf.constant(_X))
    out["more"] = _run(tf, [op.inverse().to_dense(), op.add_to_tensor(tf.constant(_A)), op.eigvals()])
    return out


def case_x_ops_linop_zeros(tf):
    sq = tf.linalg.LinearOperatorZeros(3, dtype=tf.float64)
    rect = tf.linalg.LinearOperatorZeros(2, 3, batch_shape=[2], dtype=tf.float64, is_square=False,
                                         is_self_adjoint=False)
    return {"sq": _probe(tf, sq, tf.constant(_X), square=False),
            "rect": [rect.shape.as_list(), rect.is_square, _run(tf, [rect.to_dense(), rect.matmul(tf.constant(_X)),
                                                                    rect.diag_part(), rect.trace(),
                                                                    rect.shape_tensor()])],
            "det": _run(tf, sq.determinant()), "add": _run(tf, sq.add_to_tensor(tf.constant(_A))),
            "assert": message_has(lambda: sq.assert_non_singular(), "non-invertible"),
            "solve": message_has(lambda: sq.solve(tf.constant(_X)), "singular")}


def case_x_ops_linop_identity_dynamic_rows(tf):
    p = tf.placeholder(tf.float64, [None, None])
    op = tf.linalg.LinearOperatorIdentity(tf.shape(p)[0], dtype=tf.float64)
    full = tf.linalg.LinearOperatorFullMatrix(p)
    return {"static": [op.shape.as_list(), full.shape.as_list(), full.domain_dimension.value],
            "values": _run(tf, [op.to_dense(), op.shape_tensor(), full.shape_tensor(), full.range_dimension_tensor(),
                                op.matmul(p)], {p: _A})}


# ------------------------------------------------------------------ composite operators
def case_x_ops_linop_composition(tf):
    a = tf.linalg.LinearOperatorFullMatrix(tf.constant(_A))
    d = tf.linalg.LinearOperatorDiag(tf.constant([1.0, 2.0, 3.0]))
    op = tf.linalg.LinearOperatorComposition([a, d])
    out = _probe(tf, op, tf.constant(_X))
    out["name"] = op.name
    return out


def case_x_ops_linop_matmul_operators(tf):
    a = tf.linalg.LinearOperatorFullMatrix(tf.constant(_A))
    d = tf.linalg.LinearOperatorDiag(tf.constant([1.0, 2.0, 3.0]))
    i = tf.linalg.LinearOperatorIdentity(3, dtype=tf.float64)
    products = {"a@d": a @ d, "d@d": d @ d, "a@i": a.matmul(i), "d_solve_d": d.solve(d), "a_solve_d": a.solve(d),
                "a_solve_i": a.solve(i)}
    return {k: [type(v).__name__, v.is_square, v.is_non_singular] for k, v in products.items()} | {
        "values": _run(tf, {k: v.to_dense() for k, v in products.items()})}


def case_x_ops_linop_aat_composition_hints(tf):
    tril = tf.linalg.LinearOperatorLowerTriangular(tf.constant(np.tril(_A)), is_non_singular=True)
    op = tf.linalg.LinearOperatorComposition([tril, tril.H])
    chol = op.cholesky()
    return {"hints": [op.is_self_adjoint, op.is_square, op.is_positive_definite], "chol": type(chol).__name__,
            "values": _run(tf, [op.to_dense(), chol.to_dense(), op.log_abs_determinant()])}


def case_x_ops_linop_adjoint(tf):
    a = tf.linalg.LinearOperatorFullMatrix(tf.constant(_RNG.randn(3, 2)))
    op = tf.linalg.LinearOperatorAdjoint(a)
    x = tf.constant(_RNG.randn(3, 2))
    return {"name": op.name, "shape": op.shape.as_list(), "square": op.is_square, "back": op.H is a,
            "values": _run(tf, [op.to_dense(), op.matmul(tf.constant(_X[:, :1].repeat(2, 1))),
                                op.matmul(x, adjoint=True), op.shape_tensor()])}


def case_x_ops_linop_inversion(tf):
    a = tf.linalg.LinearOperatorFullMatrix(tf.constant(_A))
    op = tf.linalg.LinearOperatorInversion(a)
    out = _probe(tf, op, tf.constant(_X))
    out["name"] = op.name
    out["back"] = op.inverse() is a
    return out


def case_x_ops_linop_kronecker(tf):
    a = tf.linalg.LinearOperatorFullMatrix(tf.constant(_B))
    b = tf.linalg.LinearOperatorFullMatrix(tf.constant(_A))
    op = tf.linalg.LinearOperatorKronecker([a, b])
    out = _probe(tf, op, tf.constant(_X6))
    out["name"] = op.name
    out["inverse"] = _run(tf, op.inverse().to_dense())
    return out


def case_x_ops_linop_kronecker_batched_diag(tf):
    d = tf.linalg.LinearOperatorDiag(tf.constant([[1.0, 2.0], [3.0, 4.0]]), is_positive_definite=True)
    s = tf.linalg.LinearOperatorFullMatrix(tf.constant(_SPD), is_self_adjoint=True, is_positive_definite=True)
    op = tf.linalg.LinearOperatorKronecker([d, s])
    return {"shape": op.shape.as_list(), "hints": [op.is_self_adjoint, op.is_positive_definite],
            "values": _run(tf, [op.to_dense(), op.matmul(tf.constant(_X6)), op.eigvals(), op.diag_part(),
                                op.cholesky().to_dense(), op.log_abs_determinant()])}


def case_x_ops_linop_block_diag(tf):
    a = tf.linalg.LinearOperatorFullMatrix(tf.constant(_B))
    b = tf.linalg.LinearOperatorFullMatrix(tf.constant(_A))
    op = tf.linalg.LinearOperatorBlockDiag([a, b])
    out = _probe(tf, op, tf.constant(_X5))
    out["name"] = op.name
    blocks = op.matvec([tf.constant([1.0, 2.0]), tf.constant([0.5, -1.0, 2.0])])
    out["blockwise"] = _run(tf, blocks + [op.inverse().to_dense(), op.adjoint().to_dense()])
    return out


def case_x_ops_linop_block_lower_triangular(tf):
    a = tf.linalg.LinearOperatorFullMatrix(tf.constant(_B))
    c = tf.linalg.LinearOperatorFullMatrix(tf.constant(_RNG.randn(3, 2)))
    b = tf.linalg.LinearOperatorFullMatrix(tf.constant(_A))
    op = tf.linalg.LinearOperatorBlockLowerTriangular([[a], [c, b]])
    out = _probe(tf, op, tf.constant(_X5))
    out["inverse"] = _run(tf, op.inverse().to_dense())
    return out


# ------------------------------------------------------------------ structured operators
def case_x_ops_linop_low_rank_update_cholesky(tf):
    base = tf.linalg.LinearOperatorDiag(tf.constant([1.0, 2.0, 3.0]), is_positive_definite=True)
    op = tf.linalg.LinearOperatorLowRankUpdate(base, tf.constant(_RNG.randn(3, 2)),
                                               diag_update=tf.constant([2.0, 3.0]), is_diag_update_positive=True)
    out = _probe(tf, op, tf.constant(_X))
    out["name"] = op.name
    return out


def case_x_ops_linop_low_rank_update_general(tf):
    base = tf.linalg.LinearOperatorFullMatrix(tf.constant(_A))
    op = tf.linalg.LinearOperatorLowRankUpdate(base, tf.constant(_RNG.randn(3, 2)), v=tf.constant(_RNG.randn(3, 2)))
    return _probe(tf, op, tf.constant(_X))


def case_x_ops_linop_householder(tf):
    op = tf.linalg.LinearOperatorHouseholder(tf.constant([1.0, 2.0, -1.0]))
    out = _probe(tf, op, tf.constant(_X))
    out["more"] = _run(tf, [op.eigvals(), op.cond(), op.inverse().to_dense()])
    out["assert_pd"] = message_has(lambda: op.assert_positive_definite(), "non-positive definite")
    return out


def case_x_ops_linop_permutation(tf):
    op = tf.linalg.LinearOperatorPermutation([2, 0, 1], dtype=tf.float64)
    batched = tf.linalg.LinearOperatorPermutation([[1, 0, 2], [2, 1, 0]], dtype=tf.float64)
    return {"op": _probe(tf, op, tf.constant(_X)), "batched": _probe(tf, batched, tf.constant(_X))}


def case_x_ops_linop_tridiag_formats(tf):
    d = tf.constant(_DIAGS)
    ops = {"compact": tf.linalg.LinearOperatorTridiag(d),
           "sequence": tf.linalg.LinearOperatorTridiag([d[0], d[1], d[2]], diagonals_format="sequence"),
           "matrix": tf.linalg.LinearOperatorTridiag(tf.constant(_RNG.randn(4, 4) + 5 * np.eye(4)),
                                                    diagonals_format="matrix")}
    return {k: _probe(tf, op, tf.constant(_RHS4)) for k, op in ops.items()}


def case_x_ops_linop_tridiag_self_adjoint_assert(tf):
    sym = np.array([[1.0, 2.0, 0.0], [4.0, 5.0, 2.0], [0.0, 2.0, 1.0]])
    good = tf.linalg.LinearOperatorTridiag(tf.constant(sym), diagonals_format="compact")
    sess = tf.Session()
    return {"bad": message_has(lambda: sess.run(good.assert_self_adjoint()), "non-conjugate"),
            "ok": sess.run(tf.linalg.LinearOperatorTridiag(
                tf.constant([[2.0, 3.0, 0.0], [1.0, 1.0, 1.0], [0.0, 2.0, 3.0]])).assert_self_adjoint()) is None}


def case_x_ops_linop_circulant(tf):
    spectrum = np.fft.fft(np.array([4.0, 1.0, 0.5, 1.0]))
    op = tf.linalg.LinearOperatorCirculant(tf.constant(spectrum), input_output_dtype=tf.float64)
    out = _probe(tf, op, tf.constant(_RNG.randn(4, 2)))
    out["kernel"] = _run(tf, [op.convolution_kernel(), op.block_shape_tensor(), op.eigvals()])
    out["block"] = [op.block_depth, op.block_shape.as_list()]
    return out


def case_x_ops_linop_circulant_2d_3d(tf):
    op2 = tf.linalg.LinearOperatorCirculant2D(tf.constant(np.fft.fft2(_RNG.randn(2, 3)) + 5.0),
                                              input_output_dtype=tf.complex128)
    op3 = tf.linalg.LinearOperatorCirculant3D(tf.constant(np.fft.fftn(_RNG.randn(2, 2, 2)) + 9.0),
                                              input_output_dtype=tf.complex128)
    return {"2d": _probe(tf, op2, tf.constant(_RNG.randn(6, 2) + 0.5j)),
            "3d": _probe(tf, op3, tf.constant(_RNG.randn(8, 1) - 0.25j))}


def case_x_ops_linop_circulant_algebra(tf):
    s1, s2 = np.fft.fft([3.0, 1.0, 0.0]), np.fft.fft([2.0, 0.0, 1.0])
    a = tf.linalg.LinearOperatorCirculant(tf.constant(s1), input_output_dtype=tf.complex128)
    b = tf.linalg.LinearOperatorCirculant(tf.constant(s2), input_output_dtype=tf.complex128)
    derived = {"prod": a @ b, "solve": a.solve(b), "adj": a.adjoint(), "inv": a.inverse()}
    return {k: type(v).__name__ for k, v in derived.items()} | {
        "values": _run(tf, {k: v.to_dense() for k, v in derived.items()}),
        "hermitian": message_has(lambda: tf.Session().run(a.assert_hermitian_spectrum()), "Hermitian")}


def case_x_ops_linop_toeplitz(tf):
    op = tf.linalg.LinearOperatorToeplitz(tf.constant([4.0, 1.0, 2.0]), tf.constant([4.0, -1.0, 0.5]))
    return _probe(tf, op, tf.constant(_X))


# ------------------------------------------------------------------ names, errors, asserts
def case_x_ops_linop_name_scopes(tf):
    op = tf.linalg.LinearOperatorFullMatrix(tf.constant(_BATCH), name="M")
    d = tf.linalg.LinearOperatorDiag(tf.constant([1.0, 2.0, 3.0]))
    fetches = [op.matmul(tf.constant(_X)), op.matmul(tf.constant(_X)), d.solve(tf.constant(_X)), op.to_dense(),
               d.to_dense(), d.determinant(), op.log_abs_determinant(), d.matvec(tf.constant([1.0, 1.0, 1.0])),
               op.trace(), d.diag_part()]
    return {"names": [t.name for t in fetches], "op_names": [op.name, d.name, op.inverse().name, (op @ d).name]}


def case_x_ops_linop_constructor_errors(tf):
    f32 = tf.constant(_A.astype(np.float32))
    return {
        "int_matrix": message_has(lambda: tf.linalg.LinearOperatorFullMatrix(tf.constant([[1, 2], [3, 4]])),
                                  "must have dtype"),
        "rank1": message_has(lambda: tf.linalg.LinearOperatorFullMatrix(tf.constant([1.0, 2.0])),
                             "at least 2 dimensions"),
        "diag_sa": message_has(lambda: tf.linalg.LinearOperatorDiag([1.0, 2.0], is_self_adjoint=False),
                               "always self adjoint"),
        "diag_sq": message_has(lambda: tf.linalg.LinearOperatorDiag([1.0, 2.0], is_square=False), "square"),
        "ident_sa": message_has(lambda: tf.linalg.LinearOperatorIdentity(3, is_self_adjoint=False), "self adjoint"),
        "ident_neg": message_has(lambda: tf.linalg.LinearOperatorIdentity(-1), "non-negative"),
        "ident_float": message_has(lambda: tf.linalg.LinearOperatorIdentity(2.5), "integer type"),
        "pd_singular": message_has(lambda: tf.linalg.LinearOperatorFullMatrix(f32, is_positive_definite=True,
                                                                              is_non_singular=False),
                                   "positive definite matrix is always non-singular"),
        "ns_nonsquare": message_has(lambda: tf.linalg.LinearOperatorFullMatrix(f32, is_non_singular=True,
                                                                               is_square=False), "always square"),
        "perm_dupes": message_has(lambda: tf.linalg.LinearOperatorPermutation([0, 0, 1]), "unique integers"),
        "perm_float": message_has(lambda: tf.linalg.LinearOperatorPermutation([0.0, 1.0]), "integer dtype"),
        "zeros_square": message_has(lambda: tf.linalg.LinearOperatorZeros(2, 3, is_square=True), "num_rows(2)"),
        "composition_empty": message_has(lambda: tf.linalg.LinearOperatorComposition([]), "non-empty list"),
        "block_lt_rows": message_has(lambda: tf.linalg.LinearOperatorBlockLowerTriangular(
            [[tf.linalg.LinearOperatorFullMatrix(f32)], [tf.linalg.LinearOperatorFullMatrix(f32)]]),
            "must contain `2` blocks"),
        "toeplitz": message_has(lambda: tf.linalg.LinearOperatorToeplitz([1.0, 2.0], [1.0, 2.0, 3.0]),
                                "mismatched dimensions"),
        "householder": message_has(lambda: tf.linalg.LinearOperatorHouseholder([1.0, 2.0], is_self_adjoint=False),
                                   "always self adjoint"),
        "inversion": message_has(lambda: tf.linalg.LinearOperatorInversion(
            tf.linalg.LinearOperatorFullMatrix(f32, is_non_singular=False)), "is_non_singular"),
        "circulant": message_has(lambda: tf.linalg.LinearOperatorCirculant([1.0, 2.0], is_square=False),
                                 "always square"),
        "tridiag_format": message_has(lambda: tf.linalg.LinearOperatorTridiag(f32, diagonals_format="banded"),
                                      "diagonals_format"),
        "low_rank": message_has(lambda: tf.linalg.LinearOperatorLowRankUpdate(
            tf.linalg.LinearOperatorFullMatrix(f32), tf.ones((3, 1)), is_diag_update_positive=False), "identity"),
    }


def case_x_ops_linop_method_errors(tf):
    f32 = tf.linalg.LinearOperatorFullMatrix(tf.constant(_A.astype(np.float32)))
    rect = tf.linalg.LinearOperatorFullMatrix(tf.constant(np.ones((2, 3))))
    mixed = tf.linalg.LinearOperatorDiag(tf.constant([1.0, 2.0]))
    return {
        "dtype": message_has(lambda: f32.matmul(tf.constant(_X)), "Expected argument to have dtype"),
        "dims": message_has(lambda: f32.matmul(tf.ones((4, 2))), "not compatible"),
        "det_rect": message_has(lambda: rect.determinant(), "not be square"),
        "solve_rect": message_has(lambda: rect.solve(tf.constant(np.ones((2, 1)))), "not be square"),
        "inverse_rect": message_has(lambda: rect.inverse(), "non square"),
        "cholesky": message_has(lambda: f32.cholesky(), "Not a positive definite self adjoint"),
        "eigvals": message_has(lambda: f32.eigvals(), "Only self-adjoint"),
        "compose_dtypes": message_has(lambda: tf.linalg.LinearOperatorComposition([f32, mixed]), "same dtype"),
        "compose_dims": message_has(lambda: tf.linalg.LinearOperatorFullMatrix(tf.constant(_A)) @ mixed,
                                    "Operators are incompatible"),
        "rect_shape": [rect.is_square, rect.shape.as_list()],
    }


def case_x_ops_linop_runtime_asserts(tf):
    sess = tf.Session()

    def run_assert(make):
        try:
            sess.run(make())
            return "ok"
        except tf.errors.InvalidArgumentError:
            return "InvalidArgumentError"
    return [run_assert(lambda: tf.linalg.LinearOperatorDiag(tf.constant([1.0, 0.0, 2.0])).assert_non_singular()),
            run_assert(lambda: tf.linalg.LinearOperatorDiag(tf.constant([1.0, 3.0])).assert_non_singular()),
            run_assert(lambda: tf.linalg.LinearOperatorDiag(tf.constant([1.0, 1j])).assert_self_adjoint()),
            run_assert(lambda: tf.linalg.LinearOperatorFullMatrix(tf.constant([[1.0, 2.0], [3.0, 4.0]])
                                                                  ).assert_self_adjoint()),
            run_assert(lambda: tf.linalg.LinearOperatorFullMatrix(tf.constant([[1.0, 2.0], [2.0, 4.0]])
                                                                  ).assert_self_adjoint()),
            run_assert(lambda: tf.linalg.LinearOperatorFullMatrix(tf.constant([[1.0, 2.0], [2.0, 4.0]])
                                                                  ).assert_non_singular()),
            run_assert(lambda: tf.linalg.LinearOperatorFullMatrix(tf.constant([[2.0, 1.0], [1.0, 4.0]]),
                                                                  is_self_adjoint=True, is_positive_definite=True
                                                                  ).assert_non_singular()),
            run_assert(lambda: tf.linalg.LinearOperatorLowerTriangular(tf.constant([[1.0, 0.0], [1.0, 0.0]])
                                                                       ).assert_non_singular()),
            run_assert(lambda: tf.linalg.LinearOperatorScaledIdentity(2, tf.constant(0.0)).assert_non_singular()),
            run_assert(lambda: tf.linalg.LinearOperatorCirculant(tf.constant([1.0 + 0j, 0j])).assert_non_singular()),
            run_assert(lambda: tf.linalg.LinearOperatorIdentity(2).assert_positive_definite())]


def case_x_ops_linop_gradients(tf):
    m = tf.constant(_A)
    dg = tf.constant([1.0, 2.0, 3.0])
    u = tf.constant(_RNG.randn(3, 1))
    op = tf.linalg.LinearOperatorLowRankUpdate(tf.linalg.LinearOperatorDiag(dg, is_positive_definite=True), u)
    kron = tf.linalg.LinearOperatorKronecker([tf.linalg.LinearOperatorFullMatrix(m),
                                              tf.linalg.LinearOperatorDiag(dg[:2])])
    tri = tf.linalg.LinearOperatorLowerTriangular(m)
    ones = tf.ones((6, 1), tf.float64)
    loss = (tf.reduce_sum(op.solve(m)) + op.log_abs_determinant() + tf.reduce_sum(kron.matmul(ones))
            + tf.reduce_sum(tri.solve(tf.constant(_X))) + kron.log_abs_determinant())
    return _run(tf, tf.gradients(loss, [m, dg, u]))


# ------------------------------------------------------------------ tridiagonal ops
def case_x_ops_linop_tridiagonal_solve(tf):
    d, r = tf.constant(_DIAGS), tf.constant(_RHS4)
    x = tf.linalg.tridiagonal_solve(d, r)
    return {"name": x.op.name, "type": x.op.type, "shape": x.shape.as_list(),
            "values": _run(tf, [x, tf.linalg.tridiagonal_solve(d, r, partial_pivoting=False),
                                tf.linalg.tridiagonal_solve(d, r[:, 0]),
                                tf.linalg.tridiagonal_solve(d, tf.transpose(r), transpose_rhs=True),
                                tf.linalg.tridiagonal_solve([d[0, :-1], d[1], d[2, 1:]], r,
                                                            diagonals_format="sequence"),
                                tf.linalg.tridiagonal_solve(tf.constant(_RNG.randn(4, 4) + 4 * np.eye(4)), r,
                                                            diagonals_format="matrix")])}


def case_x_ops_linop_tridiagonal_solve_pivoting(tf):
    # A zero leading diagonal entry needs a row interchange; batch members are solved independently.
    diags = np.array([[[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [0.0, 4.0, 1.0]],
                      [[1.0, 1.0, 0.0], [2.0, 3.0, 4.0], [0.0, 1.0, 1.0]]])
    rhs = np.array([[[1.0], [2.0], [3.0]], [[1.0], [0.0], [-1.0]]])
    singular = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [0.0, 1.0, 1.0]])
    return _run(tf, [tf.linalg.tridiagonal_solve(tf.constant(diags), tf.constant(rhs)),
                     tf.linalg.tridiagonal_solve(tf.constant(singular), tf.constant(np.ones((3, 1)))),
                     tf.linalg.tridiagonal_solve(tf.constant(singular), tf.constant(np.ones((3, 1))),
                                                 perturb_singular=True),
                     tf.linalg.tridiagonal_solve(tf.constant(singular), tf.constant(np.ones((3, 1))),
                                                 partial_pivoting=False),
                     tf.linalg.tridiagonal_solve(tf.constant([[0.0], [0.0], [0.0]]), tf.constant([[1.0]]))])


def case_x_ops_linop_tridiagonal_matmul(tf):
    d = tf.constant(_DIAGS)
    m = tf.linalg.tridiagonal_matmul(d, tf.constant(_RHS4))
    return {"name": m.op.name, "inputs": [t.op.type for t in m.op.inputs],
            "values": _run(tf, [m, tf.linalg.tridiagonal_matmul([d[0], d[1], d[2]], tf.constant(_RHS4),
                                                                 diagonals_format="sequence"),
                                tf.linalg.tridiagonal_matmul(tf.constant(_RNG.randn(4, 4)), tf.constant(_RHS4),
                                                             diagonals_format="matrix")])}


def case_x_ops_linop_tridiagonal_gradients(tf):
    d, r = tf.constant(_DIAGS), tf.constant(_RHS4)
    x = tf.linalg.tridiagonal_solve(d, r)
    y = tf.linalg.tridiagonal_solve(d, r, partial_pivoting=False)
    m = tf.linalg.tridiagonal_matmul(d, r)
    loss = tf.reduce_sum(x * x) + tf.reduce_sum(tf.sin(m)) + tf.reduce_sum(y)
    return _run(tf, tf.gradients(loss, [d, r]))


def case_x_ops_linop_tridiagonal_errors(tf):
    d = tf.constant(_DIAGS)
    return {"format": message_has(lambda: tf.linalg.tridiagonal_solve(d, tf.constant(_RHS4), diagonals_format="x"),
                                  "Unrecognized diagonals_format"),
            "perturb": message_has(lambda: tf.linalg.tridiagonal_solve(d, tf.constant(_RHS4), partial_pivoting=False,
                                                                       perturb_singular=True), "partial_pivoting"),
            "three": message_has(lambda: tf.linalg.tridiagonal_solve(tf.ones((4, 4)), tf.ones((4, 1))),
                                 "Expected 3 diagonals"),
            "rows": message_has(lambda: tf.linalg.tridiagonal_solve(d, tf.constant(np.ones((5, 1)))),
                                "Expected number of left-hand sided and right-hand sides to be equal"),
            "mm_batch": catch(lambda: tf.linalg.tridiagonal_matmul(tf.zeros((2, 3, 4)), tf.zeros((4, 2)))),
            "mm_rows": catch(lambda: tf.linalg.tridiagonal_matmul(tf.zeros((3, 5)), tf.zeros((4, 2)))),
            "sequence_len": message_has(lambda: tf.linalg.tridiagonal_solve([d[0], d[1]], tf.constant(_RHS4),
                                                                            diagonals_format="sequence"),
                                        "sequence of length 3")}


def case_x_ops_linop_eigh_tridiagonal(tf):
    a = tf.constant([1.0, 2.0, 3.0, 4.0])
    b = tf.constant([0.5, -1.0, 2.0])
    w, v = tf.linalg.eigh_tridiagonal(a, b, eigvals_only=False)
    dense = tf.linalg.diag(a) + tf.pad(tf.linalg.diag(b), [[1, 0], [0, 1]]) + tf.pad(tf.linalg.diag(b),
                                                                                      [[0, 1], [1, 0]])
    return _run(tf, {"all": tf.linalg.eigh_tridiagonal(a, b), "w": w,
                     "index": tf.linalg.eigh_tridiagonal(a, b, select="i", select_range=[1, 2]),
                     "value": tf.linalg.eigh_tridiagonal(a, b, select="v", select_range=[0.0, 3.0]),
                     "residual_small": tf.reduce_max(tf.abs(tf.matmul(dense, v) - v * w)) < 1e-12,
                     "orthonormal": tf.reduce_max(tf.abs(tf.matmul(v, v, transpose_a=True)
                                                         - tf.eye(4, dtype=tf.float64))) < 1e-12}) | {
        "select": message_has(lambda: tf.linalg.eigh_tridiagonal(a, b, select="x"), "select must have a value")}


def case_x_ops_linop_eigh_tridiagonal_complex(tf):
    a = tf.constant([2.0 + 0j, 1.0 + 0j, 3.0 + 0j])
    b = tf.constant([1.0 + 1.0j, 0.5 - 2.0j])
    w = tf.linalg.eigh_tridiagonal(a, b)
    return {"dtype": w.dtype.name, "values": _run(tf, w)}


# ------------------------------------------------------------------ logm, conjugate gradient
def case_x_ops_linop_logm(tf):
    a = _RNG.randn(2, 4, 4) + 1j * _RNG.randn(2, 4, 4) + 4.0 * np.eye(4)
    jordan = np.array([[1.0, 2.0], [0.0, 1.0]], np.complex128)
    negative = np.array([[-1.0, 0.0], [0.0, 2.0]], np.complex128)
    wide = _RNG.randn(5, 5) * 3.0 + 9.0 * np.eye(5) + 0j  # no eigenvalue near the negative real axis
    outs = [tf.linalg.logm(tf.constant(x)) for x in (a, jordan, negative, wide)]
    back = tf.linalg.expm(tf.linalg.logm(tf.constant(wide)))
    return {"name": outs[0].op.name, "type": outs[0].op.type, "shape": outs[0].shape.as_list(),
            "values": _run(tf, outs + [back]),
            "real": catch(lambda: tf.linalg.logm(tf.constant([[1.0, 2.0], [3.0, 4.0]]))),
            "rect": catch(lambda: tf.linalg.logm(tf.constant(np.ones((2, 3), np.complex64)))),
            "no_grad": catch(lambda: tf.gradients(tf.reduce_sum(tf.abs(tf.linalg.logm(tf.constant(jordan)))),
                                                  []))}


def case_x_ops_linop_conjugate_gradient(tf):
    op = tf.linalg.LinearOperatorFullMatrix(tf.constant(_SPD), is_self_adjoint=True, is_positive_definite=True)
    rhs = tf.constant(_X[:, 0])
    plain = tf.linalg.experimental.conjugate_gradient(op, rhs)
    pre = tf.linalg.LinearOperatorDiag(tf.constant(1.0 / np.diag(_SPD)), is_self_adjoint=True,
                                       is_positive_definite=True)
    limited = tf.linalg.experimental.conjugate_gradient(op, rhs, preconditioner=pre, tol=1e-12, max_iter=2)
    batch = tf.linalg.experimental.conjugate_gradient(op, tf.constant(_X.T), x=tf.constant(np.ones((2, 3))))
    return {"type": type(plain).__name__, "fields": list(plain._fields),
            "values": _run(tf, [list(plain), list(limited), list(batch)]),
            "not_spd": message_has(lambda: tf.linalg.experimental.conjugate_gradient(
                tf.linalg.LinearOperatorFullMatrix(tf.constant(_SPD)), rhs), "self-adjoint, positive definite")}
