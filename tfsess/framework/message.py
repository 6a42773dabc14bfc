"""Protocol messages in plain Python: the engine behind ConfigProto, RunOptions, StepStats, ClusterDef.

One generic `Message` base reads each class's FIELDS table (name -> spec, in field-number order) and
behaves like TF's protobuf classes: proto3 defaults, nested messages mutated in place, map and
repeated fields, CopyFrom/MergeFrom/HasField/ListFields, text-format `str()`, and protobuf's exception
classes for unknown fields and wrong types.

`SerializeToString()` is a JSON encoding of the set fields, NOT the protobuf wire format: its bytes
round-trip only through `FromString`/`ParseFromString` of these classes.
"""
from __future__ import annotations

import collections.abc
import json
import operator
from dataclasses import dataclass
from typing import Any, Callable, Optional


class DecodeError(Exception):
    """Bytes given to ParseFromString are not a message serialized by this module."""


class EnumTypeWrapper:
    """A proto enum type: labels as attributes, `Name(number)`, `Value(label)`, keys/values/items."""

    def __init__(self, name: str, **labels: int):
        self._name, self._by_label = name, dict(labels)
        self._by_number = {number: label for label, number in reversed(labels.items())}  # first alias wins

    def __getattr__(self, label):
        if label.startswith("_") or label not in self._by_label:
            raise AttributeError(f"Enum has no value named {label}")
        return self._by_label[label]

    def Name(self, number: int) -> str:  # noqa: N802 - protobuf's name
        if number not in self._by_number:
            raise ValueError(f"Enum {self._name} has no name defined for value {number!r}")
        return self._by_number[number]

    def Value(self, label: str) -> int:  # noqa: N802 - protobuf's name
        if label not in self._by_label:
            raise ValueError(f"Enum {self._name} has no value defined for name {label!r}")
        return self._by_label[label]

    def keys(self):
        return list(self._by_label)

    def values(self):
        return list(self._by_label.values())

    def items(self):
        return list(self._by_label.items())


# ------------------------------------------------------------------ scalar type checks (protobuf's)
def _type_error(value, expected: str) -> TypeError:
    return TypeError(f"{value!r:.1024} has type {type(value).__name__}, but expected one of: {expected}")


def _is_array(value) -> bool:
    return type(value).__name__ == "ndarray"


def _check_bool(value):
    if not (isinstance(value, bool) or hasattr(value, "__index__")) or _is_array(value):
        raise _type_error(value, "bool, int")
    return bool(value)


def _int_checker(bits: int, signed: bool) -> Callable:
    lo, hi = (-(1 << bits - 1), (1 << bits - 1) - 1) if signed else (0, (1 << bits) - 1)

    def check(value):
        if isinstance(value, float) or not hasattr(value, "__index__") or _is_array(value):
            raise _type_error(value, "int")
        value = operator.index(value)
        if not lo <= value <= hi:
            raise ValueError(f"Value out of range: {value}")
        return value
    return check


def _check_double(value):
    numeric = hasattr(value, "__float__") or hasattr(value, "__index__")
    if not numeric or isinstance(value, (str, bytes)) or _is_array(value):
        raise _type_error(value, "float, int")
    return float(value)


def _check_string(value):
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(f"{value!r:.1024} has type bytes, but isn't valid UTF-8 encoding. "
                             "Non-UTF-8 strings must be converted to unicode objects.") from None
    if not isinstance(value, str):
        raise _type_error(value, "str, bytes")
    return value


_SCALARS = {  # kind -> (proto3 default, checker)
    "bool": (False, _check_bool),
    "int32": (0, _int_checker(32, True)),
    "int64": (0, _int_checker(64, True)),
    "uint32": (0, _int_checker(32, False)),
    "uint64": (0, _int_checker(64, False)),
    "double": (0.0, _check_double),
    "string": ("", _check_string),
    "any": (None, lambda value: value),  # opaque items, e.g. the session's GraphDef objects
}


def repeated(item) -> tuple:
    return ("repeated", None, item)


def map_of(key: str, value: str) -> tuple:
    return ("map", key, value)


@dataclass(frozen=True)
class FieldDescriptor:
    """What ListFields pairs with each value: the field's name, kind and type."""
    name: str
    full_name: str
    label: str                        # "optional", "repeated" or "map"
    message_type: Optional[type]      # the message class of a message field (or of its items)
    enum_type: Optional[EnumTypeWrapper]
    default: Any
    check: Callable
    key_check: Optional[Callable] = None


def _describe(owner: str, name: str, spec) -> FieldDescriptor:
    label, key, item = spec if isinstance(spec, tuple) else ("optional", None, spec)
    message = item if isinstance(item, type) and issubclass(item, Message) else None
    enum = item if isinstance(item, EnumTypeWrapper) else None
    default, check = (None, None) if message else _SCALARS["int32" if enum else item]
    key_check = _SCALARS[key][1] if key else None
    return FieldDescriptor(name, f"{owner}.{name}", label, message, enum, default, check, key_check)


# ------------------------------------------------------------------ the message base
class Message:
    """Base of the config messages; a subclass lists its fields in FIELDS (name -> spec)."""

    FIELDS: dict = {}
    _fields: dict = {}
    __hash__ = None  # messages are mutable, as protobuf's are unhashable

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._fields = {n: _describe(cls.__qualname__, n, s) for n, s in cls.FIELDS.items()}
        for value in list(vars(cls).values()):
            if isinstance(value, EnumTypeWrapper):  # RunOptions.FULL_TRACE as well as RunOptions.TraceLevel
                for label, number in value.items():
                    setattr(cls, label, number)

    def __init__(self, **kwargs):
        object.__setattr__(self, "_values", {})
        object.__setattr__(self, "_parent", None)
        object.__setattr__(self, "_present", False)
        for name, value in kwargs.items():
            if name not in self._fields:
                raise ValueError(f'Protocol message {type(self).__name__} has no "{name}" field.')
            if value is not None:
                self._init_field(self._fields[name], value)

    def _init_field(self, field: FieldDescriptor, value):
        if field.label == "repeated":
            container = getattr(self, field.name)
            for item in value:
                container.add(**item) if field.message_type and isinstance(item, dict) else container.append(item)
        elif field.label == "map":
            getattr(self, field.name).update(value)
        elif field.message_type:
            if isinstance(value, dict):
                value = field.message_type(**value)
            elif not isinstance(value, field.message_type):
                raise TypeError(f"Parameter to initialize message field must be dict or instance of same class: "
                                f"expected {field.message_type.__name__} got {type(value).__name__}.")
            getattr(self, field.name).MergeFrom(value)
        else:
            if field.enum_type and isinstance(value, str):
                value = field.enum_type.Value(value)
            setattr(self, field.name, value)

    # -------------------------------------------------------------- attribute access
    def __getattr__(self, name):
        field = None if name.startswith("_") else type(self)._fields.get(name)
        if field is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        values = self._values
        if name not in values:
            if field.label == "optional" and not field.message_type:
                return field.default
            values[name] = _new_container(self, field)
        return values[name]

    def __setattr__(self, name, value):
        field = type(self)._fields.get(name)
        if field is None:
            raise AttributeError(f'Assignment not allowed (no field "{name}" in protocol message object).')
        if field.label != "optional" or field.message_type:
            kind = "field" if field.label == "optional" else "repeated field"
            raise AttributeError(f'Assignment not allowed to {kind} "{name}" in protocol message object.')
        if field.enum_type is not None and isinstance(value, str):  # protobuf accepts an enum label
            if value not in field.enum_type._by_label:
                raise ValueError(f'unknown enum label "{value}"')
            value = field.enum_type.Value(value)
        self._values[name] = field.check(value)
        self._modified()

    def _modified(self):
        msg = self
        while msg is not None:
            object.__setattr__(msg, "_present", True)
            msg = msg._parent

    # -------------------------------------------------------------- protobuf's message methods
    def HasField(self, name: str) -> bool:  # noqa: N802
        """Whether the sub-message field `name` was set."""
        field = self._field_or_error(name)
        if field.label != "optional" or not field.message_type:
            raise ValueError(f'Can\'t test non-optional, non-submessage field "{field.full_name}" '
                             "for presence in proto3.")
        sub = self._values.get(name)
        return sub is not None and sub._present

    def ClearField(self, name: str) -> None:  # noqa: N802
        """Resets field `name` to its default."""
        self._field_or_error(name)
        old = self._values.pop(name, None)
        if isinstance(old, (_Repeated, _Map)):
            old._items.clear()
            self._values[name] = old  # held references to a container stay valid
        elif isinstance(old, Message):
            object.__setattr__(old, "_parent", None)  # a held sub-message is now detached, as in protobuf
        self._modified()

    def Clear(self) -> None:  # noqa: N802
        """Resets every field to its default."""
        for name in list(self._values):
            self.ClearField(name)
        self._modified()

    def ListFields(self) -> list:  # noqa: N802
        """The (FieldDescriptor, value) pairs of the fields that are set, in field-number order."""
        out = []
        for name, field in self._fields.items():
            if name not in self._values:
                continue
            value = self._values[name]
            if field.label != "optional":
                keep = len(value) > 0
            else:
                keep = value._present if field.message_type else value != field.default
            if keep:
                out.append((field, value))
        return out

    def MergeFrom(self, other: "Message") -> None:  # noqa: N802
        """Sets the fields set in `other`; sub-messages merge, repeated fields append, maps update."""
        self._check_same(other, "MergeFrom")
        for field, value in other.ListFields():
            if field.label == "repeated":
                getattr(self, field.name).extend(list(value))
            elif field.label == "map":
                getattr(self, field.name).update(dict(value))
            elif field.message_type:
                getattr(self, field.name).MergeFrom(value)
            else:
                self._values[field.name] = value
        self._modified()

    def CopyFrom(self, other: "Message") -> None:  # noqa: N802
        """Makes this message an equal copy of `other`."""
        if other is self:
            return
        self._check_same(other, "CopyFrom")
        self.Clear()
        self.MergeFrom(other)

    def SetInParent(self) -> None:  # noqa: N802
        """Marks this sub-message as set in its parent, even when empty."""
        self._modified()

    def _check_same(self, other, method: str) -> None:
        if type(other) is not type(self):
            raise TypeError(f"Parameter to {method}() must be instance of same class: "
                            f"expected {type(self).__name__} got {type(other).__name__}.")

    def _field_or_error(self, name: str) -> FieldDescriptor:
        if name not in self._fields:
            raise ValueError(f'Protocol message {type(self).__name__} has no "{name}" field.')
        return self._fields[name]

    # -------------------------------------------------------------- value semantics and encoding
    def _to_plain(self) -> dict:
        return {field.name: _plain(field, value) for field, value in self.ListFields()}

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self._to_plain() == other._to_plain()

    def SerializeToString(self, deterministic: bool = False) -> bytes:  # noqa: N802
        """JSON bytes of the set fields (not the protobuf wire format); b'' for an empty message."""
        plain = self._to_plain()
        return json.dumps(plain, default=str, separators=(",", ":")).encode() if plain else b""

    def ByteSize(self) -> int:  # noqa: N802
        """The length of SerializeToString(): 0 for an empty message, as protobuf's."""
        return len(self.SerializeToString())

    def MergeFromString(self, data: bytes) -> int:  # noqa: N802
        """Merges a message from SerializeToString() bytes; raises DecodeError on anything else."""
        try:
            plain = json.loads(bytes(data)) if data else {}
            if not isinstance(plain, dict):
                raise ValueError(f"expected a JSON object, got {type(plain).__name__}")
            self.MergeFrom(type(self)(**plain))
        except (ValueError, TypeError) as e:
            raise DecodeError(f"Error parsing message {type(self).__name__}: {e}") from None
        return len(data)

    def ParseFromString(self, data: bytes) -> int:  # noqa: N802
        """Replaces this message's contents with the message encoded in `data`."""
        self.Clear()
        return self.MergeFromString(data)

    @classmethod
    def FromString(cls, data: bytes) -> "Message":  # noqa: N802
        """A new message parsed from SerializeToString() bytes."""
        msg = cls()
        msg.MergeFromString(data)
        return msg

    def __deepcopy__(self, memo=None):
        new = type(self)()
        new.MergeFrom(self)
        return new

    __copy__ = __deepcopy__

    def __reduce__(self):
        return type(self).FromString, (self.SerializeToString(),)

    def __str__(self):
        return "".join(self._text_lines(""))

    __repr__ = __str__

    def _text_lines(self, indent: str):
        for field, value in self.ListFields():
            if field.label == "map":
                for key, item in sorted(value.items()):
                    yield f"{indent}{field.name} {{\n{indent}  key: {_text_scalar(key)}\n"
                    if isinstance(item, Message):
                        yield f"{indent}  value {{\n"
                        yield from item._text_lines(indent + "    ")
                        yield f"{indent}  }}\n{indent}}}\n"
                    else:
                        yield f"{indent}  value: {_text_scalar(item, field.enum_type)}\n{indent}}}\n"
                continue
            for item in (value if field.label == "repeated" else [value]):
                if field.message_type or not isinstance(item, (bool, int, float, str)):
                    body = item._text_lines(indent + "  ") if isinstance(item, Message) else \
                        (f"{indent}  {line}\n" for line in str(item).splitlines())
                    yield f"{indent}{field.name} {{\n"
                    yield from body
                    yield f"{indent}}}\n"
                else:
                    yield f"{indent}{field.name}: {_text_scalar(item, field.enum_type)}\n"


def _plain(field: FieldDescriptor, value):
    if field.label == "map":
        return sorted((k, v._to_plain() if field.message_type else v) for k, v in value.items())
    if field.label == "repeated":
        return [v._to_plain() if field.message_type else v for v in value]
    return value._to_plain() if field.message_type else value


_ESCAPES = {"\n": r"\n", "\r": r"\r", "\t": r"\t", '"': r"\"", "'": r"\'", "\\": r"\\"}


def _text_scalar(value, enum: Optional[EnumTypeWrapper] = None) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):  # protobuf's CEscape: UTF-8 bytes, non-ASCII as octal
        return '"' + "".join(_ESCAPES.get(chr(b)) or (chr(b) if 32 <= b < 127 else f"\\{b:03o}")
                             for b in value.encode("utf-8")) + '"'
    if enum is not None and value in enum._by_number:
        return enum.Name(value)
    if isinstance(value, float):  # protobuf's SimpleDtoa: the shortest of %.15g / %.17g that round-trips
        text = f"{value:.15g}"
        return text if float(text) == value or value != value else f"{value:.17g}"
    return str(value)


# ------------------------------------------------------------------ repeated and map containers
def _new_container(owner: Message, field: FieldDescriptor):
    if field.label == "repeated":
        return _Repeated(owner, field)
    if field.label == "map":
        return _Map(owner, field)
    sub = field.message_type()
    object.__setattr__(sub, "_parent", owner)
    return sub


class _Repeated(collections.abc.MutableSequence):
    """A repeated field: a list of type-checked scalars, or of messages owned by the field."""

    __hash__ = None

    def __init__(self, owner: Message, field: FieldDescriptor):
        self._owner, self._field, self._items = owner, field, []

    def _own(self, value):
        cls = self._field.message_type
        if cls is None:
            return self._field.check(value)
        if not isinstance(value, cls):
            raise TypeError(f"Parameter to {self._field.full_name} must be {cls.__name__}, "
                            f"got {type(value).__name__}.")
        item = cls()
        item.MergeFrom(value)  # appending copies the message, as protobuf does
        object.__setattr__(item, "_parent", self._owner)
        return item

    def add(self, **kwargs) -> Message:
        """Appends a new message built from `kwargs` and returns it (repeated message fields)."""
        if self._field.message_type is None:
            raise AttributeError(f"{self._field.full_name} is a repeated scalar field; use append")
        item = self._field.message_type(**kwargs)
        object.__setattr__(item, "_parent", self._owner)
        self._items.append(item)
        self._owner._modified()
        return item

    def __getitem__(self, index):
        return self._items[index]

    def __setitem__(self, index, value):
        if self._field.message_type:
            raise TypeError(f"{self._field.full_name}: repeated message fields do not support item assignment")
        self._items[index] = [self._own(v) for v in value] if isinstance(index, slice) else self._own(value)
        self._owner._modified()

    def __delitem__(self, index):
        del self._items[index]
        self._owner._modified()

    def __len__(self):
        return len(self._items)

    def insert(self, index, value):
        self._items.insert(index, self._own(value))
        self._owner._modified()

    def MergeFrom(self, other) -> None:  # noqa: N802
        self.extend(list(other))

    def __eq__(self, other):
        if isinstance(other, _Repeated):
            other = other._items
        return self._items == list(other) if isinstance(other, (list, tuple)) else NotImplemented

    def __repr__(self):
        return repr(self._items)


class _Map(collections.abc.MutableMapping):
    """A map field: a dict with type-checked keys and values; reading a missing key inserts the default."""

    def __init__(self, owner: Message, field: FieldDescriptor):
        self._owner, self._field, self._items = owner, field, {}

    def __getitem__(self, key):
        key = self._field.key_check(key)
        if key not in self._items:  # protobuf's map[key] inserts the default value (an empty message)
            self[key] = self._field.message_type() if self._field.message_type else self._field.default
        return self._items[key]

    def __setitem__(self, key, value):
        message_type = self._field.message_type
        if message_type:  # a message value is a copy owned by the map (merging, parsing)
            item = message_type()
            item.MergeFrom(message_type(**value) if isinstance(value, dict) else value)
            object.__setattr__(item, "_parent", self._owner)
            self._items[self._field.key_check(key)] = item
        else:
            self._items[self._field.key_check(key)] = self._field.check(value)
        self._owner._modified()

    def __delitem__(self, key):
        del self._items[key]
        self._owner._modified()

    def __contains__(self, key):
        return key in self._items

    def get(self, key, default=None):
        return self._items.get(key, default)

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def MergeFrom(self, other) -> None:  # noqa: N802
        self.update(other)

    def __repr__(self):
        return repr(self._items)
