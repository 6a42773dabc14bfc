#!/usr/bin/env python3
"""LSTM training step benchmark: a 1-layer BasicLSTMCell (128 units) over 50 steps of 64 inputs,
batch 32, softmax cross-entropy of a dense layer on the last output, one GradientDescent step.

    build_lstm_train_step(tf)   -> step(): one `sess.run(train_op)` of tf.nn.dynamic_rnn (tfsess by default)
    numpy_lstm_train_step()     -> step(): the same forward, backpropagation through time and update in NumPy

Both start from the same weights and data, so their losses agree step by step. Run this file to
print the median step time of each and their ratio.
"""
from __future__ import annotations

import sys

import numpy as np

from timing import median_time

BATCH, STEPS, DEPTH, UNITS, CLASSES = 32, 50, 64, 128, 10
LEARNING_RATE = 0.1


def _params(seed=0):
    """Glorot-uniform LSTM kernel [DEPTH+UNITS, 4*UNITS] and dense kernel, zero biases (TF's defaults)."""
    rng = np.random.default_rng(seed)

    def glorot(fan_in, fan_out):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32)
    return [glorot(DEPTH + UNITS, 4 * UNITS), np.zeros(4 * UNITS, np.float32),
            glorot(UNITS, CLASSES), np.zeros(CLASSES, np.float32)]


def _data(seed=1):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((BATCH, STEPS, DEPTH)).astype(np.float32), rng.integers(0, CLASSES, BATCH)


def build_lstm_train_step(tf=None, seed=0, return_loss=False):
    """One training step as a TF1 graph; returns `step()` (which returns the loss if asked)."""
    if tf is None:
        import tfsess as tf  # the default implementation, imported on demand like mlp.py's
    x_value, labels_value = _data()
    kernel, bias, w, b = _params(seed)
    graph = tf.Graph()
    with graph.as_default():
        x = tf.constant(x_value)
        labels = tf.constant(labels_value.astype(np.int32))
        cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS)
        _, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
        dense_w, dense_b = tf.Variable(w), tf.Variable(b)
        logits = tf.matmul(state.h, dense_w) + dense_b
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
        train = tf.train.GradientDescentOptimizer(LEARNING_RATE).minimize(loss)
        init = tf.global_variables_initializer()
        set_lstm = [cell.trainable_weights[0].assign(kernel), cell.trainable_weights[1].assign(bias)]
    sess = tf.Session(graph=graph)
    sess.run(init)
    sess.run(set_lstm)
    if return_loss:
        return lambda: sess.run([train, loss])[1]
    return lambda: sess.run(train)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def numpy_lstm_train_step(seed=0, return_loss=False):
    """The same step by hand: forward, backpropagation through time, SGD update (float32)."""
    x, labels = _data()
    params = _params(seed)
    onehot = np.eye(CLASSES, dtype=np.float32)[labels]

    def step():
        kernel, bias, w, b = params
        c = h = np.zeros((BATCH, UNITS), np.float32)
        tape = []
        for t in range(STEPS):
            xh = np.concatenate([x[:, t], h], 1)
            i, j, f, o = np.split(xh @ kernel + bias, 4, axis=1)
            si, tj, sf, so = _sigmoid(i), np.tanh(j), _sigmoid(f + 1.0), _sigmoid(o)
            c_prev, c = c, c * sf + si * tj
            tc = np.tanh(c)
            h = tc * so
            tape.append((xh, si, tj, sf, so, c_prev, tc))
        logits = h @ w + b
        p = np.exp(logits - logits.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        loss = -np.mean(np.log(p[np.arange(BATCH), labels]))
        dlogits = (p - onehot) / BATCH
        dw, db = h.T @ dlogits, dlogits.sum(0)
        dh, dc = dlogits @ w.T, np.zeros_like(c)
        dkernel, dbias = np.zeros_like(kernel), np.zeros_like(bias)
        for xh, si, tj, sf, so, c_prev, tc in reversed(tape):
            dc = dc + dh * so * (1 - tc * tc)
            dz = np.concatenate([dc * tj * si * (1 - si), dc * si * (1 - tj * tj),
                                 dc * c_prev * sf * (1 - sf), dh * tc * so * (1 - so)], 1)
            dkernel += xh.T @ dz
            dbias += dz.sum(0)
            dh, dc = (dz @ kernel.T)[:, DEPTH:], dc * sf
        for param, grad in zip(params, (dkernel, dbias, dw, db)):
            param -= LEARNING_RATE * grad
        return loss
    return step if return_loss else (lambda: step() and None)


if __name__ == "__main__":
    ours, floor = median_time(build_lstm_train_step()), median_time(numpy_lstm_train_step())
    print(f"tfsess {ours * 1e3:.1f} ms   numpy {floor * 1e3:.1f} ms   ratio {ours / floor:.2f}x", file=sys.stdout)
