"""tf.flags is absl.flags (with TF's old keyword names and implicit parse); tf.app.run is absl's."""
import sys

import pytest
from absl import flags as absl_flags

import tfsess as tf


def test_flags_are_absl_flags():
    assert tf.flags.FlagValues is absl_flags.FlagValues
    assert tf.app.flags.DEFINE_enum is absl_flags.DEFINE_enum
    assert tf.flags.FLAGS is tf.app.flags.FLAGS
    assert "DEFINE_multi_enum" in dir(tf.flags)


def test_define_takes_tf_old_keyword_names():
    fv = tf.flags.FlagValues()
    tf.flags.DEFINE_integer(flag_name="old_names", default_value=5, docstring="d", flag_values=fv)
    fv(["prog", "--old_names=7"])
    assert fv.old_names == 7 and fv["old_names"].help == "d"


def test_reading_flags_before_parse_parses_sys_argv(monkeypatch):
    tf.flags.DEFINE_string("implicit_parse_flag", "d", "s")
    tf.flags.FLAGS.unparse_flags()
    monkeypatch.setattr(sys, "argv", ["prog", "--implicit_parse_flag=from_argv"])
    assert tf.flags.FLAGS.implicit_parse_flag == "from_argv"
    assert tf.flags.FLAGS.is_parsed()


def test_app_run_tolerates_undefined_flags():
    got = []
    with pytest.raises(SystemExit) as exit_info:
        tf.app.run(main=lambda argv: got.append(argv), argv=["prog", "--not_defined_anywhere=1", "x"])
    assert exit_info.value.code is None and got == [["prog", "--not_defined_anywhere=1", "x"]]


def test_missing_absl_names_the_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "absl", None)
    with pytest.raises(ImportError, match="absl-py"):
        tf.flags.FlagValues  # noqa: B018
    with pytest.raises(ImportError, match="absl-py"):
        tf.app.run(main=lambda argv: 0, argv=["prog"])
