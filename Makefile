# SPDX-License-Identifier: GPL-2.0
#
#   make                 tdxg.ko for KVER (production: no emulated backend)
#                        and the tdxg command with libtdxg
#   make EMU=1           test build with the emulated backend
#   make check           install dependencies and run every test
#   make demo            boot a guest with the emulated backend and show
#                        report, extend and lock, quote and verify
VERSION := $(shell cat VERSION)
KVER ?= $(shell if [ -d /lib/modules/$$(uname -r)/build ]; then uname -r; \
	else ls -1 /lib/modules | sort -V | while read k; do \
	[ -d /lib/modules/$$k/build ] && echo $$k; done | tail -1; fi)
KDIR ?= /lib/modules/$(KVER)/build

all: module user

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod EMU=$(EMU) modules

user:
	$(MAKE) -C user

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod clean 2>/dev/null || true
	$(MAKE) -C user clean
	rm -rf build

check:
	scripts/check.sh

demo:
	scripts/demo.sh

.PHONY: all module user clean check demo
