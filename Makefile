# grainflow build. `make` builds the library and the CLI into build/;
# `make check` runs every test (unit, integration, fuzz corpora) and prints a
# closing "check: N passed, N failed, N skipped" line; `make check-asan` does the same under
# AddressSanitizer + UndefinedBehaviorSanitizer in build/asan; `make demo` runs
# the main job on the default scenario. Sources are picked up by wildcard:
# adding a file under src/<module>/ or tests/unit/test_*.c needs no edit here.

CC      ?= cc
BUILD   ?= build
SAN     ?=
OPT     ?= -O2 -g

WARN    := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wconversion -Wformat=2 -Wundef
CPPFLAGS += -Iinclude -Isrc -D_POSIX_C_SOURCE=200809L
CPPFLAGS += $(patsubst -I%,-isystem %,$(shell pkg-config --cflags gdal 2>/dev/null))
CFLAGS  ?=
ifeq ($(SAN),1)
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
endif
ifeq ($(SAN),ub)
SANFLAGS := -fsanitize=undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
endif
ALLCFLAGS = $(WARN) $(OPT) $(SANFLAGS) $(CFLAGS) -fvisibility=hidden $(EXTRA_CFLAGS)

CLP_CFLAGS := $(shell pkg-config --cflags clp 2>/dev/null)
# Only libClp (it holds CLP's C interface): `pkg-config --libs clp` also
# names libClpSolver, which defines the same CbcOrClpParam symbols as
# libCbcSolver, differently built; listed first (the tests' link line puts
# TEST_LIBS first), its copies win and CBC's Cbc_newModel crashes (seen under
# ASan, undefined in any build).
CLP_LIBS   := $(if $(shell pkg-config --exists clp && echo y),-lClp -lCoinUtils)
# src/lp solves version-2 models through CBC's and CLP's C interfaces.
COIN_LIBS  := $(shell pkg-config --libs cbc 2>/dev/null || echo -lCbcSolver -lCbc -lClp)
# Two libraries (see "Libraries" below): libgrainflow and libgrainflow-server.
# libgrainflow writes plan.xlsx (libxlsxwriter) and plan.gpkg (GDAL). GDAL
# is not linked: src/core/gdal_dl.c loads it by its soname the first time a
# workbook or plan.gpkg needs it (its 113 libraries cost every process 52 ms
# to load; the why is in src/core/gdal_dl.h).
GDAL_SONAME := $(or $(shell objdump -p "$$($(CC) -print-file-name=libgdal.so)" 2>/dev/null | \
                 sed -n 's/^ *SONAME *//p'),libgdal.so)
CORE_LIBS := -ljansson -lcsv -lxlsxwriter $(COIN_LIBS) -lz -lm
SRV_LIBS  := -lmicrohttpd -lsqlite3 -lpthread
LIBS    := $(SRV_LIBS) $(CORE_LIBS)
TEST_LIBS := -lcmocka -lglpk $(CLP_LIBS)

LIB_SRC  := $(sort $(wildcard src/core/*.c src/mcf/*.c src/model/*.c src/network/*.c \
                              src/scenario/*.c src/edit/*.c src/export/*.c src/plan/*.c \
                              src/lp/*.c src/site/*.c src/sweep/*.c))
SRV_SRC  := $(sort $(wildcard src/store/*.c src/server/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
SUP_SRC  := $(sort $(wildcard tests/support/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) \
            $(addprefix $(BUILD)/obj/gen/,report_assets.o sea_lanes.o)
SRV_OBJ  := $(SRV_SRC:%.c=$(BUILD)/obj/%.o) \
            $(addprefix $(BUILD)/obj/gen/,store_schema.o server_openapi.o sweep_examples.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
SUP_OBJ  := $(SUP_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_REPLAY := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/replay_%)

# Libraries. libgrainflow: the model, the solver, the network, the plan, the
# scenario readers, edits and exports (needs jansson, libcsv, zlib, libm).
# libgrainflow-server: the SQLite store and the HTTP server over it (needs
# libgrainflow, libmicrohttpd, SQLite, pthreads). Each comes static (.a) and
# shared (.so, soname .so.MAJOR) from the same position-independent objects,
# with a pkg-config file (tools/grainflow.pc.in, tools/grainflow-server.pc.in)
# that `make install` fills in; tests/integration/pkg_config.sh builds a
# program against each through pkg-config alone, shared and --static. The
# CLI links both statically.
# grainflow-mpi: the CLI with the Open MPI adapter of `grainflow sweep`
# (src/sweep/mpi/sweep_mpi.c, the only file that includes mpi.h), built
# beside grainflow when mpicc is found (Debian libopenmpi-dev); run it as
# `mpirun -np K build/grainflow-mpi sweep SPEC`. Neither library links MPI.
MPI_CFLAGS := $(shell mpicc --showme:compile 2>/dev/null)
MPI_LIBS   := $(shell mpicc --showme:link 2>/dev/null)
ifneq ($(MPI_LIBS),)
MPI_CLI := $(BUILD)/grainflow-mpi
endif

VMAJOR = $(firstword $(subst ., ,$(VERSION)))
LIBA  := $(BUILD)/libgrainflow.a
SRVA  := $(BUILD)/libgrainflow-server.a
LIBSO := $(BUILD)/libgrainflow.so
SRVSO := $(BUILD)/libgrainflow-server.so
CLI   := $(BUILD)/grainflow
STAGE := $(abspath $(BUILD))/stage

.SECONDARY:

.PHONY: all deps check check-asan check-tsan check-web test demo bench fuzz clean format format-check install

all: $(CLI) $(LIBSO) $(SRVSO) $(MPI_CLI)

deps:
	@tools/install-deps

# Objects are rebuilt when the compile command changes (the libraries need
# -fPIC objects, which an older build did not make): $(BUILD)/.cflags holds it,
# with the GDAL soname that gdal_dl.o is compiled with.
CFLAGS_STAMP := $(BUILD)/.cflags
CFLAGS_NOW   := $(CC) $(CPPFLAGS) $(ALLCFLAGS) -fPIC -DGF_GDAL_SONAME=$(GDAL_SONAME)
$(shell mkdir -p $(BUILD) && (echo '$(CFLAGS_NOW)' | cmp -s - $(CFLAGS_STAMP) || \
                             echo '$(CFLAGS_NOW)' > $(CFLAGS_STAMP)))

$(BUILD)/obj/%.o: %.c $(CFLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) -fPIC -MMD -MP -c $< -o $@

$(BUILD)/obj/src/core/gdal_dl.o: CPPFLAGS += -DGF_GDAL_SONAME='"$(GDAL_SONAME)"'

$(BUILD)/obj/tests/%.o: tests/%.c $(CFLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests $(CLP_CFLAGS) $(ALLCFLAGS) -Wno-conversion -MMD -MP -c $< -o $@

# Embedded files: the store schema, the API description, and the web page's
# script, styles and npm libraries (web/, `npm ci`) inlined by the HTML report.
$(BUILD)/gen/store_schema.c: src/store/schema.sql
	@mkdir -p $(dir $@)
	tools/embed.sh gf__store_schema_sql $< > $@

$(BUILD)/gen/server_openapi.c: src/server/openapi.json
	@mkdir -p $(dir $@)
	tools/embed.sh gf__server_openapi_json $< > $@

# The shipped sweep specs as one JSON object {"sweep-NAME": spec, ...}, for
# GET /api/v1/sweeps/examples (the page's Sweep panel).
SWEEP_EXAMPLES := $(sort $(wildcard examples/sweep-*.json))
$(BUILD)/gen/sweep_examples.json: $(SWEEP_EXAMPLES)
	@mkdir -p $(dir $@)
	{ printf '{'; sep=''; for f in $^; do printf '%s"%s":' "$$sep" "$$(basename $$f .json)"; \
	  cat $$f; sep=','; done; printf '}\n'; } > $@

$(BUILD)/gen/sweep_examples.c: $(BUILD)/gen/sweep_examples.json
	@mkdir -p $(dir $@)
	tools/embed.sh gf__server_sweep_examples_json $< > $@

$(BUILD)/gen/sea_lanes.c: data/sea_lanes.csv
	@mkdir -p $(dir $@)
	tools/embed.sh gf__sea_lanes_csv $< > $@

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error

$(BUILD)/gen/report_assets.c: web/node_modules/.package-lock.json web/app.js web/style.css \
                              web/report.html tools/embed.sh
	@mkdir -p $(dir $@)
	tools/embed-assets.sh > $@

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c $(CFLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) -fPIC -c $< -o $@

$(LIBA): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(SRVA): $(SRV_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(LIBSO): $(LIB_OBJ)
	$(CC) $(ALLCFLAGS) $(LDFLAGS) -shared -Wl,--no-undefined -Wl,-soname,libgrainflow.so.$(VMAJOR) -o $@ \
	    $(LIB_OBJ) $(CORE_LIBS)

$(SRVSO): $(SRV_OBJ) $(LIBSO)
	$(CC) $(ALLCFLAGS) $(LDFLAGS) -shared -Wl,--no-undefined -Wl,-soname,libgrainflow-server.so.$(VMAJOR) -o $@ \
	    $(SRV_OBJ) -L$(BUILD) -lgrainflow $(SRV_LIBS) $(CORE_LIBS)

# The programs export src/cli/printf_hooks.c's three definitions so that
# they interpose glibc's for libquadmath, an indirect dependency (see there).
CLI_LDFLAGS := -Wl,--export-dynamic-symbol=register_printf_*

$(CLI): $(CLI_OBJ) $(SRVA) $(LIBA)
	$(CC) $(ALLCFLAGS) $(LDFLAGS) $(CLI_LDFLAGS) -o $@ $(CLI_OBJ) $(SRVA) $(LIBA) $(LIBS)

$(BUILD)/obj/mpi/sweep_mpi.o: src/sweep/mpi/sweep_mpi.c $(CFLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(patsubst -I%,-isystem %,$(MPI_CFLAGS)) $(ALLCFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/grainflow-mpi: $(CLI_OBJ) $(BUILD)/obj/mpi/sweep_mpi.o $(SRVA) $(LIBA)
	$(CC) $(ALLCFLAGS) $(LDFLAGS) $(CLI_LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/obj/mpi/sweep_mpi.o $(SRVA) $(LIBA) \
	    $(LIBS) $(MPI_LIBS)

$(BUILD)/tests/test_%: $(BUILD)/obj/tests/unit/test_%.o $(SUP_OBJ) $(SRVA) $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) $(LDFLAGS) -o $@ $< $(SUP_OBJ) $(SRVA) $(LIBA) $(TEST_LIBS) $(LIBS) -lstdc++

$(BUILD)/tests/replay_%: $(BUILD)/obj/tests/fuzz/%.o $(BUILD)/obj/tests/fuzz/replay_main.o \
                         $(SRVA) $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# The fuzz targets proper (libFuzzer needs clang): make fuzz, then run
# build/fuzz/fuzz_dimacs tests/fuzz/corpus/dimacs
fuzz:
	$(MAKE) BUILD=build/fuzz CC=clang OPT="-O1 -g" \
	    EXTRA_CFLAGS="-fsanitize=fuzzer-no-link,address,undefined" build/fuzz/libgrainflow.a \
	    build/fuzz/libgrainflow-server.a
	@for f in $(FUZZ_SRC); do b=$$(basename $$f .c); \
	    echo clang -fsanitize=fuzzer,address,undefined -Iinclude -Isrc $$f build/fuzz/libgrainflow-server.a build/fuzz/libgrainflow.a $(LIBS); \
	    clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -Isrc -Itests -o build/fuzz/$$b $$f \
	        build/fuzz/libgrainflow-server.a build/fuzz/libgrainflow.a $(LIBS) || exit 1; done

# The fuzz corpora replay with undefined behaviour fatal (-fno-sanitize-recover=all)
# in every build: the asan build has it already; a plain build links the replayers
# against a UBSan copy of the library in $(BUILD)/ubsan.
ifeq ($(SAN),)
REPLAY_DIR  := $(BUILD)/ubsan/tests
TEST_REPLAY := replay-ubsan
else
REPLAY_DIR  := $(BUILD)/tests
TEST_REPLAY := $(FUZZ_REPLAY)
endif

.PHONY: replay-ubsan
replay-ubsan:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/ubsan SAN=ub OPT="-O1 -g" \
	    $(FUZZ_REPLAY:$(BUILD)/%=$(BUILD)/ubsan/%)

# Run each fuzz target (FUZZ_TARGETS, default all: csv dimacs export http scenario upload)
# for FUZZ_SECONDS with libFuzzer, from its corpus tests/fuzz/corpus/<target>/ (read
# only) and tests/fuzz/<target>.dict if there is one. New inputs go to
# build/fuzz/corpus/<target>/, a crash to build/fuzz/<target>-crash-* and fails the
# run. Keep what is worth keeping in the repository with
#   build/fuzz/fuzz_X -merge=1 tests/fuzz/corpus/X build/fuzz/corpus/X
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
.PHONY: fuzz-run
fuzz-run: fuzz
	@for t in $(FUZZ_TARGETS); do mkdir -p build/fuzz/corpus/$$t; d=; \
	    [ -f tests/fuzz/$$t.dict ] && d=-dict=tests/fuzz/$$t.dict; \
	    build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=2048 \
	        $$d -artifact_prefix=build/fuzz/$$t- build/fuzz/corpus/$$t tests/fuzz/corpus/$$t \
	        >build/fuzz/$$t.log 2>&1 || { tail -n 60 build/fuzz/$$t.log; \
	        echo "fuzz $$t: FAILED (build/fuzz/$$t.log)"; exit 1; }; \
	    echo "fuzz $$t: $$(grep -o 'Done [0-9]* runs in [0-9]* second' build/fuzz/$$t.log)," \
	        "$$(ls build/fuzz/corpus/$$t | wc -l) new corpus inputs"; done

# The libraries installed into $(BUILD)/stage, for tests/integration/pkg_config.sh.
$(STAGE)/.installed: $(CLI) $(LIBA) $(SRVA) $(LIBSO) $(SRVSO) tools/grainflow.pc.in \
                     tools/grainflow-server.pc.in $(wildcard include/grainflow/*.h)
	@$(MAKE) --no-print-directory -s install PREFIX=$(STAGE) DESTDIR= >/dev/null
	@touch $@

test: $(CLI) $(MPI_CLI) $(UNIT_BIN) $(TEST_REPLAY) $(STAGE)/.installed
	@BUILD=$(BUILD) REPLAY_DIR=$(REPLAY_DIR) GF_STAGE=$(STAGE) GF_SANFLAGS="$(SANFLAGS)" \
	    tests/run.sh

check: deps
	@$(MAKE) --no-print-directory test

check-asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan SAN=1 OPT="-O1 -g" test

# The server's tests under ThreadSanitizer in build/tsan: the store's unit
# tests and the server scripts (API, limits, sweeps on the run pool, v2 runs
# through CBC) against a TSan CLI. A race report makes the server exit 66
# (TSan's exitcode), which the scripts fail.
TSAN_TESTS := tests/integration/server_api.sh tests/integration/server_limits.sh \
	tests/integration/server_sweeps.sh tests/integration/server_v2.sh \
	tests/integration/server_cancel_v2.sh
check-tsan: deps
	@$(MAKE) --no-print-directory BUILD=build/tsan OPT="-O1 -g" \
	    SANFLAGS="-fsanitize=thread -fno-omit-frame-pointer" build/tsan/grainflow \
	    build/tsan/tests/test_store
	@p=0; f=0; \
	if build/tsan/tests/test_store >build/tsan/test_store.log 2>&1; then p=$$((p + 1)); \
	    echo "test_store: ok"; else f=$$((f + 1)); cat build/tsan/test_store.log; \
	    echo "test_store: FAILED"; fi; \
	for s in $(TSAN_TESTS); do \
	    if GF=$$(pwd)/build/tsan/grainflow sh $$s >build/tsan/$$(basename $$s).log 2>&1; then \
	        p=$$((p + 1)); echo "$$(basename $$s): ok"; \
	    else f=$$((f + 1)); cat build/tsan/$$(basename $$s).log; \
	        echo "$$(basename $$s): FAILED"; fi; \
	done; echo "check-tsan: $$p passed, $$f failed"; [ $$f -eq 0 ]

# The web page in Debian's chromium (playwright-core from web/node_modules).
check-web: deps
	@tools/install-deps web
	@$(MAKE) --no-print-directory $(CLI)
	@BUILD=$(BUILD) tests/web/run.sh

demo: deps $(CLI)
	@tools/demo.sh $(BUILD)

bench: deps
	@tools/install-deps bench
	@$(MAKE) --no-print-directory $(CLI)
	@bench/run.sh

# The whole `grainflow plan` (default + synthetic 300/1000/5000 places) against
# CLP on the same LP: bench/plan.sh, described in bench/README.md.
.PHONY: bench-plan
bench-plan: deps
	@tools/install-deps bench
	@$(MAKE) --no-print-directory $(CLI)
	@bench/plan.sh

# A what-if on the default scenario, warm, against the old path: bench/whatif.sh.
.PHONY: bench-whatif
bench-whatif: deps
	@bench/whatif.sh

# grainflow sweep on the default scenario (runs/s, threads, MPI, memory):
# bench/sweep.sh.
.PHONY: bench-sweep
bench-sweep: deps
	@$(MAKE) --no-print-directory $(CLI) $(MPI_CLI)
	@bench/sweep.sh

format:
	clang-format -i $$(git ls-files '*.c' '*.h' '*.cc' '*.cpp')

format-check:
	clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h' '*.cc' '*.cpp')

PREFIX ?= /usr/local
VERSION := $(shell sed -n 's/.*GF_VERSION_STRING *"\(.*\)"/\1/p' include/grainflow/version.h)

# Installs both libraries (static and shared), headers, CLI, pkg-config files,
# default scenario and web page.
install: $(CLI) $(LIBA) $(SRVA) $(LIBSO) $(SRVSO)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	    $(DESTDIR)$(PREFIX)/include/grainflow $(DESTDIR)$(PREFIX)/share/grainflow
	install -m 755 $(CLI) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(LIBA) $(SRVA) $(DESTDIR)$(PREFIX)/lib/
	for l in libgrainflow libgrainflow-server; do \
	    install -m 755 $(BUILD)/$$l.so $(DESTDIR)$(PREFIX)/lib/$$l.so.$(VERSION) && \
	    ln -sf $$l.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/$$l.so.$(VMAJOR) && \
	    ln -sf $$l.so.$(VMAJOR) $(DESTDIR)$(PREFIX)/lib/$$l.so || exit 1; done
	install -m 644 include/grainflow/*.h $(DESTDIR)$(PREFIX)/include/grainflow/
	for p in grainflow grainflow-server; do \
	    sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' tools/$$p.pc.in \
	        > $(DESTDIR)$(PREFIX)/lib/pkgconfig/$$p.pc || exit 1; done
	if [ -d data ]; then cp -r data/. $(DESTDIR)$(PREFIX)/share/grainflow/; fi
	for f in index.html app.js style.css node_modules/d3/dist/d3.min.js \
	    node_modules/topojson-client/dist/topojson-client.min.js \
	    node_modules/world-atlas/countries-110m.json; do \
	    install -D -m 644 web/$$f $(DESTDIR)$(PREFIX)/share/grainflow/web/$$f; done

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
