"""Dawson's integral, the exponential integral Ei, the Fresnel integrals and Spence's dilogarithm
(tf.math.special.dawsn, expint, fresnel_cos, fresnel_sin, spence), without SciPy.

The kernels follow Cephes (Stephen L. Moshier, "Methods and Programs for Mathematical Functions", 1989;
files dawsn.c, ei.c, fresnl.c, spence.c), as TF's special_math_op_misc_impl.h does: rational approximations on
intervals with Cephes' published double-precision coefficients. Every kernel computes in float64 on the host and
rounds to the input's dtype.
"""
from __future__ import annotations

import numpy as np

from tfsess.ops import array_ops, indexing_ops, logic_ops, math_ops, unary_ops
from tfsess.ops.bessel_ops import define_special

_DAWSN_AN = [1.13681498971755972054e-11, 8.49262267667473811108e-10, 1.94434204175553054283e-8,
             9.53151741254484363489e-7, 3.07828309874913200438e-6, 3.52513368520288738649e-4,
             -8.50149846724410912031e-4, 4.22618223005546594270e-2, -9.17480371773452345351e-2,
             9.99999999999999994612e-1]
_DAWSN_AD = [2.40372073066762605484e-11, 1.48864681368493396752e-9, 5.21265281010541664570e-8,
             1.27258478273186970203e-6, 2.32490249820789513991e-5, 3.25524741826057911661e-4,
             3.48805814657162590916e-3, 2.79448531198828973716e-2, 1.58874241960120565368e-1,
             5.74918629489320327824e-1, 1.00000000000000000539e0]
_DAWSN_BN = [5.08955156417900903354e-1, -2.44754418142697847934e-1, 9.41512335303534411857e-2,
             -2.18711255142039025206e-2, 3.66207612329569181322e-3, -4.23209114460388756528e-4,
             3.59641304793896631888e-5, -2.14640351719968974225e-6, 9.10010780076391431042e-8,
             -2.40274520828250956942e-9, 3.59233385440928410398e-11]
_DAWSN_BD = [1.0, -6.31839869873368190192e-1, 2.36706788228248691528e-1, -5.31806367003223277662e-2,
             8.48041718586295374409e-3, -9.47996768486665330168e-4, 7.81025592944552338085e-5,
             -4.55875153252442634831e-6, 1.89100358111421846170e-7, -4.91324691331920606875e-9,
             7.18466403235734541950e-11]
_DAWSN_CN = [-5.90592860534773254987e-1, 6.29235242724368800674e-1, -1.72858975380388136411e-1,
             1.64837047825189632310e-2, -4.86827613020462700845e-4]
_DAWSN_CD = [1.0, -2.69820057197544900361e0, 1.73270799045947845857e0, -3.93708582281939493482e-1,
             3.44278924041233391079e-2, -9.73655226040941223894e-4]

_EI_A = [-5.350447357812542947283e0, 2.185049168816613393830e2, -4.176572384826693777058e3,
         5.541176756393557601232e4, -3.313381331178144034309e5, 1.592627163384945414220e6]
_EI_B = [1.0, -5.250547959112862969197e1, 1.259616186786790571525e3, -1.756549581973534652631e4,
         1.493062117002725991967e5, -7.294949239640527645655e5, 1.592627163384945429726e6]
# (lower bound of x, numerator, denominator) of Ei(x) = exp(x) / x (1 + P(1/x) / (x Q(1/x))) for x >= 2
_EI_ASYMPTOTIC = [
    (2.0, [1.981808503259689673238e-2, -1.271645625984917501326e0, -2.088160335681228318920e0,
           2.755544509187936721172e0, -4.409507048701600257171e-1, 4.665623805935891391017e-2,
           -1.545042679673485262580e-3, 7.059980605299617478514e-5],
     [1.0, 1.476498670914921440652e0, 5.629177174822436244827e-1, 1.699017897879307263248e-1,
      2.291647179034212017463e-2, 4.450150439728752875043e-3, 1.727439612206521482874e-4,
      3.953167195549672482304e-5]),
    (4.0, [-1.373215375871208729803e0, -7.084559133740838761406e-1, 1.580806855547941010501e0,
           -2.601500427425622944234e-1, 2.994674694113713763365e-2, -1.038086040188744005513e-3,
           4.371064420753005429514e-5, 2.141783679522602903795e-6],
     [1.0, 8.585231423622028380768e-1, 4.483285822873995129957e-1, 7.687932158124475434091e-2,
      2.449868241021887685904e-2, 8.832165941927796567926e-4, 4.590952299511353531215e-4,
      -4.729848351866523044863e-6, 2.665195537390710170105e-6]),
    (8.0, [-2.106934601691916512584e0, 1.732733869664688041885e0, -2.423619178935841904839e-1,
           2.322724180937565842585e-2, 2.372880440493179832059e-4, -8.343219561192552752335e-5,
           1.363408795605250394881e-5, -3.655412321999253963714e-7, 1.464941733975961318456e-8,
           6.176407863710360207074e-10],
     [1.0, -2.298062239901678075778e-1, 1.105077041474037862347e-1, -1.566542966630792353556e-2,
      2.761106850817352773874e-3, -2.089148012284048449115e-4, 1.708528938807675304186e-5,
      -4.459311796356686423199e-7, 1.394634930353847498145e-8, 6.150865933977338354138e-10]),
    (16.0, [-2.458119367674020323359e-1, -1.483382253322077687183e-1, 7.248291795735551591813e-2,
            -1.348315687380940523823e-2, 1.342775069788636972294e-3, -7.942465637159712264564e-5,
            2.644179518984235952241e-6, -4.239473659313765177195e-8],
     [1.0, -1.044225908443871106315e-1, -2.676453128101402655055e-1, 9.695000254621984627876e-2,
      -1.601745692712991078208e-2, 1.496414899205908021882e-3, -8.462452563778485013756e-5,
      2.728938403476726394024e-6, -4.239462431819542051337e-8]),
    (32.0, [1.212561118105456670844e-1, -5.823133179043894485122e-1, 2.348887314557016779211e-1,
            -3.040034318113248237280e-2, 1.510082146865190661777e-3, -2.523137095499571377122e-5],
     [1.0, -1.002252150365854016662e0, 2.928709694872224144953e-1, -3.337004338674007801307e-2,
      1.560544881127388842819e-3, -2.523137093603234562648e-5]),
    (64.0, [-7.657847078286127362028e-1, 6.886192415566705051750e-1, -2.132598113545206124553e-1,
            3.346107552384193813594e-2, -3.076541477344756050249e-3, 1.747119316454907477380e-4,
            -6.103711682274170530369e-6, 1.218032765428652199087e-7, -1.086076102793290233007e-9],
     [1.0, -1.888802868662308731041e0, 1.066691687211408896850e0, -2.751915982306380647738e-1,
      3.930852688233823569726e-2, -3.414684558602365085394e-3, 1.866844370703555398195e-4,
      -6.345146083130515357861e-6, 1.239754287483206878024e-7, -1.086076102793126632978e-9]),
]

_FRESNEL_SN = [-2.99181919401019853726e3, 7.08840045257738576863e5, -6.29741486205862506537e7,
               2.54890880573376359104e9, -4.42979518059697779103e10, 3.18016297876567817986e11]
_FRESNEL_SD = [1.0, 2.81376268889994315696e2, 4.55847810806532581675e4, 5.17343888770096400730e6,
               4.19320245898111231129e8, 2.24411795645340920940e10, 6.07366389490084639049e11]
_FRESNEL_CN = [-4.98843114573573548651e-8, 9.50428062829859605134e-6, -6.45191435683965050962e-4,
               1.88843319396703850064e-2, -2.05525900955013891793e-1, 9.99999999999999998822e-1]
_FRESNEL_CD = [3.99982968972495980367e-12, 9.15439215774657478799e-10, 1.25001862479598821474e-7,
               1.22262789024179030997e-5, 8.68029542941784300606e-4, 4.12142090722199792936e-2,
               1.00000000000000000118e0]
_FRESNEL_FN = [4.21543555043677546506e-1, 1.43407919780758885261e-1, 1.15220955073585758835e-2,
               3.45017939782574027900e-4, 4.63613749287867322088e-6, 3.05568983790257605827e-8,
               1.02304514164907233465e-10, 1.72010743268161828879e-13, 1.34283276233062758925e-16,
               3.76329711269987889006e-20]
_FRESNEL_FD = [1.0, 7.51586398353378947175e-1, 1.16888925859191382142e-1, 6.44051526508858611005e-3,
               1.55934409164153020873e-4, 1.84627567348930545870e-6, 1.12699224763999035261e-8,
               3.60140029589371370404e-11, 5.88754533621578410010e-14, 4.52001434074129701496e-17,
               1.25443237090011264384e-20]
_FRESNEL_GN = [5.04442073643383265887e-1, 1.97102833525523411709e-1, 1.87648584092575249293e-2,
               6.84079380915393090172e-4, 1.15138826111884280931e-5, 9.82852443688422223854e-8,
               4.45344415861750144738e-10, 1.08268041139020870318e-12, 1.37555460633261799868e-15,
               8.36354435630677421531e-19, 1.86958710162783235106e-22]
_FRESNEL_GD = [1.0, 1.47495759925128324529e0, 3.37748989120019970451e-1, 2.53603741420338795122e-2,
               8.14679107184306179049e-4, 1.27545075667729118702e-5, 1.04314589657571990585e-7,
               4.60680728146520428211e-10, 1.10273215066240270757e-12, 1.38796531259578871258e-15,
               8.39158816283118707363e-19, 1.86958710162783236342e-22]

_SPENCE_A = [4.65128586073990045278e-5, 7.31589045238094711071e-3, 1.33847639578309018650e-1,
             8.79691311754530315341e-1, 2.71149851196553469920e0, 4.25697156008121755724e0,
             3.29771340985225106936e0, 1.00000000000000000126e0]
_SPENCE_B = [6.90990488912553276999e-4, 2.54043763932544379113e-2, 2.82974860602568089943e-1,
             1.41172597751831069617e0, 3.63800533345137075418e0, 5.03278880143316990390e0,
             3.54771340985225096217e0, 9.99999999999999998740e-1]

_EULER = 0.5772156649015329
_PI2O6 = np.pi * np.pi / 6.0


# ------------------------------------------------------------------ float64 kernels (NumPy arrays in and out)
def _polevl(x, coefficients):
    """Cephes' polevl: the polynomial with `coefficients` from the highest degree down (Horner)."""
    out = coefficients[0] * np.ones_like(x)
    for c in coefficients[1:]:
        out = out * x + c
    return out


def _pick(conditions_and_values, default):
    """np.select over (condition, value) pairs in order, `default` elsewhere."""
    return np.select([c for c, _ in conditions_and_values], [v for _, v in conditions_and_values], default)


def dawsn_f64(x):
    y = np.abs(x)
    y2 = y * y
    inv2 = 1.0 / y2
    first = y * _polevl(y2, _DAWSN_AN) / _polevl(y2, _DAWSN_AD)
    second = 0.5 * (inv2 * _polevl(inv2, _DAWSN_BN) / (y * _polevl(inv2, _DAWSN_BD)) + 1.0 / y)
    third = 0.5 * (inv2 * _polevl(inv2, _DAWSN_CN) / (y * _polevl(inv2, _DAWSN_CD)) + 1.0 / y)
    # beyond 1e9 TF takes 0.5 / x and then negates it for x < 0 as well: an odd function made even there
    out = _pick([(y < 3.25, first), (y < 6.25, second), (y < 1.0e9, third)], 0.5 / x)
    return np.where(x < 0, -out, out)


def expint_f64(x, work=np.float64):
    """Ei(x) for x >= 0 (NaN below, as TF); exp(x) is taken in the `work` precision (it overflows where TF's
    does)."""
    small = x * _polevl(x, _EI_A) / _polevl(x, _EI_B) + _EULER + np.log(x)
    w = 1.0 / x
    pieces = []
    for low, numerator, denominator in _EI_ASYMPTOTIC:
        f = w * _polevl(w, numerator) / _polevl(w, denominator) + 1.0
        pieces.append((x >= low, np.exp(x.astype(work)) * (w * f)))
    out = _pick(list(reversed(pieces)), small)
    return np.where(x < 0, np.nan, out)


def _fresnel_asymptotic(y, sine):
    t = 1.0 / (np.pi * y * y)
    u = t * t
    f = 1.0 - u * _polevl(u, _FRESNEL_FN) / _polevl(u, _FRESNEL_FD)
    g = t * _polevl(u, _FRESNEL_GN) / _polevl(u, _FRESNEL_GD)
    z = 0.5 * np.pi * y * y
    c, s = np.cos(z), np.sin(z)
    if sine:
        return 0.5 - (f * c + g * s) / (np.pi * y)
    return 0.5 + (f * s - g * c) / (np.pi * y)


def _fresnel(x, sine):
    y = np.abs(x)
    y2 = y * y
    y4 = y2 * y2
    if sine:
        near = y * y2 * _polevl(y4, _FRESNEL_SN) / _polevl(y4, _FRESNEL_SD)
    else:
        near = y * _polevl(y4, _FRESNEL_CN) / _polevl(y4, _FRESNEL_CD)
    out = np.where(y2 < 2.5625, near, _fresnel_asymptotic(y, sine))
    out = np.where(y > 36974.0, 0.5, out)
    return np.where(x < 0, -out, out)


def fresnel_cos_f64(x):
    return _fresnel(x, sine=False)


def fresnel_sin_f64(x):
    return _fresnel(x, sine=True)


def spence_f64(x):
    """Spence's function, the integral of log(t) / (1 - t) from 1 to x, for x >= 0 (NaN below)."""
    y = np.where(x < 2.0, x, 1.0 / x)
    w = _pick([(y > 1.5, 1.0 / y - 1.0), (y < 0.5, -y)], y - 1.0)
    out = -w * _polevl(w, _SPENCE_A) / _polevl(w, _SPENCE_B)
    z = np.log(y)
    out = np.where(y < 0.5, -z * np.log1p(-y) + _PI2O6 - out, out)
    out = np.where(x > 1.5, -0.5 * z * z - out, out)
    return _pick([(x < 0, np.nan), (x == 0, _PI2O6), (x == 1, 0.0)], out)


# ------------------------------------------------------------------ the ops
_dawsn, dawsn = define_special("Dawsn", "dawsn", dawsn_f64, "Dawson's integral exp(-x^2) int_0^x exp(t^2) dt",
                               half=False)
_expint, expint = define_special("Expint", "expint", expint_f64, "The exponential integral Ei",
                                 takes_work=True, half=False)
_fresnel_cos, fresnel_cos = define_special("FresnelCos", "fresnel_cos", fresnel_cos_f64,
                                           "The Fresnel cosine integral int_0^x cos(pi t^2 / 2) dt", half=False)
_fresnel_sin, fresnel_sin = define_special("FresnelSin", "fresnel_sin", fresnel_sin_f64,
                                           "The Fresnel sine integral int_0^x sin(pi t^2 / 2) dt", half=False)
_spence, spence = define_special("Spence", "spence", spence_f64, "Spence's function int_1^x log(t) / (1 - t) dt",
                                 half=False)

# TF's gradients (math_grad.py)
_dawsn.gradient(lambda op, grad: [grad * (1.0 - 2.0 * op.inputs[0] * op.outputs[0])])
_expint.gradient(lambda op, grad: [grad * unary_ops.exp(op.inputs[0]) / op.inputs[0]])
_fresnel_cos.gradient(lambda op, grad: [grad * unary_ops.cos((np.pi / 2.0) * unary_ops.square(op.inputs[0]))])
_fresnel_sin.gradient(lambda op, grad: [grad * unary_ops.sin((np.pi / 2.0) * unary_ops.square(op.inputs[0]))])


@_spence.gradient
def _spence_grad(op, grad):
    """log(x) / (1 - x), -1 at x = 1 (its limit)."""
    x = op.inputs[0]
    partial = unary_ops.log(x) / (1.0 - x)
    at_one = logic_ops.equal(x, math_ops.cast(1.0, x.dtype))
    return [grad * indexing_ops.where_v2(at_one, -array_ops.ones_like(x), partial)]


__all__ = ["dawsn", "expint", "fresnel_cos", "fresnel_sin", "spence"]
