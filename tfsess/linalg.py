"""The tf.linalg namespace: matrix products, identity matrices, diagonals, bands, inverses, norms, decompositions,
tridiagonal solvers, logm and the LinearOperator family."""
from tfsess import linalg_experimental as experimental  # noqa: F401
from tfsess.ops.clip_ops import global_norm  # noqa: F401
from tfsess.ops.linalg_ops import einsum, matmul, tensordot  # noqa: F401
from tfsess.ops.nn_impl import l2_normalize  # noqa: F401
from tfsess.ops.matrix_decomposition_ops import cholesky, cholesky_solve, logdet, matvec, qr, svd  # noqa: F401
from tfsess.ops.matrix_decomposition_ops import matrix_solve as solve  # noqa: F401
from tfsess.ops.matrix_decomposition_ops import matrix_solve_ls as lstsq  # noqa: F401
from tfsess.ops.matrix_decomposition_ops import matrix_square_root as sqrtm  # noqa: F401
from tfsess.ops.matrix_decomposition_ops import matrix_triangular_solve as triangular_solve  # noqa: F401
from tfsess.ops.matrix_decomposition_ops import self_adjoint_eig as eigh  # noqa: F401
from tfsess.ops.matrix_decomposition_ops import self_adjoint_eigvals as eigvalsh  # noqa: F401
from tfsess.ops.matrix_ops import diag as tensor_diag  # noqa: F401
from tfsess.ops.search_count_ops import cross  # noqa: F401
from tfsess.ops.matrix_ops import diag_part as tensor_diag_part  # noqa: F401
from tfsess.ops.matrix_ops import adjoint, eye, matrix_transpose, trace  # noqa: F401
from tfsess.ops.norm_ops import norm  # noqa: F401
from tfsess.ops.matrix_ops import matrix_band_part as band_part  # noqa: F401
from tfsess.ops.matrix_ops import matrix_determinant as det  # noqa: F401
from tfsess.ops.matrix_ops import matrix_diag as diag  # noqa: F401
from tfsess.ops.matrix_ops import matrix_diag_part as diag_part  # noqa: F401
from tfsess.ops.matrix_ops import matrix_inverse as inv  # noqa: F401
from tfsess.ops.matrix_ops import matrix_set_diag as set_diag  # noqa: F401
from tfsess.ops.matrix_ops import matrix_transpose as transpose  # noqa: F401
from tfsess.ops.linalg_expm import matrix_exponential as expm  # noqa: F401
from tfsess.ops.tridiagonal_ops import *  # noqa: F401,F403
from tfsess.ops.linalg.linear_operator import LinearOperator  # noqa: F401
from tfsess.ops.linalg import linear_operator_dispatch  # noqa: F401  (tf.linalg's functions take operators)
from tfsess.ops.linalg.linear_operator_basic import *  # noqa: F401,F403
from tfsess.ops.linalg.linear_operator_block import *  # noqa: F401,F403
from tfsess.ops.linalg.linear_operator_circulant import *  # noqa: F401,F403
from tfsess.ops.linalg.linear_operator_composite import *  # noqa: F401,F403
from tfsess.ops.linalg.linear_operator_structured import *  # noqa: F401,F403
from tfsess.ops.linalg.matrix_logarithm import *  # noqa: F401,F403
from tfsess.ops.linalg_lu_ops import (lu, lu_matrix_inverse, lu_reconstruct, lu_solve, matrix_rank,  # noqa: F401
                                      normalize, pinv, slogdet)


__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
