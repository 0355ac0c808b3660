#!/bin/bash
# Run QEMU until a marker line appears in its serial log, then stop it.
#
#   qemu-run-until.sh TIMEOUT MARKER LOG -- QEMU [ARGS...]
#
# For machines the guest cannot power off: with -M virt,secure=on and a
# -bios firmware, QEMU provides no PSCI (the firmware would), so Linux's
# poweroff only halts the CPU and QEMU never exits. QEMU's stdout and
# stderr go to LOG; MARKER is a fixed string (grep -F) looked for there.
#
# Exit status: 0 the marker appeared (QEMU was then stopped, or had exited
# by itself); 1 QEMU exited without it; 124 TIMEOUT seconds passed without
# it (QEMU is stopped); 2 bad usage. Only the QEMU process started here is
# signalled.
#
# QEMU_RUN_EARLY="TEXT SECONDS": once TEXT (grep -F) appears, give the run
# SECONDS more instead of the rest of TIMEOUT; the status stays 124 if
# MARKER does not come. For runs that are expected to stall.
set -u
[ $# -ge 5 ] && [ "$4" = "--" ] ||
	{ echo "usage: qemu-run-until.sh TIMEOUT MARKER LOG -- QEMU [ARGS...]" >&2; exit 2; }
timeout=$1 marker=$2 log=$3
shift 4
case $timeout in ''|*[!0-9]*) echo "qemu-run-until: TIMEOUT must be whole seconds" >&2; exit 2 ;; esac
[ -n "$marker" ] || { echo "qemu-run-until: empty MARKER" >&2; exit 2; }

: > "$log" || exit 2
"$@" < /dev/null > "$log" 2>&1 &
pid=$!

stop() {
	kill -TERM "$pid" 2>/dev/null || return 0
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}
trap 'stop; exit 130' INT TERM

end=$(( $(date +%s) + timeout ))
early=${QEMU_RUN_EARLY:-}
while :; do
	if [ -n "$early" ] && grep -qF -- "${early% *}" "$log"; then
		[ $(( $(date +%s) + ${early##* } )) -lt "$end" ] &&
			end=$(( $(date +%s) + ${early##* } ))
		early=
	fi
	if grep -qF -- "$marker" "$log"; then
		stop
		exit 0
	fi
	if ! kill -0 "$pid" 2>/dev/null; then
		wait "$pid" 2>/dev/null
		# the marker may have been written just before the exit
		grep -qF -- "$marker" "$log" && exit 0
		exit 1
	fi
	[ "$(date +%s)" -lt "$end" ] || { stop; exit 124; }
	sleep 0.2
done
