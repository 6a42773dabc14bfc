"""The tf.sysconfig namespace: where tfsess lives and how it was built."""
from tfsess.runtime.sysconfig import (CXX11_ABI_FLAG, CXX_VERSION, MONOLITHIC_BUILD, get_build_info,  # noqa: F401
                                      get_compile_flags, get_include, get_lib, get_link_flags)

__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
