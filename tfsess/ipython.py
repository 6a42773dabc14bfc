"""`%load_ext tfsess`: delegates to the ipython_ext package (tfsess itself never imports IPython).

Only `tfsess.load_ipython_extension` imports this module, when IPython loads the extension.
"""
from ipython_ext.extension import load_ipython_extension, unload_ipython_extension

__all__ = ["load_ipython_extension", "unload_ipython_extension"]
