"""Placement: which device runs each op, by TF's rules (tensorflow/core/common_runtime/placer.cc).

- An op runs on the device its `op.device` spec names (any form: `/gpu:0`, `/device:GPU:0`,
  `/job:localhost/replica:0/task:0/device:CPU:0`); an unset field matches any device, and an op
  with no spec goes to the first device by TF's preference (GPUs before CPUs).
- Colocation groups are placed together: the `_class` attr (`loc:@name`, from
  `colocate_with`, e.g. a variable's `read` snapshot) and ref edges (Assign and friends to
  their variable).
- Ops with no GPU kernel (`OpDef.gpu=False`) or string tensors run on the CPU.
- TF's heuristics: a generator (no inputs, one non-ref output) joins its consumers' device when
  they agree; a metadata op (Shape, Size, Rank, ShapeN) joins its input's.
- A device that does not exist is an InvalidArgumentError naming the op, unless
  `allow_soft_placement`: then the first device of the requested type, else the CPU.
- The placement of an op never changes once made (a growing graph keeps earlier placements).
- A Session places its whole graph (any bad op fails every run); with
  `graph_options.place_pruned_graph` (what InteractiveSession sets) only the ops a run needs.
"""
from __future__ import annotations

import sys
import threading
from typing import NamedTuple, Optional

from tfsess.framework import dtypes, errors
from tfsess.framework.device_spec import DeviceSpecV2
from tfsess.runtime.colocation import ColocationGroups, merged_group_spec, parse_device

_METADATA_OPS = frozenset({"Shape", "ShapeN", "Size", "Rank"})
_DEVICE_PRIORITY = {"GPU": 0, "CPU": 1}
_LOCAL = (("job", "localhost"), ("replica", 0), ("task", 0))


class Placement(NamedTuple):
    """Where one op runs, what it asked for, and whether placement had to fall back."""

    device: object
    requested: str
    soft: bool


class Placer:
    """Places the ops of one graph on a session's devices; call it with an op to get its device.

    Attributes:
        host: the CPU device where feeds live (the executor copies from it).
    """

    def __init__(self, devices, host, *, allow_soft_placement=False, log_device_placement=False,
                 place_pruned_graph=False, cuda_enabled=False, stream=None):
        self.host = host
        self.devices = sorted(devices, key=lambda d: (_DEVICE_PRIORITY.get(d.device_type, 9), d.index))
        self._cpus = [d for d in self.devices if d.device_type == "CPU"]
        self._has_gpus = len(self._cpus) < len(self.devices)
        self.allow_soft = bool(allow_soft_placement)
        self.log = bool(log_device_placement)
        self.pruned = bool(place_pruned_graph)
        self.cuda_enabled = cuda_enabled
        self._stream = stream
        self._lock = threading.RLock()
        self._graph = None
        self._seen = 0
        self._groups = ColocationGroups()
        self._placed = {}
        self._errors = {}
        self._announced = set()
        self.records = []

    # -------------------------------------------------------------- public
    def update(self, graph) -> Optional[errors.InvalidArgumentError]:
        """Places the ops added to `graph` since the last call; the first failure, if any."""
        with self._lock:
            if self._graph is None:
                self._graph = graph
            ops = graph._ops[self._seen:]
            if not ops:
                return next(iter(self._errors.values()), None)
            self._seen += len(ops)
            for op in ops:
                self._groups.add(op)
            first, second = [], []
            for op in ops:
                (second if _is_generator(op) else first).append(op)
            for op in first + second:  # TF places generators last, next to their consumers
                self._place(op)
            return next(iter(self._errors.values()), None)

    def __call__(self, op):
        placement = self._placed.get(op)
        if placement is None or op not in self._announced:
            with self._lock:
                if op not in self._placed and op not in self._errors:
                    self.update(op.graph)
                error = self._errors.get(op)
                if error is not None:
                    raise fresh_error(error)
                placement = self._placed[op]
                self._announce(op, placement)
        return placement.device

    def placement_info(self) -> list:
        """One dict per op placed so far (in the order they were placed)."""
        with self._lock:
            return list(self.records)

    # -------------------------------------------------------------- choosing a device
    def _place(self, op):
        check = op._opdef.graph_error
        message = check(op) if check is not None else None
        if message:  # TF's placer refuses the whole graph: every run fails with it
            self._errors[op] = errors.InvalidArgumentError(None, op, message)
            return
        try:
            device, soft = self._choose(op)
        except errors.InvalidArgumentError as exc:
            self._errors[op] = exc
            return
        placement = Placement(device, op.device, soft)
        self._placed[op] = placement
        self._groups.assign(op.name, device)
        if not self.pruned:
            self._announce(op, placement)

    def _choose(self, op):
        placed = self._groups.assigned(op.name)
        if placed is not None:
            return self._join_placed_group(op, placed)
        members = self._groups.members(op.name)
        if not op.device and len(members) == 1:  # the common case: no request, no colocation
            candidates = self._cpus if self._has_gpus and _needs_host(op) else self.devices
            return self._heuristic(op, candidates) or candidates[0], False
        spec = self._group_spec(op, members)
        host_only = self._has_gpus and any(_needs_host(m) for m in members)
        if not _is_local(spec):
            matching = []
        else:
            matching = [d for d in self.devices if _matches(spec, d)]
        supported = [d for d in matching if not host_only or d.device_type == "CPU"]
        if supported:
            return self._heuristic(op, supported) or supported[0], False
        if matching and (self.allow_soft or all(m._opdef.gpu for m in members)):
            # the device exists but has no kernel for this op; string tensors live in host
            # memory (as in TF) without soft placement, ops with no GPU kernel need it
            return self._fallback(spec, cpu_only=True), True
        if matching:
            raise errors.InvalidArgumentError(
                None, op,
                f"Cannot assign a device for operation {op.name}: Could not satisfy explicit device "
                f"specification '{op.device}' because no supported kernel for {spec.device_type} devices "
                "is available. Set allow_soft_placement=True to run it on the CPU instead.")
        if self.allow_soft and _is_local(spec):  # soft placement relaxes the device, never job/replica/task
            return self._fallback(spec, cpu_only=host_only), True
        raise self._missing_device_error(op, spec)

    def _join_placed_group(self, op, device):
        """A new op of an already placed group: it goes where the group is."""
        own = _parse(op)
        if _needs_host(op) and device.device_type != "CPU":
            return self.host, True
        if own is None or _matches(own, device):
            return device, False
        if self.allow_soft:
            return device, True
        raise errors.InvalidArgumentError(
            None, op,
            f"Cannot assign a device for operation {op.name}: Could not satisfy explicit device "
            f"specification '{op.device}' because the node {{{{colocation_node {op.name}}}}} was colocated "
            f"with a group of nodes that were assigned to {device.name}")

    def _group_spec(self, op, members) -> DeviceSpecV2:
        """The merged device spec of a colocation group (TF merges every member's request)."""
        return merged_group_spec(op, members, ("job", "replica", "task", "device_type", "device_index"),
                                 self.allow_soft, same=lambda a, b: str(a).upper() == str(b).upper())

    def _heuristic(self, op, candidates):
        if len(candidates) == 1:
            return None
        if op.type in _METADATA_OPS and op._inputs:
            src = self._placed.get(op._inputs[0].op)
            if src is not None and src.device in candidates:
                return src.device
        if _is_generator(op):
            devices = {self._placed[c].device for c in op._outputs[0]._consumers if c in self._placed}
            if len(devices) == 1 and all(c in self._placed for c in op._outputs[0]._consumers):
                device = devices.pop()
                if device in candidates:
                    return device
        return None

    def _fallback(self, spec, cpu_only):
        """Soft placement: the first device of the requested type, else the CPU."""
        want = (spec.device_type or "").upper()
        for device in self.devices:
            if device.device_type == want and (not cpu_only or want == "CPU"):
                return device
        return self.host

    def _missing_device_error(self, op, spec):
        requested = op.device or spec.to_string()
        names = sorted(d.name for d in self.devices)
        hint = ""
        if (spec.device_type or "").upper() == "GPU" and not self.cuda_enabled:
            hint = " The requested device appears to be a GPU, but CUDA is not enabled."
        return errors.InvalidArgumentError(
            None, op,
            f"Cannot assign a device for operation {op.name}: {{{{node {op.name}}}}} was explicitly assigned to "
            f"{requested} but available devices are [ {', '.join(names)} ]. Make sure the device "
            f"specification refers to a valid device.{hint}")

    # -------------------------------------------------------------- reporting
    def _announce(self, op, placement):
        if op in self._announced:
            return
        self._announced.add(op)
        self.records.append({"op": op.name, "op_type": op.type, "requested_device": placement.requested,
                             "assigned_device": placement.device.name, "soft_placed": placement.soft})
        if self.log:
            print(f"{op.name}: ({op.type}): {placement.device.name}", file=self._stream or sys.stderr)


def fresh_error(error):
    """A new exception like `error`: re-raising one object would grow its traceback every run."""
    return type(error)(None, error.op, error.message)


_parse = parse_device


def _is_local(spec) -> bool:
    return all(getattr(spec, field) in (None, value) for field, value in _LOCAL)


def _matches(spec, device) -> bool:
    if spec is None:
        return True
    if not _is_local(spec):
        return False
    if spec.device_type is not None and spec.device_type.upper() != device.device_type:
        return False
    return spec.device_index is None or spec.device_index == device.index


def _needs_host(op) -> bool:
    """Ops without a GPU kernel: OpDef.gpu=False, or any string input or output."""
    if not op._opdef.gpu:
        return True
    return any(t.dtype.base_dtype == dtypes.string for t in op._outputs) or \
        any(t.dtype.base_dtype == dtypes.string for t in op._inputs)


def _is_generator(op) -> bool:
    return not op._inputs and len(op._outputs) == 1 and not op._outputs[0].dtype.is_ref_dtype
