"""Examples of the ops of tf.experimental.Optional.from_value / empty, of the CheckNumericsV2 op that
tf.debugging.enable_check_numerics inserts, and of tf.user_ops.my_fact and tf.check_pinned."""
from op_examples import F23, Built, builder, infer_only, op, plain

EXAMPLES = {
    "OptionalFromValue": builder(lambda tf, tmp: Built(fetch=[
        tf.experimental.Optional.from_value((tf.constant([1.0, 2.0]), tf.constant(3)))._variant_tensor])),
    "OptionalNone": builder(lambda tf, tmp: Built(fetch=[
        tf.experimental.Optional.empty(tf.TensorSpec([2], tf.float32))._variant_tensor])),
    "CheckNumericsV2": plain(lambda tf, x: op("CheckNumericsV2", [x], {"message": "finite"}).outputs[0], F23),
}
EXAMPLES["Fact"] = builder(lambda tf, tmp: Built(fetch=[tf.user_ops.my_fact()]))
EXAMPLES["CheckPinned"] = infer_only(lambda tf, tmp: tf.check_pinned(tf.constant([1.0, 2.0])),
                                     "fails every run: tfsess never pins host memory for a GPU")
