"""tf.strings.regex_replace / regex_full_match: RE2 rewrites (\\0 the whole match, \\1..\\9 groups),
patterns given as tensors (RegexReplace / RegexFullMatch ops, fed at run time), bad patterns."""
from _harness import catch


def case_regex_replace_rewrites(tf):
    s = tf.constant(["baaad", "xyz", "aXa", ""])
    sess = tf.Session()
    return {"whole": sess.run(tf.strings.regex_replace(s, "a+", "<\\0>")),
            "groups": sess.run(tf.strings.regex_replace(s, "(a)(.)", "\\2\\1")),
            "first_only": sess.run(tf.strings.regex_replace(s, "a", "-", replace_global=False)),
            "literal_backslash": sess.run(tf.strings.regex_replace(s, "X", "\\\\")),
            "empty_match": sess.run(tf.strings.regex_replace(tf.constant(["ab"]), "x*", "-")),
            "op_types": [tf.strings.regex_replace(s, "a", "b").op.type,
                         tf.strings.regex_full_match(s, "a.*").op.type]}


def case_regex_patterns_as_tensors(tf):
    s = tf.constant(["apple", "banana", "cherry"])
    pattern = tf.placeholder(tf.string, [])
    rewrite = tf.placeholder(tf.string, [])
    replaced = tf.strings.regex_replace(s, pattern, rewrite)
    first = tf.strings.regex_replace(s, pattern, rewrite, replace_global=False)
    matched = tf.strings.regex_full_match(s, pattern)
    sess = tf.Session()
    return {"replaced": sess.run(replaced, {pattern: "an", rewrite: "AN"}),
            "first": sess.run(first, {pattern: "[aeiou]", rewrite: "_"}),
            "matched": sess.run(matched, {pattern: "b.*a"}),
            "types": [replaced.op.type, matched.op.type, matched.dtype.name],
            "bad": catch(sess.run, matched, {pattern: "(unclosed"}),
            "again": sess.run(matched, {pattern: "c.*"})}


def case_regex_bad_static_patterns(tf):
    s = tf.constant(["a"])
    sess = tf.Session()
    return {"full_match": catch(sess.run, tf.strings.regex_full_match(s, "[")),
            "replace": catch(sess.run, tf.strings.regex_replace(s, "(", "x")),
            "shape": tf.strings.regex_full_match(tf.constant([["a", "b"]]), "a").shape.as_list()}


def case_regex_utf8_characters_and_bad_rewrites(tf):
    s = tf.constant(["é", "日本", "ab"])
    sess = tf.Session()
    return {"one_char": sess.run(tf.strings.regex_full_match(s, ".")),
            "dots": sess.run(tf.strings.regex_replace(s, ".", "<\\0>")),
            "bad_escape": catch(sess.run, tf.strings.regex_replace(s, "a", "\\x")),
            "missing_group": catch(sess.run, tf.strings.regex_replace(s, "(a)", "\\2"))}
