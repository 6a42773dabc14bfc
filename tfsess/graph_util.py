"""The tf.graph_util namespace: GraphDef surgery and import_graph_def."""
from tfsess.framework.graph_util_impl import *  # noqa: F401,F403
from tfsess.framework.importer import import_graph_def  # noqa: F401
