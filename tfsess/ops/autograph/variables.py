"""How converted code stands for names with no value yet: Undefined, UndefinedReturnValue, ld."""
from __future__ import annotations


class Undefined:
    """A name not yet assigned when a converted statement starts; reading it raises as Python would."""

    __slots__ = ("symbol_name",)

    def __init__(self, symbol_name: str):
        self.symbol_name = symbol_name

    def read(self):
        raise UnboundLocalError(f"'{self.symbol_name}' is used before assignment")

    def __repr__(self):
        return self.symbol_name


class UndefinedReturnValue:
    """The return value of a converted function before any return statement ran."""


def ld(value):
    """Loads a name's value: an Undefined one raises UnboundLocalError (ag__.ld)."""
    if isinstance(value, Undefined):
        return value.read()
    return value


def retval(value):
    """The value a converted function returns: None when no return statement ran."""
    return None if isinstance(value, UndefinedReturnValue) else value


def is_undefined(value) -> bool:
    return value is None or isinstance(value, (Undefined, UndefinedReturnValue))
