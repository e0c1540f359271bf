"""The hostile inputs every sp tool must survive, generated at test time.

write_inputs(dir, big) writes one file per case into dir and returns their
names. Each file mixes the hostile lines with ordinary records, so every
tool also has real work to do around them. The 200 MB single line is only
written when `big` is true.
"""
import os
import random

GOOD = [
    b'{"id":"a","ts":"2026-01-01T00:00:00Z","n":1}',
    b'{"id":"b","ts":"2026-01-01T00:00:30Z","n":2.5}',
    b'{"id":"a","ts":"2026-01-01T00:01:10Z","n":-3}',
]


def lines(*rows):
    """Ordinary records around the hostile rows, newline-terminated."""
    return b"\n".join(GOOD[:2] + list(rows) + GOOD[2:]) + b"\n"


def nested(depth, key=b'"id"'):
    return b"{" + key + b":" + b"[" * depth + b"]" * depth + b"}"


def nested_objects(depth):
    return b'{"id":' + b'{"a":' * depth + b"1" + b"}" * depth + b"}"


def cases(big):
    rnd = random.Random(9)
    yield "empty", b""
    yield "only_newlines", b"\n" * 1000 + b"\r\n" * 10
    yield "no_final_newline", b"\n".join(GOOD)
    yield "binary_garbage", bytes(rnd.getrandbits(8) for _ in range(1 << 18))
    yield "nul_bytes", lines(
        b'{"id":"a\x00b","ts":"2026-01-01T00:00:01Z","n":1}',
        b"\x00\x00\x00",
        b'{"id":"c","ts":"2026-01-01T00:00:02Z"}\x00',
        b'{"id":"\\u0000","ts":"2026-01-01T00:00:03Z","n":0}')
    yield "invalid_utf8", lines(
        b'{"id":"\xff\xfe","ts":"2026-01-01T00:00:01Z","n":1}',
        b'{"id":"\x80","n":1}',            # lone continuation byte
        b'{"id":"\xe2\x82","n":1}',        # truncated sequence
        b'{"id":"\xed\xa0\x80","n":1}',    # UTF-16 surrogate encoded in UTF-8
        b'{"id":"\xf4\x90\x80\x80","n":1}',  # beyond U+10FFFF
        b'{"\xc3\x28":1}')
    yield "overlong_utf8", lines(
        b'{"id":"\xc0\xaf","n":1}',
        b'{"id":"\xe0\x80\xaf","n":1}',
        b'{"id":"\xf0\x80\x80\xaf","n":1}',
        b'{"id":"\xf8\x80\x80\x80\xaf","n":1}',
        b'{"id":"\xfc\x80\x80\x80\x80\xaf","n":1}',
        b'{"id":"\xc1\xbf","n":1}')
    text = "\n".join(r.decode() for r in GOOD) + "\n"
    yield "utf16le_bom", b"\xff\xfe" + text.encode("utf-16-le")
    yield "utf16be_bom", b"\xfe\xff" + text.encode("utf-16-be")
    yield "utf8_bom", b"\xef\xbb\xbf" + lines()
    yield "deep_arrays", lines(nested(100_000), b"[" * 100_000)
    yield "deep_objects", lines(nested_objects(100_000), nested(1_000, b'"n"'))
    yield "huge_numbers", lines(
        b'{"id":1e999999999,"ts":"2026-01-01T00:00:01Z","n":1e309}',
        b'{"id":-1e-99999,"ts":"2026-01-01T00:00:02Z","n":-1e309}',
        b'{"id":' + b"9" * 100_000 + b',"ts":"2026-01-01T00:00:03Z","n":' + b"1" * 5000 + b"}",
        b'{"id":123456789012345678901234567890,"n":18446744073709551616}',
        b'{"id":-9223372036854775809,"n":-9223372036854775808}',
        b'{"id":0.' + b"0" * 10_000 + b'1,"n":1e-400,"ts":"2026-01-01T00:00:04Z"}',
        b'{"id":"x","ts":"2026-01-01T00:00:05Z","n":1.7976931348623157e308}',
        b'{"id":"x","ts":"2026-01-01T00:00:06Z","n":1.7976931348623157e308}')
    yield "duplicate_keys", lines(
        b'{"id":"a","id":"b","ts":"2026-01-01T00:00:01Z","ts":"1970-01-01T00:00:00Z","n":1,"n":"x"}',
        b'{"id":{"id":1},"id":[1],"n":1,"ts":"2026-01-01T00:00:02Z"}')
    yield "escaped_keys", lines(
        b'{"\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\u001f\\u007f\\ud83d\\ude00\\u00e9":1,"id":"e","ts":"2026-01-01T00:00:01Z"}',
        b'{"\\u0069\\u0064":"escaped id","\\u0074s":"2026-01-01T00:00:02Z","\\u006e":4}',
        b'{"id":"\\ud800","ts":"2026-01-01T00:00:03Z"}',      # lone surrogate
        b'{"id":"\\udc00\\ud800","ts":"2026-01-01T00:00:04Z"}',
        b'{"id":"\\u","n":1}',
        b'{"id\\u0000":"x","id":"y","ts":"2026-01-01T00:00:05Z"}')
    yield "key_not_scalar", lines(
        b'{"id":{"a":1,"b":[2]},"ts":"2026-01-01T00:00:01Z","n":1}',
        b'{"id":[1,2,{"x":null}],"ts":"2026-01-01T00:00:02Z","n":1}',
        b'{"id":{},"ts":"2026-01-01T00:00:03Z","n":1}',
        b'{"id":[],"ts":"2026-01-01T00:00:04Z","n":1}',
        b'{"id":null,"ts":"2026-01-01T00:00:05Z","n":null}',
        b'{"id":true,"ts":"2026-01-01T00:00:06Z","n":false}',
        b'{"id":"","ts":"2026-01-01T00:00:07Z","n":""}',
        b'{"ts":{"t":1},"id":"t","n":{"v":1}}',
        b'{"ts":["2026-01-01T00:00:08Z"],"id":"t","n":[1]}')
    yield "extreme_times", lines(
        b'{"id":"p","ts":"0001-01-01T00:00:00Z","n":1}',
        b'{"id":"f","ts":"9999-12-31T23:59:59.999999999Z","n":1}',
        b'{"id":"p","ts":"1677-09-21T00:12:43.145224192Z","n":1}',
        b'{"id":"f","ts":"2262-04-11T23:47:16.854775807Z","n":1}',
        b'{"id":"f","ts":"2262-04-11T23:47:16.854775808Z","n":1}',
        b'{"id":"p","ts":"1677-09-21T00:12:43.145224191Z","n":1}',
        b'{"id":"n","ts":-9223372036854775808,"n":1}',
        b'{"id":"n","ts":9223372036854775807,"n":1}',
        b'{"id":"n","ts":1e300,"n":1}',
        b'{"id":"n","ts":-1e300,"n":1}',
        b'{"id":"n","ts":"+275760-09-13T00:00:00Z","n":1}',
        b'{"id":"n","ts":"2026-02-30T25:61:61Z","n":1}',
        b'{"id":"f","ts":"2262-04-11T23:47:16Z","n":1}',
        b'{"id":"p","ts":"1677-09-22T00:00:00Z","n":1}')
    yield "nan_like", lines(
        b'{"id":"NaN","ts":"NaN","n":"NaN"}',
        b'{"id":"nan","ts":"2026-01-01T00:00:01Z","n":"nan"}',
        b'{"id":"inf","ts":"Infinity","n":"Infinity"}',
        b'{"id":"-inf","ts":"2026-01-01T00:00:02Z","n":"-Infinity"}',
        b'{"id":NaN,"ts":"2026-01-01T00:00:03Z","n":NaN}',
        b'{"id":"x","ts":"2026-01-01T00:00:04Z","n":Infinity}',
        b'{"id":"x","ts":"2026-01-01T00:00:05Z","n":"1e999"}',
        b'{"id":"x","ts":"2026-01-01T00:00:06Z","n":"0x1p3"}')
    yield "not_objects", lines(b"[]", b"1", b'"s"', b"null", b"{", b"}", b"{}", b'{"id":"a"} {"id":"b"}', b"   ")
    yield "crlf_and_cr", b"\r\n".join(GOOD) + b"\r\n\r\r\n" + GOOD[0] + b"\r"
    yield "long_lines", lines(b'{"id":"' + b"x" * (3 << 20) + b'","n":1}', b"y" * (5 << 20))
    if big:
        # One 200 MB line: longer than --max-record-size's default (64 MiB).
        yield "line_200mb", b'{"id":"' + b"z" * (200 << 20) + b'","n":1}\n' + GOOD[0] + b"\n"


def write_inputs(directory, big):
    names = []
    for name, data in cases(big):
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)
        names.append(name)
    return names
