"""Every tf.compat.v1 name that tools/compat_sweep.py recorded as present exists in tfsess, and the
README's "Not yet in tfsess" section lists the rest."""
import json
import pathlib

import pytest

import tfsess

ROOT = pathlib.Path(__file__).resolve().parents[2]
TABLE = json.loads((ROOT / "tests" / "tf1" / "compat_v1_names.json").read_text())


def _module(path):
    obj = tfsess
    for part in path.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


@pytest.mark.parametrize("path", sorted(p for p in TABLE if TABLE[p]["present"]))
def test_every_name_claimed_present_exists(path):
    module = _module(path)
    absent = [name for name in TABLE[path]["present"] if not hasattr(module, name)]
    assert absent == [], f"{path} lacks {absent}"


def test_the_readme_lists_what_is_missing():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("<!-- compat-sweep:start -->")[1].split("<!-- compat-sweep:end -->")[0]
    for path, entry in TABLE.items():
        if path == "tf.raw_ops":  # counted, not listed: hundreds of TPU/XLA/test op types
            present = len(entry["present"])
            assert f"- **tf.raw_ops**: {present} of TF's {present + len(entry['missing'])} op types" in section
        elif entry["missing"]:
            line = next(l for l in section.splitlines() if l.startswith(f"- **{path}** "))
            assert all(f"`{name}`" in line for name in entry["missing"])
