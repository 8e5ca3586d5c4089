#!/usr/bin/env bash
# Builds initlab-cli and initlab and runs every command of docs/figures.md and docs/classroom.md
# that writes an image into docs/images, so that the images and the commands shown beside them
# stay in step. A command is a line of a ```sh block starting with "initlab-cli figure" or
# "QT_QPA_PLATFORM=offscreen initlab ", with the lines that follow it after a trailing backslash.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

initlab_install_packages
cmake --preset default -S "$INITLAB_ROOT"
cmake --build "$INITLAB_BUILD" -j2 --target initlab-cli initlab

initlab-cli() {
    "$INITLAB_BUILD/app/initlab-cli" "$@"
}

initlab() {
    "$INITLAB_BUILD/app/initlab" "$@"
}

mapfile -t commands < <(awk '
    /^```sh/ { block = 1; next }
    /^```/ { block = 0; next }
    block && command != "" {
        line = $0
        sub(/^ +/, "", line)
        command = command " " line
    }
    block && command == "" && /^(initlab-cli figure|QT_QPA_PLATFORM=offscreen initlab) / { command = $0 }
    command != "" && command !~ /\\$/ {
        if (command ~ /docs\/images\//) print command
        command = ""
    }
    { sub(/ *\\$/, "", command) }
' "$INITLAB_ROOT/docs/figures.md" "$INITLAB_ROOT/docs/classroom.md")

if (( ${#commands[@]} == 0 )); then
    echo "error: docs/figures.md and docs/classroom.md have no command writing to docs/images" >&2
    exit 1
fi
cd "$INITLAB_ROOT"
for command in "${commands[@]}"; do
    echo "\$ $command"
    eval "$command"
done
