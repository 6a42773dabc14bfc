"""Op examples: ShapeN (tf.shape_n as one op)."""
from op_examples import F3, F23, plain

EXAMPLES = {}

EXAMPLES["ShapeN"] = plain(lambda tf, x, y: tf.shape_n([x, y, x], out_type=tf.int64), F23, F3)
