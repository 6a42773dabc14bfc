"""Type-based dispatch of public ops (framework/dispatch.py)."""
import pytest

from tfsess.framework import dispatch


class _Boxed:
    def __init__(self, value):
        self.value = value


@dispatch.add_dispatch_support
def _double(x, name=None):
    return x * 2


@dispatch.add_dispatch_support(list_args=True)
def _total(values, name=None):
    return sum(values)


@dispatch.dispatch_for_api(_double, _Boxed)
def _double_boxed(x, name=None):
    return _Boxed(x.value * 2)


@dispatch.dispatch_for_api(_total, _Boxed)
def _total_boxed(values, name=None):
    return sum(v.value if isinstance(v, _Boxed) else v for v in values)


def test_a_registered_type_takes_the_handler_and_others_the_op():
    assert _double(3) == 6
    assert _double(_Boxed(3)).value == 6
    assert _double(x=_Boxed(4)).value == 8


def test_list_items_dispatch_only_where_asked():
    assert _total([1, _Boxed(2)]) == 3
    assert _total([1, 2]) == 3


def test_an_undecorated_api_refuses_handlers():
    with pytest.raises(ValueError, match="does not support dispatch"):
        dispatch.dispatch_for_api(len, _Boxed)


def test_elementwise_handlers_receive_the_api():
    calls = []

    @dispatch.add_dispatch_support(elementwise="unary")
    def negate(x, name=None):
        return -x

    class Marked:
        pass

    @dispatch.dispatch_for_unary_elementwise_apis(Marked)
    def handler(api, x, name=None):
        calls.append(api)
        return "handled"

    assert negate(Marked()) == "handled" and calls[0](5) == -5
    assert negate(2) == -2
    assert negate in dispatch.elementwise_apis("unary")
