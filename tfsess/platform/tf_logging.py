"""tf.logging: TF1's logging functions over Python's "tensorflow" logger."""
from __future__ import annotations

import logging as _logging
import sys
import threading

DEBUG = _logging.DEBUG
INFO = _logging.INFO
WARN = _logging.WARN
ERROR = _logging.ERROR
FATAL = _logging.FATAL

_logger = None
_logger_lock = threading.Lock()
_log_counts: dict = {}


def get_logger():
    """The "tensorflow" logger, given a stderr handler on first use (TF's format: `LEVEL:tensorflow:msg`)."""
    global _logger
    with _logger_lock:
        if _logger is None:
            logger = _logging.getLogger("tensorflow")
            if not _logging.getLogger().handlers and not logger.handlers:
                handler = _logging.StreamHandler(sys.stderr)
                handler.setFormatter(_logging.Formatter(_logging.BASIC_FORMAT, None))
                logger.addHandler(handler)
            if logger.level == _logging.NOTSET:
                logger.setLevel(WARN)
            _logger = logger
    return _logger


def log(level, msg, *args, **kwargs):
    """Logs `msg % args` at `level`."""
    get_logger().log(level, msg, *args, **kwargs)


def debug(msg, *args, **kwargs):
    """Logs at DEBUG."""
    get_logger().debug(msg, *args, **kwargs)


def info(msg, *args, **kwargs):
    """Logs at INFO."""
    get_logger().info(msg, *args, **kwargs)


def warning(msg, *args, **kwargs):
    """Logs at WARN."""
    get_logger().warning(msg, *args, **kwargs)


warn = warning


def error(msg, *args, **kwargs):
    """Logs at ERROR."""
    get_logger().error(msg, *args, **kwargs)


def fatal(msg, *args, **kwargs):
    """Logs at FATAL (it does not exit, as in TF's Python logging)."""
    get_logger().fatal(msg, *args, **kwargs)


def vlog(level, msg, *args, **kwargs):
    """Logs at a numeric level."""
    get_logger().log(level, msg, *args, **kwargs)


def flush():
    """tf.logging.flush: TF 2.21 leaves it unimplemented and raises NotImplementedError; so does tfsess."""
    raise NotImplementedError("tf.logging.flush is not implemented in TensorFlow 2.21")


def _caller_key():
    frame = sys._getframe(3)  # log_every_n/log_first_n -> _count -> here: the user's call site
    return frame.f_code.co_filename, frame.f_lineno


def _count():
    key = _caller_key()
    _log_counts[key] = _log_counts.get(key, 0) + 1
    return _log_counts[key] - 1


def log_every_n(level, msg, n, *args):
    """Logs on the 1st, (n+1)th, (2n+1)th ... call from the same place."""
    if _count() % max(int(n), 1) == 0:
        log(level, msg, *args)


def log_first_n(level, msg, n, *args):
    """Logs only the first `n` calls from the same place."""
    if _count() < n:
        log(level, msg, *args)


def log_if(level, msg, condition, *args):
    """Logs when `condition` holds."""
    if condition:
        log(level, msg, *args)


def get_verbosity():
    """The logger's effective level (an int such as INFO == 20)."""
    return get_logger().getEffectiveLevel()


def set_verbosity(v):
    """Sets the threshold below which messages are dropped."""
    get_logger().setLevel(v)


def TaskLevelStatusMessage(msg):  # noqa: N802 - TF's name
    """Logs a task status message at ERROR, as TF does."""
    error(msg)


__all__ = ["DEBUG", "ERROR", "FATAL", "INFO", "TaskLevelStatusMessage", "WARN", "debug", "error", "fatal",
           "flush", "get_logger", "get_verbosity", "info", "log", "log_every_n", "log_first_n", "log_if",
           "set_verbosity", "vlog", "warn", "warning"]
