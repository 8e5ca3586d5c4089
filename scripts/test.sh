#!/usr/bin/env bash
# Installs missing packages, builds InitLab and runs every test with CTest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

initlab_install_packages
initlab_build
QT_QPA_PLATFORM=offscreen ctest --test-dir "$INITLAB_BUILD" --output-on-failure --timeout 600
