"""Regenerates two tables of tfsess's op types from TF's: framework/op_signatures.json (each type's
argument signature and attr defaults, what GraphDef import and export need) and
framework/raw_op_args.json (the keyword arguments of its tf.raw_ops function).

    python tools/regenerate_op_signatures.py /path/to/tf-venv/bin/python

Lists the op types tfsess registers, then asks the given interpreter (one with TensorFlow
installed) for each type's OpDef and tf.raw_ops signature, and writes the tables. A development
tool only: tfsess never imports TensorFlow.
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the checkout

# Runs under TensorFlow's interpreter: op types on stdin -> JSON {type: [inputs, outputs, defaults]}.
_DUMP = r'''
import json, sys
from tensorflow.python.framework import op_def_registry
from tensorflow.core.framework import types_pb2

def arg(a):
    base = a.type_attr or ("[" + a.type_list_attr + "]" if a.type_list_attr else "")
    return (a.number_attr + "*" if a.number_attr else "") + base

def default(v):
    kind = v.WhichOneof("value")
    if kind == "list":
        for f in ("s", "i", "f", "b", "type", "shape"):
            items = list(getattr(v.list, f))
            if items:
                return [default_item(f, x) for x in items]
        return []
    if kind in ("s", "i", "f", "b", "type", "shape"):
        return default_item(kind, getattr(v, kind))
    return None

def default_item(kind, x):
    if kind == "s":
        return x.decode()
    if kind == "type":
        return {"type": types_pb2.DataType.Name(x)[3:].lower()}
    if kind == "shape":
        return {"shape": None if x.unknown_rank else [d.size for d in x.dim]}
    return x

out = {}
for name in sys.stdin.read().split():
    op = op_def_registry.get(name)
    if op is None:
        continue
    defaults = {a.name: default(a.default_value) for a in op.attr if a.HasField("default_value")}
    out[name] = [[arg(a) for a in op.input_arg], [arg(a) for a in op.output_arg],
                 {k: v for k, v in defaults.items() if v is not None}]
print(json.dumps(out))
'''

# Runs under TensorFlow's interpreter: op types on stdin -> JSON {type: raw op record} (see raw_op_args.py).
_DUMP_RAW = r'''
import inspect, json, sys
import tensorflow as tf
from tensorflow.python.framework import op_def_registry
from tensorflow.core.framework import types_pb2

def type_name(t):
    name = types_pb2.DataType.Name(t)[3:].lower()
    return {"float": "float32", "double": "float64", "half": "float16"}.get(name, name)

out = {}
for name in sys.stdin.read().split():
    op, fn = op_def_registry.get(name), getattr(tf.raw_ops, name, None)
    if op is None or fn is None:
        continue
    params = [p.name for p in inspect.signature(fn).parameters.values() if p.name != "name"]
    inputs = [[py, a.name, a.number_attr, a.type_attr, a.type_list_attr, type_name(a.type) if a.type else "",
               a.is_ref] for py, a in zip(params, op.input_arg)]
    inferred = {a.number_attr for a in op.input_arg} | {a.type_attr for a in op.input_arg} | {
        a.type_list_attr for a in op.input_arg}
    open_attrs = [a.name for a in op.attr if a.name not in inferred]
    names = params[len(op.input_arg):]
    # python names are the attrs' own, except where TF's ApiDef renames one (Squeeze: squeeze_dims -> axis)
    unmatched = iter([a for a in open_attrs if a not in names])
    attrs = [[py, py if py in open_attrs else next(unmatched)] for py in names]
    kinds = {}
    for a in op.attr:
        allowed = a.allowed_values.list
        choices = [type_name(t) for t in allowed.type] or [s.decode() for s in allowed.s]
        kinds[a.name] = [a.type, choices, a.minimum if a.has_minimum else None]
    out[name] = [fn.__name__, inputs, [a.name for a in op.output_arg], attrs, kinds]
print(json.dumps(out))
'''


def attr_json(value):
    """An attr default as op_signatures.json holds it: a dtype as {"type": tfsess's name}, a shape as its dims."""
    if isinstance(value, dict) and "type" in value:
        names = {"float": "float32", "double": "float64", "half": "float16"}
        return {"type": names.get(value["type"], value["type"])}
    if isinstance(value, dict):
        return value["shape"]
    if isinstance(value, list):
        return [attr_json(v) for v in value]
    return value


def main(tf_python):
    sys.path.insert(0, ROOT)
    import tfsess  # noqa: F401 - registers every op type
    from tfsess.framework.registry import REGISTRY
    dump = subprocess.run([tf_python, "-c", _DUMP], input="\n".join(sorted(REGISTRY)), capture_output=True,
                          text=True, check=True)
    table = json.loads(dump.stdout.strip().splitlines()[-1])
    lines = []  # one op type per line, so that a regeneration's diff shows the op types it changed
    for name in sorted(table):
        inputs, outputs, defaults = table[name]
        attrs = {k: attr_json(v) for k, v in sorted(defaults.items())}
        lines.append(f"{json.dumps(name)}: {json.dumps([inputs, outputs, attrs])}")
    _write("op_signatures.json", lines)
    dump = subprocess.run([tf_python, "-c", _DUMP_RAW], input="\n".join(sorted(REGISTRY)), capture_output=True,
                          text=True, check=True)
    table = json.loads(dump.stdout.strip().splitlines()[-1])
    _write("raw_op_args.json", [f"{json.dumps(name)}: {json.dumps(table[name])}" for name in sorted(table)])


def _write(file_name, lines):
    with open(os.path.join(ROOT, "tfsess", "framework", file_name), "w", encoding="utf-8") as f:
        f.write("{\n" + ",\n".join(lines) + "\n}\n")


if __name__ == "__main__":
    main(sys.argv[1])
