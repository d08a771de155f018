#!/bin/sh
# tests/integration/pkg_config.sh: a program outside the tree builds against
# each installed library through pkg-config alone.
#
# make check installs the build into $BUILD/stage (GF_STAGE) first. For
# grainflow and grainflow-server this compiles a tiny program with nothing
# but `pkg-config --cflags --libs` (linked to the shared library, run with
# LD_LIBRARY_PATH) and with `pkg-config --static --cflags --libs` against a
# copy of the prefix that holds only the static archives (libmicrohttpd and
# SQLite stay shared there: their own static dependencies are not packaged
# everywhere); each program runs
# and prints what it checked. Under check-asan the programs get the same
# sanitizer flags (GF_SANFLAGS). The umbrella header must compile with
# -Wall -Wextra -Werror in C11 and as C++.
set -u
if [ -z "${GF_STAGE:-}" ] || [ ! -f "${GF_STAGE:-}/lib/pkgconfig/grainflow.pc" ]; then
    echo "pkg_config: GF_STAGE is not an installed prefix; run through make check"
    exit 77
fi
CC=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
say() {
    echo "pkg_config: FAILED: $*"
    fail=1
}

cat >"$tmp/core.c" <<'C'
#include <grainflow/grainflow.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    gf_error err = {0};
    gf_model *m = gf_model_create(&err);
    gf_node a = {.id = "O", .kind = GF_NODE_ORIGIN, .throughput_t = GF_UNLIMITED};
    gf_node b = {.id = "M", .kind = GF_NODE_MARKET, .throughput_t = GF_UNLIMITED};
    gf_link l = {.from = 0, .to = 1, .cost_cents_per_t = 1050, .capacity_t = GF_UNLIMITED};
    gf_supply s = {.node = 0, .period = -1, .t = 10, .price_cents_per_t = 10000, .line = 0};
    gf_demand d = {.node = 1, .period = -1, .t = 4, .alt_cents_per_t = 20000, .line = 0};
    gf_plan *p;
    char *text;
    int ok;

    if (!m || gf_model_add_node(m, &a, NULL, &err) || gf_model_add_node(m, &b, NULL, &err) ||
        gf_model_add_link(m, &l, 0, &err) || gf_model_add_supply(m, &s, &err) ||
        gf_model_add_demand(m, &d, &err) || gf_model_finish(m, &err))
        return 1;
    p = gf_plan_solve(m, &err);
    text = p ? gf_export_plan_text(p, gf_export_plan_json, &err) : NULL;
    ok = text && strstr(text, "\"total_cost_usd\": 442.00,") != NULL;
    {
        gf_jsonw w; /* the streaming writer is exported too */
        gf_jsonw_text t = {0};
        gf_jsonw_init_text(&w, &t, 0);
        gf_jsonw_object(&w);
        gf_jsonw_kcents(&w, "usd", -1);
        gf_jsonw_end(&w);
        ok = ok && gf_jsonw_finish(&w, &err) == GF_OK && strcmp(t.data, "{\"usd\":-0.01}") == 0;
        gf_release(t.data);
    }
    printf("grainflow %s: total %s\n", GF_VERSION_STRING, ok ? "442.00" : "wrong");
    gf_release(text);
    gf_plan_destroy(p);
    gf_model_destroy(m);
    return ok ? 0 : 1;
}
C

cat >"$tmp/server.c" <<'C'
#include <grainflow/grainflow.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    gf_error err = {0};
    gf_store *st = argc > 1 ? gf_store_open(argv[1], &err) : NULL;
    int v = st ? gf_store_schema_version(st) : -1;

    printf("grainflow-server: store schema %d, run status %s\n", v,
           gf_run_status_name(GF_RUN_DONE));
    gf_store_close(st);
    return v > 0 ? 0 : 1;
}
C

# build NAME PKG MODE(shared|static) PREFIX
build() {
    export PKG_CONFIG_PATH="$4/lib/pkgconfig"
    if [ "$3" = static ]; then
        flags=$(pkg-config --static --cflags --libs "$2") || { say "pkg-config --static $2"; return; }
    else
        flags=$(pkg-config --cflags --libs "$2") || { say "pkg-config $2"; return; }
    fi
    # shellcheck disable=SC2086 # flags are words
    if ! $CC -std=c11 -Wall -Wextra -Werror ${GF_SANFLAGS:-} -o "$tmp/$1-$3" "$tmp/$1.c" $flags \
        >"$tmp/cc.log" 2>&1; then
        cat "$tmp/cc.log"
        say "$1 ($3) does not build with: $flags"
        return
    fi
    if ! LD_LIBRARY_PATH="$4/lib" "$tmp/$1-$3" "$tmp/$1-$3.db" >"$tmp/run.log" 2>&1; then
        cat "$tmp/run.log"
        say "$1 ($3) built but failed"
        return
    fi
    echo "$1 ($3): $(cat "$tmp/run.log")"
}

# A copy of the prefix with only the static archives.
cp -r "$GF_STAGE" "$tmp/static"
rm -f "$tmp/static"/lib/*.so*
for pc in "$tmp/static"/lib/pkgconfig/*.pc; do
    sed "s|^prefix=.*|prefix=$tmp/static|" "$pc" >"$pc.new" && mv "$pc.new" "$pc"
done
for mode in shared static; do
    prefix=$GF_STAGE
    [ "$mode" = static ] && prefix=$tmp/static
    build core grainflow "$mode" "$prefix"
    build server grainflow-server "$mode" "$prefix"
done
# the shared program really uses the shared library
if command -v ldd >/dev/null && [ -x "$tmp/core-shared" ]; then
    LD_LIBRARY_PATH="$GF_STAGE/lib" ldd "$tmp/core-shared" | grep -q "libgrainflow.so.0" ||
        say "core-shared is not linked to libgrainflow.so.0"
    ldd "$tmp/core-static" | grep -q libgrainflow && say "core-static needs libgrainflow.so"
fi
# the umbrella header as C++
printf '#include <grainflow/grainflow.h>\nint main() { return gf_strerror(0) ? 0 : 1; }\n' >"$tmp/u.cc"
if command -v c++ >/dev/null; then
    c++ -Wall -Wextra -Werror -fsyntax-only -I"$GF_STAGE/include" "$tmp/u.cc" || say "umbrella header in C++"
fi
[ "$fail" -eq 0 ] && echo "pkg_config: ok"
exit "$fail"
