"""AutoGraph's rewrite (tfsess/ops/autograph): which names become state, jump lowering, compiling into the
function's globals and closure, converted_call's choices, to_code, verbosity, unsupported entities."""
import ast
import textwrap

import pytest

import tfsess as tf
from tfsess.ops.autograph import liveness, lowering
from tfsess.ops.autograph.conversion import ConversionError

COUNTER = 10


def _run(tensor, feed=None):
    with tf.Session() as sess:
        return sess.run(tensor, feed)


# ------------------------------------------------------------------ analyses
def _parse(text):
    return ast.parse(textwrap.dedent(text)).body


def test_a_temporary_of_a_loop_body_is_not_loop_state():
    body = _parse("""
        s = 0
        while i < n:
            t = i * 2
            s += t
            i += 1
        print(s)
    """)
    liveness.annotate(body, set())
    loop = body[1]
    modified = liveness.modified(loop.body)
    assert modified == {"t", "s", "i"}
    assert {"s", "i"} <= loop._ag_live_in and "t" not in loop._ag_live_in and "t" not in loop._ag_live_out


def test_an_input_only_name_of_an_if_is_live_in_but_not_out():
    body = _parse("""
        if c:
            s = s + 1
            u = s
        print(u)
    """)
    liveness.annotate(body, set())
    branch = body[0]
    assert "s" in branch._ag_live_in and "s" not in branch._ag_live_out and "u" in branch._ag_live_out


def test_nested_loops_get_their_own_break_flags():
    body = _parse("""
        for i in a:
            for j in b:
                if j:
                    break
            if i:
                break
    """)
    lowered = ast.unparse(ast.Module(lowering.lower_loops(body, lowering._Names()), []))
    assert "break_ = True" in lowered and "break__1 = True" in lowered and "break" not in lowered.replace(
        "break_", "")


def test_a_return_in_one_branch_moves_the_rest_into_the_other():
    body, returns = lowering.collapse_returns(_parse("""
        if c:
            return 1
        x = 2
        return x
    """))
    assert len(body) == 1 and returns is True  # the moved return still ends the block
    assert [type(s).__name__ for s in body[0].orelse] == ["Assign", "Return"]


# ------------------------------------------------------------------ compiled functions
def _closure_reader():
    factor = 2

    def scaled(x):
        if x > 0:
            x = x * factor
        return x

    def set_factor(value):
        nonlocal factor
        factor = value
    return scaled, set_factor


def test_the_converted_function_shares_the_closure_and_globals(g):
    global COUNTER
    scaled, set_factor = _closure_reader()
    converted = tf.autograph.to_graph(scaled)
    assert converted(3) == 6
    set_factor(5)
    assert converted(3) == 15

    def with_global(x):
        while x < COUNTER:
            x += 4
        return x
    step = tf.autograph.to_graph(with_global)
    COUNTER = 20
    assert step(1) == 21
    assert _run(step(tf.constant(1))) == 21


def test_defaults_star_arguments_and_keywords(g):
    def f(a, *rest, scale=2, **named):
        total = a * scale
        for r in rest:
            total += r
        if named.get("neg"):
            total = -total
        return total
    converted = tf.autograph.to_graph(f)
    assert converted(1, 2, 3) == 7 and converted(1, scale=3, neg=True) == -3
    assert _run(converted(tf.constant(1), tf.constant(4))) == 6


def test_undefined_names_after_python_branches_raise_as_python(g):
    def f(flag):
        if flag:
            y = 1
        return y
    converted = tf.autograph.to_graph(f)
    assert converted(True) == 1
    with pytest.raises(UnboundLocalError, match="'y' is used before assignment"):
        converted(False)


def test_a_while_with_break_over_tensors(g):
    def f(n):
        i = tf.constant(0)
        while i < 100:
            if i * i > n:
                break
            i += 1
        return i
    n = tf.placeholder(tf.int32, [])
    out = tf.autograph.to_graph(f)(n)
    with tf.Session() as sess:
        assert [sess.run(out, {n: v}) for v in (0, 10, 50)] == [1, 4, 8]


def test_the_dispatch_test_of_a_while_leaves_no_ops(g):
    def f(n):
        i = 0
        while i < n:
            i += 1
        return i
    n = tf.placeholder(tf.int32, [], name="n")
    out = tf.autograph.to_graph(f)(n)
    names = [op.name for op in g.get_operations()]
    assert len(names) == len(set(names)) and "Less_1" not in names
    assert out.dtype == tf.int32


def test_converted_call_leaves_library_code_and_do_not_convert_alone(g):
    @tf.autograph.experimental.do_not_convert
    def plain(x):
        return x > 0 if isinstance(x, int) else bool(x)

    def caller(x):
        return plain(x), tf.reduce_sum(x)
    with pytest.raises(TypeError):
        tf.autograph.to_graph(caller)(tf.constant(1))
    assert tf.autograph.to_graph(caller)(3)[0] is True


def test_a_tf_function_that_is_do_not_convert_traces_as_written(g):
    def f(x):
        if x > 0:
            return x
        return -x
    with pytest.raises(TypeError):
        tf.function(tf.autograph.experimental.do_not_convert(f))(tf.constant(1))
    assert _run(tf.function(f)(tf.constant(-4))) == 4


def test_tf_function_converts_methods(g):
    class Counter:
        def __init__(self):
            self.step = 3

        @tf.function
        def up_to(self, n):
            i = 0
            while i < n:
                i += self.step
            return i
    assert _run(Counter().up_to(tf.constant(10))) == 12


def test_super_in_a_converted_method(g):
    class Base:
        def value(self, x):
            return x + 1

    class Child(Base):
        def value(self, x):
            if x > 0:
                return super().value(x) * 2
            return x
    child = Child()
    assert tf.autograph.to_graph(child.value)(child, 2) == 6


def test_to_code_shows_the_functional_forms():
    def f(x):
        while x > 0:
            x -= 1
        return x and not x
    code = tf.autograph.to_code(f)
    assert "def tf__f(x):" in code and "ag__.while_stmt(" in code and "ag__.and_(lambda" in code
    assert "ag__.not_(" in code


def test_verbosity_logs_the_converted_code(capsys):
    def f(x):
        return -x if x > 0 else x
    tf.autograph.set_verbosity(2, alsologtostdout=True)
    try:
        tf.autograph.to_graph(f)
    finally:
        tf.autograph.set_verbosity(0)
    out = capsys.readouterr().out
    assert "Converted" in out and "ag__.if_exp(" in out


def test_lambdas_are_converted(g):
    between = tf.autograph.to_graph(lambda v, low=0: v > low and v < 5)
    x = tf.placeholder(tf.int32, [])
    out = between(x)
    assert out.op.type == "Merge" and [_run(out, {x: v}) for v in (-1, 3, 9)] == [False, True, False]
    assert "def tf__lam(v, low=0):" in tf.autograph.to_code(lambda v, low=0: v > low and v < 5)
    assert _run(tf.function(lambda v: v if v > 0 else -v)(tf.constant(-2))) == 2


def test_entities_that_cannot_be_converted():
    with pytest.raises(ConversionError, match="expose a __code__"):
        tf.autograph.to_graph(3)
    twins = [lambda x: x, lambda x: -x]
    with pytest.raises(ConversionError, match="which lambda"):
        tf.autograph.to_graph(twins[0])

    def gen(x):
        yield x
    with pytest.raises(ConversionError, match="generators"):
        tf.autograph.to_graph(gen)
