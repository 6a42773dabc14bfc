"""The string hashes against the values TensorFlow 2.21 gives (bucketed modulo 2**62 + 1 there)."""
from tfsess.lib.string_hash import fingerprint64, legacy_hash64, siphash24

STRINGS = [b"", b"a", b"hello", b"12345678", b"hello world!!", b"y" * 17, b"q" * 33, bytes(range(65)),
           bytes(range(256)) * 3 + b"abc"]
BUCKETS = 2 ** 62 + 1
# tf.strings.to_hash_bucket_fast / _strong(key=[1, 2]) / tf.string_to_hash_bucket, num_buckets=BUCKETS
FAST = [1936946117179621453, 3694432073954588129, 3786372426573024486, 3430003927990384362, 2069612503150846929,
        426471879119003573, 337133943010535265, 478270155923209659, 2456436475269585383]


def test_fingerprint64_is_farmhash():
    assert [fingerprint64(s) % BUCKETS for s in STRINGS] == FAST


STRONG = [443797209252341625, 546566331822570741, 2957200328589801622, 1897040800951890107, 1449931241982534343,
          1541948060395825866, 2927727684352129679, 3209810203499148322, 4059961476451443855]
LEGACY = [105434511174508089, 2996632905371535868, 1331861223480393033, 421129128932463287, 1188214556408278224,
          1430365920931554664, 173641424761775393, 2525959834624391444, 3514765269221590411]


def test_siphash24_keyed_as_tf_strong_buckets():
    assert [siphash24(1, 2, s) % BUCKETS for s in STRINGS] == STRONG


def test_legacy_hash64_is_tf_hash64():
    assert [legacy_hash64(s) % BUCKETS for s in STRINGS] == LEGACY
