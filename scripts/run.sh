#!/usr/bin/env bash
# Installs missing packages, builds InitLab and opens the desktop window on the default preset.
# Extra arguments go to `initlab`, for example: scripts/run.sh --preset four-neuron-spikes
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

initlab_install_packages
# The two programs only, because scripts/test.sh builds the test programs.
initlab_build --target initlab initlab-cli

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]]; then
    cat >&2 <<MESSAGE
run.sh: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open.
Start it from a desktop session, or under a virtual display with: xvfb-run scripts/run.sh
Training without a window: $INITLAB_BUILD/app/initlab-cli train --preset default
MESSAGE
    exit 1
fi
exec "$INITLAB_BUILD/app/initlab" "$@"
