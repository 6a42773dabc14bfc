"""HTML and plain-text reprs of a tf.data.Dataset: its element structure and its transformation chain.

The chain is read off the graph: each dataset is one variant-valued op whose variant inputs are the
datasets it was made from (several for zip and concatenate), so nothing is run to show it.
"""
from __future__ import annotations

import re

from tfsess.framework import dtypes

from ipython_ext import html as h

MAX_ROWS = 25
MAX_CHAIN = 40   # transformations listed before the rest is summarised


def _kind(op) -> str:
    """'Shuffle' for a ShuffleDatasetV3 op: the transformation's name as TF's docs use it."""
    return h.clip(re.sub(r"(Dataset)?(V\d+)?$", "", op.type) or op.type, 80)


def chain(dataset) -> list:
    """(depth, kind, op name) from `dataset` back to its sources, depth-first, at most MAX_CHAIN rows."""
    rows, stack, seen = [], [(0, dataset._as_variant_tensor().op)], set()
    while stack and len(rows) < MAX_CHAIN:
        depth, op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        rows.append((depth, _kind(op), h.clip(op.name, 120)))
        upstream = [t.op for t in op.inputs if t.dtype.base_dtype == dtypes.variant]
        stack.extend((depth + 1, u) for u in reversed(upstream))
    return rows


def components(specs, path="") -> list:
    """(path, class, dtype, shape) of each component of an element structure, in TF's order."""
    if isinstance(specs, dict):
        return [row for k in sorted(specs) for row in components(specs[k], f"{path}[{k!r}]")]
    if isinstance(specs, (tuple, list)):
        return [row for i, s in enumerate(specs) for row in components(s, f"{path}[{i}]")]
    cls = getattr(specs, "cls", None)
    kind = "Dataset" if hasattr(specs, "element_spec") else getattr(cls, "__name__", "Tensor")
    return [(h.clip(path or "(element)", 120), kind, specs.dtype.name, h.clip(specs.shape, 120))]


def dataset_text(dataset) -> str:
    rows = components(dataset.element_spec)
    lines = [f"<tf.data.Dataset {h.plural(len(rows), 'component')}>"]
    lines += [f"  {path}: {kind} {dtype} {shape}" for path, kind, dtype, shape in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        lines.append(f"  ... {len(rows) - MAX_ROWS} more")
    lines.append("  made by (newest first):")
    lines += [f"  {'  ' * depth}{kind} '{name}'" for depth, kind, name in chain(dataset)]
    return "\n".join(lines)


def dataset_html(dataset) -> str:
    rows = components(dataset.element_spec)
    steps = chain(dataset)
    chain_rows = [(h.join([h.esc("\u2003" * depth), h.code(kind)]), name) for depth, kind, name in steps]
    body = h.join([
        h.header("tf.data.Dataset", steps[0][1] if steps else "", h.badge(h.plural(len(rows), "component"))),
        h.section("Element", h.table(["component", "class", "dtype", "shape"], rows, MAX_ROWS, "components"),
                  len(rows)),
        h.section("Transformations (newest first)", h.table(["transformation", "op"], chain_rows, MAX_CHAIN, "steps"),
                  len(steps)),
    ])
    return h.wrap(body, dataset_text(dataset))
