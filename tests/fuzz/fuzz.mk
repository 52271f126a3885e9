# fuzz.mk: libFuzzer targets of newsprint and their replay in `make check`.
# Included by the Makefile after its variables (NP_CFLAGS, PKG_LIBS, LIB_SRC,
# BUILD...). See tests/fuzz/README.md.
#
#   make fuzz-build          the targets, built with clang into build/fuzz/
#   make fuzz                build and run each target FUZZ_SECONDS (60) with
#                            its seeds; new corpus, logs and crashes go under
#                            build/fuzz/; a crash fails and names the file
#   make fuzz FUZZ_SECONDS=900 FUZZ_TARGETS=fuzz_css FUZZ_PARALLEL=2
#   make fuzz-seeds          assembles build/fuzz/seeds/TARGET/
#
# The replay binaries ($(FUZZ_REPLAY_BIN)) run the same targets without
# libFuzzer, built like the rest of $(BUILD); tests/suites/fuzz.sh runs them
# over the seeds and tests/fuzz/regress/TARGET/.

# Every target (tests/suites/fuzz.sh has the same list); FUZZ_TARGETS picks
# the ones make fuzz builds and runs.
FUZZ_ALL = fuzz_import fuzz_css fuzz_charset fuzz_datauri fuzz_layout \
	fuzz_style_layout fuzz_mhtml
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
# How many targets run at the same time.
FUZZ_PARALLEL ?= 1
FUZZ_OUT = build/fuzz
FUZZ_SANITIZE = -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_OBJ = $(LIB_SRC:src/%.c=$(FUZZ_OUT)/obj/%.o)
FUZZ_BIN = $(FUZZ_ALL:%=$(FUZZ_OUT)/%)
FUZZ_REPLAY_BIN = $(FUZZ_ALL:%=$(BUILD)/fuzz-replay/%)
FUZZ_DEPS = tests/fuzz/fuzz_common.h $(wildcard src/*.h)
# Where the targets find styles/ and fonts/ (NEWSPRINT_DATADIR overrides).
FUZZ_DEFS = -Isrc -Itests/fuzz -DNP_FUZZ_SRCDIR='"$(CURDIR)"'

.PHONY: fuzz fuzz-build fuzz-seeds

# Everything under build/fuzz/ is compiled with clang, -O1 and the fuzzer's
# instrumentation; NP_CFLAGS keeps the warnings (and -Werror) of the build.
$(FUZZ_OUT)/%: override OPT = -O1
$(FUZZ_OUT)/%: override SANITIZE = $(FUZZ_SANITIZE)

$(FUZZ_OUT)/obj/%.o: src/%.c $(wildcard src/*.h)
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CLANG   $<")
	$(Q)$(FUZZ_CC) $(NP_CFLAGS) -c $< -o $@

$(FUZZ_BIN): $(FUZZ_OUT)/%: tests/fuzz/%.c $(FUZZ_DEPS) $(FUZZ_OBJ)
	@$(if $(V),:,echo "  FUZZ    $@")
	$(Q)$(FUZZ_CC) $(NP_CFLAGS) -fsanitize=fuzzer $(FUZZ_DEFS) -o $@ $< \
	  $(FUZZ_OBJ) $(PKG_LIBS) -lm

$(FUZZ_REPLAY_BIN): $(BUILD)/fuzz-replay/%: tests/fuzz/%.c tests/fuzz/replay.c \
		$(FUZZ_DEPS) $(BUILD)/libnewsprint.a
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CC/LD   $@")
	$(Q)$(CC) $(NP_CFLAGS) $(FUZZ_DEFS) -o $@ tests/fuzz/replay.c $< \
	  $(BUILD)/libnewsprint.a $(NP_LDFLAGS) $(PKG_LIBS) -lm

fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_OUT)/%)

# Copies each target's seeds (tests/fuzz/seeds.sh lists them) into
# build/fuzz/seeds/TARGET/, the pages of fuzz_layout cut to its 4 KB.
fuzz-seeds:
	$(Q)for t in $(FUZZ_TARGETS); do \
	  rm -rf $(FUZZ_OUT)/seeds/$$t && mkdir -p $(FUZZ_OUT)/seeds/$$t || exit 1; \
	  tests/fuzz/seeds.sh $$t | while IFS= read -r f; do \
	    d=$(FUZZ_OUT)/seeds/$$t/$$(printf '%s' "$$f" | tr / _); \
	    if [ $$t = fuzz_layout ]; then head -c 4096 "$$f" >"$$d"; \
	    else cp "$$f" "$$d"; fi || exit 1; \
	  done || exit 1; \
	done

fuzz: fuzz-build fuzz-seeds
	@tests/fuzz/run-fuzz.sh $(FUZZ_OUT) $(FUZZ_SECONDS) $(FUZZ_PARALLEL) \
	  $(FUZZ_TARGETS)
