#!/bin/sh
# /extra-init of the measured-boot runs (test/tpm/suite.sh), run by
# test/uboot/init.sh before the power-off: the PCR dmacage extends, as
# Linux reads it from the TPM.
#   TPM: pcr-sha256/<n> = <hex>    or    TPM: none
n=1
f=/sys/class/tpm/tpm0/pcr-sha256/$n
if [ -r "$f" ]; then
	echo "TPM: pcr-sha256/$n = $(cat "$f")"
else
	echo "TPM: none"
fi
