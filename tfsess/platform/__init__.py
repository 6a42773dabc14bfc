"""Platform helpers under the tf.* namespaces: command-line flags, logging, tf.app.run and gfile."""
