"""compile / fit / evaluate / predict in graph mode, as legacy Keras's v1 training loops run them.

`compile` records the loss, metrics and optimizer; the first fit/evaluate builds, on the model's
graph, a target placeholder per output (`<output layer>_target`), the loss (per output: the
function's per-sample values averaged over the batch, plus the model's regularization losses) and
the metrics, and on the first fit the optimizer's updates (in name_scope('training')) and the layers'
updates. Each batch is one `Session.run` in the Keras session with the learning phase fed True
while training. Epoch values are the batch values averaged by batch size; with `shuffle`, the
order of each epoch is `np.random.shuffle` of a fresh range, as Keras's (seed it with np.random.seed).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import nest
from tfsess.framework.graph_api import control_dependencies
from tfsess.keras import backend, callbacks as callbacks_module, losses as losses_module
from tfsess.keras import metrics as metrics_module, optimizers
from tfsess.ops import constant_op, control_flow_ops, math_ops, reduction_ops


def _metric_fn(identifier, loss_fn, output):
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
    fn = metrics_module.get(identifier)
    return getattr(fn, "__name__", str(identifier)), fn


def _per_output(value, names, default=None):
    if isinstance(value, dict):
        return [value.get(name, default) for name in names]
    if isinstance(value, (list, tuple)) and len(names) > 1 and (not value or not isinstance(value[0], str)
                                                                or len(value) == len(names)):
        return list(value)
    return [value] * len(names)


def _batches(size, batch_size):
    return [(start, min(size, start + batch_size)) for start in range(0, size, batch_size)]


class Trainer:
    """compile/fit/evaluate/predict and the *_on_batch methods of a Keras Model."""

    def compile(self, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None, sample_weight_mode=None,
                weighted_metrics=None, target_tensors=None, run_eagerly=None, **kwargs):
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        self._compile_args = (loss, metrics or [], loss_weights)
        self._compiled = None
        self._train_step = None
        if self.inputs is not None:
            self._build_compiled(None)

    # ---------------------------------------------------------------- building
    def _build_compiled(self, x):
        if self._compiled is not None:
            return self._compiled
        if getattr(self, "optimizer", None) is None:
            raise RuntimeError("You must compile your model before training/testing. Use `model.compile(optimizer, "
                               "loss)`.")
        self._ensure_built_for(x)
        loss, metrics, loss_weights = self._compile_args
        names = self.output_names
        graph = self.outputs[0].graph
        with graph.as_default():
            targets = [constant_op.placeholder(output.dtype.base_dtype, shape=[None] * output.shape.ndims,
                                               name=f"{name}_target")
                       for output, name in zip(self.outputs, names)]
            loss_fns = [losses_module.get(fn) for fn in _per_output(loss, names)]
            weights = _per_output(loss_weights, names, 1.0) if loss_weights is not None else [1.0] * len(names)
            output_losses = []
            with graph.name_scope("loss"):
                for name, fn, target, output in zip(names, loss_fns, targets, self.outputs):
                    with graph.name_scope(f"{name}_loss"):
                        if isinstance(fn, losses_module.Loss):
                            value = fn(target, output)
                        else:
                            value = losses_module.reduce_loss(fn(target, output), None,
                                                              losses_module.Reduction.SUM_OVER_BATCH_SIZE)
                    output_losses.append(value)
                total = None
                for weight, value in zip(weights, output_losses):
                    term = value * weight if weight != 1.0 else value
                    total = term if total is None else total + term
                extra = self.losses
                if extra:
                    total = total + math_ops.add_n(extra)
            metric_names, metric_tensors = [], []
            if len(names) > 1:
                metric_names = [f"{n}_loss" for n in names]
                metric_tensors = list(output_losses)
            per_output_metrics = metrics if isinstance(metrics, dict) else \
                ([metrics] * len(names) if not (len(names) > 1 and metrics and isinstance(metrics[0], list))
                 else metrics)
            for index, (name, fn, target, output) in enumerate(zip(names, loss_fns, targets, self.outputs)):
                wanted = per_output_metrics.get(name, []) if isinstance(per_output_metrics, dict) else \
                    per_output_metrics[index]
                for identifier in wanted if isinstance(wanted, (list, tuple)) else [wanted]:
                    metric_name, metric = _metric_fn(identifier, fn, output)
                    with graph.name_scope("metrics"), graph.name_scope(metric_name):
                        metric_tensors.append(reduction_ops.reduce_mean(metric(target, output)))
                    metric_names.append(metric_name if len(names) == 1 else f"{name}_{metric_name}")
        self.total_loss = total
        self._compiled = (targets, total, metric_names, metric_tensors)
        self.metrics_names = ["loss"] + metric_names
        return self._compiled

    def _train_fetches(self):
        targets, total, _, metric_tensors = self._compiled
        if self._train_step is None:
            graph = total.graph
            with graph.as_default(), graph.name_scope("training"):
                name = getattr(self.optimizer, "_name", type(self.optimizer).__name__)
                with graph.name_scope(name):
                    if hasattr(self.optimizer, "get_updates"):
                        updates = self.optimizer.get_updates(total, self.trainable_weights)
                    else:  # a tf.train optimizer
                        updates = [self.optimizer.minimize(total, var_list=self.trainable_weights)]
                updates = list(updates) + list(self.updates)
                with control_dependencies([total] + metric_tensors):
                    self._train_step = control_flow_ops.group(*updates)
        return [total] + metric_tensors, self._train_step

    # ---------------------------------------------------------------- data
    def _feed(self, x, y, rows, training):
        feed = {}
        xs = x if isinstance(x, (list, tuple)) else [x]
        for placeholder, data in zip(self.inputs, xs):
            feed[placeholder] = data[rows]
        if y is not None:
            ys = y if isinstance(y, (list, tuple)) else [y]
            for target, output, data in zip(self._compiled[0], self.outputs, ys):
                values = np.asarray(data)[rows]
                if values.ndim == output.shape.ndims - 1:
                    values = values[..., None]
                feed[target] = values
        if training:
            feed[backend.symbolic_learning_phase()] = True
        return feed

    def _run_batches(self, x, y, indices, batch_size, training, callbacks=None):
        fetches = list(self._compiled[3])
        total = self._compiled[1]
        if training:
            fetches, step = self._train_fetches()
        session = backend.get_session()
        sums = None
        for batch_index, (start, stop) in enumerate(_batches(len(indices), batch_size)):
            rows = indices[start:stop]
            logs = {"batch": batch_index, "size": len(rows)}
            if callbacks is not None:
                callbacks.on_batch_begin(batch_index, logs)
            feed = self._feed(x, y, rows, training)
            if training:
                values = session.run(fetches + [step], feed_dict=feed)[:-1]
            else:
                values = session.run([total] + fetches, feed_dict=feed)
            values = [np.float32(v) for v in values]
            weighted = [float(v) * len(rows) for v in values]
            sums = weighted if sums is None else [a + b for a, b in zip(sums, weighted)]
            if callbacks is not None:
                logs.update(zip(self.metrics_names, (float(v) for v in values)))
                callbacks.on_batch_end(batch_index, logs)
                if self.stop_training:
                    break
        return [s / len(indices) for s in sums]

    # ---------------------------------------------------------------- the public loops
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None, validation_split=0.0,
            validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0,
            steps_per_epoch=None, validation_steps=None, validation_freq=1, **kwargs):
        """Trains for `epochs` over (x, y) in batches; returns the History callback."""
        _no_weights(sample_weight, class_weight)
        batch_size = batch_size or 32
        if validation_split and validation_data is None:
            count = len(nest.flatten(x)[0])
            split = int(count * (1.0 - validation_split))
            validation_data = (_rows(x, slice(split, None)), _rows(y, slice(split, None)))
            x, y = _rows(x, slice(0, split)), _rows(y, slice(0, split))
        self._build_compiled(x)
        self._train_fetches()
        count = len(nest.flatten(x)[0])
        history = callbacks_module.History()
        callback_list = callbacks_module.CallbackList([history] + list(callbacks or []), model=self)
        out_labels = list(self.metrics_names)
        val_labels = [f"val_{n}" for n in out_labels] if validation_data is not None else []
        callback_list.set_params({"batch_size": batch_size, "epochs": epochs, "steps": None, "samples": count,
                                  "verbose": verbose, "do_validation": validation_data is not None,
                                  "metrics": out_labels + val_labels})
        self.stop_training = False
        callback_list.on_train_begin()
        for epoch in range(initial_epoch, epochs):
            callback_list.on_epoch_begin(epoch)
            index_array = np.arange(count)  # a fresh order each epoch, as Keras's loop makes it
            if shuffle == "batch":
                index_array = _batch_shuffle(index_array, batch_size)
            elif shuffle:
                np.random.shuffle(index_array)
            values = self._run_batches(x, y, index_array, batch_size, True, callback_list)
            logs = {name: float(v) for name, v in zip(out_labels, values)}
            if validation_data is not None and (epoch + 1) % validation_freq == 0 and not self.stop_training:
                val_x, val_y = validation_data[0], validation_data[1]
                val_order = np.arange(len(nest.flatten(val_x)[0]))
                np.random.shuffle(val_order)  # Keras's validation pass shuffles too (it draws from np.random)
                val = self._run_batches(val_x, val_y, val_order, batch_size, False)
                logs.update({name: float(v) for name, v in zip(val_labels, val)})
            if verbose:
                print(f"Epoch {epoch + 1}/{epochs}")
                print(" - ".join([f"{count}/{count}"] + [f"{k}: {v:.4f}" for k, v in logs.items()]))
            callback_list.on_epoch_end(epoch, logs)
            if self.stop_training:
                break
        callback_list.on_train_end()
        self.history = history
        return history

    def evaluate(self, x=None, y=None, batch_size=None, verbose=1, sample_weight=None, steps=None, callbacks=None,
                 return_dict=False, **kwargs):
        """The loss (and metrics) over (x, y), averaged by batch size; a scalar without metrics."""
        _no_weights(sample_weight, None)
        self._build_compiled(x)
        values = [np.float32(v) for v in
                  self._run_batches(x, y, np.arange(len(nest.flatten(x)[0])), batch_size or 32, False)]
        if return_dict:
            return {name: float(v) for name, v in zip(self.metrics_names, values)}
        return values[0] if len(values) == 1 else values

    def predict(self, x, batch_size=None, verbose=0, steps=None, callbacks=None, **kwargs):
        """The outputs for x, computed in batches and concatenated."""
        self._ensure_built_for(x)
        session = backend.get_session()
        count = len(nest.flatten(x)[0])
        pieces = []
        for start, stop in _batches(count, batch_size or 32):
            feed = self._feed(x, None, np.arange(start, stop), False)
            pieces.append(session.run(self.outputs, feed_dict=feed))
        outputs = [np.concatenate([p[i] for p in pieces]) for i in range(len(self.outputs))]
        return outputs[0] if len(outputs) == 1 else outputs

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, reset_metrics=True,
                       return_dict=False):
        self._build_compiled(x)
        fetches, step = self._train_fetches()
        rows = np.arange(len(nest.flatten(x)[0]))
        values = backend.get_session().run(fetches + [step], feed_dict=self._feed(x, y, rows, True))[:-1]
        return _result(self.metrics_names, [np.float32(v) for v in values], return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, reset_metrics=True, return_dict=False):
        self._build_compiled(x)
        rows = np.arange(len(nest.flatten(x)[0]))
        targets, total, _, metric_tensors = self._compiled
        values = backend.get_session().run([total] + metric_tensors, feed_dict=self._feed(x, y, rows, False))
        return _result(self.metrics_names, [np.float32(v) for v in values], return_dict)

    def predict_on_batch(self, x):
        return self.predict(x, batch_size=len(nest.flatten(x)[0]))


def _no_weights(sample_weight, class_weight):
    if sample_weight is not None or class_weight is not None:
        raise NotImplementedError("sample_weight and class_weight are not supported yet.")


def _result(names, values, return_dict):
    if return_dict:
        return {name: float(v) for name, v in zip(names, values)}
    return values[0] if len(values) == 1 else values


def _batch_shuffle(index_array, batch_size):
    """Shuffles whole batches (the tail that fills no batch stays last)."""
    batch_count = len(index_array) // batch_size
    last_batch = index_array[batch_count * batch_size:]
    index_array = index_array[:batch_count * batch_size].reshape((batch_count, batch_size))
    np.random.shuffle(index_array)
    return np.append(index_array.flatten(), last_batch)


def _rows(data, rows):
    if data is None:
        return None
    if isinstance(data, (list, tuple)):
        return [np.asarray(d)[rows] for d in data]
    return np.asarray(data)[rows]


__all__ = ["Trainer"]
