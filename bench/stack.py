#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0+
"""Worst-case stack per entry point from gcc -fcallgraph-info=su (.ci files).

  stack.py [--bound FUNC=N ...] [--entry FUNC ...] FILE.ci ...

Each function's own frame comes from the .ci node label ("N bytes
(static)"); the worst case of a function is its frame plus the worst of its
callees. What a call graph cannot say is made explicit, never dropped
silently:
  - an indirect call in FUNC reaches the functions --indirect FUNC=T1,T2
    lists (static ones included: the code's own tables of callbacks say
    which), or nothing when the list is empty (a callback outside the
    measured objects, named in the notes); without a list, any function
    whose address the same directory's sources take (a name used other
    than as a call) and that is not static: the .ci titles of static
    functions carry their file, so they are not matched;
  - a function on a call cycle (itself or through others) is entered at
    most N times when --bound FUNC=N says how deep it can go (the code's
    own limit), else the entry point is "unbounded";
  - a callee with no .ci node (a libc routine) counts 0 and is named;
  - a frame that is not "static" (alloca, VLA) is named.
Prints one line per entry: name, bytes, the worst chain, then the notes.
"""
import os
import re
import sys

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"(.*)\}')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')


def short(title):
    """"dir/file.c:func" (a static function) -> "file.c:func"."""
    return os.path.basename(title)


def name(key):
    """The bare function name, as --bound and --entry give it."""
    return key[1].split(':')[-1]


def parse(files):
    """Defined functions keyed (file, name); edges per key; their sources."""
    defs, edges, byname, srcdir = {}, {}, {}, {}
    sources = set()
    for ci in files:
        src = None
        with open(ci) as f:
            lines = f.read().splitlines()
        for line in lines:
            m = re.match(r'graph: \{ title: "([^"]+)"', line)
            if m:
                src = m.group(1)
                sources.add(src)
        local = {}
        for line in lines:
            m = NODE.match(line)
            if not m or 'shape : ellipse' in m.group(3):
                continue
            fields = m.group(2).split('\\n')
            sz = re.match(r'(\d+) bytes \((\w+)\)', fields[-1])
            if not sz:
                continue
            key = (ci, m.group(1))
            defs[key] = (int(sz.group(1)), sz.group(2))
            local[m.group(1)] = key
            byname.setdefault(m.group(1), key)
            srcdir[key] = os.path.dirname(src or ci)
        for line in lines:
            m = EDGE.match(line)
            if not m:
                continue
            s = local.get(m.group(1))
            if s:
                edges.setdefault(s, []).append(local.get(m.group(2)) or
                                               m.group(2))
    return defs, edges, byname, srcdir, sources


def address_taken(defs, srcdir, sources):
    """Per directory, the functions its compiled sources name not in a call."""
    taken = {}
    for d in set(srcdir.values()):
        text = ''
        for f in sorted(x for x in sources if os.path.dirname(x) == d):
            if os.path.isfile(f):
                with open(f, errors='replace') as fh:
                    text += fh.read()
        text = re.sub(r'/\*.*?\*/|//[^\n]*', '', text, flags=re.S)
        # a struct may share its function's name (struct dmc_fixup_ws)
        text = re.sub(r'\b(struct|union|enum)\s+\w+', '', text)
        used = set(re.findall(r'(?<![\w.>])([A-Za-z_]\w*)\b(?!\s*\()', text))
        taken[d] = {k for k in defs if k[1] in used and srcdir[k] == d}
    return taken


def main(argv):
    bounds, entries, files, indirect = {}, [], [], {}
    it = iter(argv)
    for a in it:
        if a == '--bound':
            n, v = next(it).split('=')
            bounds[n] = int(v)
        elif a == '--indirect':
            n, v = next(it).split('=')
            indirect[n] = [t for t in v.split(',') if t]
        elif a == '--entry':
            entries.append(next(it))
        else:
            files.append(a)
    defs, edges, byname, srcdir, sources = parse(files)
    taken = address_taken(defs, srcdir, sources)
    memo, notes = {}, {}

    def callees(key):
        for t in edges.get(key, []):
            if t == '__indirect_call' and name(key) in indirect:
                targets = indirect[name(key)]
                if not targets:
                    notes.setdefault('callback outside the objects',
                                     set()).add(short(key[1]))
                for n in targets:
                    found = [k for k in defs if name(k) == n]
                    if not found:
                        notes.setdefault('indirect target not found',
                                         set()).add(n)
                    yield from sorted(found)
            elif t == '__indirect_call':
                notes.setdefault('indirect call', set()).add(short(key[1]))
                yield from sorted(taken.get(srcdir[key], set()))
            elif isinstance(t, tuple):
                yield t
            elif t in byname:
                yield byname[t]
            else:
                notes.setdefault('no frame known (counted 0)', set()).add(
                    short(t))

    def worst(key, path, entered):
        """(bytes, chain) for @key. @path: keys on the current chain;
        @entered: how often each bounded function is on it."""
        state = (key, tuple(sorted(entered.items())))
        if state in memo:
            return memo[state]
        frame, kind = defs[key]
        if kind != 'static':
            notes.setdefault('dynamic frame', set()).add(short(key[1]))
        best, chain = 0, []
        for c in callees(key):
            cn = name(c)
            if c in path:
                n = bounds.get(cn)
                if n is None:
                    notes.setdefault('unbounded recursion', set()).add(cn)
                    continue
                if entered.get(cn, 1) >= n:
                    continue	# as deep as the code lets it go
                notes.setdefault('recursion counted', set()).add(
                    '%s x%d' % (cn, n))
            e2 = dict(entered)
            if cn in bounds:
                e2[cn] = e2.get(cn, 0) + 1
            b, ch = worst(c, path | {c}, e2)
            if b > best:
                best, chain = b, ch
        r = (frame + best, ['%s %d' % (short(key[1]), frame)] + chain)
        memo[state] = r
        return r

    for e in entries:
        notes.clear()
        memo.clear()
        if e not in byname:
            print('%s: not found' % e)
            continue
        k = byname[e]
        b, chain = worst(k, frozenset([k]),
                         {e: 1} if e in bounds else {})
        unb = 'unbounded recursion' in notes
        print('%s %s %s' % (e, 'unbounded' if unb else b, ' > '.join(chain)))
        for k in sorted(notes):
            print('    %s: %s' % (k, ', '.join(sorted(notes[k]))))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
