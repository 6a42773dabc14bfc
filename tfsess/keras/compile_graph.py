"""The graph `Model.compile` makes (legacy Keras's v1 training endpoints): per output a target
placeholder (`<output>_target`) and a sample-weights placeholder (`<output>_sample_weights`: [batch],
or [batch, time] with sample_weight_mode='temporal'), the weighted loss (the output's Keras mask
a weight too) and, per metric, the (weighted sum, weight sum) of one batch that the training loop
accumulates as Keras's stateful metrics do. `metrics` are weighted by the mask only,
`weighted_metrics` by the sample weights as well (named `weighted_<metric>`)."""
from __future__ import annotations

from dataclasses import dataclass

from tfsess.keras import losses as losses_module, metrics as metrics_module, weighting
from tfsess.ops import constant_op, math_ops


@dataclass(frozen=True)
class CompiledGraph:
    targets: list
    sample_weights: list
    temporal: list
    total: object
    metric_names: list
    metric_pairs: list


def metric_fn(identifier, loss_fn, output):
    """(name, per-sample function) of a metric as compile takes it; 'accuracy' follows the loss."""
    if identifier in ("accuracy", "acc"):
        loss_name = getattr(loss_fn, "__name__", getattr(getattr(loss_fn, "fn", None), "__name__", ""))
        last = output.shape.as_tuple_or_none()[-1] if output.shape.ndims else None
        if loss_name == "sparse_categorical_crossentropy":
            fn = metrics_module.sparse_categorical_accuracy
        elif loss_name == "binary_crossentropy" or last == 1:
            fn = metrics_module.binary_accuracy
        else:
            fn = metrics_module.categorical_accuracy
        return "acc", fn
    if isinstance(identifier, metrics_module.MeanMetricWrapper):
        return identifier.name, identifier._fn
    if isinstance(identifier, metrics_module.Metric):
        raise NotImplementedError(f"compile(metrics=[{type(identifier).__name__}(...)]): only mean metrics "
                                  "(functions, names and MeanMetricWrapper objects) are built in compile.")
    fn = metrics_module.get(identifier)
    return getattr(fn, "__name__", str(identifier)), fn


def per_output(value, names, default=None):
    if isinstance(value, dict):
        return [value.get(name, default) for name in names]
    if isinstance(value, (list, tuple)) and len(names) > 1 and (not value or not isinstance(value[0], str)
                                                                or len(value) == len(names)):
        return list(value)
    return [value] * len(names)


def _per_output_metrics(metrics, names, index):
    if isinstance(metrics, dict):
        wanted = metrics.get(names[index], [])
    elif len(names) > 1 and metrics and isinstance(metrics[0], (list, tuple)):
        wanted = metrics[index]
    else:
        wanted = metrics or []
    return list(wanted) if isinstance(wanted, (list, tuple)) else [wanted]


def _output_loss(fn, target, output, weights, mask):
    dtype = output.dtype.base_dtype
    reduction = getattr(fn, "reduction", weighting.AUTO)
    values = fn.call(target, output) if isinstance(fn, losses_module.Loss) else fn(target, output)
    weights = weighting.weights_with_mask(weights, mask, dtype, reduction)
    return weighting.reduce_weighted(values, weights, reduction)


def build(model, loss, metrics, loss_weights, sample_weight_mode, weighted_metrics):
    """The CompiledGraph of `model` (built on its outputs' graph)."""
    names = model.output_names
    graph = model.outputs[0].graph
    modes = per_output(sample_weight_mode, names)
    with graph.as_default():
        targets = [constant_op.placeholder(output.dtype.base_dtype, shape=[None] * output.shape.ndims,
                                           name=f"{name}_target") for output, name in zip(model.outputs, names)]
        sample_weights = [constant_op.placeholder(output.dtype.base_dtype,
                                                  shape=[None, None] if mode == "temporal" else [None],
                                                  name=f"{name}_sample_weights")
                          for output, name, mode in zip(model.outputs, names, modes)]
        masks = [getattr(output, "_keras_mask", None) for output in model.outputs]
        loss_fns = [losses_module.get(fn) for fn in per_output(loss, names)]
        weights = per_output(loss_weights, names, 1.0) if loss_weights is not None else [1.0] * len(names)
        output_losses = []
        with graph.name_scope("loss"):
            for name, fn, target, output, sw, mask in zip(names, loss_fns, targets, model.outputs, sample_weights,
                                                          masks):
                with graph.name_scope(f"{name}_loss"):
                    output_losses.append(_output_loss(fn, target, output, sw, mask))
            total = None
            for weight, value in zip(weights, output_losses):
                term = value * weight if weight != 1.0 else value
                total = term if total is None else total + term
            if model.losses:
                total = total + math_ops.add_n(model.losses)
        metric_names, metric_pairs = [], []
        if len(names) > 1:
            metric_names = [f"{n}_loss" for n in names]
            metric_pairs = [(value, constant_op.constant(1.0)) for value in output_losses]
        for index, (name, fn, target, output) in enumerate(zip(names, loss_fns, targets, model.outputs)):
            mask = masks[index]
            plain = [(i, weighting.weights_with_mask(None, mask, output.dtype.base_dtype), "")
                     for i in _per_output_metrics(metrics, names, index)]
            weighted = [(i, weighting.weights_with_mask(sample_weights[index], mask, output.dtype.base_dtype),
                         "weighted_") for i in _per_output_metrics(weighted_metrics, names, index)]
            for identifier, metric_weights, prefix in plain + weighted:
                metric_name, metric = metric_fn(identifier, fn, output)
                metric_name = prefix + metric_name
                with graph.name_scope("metrics"), graph.name_scope(metric_name):
                    metric_pairs.append(weighting.metric_sums(metric(target, output), metric_weights))
                metric_names.append(metric_name if len(names) == 1 else f"{name}_{metric_name}")
    return CompiledGraph(targets, sample_weights, [m == "temporal" for m in modes], total, metric_names,
                         metric_pairs)


def flat_metric_tensors(compiled):
    return [t for pair in compiled.metric_pairs for t in pair]


__all__ = ["CompiledGraph", "build", "flat_metric_tensors", "metric_fn", "per_output"]
