# bench/bench.mk: builds the bench drivers and instance generators into
# build/bench/ (called by bench/run.sh after the top Makefile has built
# build/libgrainflow.a). The reference drivers need liblemon-dev, g++ and
# coinor-libclp-dev (tools/install-deps bench); none of them is linked into
# the library. Flags: -O2 as the library's default build, plus -DNDEBUG for
# the reference solvers (LEMON checks nothing without LEMON_ENABLE_ASSERTS).

B        := build/bench
CC       ?= cc
CXX      ?= g++
WARN     := -Wall -Wextra -Wshadow -Wconversion -Wformat=2 -Wundef
CWARN    := -std=c11 $(WARN) -Wstrict-prototypes -Wmissing-prototypes
BFLAGS   := -O2 -g -D_POSIX_C_SOURCE=200809L -Iinclude -Ibench
CLP_CF   := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags clp 2>/dev/null))
CLP_LIBS := $(shell pkg-config --libs clp 2>/dev/null)
GF_LIBS  := -ljansson -lcsv -lz -lm
GENS     := $(B)/gen_random $(B)/gen_grid $(B)/gen_corridor $(B)/gen_goto $(B)/gen_netgen

.PHONY: all
all: $(B)/gf_driver $(B)/warm $(B)/lemon_driver $(B)/clp_driver $(GENS)

$(B)/gf_driver: bench/gf_driver.c bench/bench_util.h build/libgrainflow.a
	@mkdir -p $(B)
	$(CC) $(CWARN) $(BFLAGS) -o $@ $< build/libgrainflow.a $(GF_LIBS)

$(B)/warm: bench/warm.c bench/bench_util.h bench/gen/gen_common.h build/libgrainflow.a
	@mkdir -p $(B)
	$(CC) $(CWARN) $(BFLAGS) -o $@ $< build/libgrainflow.a $(GF_LIBS)

$(B)/lemon_driver: bench/lemon_driver.cc bench/bench_util.h
	@mkdir -p $(B)
	$(CXX) -std=c++17 -Wall -Wextra -Wno-maybe-uninitialized $(BFLAGS) -DNDEBUG -o $@ $< -lz

$(B)/clp_driver: bench/clp_driver.c bench/bench_util.h
	@mkdir -p $(B)
	$(CC) $(CWARN) $(BFLAGS) -DNDEBUG $(CLP_CF) -o $@ $< $(CLP_LIBS) -lz -lm

$(B)/gen_%: bench/gen/gen_%.c bench/gen/gen_common.h
	@mkdir -p $(B)
	$(CC) $(CWARN) $(BFLAGS) -o $@ $< -lm

# A scenario's time-expanded network as a DIMACS file, for gf_driver and the
# LEMON driver (bench/README.md "Large networks, h11-simplex").
$(B)/scenario_dimacs: bench/scenario_dimacs.c build/libgrainflow.a
	@mkdir -p $(B)
	$(CC) $(CWARN) $(BFLAGS) -o $@ $< build/libgrainflow.a $(GF_LIBS) \
	    $(shell pkg-config --libs cbc) -lxlsxwriter $(shell pkg-config --libs gdal) -lstdc++

# bench/plan.sh: the planner against the same model as an LP (CLP); shares the
# LP builder with tests/unit/test_plan.c.
$(B)/plan_clp: bench/plan_clp.c bench/bench_util.h tests/support/model_lp.c \
               tests/support/model_lp.h build/libgrainflow.a
	@mkdir -p $(B)
	$(CC) $(CWARN) $(BFLAGS) -Itests -DNDEBUG $(CLP_CF) -o $@ bench/plan_clp.c \
	    tests/support/model_lp.c build/libgrainflow.a $(CLP_LIBS) $(GF_LIBS)

# bench/mip.sh: version-2 scenarios through src/lp (CBC) against glpsol on the
# same MPS. Links the library's COIN-OR dependencies.
$(B)/mip_driver: bench/mip_driver.c build/libgrainflow.a
	@mkdir -p $(B)
	$(CC) $(CWARN) $(BFLAGS) -o $@ $< build/libgrainflow.a $(GF_LIBS) \
	    $(shell pkg-config --libs cbc) -lxlsxwriter $(shell pkg-config --libs gdal) -lstdc++
