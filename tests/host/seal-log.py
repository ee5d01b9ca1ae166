#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""seal-log.py TDREPORT LOG REP SPEC...: a tdxg runtime log and a TDREPORT
whose RTMRs are its replay, for the seal and replay tests (verify-seal.t,
lib-api.t). SPEC is RTMR:WHAT with WHAT once, locked (the policy markers
as kmod/measure.c writes them), fake-locked (the LOCKED digest under
EV_IPL) or an extend's label (EV_IPL, SHA-384 of the label)."""
import hashlib
import struct
import sys

rep = bytearray(open(sys.argv[1], 'rb').read())
rtmr = [bytes(48)] * 4
log = b''
for spec in sys.argv[4:]:
    i, what = spec.split(':')
    i = int(i)
    if what in ('once', 'locked'):
        data = ('TDXG_POLICY_' + what.upper()).encode()
        typ, digest = 0x54440002, hashlib.sha384(data).digest()
    elif what == 'fake-locked':
        data = b'fake'
        typ, digest = 0xd, hashlib.sha384(b'TDXG_POLICY_LOCKED').digest()
    else:
        data = what.encode()
        typ, digest = 0xd, hashlib.sha384(data).digest()
    log += struct.pack('<IIIH', i + 1, typ, 1, 0xc) + digest + struct.pack('<I', len(data)) + data
    rtmr[i] = hashlib.sha384(rtmr[i] + digest).digest()
for i in range(4):
    off = 512 + 8 + 8 + 48 * 4 + 48 * i  # TDINFO.rtmr[i]
    rep[off:off + 48] = rtmr[i]
open(sys.argv[2], 'wb').write(log)
open(sys.argv[3], 'wb').write(rep)
