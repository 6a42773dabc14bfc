"""Op examples: Bucketize, behind tf.feature_column.bucketized_column."""
import numpy as np

from op_examples import op, plain

EXAMPLES = {
    "Bucketize": plain(lambda tf, x: op("Bucketize", [x], {"boundaries": [-1.0, 0.5, 2.0]}),
                       np.array([[-3.0, -1.0, 0.0], [0.5, 1.9, 2.0]], np.float32)),
}
