"""SaveSliceInfo: where one part of a partitioned variable sits in the whole (TF's Variable.SaveSliceInfo).

A Saver writes every part under the whole variable's name with the slice `spec`
("<full shape> <offset>,<length>:..."), so a checkpoint holds one entry per partitioned variable.
"""
from __future__ import annotations


class SaveSliceInfo:
    """`full_name`, `full_shape`, and this part's `var_offset` and `var_shape` in the whole."""

    def __init__(self, full_name=None, full_shape=None, var_offset=None, var_shape=None, save_slice_info_def=None,
                 import_scope=None):
        if save_slice_info_def is not None:
            name = save_slice_info_def.full_name
            self.full_name = f"{import_scope}/{name}" if import_scope else name
            self.full_shape = list(save_slice_info_def.full_shape)
            self.var_offset = list(save_slice_info_def.var_offset)
            self.var_shape = list(save_slice_info_def.var_shape)
        else:
            self.full_name, self.full_shape = full_name, full_shape
            self.var_offset, self.var_shape = var_offset, var_shape

    @property
    def spec(self) -> str:
        """The slice spec a save writes, e.g. "7 2 3,2:0,2" for rows 3-4 of a [7, 2] variable."""
        full_shape = " ".join("%d" % d for d in self.full_shape) + " "
        return full_shape + ":".join("%d,%d" % (o, s) for o, s in zip(self.var_offset, self.var_shape))

    @classmethod
    def from_spec(cls, spec: str):
        """The SaveSliceInfo a spec string describes (no full_name); ValueError for a malformed spec."""
        if not spec:
            return cls()
        try:
            full_shape_str, slice_str = spec.rsplit(" ", 1)
        except ValueError as e:
            raise ValueError("Spec string must contain space-separated full_shape info.") from e
        full_shape = []
        for dim in full_shape_str.split():
            try:
                full_shape.append(int(dim))
            except ValueError as e:
                raise ValueError(f"Spec string full_shape must be a sequence of integers. Found '{dim}', which is "
                                 f"not an integer.") from e
        var_offset, var_shape = [], []
        for dim_slice in slice_str.split(":"):
            try:
                offset, shape = dim_slice.split(",")
            except ValueError as e:
                raise ValueError("Spec string must contain comma-separated pairs of offsets and shapes.") from e
            try:
                var_offset.append(int(offset))
            except ValueError as e:
                raise ValueError(f"Spec string var_offset must be an integer. Found '{offset}', which is not an "
                                 f"integer.") from e
            try:
                var_shape.append(int(shape))
            except ValueError as e:
                raise ValueError(f"Spec string var_shape must be an integer. Found '{shape}', which is not an "
                                 f"integer.") from e
        return cls(full_shape=full_shape, var_offset=var_offset, var_shape=var_shape)

    def to_proto(self, export_scope=None):
        """TF's SaveSliceInfoDef message (needs the optional protobuf package), or None outside `export_scope`."""
        from tfsess.protos import variable_pb2  # optional dependency: protobuf
        if export_scope is not None and not self.full_name.startswith(export_scope):
            return None
        name = self.full_name
        if export_scope and name.startswith(export_scope + "/"):
            name = name[len(export_scope) + 1:]
        return variable_pb2.SaveSliceInfoDef(full_name=name, full_shape=self.full_shape, var_offset=self.var_offset,
                                             var_shape=self.var_shape)


__all__ = []
