"""Regenerates the *_pb2.py modules from the .proto files in this folder.

    python tfsess/protos/regenerate.py

Needs grpcio-tools (a development tool only: `pip install "grpcio-tools==1.62.*"`, best in a
throwaway virtual environment, since it pins its own protobuf). The committed modules were made
by grpcio-tools 1.62.3, whose protoc writes Protobuf Python 4.25 code: such code runs on every
protobuf runtime from 4.25 on (5.x, 6.x and 7.x included), so tfsess asks for protobuf>=4.25.

After protoc, each module is pointed at tfsess's own descriptor pool (see _pool.py) instead of
protobuf's default pool; nothing else in the generated code is touched.
"""
import glob
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))  # proto imports are written relative to the repository root
DEFAULT_POOL = "_descriptor_pool.Default()"
OWN_POOL = "_pool.POOL"
POOL_IMPORT = "from tfsess.protos import _pool\n"


def point_at_own_pool(path: str) -> None:
    with open(path) as f:
        code = f.read()
    if code.count(DEFAULT_POOL) != 1:
        raise RuntimeError(f"{path}: expected one {DEFAULT_POOL}; protoc's output changed")
    code = code.replace(DEFAULT_POOL, OWN_POOL)
    marker = "# @@protoc_insertion_point(imports)\n"
    code = code.replace(marker, marker + POOL_IMPORT, 1)
    with open(path, "w") as f:
        f.write(code)


def main() -> int:
    from grpc_tools import protoc  # development-time tool, not a tfsess dependency
    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")  # google/protobuf/any.proto
    protos = sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(HERE, "*.proto")))
    for old in glob.glob(os.path.join(HERE, "*_pb2.py")):
        os.remove(old)
    args = ["protoc", f"-I{ROOT}", f"-I{include}", f"--python_out={ROOT}", *protos]
    if protoc.main(args) != 0:
        return 1
    for path in sorted(glob.glob(os.path.join(HERE, "*_pb2.py"))):
        point_at_own_pool(path)
    print(f"generated {len(protos)} modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
