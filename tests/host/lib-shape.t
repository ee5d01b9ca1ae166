#!/bin/bash
# SPDX-License-Identifier: MIT
# The shape of libtdxg, checked on the built objects: collateral
# and verification do not import each other, verification never reads the
# collateral's JSON (collateral.c decodes it into typed fields), times are
# parsed and formatted in time.c only, and the TCB statuses live in one
# table (tcb_status.c). nm reads what each object really references, so a
# helper moved back, or a second copy, shows here.
set -u
. "$(dirname "$0")/../lib.sh"
scratch
U=$TOP/user
L=$U/lib

# The objects of the tree's own build: nm reads them below.
need_user plain
ok $? "user/ builds"
# undefined NAME OBJ / defined NAME OBJ: the global symbols an object uses / defines
undefined() { nm -u "$1" 2>/dev/null | awk '{print $NF}' | sort -u; }
defined() { nm --defined-only -g "$1" 2>/dev/null | awk '$2 ~ /[TDBR]/ {print $3}' | sort -u; }

# Verification does not read JSON.
got=$(undefined "$L/verify.o" | grep '^json_' | tr '\n' ' ')
[ -f "$L/verify.o" ] && [ -z "$got" ]
ok $? "verify.o references no json_* function${got:+ (it does: $got)}"
got=$(grep -l '#include "json.h"' "$L/verify.c" "$L/collateral.h" 2>/dev/null | tr '\n' ' ')
[ -z "$got" ]
ok $? "neither verify.c nor collateral.h includes json.h${got:+ ($got)}"

# No loop: the collateral does not call into verification.
got=$(comm -12 <(undefined "$L/collateral.o") <(defined "$L/verify.o") | tr '\n' ' ')
[ -z "$got" ]
ok $? "collateral.o references nothing defined in verify.o${got:+ (it does: $got)}"

# One calendar: only time.o may use libc's time conversions, and it defines
# tdxg_parse_time and tdxg_format_time.
conv='^(timegm|timelocal|mktime|gmtime|gmtime_r|localtime|localtime_r|strftime|strptime|asctime|asctime_r|ctime|ctime_r|getdate)$'
got=
for o in "$L"/*.o "$U"/*.o; do
	[ "$(basename "$o")" = time.o ] && [ "$(dirname "$o")" = "$L" ] && continue
	s=$(undefined "$o" | grep -E "$conv" | tr '\n' ',')
	[ -n "$s" ] && got="$got ${o#"$TOP"/}:${s%,}"
done
[ -z "$got" ]
ok $? "no object but lib/time.o converts times with libc${got:+ (these do:$got)}"
# only_in OBJ FUNCTION...: where each is defined, unless in lib/OBJ alone
only_in() {
	local obj=$1 f where
	shift
	for f; do
		where=$(for o in "$L"/*.o; do defined "$o" | grep -qx "$f" && basename "$o"; done | tr '\n' ' ')
		[ "$where" = "$obj " ] || echo -n " $f:${where:-nowhere}"
	done
}
got=$(only_in time.o tdxg_parse_time tdxg_format_time tdxg_civil_time tdxg_parse_date_time)
[ -z "$got" ]
ok $? "the time functions are defined in time.o alone${got:+ (not so:$got)}"
got=$(undefined "$L/x509.o" | grep -x tdxg_civil_time)
[ -n "$got" ]
ok $? "x509.o reads certificate dates with time.o's calendar"

# One TCB status table: each Intel name is written (outside comments) in
# exactly one source of user/ and user/lib, the table; verification,
# collateral, policy and the command ask it.
got=$(only_in tcb_status.o tdxg_tcb_status_name tdxg_tcb_status_from_name tdxg_tcb_converge tdxg_tcb_relaunch)
[ -z "$got" ]
ok $? "the TCB status functions are defined in tcb_status.o alone${got:+ (not so:$got)}"
python3 - "$TOP" >"$W/names" <<'PY'
import glob, os, re, sys
top = sys.argv[1]
def code(path):
    # The source without comments (string literals kept).
    s = open(path, encoding="utf-8", errors="replace").read()
    return re.sub(r'//[^\n]*|/\*.*?\*/|("(?:\\.|[^"\\\n])*")', lambda m: m.group(1) or " ", s, flags=re.S)
names = ["UpToDate", "SWHardeningNeeded", "ConfigurationNeeded", "ConfigurationAndSWHardeningNeeded",
         "OutOfDate", "OutOfDateConfigurationNeeded", "Revoked", "TDRelaunchAdvised",
         "TDRelaunchAdvisedConfigurationNeeded"]
files = sorted(glob.glob(top + "/user/*.[ch]") + glob.glob(top + "/user/lib/*.[ch]") +
               glob.glob(top + "/user/lib/include/tdxg/*.h"))
texts = {os.path.relpath(f, top): code(f) for f in files}
for name in names:
    where = [f for f, t in texts.items() if re.search(r"\b%s\b" % name, t)]
    print(name, " ".join(where) or "nowhere")
PY
got=$(awk '$2 != "user/lib/tcb_status.c" || NF != 2' "$W/names" | tr '\n' ';')
[ "$(wc -l <"$W/names")" -eq 9 ] && [ -z "$got" ]
ok $? "each TCB status name is in user/lib/tcb_status.c and no other source${got:+ ($got)}"
got=$(grep -oE 'UpToDate|OutOfDate|Revoked|SWHardening|Relaunch' "$TOP/contrib/completion/tdxg.bash" | sort -u | tr '\n' ' ')
[ -z "$got" ]
ok $? "the bash completion asks tdxg for the TCB statuses, it lists none${got:+ (lists: $got)}"
"$U/tdxg" --complete verify --accept >"$W/complete" 2>&1
[ "$(awk '{print $1}' "$W/names" | tr '\n' ' ')" = "$(tr '\n' ' ' <"$W/complete")" ]
ok $? "tdxg --complete verify --accept lists the table, in its order"

# No include cycle between modules. A module is a user/lib/*.c file; an
# internal header (user/lib/*.h) belongs to the modules that define what it
# declares (nm of the objects), and it must be named after exactly one of
# them (X.h or X_internal.h for X.c), or declare nothing defined (types
# only). A module depends on the owners of every internal header it
# includes, directly or through another header; that graph has no cycle.
python3 - "$L" >"$W/graph" <<'PY'
import glob, os, re, subprocess, sys
lib = sys.argv[1]
def code(path):
    s = open(path, encoding="utf-8", errors="replace").read()
    return re.sub(r'//[^\n]*|/\*.*?\*/', " ", s, flags=re.S)
owner_of = {}
# Objects of today's sources only: a stale X.o of a removed X.c is not a module.
for o in sorted(c[:-2] + ".o" for c in glob.glob(lib + "/*.c")):
    out = subprocess.run(["nm", "--defined-only", "-g", o], capture_output=True, text=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "TDBR":
            owner_of[f[2]] = os.path.basename(o)[:-2]
modules = sorted(os.path.basename(c)[:-2] for c in glob.glob(lib + "/*.c"))
headers = {os.path.basename(h): code(h) for h in glob.glob(lib + "/*.h")}
owners = {h: sorted({owner_of[w] for w in set(re.findall(r"\b\w+\b", t)) if w in owner_of})
          for h, t in headers.items()}
for h, own in sorted(owners.items()):
    stem = re.sub(r"(_internal)?\.h$", "", h)
    if own and own != [stem]:
        print("header %s declares what is defined in %s%s" % (h, ", ".join(m + ".c" for m in own),
              "" if stem in modules else "; no %s.c" % stem))
def includes(path, seen):
    for inc in re.findall(r'^\s*#\s*include\s+"([^"]+)"', code(path), flags=re.M):
        if inc in headers and inc not in seen:
            seen.add(inc)
            includes(os.path.join(lib, inc), seen)
    return seen
deps = {m: sorted({o for h in includes(os.path.join(lib, m + ".c"), set()) for o in owners[h]} - {m})
        for m in modules}
state = {}
def visit(m, path):
    state[m] = 1
    for d in deps[m]:
        if state.get(d) == 1:
            return path[path.index(d):] + [d]
        if not state.get(d):
            c = visit(d, path + [d])
            if c:
                return c
    state[m] = 2
for m in modules:
    if not state.get(m):
        c = visit(m, [m])
        if c:
            print("cycle " + " -> ".join(x + ".c" for x in c))
            break
print("modules %d edges %d" % (len(modules), sum(len(v) for v in deps.values())))
PY
got=$(grep '^header ' "$W/graph" | tr '\n' ';')
[ -z "$got" ] && grep -q '^modules [1-9]' "$W/graph"
ok $? "each internal header declares only what the module it is named after defines${got:+ ($got)}"
got=$(grep '^cycle ' "$W/graph")
[ -z "$got" ] && grep -q '^modules [1-9][0-9]* edges [1-9]' "$W/graph"
ok $? "no include cycle between the modules of user/lib ($(grep '^modules' "$W/graph"))${got:+: $got}"

# Every macro the public headers define is in libtdxg's namespace: a
# program including them gets no TCG_* or other bare name of ours.
got=$(grep -hoE '^\s*#\s*define\s+[A-Za-z_][A-Za-z0-9_]*' "$L"/include/tdxg/*.h | awk '{print $NF}' |
	sed 's/^#define//' | grep -vE '^(TDXG_|tdxg_)' | sort -u | tr '\n' ' ')
n_macros=$(cat "$L"/include/tdxg/*.h | grep -cE '^\s*#\s*define')
[ -z "$got" ] && [ "$n_macros" -gt 50 ]
ok $? "each of the $n_macros macros of the public headers starts with TDXG_ or tdxg_${got:+ (these do not: $got)}"

finish
