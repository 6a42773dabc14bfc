"""tf.app.run: parse the flags out of argv, then call main(argv) and exit with its result."""
from __future__ import annotations

import sys

from tfsess.platform import flags


def run(main=None, argv=None):
    """Parses the defined flags (unknown ones stay in argv, as TF tolerates them) and exits with main(argv).

    Args:
      main: function of argv; default the `main` of the `__main__` module.
      argv: the command line (default sys.argv).
    """
    argv = flags.FLAGS(sys.argv if argv is None else argv, known_only=True)
    main = main or sys.modules["__main__"].main
    sys.exit(main(argv))


__all__ = ["run"]
