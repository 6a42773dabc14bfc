"""tf.compat: TF's versioned namespaces, as far as tfsess has them.

`tf.compat.v1` is tfsess itself (it implements tf.compat.v1). `tf.compat.v2` holds only
`summary` (TF2's summary writers in graph mode); other v2 names are not in tfsess.
"""
import types

from tfsess.summary import v2_api as _v2_summary, v2_plugins as _v2_plugins


def _namespace(name, doc, **members):
    module = types.ModuleType(name, doc)
    module.__dict__.update(members)
    return module


_experimental = _namespace("tfsess.compat.v2.summary.experimental", "tf.compat.v2.summary.experimental",
                           get_step=_v2_summary.get_step, set_step=_v2_summary.set_step,
                           summary_scope=_v2_summary.summary_scope)
summary_v2 = _namespace(
    "tfsess.compat.v2.summary", "tf.compat.v2.summary: TF2's summary API in graph mode.",
    SummaryWriter=_v2_summary.SummaryWriter, audio=_v2_plugins.audio,
    create_file_writer=_v2_summary.create_file_writer, create_noop_writer=_v2_summary.create_noop_writer,
    experimental=_experimental, flush=_v2_summary.flush, histogram=_v2_plugins.histogram,
    image=_v2_plugins.image, record_if=_v2_summary.record_if, scalar=_v2_summary.scalar,
    should_record_summaries=_v2_summary.should_record_summaries, text=_v2_summary.text,
    write=_v2_summary.write)


class _V2(types.ModuleType):
    """tf.compat.v2 with only `summary`: any other name says it is not in tfsess."""

    summary = summary_v2

    def __getattr__(self, name):
        raise AttributeError(f"tfsess.compat.v2 has only 'summary'; tf.compat.v2.{name} is not in tfsess")


v2 = _V2("tfsess.compat.v2", "tf.compat.v2 (only summary)")


v1 = None  # tfsess itself, set by tfsess/__init__ (importing the package here would be a cycle)

__all__ = ["v1", "v2"]
