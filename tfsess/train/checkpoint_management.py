"""The `checkpoint` state file of a checkpoint directory, finding checkpoints, and max_to_keep.

TF's checkpoint_management: the CheckpointState the Saver records after each save (its text format
is described in checkpoint_format), latest_checkpoint / get_checkpoint_state, deleting old
checkpoints, and the load_checkpoint family that accepts a directory as well as a prefix.
"""
from __future__ import annotations

import glob
import os
import re
import time

from tfsess.train.checkpoint_format import CheckpointReader, _atomic_write, _remove, _v1_files, index_filename


# ------------------------------------------------------------------ the `checkpoint` state file
class CheckpointState:
    """The contents of a directory's `checkpoint` file (TF's CheckpointState proto)."""

    def __init__(self, model_checkpoint_path="", all_model_checkpoint_paths=None,
                 all_model_checkpoint_timestamps=None, last_preserved_timestamp=0.0):
        self.model_checkpoint_path = model_checkpoint_path
        self.all_model_checkpoint_paths = list(all_model_checkpoint_paths or [])
        self.all_model_checkpoint_timestamps = list(all_model_checkpoint_timestamps or [])
        self.last_preserved_timestamp = last_preserved_timestamp

    def __str__(self):
        lines = []
        if self.model_checkpoint_path:
            lines.append(f"model_checkpoint_path: {_quote(self.model_checkpoint_path)}")
        lines += [f"all_model_checkpoint_paths: {_quote(p)}" for p in self.all_model_checkpoint_paths]
        lines += [f"all_model_checkpoint_timestamps: {t!r}" for t in self.all_model_checkpoint_timestamps]
        if self.last_preserved_timestamp:
            lines.append(f"last_preserved_timestamp: {self.last_preserved_timestamp!r}")
        return "".join(line + "\n" for line in lines)

    def __repr__(self):
        return str(self)

    def __eq__(self, other):
        return isinstance(other, CheckpointState) and str(self) == str(other)


_ESCAPES = {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", ord('"'): '\\"', ord("'"): "\\'",
            ord("\\"): "\\\\"}


def _quote(text):
    """A string in protobuf text format: C escapes, non-ASCII bytes as octal."""
    out = []
    for b in text.encode("utf-8"):
        out.append(_ESCAPES.get(b) or (chr(b) if 0x20 <= b < 0x7f else f"\\{b:03o}"))
    return '"' + "".join(out) + '"'


_UNESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))", re.S)
_SIMPLE = {"n": b"\n", "r": b"\r", "t": b"\t", '"': b'"', "'": b"'", "\\": b"\\", "a": b"\a", "b": b"\b",
           "f": b"\f", "v": b"\v", "?": b"?"}


def _unquote(token):
    if len(token) < 2 or token[0] not in "\"'" or token[-1] != token[0]:
        raise ValueError(f"expected a quoted string, got {token!r}")
    body = token[1:-1].encode("utf-8")

    def sub(m):
        if m.group(1):
            return bytes([int(m.group(1), 8) & 0xFF])
        if m.group(2):
            return bytes([int(m.group(2), 16)])
        return _SIMPLE.get(m.group(3).decode("latin-1"), m.group(0))
    return re.sub(_UNESCAPE.pattern.encode(), sub, body, flags=re.S).decode("utf-8")


def parse_checkpoint_state(text):
    """A CheckpointState from protobuf text; raises ValueError on anything else."""
    state = CheckpointState()
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        field, sep, value = line.partition(":")
        field, value = field.strip(), value.strip()
        if not sep:
            raise ValueError(f"cannot parse {line!r}")
        if field == "model_checkpoint_path":
            state.model_checkpoint_path = _unquote(value)
        elif field == "all_model_checkpoint_paths":
            state.all_model_checkpoint_paths.append(_unquote(value))
        elif field == "all_model_checkpoint_timestamps":
            state.all_model_checkpoint_timestamps.append(float(value))
        elif field == "last_preserved_timestamp":
            state.last_preserved_timestamp = float(value)
        else:
            raise ValueError(f"unknown field {field!r}")
    return state


def _checkpoint_filename(save_dir, latest_filename):
    return os.path.join(save_dir, latest_filename or "checkpoint")


def generate_checkpoint_state_proto(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                                    all_model_checkpoint_timestamps=None, last_preserved_timestamp=None):
    """The CheckpointState for these paths; relative paths are made relative to a relative save_dir."""
    paths = list(all_model_checkpoint_paths or [])
    if not paths or paths[-1] != model_checkpoint_path:
        paths.append(model_checkpoint_path)
    if all_model_checkpoint_timestamps and len(all_model_checkpoint_timestamps) != len(paths):
        raise ValueError(f"Checkpoint timestamps, if provided, must match checkpoint paths (got paths {paths} "
                         f"and timestamps {all_model_checkpoint_timestamps})")
    if not os.path.isabs(save_dir):
        if not os.path.isabs(model_checkpoint_path):
            model_checkpoint_path = os.path.relpath(model_checkpoint_path, save_dir)
        paths = [p if os.path.isabs(p) else os.path.relpath(p, save_dir) for p in paths]
    return CheckpointState(model_checkpoint_path, paths, all_model_checkpoint_timestamps,
                           last_preserved_timestamp or 0.0)


def _update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                             latest_filename=None, save_relative_paths=False, all_model_checkpoint_timestamps=None,
                             last_preserved_timestamp=None, atomic_write=None):
    filename = _checkpoint_filename(save_dir, latest_filename)
    paths = list(all_model_checkpoint_paths or [])
    if save_relative_paths:
        model_checkpoint_path = os.path.relpath(model_checkpoint_path, save_dir) \
            if os.path.isabs(model_checkpoint_path) else model_checkpoint_path
        paths = [os.path.relpath(p, save_dir) if os.path.isabs(p) else p for p in paths]
    state = generate_checkpoint_state_proto(save_dir, model_checkpoint_path, paths,
                                            all_model_checkpoint_timestamps, last_preserved_timestamp)
    if filename == state.model_checkpoint_path:
        raise RuntimeError(f"Save path '{model_checkpoint_path}' conflicts with path used for checkpoint state.  "
                           f"Please use a different save path.")
    (atomic_write or _atomic_write)(filename, [str(state).encode("utf-8")])


def update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None, latest_filename=None,
                            all_model_checkpoint_timestamps=None, last_preserved_timestamp=None):
    """Writes the directory's `checkpoint` state file atomically (tf.train.update_checkpoint_state)."""
    _update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths, latest_filename,
                             False, all_model_checkpoint_timestamps, last_preserved_timestamp)


def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    """The CheckpointState of `checkpoint_dir`, with paths made absolute-or-joined; None if absent.

    Raises:
        ValueError: the state file names no model_checkpoint_path.
    """
    checkpoint_dir = os.fspath(checkpoint_dir)
    filename = _checkpoint_filename(checkpoint_dir, latest_filename)
    if not os.path.isfile(filename):
        return None
    try:
        with open(filename, encoding="utf-8") as f:
            state = parse_checkpoint_state(f.read())
    except (OSError, ValueError, UnicodeDecodeError):
        return None  # TF logs the parse error and ignores the file
    if not state.model_checkpoint_path:
        raise ValueError("Invalid checkpoint state loaded from " + checkpoint_dir)
    if not os.path.isabs(state.model_checkpoint_path):
        state.model_checkpoint_path = os.path.join(checkpoint_dir, state.model_checkpoint_path)
    state.all_model_checkpoint_paths = [p if os.path.isabs(p) else os.path.join(checkpoint_dir, p)
                                        for p in state.all_model_checkpoint_paths]
    return state


def checkpoint_exists(checkpoint_prefix):
    """Whether a checkpoint (its index file, or a file at the prefix itself) exists."""
    prefix = os.fspath(checkpoint_prefix)
    return bool(glob.glob(index_filename(prefix)) or glob.glob(prefix))


def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The prefix of the newest checkpoint recorded in `checkpoint_dir`, or None (tf.train.latest_checkpoint)."""
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state and state.model_checkpoint_path:
        path = state.model_checkpoint_path
        if glob.glob(index_filename(path)) or glob.glob(path):
            return path
    return None


def get_checkpoint_mtimes(checkpoint_prefixes):
    """The modification times (seconds) of the checkpoints that exist among `checkpoint_prefixes`."""
    mtimes = []
    for prefix in checkpoint_prefixes:
        for pattern in (index_filename(prefix), prefix):
            found = glob.glob(pattern)
            if found:
                mtimes.append(os.stat(found[0]).st_mtime_ns / 1e9)
                break
    return mtimes


def meta_graph_filename(checkpoint_filename, meta_graph_suffix="meta"):
    """`ckpt-123.meta` for `ckpt-123` (shard suffixes dropped)."""
    base = re.sub(r"-[\d\?]+-of-\d+$", "", checkpoint_filename)
    return ".".join([base, meta_graph_suffix])


def remove_checkpoint(checkpoint_prefix, checkpoint_format_version=2, meta_graph_suffix="meta"):
    """Deletes a checkpoint's files (index, data shards, meta graph; a V1 checkpoint's file at the prefix)."""
    if checkpoint_format_version == 1 or _v1_files(checkpoint_prefix) == [checkpoint_prefix]:
        _remove(checkpoint_prefix)
    prefix = glob.escape(checkpoint_prefix)
    patterns = [index_filename(prefix), prefix + ".data-?????-of-?????", prefix + ".data-?????-of-?????.gen-*",
                meta_graph_filename(prefix, meta_graph_suffix)]
    for pattern in patterns:
        for path in glob.glob(pattern):
            _remove(path)


# ------------------------------------------------------------------ max_to_keep bookkeeping
class _RecentCheckpoints:
    """The checkpoints a Saver wrote and has not deleted yet, `kept` as [(path, saved_at)], oldest first.

    Past the newest `max_to_keep` (None or 0: keep all and record none) the oldest is deleted,
    except one per `keep_checkpoint_every_n_hours`.
    """

    def __init__(self, max_to_keep, keep_checkpoint_every_n_hours):
        self.max_to_keep = max_to_keep
        self.keep_hours = keep_checkpoint_every_n_hours
        self.kept = []
        self._to_delete = []
        self._next_checkpoint_time = time.time() + keep_checkpoint_every_n_hours * 3600

    def record(self, path):
        """Notes the checkpoint just saved at `path`; the oldest past max_to_keep is queued for deletion."""
        if not self.max_to_keep:
            return
        self.kept = [p for p in self.kept if p[0] != path]
        self.kept.append((path, time.time()))
        if len(self.kept) > self.max_to_keep:
            self._to_delete.append(self.kept.pop(0))

    def delete_oldest(self, meta_graph_suffix="meta"):
        """Deletes the first checkpoint queued, unless it is the one kept for its period of hours."""
        if self._to_delete:
            path, saved_at = self._to_delete.pop(0)
            if saved_at > self._next_checkpoint_time:  # keep one per keep_checkpoint_every_n_hours
                self._next_checkpoint_time += self.keep_hours * 3600
                return
            remove_checkpoint(path, meta_graph_suffix=meta_graph_suffix)


# ------------------------------------------------------------------ reading a checkpoint by directory or prefix
def _checkpoint_path(ckpt_dir_or_file):
    path = os.fspath(ckpt_dir_or_file)
    if os.path.isdir(path):
        found = latest_checkpoint(path)
        if found is None:
            raise ValueError(f"Couldn't find 'checkpoint' file or checkpoints in given directory {path}")
        return found
    return path


def load_checkpoint(ckpt_dir_or_file):
    """A CheckpointReader for a checkpoint prefix or the latest one in a directory."""
    return CheckpointReader(_checkpoint_path(ckpt_dir_or_file))


def list_variables(ckpt_dir_or_file):
    """[(name, shape)] of the tensors in a checkpoint, sorted by name."""
    reader = load_checkpoint(ckpt_dir_or_file)
    return sorted(reader.get_variable_to_shape_map().items())


def load_variable(ckpt_dir_or_file, name):
    """The value of the tensor `name` in a checkpoint (a trailing ':0' is ignored)."""
    if name.endswith(":0"):
        name = name[:-2]
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name)


__all__ = [
    "CheckpointState",
    "checkpoint_exists",
    "generate_checkpoint_state_proto",
    "get_checkpoint_mtimes",
    "get_checkpoint_state",
    "latest_checkpoint",
    "list_variables",
    "load_checkpoint",
    "load_variable",
    "remove_checkpoint",
    "update_checkpoint_state",
]
