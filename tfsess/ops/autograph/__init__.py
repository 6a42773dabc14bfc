"""AutoGraph: Python control flow over tensors rewritten into TF control flow (tf.autograph, tf.function).

Modules, each importing only those before it: variables (Undefined, ld), loop_checks (TF's checks
of a statement's state), control_flow (if/while/for forms), operators (and/or/not, print and other
builtins), liveness and lowering (analyses and jump lowering on the AST), transformer (the rewrite),
conversion (compile, cache, converted_call), api (to_graph, to_code, tf.function's hook).
"""
