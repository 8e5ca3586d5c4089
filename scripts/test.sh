#!/usr/bin/env bash
# Installs missing packages, builds InitLab and runs every check:
#   release  the whole test suite in the optimized build
#   asan     the whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer
#   tsan     the tests that drive several threads, under ThreadSanitizer
#   fuzz     each parser fuzzed with libFuzzer for a fixed time (INITLAB_FUZZ_SECONDS, default 20)
# With arguments, runs only the named checks, in the order given: scripts/test.sh release tsan
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

checks=("$@")
if (( ${#checks[@]} == 0 )); then
    checks=(release asan tsan fuzz)
fi
for check in "${checks[@]}"; do
    case "$check" in
        release|asan|tsan|fuzz) ;;
        *)
            echo "error: unknown check \"$check\"; choose from release, asan, tsan and fuzz" >&2
            exit 2
            ;;
    esac
done

initlab_install_packages "${INITLAB_TEST_PACKAGES[@]}"

# Runs one check and records how long it took.
summary=()
run_check() {
    local name=$1 started=$SECONDS
    shift
    echo "=== $name"
    "$@"
    summary+=("$name: $((SECONDS - started)) s")
}

check_release() {
    initlab_build
    QT_QPA_PLATFORM=offscreen ctest --test-dir "$INITLAB_BUILD" --output-on-failure --timeout 600 -j2
}

# The sanitizers stop a test at their first report, so a report fails the run.
check_asan() {
    cmake --preset asan -S "$INITLAB_ROOT"
    cmake --build --preset asan
    (cd "$INITLAB_ROOT" && ctest --preset asan --timeout 900 -j2)
}

check_tsan() {
    cmake --preset tsan -S "$INITLAB_ROOT"
    cmake --build --preset tsan
    (cd "$INITLAB_ROOT" && ctest --preset tsan --timeout 900)
}

check_fuzz() {
    "$INITLAB_ROOT/scripts/fuzz.sh" "${INITLAB_FUZZ_SECONDS:-20}"
}

for check in "${checks[@]}"; do
    run_check "$check" "check_$check"
done
printf '%s\n' "=== all checks passed" "${summary[@]}"
