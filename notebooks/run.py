#!/usr/bin/env python3
"""Executes the teaching notebooks headless on a real kernel; writes executed copies and HTML.

    python notebooks/run.py                 # every notebook in notebooks/
    python notebooks/run.py 01_sessions     # the ones whose name starts with these
    python notebooks/run.py --out DIR       # where executed .ipynb and .html go (default notebooks/_executed)

Exits non-zero if any cell raises (the notebooks assert what they teach). The kernel is this
Python (`sys.executable`), whatever kernelspecs the machine has, with the repository root on
PYTHONPATH, so a checkout runs its own tfsess and ipython_ext.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import pathlib
import re
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
KERNEL_NAME = "tfsess-notebooks"


def notebooks(prefixes=()):
    """The numbered notebooks, optionally only those whose name starts with one of `prefixes`."""
    found = sorted(p for p in HERE.glob("[0-9][0-9]_*.ipynb"))
    return [p for p in found if not prefixes or any(p.stem.startswith(x) for x in prefixes)]


@contextlib.contextmanager
def _kernel_manager():
    """A KernelManager for a throwaway kernelspec that runs this interpreter."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    with tempfile.TemporaryDirectory(prefix="tfsess-kernels-") as kernels:
        spec = pathlib.Path(kernels) / KERNEL_NAME
        spec.mkdir()
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        spec.joinpath("kernel.json").write_text(json.dumps(
            {"argv": argv, "display_name": "tfsess notebooks", "language": "python"}))
        # IPC (Unix sockets in a private directory) rather than TCP: no network port is opened
        yield KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=KernelSpecManager(kernel_dirs=[kernels]),
                            transport="ipc", ip=str(pathlib.Path(kernels) / "kernel-ipc"))


def _kernel_env() -> dict:
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


def execute(path: pathlib.Path, out_dir: pathlib.Path, timeout: int = 300):
    """Runs one notebook top to bottom in a fresh kernel; returns the executed notebook node.

    Writes `out_dir/NAME.ipynb` (also when a cell fails, with the error in its outputs) and
    `out_dir/NAME.html` (when nbconvert is installed), then re-raises a cell's error. Widget state
    is not stored: nbconvert then shows each widget's static HTML, which needs no JavaScript.
    """
    import nbformat
    from nbclient import NotebookClient
    path = pathlib.Path(path)
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(path, as_version=4)
    with _kernel_manager() as km:
        client = NotebookClient(nb, km=km, timeout=timeout, resources={"metadata": {"path": str(HERE)}},
                                store_widget_state=False)
        try:
            client.execute(env=_kernel_env())
        finally:
            _shutdown(client, km)
            nbformat.write(nb, out_dir / path.name)
            write_html(nb, out_dir / (path.stem + ".html"))
    return nb


def _shutdown(client, km):
    # nbclient leaves a kernel it did not create running: stop it here, not at interpreter exit.
    if client.kc is not None:
        client.kc.stop_channels()
    if km.has_kernel:
        km.shutdown_kernel(now=True)


def write_html(nb, target: pathlib.Path):
    """The notebook as nbconvert's HTML page (skipped when nbconvert is not installed)."""
    try:
        from nbconvert import HTMLExporter
    except ImportError:  # HTML is a convenience; the executed notebook is the result
        return None
    html, _ = HTMLExporter().from_notebook_node(nb)
    target.write_text(html, encoding="utf-8")
    return target


def plain(text: str) -> str:
    """`text` without the ANSI colour codes of IPython tracebacks."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", help="notebook name prefixes (default: all)")
    ap.add_argument("--out", default=str(HERE / "_executed"))
    ap.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    args = ap.parse_args(argv)
    failures = 0
    for path in notebooks(args.names):
        start = time.perf_counter()
        try:
            execute(path, pathlib.Path(args.out), args.timeout)
            print(f"ok    {path.name}  ({time.perf_counter() - start:.1f} s)")
        except Exception as exc:  # report every notebook, then fail
            failures += 1
            print(f"FAIL  {path.name}: {type(exc).__name__}: {plain(str(exc))[-2000:]}")
    print(f"executed notebooks written to {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
