"""tf.feature_column (TF1): columns that turn a features dict into dense model inputs.

column_base (the column protocol, the transformation cache, shared checks) <- lookups (Bucketize,
vocabulary tables, sparse embedding lookups) <- numeric_columns, categorical_columns <- sequence_columns
<- dense_columns (indicator and embedding columns, with their sequence views) <- feature_layers
(input_layer, linear_model, make_parse_example_spec).
"""
