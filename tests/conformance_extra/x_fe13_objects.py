"""Third-pass variations of the state_variables, queue_ops and ops_control cases on the Python side of
their objects: truth values and iteration of variables, queues of no components, and the number
forms tf.string_to_number reads as C's strtod does."""
from _harness import catch, message_has


def case_variable_truth_and_iteration(tf):
    ref = tf.Variable(False, name="flag")
    res = tf.get_variable("res", [2], use_resource=True)
    return {
        "ref_bool": bool(ref),
        "ref_if": "yes" if ref else "no",
        "resource_bool": catch(bool, res),
        "ref_iter": catch(iter, ref),
        "iter_msg": message_has(lambda: iter(ref), "Iterating over a symbolic `tf.Tensor` is not allowed"),
        "ref_len": catch(len, ref),
        "tensor_bool": catch(bool, ref.value()),
    }


def case_queue_component_counts_at_construction(tf):
    return {
        "fifo_empty": catch(tf.FIFOQueue, 3, []),
        "fifo_msg": message_has(lambda: tf.FIFOQueue(3, []), "'component_types'", "length 0"),
        "padding_empty": catch(tf.PaddingFIFOQueue, 3, [], shapes=[]),
        "shuffle_empty": catch(tf.RandomShuffleQueue, 3, 0, []),
        "shapes_len": catch(tf.FIFOQueue, 3, [tf.int32, tf.int32], shapes=[[]]),
        "names_len": catch(tf.FIFOQueue, 3, [tf.int32], names=["a", "b"]),
        "min_after_gt_capacity": type(tf.RandomShuffleQueue(2, 5, tf.int32)).__name__,
    }


def case_string_to_number_strtod_forms(tf):
    s = tf.placeholder(tf.string, [None])
    sess = tf.Session()
    out = {}
    for dt in (tf.float32, tf.float64):
        conv = tf.string_to_number(s, out_type=dt)
        out[dt.name] = [catch(sess.run, conv, {s: [v]}) for v in
                        ["0x10", "0x1p3", "-0X1.8p1", "infinity", "+inf", ".5", "5.", "1_0", "0b1", "1.5f", "1e",
                         "1d3"]]
        out[dt.name + "_nan_chars"] = str(sess.run(conv, {s: ["nan(123)"]}))
    out["int_hex"] = catch(sess.run, tf.string_to_number(s, out_type=tf.int64), {s: ["0x10"]})
    out["int_underscore"] = catch(sess.run, tf.string_to_number(s, out_type=tf.int32), {s: ["1_0"]})
    return out
