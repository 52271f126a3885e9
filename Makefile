# newsprint: build, set-up, tests. Plain GNU make with pkg-config.
#
#   make example   install missing Debian packages (as root), build, convert
#                  the examples into examples/out/
#   make check     install missing Debian packages (as root), build, run
#                  every test; the last line is "N passed, N failed"
#                  on the release build and on an AddressSanitizer + UBSan
#                  build
#   make asan      the tests on the AddressSanitizer + UBSan build alone
#   make valgrind  the tests with every run under valgrind
#   make fuzz      the libFuzzer targets (clang), FUZZ_SECONDS each
#   make bench     speed and memory, with peers when installed
#                  (`make bench-peers` installs them)

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man/man1
DATADIR = $(PREFIX)/share/newsprint
VERSION = 0.1.0

# Debian 12 packages the build and the tests need.
DEB_PACKAGES = gcc make pkg-config python3 libxml2-dev libglib2.0-dev \
	libjson-glib-dev libpango1.0-dev libcairo2-dev librsvg2-dev \
	libgdk-pixbuf-2.0-dev libjpeg62-turbo-dev zlib1g-dev webp-pixbuf-loader libfontconfig-dev libhyphen-dev \
	hyphen-en-us hyphen-en-gb hyphen-de hyphen-fr hyphen-es hyphen-it \
	hyphen-pt-pt hyphen-nl hyphen-ru hyphen-uk hyphen-pl hyphen-sv \
	qpdf poppler-utils libzip-dev libjemalloc-dev epubcheck unzip fonts-noto-cjk

PKGS = libxml-2.0 glib-2.0 gmodule-2.0 json-glib-1.0 pango pangocairo pangoft2 \
	cairo cairo-pdf gdk-pixbuf-2.0 libjpeg fontconfig zlib
# Compiled against, not linked: image.c opens librsvg at the first SVG, and
# epub.c libzip at the first EPUB (np_library_open).
PKGS_OPENED = librsvg-2.0 libzip
CC ?= cc
BUILD ?= build
OPT ?= -O2
SANITIZE ?=
# Evaluated when used, so that pkg-config runs after the packages exist.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) $(PKGS_OPENED))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lhyphen
# The unit tests read the EPUBs they make with libzip themselves.
TEST_LIBS = $(shell pkg-config --libs libzip)
NP_CFLAGS = -std=c11 -D_XOPEN_SOURCE=700 -DNP_DATADIR='"$(DATADIR)"' -Wall -Wextra -Werror \
	-Wshadow -Wstrict-prototypes -Wno-unused-parameter -g $(OPT) \
	$(SANITIZE) -DNP_VERSION='"$(VERSION)"' $(PKG_CFLAGS) $(CFLAGS)
NP_LDFLAGS = $(SANITIZE) $(LDFLAGS)
# The program's allocator. jemalloc takes malloc over for the whole process
# (libxml2, GLib, Pango too): building and cleaning a page's DOM allocates
# and frees millions of small blocks, on which glibc's malloc spent an
# eighth more of the corpus's extraction time (mimalloc was faster still
# there, but slower by a seventh on one article to PDF). Listed before the
# other libraries so that its malloc is the one found. The sanitizer build
# keeps the sanitizer's allocator; `make MALLOC_LIBS=` builds with glibc's.
MALLOC_LIBS ?= -ljemalloc
# Quiet build lines; `make V=1` shows the commands.
Q = $(if $(V),,@)

LIB_SRC = $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# The sanitizer build that `make check` and `make asan` test.
ASAN_BUILD = build/asan
ASAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

# The included files below have rules of their own; plain `make` builds the
# program.
.DEFAULT_GOAL := all

# Fuzz targets and their replay binaries (FUZZ_REPLAY_BIN) for this build.
-include tests/fuzz/fuzz.mk
# `make bench` and `make bench-peers`.
-include tests/bench/bench.mk

.PHONY: all deps example check test asan asan-build valgrind install uninstall format \
	lint depcheck clean examples build-all

all: $(BUILD)/newsprint

# Installs missing Debian packages when root; otherwise names them and stops.
deps:
	@missing=""; \
	for p in $(DEB_PACKAGES) $(EXTRA_DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | \
	    grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "newsprint: installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq --no-install-recommends $$missing \
	      >/dev/null || exit 1; \
	  else \
	    echo "newsprint: missing Debian packages:$$missing"; \
	    echo "Install them as root with:"; \
	    echo "  apt-get install$$missing"; \
	    echo "or run 'make check' / 'make example' as root."; \
	    exit 1; \
	  fi; \
	fi

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h)
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CC      $<")
	$(Q)$(CC) $(NP_CFLAGS) -c $< -o $@

$(BUILD)/libnewsprint.a: $(LIB_OBJ)
	@rm -f $@
	@$(if $(V),:,echo "  AR      $@")
	$(Q)ar rcs $@ $^

$(BUILD)/newsprint: $(BUILD)/obj/main.o $(BUILD)/libnewsprint.a
	@$(if $(V),:,echo "  LD      $@")
	$(Q)$(CC) $(NP_LDFLAGS) -o $@ $^ $(MALLOC_LIBS) $(PKG_LIBS) -lm

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libnewsprint.a $(wildcard src/*.h)
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CC/LD   $@")
	$(Q)$(CC) $(NP_CFLAGS) -Isrc -o $@ $< $(BUILD)/libnewsprint.a \
	  $(NP_LDFLAGS) $(PKG_LIBS) $(TEST_LIBS) -lm

build-all: $(BUILD)/newsprint $(UNIT_BIN) $(FUZZ_REPLAY_BIN)

# Runs every test against the binaries in $(BUILD).
test: build-all
	@tests/run.sh $(BUILD)

# Every test twice: on the release build and on the sanitizer build.
check: deps
	@$(MAKE) --no-print-directory build-all
	@$(MAKE) --no-print-directory asan-build
	@tests/run.sh $(BUILD) $(ASAN_BUILD)

asan: deps
	@$(MAKE) --no-print-directory asan-build
	@tests/run.sh $(ASAN_BUILD)

asan-build:
	@$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) OPT=-O1 \
	  SANITIZE="$(ASAN_FLAGS)" MALLOC_LIBS= build-all

valgrind:
	@$(MAKE) --no-print-directory deps EXTRA_DEB_PACKAGES=valgrind
	@$(MAKE) --no-print-directory build-all
	@NP_VALGRIND=1 tests/run.sh $(BUILD)

example: deps
	@$(MAKE) --no-print-directory examples

examples: $(BUILD)/newsprint
	@examples/convert.sh $(BUILD)/newsprint examples/out

install: $(BUILD)/newsprint
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) \
	  $(DESTDIR)$(DATADIR)/styles $(DESTDIR)$(DATADIR)/fonts
	install -m 755 $(BUILD)/newsprint $(DESTDIR)$(BINDIR)/newsprint
	install -m 644 docs/newsprint.1 $(DESTDIR)$(MANDIR)/newsprint.1
	install -m 644 styles/*.css $(DESTDIR)$(DATADIR)/styles/
	install -m 644 fonts/*.ttf fonts/fonts.conf fonts/OFL.txt \
	  fonts/README.md $(DESTDIR)$(DATADIR)/fonts/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/newsprint $(DESTDIR)$(MANDIR)/newsprint.1
	rm -rf $(DESTDIR)$(DATADIR)

format:
	clang-format -i src/*.c src/*.h tests/unit/*.c

lint:
	@$(MAKE) --no-print-directory deps EXTRA_DEB_PACKAGES="clang-tidy cppcheck"
	clang-tidy --quiet src/*.c -- -std=c11 -D_XOPEN_SOURCE=700 \
	  $(PKG_CFLAGS)
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	  --inline-suppr -Isrc src

# Holds the line of architecture.md: each library only where it belongs.
depcheck:
	@tests/depcheck.sh

clean:
	rm -rf build examples/out
