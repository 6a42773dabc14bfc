"""Op examples: the mutex behind tf.CriticalSection (MutexV2, MutexLock, ConsumeMutexLock)."""
from op_examples import Built, builder, op

EXAMPLES = {}


def _mutex(tf):
    return op("MutexV2", [], {"container": "", "shared_name": "m"}).outputs[0]


def _lock(tf):
    return op("MutexLock", [_mutex(tf)]).outputs[0]


def _consume(tf, tmp):
    return op("ConsumeMutexLock", [_lock(tf)])


EXAMPLES["MutexV2"] = builder(lambda tf, tmp: Built(fetch=[_mutex(tf)]))
EXAMPLES["MutexLock"] = builder(lambda tf, tmp: Built(fetch=[_lock(tf)]))
EXAMPLES["ConsumeMutexLock"] = builder(_consume)
