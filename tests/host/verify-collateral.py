#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Throwaway collateral for a quote made by tdxg-test-qgs.

Writes a collateral bundle in the JSON format of
tests/data/collateral/v4-phala.collateral.json (TCB info, QE
identity, their signatures and issuer chains, root CA CRL, PCK CRL and its
issuer chain) under the test QGS's throwaway root (--keys DIR, which must
hold root-ca.pem, root-key.pem, intermediate-ca.pem, intermediate-key.pem
and pck-cert.pem). A fresh "TCB signing" certificate under that root signs
the TCB info and the QE identity; the root signs the root CA CRL and the
PCK platform CA signs the PCK CRL.

The TCB levels are built around what the quote and the PCK certificate
say (SGX component SVNs and PCESVN from the PCK certificate's SGX
extension, TEE_TCB_SVN, MRSIGNERSEAM and the QE report from the quote),
so the knobs choose the status the quote matches:
  --status S [--advisory ID]...  platform level matched (default UpToDate);
      levels above it (higher SGX component, PCESVN or TDX component SVN,
      all UpToDate, listed first) must not match and a lower OutOfDate one
      (listed last) must not win
  --module-status S / --qe-status S   the TDX module / QE identity level
  --unmatched        every level is above the platform (TCB not supported)
  --module-identity other|none   tdxModuleIdentities has only another
      module version's entry, or is absent
  --revoke pck|intermediate|tcb-signer   list that certificate's serial in its CRL
  --stale tcb|qe|root-crl|pck-crl        nextUpdate before --at
  --qe-mrsigner HEX  QE identity MRSIGNER other than the quote's
  --fmspc HEX        TCB info for another FMSPC
  --signer pck|sub-ca|other-cn   who signs the TCB info and QE identity
      instead of a "SGX TCB Signing" certificate issued by the root: the
      PCK leaf's key (chain PCK, platform CA, root), a "SGX TCB Signing"
      certificate issued by the platform CA (chain of three), or one issued
      by the root whose CN does not say "SGX TCB Signing"
  --qe-miscselect HEX / --qe-attributes HEX   the QE identity's strings
      verbatim (by default the report's bytes under the mask, in report
      byte order: MISCSELECT "01000000" is the little-endian u32 1)
  --seam-mask HEX    tdxModule attributesMask (attributes are SEAMATTRIBUTES
      under it)
  --no-tdx-module    TCB info without tdxModule
  --duplicate-level  the matching TCB level twice, the copy Revoked
  --tcb-date S       the matching level's tcbDate
  --advisories N     N more advisory IDs on the matching level
  --tcb-eval N / --qe-eval N   tcbEvaluationDataNumber (default 17)
  --quote-out FILE with --report-miscselect N / --seam-attributes HEX:
      rewrite the quote's QE report MISCSELECT or SEAMATTRIBUTES, re-sign
      the QE report (PCK key) and the quote (attestation key), write it to
      FILE and make the collateral for it
  --quote-out FILE --pck-under-root: the quote's PCK chain replaced by a
      new PCK certificate (same subject and SGX extension, new key) issued
      directly by the root, chain of two, QE report re-signed with its key
  --signer-chain root-first|extra   the issuer chain root first, or with
      the platform CA appended (three certificates)
Times are relative to --at (unix seconds, default now).
"""
import argparse
import datetime
import json
import struct
import sys
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

SGX_EXT_OID = x509.ObjectIdentifier("1.2.840.113741.1.13.1")
STATUSES = ("UpToDate", "SWHardeningNeeded", "ConfigurationNeeded",
            "ConfigurationAndSWHardeningNeeded", "OutOfDate",
            "OutOfDateConfigurationNeeded", "Revoked")


def die(msg):
    sys.stderr.write("verify-collateral.py: %s\n" % msg)
    sys.exit(2)


# ---- the PCK certificate's SGX extension (DER) ----

def der_items(buf):
    """(tag, contents) of each TLV in buf."""
    i = 0
    while i < len(buf):
        tag, n = buf[i], buf[i + 1]
        i += 2
        if n & 0x80:
            k = n & 0x7f
            n = int.from_bytes(buf[i:i + k], "big")
            i += k
        yield tag, buf[i:i + n]
        i += n


def last_arc(oid):
    v, arcs = 0, []
    for byte in oid:
        v = v << 7 | (byte & 0x7f)
        if not byte & 0x80:
            arcs.append(v)
            v = 0
    return arcs[-1]


def sgx_fields(seq):
    """{last OID arc: value TLV} of a SEQUENCE OF SEQUENCE { OID, value }."""
    out = {}
    for _, item in der_items(seq):
        (t1, oid), (t2, val) = list(der_items(item))
        out[last_arc(oid)] = (t2, val)
    return out


def pck_platform(cert):
    raw = cert.extensions.get_extension_for_oid(SGX_EXT_OID).value.value
    (_, top), = list(der_items(raw))
    f = sgx_fields(top)
    tcb = sgx_fields(f[2][1])
    comp = [int.from_bytes(tcb[i][1], "big") for i in range(1, 17)]
    return {"comp": comp, "pcesvn": int.from_bytes(tcb[17][1], "big"),
            "pceid": f[3][1], "fmspc": f[4][1]}


# ---- the quote ----

def quote_fields(q):
    version, = struct.unpack_from("<H", q, 0)
    body = 48 + (6 if version == 5 else 0)
    body_len = 584
    if version == 5:
        btype, blen = struct.unpack_from("<HI", q, 48)
        body_len = blen
    sig = body + body_len
    qe = sig + 4 + 64 + 64 + 6
    return {
        "tee_tcb_svn": q[body:body + 16],
        "mrsignerseam": q[body + 64:body + 112],
        "seam_attributes": q[body + 112:body + 120],
        "qe_miscselect": struct.unpack_from("<I", q, qe + 16)[0],
        "qe_attributes": q[qe + 48:qe + 64],
        "qe_mrsigner": q[qe + 128:qe + 160],
        "qe_isvprodid": struct.unpack_from("<H", q, qe + 256)[0],
        "qe_isvsvn": struct.unpack_from("<H", q, qe + 258)[0],
    }


# ---- documents ----

def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def components(svns):
    return [{"svn": s} for s in svns]


def tcb_level(sgx, pcesvn, tdx, status, date, advisories=None):
    lv = {"tcb": {"sgxtcbcomponents": components(sgx), "pcesvn": pcesvn,
                  "tdxtcbcomponents": components(tdx)},
          "tcbDate": date if isinstance(date, str) else iso(date), "tcbStatus": status}
    if advisories:
        lv["advisoryIDs"] = advisories
    return lv


def bumped(svns, i):
    s = list(svns)
    s[i] = min(s[i] + 1, 255)
    return s


def make_tcb_info(a, plat, qf, issue, nxt):
    at = a.at
    sgx, pcesvn, tdx = plat["comp"], plat["pcesvn"], list(qf["tee_tcb_svn"])
    # Each is above the platform in one dimension only, so must not match.
    levels = [tcb_level(bumped(sgx, 0), pcesvn, tdx, "UpToDate", at - 86400),
              tcb_level(sgx, pcesvn + 1, tdx, "UpToDate", at - 86400),
              tcb_level(sgx, pcesvn, bumped(tdx, 2), "UpToDate", at - 86400)]
    if not a.unmatched:
        adv = a.advisory + ["INTEL-SA-%05d" % (10000 + i) for i in range(a.advisories)]
        levels.append(tcb_level(sgx, pcesvn, tdx, a.status, a.tcb_date or at - 10 * 86400, adv))
        if a.duplicate_level:
            levels.append(tcb_level(sgx, pcesvn, tdx, "Revoked", at - 10 * 86400))
        levels.append(tcb_level([0] * 16, 0, [0] * 16, "OutOfDate", at - 400 * 86400, ["INTEL-SA-00001"]))
    mrsigner = qf["mrsignerseam"].hex().upper()
    smask = bytes.fromhex(a.seam_mask)
    sattr = bytes(x & m for x, m in zip(qf["seam_attributes"], smask)).hex().upper()
    info = {
        "id": "TDX", "version": 3, "issueDate": iso(issue), "nextUpdate": iso(nxt),
        "fmspc": (a.fmspc or plat["fmspc"].hex()).upper(), "pceId": plat["pceid"].hex().upper(),
        "tcbType": 0, "tcbEvaluationDataNumber": a.tcb_eval,
        "tdxModule": {"mrsigner": mrsigner, "attributes": sattr,
                      "attributesMask": a.seam_mask.upper()},
    }
    if a.no_tdx_module:
        del info["tdxModule"]
    if tdx[1] and a.module_identity != "none":
        mlevels = []
        if a.module_status != "UpToDate":
            mlevels.append({"tcb": {"isvsvn": min(tdx[0] + 1, 255)}, "tcbDate": iso(at - 86400),
                            "tcbStatus": "UpToDate"})
        mlevels.append({"tcb": {"isvsvn": tdx[0]}, "tcbDate": iso(at - 10 * 86400),
                        "tcbStatus": a.module_status})
        if a.module_advisory:
            mlevels[-1]["advisoryIDs"] = a.module_advisory
        info["tdxModuleIdentities"] = [{
            "id": "TDX_%02X" % (tdx[1] if a.module_identity == "match" else tdx[1] ^ 0x40),
            "mrsigner": mrsigner,
            "attributes": sattr, "attributesMask": a.seam_mask.upper(),
            "tcbLevels": mlevels}]
    info["tcbLevels"] = levels
    return info


def make_qe_identity(a, qf, issue, nxt):
    at = a.at
    levels = []
    if a.qe_status != "UpToDate":
        levels.append({"tcb": {"isvsvn": qf["qe_isvsvn"] + 1}, "tcbDate": iso(at - 86400),
                       "tcbStatus": "UpToDate"})
    levels.append({"tcb": {"isvsvn": qf["qe_isvsvn"]}, "tcbDate": iso(at - 10 * 86400),
                   "tcbStatus": a.qe_status})
    if a.qe_advisory:
        levels[-1]["advisoryIDs"] = a.qe_advisory
    return {
        "id": "TD_QE", "version": 2, "issueDate": iso(issue), "nextUpdate": iso(nxt),
        "tcbEvaluationDataNumber": a.qe_eval,
        "miscselect": a.qe_miscselect or struct.pack("<I", qf["qe_miscselect"]).hex().upper(),
        "miscselectMask": "FFFFFFFF",
        "attributes": a.qe_attributes or bytes(x & m for x, m in zip(qf["qe_attributes"], QE_ATTR_MASK)).hex().upper(),
        "attributesMask": QE_ATTR_MASK.hex().upper(),
        "mrsigner": (a.qe_mrsigner or qf["qe_mrsigner"].hex()).upper(),
        "isvprodid": qf["qe_isvprodid"], "tcbLevels": levels,
    }


QE_ATTR_MASK = bytes.fromhex("FBFFFFFFFFFFFFFF0000000000000000")


def patch_quote(q, a, pck_key, ak):
    """The quote with QE report MISCSELECT / SEAMATTRIBUTES rewritten and re-signed."""
    q = bytearray(q)
    version, = struct.unpack_from("<H", q, 0)
    body = 48 + (6 if version == 5 else 0)
    body_len = struct.unpack_from("<HI", q, 48)[1] if version == 5 else 584
    sig = body + body_len + 4
    qe = sig + 64 + 64 + 6
    if a.seam_attributes:
        q[body + 112:body + 120] = bytes.fromhex(a.seam_attributes)
    if a.report_miscselect is not None:
        struct.pack_into("<I", q, qe + 16, a.report_miscselect)
    q[qe + 384:qe + 448] = bytes.fromhex(sign_rs(pck_key, bytes(q[qe:qe + 384])))
    q[sig:sig + 64] = bytes.fromhex(sign_rs(ak, bytes(q[:body + body_len])))
    return bytes(q)


def pck_under_root(q, pck, root, root_key):
    """The quote with a PCK leaf issued by the root itself (no platform CA)."""
    key = ec.generate_private_key(ec.SECP256R1())
    b = (x509.CertificateBuilder().subject_name(pck.subject).issuer_name(root.subject)
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(pck.not_valid_before_utc).not_valid_after(pck.not_valid_after_utc))
    for e in pck.extensions:
        if e.oid != x509.oid.ExtensionOID.AUTHORITY_KEY_IDENTIFIER:
            b = b.add_extension(e.value, e.critical)
    leaf = b.sign(root_key, hashes.SHA256())
    chain = pem(leaf, root).encode() + b"\0"
    version, = struct.unpack_from("<H", q, 0)
    body = 48 + (6 if version == 5 else 0)
    body_len = struct.unpack_from("<HI", q, 48)[1] if version == 5 else 584
    sig = body + body_len + 4
    qe = sig + 64 + 64 + 6
    auth_len, = struct.unpack_from("<H", q, qe + 448)
    inner = qe + 450 + auth_len		# nested type 5: type, length, chain
    report = bytes.fromhex(sign_rs(key, q[qe:qe + 384]))
    cert = q[qe:qe + 384] + report + q[qe + 448:inner] + struct.pack("<HI", 5, len(chain)) + chain
    sigdata = q[sig:sig + 128] + struct.pack("<HI", 6, len(cert)) + cert
    return q[:body + body_len] + struct.pack("<I", len(sigdata)) + sigdata


def sign_rs(key, data):
    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
    return (r.to_bytes(32, "big") + s.to_bytes(32, "big")).hex()


def tcb_signer(root, root_key, at, cn="tdxg test SGX TCB Signing"):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "tdxg tests (not Intel)")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(root.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(datetime.datetime.fromtimestamp(at - 86400, datetime.timezone.utc))
            .not_valid_after(datetime.datetime.fromtimestamp(at + 3650 * 86400, datetime.timezone.utc))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                           critical=True)
            .sign(root_key, hashes.SHA256()))
    return cert, key


def crl(issuer, key, serials, this, nxt):
    b = (x509.CertificateRevocationListBuilder().issuer_name(issuer.subject)
         .last_update(datetime.datetime.fromtimestamp(this, datetime.timezone.utc))
         .next_update(datetime.datetime.fromtimestamp(nxt, datetime.timezone.utc))
         .add_extension(x509.CRLNumber(1), critical=False))
    for s in serials:
        b = b.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(s)
            .revocation_date(datetime.datetime.fromtimestamp(this, datetime.timezone.utc)).build())
    return b.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.DER).hex()


def pem(*certs):
    return "".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in certs)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--keys", required=True)
    p.add_argument("--quote", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--at", type=int, default=int(time.time()))
    p.add_argument("--status", choices=STATUSES, default="UpToDate")
    p.add_argument("--advisory", action="append", default=[])
    p.add_argument("--module-status", choices=STATUSES, default="UpToDate")
    p.add_argument("--module-advisory", action="append", default=[])
    p.add_argument("--qe-status", choices=STATUSES, default="UpToDate")
    p.add_argument("--qe-advisory", action="append", default=[])
    p.add_argument("--unmatched", action="store_true")
    p.add_argument("--module-identity", choices=("match", "other", "none"), default="match")
    p.add_argument("--revoke", action="append", default=[], choices=("pck", "intermediate", "tcb-signer"))
    p.add_argument("--stale", action="append", default=[], choices=("tcb", "qe", "root-crl", "pck-crl"))
    p.add_argument("--qe-mrsigner")
    p.add_argument("--fmspc")
    p.add_argument("--qe-miscselect")
    p.add_argument("--qe-attributes")
    p.add_argument("--seam-mask", default="FFFFFFFFFFFFFFFF")
    p.add_argument("--no-tdx-module", action="store_true")
    p.add_argument("--duplicate-level", action="store_true")
    p.add_argument("--tcb-date")
    p.add_argument("--advisories", type=int, default=0)
    p.add_argument("--tcb-eval", type=int, default=17)
    p.add_argument("--qe-eval", type=int, default=17)
    p.add_argument("--quote-out")
    p.add_argument("--pck-under-root", action="store_true")
    p.add_argument("--report-miscselect", type=lambda x: int(x, 0))
    p.add_argument("--seam-attributes")
    p.add_argument("--signer", choices=("tcb", "pck", "sub-ca", "other-cn"), default="tcb")
    p.add_argument("--signer-chain", choices=("normal", "root-first", "extra"), default="normal")
    # DOC:PATH=JSON, DOC tcb or qe, PATH as tcbLevels.3.tcbDate: sets one
    # member of the document before it is signed (malformed collateral).
    p.add_argument("--patch", action="append", default=[])
    a = p.parse_args()

    def load(name):
        try:
            return open("%s/%s" % (a.keys, name), "rb").read()
        except OSError as e:
            die("%s/%s: %s" % (a.keys, name, e.strerror))

    root = x509.load_pem_x509_certificate(load("root-ca.pem"))
    inter = x509.load_pem_x509_certificate(load("intermediate-ca.pem"))
    pck = x509.load_pem_x509_certificate(load("pck-cert.pem"))
    root_key = serialization.load_pem_private_key(load("root-key.pem"), None)
    inter_key = serialization.load_pem_private_key(load("intermediate-key.pem"), None)
    try:
        q = open(a.quote, "rb").read()
    except OSError as e:
        die("%s: %s" % (a.quote, e.strerror))
    if a.quote_out:
        q = patch_quote(q, a, serialization.load_pem_private_key(load("pck-key.pem"), None),
                        serialization.load_pem_private_key(load("attestation-key.pem"), None))
        if a.pck_under_root:
            q = pck_under_root(q, pck, x509.load_pem_x509_certificate(load("root-ca.pem")),
                               serialization.load_pem_private_key(load("root-key.pem"), None))
        with open(a.quote_out, "wb") as f:
            f.write(q)
    plat, qf = pck_platform(pck), quote_fields(q)

    at = a.at
    fresh = (at - 3600, at + 30 * 86400)
    stale = (at - 31 * 86400, at - 60)
    window = {w: (stale if w in a.stale else fresh) for w in ("tcb", "qe", "root-crl", "pck-crl")}

    signer, signer_key = tcb_signer(root, root_key, at)
    signer_chain = [signer, root]
    if a.signer == "pck":
        signer, signer_key = pck, serialization.load_pem_private_key(load("pck-key.pem"), None)
        signer_chain = [pck, inter, root]
    elif a.signer == "sub-ca":
        signer, signer_key = tcb_signer(inter, inter_key, at)
        signer_chain = [signer, inter, root]
    elif a.signer == "other-cn":
        signer, signer_key = tcb_signer(root, root_key, at, "tdxg test SGX Other Signing")
        signer_chain = [signer, root]
    if a.signer_chain == "root-first":
        signer_chain.reverse()
    elif a.signer_chain == "extra":
        signer_chain.append(inter)
    docs = {"tcb": make_tcb_info(a, plat, qf, *window["tcb"]),
            "qe": make_qe_identity(a, qf, *window["qe"])}
    for spec in a.patch:
        where, value = spec.split("=", 1)
        doc, path = where.split(":", 1)
        keys = [int(k) if k.isdigit() else k for k in path.split(".")]
        node = docs[doc]
        for k in keys[:-1]:
            node = node[k]
        node[keys[-1]] = json.loads(value)
    tcb = json.dumps(docs["tcb"], separators=(",", ":"))
    qe = json.dumps(docs["qe"], separators=(",", ":"))
    root_revoked = [c.serial_number for w, c in (("intermediate", inter), ("tcb-signer", signer))
                    if w in a.revoke]
    pck_revoked = [pck.serial_number] if "pck" in a.revoke else []
    bundle = {
        "pck_crl_issuer_chain": pem(inter, root),
        "root_ca_crl": crl(root, root_key, root_revoked, *window["root-crl"]),
        "pck_crl": crl(inter, inter_key, pck_revoked, *window["pck-crl"]),
        "tcb_info_issuer_chain": pem(*signer_chain),
        "tcb_info": tcb,
        "tcb_info_signature": sign_rs(signer_key, tcb.encode()),
        "qe_identity_issuer_chain": pem(*signer_chain),
        "qe_identity": qe,
        "qe_identity_signature": sign_rs(signer_key, qe.encode()),
    }
    with open(a.out, "w") as f:
        json.dump(bundle, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
