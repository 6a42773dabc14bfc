"""Colocation groups shared by the device placer and the distributed task placer.

Ops that must live together (the `_class` attr's `loc:@name` entries, ref edges such as
Assign -> its variable and, where asked, resource edges such as an enqueue -> its queue) are
joined by union-find. Each group may be given one value (a device or a task) by the first of
its ops to be placed; when two groups merge, the root of an already placed group is kept.
"""
from __future__ import annotations

from tfsess.framework import dtypes, errors
from tfsess.framework.device_spec import DeviceSpecV2


class ColocationGroups:
    """Union-find over op names; `resource_edges` also joins every op to its resource inputs."""

    def __init__(self, resource_edges=False):
        self.resource_edges = bool(resource_edges)
        self._parent = {}
        self._members = {}
        self._assigned = {}

    def find(self, name):
        parent = self._parent
        root = name
        while parent[root] != root:
            root = parent[root]
        while parent[name] != root:
            parent[name], name = root, parent[name]
        return root

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if rb in self._assigned and ra not in self._assigned:
            ra, rb = rb, ra  # keep the placed group's root
        self._parent[rb] = ra
        self._members[ra].extend(self._members.pop(rb))
        self._assigned.pop(rb, None)

    def add(self, op):
        """Makes `op` a group of its own, then joins it to the groups it must be colocated with."""
        name = op.name
        self._parent[name] = name
        self._members[name] = [op]
        for entry in op._attrs.get("_class", ()) or ():
            entry = entry.decode() if isinstance(entry, bytes) else str(entry)
            if entry.startswith("loc:@") and entry[5:] in self._parent:
                self.union(entry[5:], name)
        ref_inputs = op._opdef.ref_inputs
        if self.resource_edges:
            for i, t in enumerate(op._inputs):
                if (i in ref_inputs and t.dtype.is_ref_dtype) or t.dtype.base_dtype == dtypes.resource:
                    self.union(t.op.name, name)
        else:
            for i in ref_inputs:
                if i < len(op._inputs) and op._inputs[i].dtype.is_ref_dtype:
                    self.union(op._inputs[i].op.name, name)

    def members(self, name) -> list:
        """The ops of `name`'s group (the list itself: do not modify it)."""
        return self._members[self.find(name)]

    def assigned(self, name):
        """The value given to `name`'s group, or None."""
        return self._assigned.get(self.find(name))

    def assign(self, name, value):
        """Gives `value` to `name`'s group unless the group already has one."""
        self._assigned.setdefault(self.find(name), value)


def parse_device(op):
    """The op's requested device as a DeviceSpecV2 (None when unset); a malformed one names the op."""
    if not op.device:
        return None
    try:
        return DeviceSpecV2.from_string(op.device)
    except (ValueError, TypeError) as exc:
        raise errors.InvalidArgumentError(None, op, f"Malformed device specification '{op.device}' "
                                                           f"in node {op.name}: {exc}") from None


def merged_group_spec(op, members, fields, allow_soft, same=lambda a, b: a == b) -> DeviceSpecV2:
    """Merges the `fields` of every group member's device request, as TF merges a colocation group.

    Conflicting requests raise TF's "Cannot colocate nodes" InvalidArgumentError, unless
    `allow_soft`, which drops the conflicting member's request.
    """
    merged = DeviceSpecV2()
    first = None
    for member in [op] + [m for m in members if m is not op]:
        spec = parse_device(member)
        if spec is None:
            continue
        spec = DeviceSpecV2(**{field: getattr(spec, field) for field in fields})
        for field in fields:
            mine, theirs = getattr(merged, field), getattr(spec, field)
            if mine is None or theirs is None or same(mine, theirs):
                continue
            if allow_soft:
                spec = None
                break
            raise errors.InvalidArgumentError(
                None, op,
                f"Cannot colocate nodes {{{{colocation_node {first.name}}}}} and {{{{colocation_node "
                f"{member.name}}}}}: Cannot merge devices with incompatible {field}s: "
                f"'{merged.to_string()}' and '{spec.to_string()}'")
        if spec is not None:
            merged = merged.make_merged_spec(spec)
            first = first or member
    return merged
