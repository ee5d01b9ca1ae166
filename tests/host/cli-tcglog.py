#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
Independent TCG2 event-log tool for the tdxg CLI tests: it walks, builds and
replays logs with Python's own hashlib, so the tests do not check tdxg
against itself.

  digest-offset LOG RTMR       file offset of the SHA-384 digest of the
                               first event extending RTMR (0..3)
  replay [--ccel F] [--runtime F]
                               RTMR0..3 hex, one a line
  runtime OUT TEXT...          a runtime log: one EV_IPL event per TEXT,
                               "N:text" extends RTMR N (default 2); the
                               texts TDXG_POLICY_ONCE and _LOCKED are
                               TDXG_EV_POLICY markers, as tdxg logs them
  multialg OUT                 a CCEL with SHA-256 and SHA-384 digests
                               and a SHA-1 header, 3 events
  quote-field QUOTE NAME       hex of mrtd/rtmr0..3/reportdata of a v4 quote
"""
import hashlib
import struct
import sys

SHA384 = 0x0C
SHA256 = 0x0B
EV_NO_ACTION = 3
EV_IPL = 0x0D
TDXG_EV_POLICY = 0x54440002


def walk(data, ccel):
    """Yields (offset, mr_index, type, {alg: (digest_offset, digest)}, event)."""
    sizes = {SHA384: 48}
    off = 0
    if ccel:
        size = struct.unpack_from('<I', data, 28)[0]
        ev = data[32:32 + size]
        assert ev[:16] == b'Spec ID Event03\0'
        n = struct.unpack_from('<I', ev, 24)[0]
        sizes = {}
        for i in range(n):
            alg, dsize = struct.unpack_from('<HH', ev, 28 + 4 * i)
            sizes[alg] = dsize
        off = 32 + size
    while off + 12 <= len(data):
        rest = data[off:]
        if rest == b'\xff' * len(rest) or rest == b'\0' * len(rest):
            return
        mr, typ, count = struct.unpack_from('<III', data, off)
        o = off + 12
        digests = {}
        for _ in range(count):
            alg = struct.unpack_from('<H', data, o)[0]
            o += 2
            digests[alg] = (o, data[o:o + sizes[alg]])
            o += sizes[alg]
        esize = struct.unpack_from('<I', data, o)[0]
        o += 4
        yield off, mr, typ, digests, data[o:o + esize]
        off = o + esize


def replay(logs):
    rtmr = [bytes(48)] * 4
    for path, ccel in logs:
        data = open(path, 'rb').read()
        for _, mr, typ, digests, _ in walk(data, ccel):
            if typ == EV_NO_ACTION:
                continue
            rtmr[mr - 1] = hashlib.sha384(rtmr[mr - 1] + digests[SHA384][1]).digest()
    return rtmr


def record(mr, typ, digests, event):
    out = struct.pack('<III', mr, typ, len(digests))
    for alg, d in digests:
        out += struct.pack('<H', alg) + d
    return out + struct.pack('<I', len(event)) + event


def main(argv):
    cmd = argv[1]
    if cmd == 'digest-offset':
        data = open(argv[2], 'rb').read()
        want = int(argv[3]) + 1
        for _, mr, typ, digests, _ in walk(data, True):
            if mr == want and typ != EV_NO_ACTION:
                print(digests[SHA384][0])
                return 0
        return 1
    if cmd == 'replay':
        logs = []
        args = argv[2:]
        while args:
            logs.append((args[1], args[0] == '--ccel'))
            args = args[2:]
        for r in replay(logs):
            print(r.hex())
        return 0
    if cmd == 'runtime':
        out = b''
        for text in argv[3:]:
            rtmr, _, body = text.partition(':') if ':' in text else ('2', '', text)
            body = body.encode()
            # A marker gets the type tdxg gives it: under another type its
            # digest makes the log one tdxg never writes, which replay refuses.
            typ = TDXG_EV_POLICY if body in (b'TDXG_POLICY_ONCE', b'TDXG_POLICY_LOCKED') else EV_IPL
            out += record(int(rtmr) + 1, typ, [(SHA384, hashlib.sha384(body).digest())], body)
        open(argv[2], 'wb').write(out)
        return 0
    if cmd == 'multialg':
        spec = b'Spec ID Event03\0' + struct.pack('<IBBBBI', 0, 0, 2, 0, 2, 2)
        spec += struct.pack('<HHHH', SHA256, 32, SHA384, 48) + b'\0'
        out = struct.pack('<II', 0, EV_NO_ACTION) + bytes(20) + struct.pack('<I', len(spec)) + spec
        for mr, text in ((1, b'firmware'), (2, b'loader'), (1, b'config')):
            out += record(mr, EV_IPL, [(SHA256, hashlib.sha256(text).digest()),
                                       (SHA384, hashlib.sha384(text).digest())], text)
        out += record(1, EV_NO_ACTION, [(SHA256, bytes(32)), (SHA384, bytes(48))], b'skipped')
        out += b'\xff' * 512
        open(argv[2], 'wb').write(out)
        return 0
    if cmd == 'quote-field':
        data = open(argv[2], 'rb').read()
        # v4 quote: 48-byte header, then the TD 1.0 body.
        offsets = {'mrtd': 136, 'rtmr0': 328, 'rtmr1': 376, 'rtmr2': 424, 'rtmr3': 472,
                   'reportdata': 520}
        size = 64 if argv[3] == 'reportdata' else 48
        start = 48 + offsets[argv[3]]
        print(data[start:start + size].hex())
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
