"""tf.case: the first branch whose predicate holds, built as nested conds (TF's control_flow_case)."""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.ops import array_ops, check_ops, logic_ops, math_ops, reduction_ops, stack_ops
from tfsess.ops.cond_ops import cond


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """The result of the first `fn` whose `pred` is true, else `default()` (tf.case).

    Built as nested conds, evaluating predicates in order. With `exclusive=True` a run fails
    with InvalidArgumentError when more than one predicate is true. Without a default, the last
    pair's function is the default and a run where no predicate holds fails.
    """
    predicates, actions = _case_pairs(pred_fn_pairs, exclusive)
    with op_scope(name, "case", list(predicates)):
        if default is None:
            default, predicates, actions = _case_default_action(predicates, actions)
        fn = default
        for predicate, action in reversed(list(zip(predicates, actions))):
            fn = _nested_cond(predicate, action, fn, strict)
        if exclusive:
            with predicates[0].graph.control_dependencies([
                    _assert_at_most_n_true(predicates, n=1, msg="Input error: exclusive=True")]):
                return fn()
        return fn()


def _nested_cond(predicate, action, otherwise, strict):
    return lambda: cond(predicate, true_fn=action, false_fn=otherwise, strict=strict)


def _case_pairs(pred_fn_pairs, exclusive):
    if not isinstance(pred_fn_pairs, (list, tuple, dict)):
        raise TypeError(f"'pred_fn_pairs' must be a list, tuple, or dict. Received: {type(pred_fn_pairs)}")
    if isinstance(pred_fn_pairs, dict):
        pred_fn_pairs = sorted(pred_fn_pairs.items(), key=lambda item: item[0].name)
    pairs = list(pred_fn_pairs)
    if not pairs:
        raise ValueError("'pred_fn_pairs' must not be empty.")
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"Each entry in 'pred_fn_pairs' must be a 2-tuple. Received {pair}.")
        pred, fn = pair
        if not isinstance(pred, Tensor):
            raise TypeError(f"pred must be a Tensor, got: {pred}")
        if pred.dtype.base_dtype != dtypes.bool:
            raise TypeError(f"pred must be Tensor of type bool: {pred.name}")
        if not callable(fn):
            raise TypeError(f"fn for pred {pred.name} must be callable.")
    predicates, actions = zip(*pairs)
    return list(predicates), list(actions)


def _case_default_action(predicates, actions):
    """With no default, the last action is the default, guarded by asserts (TF's rule)."""
    k = len(predicates) - 1
    predicate, action = predicates[k], actions[k]
    others, other_actions = predicates[:k], actions[:k]

    def default_action():
        others_msg = ("Implementation error: selected default action #%d was called, but some of other "
                      "predicates are True: " % k)
        default_msg = ("Input error: None of conditions evaluated as True:",
                       stack_ops.stack(predicates, name="preds_c"))
        checks = [check_ops.Assert(predicate, data=default_msg)]
        if others:
            checks.insert(0, _assert_at_most_n_true(others, n=0, msg=others_msg))
        with predicate.graph.control_dependencies(checks):
            return action()

    return default_action, others, other_actions


def _assert_at_most_n_true(predicates, n, msg):
    preds_c = stack_ops.stack(predicates, name="preds_c")
    num_true = reduction_ops.reduce_sum(math_ops.cast(preds_c, dtypes.int32), name="num_true_conds")
    condition = logic_ops.less_equal(num_true, convert_to_tensor(np.int32(n), name="n_true_conds"))
    names = ", ".join(getattr(p, "name", "?") for p in predicates)
    error_msg = ["%s: more than %d conditions (%s) evaluated as True:" % (msg, n, names), preds_c]
    return check_ops.Assert(condition, data=error_msg, summarize=len(predicates))


__all__ = ["case"]
