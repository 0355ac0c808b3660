#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0+
"""Name the hostile features of a generated OS DT (fuzz_tree's FT_DUMP).

A finding of fuzz_tree is a choice stream; replayed with FT_DUMP=DIR the
harness writes the tree it made to DIR/os.dtb. This lists the features of
that tree that the rules say Linux reads differently from a naive parser,
one word each, so that minimized findings can be sorted into classes:

  phandle        an 8-byte phandle, linux,phandle, ibm,phandle, or one
                 phandle value on two nodes
  status         a status string without its NUL
  function-mr    a node below a host bridge with its own memory-region
  host-mr        a host bridge with a memory-region of its own
  dup-name       two siblings with the same name
  initrd         /chosen names an initrd
  memreserve     the blob has /memreserve/ entries
  cmdline        bootargs with mem= or vmalloc=
  usable-memory  /memory has linux,usable-memory
  iommu          a host bridge with iommu-map
  dma-ranges     a node with a non-empty dma-ranges
  pool-name      a /reserved-memory child named like dmacage's pools

Usage: classify.py OS.dtb
"""
import struct
import sys

FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9


def nodes(blob):
    """Yield (path, depth, props) for every node: props maps name to bytes."""
    (magic, _total, off_struct, off_strings, off_rsv, _ver, _lc, _boot,
     size_strings, size_struct) = struct.unpack(">10I", blob[:40])
    assert magic == 0xd00dfeed, "not a DTB"
    strings = blob[off_strings:off_strings + size_strings]
    pos, end = off_struct, off_struct + size_struct
    stack = []
    while pos < end:
        tag, = struct.unpack(">I", blob[pos:pos + 4])
        pos += 4
        if tag == FDT_BEGIN_NODE:
            name_end = blob.index(b"\0", pos)
            name = blob[pos:name_end].decode(errors="replace")
            pos = (name_end + 4) & ~3
            stack.append([name, {}, []])
        elif tag == FDT_PROP:
            ln, nameoff = struct.unpack(">II", blob[pos:pos + 8])
            pname = strings[nameoff:strings.index(b"\0", nameoff)].decode()
            stack[-1][1].setdefault(pname, blob[pos + 8:pos + 8 + ln])
            pos = (pos + 8 + ln + 3) & ~3
        elif tag == FDT_END_NODE:
            name, props, kids = stack.pop()
            path = "/".join(n[0] for n in stack) + "/" + name if stack else "/"
            path = path.replace("//", "/")
            yield path, len(stack), props, kids
            if stack:
                stack[-1][2].append(name)
        elif tag == FDT_NOP:
            continue
        else:
            break
    rsv = blob[off_rsv:off_struct]
    yield "/memreserve/", -1, {"n": rsv[:8]}, []


def features(blob):
    found = set()
    phandles = {}
    for path, depth, props, kids in nodes(blob):
        if depth < 0:
            if struct.unpack(">Q", props["n"])[0]:
                found.add("memreserve")
            continue
        if len(kids) != len(set(kids)):
            found.add("dup-name")
        for name in ("phandle", "linux,phandle", "ibm,phandle"):
            v = props.get(name)
            if v is None:
                continue
            if name != "phandle" or len(v) != 4:
                found.add("phandle")
            ph = struct.unpack(">I", v[:4])[0]
            if ph in phandles and phandles[ph] != path:
                found.add("phandle")
            phandles[ph] = path
        st = props.get("status")
        if st is not None and not st.endswith(b"\0"):
            found.add("status")
        is_host = props.get("device_type") == b"pci\0" and "compatible" in props
        if "memory-region" in props and "/pci" in path:
            found.add("host-mr" if is_host else "function-mr")
        if is_host and "iommu-map" in props:
            found.add("iommu")
        if props.get("dma-ranges"):
            found.add("dma-ranges")
        if path.startswith("/reserved-memory/") and (
                "-restricted@" in path or "-coherent@" in path):
            found.add("pool-name")
        if path == "/chosen":
            if "linux,initrd-start" in props:
                found.add("initrd")
            args = props.get("bootargs", b"")
            if b"mem=" in args or b"vmalloc=" in args:
                found.add("cmdline")
        if "linux,usable-memory" in props:
            found.add("usable-memory")
    return sorted(found)


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as f:
        print(" ".join(features(f.read())) or "none")
