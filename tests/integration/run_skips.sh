#!/bin/sh
# tests/integration/run_skips.sh: tests/run.sh counts a skip (exit 77) as
# skipped, not passed; prints "check: N passed, N failed, N skipped"; fails
# a skip when CI=true; and still fails a failing test. It runs tests/run.sh
# in a scratch tree holding three tiny integration scripts.
#   sh tests/integration/run_skips.sh      (from the repository root)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
say() { echo "run_skips: $*"; }

mkdir -p "$tmp/tree/tests/integration" "$tmp/tree/build"
printf 'exit 0\n' >"$tmp/tree/tests/integration/a_pass.sh"
printf 'echo "nothing to test here"\nexit 77\n' >"$tmp/tree/tests/integration/b_skip.sh"

# expect <name> <CI value> <exit status> <closing line>
expect() {
    (cd "$tmp/tree" && CI=$2 BUILD=build sh "$ROOT/tests/run.sh") >"$tmp/out" 2>&1
    rc=$?
    last=$(tail -n 1 "$tmp/out")
    if [ "$rc" -ne "$3" ] || [ "$last" != "$4" ]; then
        cat "$tmp/out"
        say "$1: exit $rc and '$last', want exit $3 and '$4'"
        fail=1
    fi
}
expect "skip outside CI" "" 0 "check: 1 passed, 0 failed, 1 skipped"
grep -q "^b_skip.sh: skipped (nothing to test here)$" "$tmp/out" || {
    say "the skip line does not give the script's reason"
    fail=1
}
expect "skip in CI" true 1 "check: 1 passed, 1 failed, 0 skipped"
printf 'exit 3\n' >"$tmp/tree/tests/integration/c_fail.sh"
expect "a failure" "" 1 "check: 1 passed, 1 failed, 1 skipped"

[ "$fail" -eq 0 ] && say "ok"
exit "$fail"
