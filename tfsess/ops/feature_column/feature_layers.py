"""input_layer, linear_model and make_parse_example_spec over feature columns (TF1 graph mode).

Both layers visit columns sorted by name, each in its own variable scope named after the column
(`input_layer/<col>_embedding/embedding_weights`, `linear_model/<col>/weights`), as TF does, so
checkpoints name the same variables.
"""
from __future__ import annotations

from tfsess.framework.graph import get_default_graph
from tfsess.ops import array_ops, linalg_ops, math_ops, nn_ops, stack_ops
from tfsess.ops.feature_column.column_base import (CategoricalColumn, DenseColumn, FeatureColumn, _LazyBuilder,
                                                   normalize_feature_columns, sparse_to_rank2,
                                                   verify_static_batch_size_equality)
from tfsess.ops.embedding_sparse import safe_embedding_lookup_sparse
from tfsess.ops.init_ops import Zeros
from tfsess.ops.variable_scope import get_variable, get_variable_scope, variable_scope
from tfsess.ops.variables import GraphKeys


def _with_model_collections(weight_collections):
    collections = list(weight_collections or [])
    for key in (GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES):
        if key not in collections:
            collections.append(key)
    return collections


def _flat_dense(column, builder, weight_collections, trainable):
    """The column's dense tensor as [batch, num_elements]."""
    tensor = column._get_dense_tensor(builder, weight_collections=weight_collections, trainable=trainable)
    return array_ops.reshape(tensor, (array_ops.shape(tensor)[0], column.variable_shape.num_elements()))


def _scope_variables():
    return get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES, scope=get_variable_scope().name)


def input_layer(features, feature_columns, weight_collections=None, trainable=True, cols_to_vars=None,
                cols_to_output_tensors=None):
    """The dense columns' values concatenated into one [batch, sum of sizes] float tensor
    (tf.feature_column.input_layer).

    Args:
        features: feature name -> Tensor or SparseTensor (rank-1 features gain a last dim of 1).
        feature_columns: dense columns (numeric, bucketized, indicator, embedding...).
        weight_collections: collections for the variables made, besides GLOBAL and MODEL_VARIABLES.
        trainable: whether those variables are trainable.
        cols_to_vars: a dict filled with column -> the list of its variables.
        cols_to_output_tensors: a dict filled with column -> its [batch, size] output.

    Raises:
        ValueError: a column that is not dense, duplicate names, or batch sizes that differ.
    """
    feature_columns = normalize_feature_columns(feature_columns)
    for column in feature_columns:
        if not isinstance(column, DenseColumn):
            raise ValueError("Items of feature_columns must be a _DenseColumn. You can wrap a categorical column "
                             f"with an embedding_column or indicator_column. Given: {column}")
    weight_collections = _with_model_collections(weight_collections)
    with variable_scope(None, default_name="input_layer"):
        builder = _LazyBuilder(features)
        outputs, ordered = [], sorted(feature_columns, key=lambda c: c.name)
        for column in ordered:
            with variable_scope(None, default_name=column._var_scope_name):
                output = _flat_dense(column, builder, weight_collections, trainable)
                outputs.append(output)
                if cols_to_vars is not None:
                    cols_to_vars[column] = _scope_variables()
                if cols_to_output_tensors is not None:
                    cols_to_output_tensors[column] = output
        verify_static_batch_size_equality(outputs, ordered)
        return stack_ops.concat(outputs, 1)


def _weighted_sum(column, builder, units, sparse_combiner, weight_collections, trainable):
    """One column's contribution [batch, units]: a matmul for dense columns; for categorical ones
    the sum (or `sparse_combiner`) of the weight rows of its ids."""
    if not isinstance(column, CategoricalColumn):
        tensor = _flat_dense(column, builder, weight_collections, trainable)
        weight = get_variable("weights", shape=[column.variable_shape.num_elements(), units], initializer=Zeros(),
                              trainable=trainable, collections=weight_collections)
        return linalg_ops.matmul(tensor, weight, name="weighted_sum")
    pair = column._get_sparse_tensors(builder, weight_collections=weight_collections, trainable=trainable)
    ids = sparse_to_rank2(pair.id_tensor)
    weights = pair.weight_tensor
    if weights is not None:
        weights = sparse_to_rank2(weights)
    weight = get_variable("weights", shape=(column.num_buckets, units), initializer=Zeros(), trainable=trainable,
                          collections=weight_collections)
    return safe_embedding_lookup_sparse(weight, ids, sparse_weights=weights, combiner=sparse_combiner,
                                        name="weighted_sum")


def linear_model(features, feature_columns, units=1, sparse_combiner="sum", weight_collections=None, trainable=True,
                 cols_to_vars=None):
    """A linear prediction [batch, units] over the columns: categorical ones as multi-hot
    (combined per row by `sparse_combiner`), dense ones as they are, plus `bias_weights`
    (tf.feature_column.linear_model).

    Args:
        cols_to_vars: a dict filled with column -> [its weights] and 'bias' -> [bias_weights].

    Raises:
        ValueError: a column neither dense nor categorical, duplicate names, batch sizes that differ.
    """
    feature_columns = normalize_feature_columns(feature_columns)
    weight_collections = _with_model_collections(weight_collections)
    found, ordered = {}, sorted(feature_columns, key=lambda c: c.name)
    # TF names each column's scope where linear_model is called (so a second model's columns are
    # `a_1`), then opens it by that name inside the model's scope
    scope_names = [_unique_scope_name(column._var_scope_name) for column in ordered]
    with variable_scope(None, default_name="linear_model"):
        for column in feature_columns:
            if not isinstance(column, (DenseColumn, CategoricalColumn)):
                raise ValueError("Items of feature_columns must be either a _DenseColumn or _CategoricalColumn. "
                                 f"Given: {column}")
        builder = _LazyBuilder(features)
        sums = []
        for column, scope_name in zip(ordered, scope_names):
            with variable_scope(None, default_name=scope_name):
                sums.append(_weighted_sum(column, builder, units, sparse_combiner, weight_collections, trainable))
                found[column] = _scope_variables()
        verify_static_batch_size_equality(sums, ordered)
        no_bias = math_ops.add_n(sums, name="weighted_sum_no_bias")
        bias = get_variable("bias_weights", shape=[units], initializer=Zeros(), trainable=trainable,
                            collections=weight_collections)
        found["bias"] = [bias]
        predictions = nn_ops.bias_add(no_bias, bias, name="weighted_sum")
    if cols_to_vars is not None:
        cols_to_vars.update(found)
    return predictions


def _unique_scope_name(default_name):
    with variable_scope(None, default_name=default_name) as scope:
        return scope.name.rsplit("/", 1)[-1]


def make_parse_example_spec(feature_columns):
    """The tf.parse_example spec dict the columns read (tf.feature_column.make_parse_example_spec).

    Raises:
        ValueError: an item that is not a column, or two specs for one key that differ.
    """
    result = {}
    for column in feature_columns:
        if not isinstance(column, FeatureColumn):
            raise ValueError(f"All feature_columns must be _FeatureColumn instances. Given: {column}")
        config = column.parse_example_spec
        for key, value in config.items():
            if key in result and value != result[key]:
                raise ValueError(f"feature_columns contain different parse_spec for key {key}. Given {value} and "
                                 f"{result[key]}")
        result.update(config)
    return result


__all__ = ["input_layer", "linear_model", "make_parse_example_spec"]
