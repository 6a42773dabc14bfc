"""How a variable is synchronized and aggregated (tf.VariableSynchronization, tf.VariableAggregation), and
the defaults TF fills in for them and for `trainable`."""
import enum


class VariableSynchronization(enum.Enum):
    """When a distributed variable is synchronized (tf.VariableSynchronization)."""

    AUTO = 0
    NONE = 1
    ON_WRITE = 2
    ON_READ = 3


class VariableAggregation(enum.Enum):
    """How a distributed variable's updates are aggregated (tf.VariableAggregation)."""

    NONE = 0
    SUM = 1
    MEAN = 2
    ONLY_FIRST_REPLICA = 3
    ONLY_FIRST_TOWER = 3  # TF1's name


def sync_defaults(synchronization, aggregation, trainable):
    """The arguments as TF fills them in before any getter sees them: AUTO, NONE, and trainable unless ON_READ."""
    synchronization = VariableSynchronization.AUTO if synchronization is None else synchronization
    aggregation = VariableAggregation.NONE if aggregation is None else aggregation
    if trainable is None:
        trainable = synchronization != VariableSynchronization.ON_READ
    return synchronization, aggregation, trainable


def _validate_trainable(synchronization, aggregation, trainable, name):
    synchronization, aggregation, trainable = sync_defaults(synchronization, aggregation, trainable)
    if not isinstance(synchronization, VariableSynchronization):
        raise ValueError(f"Invalid variable synchronization mode: {synchronization} for variable: {name}")
    if not isinstance(aggregation, VariableAggregation):
        raise ValueError(f"Invalid variable aggregation mode: {aggregation} for variable: {name}")
    return synchronization, aggregation, bool(trainable)
