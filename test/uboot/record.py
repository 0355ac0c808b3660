#!/usr/bin/env python3
"""Compare the record the host tool wrote with the one Linux received.

usage: record.py LOG DTB NAME

LOG is a U-Boot suite run's serial log: its "DT: /chosen/dmacage/..."
lines are the record as Linux read it from /proc/device-tree (init.sh).
DTB is the host tool's "apply --profile" output for the same machine,
policy and board profile. Every property the host tool wrote under
/chosen/dmacage must be in Linux's record with the same bytes, and Linux's
record may have only the properties that U-Boot alone can know
(dts/bindings/dmacage,record.yaml: the build profile, where the policy
came from, the overrides, the PCR, the enforcement actually found): so a
factory that signs or stores the host tool's record predicts the boot's.

The DTB is read here with a small parser of its own, not with libfdt or
the tool under test. Prints PASS/FAIL lines; exit 1 on any FAIL.
"""
import re
import struct
import sys

from checks import Checks

# What U-Boot adds at hand-off (board/dmacage/record.c) and the host tool
# cannot know: per record, and per domain.
BOOT_ONLY = {"build-profile", "policy-source", "overrides", "overrides-refused",
             "digest-pcr"}
BOOT_ONLY_DOMAIN = {"enforcement", "checker-windows", "checker-locked",
                    "checker-secure-world", "checker-msi-window"}

log_path, dtb_path, name = sys.argv[1:4]
check = Checks(name)


def dtb_props(blob, under):
    """{path/property: bytes} of every property below node path @under."""
    magic, _, off_struct, off_strings = struct.unpack_from(">IIII", blob)
    if magic != 0xd00dfeed:
        raise ValueError("not a DTB")
    props, path, pos = {}, [], off_struct
    while True:
        tok, = struct.unpack_from(">I", blob, pos)
        pos += 4
        if tok == 1:		# FDT_BEGIN_NODE
            end = blob.index(b"\0", pos)
            path.append(blob[pos:end].decode())
            pos = (end + 4) & ~3
        elif tok == 2:		# FDT_END_NODE
            path.pop()
        elif tok == 3:		# FDT_PROP
            size, nameoff = struct.unpack_from(">II", blob, pos)
            pos += 8
            pname = blob[off_strings + nameoff:
                         blob.index(b"\0", off_strings + nameoff)].decode()
            full = "/".join(path[1:])
            if ("/" + full + "/").startswith(under + "/"):
                props["/%s/%s" % (full, pname)] = blob[pos:pos + size]
            pos = (pos + size + 3) & ~3
        elif tok == 4:		# FDT_NOP
            continue
        elif tok == 9:		# FDT_END
            return props
        else:
            raise ValueError("bad token %d at %d" % (tok, pos - 4))


log = open(log_path, errors="replace").read().replace("\r", "")
linux = {p: bytes.fromhex(v) for p, v in
         re.findall(r"^DT: (/chosen/dmacage/\S+) = ([0-9a-f]*)$", log, re.M)}
try:
    host = dtb_props(open(dtb_path, "rb").read(), "/chosen/dmacage")
except (OSError, ValueError, struct.error) as e:
    check("the host tool's DTB is readable", False, "%s: %s" % (dtb_path, e))
    sys.exit(1)
# Linux shows a node's name as a property; the DTB has none
linux = {p: v for p, v in linux.items() if not p.endswith("/name")}

check("Linux received a record", bool(linux), "no DT: /chosen/dmacage lines")
check("the host tool wrote a record with a digest",
      "/chosen/dmacage/digest" in host, str(sorted(host)))
differ = [p for p in host if linux.get(p) != host[p]]
check("each of the host tool's %d record properties is in Linux's record, "
      "byte for byte" % len(host), host and not differ,
      "; ".join("%s host %s Linux %s" % (p, host[p].hex(),
                                        linux[p].hex() if p in linux else "-")
                for p in differ))
extra = [p for p in linux if p not in host and
         p.rsplit("/", 1)[1] not in (BOOT_ONLY if p.count("/") == 3
                                     else BOOT_ONLY_DOMAIN)]
check("Linux's record adds only what U-Boot alone knows", not extra,
      ", ".join(extra))
sys.exit(1 if check.fails else 0)
