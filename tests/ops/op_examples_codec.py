"""Op examples: base64, reduce_join, timestamp, and IdentityN (behind tf.custom_gradient)."""
from op_examples import F3, F23, STRS, Built, builder, plain

EXAMPLES = {}

EXAMPLES["EncodeBase64"] = plain(lambda tf, s: tf.encode_base64(s, pad=True), STRS)
EXAMPLES["DecodeBase64"] = plain(lambda tf, s: tf.decode_base64(tf.encode_base64(s)), STRS)
EXAMPLES["ReduceJoin"] = plain(lambda tf, s: tf.reduce_join(s, 0, separator="|"), STRS)
EXAMPLES["Timestamp"] = builder(lambda tf, tmp: Built(fetch=[tf.timestamp()]))


def _identity_n(tf, tmp):
    @tf.custom_gradient
    def scaled(x, y):
        return x * y, lambda dy: (dy * y, tf.reduce_sum(dy * x, 0))
    x, y = tf.constant(F23), tf.constant(F3)
    out = scaled(x, y)
    tf.gradients(out, [x, y])  # the gradient goes through grad_fn
    return Built(fetch=[out])


EXAMPLES["IdentityN"] = builder(_identity_n)
