#!/bin/sh
# tests/run.sh: run every test of a build and print one closing summary line.
#   BUILD=build tests/run.sh
# Unit tests are cmocka binaries build/tests/test_*; each of their tests counts.
# Integration tests are tests/integration/*.sh, run with GF=path-to-CLI; each
# script counts as one test (exit 0 = pass). Fuzz corpora: each
# build/tests/replay_fuzz_X (or $REPLAY_DIR/replay_fuzz_X) replays
# tests/fuzz/corpus/X/ and counts as one.
#
# Skips. A test that finds nothing to test (its inputs are absent, e.g.
# ../shared beside the checkout) must not pass: an integration script exits
# 77 (automake's convention) after saying why, and a cmocka test calls skip().
# Both count as skipped, and the closing line is
#   check: N passed, N failed, N skipped
# CI (CI=true) checks ../shared out and installs every dependency, so there
# every input a test can skip for is present: a skip there is a failure.
set -u
BUILD=${BUILD:-build}
GF=$(cd "$BUILD" && pwd)/grainflow
export GF BUILD
passed=0
failed=0
skipped=0
failed_names=""
skipped_names=""

log=$(mktemp)
trap 'rm -f "$log"' EXIT

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    "$t" >"$log" 2>&1
    rc=$?
    # a binary may run several groups (test_mcf: one per algorithm): sum them
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
    k=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
    p=${p:-0}
    f=${f:-0}
    k=${k:-0}
    if [ "$k" -gt 0 ] && [ "${CI:-}" = true ]; then
        f=$((f + k)) # CI has every input: a skip there hides a test
        k=0
    fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # crashed before cmocka could count
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + k))
    if [ "$f" -ne 0 ]; then
        failed_names="$failed_names $(basename "$t")"
        cat "$log"
    fi
    [ "$k" -ne 0 ] && skipped_names="$skipped_names $(basename "$t")"
    echo "$(basename "$t"): $p passed, $f failed, $k skipped"
done

for s in tests/integration/*.sh; do
    [ -f "$s" ] || continue
    [ "$s" = tests/integration/lib.sh ] && continue # the scripts' harness, sourced
    sh "$s" >"$log" 2>&1
    rc=$?
    name=$(basename "$s")
    if [ "$rc" -eq 77 ] && [ "${CI:-}" = true ]; then
        cat "$log"
        echo "$name: FAILED (skipped in CI, which has its inputs: exit 77 with CI=true)"
        failed=$((failed + 1))
        failed_names="$failed_names $name"
    elif [ "$rc" -eq 77 ]; then
        skipped=$((skipped + 1))
        skipped_names="$skipped_names $name"
        echo "$name: skipped ($(tail -n 1 "$log"))"
    elif [ "$rc" -eq 0 ]; then
        passed=$((passed + 1))
        echo "$name: ok"
    else
        failed=$((failed + 1))
        failed_names="$failed_names $name"
        cat "$log"
        echo "$name: FAILED"
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

[ -n "$skipped_names" ] && echo "skipped:$skipped_names"
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
