"""The tf.feature_column namespace (tensorflow.compat.v1.feature_column)."""
from tfsess.ops.feature_column.categorical_columns import *  # noqa: F401,F403
from tfsess.ops.feature_column.dense_columns import *  # noqa: F401,F403
from tfsess.ops.feature_column.feature_layers import *  # noqa: F401,F403
from tfsess.ops.feature_column.numeric_columns import *  # noqa: F401,F403
from tfsess.ops.feature_column.sequence_columns import *  # noqa: F401,F403
