"""Classic TF1 example programs with their old spellings (reduction_indices, tf.arg_min, static_rnn
over unstacked steps, weight dicts, keep_prob dropout), and pieces of well-known vision models:
a Kim-style text CNN, AlexNet's LRN, MobileNet's separable convolutions, DeepLab's atrous
convolution, a DCGAN generator, sub-pixel upsampling, ROI crops and non-max suppression, a siamese
network and a triplet loss, and a hyperparameter sweep that rebuilds the default graph.

Weights start from fixed values or seeded initializers whose bits match TensorFlow's."""
import numpy as np


def _pixels(n, h, w, c, phase=0.0):
    return (0.5 + 0.5 * np.sin(np.arange(n * h * w * c).reshape(n, h, w, c) * 0.137 + phase)).astype(np.float32)


def case_x_program_nearest_neighbor_old_spellings(tf):
    train = np.sin(np.arange(40).reshape(10, 4) * 0.9).astype(np.float32)
    train_labels = np.arange(10) % 3
    test = np.cos(np.arange(16).reshape(4, 4) * 0.9).astype(np.float32)
    xtr = tf.placeholder("float", [None, 4])
    xte = tf.placeholder("float", [4])
    distance = tf.reduce_sum(tf.abs(tf.add(xtr, tf.negative(xte))), reduction_indices=1)
    pred = tf.arg_min(distance, 0)
    nearest, accuracy = [], 0.0
    init = tf.global_variables_initializer()
    with tf.Session() as sess:
        sess.run(init)
        for i in range(len(test)):
            nn_index = sess.run(pred, feed_dict={xtr: train, xte: test[i, :]})
            nearest.append(int(nn_index))
            if train_labels[nn_index] == i % 3:
                accuracy += 1.0 / len(test)
        mean_dist = sess.run(tf.reduce_mean(distance, reduction_indices=[0], keep_dims=True),
                             {xtr: train, xte: test[0]})
    return {"nearest": nearest, "accuracy": accuracy, "mean": mean_dist, "dtype": pred.dtype.name}


def case_x_program_static_rnn_over_unstacked_steps(tf):
    timesteps, num_input, num_hidden, num_classes = 4, 3, 5, 2
    xs = np.sin(np.arange(6 * timesteps * num_input).reshape(6, timesteps, num_input) * 0.4).astype(np.float32)
    ys = np.eye(num_classes, dtype=np.float32)[np.arange(6) % 2]
    X = tf.placeholder("float", [None, timesteps, num_input])
    Y = tf.placeholder("float", [None, num_classes])
    weights = {"out": tf.Variable(tf.random_normal([num_hidden, num_classes], seed=1))}
    biases = {"out": tf.Variable(tf.random_normal([num_classes], seed=2))}

    def RNN(x, weights, biases):
        x = tf.unstack(x, timesteps, 1)
        with tf.variable_scope("rnn", initializer=tf.random_uniform_initializer(-0.2, 0.2, seed=6)):
            lstm_cell = tf.nn.rnn_cell.BasicLSTMCell(num_hidden, forget_bias=1.0)
            outputs, states = tf.nn.static_rnn(lstm_cell, x, dtype=tf.float32)
        return tf.matmul(outputs[-1], weights["out"]) + biases["out"], outputs

    logits, outputs = RNN(X, weights, biases)
    prediction = tf.nn.softmax(logits)
    loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
    train_op = tf.train.GradientDescentOptimizer(learning_rate=0.5).minimize(loss_op)
    correct_pred = tf.equal(tf.argmax(prediction, 1), tf.argmax(Y, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        trace = []
        for step in range(1, 7):
            sess.run(train_op, feed_dict={X: xs, Y: ys})
            if step % 2 == 0:
                trace.append(sess.run([loss_op, accuracy], feed_dict={X: xs, Y: ys}))
        return {"trace": trace, "steps": len(outputs), "names": sorted(v.op.name for v in tf.global_variables())}


def case_x_program_low_level_convnet_weight_dicts(tf):
    xs = _pixels(6, 8, 8, 1).reshape(6, 64)
    ys = np.eye(3, dtype=np.float32)[np.arange(6) % 3]
    X = tf.placeholder(tf.float32, [None, 64])
    Y = tf.placeholder(tf.float32, [None, 3])
    keep_prob = tf.placeholder(tf.float32)
    tf.set_random_seed(3)

    def conv2d(x, W, b, strides=1):
        x = tf.nn.conv2d(x, W, strides=[1, strides, strides, 1], padding="SAME")
        return tf.nn.relu(tf.nn.bias_add(x, b))

    def maxpool2d(x, k=2):
        return tf.nn.max_pool(x, ksize=[1, k, k, 1], strides=[1, k, k, 1], padding="SAME")

    weights = {"wc1": tf.Variable(tf.random_normal([3, 3, 1, 4], stddev=0.3, seed=11)),
               "wd1": tf.Variable(tf.random_normal([4 * 4 * 4, 8], stddev=0.3, seed=12)),
               "out": tf.Variable(tf.random_normal([8, 3], stddev=0.3, seed=13))}
    biases = {"bc1": tf.Variable(tf.zeros([4])), "bd1": tf.Variable(tf.zeros([8])), "out": tf.Variable(tf.zeros([3]))}
    x = tf.reshape(X, shape=[-1, 8, 8, 1])
    conv1 = maxpool2d(conv2d(x, weights["wc1"], biases["bc1"]))
    fc1 = tf.reshape(conv1, [-1, weights["wd1"].get_shape().as_list()[0]])
    fc1 = tf.nn.relu(tf.add(tf.matmul(fc1, weights["wd1"]), biases["bd1"]))
    fc1 = tf.nn.dropout(fc1, keep_prob, seed=4)
    logits = tf.add(tf.matmul(fc1, weights["out"]), biases["out"])
    loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=Y))
    train_op = tf.train.AdamOptimizer(learning_rate=0.01).minimize(loss_op)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        dropped = sess.run(fc1, {X: xs, keep_prob: 0.5})
        trace = [sess.run([train_op, loss_op], {X: xs, Y: ys, keep_prob: 0.75})[1] for _ in range(5)]
        final = sess.run(loss_op, {X: xs, Y: ys, keep_prob: 1.0})
    return {"dropped_zeros": int(np.sum(dropped == 0)), "trace": trace, "final": final,
            "shapes": [conv1.shape.as_list(), fc1.shape.as_list()]}


def case_x_program_text_cnn_multiple_filter_sizes(tf):
    sequence_length, vocab, emb, num_filters = 7, 12, 4, 3
    sentences = (np.arange(6 * sequence_length).reshape(6, sequence_length) * 5 % vocab).astype(np.int32)
    labels = np.eye(2, dtype=np.float32)[np.arange(6) % 2]
    input_x = tf.placeholder(tf.int32, [None, sequence_length], name="input_x")
    input_y = tf.placeholder(tf.float32, [None, 2], name="input_y")
    dropout_keep_prob = tf.placeholder(tf.float32, name="dropout_keep_prob")
    l2_loss = tf.constant(0.0)
    with tf.name_scope("embedding"):
        W = tf.Variable(tf.random_uniform([vocab, emb], -1.0, 1.0, seed=5), name="W")
        embedded_chars_expanded = tf.expand_dims(tf.nn.embedding_lookup(W, input_x), -1)
    pooled_outputs = []
    for filter_size in (2, 3, 4):
        with tf.name_scope("conv-maxpool-%s" % filter_size):
            filter_W = tf.Variable(tf.truncated_normal([filter_size, emb, 1, num_filters], stddev=0.1,
                                                       seed=filter_size), name="W")
            b = tf.Variable(tf.constant(0.1, shape=[num_filters]), name="b")
            conv = tf.nn.conv2d(embedded_chars_expanded, filter_W, strides=[1, 1, 1, 1], padding="VALID", name="conv")
            h = tf.nn.relu(tf.nn.bias_add(conv, b), name="relu")
            pooled = tf.nn.max_pool(h, ksize=[1, sequence_length - filter_size + 1, 1, 1], strides=[1, 1, 1, 1],
                                    padding="VALID", name="pool")
            pooled_outputs.append(pooled)
    h_pool_flat = tf.reshape(tf.concat(pooled_outputs, 3), [-1, 3 * num_filters])
    h_drop = tf.nn.dropout(h_pool_flat, dropout_keep_prob)
    with tf.name_scope("output"):
        W_out = tf.get_variable("W_out", shape=[3 * num_filters, 2],
                                initializer=tf.glorot_uniform_initializer(seed=7))
        b_out = tf.Variable(tf.constant(0.1, shape=[2]), name="b")
        l2_loss += tf.nn.l2_loss(W_out) + tf.nn.l2_loss(b_out)
        scores = tf.nn.xw_plus_b(h_drop, W_out, b_out, name="scores")
        predictions = tf.argmax(scores, 1, name="predictions")
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=scores, labels=input_y)) + 0.1 * l2_loss
    accuracy = tf.reduce_mean(tf.cast(tf.equal(predictions, tf.argmax(input_y, 1)), "float"), name="accuracy")
    global_step = tf.Variable(0, name="global_step", trainable=False)
    optimizer = tf.train.AdamOptimizer(1e-2)
    grads_and_vars = optimizer.compute_gradients(loss)
    train_op = optimizer.apply_gradients(grads_and_vars, global_step=global_step)
    grad_summaries = [tf.summary.scalar("{}/grad/sparsity".format(v.name), tf.nn.zero_fraction(g))
                      for g, v in grads_and_vars if g is not None]
    feed = {input_x: sentences, input_y: labels, dropout_keep_prob: 1.0}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        trace = [sess.run([train_op, global_step, loss, accuracy], feed)[1:] for _ in range(4)]
        pooled_shape = h_pool_flat.shape.as_list()
    return {"trace": trace, "pooled": pooled_shape, "summaries": [s.op.name for s in grad_summaries],
            "grad_kinds": [type(g).__name__ for g, _ in grads_and_vars]}


def case_x_program_vision_model_blocks(tf):
    images = tf.constant(_pixels(2, 8, 8, 3))
    init = tf.random_normal_initializer(stddev=0.2, seed=9)
    lrn = tf.nn.local_response_normalization(images, depth_radius=2, bias=1.0, alpha=0.001 / 9.0, beta=0.75)
    depthwise = tf.get_variable("depthwise", [3, 3, 3, 2], initializer=init)
    pointwise = tf.get_variable("pointwise", [1, 1, 6, 4], initializer=init)
    separable = tf.nn.separable_conv2d(images, depthwise, pointwise, [1, 1, 1, 1], "SAME")
    atrous_filters = tf.get_variable("atrous", [3, 3, 3, 2], initializer=init)
    atrous = tf.nn.atrous_conv2d(images, atrous_filters, rate=2, padding="SAME")
    layer_sep = tf.layers.separable_conv2d(images, 4, 3, depth_multiplier=2, padding="same",
                                           depthwise_initializer=init, pointwise_initializer=init, name="sep")
    net = tf.layers.conv2d(images, 4, 3, strides=2, padding="same", kernel_initializer=init, name="stem")
    shortcut = tf.layers.conv2d(images, 4, 1, strides=2, kernel_initializer=init, name="proj")
    residual = tf.nn.relu(net + shortcut)
    pooled = tf.reduce_mean(residual, axis=[1, 2], keepdims=True)
    se = tf.nn.sigmoid(tf.layers.dense(tf.layers.dense(pooled, 2, tf.nn.relu, kernel_initializer=init, name="squeeze"),
                                       4, kernel_initializer=init, name="excite"))
    excited = residual * se
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run({"lrn": lrn[0, 0], "separable": separable[0, :2], "atrous": atrous[1, 3],
                        "layer_sep": layer_sep[0, 1], "excited": excited[1, :, 0]})
    out["shapes"] = [t.shape.as_list() for t in (separable, atrous, layer_sep, excited)]
    return out


def case_x_program_dcgan_generator_and_subpixel(tf):
    tf.set_random_seed(21)
    z = tf.random_uniform([2, 6], -1.0, 1.0, seed=3)
    training = tf.placeholder_with_default(True, [])
    init = tf.truncated_normal_initializer(stddev=0.1, seed=5)
    with tf.variable_scope("generator"):
        h0 = tf.reshape(tf.layers.dense(z, 2 * 2 * 8, kernel_initializer=init), [-1, 2, 2, 8])
        h0 = tf.nn.relu(tf.layers.batch_normalization(h0, training=training))
        h1 = tf.layers.conv2d_transpose(h0, 4, 5, strides=2, padding="same", kernel_initializer=init)
        h1 = tf.nn.relu(tf.layers.batch_normalization(h1, training=training))
        w2 = tf.get_variable("w2", [5, 5, 2, 4], initializer=init)
        h2 = tf.nn.conv2d_transpose(h1, w2, output_shape=[2, 8, 8, 2], strides=[1, 2, 2, 1])
        image = tf.nn.tanh(h2)
    subpixel = tf.depth_to_space(tf.layers.conv2d(image, 8, 3, padding="same", kernel_initializer=init), 2)
    back = tf.space_to_depth(subpixel, 2)
    upsampled = tf.image.resize_bilinear(image, [16, 16], align_corners=True)
    nearest = tf.image.resize_nearest_neighbor(image, [12, 12])
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        noise, img, sub, up, nn = sess.run([z, image, subpixel, upsampled, nearest])
        sess.run(update_ops)
        moving = sess.run(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, "generator/batch_normalization/moving_mean"))
    return {"noise": noise, "image": img[0, :3, :3], "sub": sub[1, :2, :2], "up": up[0, ::5, ::5, 0],
            "nn": nn[1, ::4, ::4, 1], "moving": moving, "shapes": [h1.shape.as_list(), sub.shape, back.shape.as_list()],
            "n_update": len(update_ops)}


def case_x_program_detection_crops_and_nms(tf):
    image = tf.constant(_pixels(1, 10, 10, 3))
    boxes = tf.constant([[0.0, 0.0, 0.5, 0.5], [0.05, 0.05, 0.55, 0.5], [0.5, 0.5, 1.0, 1.0],
                         [0.1, 0.6, 0.4, 0.9], [0.0, 0.0, 0.45, 0.52]])
    scores = tf.constant([0.9, 0.85, 0.6, 0.7, 0.3])
    keep = tf.image.non_max_suppression(boxes, scores, max_output_size=3, iou_threshold=0.5)
    keep_thr = tf.image.non_max_suppression(boxes, scores, 5, iou_threshold=0.7, score_threshold=0.5)
    kept_boxes = tf.gather(boxes, keep)
    crops = tf.image.crop_and_resize(image, kept_boxes, tf.zeros_like(keep), [3, 3])
    roi_pool = tf.nn.max_pool(crops, [1, 2, 2, 1], [1, 1, 1, 1], "VALID")
    drawn = tf.image.draw_bounding_boxes(image, tf.expand_dims(kept_boxes[:2], 0))
    glimpse = tf.image.extract_glimpse(image, [4, 4], [[0.0, 0.0]], centered=True, normalized=True)
    pad_crop = tf.image.crop_to_bounding_box(tf.image.pad_to_bounding_box(image, 1, 2, 12, 14), 0, 0, 6, 6)
    with tf.Session() as sess:
        out = sess.run({"keep": keep, "keep_thr": keep_thr, "crops": crops[:, :, 1, 0], "roi": roi_pool[:, 0, 0],
                        "drawn": drawn[0, 0, :5, 0], "glimpse": glimpse[0, :, :, 1], "pad_crop": pad_crop[0, 0, :, 0]})
    return out


def case_x_program_siamese_and_triplet_losses(tf):
    left = np.sin(np.arange(24).reshape(6, 4) * 0.7).astype(np.float32)
    right = np.cos(np.arange(24).reshape(6, 4) * 0.7).astype(np.float32)
    same = np.array([1, 0, 1, 1, 0, 0], np.float32)
    x1 = tf.placeholder(tf.float32, [None, 4])
    x2 = tf.placeholder(tf.float32, [None, 4])
    y = tf.placeholder(tf.float32, [None])

    def tower(x, reuse):
        with tf.variable_scope("siamese", reuse=reuse):
            h = tf.layers.dense(x, 5, tf.nn.relu, kernel_initializer=tf.constant_initializer(
                np.linspace(-0.6, 0.6, 20).reshape(4, 5)), name="fc1")
            return tf.layers.dense(h, 3, kernel_initializer=tf.constant_initializer(
                np.linspace(0.4, -0.4, 15).reshape(5, 3)), name="fc2")

    o1, o2 = tower(x1, False), tower(x2, True)
    distance = tf.sqrt(tf.reduce_sum(tf.square(o1 - o2), 1) + 1e-6)
    margin = 1.0
    contrastive = tf.reduce_mean(y * tf.square(distance) + (1 - y) * tf.square(tf.maximum(margin - distance, 0)))
    cosine = tf.reduce_sum(tf.nn.l2_normalize(o1, 1) * tf.nn.l2_normalize(o2, 1), 1)
    anchors, positives, negatives = o1[:2], o2[:2], o2[2:4]
    triplet = tf.reduce_mean(tf.maximum(tf.reduce_sum(tf.square(anchors - positives), 1)
                                        - tf.reduce_sum(tf.square(anchors - negatives), 1) + 0.2, 0.0))
    embeddings = tf.nn.l2_normalize(o1, 1)
    pairwise = tf.matmul(embeddings, embeddings, transpose_b=True)
    hardest = tf.reduce_max(tf.matrix_set_diag(pairwise, -tf.ones([tf.shape(pairwise)[0]])), 1)
    train = tf.train.MomentumOptimizer(0.05, 0.9).minimize(contrastive + triplet)
    feed = {x1: left, x2: right, y: same}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        trace = [sess.run([train, contrastive, triplet], feed)[1:] for _ in range(5)]
        out = sess.run({"cosine": cosine, "hardest": hardest, "distance": distance}, feed)
    out.update(trace=trace, shared=sorted(v.op.name for v in tf.trainable_variables()))
    return out


def case_x_program_hyperparameter_sweep_resets_graph(tf):
    xs = np.linspace(-1, 1, 10).astype(np.float32)
    ys = (0.7 * xs ** 2 - 0.2).astype(np.float32)
    results = {}
    for lr in (0.05, 0.2):
        for hidden in (2, 4):
            tf.reset_default_graph()
            tf.set_random_seed(0)
            x = tf.placeholder(tf.float32, [None, 1])
            h = tf.layers.dense(x, hidden, tf.nn.tanh, kernel_initializer=tf.random_normal_initializer(seed=1))
            pred = tf.layers.dense(h, 1, kernel_initializer=tf.random_normal_initializer(seed=2))
            loss = tf.losses.mean_squared_error(ys[:, None], pred)
            train = tf.train.GradientDescentOptimizer(lr).minimize(loss)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for _ in range(20):
                    sess.run(train, {x: xs[:, None]})
                results["lr=%g,h=%d" % (lr, hidden)] = [sess.run(loss, {x: xs[:, None]}),
                                                        len(tf.global_variables())]
    best = min(results, key=lambda k: results[k][0])
    return {"results": results, "best": best, "names": sorted(v.op.name for v in tf.global_variables())}


def case_x_program_text_pipeline_vocab_tables_padded_batch(tf):
    lines = ["the cat sat", "a dog", "the dog sat on the mat", "cat", "mat on a dog"]
    vocab = tf.constant(["<pad>", "the", "cat", "sat", "a", "dog", "on"])
    word_to_id = tf.lookup.StaticVocabularyTable(
        tf.lookup.KeyValueTensorInitializer(vocab, tf.range(7, dtype=tf.int64)), num_oov_buckets=1)
    id_to_word = tf.lookup.StaticHashTable(
        tf.lookup.KeyValueTensorInitializer(tf.range(7, dtype=tf.int64), vocab), "<unk>")
    dataset = tf.data.Dataset.from_tensor_slices(lines)
    dataset = dataset.map(lambda line: tf.string_split([line]).values)
    dataset = dataset.map(lambda words: (word_to_id.lookup(words), tf.size(words)))
    dataset = dataset.padded_batch(2, padded_shapes=([None], []), padding_values=(tf.constant(0, tf.int64), 0))
    iterator = dataset.make_initializable_iterator()
    ids, lengths = iterator.get_next()
    words = id_to_word.lookup(ids)
    keys, values = id_to_word.export()
    batches = []
    with tf.Session() as sess:
        sess.run(tf.tables_initializer())
        sess.run(iterator.initializer)
        while True:
            try:
                batches.append(sess.run([ids, lengths, words]))
            except tf.errors.OutOfRangeError:
                break
        exported_keys, exported_values = sess.run([keys, values])
        exported = sorted(zip(exported_keys.tolist(), exported_values.tolist()))  # a hash map's order is TF's own
    return {"batches": batches, "exported": exported, "first_word_type": type(batches[0][2][0, 0]).__name__,
            "sizes": [word_to_id.size().dtype.name]}


def case_x_program_queue_input_summaries_merge_all(tf):
    images = tf.constant(_pixels(12, 2, 2, 1).reshape(12, 4))
    labels = tf.constant(np.arange(12) % 3)
    image, label = tf.train.slice_input_producer([images, labels], shuffle=False)
    image = tf.image.per_image_standardization(tf.reshape(image, [2, 2, 1]))
    image_batch, label_batch = tf.train.batch([image, label], batch_size=4, num_threads=1, capacity=12)
    tf.summary.image("images", image_batch, max_outputs=2)
    logits = tf.layers.dense(tf.reshape(image_batch, [4, 4]), 3, kernel_initializer=tf.constant_initializer(0.1))
    loss = tf.losses.sparse_softmax_cross_entropy(label_batch, logits)
    tf.summary.scalar("loss", loss)
    merged = tf.summary.merge_all()
    tags = []
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        for _ in range(2):
            summary = tf.Summary.FromString(sess.run(merged))
            tags.append(sorted(v.tag for v in summary.value))
        first_labels = sess.run(label_batch)
        coord.request_stop()
        coord.join(threads)
    return {"tags": tags, "labels": first_labels,
            "collection": [t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)],
            "queue_runners": [qr.name for qr in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)]}
