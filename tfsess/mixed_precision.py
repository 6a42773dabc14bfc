"""The tf.mixed_precision namespace of TF1 (loss scales and the loss-scale optimizer), with its
`experimental` sub-namespace holding the loss scales again."""
import types

from tfsess.train.loss_scale import *  # noqa: F401,F403
from tfsess.train.loss_scale import DynamicLossScale, FixedLossScale, LossScale

experimental = types.SimpleNamespace(DynamicLossScale=DynamicLossScale, FixedLossScale=FixedLossScale,
                                     LossScale=LossScale)
