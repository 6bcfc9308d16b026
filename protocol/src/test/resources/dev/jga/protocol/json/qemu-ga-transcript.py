#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Regenerates qemu-ga-7.2-transcript.txt from a running qemu-ga:
#   qemu-ga -m unix-listen -p /tmp/jsonx/sock -t /tmp/jsonx -f /tmp/jsonx/pid &
#   python3 qemu-ga-transcript.py 250 7 base out1.txt            (hand cases + 250 random)
#   python3 qemu-ga-transcript.py 300 11 extended out2.txt        (300 random, extended fragments)
# The committed transcript is out1.txt followed by out2.txt without its header lines.
# Each input goes in one write; replies are collected until 0.12 s of silence, then "\xff\n"
# resets the parser and its own reply is drained. Inputs never contain 0xFF (jga resets there).
# Records qemu-ga's replies to many inputs, for the differential test in JsonStreamerTranscriptTest.
import socket, time, json, random, sys

def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect('/tmp/jsonx/sock')
    return s

def collect(s, quiet):
    s.settimeout(quiet)
    out = b''
    while True:
        try:
            d = s.recv(1 << 20)
        except socket.timeout:
            return out
        if not d:
            return out
        out += d

HAND = [
 b'{"execute":"guest-ping"}', b'{"execute":"guest-ping"}{"execute":"guest-ping"}',
 b"{'execute':'guest-ping'}", b'{"execute":"guest-ping","id":01}', b'{"execute":"guest-ping"}}',
 b'[01,2]', b'[01\x01]', b'{"a":1.}', b'0e5 ', b'tru ', b'true ', b'null ', b'false ', b'truefalse ',
 b'true1 ', b'1true ', b'"gue\xfe', b'"\xe2\x82\n', b'\x00', b'"ab\x00cd"', b'\x7f', b'"a\x7fb"',
 b'"\\u12"', b'"\\ud83d"', b'"\\ud83d\\u0041"', b'"\\uD83D\\uDE00"', b'"\\uFFFF"', b'"\\uFDD0"',
 b'"\\ud83f\\udffe"', b'"\xef\xbf\xbf"', b'"\xc0\x80"', b'"\xc1\x81"', b'"\xed\xa0\xbd"',
 b'"\xf4\x90\x80\x80"', b'"\xf8\x88\x80\x80\x80"', b'"\xfc\x84\x80\x80\x80\x80"', b'"\\x"',
 b"'a\"b\\''", b'"\\u1\xf0\x9f\x98\x80"', b'{{"x":1}:2}', b'{1:2}', b'{"a":1,"a":2}',
 b'{"a":1,"a":[1 2]}', b'{"a" 1}', b'{"a":}', b'{"a":1 "b":2}', b'[1 2]', b'[1,]', b'[,1]', b'{,}',
 b'{"a":1,}', b']', b'}', b':', b',', b'[}', b'{]', b'{[}]', b'[{]}', b'-0 ', b'-01', b'- ', b'-a', b'1. ',
 b'1.e5 ', b'1e ', b'1e+ ', b'1e+5 ', b'1E-5 ', b'.5', b'+1', b'00', b'0.0 ', b'-0.0 ',
 b'9223372036854775807 ', b'9223372036854775808 ', b'18446744073709551615 ', b'18446744073709551616 ',
 b'-9223372036854775808 ', b'-9223372036854775809 ', b'1e400 ', b'"a\tb"', b'"a\nb"', b'"\\\x01"',
 b'"\\\xc3\xa9"', b'\xc3\xa9', b'A', b'ABC{', b'%d', b'abc"def{}', b'"\xe2\x82\xac"', b'"caf\xc3\xa9"',
 b'{"execute":"guest-ping","arguments":{}}', b' \r\n\t{"execute" : "guest-ping" }\r\n',
 b'{"execute":"x\\u0000y"}', b'[1,[2,[3]]]', b'[]', b'{}', b'""', b"''", b'"\\/\\b\\f\\n\\r\\t\\\\\\"\\\'"',
 b'{"a":"\x01', b'{"a":"\x01}', b'{"a":"b\x01"}', b'{"a":1}\x01}', b'x\x02y}', b'{"a":x}', b'{"a":nul}',
 b'{"a":[1,2,3],"b":{"c":true}}', b'[' * 3 + b'01' + b']' * 3, b'{"a":' + b'[' * 10 + b'"\\q"' + b']' * 10 + b'}',
]

FRAGMENTS = [b'{', b'}', b'[', b']', b':', b',', b'"a"', b"'b'", b'"', b"'", b'\\', b'\\u', b'd83d', b'01',
             b'0', b'-', b'1.', b'e', b'E+', b'5', b'true', b'nul', b' ', b'\n', b'\t', b'\x01', b'\x00',
             b'\xc3\xa9', b'\xe2\x82', b'\xc0\x80', b'\xfe', b'\xef\xbf\xbf', b'"execute"', b'"guest-ping"',
             b'x', b'A', b'%', b'\\n', b'\\\'', b'\\"', b'12345678901234567890', b'\x7f', b'\r', b'\x1f']
EXTRA_FRAGMENTS = [b'\\ud83d', b'\\udc00', b'\\uFFFE', b'1e5', b'-0', b'9223372036854775808', b'{"a":', b'[[', b']]', b'"\xf0\x9f\x98\x80"', b'\xed\xa0\x80', b'\xf4\x90\x80\x80', b'"b":null', b'\\/', b'zz', b'\\\\']

def cases(n_random, seed, extended):
    if not extended:
        yield from HAND
    fragments = FRAGMENTS + EXTRA_FRAGMENTS if extended else FRAGMENTS
    rnd = random.Random(seed)
    for _ in range(n_random):
        yield b''.join(rnd.choice(fragments) for _ in range(rnd.randint(1, 14)))

def main():
    n_random, seed, extended = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == 'extended'
    out = open(sys.argv[4], 'w')
    out.write('# qemu-ga 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18) replies, recorded with a python client.\n')
    out.write('# "> hex" is one input sent in one write on a fresh parser; "< line" is each reply,\n')
    out.write('# VALUE when it was not a JSON parse error (dispatch of a parsed value).\n')
    s = connect()
    s.sendall(b'\xff\n'); collect(s, 0.3)
    for c in cases(n_random, seed, extended):
        assert b'\xff' not in c
        s.sendall(c)
        got = collect(s, 0.12)
        out.write('> ' + c.hex() + '\n')
        for line in got.split(b'\n'):
            if not line:
                continue
            desc = json.loads(line).get('error', {}).get('desc', '')
            out.write('< ' + (line.decode('ascii') if desc.startswith('JSON ') else 'VALUE') + '\n')
        s.sendall(b'\xff\n'); collect(s, 0.12)
    out.close()

main()
