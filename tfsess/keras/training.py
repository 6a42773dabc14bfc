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
from tfsess.keras import backend, callbacks as callbacks_module, compile_graph, optimizers, weighting
from tfsess.ops import control_flow_ops


def _batches(size, batch_size):
    return [(start, min(size, start + batch_size)) for start in range(0, size, batch_size)]


class MetricTotals:
    """Keras's stateful mean metrics, kept here: float32 (sum, count) per metric, added batch by batch."""

    def __init__(self, count):
        self.sums, self.counts = np.zeros(count, np.float32), np.zeros(count, np.float32)

    def add(self, flat_pairs):
        self.sums = self.sums + np.asarray(flat_pairs[0::2], np.float32)
        self.counts = self.counts + np.asarray(flat_pairs[1::2], np.float32)

    def results(self):
        safe = np.where(self.counts == 0, np.float32(1), self.counts)
        return [np.float32(v) for v in np.where(self.counts == 0, np.float32(0), self.sums / safe)]


class Trainer:
    """compile/fit/evaluate/predict and the *_on_batch methods of a Keras Model."""

    def compile(self, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None, sample_weight_mode=None,
                weighted_metrics=None, target_tensors=None, run_eagerly=None, **kwargs):
        if target_tensors is not None:
            raise NotImplementedError("compile(target_tensors=...) is not built; feed the targets to fit.")
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        self._compile_args = (loss, metrics or [], loss_weights, sample_weight_mode, weighted_metrics or [])
        # what an HDF5 model file keeps of the compile call (names and configs only)
        self._training_config = {"loss": loss if isinstance(loss, (str, dict, list, type(None))) else None,
                                 "metrics": [m for m in metrics or [] if isinstance(m, str)] or None,
                                 "loss_weights": loss_weights, "sample_weight_mode": sample_weight_mode,
                                 "weighted_metrics": None,
                                 "optimizer_config": {"class_name": type(self.optimizer).__name__,
                                                      "config": self.optimizer.get_config()}
                                 if hasattr(self.optimizer, "get_config") else None}
        self._compiled = None
        self._train_step = None
        self._metric_totals = None
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
        self._compiled = compile_graph.build(self, *self._compile_args)
        self.total_loss = self._compiled.total
        self.metrics_names = ["loss"] + self._compiled.metric_names
        return self._compiled

    def _train_fetches(self):
        compiled = self._compiled
        metric_tensors = compile_graph.flat_metric_tensors(compiled)
        if self._train_step is None:
            graph = compiled.total.graph
            with graph.as_default(), graph.name_scope("training"):
                name = getattr(self.optimizer, "_name", type(self.optimizer).__name__)
                with graph.name_scope(name):
                    if hasattr(self.optimizer, "get_updates"):
                        updates = self.optimizer.get_updates(compiled.total, self.trainable_weights)
                    else:  # a tf.train optimizer
                        updates = [self.optimizer.minimize(compiled.total, var_list=self.trainable_weights)]
                updates = list(updates) + list(self.updates)
                with control_dependencies([compiled.total] + metric_tensors):
                    self._train_step = control_flow_ops.group(*updates)
        return [compiled.total] + metric_tensors, self._train_step

    # ---------------------------------------------------------------- data
    def _batch_size(self, batch_size):
        """The batch size asked for, else the inputs' static batch size (a stateful model's), else 32."""
        if batch_size is not None:
            return batch_size
        static = self.inputs[0].shape.as_tuple_or_none()[0] if self.inputs and self.inputs[0].shape.ndims else None
        return static or 32

    def _sample_weights(self, y, sample_weight, class_weight):
        """Per output: the weights of each sample (or step) from sample_weight and class_weight, or None."""
        if y is None:
            return None
        ys = y if isinstance(y, (list, tuple)) else [y]
        names = self.output_names
        weights = compile_graph.per_output(sample_weight, names) if isinstance(sample_weight, (list, tuple, dict)) \
            else [sample_weight] * len(names)
        classes = class_weight if isinstance(class_weight, dict) and set(class_weight) <= set(names) and \
            class_weight else None
        class_weights = compile_graph.per_output(classes, names) if classes else [class_weight] * len(names)
        modes = ["temporal" if t else None for t in self._compiled.temporal]
        return [weighting.standardize_weights(data, sw, cw, mode)
                for data, sw, cw, mode in zip(ys, weights, class_weights, modes)]

    def _feed(self, x, y, rows, training, weights=None):
        feed = {}
        xs = x if isinstance(x, (list, tuple)) else [x]
        for placeholder, data in zip(self.inputs, xs):
            feed[placeholder] = data[rows]
        if y is not None:
            ys = y if isinstance(y, (list, tuple)) else [y]
            compiled = self._compiled
            weights = weights or [None] * len(ys)
            for target, output, data, sw_placeholder, sw, temporal in zip(
                    compiled.targets, self.outputs, ys, compiled.sample_weights, weights, compiled.temporal):
                values = np.asarray(data)[rows]
                if values.ndim == output.shape.ndims - 1:
                    values = values[..., None]
                feed[target] = values
                if sw is None:
                    sw = np.ones(values.shape[:2] if temporal else values.shape[:1])
                else:
                    sw = np.asarray(sw)[rows]
                feed[sw_placeholder] = sw.astype(sw_placeholder.dtype.as_numpy_dtype)
        if training:
            feed[backend.symbolic_learning_phase()] = True
        return feed

    def _run_batches(self, x, y, indices, batch_size, training, callbacks=None, weights=None):
        """(the batch-size weighted mean loss, then each metric over all batches) for the rows `indices`."""
        compiled = self._compiled
        if training:
            fetches, step = self._train_fetches()
        else:
            fetches, step = [compiled.total] + compile_graph.flat_metric_tensors(compiled), None
        session = backend.get_session()
        totals = MetricTotals(len(compiled.metric_pairs))
        loss_sum = 0.0
        for batch_index, (start, stop) in enumerate(_batches(len(indices), batch_size)):
            rows = indices[start:stop]
            logs = {"batch": batch_index, "size": len(rows)}
            if callbacks is not None:
                callbacks.on_batch_begin(batch_index, logs)
            feed = self._feed(x, y, rows, training, weights)
            values = session.run(fetches + ([step] if step is not None else []), feed_dict=feed)[:len(fetches)]
            loss_sum += float(np.float32(values[0])) * len(rows)
            totals.add(values[1:])
            if callbacks is not None:
                logs.update(zip(self.metrics_names, [float(np.float32(values[0]))] +
                                [float(v) for v in totals.results()]))
                callbacks.on_batch_end(batch_index, logs)
                if self.stop_training:
                    break
        return [np.float32(loss_sum / len(indices))] + totals.results()

    # ---------------------------------------------------------------- the public loops
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None, validation_split=0.0,
            validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0,
            steps_per_epoch=None, validation_steps=None, validation_freq=1, **kwargs):
        """Trains for `epochs` over (x, y) in batches; returns the History callback."""
        batch_size = self._batch_size(batch_size)
        if validation_split and validation_data is None:
            count = len(nest.flatten(x)[0])
            split = int(count * (1.0 - validation_split))
            validation_data = (_rows(x, slice(split, None)), _rows(y, slice(split, None)))
            if sample_weight is not None:
                validation_data += (_rows(sample_weight, slice(split, None)),)
                sample_weight = _rows(sample_weight, slice(0, split))
            x, y = _rows(x, slice(0, split)), _rows(y, slice(0, split))
        self._build_compiled(x)
        self._train_fetches()
        weights = self._sample_weights(y, sample_weight, class_weight)
        val_weights = None
        if validation_data is not None:
            val_x, val_y = validation_data[0], validation_data[1]
            val_weights = self._sample_weights(val_y, validation_data[2] if len(validation_data) > 2 else None,
                                               None)
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
            values = self._run_batches(x, y, index_array, batch_size, True, callback_list, weights)
            logs = {name: float(v) for name, v in zip(out_labels, values)}
            if validation_data is not None and (epoch + 1) % validation_freq == 0 and not self.stop_training:
                val_order = np.arange(len(nest.flatten(val_x)[0]))
                np.random.shuffle(val_order)  # Keras's validation pass shuffles too (it draws from np.random)
                val = self._run_batches(val_x, val_y, val_order, batch_size, False, weights=val_weights)
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
        """The loss (and metrics) over (x, y): the loss averaged by batch size, the metrics over all samples."""
        self._build_compiled(x)
        weights = self._sample_weights(y, sample_weight, None)
        values = self._run_batches(x, y, np.arange(len(nest.flatten(x)[0])), self._batch_size(batch_size), False,
                                   weights=weights)
        return _result(self.metrics_names, values, return_dict)

    def predict(self, x, batch_size=None, verbose=0, steps=None, callbacks=None, **kwargs):
        """The outputs for x, computed in batches and concatenated."""
        self._ensure_built_for(x)
        session = backend.get_session()
        count = len(nest.flatten(x)[0])
        pieces = []
        updates = self.state_updates
        for start, stop in _batches(count, self._batch_size(batch_size)):
            feed = self._feed(x, None, np.arange(start, stop), False)
            pieces.append(session.run(self.outputs + updates, feed_dict=feed)[:len(self.outputs)])
        outputs = [np.concatenate([p[i] for p in pieces]) for i in range(len(self.outputs))]
        return outputs[0] if len(outputs) == 1 else outputs

    def _on_batch(self, x, y, sample_weight, class_weight, reset_metrics, return_dict, training):
        compiled = self._build_compiled(x)
        if training:
            fetches, step = self._train_fetches()
            fetches = fetches + [step]
        else:
            fetches = [compiled.total] + compile_graph.flat_metric_tensors(compiled)
        rows = np.arange(len(nest.flatten(x)[0]))
        feed = self._feed(x, y, rows, training, self._sample_weights(y, sample_weight, class_weight))
        values = backend.get_session().run(fetches, feed_dict=feed)
        totals = self._metric_totals if self._metric_totals is not None else MetricTotals(len(compiled.metric_pairs))
        totals.add(values[1:1 + 2 * len(compiled.metric_pairs)])
        self._metric_totals = None if reset_metrics else totals
        return _result(self.metrics_names, [np.float32(values[0])] + totals.results(), return_dict)

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, reset_metrics=True,
                       return_dict=False):
        return self._on_batch(x, y, sample_weight, class_weight, reset_metrics, return_dict, True)

    def test_on_batch(self, x, y=None, sample_weight=None, reset_metrics=True, return_dict=False):
        return self._on_batch(x, y, sample_weight, None, reset_metrics, return_dict, False)

    def reset_metrics(self):
        self._metric_totals = None

    def predict_on_batch(self, x):
        return self.predict(x, batch_size=len(nest.flatten(x)[0]))


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
