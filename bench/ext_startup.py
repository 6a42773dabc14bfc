"""How much `%load_ext ipython_ext` adds to starting IPython and a real Jupyter kernel.

Each measurement runs in a fresh process (imports are not cached between samples):
  * shell:  python -c "start an IPython InteractiveShell [and %load_ext ipython_ext]"
  * kernel: start an ipykernel with jupyter_client, wait until ready, run a first cell
            ("pass", or "%load_ext ipython_ext") and wait for its reply.
The extension's share includes `import tfsess` (it creates the default session); in the shell
rows, `import tfsess` and the `%load_ext` magic itself are also timed apart.

Usage: python bench/ext_startup.py [--repeat 5] [--no-kernel]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}

SHELL_CODE = """
import json, time
t0 = time.perf_counter()
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config
c = Config(); c.HistoryAccessor.enabled = False
shell = InteractiveShell(config=c)
t1 = time.perf_counter()
if {load}:
    import tfsess
t_import = time.perf_counter()
if {load}:
    shell.run_line_magic("load_ext", "ipython_ext")
t2 = time.perf_counter()
print(json.dumps({{"shell": t1 - t0, "import": t_import - t1, "load": t2 - t_import, "total": t2 - t0}}))
"""


def shell_sample(load: bool) -> dict:
    out = subprocess.run([sys.executable, "-c", SHELL_CODE.format(load=load)], capture_output=True, text=True,
                         check=True, env=ENV, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def kernel_sample(first_cell: str, spec_dir: str) -> dict:
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    km = KernelManager(kernel_name="bench", kernel_spec_manager=KernelSpecManager(kernel_dirs=[spec_dir]))
    t0 = time.perf_counter()
    km.start_kernel(cwd=str(ROOT), env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = km.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        t1 = time.perf_counter()
        reply = client.execute_interactive(first_cell, timeout=120, output_hook=lambda msg: None)
        t2 = time.perf_counter()
        assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        client.stop_channels()
        km.shutdown_kernel(now=True)
    return {"ready": t1 - t0, "cell": t2 - t1, "total": t2 - t0}


def make_spec() -> str:
    root = tempfile.mkdtemp(prefix="tfsess-bench-")
    spec = Path(root, "bench")
    spec.mkdir()
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "bench", "language": "python"}))
    return root


def median(samples, key) -> float:
    return statistics.median(s[key] for s in samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-kernel", action="store_true", help="measure the InteractiveShell only")
    args = parser.parse_args()

    rows = []
    without = [shell_sample(False) for _ in range(args.repeat)]
    with_ext = [shell_sample(True) for _ in range(args.repeat)]
    rows.append(("InteractiveShell start", median(without, "total"), median(with_ext, "total")))
    rows.append(("  of which import tfsess", 0.0, median(with_ext, "import")))
    rows.append(("  of which %load_ext itself", 0.0, median(with_ext, "load")))
    if not args.no_kernel:
        try:
            spec = make_spec()
            k_without = [kernel_sample("pass", spec) for _ in range(args.repeat)]
            k_with = [kernel_sample("%load_ext ipython_ext", spec) for _ in range(args.repeat)]
            rows.append(("kernel start + first cell", median(k_without, "total"), median(k_with, "total")))
            rows.append(("  of which first cell", median(k_without, "cell"), median(k_with, "cell")))
        except Exception as e:  # noqa: BLE001 - report, do not crash the table
            print(f"(kernel not measured: {type(e).__name__}: {e})")

    print(f"median of {args.repeat} fresh processes each; python {sys.version.split()[0]}")
    print(f"{'':28} {'without ext':>12} {'with ext':>10} {'added':>9}")
    for name, base, ext in rows:
        print(f"{name:28} {base:11.3f}s {ext:9.3f}s {ext - base:+8.3f}s")


if __name__ == "__main__":
    main()
