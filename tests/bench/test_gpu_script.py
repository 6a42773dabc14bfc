"""bench/gpu.py's code path: without a GPU it says so with its own exit status; on a simulated GPU
each workload's tfsess step and hand-written step agree and the table comes out."""
import importlib.util
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GPU = os.path.join(ROOT, "bench", "gpu.py")
EXIT_NO_GPU = 3


def _run(*args):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (ROOT, env.get("PYTHONPATH")) if p)
    env.pop("TFSESS_SIMULATED_GPUS", None)
    return subprocess.run([sys.executable, GPU, *args], capture_output=True, text=True, env=env, timeout=300)


def test_without_cupy_it_says_so_and_exits_with_its_own_status():
    if importlib.util.find_spec("cupy") is not None:
        pytest.skip("cupy is installed here")
    done = _run("--rounds", "1")
    assert done.returncode == EXIT_NO_GPU
    assert "cupy does not import" in done.stderr and done.stdout == ""


def test_simulated_gpu_runs_every_workload_and_checks_both_sides_agree():
    done = _run("--simulated", "--rounds", "2", "--runs", "1")
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| workload |") and "NumPy" in rows[0]
    assert [row.split("|")[1].strip() for row in rows[1:]] == ["matmul", "mlp_train", "conv2d", "lstm_train"]
    assert all("ops on the GPU" in row for row in rows[1:])
    assert "simulated GPU" in done.stdout


def test_write_refuses_simulated_numbers():
    done = _run("--simulated", "--write")
    assert done.returncode == 2 and "real GPU" in done.stderr


def test_write_replaces_only_the_table_between_the_markers(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_gpu", GPU)
    gpu = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gpu)
    doc = tmp_path / "GPU.md"
    doc.write_text(f"# title\nintro\n{gpu.TABLE_BEGIN}\nold table\n{gpu.TABLE_END}\nafter\n")
    gpu.GPU_MD = str(doc)
    gpu.write_gpu_md("| new | table |")
    assert doc.read_text() == f"# title\nintro\n{gpu.TABLE_BEGIN}\n| new | table |\n{gpu.TABLE_END}\nafter\n"
