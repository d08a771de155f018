/* bench/lemon_driver.cc: LEMON's min-cost-flow solvers on a DIMACS file.
 *
 *   lemon_driver [--algo ns|cs] FILE.min[.gz]
 *
 * A reference for bench/run.sh, never a dependency of the library. Reads the
 * file with lemon::readDimacsMin (through zlib, which also reads plain files)
 * into a SmartDigraph with long long bounds, costs and supplies, then runs
 * NetworkSimplex (default block-search pivot) or CostScaling (default
 * partial augment). The solve time covers the solver's constructor, loading
 * the maps and run(), i.e. everything after the graph exists (run_s is run()
 * alone). Prints one line:
 *   lemon_ns nodes=N arcs=M status=optimal cost=C solve_s=S run_s=R cpu_s=U
 *            maxrss_kb=K peak_kb=P
 * Exit status 0 when optimal, 1 infeasible or unbounded, 2 bad usage or input.
 * SPDX-License-Identifier: MIT */
#include <cstdio>
#include <cstring>
#include <istream>
#include <streambuf>
#include <string>

#include <lemon/cost_scaling.h>
#include <lemon/dimacs.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#include <zlib.h>

#include "bench_util.h"

namespace
{

/* A read-only streambuf over a gzFile (plain files pass through). */
class gz_buf : public std::streambuf
{
  public:
    explicit gz_buf(gzFile f) : f_(f)
    {
    }

  protected:
    int_type underflow() override
    {
        int got = gzread(f_, buf_, sizeof buf_);
        if (got <= 0)
            return traits_type::eof();
        setg(buf_, buf_, buf_ + got);
        return traits_type::to_int_type(buf_[0]);
    }

  private:
    gzFile f_;
    char buf_[1 << 16];
};

typedef lemon::SmartDigraph Graph;
typedef long long Value;

struct network {
    Graph g;
    Graph::ArcMap<Value> lower, upper, cost;
    Graph::NodeMap<Value> supply;
    network() : lower(g), upper(g), cost(g), supply(g)
    {
    }
};

struct outcome {
    bool optimal;
    Value cost;
    double solve_s, run_s, cpu_s;
};

template <typename Solver> outcome solve(const network &net)
{
    outcome o = {false, 0, 0.0, 0.0, 0.0};
    double t0 = bench_now(), c0 = bench_cpu_now(), t1;
    Solver s(net.g);
    s.lowerMap(net.lower).upperMap(net.upper).costMap(net.cost).supplyMap(net.supply);
    t1 = bench_now();
    o.optimal = s.run() == Solver::OPTIMAL;
    o.run_s = bench_now() - t1;
    o.cpu_s = bench_cpu_now() - c0;
    o.solve_s = bench_now() - t0;
    if (o.optimal)
        o.cost = s.template totalCost<Value>();
    return o;
}

} // namespace

int main(int argc, char **argv)
{
    std::string algo = "ns";
    const char *path = nullptr;
    network net;
    outcome o;
    int reset;

    for (int i = 1; i < argc; i++) {
        if (std::strcmp(argv[i], "--algo") == 0 && i + 1 < argc)
            algo = argv[++i];
        else if (argv[i][0] != '-' || std::strcmp(argv[i], "-") == 0)
            path = argv[i];
        else
            path = nullptr, i = argc;
    }
    if (!path || (algo != "ns" && algo != "cs")) {
        std::fprintf(stderr, "usage: lemon_driver [--algo ns|cs] FILE.min[.gz]\n");
        return 2;
    }
    {
        gzFile f = gzopen(path, "rb");
        if (!f) {
            std::fprintf(stderr, "lemon_driver: cannot open %s\n", path);
            return 2;
        }
        gzbuffer(f, 1 << 17);
        gz_buf buf(f);
        std::istream in(&buf);
        try {
            lemon::readDimacsMin(in, net.g, net.lower, net.upper, net.cost, net.supply);
        } catch (const std::exception &e) {
            std::fprintf(stderr, "lemon_driver: %s: %s\n", path, e.what());
            gzclose(f);
            return 2;
        }
        gzclose(f);
    }
    reset = bench_reset_peak();
    if (algo == "ns")
        o = solve<lemon::NetworkSimplex<Graph, Value, Value>>(net);
    else
        o = solve<lemon::CostScaling<Graph, Value, Value>>(net);
    std::printf("lemon_%s nodes=%d arcs=%d status=%s cost=%lld solve_s=%.6f run_s=%.6f cpu_s=%.6f "
                "maxrss_kb=%ld peak_kb=%ld\n",
                algo.c_str(), lemon::countNodes(net.g), lemon::countArcs(net.g),
                o.optimal ? "optimal" : "not_optimal", o.cost, o.solve_s, o.run_s, o.cpu_s,
                bench_maxrss_kb(), bench_peak_kb(reset));
    return o.optimal ? 0 : 1;
}
