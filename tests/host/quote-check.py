#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Independent check of a quote from the test QGS, written without libtdxg
so that a shared bug cannot pass both: the layout is walked by hand from
the DCAP quote format, signatures are checked with the openssl command line.

usage: quote-check.py QUOTE TDREPORT ROOT_CA_PEM

Prints one line per check, "PASS name" or "FAIL name: why", in this fixed
order: layout, body, quote-signature, qe-report-signature, qe-binding,
pck-chain. Exit status 0 only if all pass.
"""
import hashlib
import os
import struct
import subprocess
import sys
import tempfile

CHECKS = ["layout", "body", "quote-signature", "qe-report-signature", "qe-binding", "pck-chain"]
# SubjectPublicKeyInfo prefix of an uncompressed P-256 point (id-ecPublicKey, prime256v1).
P256_SPKI = bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d030107034200")


def der_int(b):
    b = b.lstrip(b"\0") or b"\0"
    if b[0] & 0x80:
        b = b"\0" + b
    return b"\x02" + bytes([len(b)]) + b


def der_sig(rs):
    body = der_int(rs[:32]) + der_int(rs[32:])
    return b"\x30" + bytes([len(body)]) + body


def openssl_verify(pubkey_pem, sig_rs, data, tmp):
    paths = {n: os.path.join(tmp, n) for n in ("key.pem", "sig.der", "data.bin")}
    open(paths["key.pem"], "wb").write(pubkey_pem)
    open(paths["sig.der"], "wb").write(der_sig(sig_rs))
    open(paths["data.bin"], "wb").write(data)
    r = subprocess.run(["openssl", "dgst", "-sha256", "-verify", paths["key.pem"], "-signature",
                        paths["sig.der"], paths["data.bin"]], capture_output=True, text=True)
    return r.returncode == 0, (r.stdout + r.stderr).strip()


def main():
    quote = open(sys.argv[1], "rb").read()
    rep = open(sys.argv[2], "rb").read()
    root = sys.argv[3]
    res = {}

    # -- layout
    try:
        ver, akt, tee = struct.unpack_from("<HHI", quote, 0)
        assert ver in (4, 5), "version %d" % ver
        assert akt == 2 and tee == 0x81, "att key type %d tee %#x" % (akt, tee)
        assert quote[12:28].hex() == "939a7233f79c4ca9940a0db3957f0607", "QE vendor id"
        if ver == 5:
            btype, bsize = struct.unpack_from("<HI", quote, 48)
            assert btype == 3 and bsize == 648, "v5 body type %d size %d" % (btype, bsize)
            body, signed_len = quote[54:54 + 648], 54 + 648
        else:
            body, signed_len = quote[48:48 + 584], 48 + 584
        (siglen,) = struct.unpack_from("<I", quote, signed_len)
        p = signed_len + 4
        end = p + siglen  # real quotes may carry padding after this; the test QGS adds none
        assert end <= len(quote), "signature data length %d, %d bytes left" % (siglen, len(quote) - p)
        sig, ak = quote[p:p + 64], quote[p + 64:p + 128]
        p += 128
        ctype, csize = struct.unpack_from("<HI", quote, p)
        p += 6
        assert ctype == 6 and p + csize == end, "certification data type %d size %d" % (ctype, csize)
        qe_report, qe_sig = quote[p:p + 384], quote[p + 384:p + 448]
        p += 448
        (alen,) = struct.unpack_from("<H", quote, p)
        auth = quote[p + 2:p + 2 + alen]
        p += 2 + alen
        ctype, csize = struct.unpack_from("<HI", quote, p)
        p += 6
        assert ctype == 5 and p + csize == end, "PCK chain type %d size %d" % (ctype, csize)
        chain = quote[p:p + csize].rstrip(b"\0")
        certs = [c + b"-----END CERTIFICATE-----\n" for c in chain.split(b"-----END CERTIFICATE-----\n") if c.strip()]
        assert len(certs) == 3, "%d certificates in the PCK chain" % len(certs)
        res["layout"] = None
    except (AssertionError, struct.error) as e:
        for c in CHECKS:
            print("FAIL %s: %s" % (c, "layout: %s" % e))
        return 1

    # -- body from TEE_TCB_INFO (256), TDINFO (512) and REPORTDATA (128)
    tcb, ti = rep[256:512], rep[512:1024]
    want = (tcb[8:24] + tcb[24:72] + tcb[72:120] + tcb[120:128] + ti[0:8] + ti[8:16] + ti[16:64] +
            ti[64:112] + ti[112:160] + ti[160:208] + ti[208:400] + rep[128:192])
    if ver == 5:
        want += tcb[128:144] + ti[400:448]
    names = [("mrtd", 136, 48)] + [("rtmr%d" % i, 328 + 48 * i, 48) for i in range(4)] + [("reportdata", 520, 64)]
    bad = [n for n, o, l in names if body[o:o + l] != want[o:o + l]]
    if bad or body != want:
        res["body"] = "differs from the TDREPORT in %s" % (", ".join(bad) or "other fields")
    else:
        res["body"] = None

    with tempfile.TemporaryDirectory() as tmp:
        ak_pem = b"-----BEGIN PUBLIC KEY-----\n" + __import__("base64").encodebytes(P256_SPKI + b"\x04" + ak) + \
            b"-----END PUBLIC KEY-----\n"
        ok, out = openssl_verify(ak_pem, sig, quote[:signed_len], tmp)
        res["quote-signature"] = None if ok else "openssl: " + out
        leaf = os.path.join(tmp, "leaf.pem")
        inter = os.path.join(tmp, "inter.pem")
        open(leaf, "wb").write(certs[0])
        open(inter, "wb").write(certs[1])
        pk = subprocess.run(["openssl", "x509", "-in", leaf, "-noout", "-pubkey"], capture_output=True)
        ok, out = openssl_verify(pk.stdout, qe_sig, qe_report, tmp)
        res["qe-report-signature"] = None if ok else "openssl: " + out
        h = hashlib.sha256(ak + auth).digest()
        res["qe-binding"] = None if qe_report[320:352] == h and qe_report[352:384] == bytes(32) else \
            "QE report data %s != SHA-256(ak||auth) %s" % (qe_report[320:384].hex(), h.hex())
        r = subprocess.run(["openssl", "verify", "-CAfile", root, "-untrusted", inter, leaf],
                           capture_output=True, text=True)
        res["pck-chain"] = None if r.returncode == 0 else "openssl verify: " + (r.stdout + r.stderr).strip()

    for c in CHECKS:
        print("PASS %s" % c if res[c] is None else "FAIL %s: %s" % (c, res[c]))
    return 0 if all(res[c] is None for c in CHECKS) else 1


if __name__ == "__main__":
    sys.exit(main())
