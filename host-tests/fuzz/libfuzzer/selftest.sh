#!/usr/bin/env bash
# Checks dotnet-driver's failure handling against fake_target.py (no .NET needed, a few seconds):
# a clean input passes, a reported exception / a dead target / a hang each end as a libFuzzer crash of that input,
# and a target that never becomes ready is a clear start-up error, not a crash.
# Usage: selftest.sh PATH/TO/dotnet-driver   (run.sh builds it)
set -euo pipefail
driver=${1:?usage: selftest.sh PATH/TO/dotnet-driver}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fake=(--target=python3 "--target=$here/fake_target.py")
failures=0

# expect NAME WANT_EXIT_ZERO PATTERN -- driver args...
expect() {
    local name=$1 want_ok=$2 pattern=$3
    shift 4
    local rc=0
    timeout 60 "$driver" -artifact_prefix="$tmp/" "$@" >"$tmp/$name.log" 2>&1 || rc=$?
    if { [ "$want_ok" = yes ] && [ $rc -ne 0 ]; } || { [ "$want_ok" = no ] && [ $rc -eq 0 ]; } \
        || [ $rc -eq 124 ] || ! grep -q "$pattern" "$tmp/$name.log"; then
        echo "FAIL $name (exit $rc, wanted '$pattern'):"
        sed 's/^/    /' "$tmp/$name.log" | tail -15
        failures=$((failures + 1))
    else
        echo "ok   $name"
    fi
}

printf 'hello' >"$tmp/clean"
printf 'CRASH' >"$tmp/crash"
printf 'DIE' >"$tmp/die"
printf 'HANG' >"$tmp/hang"
mkdir "$tmp/corpus" "$tmp/bad" && cp "$tmp/clean" "$tmp/corpus/" && cp "$tmp/crash" "$tmp/bad/"

expect clean yes "Executed $tmp/clean" -- "${fake[@]}" "$tmp/clean"
expect exception no "reported an exception" -- "${fake[@]}" "$tmp/crash"
expect died no "died while running this input" -- "${fake[@]}" "$tmp/die"
expect hang no "treating this input as a hang" -- "${fake[@]}" --target_timeout=2 "$tmp/hang"
expect not-ready no "ended before it was ready" -- --target=false "$tmp/clean"
expect no-target no "no target" -- "$tmp/clean"
expect artifact no "Test unit written to $tmp/crash-" -- "${fake[@]}" -runs=10 "$tmp/bad"
expect fuzzing yes "inputs run, [1-9][0-9]* distinct .NET edge slots" -- "${fake[@]}" -runs=2000 "$tmp/corpus"

[ $failures -eq 0 ] && echo "dotnet-driver self-test passed" || { echo "$failures check(s) failed"; exit 1; }
