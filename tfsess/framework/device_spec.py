"""DeviceSpec (tf.DeviceSpec) and the device-string helpers behind nested `tf.device` scopes.

`DeviceSpecV2` is TF2's immutable value; `DeviceSpecV1` (what `tf.compat.v1.DeviceSpec`, and so
`tfsess.DeviceSpec`, is) adds TF1's setters, `parse_from_string` and `merge_from`.
"""
from __future__ import annotations

from typing import Optional, Union

# Short forms such as "/gpu:0" are accepted for these types; "/device:<TYPE>:<n>" takes any type.
_VALID_DEVICE_TYPES = frozenset({"CPU", "GPU", "TPU", "CUSTOM", "EPHEMERAL"})


def _as_str_or_none(value) -> Optional[str]:
    return None if value is None else str(value)


def _as_int_or_none(value) -> Optional[int]:
    return None if value is None else int(value)


def _as_device_str_or_none(device_type) -> Optional[str]:
    # TF upper-cases the lowercase "cpu"/"gpu" of old code, and no other type.
    if device_type in ("cpu", "gpu"):
        return device_type.upper()
    return _as_str_or_none(device_type)


def _index(text: str, what: str, spec: str) -> Optional[int]:
    if text == "*":
        return None
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"Invalid {what} '{text}' while parsing the device spec: '{spec}'.") from None


def _string_to_components(spec: Optional[str]) -> tuple:
    """(job, replica, task, device_type, device_index) of a device string, as TF parses it."""
    if spec and not isinstance(spec, str):
        hash(spec)  # TF looks the spec up in a cache first: an unhashable one is a TypeError
        raise AttributeError(f"'{type(spec).__name__}' object has no attribute 'split'")  # then splits it
    job = replica = task = device_type = device_index = None
    for part in (spec or "").split("/"):
        y = part.split(":")
        if len(y) == 2 and y[0] == "job":
            job = y[1]
        elif len(y) == 2 and y[0] in ("replica", "task"):
            value = _index(y[1], y[0], spec)
            replica, task = (value, task) if y[0] == "replica" else (replica, value)
        elif (len(y) in (1, 2) and y[0].upper() in _VALID_DEVICE_TYPES) or (len(y) == 3 and y[0] == "device"):
            if device_type is not None:
                raise ValueError(f"Multiple device types are not allowed while parsing the device spec: {spec}.")
            device_type = y[0].upper() if len(y) < 3 else y[1]
            device_index = _index(y[-1], "device index", spec) if len(y) > 1 else None
        elif y[0] != "":
            raise ValueError(f"Unknown attribute '{y[0]}' is encountered while parsing the device spec: '{spec}'.")
    return job, replica, task, device_type, device_index


def _components_to_string(job, replica, task, device_type, device_index) -> str:
    out = []
    if job is not None:
        out.append(f"/job:{job}")
    if replica is not None:
        out.append(f"/replica:{replica}")
    if task is not None:
        out.append(f"/task:{task}")
    if device_type is not None:
        out.append(f"/device:{device_type}:{'*' if device_index is None else device_index}")
    return "".join(out)


class DeviceSpecV2:
    """An immutable device specification: job, replica, task, device type and index (TF2's tf.DeviceSpec)."""

    __slots__ = ("_job", "_replica", "_task", "_device_type", "_device_index")

    def __init__(self, job: Optional[str] = None, replica: Optional[int] = None, task: Optional[int] = None,
                 device_type: Optional[str] = None, device_index: Optional[int] = None):
        self._job = _as_str_or_none(job)
        self._replica = _as_int_or_none(replica)
        self._task = _as_int_or_none(task)
        self._device_type = _as_device_str_or_none(device_type)
        self._device_index = _as_int_or_none(device_index)

    @classmethod
    def from_string(cls, spec: Optional[str]) -> "DeviceSpecV2":
        """Parses `/job:<name>/replica:<n>/task:<n>/device:<TYPE>:<n>` or a short form like `/gpu:0`.

        Raises:
          ValueError: if `spec` has an unknown part, two device types or a non-integer index.
        """
        return cls(*_string_to_components(spec))

    job = property(lambda self: self._job, doc="The job name, or None.")
    replica = property(lambda self: self._replica, doc="The replica index, or None.")
    task = property(lambda self: self._task, doc="The task index, or None.")
    device_type = property(lambda self: self._device_type, doc="The device type ('CPU', 'GPU', ...), or None.")
    device_index = property(lambda self: self._device_index, doc="The device index, or None for any ('*').")

    def _components(self) -> tuple:
        return self._job, self._replica, self._task, self._device_type, self._device_index

    def to_string(self) -> str:
        """TF's canonical string, e.g. `/job:localhost/replica:0/task:0/device:CPU:0`."""
        return _components_to_string(*self._components())

    def replace(self, **kwargs) -> "DeviceSpecV2":
        """A copy with the given fields (job, replica, task, device_type, device_index) replaced."""
        fields = dict(zip(("job", "replica", "task", "device_type", "device_index"), self._components()))
        fields.update(kwargs)
        return type(self)(**fields)

    def _combined(self, dev: Union[str, "DeviceSpecV2"]) -> tuple:
        dev = _as_spec(dev)
        return tuple(theirs if theirs is not None else ours
                     for ours, theirs in zip(self._components(), dev._components()))

    def make_merged_spec(self, dev: "DeviceSpecV2") -> "DeviceSpecV2":
        """A new spec with the fields of `dev` that are set taking precedence over this one's."""
        return type(self)(*self._combined(dev))

    def __eq__(self, other):
        return isinstance(other, DeviceSpecV2) and self.to_string() == other.to_string()

    def __hash__(self):
        return hash(self.to_string())

    def __repr__(self):
        return (f"<DeviceSpec(job={self._job}, replica={self._replica}, task={self._task}, "
                f"device_type={self._device_type}, device_index={self._device_index})>")


def _settable(name: str, convert, doc: str) -> property:
    attr = "_" + name
    return property(lambda self: getattr(self, attr), lambda self, value: setattr(self, attr, convert(value)),
                    doc=doc)


class DeviceSpecV1(DeviceSpecV2):
    """A mutable device specification (tf.compat.v1.DeviceSpec): TF2's value plus setters."""

    __slots__ = ()
    __hash__ = DeviceSpecV2.__hash__

    job = _settable("job", _as_str_or_none, "The job name, or None.")
    replica = _settable("replica", _as_int_or_none, "The replica index, or None.")
    task = _settable("task", _as_int_or_none, "The task index, or None.")
    device_type = _settable("device_type", _as_device_str_or_none, "The device type, or None.")
    device_index = _settable("device_index", _as_int_or_none, "The device index, or None.")

    def parse_from_string(self, spec: Optional[str]) -> "DeviceSpecV1":
        """Replaces every field with those parsed from `spec`; returns self."""
        (self._job, self._replica, self._task, self._device_type,
         self._device_index) = DeviceSpecV2.from_string(spec)._components()
        return self

    def merge_from(self, dev: DeviceSpecV2) -> None:
        """Sets the fields that are set in `dev`, in place."""
        self._job, self._replica, self._task, self._device_type, self._device_index = self._combined(dev)


DeviceSpec = DeviceSpecV1  # what TF1 code gets as tf.DeviceSpec (tf.compat.v1.DeviceSpec)


def _as_spec(device: Union[str, DeviceSpecV2, None]) -> DeviceSpecV2:
    return device if isinstance(device, DeviceSpecV2) else DeviceSpecV2.from_string(device)


def canonical_name(device: Union[str, DeviceSpecV2, None]) -> str:
    """TF's canonical string for a device string or DeviceSpec ('' for None), e.g. `/gpu:0` -> `/device:GPU:0`."""
    return "" if device is None else _as_spec(device).to_string()


def check_valid(spec: str) -> None:
    """Raises ValueError if `spec` is not a valid device string."""
    DeviceSpecV2.from_string(spec)


def merge_device(outer: Union[str, DeviceSpecV2, None], inner: Union[str, DeviceSpecV2, None]) -> str:
    """The device of an op created under `tf.device(outer)` and, nested in it, `tf.device(inner)`.

    Fields set in `inner` win and unset ones are inherited from `outer`. As in TF, an inner None
    clears the outer scopes (the result is ''), and an inner '' is a null merge that keeps `outer`.

    Raises:
      ValueError: if either spec is malformed.
    """
    if inner is None:
        return ""
    inner_spec = _as_spec(inner)
    outer_spec = _as_spec(outer)
    if not inner_spec.to_string():
        return outer_spec.to_string()
    return outer_spec.make_merged_spec(inner_spec).to_string()
