"""Writes the fixture files of x_data_experimental2.py and x_reader_decoders.py into this folder.

Run it again after changing it (needs NumPy, Pillow and protobuf):
    python tests/conformance_extra/fixtures_data2/make_fixtures.py
"""
import gzip
import io
import os
import struct

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))


def _write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def _masked_crc(data):
    # TFRecord's masked CRC-32C, computed bit by bit (no extra package)
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    crc ^= 0xFFFFFFFF
    return ((crc >> 15 | crc << 17) + 0xA282EAD8) & 0xFFFFFFFF


def _tfrecord(records):
    out = b""
    for r in records:
        length = struct.pack("<Q", len(r))
        out += length + struct.pack("<I", _masked_crc(length)) + r + struct.pack("<I", _masked_crc(r))
    return out


def _varint(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number, payload):
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _example(features):
    """A tf.train.Example in wire format: {name: ("int64" | "float" | "bytes", values)}."""
    entries = b""
    for name, (kind, values) in features.items():
        if kind == "int64":
            body = _field(3, _field(1, b"".join(_varint(v & (1 << 64) - 1) for v in values)))
        elif kind == "float":
            body = _field(2, _field(1, struct.pack(f"<{len(values)}f", *values)))
        else:
            body = _field(1, b"".join(_field(1, v) for v in values))
        entries += _field(1, _field(1, name.encode()) + _field(2, body))
    return _field(1, entries)


def _image(array, fmt, **options):
    out = io.BytesIO()
    Image.fromarray(array).save(out, format=fmt, **options)
    return out.getvalue()


def _point_descriptor_set():
    """A FileDescriptorSet declaring testing.Point (proto2), for decode_proto / encode_proto."""
    from google.protobuf import descriptor_pb2
    fds = descriptor_pb2.FileDescriptorSet()
    f = fds.file.add(name="testing/point.proto", package="testing", syntax="proto2")
    message = f.message_type.add(name="Point")
    field = descriptor_pb2.FieldDescriptorProto
    for number, (name, kind, label) in enumerate([
            ("x", field.TYPE_INT32, field.LABEL_OPTIONAL), ("ys", field.TYPE_FLOAT, field.LABEL_REPEATED),
            ("tag", field.TYPE_STRING, field.LABEL_OPTIONAL), ("big", field.TYPE_INT64, field.LABEL_REPEATED),
            ("ok", field.TYPE_BOOL, field.LABEL_OPTIONAL), ("d", field.TYPE_DOUBLE, field.LABEL_OPTIONAL)], 1):
        message.field.add(name=name, number=number, type=kind, label=label)
    message.field[0].default_value = "7"
    return fds.SerializeToString()


def main():
    _write("basic.csv", b'id,score,name,flag\n1,2.5,alpha,7\n2,,"be,ta",8\n3,4.25,"say ""hi""",\n4,-1e3,,9\n')
    _write("semi.csv", b'1;"multi\nline";3\r\n4;plain;6\r\n')
    _write("bad_quote.csv", b'1,"open\n')
    _write("bad_int.csv", b"1,2\nx,3\n5,6\n")
    _write("wide.csv", b"1,2,3\n4,5\n7,8,9,10\n")
    _write("na.csv", b"a,b\n1,NA\nNA,2\n3,4\n")
    _write("part1.csv", b"k,v\n" + b"".join(b"%d,%d.5\n" % (i, i) for i in range(0, 6)))
    _write("part2.csv", b"k,v\n" + b"".join(b"%d,%d.5\n" % (i, i) for i in range(10, 16)))
    _write("typed.csv", b"i,big,f,s\n1,5000000000,1.5,x\n2,3,2,y\n,7,1e40,z\n")
    _write("rows.csv.gz", gzip.compress(b"c1,c2\n1,a\n2,b\n3,c\n", mtime=0))
    examples = [_example({"x": ("int64", [i, i + 1]), "y": ("float", [i * 0.5]),
                          "ix": ("int64", [i % 3]), "v": ("float", [float(i)]),
                          "s": ("bytes", [b"r%d" % i])}) for i in range(5)]
    _write("examples.tfrecord", _tfrecord(examples))
    _write("examples2.tfrecord", _tfrecord(examples[::-1]))
    rgb = (np.arange(4 * 5 * 3).reshape(4, 5, 3) * 7 % 256).astype(np.uint8)
    rgba = np.concatenate([rgb, np.full((4, 5, 1), 180, np.uint8)], axis=2)
    _write("rgb.webp", _image(rgb, "WEBP", lossless=True))
    _write("rgba.webp", _image(rgba, "WEBP", lossless=True))
    _write("rgb.bmp", _image(rgb, "BMP"))
    _write("rgb.png", _image(rgb, "PNG"))
    frames = [Image.fromarray(np.full((3, 4, 3), v, np.uint8)) for v in (0, 255)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=50)
    _write("two.gif", out.getvalue())
    gray = (np.arange(16 * 24).reshape(16, 24) % 200).astype(np.uint8)
    _write("gray.jpg", _image(gray, "JPEG", quality=90))
    _write("point.fds", _point_descriptor_set())
    _write("color.jpg", _image(np.repeat(np.repeat(rgb, 4, 0), 4, 1), "JPEG", quality=90))


if __name__ == "__main__":
    main()
