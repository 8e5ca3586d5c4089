#!/usr/bin/env bash
# Builds initlab-cli and runs every command of docs/figures.md that writes an image into
# docs/images, so that the images and the commands shown beside them stay in step.
# A command is a line of a ```sh block starting with "initlab-cli figure", with the lines that
# follow it after a trailing backslash.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

initlab_install_packages
cmake --preset default -S "$INITLAB_ROOT"
cmake --build "$INITLAB_BUILD" -j2 --target initlab-cli

initlab-cli() {
    "$INITLAB_BUILD/app/initlab-cli" "$@"
}

mapfile -t commands < <(awk '
    /^```sh/ { block = 1; next }
    /^```/ { block = 0; next }
    block && command != "" {
        line = $0
        sub(/^ +/, "", line)
        command = command " " line
    }
    block && command == "" && /^initlab-cli figure / { command = $0 }
    command != "" && command !~ /\\$/ {
        if (command ~ /docs\/images\//) print command
        command = ""
    }
    { sub(/ *\\$/, "", command) }
' "$INITLAB_ROOT/docs/figures.md")

if (( ${#commands[@]} == 0 )); then
    echo "error: docs/figures.md has no initlab-cli figure command writing to docs/images" >&2
    exit 1
fi
cd "$INITLAB_ROOT"
for command in "${commands[@]}"; do
    echo "\$ $command"
    eval "$command"
done
