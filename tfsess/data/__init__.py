"""The tf.data namespace: datasets, their iterators and file readers."""
from tfsess.data.dataset_ops import *  # noqa: F401,F403
from tfsess.data.iterator_ops import *  # noqa: F401,F403
from tfsess.data.readers import *  # noqa: F401,F403
from tfsess.data.options import *  # noqa: F401,F403
from tfsess.data import experimental  # noqa: F401
from tfsess.data.experimental import INFINITE_CARDINALITY, UNKNOWN_CARDINALITY  # noqa: F401
from tfsess.data.structure import DatasetSpec  # noqa: F401,E402 - tf.data.DatasetSpec
from tfsess.data.variant_datasets import NumpyIterator  # noqa: F401,E402 - tf.data.NumpyIterator
