"""The tf.gfile namespace: TF1's CamelCase names for the local-file functions of tf.io.gfile."""
from tfsess.runtime.file_io import GFile  # noqa: F401
from tfsess.runtime.file_io import GFile as FastGFile  # noqa: F401
from tfsess.runtime.file_io import GFile as Open  # noqa: F401
from tfsess.runtime.file_io import copy as Copy  # noqa: F401
from tfsess.runtime.file_io import exists as Exists  # noqa: F401
from tfsess.runtime.file_io import glob as Glob  # noqa: F401
from tfsess.runtime.file_io import isdir as IsDirectory  # noqa: F401
from tfsess.runtime.file_io import listdir as ListDirectory  # noqa: F401
from tfsess.runtime.file_io import makedirs as MakeDirs  # noqa: F401
from tfsess.runtime.file_io import mkdir as MkDir  # noqa: F401
from tfsess.runtime.file_io import remove as Remove  # noqa: F401
from tfsess.runtime.file_io import rename as Rename  # noqa: F401
from tfsess.runtime.file_io import rmtree as DeleteRecursively  # noqa: F401
from tfsess.runtime.file_io import stat as Stat  # noqa: F401
from tfsess.runtime.file_io import walk_v1 as Walk  # noqa: F401
