#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (CMake preset "fuzz", clang) and runs each one for
# SECONDS seconds, 20 by default, on a copy of its seeds and stored regressions. Crash inputs go to
# build/fuzz/crashes/<target>/. Exits with 1 when a fuzzer found a crash, a hang or an
# out-of-memory input, and with 2 for a usage error.
set -euo pipefail

INITLAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FUZZ_BUILD="$INITLAB_ROOT/build/fuzz"
FUZZ_TARGETS=(fuzz_csvimport fuzz_losslog fuzz_runconfig)

seconds=${1:-20}
if [[ $# -gt 1 || ! "$seconds" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $0 [SECONDS]" >&2
    echo "SECONDS is the run time of each fuzzer, a whole number above 0 (default 20)." >&2
    exit 2
fi

cmake --preset fuzz -S "$INITLAB_ROOT"
cmake --build "$FUZZ_BUILD" -j2

work=$(mktemp -d "${TMPDIR:-/tmp}/initlab-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Runs one fuzzer and prints what it found. Returns 1 when it stopped on a failing input or did
# not run.
run_fuzzer() {
    local target=$1
    local corpus="$work/corpus/$target"
    local crashes="$FUZZ_BUILD/crashes/$target"
    local log="$FUZZ_BUILD/logs/$target.log"
    local status=0

    # The fuzzer adds inputs to its corpus directory, so it gets a copy and the seeds in git stay
    # as they are.
    mkdir -p "$corpus" "$crashes" "$(dirname "$log")"
    cp "$INITLAB_ROOT/tests/fuzz/corpus/$target"/* "$corpus"/
    find "$INITLAB_ROOT/tests/fuzz/regressions/$target" -maxdepth 1 -type f \
        ! -name '.*' ! -name 'README*' -exec cp {} "$corpus"/ \;

    echo "== $target: fuzzing for $seconds s, log in $log"
    "$FUZZ_BUILD/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" >"$log" 2>&1 || status=$?

    local executions coverage
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    coverage=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1 || true)
    summary+=("$target: ${executions:-unknown} executions, ${coverage:-coverage unknown}")

    if (( status == 0 )); then
        return 0
    fi
    local artifacts
    artifacts=$(sed -n 's/^.*Test unit written to \(.*\)$/\1/p' "$log")
    if [[ -z "$artifacts" ]]; then
        echo "error: $target exited with status $status without writing a crash input." \
             "See the end of $log:" >&2
        tail -n 20 "$log" >&2
        return 1
    fi
    grep -E '^(==[0-9]+==ERROR|SUMMARY|invariant failed|terminate called)' "$log" >&2 || true
    local artifact
    while IFS= read -r artifact; do
        echo "FOUND by $target: $artifact" >&2
        echo "  keep it as a regression test with:" >&2
        echo "  cp '$artifact' '$INITLAB_ROOT/tests/fuzz/regressions/$target/'" >&2
    done <<<"$artifacts"
    return 1
}

summary=()
failed=0
for target in "${FUZZ_TARGETS[@]}"; do
    run_fuzzer "$target" || failed=1
done

echo "== Executions and coverage (cov: code edges, ft: features)"
printf '%s\n' "${summary[@]}"
if (( failed )); then
    echo "error: at least one fuzzer failed. Its inputs and the commands to keep them are" \
         "listed above." >&2
fi
exit "$failed"
