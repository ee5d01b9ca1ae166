#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The documents stay whole as they grow: no block of 10 or more lines
repeated within or across the files of Documentation/ (a paste that went
twice), and no dangling reference: every :ref: label, every `name`_
target, and every path of the tree that the documents and the README name
exists. Prints TAP. Env: TDXG_DOCS_ROOT checks another tree; without it,
each check is also run on a copy of the documents with one defect seeded,
and must fail there."""
import glob
import os
import re
import subprocess
import sys

SELF_TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOP = os.environ.get("TDXG_DOCS_ROOT") or SELF_TOP
BLOCK = 10
TREE_DIRS = ("kmod/", "user/", "scripts/", "tests/", "selftests/",
             "Documentation/", "contrib/", "debian/", "fuzz/", "bench/",
             ".ci/")

results = []


def ok(cond, desc, diag=()):
    results.append((cond, desc, list(diag)))


def doc_files():
    out = []
    for root, _, files in os.walk(os.path.join(TOP, "Documentation")):
        out += [os.path.join(root, f) for f in files]
    return sorted(out)


def rel(p):
    return os.path.relpath(p, TOP)


def read_lines(p):
    with open(p, encoding="utf-8", errors="replace") as f:
        return [line.rstrip() for line in f.read().split("\n")]


def repeated_blocks(files):
    """Windows of BLOCK consecutive lines, at least half of them with
    words, that occur twice; overlapping hits are merged per place."""
    seen = {}
    hits = []
    for p in files:
        lines = read_lines(p)
        last = -BLOCK
        for i in range(len(lines) - BLOCK + 1):
            win = tuple(lines[i:i + BLOCK])
            if sum(1 for l in win if re.search(r"\w", l)) < BLOCK // 2:
                continue
            where = (rel(p), i + 1)
            first = seen.setdefault(win, where)
            if first != where and i - last >= BLOCK:
                hits.append("%s:%d repeats %s:%d" % (where + first))
                last = i
            elif first != where:
                last = i
    return hits


def labels(files):
    out = set()
    for p in files:
        for line in read_lines(p):
            m = re.match(r"\.\. _([^:]+):\s*$", line)
            if m:
                out.add(m.group(1).strip().lower())
            # Section titles are implicit targets for `Title`_.
    return out


def titles(lines):
    out = set()
    for i in range(1, len(lines)):
        if lines[i] and re.fullmatch(r"([=\-~^\"'`#*+])\1{2,}", lines[i]) \
                and lines[i - 1].strip() and len(lines[i]) >= len(lines[i - 1].strip()):
            out.add(" ".join(lines[i - 1].split()).lower())
    return out


def built(path):
    """A build output (libtdxg.a, the tdxg binary) is named, not shipped."""
    r = subprocess.run(["git", "-C", SELF_TOP, "check-ignore", "-q", "--no-index", path])
    return r.returncode == 0


def seeded_defects_fail():
    """Each check, run on a copy of Documentation/ with one defect added,
    must report exactly that defect."""
    import shutil
    import tempfile
    seeds = [
        (0, "a paste that went twice", lambda g: g + "\n" + "\n".join(g.split("\n")[40:52]) + "\n"),
        (1, "a :ref: to no label", lambda g: g + "\nSee :ref:`no-such-label`.\n"),
        (2, "a reference that lost its opening backtick", lambda g: g + "\nsee Testing without TDX hardware`_).\n"),
        (3, "a path that is not in the tree", lambda g: g + "\nRun ``scripts/no-such-script.sh``.\n"),
    ]
    for idx, what, seed in seeds:
        with tempfile.TemporaryDirectory() as d:
            shutil.copytree(os.path.join(TOP, "Documentation"), os.path.join(d, "Documentation"))
            shutil.copy(os.path.join(TOP, "README.md"), d)
            for sub in TREE_DIRS:
                if os.path.isdir(os.path.join(TOP, sub)) and sub != "Documentation/":
                    os.symlink(os.path.join(TOP, sub), os.path.join(d, sub.rstrip("/")))
            g = os.path.join(d, "Documentation", "admin-guide.rst")
            with open(g) as f:
                text = f.read()
            with open(g, "w") as f:
                f.write(seed(text))
            env = dict(os.environ, TDXG_DOCS_ROOT=d)
            out = subprocess.run([sys.executable, os.path.abspath(__file__)], env=env,
                                 capture_output=True, text=True).stdout
            line = [l for l in out.split("\n") if re.match(r"(not )?ok %d " % (idx + 1), l)]
            ok(bool(line) and line[0].startswith("not ok"),
               "check %d fails on %s" % (idx + 1, what), out.split("\n")[:6])


def main():
    files = doc_files()
    rst = [p for p in files if p.endswith(".rst")]

    hits = repeated_blocks(files)
    ok(not hits, "no block of %d lines repeated within or across Documentation/ (%d files)"
       % (BLOCK, len(files)), hits)

    known = labels(rst)
    bad = []
    for p in rst:
        text = "\n".join(read_lines(p))
        for m in re.finditer(r":ref:`([^`<]*?)(?:<([^>]+)>)?`", text):
            label = (m.group(2) or m.group(1)).strip().lower()
            if label not in known:
                bad.append("%s: :ref:`%s` has no label" % (rel(p), label))
    ok(not bad, "every :ref: names a label that exists (%d labels)" % len(known), bad)

    bad = []
    for p in rst:
        lines = read_lines(p)
        text = "\n".join(lines)
        targets = titles(lines) | labels([p])
        targets |= {m.group(1).strip().lower()
                    for m in re.finditer(r"^\.\. _([^:]+):", text, re.M)}
        # `text <url>`_ links and anonymous `x`__ carry their own target.
        for m in re.finditer(r"`([^`<]+?)`_(?!_)", text):
            name = " ".join(m.group(1).split()).lower()
            if name not in targets:
                bad.append("%s: `%s`_ has no target in the file" % (rel(p), m.group(1)))
        # A reference whose opening backtick was lost: text`_ with an
        # even number of backticks before it in its paragraph.
        start = 0
        for i, line in enumerate(lines):
            if not line.strip():
                start = i + 1
                continue
            for m in re.finditer(r"`_", line):
                before = "\n".join(lines[start:i] + [line[:m.start()]])
                if before.count("`") % 2 == 0:
                    bad.append("%s:%d: reference with no opening backtick: %s"
                               % (rel(p), i + 1, line.strip()))
    ok(not bad, "every `name`_ reference has a target, none is a fragment", bad)

    bad = []
    checked = 0
    sources = files + [os.path.join(TOP, "README.md")]
    path_re = re.compile(r"(?<![\w/.$-])((?:%s)[A-Za-z0-9_.*/-]*[A-Za-z0-9_*/])"
                         % "|".join(re.escape(d) for d in TREE_DIRS))
    for p in sources:
        for i, line in enumerate(read_lines(p)):
            for m in path_re.finditer(line.replace("\\-", "-")):
                path = m.group(1)
                if "DIR" in path or "KVER" in path or "VERSION" in path:
                    continue
                if built(path):
                    continue
                checked += 1
                if not glob.glob(os.path.join(TOP, path)):
                    bad.append("%s:%d: %s does not exist" % (rel(p), i + 1, path))
    ok(not bad, "every path of the tree the documents name exists (%d named)" % checked, bad)

    # The README's layout table names every directory of the tree down to
    # the second level where the tree splits by kind (tests/, selftests/,
    # user/), and every path it names exists.
    readme = read_lines(os.path.join(TOP, "README.md"))
    rows = [l for l in readme if l.startswith("| `")]
    named = set()
    for r in rows:
        first = r.split("|")[1]
        named |= {p.rstrip("/") for p in re.findall(r"`([^`]+)`", first)}
    tracked = subprocess.run(["git", "-C", SELF_TOP, "ls-files"], capture_output=True,
                             text=True).stdout.split()
    dirs = set()
    for f in tracked:
        parts = f.split("/")
        if len(parts) > 1:
            dirs.add(parts[0])
        if len(parts) > 2 and parts[0] in ("tests", "selftests", "user"):
            dirs.add("/".join(parts[:2]))
    missing = sorted(d for d in dirs if d not in named
                     and not any(p.startswith(d + "/") for p in named))
    gone = sorted(p for p in named if "*" not in p and not os.path.exists(os.path.join(TOP, p)))
    ok(rows and not missing and not gone,
       "README's layout table names each of the tree's %d directories, and nothing else"
       % len(dirs), ["not in the table: " + d for d in missing] + ["not in the tree: " + p for p in gone])

    if not os.environ.get("TDXG_DOCS_ROOT"):
        seeded_defects_fail()
    print("1..%d" % len(results))
    for n, (cond, desc, diag) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if cond else "not ok", n, desc))
        for d in diag[:40] if not cond else []:
            print("# " + d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
