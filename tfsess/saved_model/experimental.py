"""The tf.saved_model.experimental namespace: re-exports."""
from tfsess.saved_model.object_save import save  # noqa: F401
from tfsess.saved_model.save_options import VariablePolicy  # noqa: F401
from tfsess.saved_model.trackable_assets import TrackableResource  # noqa: F401
