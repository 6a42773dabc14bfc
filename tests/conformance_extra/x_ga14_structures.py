"""Round 14 variations of data_transforms.py and data_iterators.py: what map functions may return (operations,
None, empty structures, lists, Python and NumPy values), namedtuple elements through filter/flat_map
and padded_batch (whose padded_shapes/padding_values must be namedtuples of their kind), and
make_initializer's errors (checked inside its name scope, as TF's)."""
import collections

import numpy as np

from _casekit import drain, drain_or_error
from _harness import catch, message_has

P = collections.namedtuple("P", ["a", "b"])


def case_map_returns_odd_things(tf):
    ds = tf.data.Dataset.range(3)
    out = {}
    for key, fn in {"op": lambda x: tf.no_op(), "dict_none": lambda x: {"a": None},
                    "empty_tuple": lambda x: (), "empty_dict": lambda x: {}, "nested_list": lambda x: [[x, x], [x, x]],
                    "list_mixed": lambda x: [x, tf.cast(x, tf.float32)], "str": lambda x: "const",
                    "np_obj": lambda x: np.array(["a", "b"]), "bytes": lambda x: b"b"}.items():
        r = catch(ds.map, fn)
        out[key] = r if isinstance(r, dict) else {"spec": str(r.element_spec), "v": drain_or_error(tf, r.take(1))}
    out["empty_message"] = message_has(lambda: ds.map(lambda x: ()), "Attr 'output_types' of 'MapDataset' Op passed "
                                       "list of length 0 less than minimum 1.")
    return out


def case_filter_and_flat_map_with_dict_and_namedtuple_args(tf):
    ds = tf.data.Dataset.range(4).map(lambda x: P(x, x * 2))
    return {"filter": drain(tf, ds.filter(lambda p: p.b > 2)), "filter_two": drain(tf, ds.filter(lambda a, b: a > 1)),
            "flat": drain(tf, ds.flat_map(lambda a, b: tf.data.Dataset.from_tensors(a + b))),
            "cls": type(tf.data.make_one_shot_iterator(ds).get_next()).__name__}


def case_batch_of_namedtuple_and_padded(tf):
    ds = tf.data.Dataset.range(1, 4).map(lambda x: P(tf.range(x), x))
    pb = ds.padded_batch(2, padded_shapes=P([None], []),
                         padding_values=P(tf.constant(-1, tf.int64), tf.constant(0, tf.int64)))
    other_p = collections.namedtuple("P", ["a", "b"])  # same name and fields, another class: refused
    return {"spec": str(pb.element_spec), "vals": drain(tf, pb), "cls": type(drain(tf, pb)[0]).__name__,
            "plain_tuple_shapes": message_has(lambda: ds.padded_batch(2, padded_shapes=([None], [])),
                                              "don't have the same sequence type", "'tuple'", "'P'"),
            "plain_tuple_values": message_has(lambda: ds.padded_batch(2, padded_shapes=P([None], []), padding_values=(
                np.int64(0), np.int64(0))), "don't have the same sequence type"),
            "same_kind": message_has(lambda: ds.padded_batch(3, padded_shapes=other_p([4], [])), "type 'P'")}


def case_make_initializer_errors_and_scope_names(tf):
    it = tf.data.Iterator.from_structure((tf.int64, {"s": tf.string}), (tf.TensorShape([]), {"s": tf.TensorShape([])}))
    good = tf.data.Dataset.range(3).map(lambda x: (x, {"s": tf.as_string(x)}))
    errors = {"list": catch(it.make_initializer, [1, 2]), "none": catch(it.make_initializer, None),
              "flat": catch(it.make_initializer, tf.data.Dataset.range(2)),
              "dtype": catch(it.make_initializer, good.map(lambda x, d: (tf.cast(x, tf.int32), d))),
              "shape": catch(it.make_initializer, good.batch(2))}
    init = it.make_initializer(good)
    named = it.make_initializer(good, name="restart")
    sess = tf.Session()
    sess.run(named)
    return {"errors": errors, "names": [init.name, named.name], "first": sess.run(it.get_next()),
            "none_types": catch(tf.data.Iterator.from_structure, None),
            "none_inside": catch(tf.data.Iterator.from_structure, (tf.int64, None))}
