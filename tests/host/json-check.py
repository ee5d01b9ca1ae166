#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Validates --json samples (tests/json-capture.sh) against the schema.

json-check.py SCHEMA DIR [SUBCOMMAND | need=KIND[:KEY=VALUE]]...:
prints TAP for json-schema.t and json-schema-guest.t, plan last:
  - the schema is a valid draft 2020-12 schema;
  - every sample is a sequence of JSON objects (verify prints one per
    quote), each valid against the schema; a mismatch names the sample's
    arguments and the failing keys;
  - each SUBCOMMAND (the ones with --json) has at least one sample;
  - each need=KIND (a $defs name of the schema) has at least one valid
    object of that kind, with KEY equal to VALUE (JSON) when given;
  - the check can fail: a sample of each kind with one key removed, one
    key added or a key's type changed is rejected.
"""
import copy
import glob
import json
import os
import sys

import jsonschema

schema_path, sample_dir = sys.argv[1], sys.argv[2]
subcommands = [a for a in sys.argv[3:] if not a.startswith("need=")]
needs = [a[5:] for a in sys.argv[3:] if a.startswith("need=")]
n = 0
fails = 0


def ok(cond, desc, diag=()):
    global n, fails
    n += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, desc))
    if not cond:
        fails += 1
        for line in list(diag)[:20]:
            print("#   " + line)


schema = json.load(open(schema_path))
cls = jsonschema.Draft202012Validator
try:
    cls.check_schema(schema)
    good = True
    why = []
except jsonschema.SchemaError as e:
    good, why = False, [str(e).splitlines()[0]]
ok(good, "%s is a valid JSON Schema (draft 2020-12)" % os.path.basename(schema_path), why)
validator = cls(schema)
defs = schema["$defs"]


def kind_of(obj):
    """The $defs entry an object is valid against (None if none)."""
    for ref in schema["oneOf"]:
        name = ref["$ref"].rsplit("/", 1)[1]
        if cls(dict(defs[name], **{"$defs": defs})).is_valid(obj):
            return name
    return None


def objects(text):
    dec, i, out = json.JSONDecoder(), 0, []
    while True:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if i == len(text):
            return out
        v, i = dec.raw_decode(text, i)
        out.append(v)


samples = sorted(glob.glob(os.path.join(sample_dir, "*.json")))
bad, seen, kinds, total, example, by_kind = [], {}, {}, 0, {}, {}
for path in samples:
    args_path = path[:-5] + ".args"
    args = open(args_path, errors="replace").read().split("\n")[1:] if os.path.exists(args_path) else []
    what = "tdxg " + " ".join(a for a in args if a)
    try:
        objs = objects(open(path, encoding="utf-8").read())
        assert objs, "empty"
    except (ValueError, AssertionError, UnicodeDecodeError) as e:
        bad.append("%s: not JSON objects (%s)" % (what, e))
        continue
    for o in objs:
        total += 1
        errs = sorted(validator.iter_errors(o), key=lambda e: list(e.absolute_path))
        if errs:
            # oneOf hides the reason: say it against the kind the command names.
            k = None
            if isinstance(o, dict):
                k = {"quote": "show_quote" if o.get("command") == "show" else "quote",
                     "tdreport": "tdreport"}.get(o.get("type"), o.get("command"))
                if o.get("ok") is False and set(o) == set(defs["failure"]["properties"]):
                    k = "failure"
            sub = cls(dict(defs[k], **{"$defs": defs})) if k in defs else validator
            detail = ["%s: %s" % ("/".join(map(str, e.absolute_path)) or "(top)", e.message[:150])
                      for e in sub.iter_errors(o)] or [errs[0].message[:200]]
            bad.append("%s: %s" % (what, "; ".join(detail[:4])))
            continue
        if isinstance(o, dict):
            seen[o["command"]] = seen.get(o["command"], 0) + 1
            k = kind_of(o)
            kinds[k] = kinds.get(k, 0) + 1
            example.setdefault(k, o)
            by_kind.setdefault(k, []).append(o)
ok(samples and not bad, "%d --json outputs (%d objects) from the suites are valid against the schema%s"
   % (len(samples), total, ", %d not" % len(bad) if bad else ""), bad)
for sub in subcommands:
    ok(seen.get(sub, 0) > 0, "a --json sample of tdxg %s (%d)" % (sub, seen.get(sub, 0)))
for need in needs:
    k, _, cond = need.partition(":")
    key, _, val = cond.partition("=")
    have = [o for o in by_kind.get(k, []) if not key or o.get(key) == json.loads(val)]
    ok(have, "a valid %s object%s (%d)" % (k, " with %s %s" % (key, val) if key else "", len(have)))
print("# kinds seen: " + ", ".join("%s %d" % kv for kv in sorted(kinds.items())))
print("# kinds without a sample here: " + (", ".join(k["$ref"].rsplit("/", 1)[1] for k in schema["oneOf"]
      if k["$ref"].rsplit("/", 1)[1] not in kinds) or "none"))

# The check can fail: every kind seen, altered three ways, is refused.
refused, missed = 0, []
for k, o in sorted(example.items()):
    key = [x for x in o if x not in ("schema_version", "command")][-1]
    dropped = copy.deepcopy(o)
    del dropped[key]
    added = dict(copy.deepcopy(o), unknown_key=None)
    retyped = dict(copy.deepcopy(o), schema_version="1")
    for name, alt in (("without " + key, dropped), ("with a key more", added), ("schema_version a string", retyped)):
        if validator.is_valid(alt):
            missed.append("%s %s passed" % (k, name))
        else:
            refused += 1
ok(example and not missed, "%d altered objects (a key less, a key more, a type changed) of %d kinds are refused"
   % (refused, len(example)), missed)
print("1..%d" % n)
sys.exit(1 if fails else 0)
