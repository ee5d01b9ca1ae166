#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""libtdxg's API reference, from the comments in its public headers.

Every name user/libtdxg.map exports is declared in a public header
(user/lib/include/tdxg/*.h) under a comment that says what it does: the
comment directly above the declaration, or above the group of
declarations it stands in (no blank line, struct or macro between them).
This script writes those comments and declarations, header by header, as
the section 3 man page Documentation/libtdxg.3.

  scripts/apidoc.py            write Documentation/libtdxg.3
  scripts/apidoc.py --check    exit 1, naming each export that has no
                               declaration or no comment, or when the page
                               is not what the headers give (run the
                               script to write it again)
--map, --include and --out name other files (the tests use copies).
"""
import argparse
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The layers in the order <tdxg/tdxg.h> includes them.
ORDER = ['err.h', 'util.h', 'device.h', 'eventlog.h', 'quote.h', 'verify.h', 'qgs.h', 'pcs.h']


def exports(path):
    text = re.sub(r'/\*.*?\*/', '', open(path).read(), flags=re.S)
    m = re.search(r'global:(.*?)(local:|\})', text, re.S)
    return [n.strip() for n in (m.group(1) if m else '').split(';') if n.strip()]


def clean_comment(lines):
    """The words of a /* */ comment, its paragraphs kept."""
    text = '\n'.join(lines)
    text = re.sub(r'^\s*/\*+', '', text)
    text = re.sub(r'\*+/\s*$', '', text)
    out = []
    for line in text.split('\n'):
        out.append((re.sub(r'^\s*\* ?', '', line) if re.match(r'^\s*\*', line) else line.strip()).rstrip())
    while out and not out[0].strip():
        out.pop(0)
    while out and not out[-1].strip():
        out.pop()
    return '\n'.join(out)


def parse_header(path):
    """(header comment, [(names, [declarations], comment)], every comment) in file order."""
    lines = open(path).read().split('\n')
    head = None
    groups = []
    comments = []
    comment = None          # the comment the next declaration would take
    group = None            # the group the last declaration went to
    depth = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        s = line.strip()
        if depth:
            depth += line.count('{') - line.count('}')
            if not depth:
                comment = group = None
            i += 1
            continue
        if s.startswith('/*'):
            block = [line]
            while '*/' not in lines[i] and i + 1 < len(lines):
                i += 1
                block.append(lines[i])
            text = clean_comment(block)
            comments.append(text)
            if text.startswith('SPDX'):
                pass
            elif head is None:
                head = text     # the header's own comment: what the layer is
                comment = group = None
            else:
                comment, group = text, None
            i += 1
            continue
        if s in ('extern "C" {', '}') or re.match(r'^(struct|union|enum) \w+;$', s):
            i += 1      # C++ linkage around everything; a forward declaration
            continue
        if not s or s.startswith('#'):
            while line.rstrip().endswith('\\') and i + 1 < len(lines):
                i += 1
                line = lines[i]
            # A comment may cover macros and the function after them; a
            # blank line ends what it covers.
            if not s or s.startswith(('#pragma', '#include')):
                comment = None
            group = None
            i += 1
            continue
        # A declaration or definition: up to ';' at depth 0.
        decl = [line]
        depth = line.count('{') - line.count('}')
        while not (depth == 0 and decl[-1].rstrip().endswith(';')) and i + 1 < len(lines):
            if depth == 0 and decl[-1].rstrip().endswith('{'):
                break
            i += 1
            decl.append(lines[i])
            depth += lines[i].count('{') - lines[i].count('}')
        text = ' '.join(d.strip() for d in decl)
        text = re.sub(r'/\*.*?\*/', '', text)
        m = re.match(r'^(?:extern\s+)?[^{(]*?\b(tdxg_\w+)\s*[(\[]', text)
        if depth or '{' in text or not m or text.startswith(('struct', 'enum', 'union', 'typedef')) \
                and '(' not in text.split('{')[0]:
            # A struct, enum or macro use: it ends any group.
            comment = group = None
            i += 1
            continue
        proto = re.sub(r'\s+', ' ', text).replace('( ', '(').replace(' )', ')')
        if group is None:
            group = ([], [], comment)
            groups.append(group)
        group[0].append(m.group(1))
        group[1].append(proto)
        i += 1
    # A declaration with no comment of its own is documented by a comment
    # of its header that names it, as "Set size with X_INIT or x_init()".
    for k, (names, protos, comment) in enumerate(groups):
        if comment:
            continue
        for c in comments:
            if all(re.search(r'\b%s\(\)' % n, c) for n in names):
                groups[k] = (names, protos, c)
                break
    return head or '', groups


def roff(text):
    out = []
    for para in re.split(r'\n\s*\n', text):
        lines = []
        for line in para.split('\n'):
            line = line.replace('\\', '\\e')
            if line.startswith(('.', "'")):
                line = '\\&' + line
            lines.append(line)
        out.append('\n'.join(lines))
    return '\n.PP\n'.join(out)


def page(include, version, headers):
    o = ['.\\" SPDX-License-Identifier: MIT',
         '.\\" Generated by scripts/apidoc.py from user/lib/include/tdxg/*.h: do not edit.',
         '.TH LIBTDXG 3 "" "tdxg %s" "libtdxg"' % version,
         '.SH NAME',
         'libtdxg \\- TDX guest attestation library: device, event logs, quotes, verification',
         '.SH SYNOPSIS',
         '.nf',
         '.B #include <tdxg/tdxg.h>',
         '.PP',
         '.B cc prog.c $(pkg\\-config \\-\\-cflags \\-\\-libs libtdxg)',
         '.fi',
         '.SH DESCRIPTION',
         'libtdxg is the library under',
         '.BR tdxg (1).',
         'It is MIT licensed. Its API is the functions below, one public header a',
         'layer; <tdxg/tdxg.h> includes them all. Each entry is the declaration and',
         'the comment it has in its header.']
    for name in ORDER:
        if name not in headers:
            continue
        head, groups = headers[name]
        o += ['.SH "<tdxg/%s>"' % name]
        if head:
            o.append(roff(head))
        for names, protos, comment in groups:
            o += ['.PP', '.nf']
            o += ['.B %s' % p.replace('\\', '\\e') for p in protos]
            o += ['.fi', '.RS']
            o.append(roff(comment) if comment else '(undocumented)')
            o += ['.RE']
    o += ['.SH "SEE ALSO"', '.BR tdxg (1)']
    return '\n'.join(o) + '\n'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--check', action='store_true')
    ap.add_argument('--map', default=os.path.join(TOP, 'user/libtdxg.map'))
    ap.add_argument('--include', default=os.path.join(TOP, 'user/lib/include/tdxg'))
    ap.add_argument('--out', default=os.path.join(TOP, 'Documentation/libtdxg.3'))
    a = ap.parse_args()
    version = open(os.path.join(TOP, 'VERSION')).read().strip()
    headers = {}
    for name in sorted(os.listdir(a.include)):
        if name.endswith('.h') and name != 'tdxg.h':
            headers[name] = parse_header(os.path.join(a.include, name))
    documented, declared = set(), set()
    for _, groups in headers.values():
        for names, _, comment in groups:
            declared.update(names)
            if comment:
                documented.update(names)
    bad = []
    for n in exports(a.map):
        if n not in declared:
            bad.append('%s: exported, but declared in no public header' % n)
        elif n not in documented:
            bad.append('%s: declared without a comment saying what it does' % n)
    text = page(a.include, version, headers)
    if not a.check:
        open(a.out, 'w').write(text)
    elif not os.path.exists(a.out) or open(a.out).read() != text:
        bad.append('%s is not what the headers give: run scripts/apidoc.py' % os.path.relpath(a.out, TOP))
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
