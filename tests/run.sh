#!/bin/sh
# tests/run.sh: run every test of a build and print one closing summary line.
#   BUILD=build tests/run.sh
# Unit tests are cmocka binaries build/tests/test_*; each of their tests counts.
# Integration tests are tests/integration/*.sh, run with GF=path-to-CLI; each
# script counts as one test (exit 0 = pass). Fuzz corpora: each
# build/tests/replay_fuzz_X (or $REPLAY_DIR/replay_fuzz_X) replays
# tests/fuzz/corpus/X/ and counts as one.
set -u
BUILD=${BUILD:-build}
GF=$(cd "$BUILD" && pwd)/grainflow
export GF BUILD
passed=0
failed=0
failed_names=""

log=$(mktemp)
trap 'rm -f "$log"' EXIT

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    "$t" >"$log" 2>&1
    rc=$?
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    p=${p:-0}
    f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # crashed before cmocka could count
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -ne 0 ]; then
        failed_names="$failed_names $(basename "$t")"
        cat "$log"
    fi
    echo "$(basename "$t"): $p passed, $f failed"
done

for s in tests/integration/*.sh; do
    [ -f "$s" ] || continue
    if sh "$s" >"$log" 2>&1; then
        passed=$((passed + 1))
        echo "$(basename "$s"): ok"
    else
        failed=$((failed + 1))
        failed_names="$failed_names $(basename "$s")"
        cat "$log"
        echo "$(basename "$s"): FAILED"
    fi
done

for r in "${REPLAY_DIR:-$BUILD/tests}"/replay_fuzz_*; do
    [ -x "$r" ] || continue
    name=${r##*/replay_fuzz_}
    if "$r" tests/fuzz/corpus/"$name"/* >"$log" 2>&1; then
        passed=$((passed + 1))
        echo "fuzz corpus $name: ok ($(ls tests/fuzz/corpus/"$name" | wc -l) inputs)"
    else
        failed=$((failed + 1))
        failed_names="$failed_names fuzz-$name"
        cat "$log"
        echo "fuzz corpus $name: FAILED"
    fi
done

[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
