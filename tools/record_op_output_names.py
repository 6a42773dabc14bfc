"""Writes tfsess/framework/op_output_names.json: TF's output arg names of each op type tfsess knows.

A FunctionDef names a node's output as `node:arg:index` (TF's output arg name, then the index within
that arg), so reading and writing function bodies needs each op's output arg names. Run with the
Python of a TensorFlow install:  python tools/record_op_output_names.py /path/to/tf/python
"""
import json
import os
import subprocess
import sys

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_OUT = os.path.join(_ROOT, "tfsess", "framework", "op_output_names.json")
_EXTRA = ["PartitionedCall", "StatefulPartitionedCall", "If", "StatelessIf", "While", "StatelessWhile",
          "Case", "StatelessCase", "For", "SymbolicGradient"]

_PROBE = r"""
import json, sys
from tensorflow.python.framework import op_def_registry
out = {}
for name in json.load(sys.stdin):
    op_def = op_def_registry.get(name)
    if op_def is not None:
        out[name] = [arg.name for arg in op_def.output_arg]
print(json.dumps(out, sort_keys=True))
"""


def main(tf_python):
    with open(os.path.join(_ROOT, "tfsess", "framework", "op_signatures.json"), encoding="utf-8") as f:
        names = sorted(set(json.load(f)) | set(_EXTRA))
    done = subprocess.run([tf_python, "-c", _PROBE], input=json.dumps(names), capture_output=True, text=True,
                          check=True)
    table = json.loads(done.stdout.strip().splitlines()[-1])
    with open(_OUT, "w", encoding="utf-8") as f:
        kept = {k: v for k, v in sorted(table.items()) if v != ["output"]}  # "output" is the default
        f.write("{\n" + ",\n".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in kept.items()) + "\n}\n")
    print(f"{len(table)} op types, {_OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "python")
