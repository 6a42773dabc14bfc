"""Round 14 variations of data_sources.py's from_generator cases: partially known shapes and
arguments, and which yielded Python/NumPy values convert to the declared dtype (a Python int is no bool)."""
import numpy as np

from _casekit import drain, drain_or_error
from _harness import catch, message_has


def case_generator_shapes_and_args(tf):
    def gen(n):
        for i in range(int(n)):
            yield np.full((i + 1, 2), i, np.float32)
    part = tf.data.Dataset.from_generator(gen, tf.float32, tf.TensorShape([None, 2]), args=(3,))
    wrong = tf.data.Dataset.from_generator(gen, tf.float32, tf.TensorShape([None, 3]), args=(2,))
    rank = tf.data.Dataset.from_generator(gen, tf.float32, tf.TensorShape([None]), args=(2,))
    return {"part": drain(tf, part),
            "wrong": message_has(lambda: drain(tf, wrong), "`generator` yielded an element of shape",
                                 "where an element of shape (None, 3) was expected"),
            "rank": drain_or_error(tf, rank), "spec": str(part.element_spec),
            "args_list": catch(tf.data.Dataset.from_generator, gen, tf.float32, args=[3]),
            "args_bad": drain_or_error(tf, tf.data.Dataset.from_generator(gen, tf.float32, args=("x",)))}


def case_generator_dtype_conversions(tf):
    def ints():
        yield 1
        yield 2 ** 40

    def floats():
        yield 1.5

    def bools():
        yield [True, False]

    def numpy_ints():
        yield np.int64(1)
        yield np.array([0, 2], np.int32)
    sess = tf.Session()
    out = {}
    for key, gen, dt in (("int32_big", ints, tf.int32), ("float_to_int", floats, tf.int64),
                         ("int_to_bool", ints, tf.bool), ("numpy_to_bool", numpy_ints, tf.bool),
                         ("bool_to_int", bools, tf.int32), ("float16", floats, tf.float16), ("str", floats, tf.string)):
        nxt = tf.data.make_one_shot_iterator(tf.data.Dataset.from_generator(gen, dt)).get_next()
        vals = []
        for _ in range(3):
            try:
                vals.append(sess.run(nxt))
            except tf.errors.OutOfRangeError:
                vals.append("end")
                break
            except tf.errors.OpError as exc:
                vals.append(type(exc).__name__)
        out[key] = vals
    return out
