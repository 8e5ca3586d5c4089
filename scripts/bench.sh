#!/usr/bin/env bash
# Builds the release preset and runs every benchmark in full, then the NumPy and PyTorch
# comparison, printing each result. docs/benchmarks.md records these results. A full pass takes
# about an hour on 2 cores (an estimate), most of it in the 10,000,000-iteration runs.
#
# Usage: scripts/bench.sh [--repeats N]   (timed runs per benchmark, default 5)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

repeats=5
while (( $# > 0 )); do
    case "$1" in
        --repeats) repeats="$2"; shift 2 ;;
        -h|--help) sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench.sh: unknown option '$1'; see --help" >&2; exit 2 ;;
    esac
done

initlab_install_packages
cmake --preset default -S "$INITLAB_ROOT"
cmake --build "$INITLAB_BUILD" -j2 --target initlab-cli bench_training bench_chart bench_window \
    bench_figure

benchmarks="$INITLAB_BUILD/tests/benchmarks"
export QT_QPA_PLATFORM=offscreen

# Prints the machine, as docs/benchmarks.md records it.
echo "== machine"
echo "cores: $(nproc), CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)," \
     "OS: $(. /etc/os-release && echo "$PRETTY_NAME"), compiler: $(g++ -dumpfullversion)," \
     "Qt: $(qtpaths6 --qt-version 2>/dev/null || echo unknown)"
echo "load average at start: $(cut -d ' ' -f 1-3 /proc/loadavg)"

# Prints a heading with the command, then runs it.
run() {
    echo
    echo "== $*"
    "$@"
}

run "$benchmarks/bench_training" --repeats "$repeats"
run "$INITLAB_ROOT/tests/benchmarks/bench_cli_memory.sh" --repeats "$repeats" \
    --cli "$INITLAB_BUILD/app/initlab-cli"
run "$benchmarks/bench_window" --iterations 10000000 --repeats "$repeats"
run "$benchmarks/bench_window" --repeats "$repeats"
run "$benchmarks/bench_chart" --repeats "$repeats"
run "$benchmarks/bench_chart" --scale --repeats "$repeats"
run "$benchmarks/bench_figure" --repeats "$repeats"
run /usr/bin/python3 "$INITLAB_ROOT/tests/benchmarks/reference_training.py" \
    --repeats "$repeats" --cli "$INITLAB_BUILD/app/initlab-cli"
echo
echo "load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg)"
