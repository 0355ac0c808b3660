#!/usr/bin/env python3
"""Check one QEMU run of U-Boot + Linux (test/uboot/suite.sh).

usage: verify.py LOG NAME MODE [QEMU]
  MODE host      host-bridge form: pools + memory-region on the host bridge
       endpoint  endpoint form: memory-region on the endpoint node only
       disable   impossible plan, on-error disable: host bridge disabled
       halt      impossible plan, on-error halt: no kernel starts, the
                 board halts (QEMU still running) and never resets
       sweep     a near-full window: confined, or disabled and booting,
                 or cleanly halted; never a reset or a silent hang
       badenv    a bad dmacage_* override: rejected, host bridge disabled
       badvar    a dmacage_* variable naming no domain: rejected likewise
       override  dmacage_pcie0_restricted_size=16M, _coherent_size=0:
                 planned and confined with exactly those sizes
       envscript the host tool's "plan --format env" overrides: the boot
                 plans the hash in WANT_HASH, not its own choice NOT_HASH,
                 and confines
       loaders   file-system and TFTP loads: done outside the window,
                 refused inside it; the initrd qfw-loaded into the window
                 fails the domain at hand-off, and Linux boots without it
       terse     the terse build booted with the boot command alone:
                 plans the full build's hash WANT_HASH, and confines
       prod-weaken  every weakening override in a production build: each
                 refused with its line, the built-in policy confines
       bu-weaken dmacage_policy (an impossible policy) and
                 dmacage_on_error=warn in a bring-up build: both applied,
                 the device left unconfined
       bu-off    dmacage_pcie0_enable=0 and a base outside placement-range
                 in a bring-up build: applied, the domain is off
       bu-bounds sizes and limit outside the policy's ranges in a bring-up
                 build: planned and confined with them
       nochk     a domain without a checker and without checker-optional:
                 failed as unenforced, on-error disable
       nochk-opt the same with checker-optional: confined, and reported
                 "pool only, not enforced" by the plan, summary and record

The environment variable PROFILE (production, terse or bringup) is the
build's profile (terse is a production build): the summaries, the bring-up warning and the record's
build-profile must say the same.

QEMU, when given, is how the run ended: "linux" (the kernel's first line
appeared and the run was stopped there), "running" (QEMU was still running
at the end of the wait) or "exited".

Every run must show exactly one banner of the U-Boot base built ("U-Boot
2023.01", or the base $UBOOT names): QEMU runs without -no-reboot, so a
reset shows as a second boot.

Parses U-Boot's "dmacage: ..." lines (doc/uboot.md) and the "DT:" lines the
initramfs prints from /proc/device-tree, and prints PASS/FAIL lines.
"""
import os
import re
import sys

from checks import Checks

log_path, name, mode = sys.argv[1:4]
qemu = sys.argv[4] if len(sys.argv) > 4 else None
log = open(log_path, errors="replace").read().replace("\r", "")
check = Checks(name)


def kv(text):
    return dict(re.findall(r"(\S+?)=(\"[^\"]*\"|\S+)", text))


summaries, sequence = {}, []
for m in re.finditer(r"^dmacage: summary cmd=(\S+) (.*)$", log, re.M):
    summaries[m.group(1)] = kv("cmd=%s %s" % (m.group(1), m.group(2)))
    sequence.append(summaries[m.group(1)])
windows, boot_windows = {}, {}
for m in re.finditer(r"^dmacage: window (\S+) (.*)$", log, re.M):
    windows[m.group(1)] = kv(m.group(2))  # the last one is the hand-off's
    boot_windows.setdefault(m.group(1), windows[m.group(1)])
handoff = {}
for m in re.finditer(r"^dmacage: handoff (\S+=0x.*)$", log, re.M):
    handoff = {k: tuple(int(x, 16) for x in v.split("+"))
               for k, v in kv(m.group(1)).items()}
dt = {}
for m in re.finditer(r"^DT: (\S+) = ([0-9a-f]*)$", log, re.M):
    dt[m.group(1)] = bytes.fromhex(m.group(2))
booted = "INIT: start" in log
boots = len(re.findall(r"^U-Boot %s " % re.escape(os.environ.get("UBOOT", "2023.01")),
                       log, re.M))
halted = re.search(r"^dmacage: HALTED: (.+); the board stays stopped until "
                   r"power-cycled$", log, re.M)
linux = "Booting Linux on physical CPU" in log


def pair(s):
    b, z = s.split("+")
    return int(b, 16), int(z, 16)


def dt_str(path):
    v = dt.get(path)
    return v.rstrip(b"\0").decode(errors="replace") if v is not None else None


def cells(v):
    return [int.from_bytes(v[i:i + 4], "big") for i in range(0, len(v), 4)]


def resmem_nodes():
    """{node path: (compatible, (base, size), phandle, no-map)}"""
    nodes = {}
    for p in dt:
        m = re.match(r"^(/reserved-memory/[^/]+)/compatible$", p)
        if not m:
            continue
        n = m.group(1)
        reg = cells(dt.get(n + "/reg", b""))
        base_size = ((reg[0] << 32 | reg[1], reg[2] << 32 | reg[3])
                     if len(reg) == 4 else None)
        ph = dt.get(n + "/phandle")
        nodes[n] = (dt_str(p).split("\0")[0], base_size,
                    cells(ph)[0] if ph else None, n + "/no-map" in dt)
    return nodes


def overlaps(a, b):
    return a[0] < b[0] + b[1] and b[0] < a[0] + a[1]


def check_confined(endpoint):
    w = windows.get("pcie0", {})
    check("plan at hand-off", w.get("state") == "planned", str(w))
    if w.get("state") != "planned":
        return
    rb, rs = pair(w["restricted"])
    cb, cs = pair(w["coherent"])
    s = summaries.get("handoff", {})
    check("hand-off result ok", s.get("result") == "ok", str(s))
    # Nothing was loaded into the way: the hand-off must plan exactly what
    # the boot planned, and LMB reserved.
    bp = summaries.get("boot-plan", {})
    check("the hand-off plans what the boot planned (hash %s)" % bp.get("hash"),
          bp.get("hash") is not None and bp.get("hash") == s.get("hash") and
          boot_windows.get("pcie0") == w,
          "boot %s %s, hand-off %s %s" % (bp.get("hash"),
                                          boot_windows.get("pcie0"),
                                          s.get("hash"), w))
    check("kernel started", booted, "no INIT: start line")
    nodes = resmem_nodes()
    restricted = [n for n, v in nodes.items()
                  if v[0] == "restricted-dma-pool" and v[1] == (rb, rs)]
    shared = [n for n, v in nodes.items()
              if v[0] == "shared-dma-pool" and v[1] == (cb, cs)]
    check("Linux DT has the restricted pool as planned", len(restricted) == 1,
          "want reg 0x%x+0x%x in %s" % (rb, rs, nodes))
    if cs:
        check("Linux DT has the coherent pool as planned", len(shared) == 1,
              "want reg 0x%x+0x%x in %s" % (cb, cs, nodes))
    else:
        shared = [n for n, v in nodes.items() if v[0] == "shared-dma-pool"]
        check("no coherent pool when none is asked for", not shared,
              str(shared))
        shared = [None]
    if not restricted or not shared:
        return
    r, c = nodes[restricted[0]], nodes.get(shared[0], (None,) * 4)
    check("restricted pool has no no-map (R5)", not r[3], restricted[0])
    if cs:
        check("coherent pool has no-map", c[3], shared[0])
    host_mr = dt.get("/pcie@10000000/memory-region")
    ep_mr = [p for p in dt if re.match(
        r"^/pcie@10000000/[^/]+@1,0/[^/]+@0,0/memory-region$", p)]
    if endpoint:
        check("no memory-region on the host bridge", host_mr is None,
              "host has memory-region")
        check("memory-region on the endpoint 01.0/00.0", len(ep_mr) == 1,
              "endpoint memory-region paths: %s" % ep_mr)
        mr = dt.get(ep_mr[0]) if ep_mr else None
    else:
        check("memory-region on the host bridge", host_mr is not None,
              "absent")
        mr = host_mr
    if mr is not None:
        ph = cells(mr)
        check("memory-region names the restricted pool first",
              ph and ph[0] == r[2], "phandles %s, restricted %s" % (ph, r[2]))
        if cs:
            check("memory-region names the coherent pool", c[2] in ph,
                  "phandles %s, coherent %s" % (ph, c[2]))
    check("host bridge stays enabled",
          dt_str("/pcie@10000000/status") in (None, "okay"),
          dt_str("/pcie@10000000/status"))
    check("hand-off ranges logged", "fdt" in handoff and "initrd" in handoff
          and "kernel" in handoff, str(handoff))
    for k, rng in handoff.items():
        check("%s clear of the pools" % k,
              not overlaps(rng, (cb, cs + rs)),
              "%s 0x%x+0x%x overlaps window 0x%x+0x%x" % (k, rng[0], rng[1],
                                                         cb, cs + rs))
    enf = dt_str("/chosen/dmacage/pcie0/enforcement")
    check("record enforcement says what enforces the pools",
          enf == ("checker" if w.get("enforced") == "checker"
                  else "pool only, not enforced"), repr(enf))
    chk = re.findall(r"^dmacage: checker pcie0 (.*)$", log, re.M)
    if not chk or chk[-1].strip() == "none":
        # only a checker-optional domain may have none to read back
        check("no checker to read back, as the policy's checker-optional says",
              w.get("enforced") == "no",
              "no checker line for an enforced domain: %s" % w)
    else:
        c = kv(chk[-1])
        # guard: the lock bit, or a secure-only port with the OS non-secure
        check("checker readback verified and guarded",
              c.get("verify") == "ok" and
              c.get("guard") in ("lock-bit", "secure-world"), chk[-1])
        wins = sorted(pair(v) for k, v in c.items() if re.match(r"win\d+$", k))
        check("checker windows cover exactly the pools",
              wins == sorted([(cb, cs), (rb, rs)]) or wins == [(cb, cs + rs)],
              "%s vs pools 0x%x+0x%x 0x%x+0x%x" % (wins, cb, cs, rb, rs))


def check_disabled(reason_word):
    s = summaries.get("handoff", {})
    check("hand-off degraded", s.get("result") == "degraded", str(s))
    check("kernel started", booted, "no INIT: start line")
    check("Linux sees the host bridge disabled",
          dt_str("/pcie@10000000/status") == "disabled",
          "status %r" % dt_str("/pcie@10000000/status"))
    rec = [dt_str(p) for p in dt if p.startswith("/chosen/dmacage")]
    check("reason recorded under /chosen",
          any(v and reason_word in v for v in rec),
          "no /chosen/dmacage* string with %r: %s" % (reason_word, rec))
    check("no pools in the Linux DT", not [
        n for n, v in resmem_nodes().items()
        if v[0] in ("restricted-dma-pool", "shared-dma-pool")], "pools found")


def check_commands():
    """The bootcmd of suite.sh runs these before booting, in this order."""
    # The control DT is checked before the patch: its host bridge has no
    # pool yet, which the rules call an error (R24 item 22: every device
    # below it would run unrestricted), so that check must say -73.
    want = [("profile", "0"), ("plan", "0"), ("status", "0"), ("check", "-73"), ("apply", "0"),
            ("check", "0"), ("check", "0"), ("check", "-77"), ("faults", "0"),
            ("faults", "0"), ("apply", "-64")]
    got = [(x["cmd"], x["rc"]) for x in sequence
           if x["cmd"] not in ("boot-plan", "handoff")]
    check("dmacage plan/status/check/apply/faults summaries", got == want,
          "got %s, want %s" % (got, want))
    apply_ok = [x for x in sequence if x["cmd"] == "apply"][:1]
    check("dmacage apply plans what the boot planned", apply_ok and
          apply_ok[0].get("hash") == summaries.get("boot-plan", {}).get("hash"),
          str(apply_ok))
    first = [x for x in sequence if x["cmd"] == "check"][:1]
    check("dmacage check of the unpatched DT names the unconfined host",
          first and first[0].get("errors", "0") != "0" and
          re.search(r"^  error +R24 +\S*pcie\S*: no restricted pool", log,
                    re.M) is not None,
          str(first))
    check("dmacage check of the patched DT: no errors",
          [x for x in sequence if x["cmd"] == "check"][1:2] and
          [x for x in sequence if x["cmd"] == "check"][1].get("errors") == "0",
          str([x for x in sequence if x["cmd"] == "check"]))
    check("dmacage check with Linux 7.3's rules: named, and no errors",
          re.search(r"^dmacage: rules check of the DT at 0x49000000 "
                    r"\(arm(64)?, Linux 7\.3\)$", log, re.M) is not None and
          [x for x in sequence if x["cmd"] == "check"][2:3] and
          [x for x in sequence if x["cmd"] == "check"][2].get("errors") == "0",
          str([x for x in sequence if x["cmd"] == "check"]))
    check("dmacage check refuses a kernel line it does not know",
          '"9.9" is not a kernel line dmacage knows' in log,
          "no refusal of 9.9")
    prof = re.search(r"^dmacage-profile 1\n(.*?)^end$", log, re.M | re.S)
    lines = prof.group(1).splitlines() if prof else []
    check("dmacage profile: arch, DRAM, U-Boot and the load areas",
          lines[:1] == ["arch " + ("arm" if name.startswith("uboot-arm-")
                                   else "arm64")] and
          any(x.startswith("dram 0x40000000 0x40000000") for x in lines) and
          any(x.startswith("avoid ") and x.endswith(" u-boot") for x in lines)
          and any(x.endswith(" load:kernel_addr_r") for x in lines),
          "profile %s" % lines)
    check("unknown subcommand rejected",
          "Usage:" in log and "dmacage - PCIe DMA confinement" in log,
          "no usage text")


WEAKEN = ["dmacage_policy=0x4a000000", "dmacage_on_error=warn",
          "dmacage_pcie0_enable=0", "dmacage_pcie0_restricted_size=128M",
          "dmacage_pcie0_coherent_size=16M", "dmacage_pcie0_base=0x80000000",
          "dmacage_pcie0_limit=0x100000000"]


def record_list(prop):
    v = dt.get("/chosen/dmacage/" + prop)
    return [x.decode() for x in v.rstrip(b"\0").split(b"\0")] if v else []


def check_profile():
    """Every run: the build profile in the summaries, banner and record."""
    want = "bring-up" if os.environ.get("PROFILE") == "bringup" \
        else "production"
    got = sorted({x.get("profile") for x in sequence})
    check("summaries say profile=%s" % want, got == [want], str(got))
    banner = re.search(r"^dmacage: WARNING: bring-up build "
                       r"\(CONFIG_DMACAGE_BRINGUP\)", log, re.M)
    check("bring-up warning %s" % ("printed" if want == "bring-up"
                                   else "absent"),
          (banner is not None) == (want == "bring-up"), "")
    if booted:
        check("record build-profile %s" % want,
              dt_str("/chosen/dmacage/build-profile") == want,
              repr(dt_str("/chosen/dmacage/build-profile")))


def check_weakening(refused):
    """Each WEAKEN variable refused (production) or applied (bring-up)."""
    for v in refused:
        name, val = v.split("=", 1)
        line = re.search(r"^dmacage: refused: %s=%s: .+; a production "
                         r"build goes on with the policy as built$" % (
                             re.escape(name), re.escape(val)), log, re.M)
        check("%s refused with its line" % name, line is not None, "none")


def check_bringup_applied(vs):
    for v in vs:
        name, val = v.split("=", 1)
        line = re.search(r"^dmacage: WARNING: bring-up build: %s=%s weakens "
                         r"the policy: " % (re.escape(name), re.escape(val)),
                         log, re.M)
        check("%s applied with a warning" % name, line is not None, "none")
    check("record lists the overrides applied",
          sorted(record_list("overrides")) == sorted(vs),
          str(record_list("overrides")))
    check("no refusal in a bring-up build",
          not re.search(r"^dmacage: refused:", log, re.M), "")


check("exactly one boot (no reset)", boots == 1,
      "%d U-Boot banners in the log" % boots)
check_profile()
if mode in ("host", "endpoint"):
    if mode == "host":
        check_commands()
        check("the boot warns that stock Linux ignores the coherent pool",
              re.search(r"^dmacage: warning: pcie0: the coherent pool 0x\S+ is "
                        r"used only by a kernel with dmacage's coherent-pool "
                        r"patch; stock Linux ignores it \(R37\)$", log, re.M)
              is not None, "no R37 warning at hand-off")
    bp = summaries.get("boot-plan", {})
    check("boot plan", bp.get("rc") == "0" and bp.get("planned") == "1",
          str(bp))
    check_confined(mode == "endpoint")
elif mode == "disable":
    check("plan fails at boot", summaries.get("boot-plan", {}).get("failed")
          == "1", str(summaries.get("boot-plan")))
    check_disabled("pcie0")
elif mode == "halt":
    s = summaries.get("handoff", {})
    check("hand-off refused", s.get("result") == "refused", str(s))
    check("halt message", re.search(r"^dmacage: handoff halt: ", log, re.M)
          is not None, "no 'dmacage: handoff halt:' line")
    check("no kernel starts", not booted and "Starting kernel" not in log,
          "the kernel started")
    check("HALTED message", halted is not None, "no 'dmacage: HALTED:' line")
    check("the board stays halted (QEMU still running)", qemu == "running",
          "QEMU %s" % qemu)
    # QEMU's own "terminating on signal" line, from the stop, is no output
    after = re.sub(r"^qemu-system-\S+: .*$", "",
                   log[halted.end():] if halted else "", flags=re.M).strip()
    check("nothing after the halt message", halted is not None and not after,
          repr(after[:200]))
elif mode == "sweep":
    s = summaries.get("handoff", {})
    w = windows.get("pcie0", {})
    bp = summaries.get("boot-plan", {})
    # confined only with the pools planned, and so reserved in LMB, at boot
    if s.get("result") == "ok" and w.get("state") == "planned" and linux \
            and bp.get("planned") == "1" and bp.get("hash") == s.get("hash"):
        outcome = "confined (%s), Linux started" % w.get("restricted")
    elif s.get("result") == "degraded" and linux:
        outcome = "disabled (%s), Linux started" % w.get("reason")
    elif halted and qemu == "running" and "Starting kernel" not in log:
        outcome = "halted (%s)" % halted.group(1)
    else:
        outcome = None
    check("sane end: %s" % outcome if outcome else "sane end",
          outcome is not None,
          "handoff %s, QEMU %s, Linux %s, HALTED %s" % (
              s.get("result"), qemu, "started" if linux else "silent",
              bool(halted)))
elif mode == "badenv":
    check("override rejected with its message", re.search(
        r"^dmacage: error: dmacage_pcie0_restricted_size: \"12Q\" is not a number",
        log, re.M) is not None, "no rejection line")
    check_disabled("dmacage_pcie0_restricted_size")
elif mode == "badvar":
    check("unknown variable rejected with its message", re.search(
        r"^dmacage: error: dmacage_pcie9_enable: the policy has no such domain",
        log, re.M) is not None, "no rejection line")
    check_disabled("dmacage_pcie9_enable")
elif mode == "override":
    check("no coherent pool, so no R37 warning at boot",
          "is used only by a kernel with dmacage's coherent-pool patch"
          not in log, "an R37 warning without a coherent pool")
    w = boot_windows.get("pcie0", {})
    check("override sizes planned", w.get("restricted", "").endswith(
        "+0x1000000") and w.get("coherent", "").endswith("+0x0"), str(w))
    check_confined(False)
elif mode == "envscript":
    bp = summaries.get("boot-plan", {})
    want, other = os.environ.get("WANT_HASH"), os.environ.get("NOT_HASH")
    check("the boot plans the host tool's plan %s (its own choice: %s)"
          % (want, other), want and other and want != other and
          bp.get("hash") == want, "boot %s" % bp.get("hash"))
    check_confined(False)
elif mode == "terse":
    bp = summaries.get("boot-plan", {})
    want = os.environ.get("WANT_HASH")
    check("the terse build plans the full build's hash %s" % want,
          want and bp.get("hash") == want, "boot %s" % bp.get("hash"))
    check_confined(False)
elif mode == "loaders":
    loads = dict(re.findall(r"^DMC-LOAD (\S+) (loaded|refused)$", log, re.M))
    for loader, what in (("fs", "file system load"), ("tftp", "TFTP")):
        check("%s outside the window loads" % what,
              loads.get(loader + "-free") == "loaded",
              "%s-free: %s" % (loader, loads.get(loader + "-free")))
        check("%s into the window is refused" % what,
              loads.get(loader + "-win") == "refused",
              "%s-win: %s" % (loader, loads.get(loader + "-win")))
    check("U-Boot names the reserved memory", "would overwrite reserved memory"
          in log and "trying to overwrite reserved memory" in log,
          "no LMB refusal message from the file system load and TFTP")
    check("the qfw-loaded initrd in the window fails the domain",
          re.search(r"^dmacage: error: pcie0: the initrd 0x\S+ (was loaded "
                    r"into|overlaps) the window", log, re.M) is not None,
          "no hand-off error naming the initrd in the window")
    check_disabled("window")
elif mode == "prod-weaken":
    check_weakening(WEAKEN)
    bp = summaries.get("boot-plan", {})
    check("built-in policy, nothing applied, 7 refused",
          bp.get("src") == "built-in" and bp.get("refused") == "7", str(bp))
    check("on-error stays the policy's", re.search(
        r"^dmacage: policy from the built-in DTB, no environment overrides "
        r"\(7 refused\), on-error disable,", log, re.M) is not None, "")
    w = windows.get("pcie0", {})
    check("the policy's sizes planned", w.get("restricted", "").endswith(
        "+0x2000000") and w.get("coherent", "").endswith("+0x400000"), str(w))
    check("record lists the refusals",
          sorted(record_list("overrides-refused")) == sorted(WEAKEN) and
          not record_list("overrides"),
          "%s / %s" % (record_list("overrides-refused"),
                       record_list("overrides")))
    check_confined(False)
elif mode == "bu-weaken":
    check_bringup_applied(WEAKEN[:2])
    s = summaries.get("handoff", {})
    check("the replacement policy is used", s.get("src", "").startswith(
        "memory@0x4a000000"), str(s))
    check("hand-off degraded, device left unconfined",
          s.get("result") == "degraded" and re.search(
              r"^dmacage: handoff WARNING: 1 domain\(s\) left UNCONFINED",
              log, re.M) is not None, str(s))
    check("kernel started", booted, "no INIT: start line")
    check("Linux sees the host bridge enabled without a pool",
          dt_str("/pcie@10000000/status") in (None, "okay") and
          "/pcie@10000000/memory-region" not in dt,
          "status %r" % dt_str("/pcie@10000000/status"))
elif mode == "bu-off":
    check_bringup_applied(WEAKEN[2:3] + WEAKEN[5:6])
    w = windows.get("pcie0", {})
    check("the domain is off", w.get("state") == "off", str(w))
    check("kernel started", booted, "no INIT: start line")
    check("no pools in the Linux DT", not [
        n for n, v in resmem_nodes().items()
        if v[0] in ("restricted-dma-pool", "shared-dma-pool")], "pools found")
elif mode == "bu-bounds":
    check_bringup_applied(WEAKEN[3:5] + WEAKEN[6:])
    w = windows.get("pcie0", {})
    check("the override sizes planned", w.get("restricted", "").endswith(
        "+0x8000000") and w.get("coherent", "").endswith("+0x1000000"), str(w))
    check_confined(False)
elif mode == "nochk":
    bp = summaries.get("boot-plan", {})
    check("failed in the boot plan already", bp.get("failed") == "1" and
          bp.get("planned") == "0", str(bp))
    w = windows.get("pcie0", {})
    check("failed for want of a checker", w.get("state") == "failed" and
          "does not say checker-optional" in w.get("reason", ""), str(w))
    check_disabled("checker-optional")
elif mode == "nochk-opt":
    s = summaries.get("handoff", {})
    check("summary counts it unenforced", s.get("unenforced") == "1", str(s))
    w = windows.get("pcie0", {})
    check("window line says enforced=no", w.get("enforced") == "no", str(w))
    check("plan table says pool only, not enforced", re.search(
        r"^  domain pcie0: .*, planned, pool only, not enforced$", log, re.M)
        is not None, "")
    check_confined(False)
else:
    sys.exit("verify.py: unknown mode %s" % mode)
sys.exit(1 if check.fails else 0)
