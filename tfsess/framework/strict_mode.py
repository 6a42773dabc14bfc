"""tf.experimental.enable_strict_mode: after it, a deprecated call raises instead of warning, as TF's
deprecation logger does in strict mode."""
from __future__ import annotations

import logging

STRICT_MODE = False


def enable_strict_mode() -> None:
    """Makes every later deprecated call raise RuntimeError instead of logging a warning
    (tf.experimental.enable_strict_mode). There is no way back, as in TF."""
    global STRICT_MODE
    STRICT_MODE = True


def log_deprecation(message: str) -> None:
    """Logs `message` as TF's deprecation warning; in strict mode logs it as an error and raises RuntimeError."""
    logger = logging.getLogger("tensorflow")
    if STRICT_MODE:
        logger.error(message)
        raise RuntimeError("This behavior has been deprecated, which raises an error in strict mode.")
    logger.warning(message)


__all__ = ["enable_strict_mode"]
