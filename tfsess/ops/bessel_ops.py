"""Bessel functions of integer order 0 and 1 (tf.math.bessel_* and tf.math.special.bessel_*), without SciPy.

The kernels follow Cephes (Stephen L. Moshier, "Methods and Programs for Mathematical Functions", 1989;
files i0.c, i1.c, k0.c, k1.c, j0.c, j1.c), as Eigen's BesselFunctionsImpl.h (and so TF) does: Chebyshev
expansions for I and K, rational approximations plus the Hankel asymptotic form beyond 5 for J and Y. The
coefficients below are Cephes' published double-precision ones. Every kernel computes in float64 on the host
and rounds to the input's dtype, so float32 results are the rounded double ones (TF evaluates Cephes'
shorter float tables in float32: the two agree within float32 rounding of TF's own error).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import errors
from tfsess.framework.op_builder import op_scope
from tfsess.framework.registry import register_op
from tfsess.ops import indexing_ops, logic_ops, math_ops, unary_ops
from tfsess.ops._infer import FLOAT, gen1, host, quiet, unary_op

_I0E_A = np.array([
    -4.41534164647933937950E-18, 3.33079451882223809783E-17, -2.43127984654795469359E-16,
    1.71539128555513303061E-15, -1.16853328779934516808E-14, 7.67618549860493561688E-14,
    -4.85644678311192946090E-13, 2.95505266312963983461E-12, -1.72682629144155570723E-11,
    9.67580903537323691224E-11, -5.18979560163526290666E-10, 2.65982372468238665035E-9,
    -1.30002500998624804212E-8, 6.04699502254191894932E-8, -2.67079385394061173391E-7, 1.11738753912010371815E-6,
    -4.41673835845875056359E-6, 1.64484480707288970893E-5, -5.75419501008210370398E-5, 1.88502885095841655729E-4,
    -5.76375574538582365885E-4, 1.63947561694133579842E-3, -4.32430999505057594430E-3, 1.05464603945949983183E-2,
    -2.37374148058994688156E-2, 4.93052842396707084878E-2, -9.49010970480476444210E-2, 1.71620901522208775349E-1,
    -3.04682672343198398683E-1, 6.76795274409476084995E-1])
_I0E_B = np.array([
    -7.23318048787475395456E-18, -4.83050448594418207126E-18, 4.46562142029675999901E-17,
    3.46122286769746109310E-17, -2.82762398051658348494E-16, -3.42548561967721913462E-16,
    1.77256013305652638360E-15, 3.81168066935262242075E-15, -9.55484669882830764870E-15,
    -4.15056934728722208663E-14, 1.54008621752140982691E-14, 3.85277838274214270114E-13,
    7.18012445138366623367E-13, -1.79417853150680611778E-12, -1.32158118404477131188E-11,
    -3.14991652796324136454E-11, 1.18891471078464383424E-11, 4.94060238822496958910E-10,
    3.39623202570838634515E-9, 2.26666899049817806459E-8, 2.04891858946906374183E-7, 2.89137052083475648297E-6,
    6.88975834691682398426E-5, 3.36911647825569408990E-3, 8.04490411014108831608E-1])
_I1E_A = np.array([
    2.77791411276104639959E-18, -2.11142121435816608115E-17, 1.55363195773620046921E-16,
    -1.10559694773538630805E-15, 7.60068429473540693410E-15, -5.04218550472791168711E-14,
    3.22379336594557470981E-13, -1.98397439776494371520E-12, 1.17361862988909016308E-11,
    -6.66348972350202774223E-11, 3.62559028155211703701E-10, -1.88724975172282928790E-9,
    9.38153738649577178388E-9, -4.44505912879632808065E-8, 2.00329475355213526229E-7, -8.56872026469545474066E-7,
    3.47025130813767847674E-6, -1.32731636560394358279E-5, 4.78156510755005422638E-5, -1.61760815825896745588E-4,
    5.12285956168575772895E-4, -1.51357245063125314899E-3, 4.15642294431288815669E-3, -1.05640848946261981558E-2,
    2.47264490306265168283E-2, -5.29459812080949914269E-2, 1.02643658689847095384E-1, -1.76416518357834055153E-1,
    2.52587186443633654823E-1])
_I1E_B = np.array([
    7.51729631084210481353E-18, 4.41434832307170791151E-18, -4.65030536848935832153E-17,
    -3.20952592199342395980E-17, 2.96262899764595013876E-16, 3.30820231092092828324E-16,
    -1.88035477551078244854E-15, -3.81440307243700780478E-15, 1.04202769841288027642E-14,
    4.27244001671195135429E-14, -2.10154184277266431302E-14, -4.08355111109219731823E-13,
    -7.19855177624590851209E-13, 2.03562854414708950722E-12, 1.41258074366137813316E-11,
    3.25260358301548823856E-11, -1.89749581235054123450E-11, -5.58974346219658380687E-10,
    -3.83538038596423702205E-9, -2.63146884688951950684E-8, -2.51223623787020892529E-7,
    -3.88256480887769039346E-6, -1.10588938762623716291E-4, -9.76109749136146840777E-3, 7.78576235018280120474E-1])
_K0E_A = np.array([
    1.37446543561352307156E-16, 4.25981614279661018399E-14, 1.03496952576338420167E-11, 1.90451637722020886025E-9,
    2.53479107902614945675E-7, 2.28621210311945178607E-5, 1.26461541144692592338E-3, 3.59799365153615016266E-2,
    3.44289899924628486886E-1, -5.35327393233902768720E-1])
_K0E_B = np.array([
    5.30043377268626276149E-18, -1.64758043015242134646E-17, 5.21039150503902756861E-17,
    -1.67823109680541210385E-16, 5.51205597852431940784E-16, -1.84859337734377901440E-15,
    6.34007647740507060557E-15, -2.22751332699166985548E-14, 8.03289077536357521100E-14,
    -2.98009692317273043925E-13, 1.14034058820847496303E-12, -4.51459788337394416547E-12,
    1.85594911495471785253E-11, -7.95748924447710747776E-11, 3.57739728140030116597E-10,
    -1.69753450938905987466E-9, 8.57403401741422608519E-9, -4.66048989768794782956E-8, 2.76681363944501510342E-7,
    -1.83175552271911948767E-6, 1.39498137188764993662E-5, -1.28495495816278026384E-4, 1.56988388573005337491E-3,
    -3.14481013119645005427E-2, 2.44030308206595545468E0])
_K1E_A = np.array([
    -7.02386347938628759343E-18, -2.42744985051936593393E-15, -6.66690169419932900609E-13,
    -1.41148839263352776110E-10, -2.21338763073472585583E-8, -2.43340614156596823496E-6,
    -1.73028895751305206302E-4, -6.97572385963986435018E-3, -1.22611180822657148235E-1,
    -3.53155960776544875667E-1, 1.52530022733894777053E0])
_K1E_B = np.array([
    -5.75674448366501715755E-18, 1.79405087314755922667E-17, -5.68946255844285935196E-17,
    1.83809354436663880070E-16, -6.05704724837331885336E-16, 2.03870316562433424052E-15,
    -7.01983709041831346144E-15, 2.47715442448130437068E-14, -8.97670518232499435011E-14,
    3.34841966607842919884E-13, -1.28917396095102890680E-12, 5.13963967348173025100E-12,
    -2.12996783842756842877E-11, 9.21831518760500529508E-11, -4.19035475934189648750E-10,
    2.01504975519703286596E-9, -1.03457624656780970260E-8, 5.74108412545004946722E-8, -3.50196060308781257119E-7,
    2.40648494783721712015E-6, -1.93619797416608296024E-5, 1.95215518471351631108E-4, -2.85781685962277938680E-3,
    1.03923736576817238437E-1, 2.72062619048444266945E0])
_J0_PP = np.array([
    7.96936729297347051624E-4, 8.28352392107440799803E-2, 1.23953371646414299388E0, 5.44725003058768775090E0,
    8.74716500199817011941E0, 5.30324038235394892183E0, 9.99999999999999997821E-1])
_J0_PQ = np.array([
    9.24408810558863637013E-4, 8.56288474354474431428E-2, 1.25352743901058953537E0, 5.47097740330417105182E0,
    8.76190883237069594232E0, 5.30605288235394617618E0, 1.00000000000000000218E0])
_J0_QP = np.array([
    -1.13663838898469149931E-2, -1.28252718670509318512E0, -1.95539544257735972385E1, -9.32060152123768231369E1,
    -1.77681167980488050595E2, -1.47077505154951170175E2, -5.14105326766599330220E1, -6.05014350600728481186E0])
_J0_QQ = np.array([
    1.00000000000000000000E0, 6.43178256118178023184E1, 8.56430025976980587198E2, 3.88240183605401609683E3,
    7.24046774195652478189E3, 5.93072701187316984827E3, 2.06209331660327847417E3, 2.42005740240291393179E2])
_J0_RP = np.array([
    -4.79443220978201773821E9, 1.95617491946556577543E12, -2.49248344360967716204E14, 9.70862251047306323952E15])
_J0_RQ = np.array([
    1.00000000000000000000E0, 4.99563147152651017219E2, 1.73785401676374683123E5, 4.84409658339962045305E7,
    1.11855537045356834862E10, 2.11277520115489217587E12, 3.10518229857422583814E14, 3.18121955943204943306E16,
    1.71086294081043136091E18])
_Y0_YP = np.array([
    1.55924367855235737965E4, -1.46639295903971606143E7, 5.43526477051876500413E9, -9.82136065717911466409E11,
    8.75906394395366999549E13, -3.46628303384729719441E15, 4.42733268572569800351E16, -1.84950800436986690637E16])
_Y0_YQ = np.array([
    1.00000000000000000000E0, 1.04128353664259848412E3, 6.26107330137134956842E5, 2.68919633393814121987E8,
    8.64002487103935000337E10, 2.02979612750105546709E13, 3.17157752842975028269E15, 2.50596256172653059228E17])
_J1_PP = np.array([
    7.62125616208173112003E-4, 7.31397056940917570436E-2, 1.12719608129684925192E0, 5.11207951146807644818E0,
    8.42404590141772420927E0, 5.21451598682361504063E0, 1.00000000000000000254E0])
_J1_PQ = np.array([
    5.71323128072548699714E-4, 6.88455908754495404082E-2, 1.10514232634061696926E0, 5.07386386128601488557E0,
    8.39985554327604159757E0, 5.20982848682361821619E0, 9.99999999999999997461E-1])
_J1_QP = np.array([
    5.10862594750176621635E-2, 4.98213872951233449420E0, 7.58238284132545283818E1, 3.66779609360150777800E2,
    7.10856304998926107277E2, 5.97489612400613639965E2, 2.11688757100572135698E2, 2.52070205858023719784E1])
_J1_QQ = np.array([
    1.00000000000000000000E0, 7.42373277035675149943E1, 1.05644886038262816351E3, 4.98641058337653607651E3,
    9.56231892404756170795E3, 7.99704160447350683650E3, 2.82619278517639096600E3, 3.36093607810698293419E2])
_J1_RP = np.array([
    -8.99971225705559398224E8, 4.52228297998194034323E11, -7.27494245221818276015E13, 3.68295732863852883286E15])
_J1_RQ = np.array([
    1.00000000000000000000E0, 6.20836478118054335476E2, 2.56987256757748830383E5, 8.35146791431949253037E7,
    2.21511595479792499675E10, 4.74914122079991414898E12, 7.84369607876235854894E14, 8.95222336184627338078E16,
    5.32278620332680085395E18])
_Y1_YP = np.array([
    1.26320474790178026440E9, -6.47355876379160291031E11, 1.14509511541823727583E14, -8.12770255501325109621E15,
    2.02439475713594898196E17, -7.78877196265950026825E17])
_Y1_YQ = np.array([
    1.00000000000000000000E0, 5.94301592346128195359E2, 2.35564092943068577943E5, 7.34811944459721705660E7,
    1.87601316108706159478E10, 3.88231277496238566008E12, 6.20557727146953693363E14, 6.87141087355300489866E16,
    3.97270608116560655612E18])

_SQ2OPI = 7.9788456080286535587989e-1  # sqrt(2 / pi)
_TWOOPI = 0.636619772367581343075535  # 2 / pi
_PIO4 = 0.7853981633974483096
_THPIO4 = 2.35619449019234492885


# ------------------------------------------------------------------ float64 kernels (NumPy arrays in and out)
def _chebevl(x, coefficients):
    """Cephes' chbevl: the Chebyshev series sum' c_i T_i(x / 2), coefficients in reverse order."""
    b0, b1, b2 = coefficients[0] * np.ones_like(x), np.zeros_like(x), np.zeros_like(x)
    for c in coefficients[1:]:
        b2, b1 = b1, b0
        b0 = x * b1 - b2 + c
    return 0.5 * (b0 - b2)


def _polevl(x, coefficients):
    """Cephes' polevl: the polynomial with `coefficients` from the highest degree down (Horner)."""
    out = coefficients[0] * np.ones_like(x)
    for c in coefficients[1:]:
        out = out * x + c
    return out


def i0e_f64(x):
    y = np.abs(x)
    small = _chebevl(0.5 * y - 2.0, _I0E_A)
    large = _chebevl(32.0 / y - 2.0, _I0E_B) / np.sqrt(y)
    return np.where(y <= 8.0, small, large)


def i0_f64(x, work=np.float64):
    """exp(|x|) i0e(x), the product taken in the `work` precision (so it overflows where TF's does)."""
    return np.exp(np.abs(x).astype(work)) * i0e_f64(x).astype(work)


def i1e_f64(x):
    y = np.abs(x)
    small = y * _chebevl(0.5 * y - 2.0, _I1E_A)
    large = _chebevl(32.0 / y - 2.0, _I1E_B) / np.sqrt(y)
    out = np.where(y <= 8.0, small, large)
    return np.where(x < 0, -out, out)


def i1_f64(x, work=np.float64):
    """exp(|x|) i1e(x), the product taken in the `work` precision (so it overflows where TF's does)."""
    return np.exp(np.abs(x).astype(work)) * i1e_f64(x).astype(work)


def _k_small(x, order):
    """K0(x) or K1(x) for 0 < x <= 2: the Chebyshev part plus the log term of the I function."""
    if order == 0:
        return _chebevl(x * x - 2.0, _K0E_A) - i0_f64(x) * np.log(0.5 * x)
    return _chebevl(x * x - 2.0, _K1E_A) / x + i1_f64(x) * np.log(0.5 * x)


def _k_large_scaled(x, order):
    """exp(x) K0(x) or exp(x) K1(x) for x > 2."""
    return _chebevl(8.0 / x - 2.0, _K0E_B if order == 0 else _K1E_B) / np.sqrt(x)


def _k(x, order, scaled):
    small = _k_small(x, order)
    if scaled:
        small = small * np.exp(x)
        large = _k_large_scaled(x, order)
    else:
        large = np.exp(-x) * _k_large_scaled(x, order)
    out = np.where(x <= 2.0, np.where(x <= 0.0, np.inf, small), large)
    return np.where(np.isnan(x), np.nan, out)


def k0_f64(x):
    return _k(x, 0, scaled=False)


def k0e_f64(x):
    return _k(x, 0, scaled=True)


def k1_f64(x):
    return _k(x, 1, scaled=False)


def k1e_f64(x):
    return _k(x, 1, scaled=True)


def _hankel(y, order, shift, sine_first):
    """The asymptotic form beyond 5: sqrt(2 / (pi y)) (P cos(y - shift) - (5 / y) Q sin(y - shift)) for J,
    and P sin + (5 / y) Q cos for Y."""
    pp, pq, qp, qq = (_J0_PP, _J0_PQ, _J0_QP, _J0_QQ) if order == 0 else (_J1_PP, _J1_PQ, _J1_QP, _J1_QQ)
    s = 25.0 / (y * y)
    p = _polevl(s, pp) / _polevl(s, pq)
    q = _polevl(s, qp) / _polevl(s, qq)
    yn = y - shift
    if sine_first:
        p = p * np.sin(yn) + (5.0 / y) * q * np.cos(yn)
    else:
        p = p * np.cos(yn) - (5.0 / y) * q * np.sin(yn)
    return p * _SQ2OPI / np.sqrt(y)


def j0_f64(x):
    y = np.abs(x)
    z = y * y
    small = np.where(y < 1e-5, 1.0 - 0.25 * z,
                     (z - 5.78318596294678452118) * (z - 3.04712623436620863991e1)
                     * _polevl(z, _J0_RP) / _polevl(z, _J0_RQ))
    return np.where(y <= 5.0, small, _hankel(y, 0, _PIO4, sine_first=False))


def j1_f64(x):
    y = np.abs(x)
    z = y * y
    small = (_polevl(z, _J1_RP) / _polevl(z, _J1_RQ) * x * (z - 1.46819706421238932572e1)
             * (z - 4.92184563216946036703e1))
    large = _hankel(y, 1, _THPIO4, sine_first=False)
    return np.where(y <= 5.0, small, np.where(x < 0, -large, large))


def y0_f64(x):
    z = x * x
    small = _polevl(z, _Y0_YP) / _polevl(z, _Y0_YQ) + _TWOOPI * np.log(x) * j0_f64(x)
    small = np.where(x <= 0.0, -np.inf, small)
    return np.where(x <= 5.0, small, _hankel(x, 0, _PIO4, sine_first=True))


def y1_f64(x, work=np.float64):
    z = x * x
    small = x * _polevl(z, _Y1_YP) / _polevl(z, _Y1_YQ) + _TWOOPI * (j1_f64(x) * np.log(x) - 1.0 / x)
    # TF's float kernel maps only x < 0 to -inf, and x = 0 to the NaN its formula gives there
    small = np.where(x < 0.0 if work != np.float64 else x <= 0.0, -np.inf, small)
    return np.where(x <= 5.0, small, _hankel(x, 1, _THPIO4, sine_first=True))


# ------------------------------------------------------------------ the ops
def work_precision(dtype):
    """The precision TF's kernel computes `dtype` in: float32 for half and float, float64 for double."""
    return np.float64 if dtype == np.float64 else np.float32


def define_special(op_type, wrapper_name, fn, description, takes_work=False, half=True):
    """Registers `op_type` with a float64 host kernel `fn`, and returns (its OpDef, TF's wrapper).

    With `takes_work`, `fn` is also given the precision TF's kernel computes in (see work_precision). Without
    `half`, a float16 input builds (TF's op accepts it) but fails to run, as TF has no such kernel.
    """
    @quiet
    def kernel(xp, x):
        if not half and x.dtype == np.float16:
            raise errors.InvalidArgumentError(
                None, None, f"No OpKernel was registered to support Op '{op_type}' with these attrs: [T=DT_HALF]")
        x64 = host(x).astype(np.float64)
        out = fn(x64, work=work_precision(x.dtype)) if takes_work else fn(x64)
        return xp.asarray(np.asarray(out).astype(x.dtype))

    op_def = register_op(op_type, infer=unary_op(FLOAT), elementwise=True)(kernel)

    def wrapper(x, name=None):
        with op_scope(name, wrapper_name, [x]):
            return gen1(op_type, x, None)
    wrapper.__name__ = wrapper.__qualname__ = wrapper_name
    wrapper.__doc__ = f"{description} of `x`, elementwise (tf.math.special.{wrapper_name})."
    return op_def, wrapper


_i0, bessel_i0 = define_special("BesselI0", "bessel_i0", i0_f64,
                                "The modified Bessel function of the first kind I0", takes_work=True)
_i0e, bessel_i0e = define_special("BesselI0e", "bessel_i0e", i0e_f64,
                                  "exp(-|x|) I0(x), the scaled Bessel I0")
_i1, bessel_i1 = define_special("BesselI1", "bessel_i1", i1_f64,
                                "The modified Bessel function of the first kind I1", takes_work=True)
_i1e, bessel_i1e = define_special("BesselI1e", "bessel_i1e", i1e_f64,
                                  "exp(-|x|) I1(x), the scaled Bessel I1")
_k0, bessel_k0 = define_special("BesselK0", "bessel_k0", k0_f64,
                                "The modified Bessel function of the second kind K0")
_k0e, bessel_k0e = define_special("BesselK0e", "bessel_k0e", k0e_f64,
                                  "exp(x) K0(x), the scaled Bessel K0")
_k1, bessel_k1 = define_special("BesselK1", "bessel_k1", k1_f64,
                                "The modified Bessel function of the second kind K1")
_k1e, bessel_k1e = define_special("BesselK1e", "bessel_k1e", k1e_f64,
                                  "exp(x) K1(x), the scaled Bessel K1")
_j0, bessel_j0 = define_special("BesselJ0", "bessel_j0", j0_f64,
                                "The Bessel function of the first kind J0")
_j1, bessel_j1 = define_special("BesselJ1", "bessel_j1", j1_f64,
                                "The Bessel function of the first kind J1")
_y0, bessel_y0 = define_special("BesselY0", "bessel_y0", y0_f64,
                                "The Bessel function of the second kind Y0")
_y1, bessel_y1 = define_special("BesselY1", "bessel_y1", y1_f64,
                                "The Bessel function of the second kind Y1", takes_work=True)


def _at_zero(x, value, elsewhere):
    """`elsewhere`, with `value` where x == 0 (TF's imputation of a derivative the formula divides by x for)."""
    zero = math_ops.cast(0.0, x.dtype)
    return indexing_ops.where_v2(logic_ops.equal(x, zero), math_ops.cast(value, x.dtype), elsewhere)


# TF's gradients (math_grad.py): the derivatives through the recurrences of the order 0 and 1 functions.
_i0.gradient(lambda op, grad: [grad * bessel_i1(op.inputs[0])])
_i0e.gradient(lambda op, grad: [grad * (bessel_i1e(op.inputs[0]) - unary_ops.sign(op.inputs[0]) * op.outputs[0])])
_i1.gradient(lambda op, grad: [grad * _at_zero(op.inputs[0], 1.0,
                                               bessel_i0(op.inputs[0]) - op.outputs[0] / op.inputs[0])])
_i1e.gradient(lambda op, grad: [grad * _at_zero(
    op.inputs[0], 0.5, bessel_i0e(op.inputs[0])
    - op.outputs[0] * (unary_ops.sign(op.inputs[0]) + unary_ops.reciprocal(op.inputs[0])))])
_k0.gradient(lambda op, grad: [grad * -bessel_k1(op.inputs[0])])
_k0e.gradient(lambda op, grad: [grad * (op.outputs[0] - bessel_k1e(op.inputs[0]))])
_k1.gradient(lambda op, grad: [grad * (-bessel_k0(op.inputs[0]) - op.outputs[0] / op.inputs[0])])
_k1e.gradient(lambda op, grad: [grad * (op.outputs[0] * (1.0 - unary_ops.reciprocal(op.inputs[0]))
                                        - bessel_k0e(op.inputs[0]))])
_j0.gradient(lambda op, grad: [grad * -bessel_j1(op.inputs[0])])
_j1.gradient(lambda op, grad: [grad * _at_zero(op.inputs[0], 0.5,
                                               bessel_j0(op.inputs[0]) - op.outputs[0] / op.inputs[0])])
_y0.gradient(lambda op, grad: [grad * -bessel_y1(op.inputs[0])])
_y1.gradient(lambda op, grad: [grad * (bessel_y0(op.inputs[0]) - op.outputs[0] / op.inputs[0])])

__all__ = ["bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e", "bessel_j0", "bessel_j1", "bessel_k0", "bessel_k0e",
           "bessel_k1", "bessel_k1e", "bessel_y0", "bessel_y1"]
