# Shared steps of run.sh and test.sh: install missing Debian packages, configure and build.
# Source this file; it defines functions and sets INITLAB_ROOT and INITLAB_BUILD.

INITLAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
INITLAB_BUILD="$INITLAB_ROOT/build/release"

# Debian 12 packages needed to build, test and run InitLab. Qt Charts' CMake files need Qt6OpenGL,
# which comes with libqt6opengl6-dev, only a recommendation of qt6-base-dev.
INITLAB_PACKAGES=(
    cmake make g++
    qt6-base-dev qt6-charts-dev qt6-svg-dev libeigen3-dev
    libqt6opengl6-dev libgl-dev
    fonts-dejavu-core
)
# Only the tests need these: clang and its runtime libraries build the libFuzzer targets, and
# /usr/bin/time measures the peak memory of a headless run.
INITLAB_TEST_PACKAGES=(
    clang libclang-rt-14-dev
    time
)

# Prints each of the packages given that is not installed.
initlab_missing_packages() {
    local package status
    for package in "$@"; do
        status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
        if [[ "$status" != "install ok installed" ]]; then
            printf '%s\n' "$package"
        fi
    done
}

# Installs what is missing of INITLAB_PACKAGES and of the packages given, when running as root;
# otherwise prints the command and fails.
initlab_install_packages() {
    local wanted=("${INITLAB_PACKAGES[@]}" "$@")
    if ! command -v dpkg-query >/dev/null; then
        echo "error: dpkg-query not found; InitLab's scripts expect Debian 12. Install the" \
             "equivalents of: ${wanted[*]}" >&2
        return 1
    fi
    local missing
    mapfile -t missing < <(initlab_missing_packages "${wanted[@]}")
    if (( ${#missing[@]} == 0 )); then
        return 0
    fi
    if (( EUID != 0 )); then
        echo "error: missing Debian packages: ${missing[*]}" >&2
        echo "Install them as root, then run this script again:" >&2
        echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
        return 1
    fi
    echo "Installing ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

# Configures and builds the release preset. Arguments go to cmake --build, such as --target NAME.
initlab_build() {
    cmake --preset default -S "$INITLAB_ROOT"
    cmake --build "$INITLAB_BUILD" -j2 "$@"
}
