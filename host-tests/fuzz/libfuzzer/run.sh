#!/usr/bin/env bash
# libFuzzer run of one SharpFuzz harness (bridge, ring or registers) against an instrumented VirtioMmio.dll.
#
#   host-tests/fuzz/libfuzzer/run.sh HARNESS [SECONDS] [extra libFuzzer flags...]
#
# Installs clang and its libFuzzer runtime if missing (Debian: clang, libclang-rt-dev), builds dotnet-driver.c,
# builds host-tests/fuzz/Fuzz in Release, copies it to $OUT/app and SharpFuzz-instruments the copy's VirtioMmio.dll,
# seeds $OUT/corpus-HARNESS from the harness's own seeds (kept and grown across runs), and fuzzes for SECONDS
# (default 120). Crashing inputs go to $OUT/crashes-HARNESS/, the log to $OUT/HARNESS.log.
# OUT defaults to host-tests/fuzz/libfuzzer/out (git-ignored).
set -euo pipefail

usage() { echo "usage: $0 bridge|ring|registers [SECONDS] [libFuzzer flags...]" >&2; exit 2; }
[ $# -ge 1 ] || usage
harness=$1
shift
case $harness in bridge | ring | registers) ;; *) usage ;; esac
seconds=120
if [ $# -ge 1 ] && [[ $1 =~ ^[0-9]+$ ]]; then
    seconds=$1
    shift
fi

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
out=${OUT:-$here/out}
mkdir -p "$out"

# --- clang with the libFuzzer runtime ---------------------------------------------------------------------------
find_clang() {
    for c in clang clang-19 clang-18 clang-17 clang-16 clang-15 clang-14; do
        if command -v "$c" >/dev/null; then echo "$c"; return; fi
    done
}
links_fuzzer() {
    [ -n "$1" ] && printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' |
        "$1" -fsanitize=fuzzer -x c - -o "$out/.probe" >/dev/null 2>&1
}
cc=$(find_clang || true)
if ! links_fuzzer "$cc"; then
    echo "clang with the libFuzzer runtime not found: installing clang and libclang-rt-dev with apt-get"
    sudo=
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "error: not root and no sudo: install clang and libclang-rt-dev yourself" >&2; exit 1; }
        sudo=sudo
    fi
    if ! $sudo apt-get install -y clang libclang-rt-dev >"$out/apt.log" 2>&1; then
        $sudo apt-get update >>"$out/apt.log" 2>&1 || true
        $sudo apt-get install -y clang libclang-rt-dev >>"$out/apt.log" 2>&1 || {
            echo "error: apt-get could not install clang libclang-rt-dev (see $out/apt.log)" >&2
            exit 1
        }
    fi
    cc=$(find_clang || true)
    links_fuzzer "$cc" || { echo "error: $cc still cannot link -fsanitize=fuzzer (is libclang_rt.fuzzer installed for it?)" >&2; exit 1; }
fi
rm -f "$out/.probe"

# --- the driver ---------------------------------------------------------------------------------------------------
driver=$out/dotnet-driver
if [ ! -x "$driver" ] || [ "$here/dotnet-driver.c" -nt "$driver" ]; then
    echo "building $driver with $cc"
    # Compiled without coverage instrumentation, linked with libFuzzer: the only coverage is the .NET edge map.
    # (Instrumenting the driver too added its own few edges and a traced compare per map word on every input,
    # which halved the rate and filled libFuzzer's dictionary with map contents.)
    "$cc" -O2 -g -Wall -Wextra -Werror -c "$here/dotnet-driver.c" -o "$out/dotnet-driver.o"
    "$cc" -fsanitize=fuzzer "$out/dotnet-driver.o" -o "$driver"
    if command -v python3 >/dev/null; then
        "$here/selftest.sh" "$driver"
    else
        echo "(python3 missing: driver self-test skipped)"
    fi
fi

# --- the .NET side, instrumented ------------------------------------------------------------------------------------
echo "building host-tests/fuzz/Fuzz (Release)"
dotnet build -c Release "$repo/host-tests/fuzz/Fuzz" -v quiet -nologo >"$out/build.log" 2>&1 || {
    cat "$out/build.log" >&2
    exit 1
}
# A fresh copy each time: instrumenting is in place and refuses an already instrumented assembly.
rm -rf "$out/app"
cp -r "$repo/host-tests/fuzz/Fuzz/bin/Release/net10.0" "$out/app"
dotnet "$out/app/Fuzz.dll" instrument "$out/app/VirtioMmio.dll"

corpus=$out/corpus-$harness
crashes=$out/crashes-$harness
mkdir -p "$corpus" "$crashes"
dotnet "$out/app/Fuzz.dll" "$harness" --write-seeds "$corpus"

# --- fuzz -----------------------------------------------------------------------------------------------------------
# -max_len: the mutation runner's cap (ring: 4-byte header + 8 KiB window). Later flags on the command line win.
echo "libFuzzer: $harness for $seconds s, corpus $corpus, crashes to $crashes/"
set +e
"$driver" -max_total_time="$seconds" -max_len=8196 -timeout=30 -print_final_stats=1 \
    -artifact_prefix="$crashes/" "$@" "$corpus" \
    --target=dotnet "--target=$out/app/Fuzz.dll" "--target=$harness" --target=--libfuzzer \
    2>&1 | tee "$out/$harness.log" | grep -E --line-buffered 'INITED|DONE|pulse|ERROR|dotnet-driver|Test unit|stat::'
rc=${PIPESTATUS[0]}
set -e

echo "corpus: $(find "$corpus" -type f | wc -l) inputs; crashes: $(find "$crashes" -type f | wc -l) in $crashes/"
for f in "$crashes"/*; do
    [ -f "$f" ] && echo "  replay: dotnet $out/app/Fuzz.dll $harness --repro $f"
done
exit "$rc"
