"""`import tfsess` needs NumPy alone: no optional package is imported, and none is required."""
import subprocess
import sys

OPTIONAL = ["google_crc32c", "google.protobuf", "cupy", "IPython", "ipywidgets", "distributed", "dask", "matplotlib", "nbclient"]


def test_import_needs_only_numpy():
    blocked = "; ".join(f"sys.modules[{name!r}] = None" for name in OPTIONAL)  # makes their import fail
    code = f"import sys; {blocked}; import tfsess as tf; print(tf.Session().run(tf.constant(2.0) * 3.0))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "6.0"


def test_import_loads_no_optional_package():
    code = "import sys, tfsess; print(sorted(m for m in %r if m in sys.modules))" % (OPTIONAL,)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
