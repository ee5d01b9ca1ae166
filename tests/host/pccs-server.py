#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A PCCS stand-in over HTTPS on 127.0.0.1, for the pccs-*.t suites.

Serves the real Intel responses of a collateral bundle (by default
tests/data/collateral/v4-phala.collateral.json) at the API v4 paths
tdxg fetches, the way PCS/PCCS send them:
  /tdx/certification/v4/tcb?fmspc=F   {"tcbInfo":...,"signature":...}
                                       + TCB-Info-Issuer-Chain (URL-encoded PEM)
  /tdx/certification/v4/qe/identity   {"enclaveIdentity":...,"signature":...}
                                       + SGX-Enclave-Identity-Issuer-Chain
  /sgx/certification/v4/pckcrl?ca=C   DER + SGX-PCK-CRL-Issuer-Chain
  /sgx/certification/v4/rootcacrl     hex (as newer PCCS send it; DER in mode rootder)
The tcbInfo/enclaveIdentity bytes are the signed bytes of the bundle, so
the responses verify exactly as Intel's did.

The behaviour is read from DIR/mode on every request, so one server runs
every case: ok, tamper (one digit of the signed TCB info changed), 404,
500, slow (sleeps 30 s before answering), badchain (the PCK CRL chain in
TCB-Info-Issuer-Chain), nochain (no issuer-chain headers), truncated (half
the TCB info body, Content-Length to match), short (Content-Length of the
whole body, half of it sent, then the connection closed), rootder,
"502body" (502 with a reason in the body, as PCCS answers when Intel PCS
failed, with control characters and 300 bytes of padding in it),
"slow502 S" (that 502 after S seconds, as a PCCS that retried its
upstream), "503 N" (the next N requests get 503, then as ok; the count is
kept in DIR/count).
Every request line is appended to DIR/requests. The port goes to DIR/port.
"""
import argparse
import http.server
import json
import os
import ssl
import sys
import time
import urllib.parse


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dir', required=True)
    ap.add_argument('--bundle', required=True)
    ap.add_argument('--cert', required=True)
    ap.add_argument('--key', required=True)
    a = ap.parse_args()
    b = json.load(open(a.bundle))
    enc = lambda pem: urllib.parse.quote(pem, safe='')
    fmspc = json.loads(b['tcb_info'])['fmspc'].upper()
    tcb = ('{"tcbInfo":%s,"signature":"%s"}' % (b['tcb_info'], b['tcb_info_signature'])).encode()
    qe = ('{"enclaveIdentity":%s,"signature":"%s"}' % (b['qe_identity'], b['qe_identity_signature'])).encode()
    i = tcb.index(b'"tcbEvaluationDataNumber":') + len(b'"tcbEvaluationDataNumber":')
    tampered = tcb[:i] + bytes([(tcb[i] - 0x30 + 1) % 10 + 0x30]) + tcb[i + 1:]
    assert tampered != tcb and json.loads(tampered)
    pck_crl = bytes.fromhex(b['pck_crl'])
    root_hex = b['root_ca_crl'].encode()

    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def log_message(self, *args):
            pass

        def send(self, code, body, headers=(), length=None):
            self.send_response(code)
            self.send_header('Content-Type', 'application/json' if body[:1] == b'{' else 'application/octet-stream')
            self.send_header('Content-Length', str(len(body) if length is None else length))
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            try:
                mode = open(os.path.join(a.dir, 'mode')).read().strip()
            except OSError:
                mode = 'ok'
            mode, _, arg = mode.partition(' ')
            with open(os.path.join(a.dir, 'requests'), 'a') as f:
                f.write(self.path + '\n')
            u = urllib.parse.urlsplit(self.path)
            qs = urllib.parse.parse_qs(u.query)
            if mode == 'slow':
                time.sleep(30)
            reason = (b'Intel PCS server returned an error: \x1b[31mUpstream timed out\x07\r\n'
                      + b'x' * 300)
            if mode == 'slow502':
                time.sleep(float(arg))
                return self.send(502, reason)
            if mode == '502body':
                return self.send(502, reason)
            if mode == '503':
                cf = os.path.join(a.dir, 'count')
                n = int(open(cf).read()) if os.path.exists(cf) else 0
                if n < int(arg):
                    open(cf, 'w').write(str(n + 1))
                    return self.send(503, b'busy')
            if mode == '404':
                return self.send(404, b'', [('Error-Code', 'NotFound'), ('Error-Message', 'No cache data for this FMSPC')])
            if mode == '500':
                return self.send(500, b'internal error')
            chain = lambda k: [] if mode == 'nochain' else [(k[0], enc(b[k[1]]))]
            if u.path == '/tdx/certification/v4/tcb':
                if qs.get('fmspc', [''])[0].upper() != fmspc:
                    return self.send(404, b'')
                hdr = chain(('TCB-Info-Issuer-Chain', 'tcb_info_issuer_chain'))
                if mode == 'badchain':
                    hdr = [('TCB-Info-Issuer-Chain', enc(b['pck_crl_issuer_chain']))]
                body = tampered if mode == 'tamper' else tcb
                if mode == 'truncated':
                    body = body[:len(body) // 2]
                if mode == 'short':
                    self.send(200, body[:len(body) // 2], hdr, length=len(body))
                    self.close_connection = True
                    return
                return self.send(200, body, hdr)
            if u.path == '/tdx/certification/v4/qe/identity':
                return self.send(200, qe, chain(('SGX-Enclave-Identity-Issuer-Chain', 'qe_identity_issuer_chain')))
            if u.path == '/sgx/certification/v4/pckcrl':
                if qs.get('ca', [''])[0] not in ('platform', 'processor'):
                    return self.send(400, b'')
                return self.send(200, pck_crl, chain(('SGX-PCK-CRL-Issuer-Chain', 'pck_crl_issuer_chain')))
            if u.path == '/sgx/certification/v4/rootcacrl':
                return self.send(200, bytes.fromhex(root_hex.decode()) if mode == 'rootder' else root_hex)
            return self.send(404, b'')

    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
    srv.daemon_threads = True
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    with open(os.path.join(a.dir, 'port.tmp'), 'w') as f:
        f.write(str(srv.server_address[1]))
    os.rename(os.path.join(a.dir, 'port.tmp'), os.path.join(a.dir, 'port'))
    sys.stdout.close()
    srv.serve_forever()


if __name__ == '__main__':
    main()
