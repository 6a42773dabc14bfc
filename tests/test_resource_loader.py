"""tf.resource_loader: data files next to the calling script."""
import os

import pytest

import tfsess as tf


def test_paths_are_relative_to_the_calling_file(tmp_path):
    here = os.path.dirname(os.path.abspath(__file__))
    assert tf.resource_loader.get_data_files_path() == here
    assert tf.resource_loader.get_path_to_datafile("x/y.txt") == os.path.join(here, "x/y.txt")
    assert tf.resource_loader.readahead_file_path("/a/b") == "/a/b"
    package = os.path.dirname(tf.resource_loader.__file__)
    assert tf.resource_loader.get_root_dir_with_all_resources() == package
    assert tf.resource_loader.load_resource("resource_loader.py").startswith(b'"""tf.resource_loader')
    with pytest.raises(FileNotFoundError):
        tf.resource_loader.load_resource("no_such_resource.txt")
