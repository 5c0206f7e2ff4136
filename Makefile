# sigil - DNSSEC zone signing and chain-of-trust validation. Plain GNU make.
#
#   make            libsign (shared + static) and the sigil binary, in $(B)/
#   make check      install missing packages, build, run every test (unit, ASan/UBSan,
#                   CLI, interop against BIND, ldns, Knot, validns, Unbound, NSD)
#   make demo       the main job end to end on the bundled test zones
#   make bench      side-by-side benchmark against the peers (N=names; DS_CHECK=1|only: ds check)
#   make install    PREFIX=/usr/local DESTDIR=
#   V=1             show full commands

PREFIX       ?= /usr/local
BINDIR       ?= $(PREFIX)/bin
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
DATADIR      ?= $(PREFIX)/share
MANDIR       ?= $(DATADIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
PKG_CONFIG   ?= pkg-config
CC           ?= cc
CFLAGS       ?= -O2 -g

B            ?= build
SO_MAJOR     := 0
SO_VERSION   := $(SO_MAJOR).1.0
DEPS         := libsodium openssl ldns

# Debian packages: the build, the unit tests, and the peers the interop tests run against.
DEB_BUILD    := gcc make pkg-config libsodium-dev libssl-dev libldns-dev libcmocka-dev \
                libgraphviz-dev
DEB_PEERS    := bind9-utils bind9-dnsutils ldnsutils knot-dnssecutils knot unbound nsd validns libxml2-utils \
                python3
# The documentation checks: man pages render cleanly, JSON output matches its schemas.
DEB_DOCS     := groff-base mandoc python3-jsonschema
# sigil chain --html pages are checked in a real browser (headless).
DEB_BROWSER  := chromium fonts-dejavu-core
# make bench: GNU time for CPU time and peak RSS.
DEB_BENCH    := time
DEB_ALL      := $(DEB_BUILD) $(DEB_PEERS) $(DEB_DOCS) $(DEB_BROWSER) $(DEB_BENCH)

ifeq ($(V),1)
Q :=
else
Q := @
endif

# pkg-config may be missing before `make deps`; only ask it when a build needs it.
PKG_CFLAGS   = $(shell $(PKG_CONFIG) --cflags $(DEPS) 2>/dev/null)
PKG_LIBS     = $(shell $(PKG_CONFIG) --libs $(DEPS) 2>/dev/null)
CMOCKA_LIBS  = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

WARN         := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
                -Wvla -Wwrite-strings -Wpointer-arith -Wno-missing-field-initializers
SGN_CFLAGS   = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -fPIC -fvisibility=hidden \
               -Ilibsign/include $(PKG_CFLAGS) -MMD -MP $(WARN) -pthread
SGN_LDFLAGS  := -pthread
ifdef SANITIZE
SGN_CFLAGS  += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
SGN_LDFLAGS += -fsanitize=$(SANITIZE)
endif
ifdef DEVELOPER
SGN_CFLAGS  += -Werror
endif

COMPILE = $(CC) $(SGN_CFLAGS) $(CPPFLAGS) $(CFLAGS)

# Where sigil finds its installed root trust anchors.
$(B)/cmd/anchors.o: SGN_CFLAGS += -DSIGIL_DATADIR='"$(DATADIR)"'

# sigil chain --html lays out its picture with graphviz's library: in cmd/chain_gv.c only.
GV_CFLAGS    = $(shell $(PKG_CONFIG) --cflags libgvc 2>/dev/null)
GV_LIBS      = $(shell $(PKG_CONFIG) --libs libgvc 2>/dev/null || echo -lgvc -lcgraph -lcdt)
$(B)/cmd/chain_gv.o: SGN_CFLAGS += $(GV_CFLAGS)


LIB_SRC  := $(sort $(wildcard libsign/src/*.c libsign/src/*/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
CMD_SRC  := $(sort $(wildcard cmd/*.c))
CMD_OBJ  := $(CMD_SRC:%.c=$(B)/%.o)
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(B)/tests/%)
HEADERS  := $(sort $(wildcard libsign/include/libsign/*.h))

SONAME   := libsign.so.$(SO_MAJOR)
LIB_SO   := $(B)/libsign.so.$(SO_VERSION)
LIB_A    := $(B)/libsign.a
SIGIL    := $(B)/sigil

.PHONY: all lib sigil deps check unit asan cli-tests interop header-check symbol-check docs-check \
        seam-check layer-check install uninstall demo bench clean fuzz format-check tests

all: lib sigil

lib: $(LIB_SO) $(LIB_A)

sigil: $(SIGIL)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(COMPILE) -c $< -o $@

$(LIB_SO): $(LIB_OBJ) libsign/libsign.map
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) -shared -o $@ $(LIB_OBJ) -Wl,-soname,$(SONAME) \
		-Wl,--version-script=libsign/libsign.map -Wl,--no-undefined \
		$(SGN_LDFLAGS) $(LDFLAGS) $(PKG_LIBS)
	$(Q)ln -sf libsign.so.$(SO_VERSION) $(B)/$(SONAME)
	$(Q)ln -sf libsign.so.$(SO_VERSION) $(B)/libsign.so

$(LIB_A): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $(LIB_OBJ)

# sigil links the shared library through an rpath to the build directory, so tests always
# run the just-built library; `make install` relinks nothing (the rpath is harmless).
$(SIGIL): $(CMD_OBJ) $(LIB_SO)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) -o $@ $(CMD_OBJ) -L$(B) -lsign -Wl,-rpath,'$$ORIGIN' \
		$(SGN_LDFLAGS) $(LDFLAGS) $(PKG_LIBS) $(GV_LIBS)

# Unit tests link the static archive: internal (sgn__) functions are testable too.
$(B)/tests/%: tests/%.c tests/helpers.c tests/helpers.h $(LIB_A)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST-CC $<")
	$(Q)$(COMPILE) -Wno-missing-prototypes -Itests -Ilibsign/src -o $@ $< tests/helpers.c \
		$(LIB_A) $(SGN_LDFLAGS) $(LDFLAGS) $(PKG_LIBS) $(CMOCKA_LIBS)

tests: $(TEST_BIN)

# -- set-up --------------------------------------------------------------------------

# Installs whatever Debian packages are missing, non-interactively (needs root or sudo).
deps:
	@missing=""; for p in $(DEB_ALL); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

# -- tests ---------------------------------------------------------------------------

check: deps
	$(Q)$(MAKE) --no-print-directory all tests
	$(Q)$(MAKE) --no-print-directory unit seam-check layer-check header-check symbol-check cli-tests docs-check
	$(Q)$(MAKE) --no-print-directory asan
	$(Q)$(MAKE) --no-print-directory interop
	@echo "make check: all tests passed"

unit: $(TEST_BIN)
	@for t in $(TEST_BIN); do \
		echo "  UNIT    $$t"; \
		SIGIL_TOP=$(CURDIR) $$t >$$t.log 2>&1 || { cat $$t.log; echo "FAILED: $$t"; exit 1; }; \
		grep -E '^\[  PASSED  \]' $$t.log | sed 's/^/          /'; \
	done

# Unit tests and the CLI tests again, built with AddressSanitizer + UBSan in their own tree.
asan:
	$(Q)$(MAKE) --no-print-directory B=build-asan SANITIZE=address,undefined CFLAGS="-O1 -g" \
		all tests unit cli-tests

cli-tests: $(SIGIL)
	$(Q)SIGIL=$(abspath $(SIGIL)) sh tests/cli/run.sh

interop: $(SIGIL)
	$(Q)SIGIL=$(abspath $(SIGIL)) sh tests/interop/run.sh

# Backends may be reached only through their seam files (STYLE.md).
docs-check: all
	$(Q)sh docs/check-docs.sh $(B) >$(B)/docs-check.log 2>&1 || { grep -v '^ok' $(B)/docs-check.log; exit 1; }
	@echo "docs-check: $$(grep -c '^ok' $(B)/docs-check.log) checks passed"

seam-check:
	$(Q)sh tests/seam_check.sh

# The layers of libsign/layers.txt, on the calls between the built object files.
layer-check: $(LIB_OBJ) $(CMD_OBJ)
	$(Q)sh tests/layer_check.sh $(B) $(LIB_OBJ) $(CMD_OBJ)

header-check:
	$(Q)for h in $(HEADERS); do \
		printf '#include <libsign/%s>\nint sgn__header_check;\n' $$(basename $$h) | \
		$(CC) -std=c11 -Wall -Wextra -Werror -Ilibsign/include -x c -c -o /dev/null - || \
		{ echo "header $$h does not compile on its own"; exit 1; }; \
	done; echo "  HEADERS ok ($(words $(HEADERS)) public headers compile standalone)"

symbol-check: $(LIB_SO)
	$(Q)sh tests/symbol_check.sh $(LIB_SO) libsign/include/libsign

# -- install -------------------------------------------------------------------------

$(B)/libsign.pc: libsign/libsign.pc.in
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e 's|@VERSION@|$(SO_VERSION)|' $< > $@

install: all $(B)/libsign.pc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR)/libsign \
		$(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 \
		$(DESTDIR)$(DATADIR)/sigil
	install -m 0755 $(SIGIL) $(DESTDIR)$(BINDIR)/sigil
	install -m 0755 $(LIB_SO) $(DESTDIR)$(LIBDIR)/
	ln -sf libsign.so.$(SO_VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf libsign.so.$(SO_VERSION) $(DESTDIR)$(LIBDIR)/libsign.so
	install -m 0644 $(LIB_A) $(DESTDIR)$(LIBDIR)/
	install -m 0644 $(HEADERS) $(DESTDIR)$(INCLUDEDIR)/libsign/
	install -m 0644 $(B)/libsign.pc $(DESTDIR)$(PKGCONFIGDIR)/
	install -m 0644 docs/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 docs/*.3 $(DESTDIR)$(MANDIR)/man3/
	install -m 0644 keys/root-anchors/* $(DESTDIR)$(DATADIR)/sigil/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sigil $(DESTDIR)$(LIBDIR)/libsign.so* $(DESTDIR)$(LIBDIR)/libsign.a
	rm -rf $(DESTDIR)$(INCLUDEDIR)/libsign $(DESTDIR)$(DATADIR)/sigil
	rm -f $(DESTDIR)$(PKGCONFIGDIR)/libsign.pc
	for m in docs/*.1; do rm -f $(DESTDIR)$(MANDIR)/man1/$$(basename $$m); done
	for m in docs/*.3; do rm -f $(DESTDIR)$(MANDIR)/man3/$$(basename $$m); done

# -- the rest ------------------------------------------------------------------------

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)SIGIL=$(abspath $(SIGIL)) sh tests/demo.sh

# DS_CHECK=1 adds the registrar batch benchmark (bench/ds_check_live.sh: NSD on the loopback,
# DS_CHECK_N domains, default 10000); DS_CHECK=only runs it alone.
bench: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(if $(filter only,$(DS_CHECK)),:,SIGIL=$(abspath $(SIGIL)) N=$(or $(N),100000) sh bench/run.sh)
	$(Q)$(if $(DS_CHECK),SIGIL=$(abspath $(SIGIL)) N=$(or $(DS_CHECK_N),10000) sh bench/ds_check_live.sh,:)

clean:
	rm -rf build build-asan

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d)
