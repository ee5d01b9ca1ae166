#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Include what you use in kmod/ (TAP): the module builds on every kernel
# from 5.15, and some declarations moved between headers over that range.
# Each kmod/*.c that uses one of these names includes the header that
# declares it on the oldest kernel, not a header that only happens to
# pull it in on newer ones:
#   kvmalloc/kvzalloc/kvcalloc/kvfree   <linux/mm.h> (<linux/slab.h> from 5.16)
#   sysfs_emit                          <linux/sysfs.h>
#   memdup_user                         <linux/string.h>
#   usleep_range/msleep                 <linux/delay.h>
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
rules=( # names|regex|header
	'kvmalloc/kvfree|\<kv(m|z|c)alloc\>|\<kvfree\>|linux/mm.h'
	'sysfs_emit|\<sysfs_emit\>|linux/sysfs.h'
	'memdup_user|\<memdup_user\>|linux/string.h'
	'usleep_range/msleep|\<(usleep_range|msleep(_interruptible)?)\>|linux/delay.h'
)
# The sources of the module DKMS builds: kmod/Kbuild's tdxg-y := list.
files=()
for o in $(awk '/^tdxg-y :=/ {on = 1; sub(/^tdxg-y :=/, "")} on {line = $0; sub(/\\$/, "", line); print line; if ($0 !~ /\\$/) exit}' "$TOP/kmod/Kbuild"); do
	files+=("$TOP/kmod/${o%.o}.c")
done
plan $((${#files[@]} * ${#rules[@]}))
for f in "${files[@]}"; do
	for r in "${rules[@]}"; do
		label=${r%%|*} hdr=${r##*|} re=${r#*|}
		re=${re%|*}
		name="${f#"$TOP"/}: uses $label, includes <$hdr>"
		if ! grep -qE "$re" "$f"; then
			ok 0 "${f#"$TOP"/}: does not use $label"
		elif grep -q "^#include <$hdr>" "$f"; then
			ok 0 "$name"
		else
			ok 1 "$name"
			grep -nE "$re" "$f" | head -3 | sed 's/^/#   /'
		fi
	done
done
finish
