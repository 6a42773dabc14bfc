"""`%load_ext tfsess`: delegates to the ipython_ext package (tfsess itself never imports IPython)."""


def load_ipython_extension(shell):
    from ipython_ext import load_ipython_extension as load
    load(shell)


def unload_ipython_extension(shell):
    from ipython_ext import unload_ipython_extension as unload
    unload(shell)
