#!/bin/sh
# tests/integration/printf_fast.sh: the grainflow programs keep glibc's printf
# on its fast path (src/cli/printf_hooks.c).
#   GF=build/grainflow sh tests/integration/printf_fast.sh   (tests/run.sh sets GF)
# libquadmath registers printf handlers from a constructor, and with one
# registered every printf in the process takes glibc's slow path. The
# programs define the three registration functions, which refuse. Checked
# with the dynamic linker's own account (LD_DEBUG=bindings) of where
# libquadmath's calls bind, in build/grainflow and build/grainflow-mpi:
# register_printf_type must bind to the program, and none of the three to
# libc. It fails if the definitions are dropped, hidden (the build's
# -fvisibility=hidden) or not exported (CLI_LDFLAGS in the Makefile). Exits
# 77 (skipped) when the program does not load libquadmath at all (a build
# without COIN-OR and GDAL): then there is nothing to refuse.
set -u
GF=${GF:-build/grainflow}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
checks=0
failed=0

say() { echo "printf_fast: $*"; }

if ! ldd "$GF" 2>/dev/null | grep -q libquadmath; then
    say "$GF does not load libquadmath: nothing to refuse; skipped"
    exit 77
fi

programs=$GF
[ -x "$(dirname "$GF")/grainflow-mpi" ] && programs="$programs $(dirname "$GF")/grainflow-mpi"
for prog in $programs; do
    LD_DEBUG=bindings "$prog" --version >"$tmp/out" 2>"$tmp/bind"
    rc=$?
    checks=$((checks + 1))
    if [ "$rc" -ne 0 ]; then
        say "FAILED: $prog --version exited $rc"
        failed=$((failed + 1))
        continue
    fi
    checks=$((checks + 1))
    if ! grep "libquadmath" "$tmp/bind" | grep "register_printf_type" | grep -q "to $prog "; then
        say "FAILED: libquadmath's register_printf_type does not bind to $prog:"
        grep "register_printf" "$tmp/bind"
        failed=$((failed + 1))
    fi
    checks=$((checks + 1))
    if grep "register_printf" "$tmp/bind" | grep -q "libc\.so"; then
        say "FAILED: a printf handler registration binds to libc in $prog:"
        grep "register_printf" "$tmp/bind"
        failed=$((failed + 1))
    fi
done
say "$checks checks, $failed failed"
[ "$failed" -eq 0 ]
