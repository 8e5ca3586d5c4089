#!/usr/bin/env bash
# Installs missing packages, builds InitLab and trains the default preset headless, writing its
# history, weights and full configuration to build/run-output/. Extra arguments are passed to
# `initlab-cli train`, for example: scripts/run.sh --preset four-neuron-spikes
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

initlab_install_packages
initlab_build

output="$INITLAB_ROOT/build/run-output"
mkdir -p "$output"
"$INITLAB_BUILD/app/initlab-cli" train \
    --csv "$output/history.csv" \
    --weights "$output/weights.json" \
    --save-config "$output/config.json" \
    "$@"
echo "Outputs are in $output"
