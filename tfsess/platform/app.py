"""tf.app.run: absl.app.run, with TF's parser that leaves undefined flags in argv."""
from __future__ import annotations

import sys

from tfsess.platform.flags import absl_module


def _parse_flags_tolerate_undef(argv):
    """Parses the defined flags; unknown ones stay in the returned argv (absl would exit on them)."""
    return absl_module("flags").FLAGS(sys.argv if argv is None else argv, known_only=True)


def run(main=None, argv=None):
    """Runs main(argv) through absl.app.run and exits with its result (tf.app.run).

    Args:
      main: function of argv; default the `main` of the `__main__` module.
      argv: the command line (default sys.argv).
    """
    main = main or sys.modules["__main__"].main
    absl_module("app").run(main=main, argv=argv, flags_parser=_parse_flags_tolerate_undef)


__all__ = ["run"]
