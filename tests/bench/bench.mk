# bench.mk: `make bench` and `make bench-peers`. Included by the Makefile
# after its variables (BUILD, the target $(BUILD)/newsprint). See
# tests/bench/README.md and docs/performance.md.
#
#   make bench                speed and memory of $(BUILD)/newsprint, and of
#                             the peers that are installed, side by side; the
#                             Markdown table goes to standard output and to
#                             $(BUILD)/bench/results.md
#   make bench BENCH_QUICK=1 BENCH_PEERS=0    a few pages, one run: a try-out
#   make bench BENCH_RUNS=9 BENCH_PEER_RUNS=5 BENCH_ARGS="--no-pin"
#   make bench-peers          installs the peers (root): WeasyPrint,
#                             Chromium, pandoc, calibre
#
# Not part of `make check`. Exits 0 when a target is missed (the table says
# FAIL); non-zero only when newsprint itself fails or the script cannot run.

BENCH_PEER_PACKAGES = weasyprint chromium pandoc calibre
BENCH_ARGS ?=

.PHONY: bench bench-peers

# Build output goes to standard error: standard output is the report alone.
bench: deps
	@$(MAKE) --no-print-directory $(BUILD)/newsprint $(BUILD)/bench/photo >&2
	@python3 tests/bench/bench.py --newsprint $(BUILD)/newsprint \
	  --photo-tool $(BUILD)/bench/photo --out $(BUILD)/bench $(BENCH_ARGS)

# Makes the lead photograph of the photo article (tests/bench/photo.c).
$(BUILD)/bench/photo: tests/bench/photo.c
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CC/LD   $@")
	$(Q)$(CC) $(NP_CFLAGS) -o $@ $< $(PKG_LIBS)

bench-peers:
	@$(MAKE) --no-print-directory deps \
	  EXTRA_DEB_PACKAGES="$(EXTRA_DEB_PACKAGES) $(BENCH_PEER_PACKAGES)"
