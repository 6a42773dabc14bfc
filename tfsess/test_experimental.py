"""The tf.test.experimental namespace: sync_devices, which TF allows only eagerly."""


def sync_devices():
    """Would wait for every device's pending work (tf.test.experimental.sync_devices); a session's run already
    returns only when its work is done, and TF refuses the call in graph mode, as tfsess does.

    Raises:
        RuntimeError: always (graph mode).
    """
    raise RuntimeError("sync_devices() must only be called in Eager mode, outside tf.functions")


__all__ = ["sync_devices"]
