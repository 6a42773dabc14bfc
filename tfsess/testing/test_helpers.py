"""tf.test's small helpers: StubOutForTesting (googletest's attribute stubbing), disable_with_predicate and
with_eager_op_as_function (which, as in TF 2.21, leaves the class as it is)."""
from __future__ import annotations

import functools
import inspect


class StubOutForTesting:
    """Replaces attributes for a test and puts the originals back on CleanUp (tf.test.StubOutForTesting).

    `Set` stubs the attribute on the given object; `SmartSet` stubs it on the module, on the instance that
    holds it, or else on the object's class. Usable as a context manager; staticmethods stay static.
    """

    def __init__(self):
        self.cache = []  # (parent, old value, name) of Set
        self.stubs = []  # (owner, name, old value) of SmartSet

    def __del__(self):
        self.CleanUp()

    def __enter__(self):
        return self

    def __exit__(self, unused_exc_type, unused_exc_value, unused_tb):
        self.CleanUp()

    def CleanUp(self):
        """Undoes every SmartSet() and Set(), restoring the original definitions."""
        self.SmartUnsetAll()
        self.UnsetAll()

    def SmartSet(self, obj, attr_name, new_attr):
        """Replaces `obj.attr_name` with `new_attr` where it is defined: the module, the instance holding it,
        or else the class (of `obj`, when `obj` is an instance).

        Raises:
            AttributeError: `obj` has no such attribute.
        """
        if inspect.ismodule(obj) or (not inspect.isclass(obj) and attr_name in obj.__dict__):
            owner = obj
            orig_attr = getattr(obj, attr_name)
        else:
            try:
                orig_attr = getattr(obj, attr_name)
            except AttributeError:
                raise AttributeError("Attribute not found.") from None
            owner = obj if inspect.isclass(obj) else type(obj)
        old_attribute = obj.__dict__.get(attr_name)
        if old_attribute is not None and isinstance(old_attribute, staticmethod):
            orig_attr = staticmethod(orig_attr)
        self.stubs.append((owner, attr_name, orig_attr))
        setattr(owner, attr_name, new_attr)

    def SmartUnsetAll(self):
        """Reverses the SmartSet() calls, latest first."""
        for owner, name, value in reversed(self.stubs):
            setattr(owner, name, value)
        self.stubs = []

    def Set(self, parent, child_name, new_child):
        """Replaces `parent.child_name` with `new_child`, remembering the old value for UnsetAll()."""
        old_child = getattr(parent, child_name)
        old_attribute = parent.__dict__.get(child_name)
        if old_attribute is not None and isinstance(old_attribute, staticmethod):
            old_child = staticmethod(old_child)
        self.cache.append((parent, old_child, child_name))
        setattr(parent, child_name, new_child)

    def UnsetAll(self):
        """Reverses the Set() calls, latest first."""
        for parent, old_child, child_name in reversed(self.cache):
            setattr(parent, child_name, old_child)
        self.cache = []


def disable_with_predicate(pred, skip_message):
    """Decorates a test method to skip it (with `skip_message`) when `pred()` is true at run time
    (tf.test.disable_with_predicate)."""
    def decorator_disable_with_predicate(func):
        @functools.wraps(func)
        def wrapper_disable_with_predicate(self, *args, **kwargs):
            if pred():
                self.skipTest(skip_message)
            else:
                return func(self, *args, **kwargs)
        return wrapper_disable_with_predicate
    return decorator_disable_with_predicate


def with_eager_op_as_function(cls=None, only_as_function=False):
    """Returns the test class unchanged, as TF 2.21 does (tf.test.with_eager_op_as_function)."""
    del only_as_function
    if cls is not None:
        return cls
    return lambda test_class: test_class


__all__ = ["StubOutForTesting", "disable_with_predicate", "with_eager_op_as_function"]
