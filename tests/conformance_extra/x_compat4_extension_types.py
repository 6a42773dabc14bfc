"""tf.experimental.ExtensionType and its kin in graph mode: typed fields converted and checked as TF, immutability,
repr and equality, the nested Spec (from_value, components), nest flattening, and values passing through
tf.cond, tf.while_loop, tf.function, map_fn and tf.data (a BatchableExtensionType batches and unbatches)."""
import typing

from _harness import catch, message_has


def _masked(tf, batchable=False):
    base = tf.experimental.BatchableExtensionType if batchable else tf.experimental.ExtensionType

    class Masked(base):
        values: tf.Tensor
        mask: tf.Tensor

        def __validate__(self):
            self.values.shape.assert_is_compatible_with(self.mask.shape)
    return Masked


def case_x_compat4_fields_and_repr(tf):
    class Toy(tf.experimental.ExtensionType):
        name: str
        price: tf.Tensor
        shape: tf.TensorShape
        dtype: tf.DType = tf.float32
        tags: typing.Mapping[str, tf.Tensor] = {}
        sizes: typing.Tuple[int, ...] = ()
        scale: typing.Union[int, float] = 1
        extra: typing.Optional[tf.Tensor] = None
    toy = Toy("ball", [1.5, 2.0], [2, None], tf.int32, {"b": 3, "a": [1.0]}, [1, 2], 2.5)
    plain = Toy(name="x", price=1, shape=None)
    return {"repr": repr(toy), "plain": repr(plain), "spec": repr(toy._type_spec), "plain_spec": repr(plain._type_spec),
            "price": [toy.price.name, toy.price.dtype.name, str(toy.price.shape)],
            "tags_type": type(toy.tags).__name__, "tags_keys": sorted(toy.tags), "sizes": toy.sizes,
            "shape": str(toy.shape), "dtype": toy.dtype.name, "scale": toy.scale, "extra": toy.extra,
            "as_dict": sorted(tf.experimental.extension_type.as_dict(toy)),
            "flat": [t.name for t in tf.nest.flatten(toy, expand_composites=True)],
            "flat_plain": len(tf.nest.flatten(toy)), "components": [t.name for t in toy._type_spec._to_components(toy)],
            "component_specs": repr(toy._type_spec._component_specs)}


def case_x_compat4_conversion_errors(tf):
    class Rec(tf.experimental.ExtensionType):
        x: tf.Tensor
        n: int
        names: typing.Tuple[str, str] = ("a", "b")
        table: typing.Mapping[str, int] = {}
        either: typing.Union[int, str] = 0
    return {"bad_int": message_has(lambda: Rec(1, 2.0), "n: expected 'int', got 'float'"),
            "bad_tensor": message_has(lambda: Rec(object(), 1), "x: expected a Tensor, got 'object'"),
            "bad_tuple_len": message_has(lambda: Rec(1, 1, ("a",)), "names: expected tuple with length 2"),
            "bad_tuple_item": message_has(lambda: Rec(1, 1, ("a", 3)), "names[1]: expected 'str', got 'int'"),
            "bad_tuple": message_has(lambda: Rec(1, 1, 5), "names: expected tuple, got 'int'"),
            "bad_mapping": message_has(lambda: Rec(1, 1, table=[1]), "table: expected mapping, got 'list'"),
            "bad_mapping_value": message_has(lambda: Rec(1, 1, table={"k": "v"}), "table['k']: expected 'int', got 'str'"),
            "bad_union": catch(Rec, 1, 1, either=2.5),
            "missing": message_has(lambda: Rec(1), "missing a required argument: 'n'"),
            "extra": catch(Rec, 1, 2, ("a", "b"), {}, 0, 5),
            "unknown_kw": catch(Rec, 1, 2, zzz=3)}


def case_x_compat4_class_definition_errors(tf):
    def define_reserved():
        class Bad(tf.experimental.ExtensionType):
            value_type: int
        return Bad

    def define_unannotated():
        class Bad(tf.experimental.ExtensionType):
            x: int
            y = 3
        return Bad

    def define_unsupported():
        class Bad(tf.experimental.ExtensionType):
            x: list
        return Bad

    def define_bad_default():
        class Bad(tf.experimental.ExtensionType):
            x: int = "no"
        return Bad

    def define_encoder():
        class Bad(tf.experimental.ExtensionType):
            x: tf.Tensor
            __batch_encoder__ = tf.experimental.ExtensionTypeBatchEncoder()
        return Bad
    return {"reserved": message_has(define_reserved, "Field 'value_type' is reserved"),
            "unannotated": message_has(define_unannotated, "Field y is missing a type annotation"),
            "unsupported": message_has(define_unsupported, "In field 'x': Unsupported type annotation 'list'"),
            "bad_default": message_has(define_bad_default, "default value for x: expected 'int', got 'str'"),
            "encoder": message_has(define_encoder, "__batch_encoder__ should only be defined for BatchableExtensionType"),
            "abstract": catch(tf.experimental.ExtensionType)}


def case_x_compat4_immutability_and_validate(tf):
    Masked = _masked(tf)
    m = Masked([1, 2, 3], [True, False, True])

    def mutate():
        m.values = 3

    def delete():
        del m.mask

    def new_attr():
        m.other = 1

    class Scaled(tf.experimental.ExtensionType):
        x: tf.Tensor
        factor: float

        def __init__(self, x, factor=2.0):
            self.x = x
            self.factor = factor * 2

    s = Scaled([1.0])
    return {"mutate": message_has(mutate, "Cannot mutate attribute `values` outside the custom constructor of "
                                          "ExtensionType."),
            "delete": catch(delete), "new_attr": catch(new_attr),
            "missing_attr": message_has(lambda: m.nope, "'Masked' object has no attribute 'nope'"),
            "validate": message_has(lambda: Masked([1, 2], [True]), "Shapes (2,) and (1,) are incompatible"),
            "custom_init": [s.factor, s.x.dtype.name, repr(s._type_spec)],
            "custom_init_convert": catch(Scaled, [1.0], "x"),
            "hashable": catch(hash, m), "signature": str(__import__("inspect").signature(Masked.__init__))
            .replace("tensorflow.python.framework.tensor.Tensor", "T").replace("tfsess.framework.operation.Tensor", "T")}


def case_x_compat4_equality(tf):
    Masked = _masked(tf)
    a = Masked([1.0, 2.0, 3.0], [True, False, True])
    same = Masked([1.0, 2.0, 3.0], [True, False, True])
    other = Masked([1.0, 2.0, 4.0], [True, False, True])
    longer = Masked([1.0, 2.0, 3.0, 4.0], [True, False, True, True])
    eq, ne, eq_other = a == same, a != other, a == other
    with tf.Session() as sess:
        values = sess.run([eq, ne, eq_other])
    return {"values": [bool(v) for v in values], "types": [eq.dtype.name, ne.op.type, str(eq.shape)],
            "other_spec": a == longer, "other_type": a == 3, "ne_type": a != 3}


def case_x_compat4_spec(tf):
    Masked = _masked(tf)
    m = Masked([[1.0, 2.0]], [[True, False]])
    spec = m._type_spec
    built = Masked.Spec(values=tf.TensorSpec([None, 2], tf.float32), mask=tf.TensorSpec([None, 2], tf.bool))
    rebuilt = spec._from_components(spec._to_components(m))

    def mutate():
        spec.values = 1
    return {"repr": repr(spec), "type": [type(spec).__name__, type(spec).__qualname__.split(".")[-2:],
                                         issubclass(Masked.Spec, tf.experimental.ExtensionTypeSpec)],
            "from_value": Masked.Spec.from_value(m) == spec, "built": repr(built),
            "compatible": [built.is_compatible_with(spec), spec.is_compatible_with(built),
                           built.is_compatible_with(m), spec == built, spec != built],
            "merged": repr(spec.most_specific_compatible_type(Masked.Spec(tf.TensorSpec([3, 2]),
                                                                          tf.TensorSpec([3, 2], tf.bool)))),
            "value_type": spec.value_type is Masked, "rebuilt": [type(rebuilt).__name__, rebuilt.values is m.values],
            "too_many": message_has(lambda: spec._from_components(list(spec._to_components(m)) + [m.values]),
                                    "more components are provided"),
            "spec_needs_specs": message_has(lambda: Masked.Spec(1, 2), "values: expected a TensorSpec, got 'int'"),
            "mutate": message_has(mutate, "outside the custom constructor of ExtensionTypeSpec"),
            "hash": hash(spec) == hash(Masked.Spec.from_value(Masked([[5.0, 6.0]], [[False, False]])))}


def case_x_compat4_nested_types(tf):
    Masked = _masked(tf)

    class Pair(tf.experimental.ExtensionType):
        first: Masked
        rest: typing.Tuple[Masked, ...]
        ragged: tf.RaggedTensor
        sparse: tf.SparseTensor
    m = Masked([1, 2], [True, False])
    rt = tf.ragged.constant([[1], [2, 3]])
    st = tf.SparseTensor([[0, 1]], [5.0], [2, 3])
    pair = Pair(m, (m, Masked([3], [False])), rt, st)
    flat = tf.nest.flatten(pair, expand_composites=True)
    rebuilt = tf.nest.pack_sequence_as(pair, flat, expand_composites=True)
    with tf.Session() as sess:
        values = sess.run([rebuilt.rest[1].values, rebuilt.ragged.flat_values, rebuilt.sparse.values])
    return {"spec": repr(pair._type_spec), "flat": [t.dtype.name for t in flat],
            "rebuilt": type(rebuilt.first).__name__, "values": [v.tolist() for v in values],
            "bad_nested": message_has(lambda: Pair(1, (), rt, st), "first: expected 'Masked', got 'int'")}


def case_x_compat4_control_flow(tf):
    Masked = _masked(tf)
    m = Masked([1.0, 2.0, 3.0], [True, False, True])
    pred = tf.placeholder(tf.bool, [], name="pred")
    picked = tf.cond(pred, lambda: Masked(m.values * 2.0, m.mask), lambda: m)
    _, looped = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, Masked(v.values + 1.0, v.mask)), [0, m])
    batchable = _masked(tf, batchable=True)(m.values, m.mask)
    mapped = tf.map_fn(lambda v: tf.where(v.mask, v.values, -v.values), batchable, fn_output_signature=tf.float32)
    doubled = tf.map_fn(lambda v: type(batchable)(v.values * 2.0, v.mask), batchable)
    with tf.Session() as sess:
        out = [sess.run([picked.values, picked.mask], {pred: flag}) for flag in (True, False)]
        loop, mapped_v, doubled_v = sess.run([looped.values, mapped, doubled.values])
    return {"types": [type(picked).__name__, type(looped).__name__, str(looped.values.shape), type(doubled).__name__],
            "cond": [[a.tolist(), b.tolist()] for a, b in out], "loop": loop.tolist(), "map": mapped_v.tolist(),
            "doubled": doubled_v.tolist(),
            "map_not_batchable": message_has(lambda: tf.map_fn(lambda v: v.values, m, fn_output_signature=tf.float32),
                                             "map_fn can not consume"),
            "fetch": message_has(lambda: tf.Session().run(m), "has invalid type", "Can not convert a Masked")}


def case_x_compat4_function(tf):
    Masked = _masked(tf)

    @tf.function
    def flip(v):
        return Masked(v.values * 10.0, tf.logical_not(v.mask))

    @tf.function
    def both(v, scale):
        return [Masked(v.values * scale, v.mask), v.values + 1.0]
    m = Masked([1.0, 2.0], [True, False])
    out = flip(m)
    listed = both(m, 3.0)
    with tf.Session() as sess:
        values = sess.run([out.values, out.mask, listed[0].values, listed[1]])
    return {"types": [type(out).__name__, type(listed[0]).__name__], "values": [v.tolist() for v in values],
            "shape": str(out.values.shape)}


def case_x_compat4_dataset(tf):
    Masked = _masked(tf, batchable=True)
    m = Masked([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [[True, False], [True, True], [False, False]])
    ds = tf.data.Dataset.from_tensor_slices(m)
    batched = ds.batch(2)
    unbatched = batched.unbatch()
    mapped = ds.map(lambda v: Masked(v.values * 2.0, v.mask))
    total = mapped.reduce(tf.constant(0.0), lambda s, v: s + tf.reduce_sum(tf.where(v.mask, v.values,
                                                                                    tf.zeros_like(v.values))))
    first = tf.data.experimental.get_single_element(batched.take(1))
    with tf.Session() as sess:
        values = sess.run([total, first.values, first.mask])
    return {"specs": [repr(d.element_spec) for d in (ds, batched, unbatched, mapped, ds.batch(2, True))],
            "values": [v.tolist() for v in values],
            "shapes": repr(tf.data.get_output_shapes(ds)) if hasattr(Masked.Spec, "shape") else None,
            "iterator": catch(tf.data.make_one_shot_iterator, ds),
            "legacy_types": catch(tf.data.get_output_types, ds)}


def case_x_compat4_dataset_spec_shape(tf):
    class Shaped(tf.experimental.BatchableExtensionType):
        values: tf.Tensor

        class Spec:
            @property
            def shape(self):
                return self.values.shape
    ds = tf.data.Dataset.from_tensor_slices(Shaped([[1, 2], [3, 4]]))
    return {"shapes": [repr(tf.data.get_output_shapes(d)) for d in (ds, ds.batch(3))],
            "has_shape": [hasattr(Shaped.Spec, "shape"), hasattr(_masked(tf).Spec, "shape"),
                          hasattr(_masked(tf).Spec, "dtype")],
            "spec": repr(ds.element_spec), "types": catch(tf.data.get_output_types, ds)}


def case_x_compat4_dataset_not_batchable(tf):
    Masked = _masked(tf)
    ds = tf.data.Dataset.from_tensors(Masked([1, 2], [True, True]))
    return {"spec": repr(ds.element_spec), "batch": message_has(lambda: ds.batch(2), "object has no attribute '_batch'")}


def case_x_compat4_batch_encoder(tf):
    Masked = _masked(tf, batchable=True)

    class Shaped(tf.experimental.BatchableExtensionType):
        x: tf.Tensor
        shape: tf.TensorShape
        label: str = "s"
    enc = tf.experimental.ExtensionTypeBatchEncoder()
    spec = Masked([1, 2], [True, False])._type_spec
    shaped = Shaped([1.0], [1])._type_spec
    batched = enc.batch(spec, 4)
    value = Masked([1, 2], [True, False])
    return {"batch": repr(batched), "unbatch": repr(enc.unbatch(batched)), "unknown": repr(enc.batch(spec, None)),
            "shaped": repr(enc.batch(shaped, 3)), "shaped_unbatch": repr(enc.unbatch(enc.batch(shaped, 3))),
            "encoding_specs": repr(enc.encoding_specs(spec)),
            "encode": [t.name for t in enc.encode(spec, value)],
            "decode": type(enc.decode(spec, enc.encode(spec, value))).__name__,
            "spec_batch": repr(spec._batch(2)), "spec_unbatch": repr(batched._unbatch())}
