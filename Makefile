# SPDX-License-Identifier: GPL-2.0
#
#   make                 tdxg.ko for KVER and the tdxg command with libtdxg
#   make check           install dependencies and run every test
#   make kernels         build the self-built guest kernels make check uses
#   make install         tools, libtdxg and udev rule (DESTDIR, PREFIX)
#   make dkms-install    module source into /usr/src/tdxg-VERSION for DKMS
#   make fuzz            run the libFuzzer targets (fuzz/)
#   make bench           quote verification benchmark (bench/)
#   make demo            boot a guest where the TDX-module model answers
#                        tdxg.ko, and show report, extend and lock, quote
#                        and verify
VERSION := $(shell cat VERSION)
KVER ?= $(shell if [ -d /lib/modules/$$(uname -r)/build ]; then uname -r; \
	else ls -1 /lib/modules | sort -V | while read k; do \
	[ -d /lib/modules/$$k/build ] && echo $$k; done | tail -1; fi)
KDIR ?= /lib/modules/$(KVER)/build

all: module user

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod modules

user:
	$(MAKE) -C user

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod clean 2>/dev/null || true
	$(MAKE) -C user clean
	rm -rf build

# Install: the tools and libtdxg (user/Makefile), the udev rule, and with
# MODULES_LOAD=1 a modules-load.d entry. The module itself is installed by
# DKMS: dkms-install places its source in /usr/src/tdxg-VERSION. Every path
# is listed in Documentation/admin-guide.rst; tests/host/install.t checks.
# Without DESTDIR, ldconfig runs so the loader finds the new libtdxg.so.0.
PREFIX ?= /usr/local
UDEVRULESDIR ?= $(PREFIX)/lib/udev/rules.d
MODULESLOADDIR ?= $(PREFIX)/lib/modules-load.d
DKMSSRCDIR ?= /usr/src/tdxg-$(VERSION)
# Sources only: a module built in the tree leaves kbuild's *.mod.c behind.
DKMS_FILES := Kbuild VERSION $(filter-out %.mod.c,$(wildcard kmod/Kbuild kmod/*.c kmod/*.h)) \
	kmod/uapi/linux/tdxg.h

install: user
	$(MAKE) -C user install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	install -D -m 0644 contrib/udev/60-tdxg.rules $(DESTDIR)$(UDEVRULESDIR)/60-tdxg.rules
	if [ -z "$(DESTDIR)" ]; then ldconfig 2>/dev/null || true; fi
ifeq ($(MODULES_LOAD),1)
	install -D -m 0644 contrib/modules-load.d/tdxg.conf $(DESTDIR)$(MODULESLOADDIR)/tdxg.conf
endif

uninstall:
	$(MAKE) -C user uninstall DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	rm -f $(DESTDIR)$(UDEVRULESDIR)/60-tdxg.rules $(DESTDIR)$(MODULESLOADDIR)/tdxg.conf
	if [ -z "$(DESTDIR)" ]; then ldconfig 2>/dev/null || true; fi

# Only the module's sources, with the version written into dkms.conf.
dkms-install:
	rm -rf $(DESTDIR)$(DKMSSRCDIR)
	for f in $(DKMS_FILES); do \
		install -D -m 0644 $$f $(DESTDIR)$(DKMSSRCDIR)/$$f || exit 1; \
	done
	sed 's/#MODULE_VERSION#/$(VERSION)/' dkms.conf >$(DESTDIR)$(DKMSSRCDIR)/dkms.conf

dkms-uninstall:
	if [ -z "$(DESTDIR)" ] && command -v dkms >/dev/null; then \
		dkms remove tdxg/$(VERSION) --all 2>/dev/null || true; fi
	rm -rf $(DESTDIR)$(DKMSSRCDIR)

check:
	scripts/check.sh

# The self-built guest kernels (lockdep/KASAN 6.12, TD-capable 6.1) that
# make check uses once cached: about an hour on 2 cores, once.
kernels:
	TDXG_BUILD_KERNELS=1 scripts/build-kernel.sh --tap

demo:
	scripts/demo.sh

# libFuzzer runs of the parsers, FUZZ_TIME seconds each (fuzz/Makefile).
fuzz:
	$(MAKE) -C fuzz run

# Quote verification throughput against dcap-qvl (bench/run.sh), then
# what the event log costs (bench/eventlog.sh, callgrind counts).
bench: user
	bench/run.sh
	bench/eventlog.sh

bench-eventlog: user
	bench/eventlog.sh

.PHONY: all module user clean check kernels demo fuzz bench bench-eventlog install uninstall dkms-install dkms-uninstall
