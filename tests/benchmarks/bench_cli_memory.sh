#!/usr/bin/env bash
# Peak memory and time of a long headless run: initlab-cli trains the default preset for
# 10,000,000 iterations, measured with GNU time's "Maximum resident set size". Prints each run
# and the medians, and exits non-zero when a run's peak resident memory exceeds the limit.
#
# Usage: bench_cli_memory.sh [--cli PATH] [--iterations N] [--repeats N] [--limit-mb MB] [--quick]
# --quick trains 100,000 iterations once, as a smoke test.
set -euo pipefail

cli="$(dirname "${BASH_SOURCE[0]}")/../../build/release/app/initlab-cli"
iterations=10000000
repeats=5
limit_mb=400

while (( $# > 0 )); do
    case "$1" in
        --cli) cli="$2"; shift 2 ;;
        --iterations) iterations="$2"; shift 2 ;;
        --repeats) repeats="$2"; shift 2 ;;
        --limit-mb) limit_mb="$2"; shift 2 ;;
        --quick) iterations=100000; repeats=1; shift ;;
        -h|--help) sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench_cli_memory.sh: unknown option '$1'; see --help" >&2; exit 2 ;;
    esac
done

if [[ ! -x /usr/bin/time ]]; then
    echo "bench_cli_memory.sh: /usr/bin/time not found; install the Debian package 'time'" >&2
    exit 1
fi
if [[ ! -x "$cli" ]]; then
    echo "bench_cli_memory.sh: initlab-cli not found at '$cli'; build the release preset or" \
         "give its path with --cli" >&2
    exit 1
fi

# Prints the median of the numbers given as arguments.
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
        END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

log=$(mktemp)
trap 'rm -f "$log" "$log.out"' EXIT

echo "initlab-cli train --preset default --set training.iterations=$iterations, $repeats run(s)"
printf '%-4s %12s %12s %14s %12s\n' run "wall s" "train s" "iterations/s" "peak RSS MB"
walls=() trains=() rates=() peaks=()
status=0
for (( run = 1; run <= repeats; ++run )); do
    /usr/bin/time -v -o "$log" "$cli" train --preset default \
        --set "training.iterations=$iterations" > "$log.out"
    # GNU time prints the elapsed time as h:mm:ss or m:ss.ss.
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
        for (i = 1; i <= n; ++i) s = s * 60 + p[i]; print s }' "$log")
    peak_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
    # initlab-cli's summary: "default: N iterations in S s (R iterations/s), final MSE ...".
    train=$(sed -n 's/.* iterations in \([0-9.]*\) s .*/\1/p' "$log.out")
    rate=$(awk -v n="$iterations" -v s="$train" 'BEGIN { printf "%.0f", n / s }')
    peak=$(awk -v kb="$peak_kb" 'BEGIN { printf "%.1f", kb * 1024 / 1e6 }')
    printf '%-4d %12.2f %12.3f %14s %12s\n' "$run" "$wall" "$train" "$rate" "$peak"
    walls+=("$wall") trains+=("$train") rates+=("$rate") peaks+=("$peak")
    if awk -v p="$peak" -v l="$limit_mb" 'BEGIN { exit !(p > l) }'; then
        echo "bench_cli_memory.sh: run $run peaked at $peak MB, above the limit of" \
             "$limit_mb MB" >&2
        status=1
    fi
done
rm -f "$log.out"
printf '%-4s %12.2f %12.3f %14.0f %12.1f\n' med "$(median "${walls[@]}")" \
    "$(median "${trains[@]}")" "$(median "${rates[@]}")" "$(median "${peaks[@]}")"
echo "(MB = 1,000,000 bytes; train s is the training loop alone, as initlab-cli reports it)"
exit $status
